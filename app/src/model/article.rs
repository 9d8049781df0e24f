use crate::domain::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRef {
    pub name: String,
    pub slug: String,
}

impl PersonRef {
    pub fn url(&self) -> String {
        format!("/author/{}", self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRef {
    pub name: String,
    pub slug: String,
}

impl SectionRef {
    pub fn url(&self) -> String {
        format!("/category/{}", self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
}

impl TagRef {
    pub fn url(&self) -> String {
        format!("/tag/{}", self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// What a list, a card or a link needs to show an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    /// Unix seconds.
    pub published_at: i64,
    pub author: PersonRef,
    pub section: SectionRef,
    pub image: Option<Image>,
    /// Approved comments.
    pub comments: u32,
}

impl ArticleSummary {
    pub fn date(&self) -> Date {
        Date::from_timestamp(self.published_at)
    }

    /// The permalink, `/yyyy/mm/dd/slug`, as on the old site.
    pub fn url(&self) -> String {
        format!("{}/{}", self.date().path(), self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDetail {
    pub summary: ArticleSummary,
    /// Sanitised when saved; the only HTML rendered unescaped.
    pub body_html: String,
    pub updated_at: i64,
    pub image_caption: String,
    pub image_credit: String,
    pub tags: Vec<TagRef>,
    pub comments_open: bool,
}

/// Everything the article page shows besides the site chrome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub article: ArticleDetail,
    /// "You might want to read": shared tags, then section.
    pub related: Vec<ArticleSummary>,
    /// "You May Like": same section, not already in `related`; topped up with the newest
    /// articles from other sections when the section is small.
    pub more_in_section: Vec<ArticleSummary>,
    pub previous: Option<ArticleSummary>,
    pub next: Option<ArticleSummary>,
    pub thread: CommentThread,
    /// The server's clock when the page was made, for relative dates.
    pub now: i64,
    /// The site's public origin, for the canonical link and social cards.
    pub site_url: String,
    /// schema.org `NewsArticle` and `BreadcrumbList` as JSON-LD, made on the server and
    /// safe to place inside a `<script>` element.
    pub json_ld: String,
}

/// A comment as a reader sees it. Bodies are plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    /// Empty for a deleted comment kept because others replied to it.
    pub body: String,
    pub created_at: i64,
    pub edited: bool,
    pub state: CommentState,
    /// Written by the reader looking at the page.
    pub mine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentState {
    Published,
    /// Held for a moderator; only its author sees it.
    AwaitingModeration,
    /// Deleted, but replied to: a placeholder keeps the replies in place.
    Deleted,
}

/// How long readers can edit or delete their own comment, in seconds.
pub const COMMENT_EDIT_WINDOW: i64 = 15 * 60;
/// Replies nest this deep at most (a top-level comment is depth 1).
pub const COMMENT_MAX_DEPTH: usize = 3;

impl Comment {
    /// The reader can still edit or delete it.
    pub fn editable(&self, now: i64) -> bool {
        self.mine
            && self.state != CommentState::Deleted
            && now - self.created_at < COMMENT_EDIT_WINDOW
    }
}

/// The discussion under an article, as the reader looking at it sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentThread {
    pub article_id: i64,
    /// Oldest first; replies carry their parent's id.
    pub comments: Vec<Comment>,
    pub open: bool,
    /// The logged-in reader's display name; None for visitors.
    pub viewer: Option<String>,
    /// Comments this reader has reported.
    pub reported: Vec<i64>,
    pub now: i64,
}

/// The result of posting or editing a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentSaved {
    pub id: i64,
    /// Waiting for a moderator before others see it.
    pub held: bool,
}

/// What an archive is of, for its heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchiveSubject {
    pub kind: ArchiveKind,
    pub name: String,
    pub slug: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchiveKind {
    Section,
    Tag,
    Author,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleList {
    pub items: Vec<ArticleSummary>,
    pub page: u32,
    pub total_pages: u32,
    pub total: u64,
    pub subject: Option<ArchiveSubject>,
    pub now: i64,
}

/// The front page: the latest articles, then a block per section in nav order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontPage {
    pub latest: Vec<ArticleSummary>,
    pub sections: Vec<SectionBlock>,
    pub now: i64,
}

/// A section's newest articles that are not already among the latest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionBlock {
    pub section: SectionRef,
    pub articles: Vec<ArticleSummary>,
}

/// A piece of highlighted text: `mark` pieces are the words that matched a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub text: String,
    pub mark: bool,
}

/// One search result: the article, its title and a snippet with the matched words marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: ArticleSummary,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
}

/// A page of search results for what the reader typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as searched (operators removed), empty when nothing was searchable.
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub page: u32,
    pub total_pages: u32,
    pub total: u64,
    /// More articles matched than were ranked: `total` counts the newest of them.
    pub more: bool,
    /// Something the reader should know about how their text was read.
    pub notice: Option<String>,
    pub now: i64,
}
