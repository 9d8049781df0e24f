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
pub use forms::{
    form_echo, form_error, provide_form_echoes, Field, FormEcho, FormEchoes, FormProblem,
};
pub use page_meta::{PageMeta, SiteContext};
pub use pagination::Pagination;
pub use search_form::SearchForm;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use ticker::Ticker;
pub use time_ago::TimeAgo;
