//! The newsroom's writes: saving articles (with versions, revisions, tags and redirects),
//! the trash, autosaves, preview links, and the dashboard's article list.

use super::audit;
use super::seed::upsert_tag;
use crate::domain::editorial::{Status, TRASH_DAYS};
use crate::domain::{Date, Slug, SECONDS_PER_DAY};
use crate::model::{
    ArticleFilter, ArticleRow, Autosave, Choice, EditorArticle, MediaChoice, RevisionInfo,
};
use sqlx::{sqlite::SqliteRow, QueryBuilder, Row, Sqlite, SqlitePool};

/// Who is acting, for revisions and the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: i64,
    pub name: &'a str,
}

/// A save, checked: every field is already valid.
#[derive(Debug, Clone)]
pub struct SaveInput<'a> {
    /// 0: a new article.
    pub id: i64,
    pub base_version: i64,
    pub title: &'a str,
    pub slug: &'a str,
    pub excerpt: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub section_id: i64,
    pub tags: &'a [String],
    pub featured_media_id: Option<i64>,
    pub comments_open: bool,
    pub status: &'a str,
    pub published_at: Option<i64>,
    /// Why this revision exists ("Restored version 3"), or empty.
    pub note: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveResult {
    Saved {
        id: i64,
        version: i64,
    },
    /// The article changed since `base_version`: what is stored now.
    Conflict(Box<EditorArticle>),
    SlugTaken,
    NoSuchSection,
    NoSuchImage,
    NotFound,
}

const EDITOR_COLUMNS: &str = "a.id, a.version, a.title, a.slug, a.excerpt, a.body_md, \
     a.category_id, a.featured_media_id, a.comments_open, a.status, a.published_at, \
     a.author_id, u.display_name AS author_name, a.updated_at, \
     coalesce((SELECT group_concat(name, ', ') FROM (SELECT t.name FROM article_tags at \
       JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id ORDER BY t.name COLLATE NOCASE)), '') AS tags, \
     coalesce((SELECT s.display_name FROM article_revisions r JOIN users s ON s.id = r.saved_by \
       WHERE r.article_id = a.id ORDER BY r.id DESC LIMIT 1), '') AS saved_by";

fn editor_from_row(r: &SqliteRow) -> Result<EditorArticle, sqlx::Error> {
    Ok(EditorArticle {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        title: r.try_get("title")?,
        slug: r.try_get("slug")?,
        excerpt: r.try_get("excerpt")?,
        body_md: r.try_get("body_md")?,
        section_id: r.try_get("category_id")?,
        tags: r.try_get("tags")?,
        featured_media_id: r.try_get("featured_media_id")?,
        comments_open: r.try_get("comments_open")?,
        status: r.try_get("status")?,
        published_at: r.try_get("published_at")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        updated_at: r.try_get("updated_at")?,
        saved_by: r.try_get("saved_by")?,
    })
}

/// An article as the editor needs it.
pub async fn load(pool: &SqlitePool, id: i64) -> Result<Option<EditorArticle>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    load_on(&mut conn, id).await
}

