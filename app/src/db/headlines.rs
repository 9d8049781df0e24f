//! Breaking news headlines for the ticker.

use crate::model::{Headline, HeadlineRow};
use sqlx::{Row, SqlitePool};

/// Headlines that have started and not expired at `now`, highest priority first.
pub async fn current<'c>(
    db: impl sqlx::SqliteExecutor<'c>,
    now: i64,
) -> Result<Vec<Headline>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, text, link_url FROM breaking_headlines \
         WHERE starts_at <= ? AND (expires_at IS NULL OR expires_at > ?) \
         ORDER BY priority DESC, starts_at DESC, id DESC LIMIT 20",
    )
    .bind(now)
    .bind(now)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Headline {
                id: r.try_get("id")?,
                text: r.try_get("text")?,
                url: r.try_get("link_url")?,
            })
        })
        .collect()
}

/// Every headline not expired for more than a week: live and scheduled first, in ticker
/// order, then the expired, newest first.
pub async fn all(pool: &SqlitePool, now: i64) -> Result<Vec<HeadlineRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, text, link_url, priority, starts_at, expires_at FROM breaking_headlines \
         WHERE expires_at IS NULL OR expires_at > ?1 - 7 * 86400 \
         ORDER BY (expires_at IS NOT NULL AND expires_at <= ?1), priority DESC, starts_at DESC, id DESC \
         LIMIT 200",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HeadlineRow {
                id: r.try_get("id")?,
                text: r.try_get("text")?,
                url: r.try_get("link_url")?,
                priority: r.try_get("priority")?,
                starts_at: r.try_get("starts_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .collect()
}

/// Adds (`id` 0, on top of the ticker) or changes a headline. Returns its id, or None when
/// there is no such headline.
pub async fn save(
    pool: &SqlitePool,
    id: i64,
    text: &str,
    url: &str,
    starts_at: i64,
    expires_at: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    if id == 0 {
        return sqlx::query_scalar(
            "INSERT INTO breaking_headlines (text, link_url, priority, starts_at, expires_at, created_at) \
             VALUES (?, ?, (SELECT coalesce(MAX(priority), 0) + 1 FROM breaking_headlines), ?, ?, ?) \
             RETURNING id",
        )
        .bind(text)
        .bind(url)
        .bind(starts_at)
        .bind(expires_at)
        .bind(now)
        .fetch_one(pool)
        .await
        .map(Some);
    }
    let done = sqlx::query(
        "UPDATE breaking_headlines SET text = ?, link_url = ?, starts_at = ?, expires_at = ? WHERE id = ?",
    )
    .bind(text)
    .bind(url)
    .bind(starts_at)
    .bind(expires_at)
    .bind(id)
    .execute(pool)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Whether headline `id` is on the ticker at `now` (started, not expired).
pub async fn is_live(pool: &SqlitePool, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM breaking_headlines WHERE id = ?1 \
         AND starts_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2))",
    )
    .bind(id)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// Deletes a headline; returns its text, and whether it was on the ticker at `now`, if there
/// was one.
pub async fn delete(
    pool: &SqlitePool,
    id: i64,
    now: i64,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    sqlx::query_as(
        "DELETE FROM breaking_headlines WHERE id = ?1 \
         RETURNING text, (starts_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2))",
    )
    .bind(id)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// Moves a headline one place up (earlier in the ticker) or down among the current ones, by
/// swapping priorities with its neighbour. Returns false when it cannot move.
pub async fn shift(pool: &SqlitePool, id: i64, up: bool, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let order: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, priority FROM breaking_headlines WHERE expires_at IS NULL OR expires_at > ? \
         ORDER BY priority DESC, starts_at DESC, id DESC",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    let Some(i) = order.iter().position(|(h, _)| *h == id) else {
        return Ok(false);
    };
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|j| *j < order.len())
    };
    let Some(j) = j else { return Ok(false) };
    // Renumber the whole order with the two swapped, so equal priorities cannot stick.
    let mut ids: Vec<i64> = order.iter().map(|(h, _)| *h).collect();
    ids.swap(i, j);
    let top = ids.len() as i64;
    for (k, h) in ids.iter().enumerate() {
        sqlx::query("UPDATE breaking_headlines SET priority = ? WHERE id = ?")
            .bind(top - k as i64)
            .bind(h)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The next moment the current headlines change by themselves (one starts or expires).
pub async fn next_change<'c>(
    db: impl sqlx::SqliteExecutor<'c>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(t) FROM (SELECT MIN(starts_at) AS t FROM breaking_headlines WHERE starts_at > ?1 \
         UNION ALL SELECT MIN(expires_at) FROM breaking_headlines WHERE expires_at > ?1)",
    )
    .bind(now)
    .fetch_one(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn only_current_headlines_show_by_priority(pool: SqlitePool) {
        let texts: Vec<_> = current(&pool, 1_780_272_000)
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.text)
            .collect();
        assert_eq!(texts, ["Current, high priority", "Current, low priority"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_new_headline_goes_on_top_and_can_be_moved_and_deleted(pool: SqlitePool) {
        const NOW: i64 = 1_780_272_000;
        let texts = |v: Vec<Headline>| v.into_iter().map(|h| h.text).collect::<Vec<_>>();
        let id = save(&pool, 0, "Newest", "/x", NOW, None, NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            texts(current(&pool, NOW).await.unwrap()),
            ["Newest", "Current, high priority", "Current, low priority"]
        );
        // Down past the scheduled one, then past the high-priority one.
        assert!(shift(&pool, id, false, NOW).await.unwrap());
        assert!(shift(&pool, id, false, NOW).await.unwrap());
        let order: Vec<_> = all(&pool, NOW)
            .await
            .unwrap()
            .into_iter()
            .map(|h| h.text)
            .collect();
        assert_eq!(
            order,
            [
                "Not started",
                "Current, high priority",
                "Newest",
                "Current, low priority"
            ]
        );
        assert_eq!(
            texts(current(&pool, NOW).await.unwrap()),
            ["Current, high priority", "Newest", "Current, low priority"]
        );
        let last = all(&pool, NOW).await.unwrap()[3].id;
        assert!(
            !shift(&pool, last, false, NOW).await.unwrap(),
            "the last cannot go down"
        );
        assert_eq!(
            save(&pool, 999, "x", "/", NOW, None, NOW).await.unwrap(),
            None
        );
        assert!(is_live(&pool, id, NOW).await.unwrap());
        assert_eq!(
            delete(&pool, id, NOW).await.unwrap(),
            Some(("Newest".to_owned(), true))
        );
        // Scheduled and expiring ones mark when the ticker next changes by itself.
        let later = save(&pool, 0, "Later", "/l", NOW + 50, Some(NOW + 90), NOW)
            .await
            .unwrap()
            .unwrap();
        assert!(!is_live(&pool, later, NOW).await.unwrap(), "not started");
        assert!(is_live(&pool, later, NOW + 50).await.unwrap());
        assert!(!is_live(&pool, later, NOW + 90).await.unwrap(), "expired");
        assert_eq!(next_change(&pool, NOW).await.unwrap(), Some(NOW + 50));
        assert_eq!(next_change(&pool, NOW + 50).await.unwrap(), Some(NOW + 90));
    }
}
