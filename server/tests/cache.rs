//! The page cache: anonymous readers get stored pages with validators and public caching
//! headers; logged-in readers never do; a change purges the pages that show it and leaves
//! the others; the article body is sent once.

mod common;

use app::domain::roles::Role;
use axum::{body::Body, http::Request};
use common::{logged_in, register, spawn_app, Reply, TestApp};

/// An anonymous GET with extra headers.
async fn anonymous(app: &TestApp, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri).header("host", "rights.example");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

/// An anonymous GET accepting `encodings`: the headers and the bytes as sent.
async fn encoded(app: &TestApp, uri: &str, encodings: &str) -> (axum::http::HeaderMap, Vec<u8>) {
    let request = Request::get(uri)
        .header("accept-encoding", encodings)
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    let headers = response.headers().clone();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    (headers, bytes.to_vec())
}

fn outcome(reply: &Reply) -> &str {
    reply.header("x-cache").unwrap_or("none")
}

/// Asserts `uri` is served from the cache (a second anonymous GET is a hit).
async fn assert_cached(app: &TestApp, uri: &str) -> Reply {
    let reply = anonymous(app, uri, &[]).await;
    assert_eq!(reply.status, 200, "{uri}");
    assert_eq!(
        outcome(&reply),
        "hit",
        "{uri} should be served from the cache"
    );
    reply
}

