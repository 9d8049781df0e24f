//! The page cache: whole responses to anonymous GETs of public pages (and of the server
//! functions behind them), kept in memory by path and query and purged precisely when
//! something they show changes.
//!
//! A response is kept only when the server function that made its main content said so
//! with [`public`], naming what the response shows as tags (`a:12` an article, `s:news`
//! a section's list, ...). Writers call [`PageCache::purge`] with the tags their change
//! touches; changes that reach every page (headlines, navigation, names) purge everything.
//! Each entry also expires after [`MAX_AGE`] and at the next scheduled change (an article
//! or headline going live or ending), which happen without any write.
//!
//! The server's `page_cache` middleware serves, fills and revalidates (`ETag`,
//! `Last-Modified`, 304) from this store; logged-in readers and the dashboard never touch it.

use axum::body::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

/// How long an entry lives at most (relative dates and trending tags move with the clock).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// The response header through which a server function marks its response public, with
/// its tags. The middleware removes it before anything leaves the server.
pub const TAGS_HEADER: &str = "x-page-cache-tags";
/// Bytes kept at most, all encodings counted (`PAGE_CACHE_BYTES` overrides).
pub const DEFAULT_CAPACITY: usize = 64 * 1024 * 1024;

/// A stored response.
#[derive(Debug)]
pub struct CachedPage {
    /// The headers every copy is sent with: the response's own (without length, encoding
    /// or cookies) and the caching ones, built once so that a hit only clones them.
    pub headers: HeaderMap,
    pub identity: Bytes,
    pub brotli: Bytes,
    pub gzip: Bytes,
    /// A strong validator: a hash of the body.
    pub etag: HeaderValue,
    pub last_modified: SystemTime,
    pub expires: Instant,
    tags: Vec<String>,
}

impl CachedPage {
    pub fn new(
        headers: HeaderMap,
        identity: Bytes,
        brotli: Bytes,
        gzip: Bytes,
        expires: Instant,
        tags: Vec<String>,
    ) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        identity.hash(&mut hasher);
        let etag =
            HeaderValue::from_str(&format!("\"{:016x}{:x}\"", hasher.finish(), identity.len()))
                .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        Self {
            headers,
            identity,
            brotli,
            gzip,
            etag,
            last_modified: SystemTime::now(),
            expires,
            tags,
        }
    }

    fn size(&self) -> usize {
        self.identity.len() + self.brotli.len() + self.gzip.len() + 256
    }
}

#[derive(Clone, Debug)]
pub struct PageCache(Arc<Mutex<Inner>>);

