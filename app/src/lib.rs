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
    SupportPage,
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

    // Effects run only in the browser, once hydration has attached every handler:
    // the marker end-to-end tests wait for before they click.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/rights_to_all.css" />
        <Link rel="icon" href="/assets/favicon.svg" type_="image/svg+xml" />
        <Title formatter=|title: String| {
            if title.is_empty() { "Rights To All".to_owned() } else { format!("{title} – Rights To All") }
        } />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader site headlines trending />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/category/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/tag/:slug") view=ArchivePage ssr=SsrMode::Async />
                    <Route path=path!("/author/:slug") view=ArchivePage ssr=SsrMode::Async />
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
