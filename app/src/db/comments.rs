//! Reader comments: the thread a reader sees, and the rules for posting, editing, deleting
//! and reporting (checked inside `BEGIN IMMEDIATE` transactions, so two requests at once
//! cannot both pass a check and then both write).

use crate::model::{
    Comment, CommentSaved, CommentState, CommentThread, COMMENT_EDIT_WINDOW, COMMENT_MAX_DEPTH,
};
use sqlx::{Row, SqlitePool};

/// Seconds a reader waits between comments.
pub const COMMENT_INTERVAL: i64 = 15;

/// The thread on an article as `viewer` (a user id, if logged in) sees it: approved
/// comments, the viewer's own held ones, and placeholders for deleted comments with replies.
pub async fn thread(
    conn: &mut sqlx::SqliteConnection,
    article_id: i64,
    open: bool,
    viewer: Option<(i64, String)>,
    now: i64,
) -> Result<CommentThread, sqlx::Error> {
    let viewer_id = viewer.as_ref().map_or(0, |(id, _)| *id);
    let rows = sqlx::query(
        "SELECT c.id, c.parent_id, c.body, c.status, c.created_at, c.edited_at, \
         c.user_id = ?1 AS mine, u.display_name \
         FROM comments c JOIN users u ON u.id = c.user_id \
         WHERE c.article_id = ?2 AND (c.status = 'approved' \
           OR (c.status = 'pending' AND c.user_id = ?1) \
           OR (c.status = 'trash' AND EXISTS (SELECT 1 FROM comments r \
                WHERE r.parent_id = c.id AND r.status IN ('approved', 'pending')))) \
         ORDER BY c.created_at, c.id",
    )
    .bind(viewer_id)
    .bind(article_id)
    .fetch_all(&mut *conn)
    .await?;
    let comments = rows
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let state = match status.as_str() {
                "approved" => CommentState::Published,
                "pending" => CommentState::AwaitingModeration,
                _ => CommentState::Deleted,
            };
            let deleted = state == CommentState::Deleted;
            Ok(Comment {
                id: r.try_get("id")?,
                parent_id: r.try_get("parent_id")?,
                author_name: if deleted {
                    String::new()
                } else {
                    r.try_get("display_name")?
                },
                body: if deleted {
                    String::new()
                } else {
                    r.try_get("body")?
                },
                created_at: r.try_get("created_at")?,
                edited: r.try_get::<Option<i64>, _>("edited_at")?.is_some(),
                state,
                mine: r.try_get::<bool, _>("mine")? && !deleted,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let reported = if viewer_id == 0 {
        Vec::new()
    } else {
        sqlx::query_scalar(
            "SELECT r.comment_id FROM comment_reports r JOIN comments c ON c.id = r.comment_id \
             WHERE r.user_id = ? AND c.article_id = ?",
        )
        .bind(viewer_id)
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?
    };
    Ok(CommentThread {
        article_id,
        comments,
        open,
        viewer: viewer.map(|(_, name)| name),
        reported,
        now,
    })
}

/// Why a comment was not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("There is no such article.")]
    NoArticle,
    #[error("Comments are closed on this article.")]
    Closed,
    #[error("Please wait {0} seconds before posting again.")]
    TooSoon(i64),
    #[error("The comment you are replying to is not there any more.")]
    NoParent,
    #[error(
        "Replies can nest only {COMMENT_MAX_DEPTH} deep; reply to an earlier comment instead."
    )]
    TooDeep,
    #[error("That comment is not there any more.")]
    NoComment,
    /// Banned by a moderator, until a time (Unix seconds) or for good.
    #[error("A moderator has stopped this account from commenting{}.", match .0 { Some(t) => format!(" until {}", crate::domain::editorial::long_datetime(*t)), None => String::new() })]
    Banned(Option<i64>),
    #[error("You can only change your own comments.")]
    NotYours,
    #[error("Comments can be changed for 15 minutes after posting; this one can no longer be.")]
    TooLate,
}

/// A new comment by a reader.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub article_id: i64,
    pub user_id: i64,
    pub parent_id: Option<i64>,
    /// Already checked by `domain::comment_text::check_comment`.
    pub body: &'a str,
    pub links: usize,
    /// Staff comments are never held.
    pub trusted: bool,
}

