//! Server functions, grouped by domain. Thin: parse, one `db::` call, wire type.

pub mod articles;
pub mod comments;
pub mod headlines;
pub mod search;
pub mod site;

pub use articles::{
    get_article, get_front_page, list_articles, GetArticle, GetFrontPage, ListArticles,
};
pub use comments::{list_comments, ListComments};
pub use headlines::{list_breaking_headlines, ListBreakingHeadlines};
pub use search::{search, Search};
pub use site::{get_site_info, list_trending_tags, GetSiteInfo, ListTrendingTags};
