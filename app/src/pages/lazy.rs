//! Routes most readers never visit (the dashboard, accounts, search, preview links) are
//! split out of the main browser bundle: `cargo leptos build --split` puts each one's code
//! in its own WebAssembly chunk, fetched when the route is first shown. Reading an article
//! never downloads the dashboard. On the server these render like any other route.

use super::{
    AccountPage, AdminPage, AuditLogPage, DeskArticlesPage, EditorPage, HeadlinesPage, LoginPage,
    LogoutPage, MediaLibraryPage, ModerationPage, PeoplePage, PreviewLinkPage, RegisterPage,
    RevisionsPage, SearchPage, SectionsPage, TagsPage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One lazily loaded route per page component. The pages load their own data, so the
/// route's data half is empty.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {
        $(
            #[doc = concat!("The lazily loaded route of `", stringify!($page), "`.")]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> AnyView {
                    let _ = this;
                    view! { <$page /> }.into_any()
                }
            }
        )*
    };
}

lazy_pages! {
    LazyAdmin => AdminPage,
    LazyModeration => ModerationPage,
    LazyDeskArticles => DeskArticlesPage,
    LazyPeople => PeoplePage,
    LazyHeadlines => HeadlinesPage,
    LazyMedia => MediaLibraryPage,
    LazySections => SectionsPage,
    LazyTags => TagsPage,
    LazyAuditLog => AuditLogPage,
    LazyEditor => EditorPage,
    LazyRevisions => RevisionsPage,
    LazyPreviewLink => PreviewLinkPage,
    LazyAccount => AccountPage,
    LazyLogin => LoginPage,
    LazyRegister => RegisterPage,
    LazyLogout => LogoutPage,
    LazySearch => SearchPage,
}
