//! The session store: tower-sessions records kept in SQLite as JSON, so sessions survive a
//! restart. (tower-sessions-sqlx-store would pull in sqlx 0.8 and an older SQLite.)

use sqlx::SqlitePool;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Clone, Debug)]
pub struct SqliteSessionStore {
    pool: SqlitePool,
}

impl SqliteSessionStore {
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    async fn insert(&self, record: &Record, replace: bool) -> Result<bool, sqlx::Error> {
        let data = serde_json::to_string(&record.data).unwrap_or_default();
        let sql = if replace {
            "INSERT OR REPLACE INTO sessions (id, data, expires_at) VALUES (?, ?, ?)"
        } else {
            "INSERT OR IGNORE INTO sessions (id, data, expires_at) VALUES (?, ?, ?)"
        };
        let done = sqlx::query(sql)
            .bind(record.id.to_string())
            .bind(data)
            .bind(record.expiry_date.unix_timestamp())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many sessions are stored (for tests).
    pub async fn count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await
    }
}

/// Ends every session of `user_id` (except `keep`, the session making the change): after a
/// password change, a disabled account or a deleted one. Sessions hold the user id where
/// axum-login keeps it.
pub async fn delete_for_user(
    pool: &SqlitePool,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM sessions WHERE json_extract(data, '$.\"axum-login.data\".user_id') = ? \
         AND id IS NOT ?",
    )
    .bind(user_id)
    .bind(keep)
    .execute(pool)
    .await
    .map(|done| done.rows_affected())
}

fn backend(err: sqlx::Error) -> session_store::Error {
    tracing::error!(error = %err, "session store");
    session_store::Error::Backend("session store unavailable".into())
}

#[async_trait::async_trait]
impl SessionStore for SqliteSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new random id until it is one nobody has.
        while !self.insert(record, false).await.map_err(backend)? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.insert(record, true).await.map(drop).map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE id = ? AND expires_at > unixepoch()",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date =
            tower_sessions::cookie::time::OffsetDateTime::from_unix_timestamp(expires_at)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(backend)
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for SqliteSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= unixepoch()")
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(backend)
    }
}
