//! Full-text search over visible articles (FTS5 table `article_search`, kept in step by
//! triggers; see the migration).

use super::articles::{summary_from_row, SUMMARY_COLUMNS, SUMMARY_JOINS};
use crate::model::{Fragment, SearchHit};
use sqlx::{AssertSqlSafe, Row, SqlitePool};

/// Private-use characters that bracket matched words in FTS5's highlight output; they are
/// turned into `Fragment`s here and never reach a page as text.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Tokens of context in a snippet.
const SNIPPET_TOKENS: i64 = 28;

/// One page of a search, and how many visible articles matched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// True when more articles matched than were ranked (`total` is then a lower bound).
    pub more: bool,
}

/// Visible articles matching `fts` (an expression made by `SearchQuery::to_fts`), best
/// first by bm25.
///
/// Ranking every match of a very common word costs a bm25 score per matching article
/// (hundreds of milliseconds at 100,000 articles), so only the newest `candidates`
/// matches (by id, i.e. creation order) are ranked; below that number the ranking is
/// exact. The FTS table always drives the query (`CROSS JOIN`): the planner would
/// otherwise walk every visible article and probe the index once for each.
pub async fn search(
    pool: &SqlitePool,
    fts: &str,
    now: i64,
    candidates: u32,
    limit: u32,
    offset: u64,
) -> Result<SearchPage, sqlx::Error> {
    const CANDIDATES: &str = "WITH cand AS (SELECT rowid AS id, \
         bm25(article_search, 10.0, 4.0, 1.0, 6.0) AS score FROM article_search \
         WHERE article_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2) ";
    let counts = sqlx::query(AssertSqlSafe(format!(
        "{CANDIDATES} SELECT (SELECT COUNT(*) FROM cand) AS matched, COUNT(*) AS visible \
         FROM cand CROSS JOIN articles a ON a.id = cand.id \
         WHERE a.status = 'published' AND a.published_at <= ?3"
    )))
    .bind(fts)
    .bind(i64::from(candidates))
    .bind(now)
    .fetch_one(pool)
    .await?;
    let matched: i64 = counts.try_get("matched")?;
    let total: i64 = counts.try_get("visible")?;
    let more = matched >= i64::from(candidates);
    if total == 0 {
        return Ok(SearchPage {
            hits: Vec::new(),
            total: 0,
            more,
        });
    }
    // Built only from the constant fragments above; values are bound.
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{CANDIDATES} SELECT {SUMMARY_COLUMNS} FROM cand CROSS JOIN articles a ON a.id = cand.id \
         {SUMMARY_JOINS} WHERE a.status = 'published' AND a.published_at <= ?3 \
         ORDER BY cand.score, a.published_at DESC, a.id DESC LIMIT +?4 OFFSET ?5"
    )))
    .bind(fts)
    .bind(i64::from(candidates))
    .bind(now)
    .bind(i64::from(limit))
    .bind(offset as i64)
    .fetch_all(pool)
    .await?;
    let articles = rows
        .iter()
        .map(summary_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let marks = highlights(
        pool,
        fts,
        &articles.iter().map(|a| a.id).collect::<Vec<_>>(),
    )
    .await?;
    let hits = articles
        .into_iter()
        .map(|article| {
            let (title, snippet) = marks.get(&article.id).cloned().unwrap_or_else(|| {
                let title = vec![Fragment {
                    text: article.title.clone(),
                    mark: false,
                }];
                let excerpt = vec![Fragment {
                    text: article.excerpt.clone(),
                    mark: false,
                }];
                (title, excerpt)
            });
            SearchHit {
                article,
                title,
                snippet,
            }
        })
        .collect();
    Ok(SearchPage {
        hits,
        total: total as u64,
        more,
    })
}

/// Titles and snippets with the matched words marked, for the articles on one page.
async fn highlights(
    pool: &SqlitePool,
    fts: &str,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, (Vec<Fragment>, Vec<Fragment>)>, sqlx::Error> {
    // ?1 and ?2 bracket matches, ?3 is the snippet length, ?4 the query, then the ids.
    let ids_list = (0..ids.len())
        .map(|i| format!("?{}", i + 5))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT rowid AS id, highlight(article_search, 0, ?1, ?2) AS title_marked, \
         snippet(article_search, 2, ?1, ?2, '…', ?3) AS body_snippet, \
         highlight(article_search, 1, ?1, ?2) AS excerpt_marked \
         FROM article_search WHERE article_search MATCH ?4 AND rowid IN ({ids_list})"
    );
    // Built only from numbered placeholders; values are bound.
    let mut query = sqlx::query(AssertSqlSafe(sql))
        .bind(OPEN.to_string())
        .bind(CLOSE.to_string())
        .bind(SNIPPET_TOKENS)
        .bind(fts.to_owned());
    for id in ids {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            let body: String = row.try_get("body_snippet")?;
            let excerpt: String = row.try_get("excerpt_marked")?;
            // The body's snippet when the body matched, otherwise the excerpt.
            let snippet = if body.contains(OPEN) || excerpt.is_empty() {
                body
            } else {
                excerpt
            };
            let title: String = row.try_get("title_marked")?;
            Ok((row.try_get("id")?, (fragments(&title), fragments(&snippet))))
        })
        .collect()
}