/// After a change: the stale copy first (its refresh starts in the background), then, once
/// the refresh is stored, the new page from the cache. Returns the stale reply and the new.
async fn refreshed(app: &TestApp, uri: &str) -> (Reply, Reply) {
    let stale = anonymous(app, uri, &[]).await;
    assert_eq!(stale.status, 200, "{uri}");
    assert_eq!(outcome(&stale), "stale", "{uri} was purged");
    for _ in 0..200 {
        let reply = anonymous(app, uri, &[]).await;
        if outcome(&reply) == "hit" {
            return (stale, reply);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{uri} was not refreshed within 4 s");
}

async fn warm(app: &TestApp, uri: &str) {
    let reply = anonymous(app, uri, &[]).await;
    assert_eq!(reply.status, 200, "{uri}: {}", reply.body);
    assert_cached(app, uri).await;
}

/// A section other than the newest article's, and the newest article's.
async fn sections(app: &TestApp) -> (String, String) {
    let newest = app.newest().await;
    let other: String = sqlx::query_scalar(
        "SELECT slug FROM categories WHERE slug != ? AND EXISTS \
         (SELECT 1 FROM articles a WHERE a.category_id = categories.id AND a.status = 'published') \
         ORDER BY id LIMIT 1",
    )
    .bind(&newest.section.slug)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    (newest.section.slug, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_pages_are_stored_and_revalidated() {
    let app = spawn_app().await;
    let url = app.newest().await.url();
    let first = anonymous(&app, &url, &[]).await;
    assert_eq!(first.status, 200);
    assert_eq!(outcome(&first), "miss");
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert!(first.header("last-modified").is_some());
    assert_eq!(
        first.header("cache-control"),
        Some("public, max-age=0, s-maxage=5, stale-while-revalidate=5, stale-if-error=86400")
    );
    assert_eq!(
        first.header("vary"),
        Some("accept-encoding, cookie"),
        "a CDN keeps apart encodings, and requests with cookies"
    );
    assert!(first.header("set-cookie").is_none());
    assert!(first.header("content-security-policy").is_some());

    let second = assert_cached(&app, &url).await;
    assert_eq!(second.body, first.body, "the stored page is the page");
    assert_eq!(second.header("etag"), Some(etag.as_str()));
    // A hit is answered before the layers, with what they gave the render, and an id of its
    // own (never the render's).
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "content-type",
    ] {
        assert!(first.header(name).is_some(), "{name}");
        assert_eq!(second.header(name), first.header(name), "{name}");
    }
    let ids = [first.header("x-request-id"), second.header("x-request-id")];
    assert!(
        ids.iter().all(|id| id.is_some_and(|id| id.len() == 16)),
        "{ids:?}"
    );
    assert_ne!(ids[0], ids[1], "each request has its own id");
    assert_eq!(
        second.headers.get_all("x-request-id").iter().count(),
        1,
        "the stored page keeps no id"
    );

    let revalidated = anonymous(&app, &url, &[("if-none-match", &etag)]).await;
    assert_eq!(revalidated.status, 304);
    assert!(revalidated.body.is_empty());
    assert_eq!(
        revalidated.header("content-security-policy"),
        first.header("content-security-policy"),
        "a 304 keeps the page's own policy (browsers take the 304's headers)"
    );
    let other_etag = anonymous(&app, &url, &[("if-none-match", "\"something-else\"")]).await;
    assert_eq!(other_etag.status, 200);
    let since = first.header("last-modified").unwrap().to_owned();
    assert_eq!(
        anonymous(&app, &url, &[("if-modified-since", &since)])
            .await
            .status,
        304
    );

    // Stored compressed, sent in the encoding asked for; gzip is made the first time a
    // browser asks for it, and kept.
    let (headers, bytes) = encoded(&app, &url, "gzip, deflate, br").await;
    assert_eq!(headers["content-encoding"], "br");
    assert!(headers["vary"]
        .to_str()
        .unwrap()
        .contains("accept-encoding"));
    let mut html = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(&bytes[..], 4096), &mut html)
        .unwrap();
    assert_eq!(html, first.body);
    assert!(bytes.len() < first.body.len() / 3);
    for _ in 0..2 {
        let (headers, bytes) = encoded(&app, &url, "gzip").await;
        assert_eq!(headers["content-encoding"], "gzip");
        assert_eq!(headers["x-cache"], "hit");
        let mut html = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
            .unwrap();
        assert_eq!(html, first.body);
    }

    // The front page, archives, search and the server functions behind them are stored too.
    let (section, _) = sections(&app).await;
    for uri in [
        "/".to_owned(),
        format!("/category/{section}"),
        "/search?q=rights".to_owned(),
        "/api/get_front_page".to_owned(),
    ] {
        warm(&app, &uri).await;
    }
    // Never: errors, the dashboard, accounts, and anything with a session.
    for uri in ["/no-such-page", "/admin", "/login", "/register"] {
        let reply = anonymous(&app, uri, &[]).await;
        let again = anonymous(&app, uri, &[]).await;
        assert_ne!(outcome(&again), "hit", "{uri} ({})", reply.status);
    }
    // The internal marker never leaves the server.
    for uri in [url.as_str(), "/", "/api/get_front_page", "/no-such-page"] {
        let reply = anonymous(&app, uri, &[]).await;
        assert!(reply.header("x-page-cache-tags").is_none(), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logged_in_readers_never_get_a_stored_page() {
    let app = spawn_app().await;
    let url = app.newest().await.url();
    warm(&app, &url).await;
    let mut reader = app.browser([10, 0, 0, 7]);
    assert_eq!(
        register(&mut reader, "Rosa Reader", "rosa@example.org")
            .await
            .status,
        200
    );
    let page = reader.get(&url).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("x-cache"), None);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(
        page.body.contains("Rosa Reader"),
        "the reader's own page, with their name"
    );
    assert!(!page.body.contains("You must be <a"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_cookie_written_oddly_never_puts_a_readers_page_in_the_cache() {
    let app = spawn_app().await;
    let url = app.newest().await.url();
    let mut reader = app.browser([10, 0, 0, 8]);
    assert_eq!(
        register(&mut reader, "Rosa Reader", "rosa@example.org")
            .await
            .status,
        200
    );
    // Once a day a visit refreshes the session, setting a cookie (never stored): have that
    // happen now, so that each request below would be stored but for the fixes.
    assert_eq!(reader.get("/").await.status, 200);
    let cookie = reader.cookie.clone().unwrap();
    let id = cookie.split_once('=').unwrap().1;
    // Each is read by the session layer as the reader's session.
    let written = [
        format!("rta_session ={id}"),
        format!("rta_session\t={id}"),
        format!("rta%5Fsession={id}"),
        format!("theme=dark;  rta_session = {id}"),
    ];
    for (n, cookie) in written.iter().enumerate() {
        let address = format!("{url}?x={n}");
        let request = Request::get(&address)
            .header("host", "rights.example")
            .header("cookie", axum::http::HeaderValue::from_str(cookie).unwrap())
            .body(Body::empty())
            .unwrap();
        let mine = app.send(request).await;
        assert_eq!(mine.status, 200, "{cookie:?}");
        assert!(
            mine.body.contains("Rosa Reader"),
            "the session layer reads {cookie:?} as the reader's session"
        );
        assert_eq!(mine.header("cache-control"), Some("no-store"), "{cookie:?}");
        assert_eq!(mine.header("x-cache"), None, "{cookie:?}");
        let visitor = anonymous(&app, &address, &[]).await;
        assert!(
            !visitor.body.contains("Rosa Reader"),
            "a visitor got the reader's page after {cookie:?}"
        );
        assert!(visitor.body.contains("You must be <a"));
    }
}

/// Whatever the request looked like, a response rendered for a logged-in user says
/// `no-store`, and the page cache keeps nothing that does (`page_cache::storable`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_rendered_for_a_session_is_marked_no_store_where_the_user_is_known() {
    use axum::{middleware, routing::get, Router};
    let app = spawn_app().await;
    let mut reader = app.browser([10, 0, 0, 9]);
    register(&mut reader, "Rosa Reader", "rosa@example.org").await;
    // Only the session layers and a handler that says nothing about caching.
    let bare = Router::new()
        .route("/", get(|| async { "hello" }))
        .layer(middleware::from_fn(server::accounts::session_policy))
        .layer(server::accounts::auth_layer(&app.state));
    let send = |cookie: Option<String>| {
        let bare = bare.clone();
        async move {
            let mut request = Request::get("/");
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let response = tower::ServiceExt::oneshot(bare, request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_owned())
        }
    };
    assert_eq!(
        send(reader.cookie.clone()).await.as_deref(),
        Some("no-store")
    );
    assert_eq!(send(None).await, None);
    assert_eq!(send(Some("rta_session=not-a-session".into())).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_purges_its_article_and_its_cards_only() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let (own_section, other_section) = sections(&app).await;
    let other = format!("/category/{other_section}");
    for uri in [
        newest.url(),
        "/".into(),
        format!("/category/{own_section}"),
        other.clone(),
    ] {
        warm(&app, &uri).await;
    }
    let mut editor = logged_in(&app, Role::Editor).await;
    // Staff comments are published at once.
    let reply = editor
        .call(
            "/api/post_comment",
            &[
                ("article_id", &newest.id.to_string()),
                ("body", "A word from the desk about this report."),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let (stale, page) = refreshed(&app, &newest.url()).await;
    assert!(!stale
        .body
        .contains("A word from the desk about this report."));
    assert!(page
        .body
        .contains("A word from the desk about this report."));
    for uri in ["/".to_owned(), format!("/category/{own_section}")] {
        // It shows the article's comment count.
        refreshed(&app, &uri).await;
    }
    assert_cached(&app, &other).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_purges_the_lists_it_joins_and_headlines_purge_everything() {
    let app = spawn_app().await;
    let (_, other_section) = sections(&app).await;
    let target: (i64, String) =
        sqlx::query_as("SELECT id, slug FROM categories WHERE slug != ? ORDER BY id DESC LIMIT 1")
            .bind(&other_section)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let untouched = format!("/category/{other_section}");
    let joined = format!("/category/{}", target.1);
    for uri in ["/", "/feed.xml", untouched.as_str(), joined.as_str()] {
        let _ = anonymous(&app, uri, &[]).await;
    }
    warm(&app, "/").await;
    warm(&app, "/sitemap.xml").await;
    warm(&app, &untouched).await;
    warm(&app, &joined).await;

    let mut editor = logged_in(&app, Role::Editor).await;
    let section_id = target.0.to_string();
    let reply = editor
        .call(
            "/api/save_article",
            &[
                ("id", "0"),
                ("base_version", "0"),
                ("title", "Cache test: river court rules for farmers"),
                ("slug", ""),
                ("section_id", &section_id),
                ("tags", ""),
                ("excerpt", "A ruling."),
                ("body_md", "The court ruled."),
                ("intent", "publish"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    for uri in ["/", joined.as_str()] {
        let (_, page) = refreshed(&app, uri).await;
        assert!(
            page.body
                .contains("Cache test: river court rules for farmers"),
            "{uri}"
        );
    }
    let (_, sitemap) = refreshed(&app, "/sitemap.xml").await;
    assert!(
        sitemap
            .body
            .contains("cache-test-river-court-rules-for-farmers"),
        "the sitemap lists it"
    );
    assert_cached(&app, &untouched).await;

    // The ticker is on every page: a new headline purges them all.
    let reply = editor
        .call(
            "/api/save_headline",
            &[("id", "0"), ("text", "Cache test headline"), ("link", "/")],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let (_, page) = refreshed(&app, &untouched).await;
    assert!(page.body.contains("Cache test headline"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_article_body_is_sent_once() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let body: String = sqlx::query_scalar("SELECT body_html FROM articles WHERE id = ?")
        .bind(newest.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // A sentence of the body's last paragraph (the first is often the excerpt, which the
    // page's description and cards repeat).
    let start = body.rfind("<p>").expect("a paragraph") + 3;
    let sentence: String = body[start..].chars().take(60).collect();
    let page = anonymous(&app, &newest.url(), &[]).await;
    let around: Vec<&str> = page
        .body
        .match_indices(&sentence)
        .map(|(i, _)| &page.body[page.body.floor_char_boundary(i.saturating_sub(300))..i])
        .collect();
    assert_eq!(
        around.len(),
        1,
        "the body is in the HTML once, not again in the hydration data: found after {around:#?}"
    );
    assert!(page.body.len() < body.len() * 3 + 40_000);
    // A client-side navigation gets the body from the server function.
    let d = newest.date();
    let json = anonymous(
        &app,
        &format!(
            "/api/get_article?year={}&month={}&day={}&slug={}",
            d.year(),
            d.month(),
            d.day(),
            newest.slug
        ),
        &[],
    )
    .await;
    assert_eq!(json.status, 200);
    assert!(json.body.contains(&sentence.replace('"', "\\\"")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_named_by_content_are_cached_for_a_year() {
    let app = spawn_app().await;
    let image = app.newest().await.image.expect("demo articles have images");
    let reply = anonymous(&app, &image.url, &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let missing = anonymous(&app, "/media/no-such-file.jpg", &[]).await;
    assert_eq!(missing.status, 404);
    assert_ne!(
        missing.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    // The bundle, from the folder named after its content: pages point there, and it is
    // immutable; anything else under /pkg is revalidated.
    let app = app.with_bundle_in("0123456789abcdef");
    let page = anonymous(&app, "/", &[]).await;
    assert!(
        page.body.contains("/pkg/0123456789abcdef/rights_to_all.js"),
        "the page loads the bundle from its hashed folder"
    );
    let bundle = anonymous(&app, "/pkg/0123456789abcdef/rights_to_all.js", &[]).await;
    assert_eq!(bundle.status, 200);
    assert_eq!(
        bundle.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let stale = anonymous(&app, "/pkg/stale.js", &[]).await;
    assert_eq!(stale.status, 200);
    assert_eq!(stale.header("cache-control"), Some("public, no-cache"));

    // Files are the same for a logged-in reader, and cached the same way.
    let mut reader = app.browser([10, 0, 0, 9]);
    register(&mut reader, "Rosa Reader", "rosa@example.org").await;
    for (file, cache_control) in [
        (image.url.as_str(), "public, max-age=31536000, immutable"),
        (
            "/pkg/0123456789abcdef/rights_to_all.js",
            "public, max-age=31536000, immutable",
        ),
        ("/pkg/stale.js", "public, no-cache"),
    ] {
        let reply = reader.get(file).await;
        assert_eq!(reply.status, 200, "{file}");
        assert_eq!(reply.header("cache-control"), Some(cache_control), "{file}");
    }
    assert_eq!(
        reader.get("/").await.header("cache-control"),
        Some("no-store"),
        "pages stay private"
    );
}

/// Sends `count` anonymous GETs of `uri` at once; their statuses and `x-cache` outcomes.
async fn at_once(app: &TestApp, uri: &str, count: usize) -> Vec<(u16, String)> {
    let requests = (0..count).map(|_| {
        let (app, uri) = (app.clone(), uri.to_owned());
        tokio::spawn(async move {
            let reply = anonymous(&app, &uri, &[]).await;
            (reply.status, outcome(&reply).to_owned())
        })
    });
    futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

fn as_refs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Waits until `uri` is current in the cache again (its refresh stored).
async fn until_current(app: &TestApp, uri: &str) {
    for _ in 0..200 {
        if app.state.cache.get(uri).is_some() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{uri} was not refreshed within 4 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_requests_at_once_cause_one_render_after_a_purge_or_on_a_cold_cache() {
    let app = spawn_app().await;
    let url = app.newest().await.url();
    // Cold: one renders, the others wait for it.
    let before = app.state.cache.renders();
    let replies = at_once(&app, &url, 100).await;
    assert!(
        replies.iter().all(|(status, _)| *status == 200),
        "{replies:?}"
    );
    assert_eq!(app.state.cache.renders() - before, 1, "{replies:?}");
    assert_eq!(replies.iter().filter(|(_, o)| o == "miss").count(), 1);
    // After a purge: everyone gets the stale copy while one refresh runs.
    app.state.cache.purge_all();
    let before = app.state.cache.renders();
    let replies = at_once(&app, &url, 100).await;
    assert!(
        replies
            .iter()
            .all(|(status, o)| *status == 200 && o == "stale"),
        "{replies:?}"
    );
    until_current(&app, &url).await;
    assert_eq!(app.state.cache.renders() - before, 1);
    assert_eq!(outcome(&anonymous(&app, &url, &[]).await), "hit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_copy_is_served_within_the_bound_even_when_its_render_fails_and_never_after() {
    use app::cache::PageCache;
    let app = spawn_app().await.with_cache(PageCache::with_stale(
        app::cache::DEFAULT_CAPACITY,
        std::time::Duration::from_secs(1),
        std::time::Duration::ZERO,
    ));
    let url = app.newest().await.url();
    warm(&app, &url).await;
    app.state.cache.purge_all();
    // The database goes away: renders fail.
    app.pool.close().await;
    let stale = anonymous(&app, &url, &[]).await;
    assert_eq!((stale.status, outcome(&stale)), (200, "stale"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let still = anonymous(&app, &url, &[]).await;
    assert_eq!(
        (still.status, outcome(&still)),
        (200, "stale"),
        "its refresh failed: the stale copy stays, within the bound"
    );
    assert_eq!(still.body, stale.body);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let after = anonymous(&app, &url, &[]).await;
    assert_eq!(after.status, 500, "past the bound it is not served");
    assert_ne!(outcome(&after), "stale");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logged_in_readers_get_the_page_as_it_is_never_a_stale_copy() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    warm(&app, &newest.url()).await;
    let mut reader = app.browser([10, 0, 0, 11]);
    register(&mut reader, "Rosa Reader", "rosa@example.org").await;
    let mut editor = logged_in(&app, Role::Editor).await;
    let said = "The desk adds: the report was updated at noon.";
    let reply = editor
        .call(
            "/api/post_comment",
            &[("article_id", &newest.id.to_string()), ("body", said)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mine = reader.get(&newest.url()).await;
    assert_eq!(mine.header("x-cache"), None);
    assert!(
        mine.body.contains(said),
        "a logged-in reader sees it at once"
    );
    let visitor = anonymous(&app, &newest.url(), &[]).await;
    assert_eq!(
        outcome(&visitor),
        "stale",
        "a visitor may get the copy of a moment ago"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_that_is_not_yet_public_purges_a_public_page() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let (section, _) = sections(&app).await;
    let pages = [
        "/".to_owned(),
        newest.url(),
        format!("/category/{section}"),
        "/feed.xml".to_owned(),
        "/sitemap.xml".to_owned(),
        "/search?q=rights".to_owned(),
    ];
    let section_id = app
        .count(&format!(
            "SELECT id FROM categories WHERE slug = '{}'",
            newest.section.slug
        ))
        .await
        .to_string();
    let mut editor = logged_in(&app, Role::Editor).await;
    let mut contributor = logged_in(&app, Role::Contributor).await;
    let draft = |title: &'static str, intent: &'static str| {
        vec![
            ("id", "0".to_owned()),
            ("base_version", "0".to_owned()),
            ("title", title.to_owned()),
            ("slug", String::new()),
            ("section_id", section_id.clone()),
            ("tags", "Water".to_owned()),
            ("excerpt", "Not yet.".to_owned()),
            ("body_md", "Draft text.".to_owned()),
            ("intent", intent.to_owned()),
        ]
    };
    for uri in &pages {
        warm(&app, uri).await;
    }
    let generation = app.state.cache.generation();

    // A draft, saved and saved again; a contributor's article submitted for review.
    let saved = editor
        .call(
            "/api/save_article",
            &as_refs(&draft("Not yet public", "save")),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let (id, version) = match saved.json::<app::model::SaveOutcome>() {
        app::model::SaveOutcome::Saved { id, version, .. } => (id, version),
        other => panic!("{other:?}"),
    };
    let mut again = draft("Not yet public, second take", "save");
    again[0].1 = id.to_string();
    again[1].1 = version.to_string();
    assert_eq!(
        editor
            .call("/api/save_article", &as_refs(&again))
            .await
            .status,
        200
    );
    let submitted = contributor
        .call(
            "/api/save_article",
            &as_refs(&draft("For review", "submit")),
        )
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    // An autosave of a published article (a separate slot; the article is unchanged).
    let autosaved = editor
        .call(
            "/api/autosave_article",
            &[
                ("id", &newest.id.to_string()),
                ("base_version", "1"),
                ("title", "Half-typed"),
                ("excerpt", ""),
                ("body_md", "Half-typed text"),
            ],
        )
        .await;
    assert_eq!(autosaved.status, 200, "{}", autosaved.body);
    // A preview link for the draft.
    assert_eq!(
        editor
            .call("/api/create_preview_link", &[("id", &id.to_string())])
            .await
            .status,
        200
    );
    // A new reader's first comment, held for a moderator, and its deletion.
    let mut reader = app.browser([10, 0, 0, 12]);
    register(&mut reader, "Rosa Reader", "rosa@example.org").await;
    let held = reader
        .call(
            "/api/post_comment",
            &[("article_id", &newest.id.to_string()), ("body", "First!")],
        )
        .await;
    assert_eq!(held.status, 200, "{}", held.body);
    let held = held.json::<app::model::CommentSaved>();
    assert!(held.held);
    // The reader, with no comment anyone sees, changes name.
    assert_eq!(
        reader
            .call("/api/update_name", &[("display_name", "Rosa R.")])
            .await
            .status,
        200
    );
    // The moderator sends the held comment to the spam folder.
    assert_eq!(
        editor
            .call(
                "/api/moderate_comment",
                &[("id", &held.id.to_string()), ("decision", "spam")],
            )
            .await
            .status,
        200
    );
    // A headline that starts tomorrow.
    let tomorrow = app::domain::Date::from_timestamp(app::db::now() + 86_400);
    let scheduled = editor
        .call(
            "/api/save_headline",
            &[
                ("id", "0"),
                ("text", "Tomorrow: the verdict"),
                ("link", "/"),
                ("starts_at", &format!("{tomorrow}T09:00")),
            ],
        )
        .await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.body);
    let headline: i64 = scheduled.json();
    assert_eq!(
        editor
            .call("/api/delete_headline", &[("id", &headline.to_string())])
            .await
            .status,
        200
    );

    assert_eq!(
        app.state.cache.generation(),
        generation,
        "nothing was purged"
    );
    for uri in &pages {
        assert_cached(&app, uri).await;
    }
}
