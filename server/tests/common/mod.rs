//! What the HTTP test files share: the real `router(state)` on a fresh demo database,
//! driven with `oneshot`, and a client that keeps a session cookie.
#![allow(dead_code)]

use app::db;
use app::state::AppState;
use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::{sync::Arc, time::Duration};
use tower::ServiceExt;

pub async fn spawn_app() -> TestApp {
    spawn_app_at(tempfile::tempdir().expect("temp dir"), false).await
}

async fn spawn_app_at(dir: tempfile::TempDir, secure: bool) -> TestApp {
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
        secure_cookies: secure,
        trusted_proxy: None,
        live: Default::default(),
        cache: Default::default(),
    };
    TestApp {
        router: server::router(state.clone()),
        pool,
        state,
        _dir: Arc::new(dir),
    }
}

#[derive(Clone)]
pub struct TestApp {
    pub router: Router,
    pub pool: sqlx::SqlitePool,
    pub state: AppState,
    _dir: Arc<tempfile::TempDir>,
}

impl TestApp {
    pub async fn get(&self, uri: &str) -> (u16, String) {
        let response = self.request(uri).await;
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// One request, failing the test (instead of hanging the suite) after 30 seconds.
    pub async fn request(&self, uri: &str) -> axum::response::Response {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let started = std::time::Instant::now();
        let _slow = SlowRequest(uri.chars().take(60).collect(), started);
        tokio::time::timeout(
            Duration::from_secs(30),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("{uri} took over 30 s"))
        .unwrap()
    }

    pub fn media_dir(&self) -> &std::path::Path {
        &self.state.media_dir
    }

    pub async fn newest(&self) -> app::model::ArticleSummary {
        let items = db::articles::list_published(&self.pool, &Default::default(), db::now(), 1, 0)
            .await
            .unwrap();
        items.into_iter().next().expect("demo content has articles")
    }
}

/// Reports requests slower than two seconds (when dropped), to tell slowness from a hang.
pub struct SlowRequest(String, std::time::Instant);

impl Drop for SlowRequest {
    fn drop(&mut self) {
        let elapsed = self.1.elapsed();
        if elapsed > Duration::from_secs(2) {
            eprintln!(
                "slow request: {} took {:.1} s",
                self.0,
                elapsed.as_secs_f64()
            );
        }
    }
}

/// A response, read.
pub struct Reply {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.body))
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let uri = request.uri().to_string();
        let _slow = SlowRequest(uri.chars().take(60).collect(), std::time::Instant::now());
        let response = tokio::time::timeout(
            Duration::from_secs(30),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("{uri} took over 30 s"))
        .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The same database behind a new router, as after a restart; `secure` as behind HTTPS.
    pub fn restart(&self, secure: bool) -> TestApp {
        self.restart_with(AppState {
            secure_cookies: secure,
            ..self.state.clone()
        })
    }

    /// The same database behind a proxy at `proxy`.
    pub fn behind_proxy(&self, proxy: [u8; 4]) -> TestApp {
        self.restart_with(AppState {
            trusted_proxy: Some(std::net::IpAddr::from(proxy)),
            ..self.state.clone()
        })
    }

    /// The app serving a release bundle from `pkg/<hash>/` (as scripts/build leaves it), with
    /// a file of an older build directly in `pkg/`.
    pub fn with_bundle_in(&self, hash: &str) -> TestApp {
        let pkg = self._dir.path().join("pkg");
        std::fs::create_dir_all(pkg.join(hash)).unwrap();
        std::fs::write(pkg.join(hash).join("rights_to_all.js"), "export {};").unwrap();
        std::fs::write(pkg.join("stale.js"), "export {};").unwrap();
        let mut leptos_options = self.state.leptos_options.clone();
        leptos_options.site_pkg_dir = format!("pkg/{hash}").into();
        self.restart_with(AppState {
            leptos_options,
            ..self.state.clone()
        })
    }

    /// The same database behind a new router with this page cache.
    pub fn with_cache(&self, cache: app::cache::PageCache) -> TestApp {
        self.restart_with(AppState {
            cache,
            ..self.state.clone()
        })
    }

    fn restart_with(&self, state: AppState) -> TestApp {
        TestApp {
            router: server::router(state.clone()),
            pool: self.pool.clone(),
            state,
            _dir: self._dir.clone(),
        }
    }

    /// A browser with no cookies yet, at `address`.
    pub fn browser(&self, address: [u8; 4]) -> Browser<'_> {
        Browser {
            app: self,
            cookie: None,
            done: None,
            address: std::net::SocketAddr::from((address, 40_000)),
            forwarded_for: None,
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }
}

