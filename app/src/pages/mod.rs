//! Routed pages, one per file.

mod account;
mod admin;
mod archive;
mod article;
mod desk;
mod headlines;
mod home;
mod info;
mod media;
mod people;
mod search;
mod taxonomy;

pub use account::{AccountPage, LoginPage, LogoutButton, LogoutPage, RegisterPage, ViewerContext};
pub use admin::{AdminPage, AuditLogPage, ModerationPage};
pub use archive::{ArchivePage, DateArchivePage};
pub use article::ArticlePage;
pub use desk::{DeskArticlesPage, EditorPage, PreviewLinkPage, RevisionsPage};
pub use headlines::HeadlinesPage;
pub use home::HomePage;
pub use info::{NotFoundPage, PrivacyPage, SupportPage};
pub use media::MediaLibraryPage;
pub use people::PeoplePage;
pub use search::SearchPage;
pub use taxonomy::{SectionsPage, TagsPage};

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

/// A page's resource key that follows the address only while the address still belongs to
/// the page. In a client-side navigation the router updates the location and params before
/// the old page unmounts; without this the old page would fetch (and fail to find) data for
/// the new address.
pub(crate) fn page_key<K>(
    owns: fn(&str) -> bool,
    key: impl Fn() -> K + Send + Sync + 'static,
) -> Memo<K>
where
    K: Clone + PartialEq + Send + Sync + 'static,
{
    let location = leptos_router::hooks::use_location();
    Memo::new(move |previous: Option<&K>| match previous {
        Some(previous) if !owns(&location.pathname.get()) => previous.clone(),
        _ => key(),
    })
}

/// Path segments, without empty ones.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// True for `/yyyy…` addresses with `n` segments in `range`.
pub(crate) fn dated(path: &str, range: std::ops::RangeInclusive<usize>) -> bool {
    let segs = segments(path);
    range.contains(&segs.len()) && segs[0].len() == 4 && segs[0].bytes().all(|b| b.is_ascii_digit())
}

/// Shown while a client-side navigation loads.
#[component]
pub(crate) fn Loading() -> impl IntoView {
    view! { <p class="loading wrap" role="status">"Loading…"</p> }
}

#[cfg(test)]
mod tests {
    use super::dated;

    #[test]
    fn dated_addresses_are_told_apart_by_their_segments() {
        assert!(dated("/2024", 1..=3));
        assert!(dated("/2024/05/10", 1..=3));
        assert!(!dated("/2024/05/10/a-slug", 1..=3));
        assert!(dated("/2024/05/10/a-slug", 4..=4));
        assert!(!dated("/category/news", 1..=3));
        assert!(!dated("/", 1..=3));
        assert!(!dated("/20x4", 1..=3));
    }
}