/// The same, on a connection (inside a transaction, say).
async fn load_on(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
) -> Result<Option<EditorArticle>, sqlx::Error> {
    let sql = format!(
        "SELECT {EDITOR_COLUMNS} FROM articles a JOIN users u ON u.id = a.author_id WHERE a.id = ?"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(editor_from_row).transpose()
}

/// The public path of an article stored with these values, if readers can see it at `now`.
fn live_path(status: &str, published_at: Option<i64>, slug: &str, now: i64) -> Option<String> {
    match published_at {
        Some(at) if status == "published" && at <= now => {
            Some(format!("{}/{slug}", Date::from_timestamp(at).path()))
        }
        _ => None,
    }
}

/// The public path of a stored article, if it is live.
pub fn public_path(a: &EditorArticle, now: i64) -> Option<String> {
    live_path(&a.status, a.published_at, &a.slug, now)
}

/// Saves an article: refuses a save based on an old version, keeps the old permalink of a
/// live article answering with a redirect, creates tags met for the first time, records a
/// revision and, for a change of status, the audit log. All in one transaction.
pub async fn save(
    pool: &SqlitePool,
    input: &SaveInput<'_>,
    author_id: i64,
    actor: Actor<'_>,
    now: i64,
) -> Result<SaveResult, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let before = if input.id == 0 {
        None
    } else {
        match load_on(&mut tx, input.id).await? {
            None => return Ok(SaveResult::NotFound),
            Some(a) if a.version != input.base_version => {
                return Ok(SaveResult::Conflict(Box::new(a)))
            }
            Some(a) => Some(a),
        }
    };
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE slug = ? AND id <> ?")
            .bind(input.slug)
            .bind(input.id)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Ok(SaveResult::SlugTaken);
    }
    let section: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE id = ?")
        .bind(input.section_id)
        .fetch_optional(&mut *tx)
        .await?;
    if section.is_none() {
        return Ok(SaveResult::NoSuchSection);
    }
    if let Some(media) = input.featured_media_id {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM media WHERE id = ?")
            .bind(media)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Ok(SaveResult::NoSuchImage);
        }
    }

    let (id, version) = match &before {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO articles (slug, title, excerpt, body_md, body_html, status, \
                 published_at, created_at, updated_at, author_id, category_id, \
                 featured_media_id, comments_open, version) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
            )
            .bind(input.slug)
            .bind(input.title)
            .bind(input.excerpt)
            .bind(input.body_md)
            .bind(input.body_html)
            .bind(input.status)
            .bind(input.published_at)
            .bind(now)
            .bind(now)
            .bind(author_id)
            .bind(input.section_id)
            .bind(input.featured_media_id)
            .bind(input.comments_open)
            .fetch_one(&mut *tx)
            .await?;
            (id, 1)
        }
        Some(old) => {
            sqlx::query(
                "UPDATE articles SET slug = ?, title = ?, excerpt = ?, body_md = ?, body_html = ?, \
                 status = ?, published_at = ?, updated_at = ?, category_id = ?, \
                 featured_media_id = ?, comments_open = ?, version = version + 1, \
                 trashed_at = CASE WHEN ? = 'trash' THEN trashed_at END WHERE id = ?",
            )
            .bind(input.slug)
            .bind(input.title)
            .bind(input.excerpt)
            .bind(input.body_md)
            .bind(input.body_html)
            .bind(input.status)
            .bind(input.published_at)
            .bind(now)
            .bind(input.section_id)
            .bind(input.featured_media_id)
            .bind(input.comments_open)
            .bind(input.status)
            .bind(old.id)
            .execute(&mut *tx)
            .await?;
            (old.id, old.version + 1)
        }
    };

    // Tags, created on the fly.
    sqlx::query("DELETE FROM article_tags WHERE article_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for name in input.tags {
        let Some(slug) = Slug::from_title(name) else {
            continue;
        };
        let tag = upsert_tag(&mut tx, slug.as_str(), name).await?;
        sqlx::query("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)")
            .bind(id)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }

    // The old permalink keeps working.
    let new_path = live_path(input.status, input.published_at, input.slug, now);
    let old_path = before.as_ref().and_then(|a| public_path(a, now));
    if let Some(new_path) = &new_path {
        sqlx::query("DELETE FROM article_redirects WHERE path = ?")
            .bind(new_path)
            .execute(&mut *tx)
            .await?;
        if let Some(old_path) = old_path.filter(|p| p != new_path) {
            sqlx::query(
                "INSERT OR REPLACE INTO article_redirects (path, article_id) VALUES (?, ?)",
            )
            .bind(old_path)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
    }

    sqlx::query(
        "INSERT INTO article_revisions (article_id, version, title, slug, excerpt, body_md, \
         category_id, tags, status, note, saved_by, saved_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(version)
    .bind(input.title)
    .bind(input.slug)
    .bind(input.excerpt)
    .bind(input.body_md)
    .bind(input.section_id)
    .bind(input.tags.join(", "))
    .bind(input.status)
    .bind(input.note)
    .bind(actor.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;

    let was = before
        .as_ref()
        .map(|a| Status::from_stored(&a.status, a.published_at, now));
    let is = Status::from_stored(input.status, input.published_at, now);
    let action = match (was, is) {
        (w, Status::Published) if w != Some(Status::Published) => Some("publish"),
        (w, Status::Scheduled) if w != Some(Status::Scheduled) => Some("schedule"),
        (Some(Status::Published | Status::Scheduled), Status::Draft | Status::Pending) => {
            Some("unpublish")
        }
        (w, Status::Pending) if w != Some(Status::Pending) => Some("submit"),
        _ => None,
    };
    if let Some(action) = action {
        let detail = match (is, input.published_at) {
            (Status::Scheduled, Some(at)) => crate::domain::editorial::long_datetime(at),
            _ => String::new(),
        };
        audit::record_tx(
            &mut tx,
            actor,
            action,
            &format!("article {id}: {}", input.title),
            &detail,
            now,
        )
        .await?;
    }
    // A newer autosave of this person's is now either saved or superseded.
    sqlx::query("DELETE FROM article_autosaves WHERE user_id = ? AND article_id IN (?, 0)")
        .bind(actor.id)
        .bind(if input.id == 0 { 0 } else { id })
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(SaveResult::Saved { id, version })
}

/// Moves articles to the trash. Returns how many moved.
pub async fn trash(
    pool: &SqlitePool,
    ids: &[i64],
    actor: Actor<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut moved = 0;
    for id in ids {
        let title: Option<String> = sqlx::query_scalar(
            "UPDATE articles SET status = 'trash', trashed_at = ?, updated_at = ?, \
             version = version + 1 WHERE id = ? AND status <> 'trash' RETURNING title",
        )
        .bind(now)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(title) = title {
            moved += 1;
            audit::record_tx(
                &mut tx,
                actor,
                "trash",
                &format!("article {id}: {title}"),
                "",
                now,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(moved)
}

/// Brings an article back from the trash, as a draft.
pub async fn restore(
    pool: &SqlitePool,
    id: i64,
    actor: Actor<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let title: Option<String> = sqlx::query_scalar(
        "UPDATE articles SET status = 'draft', trashed_at = NULL, updated_at = ?, \
         published_at = CASE WHEN published_at <= ? THEN published_at END, \
         version = version + 1 WHERE id = ? AND status = 'trash' RETURNING title",
    )
    .bind(now)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(title) = &title {
        audit::record_tx(
            &mut tx,
            actor,
            "restore",
            &format!("article {id}: {title}"),
            "",
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(title.is_some())
}

/// Deletes articles that have been in the trash for `TRASH_DAYS`. Returns how many.
pub async fn purge_trash(pool: &SqlitePool, now: i64) -> Result<u64, sqlx::Error> {
    let cutoff = now - TRASH_DAYS * SECONDS_PER_DAY;
    let done = sqlx::query("DELETE FROM articles WHERE status = 'trash' AND trashed_at < ?")
        .bind(cutoff)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Where an old permalink now lives, if it belonged to an article that is still live.
pub async fn redirect_for(
    pool: &SqlitePool,
    path: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT a.slug, a.published_at FROM article_redirects r JOIN articles a ON a.id = r.article_id \
         WHERE r.path = ? AND a.status = 'published' AND a.published_at <= ?",
    )
    .bind(path)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(slug, at)| format!("{}/{slug}", Date::from_timestamp(at).path())))
}

/// Keeps `user`'s autosave of an article (0: a new one), replacing the previous one.
pub async fn autosave(
    pool: &SqlitePool,
    user_id: i64,
    article_id: i64,
    base_version: i64,
    copy: &Autosave,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR REPLACE INTO article_autosaves \
         (user_id, article_id, base_version, title, excerpt, body_md, saved_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(article_id)
    .bind(base_version)
    .bind(&copy.title)
    .bind(&copy.excerpt)
    .bind(&copy.body_md)
    .bind(copy.saved_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// `user`'s autosave of an article, if it is newer than the article's last save.
pub async fn autosave_for(
    pool: &SqlitePool,
    user_id: i64,
    article_id: i64,
    updated_at: i64,
) -> Result<Option<Autosave>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT title, excerpt, body_md, saved_at FROM article_autosaves \
         WHERE user_id = ? AND article_id = ? AND saved_at >= ?",
    )
    .bind(user_id)
    .bind(article_id)
    .bind(updated_at)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(title, excerpt, body_md, saved_at)| Autosave {
        title,
        excerpt,
        body_md,
        saved_at,
    }))
}

pub async fn sections(pool: &SqlitePool) -> Result<Vec<Choice>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM categories ORDER BY position, name")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Choice { id, name })
        .collect())
}

/// Everyone who can write.
pub async fn staff(pool: &SqlitePool) -> Result<Vec<Choice>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role <> 'reader' ORDER BY display_name",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Choice { id, name })
        .collect())
}

