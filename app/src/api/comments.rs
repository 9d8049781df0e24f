use crate::error::AppError;
use crate::model::Comment;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Anyone: the approved comments on a published article, oldest first.
#[server(input = GetUrl, prefix = "/api", endpoint = "list_comments")]
pub async fn list_comments(article_id: i64) -> Result<Vec<Comment>, AppError> {
    use crate::db;
    let state = crate::state::app_state()?;
    if !db::comments::article_is_visible(&state.pool, article_id, db::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(db::comments::approved_for(&state.pool, article_id).await?)
}
