//! Breaking news headlines for the ticker.

use crate::model::Headline;
use sqlx::{Row, SqlitePool};

/// Headlines that have started and not expired at `now`, highest priority first.
pub async fn current(pool: &SqlitePool, now: i64) -> Result<Vec<Headline>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, text, link_url FROM breaking_headlines \
         WHERE starts_at <= ? AND (expires_at IS NULL OR expires_at > ?) \
         ORDER BY priority DESC, starts_at DESC, id DESC LIMIT 20",
    )
    .bind(now)
    .bind(now)
    .fetch_all(pool)
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
}
