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
