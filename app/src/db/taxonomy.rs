//! Sections (categories) and tags.

use crate::model::{SectionRef, SectionRow, TagRef, TagRow, TrendingTag};
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
         LIMIT +?",
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

/// Why a taxonomy change was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum TaxonomyRefusal {
    NotFound,
    SlugTaken,
    /// A section with articles cannot be deleted.
    HasArticles(u32),
    SameTag,
}

/// Sections in navigation order, with how many articles each holds.
pub async fn section_rows(pool: &SqlitePool) -> Result<Vec<SectionRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.slug, c.description, \
         (SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id) AS articles \
         FROM categories c ORDER BY c.position, c.name",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SectionRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
                description: r.try_get("description")?,
                articles: r.try_get::<i64, _>("articles")? as u32,
            })
        })
        .collect()
}

/// Adds (`id` 0, last in the navigation) or changes a section.
pub async fn save_section(
    pool: &SqlitePool,
    id: i64,
    name: &str,
    slug: &str,
    description: &str,
) -> Result<Result<i64, TaxonomyRefusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE slug = ? AND id <> ?")
            .bind(slug)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Ok(Err(TaxonomyRefusal::SlugTaken));
    }
    let saved: Option<i64> = if id == 0 {
        sqlx::query_scalar(
            "INSERT INTO categories (slug, name, description, position) \
             VALUES (?, ?, ?, (SELECT coalesce(MAX(position), 0) + 1 FROM categories)) RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(description)
        .fetch_optional(&mut *tx)
        .await?
    } else {
        sqlx::query_scalar(
            "UPDATE categories SET slug = ?, name = ?, description = ? WHERE id = ? RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(description)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
    };
    tx.commit().await?;
    Ok(saved.ok_or(TaxonomyRefusal::NotFound))
}

/// Moves a section one place earlier (`up`) or later in the navigation.
pub async fn move_section(pool: &SqlitePool, id: i64, up: bool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM categories ORDER BY position, name")
        .fetch_all(&mut *tx)
        .await?;
    let Some(i) = ids.iter().position(|x| *x == id) else {
        return Ok(false);
    };
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|j| *j < ids.len())
    };
    let Some(j) = j else { return Ok(false) };
    ids.swap(i, j);
    for (k, section) in ids.iter().enumerate() {
        sqlx::query("UPDATE categories SET position = ? WHERE id = ?")
            .bind(k as i64 + 1)
            .bind(section)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Deletes a section that holds no articles.
pub async fn delete_section(
    pool: &SqlitePool,
    id: i64,
) -> Result<Result<String, TaxonomyRefusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE category_id = ?")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if count > 0 {
        return Ok(Err(TaxonomyRefusal::HasArticles(count as u32)));
    }
    let name: Option<String> =
        sqlx::query_scalar("DELETE FROM categories WHERE id = ? RETURNING name")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(name.ok_or(TaxonomyRefusal::NotFound))
}

/// Tags by name, with how many articles carry each; `q` matches names.
pub async fn tag_rows(
    pool: &SqlitePool,
    q: Option<&str>,
    limit: u32,
    offset: u64,
) -> Result<(Vec<TagRow>, u64), sqlx::Error> {
    let pattern = q.map(super::like_pattern);
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tags WHERE ?1 IS NULL OR name LIKE ?1 ESCAPE '\\'",
    )
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query(
        "SELECT t.id, t.name, t.slug, (SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id) AS articles \
         FROM tags t WHERE ?1 IS NULL OR t.name LIKE ?1 ESCAPE '\\' \
         ORDER BY t.name COLLATE NOCASE LIMIT +?2 OFFSET ?3",
    )
    .bind(&pattern)
    .bind(i64::from(limit))
    .bind(offset as i64)
    .fetch_all(pool)
    .await?;
    let tags = rows
        .iter()
        .map(|r| {
            Ok(TagRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
                articles: r.try_get::<i64, _>("articles")? as u32,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((tags, total as u64))
}

/// Renames a tag (its slug follows the name). A name whose slug another tag has is refused:
/// merge them instead.
pub async fn rename_tag(
    pool: &SqlitePool,
    id: i64,
    name: &str,
    slug: &str,
) -> Result<Result<(), TaxonomyRefusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM tags WHERE slug = ? AND id <> ?")
        .bind(slug)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Ok(Err(TaxonomyRefusal::SlugTaken));
    }
    let done = sqlx::query("UPDATE tags SET name = ?, slug = ? WHERE id = ?")
        .bind(name)
        .bind(slug)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(TaxonomyRefusal::NotFound)
    })
}

/// Merges tag `from` into `into`: its articles get `into`, and `from` is deleted.
/// Returns how many articles moved.
pub async fn merge_tags(
    pool: &SqlitePool,
    from: i64,
    into: i64,
) -> Result<Result<u64, TaxonomyRefusal>, sqlx::Error> {
    if from == into {
        return Ok(Err(TaxonomyRefusal::SameTag));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let both: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tags WHERE id IN (?, ?)")
        .bind(from)
        .bind(into)
        .fetch_one(&mut *tx)
        .await?;
    if both != 2 {
        return Ok(Err(TaxonomyRefusal::NotFound));
    }
    let moved = sqlx::query(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) \
         SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
    )
    .bind(into)
    .bind(from)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM article_tags WHERE tag_id = ?")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM tags WHERE id = ?")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(moved))
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

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn sections_are_added_ordered_and_deleted_only_when_empty(pool: SqlitePool) {
        let id = save_section(&pool, 0, "Climate", "climate", "")
            .await
            .unwrap()
            .unwrap();
        let names = |rows: Vec<SectionRow>| rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(
            names(section_rows(&pool).await.unwrap()),
            ["news", "health", "Climate"]
        );
        assert!(move_section(&pool, id, true).await.unwrap());
        assert_eq!(
            names(section_rows(&pool).await.unwrap()),
            ["news", "Climate", "health"]
        );
        assert!(!move_section(&pool, 1, true).await.unwrap());
        assert_eq!(
            save_section(&pool, id, "Climate", "health", "")
                .await
                .unwrap(),
            Err(TaxonomyRefusal::SlugTaken)
        );
        assert_eq!(
            delete_section(&pool, 1).await.unwrap(),
            Err(TaxonomyRefusal::HasArticles(5))
        );
        assert_eq!(
            delete_section(&pool, id).await.unwrap(),
            Ok("Climate".into())
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn tags_are_renamed_and_merged_and_search_follows(pool: SqlitePool) {
        assert_eq!(
            rename_tag(&pool, 2, "asylum", "asylum").await.unwrap(),
            Err(TaxonomyRefusal::SlugTaken)
        );
        rename_tag(&pool, 3, "Vaccination", "vaccination")
            .await
            .unwrap()
            .unwrap();
        // borders (articles 1, 3, 6, 7) into asylum (1, 2, 3, 6, 7): nothing new, borders gone.
        assert_eq!(merge_tags(&pool, 2, 1).await.unwrap(), Ok(0));
        let (tags, total) = tag_rows(&pool, None, 10, 0).await.unwrap();
        assert_eq!(total, 2);
        assert_eq!((tags[0].name.as_str(), tags[0].articles), ("asylum", 5));
        assert_eq!(
            merge_tags(&pool, 1, 1).await.unwrap(),
            Err(TaxonomyRefusal::SameTag)
        );
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'vaccination'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(found, 1, "search knows the new tag name");
    }
}
