use crate::domain::encode_query_value;
use leptos::{html::Input, prelude::*};
use leptos_router::hooks::use_navigate;

/// A GET form to `/search`: a plain form before hydration, a client-side navigation after.
/// (Smaller than the router's `<Form>`, which brings multipart and fetch support along.)
#[component]
pub fn SearchForm(
    /// Unique among the page's search forms (the header has one, the search page another).
    id: &'static str,
    /// The search landmark's name, unique on the page.
    landmark: &'static str,
    /// Text already typed, kept in the box.
    #[prop(optional, into)]
    value: String,
    /// Show the label instead of keeping it for screen readers only.
    #[prop(optional)]
    visible_label: bool,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(box_) = input.get() else { return };
        ev.prevent_default();
        let q = encode_query_value(&box_.value());
        navigate(&format!("/search?q={q}"), Default::default());
    };
    view! {
        <div class="search-form" role="search" aria-label=landmark>
            <form action="/search" method="get" on:submit=submit>
                <label for=id class:visually-hidden=!visible_label>"Search articles"</label>
                <span class="search-row">
                    <input node_ref=input id=id type="search" name="q" value=value autocomplete="off" />
                    <button type="submit">"Search"</button>
                </span>
            </form>
        </div>
    }
}
