//! The binary as an operator meets it: configuration mistakes stop it at start with one line
//! saying what to fix, and `backup` / `restore` keep everything while the site takes writes.

mod common;

use app::db;
use server::config::Config;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// Runs the server binary in `dir` (its own working folder, so no Leptos.toml unless the test
/// writes one) with demo seeding off and the given environment.
fn server(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let settings = dir.join("Leptos.toml");
    if !settings.exists() {
        std::fs::write(
            &settings,
            "[package.metadata.leptos]\noutput-name = \"rights_to_all\"\n",
        )
        .unwrap();
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SEED_DEMO", "0")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let child = command.spawn().expect("start the server binary");
    let started = std::time::Instant::now();
    let output = child.wait_with_output().expect("server output");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the server took {:?} to give up",
        started.elapsed()
    );
    output
}

/// Asserts the run failed with exactly one line of output, which says `expected`.
fn fails_with_one_line(output: &Output, expected: &str) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "exit 0 for: {text}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "a clean exit, not a signal: {text}"
    );
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, got: {text}");
    assert!(!text.contains("panicked"), "a panic: {text}");
    assert!(text.contains(expected), "{expected:?} not in: {text}");
    lines[0].to_owned()
}

#[test]
fn a_bad_database_url_stops_the_server_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = server(
        dir.path(),
        &[],
        &[("DATABASE_URL", "postgres://db.example/news")],
    );
    let line = fails_with_one_line(&output, "postgres://db.example/news");
    assert!(line.contains("DATABASE_URL"), "names the setting: {line}");
}

#[test]
fn an_unwritable_data_folder_stops_the_server_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // /proc cannot be written even by root, so this holds whoever runs the tests.
    let output = server(
        dir.path(),
        &[],
        &[("DATABASE_URL", "sqlite:///proc/rights-to-all/site.db")],
    );
    let line = fails_with_one_line(&output, "/proc/rights-to-all cannot be written");
    assert!(line.contains("DATABASE_URL"), "names the setting: {line}");
    let media = server(
        dir.path(),
        &[],
        &[
            (
                "DATABASE_URL",
                &format!("sqlite://{}/site.db", dir.path().display()),
            ),
            ("MEDIA_DIR", "/proc/rights-to-all-media"),
        ],
    );
    fails_with_one_line(&media, "MEDIA_DIR");
}

#[test]
fn a_port_in_use_stops_the_server_before_it_touches_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let database = dir.path().join("site.db");
    let output = server(
        dir.path(),
        &[],
        &[
            ("DATABASE_URL", &format!("sqlite://{}", database.display())),
            ("LEPTOS_SITE_ADDR", &addr),
            ("SEED_DEMO", "1"),
        ],
    );
    let line = fails_with_one_line(&output, &format!("cannot listen on {addr}"));
    assert!(
        line.contains("LEPTOS_SITE_ADDR"),
        "says what to change: {line}"
    );
    assert!(
        !database.exists(),
        "the database was made before the port was tried"
    );
}

#[test]
fn a_malformed_leptos_toml_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Leptos.toml"),
        "[site]\nname = \"Rights To All\"\ndatabase-url = sqlite://data/x.db\n",
    )
    .unwrap();
    let output = server(dir.path(), &[], &[]);
    let line = fails_with_one_line(&output, "Leptos.toml line 3");
    assert!(
        !line.contains("Cargo.toml"),
        "points at the wrong file: {line}"
    );
    // A value of the wrong type, too.
    std::fs::write(dir.path().join("Leptos.toml"), "[site]\nname = 7\n").unwrap();
    fails_with_one_line(&server(dir.path(), &[], &[]), "Leptos.toml line 2");
}

#[test]
fn a_missing_leptos_toml_says_where_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(dir.path())
        .env_remove("LEPTOS_OUTPUT_NAME")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    fails_with_one_line(&output, "no Leptos.toml in");
}

#[test]
fn an_unknown_command_prints_the_usage_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = server(dir.path(), &["bakup", "x"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("server backup FOLDER"), "{text}");
}

fn config_for(database: &Path, media: &Path) -> Config {
    Config {
        leptos_options: leptos::config::LeptosOptions::builder()
            .output_name("rights_to_all")
            .build(),
        database_url: format!("sqlite://{}", database.display()),
        media_dir: media.to_path_buf(),
        site_name: "Rights To All".into(),
        site_url: "http://127.0.0.1:3000".into(),
        seed_demo: false,
        secure_cookies: false,
        trusted_proxy: None,
        page_cache_bytes: 0,
        page_cache_stale: std::time::Duration::ZERO,
    }
}

