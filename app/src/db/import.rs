//! Writes for `server import-wxr`: each thing imported is remembered in `import_map` under
//! its source site and WordPress id, so running the import again adds nothing twice.

use super::seed::Tx;
use sqlx::SqlitePool;

/// Our id for a thing already imported from `source`.
pub async fn mapped(
    tx: &mut Tx<'_>,
    source: &str,
    kind: &str,
    remote_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT local_id FROM import_map WHERE source = ? AND kind = ? AND remote_id = ?",
    )
    .bind(source)
    .bind(kind)
    .bind(remote_id)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn remember(
    tx: &mut Tx<'_>,
    source: &str,
    kind: &str,
    remote_id: &str,
    local_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR REPLACE INTO import_map (source, kind, remote_id, local_id) VALUES (?, ?, ?, ?)",
    )
    .bind(source)
    .bind(kind)
    .bind(remote_id)
    .bind(local_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A slug not yet taken (by `sql_exists`, given the candidate), from `base`: `base`,
/// `base-2`, ...
async fn free_slug(
    tx: &mut Tx<'_>,
    sql_exists: &'static str,
    base: &str,
) -> Result<String, sqlx::Error> {
    let mut slug = base.to_owned();
    let mut n = 2;
    while sqlx::query_scalar::<_, bool>(sql_exists)
        .bind(&slug)
        .fetch_one(&mut **tx)
        .await?
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// A person without a password (they cannot log in until an admin gives them access): by
/// email when there is one, else made new. `role` is `contributor` for authors, `reader`
/// for commenters. Returns their id and whether they are new.
pub async fn person(
    tx: &mut Tx<'_>,
    display_name: &str,
    email: Option<&str>,
    slug_base: &str,
    role: &str,
    now: i64,
) -> Result<(i64, bool), sqlx::Error> {
    if let Some(email) = email {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(id) = found {
            return Ok((id, false));
        }
    }
    let slug = free_slug(
        tx,
        "SELECT EXISTS(SELECT 1 FROM users WHERE slug = ?1 OR username = ?1)",
        slug_base,
    )
    .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO users (username, email, display_name, slug, role, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&slug)
    .bind(email)
    .bind(display_name)
    .bind(&slug)
    .bind(role)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, true))
}

/// The section with this slug, made if missing (last in the navigation).
pub async fn section(tx: &mut Tx<'_>, slug: &str, name: &str) -> Result<i64, sqlx::Error> {
    if let Some(id) = sqlx::query_scalar("SELECT id FROM categories WHERE slug = ?")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?
    {
        return Ok(id);
    }
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, position) \
         VALUES (?, ?, (SELECT coalesce(MAX(position), 0) + 1 FROM categories)) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .fetch_one(&mut **tx)
    .await
}

/// An article as WordPress had it.
pub struct ImportedArticle<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub excerpt: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub status: &'a str,
    pub published_at: Option<i64>,
    pub modified_at: i64,
    pub author_id: i64,
    pub section_id: i64,
    pub comments_open: bool,
    pub featured_media_id: Option<i64>,
}

/// Adds an article, keeping its slug unless another article has it. Returns its id and the
/// slug it got.
pub async fn article(
    tx: &mut Tx<'_>,
    a: &ImportedArticle<'_>,
) -> Result<(i64, String), sqlx::Error> {
    let slug = free_slug(
        tx,
        "SELECT EXISTS(SELECT 1 FROM articles WHERE slug = ?1)",
        a.slug,
    )
    .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, excerpt, body_md, body_html, status, published_at, \
         created_at, updated_at, author_id, category_id, featured_media_id, comments_open) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&slug)
    .bind(a.title)
    .bind(a.excerpt)
    .bind(a.body_md)
    .bind(a.body_html)
    .bind(a.status)
    .bind(a.published_at)
    .bind(a.published_at.unwrap_or(a.modified_at))
    .bind(a.modified_at)
    .bind(a.author_id)
    .bind(a.section_id)
    .bind(a.featured_media_id)
    .bind(a.comments_open)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, slug))
}

/// Keeps an old address answering with a 301 to the article.
pub async fn redirect(tx: &mut Tx<'_>, path: &str, article_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO article_redirects (path, article_id) VALUES (?, ?)")
        .bind(path)
        .bind(article_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn tag_article(tx: &mut Tx<'_>, article_id: i64, tag_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)")
        .bind(article_id)
        .bind(tag_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An approved comment.
pub async fn comment(
    tx: &mut Tx<'_>,
    article_id: i64,
    user_id: i64,
    parent_id: Option<i64>,
    body: &str,
    created_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO comments (article_id, user_id, parent_id, body, status, created_at) \
         VALUES (?, ?, ?, ?, 'approved', ?) RETURNING id",
    )
    .bind(article_id)
    .bind(user_id)
    .bind(parent_id)
    .bind(body)
    .bind(created_at)
    .fetch_one(&mut **tx)
    .await
}

/// Counts for the import's report: articles, comments, users, sections, tags, media.
pub async fn totals(pool: &SqlitePool) -> Result<[i64; 6], sqlx::Error> {
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM comments), \
         (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM categories), \
         (SELECT COUNT(*) FROM tags), (SELECT COUNT(*) FROM media)",
    )
    .fetch_one(pool)
    .await?;
    Ok([row.0, row.1, row.2, row.3, row.4, row.5])
}
