//! Reading articles as readers see them: published, and not in the future.

use crate::model::{
    ArchiveKind, ArchiveSubject, ArticleDetail, ArticleSummary, Image, PersonRef, SectionRef,
    TagRef,
};
use sqlx::{
    sqlite::SqliteRow, AssertSqlSafe, QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool,
};

/// Columns of a summary; every query below selects them under these names.
pub(super) const SUMMARY_COLUMNS: &str = "a.id, a.slug, a.title, a.excerpt, a.published_at, \
     u.display_name AS author_name, u.slug AS author_slug, \
     c.name AS section_name, c.slug AS section_slug, \
     m.file_name AS image_file, m.alt AS image_alt, m.width AS image_width, \
     m.height AS image_height, \
     (SELECT COUNT(*) FROM comments co WHERE co.article_id = a.id \
      AND co.status = 'approved') AS comment_count";

/// The joins those columns come from, after `articles a`.
pub(super) const SUMMARY_JOINS: &str = "JOIN users u ON u.id = a.author_id \
     JOIN categories c ON c.id = a.category_id \
     LEFT JOIN media m ON m.id = a.featured_media_id";

fn summary_select() -> QueryBuilder<Sqlite> {
    let mut qb = QueryBuilder::new("SELECT ");
    qb.push(SUMMARY_COLUMNS)
        .push(" ")
        .push("FROM articles a ")
        .push(SUMMARY_JOINS);
    qb
}

/// The condition that makes an article visible to readers at `now` (bound as `?`).
const VISIBLE: &str = "a.status = 'published' AND a.published_at <= ?";

pub(super) fn summary_from_row(row: &SqliteRow) -> Result<ArticleSummary, sqlx::Error> {
    let image = match row.try_get::<Option<String>, _>("image_file")? {
        Some(file) => Some(Image {
            url: format!("/media/{file}"),
            alt: row.try_get("image_alt")?,
            width: row.try_get("image_width")?,
            height: row.try_get("image_height")?,
        }),
        None => None,
    };
    Ok(ArticleSummary {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        excerpt: row.try_get("excerpt")?,
        published_at: row.try_get("published_at")?,
        author: PersonRef {
            name: row.try_get("author_name")?,
            slug: row.try_get("author_slug")?,
        },
        section: SectionRef {
            name: row.try_get("section_name")?,
            slug: row.try_get("section_slug")?,
        },
        image,
        comments: row.try_get::<i64, _>("comment_count")? as u32,
    })
}

fn summaries(rows: Vec<SqliteRow>) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    rows.iter().map(summary_from_row).collect()
}

/// The permalink of a published article, by id.
pub async fn permalink(pool: &SqlitePool, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT slug, published_at FROM articles WHERE id = ? AND status = 'published' \
         AND published_at IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(slug, at)| format!("{}/{slug}", crate::domain::Date::from_timestamp(at).path())))
}

/// What public pages show a live article: its own page and its section, tag, author, year
/// and front-page lists, and the pages of its previous and next articles (which link to
/// it). Tags as in `crate::cache::tag`; empty when readers cannot see the article.
pub async fn public_pages_of(
    pool: &SqlitePool,
    id: i64,
    now: i64,
) -> Result<Vec<String>, sqlx::Error> {
    use crate::cache::tag;
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles a {SUMMARY_JOINS} WHERE a.id = ? AND {VISIBLE}"
    );
    // Built only from constant fragments; values are bound.
    let Some(row) = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .bind(now)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(Vec::new());
    };
    let article = summary_from_row(&row)?;
    let tag_slugs: Vec<String> = sqlx::query_scalar(
        "SELECT t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ?",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut tags = vec![
        tag::article(id),
        tag::NEWEST.to_owned(),
        tag::section(&article.section.slug),
        tag::author(&article.author.slug),
        tag::year(article.date().year()),
    ];
    tags.extend(tag_slugs.iter().map(|t| tag::tag(t)));
    let mut conn = pool.acquire().await?;
    for older in [true, false] {
        if let Some(n) = neighbour(&mut conn, article.published_at, id, older, now).await? {
            tags.push(tag::article(n.id));
        }
    }
    Ok(tags)
}