/// Comments posted straight through the database, one per simulated 20 s so none waits.
async fn post_comments(pool: sqlx::SqlitePool, article: i64, user: i64, count: i64) -> i64 {
    let mut posted = 0;
    for i in 0..count {
        let saved = db::comments::post(
            &pool,
            db::comments::NewComment {
                article_id: article,
                user_id: user,
                parent_id: None,
                body: "Written while the backup ran.",
                links: 0,
                trusted: true,
            },
            db::now() + 20 * (i + 1),
        )
        .await
        .expect("post a comment");
        posted += i64::from(saved.is_ok());
        tokio::task::yield_now().await;
    }
    posted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_site_writes_restores_whole() {
    let app = common::spawn_app().await;
    let article = app.newest().await.id;
    let user = app.count("SELECT MIN(id) FROM users").await;
    let before = db::backup::contents(&app.pool).await.unwrap();
    let backups = tempfile::tempdir().unwrap();
    let folder = backups.path().join("nightly");

    // Writers keep going while the copy is taken.
    let writer = tokio::spawn(post_comments(app.pool.clone(), article, user, 300));
    tokio::time::sleep(Duration::from_millis(20)).await;
    let report = server::backup::backup(&app.pool, app.media_dir(), &folder)
        .await
        .expect("backup");
    let posted = writer.await.unwrap();
    assert_eq!(posted, 300);
    assert!(report.starts_with("Backed up "), "{report}");

    // The copy is one consistent moment: whole, with the articles, and some of the comments.
    let copy = db::backup::open_read_only(&folder.join(server::backup::BACKUP_DATABASE))
        .await
        .unwrap();
    assert_eq!(db::backup::integrity(&copy).await.unwrap(), Ok(()));
    let copied = db::backup::contents(&copy).await.unwrap();
    copy.close().await;
    assert_eq!(copied.articles, before.articles);
    assert_eq!(copied.people, before.people);
    assert!(
        (before.comments..=before.comments + 300).contains(&copied.comments),
        "{copied:?} vs {before:?}"
    );
    let images = std::fs::read_dir(app.media_dir()).unwrap().count();
    assert!(images > 0, "the demo has images");
    assert_eq!(
        std::fs::read_dir(folder.join("media")).unwrap().count(),
        images
    );

    // A backup never overwrites one.
    let again = server::backup::backup(&app.pool, app.media_dir(), &folder).await;
    assert!(again.unwrap_err().contains("is not empty"));

    // Restore onto a site that has moved on: it comes back as the copy, and the replaced
    // database is kept.
    let site = tempfile::tempdir().unwrap();
    let database = site.path().join("site.db");
    let media = site.path().join("media");
    let config = config_for(&database, &media);
    let other = db::connect(&config.database_url).await.unwrap();
    db::migrate(&other).await.unwrap();
    other.close().await;
    let restored = server::backup::restore(&config, &folder)
        .await
        .expect("restore");
    assert!(
        restored.contains("The database it replaced is at"),
        "{restored}"
    );
    let pool = db::connect(&config.database_url).await.unwrap();
    assert_eq!(db::backup::contents(&pool).await.unwrap(), copied);
    assert_eq!(db::backup::integrity(&pool).await.unwrap(), Ok(()));
    assert!(db::ready(&pool).await.unwrap(), "restored and migrated");
    pool.close().await;
    assert_eq!(std::fs::read_dir(&media).unwrap().count(), images);
    let kept = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .count();
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn restore_refuses_a_running_site_and_a_damaged_or_missing_backup() {
    let site = tempfile::tempdir().unwrap();
    let database = site.path().join("site.db");
    let config = config_for(&database, &site.path().join("media"));
    let pool = db::connect(&config.database_url).await.unwrap();
    db::migrate(&pool).await.unwrap();
    let backups = tempfile::tempdir().unwrap();
    let folder = backups.path().join("b");
    server::backup::backup(&pool, &site.path().join("media"), &folder)
        .await
        .unwrap();
    pool.close().await;

    // The site is running: it holds the lock.
    let running = server::backup::lock_site(&config).unwrap();
    let refused = server::backup::restore(&config, &folder).await.unwrap_err();
    assert!(refused.contains("stop it first"), "{refused}");
    assert!(
        server::backup::lock_site(&config).is_err(),
        "a second server on the same database"
    );
    drop(running);

    let missing = server::backup::restore(&config, &backups.path().join("none"))
        .await
        .unwrap_err();
    assert!(missing.contains("is not a backup"), "{missing}");

    let damaged = backups.path().join("damaged.db");
    let mut bytes = std::fs::read(folder.join(server::backup::BACKUP_DATABASE)).unwrap();
    bytes.truncate(bytes.len() / 2);
    bytes[100..4096].fill(0xA5);
    std::fs::write(&damaged, bytes).unwrap();
    let refused = server::backup::restore(&config, &damaged)
        .await
        .unwrap_err();
    assert!(refused.contains("damaged.db"), "{refused}");
    // Nothing was touched by the refusals.
    assert!(database.exists());
    let kept = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .count();
    assert_eq!(kept, 0);

    server::backup::restore(&config, &folder)
        .await
        .expect("restore once stopped");
}

#[test]
fn the_backup_and_restore_commands_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/site.db", dir.path().display());
    let env = [("DATABASE_URL", url.as_str())];
    // `create-admin` makes the database (and a person to find in the copy).
    let made = server(
        dir.path(),
        &["create-admin", "--email", "ed@example.org", "--name", "Ed"],
        &env,
    );
    assert!(made.status.success(), "{made:?}");
    let backed = server(dir.path(), &["backup", "copy"], &env);
    let text = String::from_utf8_lossy(&backed.stdout);
    assert!(backed.status.success(), "{backed:?}");
    assert!(text.contains("1 people"), "{text}");
    let restored = server(dir.path(), &["restore", "copy"], &env);
    let text = String::from_utf8_lossy(&restored.stdout);
    assert!(restored.status.success(), "{restored:?}");
    assert!(
        text.starts_with("Restored 0 articles, 0 comments, 1 people"),
        "{text}"
    );
}
