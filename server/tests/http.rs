//! HTTP tests: the real `router(state)` on a fresh database, driven with `oneshot`.

mod common;

use app::api::{
    GetArticle, GetCommentThread, ListArticles, ListBreakingHeadlines, ListTrendingTags,
};
use app::db;
use axum::{body::Body, http::Request};
use common::spawn_app;
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

/// Every JSON-LD block in a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    html.match_indices(OPEN)
        .map(|(at, _)| {
            let start = at + OPEN.len();
            let end = start + html[start..].find("</script>").expect("closed script");
            serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
        })
        .collect()
}

/// The text of the first `<tag ...>text</tag>` in a page.
fn element_text<'a>(html: &'a str, tag: &str) -> &'a str {
    let open = html
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("no <{tag}>"));
    let start = open + html[open..].find('>').unwrap() + 1;
    let end = start + html[start..].find(&format!("</{tag}>")).unwrap();
    &html[start..end]
}

/// The `content` of `<meta name="description">`.
fn meta_description(html: &str) -> &str {
    let at = html
        .find("<meta name=\"description\" content=\"")
        .expect("a meta description")
        + 34;
    &html[at..at + html[at..].find('"').unwrap()]
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// Multi-threaded like the real server; every request also has a deadline (see `get`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_page_links_to_the_newest_article() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("href=\"{}\"", newest.url())));
    assert!(html.contains("<title>Rights To All</title>"));
    // A block per section, in nav order, after the latest twelve.
    let blocks: Vec<usize> = [
        "/category/news\"",
        "/category/torture\"",
        "/category/refugees\"",
    ]
    .iter()
    .map(|href| {
        let heading = format!(
            "class=\"section-heading\"><a href=\"{}",
            &href[..href.len() - 1]
        );
        html.find(&heading)
            .unwrap_or_else(|| panic!("no block for {href}"))
    })
    .collect();
    assert!(
        blocks.windows(2).all(|w| w[0] < w[1]),
        "blocks out of nav order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_article_page_is_complete_in_the_first_html() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let (status, html) = app.get(&newest.url()).await;
    assert_eq!(status, 200);
    // Without the empty comments that mark where text nodes end, for hydration.
    let html = html.replace("<!>", "");
    let title = escaped(&newest.title);
    assert!(html.contains(&format!("<title>{title} – Rights To All</title>")));
    assert!(html.contains(&format!(">{title}</h1>")));
    assert!(
        html.contains(&escaped(&newest.author.name)),
        "author missing"
    );
    assert!(html.contains("aria-label=\"Breadcrumb\""));
    let d = newest.date();
    assert!(html.contains(&format!("href=\"/{:04}/{:02}\"", d.year(), d.month())));
    assert!(html.contains(&format!(">{}</a>", d.month_name())));
    let headlines = db::headlines::current(&app.pool, db::now()).await.unwrap();
    assert_eq!(headlines.len(), 6);
    for h in &headlines {
        assert!(
            html.contains(&escaped(&h.text)),
            "ticker lacks {:?}",
            h.text
        );
    }
    let canonical = format!("https://rights.example{}", newest.url());
    let link = html
        .split("<link ")
        .find(|tag| tag.contains("rel=\"canonical\""))
        .expect("a canonical link");
    assert!(link.contains(&format!("href=\"{canonical}\"")), "{link}");
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"{canonical}\""
    )));
    assert!(html.contains("<meta property=\"og:image\" content=\"https://rights.example/media/"));
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 2, "one NewsArticle, one BreadcrumbList");
    let article = ld.iter().find(|v| v["@type"] == "NewsArticle").unwrap();
    assert_eq!(article["headline"], newest.title.as_str());
    let crumbs = ld.iter().find(|v| v["@type"] == "BreadcrumbList").unwrap();
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["item"], "https://rights.example/");
    assert_eq!(items[4]["name"], newest.title.as_str());
    for text in [
        "Skip to content",
        "Trending Tags",
        "You might want to read",
        "You must be ",
        "You May Like",
        "All rights reserved",
        "Photo: ",
    ] {
        assert!(html.contains(text), "page lacks {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_are_404_not_500() {
    let app = spawn_app().await;
    for uri in [
        "/2024/05/10/no-such-article",
        "/2024/02/30/impossible-date",
        "/20x4/05/10/bad-year",
        "/category/no-such-section",
        "/tag/UPPER",
        "/one/two/three/four/five",
        "/category/news?page=999",
        "/category/news?page=abc",
    ] {
        let (status, html) = app.get(uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(html.contains("Page not found"), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_map_errors_to_client_statuses() {
    let app = spawn_app().await;
    let get_article = <GetArticle as ServerFn>::PATH;
    let list = <ListArticles as ServerFn>::PATH;
    let cases = [
        (format!("{get_article}?year=abc&month=1&day=1&slug=x"), 400),
        (format!("{get_article}?year=2024"), 400),
        (
            format!("{get_article}?year=2024&month=1&day=1&slug=nothing-here"),
            404,
        ),
        (
            format!("{get_article}?year=2024&month=2&day=30&slug=x"),
            404,
        ),
        (format!("{list}?page=0"), 422),
        (format!("{list}?from=yesterday"), 422),
        (format!("{list}?section=Bad%20Slug"), 422),
        (format!("{list}?section=no-such-section"), 404),
    ];
    for (uri, expected) in cases {
        let (status, body) = app.get(&uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        assert!(
            !body.to_lowercase().contains("sqlite"),
            "{uri} leaks: {body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_return_the_reader_data() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let d = newest.date();
    let uri = format!(
        "{}?year={}&month={}&day={}&slug={}",
        <GetArticle as ServerFn>::PATH,
        d.year(),
        d.month(),
        d.day(),
        newest.slug
    );
    let (status, body) = app.get(&uri).await;
    assert_eq!(status, 200, "{body}");
    let page: app::model::ArticlePage = serde_json::from_str(&body).unwrap();
    assert_eq!(page.article.summary.id, newest.id);
    assert!(page.next.is_none());
    assert!(page.related.iter().all(|r| r.id != newest.id));

    let (status, body) = app.get(<ListBreakingHeadlines as ServerFn>::PATH).await;
    assert_eq!(status, 200);
    let headlines: Vec<app::model::Headline> = serde_json::from_str(&body).unwrap();
    assert_eq!(headlines.len(), 6);

    let (status, body) = app
        .get(&format!(
            "{}?section=torture&page=1",
            <ListArticles as ServerFn>::PATH
        ))
        .await;
    assert_eq!(status, 200);
    let list: app::model::ArticleList = serde_json::from_str(&body).unwrap();
    assert!(list.items.iter().all(|a| a.section.slug == "torture"));
    assert_eq!(list.subject.unwrap().name, "Torture");

    let (status, body) = app.get(<ListTrendingTags as ServerFn>::PATH).await;
    assert_eq!(status, 200);
    let trending: Vec<app::model::TrendingTag> = serde_json::from_str(&body).unwrap();
    assert!(!trending.is_empty() && trending.len() <= 8);

    let comments = <GetCommentThread as ServerFn>::PATH;
    let (status, body) = app
        .get(&format!("{comments}?article_id={}", newest.id))
        .await;
    assert_eq!(status, 200);
    let thread: app::model::CommentThread = serde_json::from_str(&body).unwrap();
    assert!(
        !thread.comments.is_empty(),
        "the newest demo article has approved comments"
    );
    assert!(thread
        .comments
        .iter()
        .all(|c| c.state == app::model::CommentState::Published));
    assert_eq!(thread.viewer, None);
    let (status, _) = app.get(&format!("{comments}?article_id=999999")).await;
    assert_eq!(status, 404);
    let (status, _) = app.get(&format!("{comments}?article_id=abc")).await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_images_are_served() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let image = newest.image.expect("demo articles have images");
    let response = app.request(&image.url).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_and_sitemap_point_at_every_public_page() {
    let app = spawn_app().await;
    let (status, robots) = app.get("/robots.txt").await;
    assert_eq!(status, 200);
    assert!(robots.contains("Sitemap: https://rights.example/sitemap.xml"));
    assert!(robots.contains("Disallow: /admin"));

    let (status, xml) = app.get("/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(xml.starts_with("<?xml"));
    let newest = app.newest().await;
    assert!(xml.contains(&format!(
        "<loc>https://rights.example{}</loc><lastmod>{}</lastmod>",
        newest.url(),
        newest.date()
    )));
    assert_eq!(xml.matches("<url>").count(), xml.matches("</url>").count());
    // The front page and the 42 demo articles carry a last-modified date.
    assert_eq!(xml.matches("</loc><lastmod>").count(), 43);
    for page in [
        "/category/torture</loc>",
        "/tag/asylum</loc>",
        "/author/jonas-weber</loc>",
    ] {
        assert!(xml.contains(page), "sitemap lacks {page}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_has_its_own_title_description_and_canonical() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let d = newest.date();
    // A year with more than one page of articles.
    let mut busy_year = None;
    for year in (d.year() - 3..=d.year()).rev() {
        if app.get(&format!("/{year:04}?page=2")).await.0 == 200 {
            busy_year = Some(year);
            break;
        }
    }
    let busy_year = busy_year.expect("demo content has a year with two pages");
    let pages = [
        "/".to_owned(),
        newest.url(),
        format!("/category/{}", newest.section.slug),
        format!("/{busy_year:04}?page=2"),
        format!("/author/{}", newest.author.slug),
        "/tag/press-freedom".to_owned(),
        format!("/{:04}", d.year()),
        format!("/{:04}/{:02}", d.year(), d.month()),
        d.path(),
        "/search?q=water".to_owned(),
        "/support-us".to_owned(),
        "/privacy".to_owned(),
    ];
    let mut titles = std::collections::HashSet::new();
    let mut descriptions = std::collections::HashSet::new();
    for page in &pages {
        let (status, html) = app.get(page).await;
        assert_eq!(status, 200, "{page}");
        assert!(
            titles.insert(element_text(&html, "title").to_owned()),
            "{page}: title repeated"
        );
        let description = meta_description(&html).to_owned();
        assert!(!description.is_empty(), "{page}");
        // The home page and its sections may share the site's description; archives may not.
        if page != "/" {
            assert!(
                descriptions.insert(description),
                "{page}: description repeated"
            );
        }
        let canonical = html
            .split("<link ")
            .find(|tag| tag.contains("rel=\"canonical\""))
            .unwrap_or_else(|| panic!("{page}: no canonical link"));
        assert!(
            canonical.contains("href=\"https://rights.example/"),
            "{page}: {canonical}"
        );
        assert!(
            html.contains("<meta property=\"og:title\""),
            "{page}: no OpenGraph"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one h1");
        if html.contains("aria-label=\"Breadcrumb\"") {
            let ld = json_ld(&html);
            assert!(
                ld.iter().any(|v| v["@type"] == "BreadcrumbList"),
                "{page}: breadcrumbs without BreadcrumbList"
            );
        }
    }
    // The second page of an archive says so and points at itself.
    let (_, html) = app.get(&format!("/{busy_year:04}?page=2")).await;
    assert!(element_text(&html, "title").contains("page 2"));
    assert!(html.contains(&format!(
        "href=\"https://rights.example/{busy_year:04}?page=2\""
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_highlights_and_pages_through_results() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let word = newest
        .title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 6)
        .max_by_key(|w| w.len())
        .expect("a long word in the title")
        .to_lowercase();
    let (status, html) = app.get(&format!("/search?q={word}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("href=\"{}\"", newest.url())),
        "result links to the article"
    );
    assert!(html.contains("<mark>"), "matched words are highlighted");
    assert!(html.contains("articles found") || html.contains("1 article found"));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\""));

    // Many matches: a second page, whose links keep the query.
    let (status, html) = app.get("/search?q=the").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/search?q=the&amp;page=2\""),
        "pagination keeps q"
    );
    let (status, page2) = app.get("/search?q=the&page=2").await;
    assert_eq!(status, 200);
    assert!(page2.contains("Page 2 of"));

    let (status, html) = app.get("/search?q=xylophonequartz").await;
    assert_eq!(status, 200);
    assert!(html.contains("No articles match “xylophonequartz”"));

    let (status, html) = app.get("/search").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"search-page-q\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_takes_any_text_without_an_error() {
    let app = spawn_app().await;
    let long = "freedom%20".repeat(1_000);
    let huge = "x".repeat(10_000);
    let hostile = [
        "%22",
        "%22unbalanced",
        "NEAR(a%20b)",
        "*",
        "a*",
        "((((",
        "))",
        "title%3Afoo",
        "-x",
        "%27%20OR%201%3D1%20--",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%00",
        "%F0%9F%99%82",
        "AND",
        "NOT%20NOT",
        "%5E",
        &long,
        &huge,
    ];
    for q in hostile {
        let (status, html) = app.get(&format!("/search?q={q}")).await;
        let shown = &q[..q.len().min(40)];
        assert_eq!(status, 200, "{shown}");
        assert!(!html.contains("Something went wrong"), "{shown}");
        assert!(!html.contains("<script>alert"), "{shown}: reflected markup");
        let (status, _) = app.get(&format!("/api/search?q={q}")).await;
        assert_eq!(status, 200, "server fn: {shown}");
    }
    let (_, html) = app.get(&format!("/search?q={long}")).await;
    assert!(html.contains("only the first 12 words were used"));
    let (_, html) = app.get("/search?q=%28%29%2A").await;
    assert!(html.contains("There were no words to search for"));
    // What was typed stays in the box.
    let (_, html) = app.get("/search?q=%22death%20penalty").await;
    assert!(
        html.contains("value=\"&quot;death penalty\""),
        "typed text kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_parse_and_carry_full_text() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let (status, xml) = app.get("/feed.xml").await;
    assert_eq!(status, 200);
    let channel = rss::Channel::read_from(xml.as_bytes()).expect("valid RSS");
    assert_eq!(channel.items().len(), 20);
    let first = &channel.items()[0];
    assert_eq!(first.title(), Some(newest.title.as_str()));
    let url = format!("https://rights.example{}", newest.url());
    assert_eq!(first.link(), Some(url.as_str()));
    assert!(
        first.content().unwrap_or_default().contains("<p>"),
        "full text"
    );
    assert!(first.pub_date().is_some());

    let (status, xml) = app.get("/atom.xml").await;
    assert_eq!(status, 200);
    let feed: atom_syndication::Feed = xml.parse().expect("valid Atom");
    assert_eq!(feed.entries().len(), 20);
    assert_eq!(feed.entries()[0].title().as_str(), newest.title);
    assert!(feed.entries()[0]
        .content()
        .and_then(|c| c.value())
        .unwrap_or_default()
        .contains("<p>"));

    for prefix in [
        format!("/category/{}", newest.section.slug),
        format!("/author/{}", newest.author.slug),
        "/tag/press-freedom".to_owned(),
    ] {
        let (status, xml) = app.get(&format!("{prefix}/feed.xml")).await;
        assert_eq!(status, 200, "{prefix}");
        let channel = rss::Channel::read_from(xml.as_bytes()).expect("valid RSS");
        assert!(!channel.items().is_empty(), "{prefix}");
        assert!(channel.link().ends_with(&prefix));
        let (status, xml) = app.get(&format!("{prefix}/atom.xml")).await;
        assert_eq!(status, 200, "{prefix}");
        let feed: atom_syndication::Feed = xml.parse().expect("valid Atom");
        assert_eq!(feed.entries().len(), channel.items().len());
    }
    let response = app.request("/feed.xml").await;
    assert_eq!(
        response.headers()["content-type"],
        "application/rss+xml; charset=utf-8"
    );
    for missing in [
        "/tag/no-such-tag/feed.xml",
        "/author/rita-reader/atom.xml",
        "/category/NOPE!/feed.xml",
    ] {
        assert_eq!(app.get(missing).await.0, 404, "{missing}");
    }
    // Every page announces the site's feeds.
    let (_, html) = app.get("/").await;
    assert!(html.contains("type=\"application/rss+xml\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_fault_is_a_500_page_that_says_so() {
    let app = spawn_app().await;
    app.pool.close().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, 500);
    assert!(html.contains("Something went wrong"));
    assert!(
        !html.to_lowercase().contains("sqlite"),
        "no database details"
    );
    let (status, body) = app.get("/api/get_front_page").await;
    assert_eq!(status, 500);
    assert!(!body.to_lowercase().contains("pool"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let newest = app.newest().await;
    let image = newest
        .image
        .as_ref()
        .expect("demo articles have images")
        .url
        .clone();
    let mut page_nonces = Vec::new();
    let mut ids = Vec::new();
    let error_pages = [
        "/search?q=broken".to_owned(),
        "/api/get_front_page".to_owned(),
    ];
    for (n, uri) in [
        "/".to_owned(),
        newest.url(),
        "/no/such/page".to_owned(),
        "/api/list_breaking_headlines".to_owned(),
        "/api/get_article?year=1&month=1&day=1&slug=x".to_owned(),
        "/feed.xml".to_owned(),
        "/sitemap.xml".to_owned(),
        image,
        "/assets/favicon.svg".to_owned(),
        "/healthz".to_owned(),
    ]
    .into_iter()
    .chain(error_pages.clone())
    .enumerate()
    {
        // Last, the same with the database gone: an internal error, as a page and as JSON.
        if n == 10 {
            app.pool.close().await;
        }
        let response = app.request(&uri).await;
        if error_pages.contains(&uri) {
            assert_eq!(response.status(), 500, "{uri}");
        }
        let headers = response.headers().clone();
        let header = |name: &str| {
            headers
                .get(name)
                .unwrap_or_else(|| panic!("{uri}: no {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{uri}");
        ids.push(header("x-request-id"));
        assert_eq!(
            header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        let csp = header("content-security-policy");
        for directive in ["frame-ancestors 'none'", "base-uri 'none'"] {
            assert!(csp.contains(directive), "{uri}: {csp}");
        }
        assert!(!csp.contains("http"), "{uri}: no other origins in {csp}");
        let is_page = headers
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if is_page {
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let html = String::from_utf8_lossy(&body);
            assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("object-src 'none'"));
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap_or_else(|| panic!("{uri}: no nonce in {csp}"))
                .to_owned();
            // Every executable script carries it; nothing inline is styled.
            let scripts = html.matches("<script").count();
            let data_blocks = html.matches("<script type=\"application/ld+json\"").count();
            let with_nonce = html.matches(&format!("nonce=\"{nonce}\"")).count();
            assert!(
                with_nonce >= scripts - data_blocks,
                "{uri}: a script without the nonce"
            );
            assert!(!html.contains(" style=\""), "{uri}: inline style");
            page_nonces.push(nonce);
        }
    }
    assert_eq!(page_nonces.len(), 4);
    page_nonces.sort();
    page_nonces.dedup();
    assert_eq!(page_nonces.len(), 4, "a fresh nonce for every response");
    let responses = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        responses,
        "a fresh request id for every response"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_requests_that_change_things_are_refused() {
    let app = spawn_app().await;
    let send = |method: &str, headers: &[(&str, &str)]| {
        let mut request = Request::builder()
            .method(method)
            .uri("/api/list_breaking_headlines")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "rights.example");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let router = app.router.clone();
        async move {
            let response = router
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    // A form on another site posting to us.
    assert_eq!(send("POST", &[("sec-fetch-site", "cross-site")]).await, 403);
    assert_eq!(send("POST", &[("sec-fetch-site", "same-site")]).await, 403);
    assert_eq!(
        send("DELETE", &[("origin", "https://evil.example")]).await,
        403
    );
    assert_eq!(send("POST", &[("origin", "null")]).await, 403);
    // Our own pages, and clients that are not browsers, get through to the handler.
    for allowed in [
        vec![("sec-fetch-site", "same-origin")],
        vec![("origin", "https://rights.example")],
        vec![],
    ] {
        assert_ne!(send("POST", &allowed).await, 403, "{allowed:?}");
    }
    // Reading is never refused.
    assert_eq!(send("GET", &[("sec-fetch-site", "cross-site")]).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wordpress_export_comes_in_once_and_its_old_links_keep_working() {
    use server::wxr::{import, Report};
    let app = spawn_app().await;
    let uploads = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(uploads.path().join("2019/03")).unwrap();
    std::fs::write(
        uploads.path().join("2019/03/bulldozers.jpg"),
        server::media::jpeg_with_gps(),
    )
    .unwrap();
    let file = file_path();
    let before = app::db::import::totals(&app.pool).await.unwrap();
    let report = import(&app.pool, &file, Some(uploads.path()), app.media_dir())
        .await
        .unwrap();
    assert_eq!(
        report,
        Report {
            articles: 3,
            comments: 2,
            // Two authors and one commenter (Mary's comment is hers, matched by email).
            people: 3,
            sections: 2,
            tags: 2,
            images: 1,
            skipped: 0,
            missing_images: 0
        }
    );

    // The post, at its old address (with WordPress's trailing slash, then without).
    let mut visitor = app.browser([10, 0, 4, 1]);
    let moved = visitor.get("/2019/03/14/riverside-families-evicted/").await;
    assert_eq!(moved.status, 301);
    assert_eq!(
        moved.header("location"),
        Some("/2019/03/14/riverside-families-evicted")
    );
    let page = visitor.get("/2019/03/14/riverside-families-evicted").await;
    assert_eq!(page.status, 200);
    for expected in [
        "Riverside families evicted at dawn",
        "<h2>What the court said</h2>",
        "<strong>suspended</strong>",
        "Mary Kamau",
        "/category/land-rights",
        "/tag/evictions",
        "Two bulldozers beside a row of houses",
        "Amina Yusuf",
        "I live nearby &amp; saw it happen.",
        "Thank you, Joseph.",
    ] {
        assert!(page.body.contains(expected), "missing {expected}");
    }
    assert!(!page.body.contains("alert('x')") && !page.body.contains("buy now"));
    // Mary's reply is threaded under Joseph's comment.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE c.body LIKE 'Thank you, Joseph%' AND p.body LIKE 'I live nearby%'").await,
        1
    );
    // Published late in the evening in the site's zone, the next day in UTC: the old date's
    // address sends readers on.
    let moved = visitor.get("/2020/11/30/editor-freed/").await;
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/2020/12/01/editor-freed"));
    assert_eq!(visitor.get("/2020/12/01/editor-freed").await.status, 200);
    // Authors are contributors without passwords; the draft stayed a draft; the private post
    // and the page were left behind.
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'mary.kamau@old-rights.example' AND role = 'contributor' AND password_hash IS NULL").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM articles WHERE slug = 'post-103' AND status = 'draft'")
            .await,
        1
    );
    // The image kept no location data.
    let file: String =
        sqlx::query_scalar("SELECT file_name FROM media WHERE credit = 'Amina Yusuf'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let bytes = std::fs::read(app.media_dir().join(&file)).unwrap();
    assert!(bytes.windows(4).all(|w| w != b"Exif"));

    // Again: nothing new.
    let after = app::db::import::totals(&app.pool).await.unwrap();
    let again = import(
        &app.pool,
        &file_path(),
        Some(uploads.path()),
        app.media_dir(),
    )
    .await
    .unwrap();
    assert_eq!(
        again,
        Report {
            skipped: 3,
            ..Report::default()
        }
    );
    assert_eq!(app::db::import::totals(&app.pool).await.unwrap(), after);
    assert_ne!(before, after);
}

fn file_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress-export.xml")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness_answer_plainly_and_readiness_needs_every_migration() {
    let app = spawn_app().await;
    for (path, body) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = app.request(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "{path} is never cached"
        );
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"));
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(bytes, body.as_bytes(), "{path}");
    }

    // A database that lacks this binary's newest migration is not ready; the process still
    // answers, and the reply says nothing about why.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.get("/readyz").await, (503, "not ready".to_owned()));
    assert_eq!(app.get("/healthz").await, (200, "ok".to_owned()));

    // A closed database is not ready either.
    app.pool.close().await;
    assert_eq!(app.get("/readyz").await, (503, "not ready".to_owned()));
    assert_eq!(app.get("/healthz").await.0, 200);
}

#[tokio::test]
async fn log_in_from_a_page_with_a_query_comes_back_to_the_same_query() {
    let app = common::spawn_app().await;
    let (status, body) = app.get("/search?q=rights").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("/login?next=%2Fsearch%3Fq%3Drights"),
        "the log in link keeps the query"
    );
}

/// Text that would end `<title>` and refresh the page to another site, and hide the rest of
/// the page from inside a `<script>`, if it reached the HTML unescaped.
const HOSTILE: &str = "X</title></textarea><meta http-equiv=refresh content=0;url=https://evil.example/><!--<script>'\"&";
/// The same in 50 characters (tag and display name limits).
const HOSTILE_SHORT: &str = "Y</title><meta http-equiv=refresh content=0>";

/// Asserts nothing hostile escaped into the markup of `page`'s HTML.
fn assert_inert(page: &str, html: &str) {
    let head = &html[..html
        .find("</head>")
        .unwrap_or_else(|| panic!("{page}: no </head>"))];
    assert_eq!(head.matches("<title>").count(), 1, "{page}: {head}");
    assert_eq!(head.matches("</title>").count(), 1, "{page}: {head}");
    if let Some(at) = html.find("<meta http-equiv") {
        panic!(
            "{page}: a hostile <meta> got in: {}",
            &html[at.saturating_sub(300)..(at + 100).min(html.len())]
        );
    }
    assert!(
        !html.contains("<!--<script"),
        "{page}: <!--<script> in a script"
    );
    for ld in json_ld(html) {
        assert!(ld.is_object(), "{page}: {ld}");
    }
    for (at, _) in html.match_indices("<script type=\"application/ld+json\">") {
        let block = &html[at + 35..];
        let block = &block[..block.find("</script>").unwrap()];
        assert!(!block.contains('<'), "{page}: {block}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_tags_sections_names_and_queries_stay_text_on_every_page_type() {
    use app::domain::roles::Role;
    let app = spawn_app().await;
    let hash = app::auth::hash_password(common::PASSWORD.into())
        .await
        .unwrap();
    db::users::create_staff(
        &app.pool,
        HOSTILE_SHORT,
        "hostile@example.org",
        &hash,
        Role::Editor,
        db::now(),
    )
    .await
    .unwrap();
    let mut editor = app.browser([10, 0, 3, 1]);
    let reply = common::login(&mut editor, "hostile@example.org", common::PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let section = editor
        .call(
            "/api/save_section",
            &[
                ("id", "0"),
                ("name", &HOSTILE[..59]),
                ("slug", "hostile-section"),
                ("description", HOSTILE),
            ],
        )
        .await;
    assert_eq!(section.status, 200, "{}", section.body);
    let section: i64 = section.json();
    let section = section.to_string();
    let tags = format!("{HOSTILE_SHORT}, <!--<script>b");
    let article = |intent: &'static str, slug: &'static str| {
        vec![
            ("id", "0".to_owned()),
            ("base_version", "0".to_owned()),
            ("title", HOSTILE.to_owned()),
            ("slug", slug.to_owned()),
            ("section_id", section.clone()),
            ("tags", tags.clone()),
            ("excerpt", HOSTILE.to_owned()),
            ("body_md", format!("Body. {HOSTILE}")),
            ("intent", intent.to_owned()),
        ]
    };
    let form = article("publish", "hostile");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let published = editor.call("/api/save_article", &form).await;
    assert_eq!(published.status, 200, "{}", published.body);
    let form = article("save", "hostile-draft");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let draft = editor.call("/api/save_article", &form).await;
    let draft = match draft.json::<app::model::SaveOutcome>() {
        app::model::SaveOutcome::Saved { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let preview: String = editor
        .call("/api/create_preview_link", &[("id", &draft.to_string())])
        .await
        .json();

    let newest = app.newest().await;
    assert_eq!(newest.title, HOSTILE, "the article is the newest");
    let slug_of = |table: &'static str, column: &'static str, value: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(format!(
                "SELECT slug FROM {table} WHERE {column} = ?"
            )))
            .bind(value)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let tag = slug_of("tags", "name", HOSTILE_SHORT).await;
    let other_tag = slug_of("tags", "name", "<!--<script>b").await;
    let author = slug_of("users", "display_name", HOSTILE_SHORT).await;
    let d = newest.date();
    let query = app::domain::encode_query_value(HOSTILE);
    let public = [
        "/".to_owned(),
        newest.url(),
        "/category/hostile-section".to_owned(),
        format!("/tag/{tag}"),
        format!("/tag/{other_tag}"),
        format!("/author/{author}"),
        format!("/{:04}", d.year()),
        format!("/{:04}/{:02}", d.year(), d.month()),
        d.path(),
        format!("/search?q={query}"),
        "/search?q=a%3C%2Ftitle%3E%3Cmeta%20http-equiv%3Drefresh%20content%3D0%3Burl%3Dhttps%3A%2F%2Fevil.example%2F%3Eb".to_owned(),
        preview.clone(),
    ];
    for page in &public {
        let (status, html) = app.get(page).await;
        assert_eq!(status, 200, "{page}");
        assert_inert(page, &html);
    }
    // The title reads as it was typed once the browser unescapes it.
    let (_, html) = app.get(&newest.url()).await;
    assert!(
        element_text(&html, "title").starts_with(
            &escaped(HOSTILE)
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        ),
        "{}",
        element_text(&html, "title")
    );
    for page in [
        "/admin/articles".to_owned(),
        format!("/admin/articles/{draft}"),
        format!("/admin/articles/{draft}/revisions"),
        "/admin/tags".to_owned(),
        "/admin/sections".to_owned(),
        "/admin/comments".to_owned(),
        "/admin/log".to_owned(),
        "/admin".to_owned(),
    ] {
        let reply = editor.get(&page).await;
        assert_eq!(reply.status, 200, "{page}");
        assert_inert(&page, &reply.body);
    }
}
