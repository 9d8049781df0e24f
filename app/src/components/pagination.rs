use leptos::prelude::*;

/// Previous / "Page n of m" / next links; plain links, so they work without JavaScript.
#[component]
pub fn Pagination(
    base: String,
    page: u32,
    total_pages: u32,
    /// Query parameters every page link keeps, already encoded (`q=water`).
    #[prop(optional, into)]
    keep: String,
    /// Labels of the links to the previous and next pages.
    #[prop(default = ("← Newer", "Older →"))]
    labels: (&'static str, &'static str),
) -> impl IntoView {
    let href = move |p: u32| match (p, keep.is_empty()) {
        (1, true) => base.clone(),
        (1, false) => format!("{base}?{keep}"),
        (p, true) => format!("{base}?page={p}"),
        (p, false) => format!("{base}?{keep}&page={p}"),
    };
    (total_pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>{labels.0}</a> })}
                <span>{format!("Page {page} of {total_pages}")}</span>
                {(page < total_pages)
                    .then(|| view! { <a rel="next" href=href(page + 1)>{labels.1}</a> })}
            </nav>
        }
    })
}
