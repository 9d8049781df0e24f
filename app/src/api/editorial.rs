//! The newsroom: listing, writing, reviewing, scheduling, publishing and trashing articles,
//! their revisions, autosaves and preview links. Each function checks the caller's role
//! and, for one article, whether that role may touch it.

// The editor's form has many fields, and a server function takes them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{ArticleFilter, DeskList, EditorData, PreviewPage, RevisionPage, SaveOutcome};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Rows per page of the article list.
pub const LIST_PAGE: u32 = 30;
/// How long a preview link lasts.
pub const PREVIEW_DAYS: i64 = 7;

#[cfg(feature = "ssr")]
mod server {
    use crate::db::{self, editorial::Actor, users::UserRow};
    use crate::domain::roles::{Capability, Role};
    use crate::error::AppError;

    pub struct Staff {
        pub user: UserRow,
        pub role: Role,
    }

    impl Staff {
        pub fn actor(&self) -> Actor<'_> {
            Actor {
                id: self.user.id,
                name: &self.user.display_name,
            }
        }
    }

    pub async fn staff(capability: Capability) -> Result<Staff, AppError> {
        let user = crate::api::access::require(capability).await?;
        crate::api::no_store();
        let role = Role::parse(&user.role).ok_or(AppError::Forbidden)?;
        Ok(Staff { user, role })
    }

    /// The article, if this person may edit it.
    pub async fn editable(
        pool: &sqlx::SqlitePool,
        who: &Staff,
        id: i64,
        now: i64,
    ) -> Result<crate::model::EditorArticle, AppError> {
        let article = db::editorial::load(pool, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let status = article.status(now);
        if !crate::domain::editorial::may_edit(who.role, who.user.id, article.author_id, status) {
            return Err(AppError::Forbidden);
        }
        Ok(article)
    }

    /// A random URL-safe token and the hash that is stored.
    pub fn new_token() -> (String, String) {
        use base64::Engine;
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&argon2::password_hash::generate_salt());
        bytes[16..].copy_from_slice(&argon2::password_hash::generate_salt());
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let hash = token_hash(&token);
        (token, hash)
    }

    pub fn token_hash(token: &str) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The dashboard's article list.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "dashboard_articles")]
pub async fn list_dashboard_articles(filter: ArticleFilter) -> Result<DeskList, AppError> {
    use crate::db::editorial;
    use crate::domain::editorial::may_edit;
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::ViewDashboard).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let page = filter.page.unwrap_or(1).max(1);
    let (rows, total) = editorial::list(
        &state.pool,
        &filter,
        now,
        LIST_PAGE,
        u64::from(page - 1) * u64::from(LIST_PAGE),
    )
    .await?;
    let rows = rows
        .into_iter()
        .map(|(mut row, author_id)| {
            row.editable = may_edit(who.role, who.user.id, author_id, row.status);
            row
        })
        .collect();
    Ok(DeskList {
        rows,
        counts: editorial::status_counts(&state.pool, now).await?,
        total,
        page,
        total_pages: (total.div_ceil(u64::from(LIST_PAGE)) as u32).max(1),
        sections: editorial::sections(&state.pool).await?,
        authors: editorial::staff(&state.pool).await?,
        can_publish_any: who.role.can(Capability::EditOthers),
        now,
    })
}

/// What the editor needs for an article (`id` 0: a new one).
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "editor")]
pub async fn get_editor(id: i64) -> Result<EditorData, AppError> {
    use crate::db::editorial;
    use crate::domain::editorial::may_publish;
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let sections = editorial::sections(&state.pool).await?;
    let article = if id == 0 {
        crate::model::EditorArticle {
            section_id: sections.first().map(|s| s.id).unwrap_or_default(),
            comments_open: true,
            status: "draft".into(),
            author_id: who.user.id,
            author_name: who.user.display_name.clone(),
            ..Default::default()
        }
    } else {
        server::editable(&state.pool, &who, id, now).await?
    };
    let autosave =
        editorial::autosave_for(&state.pool, who.user.id, id, article.updated_at).await?;
    Ok(EditorData {
        can_publish: may_publish(who.role, who.user.id, article.author_id),
        url: editorial::public_path(&article, now),
        revisions: if id == 0 {
            0
        } else {
            editorial::revisions(&state.pool, id).await?.len() as u32
        },
        preview_links: if id == 0 {
            Vec::new()
        } else {
            editorial::previews_of(&state.pool, id, now).await?
        },
        sections,
        media: editorial::media_choices(&state.pool).await?,
        autosave,
        article,
        now,
    })
}