/// Saves a comment, holding it for moderation when it is the reader's first or has two or
/// more links.
/// The ban on `user_id` at `now`, if any: `Some(until)` (None inside: for good).
pub async fn ban_of(
    tx: &mut super::seed::Tx<'_>,
    user_id: i64,
    now: i64,
) -> Result<Option<Option<i64>>, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as(
        "SELECT until FROM comment_bans WHERE user_id = ? AND (until IS NULL OR until > ?)",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(until,)| until))
}

pub async fn post(
    pool: &SqlitePool,
    new: NewComment<'_>,
    now: i64,
) -> Result<Result<CommentSaved, Refusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(until) = ban_of(&mut tx, new.user_id, now).await? {
        return Ok(Err(Refusal::Banned(until)));
    }
    let open: Option<bool> = sqlx::query_scalar(
        "SELECT comments_open FROM articles WHERE id = ? AND status = 'published' \
         AND published_at <= ?",
    )
    .bind(new.article_id)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    match open {
        None => return Ok(Err(Refusal::NoArticle)),
        Some(false) => return Ok(Err(Refusal::Closed)),
        Some(true) => {}
    }
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(created_at) FROM comments WHERE user_id = ?")
            .bind(new.user_id)
            .fetch_one(&mut *tx)
            .await?;
    if let Some(last) = last {
        let wait = last + COMMENT_INTERVAL - now;
        if wait > 0 {
            return Ok(Err(Refusal::TooSoon(wait)));
        }
    }
    if let Some(parent) = new.parent_id {
        // The parent must be visible to this reader on this article, and not too deep.
        let depth: Option<i64> = sqlx::query_scalar(
            "WITH RECURSIVE up(id, parent_id, depth) AS ( \
               SELECT id, parent_id, 1 FROM comments WHERE id = ?1 AND article_id = ?2 \
                 AND (status = 'approved' OR (status = 'pending' AND user_id = ?3)) \
               UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM comments p \
                 JOIN up ON p.id = up.parent_id WHERE up.depth < 10) \
             SELECT MAX(depth) FROM up",
        )
        .bind(parent)
        .bind(new.article_id)
        .bind(new.user_id)
        .fetch_one(&mut *tx)
        .await?;
        match depth {
            None => return Ok(Err(Refusal::NoParent)),
            Some(d) if d as usize >= COMMENT_MAX_DEPTH => return Ok(Err(Refusal::TooDeep)),
            Some(_) => {}
        }
    }
    let approved_before: bool = sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM comments WHERE user_id = ? AND status = 'approved')",
    )
    .bind(new.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let held = !new.trusted
        && (!approved_before || new.links >= crate::domain::comment_text::HOLD_AT_LINKS);
    let id = sqlx::query(
        "INSERT INTO comments (article_id, user_id, parent_id, body, status, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(new.article_id)
    .bind(new.user_id)
    .bind(new.parent_id)
    .bind(new.body)
    .bind(if held { "pending" } else { "approved" })
    .bind(now)
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    tx.commit().await?;
    Ok(Ok(CommentSaved { id, held }))
}

/// The comment's article, if `user_id` may still change it.
async fn own_recent(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    user_id: i64,
    now: i64,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT user_id, created_at, status FROM comments WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(match row {
        None => Err(Refusal::NoComment),
        Some((_, _, status)) if status == "trash" || status == "spam" => Err(Refusal::NoComment),
        Some((owner, _, _)) if owner != user_id => Err(Refusal::NotYours),
        Some((_, at, _)) if now - at >= COMMENT_EDIT_WINDOW => Err(Refusal::TooLate),
        Some(_) => Ok(()),
    })
}

/// Changes a reader's own comment within 15 minutes of posting. Edited to two or more
/// links, it waits for a moderator again.
pub async fn edit(
    pool: &SqlitePool,
    id: i64,
    user_id: i64,
    body: &str,
    links: usize,
    trusted: bool,
    now: i64,
) -> Result<Result<CommentSaved, Refusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(until) = ban_of(&mut tx, user_id, now).await? {
        return Ok(Err(Refusal::Banned(until)));
    }
    if let Err(refusal) = own_recent(&mut tx, id, user_id, now).await? {
        return Ok(Err(refusal));
    }
    let hold = !trusted && links >= crate::domain::comment_text::HOLD_AT_LINKS;
    sqlx::query(
        "UPDATE comments SET body = ?, edited_at = ?, \
         status = CASE WHEN ? THEN 'pending' ELSE status END WHERE id = ?",
    )
    .bind(body)
    .bind(now)
    .bind(hold)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let status: String = sqlx::query_scalar("SELECT status FROM comments WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(CommentSaved {
        id,
        held: status == "pending",
    }))
}

