//! Comment moderation (editors and admins).

use crate::error::AppError;
use crate::model::{Decision, ModerationQueue};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Comments per page of the queue.
pub const QUEUE_PAGE: u32 = 25;

/// A page of one tab of the moderation queue (`pending`, `approved`, `reported`, `spam`,
/// `trash`).
#[server(input = GetUrl, prefix = "/api", endpoint = "moderation_queue")]
pub async fn get_moderation_queue(
    tab: String,
    page: Option<u32>,
) -> Result<ModerationQueue, AppError> {
    use crate::db::moderation;
    use crate::model::Tab;
    crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let tab = Tab::parse(&tab).ok_or(AppError::NotFound)?;
    let page = page.unwrap_or(1).max(1);
    let (items, total) = moderation::queue(
        &state.pool,
        tab,
        QUEUE_PAGE,
        (page - 1).saturating_mul(QUEUE_PAGE),
    )
    .await?;
    let mut counts = Vec::new();
    for t in Tab::ALL {
        counts.push(if t == tab {
            total
        } else {
            moderation::count(&state.pool, t).await?
        });
    }
    Ok(ModerationQueue {
        tab,
        items,
        counts,
        page,
        total_pages: (total as u32).div_ceil(QUEUE_PAGE).max(1),
        now: crate::db::now(),
    })
}

/// Approves, holds, marks as spam, trashes, or dismisses the reports of a comment.
#[server(prefix = "/api", endpoint = "moderate_comment")]
pub async fn moderate_comment(id: i64, decision: Decision) -> Result<(), AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    if !crate::db::moderation::decide(&state.pool, id, decision).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        comment = id,
        ?decision,
        moderator = user.id,
        "comment moderated"
    );
    Ok(())
}
