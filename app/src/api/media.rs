//! The media library (editors and up). Uploads go to `POST /admin/media/upload` (a route of
//! its own, with its own size limit), not through a server function.

use crate::error::AppError;
use crate::model::MediaPage;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub const MEDIA_PAGE: u32 = 40;

#[cfg(feature = "ssr")]
async fn media_editor() -> Result<crate::db::users::UserRow, AppError> {
    let user = crate::api::access::require(crate::domain::roles::Capability::ManageMedia).await?;
    crate::api::no_store();
    Ok(user)
}

#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "media")]
pub async fn get_media(page: Option<u32>) -> Result<MediaPage, AppError> {
    media_editor().await?;
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).max(1);
    let (items, total) = crate::db::media::list(
        &state.pool,
        MEDIA_PAGE,
        u64::from(page - 1) * u64::from(MEDIA_PAGE),
    )
    .await?;
    Ok(MediaPage {
        items,
        total,
        page,
        total_pages: (total.div_ceil(u64::from(MEDIA_PAGE)) as u32).max(1),
        now: crate::db::now(),
    })
}

/// Changes an image's alt text (required), caption and credit.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "update_media")]
pub async fn update_media(
    id: i64,
    alt: String,
    caption: String,
    credit: String,
) -> Result<(), AppError> {
    use crate::domain::editorial::tidy_line;
    media_editor().await?;
    let state = crate::state::app_state()?;
    let (alt, caption, credit) = (tidy_line(&alt), tidy_line(&caption), tidy_line(&credit));
    if alt.is_empty() {
        return Err(AppError::validation(
            "alt",
            "Describe the image for people who cannot see it.",
        ));
    }
    if [&alt, &caption, &credit]
        .iter()
        .any(|t| t.chars().count() > 500)
    {
        return Err(AppError::validation("alt", "Keep each to 500 characters."));
    }
    if !crate::db::media::update(&state.pool, id, &alt, &caption, &credit).await? {
        return Err(AppError::NotFound);
    }
    // Alt text, captions and credits show on articles and cards.
    crate::state::app_state()?.cache.purge_all();
    crate::auth::redirect_form_post("/admin/media");
    Ok(())
}

/// Deletes an image that no article uses (the file goes too).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "delete_media")]
pub async fn delete_media(id: i64) -> Result<(), AppError> {
    use crate::db::media::DeleteRefusal;
    let user = media_editor().await?;
    let state = crate::state::app_state()?;
    match crate::db::media::delete_unused(&state.pool, id).await? {
        Ok(file) => {
            if let Err(e) = tokio::fs::remove_file(state.media_dir.join(&file)).await {
                tracing::warn!(error = %e, file, "removing a deleted image's file");
            }
            crate::api::audit(&user, "delete image", &format!("media {id}: {file}"), "").await?;
            // No article used it, so no public page showed it.
            crate::auth::redirect_form_post("/admin/media");
            Ok(())
        }
        Err(DeleteRefusal::NotFound) => Err(AppError::NotFound),
        Err(DeleteRefusal::InUse(n)) => Err(AppError::validation(
            "id",
            format!(
                "{n} article{} use{} this image; remove it from {} first.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                if n == 1 { "it" } else { "them" }
            ),
        )),
    }
}
