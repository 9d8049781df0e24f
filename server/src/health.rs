//! `/healthz`: the process answers. `/readyz`: the database answers and every migration is
//! applied. For load balancers and monitors: never cached, never waiting behind page
//! renders, and saying no more than ready or not (the reason goes to the log).

use app::{db, state::AppState};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use std::time::Duration;

/// How long `/readyz` waits for the database before saying it is not ready.
const READY_WITHIN: Duration = Duration::from_secs(2);

pub async fn healthz() -> Response {
    plain(StatusCode::OK, "ok")
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(READY_WITHIN, db::ready(&state.pool)).await {
        Ok(Ok(true)) => plain(StatusCode::OK, "ready"),
        Ok(Ok(false)) => {
            tracing::warn!("not ready: migrations are pending");
            plain(StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: the database did not answer");
            plain(StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
        Err(_) => {
            tracing::warn!("not ready: the database took over 2 s to answer");
            plain(StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}