#[derive(Debug)]
struct Inner {
    pages: HashMap<String, Arc<CachedPage>>,
    by_tag: HashMap<String, HashSet<String>>,
    /// Keys in the order they were stored, for evicting the oldest when full.
    order: VecDeque<String>,
    bytes: usize,
    capacity: usize,
    /// Counts purges, so a response rendered before a purge is not stored after it.
    generation: u64,
    enabled: bool,
    /// The next moment pages change by themselves (a scheduled article or headline):
    /// everything stored before it is dropped then.
    deadline: Option<Instant>,
    /// The generation at which `deadline` was last checked against the database: until the
    /// next purge, a new page need not ask again.
    next_change_checked: Option<u64>,
    /// The trending tags every page shows, with the generation and time they were read at:
    /// counting a month of articles on every render would cost more than the rest of a page.
    trending: Option<(u64, Instant, Vec<crate::model::TrendingTag>)>,
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl PageCache {
    /// A cache holding at most `capacity` bytes; 0 turns it off.
    pub fn new(capacity: usize) -> Self {
        Self(Arc::new(Mutex::new(Inner {
            pages: HashMap::new(),
            by_tag: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            capacity,
            generation: 0,
            enabled: capacity > 0,
            deadline: None,
            next_change_checked: None,
            trending: None,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn enabled(&self) -> bool {
        self.lock().enabled
    }

    /// The stored response for `key`, unless it has expired.
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let mut inner = self.lock();
        if inner.deadline.is_some_and(|d| d <= Instant::now()) {
            inner.deadline = None;
            inner.clear();
        }
        let page = inner.pages.get(key)?.clone();
        if page.expires <= Instant::now() {
            inner.remove(key);
            return None;
        }
        Some(page)
    }

    /// Read before rendering a response that may be stored: [`PageCache::insert`] refuses it
    /// if anything was purged in between.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Stores a response rendered when the generation was `generation`. Returns whether it
    /// was kept.
    pub fn insert(&self, key: String, generation: u64, page: CachedPage) -> bool {
        let mut inner = self.lock();
        if !inner.enabled || inner.generation != generation || page.size() > inner.capacity / 8 {
            return false;
        }
        inner.remove(&key);
        while inner.bytes + page.size() > inner.capacity {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            inner.remove(&oldest);
        }
        for tag in &page.tags {
            inner
                .by_tag
                .entry(tag.clone())
                .or_default()
                .insert(key.clone());
        }
        inner.bytes += page.size();
        inner.order.push_back(key.clone());
        inner.pages.insert(key, Arc::new(page));
        // A page stored again after expiring leaves its old place in `order` behind: drop
        // those now and then, or `order` would grow with every refill.
        if inner.order.len() > 2 * inner.pages.len() + 64 {
            inner.compact_order();
        }
        true
    }

    /// Drops every response tagged with any of `tags`.
    pub fn purge<S: AsRef<str>>(&self, tags: impl IntoIterator<Item = S>) {
        let mut inner = self.lock();
        inner.generation += 1;
        for tag in tags {
            if let Some(keys) = inner.by_tag.remove(tag.as_ref()) {
                for key in keys {
                    inner.remove(&key);
                }
            }
        }
    }

    /// Drops everything: for changes every page shows (headlines, sections, names).
    pub fn purge_all(&self) {
        self.lock().clear();
    }

    /// Notes that pages change by themselves at `at` (Unix seconds): an article scheduled
    /// for then, a headline starting or ending. Everything stored is dropped at that moment.
    pub fn change_at(&self, at: i64) {
        let wait = Duration::from_secs(at.saturating_sub(crate::db::now()).max(0) as u64);
        let when = Instant::now() + wait;
        let mut inner = self.lock();
        inner.deadline = Some(inner.deadline.map_or(when, |d| d.min(when)));
    }

    /// Whether the next scheduled change must be read from the database before storing a
    /// page: `Some(generation)` to pass to [`PageCache::next_change_is`] with the answer. It
    /// is known until the next purge (a write can schedule something).
    pub fn next_change_unknown(&self) -> Option<u64> {
        let inner = self.lock();
        (inner.next_change_checked != Some(inner.generation)).then_some(inner.generation)
    }

    /// The database's answer, read when the generation was `generation`: the next moment
    /// (Unix seconds) pages change by themselves, if any.
    pub fn next_change_is(&self, generation: u64, at: Option<i64>) {
        if let Some(at) = at {
            self.change_at(at);
        }
        let mut inner = self.lock();
        if inner.generation == generation {
            inner.next_change_checked = Some(generation);
        }
    }

    /// The trending tags as last read, unless anything was purged since or they are older
    /// than [`MAX_AGE`]. Kept even when the cache holds no pages (`PAGE_CACHE_BYTES=0`).
    pub fn trending(&self) -> Option<Vec<crate::model::TrendingTag>> {
        let inner = self.lock();
        match &inner.trending {
            Some((generation, read, tags))
                if *generation == inner.generation && read.elapsed() < MAX_AGE =>
            {
                Some(tags.clone())
            }
            _ => None,
        }
    }

    /// Keeps the trending tags read when the generation was `generation`.
    pub fn keep_trending(&self, generation: u64, tags: Vec<crate::model::TrendingTag>) {
        let mut inner = self.lock();
        if inner.generation == generation {
            inner.trending = Some((generation, Instant::now(), tags));
        }
    }

    /// How many responses are stored.
    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn clear(&mut self) {
        self.generation += 1;
        self.pages.clear();
        self.by_tag.clear();
        self.order.clear();
        self.bytes = 0;
    }

    /// Keeps, in `order`, only the newest place of each key still stored.
    fn compact_order(&mut self) {
        let mut seen = HashSet::new();
        let mut kept: Vec<String> = std::mem::take(&mut self.order)
            .into_iter()
            .rev()
            .filter(|key| self.pages.contains_key(key) && seen.insert(key.clone()))
            .collect();
        kept.reverse();
        self.order = kept.into();
    }

    fn remove(&mut self, key: &str) {
        if let Some(page) = self.pages.remove(key) {
            self.bytes -= page.size();
            for tag in &page.tags {
                if let Some(keys) = self.by_tag.get_mut(tag) {
                    keys.remove(key);
                    if keys.is_empty() {
                        self.by_tag.remove(tag);
                    }
                }
            }
            // `order` may keep the key; popping a key no longer stored does nothing.
        }
    }
}

/// Purges what an article's change touches: the pages that showed it before the change
/// (`before`, from [`pages_of`] read first) and those that show it now.
pub async fn article_changed(state: &crate::state::AppState, id: i64, before: Vec<String>) {
    let after = pages_of(state, id).await;
    state.cache.purge(before.into_iter().chain(after));
}

/// Purges the pages showing the article comment `comment_id` is on (its thread, and the
/// comment count on its cards).
pub async fn comment_changed(state: &crate::state::AppState, comment_id: i64) {
    match crate::db::comments::article_of(&state.pool, comment_id).await {
        Ok(Some(article)) => state.cache.purge([tag::article(article)]),
        Ok(None) => {}
        Err(e) => {
            tracing::error!(error = %e, comment = comment_id, "finding a comment's article");
            state.cache.purge_all();
        }
    }
}

/// The public pages showing article `id` now (none if it is not live). Read before a change.
pub async fn pages_of(state: &crate::state::AppState, id: i64) -> Vec<String> {
    match crate::db::articles::public_pages_of(&state.pool, id, crate::db::now()).await {
        Ok(tags) => tags,
        Err(e) => {
            // Not knowing what to purge, purge everything.
            tracing::error!(error = %e, article = id, "finding the pages an article is on");
            state.cache.purge_all();
            Vec::new()
        }
    }
}

/// Marks the response being made as public and cacheable, showing what `tags` name. Called
/// by the server functions behind public pages; outside a request it does nothing.
pub fn public<S: AsRef<str>>(tags: impl IntoIterator<Item = S>) {
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let joined = tags
        .into_iter()
        .map(|t| t.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(" ");
    if let Ok(value) = HeaderValue::from_str(&joined) {
        response.append_header(HeaderName::from_static(TAGS_HEADER), value);
    }
}

/// Tags of the things pages show.
pub mod tag {
    /// A page showing this article (itself, a card, a previous/next link).
    pub fn article(id: i64) -> String {
        format!("a:{id}")
    }
    /// A list of a section's newest articles.
    pub fn section(slug: &str) -> String {
        format!("s:{slug}")
    }
    /// A list of a tag's articles.
    pub fn tag(slug: &str) -> String {
        format!("t:{slug}")
    }
    /// A list of an author's articles.
    pub fn author(slug: &str) -> String {
        format!("u:{slug}")
    }
    /// A date archive within this year.
    pub fn year(year: i32) -> String {
        format!("d:{year}")
    }
    /// Lists of the newest articles from everywhere: the front page, feeds, the sitemap,
    /// search results.
    pub const NEWEST: &str = "newest";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(tags: &[&str], body: &str) -> CachedPage {
        CachedPage::new(
            HeaderMap::new(),
            Bytes::from(body.to_owned()),
            Bytes::new(),
            Bytes::new(),
            Instant::now() + MAX_AGE,
            tags.iter().map(|t| t.to_string()).collect(),
        )
    }

    #[test]
    fn purging_a_tag_drops_exactly_the_pages_that_show_it() {
        let cache = PageCache::new(1 << 20);
        let g = cache.generation();
        assert!(cache.insert("/a".into(), g, page(&["a:1", "s:news"], "A")));
        assert!(cache.insert("/b".into(), g, page(&["a:2", "s:news"], "B")));
        assert!(cache.insert("/c".into(), g, page(&["a:3"], "C")));
        cache.purge(["a:2"]);
        assert!(cache.get("/a").is_some());
        assert!(cache.get("/b").is_none());
        assert!(cache.get("/c").is_some());
        cache.purge(["s:news"]);
        assert!(cache.get("/a").is_none());
        assert!(cache.get("/c").is_some());
        cache.purge_all();
        assert!(cache.is_empty());
    }

    #[test]
    fn a_response_rendered_before_a_purge_is_not_stored() {
        let cache = PageCache::new(1 << 20);
        let before = cache.generation();
        cache.purge(["a:9"]);
        assert!(!cache.insert("/x".into(), before, page(&["a:1"], "old")));
        assert!(cache.get("/x").is_none());
    }

    #[test]
    fn expired_entries_are_not_served_and_the_oldest_make_room() {
        let cache = PageCache::new(8 * 300);
        let g = cache.generation();
        let mut stale = page(&[], "stale");
        stale.expires = Instant::now() - Duration::from_secs(1);
        cache.insert("/stale".into(), g, stale);
        assert!(cache.get("/stale").is_none());
        // Each page is 256 + its body bytes; the capacity holds 9 of these.
        for i in 0..12 {
            cache.insert(format!("/{i}"), g, page(&[], "x"));
        }
        assert!(cache.get("/0").is_none(), "the oldest went first");
        assert!(cache.get("/11").is_some());
        assert!(cache.len() <= 9);
    }

    #[test]
    fn everything_goes_when_a_scheduled_change_comes() {
        let cache = PageCache::new(1 << 20);
        cache.insert("/".into(), cache.generation(), page(&["newest"], "front"));
        cache.change_at(crate::db::now() + 3600);
        assert!(cache.get("/").is_some(), "not yet");
        cache.change_at(crate::db::now() - 1);
        assert!(cache.get("/").is_none(), "the scheduled article is out");
    }

    #[test]
    fn the_etag_follows_the_body() {
        assert_eq!(page(&[], "same").etag, page(&["x"], "same").etag);
        assert_ne!(page(&[], "one").etag, page(&[], "two").etag);
    }

    #[test]
    fn refilling_a_page_does_not_grow_the_eviction_order() {
        let cache = PageCache::new(1 << 20);
        for _ in 0..1000 {
            cache.insert("/a".into(), cache.generation(), page(&[], "A"));
            cache.insert("/b".into(), cache.generation(), page(&[], "B"));
        }
        let inner = cache.lock();
        assert!(inner.order.len() <= 2 * 2 + 64, "{}", inner.order.len());
        assert_eq!(inner.order.back().map(String::as_str), Some("/b"));
    }

    #[test]
    fn the_next_scheduled_change_is_asked_once_per_generation() {
        let cache = PageCache::new(1 << 20);
        let g = cache.next_change_unknown().expect("unknown at first");
        cache.next_change_is(g, None);
        assert_eq!(
            cache.next_change_unknown(),
            None,
            "known until something changes"
        );
        cache.purge(["a:1"]);
        let g = cache
            .next_change_unknown()
            .expect("a write may have scheduled something");
        // An answer read before a purge does not count.
        cache.purge_all();
        cache.next_change_is(g, None);
        assert!(cache.next_change_unknown().is_some());
        // An answer with a time sets the deadline.
        let g = cache.next_change_unknown().unwrap();
        cache.insert("/".into(), cache.generation(), page(&[], "front"));
        cache.next_change_is(g, Some(crate::db::now() - 1));
        assert!(cache.get("/").is_none());
    }

    #[test]
    fn trending_tags_are_kept_until_a_purge() {
        use crate::model::{TagRef, TrendingTag};
        let cache = PageCache::new(0);
        assert!(cache.trending().is_none());
        let tags = vec![TrendingTag {
            tag: TagRef {
                name: "Asylum".into(),
                slug: "asylum".into(),
            },
            articles: 3,
        }];
        let read_at = cache.generation();
        cache.keep_trending(read_at, tags.clone());
        assert_eq!(cache.trending(), Some(tags.clone()));
        cache.purge(["a:1"]);
        assert!(
            cache.trending().is_none(),
            "an article changed: count again"
        );
        // Tags read before a purge are not kept after it.
        let read_at = cache.generation();
        cache.purge_all();
        cache.keep_trending(read_at, tags);
        assert!(cache.trending().is_none());
    }

    #[test]
    fn a_cache_of_size_zero_stores_nothing() {
        let cache = PageCache::new(0);
        assert!(!cache.insert("/a".into(), cache.generation(), page(&[], "A")));
    }
}