/// Deletes a reader's own comment within 15 minutes of posting. One that has replies stays
/// as an empty placeholder so the replies keep their place.
pub async fn delete_own(
    pool: &SqlitePool,
    id: i64,
    user_id: i64,
    now: i64,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    if let Err(refusal) = own_recent(&mut tx, id, user_id, now).await? {
        return Ok(Err(refusal));
    }
    sqlx::query(
        "UPDATE comments SET status = 'trash', body = '' WHERE id = ?1 \
         AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = ?1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM comments WHERE id = ? AND status <> 'trash'")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Records a reader's report of a published comment (once per reader), for moderators.
pub async fn report(
    pool: &SqlitePool,
    id: i64,
    user_id: i64,
    now: i64,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM comments WHERE id = ? AND status = 'approved')",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    if !exists {
        return Ok(Err(Refusal::NoComment));
    }
    sqlx::query(
        "INSERT OR IGNORE INTO comment_reports (comment_id, user_id, created_at) VALUES (?, ?, ?)",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(Ok(()))
}

/// The article a comment is on, when readers can see the comment (approved).
pub async fn shown_on(pool: &SqlitePool, comment_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT article_id FROM comments WHERE id = ? AND status = 'approved'")
        .bind(comment_id)
        .fetch_optional(pool)
        .await
}

/// The article a comment is on: its id and whether it is published (for the page link).
pub async fn article_of(pool: &SqlitePool, comment_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT article_id FROM comments WHERE id = ?")
        .bind(comment_id)
        .fetch_optional(pool)
        .await
}

