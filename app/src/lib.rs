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
pub mod auth;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

use components::{SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};
use pages::{
    lazy, ArchivePage, ArticlePage, DateArchivePage, HomePage, NotFoundPage, PrivacyPage,
    SupportPage,
};

/// Loads the bundle and hydrates the page once it has loaded (the `load` event): no preload
/// hints in `<head>`, so nothing competes with the page's own text and images, and the
/// largest paint is the server's HTML. (Leptos' `HydrationScripts` preloads the bundle in
/// `<head>`, even when told to defer.)
#[component]
fn Hydration(options: LeptosOptions) -> impl IntoView {
    let pkg = options.site_pkg_dir.to_string();
    let js = format!("/{pkg}/{}.js", options.output_name);
    // cargo-leptos names the wasm after the output name; a plain cargo build adds `_bg`.
    let wasm_suffix = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        ""
    } else {
        "_bg"
    };
    let wasm = format!("/{pkg}/{}{wasm_suffix}.wasm", options.output_name);
    let script = format!(
        "addEventListener('load',()=>import({js:?}).then(m=>m.default({{module_or_path:{wasm:?}}}).then(()=>m.hydrate())));"
    );
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <Hydration options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from us or carrying this response's
/// nonce (leptos_axum makes one per request and puts it on the hydration scripts),
/// WebAssembly allowed to compile, nothing from other origins, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site = Resource::new(|| (), |_| api::get_site_info());
    let headlines = Resource::new(|| (), |_| api::list_breaking_headlines());
    let trending = Resource::new(|| (), |_| api::list_trending_tags());
    let viewer = Resource::new(|| (), |_| api::get_viewer());
    provide_context(components::SiteContext(site));
    provide_context(pages::ViewerContext(viewer));
    let echoes = components::provide_form_echoes();

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
    // announce it. The router scrolls to the top after following a link; after Back or
    // Forward we put the reader where they were on that page.
    let (is_routing, set_is_routing) = signal(false);
    let scroll = scroll_memory();
    Effect::new(move |was_routing: Option<bool>| {
        let routing = is_routing.get();
        if was_routing == Some(true) && !routing {
            // A form's echoed error belongs to the page it was posted from.
            echoes.stale.set(true);
            focus_heading();
            scroll.restore_after_history_move();
        }
        routing
    });

    view! {
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
            <SiteHeader site headlines trending viewer />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/category/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/tag/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/author/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view={Lazy::<lazy::LazySearch>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<lazy::LazyLogin>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/register") view={Lazy::<lazy::LazyRegister>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<lazy::LazyAccount>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/logout") view={Lazy::<lazy::LazyLogout>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin") view={Lazy::<lazy::LazyAdmin>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/comments") view={Lazy::<lazy::LazyModeration>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles") view={Lazy::<lazy::LazyDeskArticles>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view={Lazy::<lazy::LazyPeople>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/headlines") view={Lazy::<lazy::LazyHeadlines>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/media") view={Lazy::<lazy::LazyMedia>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/sections") view={Lazy::<lazy::LazySections>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/tags") view={Lazy::<lazy::LazyTags>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/log") view={Lazy::<lazy::LazyAuditLog>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles/:id") view={Lazy::<lazy::LazyEditor>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles/:id/revisions") view={Lazy::<lazy::LazyRevisions>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/preview/:token") view={Lazy::<lazy::LazyPreviewLink>::new()} ssr=SsrMode::Async />
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

/// Focuses the main heading (without scrolling to it, or showing a focus ring on it).
fn focus_heading() {
    use wasm_bindgen::JsCast;
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = heading {
        let _ = h1.set_attribute("tabindex", "-1");
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = h1.focus_with_options(&options);
    }
}

/// Where the reader had scrolled to on each address, so Back and Forward return there.
/// (The browser's own restoration fires before the previous page's data has loaded.)
#[derive(Clone, Copy)]
struct ScrollMemory {
    positions: StoredValue<std::collections::HashMap<String, f64>>,
    history_move: StoredValue<bool>,
}

fn scroll_memory() -> ScrollMemory {
    let memory = ScrollMemory {
        positions: StoredValue::new(Default::default()),
        history_move: StoredValue::new(false),
    };
    Effect::new(move |_| {
        if let Ok(history) = window().history() {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
            // Between Back and the old page's return, scrolling belongs to neither page.
            if memory.history_move.get_value() {
                return;
            }
            let y = window().scroll_y().unwrap_or(0.0);
            memory
                .positions
                .update_value(|p| _ = p.insert(current_address(), y));
        });
        let on_popstate = window_event_listener(leptos::ev::popstate, move |_| {
            memory.history_move.set_value(true);
        });
        on_cleanup(move || {
            on_scroll.remove();
            on_popstate.remove();
        });
    });
    memory
}

impl ScrollMemory {
    /// After Back or Forward: scroll to where the reader was on this address. The page's
    /// data may still be arriving, so keep trying for a couple of seconds until the page is
    /// tall enough; scroll events meanwhile are not recorded.
    fn restore_after_history_move(self) {
        if !self.history_move.get_value() {
            return;
        }
        let y = self
            .positions
            .with_value(|p| p.get(&current_address()).copied())
            .unwrap_or(0.0);
        self.scroll_until_there(y, 40);
    }

    fn scroll_until_there(self, y: f64, attempts: u32) {
        window().scroll_to_with_x_and_y(0.0, y);
        let there = (window().scroll_y().unwrap_or(0.0) - y).abs() < 2.0;
        if there || attempts == 0 {
            self.history_move.set_value(false);
            return;
        }
        set_timeout(
            move || self.scroll_until_there(y, attempts - 1),
            std::time::Duration::from_millis(50),
        );
    }
}

fn current_address() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}
