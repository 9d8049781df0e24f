use crate::error::AppError;
use crate::model::{SiteInfo, TrendingTag};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// How far back "trending" looks.
pub const TRENDING_WINDOW_DAYS: i64 = 30;

/// Anyone: the site's name, its sections in nav order, and the server's clock.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "get_site_info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let state = crate::state::app_state()?;
    let sections = match state.cache.sections() {
        Some(sections) => sections,
        None => {
            let read_at = state.cache.generation();
            let sections = crate::db::taxonomy::sections(&state.pool).await?;
            state.cache.keep_sections(read_at, sections.clone());
            sections
        }
    };
    Ok(SiteInfo {
        name: state.site_name.to_string(),
        site_url: state.site_url.to_string(),
        sections,
        now: crate::db::now(),
    })
}

/// Anyone: up to eight tags of the last 30 days' articles, most used first.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "list_trending_tags")]
pub async fn list_trending_tags() -> Result<Vec<TrendingTag>, AppError> {
    use crate::domain::SECONDS_PER_DAY;
    let state = crate::state::app_state()?;
    if let Some(tags) = state.cache.trending() {
        return Ok(tags);
    }
    let read_at = state.cache.generation();
    let window = TRENDING_WINDOW_DAYS * SECONDS_PER_DAY;
    let tags = crate::db::taxonomy::trending_tags(&state.pool, crate::db::now(), window, 8).await?;
    state.cache.keep_trending(read_at, tags.clone());
    Ok(tags)
}
