use serde::{Deserialize, Serialize};

/// The logged-in reader, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    /// Staff (contributors and up) have a dashboard.
    pub staff: bool,
    pub role: crate::domain::roles::Role,
}

/// What happens to a reader's comments when they delete their account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentFate {
    /// Deleted (a comment others replied to leaves a "deleted" placeholder).
    Remove,
    /// Kept, shown as by "Former reader".
    Anonymise,
}

/// Everything we hold about a reader, for "export my data".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountExport {
    pub display_name: String,
    pub email: String,
    pub role: String,
    /// Unix seconds.
    pub created_at: i64,
    pub comments: Vec<ExportedComment>,
    /// Comments this reader reported.
    pub reports: Vec<ExportedReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedComment {
    pub id: i64,
    pub article_title: String,
    pub article_url: String,
    pub in_reply_to: Option<i64>,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedReport {
    pub comment_id: i64,
    pub created_at: i64,
}

/// Someone on the admin's People page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: crate::domain::roles::Role,
    pub disabled: bool,
    pub created_at: i64,
    /// Articles they wrote.
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<Person>,
    pub total: u64,
    pub page: u32,
    pub total_pages: u32,
    /// The admin looking (who cannot disable or demote themselves).
    pub me: i64,
    pub now: i64,
}