pub async fn media_choices(pool: &SqlitePool) -> Result<Vec<MediaChoice>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, file_name, alt, caption, credit FROM media ORDER BY created_at DESC, id DESC LIMIT 200",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, file, alt, caption, credit)| MediaChoice {
            id,
            url: format!("/media/{file}"),
            alt,
            caption,
            credit,
        })
        .collect())
}

fn push_list_filter(qb: &mut QueryBuilder<Sqlite>, f: &ArticleFilter, now: i64) {
    qb.push(" WHERE 1 = 1");
    match f.status.as_deref().and_then(Status::parse) {
        Some(Status::Draft) => {
            qb.push(" AND a.status = 'draft'");
        }
        Some(Status::Pending) => {
            qb.push(" AND a.status = 'pending'");
        }
        Some(Status::Scheduled) => {
            qb.push(" AND a.status = 'published' AND a.published_at > ")
                .push_bind(now);
        }
        Some(Status::Published) => {
            qb.push(" AND a.status = 'published' AND a.published_at <= ")
                .push_bind(now);
        }
        Some(Status::Trash) => {
            qb.push(" AND a.status = 'trash'");
        }
        None => {
            qb.push(" AND a.status <> 'trash'");
        }
    }
    if let Some(section) = f.section {
        qb.push(" AND a.category_id = ").push_bind(section);
    }
    if let Some(author) = f.author {
        qb.push(" AND a.author_id = ").push_bind(author);
    }
    if let Some(tag) = f.tag.as_deref().filter(|t| !t.is_empty()) {
        qb.push(
            " AND a.id IN (SELECT at.article_id FROM article_tags at \
             JOIN tags t ON t.id = at.tag_id WHERE t.slug = ",
        )
        .push_bind(tag.to_owned())
        .push(")");
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // A plain substring of the title, whatever the characters typed.
        let pattern = super::like_pattern(q);
        qb.push(" AND a.title LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'");
    }
}

