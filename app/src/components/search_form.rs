use leptos::prelude::*;
use leptos_router::components::Form;

/// A GET form to `/search`: a plain form before hydration, a client-side navigation after.
#[component]
pub fn SearchForm(
    /// Unique among the page's search forms (the header has one, the search page another).
    id: &'static str,
    /// Text already typed, kept in the box.
    #[prop(optional, into)]
    value: String,
    /// Show the label instead of keeping it for screen readers only.
    #[prop(optional)]
    visible_label: bool,
) -> impl IntoView {
    view! {
        <div class="search-form" role="search">
            <Form action="/search" method="get">
                <label for=id class:visually-hidden=!visible_label>"Search articles"</label>
                <span class="search-row">
                    <input id=id type="search" name="q" value=value autocomplete="off" />
                    <button type="submit">"Search"</button>
                </span>
            </Form>
        </div>
    }
}
