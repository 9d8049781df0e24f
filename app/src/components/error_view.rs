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
            <p>
                <a href="/">"Go to the front page"</a>
            </p>
        </section>
    }
}
