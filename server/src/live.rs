//! `GET /events/headlines`: server-sent events telling open pages that the breaking
//! headlines changed (an editor saved one, or one started or expired), so the ticker fetches
//! them at once. The ticker's one-minute refresh stays as the fallback.

use app::state::AppState;
use axum::{
    extract::State,
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::stream::{self, Stream};
use std::{convert::Infallible, time::Duration};

/// The longest a stream sleeps without a reason to wake.
const IDLE: Duration = Duration::from_secs(3_600);

pub async fn headline_events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let changes = state.live.headlines.subscribe();
    let closing = state.live.closing.subscribe();
    let events = stream::unfold(
        (changes, closing, state.pool.clone()),
        |(mut changes, mut closing, pool)| async move {
            if *closing.borrow() {
                return None;
            }
            let now = app::db::now();
            let wake = match app::db::headlines::next_change(&pool, now).await {
                Ok(Some(at)) => Duration::from_secs((at - now).max(1) as u64).min(IDLE),
                _ => IDLE,
            };
            tokio::select! {
                change = changes.recv() => {
                    if let Err(tokio::sync::broadcast::error::RecvError::Closed) = change {
                        return None;
                    }
                }
                _ = tokio::time::sleep(wake) => {}
                _ = closing.changed() => return None,
            }
            let event = Event::default().event("headlines").data("changed");
            Some((Ok(event), (changes, closing, pool)))
        },
    );
    Sse::new(events).keep_alive(KeepAlive::default())
}
