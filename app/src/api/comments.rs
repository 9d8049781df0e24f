//! Comments: the thread, and posting, editing, deleting and reporting. Logged-in readers
//! only (except reading); each function checks the rules itself.

use crate::error::AppError;
use crate::model::{CommentSaved, CommentThread};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Anyone: the thread on a published article as the asking reader sees it.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "comment_thread")]
pub async fn get_comment_thread(article_id: i64) -> Result<CommentThread, AppError> {
    use crate::db;
    let state = crate::state::app_state()?;
    let now = db::now();
    let open = db::comments::article_comments_open(&state.pool, article_id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = crate::auth::current_user().await?;
    if viewer.is_some() {
        crate::api::no_store();
    }
    Ok(db::comments::thread(
        &mut *state.pool.acquire().await?,
        article_id,
        open,
        viewer.map(|u| (u.id, u.display_name)),
        now,
    )
    .await?)
}

#[cfg(feature = "ssr")]
fn refused(refusal: crate::db::comments::Refusal) -> AppError {
    use crate::db::comments::Refusal;
    match refusal {
        Refusal::TooSoon(wait) => AppError::RateLimited {
            retry_after: wait as u64,
            message: format!(
                "You are commenting quickly. Please wait {} and post again; your comment is still here.",
                crate::domain::accounts::wait_words(wait as u64)
            ),
        },
        Refusal::NoArticle | Refusal::NoComment => AppError::NotFound,
        Refusal::NotYours => AppError::Forbidden,
        Refusal::Banned(_) => AppError::validation("body", refusal.to_string()),
        Refusal::Closed => AppError::validation("body", refusal.to_string()),
        Refusal::NoParent | Refusal::TooDeep => AppError::validation("parent_id", refusal.to_string()),
        Refusal::TooLate => AppError::validation("body", refusal.to_string()),
    }
}

/// For a plain form post: back to the article at the comment.
#[cfg(feature = "ssr")]
async fn back_to(article_id: i64, anchor: &str) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    if let Some(url) = crate::db::articles::permalink(&state.pool, article_id).await? {
        crate::auth::redirect_form_post(&format!("{url}#{anchor}"));
    }
    Ok(())
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    article_id: i64,
    parent_id: Option<i64>,
    body: String,
) -> Result<CommentSaved, AppError> {
    use crate::db;
    use crate::domain::comment_text::{check_comment, count_links};
    let user = crate::auth::require_user().await?;
    crate::api::no_store();
    let body = check_comment(&body).map_err(|m| AppError::validation("body", m))?;
    let state = crate::state::app_state()?;
    let new = db::comments::NewComment {
        article_id,
        user_id: user.id,
        parent_id,
        body: &body,
        links: count_links(&body),
        trusted: user.is_staff(),
    };
    let saved = db::comments::post(&state.pool, new, db::now())
        .await?
        .map_err(refused)?;
    // A comment held for a moderator is shown to its author only.
    if !saved.held {
        state.cache.purge([crate::cache::tag::article(article_id)]);
    }
    back_to(article_id, &format!("comment-{}", saved.id)).await?;
    Ok(saved)
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "edit_comment")]
pub async fn edit_comment(id: i64, body: String) -> Result<CommentSaved, AppError> {
    use crate::db;
    use crate::domain::comment_text::{check_comment, count_links};
    let user = crate::auth::require_user().await?;
    crate::api::no_store();
    let body = check_comment(&body).map_err(|m| AppError::validation("body", m))?;
    let state = crate::state::app_state()?;
    let links = count_links(&body);
    let shown_on = crate::cache::comment_shown_on(&state, id).await;
    let saved = db::comments::edit(
        &state.pool,
        id,
        user.id,
        &body,
        links,
        user.is_staff(),
        db::now(),
    )
    .await?
    .map_err(refused)?;
    crate::cache::comment_changed(&state, id, shown_on).await;
    if let Some(article) = db::comments::article_of(&state.pool, id).await? {
        back_to(article, &format!("comment-{id}")).await?;
    }
    Ok(saved)
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "delete_comment")]
pub async fn delete_comment(id: i64) -> Result<(), AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let article = db::comments::article_of(&state.pool, id).await?;
    let shown_on = crate::cache::comment_shown_on(&state, id).await;
    db::comments::delete_own(&state.pool, id, user.id, db::now())
        .await?
        .map_err(refused)?;
    crate::cache::comment_changed(&state, id, shown_on).await;
    if let Some(article) = article {
        back_to(article, "comments").await?;
    }
    Ok(())
}

/// Flags a comment for the moderators.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "report_comment")]
pub async fn report_comment(id: i64) -> Result<(), AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    db::comments::report(&state.pool, id, user.id, db::now())
        .await?
        .map_err(refused)?;
    tracing::info!(comment = id, user = user.id, "comment reported");
    if let Some(article) = db::comments::article_of(&state.pool, id).await? {
        back_to(article, &format!("comment-{id}")).await?;
    }
    Ok(())
}
