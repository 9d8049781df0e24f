//! Every query the public pages run uses an index: the pages are requested while sqlx's
//! statement log is captured, and each SELECT is put through `EXPLAIN QUERY PLAN`; a full
//! scan of a table that grows with the archive fails the test.
//!
//! Without `ANALYZE` statistics (the site never gathers them) SQLite's planner does not
//! look at table sizes, so the plans here are the plans at 100,000 articles; `bench/`
//! measures the pages at both sizes (P10).

mod common;

use std::collections::BTreeSet;
use std::sync::Mutex;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

static STATEMENTS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Keeps the text of every statement sqlx logs.
struct Statements;

struct StatementField(Option<String>);

impl Visit for StatementField {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "db.statement" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "db.statement" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut field = StatementField(None);
            event.record(&mut field);
            if let Some(sql) = field.0 {
                STATEMENTS.lock().unwrap().insert(sql);
            }
        }
    }
}

/// Tables that grow with the archive and its readers; a scan of any other table (sections,
/// headlines) reads a few dozen rows.
const GROWING: [&str; 7] = [
    "articles",
    "comments",
    "article_tags",
    "tags",
    "users",
    "media",
    "sessions",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_query_behind_the_public_pages_uses_an_index() {
    let filter = tracing_subscriber::filter::Targets::new()
        .with_target("sqlx::query", tracing::Level::TRACE);
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry()
            .with(tracing_subscriber::Layer::with_filter(Statements, filter)),
    )
    .unwrap();

    let app = common::spawn_app().await;
    server::generate::generate(&app.pool, 500).await.unwrap();
    // What the pages show, in every variety: the article page with its comments, lists,
    // archives, feeds, search, and the sitemap.
    let newest = app.newest().await;
    let d = newest.date();
    let tag: String = sqlx::query_scalar(
        "SELECT t.slug FROM tags t JOIN article_tags at ON at.tag_id = t.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    STATEMENTS.lock().unwrap().clear();
    let pages = [
        "/".to_owned(),
        "/?page=2".to_owned(),
        newest.url(),
        format!("/category/{}", newest.section.slug),
        format!("/category/{}?page=3", newest.section.slug),
        format!("/tag/{tag}"),
        format!("/author/{}", newest.author.slug),
        format!("/{:04}", d.year()),
        format!("/{:04}/{:02}", d.year(), d.month()),
        format!("/{:04}/{:02}/{:02}", d.year(), d.month(), d.day()),
        "/search?q=rights".to_owned(),
        "/search?q=water+court&page=2".to_owned(),
        "/feed.xml".to_owned(),
        format!("/category/{}/feed.xml", newest.section.slug),
        "/atom.xml".to_owned(),
        "/sitemap.xml".to_owned(),
    ];
    for page in &pages {
        let (status, _) = app.get(page).await;
        assert_eq!(status, 200, "{page}");
    }
    let statements: Vec<String> = STATEMENTS.lock().unwrap().iter().cloned().collect();
    let selects: Vec<&String> = statements
        .iter()
        .filter(|s| {
            let s = s.trim_start().to_ascii_uppercase();
            s.starts_with("SELECT") || s.starts_with("WITH")
        })
        .collect();
    assert!(
        selects.len() >= 10,
        "the statement log was captured: {statements:#?}"
    );
    // The check itself finds a scan where there is one, and a sort of every row.
    let unindexed = "SELECT id FROM articles a WHERE a.excerpt = ?".to_owned();
    assert_eq!(
        scans_in(&app, &[&unindexed]).await.len(),
        1,
        "a query on an unindexed column is reported"
    );
    let sorts_all = "SELECT id FROM articles a WHERE a.status = 'published' \
                     ORDER BY (a.category_id = 3) DESC, a.published_at DESC LIMIT 4"
        .to_owned();
    assert_eq!(
        scans_in(&app, &[&sorts_all]).await.len(),
        1,
        "ranking every article to keep four is reported"
    );
    let scans = scans_in(&app, &selects).await;
    eprintln!(
        "query plans: {} distinct SELECTs behind {} pages, {} full scans",
        selects.len(),
        pages.len(),
        scans.len()
    );
    assert!(
        scans.is_empty(),
        "full scans in the public pages' queries:\n{}",
        scans.join("\n")
    );
}

/// The full scans of growing tables in the plans of `selects`.
async fn scans_in(app: &common::TestApp, selects: &[&String]) -> Vec<String> {
    let mut scans = Vec::new();
    for sql in selects {
        // Unbound parameters are NULL; the plan does not depend on them.
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .fetch_all(&app.pool)
                .await
                .unwrap_or_else(|e| panic!("{e}: {sql}"));
        // A growing table read in index order is fine when the LIMIT stops it early, not
        // when every row then goes through a sort.
        let sorted = plan
            .iter()
            .any(|(_, _, _, d)| d.starts_with("USE TEMP B-TREE FOR ORDER BY"));
        for (_, _, _, detail) in &plan {
            let table = full_scan(detail).or_else(|| index_scan(detail).filter(|_| sorted));
            if let Some(table) = table {
                if GROWING.contains(&table.as_str()) {
                    scans.push(format!("{detail}\n    in: {sql}"));
                }
            }
        }
    }
    scans
}

/// The table a plan line scans in full (`SCAN articles` or `SCAN a` for an alias), if it
/// does: a scan that uses an index or a virtual table's own index is not one.
fn full_scan(detail: &str) -> Option<String> {
    let rest = detail.strip_prefix("SCAN ")?;
    if rest.contains(" USING ") || rest.contains("VIRTUAL TABLE") || rest.starts_with("CONSTANT") {
        return None;
    }
    let name = rest.split_whitespace().next()?;
    Some(table_of(name))
}

/// The table a plan line reads whole through an index: `SCAN a USING INDEX ...`, or a
/// search of `articles_published` by status and an upper date bound alone, which every
/// visible article matches (a window like trending's, with a lower bound, is fine).
fn index_scan(detail: &str) -> Option<String> {
    let rest = detail
        .strip_prefix("SCAN ")
        .filter(|r| r.contains(" USING "))
        .or_else(|| {
            detail
                .strip_prefix("SEARCH ")
                .filter(|r| r.contains("INDEX articles_published ") && !r.contains("published_at>"))
        })?;
    let name = rest.split_whitespace().next()?;
    Some(table_of(name))
}

fn table_of(name: &str) -> String {
    TABLE_OF_ALIAS
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, table)| (*table).to_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// The aliases the queries give tables.
const TABLE_OF_ALIAS: [(&str, &str); 8] = [
    ("a", "articles"),
    ("c", "categories"),
    ("u", "users"),
    ("m", "media"),
    ("co", "comments"),
    ("at", "article_tags"),
    ("t", "tags"),
    ("x", "articles"),
];
