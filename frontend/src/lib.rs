#![recursion_limit = "256"]
//! The browser entry point: the islands of interactivity on a server-rendered page.

// The islands are exported from the app crate; naming it makes sure it is linked in.
extern crate app;

mod nav;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    nav::start();
    // The loader hydrates each island after this returns (a lazy one once its chunk has
    // arrived) and each marks itself (`island_hydrated`); the body is marked when all have,
    // so end-to-end tests know every handler is attached.
    mark_body_when_islands_are_hydrated(200);
}

fn mark_body_when_islands_are_hydrated(attempts: u32) {
    let document = leptos::prelude::document();
    let pending = document
        .query_selector("leptos-island:not([data-hydrated])")
        .ok()
        .flatten()
        .is_some();
    if !pending || attempts == 0 {
        if let Some(body) = document.body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
        return;
    }
    leptos::prelude::set_timeout(
        move || mark_body_when_islands_are_hydrated(attempts - 1),
        std::time::Duration::from_millis(25),
    );
}
