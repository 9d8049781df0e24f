//! `/admin/media`: the media library. Uploading is a plain multipart form (it works the same
//! with JavaScript off); editing and deleting are server functions.

use super::admin::{DeskNav, Refused};
use super::Loading;
use crate::api::{get_media, DeleteMedia, UpdateMedia};
use crate::components::{form_echo, outcome, Pagination, TimeAgo};
use crate::model::{MediaItem, MediaPage};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// Where the upload form posts (a route of the server's own, with a 10 MiB limit).
pub const UPLOAD_ACTION: &str = "/admin/media/upload";

#[component]
pub fn MediaLibraryPage() -> impl IntoView {
    let query = use_query_map();
    let update = ServerAction::<UpdateMedia>::new();
    let delete = ServerAction::<DeleteMedia>::new();
    let library = Resource::new(
        move || {
            (
                query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())),
                query.with(|q| q.get("uploaded")),
                update.version().get() + delete.version().get(),
            )
        },
        |(page, _, _)| get_media(page),
    );
    let echo = form_echo(UPLOAD_ACTION, None);
    let typed = move |name: &str| {
        echo.get_untracked()
            .and_then(|e| e.value(name).map(str::to_owned))
            .unwrap_or_default()
    };
    let message = move |name: &'static str| {
        move || {
            echo.get()
                .filter(|e| {
                    e.error.field() == Some(name) || (name == "file" && e.error.field().is_none())
                })
                .map(|e| e.error.to_string())
        }
    };
    let invalid = move |name: &'static str| {
        move || {
            echo.get()
                .is_some_and(|e| e.error.field() == Some(name))
                .then_some("true")
        }
    };
    let uploaded = move || {
        query
            .with(|q| q.get("uploaded").is_some())
            .then(|| view! { <p class="notice" role="status">"Uploaded. The copy kept has no location or camera data."</p> })
    };
    let (update_outcome, delete_outcome) = (outcome(update), outcome(delete));
    let problem = move || {
        update_outcome
            .get()
            .and_then(Result::err)
            .or_else(|| delete_outcome.get().and_then(Result::err))
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    view! {
        <Title text="Media – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Media"</h1>
            <section class="account-section" aria-labelledby="upload-heading">
                <h2 id="upload-heading">"Upload an image"</h2>
                <p class="field-hint">
                    "JPEG, PNG, WebP or GIF, up to 10 MiB. We keep a fresh copy of the picture only: "
                    "location (GPS), camera and other hidden data in the file are removed."
                </p>
                {uploaded}
                <Suspense fallback=|| ()>
                <form method="post" action=UPLOAD_ACTION enctype="multipart/form-data" class="upload-form">
                    <div class="field">
                        <label for="upload-file">"Image"</label>
                        <input id="upload-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required
                            aria-invalid=invalid("file") aria-describedby="file-error" />
                        <p class="field-error" id="file-error" role="alert">{message("file")}</p>
                    </div>
                    <div class="field">
                        <label for="upload-alt">"Alt text"</label>
                        <p class="field-hint" id="alt-hint">"What the image shows, for people who cannot see it. Required."</p>
                        <input id="upload-alt" name="alt" type="text" maxlength="500" required value=typed("alt")
                            aria-invalid=invalid("alt") aria-describedby="alt-hint alt-error" />
                        <p class="field-error" id="alt-error" role="alert">{message("alt")}</p>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="upload-caption">"Caption"</label>
                            <input id="upload-caption" name="caption" type="text" maxlength="500" value=typed("caption") />
                        </div>
                        <div class="field">
                            <label for="upload-credit">"Credit"</label>
                            <input id="upload-credit" name="credit" type="text" maxlength="500" value=typed("credit") />
                        </div>
                    </div>
                    <button type="submit" class="button">"Upload"</button>
                </form>
                </Suspense>
            </section>
            {problem}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match library.await {
                        Ok(p) => view! { <Library p update delete /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Library(
    p: MediaPage,
    update: ServerAction<UpdateMedia>,
    delete: ServerAction<DeleteMedia>,
) -> impl IntoView {
    let now = p.now;
    view! {
        <h2>{format!("{} image{}", p.total, if p.total == 1 { "" } else { "s" })}</h2>
        <ul class="media-grid">
            {p.items.into_iter().map(|item| view! { <MediaCard item now update delete /> }).collect_view()}
        </ul>
        <Pagination base="/admin/media".into() page=p.page total_pages=p.total_pages />
    }
}

#[component]
fn MediaCard(
    item: MediaItem,
    now: i64,
    update: ServerAction<UpdateMedia>,
    delete: ServerAction<DeleteMedia>,
) -> impl IntoView {
    let MediaItem {
        id,
        url,
        alt,
        caption,
        credit,
        width,
        height,
        created_at,
        uploaded_by,
        uses,
    } = item;
    let field_id = move |name: &str| format!("media-{id}-{name}");
    let label = alt.clone();
    let delete_label = alt.clone();
    view! {
        <li class="media-card">
            <img src=url.clone() alt=alt.clone() width=width height=height loading="lazy" />
            <p class="media-meta">
                {format!("{width}×{height}")} " · " <TimeAgo at=created_at now />
                {(!uploaded_by.is_empty()).then(|| format!(" · by {uploaded_by}"))}
                " · " {match uses { 0 => "not used".to_string(), 1 => "used by 1 article".to_string(), n => format!("used by {n} articles") }}
            </p>
            <p class="media-url"><code>{url}</code></p>
            <ActionForm action=update attr:class="media-form">
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for=field_id("alt")>"Alt text"</label>
                    <input id=field_id("alt") name="alt" type="text" required value=alt />
                </div>
                <div class="field">
                    <label for=field_id("caption")>"Caption"</label>
                    <input id=field_id("caption") name="caption" type="text" value=caption />
                </div>
                <div class="field">
                    <label for=field_id("credit")>"Credit"</label>
                    <input id=field_id("credit") name="credit" type="text" value=credit />
                </div>
                <button type="submit">"Save" <span class="visually-hidden">" the details of " {label}</span></button>
            </ActionForm>
            {(uses == 0).then(|| view! {
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="link-button">"Delete" <span class="visually-hidden">" " {delete_label}</span></button>
                </ActionForm>
            })}
        </li>
    }
}