/// A published article by slug whose publication falls in `[day_start, day_start + 1 day)`.
pub async fn find_published(
    conn: &mut SqliteConnection,
    slug: &str,
    day_start: i64,
    now: i64,
) -> Result<Option<ArticleDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, a.body_html, a.updated_at, a.comments_open, \
         m.caption AS image_caption, m.credit AS image_credit FROM articles a {SUMMARY_JOINS} \
         WHERE a.slug = ? AND a.published_at >= ? AND a.published_at < ? AND {VISIBLE}"
    );
    // Built only from the constant fragments above; values are bound.
    let Some(row) = sqlx::query(AssertSqlSafe(sql))
        .bind(slug)
        .bind(day_start)
        .bind(day_start + crate::domain::SECONDS_PER_DAY)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let summary = summary_from_row(&row)?;
    let tags = tags_of(&mut *conn, summary.id).await?;
    Ok(Some(ArticleDetail {
        body_html: row.try_get("body_html")?,
        updated_at: row.try_get("updated_at")?,
        comments_open: row.try_get("comments_open")?,
        image_caption: row
            .try_get::<Option<String>, _>("image_caption")?
            .unwrap_or_default(),
        image_credit: row
            .try_get::<Option<String>, _>("image_credit")?
            .unwrap_or_default(),
        tags,
        summary,
    }))
}

pub async fn tags_of(
    conn: &mut SqliteConnection,
    article_id: i64,
) -> Result<Vec<TagRef>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT t.name, t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id \
         WHERE at.article_id = ? ORDER BY t.name",
    )
    .bind(article_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TagRef {
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
            })
        })
        .collect()
}

/// Filters for article lists; `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub section: Option<String>,
    pub tag: Option<String>,
    pub author: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
}

fn push_filter(qb: &mut QueryBuilder<Sqlite>, filter: &ListFilter, now: i64) {
    qb.push(" WHERE a.status = 'published' AND a.published_at <= ")
        .push_bind(now);
    // Subqueries rather than conditions on the joined tables, so a count needs no joins and
    // the (category_id | author_id, status, published_at) indexes serve the filter.
    if let Some(section) = &filter.section {
        qb.push(" AND a.category_id = (SELECT id FROM categories WHERE slug = ")
            .push_bind(section.clone())
            .push(")");
    }
    if let Some(author) = &filter.author {
        qb.push(" AND a.author_id = (SELECT id FROM users WHERE slug = ")
            .push_bind(author.clone())
            .push(")");
    }
    if let Some(tag) = &filter.tag {
        qb.push(
            " AND a.id IN (SELECT at.article_id FROM article_tags at \
             JOIN tags t ON t.id = at.tag_id WHERE t.slug = ",
        )
        .push_bind(tag.clone())
        .push(")");
    }
    if let Some(from) = filter.from {
        qb.push(" AND a.published_at >= ").push_bind(from);
    }
    if let Some(until) = filter.until {
        qb.push(" AND a.published_at < ").push_bind(until);
    }
}

/// How many visible articles match (for an archive's page count). It reads every match's
/// index entry: 5 ms for the whole archive at 100,000 articles, so only archives ask.
pub async fn count_published(
    pool: &SqlitePool,
    filter: &ListFilter,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM articles a");
    push_filter(&mut count, filter, now);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    Ok(total as u64)
}

/// One page of visible articles, newest first.
pub async fn list_published(
    pool: &SqlitePool,
    filter: &ListFilter,
    now: i64,
    limit: u32,
    offset: u64,
) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    let mut qb = summary_select();
    push_filter(&mut qb, filter, now);
    qb.push(" ORDER BY a.published_at DESC, a.id DESC LIMIT +")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(offset as i64);
    let rows = qb.build().fetch_all(pool).await?;
    summaries(rows)
}

/// An article as a feed carries it: in full.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub summary: ArticleSummary,
    pub body_html: String,
    pub updated_at: i64,
}

