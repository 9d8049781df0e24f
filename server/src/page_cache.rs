//! Serving anonymous readers from the page cache (`app::cache`): a hit is the stored bytes
//! in the encoding the browser accepts, or a 304 when its copy is current; a stale copy is
//! served the same way while one re-render runs in the background; a miss renders once
//! (others asking for the same page meanwhile wait for that render), and is stored when the
//! page's server function marked it public. Everything else passes through, with the
//! internal tags header removed.

use crate::accounts::has_session_cookie;
use crate::request_log::REQUEST_ID;
use app::cache::{CachedPage, Flight, Lookup, Render, MAX_AGE, TAGS_HEADER};
use app::state::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// Pages bigger than this are not kept.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// How long a request waits for another's render of the same page before rendering it itself.
const WAIT_AT_MOST: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, PartialEq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

pub async fn page_cache(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !may_use_cache(&state, &request) {
        return without_tags(next.run(request).await);
    }
    let key = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let encoding = accepted(request.headers());
    let waiting_since = Instant::now();
    loop {
        match state.cache.lookup(&key) {
            Lookup::Fresh(page) => {
                return from_cache(&page, request.headers(), encoding, "hit", fresh_id())
            }
            Lookup::Stale(page, refresh) => {
                if let Some(render) = refresh {
                    refresh_in_background(&state, &key, &next, &request, render);
                }
                return from_cache(&page, request.headers(), encoding, "stale", fresh_id());
            }
            Lookup::Miss(render) => {
                return render_and_store(&state, &key, next, request, encoding, Some(render)).await
            }
            Lookup::Wait(mut flight) => {
                let left = WAIT_AT_MOST.saturating_sub(waiting_since.elapsed());
                let done = tokio::time::timeout(left, flight.wait_for(|f| *f != Flight::Running))
                    .await
                    .map(|flight| flight.map(|f| *f));
                match done {
                    Ok(Ok(Flight::Stored)) => continue,
                    // Nothing to share (not a public page, or it failed), or too slow: render
                    // it here.
                    _ => {
                        state.cache.count_render();
                        return render_and_store(&state, &key, next, request, encoding, None).await;
                    }
                }
            }
        }
    }
}

/// Re-renders a stale page as a new anonymous request for the same address, in its own
/// task: the reader who found it stale has the stale copy already.
fn refresh_in_background(
    state: &AppState,
    key: &str,
    next: &Next,
    original: &Request,
    render: Render,
) {
    let mut request = Request::new(Body::empty());
    *request.uri_mut() = original.uri().clone();
    for (name, value) in original.headers() {
        let private = [
            header::COOKIE,
            header::ACCEPT_ENCODING,
            header::IF_NONE_MATCH,
            header::IF_MODIFIED_SINCE,
        ];
        if !private.contains(name) {
            request.headers_mut().append(name.clone(), value.clone());
        }
    }
    let (state, next, key) = (state.clone(), next.clone(), key.to_owned());
    tokio::spawn(async move {
        // Re-renders take turns, one per core: every reader of these pages has a copy
        // meanwhile, so they go after hits and new pages. When an edit makes every page
        // stale at once, the runtime's queue holds one render per core instead of one per
        // page, and a hit waits behind at most that (p99 3.4x the calm p99 in `bench/surge`
        // with a headline saved every 0.5 s, when they all ran at once).
        let _turn = refreshes().acquire().await;
        render_and_store(
            &state,
            &key,
            next,
            request,
            Encoding::Identity,
            Some(render),
        )
        .await;
    });
}

fn refreshes() -> &'static tokio::sync::Semaphore {
    static REFRESHES: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    REFRESHES.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// Renders the page plain, stores it when it is public (with `render`, the one render of it
