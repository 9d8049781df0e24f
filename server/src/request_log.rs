//! Request ids and the request log. Every request gets a fresh id (whatever the client sent
//! is replaced), a tracing span carrying it, so every line logged while serving the request
//! names it, and an `x-request-id` response header; an error page shows it to the reader, who
//! can quote it. Leptos' tasks are spawned inside the span (`SpanExecutor`), so lines logged
//! while rendering carry it too.
//!
//! What is logged per request: method, path (preview tokens cut off), status and time. Never
//! the query string, cookies, or any other header. Successful reads are logged at `debug`
//! only: a reader's path through the site is nobody's business by default.

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// 16 hex digits, unique in this process and unpredictable across restarts.
pub(crate) fn new_id() -> String {
    static KEYS: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let keys = KEYS.get_or_init(Default::default);
    format!("{:016x}", keys.hash_one(n))
}

/// The path as it may be logged: a preview link's token is a password in all but name.
fn loggable(path: &str) -> &str {
    if path.starts_with("/preview/") {
        "/preview/…"
    } else {
        path
    }
}

pub async fn request_ids(mut request: Request, next: Next) -> Response {
    let id = new_id();
    let value = HeaderValue::from_str(&id).expect("hex digits");
    request.headers_mut().insert(REQUEST_ID, value.clone());
    let span = tracing::info_span!("request", id = %id);
    let method = request.method().clone();
    let path = loggable(request.uri().path()).to_owned();
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    response.headers_mut().insert(REQUEST_ID, value);
    let status = response.status().as_u16();
    let ms = (started.elapsed().as_secs_f64() * 100_000.0).round() / 100.0;
    let _inside = span.enter();
    if status >= 500 {
        tracing::error!(%method, path, status, ms, "request failed");
    } else if status >= 400 || !matches!(method, Method::GET | Method::HEAD) {
        tracing::info!(%method, path, status, ms, "request");
    } else {
        tracing::debug!(%method, path, status, ms, "request");
    }
    response
}

/// Leptos' tasks (resources, streamed parts of a page) spawned on tokio inside the span of
/// the request that started them.
pub struct SpanExecutor;

impl any_spawner::CustomExecutor for SpanExecutor {
    fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
        tokio::spawn(fut.in_current_span());
    }

    fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut.in_current_span());
    }

    fn poll_local(&self) {}
}

/// Sets `SpanExecutor` as Leptos' executor; before any Leptos code runs, or it is too late
/// (the first to set one wins).
pub fn init_executor() {
    let _ = any_spawner::Executor::init_custom_executor(SpanExecutor);
}
