//! Parse-don't-validate types shared by server and browser.

pub mod accounts;
pub mod comment_text;
mod date;
#[cfg(feature = "ssr")]
pub mod diff;
pub mod editorial;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod roles;
pub mod search;
mod slug;
mod text;

pub use date::{iso_datetime, month_name, relative_time, rfc2822_datetime, Date, SECONDS_PER_DAY};
pub use search::SearchQuery;
pub use slug::Slug;
pub use text::{breadcrumb_json_ld, encode_query_value, escape_html, script_json};
