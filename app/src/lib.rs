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
    path, SsrMode,
};
use pages::{
    AccountPage, AdminPage, ArchivePage, ArticlePage, AuditLogPage, DateArchivePage,
    DeskArticlesPage, EditorPage, HeadlinesPage, HomePage, LoginPage, LogoutPage, MediaLibraryPage,
    ModerationPage, NotFoundPage, PeoplePage, PreviewLinkPage, PrivacyPage, RegisterPage,
    RevisionsPage, SearchPage, SectionsPage, SupportPage, TagsPage,
};

/// Loads the bundle once the page has loaded (the `load` event), then hydrates each island
/// with its exported function (a lazy one's fetches its code first). No preload hints in
/// `<head>`, so nothing competes with the page's own text and images and the largest paint
/// is the server's HTML. (Leptos' `HydrationScripts` preloads the bundle at high priority in
/// islands mode; ours are never nested, so a flat walk does.)
#[component]
fn Hydration(options: LeptosOptions) -> impl IntoView {
    // As `HydrationScripts` does in islands mode: what follows is not hydrated as a whole.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
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
        "addEventListener('load',()=>import({js:?}).then(async m=>{{\
await m.default({{module_or_path:{wasm:?}}});m.hydrate();\
for(const el of document.querySelectorAll('leptos-island')){{\
const f=m[el.dataset.component];if(f)await f(el);}}}}));"
    );
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// The HTML document around the app, rendered on the server only. Only islands hydrate
/// (the ticker, and in the dashboard the editor and the people desk, each loaded when its
/// page needs it); the rest of every page is plain server HTML, and `frontend/src/nav.rs`
/// makes following a link a client-side navigation.
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
                <Hydration options=options.clone() />
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
    // Each resource's future is moved several times as it is set up (a copy of the whole
    // state machine each time, 12 % of a page's instructions in memcpy): boxed, it is a
    // pointer.
    let site = Resource::new(|| (), |_| Box::pin(api::get_site_info()));
    let headlines = Resource::new(|| (), |_| Box::pin(api::list_breaking_headlines()));
    let trending = Resource::new(|| (), |_| Box::pin(api::list_trending_tags()));
    let viewer = Resource::new(|| (), |_| Box::pin(api::get_viewer()));
    provide_context(components::SiteContext(site));
    provide_context(pages::ViewerContext(viewer));
    #[cfg(feature = "ssr")]
    components::provide_form_done();

    // Only the server renders pages: navigation in the browser, its "Loading…" and focus are
    // `frontend/src/nav.rs`. So pages' `<Transition>`s take no `set_pending`: on the server
    // it spawns an effect that can outlive the render and panic on its disposed owner
    // (found by tests/fuzz.rs).

    view! {
        <Link rel="icon" href="/assets/favicon.svg" type_="image/svg+xml" />
        <Link rel="alternate" type_="application/rss+xml" title="Rights To All (RSS)" href="/feed.xml" />
        <Link rel="alternate" type_="application/atom+xml" title="Rights To All (Atom)" href="/atom.xml" />
        // Every page's title passes through here on its way into `<title>`, which leptos_meta
        // writes as it is: escaped here, once, so a title, tag, name or query cannot close it.
        <Title formatter=|title: String| {
            if title.is_empty() {
                "Rights To All".to_owned()
            } else {
                format!("{} – Rights To All", domain::escape_html(&title))
            }
        } />
        <Router>
            <div class="route-loading" role="status"></div>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader site headlines trending viewer />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/category/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/tag/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/author/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/logout") view=LogoutPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/comments") view=ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles") view=DeskArticlesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/headlines") view=HeadlinesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/media") view=MediaLibraryPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/sections") view=SectionsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/tags") view=TagsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/log") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles/:id") view=EditorPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/articles/:id/revisions") view=RevisionsPage ssr=SsrMode::Async />
                    <Route path=path!("/preview/:token") view=PreviewLinkPage ssr=SsrMode::Async />
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
