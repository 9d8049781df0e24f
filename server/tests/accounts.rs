//! HTTP tests for reader accounts, sessions, login limits and comments: each rule of
//! SECURITY.md and issue 4, through the real router.

mod common;

use app::api::{
    DeleteAccount, DeleteComment, EditComment, GetArticle, GetCommentThread, GetViewer, Login,
    Logout, PostComment, Register, ReportComment, UpdateEmail, UpdateName, UpdatePassword,
};
use app::model::{CommentSaved, CommentState, CommentThread, Viewer};
use common::{login, register, spawn_app, Browser, Reply, TestApp, PASSWORD};
use leptos::server_fn::ServerFn;

fn path<F: ServerFn>() -> &'static str {
    F::PATH
}

async fn viewer(b: &mut Browser<'_>) -> Option<Viewer> {
    let reply = b.get(path::<GetViewer>()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// A reader whose first comment was approved, so their next ones publish at once.
async fn trusted_reader<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = app.browser([10, 0, 0, 9]);
    assert_eq!(register(&mut b, "Trusted Reader", email).await.status, 200);
    sqlx::query(
        "INSERT INTO comments (article_id, user_id, body, status, created_at) \
         SELECT (SELECT MIN(id) FROM articles), id, 'old', 'approved', 0 FROM users WHERE email = ?",
    )
    .bind(email)
    .execute(&app.pool)
    .await
    .unwrap();
    b
}

fn error_field(reply: &Reply) -> String {
    let error: app::error::AppError = reply.json();
    error.field().unwrap_or("-").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_checks_every_field_and_logs_the_reader_in() {
    let app = spawn_app().await;
    let users = app.count("SELECT COUNT(*) FROM users").await;
    let mut b = app.browser([10, 0, 0, 1]);
    for (name, email, password, field) in [
        ("Rita Reader", "rita@example.org", "short pass", "password"),
        (
            "Rita Reader",
            "rita@example.org",
            "password1234",
            "password",
        ),
        (
            "Rita Reader",
            "rita@example.org",
            &"x".repeat(1025) as &str,
            "password",
        ),
        (
            "Rita Reader",
            "rita@example.org",
            "rita@example.org",
            "password",
        ),
        ("Rita Reader", "not-an-address", PASSWORD, "email"),
        ("R", "rita@example.org", PASSWORD, "display_name"),
        (
            "Rita\u{202E}Reader",
            "rita@example.org",
            PASSWORD,
            "display_name",
        ),
        (
            "samira haddad",
            "rita@example.org",
            PASSWORD,
            "display_name",
        ),
        (
            "Administrator",
            "rita@example.org",
            PASSWORD,
            "display_name",
        ),
    ] {
        let reply = b
            .call(
                path::<Register>(),
                &[
                    ("display_name", name),
                    ("email", email),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(
            reply.status, 422,
            "{name} {email} {password}: {}",
            reply.body
        );
        assert_eq!(error_field(&reply), field, "{name} {email}");
        assert!(b.cookie.is_none(), "no session for a refused registration");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users").await,
        users,
        "nothing written"
    );

    let reply = register(&mut b, "  Rita   Reader ", " Rita@Example.ORG ").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = reply
        .header("set-cookie")
        .expect("a session cookie")
        .to_owned();
    for part in ["rta_session=", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not over plain HTTP");
    let id = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
    assert!(id.len() >= 22, "a 128-bit id: {id}");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let (email, hash): (String, String) =
        sqlx::query_as("SELECT email, password_hash FROM users WHERE display_name = 'Rita Reader'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(email, "rita@example.org");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(
        viewer(&mut b).await,
        Some(Viewer {
            name: "Rita Reader".into(),
            email: "rita@example.org".into(),
            staff: false,
            role: app::domain::roles::Role::Reader,
        })
    );
    // The same address in another case is taken.
    let mut other = app.browser([10, 0, 0, 2]);
    let reply = register(&mut other, "Someone Else", "RITA@example.org").await;
    assert_eq!(
        (reply.status, error_field(&reply)),
        (422, "email".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_renews_the_session_id_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let registered = b.cookie.clone().unwrap();
    let reply = login(&mut b, "rita@example.org", PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let logged_in = b.cookie.clone().unwrap();
    assert_ne!(registered, logged_in, "a new session id at login");
    // The old id is worth nothing now.
    let mut stale = app.browser([10, 0, 0, 1]);
    stale.cookie = Some(registered);
    assert_eq!(viewer(&mut stale).await, None);

    assert_eq!(b.call(path::<Logout>(), &[]).await.status, 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "deleted at logout"
    );
    let mut replay = app.browser([10, 0, 0, 1]);
    replay.cookie = Some(logged_in);
    assert_eq!(viewer(&mut replay).await, None);
    // `/logout` is a page with the button; a POST to it logs out too.
    assert_eq!(replay.get("/logout").await.status, 200);
    assert_eq!(
        login(&mut b, "rita@example.org", PASSWORD).await.status,
        200
    );
    let reply = b.submit("/logout", "/logout", &[]).await;
    assert_eq!((reply.status, reply.header("location")), (303, Some("/")));
    assert_eq!(viewer(&mut b).await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_ids_are_128_random_bits_in_a_cookie_scripts_cannot_read() {
    let app = spawn_app().await;
    let mut ids = std::collections::HashSet::new();
    for n in 0..40u8 {
        let mut b = app.browser([10, 0, 5, n]);
        let reply = register(&mut b, &format!("Reader {n}"), &format!("r{n}@example.org")).await;
        let cookie = reply
            .header("set-cookie")
            .expect("a session cookie")
            .to_owned();
        let attributes: Vec<&str> = cookie.split("; ").collect();
        for wanted in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(attributes.contains(&wanted), "{wanted} in {cookie}");
        }
        assert!(!cookie.contains("Domain="), "host-only: {cookie}");
        let id = attributes[0].strip_prefix("rta_session=").expect(&cookie);
        // tower-sessions: an i128 from a CSPRNG, base64url without padding (22 characters).
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap_or_else(|e| panic!("{e}: {id}"));
        assert_eq!(bytes.len(), 16, "128 bits: {id}");
        ids.insert(bytes);
    }
    assert_eq!(ids.len(), 40, "every session its own id");
    // Bits are not stuck: every bit position is 1 in some id and 0 in another.
    let ones: Vec<u32> = (0..128)
        .map(|bit| {
            ids.iter()
                .filter(|b| b[bit / 8] >> (bit % 8) & 1 == 1)
                .count() as u32
        })
        .collect();
    assert!(ones.iter().all(|&n| (1..40).contains(&n)), "{ones:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_survive_a_restart_and_are_secure_behind_https() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let restarted = app.restart(true);
    let mut after = restarted.browser([10, 0, 0, 1]);
    after.cookie = Some(
        b.cookie
            .clone()
            .unwrap()
            .replace("rta_session", "__Host-rta_session"),
    );
    assert!(
        viewer(&mut after).await.is_some(),
        "the session is in the database"
    );
    let reply = login(&mut after, "rita@example.org", PASSWORD).await;
    let cookie = reply.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with("__Host-rta_session=") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=2592000"), "30 days: {cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_keeps_the_session_for_30_days_from_then_writing_at_most_once_a_day() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let expiry = || app.count("SELECT expires_at FROM sessions");
    let month = 30 * 86_400;
    assert!((expiry().await - app::db::now() - month).abs() < 5);
    // The first visit marks the day; another visit the same day writes nothing.
    assert_eq!(b.get("/").await.status, 200);
    let before = expiry().await;
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 60")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(b.get("/").await.status, 200);
    assert_eq!(expiry().await, before - 60, "no write on the same day");
    // Ten days on (as if the last visit was then), a visit moves the end to 30 days from now.
    sqlx::query(
        "UPDATE sessions SET expires_at = expires_at - 864000, \
         data = json_set(data, '$.\"rta.touched_day\"', json_extract(data, '$.\"rta.touched_day\"') - 10)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let reply = b.get("/").await;
    assert!(reply
        .header("set-cookie")
        .is_some_and(|c| c.contains("Max-Age=2592000")));
    assert!(
        (expiry().await - app::db::now() - month).abs() < 5,
        "renewed"
    );
    assert!(viewer(&mut b).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_sessions_end_after_12_hours_or_30_idle_minutes_reader_sessions_do_not() {
    let app = spawn_app().await;
    let hash = app::auth::hash_password(PASSWORD.into()).await.unwrap();
    app::db::users::create_staff(
        &app.pool,
        "Eda Editor",
        "eda@example.org",
        &hash,
        app::domain::roles::Role::Editor,
        app::db::now(),
    )
    .await
    .unwrap();
    let shift = |key: &'static str, by: i64| {
        let pool = app.pool.clone();
        async move {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE sessions SET data = json_set(data, '$.\"{key}\"', json_extract(data, '$.\"{key}\"') - {by})"
            )))
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    let mut eda = app.browser([10, 0, 0, 5]);
    assert_eq!(
        login(&mut eda, "eda@example.org", PASSWORD).await.status,
        200
    );
    assert!(viewer(&mut eda).await.unwrap().staff);
    // 29 idle minutes are fine; 31 end it.
    shift("rta.seen", 29 * 60).await;
    assert!(viewer(&mut eda).await.is_some());
    shift("rta.seen", 31 * 60).await;
    assert_eq!(viewer(&mut eda).await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    // Busy all day: 12 hours after login it ends anyway.
    assert_eq!(
        login(&mut eda, "eda@example.org", PASSWORD).await.status,
        200
    );
    shift("rta.started", 11 * 3_600).await;
    assert!(viewer(&mut eda).await.is_some());
    shift("rta.started", 3_600 + 1).await;
    assert_eq!(viewer(&mut eda).await, None);
    // A reader idle for a day and logged in for weeks stays logged in.
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    shift("rta.started", 20 * 86_400).await;
    shift("rta.seen", 86_400).await;
    assert!(viewer(&mut rita).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_failures_lock_an_account_for_that_address_and_back_off() {
    let app = spawn_app().await;
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    let mut attacker = app.browser([192, 0, 2, 7]);
    for attempt in 1..=5 {
        let reply = login(
            &mut attacker,
            "rita@example.org",
            "wrong password {attempt}",
        )
        .await;
        assert_eq!(reply.status, 422, "attempt {attempt}");
    }
    let locked = login(&mut attacker, "rita@example.org", PASSWORD).await;
    assert_eq!(locked.status, 429, "even the right password waits");
    let retry: i64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((599..=600).contains(&retry), "{retry}");
    assert!(locked.body.contains("10 minutes"), "{}", locked.body);
    assert!(attacker.cookie.is_none());
    // Another address is not locked out of the account; the typo-prone owner gets in.
    let mut elsewhere = app.browser([10, 0, 0, 2]);
    assert_eq!(
        login(&mut elsewhere, "rita@example.org", PASSWORD)
            .await
            .status,
        200
    );
    // The lock survives a restart (it is in the database).
    let restarted = app.restart(false);
    let mut attacker = restarted.browser([192, 0, 2, 7]);
    assert_eq!(
        login(&mut attacker, "rita@example.org", PASSWORD)
            .await
            .status,
        429
    );
    // Ten minutes on, one more failure locks for twice as long.
    sqlx::query("UPDATE login_failures SET failed_at = failed_at - 601")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        login(&mut attacker, "rita@example.org", "still wrong")
            .await
            .status,
        422
    );
    let locked = login(&mut attacker, "rita@example.org", "again wrong").await;
    assert_eq!(locked.status, 429);
    let retry: i64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((1_199..=1_200).contains(&retry), "{retry}");
    // Unknown accounts are counted the same way (nothing tells them apart).
    for _ in 0..5 {
        assert_eq!(
            login(&mut attacker, "nobody@example.org", PASSWORD)
                .await
                .status,
            422
        );
    }
    assert_eq!(
        login(&mut attacker, "nobody@example.org", PASSWORD)
            .await
            .status,
        429
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_trusted_proxy_can_say_who_the_client_is() {
    let app = spawn_app().await;
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    // Without a configured proxy, a made-up X-Forwarded-For changes nothing: still locked.
    let mut attacker = app.browser([192, 0, 2, 7]);
    for i in 0..5 {
        attacker.forwarded_for = Some(format!("203.0.113.{i}"));
        assert_eq!(
            login(&mut attacker, "rita@example.org", "wrong password!")
                .await
                .status,
            422
        );
    }
    attacker.forwarded_for = Some("203.0.113.99".into());
    assert_eq!(
        login(&mut attacker, "rita@example.org", PASSWORD)
            .await
            .status,
        429
    );
    // Behind the configured proxy, its header names the client: each client counts apart.
    let proxied = app.behind_proxy([127, 0, 0, 1]);
    let mut via_proxy = proxied.browser([127, 0, 0, 1]);
    for _ in 0..5 {
        via_proxy.forwarded_for = Some("198.51.100.1, 203.0.113.5".into());
        assert_eq!(
            login(&mut via_proxy, "rita@example.org", "wrong password!")
                .await
                .status,
            422
        );
    }
    assert_eq!(
        login(&mut via_proxy, "rita@example.org", PASSWORD)
            .await
            .status,
        429
    );
    via_proxy.forwarded_for = Some("203.0.113.6".into());
    assert_eq!(
        login(&mut via_proxy, "rita@example.org", PASSWORD)
            .await
            .status,
        200
    );
    let addresses: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT address FROM login_failures ORDER BY address")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(addresses, ["192.0.2.7", "203.0.113.5"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_failures_an_hour_lock_an_account_everywhere() {
    let app = spawn_app().await;
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    let now = app::db::now();
    for i in 0..100 {
        sqlx::query("INSERT INTO login_failures (account, address, failed_at) VALUES (?, ?, ?)")
            .bind("rita@example.org")
            .bind(format!("198.51.100.{i}"))
            .bind(now - 60)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    let mut fresh = app.browser([10, 0, 0, 3]);
    let reply = login(&mut fresh, "rita@example.org", PASSWORD).await;
    assert_eq!(reply.status, 429);
    let retry: i64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((3_530..=3_540).contains(&retry), "{retry}");
}

/// Sends `count` login attempts for rita at once, from `address(i)`, the right password as
/// attempt `right`; returns how many were answered with each status.
async fn login_burst(
    app: &TestApp,
    count: usize,
    right: usize,
    address: impl Fn(usize) -> [u8; 4],
) -> std::collections::BTreeMap<u16, usize> {
    let attempts = (0..count).map(|i| {
        let app = app.clone();
        let address = address(i);
        tokio::spawn(async move {
            let mut b = app.browser(address);
            let password = if i == right {
                PASSWORD.to_owned()
            } else {
                format!("wrong password {i}")
            };
            login(&mut b, "rita@example.org", &password).await.status
        })
    });
    let mut statuses = std::collections::BTreeMap::new();
    for status in futures_util::future::join_all(attempts).await {
        *statuses.entry(status.unwrap()).or_insert(0) += 1;
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_logins_at_once_meets_the_same_limits_as_one_after_another() {
    let app = spawn_app().await;
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    // 200 at once from one address, the right password among them: at most five are checked.
    let statuses = login_burst(&app, 200, 150, |_| [192, 0, 2, 7]).await;
    eprintln!("200 at once from one address: {statuses:?}");
    let checked =
        statuses.get(&422).copied().unwrap_or(0) + statuses.get(&200).copied().unwrap_or(0);
    assert!(checked <= 5, "{statuses:?}");
    assert_eq!(
        statuses.get(&429).copied().unwrap_or(0),
        200 - checked,
        "{statuses:?}"
    );
    // 120 at once from 120 addresses: at most 100 are checked in the hour.
    let app = spawn_app().await;
    let mut rita = app.browser([10, 0, 0, 1]);
    register(&mut rita, "Rita Reader", "rita@example.org").await;
    let statuses = login_burst(&app, 120, usize::MAX, |i| [198, 51, 100, i as u8]).await;
    eprintln!("120 at once from 120 addresses: {statuses:?}");
    let checked = statuses.get(&422).copied().unwrap_or(0);
    assert!(checked <= 100, "{statuses:?}");
    assert_eq!(
        statuses.get(&429).copied().unwrap_or(0),
        120 - checked,
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_every_other_session() {
    let app = spawn_app().await;
    let mut phone = app.browser([10, 0, 0, 1]);
    register(&mut phone, "Rita Reader", "rita@example.org").await;
    let mut laptop = app.browser([10, 0, 0, 2]);
    assert_eq!(
        login(&mut laptop, "rita@example.org", PASSWORD)
            .await
            .status,
        200
    );
    let before = laptop.cookie.clone();

    let wrong = laptop
        .call(
            path::<UpdatePassword>(),
            &[
                ("current_password", "not it at all"),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(
        (wrong.status, error_field(&wrong)),
        (422, "current_password".to_owned())
    );
    let weak = laptop
        .call(
            path::<UpdatePassword>(),
            &[
                ("current_password", PASSWORD),
                ("new_password", "qwertyuiop123"),
            ],
        )
        .await;
    assert_eq!(
        (weak.status, error_field(&weak)),
        (422, "new_password".to_owned())
    );
    let ok = laptop
        .call(
            path::<UpdatePassword>(),
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_ne!(laptop.cookie, before, "this session gets a new id");
    assert!(viewer(&mut laptop).await.is_some(), "and stays logged in");
    assert_eq!(
        viewer(&mut phone).await,
        None,
        "the other session has ended"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    assert_eq!(
        login(&mut phone, "rita@example.org", PASSWORD).await.status,
        422
    );
    assert_eq!(
        login(&mut phone, "rita@example.org", "a brand new passphrase")
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_changes_need_the_right_input() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let mut other = app.browser([10, 0, 0, 2]);
    register(&mut other, "Omar Other", "omar@example.org").await;

    let reply = b
        .call(path::<UpdateName>(), &[("display_name", "Tom\u{7}")])
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        b.call(path::<UpdateName>(), &[("display_name", "Rita R.")])
            .await
            .status,
        200
    );
    let taken = b
        .call(
            path::<UpdateEmail>(),
            &[
                ("email", "OMAR@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (taken.status, error_field(&taken)),
        (422, "email".to_owned())
    );
    let no_password = b
        .call(
            path::<UpdateEmail>(),
            &[("email", "rita@new.example"), ("current_password", "")],
        )
        .await;
    assert_eq!(
        (no_password.status, error_field(&no_password)),
        (422, "current_password".to_owned())
    );
    let ok = b
        .call(
            path::<UpdateEmail>(),
            &[
                ("email", "Rita@New.example"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(
        viewer(&mut b).await.unwrap(),
        Viewer {
            name: "Rita R.".into(),
            email: "rita@new.example".into(),
            staff: false,
            role: app::domain::roles::Role::Reader,
        }
    );
    // Visitors: 401 for all of them, nothing changed.
    let mut visitor = app.browser([10, 0, 0, 3]);
    for (f, form) in [
        (path::<UpdateName>(), vec![("display_name", "Hacker")]),
        (
            path::<UpdateEmail>(),
            vec![("email", "h@example.org"), ("current_password", PASSWORD)],
        ),
        (
            path::<UpdatePassword>(),
            vec![
                ("current_password", PASSWORD),
                ("new_password", "another good passphrase"),
            ],
        ),
        (
            path::<DeleteAccount>(),
            vec![("current_password", PASSWORD), ("comments", "remove")],
        ),
    ] {
        assert_eq!(visitor.call(f, &form).await.status, 401, "{f}");
    }
    // Wrong-typed input is a 400.
    let reply = b
        .call(
            path::<DeleteAccount>(),
            &[("current_password", PASSWORD), ("comments", "explode")],
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'rita@new.example'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_login_the_reader_returns_only_to_paths_on_this_site() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    for (next, expected) in [
        (
            "/2024/05/10/a-story#comments",
            "/2024/05/10/a-story#comments",
        ),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ] {
        let reply = b
            .call(
                path::<Login>(),
                &[
                    ("email", "rita@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(reply.json::<String>(), expected, "{next}");
    }
    // Without JavaScript: a 303 there.
    let reply = b
        .submit(
            "/login?next=/privacy",
            path::<Login>(),
            &[
                ("email", "rita@example.org"),
                ("password", PASSWORD),
                ("next", "/privacy"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/privacy"));
    let reply = b
        .submit(
            "/login",
            path::<Login>(),
            &[
                ("email", "rita@example.org"),
                ("password", PASSWORD),
                ("next", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(reply.header("location"), Some("/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_failed_form_shows_the_page_with_the_error_and_the_typed_text() {
    let app = spawn_app().await;
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let mut visitor = app.browser([10, 0, 0, 2]);
    let reply = visitor
        .submit(
            "/login",
            path::<Login>(),
            &[
                ("email", "rita@example.org"),
                ("password", "the wrong one!"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(
        reply.body.contains("That email and password do not match"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("value=\"rita@example.org\""),
        "the email stays typed"
    );
    assert!(
        !reply.body.contains("the wrong one!"),
        "passwords are never echoed"
    );
    assert!(reply.body.contains("aria-invalid=\"true\""));
    // A registration keeps the name and email.
    let reply = visitor
        .submit(
            "/register",
            path::<Register>(),
            &[
                ("display_name", "Nadia N"),
                ("email", "nadia@example.org"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("value=\"Nadia N\"")
            && reply.body.contains("value=\"nadia@example.org\"")
    );
    assert!(reply.body.contains("at least 12 characters"));
}

/// The newest article's id and address.
async fn article(app: &TestApp) -> (i64, String) {
    let a = app.newest().await;
    (a.id, a.url())
}

async fn post(b: &mut Browser<'_>, article: i64, parent: Option<i64>, body: &str) -> Reply {
    let parent = parent.map(|p| p.to_string());
    let mut form = vec![
        ("article_id", article.to_string()),
        ("body", body.to_owned()),
    ];
    if let Some(p) = parent {
        form.push(("parent_id", p));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.call(path::<PostComment>(), &form).await
}

async fn thread(b: &mut Browser<'_>, article: i64) -> CommentThread {
    b.get(&format!(
        "{}?article_id={article}",
        path::<GetCommentThread>()
    ))
    .await
    .json()
}

/// Lets the reader comment again at once (as if 15 seconds had passed).
async fn wait_out(app: &TestApp) {
    sqlx::query("UPDATE comments SET created_at = created_at - 16")
        .execute(&app.pool)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_follow_the_rules() {
    let app = spawn_app().await;
    let (id, url) = article(&app).await;
    let comments = app.count("SELECT COUNT(*) FROM comments").await;
    let mut visitor = app.browser([10, 0, 0, 2]);
    assert_eq!(post(&mut visitor, id, None, "drive-by").await.status, 401);
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    for (body, why) in [
        ("", "empty"),
        ("  \n\t ", "whitespace"),
        (&"x".repeat(5_001) as &str, "too long"),
    ] {
        let reply = post(&mut b, id, None, body).await;
        assert_eq!(
            (reply.status, error_field(&reply)),
            (422, "body".to_owned()),
            "{why}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM comments").await,
        comments,
        "nothing written"
    );

    // The first comment waits for a moderator; its author sees it, others do not.
    let first: CommentSaved = post(&mut b, id, None, "My first comment").await.json();
    assert!(first.held);
    let mine = thread(&mut b, id).await;
    let shown = mine.comments.iter().find(|c| c.id == first.id).unwrap();
    assert_eq!(shown.state, CommentState::AwaitingModeration);
    assert!(!thread(&mut visitor, id)
        .await
        .comments
        .iter()
        .any(|c| c.id == first.id));
    let page = b.get(&url).await;
    assert!(page.body.contains("Your comment is awaiting moderation"));

    // Fifteen seconds between comments, the text kept; then a reply.
    let reply = post(&mut b, id, None, "Too quick").await;
    assert_eq!(reply.status, 429);
    let retry: i64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=15).contains(&retry));
    sqlx::query("UPDATE comments SET status = 'approved' WHERE id = ?")
        .bind(first.id)
        .execute(&app.pool)
        .await
        .unwrap();
    wait_out(&app).await;
    let one_link: CommentSaved = post(
        &mut b,
        id,
        Some(first.id),
        "Source: https://example.org/report",
    )
    .await
    .json();
    assert!(
        !one_link.held,
        "an approved commenter with one link publishes at once"
    );
    wait_out(&app).await;
    let two_links: CommentSaved = post(&mut b, id, None, "https://a.example and www.b.example")
        .await
        .json();
    assert!(two_links.held, "two links wait for a moderator");
    wait_out(&app).await;
    // Depth 3 at most: first (1) ← one_link (2) ← third (3) ← refused.
    let third: CommentSaved = post(&mut b, id, Some(one_link.id), "Third level")
        .await
        .json();
    wait_out(&app).await;
    let too_deep = post(&mut b, id, Some(third.id), "Fourth level").await;
    assert_eq!(
        (too_deep.status, error_field(&too_deep)),
        (422, "parent_id".to_owned())
    );

    // Links are links, marked as user content; markup stays text.
    wait_out(&app).await;
    post(
        &mut b,
        id,
        None,
        "<script>alert(1)</script> see https://example.org/x",
    )
    .await;
    let page = visitor.get(&url).await;
    assert!(page.body.replace("<!>", "").contains(
        "<a href=\"https://example.org/x\" rel=\"ugc nofollow noopener\">https://example.org/x</a>"
    ));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.body
            .contains(&format!("id=\"comment-{}\"", one_link.id)),
        "permalink anchors"
    );

    // Malformed and oversized input: 4xx, nothing written.
    let before = app.count("SELECT COUNT(*) FROM comments").await;
    wait_out(&app).await;
    let reply = b
        .call(
            path::<PostComment>(),
            &[("article_id", "abc"), ("body", "x")],
        )
        .await;
    assert_eq!(reply.status, 400);
    let reply = b
        .call(path::<PostComment>(), &[("body", "no article")])
        .await;
    assert_eq!(reply.status, 400);
    let reply = b
        .call(
            path::<PostComment>(),
            &[
                ("article_id", &id.to_string()),
                ("body", &"x".repeat(70_000)),
            ],
        )
        .await;
    assert_eq!(reply.status, 413);
    let reply = post(&mut b, 999_999, None, "nowhere").await;
    assert_eq!(reply.status, 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM comments").await, before);

    // No address or browser details are kept with comments.
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info('comments')")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        columns
            .iter()
            .all(|c| !c.contains("ip") && !c.contains("agent") && !c.contains("address")),
        "{columns:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_edit_and_delete_their_own_comments_for_fifteen_minutes_and_report_others() {
    let app = spawn_app().await;
    let (id, _) = article(&app).await;
    let mut rita = trusted_reader(&app, "rita@example.org").await;
    let mut omar = trusted_reader(&app, "omar@example.org").await;
    let saved: CommentSaved = post(&mut rita, id, None, "Typo here").await.json();
    assert!(!saved.held);

    let theirs = omar
        .call(
            path::<EditComment>(),
            &[("id", &saved.id.to_string()), ("body", "hijacked")],
        )
        .await;
    assert_eq!(theirs.status, 403);
    let edited = rita
        .call(
            path::<EditComment>(),
            &[("id", &saved.id.to_string()), ("body", "Fixed")],
        )
        .await;
    assert_eq!(edited.status, 200);
    let shown = thread(&mut omar, id).await;
    let c = shown.comments.iter().find(|c| c.id == saved.id).unwrap();
    assert_eq!((c.body.as_str(), c.edited), ("Fixed", true));

    // Any reader can report it, once; it goes to the moderators' queue.
    assert_eq!(
        omar.call(path::<ReportComment>(), &[("id", &saved.id.to_string())])
            .await
            .status,
        200
    );
    assert_eq!(
        omar.call(path::<ReportComment>(), &[("id", &saved.id.to_string())])
            .await
            .status,
        200
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM comment_reports").await, 1);
    assert_eq!(thread(&mut omar, id).await.reported, [saved.id]);

    // Fifteen minutes on, it can no longer change.
    sqlx::query("UPDATE comments SET created_at = created_at - 900 WHERE id = ?")
        .bind(saved.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let late = rita
        .call(
            path::<EditComment>(),
            &[("id", &saved.id.to_string()), ("body", "Too late")],
        )
        .await;
    assert_eq!(late.status, 422);
    let late = rita
        .call(path::<DeleteComment>(), &[("id", &saved.id.to_string())])
        .await;
    assert_eq!(late.status, 422);
    wait_out(&app).await;
    let fresh: CommentSaved = post(&mut rita, id, None, "Delete me").await.json();
    assert_eq!(
        omar.call(path::<DeleteComment>(), &[("id", &fresh.id.to_string())])
            .await
            .status,
        403
    );
    assert_eq!(
        rita.call(path::<DeleteComment>(), &[("id", &fresh.id.to_string())])
            .await
            .status,
        200
    );
    assert!(!thread(&mut rita, id)
        .await
        .comments
        .iter()
        .any(|c| c.id == fresh.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_comments_post_and_keep_the_text_when_refused() {
    let app = spawn_app().await;
    let (id, url) = article(&app).await;
    let mut b = trusted_reader(&app, "rita@example.org").await;
    let id_text = id.to_string();
    let reply = b
        .submit(
            &url,
            path::<PostComment>(),
            &[
                ("article_id", &id_text),
                ("body", "Posted without JavaScript"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.header("location").unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{url}#comment-")),
        "{location}"
    );
    let page = b.get(&url).await;
    assert!(page.body.contains("Posted without JavaScript"));

    let reply = b
        .submit(
            &url,
            path::<PostComment>(),
            &[
                ("article_id", &id_text),
                (
                    "body",
                    "Second, too soon & <b>bold</b></textarea><meta http-equiv=refresh content=0>",
                ),
            ],
        )
        .await;
    assert_eq!(reply.status, 429);
    assert!(reply.header("retry-after").is_some());
    assert!(
        reply.body.contains(
            "Second, too soon &amp; &lt;b&gt;bold&lt;/b&gt;&lt;/textarea&gt;&lt;meta http-equiv=refresh content=0&gt;</textarea>"
        ),
        "the text stays in the box, as text"
    );
    assert!(!reply.body.contains("<meta http-equiv"));
    assert!(reply.body.contains("You are commenting quickly"));
    let empty = b
        .submit(
            &url,
            path::<PostComment>(),
            &[("article_id", &id_text), ("body", "   ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("the comment is empty"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_see_the_login_prompt_and_closed_articles_take_no_comments() {
    let app = spawn_app().await;
    let (id, url) = article(&app).await;
    let mut visitor = app.browser([10, 0, 0, 2]);
    let page = visitor.get(&url).await;
    assert!(
        page.body.contains("You must be <a"),
        "{}",
        &page.body[..200]
    );
    assert!(page.body.contains("to post a comment"));
    assert!(
        !page.body.contains("name=\"body\""),
        "no comment box for visitors"
    );
    let mut b = trusted_reader(&app, "rita@example.org").await;
    let page = b.get(&url).await;
    assert!(page.body.contains("name=\"body\""));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    sqlx::query("UPDATE articles SET comments_open = 0 WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let reply = post(&mut b, id, None, "Closed?").await;
    assert_eq!(reply.status, 422);
    assert!(b.get(&url).await.body.contains("Comments are closed."));
    let _ = GetArticle::PATH;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_form_post_changes_nothing() {
    let app = spawn_app().await;
    let (id, _) = article(&app).await;
    let mut b = trusted_reader(&app, "rita@example.org").await;
    let before = app.count("SELECT COUNT(*) FROM comments").await;
    let request = axum::http::Request::post(path::<PostComment>())
        .header("host", "rights.example")
        .header("cookie", b.cookie.clone().unwrap())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(format!(
            "article_id={id}&body=forged"
        )))
        .unwrap();
    assert_eq!(app.send(request).await.status, 403);
    let request = axum::http::Request::post(path::<UpdateEmail>())
        .header("host", "rights.example")
        .header("cookie", b.cookie.clone().unwrap())
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!(
            "email=evil@example.org&current_password={PASSWORD}"
        )))
        .unwrap();
    assert_eq!(app.send(request).await.status, 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM comments").await, before);
    assert_eq!(viewer(&mut b).await.unwrap().email, "rita@example.org");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_export_their_data_and_delete_their_account() {
    let app = spawn_app().await;
    let (id, _) = article(&app).await;
    let mut rita = trusted_reader(&app, "rita@example.org").await;
    let mut omar = trusted_reader(&app, "omar@example.org").await;
    let parent: CommentSaved = post(&mut rita, id, None, "Replied to").await.json();
    wait_out(&app).await;
    let alone: CommentSaved = post(&mut rita, id, None, "Not replied to").await.json();
    post(&mut omar, id, Some(parent.id), "A reply from Omar").await;

    let mut visitor = app.browser([10, 0, 0, 2]);
    assert_eq!(visitor.get("/account/export.json").await.status, 401);
    let export = rita.get("/account/export.json").await;
    assert_eq!(export.status, 200);
    assert!(export
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    assert_eq!(export.header("cache-control"), Some("no-store"));
    let data: app::model::AccountExport = export.json();
    assert_eq!(data.email, "rita@example.org");
    assert!(data.comments.iter().any(|c| c.body == "Replied to"));
    assert!(
        !export.body.contains("argon2"),
        "no password hash in the export"
    );

    let wrong = rita
        .call(
            path::<DeleteAccount>(),
            &[
                ("current_password", "not my password"),
                ("comments", "remove"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let done = rita
        .call(
            path::<DeleteAccount>(),
            &[("current_password", PASSWORD), ("comments", "remove")],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'rita@example.org'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        1,
        "only Omar's session is left"
    );
    let t = thread(&mut omar, id).await;
    assert!(!t.comments.iter().any(|c| c.id == alone.id), "removed");
    let placeholder = t
        .comments
        .iter()
        .find(|c| c.id == parent.id)
        .expect("kept as a placeholder");
    assert_eq!(placeholder.state, CommentState::Deleted);
    assert!(
        t.comments.iter().any(|c| c.body == "A reply from Omar"),
        "replies stay"
    );

    // Anonymising keeps the comments under "Former reader".
    let done = omar
        .call(
            path::<DeleteAccount>(),
            &[("current_password", PASSWORD), ("comments", "anonymise")],
        )
        .await;
    assert_eq!(done.status, 200);
    let t = thread(&mut visitor, id).await;
    let kept = t
        .comments
        .iter()
        .find(|c| c.body == "A reply from Omar")
        .unwrap();
    assert_eq!(kept.author_name, "Former reader");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_pages_and_responses_are_not_cached() {
    let app = spawn_app().await;
    let mut visitor = app.browser([10, 0, 0, 2]);
    for page in ["/login", "/register", "/account"] {
        let reply = visitor.get(page).await;
        assert_eq!(reply.status, 200, "{page}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{page}");
    }
    let account = visitor.get("/account").await;
    assert!(account.body.contains("to see your account"));
    let mut b = app.browser([10, 0, 0, 1]);
    register(&mut b, "Rita Reader", "rita@example.org").await;
    let home = b.get("/").await;
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(
        home.body.contains("Rita Reader"),
        "the header names the reader"
    );
    let account = b.get("/account").await;
    assert!(account.body.contains("rita@example.org"));
    // A public page for a visitor is not marked private.
    assert_ne!(
        visitor.get("/").await.header("cache-control"),
        Some("no-store")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_input_to_every_account_and_comment_function_is_a_4xx_and_changes_nothing() {
    let app = spawn_app().await;
    let mut b = trusted_reader(&app, "rita@example.org").await;
    let tables =
        "SELECT (SELECT COUNT(*) FROM users) * 1000000 + (SELECT COUNT(*) FROM comments) * 1000 \
                  + (SELECT COUNT(*) FROM comment_reports)";
    let before = app.count(tables).await;
    let email_before = viewer(&mut b).await.unwrap();
    let bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xff\xfe\x00garbage".to_vec(),
        b"{\"json\": true}".to_vec(),
        b"id=1&id=2&body=x".to_vec(),
        b"id=-1&body=".to_vec(),
        b"id=99999999999999999999999&body=x".to_vec(),
        b"article_id=1.5&body=x".to_vec(),
        b"display_name=%FF%FE&email=%00&password=%C0%80".to_vec(),
        b"comments=both&current_password=x".to_vec(),
        b"%%%&&&===".to_vec(),
    ];
    for f in [
        path::<Register>(),
        path::<Login>(),
        path::<UpdateName>(),
        path::<UpdateEmail>(),
        path::<UpdatePassword>(),
        path::<DeleteAccount>(),
        path::<PostComment>(),
        path::<EditComment>(),
        path::<DeleteComment>(),
        path::<ReportComment>(),
    ] {
        for body in &bodies {
            for content_type in [
                "application/x-www-form-urlencoded",
                "application/json",
                "text/plain",
            ] {
                let request = axum::http::Request::post(f)
                    .header("host", "rights.example")
                    .header("cookie", b.cookie.clone().unwrap())
                    .header("content-type", content_type)
                    .header("accept", "application/json")
                    .body(axum::body::Body::from(body.clone()))
                    .unwrap();
                let reply = app.send(request).await;
                assert!(
                    (400..500).contains(&reply.status),
                    "{f} {content_type} {:?}: {} {}",
                    String::from_utf8_lossy(body),
                    reply.status,
                    reply.body
                );
                assert!(
                    !reply.body.to_lowercase().contains("sqlite"),
                    "{}",
                    reply.body
                );
            }
        }
    }
    assert_eq!(app.count(tables).await, before, "nothing written");
    assert_eq!(viewer(&mut b).await.unwrap(), email_before);
}
