//! Inserts used to fill a new database with demo content (and by tests to build fixtures).

use sqlx::{Sqlite, Transaction};

pub type Tx<'a> = Transaction<'a, Sqlite>;

/// True when the database has no articles yet.
pub async fn is_empty(pool: &sqlx::SqlitePool) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await?;
    Ok(n == 0)
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub slug: &'a str,
    pub bio: &'a str,
    pub role: &'a str,
}

pub async fn insert_user(tx: &mut Tx<'_>, u: &NewUser<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, slug, bio, role, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.slug)
    .bind(u.bio)
    .bind(u.role)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn insert_category(
    tx: &mut Tx<'_>,
    slug: &str,
    name: &str,
    description: &str,
    position: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(description)
    .bind(position)
    .fetch_one(&mut **tx)
    .await
}

/// The id of the tag with this slug, created if missing.
pub async fn upsert_tag(tx: &mut Tx<'_>, slug: &str, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO tags (slug, name) VALUES (?, ?) \
         ON CONFLICT (slug) DO UPDATE SET name = name RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .fetch_one(&mut **tx)
    .await
}

pub struct NewMedia<'a> {
    pub file_name: &'a str,
    pub mime: &'a str,
    pub width: u32,
    pub height: u32,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
    /// Who uploaded it (none for demo and imported images).
    pub uploaded_by: Option<i64>,
}

pub async fn insert_media(tx: &mut Tx<'_>, m: &NewMedia<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO media (file_name, mime, width, height, alt, caption, credit, uploaded_by, \
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(m.file_name)
    .bind(m.mime)
    .bind(m.width)
    .bind(m.height)
    .bind(m.alt)
    .bind(m.caption)
    .bind(m.credit)
    .bind(m.uploaded_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub struct NewArticle<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub excerpt: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub status: &'a str,
    pub published_at: i64,
    pub author_id: i64,
    pub category_id: i64,
    pub featured_media_id: Option<i64>,
}

pub async fn insert_article(
    tx: &mut Tx<'_>,
    a: &NewArticle<'_>,
    tag_ids: &[i64],
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, excerpt, body_md, body_html, status, published_at, \
         created_at, updated_at, author_id, category_id, featured_media_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(a.slug)
    .bind(a.title)
    .bind(a.excerpt)
    .bind(a.body_md)
    .bind(a.body_html)
    .bind(a.status)
    .bind(a.published_at)
    .bind(a.published_at)
    .bind(a.published_at)
    .bind(a.author_id)
    .bind(a.category_id)
    .bind(a.featured_media_id)
    .fetch_one(&mut **tx)
    .await?;
    for tag in tag_ids {
        sqlx::query("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)")
            .bind(id)
            .bind(tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

pub async fn insert_headline(
    tx: &mut Tx<'_>,
    text: &str,
    link_url: &str,
    priority: i64,
    starts_at: i64,
    expires_at: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO breaking_headlines (text, link_url, priority, starts_at, expires_at, \
         created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(text)
    .bind(link_url)
    .bind(priority)
    .bind(starts_at)
    .bind(expires_at)
    .bind(starts_at)
    .fetch_one(&mut **tx)
    .await
}

pub async fn insert_comment(
    tx: &mut Tx<'_>,
    article_id: i64,
    user_id: i64,
    parent_id: Option<i64>,
    body: &str,
    status: &str,
    created_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO comments (article_id, user_id, parent_id, body, status, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(article_id)
    .bind(user_id)
    .bind(parent_id)
    .bind(body)
    .bind(status)
    .bind(created_at)
    .fetch_one(&mut **tx)
    .await
}

/// Ids of every section, for generated content.
pub async fn section_ids(pool: &sqlx::SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM categories ORDER BY position")
        .fetch_all(pool)
        .await
}

/// Ids of everyone who can write, for generated content.
pub async fn staff_ids(pool: &sqlx::SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE role <> 'reader' ORDER BY id")
        .fetch_all(pool)
        .await
}

pub async fn article_count(pool: &sqlx::SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM articles")
        .fetch_one(pool)
        .await
}
