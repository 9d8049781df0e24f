use crate::error::AppError;
use crate::model::SearchResults;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Characters of the reader's text that are read; the rest is ignored with a notice.
pub const MAX_QUERY_CHARS: usize = 500;
/// Matches ranked per search: the newest this many (see `db::search::search`).
pub const CANDIDATES: u32 = 1_000;

/// Anyone: visible articles matching what the reader typed, best match first. Any text is
/// accepted: operators and punctuation are read as words, and text with no words at all
/// gives an empty result with a notice rather than an error.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "search")]
pub async fn search(q: String, page: Option<u32>) -> Result<SearchResults, AppError> {
    use super::articles::PER_PAGE;
    use crate::domain::SearchQuery;
    let state = crate::state::app_state()?;
    // Results change with any article: purged with the newest lists.
    crate::cache::public([crate::cache::tag::NEWEST]);
    let now = crate::db::now();
    let page = page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        return Err(AppError::validation("page", "Pages are numbered from 1."));
    }
    let clipped = q.chars().count() > MAX_QUERY_CHARS;
    let read: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let mut results = SearchResults {
        query: String::new(),
        hits: Vec::new(),
        page,
        total_pages: 1,
        total: 0,
        more: false,
        notice: None,
        now,
    };
    let Some(query) = SearchQuery::parse(&read) else {
        if !q.trim().is_empty() {
            results.notice =
                Some("There were no words to search for in what you typed.".to_owned());
        }
        return Ok(results);
    };
    if clipped || query.truncated {
        results.notice = Some(format!(
            "Your search was long, so only the first {} words were used.",
            crate::domain::search::MAX_TERMS
        ));
    }
    let offset = u64::from(page - 1) * u64::from(PER_PAGE);
    let found = crate::db::search::search(
        &state.pool,
        &query.to_fts(),
        now,
        CANDIDATES,
        PER_PAGE,
        offset,
    )
    .await?;
    results.total_pages = found.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
    if page > results.total_pages {
        return Err(AppError::NotFound);
    }
    results.query = query.display();
    results.hits = found.hits;
    results.total = found.total;
    results.more = found.more;
    Ok(results)
}