/// Splits FTS5 output with `OPEN`/`CLOSE` markers into plain and marked pieces.
fn fragments(marked: &str) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut mark = false;
    for (i, piece) in marked.split([OPEN, CLOSE]).enumerate() {
        if i > 0 {
            mark = !mark;
        }
        if !piece.is_empty() {
            out.push(Fragment {
                text: piece.to_owned(),
                mark,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SearchQuery;

    /// The fixture's clock: 2026-06-01 00:00:00 UTC.
    const NOW: i64 = 1_780_272_000;

    async fn exec(pool: &SqlitePool, sql: &'static str) {
        sqlx::query(sql).execute(pool).await.unwrap();
    }

    async fn slugs(pool: &SqlitePool, input: &str) -> Vec<String> {
        let q = SearchQuery::parse(input).expect("searchable");
        let page = search(pool, &q.to_fts(), NOW, 1_000, 50, 0).await.unwrap();
        assert_eq!(page.total as usize, page.hits.len());
        assert!(!page.more);
        page.hits.into_iter().map(|h| h.article.slug).collect()
    }

    #[test]
    fn markers_split_into_fragments() {
        let f = fragments("a \u{E000}b\u{E001} c \u{E000}d\u{E001}");
        let got: Vec<_> = f.iter().map(|f| (f.text.as_str(), f.mark)).collect();
        assert_eq!(
            got,
            [("a ", false), ("b", true), (" c ", false), ("d", true)]
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn finds_only_visible_articles_in_any_column(pool: SqlitePool) {
        // "body" is in every article's body, drafts and future ones included.
        assert_eq!(slugs(&pool, "body").await.len(), 5);
        // Title, excerpt and tag matches; "borders" is a tag of alpha, gamma (and the
        // invisible future and draft articles).
        assert_eq!(slugs(&pool, "gamma").await, ["gamma"]);
        let mut borders = slugs(&pool, "borders").await;
        borders.sort();
        assert_eq!(borders, ["alpha", "gamma"]);
        assert!(slugs(&pool, "unfinished").await.is_empty());
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn title_matches_rank_above_body_matches(pool: SqlitePool) {
        exec(&pool, "UPDATE articles SET body_md = 'Nothing about alpha here, alpha again' WHERE slug = 'delta'").await;
        assert_eq!(slugs(&pool, "alpha").await, ["alpha", "delta"]);
        let q = SearchQuery::parse("alpha").unwrap();
        let hits = search(&pool, &q.to_fts(), NOW, 1_000, 50, 0)
            .await
            .unwrap()
            .hits;
        assert!(hits[0].title.iter().any(|f| f.mark && f.text == "Alpha"));
        assert!(hits[1].snippet.iter().any(|f| f.mark && f.text == "alpha"));
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn the_index_follows_edits_tags_and_deletes(pool: SqlitePool) {
        exec(
            &pool,
            "UPDATE articles SET title = 'Water rights' WHERE slug = 'beta'",
        )
        .await;
        assert_eq!(slugs(&pool, "water").await, ["beta"]);
        exec(
            &pool,
            "INSERT INTO article_tags (article_id, tag_id) VALUES (5, 3)",
        )
        .await;
        let mut vaccines = slugs(&pool, "vaccines").await;
        vaccines.sort();
        assert_eq!(vaccines, ["delta", "epsilon"]);
        exec(&pool, "UPDATE tags SET name = 'immunisation' WHERE id = 3").await;
        assert!(slugs(&pool, "vaccines").await.is_empty());
        assert_eq!(slugs(&pool, "immunisation").await.len(), 2);
        exec(
            &pool,
            "DELETE FROM article_tags WHERE article_id = 5 AND tag_id = 3",
        )
        .await;
        assert_eq!(slugs(&pool, "immunisation").await, ["delta"]);
        exec(&pool, "DELETE FROM articles WHERE slug = 'delta'").await;
        assert!(slugs(&pool, "immunisation").await.is_empty());
        // A newly published article is found at once.
        sqlx::query(
            "INSERT INTO articles (slug, title, excerpt, body_md, body_html, status, published_at, \
             created_at, updated_at, author_id, category_id) VALUES ('zeta', 'Zeta', '', \
             'Fresh reporting on prisons', '', 'published', 1780000000, 0, 0, 1, 1)",
        )
        .execute(&pool)
        .await
        .unwrap();
        assert_eq!(slugs(&pool, "prison").await, ["zeta"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn only_the_newest_candidates_are_ranked_and_the_total_says_so(pool: SqlitePool) {
        // "body" matches all seven articles; five are visible. Ranking the newest four
        // (ids 7, 6, 5, 4) leaves two visible: epsilon and delta.
        let q = SearchQuery::parse("body").unwrap();
        let page = search(&pool, &q.to_fts(), NOW, 4, 50, 0).await.unwrap();
        assert!(page.more);
        assert_eq!(page.total, 2);
        let mut slugs: Vec<_> = page.hits.iter().map(|h| h.article.slug.as_str()).collect();
        slugs.sort();
        assert_eq!(slugs, ["delta", "epsilon"]);
        // Paging through the ranked candidates.
        let second = search(&pool, &q.to_fts(), NOW, 4, 1, 1).await.unwrap();
        assert_eq!(second.hits.len(), 1);
        assert_ne!(second.hits[0].article.slug, page.hits[0].article.slug);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn hostile_input_never_errors(pool: SqlitePool) {
        let inputs = [
            "\"",
            "a\"b",
            "NEAR(a b)",
            "a AND",
            "OR",
            "(((",
            ")",
            "*",
            "a*b*",
            "col:val",
            "-x",
            "+y",
            "^z",
            "NOT",
            "a NEAR/3 b",
            "\u{0}",
            "' OR 1=1 --",
            "🙂 emoji",
            "Ünïcödé",
            "日本語のテキスト",
        ];
        let long = "alpha ".repeat(2_000) + &"(\"*".repeat(1_000);
        for input in inputs.iter().copied().chain([long.as_str()]) {
            if let Some(q) = SearchQuery::parse(input) {
                search(&pool, &q.to_fts(), NOW, 1_000, 12, 0)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("{:?}: {e}", input.chars().take(40).collect::<String>())
                    });
            }
        }
    }
}
