//! The page cache: whole responses to anonymous GETs of public pages (and of the server
//! functions behind them), kept in memory by path and query, and refreshed when something
//! they show changes.
//!
//! A response is kept only when the server function that made its main content said so
//! with [`public`], naming what the response shows as tags (`a:12` an article, `s:news`
//! a section's list, ...). Writers call [`PageCache::purge`] with the tags their change
//! touches; changes that reach every page (headlines, navigation, names) purge everything.
//!
//! A purge does not drop a page: it marks it stale. The first request for a stale page
//! starts one re-render in the background and is answered with the stale copy, as is
//! everyone else until the new one is stored; a stale copy is never older than the
//! stale bound ([`DEFAULT_STALE`], `PAGE_CACHE_STALE_SECONDS`), after which it is dropped.
//! A page also goes stale [`MAX_AGE`] after it was rendered, and when a scheduled article or
//! headline goes live or ends. Requests for a page that is not stored wait for the one
//! render in flight ([`Lookup::Wait`]) instead of starting their own.
//!
//! The server's `page_cache` middleware serves, fills, refreshes and revalidates (`ETag`,
//! `Last-Modified`, 304) from this store; logged-in readers and the dashboard never touch it.

use axum::body::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::watch;

/// How long a page is current at most (relative dates and trending tags move with the clock).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// How long after a change a stale copy may still be served (`PAGE_CACHE_STALE_SECONDS`).
pub const DEFAULT_STALE: Duration = Duration::from_secs(10);
/// A stale page is re-rendered at most this often (the server's setting; tests use others):
/// however often the newsroom saves, each page costs at most one render a second.
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);
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
    /// Made when a browser first asks for gzip (nearly all take brotli), so a re-render
    /// compresses once.
    pub gzip: std::sync::OnceLock<Bytes>,
    /// A strong validator: a hash of the body.
    pub etag: HeaderValue,
    pub last_modified: SystemTime,
    /// Until when it is current, if nothing it shows changes.
    pub expires: Instant,
    tags: Vec<String>,
}

impl CachedPage {
    pub fn new(
        headers: HeaderMap,
        identity: Bytes,
        brotli: Bytes,
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
            gzip: std::sync::OnceLock::new(),
            etag,
            last_modified: SystemTime::now(),
            expires,
            tags,
        }
    }

    fn size(&self) -> usize {
        // A gzip copy, when made, is about the size of the brotli one.
        self.identity.len() + 2 * self.brotli.len() + 256
    }
}

/// What the cache has for a key.
pub enum Lookup {
    /// Current: serve it.
    Fresh(Arc<CachedPage>),
    /// Out of date but within the stale bound: serve it. With a [`Render`], the caller
    /// re-renders the page in the background and stores it with that.
    Stale(Arc<CachedPage>, Option<Render>),
    /// Not stored: the caller renders it, and stores it with the [`Render`].
    Miss(Render),
    /// Not stored, and a render of it is in flight: wait for it, then look again.
    Wait(watch::Receiver<Flight>),
}

/// The state of a render others may be waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flight {
    Running,
    /// The page was stored: look again.
    Stored,
    /// Nothing was stored (not a public page, a failure, or the render was abandoned):
    /// render it yourself.
    NotStored,
}

/// The one render of a key in flight. Dropping it, stored or not (or abandoned), wakes
/// those waiting.
pub struct Render {
    cache: PageCache,
    key: String,
    generation: u64,
    started: Instant,
    flight: Arc<watch::Sender<Flight>>,
    outcome: Flight,
}

impl Render {
    /// Stores the rendered page. A purge during the render leaves it stored but stale.
    /// Returns whether it was kept.
    pub fn store(mut self, page: CachedPage) -> bool {
        let stored = self
            .cache
            .store(&self.key, self.generation, self.started, page);
        if stored {
            self.outcome = Flight::Stored;
        }
        stored
    }