/// The newest visible articles matching `filter`, with their bodies, for RSS and Atom.
pub async fn feed_entries(
    pool: &SqlitePool,
    filter: &ListFilter,
    now: i64,
    limit: u32,
) -> Result<Vec<FeedEntry>, sqlx::Error> {
    let mut qb = QueryBuilder::<Sqlite>::new("SELECT ");
    qb.push(SUMMARY_COLUMNS)
        .push(", a.body_html, a.updated_at FROM articles a ")
        .push(SUMMARY_JOINS);
    push_filter(&mut qb, filter, now);
    qb.push(" ORDER BY a.published_at DESC, a.id DESC LIMIT +")
        .push_bind(i64::from(limit));
    let rows = qb.build().fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(FeedEntry {
                summary: summary_from_row(row)?,
                body_html: row.try_get("body_html")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .collect()
}

/// Related articles: most shared tags first, then same section, then newest; never itself.
pub async fn related(
    conn: &mut SqliteConnection,
    article_id: i64,
    now: i64,
    limit: u32,
) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    // Articles sharing tags, found through the tag index (not by ranking every article):
    // among the newest RELATED_PER_TAG articles of each of its tags, so the work stays the
    // same however many articles a tag has. Then, if that is not enough, the section's
    // newest and the site's newest.
    let sql = format!(
        "WITH mine AS (SELECT m.tag_id, coalesce((SELECT x.article_id FROM article_tags x \
                         WHERE x.tag_id = m.tag_id ORDER BY x.article_id DESC \
                         LIMIT 1 OFFSET {RELATED_PER_TAG}), 0) AS floor \
                       FROM article_tags m WHERE m.article_id = ?1), \
              shared AS (SELECT at.article_id AS id, COUNT(*) AS shared \
                         FROM mine CROSS JOIN article_tags at \
                         ON at.tag_id = mine.tag_id AND at.article_id > mine.floor \
                         WHERE at.article_id <> ?1 GROUP BY at.article_id) \
         SELECT {SUMMARY_COLUMNS} FROM shared s CROSS JOIN articles a ON a.id = s.id {SUMMARY_JOINS} \
         WHERE a.status = 'published' AND a.published_at <= ?2 \
         ORDER BY s.shared DESC, \
                  (a.category_id = (SELECT category_id FROM articles WHERE id = ?1)) DESC, \
                  a.published_at DESC, a.id DESC \
         LIMIT +?3"
    );
    // Built only from the constant fragments above; values are bound.
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(article_id)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await?;
    let mut found = summaries(rows)?;
    if found.len() < limit as usize {
        let section: Option<String> = sqlx::query_scalar(
            "SELECT c.slug FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = ?",
        )
        .bind(article_id)
        .fetch_optional(&mut *conn)
        .await?;
        for section in [section, None] {
            let missing = limit - found.len() as u32;
            if missing == 0 {
                break;
            }
            let mut shown: Vec<i64> = found.iter().map(|a| a.id).collect();
            shown.push(article_id);
            found.extend(
                newest_excluding(&mut *conn, section.as_deref(), &shown, now, missing).await?,
            );
        }
    }
    Ok(found)
}

/// How many of each tag's newest articles are candidates for "related".
const RELATED_PER_TAG: u32 = 200;

/// Newest articles in a section (or in any section), leaving out the ids given.
pub async fn newest_excluding(
    conn: &mut SqliteConnection,
    section_slug: Option<&str>,
    exclude: &[i64],
    now: i64,
    limit: u32,
) -> Result<Vec<ArticleSummary>, sqlx::Error> {
    let mut qb = summary_select();
    push_filter(
        &mut qb,
        &ListFilter {
            section: section_slug.map(str::to_owned),
            ..Default::default()
        },
        now,
    );
    if !exclude.is_empty() {
        qb.push(" AND a.id NOT IN (");
        let mut ids = qb.separated(", ");
        for id in exclude {
            ids.push_bind(*id);
        }
        qb.push(")");
    }
    qb.push(" ORDER BY a.published_at DESC, a.id DESC LIMIT +")
        .push_bind(i64::from(limit));
    summaries(qb.build().fetch_all(&mut *conn).await?)
}

/// The visible article published just before (`older = true`) or after this one.
pub async fn neighbour(
    conn: &mut SqliteConnection,
    published_at: i64,
    id: i64,
    older: bool,
    now: i64,
) -> Result<Option<ArticleSummary>, sqlx::Error> {
    let (cmp, order) = if older { ("<", "DESC") } else { (">", "ASC") };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles a {SUMMARY_JOINS} WHERE {VISIBLE} \
         AND (a.published_at, a.id) {cmp} (?, ?) \
         ORDER BY a.published_at {order}, a.id {order} LIMIT 1"
    );
    // Built only from the constant fragments above; values are bound.
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(now)
        .bind(published_at)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(summary_from_row).transpose()
}