/// in flight; without, directly), and answers compressed for this browser.
async fn render_and_store(
    state: &AppState,
    key: &str,
    next: Next,
    request: Request,
    encoding: Encoding,
    render: Option<Render>,
) -> Response {
    let generation = state.cache.generation();
    let (mut parts, body) = request.into_parts();
    let request_headers = parts.headers.clone();
    // Rendered plain, so it can be stored once and compressed once per encoding.
    parts.headers.remove(header::ACCEPT_ENCODING);
    let response = next.run(Request::from_parts(parts, body)).await;
    let tags = take_tags(&response);
    let storable = storable(&response, &tags);
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    // What is logged here belongs to the render's request (this runs outside its span).
    let id = parts.headers.get(REQUEST_ID).and_then(|v| v.to_str().ok());
    let span = tracing::info_span!("request", id = id.unwrap_or_default());
    let Ok(identity) = axum::body::to_bytes(body, MAX_BODY).await else {
        span.in_scope(|| tracing::error!("a page too large to keep or compress"));
        return Response::from_parts(parts, Body::empty());
    };
    parts.headers.remove(TAGS_HEADER);
    if !storable {
        match render {
            // A stale copy stays to be served (within its bound) when the render failed;
            // a page that is no longer public (gone, moved) is forgotten.
            Some(render) if status.is_server_error() => {
                span.in_scope(|| {
                    tracing::warn!(status = status.as_u16(), "a page's re-render failed")
                });
                drop(render);
            }
            Some(render) => render.forget(),
            None => {}
        }
        return compressed(parts, identity, encoding);
    }
    let mut headers = HeaderMap::with_capacity(parts.headers.len() + 3);
    for (name, value) in &parts.headers {
        let replaced = [
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
            header::CACHE_CONTROL,
            header::ETAG,
            header::LAST_MODIFIED,
            header::VARY,
            REQUEST_ID,
        ];
        if !replaced.contains(name) {
            headers.append(name.clone(), value.clone());
        }
    }
    headers.insert(header::CACHE_CONTROL, public_cache_control(state));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    let brotli = compress(&identity, Encoding::Brotli);
    if let Some(checked_at) = state.cache.next_change_unknown() {
        match app::db::next_scheduled_change(&state.pool).await {
            Ok(at) => state.cache.next_change_is(checked_at, at),
            // Not knowing when the page changes by itself, keep it only briefly.
            Err(_) => state.cache.change_at(app::db::now() + 5),
        }
    }
    let expires = Instant::now() + MAX_AGE;
    let mut page = CachedPage::new(headers, identity, brotli, expires, tags);
    page.headers.insert(header::ETAG, page.etag.clone());
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(page.last_modified)) {
        page.headers.insert(header::LAST_MODIFIED, value);
    }
    // The miss is answered with its render's id, which the render's log lines carry.
    let id = parts
        .headers
        .get(REQUEST_ID)
        .cloned()
        .unwrap_or_else(fresh_id);
    let response = from_cache(&page, &request_headers, encoding, "miss", id);
    match render {
        Some(render) => {
            render.store(page);
        }
        None => {
            state.cache.insert(key.to_owned(), generation, page);
        }
    }
    response
}

/// What browsers and CDNs are told about a public page: browsers check with us each time (a
/// 304 costs a few bytes); a shared cache may keep it for half the stale bound and serve it
/// stale for the other half while it revalidates, so a change shows there within the bound
/// too, as here. If we fail, it may go on serving its copy for a day. `Vary: Cookie`: a CDN
/// never gives the anonymous copy to a request with cookies (a logged-in reader).
fn public_cache_control(state: &AppState) -> HeaderValue {
    let half = state.cache.stale_for().as_secs() / 2;
    HeaderValue::from_str(&format!(
        "public, max-age=0, s-maxage={half}, stale-while-revalidate={half}, stale-if-error=86400"
    ))
    .unwrap_or(HeaderValue::from_static("public, max-age=0"))
}

