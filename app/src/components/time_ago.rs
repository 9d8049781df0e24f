use crate::domain::{iso_datetime, relative_time, Date};
use leptos::prelude::*;

/// "2 years ago", with the exact date in `<time datetime>` and as a tooltip. `now` comes from
/// the server with the page, so server HTML and hydrated DOM agree.
#[component]
pub fn TimeAgo(at: i64, now: i64) -> impl IntoView {
    view! {
        <time datetime=iso_datetime(at) title=Date::from_timestamp(at).long()>
            {relative_time(now, at)}
        </time>
    }
}
