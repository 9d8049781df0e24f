//! Plain form posts (JavaScript off) to server functions.
//!
//! A server function answers a failed plain form post with a redirect back to the page,
//! the error folded into the address: the typed text would be lost and the status would be
//! a 302. Instead we render the page the form was on, at once, with the error's status
//! (422, 429, ...) and a `FormEcho` of what was typed (never passwords), so the message sits
//! next to the field and nothing needs typing again. A successful post is sent on with a 303
//! (or, when `frontend/src/nav.rs` sent it, a 200 naming the next page), and what it did goes
//! along to that page in a cookie (`FormDone`) for the actions whose answers pages show.

use app::{
    components::{FormDone, FormEcho, DONE_SHOWN},
    error::AppError,
    shell,
    state::AppState,
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use base64::Engine;
use leptos::prelude::provide_context;

/// Sent by `frontend/src/nav.rs` with a form it submits by `fetch`; the reply to a post that
/// worked is then a 200 naming the next page in [`NAV_LOCATION`] instead of a redirect.
pub const NAV_FORM: &str = "x-nav-form";
pub const NAV_LOCATION: &str = "x-nav-location";

/// The largest form we read (comments are at most 5,000 characters).
pub const FORM_LIMIT: usize = 64 * 1024;

/// Reads every server function POST with a size limit (413 above it), and handles plain
/// form posts as the module explains.
pub async fn plain_form_posts(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let is_form_post = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form was too large to accept.",
        );
    };
    if !is_form_post {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let response = next
        .run(Request::from_parts(
            parts.clone(),
            Body::from(bytes.clone()),
        ))
        .await;
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(location) = location else {
        return response;
    };
    let Some(error) = error_in(&location) else {
        // Success: on to wherever the function sends the reader.
        let mut response = carry_answer(&state, parts.uri.path(), response).await;
        if parts.headers.contains_key(NAV_FORM) {
            // The browser's navigation script asked: it loads the next page itself, and
            // needs the whole address (`fetch` would follow a redirect and drop the `#`).
            *response.status_mut() = StatusCode::OK;
            if let Some(to) = response.headers_mut().remove(header::LOCATION) {
                response.headers_mut().insert(NAV_LOCATION, to);
            }
        } else {
            *response.status_mut() = StatusCode::SEE_OTHER;
        }
        return response;
    };
    let Some(page) = same_site_path(&parts, &state) else {
        return plain(
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
            &error.to_string(),
        );
    };
    let values = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| !name.contains("password"))
        .collect();
    let echo = FormEcho {
        action: parts.uri.path().to_owned(),
        values,
        error: error.clone(),
    };
    let retry_after = match &error {
        AppError::RateLimited { retry_after, .. } => Some(*retry_after),
        _ => None,
    };
    let mut page = render_with_echo(&state, &parts, &page, echo, retry_after).await;
    // The reply to this post is the page; its cookies (a renewed session) still apply.
    for cookie in response.headers().get_all(header::SET_COOKIE) {
        page.headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    page
}

/// For the actions whose answers pages show ([`DONE_SHOWN`]), the answer goes to the next
/// page in a cookie that lives a minute and is cleared when read.
async fn carry_answer(state: &AppState, action: &str, response: Response) -> Response {
    if !DONE_SHOWN.contains(&action) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(answer) = axum::body::to_bytes(body, FormDone::MAX_ANSWER).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let done = FormDone {
        action: action.to_owned(),
        answer: String::from_utf8_lossy(&answer).into_owned(),
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        FormDone::cookie_name(state.secure_cookies),
        done.encode(),
        FormDone::MAX_AGE,
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        parts.headers.append(header::SET_COOKIE, value);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(answer))
}

/// Renders the page at `path` for the request in `parts` (its session, its headers) with
/// `echo` provided, under the error's status.
pub async fn render_with_echo(
    state: &AppState,
    parts: &axum::http::request::Parts,
    path: &str,
    echo: FormEcho,
    retry_after: Option<u64>,
) -> Response {
    let status = StatusCode::from_u16(echo.error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut get = Request::builder()
        .method(Method::GET)
        .uri(path)
        .body(Body::empty())
        .unwrap_or_default();
    *get.headers_mut() = parts.headers.clone();
    get.headers_mut().remove(header::CONTENT_TYPE);
    get.headers_mut().remove(header::CONTENT_LENGTH);
    *get.extensions_mut() = parts.extensions.clone();
    let render = leptos_axum::render_app_async_with_context(
        {
            let state = state.clone();
            move || {
                provide_context(state.clone());
                provide_context(echo.clone());
            }
        },
        {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        },
    );
    let mut page = render(get).await;
    *page.status_mut() = status;
    if let Some(seconds) = retry_after {
        page.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    page
}

/// The error a server function folded into its redirect (`__err`, URL-safe base64 JSON).
fn error_in(location: &str) -> Option<AppError> {
    let query = location.split_once('?')?.1;
    let encoded = serde_urlencoded::from_str::<Vec<(String, String)>>(query.split('#').next()?)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "__err")?
        .1;
    let json = base64::engine::general_purpose::URL_SAFE
        .decode(encoded.as_bytes())
        .ok()?;
    Some(serde_json::from_slice::<AppError>(&json).unwrap_or(AppError::Internal))
}

/// The path (and query) of the page the form was on, from `Referer`, if it is on this site.
fn same_site_path(parts: &axum::http::request::Parts, state: &AppState) -> Option<String> {
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let rest = [
        Some(state.site_url.to_string()),
        host.map(|h| format!("http://{h}")),
        host.map(|h| format!("https://{h}")),
    ]
    .into_iter()
    .flatten()
    .find_map(|origin| referer.strip_prefix(origin.as_str()).map(str::to_owned))?;
    let path = rest.split('#').next().unwrap_or_default();
    (path.starts_with('/') && !path.starts_with("//")).then(|| {
        // Drop the error markers of an earlier failed post.
        match path.split_once('?') {
            Some((p, q)) => {
                let kept: Vec<(String, String)> =
                    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|(k, _)| k != "__err" && k != "__path")
                        .collect();
                match serde_urlencoded::to_string(&kept) {
                    Ok(q) if !q.is_empty() => format!("{p}?{q}"),
                    _ => p.to_owned(),
                }
            }
            None => path.to_owned(),
        }
    })
}

fn plain(status: StatusCode, message: &str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(format!("{message}\n")))
        .unwrap_or_default()
}
