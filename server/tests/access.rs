//! Every registered server function against `api::access::POLICY`: none unlisted; visitors
//! get 401 and readers 403 where the table says so; each staff role gets exactly what the
//! capability table allows; and a refused call changes nothing.

mod common;

use app::api::access::{Access, POLICY};
use app::domain::roles::Role;
use common::{logged_in, login, register, spawn_app, Browser, TestApp, PASSWORD};

/// Rows a refused call must not change.
const FINGERPRINT: &str = "SELECT (SELECT COUNT(*) FROM users) || '/' || (SELECT COUNT(*) FROM comments) || '/' \
     || (SELECT COUNT(*) FROM comment_reports) || '/' || (SELECT COUNT(*) FROM articles) || '/' \
     || (SELECT COUNT(*) FROM breaking_headlines) || '/' || (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM comments) \
     || '/' || (SELECT SUM(version) FROM articles) || '/' || (SELECT COUNT(*) FROM article_revisions) \
     || '/' || (SELECT COUNT(*) FROM article_autosaves) || '/' || (SELECT COUNT(*) FROM preview_links) \
     || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT COUNT(*) FROM tags)";

async fn fingerprint(app: &TestApp) -> String {
    sqlx::query_scalar(FINGERPRINT)
        .fetch_one(&app.pool)
        .await
        .unwrap()
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
        .get_current(&article.url())
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
        .get_current(&article.url())
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

// ---------------------------------------------------------------------------------------
// The newsroom.

use app::model::SaveOutcome;

/// The fields of the editor's form, with `extra` replacing or adding some.
fn article_form<'a>(section: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("id", "0"),
        ("base_version", "0"),
        ("title", "Water rights in the valley"),
        ("slug", ""),
        ("section_id", section),
        ("tags", "Water, Land rights"),
        ("excerpt", "Who gets the river."),
        (
            "body_md",
            "## The river\n\nFarmers say *the dam* took it.\n\n<script>alert(1)</script>",
        ),
        ("intent", "save"),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    form
}

async fn first_section(app: &TestApp) -> String {
    app.count("SELECT MIN(id) FROM categories")
        .await
        .to_string()
}

