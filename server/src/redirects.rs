//! Old permalinks: when an article's slug (or date) changes after publication, its old
//! address answers with a 301 to the new one.

use app::state::AppState;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// `/yyyy/mm/dd/slug` (a trailing slash allowed, as WordPress wrote them), else None.
fn permalink_shape(path: &str) -> Option<&str> {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let segs: Vec<&str> = trimmed.split('/').skip(1).collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (segs.len() == 4
        && digits(segs[0], 4)
        && digits(segs[1], 2)
        && digits(segs[2], 2)
        && !segs[3].is_empty())
    .then_some(trimmed)
}

/// Looks a 404 on a permalink-shaped address up among the old permalinks.
pub async fn old_permalinks(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let original_len = request.uri().path().len();
    let candidate = (matches!(*request.method(), Method::GET | Method::HEAD))
        .then(|| permalink_shape(request.uri().path()).map(str::to_owned))
        .flatten();
    let response = next.run(request).await;
    let Some(path) = candidate else {
        return response;
    };
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let moved = |to: &str| match HeaderValue::from_str(to) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    };
    match app::db::editorial::redirect_for(&state.pool, &path, app::db::now()).await {
        Ok(Some(to)) => moved(&to),
        // WordPress wrote permalinks with a trailing slash; ours have none.
        Ok(None) if path.len() < original_len => moved(&path),
        Ok(None) => response,
        Err(e) => {
            tracing::warn!(error = %e, "looking up an old permalink");
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permalink_shape;

    #[test]
    fn only_permalink_shaped_paths_are_looked_up() {
        assert_eq!(
            permalink_shape("/2026/01/10/alpha"),
            Some("/2026/01/10/alpha")
        );
        assert_eq!(
            permalink_shape("/2026/01/10/alpha/"),
            Some("/2026/01/10/alpha")
        );
        assert_eq!(permalink_shape("/2026/01/10"), None);
        assert_eq!(permalink_shape("/category/news/x/y"), None);
        assert_eq!(permalink_shape("/2026/1/10/alpha"), None);
    }
}