/// Only anonymous GETs of addresses that can be public: no session cookie (a logged-in
/// reader sees their own name, forms and held comments), nothing of the dashboard,
/// accounts, preview links, event streams or files (those have their own caching).
fn may_use_cache(state: &AppState, request: &Request) -> bool {
    if request.method() != Method::GET || !state.cache.enabled() {
        return false;
    }
    let path = request.uri().path();
    let private = [
        "/admin",
        "/account",
        "/login",
        "/register",
        "/logout",
        "/preview/",
        "/events/",
    ];
    if crate::is_file_path(path) || private.iter().any(|p| path.starts_with(p)) {
        return false;
    }
    // A page that tells of a form just sent (`FormDone`) is that reader's own.
    let tells_of_a_form = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| app::components::FormDone::from_cookies(v).is_some());
    !has_session_cookie(request.headers(), state.secure_cookies) && !tells_of_a_form
}

/// Whether a response may be kept and served to everyone: a 200 that a public page's
/// server function tagged, setting no cookie, and not marked private. `no-store` marks
/// everything rendered for a logged-in user (`accounts::session_policy`) or depending on
/// who asks, so a request that only looked anonymous cannot put someone's page here.
fn storable(response: &Response, tags: &[String]) -> bool {
    let private = response
        .headers()
        .get_all(header::CACHE_CONTROL)
        .iter()
        .any(|value| {
            // A directive we cannot read is taken as private.
            value.to_str().map_or(true, |value| {
                value.split(',').any(|directive| {
                    let directive = directive.trim().to_ascii_lowercase();
                    directive == "no-store"
                        || directive == "no-cache"
                        || directive == "private"
                        || directive.starts_with("private=")
                })
            })
        });
    response.status() == StatusCode::OK
        && !tags.is_empty()
        && !private
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
}

/// The tags the response was marked with (none: not public).
fn take_tags(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(TAGS_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(' '))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn without_tags(mut response: Response) -> Response {
    response.headers_mut().remove(TAGS_HEADER);
    response
}

/// The browser's preferred encoding among those we store (brotli, then gzip).
fn accepted(headers: &HeaderMap) -> Encoding {
    let mut best = Encoding::Identity;
    for value in headers.get_all(header::ACCEPT_ENCODING).iter() {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut fields = item.split(';').map(str::trim);
            let name = fields.next().unwrap_or_default().to_ascii_lowercase();
            let refused = fields.any(|f| {
                f.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => best = Encoding::Brotli,
                "gzip" if best == Encoding::Identity => best = Encoding::Gzip,
                _ => {}
            }
        }
    }
    best
}

fn compress(body: &[u8], encoding: Encoding) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    let done = match encoding {
        Encoding::Brotli => {
            // Quality 6: a fifth of quality 11's time, a few per cent larger. Pages are
            // compressed once per version, not per request. The window fits the page: at the
            // default 4 MiB, every compression allocated and cleared a 4 MiB ring buffer
            // (17 MB at the peak of `bench/reliability load`, in a heap profile).
            let params = brotli::enc::BrotliEncoderParams {
                quality: 6,
                lgwin: window_bits(body.len()),
                size_hint: body.len(),
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &body[..], &mut out, &params).is_ok()
        }
        Encoding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(&mut out, flate2::Compression::new(6));
            encoder
                .write_all(body)
                .and_then(|_| encoder.finish())
                .is_ok()
        }
        Encoding::Identity => return Bytes::copy_from_slice(body),
    };
    if done {
        Bytes::from(out)
    } else {
        Bytes::new()
    }
}

/// Brotli's window for a body of `len` bytes: the smallest that holds it (a longer one finds
/// nothing more), within brotli's 1 KiB to 4 MiB.
fn window_bits(len: usize) -> i32 {
    let bits = usize::BITS - len.saturating_sub(1).leading_zeros();
    bits.clamp(10, 22) as i32
}

/// A response that was not stored, compressed for this browser (it was rendered plain).
fn compressed(
    mut parts: axum::http::response::Parts,
    identity: Bytes,
    encoding: Encoding,
) -> Response {
    let is_text = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/")
                || t.contains("json")
                || t.contains("xml")
                || t.contains("javascript")
        });
    if encoding == Encoding::Identity || !is_text || identity.len() < 256 {
        return Response::from_parts(parts, Body::from(identity));
    }
    let encoded = compress(&identity, encoding);
    if encoded.is_empty() {
        return Response::from_parts(parts, Body::from(identity));
    }
    set_encoding(&mut parts.headers, encoding);
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(encoded))
}

