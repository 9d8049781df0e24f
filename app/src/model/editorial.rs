//! What the dashboard's article screens send and receive.

use crate::domain::editorial::Status;
use serde::{Deserialize, Serialize};

/// An article as the editor holds it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EditorArticle {
    /// 0 for a new article.
    pub id: i64,
    /// The version this copy is; a save names it so a newer save by someone else is noticed.
    pub version: i64,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    pub body_md: String,
    pub section_id: i64,
    /// Comma-separated tag names.
    pub tags: String,
    pub featured_media_id: Option<i64>,
    pub comments_open: bool,
    /// Stored status and time (see `Status::from_stored`).
    pub status: String,
    pub published_at: Option<i64>,
    pub author_id: i64,
    pub author_name: String,
    pub updated_at: i64,
    /// Who saved last.
    pub saved_by: String,
}

impl EditorArticle {
    pub fn status(&self, now: i64) -> Status {
        Status::from_stored(&self.status, self.published_at, now)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// An image the editor can choose as the featured image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaChoice {
    pub id: i64,
    pub url: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// An autosaved copy newer than the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Autosave {
    pub title: String,
    pub excerpt: String,
    pub body_md: String,
    pub saved_at: i64,
}

/// Everything the editor page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    pub article: EditorArticle,
    pub sections: Vec<Choice>,
    pub media: Vec<MediaChoice>,
    /// Whether this user may publish, schedule or unpublish it.
    pub can_publish: bool,
    pub autosave: Option<Autosave>,
    /// The public address, once live.
    pub url: Option<String>,
    pub revisions: u32,
    /// Live preview links: (id, expires_at). The token itself is shown only when made.
    pub preview_links: Vec<(String, i64)>,
    pub now: i64,
}

/// The answer to a save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved {
        id: i64,
        version: i64,
        status: String,
        published_at: Option<i64>,
        message: String,
    },
    /// Someone saved a newer version first. Nothing was written; `theirs` is what is stored.
    Conflict { theirs: EditorArticle },
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub status: Status,
    pub author: String,
    pub section: String,
    pub tags: String,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub trashed_at: Option<i64>,
    pub url: Option<String>,
    pub editable: bool,
}

/// The article list's filters, as in the address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleFilter {
    /// `all` or a status.
    pub status: Option<String>,
    pub section: Option<i64>,
    pub author: Option<i64>,
    /// A tag slug.
    pub tag: Option<String>,
    pub q: Option<String>,
    /// `updated` (default), `published`, `title`.
    pub sort: Option<String>,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskList {
    pub rows: Vec<ArticleRow>,
    /// Count per status, in `Status::ALL` order, then the total of the non-trash ones.
    pub counts: Vec<u64>,
    pub total: u64,
    pub page: u32,
    pub total_pages: u32,
    pub sections: Vec<Choice>,
    pub authors: Vec<Choice>,
    pub can_publish_any: bool,
    pub now: i64,
}

/// One saved revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionInfo {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub status: String,
    pub saved_by: String,
    pub saved_at: i64,
    pub note: String,
}

/// How a line of a side-by-side diff changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Removed,
    Added,
    Changed,
}

/// One row of a side-by-side diff: the older text on the left, the newer on the right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffRow {
    pub change: Change,
    pub left: Option<String>,
    pub right: Option<String>,
}

/// A revision compared with the one before it (or with the current article).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionPage {
    pub article_id: i64,
    pub article_title: String,
    pub version: i64,
    pub revisions: Vec<RevisionInfo>,
    /// The revision shown, and the one it is compared with.
    pub shown: Option<RevisionInfo>,
    pub against: Option<RevisionInfo>,
    pub rows: Vec<DiffRow>,
    pub can_restore: bool,
    pub now: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// An unpublished article seen through a preview link (or in the editor's preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewPage {
    pub status: Status,
    pub article: super::ArticleDetail,
    pub now: i64,
}

/// An image in the media library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaItem {
    pub id: i64,
    pub url: String,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub width: u32,
    pub height: u32,
    pub created_at: i64,
    pub uploaded_by: String,
    /// Articles using it (featured or in the body).
    pub uses: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaPage {
    pub items: Vec<MediaItem>,
    pub total: u64,
    pub page: u32,
    pub total_pages: u32,
    pub now: i64,
}

/// The dashboard's front page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardHome {
    /// Articles waiting for review, oldest change first.
    pub pending: Vec<ArticleRow>,
    pub pending_total: u64,
    /// Comments held for moderation, and reported ones (0 for those who cannot moderate).
    pub comments_pending: u64,
    pub comments_reported: u64,
    pub can_moderate: bool,
    pub recent: Vec<ArticleRow>,
    /// Articles published per week, oldest first: (week start, count), 12 weeks to now.
    pub weekly: Vec<(i64, u32)>,
    /// The newest audit log entries (editors and admins).
    pub log: Vec<AuditEntry>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    pub total_pages: u32,
    pub now: i64,
}
