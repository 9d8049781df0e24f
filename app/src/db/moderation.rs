//! The comment moderation queue.

use crate::domain::Date;
use crate::model::{Decision, QueuedComment, Tab};
use sqlx::{Row, SqlitePool};

/// The rows a tab holds.
fn condition(tab: Tab) -> &'static str {
    match tab {
        Tab::Pending => "c.status = 'pending'",
        Tab::Approved => "c.status = 'approved'",
        Tab::Reported => {
            "c.status <> 'trash' AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id)"
        }
        Tab::Spam => "c.status = 'spam'",
        Tab::Trash => "c.status = 'trash' AND c.body <> ''",
    }
}

/// One page of a tab, newest first, and how many comments the tab holds.
pub async fn queue(
    pool: &SqlitePool,
    tab: Tab,
    limit: u32,
    offset: u32,
) -> Result<(Vec<QueuedComment>, u64), sqlx::Error> {
    let condition = condition(tab);
    let sql = format!(
        "SELECT c.id, c.user_id, u.display_name, c.body, c.status, c.created_at, \
         EXISTS(SELECT 1 FROM comment_bans b WHERE b.user_id = c.user_id \
           AND (b.until IS NULL OR b.until > ?)) AS banned, \
         (SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = c.id) AS reports, \
         a.title, a.slug, a.status AS article_status, a.published_at, \
         pu.display_name AS parent_author, p.body AS parent_body \
         FROM comments c JOIN users u ON u.id = c.user_id JOIN articles a ON a.id = c.article_id \
         LEFT JOIN comments p ON p.id = c.parent_id LEFT JOIN users pu ON pu.id = p.user_id \
         WHERE {condition} ORDER BY c.created_at DESC, c.id DESC LIMIT +? OFFSET ?"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(crate::db::now())
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let published: Option<i64> = r.try_get("published_at")?;
            let article_status: String = r.try_get("article_status")?;
            let slug: String = r.try_get("slug")?;
            let url = match published {
                Some(at) if article_status == "published" => {
                    format!("{}/{slug}#comment-{id}", Date::from_timestamp(at).path())
                }
                _ => String::new(),
            };
            Ok(QueuedComment {
                id,
                user_id: r.try_get("user_id")?,
                author_name: r.try_get("display_name")?,
                banned: r.try_get("banned")?,
                body: r.try_get("body")?,
                status: r.try_get("status")?,
                created_at: r.try_get("created_at")?,
                reports: r.try_get::<i64, _>("reports")? as u32,
                article_title: r.try_get("title")?,
                url,
                in_reply_to: match (
                    r.try_get::<Option<String>, _>("parent_author")?,
                    r.try_get::<Option<String>, _>("parent_body")?,
                ) {
                    (Some(author), Some(body)) => Some((author, body.chars().take(300).collect())),
                    _ => None,
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((items, count(pool, tab).await?))
}

/// How many comments a tab holds.
pub async fn count(pool: &SqlitePool, tab: Tab) -> Result<u64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM comments c WHERE {}", condition(tab));
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(pool)
        .await?;
    Ok(total as u64)
}

/// Applies a decision; approving or dismissing also clears the comment's reports. Returns
/// whether the comment exists.
pub async fn decide(pool: &SqlitePool, id: i64, decision: Decision) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM comments WHERE id = ?)")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        return Ok(false);
    }
    let status = match decision {
        Decision::Approve => Some("approved"),
        Decision::Hold => Some("pending"),
        Decision::Spam => Some("spam"),
        Decision::Trash => Some("trash"),
        Decision::Dismiss => None,
    };
    if let Some(status) = status {
        sqlx::query("UPDATE comments SET status = ? WHERE id = ?")
            .bind(status)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if matches!(decision, Decision::Approve | Decision::Dismiss) {
        sqlx::query("DELETE FROM comment_reports WHERE comment_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Bans a commenter until `until` (None: for good); with `hide`, their approved and held
/// comments go to the trash. Returns their name and how many comments were hidden, or None
/// for no such reader. Staff cannot be banned.
pub async fn ban(
    pool: &SqlitePool,
    user_id: i64,
    until: Option<i64>,
    hide: bool,
    by: i64,
    now: i64,
) -> Result<Option<(String, u64)>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT display_name FROM users WHERE id = ? AND role = 'reader'")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(name) = name else { return Ok(None) };
    sqlx::query(
        "INSERT OR REPLACE INTO comment_bans (user_id, until, created_by, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(until)
    .bind(by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let hidden = if hide {
        sqlx::query("UPDATE comments SET status = 'trash' WHERE user_id = ? AND status IN ('approved', 'pending')")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    } else {
        0
    };
    tx.commit().await?;
    Ok(Some((name, hidden)))
}

/// Lifts a ban. Returns whether there was one.
pub async fn unban(pool: &SqlitePool, user_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM comment_bans WHERE user_id = ?")
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn tabs_hold_what_they_say_and_decisions_move_comments(pool: SqlitePool) {
        let ids = |items: Vec<QueuedComment>| items.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(queue(&pool, Tab::Pending, 10, 0).await.unwrap().0), [3]);
        assert_eq!(ids(queue(&pool, Tab::Spam, 10, 0).await.unwrap().0), [4]);
        let (approved, total) = queue(&pool, Tab::Approved, 1, 0).await.unwrap();
        assert_eq!(
            approved[0].in_reply_to,
            Some(("Rita Reader".to_string(), "First approved".to_string())),
            "a reply comes with the comment it answers"
        );
        assert_eq!(
            (ids(approved), total),
            (vec![2], 2),
            "newest first, counted"
        );
        sqlx::query("INSERT INTO comment_reports VALUES (1, 3, 0)")
            .execute(&pool)
            .await
            .unwrap();
        let (reported, _) = queue(&pool, Tab::Reported, 10, 0).await.unwrap();
        assert_eq!((reported[0].id, reported[0].reports), (1, 1));
        assert!(
            reported[0].url.ends_with("#comment-1"),
            "{}",
            reported[0].url
        );

        assert!(decide(&pool, 3, Decision::Approve).await.unwrap());
        assert!(queue(&pool, Tab::Pending, 10, 0)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(decide(&pool, 1, Decision::Dismiss).await.unwrap());
        assert!(queue(&pool, Tab::Reported, 10, 0)
            .await
            .unwrap()
            .0
            .is_empty());
        assert!(decide(&pool, 2, Decision::Trash).await.unwrap());
        assert_eq!(ids(queue(&pool, Tab::Trash, 10, 0).await.unwrap().0), [2]);
        assert!(!decide(&pool, 999, Decision::Spam).await.unwrap());
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_ban_stops_comments_until_it_ends_and_can_hide_the_old_ones(pool: SqlitePool) {
        use crate::db::comments::{post, NewComment, Refusal};
        const NOW: i64 = 1_780_272_000;
        let new = NewComment {
            article_id: 1,
            user_id: 3,
            parent_id: None,
            body: "Again",
            links: 0,
            trusted: false,
        };
        // Staff cannot be banned; Rita (a reader) can, for a day, hiding her comments.
        assert_eq!(ban(&pool, 1, None, false, 2, NOW).await.unwrap(), None);
        let (name, hidden) = ban(&pool, 3, Some(NOW + 86_400), true, 2, NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(name, "Rita Reader");
        assert_eq!(hidden, 3, "two approved and one held");
        assert_eq!(count(&pool, Tab::Approved).await.unwrap(), 0);
        assert_eq!(
            post(&pool, new.clone(), NOW + 60).await.unwrap(),
            Err(Refusal::Banned(Some(NOW + 86_400)))
        );
        // The ban ends by itself.
        assert!(post(&pool, new.clone(), NOW + 86_400)
            .await
            .unwrap()
            .is_ok());
        ban(&pool, 3, None, false, 2, NOW).await.unwrap();
        assert_eq!(
            post(&pool, new.clone(), NOW + 100_000).await.unwrap(),
            Err(Refusal::Banned(None))
        );
        assert!(unban(&pool, 3).await.unwrap());
        assert!(post(&pool, new, NOW + 100_100).await.unwrap().is_ok());
    }
}