/// The name and description of a section, tag or author, for an archive heading.
pub async fn archive_subject(
    pool: &SqlitePool,
    kind: ArchiveKind,
    slug: &str,
) -> Result<Option<ArchiveSubject>, sqlx::Error> {
    let sql = match kind {
        ArchiveKind::Section => "SELECT name, description FROM categories WHERE slug = ?",
        ArchiveKind::Tag => "SELECT name, '' AS description FROM tags WHERE slug = ?",
        ArchiveKind::Author => {
            "SELECT display_name AS name, bio AS description FROM users \
             WHERE slug = ? AND role <> 'reader'"
        }
    };
    let row = sqlx::query(sql).bind(slug).fetch_optional(pool).await?;
    row.map(|r| {
        Ok(ArchiveSubject {
            kind,
            name: r.try_get("name")?,
            slug: slug.to_owned(),
            description: r.try_get("description")?,
        })
    })
    .transpose()
}

/// A visible article's permalink parts and last change, for the sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapEntry {
    pub slug: String,
    pub published_at: i64,
    pub updated_at: i64,
}

/// Every visible article, newest first.
pub async fn sitemap_entries(
    pool: &SqlitePool,
    now: i64,
) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.slug, a.published_at, a.updated_at FROM articles a \
         WHERE a.status = 'published' AND a.published_at <= ? \
         ORDER BY a.published_at DESC, a.id DESC",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SitemapEntry {
                slug: r.try_get("slug")?,
                published_at: r.try_get("published_at")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
}

