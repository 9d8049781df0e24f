#![recursion_limit = "256"]
//! The Rights To All HTTP server: `router(state)` builds the whole application, so tests can
//! drive it without a port.

pub mod accounts;
pub mod admin;
pub mod backup;
pub mod config;
pub mod demo;
mod demo_images;
mod discovery;
mod feeds;
mod forms;
pub mod generate;
mod health;
mod live;
pub mod media;
mod page_cache;
mod redirects;
mod render_limit;
pub mod request_log;
pub mod serve;
pub mod wxr;

use app::{error::AppError, shell, state::AppState, App};
use axum::{
    body::Body,
    http::{header, HeaderValue, StatusCode, Uri},
    middleware,
    response::Response,
    routing::get,
    Router,
};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
};

/// The largest server function error body we look into (errors are a few hundred bytes).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// `Cache-Control` of files whose names change with their content.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of bundle files outside the current build's hashed folder.
const REVALIDATE: &str = "public, no-cache";
/// `Cache-Control` of the few files with fixed names (the icon).
const A_DAY: &str = "public, max-age=86400";

pub fn router(state: AppState) -> Router {
    request_log::init_executor();
    let options = state.leptos_options.clone();
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    // Generated once per process. Generating runs the app with resource loading suppressed
    // by a process-wide flag, and a page rendering at that moment on another thread would
    // wait forever for its data (leptos issue #4773): the tests build many routers while
    // others serve requests.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    // Uploads get a fresh random name, and a release bundle lies in a folder named after its
    // content (`pkg/<hash>`, see scripts/build), so browsers and CDNs may keep both for a year.
    // Anything else under /pkg (a previous build's folder, a bundle `cargo leptos watch` wrote)
    // is checked each time (a 304 while it is unchanged).
    // The build writes brotli and gzip copies beside each file; the one the browser accepts
    // is sent as it is.
    let static_dir = |dir: std::path::PathBuf, cache_control: &'static str| {
        Router::<()>::new()
            .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
            .layer(middleware::map_response(
                move |mut response: Response| async move {
                    if response.status().is_success() {
                        response.headers_mut().insert(
                            header::CACHE_CONTROL,
                            HeaderValue::from_static(cache_control),
                        );
                    }
                    response
                },
            ))
    };
    let pkg_dir: &str = options.site_pkg_dir.as_ref();
    let mut router = Router::new();
    let pkg_base = match pkg_dir.rsplit_once('/') {
        Some((base, hash)) if config::is_bundle_hash(hash) => {
            router = router.nest_service(
                &format!("/{pkg_dir}"),
                static_dir(site_root.join(pkg_dir), FOREVER),
            );
            base
        }
        _ => pkg_dir,
    };
    let app = router
        .nest_service(
            &format!("/{pkg_base}"),
            static_dir(site_root.join(pkg_base), REVALIDATE),
        )
        .nest_service("/assets", static_dir(site_root.join("assets"), A_DAY))
        .nest_service("/media", static_dir(state.media_dir.to_path_buf(), FOREVER))
        .route("/robots.txt", get(discovery::robots))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/sitemap.xml", get(discovery::sitemap))
        .route("/account/export.json", get(accounts::export))
        .route("/logout", axum::routing::post(accounts::logout))
        .route("/events/headlines", get(live::headline_events))
        .route(
            media::UPLOAD_PATH,
            axum::routing::post(media::upload).layer(axum::extract::DefaultBodyLimit::max(
                media::UPLOAD_BODY_LIMIT,
            )),
        )
        .merge(feeds::routes())
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Layers wrap what is above them, so a request meets them from the bottom up: headers
        // and compression, the origin check, the client address, private caching, sessions
        // and logins, session lifetimes, the server function policy, error statuses, old
        // permalinks (a 404 that becomes a 301), and plain form posts right before the handler.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            forms::plain_form_posts,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            redirects::old_permalinks,
        ))
        .layer(middleware::map_response(server_fn_status))
        .layer(middleware::from_fn(accounts::api_guard))
        .layer(middleware::from_fn(accounts::session_policy))
        .layer(accounts::auth_layer(&state))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::private_responses,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            accounts::client_address,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_only,
        ))
        .layer(CompressionLayer::new())
        // Reads that render take turns; page cache hits, files and writes do not wait.
        .layer(middleware::from_fn({
            let limit = render_limit::RenderLimit::default();
            move |request, next| limit.clone().layer(request, next)
        }))
        // Pages set their own policy with the response's nonce; everything else (server
        // functions, feeds, files) gets one that allows nothing at all.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // A panic is a bug, but one request's bug: answer it with the generic 500.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        // Every request that reaches the application has its id before anything else runs
        // or logs.
        .layer(middleware::from_fn(request_log::request_ids))
        .with_state(state.clone());
    // Outermost, before route matching, sessions and all the layers above: an anonymous
    // reader's page that is in the cache is answered from its stored bytes and headers
    // (which the layers made when it was rendered), with an id of its own. A miss goes on
    // through everything.
    Router::new()
        .fallback_service(app)
        .layer(middleware::from_fn_with_state(
            state,
            page_cache::page_cache,
        ))
}

/// Whether `path` is a file served as it is (the bundle, assets, uploads): the same for
/// everyone, with caching of its own, so never marked private and never in the page cache.
pub(crate) fn is_file_path(path: &str) -> bool {
    ["/pkg/", "/assets/", "/media/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// The answer to a request whose handler panicked: the same words as any internal error; the
/// panic itself is logged (with the request's id) by the panic hook.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let mut response = Response::new(Body::from(format!("{}\n", AppError::Internal)));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Refuses any request that could change something (not GET, HEAD or OPTIONS) when the
/// browser says it comes from another site: `Sec-Fetch-Site` when sent, else `Origin`.
/// Server functions accept plain form posts by design, so without this any site could make
/// a reader's browser post to ours. Requests with neither header are not from a browser.
async fn same_origin_only(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    use axum::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let allowed = match headers.get("sec-fetch-site").map(|v| v.as_bytes()) {
        Some(site) => site == b"same-origin" || site == b"none",
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let host = headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                origin == &*state.site_url
                    || origin == format!("http://{host}")
                    || origin == format!("https://{host}")
            }
        },
    };
    if allowed {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
    Response::builder()
        .status(StatusCode::FORBIDDEN)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(
            "This request came from another site and was refused.\n",
        ))
        .unwrap_or_default()
}

/// Server functions answer every error with 500. Give each `AppError` its own status
/// (404, 400, 422, ...) so a malformed request is never reported as a server fault.
async fn server_fn_status(uri: Uri, response: Response) -> Response {
    if !uri.path().starts_with("/api/") || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::RateLimited { retry_after, .. } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
