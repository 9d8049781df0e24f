//! Admission control for reads that render: at most a few pages and GET server functions are
//! rendered at once, a few per core, and the rest wait their turn in order. Everything else
//! passes straight through: writes (an editor's save, a reader's comment), files, the
//! headline event stream, and pages the page cache answers (it sits outside this layer).
//!
//! Without it, a flood of readers puts hundreds of renders in the runtime's queue at once:
//! each advances a step at a time, a write waits behind all of them at every step, memory
//! grows with every connection, and the last reader waits as long as the first. With it,
//! the core works through a short queue, a write gets the next turn, and a reader who waits
//! too long gets a 503 with `Retry-After` instead of a timeout.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;
use std::{sync::Arc, time::Duration};
use tokio::sync::Semaphore;

/// Renders in flight per core: enough to keep a core busy while others wait on the database.
const PER_CORE: usize = 4;
/// How long a read may wait for its turn before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct RenderLimit(Arc<Semaphore>);

impl Default for RenderLimit {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores * PER_CORE)
    }
}

impl RenderLimit {
    pub fn new(permits: usize) -> Self {
        Self(Arc::new(Semaphore::new(permits.max(1))))
    }

    pub async fn layer(self, request: Request, next: Next) -> Response {
        if !renders(&request) {
            return next.run(request).await;
        }
        let permit = match tokio::time::timeout(MAX_WAIT, self.0.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                tracing::warn!(path = %request.uri().path(), "busy: a read waited too long to render");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, HeaderValue::from_static("1"))],
                    "The site is busy. Please try again in a moment.",
                )
                    .into_response();
            }
        };
        let response = next.run(request).await;
        // A page streams its HTML after the handler returns: the turn lasts until the body
        // has been sent (or dropped).
        response.map(|body| {
            Body::new(body.map_frame(move |frame| {
                let _turn = &permit;
                frame
            }))
        })
    }
}

/// GETs and HEADs of pages and server functions; not files, the event stream or the health
/// checks.
fn renders(request: &Request) -> bool {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return false;
    }
    let path = request.uri().path();
    ![
        "/pkg/", "/assets/", "/media/", "/events/", "/healthz", "/readyz",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{routing::get, Router};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    #[tokio::test]
    async fn reads_render_a_few_at_a_time_and_writes_do_not_wait() {
        static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        async fn slow_page() -> &'static str {
            let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(30)).await;
            IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
            "page"
        }
        let limit = RenderLimit::new(2);
        let app = Router::new()
            .route("/page", get(slow_page).post(|| async { "saved" }))
            .layer(axum::middleware::from_fn(move |r, n| {
                limit.clone().layer(r, n)
            }));
        let reads: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move {
                    let response = app
                        .oneshot(Request::get("/page").body(Body::empty()).unwrap())
                        .await
                        .unwrap();
                    response.into_body().collect().await.unwrap();
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(5)).await;
        // A write while six reads still wait for their turn: answered at once.
        let started = std::time::Instant::now();
        let write = app
            .clone()
            .oneshot(Request::post("/page").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(write.status(), StatusCode::OK);
        assert!(started.elapsed() < Duration::from_millis(25));
        for read in reads {
            read.await.unwrap();
        }
        assert_eq!(
            MOST.load(Ordering::SeqCst),
            2,
            "two renders at most at once"
        );
    }
}
