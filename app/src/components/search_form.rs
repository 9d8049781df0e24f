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
    /// The search landmark's name, unique on the page.
    landmark: &'static str,
    /// Show the label instead of keeping it for screen readers only.
    #[prop(optional)]
    visible_label: bool,
) -> impl IntoView {
    view! {
        <div class="search-form" role="search" aria-label=landmark>
            // The router's <Form> adds the (nameless) button as an empty `=` parameter.
            <Form
                action="/search"
                method="get"
                on_form_data=std::sync::Arc::new(|data: &web_sys::FormData| data.delete(""))
            >
                <label for=id class:visually-hidden=!visible_label>"Search articles"</label>
                <span class="search-row">
                    <input id=id type="search" name="q" value=value autocomplete="off" />
                    <button type="submit">"Search"</button>
                </span>
            </Form>
        </div>
    }
}
