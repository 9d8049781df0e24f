//! Reusable views, one public component per file.

mod article_card;
mod breadcrumbs;
mod comments;
mod error_view;
mod forms;
mod page_meta;
mod pagination;
mod search_form;
mod site_footer;
mod site_header;
mod ticker;
mod time_ago;

pub use article_card::ArticleCard;
pub use breadcrumbs::{Breadcrumbs, Crumb};
pub use comments::CommentSection;
pub use error_view::ErrorView;
#[cfg(feature = "ssr")]
pub use forms::provide_form_done;
pub use forms::{
    form_echo, form_error, outcome, textarea_text, Field, FormDone, FormEcho, FormProblem,
    DONE_SHOWN,
};
pub use page_meta::{PageMeta, SiteContext};
pub use pagination::Pagination;
pub use search_form::SearchForm;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use ticker::Ticker;
pub use time_ago::TimeAgo;

/// Called first in every island: once the island's effects run (it has hydrated), its
/// `<leptos-island>` elements get `data-hydrated`, and the browser entry marks the body when
/// every island on the page has it (end-to-end tests wait for that before typing).
pub fn island_hydrated(name: &'static str) {
    use leptos::prelude::{document, Effect};
    Effect::new(move |_| {
        let selector = format!("leptos-island[data-component^=\"{name}_\"]");
        if let Ok(islands) = document().query_selector_all(&selector) {
            for i in 0..islands.length() {
                if let Some(el) = islands.item(i) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::Element>() {
                        let _ = el.set_attribute("data-hydrated", "true");
                    }
                }
            }
        }
    });
}
