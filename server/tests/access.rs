//! Every registered server function against `api::access::POLICY`: none unlisted; visitors
//! get 401 and readers 403 where the table says so; each staff role gets exactly what the
//! capability table allows; and a refused call changes nothing.

mod common;

use app::api::access::{Access, POLICY};
use app::domain::roles::Role;
use common::{login, register, spawn_app, Browser, TestApp, PASSWORD};

/// Rows a refused call must not change.
const FINGERPRINT: &str = "SELECT (SELECT COUNT(*) FROM users) || '/' || (SELECT COUNT(*) FROM comments) || '/' \
     || (SELECT COUNT(*) FROM comment_reports) || '/' || (SELECT COUNT(*) FROM articles) || '/' \
     || (SELECT COUNT(*) FROM breaking_headlines) || '/' || (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM comments)";

async fn fingerprint(app: &TestApp) -> String {
    sqlx::query_scalar(FINGERPRINT)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn logged_in<'a>(app: &'a TestApp, role: Role) -> Browser<'a> {
    let email = format!("{}@example.org", role.as_str());
    let hash = app::auth::hash_password(PASSWORD.into()).await.unwrap();
    app::db::users::create_staff(
        &app.pool,
        &format!("Test {}", role.as_str()),
        &email,
        &hash,
        role,
        app::db::now(),
    )
    .await
    .unwrap();
    let mut b = app.browser([10, 0, 1, role as u8]);
    let reply = login(&mut b, &email, PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    b
}

/// Calls `path` with no arguments, as the app would (GET or POST).
async fn call(b: &mut Browser<'_>, path: &str, method: &str) -> u16 {
    if method == "GET" {
        b.get(path).await.status
    } else {
        b.call(path, &[]).await.status
    }
}

