//! Breaking headlines: readers get the current ones; editors add, edit, reorder, schedule,
//! expire and delete them, and every open page hears of it at once.

use crate::error::AppError;
use crate::model::{Headline, HeadlineDesk};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Anyone: the breaking headlines current now, highest priority first.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "list_breaking_headlines")]
pub async fn list_breaking_headlines() -> Result<Vec<Headline>, AppError> {
    let state = crate::state::app_state()?;
    if let Some(headlines) = state.cache.headlines() {
        return Ok(headlines);
    }
    let read_at = state.cache.headlines_version();
    let now = crate::db::now();
    let mut conn = state.pool.acquire().await?;
    let headlines = crate::db::headlines::current(&mut *conn, now).await?;
    let until = crate::db::headlines::next_change(&mut *conn, now).await?;
    state
        .cache
        .keep_headlines(read_at, until, headlines.clone());
    Ok(headlines)
}

#[cfg(feature = "ssr")]
async fn editor() -> Result<crate::db::users::UserRow, AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ManageHeadlines).await?;
    crate::api::no_store();
    Ok(user)
}

/// Every headline, for the dashboard.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "headline_desk")]
pub async fn get_headline_desk() -> Result<HeadlineDesk, AppError> {
    editor().await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let recent =
        crate::db::articles::list_published(&state.pool, &Default::default(), now, 30, 0).await?;
    Ok(HeadlineDesk {
        headlines: crate::db::headlines::all(&state.pool, now).await?,
        articles: recent
            .into_iter()
            .map(|a| (a.title.clone(), a.url()))
            .collect(),
        now,
    })
}

/// Adds (`id` 0) or changes a headline. `starts_at` empty: now; `expires_at` empty: never
/// (both `YYYY-MM-DDTHH:MM` UTC).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "save_headline")]
pub async fn save_headline(
    id: i64,
    text: String,
    link: String,
    starts_at: Option<String>,
    expires_at: Option<String>,
) -> Result<i64, AppError> {
    use crate::domain::editorial::{check_headline, check_link, parse_datetime};
    let user = editor().await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let text = check_headline(&text).map_err(|m| AppError::validation("text", m))?;
    let link = check_link(&link).map_err(|m| AppError::validation("link", m))?;
    let time = |field: &'static str, value: Option<String>| -> Result<Option<i64>, AppError> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => parse_datetime(v).map(Some).ok_or_else(|| {
                AppError::validation(field, "Give a date and time like 2026-12-01T09:30.")
            }),
        }
    };
    let starts = time("starts_at", starts_at)?.unwrap_or(now);
    let expires = time("expires_at", expires_at)?;
    if expires.is_some_and(|e| e <= starts.max(now)) {
        return Err(AppError::validation(
            "expires_at",
            "The headline would expire before it shows; choose a later time or none.",
        ));
    }
    let was_live = crate::db::headlines::is_live(&state.pool, id, now).await?;
    let saved = crate::db::headlines::save(&state.pool, id, &text, &link, starts, expires, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let action = if id == 0 {
        "publish headline"
    } else {
        "edit headline"
    };
    crate::api::audit(&user, action, &format!("headline {saved}: {text}"), "").await?;
    // The ticker is on every page; a headline that has not started yet changes none of them
    // until it does.
    let live = starts <= now && expires.is_none_or(|e| e > now);
    if was_live || live {
        state.cache.purge_all();
    } else {
        state.cache.change_at(starts);
    }
    state.live.headlines_changed();
    crate::auth::redirect_form_post("/admin/headlines");
    Ok(saved)
}

/// Deletes a headline.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "delete_headline")]
pub async fn delete_headline(id: i64) -> Result<(), AppError> {
    let user = editor().await?;
    let state = crate::state::app_state()?;
    let (text, was_live) = crate::db::headlines::delete(&state.pool, id, crate::db::now())
        .await?
        .ok_or(AppError::NotFound)?;
    crate::api::audit(
        &user,
        "delete headline",
        &format!("headline {id}: {text}"),
        "",
    )
    .await?;
    // The ticker is on every page.
    if was_live {
        state.cache.purge_all();
    }
    state.live.headlines_changed();
    crate::auth::redirect_form_post("/admin/headlines");
    Ok(())
}

/// Moves a headline one place `up` or down the ticker.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "move_headline")]
pub async fn move_headline(id: i64, up: bool) -> Result<(), AppError> {
    editor().await?;
    let state = crate::state::app_state()?;
    if !crate::db::headlines::shift(&state.pool, id, up, crate::db::now()).await? {
        return Err(AppError::validation(
            "id",
            if up {
                "It is already first."
            } else {
                "It is already last."
            },
        ));
    }
    // The ticker is on every page.
    state.cache.purge_all();
    state.live.headlines_changed();
    crate::auth::redirect_form_post("/admin/headlines");
    Ok(())
}