fn saved(reply: &common::Reply) -> (i64, i64, String) {
    assert_eq!(reply.status, 200, "{}", reply.body);
    match reply.json::<SaveOutcome>() {
        SaveOutcome::Saved {
            id,
            version,
            status,
            ..
        } => (id, version, status),
        other => panic!("not saved: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contributor_submits_an_editor_schedules_and_it_appears_at_its_time() {
    let app = spawn_app().await;
    let section = first_section(&app).await;
    let mut contributor = logged_in(&app, Role::Contributor).await;
    let reply = contributor
        .call(
            "/api/save_article",
            &article_form(&section, &[("intent", "submit")]),
        )
        .await;
    let (id, version, status) = saved(&reply);
    assert_eq!((version, status.as_str()), (1, "pending"));
    let id_text = id.to_string();
    // A contributor cannot publish: the message belongs to the buttons, and nothing changes.
    let refused = contributor
        .call(
            "/api/save_article",
            &article_form(
                &section,
                &[
                    ("id", &id_text),
                    ("base_version", "1"),
                    ("intent", "publish"),
                ],
            ),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("submit it for review"));
    // Nor edit someone else's article.
    let other = app
        .count("SELECT id FROM articles WHERE status = 'published' LIMIT 1")
        .await
        .to_string();
    assert_eq!(
        contributor
            .get(&format!("/api/editor?id={other}"))
            .await
            .status,
        403
    );

    // The editor schedules it a minute ahead.
    let mut editor = logged_in(&app, Role::Editor).await;
    let at = app::domain::editorial::format_datetime(app::db::now() + 62);
    let (_, version, _) = saved(
        &editor
            .call(
                "/api/save_article",
                &article_form(
                    &section,
                    &[
                        ("id", &id_text),
                        ("base_version", "1"),
                        ("intent", "schedule"),
                        ("publish_at", &at),
                    ],
                ),
            )
            .await,
    );
    assert_eq!(version, 2);
    let home = |b: &common::Reply| b.body.contains("Water rights in the valley");
    let mut visitor = app.browser([10, 0, 0, 9]);
    assert!(!home(&visitor.get("/").await), "visible before its time");
    // Its time comes: no job runs, the next page shows it. (Moved to the past by hand, as
    // waiting a minute would slow the suite.)
    sqlx::query("UPDATE articles SET published_at = published_at - 120 WHERE id = ?")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    // The page cache was told the scheduled time; moving the clock by hand, tell it again.
    app.state.cache.change_at(app::db::now());
    assert!(
        home(&visitor.get_current("/").await),
        "not visible at its time"
    );
    let article = app::db::editorial::load(&app.pool, id)
        .await
        .unwrap()
        .unwrap();
    let url = app::db::editorial::public_path(&article, app::db::now()).unwrap();
    let page = visitor.get(&url).await;
    assert_eq!(page.status, 200);
    let body = page.body.split("article-body").nth(1).unwrap_or_default();
    assert!(
        body.contains("<h2>The river</h2>") && body.contains("<em>the dam</em>"),
        "{}",
        &body[..body.len().min(600)]
    );
    assert!(!page.body.contains("alert(1)"), "the script survived");
    assert!(
        page.body.contains("/tag/land-rights"),
        "tags were created on the fly"
    );
    // The audit log has both steps.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('submit', 'schedule')")
            .await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_of_two_saves_from_one_version_is_a_conflict_and_writes_nothing() {
    let app = spawn_app().await;
    let section = first_section(&app).await;
    let mut ana = logged_in(&app, Role::Editor).await;
    let mut bo = logged_in(&app, Role::Admin).await;
    let (id, _, _) = saved(
        &ana.call("/api/save_article", &article_form(&section, &[]))
            .await,
    );
    let id = id.to_string();
    saved(
        &ana.call(
            "/api/save_article",
            &article_form(
                &section,
                &[("id", &id), ("base_version", "1"), ("title", "Ana's")],
            ),
        )
        .await,
    );
    let reply = bo
        .call(
            "/api/save_article",
            &article_form(
                &section,
                &[("id", &id), ("base_version", "1"), ("title", "Bo's")],
            ),
        )
        .await;
    assert_eq!(reply.status, 200);
    match reply.json::<SaveOutcome>() {
        SaveOutcome::Conflict { theirs } => {
            assert_eq!((theirs.title.as_str(), theirs.version), ("Ana's", 2));
            assert_eq!(theirs.saved_by, "Test editor");
        }
        other => panic!("expected a conflict: {other:?}"),
    }
    assert_eq!(
        app.count(&format!("SELECT version FROM articles WHERE id = {id}"))
            .await,
        2
    );
    // Without JavaScript the editor comes back with Bo's text and the message, as a 422.
    let page = bo
        .submit(
            &format!("/admin/articles/{id}"),
            "/api/save_article",
            &article_form(
                &section,
                &[("id", &id), ("base_version", "1"), ("title", "Bo's")],
            ),
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("saved a newer version"), "{}", page.body);
    assert!(page.body.contains("value=\"Bo&#x27;s\"") || page.body.contains("value=\"Bo's\""));
    // A good save without JavaScript goes back to the editor.
    let ok = bo
        .submit(
            &format!("/admin/articles/{id}"),
            "/api/save_article",
            &article_form(
                &section,
                &[("id", &id), ("base_version", "2"), ("title", "Bo's")],
            ),
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        ok.header("location"),
        Some(format!("/admin/articles/{id}?saved=draft").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renamed_article_answers_its_old_address_with_a_301_and_previews_work() {
    let app = spawn_app().await;
    let article = app.newest().await;
    let old = article.url();
    let mut editor = logged_in(&app, Role::Editor).await;
    let data: app::model::EditorData = editor
        .get(&format!("/api/editor?id={}", article.id))
        .await
        .json();
    let a = data.article;
    let (id, version, sec) = (
        a.id.to_string(),
        a.version.to_string(),
        a.section_id.to_string(),
    );
    let reply = editor
        .call(
            "/api/save_article",
            &[
                ("id", id.as_str()),
                ("base_version", &version),
                ("title", &a.title),
                ("slug", "a-new-slug"),
                ("section_id", &sec),
                ("tags", &a.tags),
                ("excerpt", &a.excerpt),
                ("body_md", &a.body_md),
                ("comments_open", "on"),
                ("intent", "save"),
            ],
        )
        .await;
    saved(&reply);
    let mut visitor = app.browser([10, 0, 0, 9]);
    let moved = visitor.get(&old).await;
    assert_eq!(moved.status, 301);
    let new = old.rsplit_once('/').unwrap().0.to_string() + "/a-new-slug";
    assert_eq!(moved.header("location"), Some(new.as_str()));
    assert_eq!(visitor.get(&new).await.status, 200);
    // One revision so far (the demo article had none), shown as a page.
    let revs: app::model::RevisionPage =
        editor.get(&format!("/api/revisions?id={id}")).await.json();
    assert_eq!(revs.revisions.len(), 1);
    let page = editor.get(&format!("/admin/articles/{id}/revisions")).await;
    assert_eq!(page.status, 200);

    // A preview link for a draft: anyone with it may read, with noindex; revoked, it is gone.
    let section = first_section(&app).await;
    let (draft, _, _) = saved(
        &editor
            .call(
                "/api/save_article",
                &article_form(&section, &[("title", "Secret draft")]),
            )
            .await,
    );
    let draft = draft.to_string();
    let link: String = editor
        .call("/api/create_preview_link", &[("id", draft.as_str())])
        .await
        .json();
    assert!(link.starts_with("/preview/") && link.len() > 40, "{link}");
    let page = visitor.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Secret draft"));
    assert!(page.body.contains("noindex"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(visitor.get("/preview/not-a-token").await.status, 404);
    editor
        .call("/api/revoke_preview_links", &[("id", draft.as_str())])
        .await;
    assert_eq!(visitor.get(&link).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_actions_trash_and_publish_only_what_the_role_allows() {
    let app = spawn_app().await;
    let section = first_section(&app).await;
    let mut author = logged_in(&app, Role::Author).await;
    let (mine, _, _) = saved(
        &author
            .call("/api/save_article", &article_form(&section, &[]))
            .await,
    );
    let theirs = app.newest().await.id;
    let (mine_s, theirs_s) = (mine.to_string(), theirs.to_string());
    let reply = author
        .call(
            "/api/bulk_articles",
            &[
                ("action", "publish"),
                ("ids[0]", mine_s.as_str()),
                ("ids[3]", theirs_s.as_str()),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let message: String = reply.json();
    assert!(
        message.starts_with("Published: 1 article.") && message.contains("1 left alone"),
        "{message}"
    );
    let reply = author
        .call(
            "/api/bulk_articles",
            &[
                ("action", "trash"),
                ("ids[0]", mine_s.as_str()),
                ("ids[1]", theirs_s.as_str()),
            ],
        )
        .await;
    assert!(reply
        .json::<String>()
        .starts_with("Moved to the trash: 1 article."));
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'trash' FROM articles WHERE id = {mine}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'published' FROM articles WHERE id = {theirs}"
        ))
        .await,
        1
    );
    assert_eq!(
        author
            .call("/api/restore_article", &[("id", mine_s.as_str())])
            .await
            .status,
        200
    );
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'draft' FROM articles WHERE id = {mine}"
        ))
        .await,
        1
    );
    // The list page renders for staff, with the article.
    let page = author.get("/admin/articles?q=Water").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Water rights in the valley"));
    let page = author.get(&format!("/admin/articles/{mine}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Water rights in the valley"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_without_the_app_tells_the_next_page_what_it_did_once() {
    let app = spawn_app().await;
    let section = first_section(&app).await;
    let mut editor = logged_in(&app, Role::Editor).await;
    let (id, _, _) = saved(
        &editor
            .call("/api/save_article", &article_form(&section, &[]))
            .await,
    );
    let id = id.to_string();
    let list = "/admin/articles?status=draft";
    let publish = [("action", "publish"), ("ids[0]", id.as_str())];

    // JavaScript off: a 303 back to the list, and the answer in a cookie for it.
    let reply = editor.submit(list, "/api/bulk_articles", &publish).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("https://rights.example{list}").as_str())
    );
    assert!(editor.done.is_some(), "the answer goes with the reader");
    let page = editor.get(list).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Published: 1 article."),
        "the list says what was done"
    );
    assert!(editor.done.is_none(), "and the cookie is cleared");
    let again = editor.get(list).await;
    assert!(!again.body.contains("Published: 1 article."), "told once");

    // The navigation script: a 200 naming the next page (it loads it itself, keeping any
    // `#place`), with the same cookie; a refusal is the page with the message, as without it.
    let trash = [("action", "trash"), ("ids[0]", id.as_str())];
    let reply = editor
        .submit_from_script(list, "/api/bulk_articles", &trash)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply.header("location").is_none(),
        "nothing for fetch to follow"
    );
    assert_eq!(
        reply.header("x-nav-location"),
        Some(format!("https://rights.example{list}").as_str())
    );
    assert!(editor
        .get(list)
        .await
        .body
        .contains("Moved to the trash: 1 article."));
    let refused = editor
        .submit_from_script(list, "/api/bulk_articles", &[("action", "publish")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.header("x-nav-location").is_none());
    assert!(refused
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    assert!(
        refused.body.contains("Tick the articles to act on first."),
        "the reason, on the list: {}",
        refused.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_staff_and_changes_roles_and_the_log_says_who() {
    let app = spawn_app().await;
    let mut admin = logged_in(&app, Role::Admin).await;
    let reply = admin
        .call(
            "/api/create_staff",
            &[
                ("name", "Cora Contributor"),
                ("email", " Cora@Example.org "),
                ("role", "contributor"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let password: String = reply.json();
    assert_eq!(password.len(), 29);
    let taken = admin
        .call(
            "/api/create_staff",
            &[
                ("name", "Again"),
                ("email", "cora@example.org"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("already exists"));
    let mut cora = app.browser([10, 0, 2, 1]);
    assert_eq!(
        login(&mut cora, "cora@example.org", &password).await.status,
        200
    );
    assert_eq!(cora.get("/api/editor?id=0").await.status, 200);
    assert_eq!(cora.get("/api/people").await.status, 403);

    let people: app::model::PeoplePage = admin.get("/api/people?q=cora").await.json();
    assert_eq!(people.people.len(), 1);
    let id = people.people[0].id.to_string();
    assert_eq!(
        admin
            .call("/api/change_role", &[("id", &id), ("role", "reader")])
            .await
            .status,
        200
    );
    // The new role applies at once, to the session she already has.
    assert_eq!(cora.get("/api/editor?id=0").await.status, 403);
    let me = people.me.to_string();
    let own = admin
        .call("/api/change_role", &[("id", &me), ("role", "reader")])
        .await;
    assert_eq!(own.status, 422);
    assert_eq!(
        admin
            .call("/api/change_role", &[("id", &id), ("role", "overlord")])
            .await
            .status,
        400
    );
    let log: Vec<String> = sqlx::query_scalar(
        "SELECT actor_name || ': ' || action || ' ' || detail FROM audit_log ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        log,
        [
            "Test admin: create account contributor",
            "Test admin: role change contributor → reader"
        ]
    );
    // The page renders for the admin.
    let page = admin.get("/admin/people?everyone=on").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Cora Contributor"));
    // The dashboard's front page: the weekly chart and the latest activity.
    let home = admin.get("/admin").await;
    assert_eq!(home.status, 200);
    let chart = home
        .body
        .find("<svg")
        .map(|i| &home.body[i..(i + 300).min(home.body.len())]);
    assert!(
        home.body.contains("articles in the last 12 weeks"),
        "{chart:?}"
    );
    assert!(home.body.contains("role change"), "recent activity");
    let log = admin.get("/admin/log").await;
    assert!(log.body.contains("contributor → reader"));
    // Cora (now a reader) is refused the log.
    assert_eq!(
        cora.get("/api/audit_log").await.status,
        403,
        "demoted to reader, logged in"
    );
    // The dashboard's navigation shows an admin everything, in the first HTML.
    assert!(page
        .body
        .contains(r#"<a href="/admin/people" aria-current="page">People"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_headline_is_announced_to_open_pages_at_once() {
    use http_body_util::BodyExt;
    let app = spawn_app().await;
    let mut editor = logged_in(&app, Role::Editor).await;
    // An open page's event stream.
    let response = app.request("/events/headlines").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut events = response.into_body();

    let reply = editor
        .call(
            "/api/save_headline",
            &[
                ("id", "0"),
                ("text", "Court frees jailed reporters"),
                ("link", "/2026/01/10/alpha"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let started = std::time::Instant::now();
    let frame = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        loop {
            let frame = events.frame().await.expect("stream open").expect("frame");
            if let Some(data) = frame.data_ref() {
                let text = String::from_utf8_lossy(data).into_owned();
                if text.contains("event: headlines") {
                    return text;
                }
            }
        }
    })
    .await
    .expect("announced within 2 s");
    assert!(frame.contains("data: changed"), "{frame}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let current: Vec<app::model::Headline> = app
        .browser([10, 0, 0, 9])
        .get("/api/list_breaking_headlines")
        .await
        .json();
    assert_eq!(
        current[0].text, "Court frees jailed reporters",
        "a new headline goes first"
    );

    // Bad input is refused next to its field; nothing is written.
    let before = app.count("SELECT COUNT(*) FROM breaking_headlines").await;
    for (field, form) in [
        ("text", vec![("id", "0"), ("text", "  "), ("link", "/x")]),
        (
            "link",
            vec![("id", "0"), ("text", "T"), ("link", "javascript:alert(1)")],
        ),
        (
            "expires_at",
            vec![
                ("id", "0"),
                ("text", "T"),
                ("link", "/x"),
                ("expires_at", "2001-01-01T00:00"),
            ],
        ),
        (
            "starts_at",
            vec![
                ("id", "0"),
                ("text", "T"),
                ("link", "/x"),
                ("starts_at", "tomorrow"),
            ],
        ),
    ] {
        let reply = editor.call("/api/save_headline", &form).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.body);
        assert_eq!(reply.json::<app::error::AppError>().field(), Some(field));
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM breaking_headlines").await,
        before
    );
    // Authors cannot; the page renders for editors.
    let mut author = logged_in(&app, Role::Author).await;
    assert_eq!(
        author
            .call(
                "/api/save_headline",
                &[("id", "0"), ("text", "T"), ("link", "/x")]
            )
            .await
            .status,
        403
    );
    let page = editor.get("/admin/headlines").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Court frees jailed reporters"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_photo_loses_its_gps_data_and_bad_uploads_keep_what_was_typed() {
    let app = spawn_app().await;
    let mut editor = logged_in(&app, Role::Editor).await;
    let photo = server::media::jpeg_with_gps();
    let fields = [
        ("alt", "Farmers at the dry riverbed"),
        ("caption", "The river in May"),
        ("credit", "Jo Lens"),
    ];
    let reply = editor
        .upload(
            "/admin/media",
            "/admin/media/upload",
            &fields,
            Some(("IMG_0001.JPG", &photo)),
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.header("location").unwrap().to_owned();
    assert!(location.starts_with("/admin/media?uploaded="), "{location}");
    let file: String = sqlx::query_scalar("SELECT file_name FROM media ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(file.ends_with(".jpg") && !file.contains("IMG"), "{file}");
    let served = app.request(&format!("/media/{file}")).await;
    assert_eq!(served.status(), 200);
    let bytes = http_body_util::BodyExt::collect(served.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(
        bytes.windows(4).all(|w| w != b"Exif"),
        "EXIF survived the upload"
    );
    assert!(
        bytes.windows(2).all(|w| w != [0xFF, 0xE1]),
        "an APP1 segment survived"
    );
    let page = editor.get(&location).await;
    assert!(page.body.contains("Farmers at the dry riverbed"));

    // Refusals: the page again, the message by the field, what was typed kept, nothing saved.
    let before = app.count("SELECT COUNT(*) FROM media").await;
    let fake = editor
        .upload(
            "/admin/media",
            "/admin/media/upload",
            &fields,
            Some(("x.jpg", b"<svg onload=alert(1)>")),
        )
        .await;
    assert_eq!(fake.status, 422);
    assert!(fake.body.contains("Upload a JPEG, PNG, WebP or GIF image."));
    assert!(
        fake.body.contains("value=\"Jo Lens\""),
        "the credit typed is lost"
    );
    let no_alt = editor
        .upload(
            "/admin/media",
            "/admin/media/upload",
            &[("alt", " ")],
            Some(("a.jpg", &photo)),
        )
        .await;
    assert_eq!(no_alt.status, 422);
    assert!(no_alt.body.contains("Describe the image"));
    let big = vec![0u8; server::media::MAX_UPLOAD + 100_000];
    let too_big = editor
        .upload(
            "/admin/media",
            "/admin/media/upload",
            &fields,
            Some(("big.jpg", &big)),
        )
        .await;
    assert!(
        too_big.status == 413 || too_big.status == 422,
        "{}",
        too_big.status
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM media").await, before);
    // Authors may not upload; visitors neither.
    let mut author = logged_in(&app, Role::Author).await;
    let refused = author
        .upload(
            "/admin/media",
            "/admin/media/upload",
            &fields,
            Some(("a.jpg", &photo)),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM media").await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editors_shape_sections_and_tags() {
    let app = spawn_app().await;
    let mut editor = logged_in(&app, Role::Editor).await;
    let reply = editor
        .call(
            "/api/save_section",
            &[
                ("id", "0"),
                ("name", "Climate Justice"),
                ("slug", ""),
                ("description", "Heat, floods, rights."),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let id: i64 = reply.json();
    assert!(
        editor
            .get("/")
            .await
            .body
            .contains(r#"href="/category/climate-justice""#),
        "the new section is in the navigation"
    );
    let taken = editor
        .call(
            "/api/save_section",
            &[
                ("id", "0"),
                ("name", "Climate"),
                ("slug", "climate-justice"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert_eq!(taken.json::<app::error::AppError>().field(), Some("slug"));
    let full = app
        .count("SELECT MIN(category_id) FROM articles")
        .await
        .to_string();
    let refused = editor.call("/api/delete_section", &[("id", &full)]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("move them to another section first"));
    assert_eq!(
        editor
            .call("/api/delete_section", &[("id", &id.to_string())])
            .await
            .status,
        200
    );

    // Tags: rename, then merge into another; the tag page follows.
    let tags: app::model::TagList = editor.get("/api/tags_desk").await.json();
    let (a, b) = (&tags.tags[0], &tags.tags[1]);
    let (a_id, b_id) = (a.id.to_string(), b.id.to_string());
    assert_eq!(
        editor
            .call("/api/rename_tag", &[("id", &a_id), ("name", "Renamed Tag")])
            .await
            .status,
        200
    );
    assert_eq!(editor.get("/tag/renamed-tag").await.status, 200);
    let clash = editor
        .call("/api/rename_tag", &[("id", &a_id), ("name", &b.name)])
        .await;
    assert_eq!(clash.status, 422);
    assert!(clash.body.contains("merge the two instead"));
    let union = app
        .count(&format!(
            "SELECT COUNT(DISTINCT article_id) FROM article_tags WHERE tag_id IN ({a_id}, {b_id})"
        ))
        .await;
    let merged = editor
        .call("/api/merge_tag", &[("id", &a_id), ("into", &b.name)])
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM tags WHERE id = {a_id}"))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM article_tags WHERE tag_id = {b_id}"
        ))
        .await,
        union,
        "every article of either tag has the merged one"
    );
    assert_eq!(editor.get("/admin/tags").await.status, 200);
    assert_eq!(editor.get("/admin/sections").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderators_act_on_many_comments_at_once_and_ban_a_commenter() {
    let app = spawn_app().await;
    let article = app.newest().await.id.to_string();
    let mut reader = app.browser([10, 0, 3, 1]);
    assert_eq!(
        register(&mut reader, "Tess Troll", "tess@example.org")
            .await
            .status,
        200
    );
    let first: app::model::CommentSaved = reader
        .call(
            "/api/post_comment",
            &[("article_id", &article), ("body", "First, held")],
        )
        .await
        .json();
    assert!(first.held);
    let mut editor = logged_in(&app, Role::Editor).await;
    let id = first.id.to_string();
    let reply = editor
        .call(
            "/api/moderate_comments",
            &[("decision", "approve"), ("ids[0]", &id)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json::<String>(), "Done: 1 comment.");
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'approved' FROM comments WHERE id = {id}"
        ))
        .await,
        1
    );

    let tess = app
        .count("SELECT id FROM users WHERE email = 'tess@example.org'")
        .await
        .to_string();
    let reply = editor
        .call(
            "/api/ban_commenter",
            &[("user_id", &tess), ("days", "7"), ("hide", "on")],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let message: String = reply.json();
    assert!(
        message.starts_with("Tess Troll cannot comment until")
            && message.contains("1 of their comments were hidden"),
        "{message}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'trash' FROM comments WHERE id = {id}"
        ))
        .await,
        1
    );
    let refused = reader
        .call(
            "/api/post_comment",
            &[("article_id", &article), ("body", "Let me back in")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused
        .body
        .contains("stopped this account from commenting until"));
    // Staff cannot be banned; the log has the ban.
    let staff = app
        .count("SELECT id FROM users WHERE role = 'editor' LIMIT 1")
        .await
        .to_string();
    assert_eq!(
        editor
            .call("/api/ban_commenter", &[("user_id", &staff), ("days", "0")])
            .await
            .status,
        422
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'ban' AND detail LIKE 'until %; 1 comments hidden'").await, 1);
    assert_eq!(
        editor
            .call("/api/unban_commenter", &[("user_id", &tess)])
            .await
            .status,
        200
    );
    // (Her last comment was moments ago; the 15 s interval is not what is tested here.)
    sqlx::query("UPDATE comments SET created_at = created_at - 60")
        .execute(&app.pool)
        .await
        .unwrap();
    let back = reader
        .call(
            "/api/post_comment",
            &[("article_id", &article), ("body", "Thanks")],
        )
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    let page = editor.get("/admin/comments?tab=trash").await;
    assert!(page.body.contains("First, held") && page.body.contains(r#"form="bulk-comments""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_dashboard_forms_come_back_to_their_page_or_say_why_not() {
    let app = spawn_app().await;
    let mut admin = logged_in(&app, Role::Admin).await;
    let id = app.newest().await.id.to_string();
    // A function that returns a message rather than a page: back to the list.
    let reply = admin
        .submit(
            "/admin/articles?status=published",
            "/api/bulk_articles",
            &[("action", "trash"), ("ids[0]", &id)],
        )
        .await;
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.header("location"),
        Some("https://rights.example/admin/articles?status=published")
    );
    assert_eq!(
        app.count(&format!(
            "SELECT status = 'trash' FROM articles WHERE id = {id}"
        ))
        .await,
        1
    );
    // Adding staff shows a password only the script can show: it says so, and adds no one.
    let users = app.count("SELECT COUNT(*) FROM users").await;
    let page = admin
        .submit(
            "/admin/people",
            "/api/create_staff",
            &[
                ("name", "No Script"),
                ("email", "ns@example.org"),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("needs JavaScript"));
    assert!(
        page.body.contains("value=\"ns@example.org\""),
        "what was typed stays"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users);
}
