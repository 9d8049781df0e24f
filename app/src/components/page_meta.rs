use crate::error::AppError;
use crate::model::SiteInfo;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The site's chrome data, loaded once by `App` and shared with components that need the
/// site's absolute URL or sections.
#[derive(Clone, Copy)]
pub struct SiteContext(pub Resource<Result<SiteInfo, AppError>>);

/// Runs `f` with the site's absolute base URL once it is known (server-rendered; hydrated
/// from the same data).
pub(crate) fn with_site_url<V, F>(f: F) -> impl IntoView
where
    F: Fn(String) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    let site = use_context::<SiteContext>().map(|SiteContext(r)| r);
    view! {
        <Suspense>
            {move || {
                let f = f.clone();
                Suspend::new(async move {
                    match site {
                        Some(site) => site.await.ok().map(|s| f(s.site_url)),
                        None => None,
                    }
                })
            }}
        </Suspense>
    }
}

/// A page's `<title>`, description, canonical link, OpenGraph and Twitter card tags, and
/// optionally the RSS and Atom feeds of what it lists.
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    /// Path (with any query) of the page's canonical URL.
    #[prop(into)]
    path: String,
    /// Pages not worth indexing (search results, login).
    #[prop(optional)]
    noindex: bool,
    /// `(feed title, path prefix)`: feeds at `{prefix}/feed.xml` and `{prefix}/atom.xml`.
    #[prop(default = None)]
    feed: Option<(String, String)>,
) -> impl IntoView {
    let og_title = if title.is_empty() {
        "Rights To All".to_owned()
    } else {
        title.clone()
    };
    let feeds = feed.map(|(name, prefix)| {
        view! {
            <Link rel="alternate" type_="application/rss+xml" title=format!("{name} (RSS)") href=format!("{prefix}/feed.xml") />
            <Link rel="alternate" type_="application/atom+xml" title=format!("{name} (Atom)") href=format!("{prefix}/atom.xml") />
        }
    });
    view! {
        <Title text=title />
        <Meta name="description" content=description.clone() />
        {noindex.then(|| view! { <Meta name="robots" content="noindex" /> })}
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Rights To All" />
        <Meta property="og:title" content=og_title />
        <Meta property="og:description" content=description />
        <Meta name="twitter:card" content="summary" />
        {feeds}
        {with_site_url(move |site_url| {
            let url = format!("{site_url}{path}");
            view! {
                <Link rel="canonical" href=url.clone() />
                <Meta property="og:url" content=url />
            }
        })}
    }
}
