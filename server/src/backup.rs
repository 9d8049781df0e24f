//! `server backup FOLDER` and `server restore FOLDER`, the lock that keeps a restore away from
//! a running site, and the start-up check that the data folders can be written.
//!
//! A backup folder holds `rights-to-all.db` (a consistent copy taken with `VACUUM INTO` while
//! the site runs) and `media/` (the uploaded images, copied after the database, so every image
//! the copy names is there unless it was deleted in between).

use crate::config::Config;
use app::db;
use sqlx::SqlitePool;
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The database's name inside a backup folder.
pub const BACKUP_DATABASE: &str = "rights-to-all.db";

/// Fails with one line saying what to fix unless `dir` exists (or can be made) and a file can
/// be written in it. `setting` names the variable that moves it.
pub fn writable_folder(dir: &Path, setting: &str) -> Result<(), String> {
    let unwritable = |e: std::io::Error| {
        format!(
            "the data folder {} cannot be written ({e}): make it writable for this user, or set {setting} to a folder that is",
            dir.display()
        )
    };
    fs::create_dir_all(dir).map_err(unwritable)?;
    let probe = dir.join(format!(".write-test-{}", std::process::id()));
    fs::write(&probe, b"").map_err(unwritable)?;
    let _ = fs::remove_file(probe);
    Ok(())
}

/// Held while the site runs; a restore (or a second server on the same database) cannot take
/// it. The operating system lets go when the process ends, however it ends.
#[derive(Debug)]
pub struct SiteLock(#[allow(dead_code)] Option<File>);

pub fn lock_site(config: &Config) -> Result<SiteLock, String> {
    let Some(database) = config.database_file() else {
        return Ok(SiteLock(None));
    };
    let path = lock_path(&database);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open the lock file {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(SiteLock(Some(file))),
        Err(TryLockError::WouldBlock) => Err(format!(
            "another server is using {}: stop it first (or set DATABASE_URL to another file)",
            database.display()
        )),
        Err(TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

fn lock_path(database: &Path) -> PathBuf {
    sibling(database, ".lock")
}

fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    file.with_file_name(name)
}

fn describe(c: &db::backup::Contents) -> String {
    format!(
        "{} articles, {} comments, {} people and {} images",
        c.articles, c.comments, c.people, c.images
    )
}

/// Copies the database (online, consistent) and the media folder into `folder`, which must
/// be new or empty.
pub async fn backup(pool: &SqlitePool, media_dir: &Path, folder: &Path) -> Result<String, String> {
    let started = Instant::now();
    if fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(format!(
            "{} is not empty: back up into a new folder",
            folder.display()
        ));
    }
    fs::create_dir_all(folder)
        .map_err(|e| format!("cannot make the backup folder {}: {e}", folder.display()))?;
    let copy = folder.join(BACKUP_DATABASE);
    db::backup::copy_into(pool, &copy)
        .await
        .map_err(|e| format!("copying the database to {}: {e}", copy.display()))?;
    File::open(&copy)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("writing {} to disk: {e}", copy.display()))?;
    let contents = check(&copy).await?;
    let images = copy_files(media_dir, &folder.join("media"))?;
    Ok(format!(
        "Backed up {} to {} in {:.1} s ({images} image files).",
        describe(&contents),
        folder.display(),
        started.elapsed().as_secs_f64()
    ))
}

/// Opens a database file read-only and checks it is whole and from this version or older.
async fn check(file: &Path) -> Result<db::backup::Contents, String> {
    let name = file.display();
    let pool = db::backup::open_read_only(file)
        .await
        .map_err(|e| format!("cannot open {name}: {e}"))?;
    let result = async {
        db::backup::integrity(&pool)
            .await
            .map_err(|e| format!("cannot read {name}: {e}"))?
            .map_err(|problems| format!("{name} is damaged: {problems}"))?;
        let unknown = db::backup::unknown_migrations(&pool)
            .await
            .map_err(|e| format!("{name} is not a Rights To All database: {e}"))?;
        if !unknown.is_empty() {
            return Err(format!(
                "{name} was made by a newer version of the site (migrations {unknown:?}): update this one first"
            ));
        }
        db::backup::contents(&pool)
            .await
            .map_err(|e| format!("{name} is not a Rights To All database: {e}"))
    }
    .await;
    pool.close().await;
    result
}

/// Copies every file of `from` that `to` lacks (uploads never change once written). Returns
/// how many files `to` holds afterwards from `from`.
fn copy_files(from: &Path, to: &Path) -> Result<usize, String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot make {}: {e}", to.display()))?;
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(0);
    };
    let mut count = 0;
    for entry in entries.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let target = to.join(entry.file_name());
        if !target.exists() {
            fs::copy(entry.path(), &target)
                .map_err(|e| format!("copying {}: {e}", entry.path().display()))?;
        }
        count += 1;
    }
    Ok(count)
}

/// Puts a backup back: the site must be stopped. The database it replaces is kept beside it
/// (`….before-restore-<time>`); images the backup has and the media folder lacks are copied.
pub async fn restore(config: &Config, folder: &Path) -> Result<String, String> {
    let source = if folder.is_dir() {
        folder.join(BACKUP_DATABASE)
    } else {
        folder.to_path_buf()
    };
    if !source.is_file() {
        return Err(format!(
            "{} is not a backup: it has no {BACKUP_DATABASE}",
            folder.display()
        ));
    }
    let target = config.database_file().ok_or_else(|| {
        "restore needs a database file: set DATABASE_URL to sqlite://path/to/file.db".to_owned()
    })?;
    let contents = check(&source).await?;
    let _lock =
        lock_site(config).map_err(|e| format!("{e}; the site must be stopped to restore"))?;
    let mut kept = None;
    if target.exists() {
        // Empty the write-ahead log into the file, so the file is the whole old database.
        let pool = db::connect(&config.database_url)
            .await
            .map_err(|e| format!("opening {}: {e}", target.display()))?;
        let flushed = db::backup::checkpoint(&pool).await;
        pool.close().await;
        flushed.map_err(|e| format!("flushing {}: {e}", target.display()))?;
        let aside = sibling(&target, &format!(".before-restore-{}", db::now()));
        fs::rename(&target, &aside)
            .map_err(|e| format!("moving {} aside: {e}", target.display()))?;
        kept = Some(aside);
    }
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(sibling(&target, suffix));
    }
    let partial = sibling(&target, ".restoring");
    fs::copy(&source, &partial)
        .and_then(|_| File::open(&partial)?.sync_all())
        .map_err(|e| format!("copying {}: {e}", source.display()))?;
    fs::rename(&partial, &target).map_err(|e| format!("putting the copy in place: {e}"))?;
    // Bring the restored copy up to this version's schema now, not at the next start.
    let pool = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("opening the restored {}: {e}", target.display()))?;
    let migrated = db::migrate(&pool).await;
    pool.close().await;
    migrated.map_err(|e| format!("applying migrations to the restored database: {e}"))?;
    let images = match source.parent() {
        Some(dir) if folder.is_dir() => copy_files(&dir.join("media"), &config.media_dir)?,
        _ => 0,
    };
    Ok(format!(
        "Restored {} ({images} image files) into {}.{}",
        describe(&contents),
        target.display(),
        kept.map(|k| format!(" The database it replaced is at {}.", k.display()))
            .unwrap_or_default()
    ))
}
