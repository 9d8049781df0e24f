//! Accounts: readers sign up here; staff accounts are made by the dashboard and the CLI.

use crate::domain::Date;
use crate::model::{AccountExport, CommentFate, ExportedComment, ExportedReport};
use sqlx::{Row, SqlitePool};

/// A user as authentication needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
}

impl UserRow {
    pub fn is_staff(&self) -> bool {
        self.role != "reader"
    }
}

const USER_COLUMNS: &str =
    "id, display_name, COALESCE(email, '') AS email, role, password_hash, disabled";

fn user(row: &sqlx::sqlite::SqliteRow) -> Result<UserRow, sqlx::Error> {
    Ok(UserRow {
        id: row.try_get("id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get("disabled")?,
    })
}

pub async fn by_id(pool: &SqlitePool, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    user_where(pool, "id = ?", id).await
}

/// `email` must already be normalised.
pub async fn by_email(pool: &SqlitePool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    user_where(pool, "email = ?", email).await
}

/// One user by a constant condition with one bound value.
async fn user_where<'q, T>(
    pool: &SqlitePool,
    condition: &'static str,
    value: T,
) -> Result<Option<UserRow>, sqlx::Error>
where
    T: sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + 'q,
{
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {condition}");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(user)
        .transpose()
}

/// Display names of everyone who writes or edits for the site, which readers may not take.
pub async fn staff_names(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT display_name FROM users WHERE role <> 'reader'")
        .fetch_all(pool)
        .await
}

/// Why an account could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("that email address already has an account")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn unique_violation(err: sqlx::Error) -> SaveError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => SaveError::EmailTaken,
        _ => SaveError::Db(err),
    }
}

/// A new reader; `email` normalised, `password_hash` an Argon2id PHC string.
pub async fn create_reader(
    pool: &SqlitePool,
    display_name: &str,
    email: &str,
    password_hash: &str,
    now: i64,
) -> Result<i64, SaveError> {
    // Readers have no public page; their username and slug are only unique placeholders.
    let handle = format!("reader-{}", random_hex());
    sqlx::query(
        "INSERT INTO users (username, email, display_name, slug, password_hash, role, created_at) \
         VALUES (?, ?, ?, ?, ?, 'reader', ?)",
    )
    .bind(&handle)
    .bind(email)
    .bind(display_name)
    .bind(&handle)
    .bind(password_hash)
    .bind(now)
    .execute(pool)
    .await
    .map(|done| done.last_insert_rowid())
    .map_err(unique_violation)
}

/// A staff account (made by `server create-admin` and, later, the dashboard). Its slug, for
/// its author page, comes from the name, made unique with a number when taken.
pub async fn create_staff(
    pool: &SqlitePool,
    display_name: &str,
    email: &str,
    password_hash: &str,
    role: crate::domain::roles::Role,
    now: i64,
) -> Result<i64, SaveError> {
    let base = crate::domain::Slug::from_title(display_name)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| "staff".to_owned());
    let mut slug = base.clone();
    let mut n = 2;
    while sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS(SELECT 1 FROM users WHERE slug = ?1 OR username = ?1)",
    )
    .bind(&slug)
    .fetch_one(pool)
    .await?
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    sqlx::query(
        "INSERT INTO users (username, email, display_name, slug, password_hash, role, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&slug)
    .bind(email)
    .bind(display_name)
    .bind(&slug)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now)
    .execute(pool)
    .await
    .map(|done| done.last_insert_rowid())
    .map_err(unique_violation)
}

fn random_hex() -> String {
    argon2::password_hash::generate_salt()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether readers see user `id`'s name anywhere: on a comment shown to them, or as the
/// byline of a published article.
pub async fn shown_publicly(pool: &SqlitePool, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM comments WHERE user_id = ?1 AND status = 'approved') \
         OR EXISTS(SELECT 1 FROM articles WHERE author_id = ?1 AND status = 'published')",
    )
    .bind(id)
    .fetch_one(pool)
    .await
}

