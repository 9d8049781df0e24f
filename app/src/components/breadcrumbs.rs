use super::page_meta::with_site_url;
use crate::domain::breadcrumb_json_ld;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Crumb {
    pub label: String,
    /// `None` for the current page.
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: Some(href.into()),
        }
    }
    pub fn here(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: None,
        }
    }
}

/// Home › … › the current page, with the same trail as schema.org `BreadcrumbList`.
#[component]
pub fn Breadcrumbs(items: Vec<Crumb>) -> impl IntoView {
    let trail: Vec<(String, Option<String>)> = [("Home".to_owned(), Some("/".to_owned()))]
        .into_iter()
        .chain(items.iter().map(|c| (c.label.clone(), c.href.clone())))
        .collect();
    let json_ld = move |site_url: String| {
        let refs: Vec<(&str, Option<&str>)> = trail
            .iter()
            .map(|(label, href)| (label.as_str(), href.as_deref()))
            .collect();
        let json = breadcrumb_json_ld(&site_url, &refs);
        view! { <script type="application/ld+json" inner_html=json></script> }
    };
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
                <li>
                    <a href="/">"Home"</a>
                </li>
                {items
                    .into_iter()
                    .map(|c| match c.href {
                        Some(href) => view! { <li><a href=href>{c.label}</a></li> }.into_any(),
                        None => view! { <li aria-current="page">{c.label}</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
            {with_site_url(json_ld)}
        </nav>
    }
}
