use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// A full-page error with the matching HTTP status when rendered on the server.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = http::StatusCode::from_u16(error.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }
    // The request's id (server/src/request_log.rs), for a reader to quote when writing to us.
    #[cfg(feature = "ssr")]
    let reference = (!matches!(error, AppError::NotFound))
        .then(|| {
            use_context::<http::request::Parts>()?
                .headers
                .get("x-request-id")?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .flatten();
    #[cfg(not(feature = "ssr"))]
    let reference: Option<String> = None;
    let (title, text) = match error {
        AppError::NotFound => (
            "Page not found",
            "We couldn't find the page you asked for. It may have moved, or the address may be mistyped.".to_owned(),
        ),
        other => ("Something went wrong", other.to_string()),
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="error-page wrap">
            <h1>{title}</h1>
            <p>{text}</p>
            {reference
                .map(|id| {
                    view! {
                        <p class="error-reference">
                            "If you write to us about this, quote the reference "
                            <code>{id}</code>
                            "."
                        </p>
                    }
                })}
            <p>
                <a href="/">"Go to the front page"</a>
            </p>
        </section>
    }
}
