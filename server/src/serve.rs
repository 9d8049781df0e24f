//! Serving connections (HTTP/1.1, by hyper), with limits on clients that send slowly.
//!
//! `axum::serve` sets no timer, so hyper's header timeout is off and a client could hold a
//! connection open for ever by sending its request a byte at a time. Here:
//!
//! - **Headers**: the whole request head must arrive within [`Timeouts::header`] (20 s) of
//!   the server starting to wait for it. A keep-alive connection waiting for its next request
//!   is closed after the same time.
//! - **Bodies**, after Apache's `mod_reqtimeout` (`body=20,MinRate=500`): [`Timeouts::body`]
//!   (20 s) to start with, one more second for every [`Timeouts::min_rate`] (500) bytes
//!   received, and never more than [`Timeouts::body`] without a byte. A 10 MiB upload over a
//!   slow phone link (5 kB/s) passes; a body sent a byte at a time is cut off after about
//!   20 s. The request is answered `408 Request Timeout` and the connection closed.
//!
//! Graceful shutdown as `axum::serve` does it: stop accepting, let requests in flight finish,
//! close idle connections.

use axum::{
    body::{Body, Bytes},
    extract::ConnectInfo,
    http::{header, HeaderValue, Request, Response, StatusCode},
    Router,
};
use http_body::{Body as _, Frame, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::{
    convert::Infallible,
    future::Future,
    net::SocketAddr,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    task::{Context, Poll},
    time::Duration,
};
use tokio::{net::TcpListener, time::Instant};
use tower::ServiceExt;

/// How long a client may take to send its request.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// For the request line and headers.
    pub header: Duration,
    /// For a request body to start, and the longest pause within it.
    pub body: Duration,
    /// Bytes per second: each this many received give the body one more second.
    pub min_rate: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header: Duration::from_secs(20),
            body: Duration::from_secs(20),
            min_rate: 500,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish. Each request carries its peer's address (`ConnectInfo<SocketAddr>`).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    if !is_connection_error(&e) {
                        tracing::error!(error = %e, "accepting a connection");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |request| {
            handle(router.clone(), request, peer, timeouts)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(timeouts.header)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

async fn handle(
    router: Router,
    request: Request<hyper::body::Incoming>,
    peer: SocketAddr,
    timeouts: Timeouts,
) -> Result<Response<Body>, Infallible> {
    let (mut parts, body) = request.into_parts();
    parts.extensions.insert(ConnectInfo(peer));
    if body.is_end_stream() {
        return router
            .oneshot(Request::from_parts(parts, Body::empty()))
            .await;
    }
    let too_slow = Arc::new(AtomicBool::new(false));
    let body = Body::new(Deadline::new(body, timeouts, too_slow.clone()));
    let response = router.oneshot(Request::from_parts(parts, body)).await?;
    if too_slow.load(Ordering::Relaxed) {
        tracing::warn!(%peer, "a request body came too slowly: cut off");
        return Ok(request_timeout());
    }
    Ok(response)
}

fn request_timeout() -> Response<Body> {
    let mut response = Response::new(Body::from(
        "The request arrived too slowly and was cut off. Please try again.\n",
    ));
    *response.status_mut() = StatusCode::REQUEST_TIMEOUT;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A request body that fails once it falls behind its deadline (see the module's words).
struct Deadline<B> {
    inner: B,
    started: Instant,
    received: u64,
    timeouts: Timeouts,
    timer: Pin<Box<tokio::time::Sleep>>,
    too_slow: Arc<AtomicBool>,
}

impl<B> Deadline<B> {
    fn new(inner: B, timeouts: Timeouts, too_slow: Arc<AtomicBool>) -> Self {
        let started = Instant::now();
        Self {
            inner,
            started,
            received: 0,
            timeouts,
            timer: Box::pin(tokio::time::sleep_until(started + timeouts.body)),
            too_slow,
        }
    }

    /// When the next byte must have come: the budget earned so far, and no more than
    /// the longest pause from now.
    fn next_deadline(&self) -> Instant {
        let earned = self.timeouts.body
            + Duration::from_secs_f64(self.received as f64 / self.timeouts.min_rate.max(1) as f64);
        (self.started + earned).min(Instant::now() + self.timeouts.body)
    }
}

impl<B> http_body::Body for Deadline<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    let next = this.next_deadline();
                    this.timer.as_mut().reset(next);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                if this.timer.as_mut().poll(cx).is_ready() {
                    this.too_slow.store(true, Ordering::Relaxed);
                    return Poll::Ready(Some(Err("the request body came too slowly".into())));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