fn set_encoding(headers: &mut HeaderMap, encoding: Encoding) {
    let name = match encoding {
        Encoding::Brotli => "br",
        Encoding::Gzip => "gzip",
        Encoding::Identity => return,
    };
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
}

/// A stored page for this request: 304 when the browser's copy is current.
fn from_cache(
    page: &CachedPage,
    request: &HeaderMap,
    encoding: Encoding,
    outcome: &'static str,
    id: HeaderValue,
) -> Response {
    let not_modified = match request.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.to_str().is_ok_and(|t| {
            t.split(',')
                .any(|t| t.trim() == page.etag || t.trim() == "*")
        }),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| unix_seconds(page.last_modified) <= unix_seconds(since)),
    };
    let mut response = Response::new(Body::empty());
    // A 304 carries the page's own headers too: browsers replace the stored copy's headers
    // with a 304's, and one without the page's CSP would get the strict default policy.
    *response.headers_mut() = page.headers.clone();
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("x-cache"),
        HeaderValue::from_static(outcome),
    );
    headers.insert(REQUEST_ID, id);
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    let body = match encoding {
        Encoding::Brotli if !page.brotli.is_empty() => &page.brotli,
        Encoding::Gzip => {
            let gzip = page
                .gzip
                .get_or_init(|| compress(&page.identity, Encoding::Gzip));
            if gzip.is_empty() {
                &page.identity
            } else {
                gzip
            }
        }
        _ => &page.identity,
    };
    let used = if std::ptr::eq(body, &page.identity) {
        Encoding::Identity
    } else {
        encoding
    };
    set_encoding(headers, used);
    *response.body_mut() = Body::from(body.clone());
    response
}

/// An id for a request answered from the cache, which never reaches `request_ids`: an error
/// page is never stored, so nobody quotes it, but every response has one.
fn fresh_id() -> HeaderValue {
    HeaderValue::from_str(&crate::request_log::new_id()).expect("hex digits")
}

/// HTTP dates have whole seconds.
fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    fn tagged(cache_control: Option<&str>) -> Response {
        let mut response = Response::new(Body::empty());
        if let Some(value) = cache_control {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_str(value).unwrap());
        }
        response
    }

    #[test]
    fn responses_marked_private_or_no_store_are_never_kept() {
        let tags = vec!["a:1".to_owned()];
        assert!(storable(&tagged(None), &tags));
        assert!(storable(&tagged(Some("public, max-age=60")), &tags));
        for private in [
            "no-store",
            "private",
            "Private, max-age=60",
            "max-age=0,no-store",
            "no-cache",
            "private=\"set-cookie\"",
        ] {
            assert!(!storable(&tagged(Some(private)), &tags), "{private}");
        }
        assert!(!storable(&tagged(None), &[]), "untagged: not a public page");
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        assert_eq!(
            accepted(&headers("gzip, deflate, br, zstd")),
            Encoding::Brotli
        );
        assert_eq!(accepted(&headers("gzip")), Encoding::Gzip);
        assert_eq!(accepted(&headers("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(accepted(&headers("identity")), Encoding::Identity);
        assert_eq!(accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn the_brotli_window_fits_the_page() {
        assert_eq!(window_bits(0), 10);
        assert_eq!(window_bits(1024), 10);
        assert_eq!(window_bits(1025), 11);
        assert_eq!(window_bits(40_000), 16);
        assert_eq!(window_bits(65_536), 16);
        assert_eq!(window_bits(65_537), 17);
        assert_eq!(window_bits(100 << 20), 22);
    }

    #[test]
    fn compressed_copies_decompress_to_the_page() {
        use std::io::Read;
        let page = "<p>Rights To All</p>".repeat(500);
        let br = compress(page.as_bytes(), Encoding::Brotli);
        let mut out = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, page);
        let gz = compress(page.as_bytes(), Encoding::Gzip);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, page);
        assert!(br.len() < page.len() / 10);
    }
}
