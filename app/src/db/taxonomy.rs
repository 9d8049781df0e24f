//! Sections (categories) and tags.

use crate::model::{SectionRef, TagRef, TrendingTag};
use sqlx::{Row, SqlitePool};

/// All sections in navigation order.
pub async fn sections(pool: &SqlitePool) -> Result<Vec<SectionRef>, sqlx::Error> {
    let rows = sqlx::query("SELECT name, slug FROM categories ORDER BY position, name")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SectionRef {
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
            })
        })
        .collect()
}

/// Tags of articles published in `[now - window, now]`, ranked by how many of those articles
/// carry them, then by the approved comments on those articles. No reader tracking.
pub async fn trending_tags(
    pool: &SqlitePool,
    now: i64,
    window_secs: i64,
    limit: u32,
) -> Result<Vec<TrendingTag>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.name, t.slug, COUNT(DISTINCT a.id) AS articles, COUNT(co.id) AS comments \
         FROM articles a \
         JOIN article_tags at ON at.article_id = a.id \
         JOIN tags t ON t.id = at.tag_id \
         LEFT JOIN comments co ON co.article_id = a.id AND co.status = 'approved' \
         WHERE a.status = 'published' AND a.published_at <= ? AND a.published_at > ? \
         GROUP BY t.id \
         ORDER BY articles DESC, comments DESC, t.name \
         LIMIT ?",
    )
    .bind(now)
    .bind(now - window_secs)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TrendingTag {
                tag: TagRef {
                    name: r.try_get("name")?,
                    slug: r.try_get("slug")?,
                },
                articles: r.try_get::<i64, _>("articles")? as u32,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_272_000;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn sections_come_in_nav_order(pool: SqlitePool) {
        let names: Vec<_> = sections(&pool)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.slug)
            .collect();
        assert_eq!(names, ["news", "health"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn trending_counts_only_recent_visible_articles(pool: SqlitePool) {
        // Last 31 days before 2026-06-01: delta (vaccines, 1 May 08:00) and epsilon (no
        // tags). A 30-day window would miss delta by eight hours.
        let recent = trending_tags(&pool, NOW, 31 * 86_400, 10).await.unwrap();
        let slugs: Vec<_> = recent.iter().map(|t| t.tag.slug.as_str()).collect();
        assert_eq!(slugs, ["vaccines"]);
        // Over a year: asylum (alpha, beta, gamma) and borders (alpha, gamma) tie-broken by
        // count; the future and draft articles do not count.
        let year = trending_tags(&pool, NOW, 365 * 86_400, 10).await.unwrap();
        let ranked: Vec<_> = year
            .iter()
            .map(|t| (t.tag.slug.as_str(), t.articles))
            .collect();
        assert_eq!(ranked, [("asylum", 3), ("borders", 2), ("vaccines", 1)]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn equal_article_counts_are_ranked_by_approved_comments(pool: SqlitePool) {
        let run = |sql: &'static str| {
            let pool = pool.clone();
            async move { sqlx::query(sql).execute(&pool).await.unwrap() }
        };
        let ranked = || {
            let pool = pool.clone();
            async move {
                let year = trending_tags(&pool, NOW, 365 * 86_400, 10).await.unwrap();
                year.into_iter().map(|t| t.tag.slug).collect::<Vec<_>>()
            }
        };
        // vaccines now has beta and delta (2 articles), like borders (alpha, gamma). Alpha's
        // two approved comments count for borders; delta's three pending ones count for
        // nothing (if they did, vaccines would lead 3 to 2), so borders stays ahead.
        run("INSERT INTO article_tags (article_id, tag_id) VALUES (2, 3)").await;
        run(
            "INSERT INTO comments (article_id, user_id, body, status, created_at) VALUES \
             (4, 3, 'p1', 'pending', 1777700000), (4, 3, 'p2', 'pending', 1777700001), \
             (4, 3, 'p3', 'pending', 1777700005)",
        )
        .await;
        assert_eq!(ranked().await, ["asylum", "borders", "vaccines"]);
        // Three approved comments on delta: vaccines (2 articles, 3 comments) passes borders
        // (2 articles, 2 comments) although "borders" comes first by name.
        run(
            "INSERT INTO comments (article_id, user_id, body, status, created_at) VALUES \
             (4, 3, 'a1', 'approved', 1777700002), (4, 3, 'a2', 'approved', 1777700003), \
             (2, 3, 'a3', 'approved', 1777700004)",
        )
        .await;
        assert_eq!(ranked().await, ["asylum", "vaccines", "borders"]);
    }
}
