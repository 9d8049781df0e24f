//! Routed pages, one per file.

mod archive;
mod article;
mod home;
mod info;
mod search;

pub use archive::{ArchivePage, DateArchivePage};
pub use article::ArticlePage;
pub use home::HomePage;
pub use info::{LoginPage, NotFoundPage, PrivacyPage, SupportPage};
pub use search::SearchPage;

use crate::error::AppError;
use leptos::prelude::*;

/// The `?page=` query parameter: absent means 1; anything but a positive number is a 404.
pub(crate) fn page_param(raw: Option<String>) -> Result<Option<u32>, AppError> {
    match raw {
        None => Ok(None),
        Some(p) => p
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Some)
            .ok_or(AppError::NotFound),
    }
}

/// Set while a page's data loads; the app shows a loading message when it takes long.
#[derive(Clone, Copy)]
pub struct PageLoading(pub RwSignal<bool>);

/// The setter every page's `<Transition set_pending>` gets.
pub(crate) fn page_loading() -> SignalSetter<bool> {
    use_context::<PageLoading>()
        .map(|PageLoading(signal)| signal)
        .unwrap_or_else(|| RwSignal::new(false))
        .write_only()
        .into()
}

/// Shown while a client-side navigation loads.
#[component]
pub(crate) fn Loading() -> impl IntoView {
    view! { <p class="loading wrap" role="status">"Loading…"</p> }
}