/// Saves an article from the editor. `intent` is `save`, `draft`, `submit`, `publish` or
/// `schedule` (with `publish_at`, `YYYY-MM-DDTHH:MM` UTC). A save based on an old version
/// writes nothing and answers with the stored one.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "save_article")]
pub async fn save_article(
    id: i64,
    base_version: i64,
    title: String,
    slug: String,
    section_id: i64,
    tags: String,
    excerpt: String,
    body_md: String,
    featured_media_id: Option<String>,
    comments_open: Option<String>,
    intent: String,
    publish_at: Option<String>,
) -> Result<SaveOutcome, AppError> {
    use crate::db::editorial::{self, SaveInput};
    use crate::domain::editorial as rules;
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let field = |name: &'static str| move |message: String| AppError::validation(name, message);
    let intent = rules::Intent::parse(&intent)
        .ok_or_else(|| AppError::BadRequest("unknown intent".into()))?;
    let current = if id == 0 {
        None
    } else {
        Some(server::editable(&state.pool, &who, id, now).await?)
    };
    let author_id = current.as_ref().map_or(who.user.id, |a| a.author_id);
    let title = rules::check_title(&title).map_err(field("title"))?;
    let slug = rules::check_slug(&slug, &title).map_err(field("slug"))?;
    let excerpt = rules::check_excerpt(&excerpt).map_err(field("excerpt"))?;
    let body_md = rules::check_body(&body_md).map_err(field("body_md"))?;
    let tags = rules::parse_tags(&tags).map_err(field("tags"))?;
    let featured = match featured_media_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            AppError::validation("featured_media_id", "Choose an image from the list.")
        })?),
    };
    let publish_at = match publish_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(rules::parse_datetime(v).ok_or_else(|| {
            AppError::validation("publish_at", "Give a date and time like 2026-12-01T09:30.")
        })?),
    };
    let can_publish = rules::may_publish(who.role, who.user.id, author_id);
    let (status, published_at) = rules::next_status(
        intent,
        current
            .as_ref()
            .map(|a| (a.status.as_str(), a.published_at)),
        publish_at,
        can_publish,
        now,
    )
    .map_err(|m| {
        let field = if intent == rules::Intent::Schedule && can_publish {
            "publish_at"
        } else {
            "intent"
        };
        AppError::validation(field, m)
    })?;
    let body_html = crate::domain::markdown::to_html(&body_md);
    let input = SaveInput {
        id,
        base_version,
        title: &title,
        slug: slug.as_str(),
        excerpt: &excerpt,
        body_md: &body_md,
        body_html: &body_html,
        section_id,
        tags: &tags,
        featured_media_id: featured,
        comments_open: comments_open.is_some_and(|v| !v.is_empty() && v != "false"),
        status,
        published_at,
        note: "",
    };
    let before = crate::cache::pages_of(&state, id).await;
    let result = editorial::save(&state.pool, &input, author_id, who.actor(), now).await?;
    let out = outcome(result, status, published_at, now)?;
    match &out {
        SaveOutcome::Saved {
            id,
            status,
            published_at,
            ..
        } => {
            crate::cache::article_changed(&state, *id, before).await;
            if let Some(at) = (*published_at).filter(|at| *at > now) {
                state.cache.change_at(at);
            }
            crate::auth::redirect_form_post(&format!("/admin/articles/{id}?saved={status}"));
        }
        // Without JavaScript the editor cannot show both versions side by side: the page
        // comes back with what was typed and this message.
        SaveOutcome::Conflict { theirs } if crate::auth::plain_form_post() => {
            return Err(AppError::validation(
                "base_version",
                format!(
                    "{} saved a newer version of this article while you were editing, so nothing was saved. \
                     Your text is below: copy what you need, then reload the editor to see theirs.",
                    if theirs.saved_by.is_empty() { "Someone" } else { &theirs.saved_by }
                ),
            ));
        }
        SaveOutcome::Conflict { .. } => {}
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
fn outcome(
    result: crate::db::editorial::SaveResult,
    status: &str,
    published_at: Option<i64>,
    now: i64,
) -> Result<SaveOutcome, AppError> {
    use crate::db::editorial::SaveResult;
    use crate::domain::editorial::{long_datetime, Status};
    match result {
        SaveResult::Saved { id, version } => {
            let message = match Status::from_stored(status, published_at, now) {
                Status::Draft => "Saved as a draft.".to_string(),
                Status::Pending => "Saved; it is waiting for review.".to_string(),
                Status::Scheduled => format!(
                    "Scheduled for {}.",
                    long_datetime(published_at.unwrap_or(now))
                ),
                Status::Published => "Published.".to_string(),
                Status::Trash => "Saved (it is still in the trash).".to_string(),
            };
            Ok(SaveOutcome::Saved {
                id,
                version,
                status: status.to_owned(),
                published_at,
                message,
            })
        }
        SaveResult::Conflict(theirs) => Ok(SaveOutcome::Conflict { theirs: *theirs }),
        SaveResult::SlugTaken => Err(AppError::validation(
            "slug",
            "Another article already uses this slug; choose another.",
        )),
        SaveResult::NoSuchSection => Err(AppError::validation("section_id", "Choose a section.")),
        SaveResult::NoSuchImage => Err(AppError::validation(
            "featured_media_id",
            "That image is no longer in the library.",
        )),
        SaveResult::NotFound => Err(AppError::NotFound),
    }
}

/// Keeps an autosaved copy of what is in the editor, apart from the article. Returns the
/// time it was kept.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "autosave_article")]
pub async fn autosave_article(
    id: i64,
    base_version: i64,
    title: String,
    excerpt: String,
    body_md: String,
) -> Result<i64, AppError> {
    use crate::domain::editorial as rules;
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    if id != 0 {
        server::editable(&state.pool, &who, id, now).await?;
    }
    let copy = crate::model::Autosave {
        title: title.chars().take(rules::TITLE_MAX).collect(),
        excerpt: excerpt.chars().take(rules::EXCERPT_MAX).collect(),
        body_md: rules::check_body(&body_md).map_err(|m| AppError::validation("body_md", m))?,
        saved_at: now,
    };
    crate::db::editorial::autosave(&state.pool, who.user.id, id, base_version, &copy).await?;
    Ok(now)
}

/// The HTML readers would get for a Markdown body (the editor's live preview).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "preview_markdown")]
pub async fn preview_markdown(body_md: String) -> Result<String, AppError> {
    use crate::domain::roles::Capability;
    server::staff(Capability::WriteDrafts).await?;
    let body = crate::domain::editorial::check_body(&body_md)
        .map_err(|m| AppError::validation("body_md", m))?;
    Ok(crate::domain::markdown::to_html(&body))
}

/// Bulk actions on the list: `publish` or `trash` the checked articles. Articles this person
/// may not act on are left alone and counted.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "bulk_articles")]
pub async fn bulk_articles(
    action: String,
    #[server(default)] ids: Vec<i64>,
) -> Result<String, AppError> {
    use crate::db::editorial;
    use crate::domain::editorial::{may_edit, may_publish, Status};
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    if ids.is_empty() {
        return Err(AppError::validation(
            "ids",
            "Tick the articles to act on first.",
        ));
    }
    if ids.len() > 500 {
        return Err(AppError::validation("ids", "At most 500 articles at once."));
    }
    let heads = editorial::heads(&state.pool, &ids).await?;
    let mut allowed = Vec::new();
    for (id, status, at, author) in &heads {
        let status = Status::from_stored(status, *at, now);
        let ok = match action.as_str() {
            "trash" => {
                may_edit(who.role, who.user.id, *author, status)
                    && (status != Status::Published || may_publish(who.role, who.user.id, *author))
            }
            "publish" => {
                may_publish(who.role, who.user.id, *author)
                    && matches!(status, Status::Draft | Status::Pending | Status::Scheduled)
            }
            _ => return Err(AppError::validation("action", "Choose an action.")),
        };
        if ok {
            allowed.push(*id);
        }
    }
    let mut before = Vec::new();
    for id in &allowed {
        before.extend(crate::cache::pages_of(&state, *id).await);
    }
    let done = match action.as_str() {
        "trash" => editorial::trash(&state.pool, &allowed, who.actor(), now).await?,
        _ => publish_now(&state.pool, &who, &allowed, now).await?,
    };
    for id in &allowed {
        crate::cache::article_changed(&state, *id, std::mem::take(&mut before)).await;
    }
    let skipped = ids.len() as u64 - done;
    let verb = if action == "trash" {
        "Moved to the trash"
    } else {
        "Published"
    };
    let mut message = format!(
        "{verb}: {done} article{}.",
        if done == 1 { "" } else { "s" }
    );
    if skipped > 0 {
        message.push_str(&format!(
            " {skipped} left alone (not allowed, or already there)."
        ));
    }
    Ok(message)
}

#[cfg(feature = "ssr")]
async fn publish_now(
    pool: &sqlx::SqlitePool,
    who: &server::Staff,
    ids: &[i64],
    now: i64,
) -> Result<u64, AppError> {
    use crate::db::editorial::{self, SaveInput, SaveResult};
    use crate::domain::editorial::{next_status, parse_tags, Intent};
    let mut done = 0;
    for id in ids {
        let Some(a) = editorial::load(pool, *id).await? else {
            continue;
        };
        let Ok((status, published_at)) = next_status(
            Intent::Publish,
            Some((&a.status, a.published_at)),
            None,
            true,
            now,
        ) else {
            continue;
        };
        let tags = parse_tags(&a.tags).unwrap_or_default();
        let body_html = crate::domain::markdown::to_html(&a.body_md);
        let input = SaveInput {
            id: a.id,
            base_version: a.version,
            title: &a.title,
            slug: &a.slug,
            excerpt: &a.excerpt,
            body_md: &a.body_md,
            body_html: &body_html,
            section_id: a.section_id,
            tags: &tags,
            featured_media_id: a.featured_media_id,
            comments_open: a.comments_open,
            status,
            published_at,
            note: "Published from the list",
        };
        if let SaveResult::Saved { .. } =
            editorial::save(pool, &input, a.author_id, who.actor(), now).await?
        {
            done += 1;
        }
    }
    Ok(done)
}

/// Brings an article back from the trash as a draft.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "restore_article")]
pub async fn restore_article(id: i64) -> Result<(), AppError> {
    use crate::domain::editorial::{may_edit, Status};
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let a = crate::db::editorial::load(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_edit(who.role, who.user.id, a.author_id, Status::Draft) {
        return Err(AppError::Forbidden);
    }
    if !crate::db::editorial::restore(&state.pool, id, who.actor(), now).await? {
        return Err(AppError::validation(
            "id",
            "That article is not in the trash.",
        ));
    }
    Ok(())
}

/// The revisions of an article; `rev` (default: the newest) compared with the one before.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "revisions")]
pub async fn get_revisions(id: i64, rev: Option<i64>) -> Result<RevisionPage, AppError> {
    use crate::db::editorial;
    use crate::domain::diff::side_by_side;
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let article = server::editable(&state.pool, &who, id, now).await?;
    let revisions = editorial::revisions(&state.pool, id).await?;
    let index = match rev {
        None => 0,
        Some(r) => revisions
            .iter()
            .position(|x| x.id == r)
            .ok_or(AppError::NotFound)?,
    };
    let shown = revisions.get(index).cloned();
    let against = revisions.get(index + 1).cloned();
    let text = |c: &editorial::RevisionContent| {
        format!(
            "Title: {}\nSlug: {}\nTags: {}\nExcerpt: {}\n\n{}",
            c.title, c.slug, c.tags, c.excerpt, c.body_md
        )
    };
    let mut rows = Vec::new();
    if let Some(s) = &shown {
        let new = editorial::revision(&state.pool, id, s.id).await?;
        let old = match &against {
            Some(a) => editorial::revision(&state.pool, id, a.id).await?,
            None => None,
        };
        let new = new.as_ref().map(text).unwrap_or_default();
        let old = old.as_ref().map(text).unwrap_or_default();
        rows = side_by_side(&old, &new);
    }
    Ok(RevisionPage {
        article_id: id,
        article_title: article.title,
        version: article.version,
        can_restore: index > 0 || shown.as_ref().is_some_and(|s| s.version != article.version),
        revisions,
        shown,
        against,
        rows,
        now,
    })
}

/// Makes a revision the current text again, as a new revision. The status is kept.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "restore_revision")]
pub async fn restore_revision(
    id: i64,
    revision: i64,
    base_version: i64,
) -> Result<SaveOutcome, AppError> {
    use crate::db::editorial::{self, SaveInput};
    use crate::domain::editorial::{may_publish, parse_tags, Status};
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    let article = server::editable(&state.pool, &who, id, now).await?;
    if article.status(now).is_live() && !may_publish(who.role, who.user.id, article.author_id) {
        return Err(AppError::Forbidden);
    }
    let old = editorial::revision(&state.pool, id, revision)
        .await?
        .ok_or(AppError::NotFound)?;
    let info = editorial::revisions(&state.pool, id)
        .await?
        .into_iter()
        .find(|r| r.id == revision)
        .ok_or(AppError::NotFound)?;
    let tags = parse_tags(&old.tags).unwrap_or_default();
    let body_html = crate::domain::markdown::to_html(&old.body_md);
    let note = format!("Restored version {}", info.version);
    let status = match article.status(now) {
        Status::Trash => "trash",
        Status::Pending => "pending",
        Status::Draft => "draft",
        _ => "published",
    };
    let input = SaveInput {
        id,
        base_version,
        title: &old.title,
        slug: &old.slug,
        excerpt: &old.excerpt,
        body_md: &old.body_md,
        body_html: &body_html,
        section_id: old.section_id,
        tags: &tags,
        featured_media_id: article.featured_media_id,
        comments_open: article.comments_open,
        status,
        published_at: article.published_at,
        note: &note,
    };
    let before = crate::cache::pages_of(&state, id).await;
    let result = editorial::save(&state.pool, &input, article.author_id, who.actor(), now).await?;
    crate::cache::article_changed(&state, id, before).await;
    let mut out = outcome(result, status, article.published_at, now)?;
    if let SaveOutcome::Saved { message, .. } = &mut out {
        *message = format!("{note}. {message}");
    }
    Ok(out)
}

/// Makes a preview link for an unpublished article. Returns its path (shown once).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "create_preview_link")]
pub async fn create_preview_link(id: i64) -> Result<String, AppError> {
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    server::editable(&state.pool, &who, id, now).await?;
    let (token, hash) = server::new_token();
    crate::db::editorial::create_preview(
        &state.pool,
        id,
        &hash,
        who.user.id,
        now,
        now + PREVIEW_DAYS * crate::domain::SECONDS_PER_DAY,
    )
    .await?;
    Ok(format!("/preview/{token}"))
}

/// Ends every preview link of an article.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "revoke_preview_links")]
pub async fn revoke_preview_links(id: i64) -> Result<u64, AppError> {
    use crate::domain::roles::Capability;
    let who = server::staff(Capability::WriteDrafts).await?;
    let state = crate::state::app_state()?;
    server::editable(&state.pool, &who, id, crate::db::now()).await?;
    Ok(crate::db::editorial::revoke_previews(&state.pool, id).await?)
}

/// An unpublished article through a preview link: anyone holding the link may read it.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "preview")]
pub async fn get_preview(token: String) -> Result<PreviewPage, AppError> {
    use crate::db::editorial;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let now = crate::db::now();
    if token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let id = editorial::preview_article(&state.pool, &server::token_hash(&token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    preview_page(&state.pool, id, now).await
}

#[cfg(feature = "ssr")]
pub(crate) async fn preview_page(
    pool: &sqlx::SqlitePool,
    id: i64,
    now: i64,
) -> Result<PreviewPage, AppError> {
    use crate::db::editorial;
    use crate::model::{ArticleDetail, ArticleSummary, PersonRef, SectionRef, TagRef};
    let a = editorial::load(pool, id).await?.ok_or(AppError::NotFound)?;
    let (body_html, image, caption, credit) = editorial::preview_extras(pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sections = editorial::sections(pool).await?;
    let section = sections
        .iter()
        .find(|s| s.id == a.section_id)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let tags = crate::domain::editorial::parse_tags(&a.tags)
        .unwrap_or_default()
        .into_iter()
        .map(|name| TagRef {
            slug: crate::domain::Slug::from_title(&name)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            name,
        })
        .collect();
    Ok(PreviewPage {
        status: a.status(now),
        article: ArticleDetail {
            summary: ArticleSummary {
                id: a.id,
                slug: a.slug.clone(),
                title: a.title.clone(),
                excerpt: a.excerpt.clone(),
                published_at: a.published_at.unwrap_or(now),
                author: PersonRef {
                    name: a.author_name.clone(),
                    slug: String::new(),
                },
                section: SectionRef {
                    name: section,
                    slug: String::new(),
                },
                image,
                comments: 0,
            },
            body_html,
            updated_at: a.updated_at,
            image_caption: caption,
            image_credit: credit,
            tags,
            comments_open: false,
        },
        now,
    })
}