pub async fn set_display_name(pool: &SqlitePool, id: i64, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = ? WHERE id = ?")
        .bind(name)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
}

pub async fn set_email(pool: &SqlitePool, id: i64, email: &str) -> Result<(), SaveError> {
    sqlx::query("UPDATE users SET email = ? WHERE id = ?")
        .bind(email)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
        .map_err(unique_violation)
}

pub async fn set_password(pool: &SqlitePool, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(id)
        .execute(pool)
        .await
        .map(drop)
}

/// Disables or re-enables an account; false when there is no such user.
pub async fn set_disabled(pool: &SqlitePool, id: i64, disabled: bool) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET disabled = ? WHERE id = ? AND username <> 'former-reader'")
        .bind(disabled)
        .bind(id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
}

/// Changes a role. Returns false for no such account.
pub async fn set_role(
    pool: &SqlitePool,
    id: i64,
    role: crate::domain::roles::Role,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET role = ? WHERE id = ? AND username <> 'former-reader'")
        .bind(role.as_str())
        .bind(id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
}

/// People for the admin's list: staff first (by role), then readers when `everyone`;
/// `q` matches names and emails.
pub async fn people(
    pool: &SqlitePool,
    q: Option<&str>,
    everyone: bool,
    limit: u32,
    offset: u64,
) -> Result<(Vec<crate::model::Person>, u64), sqlx::Error> {
    let pattern = q.map(super::like_pattern);
    let condition = "username <> 'former-reader' AND (?1 OR role <> 'reader') \
         AND (?2 IS NULL OR display_name LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\')";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM users WHERE {condition}"
    )))
    .bind(everyone)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, display_name, coalesce(email, '') AS email, role, disabled, created_at, \
         (SELECT COUNT(*) FROM articles a WHERE a.author_id = users.id) AS articles \
         FROM users WHERE {condition} \
         ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'editor' THEN 1 WHEN 'author' THEN 2 \
         WHEN 'contributor' THEN 3 ELSE 4 END, display_name COLLATE NOCASE LIMIT +?3 OFFSET ?4"
    )))
    .bind(everyone)
    .bind(&pattern)
    .bind(i64::from(limit))
    .bind(offset as i64)
    .fetch_all(pool)
    .await?;
    let people = rows
        .iter()
        .map(|r| {
            Ok(crate::model::Person {
                id: r.try_get("id")?,
                name: r.try_get("display_name")?,
                email: r.try_get("email")?,
                role: crate::domain::roles::Role::parse(&r.try_get::<String, _>("role")?)
                    .unwrap_or(crate::domain::roles::Role::Reader),
                disabled: r.try_get("disabled")?,
                created_at: r.try_get("created_at")?,
                articles: r.try_get::<i64, _>("articles")? as u32,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((people, total as u64))
}

/// The shared author of anonymised comments, made when first needed.
const FORMER_READER: &str = "former-reader";

/// Deletes a reader's account. Their comments go (`Remove`: a comment others replied to
/// stays as a "deleted" placeholder so the replies keep their place) or stay under the name
/// "Former reader" (`Anonymise`). Their reports go with them.
pub async fn delete_account(
    pool: &SqlitePool,
    id: i64,
    fate: CommentFate,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "INSERT OR IGNORE INTO users (username, display_name, slug, role, disabled, created_at) \
         VALUES (?, 'Former reader', ?, 'reader', 1, ?)",
    )
    .bind(FORMER_READER)
    .bind(FORMER_READER)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let former: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
        .bind(FORMER_READER)
        .fetch_one(&mut *tx)
        .await?;
    if fate == CommentFate::Remove {
        // Placeholders first (their body goes), then the rest.
        sqlx::query(
            "UPDATE comments SET status = 'trash', body = '' WHERE user_id = ? \
             AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM comments WHERE user_id = ? AND status <> 'trash'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE comments SET user_id = ? WHERE user_id = ?")
        .bind(former)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM users WHERE id = ? AND role = 'reader'")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Everything held about a user, for them to download.
pub async fn export(pool: &SqlitePool, id: i64) -> Result<Option<AccountExport>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT display_name, COALESCE(email, '') AS email, role, created_at FROM users WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let comments = sqlx::query(
        "SELECT c.id, c.parent_id, c.body, c.status, c.created_at, c.edited_at, a.title, \
         a.slug, a.published_at FROM comments c JOIN articles a ON a.id = c.article_id \
         WHERE c.user_id = ? ORDER BY c.created_at, c.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let published: Option<i64> = r.try_get("published_at")?;
        let slug: String = r.try_get("slug")?;
        Ok(ExportedComment {
            id: r.try_get("id")?,
            article_title: r.try_get("title")?,
            article_url: published
                .map(|at| format!("{}/{slug}", Date::from_timestamp(at).path()))
                .unwrap_or_default(),
            in_reply_to: r.try_get("parent_id")?,
            body: r.try_get("body")?,
            status: r.try_get("status")?,
            created_at: r.try_get("created_at")?,
            edited_at: r.try_get("edited_at")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let reports = sqlx::query(
        "SELECT comment_id, created_at FROM comment_reports WHERE user_id = ? ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ExportedReport {
            comment_id: r.try_get("comment_id")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(AccountExport {
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        created_at: row.try_get("created_at")?,
        comments,
        reports,
    }))
}

/// Recent failures for an account: from this address in the last day (count and latest), and
/// from anywhere in the last hour (count and earliest). Attempts still being checked count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    pub from_address: u32,
    pub last_from_address: i64,
    pub last_hour: u32,
    pub first_in_hour: i64,
}

/// Counts a login attempt before its password is checked, in one `BEGIN IMMEDIATE`
/// transaction with the check of the limits: reads the recent failures (per typed account
/// and client address, kept in the database so the limits survive a restart), asks `wait`
/// whether they lock the account, and if not records this attempt as a failure, which a
/// successful login then clears ([`clear_login_failures`]). So attempts made all at once
/// meet the limits as the same attempts one after another would: hashing takes tens of
/// milliseconds, and a check made before it and a failure recorded after it let a burst
/// through. Returns the wait when refused (nothing is written then).
pub async fn reserve_login_attempt(
    pool: &SqlitePool,
    account: &str,
    address: &str,
    now: i64,
    wait: impl FnOnce(LoginFailures) -> Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let pair = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MAX(failed_at), 0) AS last FROM login_failures \
         WHERE account = ? AND address = ? AND failed_at > ?",
    )
    .bind(account)
    .bind(address)
    .bind(now - 86_400)
    .fetch_one(&mut *tx)
    .await?;
    let hour = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MIN(failed_at), 0) AS first FROM login_failures \
         WHERE account = ? AND failed_at > ?",
    )
    .bind(account)
    .bind(now - 3_600)
    .fetch_one(&mut *tx)
    .await?;
    let failures = LoginFailures {
        from_address: pair.try_get::<i64, _>("n")? as u32,
        last_from_address: pair.try_get("last")?,
        last_hour: hour.try_get::<i64, _>("n")? as u32,
        first_in_hour: hour.try_get("first")?,
    };
    if let Some(wait) = wait(failures) {
        tx.rollback().await?;
        return Ok(Some(wait));
    }
    sqlx::query("INSERT INTO login_failures (account, address, failed_at) VALUES (?, ?, ?)")
        .bind(account)
        .bind(address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(None)
}

/// A successful login forgets this address's failures for the account, and anything older
/// than a day.
pub async fn clear_login_failures(
    pool: &SqlitePool,
    account: &str,
    address: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE (account = ? AND address = ?) OR failed_at <= ?")
        .bind(account)
        .bind(address)
        .bind(now - 86_400)
        .execute(pool)
        .await
        .map(drop)
}
