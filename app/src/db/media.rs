//! The media library.

use crate::model::MediaItem;
use sqlx::{Row, SqlitePool};

pub use super::seed::NewMedia;

pub async fn insert(pool: &SqlitePool, m: &NewMedia<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = super::seed::insert_media(&mut tx, m, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// How many articles use an image: as their featured image or in their body.
const USES: &str = "(SELECT COUNT(*) FROM articles a WHERE a.featured_media_id = m.id \
     OR instr(a.body_md, '/media/' || m.file_name) > 0)";

/// One page of the library, newest first, and how many images there are.
pub async fn list(
    pool: &SqlitePool,
    limit: u32,
    offset: u64,
) -> Result<(Vec<MediaItem>, u64), sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(pool)
        .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT m.id, m.file_name, m.alt, m.caption, m.credit, m.width, m.height, m.created_at, \
         coalesce(u.display_name, '') AS uploaded_by, {USES} AS uses \
         FROM media m LEFT JOIN users u ON u.id = m.uploaded_by \
         ORDER BY m.created_at DESC, m.id DESC LIMIT +? OFFSET ?"
    )))
    .bind(i64::from(limit))
    .bind(offset as i64)
    .fetch_all(pool)
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            let file: String = r.try_get("file_name")?;
            Ok(MediaItem {
                id: r.try_get("id")?,
                url: format!("/media/{file}"),
                alt: r.try_get("alt")?,
                caption: r.try_get("caption")?,
                credit: r.try_get("credit")?,
                width: r.try_get("width")?,
                height: r.try_get("height")?,
                created_at: r.try_get("created_at")?,
                uploaded_by: r.try_get("uploaded_by")?,
                uses: r.try_get::<i64, _>("uses")? as u32,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((items, total as u64))
}

/// Changes an image's alt text, caption and credit. False: no such image.
pub async fn update(
    pool: &SqlitePool,
    id: i64,
    alt: &str,
    caption: &str,
    credit: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE media SET alt = ?, caption = ?, credit = ? WHERE id = ?")
        .bind(alt)
        .bind(caption)
        .bind(credit)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Why an image could not be deleted.
#[derive(Debug, PartialEq)]
pub enum DeleteRefusal {
    NotFound,
    InUse(u32),
}

/// Deletes an image no article uses; returns its file name, to remove from disk.
pub async fn delete_unused(
    pool: &SqlitePool,
    id: i64,
) -> Result<Result<String, DeleteRefusal>, sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.file_name, {USES} FROM media m WHERE m.id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((file, uses)) = row else {
        return Ok(Err(DeleteRefusal::NotFound));
    };
    if uses > 0 {
        return Ok(Err(DeleteRefusal::InUse(uses as u32)));
    }
    sqlx::query("DELETE FROM media WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn an_image_in_use_cannot_be_deleted(pool: SqlitePool) {
        assert_eq!(
            delete_unused(&pool, 1).await.unwrap(),
            Err(DeleteRefusal::InUse(1))
        );
        let new = NewMedia {
            file_name: "2026-06-abc.jpg",
            mime: "image/jpeg",
            width: 10,
            height: 10,
            alt: "A river",
            caption: "",
            credit: "",
            uploaded_by: Some(1),
        };
        let id = insert(&pool, &new, 1_780_272_000).await.unwrap();
        let (items, total) = list(&pool, 10, 0).await.unwrap();
        assert_eq!(
            (total, items[0].id, items[0].uploaded_by.as_str()),
            (2, id, "Ana Ruiz")
        );
        // Used in a body, it is in use too.
        sqlx::query(
            "UPDATE articles SET body_md = 'See ![x](/media/2026-06-abc.jpg)' WHERE id = 2",
        )
        .execute(&pool)
        .await
        .unwrap();
        assert_eq!(
            delete_unused(&pool, id).await.unwrap(),
            Err(DeleteRefusal::InUse(1))
        );
        sqlx::query("UPDATE articles SET body_md = '' WHERE id = 2")
            .execute(&pool)
            .await
            .unwrap();
        assert!(update(&pool, id, "A dry river", "c", "d").await.unwrap());
        assert_eq!(
            delete_unused(&pool, id).await.unwrap(),
            Ok("2026-06-abc.jpg".into())
        );
        assert_eq!(
            delete_unused(&pool, id).await.unwrap(),
            Err(DeleteRefusal::NotFound)
        );
    }
}
