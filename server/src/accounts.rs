//! Sessions and logins on the HTTP side: the session and login layers, the client address
//! the login limits count by, private responses, and the data export download.

use app::auth::{AuthSession, Backend, ClientAddress};
use app::db::sessions::SqliteSessionStore;
use app::state::AppState;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder};
use std::net::{IpAddr, SocketAddr};
use tower_sessions::{cookie::time::Duration, cookie::SameSite, Expiry, SessionManagerLayer};

/// Reader sessions last 30 days from the last visit.
const SESSION_DAYS: i64 = 30;

/// The session cookie's name: `__Host-` (HTTPS only, this host, path /) when cookies are
/// secure.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-rta_session"
    } else {
        "rta_session"
    }
}

/// Sessions in SQLite, then axum-login on top. The cookie is `HttpOnly; SameSite=Lax;
/// Path=/`, and `Secure` behind HTTPS.
pub fn auth_layer(state: &AppState) -> AuthManagerLayer<Backend, SqliteSessionStore> {
    let sessions = SessionManagerLayer::new(SqliteSessionStore::new(state.pool.clone()))
        .with_name(cookie_name(state.secure_cookies))
        .with_secure(state.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::days(SESSION_DAYS)));
    AuthManagerLayerBuilder::new(Backend::new(state.pool.clone()), sessions).build()
}

/// Session keys kept alongside axum-login's.
use app::auth::SESSION_STARTED as STARTED;
const SEEN: &str = "rta.seen";
const TOUCHED: &str = "rta.touched_day";
/// Staff sessions end 12 hours after login, or after 30 minutes without a request.
const STAFF_ABSOLUTE: i64 = 12 * 3_600;
const STAFF_IDLE: i64 = 30 * 60;

/// How long sessions live.
///
/// Readers: 30 days from their last visit. Once a day a visit marks the session, which saves
/// it with a fresh expiry (and cookie `Max-Age`); unmarked, tower-sessions saves only changed
/// sessions, and a session would end 30 days after login however often the reader came back.
///
/// Staff: 12 hours from login and 30 minutes idle; past either, the session is ended before
/// the request is handled, so the request is served as to a visitor.
///
/// A response rendered for a logged-in user is marked `Cache-Control: no-store` here, where
/// the user is known, so no cache keeps it, whatever the `Cookie` header looked like.
pub async fn session_policy(request: Request, next: Next) -> Response {
    // Files are the same for everyone: they neither mark nor refresh a session (a refresh
    // sets a cookie, and a response that sets one is not cached).
    if crate::is_file_path(request.uri().path()) {
        return next.run(request).await;
    }
    let request = apply_session_lifetimes(request).await;
    let for_a_user = request
        .extensions()
        .get::<AuthSession>()
        .is_some_and(|a| a.user.is_some());
    let mut response = next.run(request).await;
    if for_a_user {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn apply_session_lifetimes(mut request: Request) -> Request {
    let Some(session) = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned()
    else {
        return request;
    };
    if session.is_empty().await {
        return request;
    }
    let now = app::db::now();
    let auth = request.extensions().get::<AuthSession>().cloned();
    if let Some(mut auth) = auth.filter(|a| a.user.as_ref().is_some_and(|u| u.row.is_staff())) {
        let started: Option<i64> = session.get(STARTED).await.ok().flatten();
        let seen: Option<i64> = session.get(SEEN).await.ok().flatten();
        let expired = started.is_some_and(|t| now - t > STAFF_ABSOLUTE)
            || seen.is_some_and(|t| now - t > STAFF_IDLE);
        if expired {
            tracing::info!("staff session ended by its time limit");
            if let Err(e) = auth.logout().await {
                tracing::warn!(error = ?e, "ending an expired staff session");
            }
            request.extensions_mut().insert(auth);
            return request;
        }
        // Written at most once a minute.
        if seen.is_none_or(|t| now - t >= 60) {
            let _ = session.insert(SEEN, now).await;
        }
        if started.is_none() {
            let _ = session.insert(STARTED, now).await;
        }
    }
    let today = now / 86_400;
    let touched: Option<i64> = session.get(TOUCHED).await.ok().flatten();
    if touched != Some(today) {
        if let Err(e) = session.insert(TOUCHED, today).await {
            tracing::warn!(error = %e, "refreshing a session");
        }
    }
    request
}

/// Checks `api::access::POLICY` before any server function runs: a function that is not
/// listed is not callable at all (404), and a caller without the access gets 401 or 403 (the
/// function's error, as JSON). Plain form posts go on to the function, which checks again
/// and whose refusal is rendered as a page.
pub async fn api_guard(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let Some(access) = app::api::access::access_for(path) else {
        return (StatusCode::NOT_FOUND, "No such server function.\n").into_response();
    };
    let role = request
        .extensions()
        .get::<AuthSession>()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| app::domain::roles::Role::parse(&u.row.role));
    let plain_form = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match app::api::access::check(access, role) {
        Ok(()) => next.run(request).await,
        Err(_) if plain_form => next.run(request).await,
        Err(error) => {
            tracing::warn!(
                path,
                status = error.status_code(),
                "refused: a server function the caller may not call"
            );
            let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::FORBIDDEN);
            let body = serde_json::to_string(&error).unwrap_or_default();
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
    }
}

/// Decides the request's client address: the peer, or, when the peer is the configured
/// proxy, the last address it added to `X-Forwarded-For` (anyone else can write that header).
pub async fn client_address(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    let address = match peer {
        Some(peer) if Some(peer) == state.trusted_proxy => forwarded.unwrap_or(peer),
        Some(peer) => peer,
        None => IpAddr::from([0, 0, 0, 0]),
    };
    request
        .extensions_mut()
        .insert(ClientAddress(address.to_string()));
    next.run(request).await
}

/// Whether the request carries our session cookie (it may have expired: a reader who was
/// logged in still gets private handling). Read exactly as the session layer reads it
/// (tower-cookies): every `Cookie` header that is UTF-8, split at `;`, each pair parsed and
/// percent-decoded by the `cookie` crate, which trims spaces and tabs around the name. So
/// `rta_session =…`, `rta_session<TAB>=…` and `rta%5Fsession=…` all count, as they do
/// for the session layer. The page cache asks this to decide "anonymous".
pub fn has_session_cookie(headers: &axum::http::HeaderMap, secure: bool) -> bool {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| std::str::from_utf8(v.as_bytes()).ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| tower_sessions::cookie::Cookie::parse_encoded(pair).ok())
        .any(|cookie| cookie.name() == name)
}

