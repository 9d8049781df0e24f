//! `server import-wxr FILE [--uploads DIR]`: moving in from WordPress.
//!
//! Reads a WordPress export (WXR) and brings in, in one transaction: authors (as
//! contributors without passwords), categories (as sections), tags, posts with their dates
//! and slugs (their old addresses keep working: `/yyyy/mm/dd/slug/` answers at once or with
//! a 301), approved comments with their threading (their authors become readers without
//! passwords), and featured images with their alt text, caption and credit when the image
//! files are found under `--uploads` (the `wp-content/uploads` folder), re-encoded like any
//! upload. Everything imported is remembered, so running it again adds nothing twice.

use app::db::{import, seed};
use app::domain::editorial::parse_datetime;
use app::domain::Slug;
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct Rss {
    channel: Channel,
}

/// Field names are the elements' local names (the deserializer drops `wp:` and the like);
/// the two `…:encoded` elements are renamed apart before parsing.
#[derive(Debug, Deserialize)]
struct Channel {
    #[serde(rename = "base_site_url", default)]
    base_site_url: String,
    #[serde(rename = "author", default)]
    authors: Vec<Author>,
    #[serde(rename = "category", default)]
    categories: Vec<Category>,
    #[serde(rename = "tag", default)]
    tags: Vec<Tag>,
    #[serde(rename = "item", default)]
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
struct Author {
    #[serde(rename = "author_login", default)]
    login: String,
    #[serde(rename = "author_email", default)]
    email: String,
    #[serde(rename = "author_display_name", default)]
    display_name: String,
}

#[derive(Debug, Deserialize)]
struct Category {
    #[serde(rename = "category_nicename", default)]
    nicename: String,
    #[serde(rename = "cat_name", default)]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Tag {
    #[serde(rename = "tag_slug", default)]
    slug: String,
    #[serde(rename = "tag_name", default)]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Item {
    #[serde(default)]
    title: String,
    #[serde(default)]
    link: String,
    #[serde(rename = "creator", default)]
    creator: String,
    #[serde(rename = "content_encoded", default)]
    content: String,
    #[serde(rename = "excerpt_encoded", default)]
    excerpt: String,
    #[serde(rename = "post_id", default)]
    post_id: String,
    #[serde(rename = "post_date_gmt", default)]
    date_gmt: String,
    #[serde(rename = "post_modified_gmt", default)]
    modified_gmt: String,
    #[serde(rename = "comment_status", default)]
    comment_status: String,
    #[serde(rename = "post_name", default)]
    post_name: String,
    #[serde(rename = "status", default)]
    status: String,
    #[serde(rename = "post_type", default)]
    post_type: String,
    #[serde(rename = "attachment_url", default)]
    attachment_url: String,
    #[serde(rename = "category", default)]
    terms: Vec<Term>,
    #[serde(rename = "postmeta", default)]
    meta: Vec<Meta>,
    #[serde(rename = "comment", default)]
    comments: Vec<WpComment>,
}

#[derive(Debug, Deserialize)]
struct Term {
    #[serde(rename = "@domain", default)]
    domain: String,
    #[serde(rename = "@nicename", default)]
    nicename: String,
    #[serde(rename = "$text", default)]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Meta {
    #[serde(rename = "meta_key", default)]
    key: String,
    #[serde(rename = "meta_value", default)]
    value: String,
}

#[derive(Debug, Deserialize)]
struct WpComment {
    #[serde(rename = "comment_id", default)]
    id: String,
    #[serde(rename = "comment_author", default)]
    author: String,
    #[serde(rename = "comment_author_email", default)]
    email: String,
    #[serde(rename = "comment_date_gmt", default)]
    date_gmt: String,
    #[serde(rename = "comment_content", default)]
    content: String,
    #[serde(rename = "comment_approved", default)]
    approved: String,
    #[serde(rename = "comment_parent", default)]
    parent: String,
}

impl Item {
    fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|m| m.key == key)
            .map(|m| m.value.trim())
            .filter(|v| !v.is_empty())
    }
}

/// What an import did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub articles: u32,
    pub comments: u32,
    pub people: u32,
    pub sections: u32,
    pub tags: u32,
    pub images: u32,
    /// Already imported before (left as they are).
    pub skipped: u32,
    /// Featured images whose file was not found under `--uploads`.
    pub missing_images: u32,
}