/// Slugs of the tags and authors that have at least one visible article.
pub async fn archive_slugs(
    pool: &SqlitePool,
    now: i64,
) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let tags = sqlx::query_scalar(
        "SELECT DISTINCT t.slug FROM tags t JOIN article_tags at ON at.tag_id = t.id \
         JOIN articles a ON a.id = at.article_id \
         WHERE a.status = 'published' AND a.published_at <= ? ORDER BY t.slug",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    let authors = sqlx::query_scalar(
        "SELECT DISTINCT u.slug FROM users u JOIN articles a ON a.author_id = u.id \
         WHERE a.status = 'published' AND a.published_at <= ? ORDER BY u.slug",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    Ok((tags, authors))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture's clock: 2026-06-01 00:00:00 UTC.
    const NOW: i64 = 1_780_272_000;

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn drafts_and_future_articles_are_invisible(pool: SqlitePool) {
        let items = list_published(&pool, &ListFilter::default(), NOW, 50, 0)
            .await
            .unwrap();
        let total = count_published(&pool, &ListFilter::default(), NOW)
            .await
            .unwrap();
        let slugs: Vec<_> = items.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(total, 5);
        assert_eq!(slugs, ["epsilon", "delta", "gamma", "beta", "alpha"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn lists_filter_by_section_tag_author_and_dates(pool: SqlitePool) {
        let by = |filter: ListFilter| {
            let pool = pool.clone();
            async move {
                let items = list_published(&pool, &filter, NOW, 50, 0).await.unwrap();
                items.into_iter().map(|a| a.slug).collect::<Vec<_>>()
            }
        };
        let section = ListFilter {
            section: Some("health".into()),
            ..Default::default()
        };
        assert_eq!(by(section).await, ["delta", "beta"]);
        let tag = ListFilter {
            tag: Some("asylum".into()),
            ..Default::default()
        };
        assert_eq!(by(tag).await, ["gamma", "beta", "alpha"]);
        let author = ListFilter {
            author: Some("ana-ruiz".into()),
            ..Default::default()
        };
        assert_eq!(by(author).await, ["epsilon", "gamma", "alpha"]);
        // 2026-01-01 up to (not including) 2026-03-01.
        let dates = ListFilter {
            from: Some(1_767_225_600),
            until: Some(1_772_323_200),
            ..Default::default()
        };
        assert_eq!(by(dates).await, ["beta", "alpha"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn feeds_carry_the_newest_visible_articles_in_full(pool: SqlitePool) {
        let tag = ListFilter {
            tag: Some("borders".into()),
            ..Default::default()
        };
        let entries = feed_entries(&pool, &tag, NOW, 20).await.unwrap();
        let got: Vec<_> = entries
            .iter()
            .map(|e| (e.summary.slug.as_str(), e.body_html.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("gamma", "<p>Gamma body</p>"),
                ("alpha", "<p>Alpha body</p>")
            ]
        );
        assert_eq!(
            feed_entries(&pool, &ListFilter::default(), NOW, 2)
                .await
                .unwrap()
                .len(),
            2
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn summaries_count_only_approved_comments(pool: SqlitePool) {
        // Alpha has two approved comments, one pending and one spam; the others none.
        let items = list_published(&pool, &ListFilter::default(), NOW, 50, 0)
            .await
            .unwrap();
        let counts: Vec<_> = items
            .iter()
            .map(|a| (a.slug.as_str(), a.comments))
            .collect();
        assert_eq!(
            counts,
            [
                ("epsilon", 0),
                ("delta", 0),
                ("gamma", 0),
                ("beta", 0),
                ("alpha", 2)
            ]
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn pages_are_offsets_into_the_newest_first_order(pool: SqlitePool) {
        let page2 = list_published(&pool, &ListFilter::default(), NOW, 2, 2)
            .await
            .unwrap();
        let slugs: Vec<_> = page2.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["gamma", "beta"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn an_article_is_found_only_on_its_own_day(pool: SqlitePool) {
        // alpha: 2026-01-10 09:00 UTC.
        let day = 1_768_003_200;
        let found = find_published(&mut pool.acquire().await.unwrap(), "alpha", day, NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.summary.title, "Alpha");
        let tags: Vec<_> = found.tags.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(tags, ["asylum", "borders"]);
        assert!(find_published(
            &mut pool.acquire().await.unwrap(),
            "alpha",
            day + 86_400,
            NOW
        )
        .await
        .unwrap()
        .is_none());
        assert!(
            find_published(&mut pool.acquire().await.unwrap(), "draft-one", day, NOW)
                .await
                .unwrap()
                .is_none()
        );
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn related_ranks_shared_tags_then_section_then_recency(pool: SqlitePool) {
        // alpha has tags asylum+borders. gamma shares both, beta shares one (asylum),
        // then nobody shares a tag: epsilon is in alpha's section (news), delta is not.
        let related = related(&mut pool.acquire().await.unwrap(), 1, NOW, 10)
            .await
            .unwrap();
        let slugs: Vec<_> = related.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["gamma", "beta", "epsilon", "delta"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn neighbours_are_the_adjacent_visible_articles(pool: SqlitePool) {
        // gamma (id 3) sits between beta and delta.
        let gamma = find_published(
            &mut pool.acquire().await.unwrap(),
            "gamma",
            1_775_001_600,
            NOW,
        )
        .await
        .unwrap()
        .unwrap();
        let at = gamma.summary.published_at;
        let older = neighbour(&mut pool.acquire().await.unwrap(), at, 3, true, NOW)
            .await
            .unwrap()
            .unwrap();
        let newer = neighbour(&mut pool.acquire().await.unwrap(), at, 3, false, NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (older.slug.as_str(), newer.slug.as_str()),
            ("beta", "delta")
        );
        let eps = neighbour(
            &mut pool.acquire().await.unwrap(),
            1_779_264_000,
            5,
            false,
            NOW,
        )
        .await
        .unwrap();
        assert!(eps.is_none(), "the future article must not be next");
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn newest_excluding_leaves_out_what_is_excluded(pool: SqlitePool) {
        let items = newest_excluding(
            &mut pool.acquire().await.unwrap(),
            Some("health"),
            &[4],
            NOW,
            4,
        )
        .await
        .unwrap();
        let slugs: Vec<_> = items.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["beta"]);
        let any = newest_excluding(&mut pool.acquire().await.unwrap(), None, &[5, 3], NOW, 2)
            .await
            .unwrap();
        let slugs: Vec<_> = any.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["delta", "beta"]);
    }

    #[sqlx::test(migrator = "crate::db::MIGRATOR", fixtures("content"))]
    async fn the_sitemap_lists_only_visible_articles_and_their_archives(pool: SqlitePool) {
        let entries = sitemap_entries(&pool, NOW).await.unwrap();
        let slugs: Vec<_> = entries.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(slugs, ["epsilon", "delta", "gamma", "beta", "alpha"]);
        let (tags, authors) = archive_slugs(&pool, NOW).await.unwrap();
        assert_eq!(tags, ["asylum", "borders", "vaccines"]);
        assert_eq!(authors, ["ana-ruiz", "tom-okafor"]);
    }
}
