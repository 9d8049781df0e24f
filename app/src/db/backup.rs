//! Whole-database operations for `server backup` and `server restore`.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqlitePool;
use std::path::Path;

/// What a database holds, for the backup and restore reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    pub articles: i64,
    pub comments: i64,
    pub people: i64,
    pub images: i64,
}

pub async fn contents(pool: &SqlitePool) -> Result<Contents, sqlx::Error> {
    let (articles, comments, people, images): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM comments), \
                (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM media)",
    )
    .fetch_one(pool)
    .await?;
    Ok(Contents {
        articles,
        comments,
        people,
        images,
    })
}

/// Writes a consistent copy of the database to `path` (which must not exist) while others
/// keep reading and writing: `VACUUM INTO` reads one snapshot, in one read transaction.
pub async fn copy_into(pool: &SqlitePool, path: &Path) -> Result<(), sqlx::Error> {
    sqlx::query("VACUUM INTO ?")
        .bind(path.to_string_lossy().into_owned())
        .execute(pool)
        .await?;
    Ok(())
}

/// `PRAGMA integrity_check`: `Ok(())` when SQLite answers "ok", else its first complaints.
pub async fn integrity(pool: &SqlitePool) -> Result<Result<(), String>, sqlx::Error> {
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(5)")
        .fetch_all(pool)
        .await?;
    Ok(if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(rows.join("; "))
    })
}

/// Moves everything in the write-ahead log into the database file and empties the log, so the
/// file alone is the whole database.
pub async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await?;
    Ok(())
}

/// Opens an existing database file without changing it (not even its journal mode).
pub async fn open_read_only(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
}

/// Migrations recorded in the database that this binary does not know: the database was made
/// by a newer version.
pub async fn unknown_migrations(pool: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
        .fetch_all(pool)
        .await?;
    Ok(applied
        .into_iter()
        .filter(|v| !super::MIGRATOR.iter().any(|m| m.version == *v))
        .collect())
}