/// One page of the dashboard's article list and how many match.
pub async fn list(
    pool: &SqlitePool,
    f: &ArticleFilter,
    now: i64,
    limit: u32,
    offset: u64,
) -> Result<(Vec<(ArticleRow, i64)>, u64), sqlx::Error> {
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM articles a");
    push_list_filter(&mut count, f, now);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;

    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT a.id, a.title, a.slug, a.status, a.published_at, a.updated_at, a.trashed_at, \
         a.author_id, u.display_name, c.name AS section, \
         coalesce((SELECT group_concat(t.name, ', ') FROM article_tags at \
           JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '') AS tags \
         FROM articles a JOIN users u ON u.id = a.author_id \
         JOIN categories c ON c.id = a.category_id",
    );
    push_list_filter(&mut qb, f, now);
    qb.push(match f.sort.as_deref() {
        Some("title") => " ORDER BY a.title COLLATE NOCASE, a.id",
        Some("published") => " ORDER BY a.published_at IS NULL, a.published_at DESC, a.id DESC",
        _ => " ORDER BY a.updated_at DESC, a.id DESC",
    });
    qb.push(" LIMIT +")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(offset as i64);
    let rows = qb.build().fetch_all(pool).await?;
    let rows = rows
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let published_at: Option<i64> = r.try_get("published_at")?;
            let slug: String = r.try_get("slug")?;
            Ok((
                ArticleRow {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    status: Status::from_stored(&status, published_at, now),
                    author: r.try_get("display_name")?,
                    section: r.try_get("section")?,
                    tags: r.try_get("tags")?,
                    updated_at: r.try_get("updated_at")?,
                    published_at,
                    trashed_at: r.try_get("trashed_at")?,
                    url: live_path(&status, published_at, &slug, now),
                    editable: false,
                },
                r.try_get("author_id")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((rows, total as u64))
}

/// How many articles stand at each status (in `Status::ALL` order).
pub async fn status_counts(pool: &SqlitePool, now: i64) -> Result<Vec<u64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT \
         coalesce(sum(status = 'draft'), 0) AS draft, \
         coalesce(sum(status = 'pending'), 0) AS pending, \
         coalesce(sum(status = 'published' AND published_at > ?1), 0) AS scheduled, \
         coalesce(sum(status = 'published' AND published_at <= ?1), 0) AS published, \
         coalesce(sum(status = 'trash'), 0) AS trash FROM articles",
    )
    .bind(now)
    .fetch_one(pool)
    .await?;
    ["draft", "pending", "scheduled", "published", "trash"]
        .iter()
        .map(|c| Ok(row.try_get::<i64, _>(*c)? as u64))
        .collect()
}

