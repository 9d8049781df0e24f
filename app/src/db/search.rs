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

/// bm25 weights for title, excerpt, body, tags.
const RANK: &str = "bm25(article_search, 10.0, 4.0, 1.0, 6.0)";

/// Visible articles matching `fts` (an expression made by `SearchQuery::to_fts`), best
/// first, and how many match in all.
pub async fn search(
    pool: &SqlitePool,
    fts: &str,
    now: i64,
    limit: u32,
    offset: u64,
) -> Result<(Vec<SearchHit>, u64), sqlx::Error> {
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM article_search s JOIN articles a ON a.id = s.rowid \
         WHERE article_search MATCH ? AND a.status = 'published' AND a.published_at <= ?",
    )
    .bind(fts)
    .bind(now)
    .fetch_one(pool)
    .await?;
    if total == 0 {
        return Ok((Vec::new(), 0));
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, \
           highlight(article_search, 0, ?1, ?2) AS title_marked, \
           snippet(article_search, 2, ?1, ?2, '…', ?3) AS body_snippet, \
           highlight(article_search, 1, ?1, ?2) AS excerpt_marked \
         FROM article_search JOIN articles a ON a.id = article_search.rowid {SUMMARY_JOINS} \
         WHERE article_search MATCH ?4 AND a.status = 'published' AND a.published_at <= ?5 \
         ORDER BY {RANK}, a.published_at DESC, a.id DESC LIMIT ?6 OFFSET ?7"
    );
    // Built only from the constant fragments above; values are bound.
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(OPEN.to_string())
        .bind(CLOSE.to_string())
        .bind(SNIPPET_TOKENS)
        .bind(fts)
        .bind(now)
        .bind(i64::from(limit))
        .bind(offset as i64)
        .fetch_all(pool)
        .await?;
    let hits = rows
        .iter()
        .map(|row| {
            let body: String = row.try_get("body_snippet")?;
            let excerpt: String = row.try_get("excerpt_marked")?;
            // The body's snippet when the body matched, otherwise the excerpt.
            let snippet = if body.contains(OPEN) || excerpt.is_empty() {
                body
            } else {
                excerpt
            };
            Ok(SearchHit {
                article: summary_from_row(row)?,
                title: fragments(&row.try_get::<String, _>("title_marked")?),
                snippet: fragments(&snippet),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((hits, total as u64))
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

    async fn slugs(pool: &SqlitePool, input: &str) -> Vec<String> {
        let q = SearchQuery::parse(input).expect("searchable");
        let (hits, total) = search(pool, &q.to_fts(), NOW, 50, 0).await.unwrap();
        assert_eq!(total as usize, hits.len());
        hits.into_iter().map(|h| h.article.slug).collect()
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
        sqlx::query("UPDATE articles SET body_md = 'Nothing about alpha here, alpha again' WHERE slug = 'delta'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(slugs(&pool, "alpha").await, ["alpha", "delta"]);
        let q = SearchQuery::parse("alpha").unwrap();
        let (hits, _) = search(&pool, &q.to_fts(), NOW, 50, 0).await.unwrap();
        assert!(hits[0].title.iter().any(|f| f.mark && f.text == "Alpha"));
        assert!(hits[1].snippet.iter().any(|f| f.mark && f.text == "alpha"));
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn the_index_follows_edits_tags_and_deletes(pool: SqlitePool) {
        sqlx::query("UPDATE articles SET title = 'Water rights' WHERE slug = 'beta'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(slugs(&pool, "water").await, ["beta"]);
        sqlx::query("INSERT INTO article_tags (article_id, tag_id) VALUES (5, 3)")
            .execute(&pool)
            .await
            .unwrap();
        let mut vaccines = slugs(&pool, "vaccines").await;
        vaccines.sort();
        assert_eq!(vaccines, ["delta", "epsilon"]);
        sqlx::query("UPDATE tags SET name = 'immunisation' WHERE id = 3")
            .execute(&pool)
            .await
            .unwrap();
        assert!(slugs(&pool, "vaccines").await.is_empty());
        assert_eq!(slugs(&pool, "immunisation").await.len(), 2);
        sqlx::query("DELETE FROM article_tags WHERE article_id = 5 AND tag_id = 3")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(slugs(&pool, "immunisation").await, ["delta"]);
        sqlx::query("DELETE FROM articles WHERE slug = 'delta'")
            .execute(&pool)
            .await
            .unwrap();
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
                search(&pool, &q.to_fts(), NOW, 12, 0)
                    .await
                    .unwrap_or_else(|e| panic!("{input:?}: {e}"));
            }
        }
    }
}
