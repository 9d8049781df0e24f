//! HTTP tests: the real `router(state)` on a fresh database, driven with `oneshot`.

use app::api::{GetArticle, ListArticles, ListBreakingHeadlines, ListComments, ListTrendingTags};
use app::db;
use app::state::AppState;
use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use std::{sync::Arc, time::Duration};
use tower::ServiceExt;

struct TestApp {
    router: Router,
    pool: sqlx::SqlitePool,
    _dir: tempfile::TempDir,
}

async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let pool = db::connect(&url).await.expect("open database");
    db::migrate(&pool).await.expect("migrate");
    let media = dir.path().join("media");
    server::demo::seed_if_empty(&pool, &media)
        .await
        .expect("seed");
    let leptos_options = LeptosOptions::builder()
        .output_name("rights_to_all")
        .site_root(dir.path().display().to_string())
        .build();
    let state = AppState {
        leptos_options,
        pool: pool.clone(),
        site_name: "Rights To All".into(),
        site_url: "https://rights.example".into(),
        media_dir: Arc::from(media.as_path()),
    };
    TestApp {
        router: server::router(state),
        pool,
        _dir: dir,
    }
}

impl TestApp {
    async fn get(&self, uri: &str) -> (u16, String) {
        let response = self.request(uri).await;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// One request, failing the test (instead of hanging the suite) after 30 seconds.
    async fn request(&self, uri: &str) -> axum::response::Response {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        tokio::time::timeout(
            Duration::from_secs(30),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("{uri} took over 30 s"))
        .unwrap()
    }

    async fn newest(&self) -> app::model::ArticleSummary {
        let (items, _) =
            db::articles::list_published(&self.pool, &Default::default(), db::now(), 1, 0)
                .await
                .unwrap();
        items.into_iter().next().expect("demo content has articles")
    }
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
    let ld_start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let ld_end = ld_start + html[ld_start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[ld_start..ld_end]).unwrap();
    assert_eq!(ld[0]["@type"], "NewsArticle");
    assert_eq!(ld[0]["headline"], newest.title.as_str());
    assert_eq!(ld[1]["@type"], "BreadcrumbList");
    assert_eq!(ld[1]["itemListElement"].as_array().unwrap().len(), 5);
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

    let comments = <ListComments as ServerFn>::PATH;
    let (status, body) = app
        .get(&format!("{comments}?article_id={}", newest.id))
        .await;
    assert_eq!(status, 200);
    let listed: Vec<app::model::Comment> = serde_json::from_str(&body).unwrap();
    assert!(
        !listed.is_empty(),
        "the newest demo article has approved comments"
    );
    assert!(listed.iter().all(|c| c.body != "Waiting for moderation."));
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