#[test]
fn every_registered_server_function_is_in_the_policy_and_nothing_else_is() {
    let registered: std::collections::BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect();
    let listed: std::collections::BTreeSet<&str> = POLICY.iter().map(|(p, _)| *p).collect();
    let unlisted: Vec<_> = registered.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "add these to api::access::POLICY: {unlisted:?}"
    );
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(gone.is_empty(), "listed but not registered: {gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_follow_the_table_for_every_role_and_change_nothing() {
    let app = spawn_app().await;
    let methods: std::collections::HashMap<&str, String> =
        leptos::server_fn::axum::server_fn_paths()
            .map(|(p, m)| (p, m.to_string()))
            .collect();
    let mut visitor = app.browser([10, 0, 0, 2]);
    let mut browsers = Vec::new();
    for role in Role::ALL {
        browsers.push((role, logged_in(&app, role).await));
    }
    let before = fingerprint(&app).await;
    // Logging out last, so every other call is made logged in.
    let logout = <app::api::Logout as leptos::server_fn::ServerFn>::PATH;
    let mut policy: Vec<_> = POLICY.iter().collect();
    policy.sort_by_key(|(path, _)| *path == logout);
    for (path, access) in policy {
        let method = methods[path].as_str();
        let anonymous = call(&mut visitor, path, method).await;
        match access {
            Access::Anyone => assert!(anonymous != 401 && anonymous != 403, "{path}: {anonymous}"),
            _ => assert_eq!(anonymous, 401, "{path} as a visitor"),
        }
        for (role, b) in browsers.iter_mut() {
            let status = call(b, path, method).await;
            let allowed = match access {
                Access::Anyone | Access::LoggedIn => true,
                Access::Can(c) => role.can(*c),
            };
            if allowed {
                assert!(
                    status != 401 && status != 403,
                    "{path} as {role:?}: {status}"
                );
            } else {
                assert_eq!(status, 403, "{path} as {role:?}");
            }
            assert!(status < 500, "{path} as {role:?}: {status}");
        }
    }
    // Logging out was among the calls; nothing else may have changed.
    assert_eq!(fingerprint(&app).await, before);
    // An address that is not a listed function is not callable.
    assert_eq!(visitor.call("/api/not_a_function", &[]).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_approves_a_held_comment_and_trashing_hides_it_again() {
    let app = spawn_app().await;
    let article = app.newest().await;
    let mut reader = app.browser([10, 0, 0, 1]);
    let reply = register(&mut reader, "Rita Reader", "rita@example.org").await;
    assert_eq!(reply.status, 200);
    let saved: app::model::CommentSaved = reader
        .call(
            "/api/post_comment",
            &[
                ("article_id", &article.id.to_string()),
                ("body", "Held until an editor looks"),
            ],
        )
        .await
        .json();
    assert!(saved.held);
    let mut visitor = app.browser([10, 0, 0, 2]);
    assert!(!visitor
        .get(&article.url())
        .await
        .body
        .contains("Held until an editor looks"));

    // The queue is for editors: a visitor gets the login prompt, a reader no access.
    let page = visitor.get("/admin/comments").await;
    assert_eq!(page.status, 401);
    assert!(page.body.contains("with a staff account"));
    assert_eq!(reader.get("/admin/comments").await.status, 403);
    let mut author = logged_in(&app, Role::Author).await;
    assert_eq!(author.get("/admin/comments").await.status, 403);

    let mut editor = logged_in(&app, Role::Editor).await;
    let page = editor.get("/admin/comments?tab=pending").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Held until an editor looks"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let id = saved.id.to_string();
    let reply = editor
        .call(
            "/api/moderate_comment",
            &[("id", id.as_str()), ("decision", "approve")],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(visitor
        .get(&article.url())
        .await
        .body
        .contains("Held until an editor looks"));
    // Without JavaScript the button posts and comes back to the queue.
    let reply = editor
        .submit(
            "/admin/comments?tab=approved",
            "/api/moderate_comment",
            &[("id", id.as_str()), ("decision", "trash")],
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.header("location"),
        Some("https://rights.example/admin/comments?tab=approved")
    );
    assert!(!visitor
        .get(&article.url())
        .await
        .body
        .contains("Held until an editor looks"));
    // Nonsense is a 4xx.
    assert_eq!(
        editor
            .call(
                "/api/moderate_comment",
                &[("id", id.as_str()), ("decision", "nuke")]
            )
            .await
            .status,
        400
    );
    assert_eq!(
        editor
            .call(
                "/api/moderate_comment",
                &[("id", "999999"), ("decision", "spam")]
            )
            .await
            .status,
        404
    );
    assert_eq!(
        editor
            .get("/api/moderation_queue?tab=everything")
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_disables_an_account_which_ends_its_sessions() {
    let app = spawn_app().await;
    let mut reader = app.browser([10, 0, 0, 1]);
    let reply = register(&mut reader, "Rita Reader", "rita@example.org").await;
    assert_eq!(reply.status, 200);
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'rita@example.org'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let id = id.to_string();
    let mut admin = logged_in(&app, Role::Admin).await;
    let admin_id: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@example.org'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let own = admin
        .call(
            "/api/set_account_disabled",
            &[("id", &admin_id.to_string()), ("disabled", "true")],
        )
        .await;
    assert_eq!(own.status, 422, "not one's own account");
    let reply = admin
        .call(
            "/api/set_account_disabled",
            &[("id", id.as_str()), ("disabled", "true")],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let viewer = reader.get("/api/viewer").await;
    assert_eq!(viewer.body, "null", "the session has ended");
    let refused = login(&mut reader, "rita@example.org", PASSWORD).await;
    assert_eq!(refused.status, 422, "a disabled account cannot log in");
    let reply = admin
        .call(
            "/api/set_account_disabled",
            &[("id", id.as_str()), ("disabled", "false")],
        )
        .await;
    assert_eq!(reply.status, 200);
    let allowed = login(&mut reader, "rita@example.org", PASSWORD).await;
    assert_eq!(allowed.status, 200);
    let missing = admin
        .call(
            "/api/set_account_disabled",
            &[("id", "999999"), ("disabled", "true")],
        )
        .await;
    assert_eq!(missing.status, 404);
}