/// The stored (status, published_at, author_id, title) of each article, for permission checks.
pub async fn heads(
    pool: &SqlitePool,
    ids: &[i64],
) -> Result<Vec<(i64, String, Option<i64>, i64)>, sqlx::Error> {
    let mut out = Vec::new();
    for id in ids {
        let row: Option<(String, Option<i64>, i64)> =
            sqlx::query_as("SELECT status, published_at, author_id FROM articles WHERE id = ?")
                .bind(id)
                .fetch_optional(pool)
                .await?;
        if let Some((status, at, author)) = row {
            out.push((*id, status, at, author));
        }
    }
    Ok(out)
}

/// The revisions of an article, newest first.
pub async fn revisions(
    pool: &SqlitePool,
    article_id: i64,
) -> Result<Vec<RevisionInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.id, r.version, r.title, r.status, r.note, r.saved_at, \
         coalesce(u.display_name, 'Someone') AS saved_by FROM article_revisions r \
         LEFT JOIN users u ON u.id = r.saved_by WHERE r.article_id = ? ORDER BY r.id DESC",
    )
    .bind(article_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RevisionInfo {
                id: r.try_get("id")?,
                version: r.try_get("version")?,
                title: r.try_get("title")?,
                status: r.try_get("status")?,
                saved_by: r.try_get("saved_by")?,
                saved_at: r.try_get("saved_at")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

/// A stored revision's content.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionContent {
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    pub body_md: String,
    pub section_id: i64,
    pub tags: String,
}

pub async fn revision(
    pool: &SqlitePool,
    article_id: i64,
    revision_id: i64,
) -> Result<Option<RevisionContent>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT title, slug, excerpt, body_md, category_id, tags FROM article_revisions \
         WHERE id = ? AND article_id = ?",
    )
    .bind(revision_id)
    .bind(article_id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(RevisionContent {
            title: r.try_get("title")?,
            slug: r.try_get("slug")?,
            excerpt: r.try_get("excerpt")?,
            body_md: r.try_get("body_md")?,
            section_id: r.try_get("category_id")?,
            tags: r.try_get("tags")?,
        })
    })
    .transpose()
}

