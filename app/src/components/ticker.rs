use crate::model::Headline;
use leptos::prelude::*;

/// How long each headline shows.
pub const ROTATE_MS: u64 = 4_000;

/// The Breaking News ticker. The server renders every current headline with the first
/// showing; rotation runs only in the browser (an effect), pauses on hover and keyboard
/// focus, can be paused with a visible control, and never moves under
/// `prefers-reduced-motion`.
#[component]
pub fn Ticker(headlines: Vec<Headline>) -> impl IntoView {
    let count = headlines.len();
    let active = RwSignal::new(0usize);
    let paused = RwSignal::new(false);
    let held = RwSignal::new(false);

    Effect::new(move |_| {
        let reduced = window()
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        if reduced || count < 2 {
            return;
        }
        let tick = move || {
            if !paused.get_untracked() && !held.get_untracked() {
                active.update(|i| *i = (*i + 1) % count);
            }
        };
        if let Ok(handle) =
            set_interval_with_handle(tick, std::time::Duration::from_millis(ROTATE_MS))
        {
            on_cleanup(move || handle.clear());
        }
    });

    let items = headlines
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            view! {
                <li class="ticker-item" class:is-active=move || active.get() == i>
                    <a href=h.url>{h.text}</a>
                </li>
            }
        })
        .collect_view();

    view! {
        <section
            class="ticker"
            aria-labelledby="ticker-label"
            on:mouseenter=move |_| held.set(true)
            on:mouseleave=move |_| held.set(false)
            on:focusin=move |_| held.set(true)
            on:focusout=move |_| held.set(false)
        >
            <div class="wrap ticker-inner">
                <h2 class="ticker-label" id="ticker-label">"Breaking News"</h2>
                <ul class="ticker-list" data-active=move || active.get().to_string()>
                    {items}
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