    /// The page is no longer public (gone, moved, private): drops any stored copy.
    pub fn forget(self) {
        self.cache.lock().remove(&self.key);
    }
}

impl Drop for Render {
    fn drop(&mut self) {
        {
            let mut inner = self.cache.lock();
            if inner
                .in_flight
                .get(&self.key)
                .is_some_and(|f| Arc::ptr_eq(f, &self.flight))
            {
                inner.in_flight.remove(&self.key);
            }
        }
        self.flight.send_replace(self.outcome);
    }
}

#[derive(Clone, Debug)]
pub struct PageCache(Arc<Mutex<Inner>>);

#[derive(Debug)]
struct Entry {
    page: Arc<CachedPage>,
    /// When its render started.
    rendered: Instant,
    /// When it stopped being current (a purge, its age, a scheduled change).
    stale_since: Option<Instant>,
}

#[derive(Debug)]
struct Inner {
    pages: HashMap<String, Entry>,
    by_tag: HashMap<String, HashSet<String>>,
    /// Keys in the order they were stored, for evicting the oldest when full.
    order: VecDeque<String>,
    bytes: usize,
    capacity: usize,
    /// How long a stale copy may be served.
    stale_for: Duration,
    /// A stale page is re-rendered at most this often.
    refresh_every: Duration,
    /// Counts purges, so a response rendered before a purge is stored as stale.
    generation: u64,
    enabled: bool,
    /// The next moment pages change by themselves (a scheduled article or headline):
    /// everything stored before it goes stale then.
    deadline: Option<Instant>,
    /// The generation at which `deadline` was last checked against the database: until the
    /// next purge, a new page need not ask again.
    next_change_checked: Option<u64>,
    /// What every page's header shows, as last read (kept even when the cache holds no
    /// pages): counting a month of articles for the trending tags on every render would cost
    /// more than the rest of a page, and each read is a round trip to a database thread.
    trending: Option<Memo<Vec<crate::model::TrendingTag>>>,
    sections: Option<Memo<Vec<crate::model::SectionRef>>>,
    headlines: Option<Memo<Vec<crate::model::Headline>>>,
    /// Counts schedule changes ([`PageCache::change_at`]): they purge nothing, but the
    /// headlines are read again after one.
    schedules: u64,
    /// Renders in flight, by key.
    in_flight: HashMap<String, Arc<watch::Sender<Flight>>>,
    /// Renders of cacheable pages started (a measure for tests and logs).
    renders: u64,
}

/// Something every page shows, as read at `version` (of the cache's contents): good until
/// the version moves, [`MAX_AGE`] or `until` (Unix seconds), whichever comes first.
#[derive(Debug)]
struct Memo<T> {
    version: u64,
    read: Instant,
    until: Option<i64>,
    value: T,
}

impl<T: Clone> Memo<T> {
    /// The value, if it was read at `version` and is still good.
    fn recall(memo: &Option<Self>, version: u64) -> Option<T> {
        memo.as_ref()
            .filter(|m| {
                m.version == version
                    && m.read.elapsed() < MAX_AGE
                    && m.until.is_none_or(|u| crate::db::now() < u)
            })
            .map(|m| m.value.clone())
    }