/// Keeps the session cookie between requests, like a browser.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookie: Option<String>,
    /// The cookie that tells the next page what a form post did (`FormDone`).
    pub done: Option<String>,
    address: std::net::SocketAddr,
    /// Sent as `X-Forwarded-For` (which only a trusted proxy may set).
    pub forwarded_for: Option<String>,
}

impl Browser<'_> {
    fn request(&self, method: &str, uri: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "rights.example")
            .extension(axum::extract::ConnectInfo(self.address));
        let cookies: Vec<&str> = [&self.cookie, &self.done]
            .into_iter()
            .filter_map(|c| c.as_deref())
            .collect();
        if !cookies.is_empty() {
            builder = builder.header("cookie", cookies.join("; "));
        }
        if let Some(forwarded) = &self.forwarded_for {
            builder = builder.header("x-forwarded-for", forwarded);
        }
        builder
    }

    async fn keep(&mut self, request: Request<Body>) -> Reply {
        let reply = self.app.send(request).await;
        for set in reply.headers.get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap().to_owned();
            let expired = set.contains("Max-Age=0") || pair.ends_with('=');
            let kept = (!expired).then_some(pair);
            if set.starts_with(app::components::FormDone::cookie_name(false))
                || set.starts_with(app::components::FormDone::cookie_name(true))
            {
                self.done = kept;
            } else {
                self.cookie = kept;
            }
        }
        reply
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        let request = self.request("GET", uri).body(Body::empty()).unwrap();
        self.keep(request).await
    }

    /// A GET after a change: past the stale copy the page cache serves visitors while it
    /// renders the page again (for at most its stale bound).
    pub async fn get_current(&mut self, uri: &str) -> Reply {
        for _ in 0..200 {
            let reply = self.get(uri).await;
            if reply.header("x-cache") != Some("stale") {
                return reply;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{uri} was still stale after 4 s");
    }

    /// A server function call as the hydrated app makes it (fetch, JSON back).
    pub async fn call(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let request = self
            .request("POST", path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(serde_urlencoded::to_string(form).unwrap()))
            .unwrap();
        self.keep(request).await
    }

    /// A multipart form post from `page` (the media upload form), with a file.
    pub async fn upload(
        &mut self,
        page: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        const BOUNDARY: &str = "----rta-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
        }
        if let Some((file_name, bytes)) = file {
            body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes());
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{BOUNDARY}--\r\n").bytes());
        let request = self
            .request("POST", path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("accept", "text/html,application/xhtml+xml")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("https://rights.example{page}"))
            .body(Body::from(body))
            .unwrap();
        self.keep(request).await
    }

    /// A plain HTML form post from `page` (JavaScript off).
    pub async fn submit(&mut self, page: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        self.submit_with(page, path, form, &[]).await
    }

    /// A form post as the navigation script sends it (`frontend/src/nav.rs`).
    pub async fn submit_from_script(
        &mut self,
        page: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        self.submit_with(page, path, form, &[("x-nav-form", "1")])
            .await
    }

    async fn submit_with(
        &mut self,
        page: &str,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.request("POST", path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html,application/xhtml+xml")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("https://rights.example{page}"))
            .body(Body::from(serde_urlencoded::to_string(form).unwrap()))
            .unwrap();
        self.keep(request).await
    }
}

/// The password every test account uses.
pub const PASSWORD: &str = "violet tugboat anthem";

/// Registers a reader (and so logs them in) in this browser.
pub async fn register(b: &mut Browser<'_>, name: &str, email: &str) -> Reply {
    b.call(
        "/api/register",
        &[
            ("display_name", name),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
}

pub async fn login(b: &mut Browser<'_>, email: &str, password: &str) -> Reply {
    b.call("/api/login", &[("email", email), ("password", password)])
        .await
}

/// A staff member of `role`, created and logged in.
pub async fn logged_in<'a>(app: &'a TestApp, role: app::domain::roles::Role) -> Browser<'a> {
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
