//! Comment moderation (editors and admins).

use crate::error::AppError;
use crate::model::{Decision, ModerationQueue};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Comments per page of the queue.
pub const QUEUE_PAGE: u32 = 25;

/// A page of one tab of the moderation queue (`pending`, `approved`, `reported`, `spam`,
/// `trash`).
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "moderation_queue")]
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
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "moderate_comment")]
pub async fn moderate_comment(id: i64, decision: Decision) -> Result<(), AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let shown_on = crate::cache::comment_shown_on(&state, id).await;
    if !crate::db::moderation::decide(&state.pool, id, decision).await? {
        return Err(AppError::NotFound);
    }
    crate::cache::comment_changed(&state, id, shown_on).await;
    tracing::info!(
        comment = id,
        ?decision,
        moderator = user.id,
        "comment moderated"
    );
    Ok(())
}

/// The same decision for many comments (the queue's ticked ones).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "moderate_comments")]
pub async fn moderate_comments(
    decision: Decision,
    #[server(default)] ids: Vec<i64>,
) -> Result<String, AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    if ids.is_empty() {
        return Err(AppError::validation(
            "ids",
            "Tick the comments to act on first.",
        ));
    }
    if ids.len() > 200 {
        return Err(AppError::validation("ids", "At most 200 comments at once."));
    }
    let state = crate::state::app_state()?;
    let mut done = 0;
    for id in &ids {
        let shown_on = crate::cache::comment_shown_on(&state, *id).await;
        if crate::db::moderation::decide(&state.pool, *id, decision).await? {
            crate::cache::comment_changed(&state, *id, shown_on).await;
            done += 1;
        }
    }
    tracing::info!(
        comments = done,
        ?decision,
        moderator = user.id,
        "comments moderated"
    );
    Ok(format!(
        "Done: {done} comment{}.",
        if done == 1 { "" } else { "s" }
    ))
}

/// Stops a reader from commenting for `days` (0: for good); with `hide`, their approved and
/// held comments go to the trash.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "ban_commenter")]
pub async fn ban_commenter(
    user_id: i64,
    days: u32,
    hide: Option<String>,
) -> Result<String, AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    if days > 3650 {
        return Err(AppError::validation(
            "days",
            "Choose a length from the list.",
        ));
    }
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let until = (days > 0).then(|| now + i64::from(days) * crate::domain::SECONDS_PER_DAY);
    let hide = hide.is_some_and(|v| !v.is_empty() && v != "false");
    let (name, hidden) =
        crate::db::moderation::ban(&state.pool, user_id, until, hide, user.id, now)
            .await?
            .ok_or_else(|| AppError::validation("user_id", "Only readers can be banned."))?;
    if hidden > 0 {
        // Their comments may be on any page.
        state.cache.purge_all();
    }
    let length = match until {
        Some(t) => format!("until {}", crate::domain::editorial::long_datetime(t)),
        None => "for good".to_string(),
    };
    crate::api::audit(
        &user,
        "ban",
        &format!("user {user_id}: {name}"),
        &format!(
            "{length}{}",
            if hide {
                format!("; {hidden} comments hidden")
            } else {
                String::new()
            }
        ),
    )
    .await?;
    Ok(format!(
        "{name} cannot comment {length}.{}",
        if hide {
            format!(" {hidden} of their comments were hidden.")
        } else {
            String::new()
        }
    ))
}

/// Lifts a ban.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "unban_commenter")]
pub async fn unban_commenter(user_id: i64) -> Result<(), AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ModerateComments).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    if !crate::db::moderation::unban(&state.pool, user_id).await? {
        return Err(AppError::NotFound);
    }
    crate::api::audit(&user, "unban", &format!("user {user_id}"), "").await?;
    Ok(())
}