    /// A memo of `value` read at `read_at`, unless the version has moved on since.
    fn keep(version: u64, read_at: u64, until: Option<i64>, value: T) -> Option<Self> {
        (version == read_at).then(|| Memo {
            version,
            read: Instant::now(),
            until,
            value,
        })
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl PageCache {
    /// A cache holding at most `capacity` bytes; 0 turns it off.
    pub fn new(capacity: usize) -> Self {
        Self::with_stale(capacity, DEFAULT_STALE, Duration::ZERO)
    }

    /// A cache that serves stale copies for at most `stale_for` after a change (zero: never),
    /// re-rendering a stale page at most once per `refresh_every`.
    pub fn with_stale(capacity: usize, stale_for: Duration, refresh_every: Duration) -> Self {
        Self(Arc::new(Mutex::new(Inner {
            pages: HashMap::new(),
            by_tag: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            capacity,
            stale_for,
            refresh_every,
            generation: 0,
            enabled: capacity > 0,
            deadline: None,
            next_change_checked: None,
            trending: None,
            sections: None,
            headlines: None,
            schedules: 0,
            in_flight: HashMap::new(),
            renders: 0,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn enabled(&self) -> bool {
        self.lock().enabled
    }

    /// What is stored for `key`, and what the caller is to do about it.
    pub fn lookup(&self, key: &str) -> Lookup {
        let now = Instant::now();
        let mut inner = self.lock();
        inner.pass_deadline(now);
        let stale_for = inner.stale_for;
        let refresh_every = inner.refresh_every;
        let mut too_old = false;
        if let Some(entry) = inner.pages.get_mut(key) {
            if entry.stale_since.is_none() && entry.page.expires <= now {
                entry.stale_since = Some(entry.page.expires);
            }
            match entry.stale_since {
                None => return Lookup::Fresh(entry.page.clone()),
                Some(since) if now.saturating_duration_since(since) < stale_for => {
                    let page = entry.page.clone();
                    let due = now.saturating_duration_since(entry.rendered) >= refresh_every;
                    let refresh = (due && !inner.in_flight.contains_key(key))
                        .then(|| self.begin(&mut inner, key));
                    return Lookup::Stale(page, refresh);
                }
                Some(_) => too_old = true,
            }
        }
        if too_old {
            inner.remove(key);
        }
        match inner.in_flight.get(key) {
            Some(flight) => Lookup::Wait(flight.subscribe()),
            None => Lookup::Miss(self.begin(&mut inner, key)),
        }
    }

    fn begin(&self, inner: &mut Inner, key: &str) -> Render {
        let (flight, _) = watch::channel(Flight::Running);
        let flight = Arc::new(flight);
        inner.in_flight.insert(key.to_owned(), flight.clone());
        inner.renders += 1;
        Render {
            cache: self.clone(),
            key: key.to_owned(),
            generation: inner.generation,
            started: Instant::now(),
            flight,
            outcome: Flight::NotStored,
        }
    }

    /// The current stored response for `key`, if any (stale copies are not current).
    pub fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        let now = Instant::now();
        let mut inner = self.lock();
        inner.pass_deadline(now);
        let entry = inner.pages.get(key)?;
        (entry.stale_since.is_none() && entry.page.expires > now).then(|| entry.page.clone())
    }

    /// Read before rendering a response that may be stored outside a [`Render`].
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// How long a stale copy may be served after a change.
    pub fn stale_for(&self) -> Duration {
        self.lock().stale_for
    }

    /// How many renders of cacheable pages have been started.
    pub fn renders(&self) -> u64 {
        self.lock().renders
    }

    /// Counts a render made outside a [`Render`] (after waiting for one that stored nothing).
    pub fn count_render(&self) {
        self.lock().renders += 1;
    }

    /// Stores a response rendered when the generation was `generation`, outside a
    /// [`Render`]. Returns whether it was kept.
    pub fn insert(&self, key: String, generation: u64, page: CachedPage) -> bool {
        self.store(&key, generation, Instant::now(), page)
    }

    fn store(&self, key: &str, generation: u64, started: Instant, page: CachedPage) -> bool {
        let mut inner = self.lock();
        if !inner.enabled || page.size() > inner.capacity / 8 {
            return false;
        }
        // Something changed while it was rendered: it may already be out of date.
        let stale_since = (inner.generation != generation).then_some(started);
        if stale_since.is_some() && inner.stale_for.is_zero() {
            return false;
        }
        inner.remove(key);
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
                .insert(key.to_owned());
        }
        inner.bytes += page.size();
        inner.order.push_back(key.to_owned());
        inner.pages.insert(
            key.to_owned(),
            Entry {
                page: Arc::new(page),
                rendered: started,
                stale_since,
            },
        );
        // A page stored again after expiring leaves its old place in `order` behind: drop
        // those now and then, or `order` would grow with every refill.
        if inner.order.len() > 2 * inner.pages.len() + 64 {
            inner.compact_order();
        }
        true
    }

    /// Marks every response tagged with any of `tags` stale. No tags: nothing changes.
    pub fn purge<S: AsRef<str>>(&self, tags: impl IntoIterator<Item = S>) {
        let now = Instant::now();
        let mut tags = tags.into_iter().peekable();
        if tags.peek().is_none() {
            return;
        }
        let mut inner = self.lock();
        inner.generation += 1;
        for tag in tags {
            let Some(keys) = inner.by_tag.get(tag.as_ref()) else {
                continue;
            };
            let keys: Vec<String> = keys.iter().cloned().collect();
            for key in keys {
                inner.mark_stale(&key, now);
            }
        }
    }

    /// Marks everything stale: for changes every page shows (headlines, sections, names).
    pub fn purge_all(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.all_stale(Instant::now());
    }

    /// Notes that pages change by themselves at `at` (Unix seconds): an article scheduled
    /// for then, a headline starting or ending. Everything stored goes stale at that moment.
    pub fn change_at(&self, at: i64) {
        let wait = Duration::from_secs(at.saturating_sub(crate::db::now()).max(0) as u64);
        let when = Instant::now() + wait;
        let mut inner = self.lock();
        inner.deadline = Some(inner.deadline.map_or(when, |d| d.min(when)));
        // Nothing shown changes yet, but the headlines (and when they next change) are read
        // again.
        inner.schedules += 1;
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
    /// than [`MAX_AGE`].
    pub fn trending(&self) -> Option<Vec<crate::model::TrendingTag>> {
        let inner = self.lock();
        Memo::recall(&inner.trending, inner.generation)
    }

    /// Keeps the trending tags read when the generation was `generation`.
    pub fn keep_trending(&self, generation: u64, tags: Vec<crate::model::TrendingTag>) {
        let mut inner = self.lock();
        if let Some(memo) = Memo::keep(inner.generation, generation, None, tags) {
            inner.trending = Some(memo);
        }
    }

    /// The sections in nav order as last read, unless anything was purged since.
    pub fn sections(&self) -> Option<Vec<crate::model::SectionRef>> {
        let inner = self.lock();
        Memo::recall(&inner.sections, inner.generation)
    }

    /// Keeps the sections read when the generation was `generation`.
    pub fn keep_sections(&self, generation: u64, sections: Vec<crate::model::SectionRef>) {
        let mut inner = self.lock();
        if let Some(memo) = Memo::keep(inner.generation, generation, None, sections) {
            inner.sections = Some(memo);
        }
    }

    /// What to pass to [`PageCache::keep_headlines`]: changes with every purge and every
    /// new schedule.
    pub fn headlines_version(&self) -> u64 {
        self.lock().headlines_version()
    }

    /// The live headlines as last read, unless anything was purged or scheduled since, or
    /// one has started or ended since.
    pub fn headlines(&self) -> Option<Vec<crate::model::Headline>> {
        let inner = self.lock();
        Memo::recall(&inner.headlines, inner.headlines_version())
    }

    /// Keeps the live headlines read at `version` ([`PageCache::headlines_version`]), good
    /// until `until` (Unix seconds: the next moment a headline starts or ends).
    pub fn keep_headlines(
        &self,
        version: u64,
        until: Option<i64>,
        headlines: Vec<crate::model::Headline>,
    ) {
        let mut inner = self.lock();
        if let Some(memo) = Memo::keep(inner.headlines_version(), version, until, headlines) {
            inner.headlines = Some(memo);
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
    /// Purges and new schedules both move it (both sums only grow).
    fn headlines_version(&self) -> u64 {
        self.generation + self.schedules
    }

    /// At the next scheduled change everything stored goes stale.
    fn pass_deadline(&mut self, now: Instant) {
        if let Some(deadline) = self.deadline.filter(|d| *d <= now) {
            self.deadline = None;
            self.generation += 1;
            self.all_stale(deadline);
        }
    }

    fn all_stale(&mut self, since: Instant) {
        for entry in self.pages.values_mut() {
            entry.stale_since.get_or_insert(since);
        }
    }

    fn mark_stale(&mut self, key: &str, since: Instant) {
        if let Some(entry) = self.pages.get_mut(key) {
            entry.stale_since.get_or_insert(since);
        }
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
        if let Some(entry) = self.pages.remove(key) {
            self.bytes -= entry.page.size();
            for tag in &entry.page.tags {
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

/// The article whose pages show comment `comment_id` to readers now (None while it is held,
/// spam or trash). Read before a change, for [`comment_changed`].
pub async fn comment_shown_on(state: &crate::state::AppState, comment_id: i64) -> Option<i64> {
    match crate::db::comments::shown_on(&state.pool, comment_id).await {
        Ok(article) => article,
        Err(e) => {
            // Not knowing what to purge, purge everything.
            tracing::error!(error = %e, comment = comment_id, "finding a comment's article");
            state.cache.purge_all();
            None
        }
    }
}

/// Purges the pages of the article comment `comment_id` is on (its thread, and the comment
/// count on its cards) if readers saw it before the change (`before`, from
/// [`comment_shown_on`]) or see it now. A comment nobody else sees purges nothing.
pub async fn comment_changed(state: &crate::state::AppState, comment_id: i64, before: Option<i64>) {
    let after = comment_shown_on(state, comment_id).await;
    if let Some(article) = before.or(after) {
        state.cache.purge([tag::article(article)]);
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
            Instant::now() + MAX_AGE,
            tags.iter().map(|t| t.to_string()).collect(),
        )
    }

    fn body(page: &CachedPage) -> &str {
        std::str::from_utf8(&page.identity).unwrap()
    }

    /// Stores `page` under `key` through a render, as the middleware does.
    fn fill(cache: &PageCache, key: &str, page: CachedPage) {
        match cache.lookup(key) {
            Lookup::Miss(render) => assert!(render.store(page)),
            _ => panic!("{key} was not a miss"),
        }
    }

    #[test]
    fn purging_a_tag_makes_exactly_the_pages_that_show_it_stale() {
        let cache = PageCache::new(1 << 20);
        fill(&cache, "/a", page(&["a:1", "s:news"], "A"));
        fill(&cache, "/b", page(&["a:2", "s:news"], "B"));
        fill(&cache, "/c", page(&["a:3"], "C"));
        cache.purge(["a:2"]);
        assert!(cache.get("/a").is_some());
        assert!(cache.get("/b").is_none(), "not current");
        assert!(
            matches!(cache.lookup("/b"), Lookup::Stale(p, Some(_)) if body(&p) == "B"),
            "but served while its refresh runs"
        );
        assert!(cache.get("/c").is_some());
        cache.purge(["s:news"]);
        assert!(cache.get("/a").is_none());
        assert!(cache.get("/c").is_some());
        cache.purge_all();
        assert!(cache.get("/c").is_none());
        assert_eq!(cache.len(), 3, "stale pages are kept to be served");
    }

    #[test]
    fn a_purge_of_nothing_changes_nothing() {
        let cache = PageCache::new(1 << 20);
        fill(&cache, "/a", page(&["a:1"], "A"));
        let g = cache.generation();
        cache.purge(Vec::<String>::new());
        assert_eq!(cache.generation(), g);
        assert!(cache.get("/a").is_some());
    }

    #[test]
    fn one_render_per_page_and_the_others_wait_for_it() {
        let cache = PageCache::new(1 << 20);
        let Lookup::Miss(render) = cache.lookup("/x") else {
            panic!("a miss")
        };
        let Lookup::Wait(mut waiting) = cache.lookup("/x") else {
            panic!("the second waits for the first")
        };
        assert_eq!(*waiting.borrow(), Flight::Running);
        assert!(render.store(page(&["a:1"], "X")));
        assert_eq!(*waiting.borrow_and_update(), Flight::Stored);
        assert!(matches!(cache.lookup("/x"), Lookup::Fresh(p) if body(&p) == "X"));
        assert_eq!(cache.renders(), 1);
        // A render that stores nothing (or is abandoned) wakes them too.
        let Lookup::Miss(render) = cache.lookup("/y") else {
            panic!("a miss")
        };
        let Lookup::Wait(waiting) = cache.lookup("/y") else {
            panic!("waits")
        };
        drop(render);
        assert_eq!(*waiting.borrow(), Flight::NotStored);
        assert!(
            matches!(cache.lookup("/y"), Lookup::Miss(_)),
            "no longer in flight"
        );
    }

    #[test]
    fn a_stale_page_is_refreshed_once_and_then_current() {
        let cache = PageCache::new(1 << 20);
        fill(&cache, "/a", page(&["a:1"], "old"));
        cache.purge(["a:1"]);
        let Lookup::Stale(stale, Some(refresh)) = cache.lookup("/a") else {
            panic!("stale, with a refresh to do")
        };
        assert_eq!(body(&stale), "old");
        assert!(
            matches!(cache.lookup("/a"), Lookup::Stale(p, None) if body(&p) == "old"),
            "one refresh at a time; the others get the stale copy"
        );
        assert!(refresh.store(page(&["a:1"], "new")));
        assert!(matches!(cache.lookup("/a"), Lookup::Fresh(p) if body(&p) == "new"));
        assert_eq!(cache.renders(), 2);
        // A refresh that fails leaves the stale copy to be served, and tried again.
        cache.purge(["a:1"]);
        let Lookup::Stale(_, Some(failed)) = cache.lookup("/a") else {
            panic!("stale")
        };
        drop(failed);
        assert!(matches!(cache.lookup("/a"), Lookup::Stale(p, Some(_)) if body(&p) == "new"));
    }

    #[test]
    fn a_page_that_is_gone_is_forgotten() {
        let cache = PageCache::new(1 << 20);
        fill(&cache, "/a", page(&["a:1"], "A"));
        cache.purge(["a:1"]);
        let Lookup::Stale(_, Some(refresh)) = cache.lookup("/a") else {
            panic!("stale")
        };
        refresh.forget();
        assert!(matches!(cache.lookup("/a"), Lookup::Miss(_)));
    }

    #[test]
    fn stale_copies_are_served_within_the_bound_only() {
        let cache = PageCache::with_stale(1 << 20, Duration::from_millis(100), Duration::ZERO);
        fill(&cache, "/a", page(&["a:1"], "A"));
        cache.purge(["a:1"]);
        assert!(matches!(cache.lookup("/a"), Lookup::Stale(_, Some(_))));
        std::thread::sleep(Duration::from_millis(120));
        assert!(
            matches!(cache.lookup("/a"), Lookup::Miss(_)),
            "too old to serve: a render is needed"
        );
        // With no bound, a change makes pages misses at once.
        let cache = PageCache::with_stale(1 << 20, Duration::ZERO, Duration::ZERO);
        fill(&cache, "/a", page(&["a:1"], "A"));
        cache.purge(["a:1"]);
        assert!(matches!(cache.lookup("/a"), Lookup::Miss(_)));
    }

    #[test]
    fn a_stale_page_is_refreshed_at_most_once_per_interval() {
        let cache = PageCache::with_stale(1 << 20, DEFAULT_STALE, Duration::from_millis(100));
        fill(&cache, "/a", page(&["a:1"], "A"));
        cache.purge(["a:1"]);
        assert!(
            matches!(cache.lookup("/a"), Lookup::Stale(_, None)),
            "rendered just now: not yet"
        );
        std::thread::sleep(Duration::from_millis(120));
        assert!(matches!(cache.lookup("/a"), Lookup::Stale(_, Some(_))));
    }

    #[test]
    fn a_response_rendered_before_a_purge_is_stored_stale() {
        let cache = PageCache::new(1 << 20);
        let Lookup::Miss(render) = cache.lookup("/x") else {
            panic!("a miss")
        };
        cache.purge(["a:9"]);
        assert!(render.store(page(&["a:1"], "old")));
        assert!(cache.get("/x").is_none());
        assert!(matches!(cache.lookup("/x"), Lookup::Stale(_, Some(_))));
    }

    #[test]
    fn pages_go_stale_with_age_and_the_oldest_make_room() {
        let cache = PageCache::new(8 * 300);
        let g = cache.generation();
        let mut old = page(&[], "old");
        old.expires = Instant::now() - Duration::from_secs(1);
        cache.insert("/old".into(), g, old);
        assert!(cache.get("/old").is_none());
        assert!(matches!(cache.lookup("/old"), Lookup::Stale(_, Some(_))));
        // Each page is 256 + its body bytes; the capacity holds 9 of these.
        for i in 0..12 {
            cache.insert(format!("/{i}"), g, page(&[], "x"));
        }
        assert!(cache.get("/0").is_none(), "the oldest went first");
        assert!(cache.get("/11").is_some());
        assert!(cache.len() <= 9);
    }

    #[test]
    fn everything_goes_stale_when_a_scheduled_change_comes() {
        let cache = PageCache::new(1 << 20);
        cache.insert("/".into(), cache.generation(), page(&["newest"], "front"));
        cache.change_at(crate::db::now() + 3600);
        assert!(cache.get("/").is_some(), "not yet");
        cache.change_at(crate::db::now() - 1);
        assert!(cache.get("/").is_none(), "the scheduled article is out");
        assert!(matches!(cache.lookup("/"), Lookup::Stale(_, Some(_))));
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
    fn the_headlines_are_kept_until_a_purge_a_new_schedule_or_their_next_change() {
        use crate::model::{Headline, SectionRef};
        let cache = PageCache::new(0);
        let live = vec![Headline {
            id: 1,
            text: "Court frees journalist".into(),
            url: "/a".into(),
        }];
        let now = crate::db::now();
        cache.keep_headlines(cache.headlines_version(), Some(now + 60), live.clone());
        assert_eq!(cache.headlines(), Some(live.clone()));
        // One starts or ends at `until`: read again from then.
        cache.keep_headlines(cache.headlines_version(), Some(now), live.clone());
        assert!(cache.headlines().is_none(), "a headline changed at {now}");
        // A headline saved to start later purges nothing, but the next change moved.
        let generation = cache.generation();
        cache.keep_headlines(cache.headlines_version(), None, live.clone());
        let read_at = cache.headlines_version();
        cache.change_at(now + 3_600);
        assert!(cache.headlines().is_none(), "read when the next change is");
        assert_eq!(cache.generation(), generation, "no page went stale");
        cache.keep_headlines(read_at, None, live.clone());
        assert!(cache.headlines().is_none(), "read before it was scheduled");
        cache.keep_headlines(cache.headlines_version(), None, live.clone());
        cache.purge_all();
        assert!(cache.headlines().is_none(), "a headline was saved");

        let sections = vec![SectionRef {
            name: "Asia".into(),
            slug: "asia".into(),
        }];
        cache.keep_sections(cache.generation(), sections.clone());
        assert_eq!(cache.sections(), Some(sections.clone()));
        let read_at = cache.generation();
        cache.purge(["s:asia"]);
        assert!(cache.sections().is_none(), "anything purged: read again");
        cache.keep_sections(read_at, sections);
        assert!(
            cache.sections().is_none(),
            "read before the purge: not kept"
        );
    }

    #[test]
    fn a_cache_of_size_zero_stores_nothing() {
        let cache = PageCache::new(0);
        assert!(!cache.insert("/a".into(), cache.generation(), page(&[], "A")));
    }
}
