//! Parse-don't-validate types shared by server and browser.

mod date;
mod slug;
mod text;

pub use date::{iso_datetime, month_name, relative_time, Date, SECONDS_PER_DAY};
pub use slug::Slug;
pub use text::escape_html;
