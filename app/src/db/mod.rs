//! All SQL lives here. Functions take a pool (or a transaction), return plain types, and
//! know nothing about Leptos.

pub mod articles;
pub mod audit;
pub mod backup;
pub mod comments;
pub mod editorial;
pub mod headlines;
pub mod import;
pub mod media;
pub mod moderation;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod taxonomy;
pub mod users;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::{str::FromStr, time::Duration};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Opens (creating if needed) the SQLite database at `url` with the settings every
/// connection needs: WAL (sqlx does not switch it on), synchronous=FULL so an acknowledged
/// write survives power loss, a busy timeout, and foreign keys.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// Whether the database answers and every migration this binary carries has been applied
/// (`/readyz`).
pub async fn ready(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await?;
    Ok(MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .all(|m| applied.contains(&m.version)))
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The next moment public pages change by themselves, with no write: a scheduled article
/// goes live, or a headline starts or ends. The page cache keeps nothing past it.
pub async fn next_scheduled_change(pool: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    let now = now();
    let article: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(published_at) FROM articles WHERE status = 'published' AND published_at > ?",
    )
    .bind(now)
    .fetch_one(pool)
    .await?;
    let headline = headlines::next_change(pool, now).await?;
    Ok(match (article, headline) {
        (Some(a), Some(h)) => Some(a.min(h)),
        (a, h) => a.or(h),
    })
}

/// A `LIKE` pattern matching `text` anywhere, with `%`, `_` and `\` taken literally (use
/// with `ESCAPE '\'`).
pub fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}
