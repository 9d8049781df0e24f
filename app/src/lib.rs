#![recursion_limit = "256"]
//! Rights To All: routes, pages, components and server functions, shared by the server
//! (feature `ssr`) and the browser bundle (feature `hydrate`).

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

use components::{SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use pages::{
    ArchivePage, ArticlePage, DateArchivePage, HomePage, LoginPage, NotFoundPage, PrivacyPage,
    SearchPage, SupportPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site = Resource::new(|| (), |_| api::get_site_info());
    let headlines = Resource::new(|| (), |_| api::list_breaking_headlines());
    let trending = Resource::new(|| (), |_| api::list_trending_tags());
    provide_context(components::SiteContext(site));

    // Effects run only in the browser, once hydration has attached every handler:
    // the marker end-to-end tests wait for before they click.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // While a page's data loads after a client-side navigation, its <Transition> sets this;
    // a message shows if that takes longer than 150 ms.
    let loading = RwSignal::new(false);
    provide_context(pages::PageLoading(loading));
    let show_loading = RwSignal::new(false);
    Effect::new(move |_| {
        if loading.get() {
            set_timeout(
                move || show_loading.set(loading.get_untracked()),
                std::time::Duration::from_millis(150),
            );
        } else {
            show_loading.set(false);
        }
    });
    // Once a navigation is done, move focus to the new page's heading so screen readers
    // announce it (the router has already scrolled to the top).
    let (is_routing, set_is_routing) = signal(false);
    Effect::new(move |was_routing: Option<bool>| {
        let routing = is_routing.get();
        if was_routing == Some(true) && !routing {
            focus_heading();
        }
        routing
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/rights_to_all.css" />
        <Link rel="icon" href="/assets/favicon.svg" type_="image/svg+xml" />
        <Link rel="alternate" type_="application/rss+xml" title="Rights To All (RSS)" href="/feed.xml" />
        <Link rel="alternate" type_="application/atom+xml" title="Rights To All (Atom)" href="/atom.xml" />
        <Title formatter=|title: String| {
            if title.is_empty() { "Rights To All".to_owned() } else { format!("{title} – Rights To All") }
        } />
        <Router set_is_routing>
            <div class="route-loading" role="status" class:is-visible=move || show_loading.get()>
                {move || show_loading.get().then_some("Loading…")}
            </div>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader site headlines trending />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/category/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/tag/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/author/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/support-us") view=SupportPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/:year/:month/:day/:slug")
                        view=ArticlePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/:year/:month/:day") view=DateArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/:year/:month") view=DateArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/:year") view=DateArchivePage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter site />
        </Router>
    }
}

/// Focuses the main heading without showing a focus ring on it.
fn focus_heading() {
    use wasm_bindgen::JsCast;
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = heading {
        let _ = h1.set_attribute("tabindex", "-1");
        let _ = h1.focus();
    }
}
