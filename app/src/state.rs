//! Server state, provided to pages and server functions as context.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use sqlx::SqlitePool;
use std::{path::Path, sync::Arc};

#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub site_name: Arc<str>,
    /// The public origin, without a trailing slash (`https://rightstoall.example`), for
    /// canonical links, feeds and the sitemap.
    pub site_url: Arc<str>,
    /// Where uploaded and generated images live; served at `/media`.
    pub media_dir: Arc<Path>,
    /// Session cookies only over HTTPS (`Secure`, `__Host-` name): `SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// The reverse proxy whose `X-Forwarded-For` names the client (`TRUSTED_PROXY`).
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// What open pages are told about as it happens (server-sent events).
    pub live: Live,
    /// Public pages as anonymous readers get them (`crate::cache`).
    pub cache: crate::cache::PageCache,
}

/// Changes pushed to open pages, and the server closing (which ends their event streams).
#[derive(Clone, Debug)]
pub struct Live {
    pub headlines: tokio::sync::broadcast::Sender<()>,
    pub closing: tokio::sync::watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            headlines: tokio::sync::broadcast::channel(16).0,
            closing: tokio::sync::watch::channel(false).0,
        }
    }
}

impl Live {
    /// Tells every open page that the breaking headlines changed.
    pub fn headlines_changed(&self) {
        // No receivers (no open pages) is not an error.
        let _ = self.headlines.send(());
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, from a server function or a page rendering on the server.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
