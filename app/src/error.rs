//! The one error type every server function returns.
//!
//! Its `Display` is safe to show a reader: details (SQL, paths) are logged on the
//! server and never serialised.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("We couldn't find that page.")]
    NotFound,
    #[error("Please log in to continue.")]
    Unauthorized,
    #[error("You don't have permission to do that.")]
    Forbidden,
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("The request was not understood: {0}")]
    BadRequest(String),
    /// 429, with `Retry-After`. `message` says what was limited and how long to wait.
    #[error("{message}")]
    RateLimited { retry_after: u64, message: String },
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    #[error("We couldn't reach the server. Check your connection and try again.")]
    Network,
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The field a validation error belongs to.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The HTTP status a response carrying this error gets.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::Validation { .. } => 422,
            Self::BadRequest(_) => 400,
            Self::RateLimited { .. } => 429,
            Self::Internal => 500,
            Self::Network => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request's arguments could not be read: the caller's fault, a 4xx.
            ServerFnErrorErr::Args(msg) => Self::BadRequest(short(&msg)),
            ServerFnErrorErr::MissingArg(name) => Self::BadRequest(format!("missing {name}")),
            // On the server this is the request body failing to decode (not UTF-8, say); in
            // the browser, a response it could not read.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) => Self::BadRequest(short(&msg)),
            ServerFnErrorErr::Request(_) => Self::Network,
            _ => Self::Internal,
        }
    }
}

/// Deserialiser messages can quote the input back; keep them short.
fn short(msg: &str) -> String {
    msg.chars().take(120).collect()
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => Self::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                Self::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_arguments_are_a_client_error() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("bad year".into()));
        assert_eq!(err.status_code(), 400);
    }

    #[test]
    fn missing_rows_become_not_found() {
        #[cfg(feature = "ssr")]
        assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::NotFound);
        assert_eq!(AppError::NotFound.status_code(), 404);
    }

    #[test]
    fn internal_errors_reveal_nothing() {
        let text = AppError::Internal.to_string();
        assert!(!text.to_lowercase().contains("sql"));
    }
}
