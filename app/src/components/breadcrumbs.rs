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

/// Home › … › the current page.
#[component]
pub fn Breadcrumbs(items: Vec<Crumb>) -> impl IntoView {
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
        </nav>
    }
}
