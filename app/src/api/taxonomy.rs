//! Sections and tags (editors and up).

use crate::error::AppError;
use crate::model::{SectionRow, TagList};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub const TAGS_PAGE: u32 = 100;

#[cfg(feature = "ssr")]
async fn taxonomist() -> Result<crate::db::users::UserRow, AppError> {
    let user =
        crate::api::access::require(crate::domain::roles::Capability::ManageTaxonomy).await?;
    crate::api::no_store();
    Ok(user)
}

#[cfg(feature = "ssr")]
fn refusal(r: crate::db::taxonomy::TaxonomyRefusal, what: &str) -> AppError {
    use crate::db::taxonomy::TaxonomyRefusal::*;
    match r {
        NotFound => AppError::NotFound,
        SlugTaken => AppError::validation(
            "slug",
            format!("Another {what} already has this address; choose another name or slug."),
        ),
        HasArticles(n) => AppError::validation(
            "id",
            format!(
                "{n} article{} in this section; move them to another section first.",
                if n == 1 { " is" } else { "s are" }
            ),
        ),
        SameTag => AppError::validation("into", "Choose a different tag to merge into."),
    }
}

#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "sections_desk")]
pub async fn get_sections_desk() -> Result<Vec<SectionRow>, AppError> {
    taxonomist().await?;
    let state = crate::state::app_state()?;
    Ok(crate::db::taxonomy::section_rows(&state.pool).await?)
}

/// Adds (`id` 0) or changes a section; an empty slug is made from the name.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "save_section")]
pub async fn save_section(
    id: i64,
    name: String,
    slug: String,
    description: String,
) -> Result<i64, AppError> {
    use crate::domain::editorial::{check_slug, tidy_line};
    taxonomist().await?;
    let state = crate::state::app_state()?;
    let name = tidy_line(&name);
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::validation(
            "name",
            "Give the section a name of at most 60 characters.",
        ));
    }
    let slug = check_slug(&slug, &name).map_err(|m| AppError::validation("slug", m))?;
    let description = tidy_line(&description);
    if description.chars().count() > 300 {
        return Err(AppError::validation(
            "description",
            "Keep the description to 300 characters.",
        ));
    }
    let id = crate::db::taxonomy::save_section(&state.pool, id, &name, slug.as_str(), &description)
        .await?
        .map_err(|r| refusal(r, "section"))?;
    purge_everything();
    crate::auth::redirect_form_post("/admin/sections");
    Ok(id)
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "move_section")]
pub async fn move_section(id: i64, up: bool) -> Result<(), AppError> {
    taxonomist().await?;
    let state = crate::state::app_state()?;
    if !crate::db::taxonomy::move_section(&state.pool, id, up).await? {
        return Err(AppError::validation(
            "id",
            if up {
                "It is already first."
            } else {
                "It is already last."
            },
        ));
    }
    purge_everything();
    crate::auth::redirect_form_post("/admin/sections");
    Ok(())
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "delete_section")]
pub async fn delete_section(id: i64) -> Result<(), AppError> {
    let user = taxonomist().await?;
    let state = crate::state::app_state()?;
    let name = crate::db::taxonomy::delete_section(&state.pool, id)
        .await?
        .map_err(|r| refusal(r, "section"))?;
    crate::api::audit(
        &user,
        "delete section",
        &format!("section {id}: {name}"),
        "",
    )
    .await?;
    purge_everything();
    crate::auth::redirect_form_post("/admin/sections");
    Ok(())
}

#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "tags_desk")]
pub async fn get_tags_desk(q: Option<String>, page: Option<u32>) -> Result<TagList, AppError> {
    taxonomist().await?;
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).max(1);
    let q = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    let (tags, total) = crate::db::taxonomy::tag_rows(
        &state.pool,
        q.as_deref(),
        TAGS_PAGE,
        u64::from(page - 1) * u64::from(TAGS_PAGE),
    )
    .await?;
    Ok(TagList {
        tags,
        total,
        page,
        total_pages: (total.div_ceil(u64::from(TAGS_PAGE)) as u32).max(1),
    })
}

/// Renames a tag; its address follows the new name.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "rename_tag")]
pub async fn rename_tag(id: i64, name: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    taxonomist().await?;
    let names =
        crate::domain::editorial::parse_tags(&name).map_err(|m| AppError::validation("name", m))?;
    let [name] = names.as_slice() else {
        return Err(AppError::validation("name", "Give one name (no commas)."));
    };
    let slug = crate::domain::Slug::from_title(name)
        .ok_or_else(|| AppError::validation("name", "The name needs a letter or digit."))?;
    crate::db::taxonomy::rename_tag(&state.pool, id, name, slug.as_str())
        .await?
        .map_err(|r| match r {
            crate::db::taxonomy::TaxonomyRefusal::SlugTaken => {
                AppError::validation("name", "Another tag has this name; merge the two instead.")
            }
            other => refusal(other, "tag"),
        })?;
    purge_everything();
    crate::auth::redirect_form_post("/admin/tags");
    Ok(())
}

/// Merges a tag into another (given by name): its articles get the other tag.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "merge_tag")]
pub async fn merge_tag(id: i64, into: String) -> Result<u64, AppError> {
    let user = taxonomist().await?;
    let state = crate::state::app_state()?;
    let target = crate::domain::Slug::from_title(&into)
        .ok_or_else(|| AppError::validation("into", "Type the name of the tag to merge into."))?;
    let (tags, _) = crate::db::taxonomy::tag_rows(&state.pool, Some(into.trim()), 20, 0).await?;
    let Some(target) = tags.into_iter().find(|t| t.slug == target.as_str()) else {
        return Err(AppError::validation(
            "into",
            "There is no tag with that name.",
        ));
    };
    let moved = crate::db::taxonomy::merge_tags(&state.pool, id, target.id)
        .await?
        .map_err(|r| refusal(r, "tag"))?;
    crate::api::audit(
        &user,
        "merge tags",
        &format!("tag {id} into {}", target.name),
        "",
    )
    .await?;
    purge_everything();
    crate::auth::redirect_form_post("/admin/tags");
    Ok(moved)
}

/// Section names and order are in every page's navigation, tag names on cards and
/// articles: a change here reaches every cached page.
#[cfg(feature = "ssr")]
fn purge_everything() {
    if let Ok(state) = crate::state::app_state() {
        state.cache.purge_all();
    }
}
