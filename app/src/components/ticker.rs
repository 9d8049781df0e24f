use crate::api::list_breaking_headlines;
use crate::model::Headline;
use leptos::prelude::*;
use std::time::Duration;

/// How long each headline shows.
pub const ROTATE_MS: u64 = 4_000;
/// How often the browser asks for the current headlines (besides being told of changes).
pub const REFRESH_MS: u64 = 60_000;
/// The server-sent events that announce a change.
pub const EVENTS_URL: &str = "/events/headlines";

/// The Breaking News ticker. The server renders every current headline with the first
/// showing. Until the app hydrates (or with JavaScript off) a CSS animation steps through
/// them; after that an effect does, so a refreshed list can keep a paused reader's place.
/// Either way rotation pauses on hover, on keyboard focus and with the visible Pause
/// checkbox (CSS `:has(:checked)` before hydration), and never moves under
/// `prefers-reduced-motion` (the CSS then shows every headline as a list). The list refreshes
/// when the server announces a change (and every minute) without moving a paused reader off
/// the headline they are reading.
#[island]
pub fn Ticker(headlines: Vec<Headline>) -> impl IntoView {
    crate::components::island_hydrated("Ticker");
    let items = RwSignal::new(headlines);
    let active = RwSignal::new(0usize);
    let paused = RwSignal::new(false);
    let held = RwSignal::new(false);

    Effect::new(move |_| {
        let reduced = window()
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        let mut handles = Vec::new();
        if !reduced {
            let tick = move || {
                let count = items.with_untracked(Vec::len);
                if count > 1 && !paused.get_untracked() && !held.get_untracked() {
                    active.update(|i| *i = (*i + 1) % count);
                }
            };
            handles.extend(set_interval_with_handle(tick, Duration::from_millis(ROTATE_MS)).ok());
        }
        let refresh = move || {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = list_breaking_headlines().await {
                    replace_headlines(items, active, fresh);
                }
            })
        };
        handles.extend(set_interval_with_handle(refresh, Duration::from_millis(REFRESH_MS)).ok());
        // Pushed by the server the moment an editor changes the headlines (server-sent
        // events; the browser reconnects by itself). The page keeps the stream open.
        if let Ok(source) = web_sys::EventSource::new(EVENTS_URL) {
            use wasm_bindgen::{closure::Closure, JsCast};
            let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| refresh());
            let _ = source
                .add_event_listener_with_callback("headlines", on_change.as_ref().unchecked_ref());
            on_change.forget();
        }
        on_cleanup(move || handles.into_iter().for_each(|h| h.clear()));
    });

    view! {
        <section
            class="ticker"
            aria-labelledby="ticker-label"
            hidden=move || items.with(Vec::is_empty)
            on:mouseenter=move |_| held.set(true)
            on:mouseleave=move |_| held.set(false)
            on:focusin=move |_| held.set(true)
            on:focusout=move |_| held.set(false)
        >
            <div class="wrap ticker-inner">
                <h2 class="ticker-label" id="ticker-label">"Breaking News"</h2>
                <ul class="ticker-list">
                    <For
                        each=move || items.get().into_iter().enumerate()
                        key=|(i, h)| (*i, h.id, h.text.clone(), h.url.clone())
                        children=move |(i, h)| {
                            view! {
                                <li class="ticker-item" class:is-active=move || active.get() == i>
                                    <a href=h.url>{h.text}</a>
                                </li>
                            }
                        }
                    />
                </ul>
                <label class="ticker-toggle">
                    <input
                        type="checkbox"
                        prop:checked=move || paused.get()
                        on:change=move |ev| paused.set(event_target_checked(&ev))
                    />
                    <span>"Pause"</span>
                </label>
            </div>
        </section>
    }
}

/// Swaps in a fresh list, keeping the headline on screen on screen if it is still current.
fn replace_headlines(
    items: RwSignal<Vec<Headline>>,
    active: RwSignal<usize>,
    fresh: Vec<Headline>,
) {
    if items.with_untracked(|old| *old == fresh) {
        return;
    }
    let showing = items.with_untracked(|old| old.get(active.get_untracked()).map(|h| h.id));
    let index = showing
        .and_then(|id| fresh.iter().position(|h| h.id == id))
        .unwrap_or(0);
    items.set(fresh);
    active.set(index);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(id: i64) -> Headline {
        Headline {
            id,
            text: format!("Headline {id}"),
            url: format!("/{id}"),
        }
    }

    #[test]
    fn a_refresh_keeps_the_headline_on_screen_where_it_moved() {
        Owner::new().with(|| {
            let items = RwSignal::new(vec![h(1), h(2), h(3)]);
            let active = RwSignal::new(1);
            replace_headlines(items, active, vec![h(4), h(1), h(2)]);
            assert_eq!(active.get_untracked(), 2);
            assert_eq!(items.with_untracked(Vec::len), 3);
        });
    }

    #[test]
    fn an_expired_headline_gives_way_to_the_first() {
        Owner::new().with(|| {
            let items = RwSignal::new(vec![h(1), h(2), h(3)]);
            let active = RwSignal::new(2);
            replace_headlines(items, active, vec![h(1), h(2)]);
            assert_eq!(active.get_untracked(), 0);
            assert_eq!(items.get_untracked(), vec![h(1), h(2)]);
        });
    }
}