/// `Cache-Control: no-store` on everything a logged-in reader gets but files (the same for
/// everyone) and on the account pages, so no shared cache keeps a private page.
pub async fn private_responses(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let has_session = has_session_cookie(request.headers(), state.secure_cookies)
        && !crate::is_file_path(request.uri().path());
    let account_page = matches!(
        request.uri().path(),
        "/login" | "/register" | "/logout" | "/account" | "/account/export.json"
    );
    let mut response = next.run(request).await;
    if has_session || account_page || response.headers().contains_key(header::SET_COOKIE) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// `POST /logout`: ends the session and goes to the front page.
pub async fn logout(mut auth: AuthSession) -> Response {
    if let Err(e) = auth.logout().await {
        tracing::error!(error = ?e, "ending a session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
}

/// `GET /account/export.json`: everything we hold about the logged-in reader, as a download.
pub async fn export(State(state): State<AppState>, auth: AuthSession) -> Response {
    let Some(user) = auth.user else {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Please log in to download your data.\n",
        )
            .into_response();
    };
    match app::db::users::export(&state.pool, user.row.id).await {
        Ok(Some(data)) => match serde_json::to_string_pretty(&data) {
            Ok(json) => (
                [
                    (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"rights-to-all-account.json\"",
                    ),
                ],
                json,
            )
                .into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Ok(None) => StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "exporting account data");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Deletes expired sessions every hour.
pub fn spawn_session_cleanup(pool: sqlx::SqlitePool) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let store = SqliteSessionStore::new(pool);
        loop {
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions");
            }
            match app::db::editorial::purge_trash(store.pool(), app::db::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    articles = n,
                    "emptied the trash of articles older than 30 days"
                ),
                Err(e) => tracing::warn!(error = %e, "emptying the trash"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3_600)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn cookies(values: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(header::COOKIE, HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_session_cookie_is_found_however_the_session_layer_would_read_it() {
        for written in [
            &b"rta_session=abc"[..],
            b"theme=dark; rta_session=abc",
            b"rta_session =abc",
            b"rta_session\t=abc",
            b" rta_session= abc ;x=1",
            b"rta%5Fsession=abc",
            b"x=\xc3\xa9; rta_session=abc",
        ] {
            assert!(
                has_session_cookie(&cookies(&[written]), false),
                "{}",
                String::from_utf8_lossy(written)
            );
        }
        assert!(has_session_cookie(
            &cookies(&[b"theme=dark", b"rta_session=abc"]),
            false
        ));
        assert!(has_session_cookie(
            &cookies(&[b"__Host-rta_session=abc"]),
            true
        ));
    }

    #[test]
    fn other_cookies_are_not_a_session() {
        for written in [
            &b"theme=dark"[..],
            b"rta_sessions=abc",
            b"my_rta_session=abc",
            b"x=rta_session=abc",
        ] {
            assert!(
                !has_session_cookie(&cookies(&[written]), false),
                "{}",
                String::from_utf8_lossy(written)
            );
        }
        // Behind HTTPS the session layer reads only the `__Host-` name.
        assert!(!has_session_cookie(&cookies(&[b"rta_session=abc"]), true));
    }
}
