//! The comment moderation queue, as the dashboard shows it.

use serde::{Deserialize, Serialize};

/// The queue's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Pending,
    Approved,
    /// Reported by readers (and not yet in the trash).
    Reported,
    Spam,
    Trash,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Pending,
        Tab::Approved,
        Tab::Reported,
        Tab::Spam,
        Tab::Trash,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Pending => "pending",
            Tab::Approved => "approved",
            Tab::Reported => "reported",
            Tab::Spam => "spam",
            Tab::Trash => "trash",
        }
    }

    pub fn parse(text: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// A comment as a moderator sees it, with its article for context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedComment {
    pub id: i64,
    pub user_id: i64,
    pub author_name: String,
    /// Banned from commenting now.
    pub banned: bool,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub reports: u32,
    pub article_title: String,
    /// The comment's place on the article page (empty when the article is not published).
    pub url: String,
    /// The comment it replies to, for context: (author, body).
    pub in_reply_to: Option<(String, String)>,
}

/// One page of a tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub tab: Tab,
    pub items: Vec<QueuedComment>,
    /// Comments in each tab, in `Tab::ALL` order.
    pub counts: Vec<u64>,
    pub page: u32,
    pub total_pages: u32,
    pub now: i64,
}

/// What a moderator can do to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Hold,
    Spam,
    Trash,
    /// Keep it as it is and clear its reports.
    Dismiss,
}

impl Decision {
    /// As sent in a form (`approve`, `hold`, `spam`, `trash`, `dismiss`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Hold => "hold",
            Decision::Spam => "spam",
            Decision::Trash => "trash",
            Decision::Dismiss => "dismiss",
        }
    }
}