/// A WordPress GMT time (`2024-05-09 14:30:00`); `0000-00-00 00:00:00` is none.
fn gmt(text: &str) -> Option<i64> {
    parse_datetime(&text.trim().replacen(' ', "T", 1))
}

/// The path of an old permalink (`https://old.example/2024/05/09/slug/` → `/2024/05/09/slug`).
fn old_path(link: &str) -> Option<String> {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next()?.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_owned())
}

fn slug_or(text: &str, fallback: &str) -> String {
    Slug::parse(text.trim())
        .or_else(|| Slug::from_title(text))
        .map(|s| s.to_string())
        .unwrap_or_else(|| fallback.to_owned())
}

fn tidy(text: &str) -> String {
    app::domain::editorial::tidy_line(text)
}

pub async fn import(
    pool: &SqlitePool,
    file: &Path,
    uploads: Option<&Path>,
    media_dir: &Path,
) -> Result<Report, String> {
    let xml =
        std::fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    // `content:encoded` and `excerpt:encoded` share a local name: tell them apart.
    let xml = xml
        .replace("<content:encoded>", "<content_encoded>")
        .replace("</content:encoded>", "</content_encoded>")
        .replace("<excerpt:encoded>", "<excerpt_encoded>")
        .replace("</excerpt:encoded>", "</excerpt_encoded>");
    let rss: Rss = quick_xml::de::from_str(&xml).map_err(|e| {
        format!(
            "{} is not a WordPress export (WXR) file: {e}",
            file.display()
        )
    })?;
    let channel = rss.channel;
    let source = match channel.base_site_url.trim() {
        "" => "wordpress".to_owned(),
        url => url.to_owned(),
    };
    let now = app::db::now();
    let mut report = Report::default();
    let db = |e: sqlx::Error| format!("writing to the database: {e}");
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;

    // Authors, as contributors without passwords.
    let mut authors: HashMap<String, i64> = HashMap::new();
    for a in &channel.authors {
        let login = a.login.trim();
        if login.is_empty() {
            continue;
        }
        let id = match import::mapped(&mut tx, &source, "author", login)
            .await
            .map_err(db)?
        {
            Some(id) => id,
            None => {
                let name = if a.display_name.trim().is_empty() {
                    login.to_owned()
                } else {
                    tidy(&a.display_name)
                };
                let email = Some(a.email.trim().to_lowercase()).filter(|e| e.contains('@'));
                let (id, new) = import::person(
                    &mut tx,
                    &name,
                    email.as_deref(),
                    &slug_or(login, "author"),
                    "contributor",
                    now,
                )
                .await
                .map_err(db)?;
                import::remember(&mut tx, &source, "author", login, id)
                    .await
                    .map_err(db)?;
                report.people += u32::from(new);
                id
            }
        };
        authors.insert(login.to_owned(), id);
    }

    // Categories → sections; tags.
    let mut sections: HashMap<String, i64> = HashMap::new();
    for c in &channel.categories {
        let slug = slug_or(&c.nicename, "section");
        let existed = import::mapped(&mut tx, &source, "category", &slug)
            .await
            .map_err(db)?;
        let id = import::section(&mut tx, &slug, &tidy(&c.name))
            .await
            .map_err(db)?;
        if existed.is_none() {
            import::remember(&mut tx, &source, "category", &slug, id)
                .await
                .map_err(db)?;
            report.sections += 1;
        }
        sections.insert(slug, id);
    }
    for t in &channel.tags {
        let slug = slug_or(&t.slug, "tag");
        if import::mapped(&mut tx, &source, "tag", &slug)
            .await
            .map_err(db)?
            .is_none()
        {
            let id = seed::upsert_tag(&mut tx, &slug, &tidy(&t.name))
                .await
                .map_err(db)?;
            import::remember(&mut tx, &source, "tag", &slug, id)
                .await
                .map_err(db)?;
            report.tags += 1;
        }
    }

    // Attachments, by WordPress id, for featured images.
    let attachments: HashMap<&str, &Item> = channel
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| (i.post_id.trim(), i))
        .collect();

    for item in channel.items.iter().filter(|i| i.post_type == "post") {
        let remote = item.post_id.trim();
        if import::mapped(&mut tx, &source, "post", remote)
            .await
            .map_err(db)?
            .is_some()
        {
            report.skipped += 1;
            continue;
        }
        let status = match item.status.as_str() {
            "publish" | "future" => "published",
            "pending" => "pending",
            "draft" | "auto-draft" => "draft",
            // Private posts and the trash stay behind.
            _ => continue,
        };
        let published_at = gmt(&item.date_gmt).filter(|_| status == "published");
        let modified = gmt(&item.modified_gmt).or(published_at).unwrap_or(now);
        let author_id = match authors.get(item.creator.trim()) {
            Some(id) => *id,
            None => {
                let login = item.creator.trim();
                let name = if login.is_empty() {
                    "Imported author"
                } else {
                    login
                };
                let (id, new) = import::person(
                    &mut tx,
                    name,
                    None,
                    &slug_or(name, "author"),
                    "contributor",
                    now,
                )
                .await
                .map_err(db)?;
                authors.insert(login.to_owned(), id);
                report.people += u32::from(new);
                id
            }
        };
        let mut section_id = None;
        let mut tag_ids = Vec::new();
        for term in &item.terms {
            let slug = slug_or(&term.nicename, "term");
            match term.domain.as_str() {
                "category" if section_id.is_none() => {
                    let id = match sections.get(&slug) {
                        Some(id) => *id,
                        None => {
                            let id = import::section(&mut tx, &slug, &tidy(&term.name))
                                .await
                                .map_err(db)?;
                            sections.insert(slug, id);
                            id
                        }
                    };
                    section_id = Some(id);
                }
                "post_tag" => tag_ids.push(
                    seed::upsert_tag(&mut tx, &slug, &tidy(&term.name))
                        .await
                        .map_err(db)?,
                ),
                _ => {}
            }
        }
        let section_id = match section_id {
            Some(id) => id,
            None => import::section(&mut tx, "uncategorized", "Uncategorized")
                .await
                .map_err(db)?,
        };
        let featured = match item
            .meta("_thumbnail_id")
            .and_then(|id| attachments.get(id))
        {
            Some(attachment) => {
                let found =
                    featured_image(&mut tx, &source, attachment, uploads, media_dir, now).await?;
                match found {
                    Some((id, new)) => {
                        if new {
                            report.images += 1;
                        }
                        Some(id)
                    }
                    None => {
                        report.missing_images += 1;
                        None
                    }
                }
            }
            None => None,
        };
        let title = tidy(&item.title);
        let title = if title.is_empty() {
            "(untitled)".to_owned()
        } else {
            title
        };
        let body_md = item.content.replace("\r\n", "\n");
        let body_html = app::domain::markdown::to_html(&body_md);
        let excerpt = tidy(&item.excerpt);
        let slug = slug_or(&item.post_name, &format!("post-{remote}"));
        let (id, slug) = import::article(
            &mut tx,
            &import::ImportedArticle {
                slug: &slug,
                title: &title,
                excerpt: &excerpt,
                body_md: &body_md,
                body_html: &body_html,
                status,
                published_at,
                modified_at: modified,
                author_id,
                section_id,
                comments_open: item.comment_status != "closed",
                featured_media_id: featured,
            },
        )
        .await
        .map_err(db)?;
        import::remember(&mut tx, &source, "post", remote, id)
            .await
            .map_err(db)?;
        report.articles += 1;
        for tag in tag_ids {
            import::tag_article(&mut tx, id, tag).await.map_err(db)?;
        }
        // The old address, when it differs from ours (WordPress dates it in the site's zone).
        if let (Some(at), Some(old)) = (published_at, old_path(&item.link)) {
            let ours = format!("{}/{slug}", app::domain::Date::from_timestamp(at).path());
            if old != ours {
                import::redirect(&mut tx, &old, id).await.map_err(db)?;
            }
        }
        // Approved comments, parents before replies (WordPress lists them in order).
        let mut comment_ids: HashMap<&str, i64> = HashMap::new();
        for c in item.comments.iter().filter(|c| c.approved.trim() == "1") {
            let author = tidy(&c.author);
            let author = if author.is_empty() {
                "Anonymous".to_owned()
            } else {
                author
            };
            let email = Some(c.email.trim().to_lowercase()).filter(|e| e.contains('@'));
            let user = match &email {
                Some(e) => match import::mapped(&mut tx, &source, "commenter", e)
                    .await
                    .map_err(db)?
                {
                    Some(id) => id,
                    None => {
                        let (id, new) = import::person(
                            &mut tx,
                            &author,
                            Some(e),
                            &slug_or(&author, "reader"),
                            "reader",
                            now,
                        )
                        .await
                        .map_err(db)?;
                        import::remember(&mut tx, &source, "commenter", e, id)
                            .await
                            .map_err(db)?;
                        report.people += u32::from(new);
                        id
                    }
                },
                None => {
                    let (id, new) = import::person(
                        &mut tx,
                        &author,
                        None,
                        &slug_or(&author, "reader"),
                        "reader",
                        now,
                    )
                    .await
                    .map_err(db)?;
                    report.people += u32::from(new);
                    id
                }
            };
            let parent = comment_ids.get(c.parent.trim()).copied();
            let body = app::domain::comment_text::strip_markup(&c.content);
            let at = gmt(&c.date_gmt).unwrap_or(modified);
            let cid = import::comment(&mut tx, id, user, parent, &body, at)
                .await
                .map_err(db)?;
            import::remember(&mut tx, &source, "comment", c.id.trim(), cid)
                .await
                .map_err(db)?;
            comment_ids.insert(c.id.trim(), cid);
            report.comments += 1;
        }
    }
    tx.commit().await.map_err(db)?;
    Ok(report)
}

