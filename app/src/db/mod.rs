//! All SQL lives here. Functions take a pool, a connection (the reads of one page share
//! one: see `connect`) or a transaction, return plain types, and know nothing about Leptos.
//!
//! A bound `LIMIT` is written `LIMIT +?`. SQLite (3.47 on) reads the value bound to a bare
//! `LIMIT ?` while planning, and so marks the statement to be prepared again whenever that
//! parameter is bound again: every execution (`sqlite3ExprIsInteger`, `sqlite3VdbeSetVarmask`).
//! On an article page that was three statements re-parsed and re-planned per render, 15 % of
//! its instructions (callgrind). `+?` is the same value, read when the statement runs. The
//! one exception is the search's inner `LIMIT` on the full-text table, where knowing the
//! value lets FTS5 stop early. `limit_rule::every_bound_limit_is_read_at_run_time` holds the rule.

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
        // Each connection is a thread of its own here, and sqlx's test before a connection
        // is handed out is a round trip to it (two context switches, on every statement a
        // page ran): a file that opened does not go away. sqlx still tests it on release.
        .test_before_acquire(false)
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

#[cfg(test)]
mod limit_rule {
    /// See the module's notes: a bare `LIMIT ?` is re-prepared at every execution.
    #[test]
    fn every_bound_limit_is_read_at_run_time() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/db");
        let mut bare = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // The code before any tests, without comments, in one line: both spellings are
            // found, in SQL text and before a query builder's `push_bind`.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let squeezed = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .flat_map(str::split_whitespace)
                .collect::<Vec<_>>()
                .join(" ");
            for needle in ["LIMIT ?", "LIMIT \") .push_bind"] {
                for (at, _) in squeezed.match_indices(needle) {
                    let from = (0..=at.saturating_sub(60))
                        .rev()
                        .find(|i| squeezed.is_char_boundary(*i))
                        .unwrap_or(0);
                    if !squeezed[from..at].contains("article_search MATCH") {
                        bare.push(format!("{}: {}", path.display(), &squeezed[from..at]));
                    }
                }
            }
        }
        assert!(bare.is_empty(), "write LIMIT +? instead: {bare:#?}");
    }
}
