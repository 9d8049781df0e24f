use crate::error::AppError;
use crate::model::Headline;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Anyone: the breaking headlines current now, highest priority first.
#[server(input = GetUrl, prefix = "/api", endpoint = "list_breaking_headlines")]
pub async fn list_breaking_headlines() -> Result<Vec<Headline>, AppError> {
    let state = crate::state::app_state()?;
    Ok(crate::db::headlines::current(&state.pool, crate::db::now()).await?)
}