/// The featured image of an attachment, imported once: (media id, new?) or None when its
/// file is not under `uploads`.
async fn featured_image(
    tx: &mut seed::Tx<'_>,
    source: &str,
    attachment: &Item,
    uploads: Option<&Path>,
    media_dir: &Path,
    now: i64,
) -> Result<Option<(i64, bool)>, String> {
    let db = |e: sqlx::Error| format!("writing to the database: {e}");
    let remote = attachment.post_id.trim();
    if let Some(id) = import::mapped(tx, source, "attachment", remote)
        .await
        .map_err(db)?
    {
        return Ok(Some((id, false)));
    }
    let Some(uploads) = uploads else {
        return Ok(None);
    };
    let Some(relative) = attachment
        .attachment_url
        .split("/wp-content/uploads/")
        .nth(1)
    else {
        return Ok(None);
    };
    let path: PathBuf = uploads.join(relative.split(['?', '#']).next().unwrap_or_default());
    // Only files inside the uploads folder.
    if relative.contains("..") || !path.is_file() {
        return Ok(None);
    }
    let data = std::fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let processed =
        crate::media::reencode(&data).map_err(|m| format!("{}: {m}", path.display()))?;
    let date = app::domain::Date::from_timestamp(now);
    let name = format!(
        "{:04}-{:02}-wp{remote}.{}",
        date.year(),
        date.month(),
        processed.extension
    );
    std::fs::create_dir_all(media_dir)
        .map_err(|e| format!("creating {}: {e}", media_dir.display()))?;
    std::fs::write(media_dir.join(&name), &processed.bytes)
        .map_err(|e| format!("writing {name}: {e}"))?;
    let alt = attachment
        .meta("_wp_attachment_image_alt")
        .map(tidy)
        .unwrap_or_else(|| tidy(&attachment.title));
    let caption = tidy(&attachment.excerpt);
    let credit = attachment
        .meta("_media_credit")
        .or_else(|| attachment.meta("media_credit"))
        .or_else(|| attachment.meta("_wp_attachment_credit"))
        .map(tidy)
        .unwrap_or_default();
    let id = seed::insert_media(
        tx,
        &seed::NewMedia {
            file_name: &name,
            mime: processed.mime,
            width: processed.width,
            height: processed.height,
            alt: &alt,
            caption: &caption,
            credit: &credit,
            uploaded_by: None,
        },
        now,
    )
    .await
    .map_err(db)?;
    import::remember(tx, source, "attachment", remote, id)
        .await
        .map_err(db)?;
    Ok(Some((id, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_permalinks_become_paths() {
        assert_eq!(
            old_path("https://old.example/2024/05/09/a-slug/").as_deref(),
            Some("/2024/05/09/a-slug")
        );
        assert_eq!(old_path("http://old.example/?p=12"), None);
        assert_eq!(
            gmt("2024-05-09 14:30:00"),
            parse_datetime("2024-05-09T14:30:00")
        );
        assert_eq!(gmt("0000-00-00 00:00:00"), None);
    }
}