/// Whether a published, visible article with this id exists, and its comments are open.
pub async fn article_comments_open(
    pool: &SqlitePool,
    article_id: i64,
    now: i64,
) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT comments_open FROM articles WHERE id = ? AND status = 'published' \
         AND published_at <= ?",
    )
    .bind(article_id)
    .bind(now)
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_272_000;

    fn new(body: &str, parent_id: Option<i64>) -> NewComment<'_> {
        NewComment {
            article_id: 1,
            user_id: 3,
            parent_id,
            body,
            links: crate::domain::comment_text::count_links(body),
            trusted: false,
        }
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn visitors_see_approved_comments_and_placeholders_in_order(pool: SqlitePool) {
        let t = thread(&mut pool.acquire().await.unwrap(), 1, true, None, NOW)
            .await
            .unwrap();
        let bodies: Vec<_> = t.comments.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(bodies, ["First approved", "A reply"]);
        assert_eq!(t.comments[1].parent_id, Some(1));
        assert_eq!(t.comments[0].author_name, "Rita Reader");
        assert!(t.comments.iter().all(|c| !c.mine));
        // Its author sees the held one too, marked.
        let t = thread(
            &mut pool.acquire().await.unwrap(),
            1,
            true,
            Some((3, "Rita Reader".into())),
            NOW,
        )
        .await
        .unwrap();
        let held: Vec<_> = t
            .comments
            .iter()
            .filter(|c| c.state == CommentState::AwaitingModeration)
            .map(|c| c.body.as_str())
            .collect();
        assert_eq!(held, ["Waiting for moderation"]);
        assert!(t.comments.iter().all(|c| c.mine));
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn first_comments_and_link_heavy_ones_are_held(pool: SqlitePool) {
        // User 1 has never had a comment approved: held.
        let first = post(
            &pool,
            NewComment {
                user_id: 1,
                ..new("Hello", None)
            },
            NOW,
        )
        .await
        .unwrap()
        .unwrap();
        assert!(first.held);
        // Rita has approved comments: published, unless it has two links.
        let plain = post(&pool, new("One link http://a.example", None), NOW)
            .await
            .unwrap()
            .unwrap();
        assert!(!plain.held);
        let linky = post(
            &pool,
            new("http://a.example and www.b.example", None),
            NOW + 20,
        )
        .await
        .unwrap()
        .unwrap();
        assert!(linky.held);
        // Staff are trusted.
        let staff = post(
            &pool,
            NewComment {
                user_id: 2,
                trusted: true,
                ..new("http://a.example www.b.example", None)
            },
            NOW,
        )
        .await
        .unwrap()
        .unwrap();
        assert!(!staff.held);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn one_comment_per_fifteen_seconds(pool: SqlitePool) {
        post(&pool, new("one", None), NOW).await.unwrap().unwrap();
        assert_eq!(
            post(&pool, new("two", None), NOW + 5).await.unwrap(),
            Err(Refusal::TooSoon(10))
        );
        assert!(post(&pool, new("three", None), NOW + 15)
            .await
            .unwrap()
            .is_ok());
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn replies_nest_three_deep_on_the_same_article(pool: SqlitePool) {
        // 1 (depth 1) ← 2 (depth 2) ← new (depth 3) ← refused.
        let third = post(&pool, new("third level", Some(2)), NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            post(&pool, new("fourth", Some(third.id)), NOW + 20)
                .await
                .unwrap(),
            Err(Refusal::TooDeep)
        );
        // Spam (4) is not there to reply to; nor is a comment on another article.
        assert_eq!(
            post(&pool, new("x", Some(4)), NOW + 40).await.unwrap(),
            Err(Refusal::NoParent)
        );
        assert_eq!(
            post(
                &pool,
                NewComment {
                    article_id: 2,
                    ..new("x", Some(1))
                },
                NOW + 60
            )
            .await
            .unwrap(),
            Err(Refusal::NoParent)
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn closed_and_unpublished_articles_take_no_comments(pool: SqlitePool) {
        sqlx::query("UPDATE articles SET comments_open = 0 WHERE id = 1")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            post(&pool, new("x", None), NOW).await.unwrap(),
            Err(Refusal::Closed)
        );
        assert_eq!(
            post(
                &pool,
                NewComment {
                    article_id: 999,
                    ..new("x", None)
                },
                NOW
            )
            .await
            .unwrap(),
            Err(Refusal::NoArticle)
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn own_comments_change_for_fifteen_minutes(pool: SqlitePool) {
        let saved = post(&pool, new("typo", None), NOW).await.unwrap().unwrap();
        assert_eq!(
            edit(&pool, saved.id, 1, "hijack", 0, false, NOW + 60)
                .await
                .unwrap(),
            Err(Refusal::NotYours)
        );
        let edited = edit(&pool, saved.id, 3, "fixed", 0, false, NOW + 60)
            .await
            .unwrap()
            .unwrap();
        assert!(!edited.held);
        let again = edit(
            &pool,
            saved.id,
            3,
            "http://a.example www.b.example",
            2,
            false,
            NOW + 120,
        )
        .await
        .unwrap()
        .unwrap();
        assert!(again.held, "two links send it back to moderation");
        assert_eq!(
            edit(&pool, saved.id, 3, "late", 0, false, NOW + 900)
                .await
                .unwrap(),
            Err(Refusal::TooLate)
        );
        assert_eq!(
            delete_own(&pool, saved.id, 3, NOW + 900).await.unwrap(),
            Err(Refusal::TooLate)
        );
        assert_eq!(
            delete_own(&pool, saved.id, 3, NOW + 899).await.unwrap(),
            Ok(())
        );
        assert_eq!(article_of(&pool, saved.id).await.unwrap(), None);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_deleted_comment_with_replies_leaves_a_placeholder(pool: SqlitePool) {
        // Comment 1 (Rita's) has an approved reply; pretend it was just posted.
        sqlx::query("UPDATE comments SET created_at = ? WHERE id = 1")
            .bind(NOW)
            .execute(&pool)
            .await
            .unwrap();
        delete_own(&pool, 1, 3, NOW + 10).await.unwrap().unwrap();
        let t = thread(&mut pool.acquire().await.unwrap(), 1, true, None, NOW)
            .await
            .unwrap();
        let placeholder = t.comments.iter().find(|c| c.id == 1).unwrap();
        assert_eq!(placeholder.state, CommentState::Deleted);
        assert_eq!(
            (placeholder.body.as_str(), placeholder.author_name.as_str()),
            ("", "")
        );
        let reply = t.comments.iter().find(|c| c.id == 2).unwrap();
        assert_eq!(reply.body, "A reply");
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn reports_are_kept_once_per_reader(pool: SqlitePool) {
        report(&pool, 1, 3, NOW).await.unwrap().unwrap();
        report(&pool, 1, 3, NOW + 1).await.unwrap().unwrap();
        assert_eq!(
            report(&pool, 4, 3, NOW).await.unwrap(),
            Err(Refusal::NoComment)
        );
        let t = thread(
            &mut pool.acquire().await.unwrap(),
            1,
            true,
            Some((3, "Rita".into())),
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(t.reported, [1]);
    }
}
