//! The dashboard's front page and the audit log.

use crate::error::AppError;
use crate::model::{AuditPage, DashboardHome};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub const LOG_PAGE: u32 = 50;

/// What needs doing, what just happened, and the publishing rhythm.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<DashboardHome, AppError> {
    use crate::db::{editorial, moderation};
    use crate::domain::editorial::may_edit;
    use crate::domain::roles::{Capability, Role};
    use crate::model::{ArticleFilter, Tab};
    let user = crate::api::access::require(Capability::ViewDashboard).await?;
    crate::api::no_store();
    let role = Role::parse(&user.role).ok_or(AppError::Forbidden)?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let filter = |status: &str, sort: &str| ArticleFilter {
        status: Some(status.into()),
        sort: Some(sort.into()),
        ..Default::default()
    };
    let editable = |rows: Vec<(crate::model::ArticleRow, i64)>| {
        rows.into_iter()
            .map(|(mut row, author)| {
                row.editable = may_edit(role, user.id, author, row.status);
                row
            })
            .collect::<Vec<_>>()
    };
    let (pending, pending_total) =
        editorial::list(&state.pool, &filter("pending", "updated"), now, 10, 0).await?;
    let (recent, _) =
        editorial::list(&state.pool, &filter("published", "published"), now, 8, 0).await?;
    let can_moderate = role.can(Capability::ModerateComments);
    let (comments_pending, comments_reported) = if can_moderate {
        (
            moderation::count(&state.pool, Tab::Pending).await?,
            moderation::count(&state.pool, Tab::Reported).await?,
        )
    } else {
        (0, 0)
    };
    let log = if role.can(Capability::EditOthers) {
        crate::db::audit::recent(&state.pool, 8, 0).await?.0
    } else {
        Vec::new()
    };
    Ok(DashboardHome {
        pending: editable(pending),
        pending_total,
        comments_pending,
        comments_reported,
        can_moderate,
        recent: editable(recent),
        weekly: editorial::published_per_week(&state.pool, now, 12).await?,
        log,
        now,
    })
}

/// The audit log, newest first (editors and admins).
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "audit_log")]
pub async fn get_audit_log(page: Option<u32>) -> Result<AuditPage, AppError> {
    crate::api::access::require(crate::domain::roles::Capability::EditOthers).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).max(1);
    let (entries, total) = crate::db::audit::recent(
        &state.pool,
        LOG_PAGE,
        u64::from(page - 1) * u64::from(LOG_PAGE),
    )
    .await?;
    Ok(AuditPage {
        entries,
        page,
        total_pages: (total.div_ceil(u64::from(LOG_PAGE)) as u32).max(1),
        now: crate::db::now(),
    })
}
