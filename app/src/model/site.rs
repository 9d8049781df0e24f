use super::{SectionRef, TagRef};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub id: i64,
    pub text: String,
    pub url: String,
}

/// The site chrome: name, sections for the nav, and the server's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    /// Absolute base for canonical links, without a trailing slash.
    pub site_url: String,
    pub sections: Vec<SectionRef>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendingTag {
    pub tag: TagRef,
    pub articles: u32,
}

/// A breaking headline as the dashboard manages it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadlineRow {
    pub id: i64,
    pub text: String,
    pub url: String,
    pub priority: i64,
    pub starts_at: i64,
    pub expires_at: Option<i64>,
}

impl HeadlineRow {
    /// `live`, `scheduled` or `expired` at `now`.
    pub fn state(&self, now: i64) -> &'static str {
        if self.starts_at > now {
            "scheduled"
        } else if self.expires_at.is_some_and(|t| t <= now) {
            "expired"
        } else {
            "live"
        }
    }
}

/// The headlines screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadlineDesk {
    /// Live and scheduled first (in ticker order), then the expired.
    pub headlines: Vec<HeadlineRow>,
    /// Recent articles to link to: (title, path).
    pub articles: Vec<(String, String)>,
    pub now: i64,
}

/// A section on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub articles: u32,
}

/// A tag on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub articles: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagList {
    pub tags: Vec<TagRow>,
    pub total: u64,
    pub page: u32,
    pub total_pages: u32,
}
