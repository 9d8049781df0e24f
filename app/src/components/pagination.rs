use leptos::prelude::*;

/// Previous / "Page n of m" / next links; plain links, so they work without JavaScript.
#[component]
pub fn Pagination(base: String, page: u32, total_pages: u32) -> impl IntoView {
    let href = move |p: u32| {
        if p <= 1 {
            base.clone()
        } else {
            format!("{base}?page={p}")
        }
    };
    (total_pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {(page > 1)
                    .then(|| view! { <a rel="prev" href=href(page - 1)>"← Newer"</a> })}
                <span>{format!("Page {page} of {total_pages}")}</span>
                {(page < total_pages)
                    .then(|| view! { <a rel="next" href=href(page + 1)>"Older →"</a> })}
            </nav>
        }
    })
}
