//! The audit log: who published, unpublished, trashed, deleted, changed a role or banned,
//! and when.

use super::editorial::Actor;
use super::seed::Tx;
use crate::model::AuditEntry;
use sqlx::{Row, SqlitePool};

/// Records an action inside the transaction that does it.
pub async fn record_tx(
    tx: &mut Tx<'_>,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(now)
    .bind(actor.id)
    .bind(actor.name)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an action on its own.
pub async fn record(
    pool: &SqlitePool,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    record_tx(&mut tx, actor, action, subject, detail, now).await?;
    tx.commit().await
}

/// The newest entries, and how many there are.
pub async fn recent(
    pool: &SqlitePool,
    limit: u32,
    offset: u64,
) -> Result<(Vec<AuditEntry>, u64), sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(pool)
        .await?;
    let rows = sqlx::query(
        "SELECT at, actor_name, action, subject, detail FROM audit_log \
         ORDER BY at DESC, id DESC LIMIT +? OFFSET ?",
    )
    .bind(i64::from(limit))
    .bind(offset as i64)
    .fetch_all(pool)
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.try_get("at")?,
                actor: r.try_get("actor_name")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((entries, total as u64))
}
