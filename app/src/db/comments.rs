//! Reader comments.

use crate::model::Comment;
use sqlx::{Row, SqlitePool};

/// Approved comments on an article, oldest first (replies carry their parent's id).
pub async fn approved_for(pool: &SqlitePool, article_id: i64) -> Result<Vec<Comment>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.parent_id, c.body, c.created_at, u.display_name \
         FROM comments c JOIN users u ON u.id = c.user_id \
         WHERE c.article_id = ? AND c.status = 'approved' \
         ORDER BY c.created_at, c.id",
    )
    .bind(article_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Comment {
                id: r.try_get("id")?,
                parent_id: r.try_get("parent_id")?,
                author_name: r.try_get("display_name")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Whether a published, visible article with this id exists.
pub async fn article_is_visible(
    pool: &SqlitePool,
    article_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM articles WHERE id = ? AND status = 'published' \
         AND published_at <= ?)",
    )
    .bind(article_id)
    .bind(now)
    .fetch_one(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn only_approved_comments_are_listed_in_order(pool: SqlitePool) {
        let comments = approved_for(&pool, 1).await.unwrap();
        let bodies: Vec<_> = comments.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(bodies, ["First approved", "A reply"]);
        assert_eq!(comments[1].parent_id, Some(1));
        assert_eq!(comments[0].author_name, "Rita Reader");
    }
}
