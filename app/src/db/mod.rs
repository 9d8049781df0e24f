//! All SQL lives here. Functions take a pool (or a transaction), return plain types, and
//! know nothing about Leptos.

pub mod articles;
pub mod audit;
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

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
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