/// Makes a preview link: keeps the hash of `token`, valid until `expires_at`.
pub async fn create_preview(
    pool: &SqlitePool,
    article_id: i64,
    token_hash: &str,
    created_by: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO preview_links (token_hash, article_id, created_by, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(article_id)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends every preview link of an article. Returns how many there were.
pub async fn revoke_previews(pool: &SqlitePool, article_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM preview_links WHERE article_id = ?")
        .bind(article_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// The live preview links of an article: (a short label, expires_at).
pub async fn previews_of(
    pool: &SqlitePool,
    article_id: i64,
    now: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(token_hash, 1, 8), expires_at FROM preview_links \
         WHERE article_id = ? AND expires_at > ? ORDER BY expires_at",
    )
    .bind(article_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    Ok(rows)
}

/// The article a live preview token hash opens.
pub async fn preview_article(
    pool: &SqlitePool,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.article_id FROM preview_links p JOIN articles a ON a.id = p.article_id \
         WHERE p.token_hash = ? AND p.expires_at > ? AND a.status <> 'trash'",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// The body HTML and featured image of an article, for a preview.
pub async fn preview_extras(
    pool: &SqlitePool,
    article_id: i64,
) -> Result<Option<(String, Option<crate::model::Image>, String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT a.body_html, m.file_name, m.alt, m.width, m.height, m.caption, m.credit \
         FROM articles a LEFT JOIN media m ON m.id = a.featured_media_id WHERE a.id = ?",
    )
    .bind(article_id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let image = match r.try_get::<Option<String>, _>("file_name")? {
        Some(file) => Some(crate::model::Image {
            url: format!("/media/{file}"),
            alt: r.try_get("alt")?,
            width: r.try_get("width")?,
            height: r.try_get("height")?,
        }),
        None => None,
    };
    Ok(Some((
        r.try_get("body_html")?,
        image,
        r.try_get::<Option<String>, _>("caption")?
            .unwrap_or_default(),
        r.try_get::<Option<String>, _>("credit")?
            .unwrap_or_default(),
    )))
}

/// Articles published in each of the `weeks` weeks up to `now`, oldest first, with the
/// start of each week.
pub async fn published_per_week(
    pool: &SqlitePool,
    now: i64,
    weeks: u32,
) -> Result<Vec<(i64, u32)>, sqlx::Error> {
    const WEEK: i64 = 7 * SECONDS_PER_DAY;
    let start = now - i64::from(weeks) * WEEK;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (published_at - ?1) / 604800 AS week, COUNT(*) FROM articles \
         WHERE status = 'published' AND published_at > ?1 AND published_at <= ?2 GROUP BY week",
    )
    .bind(start)
    .bind(now)
    .fetch_all(pool)
    .await?;
    Ok((0..i64::from(weeks))
        .map(|w| {
            let count = rows
                .iter()
                .find(|(week, _)| *week == w)
                .map_or(0, |(_, c)| *c);
            (start + w * WEEK, count as u32)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::articles;

    /// The fixtures' clock: 2026-06-01 00:00 UTC.
    const NOW: i64 = 1_780_272_000;
    const ANA: Actor<'static> = Actor {
        id: 1,
        name: "Ana Ruiz",
    };
    const TOM: Actor<'static> = Actor {
        id: 2,
        name: "Tom Okafor",
    };

    fn input<'a>(
        id: i64,
        base: i64,
        title: &'a str,
        slug: &'a str,
        tags: &'a [String],
    ) -> SaveInput<'a> {
        SaveInput {
            id,
            base_version: base,
            title,
            slug,
            excerpt: "",
            body_md: "Body",
            body_html: "<p>Body</p>",
            section_id: 1,
            tags,
            featured_media_id: None,
            comments_open: true,
            status: "draft",
            published_at: None,
            note: "",
        }
    }

    async fn visible(pool: &SqlitePool, slug: &str, at: i64, now: i64) -> bool {
        let day = Date::from_timestamp(at).timestamp();
        articles::find_published(&mut pool.acquire().await.unwrap(), slug, day, now)
            .await
            .unwrap()
            .is_some()
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_scheduled_article_appears_at_its_time_with_no_job(pool: SqlitePool) {
        let at = NOW + 3_600;
        let mut new = input(0, 0, "Later", "later", &[]);
        new.status = "published";
        new.published_at = Some(at);
        let SaveResult::Saved { id, .. } = save(&pool, &new, 1, ANA, NOW).await.unwrap() else {
            panic!("not saved")
        };
        let a = load(&pool, id).await.unwrap().unwrap();
        assert_eq!(a.status(NOW), Status::Scheduled);
        assert!(!visible(&pool, "later", at, NOW).await);
        assert!(!visible(&pool, "later", at, at - 1).await);
        assert!(visible(&pool, "later", at, at).await);
        let (rows, _) = list(
            &pool,
            &ArticleFilter {
                status: Some("scheduled".into()),
                ..Default::default()
            },
            NOW,
            10,
            0,
        )
        .await
        .unwrap();
        assert!(rows.iter().any(|(r, _)| r.id == id));
        // The audit log says who scheduled it.
        let (log, _) = audit::recent(&pool, 10, 0).await.unwrap();
        assert_eq!(
            (log[0].action.as_str(), log[0].actor.as_str()),
            ("schedule", "Ana Ruiz")
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn every_save_is_a_revision_and_versions_count_up(pool: SqlitePool) {
        let tags = vec!["Asylum".to_string(), "New tag".to_string()];
        let SaveResult::Saved { id, version } =
            save(&pool, &input(0, 0, "First", "first", &tags), 1, ANA, NOW)
                .await
                .unwrap()
        else {
            panic!()
        };
        assert_eq!(version, 1);
        let mut second = input(id, 1, "Second", "first", &tags);
        second.body_md = "Body\nmore";
        assert_eq!(
            save(&pool, &second, 1, TOM, NOW + 5).await.unwrap(),
            SaveResult::Saved { id, version: 2 }
        );
        let revs = revisions(&pool, id).await.unwrap();
        assert_eq!(revs.iter().map(|r| r.version).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(revs[0].saved_by, "Tom Okafor");
        let first = revision(&pool, id, revs[1].id).await.unwrap().unwrap();
        assert_eq!(
            (first.title.as_str(), first.body_md.as_str()),
            ("First", "Body")
        );
        // Tags were created on the fly, once, matched by slug.
        let a = load(&pool, id).await.unwrap().unwrap();
        assert_eq!(a.tags, "asylum, New tag");
        assert_eq!(a.saved_by, "Tom Okafor");
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_save_based_on_an_old_version_is_refused_and_writes_nothing(pool: SqlitePool) {
        let SaveResult::Saved { id, .. } =
            save(&pool, &input(0, 0, "Shared", "shared", &[]), 1, ANA, NOW)
                .await
                .unwrap()
        else {
            panic!()
        };
        // Ana and Tom both open version 1; Ana saves first.
        save(
            &pool,
            &input(id, 1, "Ana's title", "shared", &[]),
            1,
            ANA,
            NOW + 1,
        )
        .await
        .unwrap();
        let result = save(
            &pool,
            &input(id, 1, "Tom's title", "shared", &[]),
            1,
            TOM,
            NOW + 2,
        )
        .await
        .unwrap();
        let SaveResult::Conflict(theirs) = result else {
            panic!("expected a conflict, got {result:?}")
        };
        assert_eq!((theirs.title.as_str(), theirs.version), ("Ana's title", 2));
        assert_eq!(theirs.saved_by, "Ana Ruiz");
        let stored = load(&pool, id).await.unwrap().unwrap();
        assert_eq!(stored.title, "Ana's title");
        assert_eq!(revisions(&pool, id).await.unwrap().len(), 2);
        // Based on the new version, Tom's save goes through.
        assert!(matches!(
            save(
                &pool,
                &input(id, 2, "Tom's title", "shared", &[]),
                1,
                TOM,
                NOW + 3
            )
            .await
            .unwrap(),
            SaveResult::Saved { version: 3, .. }
        ));
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn a_changed_slug_of_a_live_article_keeps_the_old_address(pool: SqlitePool) {
        let a = load(&pool, 1).await.unwrap().unwrap();
        let old = public_path(&a, NOW).unwrap();
        assert_eq!(old, "/2026/01/10/alpha");
        let mut renamed = input(1, a.version, "Alpha", "alpha-renamed", &[]);
        renamed.status = "published";
        renamed.published_at = a.published_at;
        assert!(matches!(
            save(&pool, &renamed, 1, ANA, NOW).await.unwrap(),
            SaveResult::Saved { .. }
        ));
        assert_eq!(
            redirect_for(&pool, &old, NOW).await.unwrap().as_deref(),
            Some("/2026/01/10/alpha-renamed")
        );
        // Renamed back: the address is live again and no longer redirects (no loop).
        let mut back = input(1, a.version + 1, "Alpha", "alpha", &[]);
        back.status = "published";
        back.published_at = a.published_at;
        save(&pool, &back, 1, ANA, NOW).await.unwrap();
        assert_eq!(redirect_for(&pool, &old, NOW).await.unwrap(), None);
        assert_eq!(
            redirect_for(&pool, "/2026/01/10/alpha-renamed", NOW)
                .await
                .unwrap()
                .as_deref(),
            Some("/2026/01/10/alpha")
        );
        // A draft's slug change makes no redirect, and a slug in use is refused.
        let d = load(&pool, 7).await.unwrap().unwrap();
        save(
            &pool,
            &input(7, d.version, "Draft", "draft-two", &[]),
            1,
            ANA,
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(
            redirect_for(&pool, "/2026/01/10/draft-one", NOW)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            save(
                &pool,
                &input(7, d.version + 1, "Draft", "beta", &[]),
                1,
                ANA,
                NOW
            )
            .await
            .unwrap(),
            SaveResult::SlugTaken
        );
        // Once unpublished, the old address leads nowhere.
        save(
            &pool,
            &input(1, a.version + 2, "Alpha", "alpha", &[]),
            1,
            ANA,
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(
            redirect_for(&pool, "/2026/01/10/alpha-renamed", NOW)
                .await
                .unwrap(),
            None
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn the_trash_hides_restores_and_purges_after_thirty_days(pool: SqlitePool) {
        assert_eq!(trash(&pool, &[2, 2, 999], ANA, NOW).await.unwrap(), 1);
        assert!(!visible(&pool, "beta", 1_771_156_800, NOW).await);
        assert!(restore(&pool, 2, ANA, NOW + 10).await.unwrap());
        let b = load(&pool, 2).await.unwrap().unwrap();
        assert_eq!(b.status(NOW), Status::Draft);
        assert_eq!(
            b.published_at,
            Some(1_771_156_800),
            "the date stays for republishing"
        );
        trash(&pool, &[2], ANA, NOW).await.unwrap();
        assert_eq!(
            purge_trash(&pool, NOW + 29 * SECONDS_PER_DAY)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            purge_trash(&pool, NOW + 31 * SECONDS_PER_DAY)
                .await
                .unwrap(),
            1
        );
        assert!(load(&pool, 2).await.unwrap().is_none());
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn an_autosave_never_touches_the_article(pool: SqlitePool) {
        let a = load(&pool, 7).await.unwrap().unwrap();
        let copy = Autosave {
            title: "Autosaved".into(),
            excerpt: String::new(),
            body_md: "Typed".into(),
            saved_at: NOW,
        };
        autosave(&pool, 1, 7, a.version, &copy).await.unwrap();
        assert_eq!(load(&pool, 7).await.unwrap().unwrap(), a);
        assert_eq!(
            autosave_for(&pool, 1, 7, a.updated_at).await.unwrap(),
            Some(copy)
        );
        assert_eq!(autosave_for(&pool, 2, 7, a.updated_at).await.unwrap(), None);
        // A real save supersedes it.
        save(
            &pool,
            &input(7, a.version, "Draft", "draft-one", &[]),
            1,
            ANA,
            NOW + 1,
        )
        .await
        .unwrap();
        assert_eq!(autosave_for(&pool, 1, 7, 0).await.unwrap(), None);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn the_list_filters_counts_and_searches(pool: SqlitePool) {
        let counts = status_counts(&pool, NOW).await.unwrap();
        assert_eq!(counts, [1, 0, 1, 5, 0]);
        let f = |status: Option<&str>, q: Option<&str>| ArticleFilter {
            status: status.map(Into::into),
            q: q.map(Into::into),
            ..Default::default()
        };
        let (rows, total) = list(&pool, &f(None, Some("ta")), NOW, 10, 0).await.unwrap();
        let titles: Vec<_> = rows.iter().map(|(r, _)| r.title.as_str()).collect();
        assert_eq!((total, titles.len()), (2, 2));
        assert!(titles.contains(&"Beta") && titles.contains(&"Delta"));
        let (rows, _) = list(&pool, &f(None, Some("100%_")), NOW, 10, 0)
            .await
            .unwrap();
        assert!(rows.is_empty());
        let tagged = ArticleFilter {
            tag: Some("vaccines".into()),
            ..Default::default()
        };
        let (rows, _) = list(&pool, &tagged, NOW, 10, 0).await.unwrap();
        assert_eq!(rows.iter().map(|(r, _)| r.id).collect::<Vec<_>>(), [4]);
        let (rows, _) = list(&pool, &f(Some("draft"), None), NOW, 10, 0)
            .await
            .unwrap();
        assert_eq!(rows[0].0.url, None);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn weekly_counts_cover_twelve_weeks_up_to_now(pool: SqlitePool) {
        let weeks = published_per_week(&pool, NOW, 12).await.unwrap();
        assert_eq!(weeks.len(), 12);
        assert_eq!(weeks[11].0, NOW - 7 * SECONDS_PER_DAY);
        // Gamma, delta and epsilon fall in the last 84 days; "future" is not out yet.
        assert_eq!(weeks.iter().map(|(_, c)| c).sum::<u32>(), 3);
        assert_eq!(
            weeks[10].1, 1,
            "epsilon, 11.7 days ago, is in the week before last"
        );
    }
}
