use crate::error::AppError;
use crate::model::{ArticleList, ArticlePage, FrontPage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Articles per page in every list.
pub const PER_PAGE: u32 = 12;

/// Anyone: a published article by its permalink date and slug, with what the page shows
/// around it (related, more in the section, previous/next, approved comments).
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "get_article")]
pub async fn get_article(
    year: i32,
    month: u32,
    day: u32,
    slug: String,
) -> Result<ArticlePage, AppError> {
    use crate::domain::{Date, Slug};
    let state = crate::state::app_state()?;
    let date = Date::new(year, month, day).ok_or(AppError::NotFound)?;
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let viewer = crate::auth::current_user().await?;
    if viewer.is_some() {
        crate::api::no_store();
    }
    let viewer = viewer.map(|u| (u.id, u.display_name));
    let page = ssr::article_page(
        &state.pool,
        &state.site_url,
        date,
        &slug,
        viewer,
        crate::db::now(),
    )
    .await?;
    crate::cache::public(ssr::cache_tags(&page));
    Ok(page)
}

/// Anyone: one page of published articles, newest first, filtered by section, tag, author
/// (slugs) and an inclusive date range (`YYYY-MM-DD`).
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "list_articles")]
pub async fn list_articles(
    section: Option<String>,
    tag: Option<String>,
    author: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u32>,
) -> Result<ArticleList, AppError> {
    let state = crate::state::app_state()?;
    let query = ssr::ListQuery::parse(section, tag, author, from, to, page)?;
    let tags = query.cache_tags();
    let list = ssr::article_list(&state.pool, query, crate::db::now()).await?;
    crate::cache::public(
        tags.into_iter()
            .chain(list.items.iter().map(|a| crate::cache::tag::article(a.id))),
    );
    Ok(list)
}

/// Anyone: the front page's latest articles and a block per section.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "get_front_page")]
pub async fn get_front_page() -> Result<FrontPage, AppError> {
    use crate::cache::tag;
    let state = crate::state::app_state()?;
    let page = ssr::front_page(&state.pool, crate::db::now()).await?;
    let shown = page
        .latest
        .iter()
        .chain(page.sections.iter().flat_map(|s| &s.articles));
    crate::cache::public(
        [tag::NEWEST.to_owned()]
            .into_iter()
            .chain(shown.map(|a| tag::article(a.id))),
    );
    Ok(page)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::PER_PAGE;
    use crate::db::{self, articles::ListFilter};
    use crate::domain::{Date, Slug, SECONDS_PER_DAY};
    use crate::error::AppError;
    use crate::model::{
        ArchiveKind, ArticleDetail, ArticleList, ArticlePage, FrontPage, SectionBlock,
    };
    use sqlx::SqlitePool;

    /// Articles in each section block of the front page.
    const PER_BLOCK: u32 = 3;

    pub async fn front_page(pool: &SqlitePool, now: i64) -> Result<FrontPage, AppError> {
        let latest =
            db::articles::list_published(pool, &ListFilter::default(), now, PER_PAGE, 0).await?;
        let shown: Vec<i64> = latest.iter().map(|a| a.id).collect();
        let mut sections = Vec::new();
        // One connection for the section blocks (see `article_page`).
        let mut conn = pool.acquire().await?;
        for section in db::taxonomy::sections(pool).await? {
            let articles = db::articles::newest_excluding(
                &mut conn,
                Some(&section.slug),
                &shown,
                now,
                PER_BLOCK,
            )
            .await?;
            if !articles.is_empty() {
                sections.push(SectionBlock { section, articles });
            }
        }
        Ok(FrontPage {
            latest,
            sections,
            now,
        })
    }

    /// Cards in "You May Like".
    const MAY_LIKE: u32 = 4;

    pub async fn article_page(
        pool: &SqlitePool,
        site_url: &str,
        date: Date,
        slug: &Slug,
        viewer: Option<(i64, String)>,
        now: i64,
    ) -> Result<ArticlePage, AppError> {
        // One connection for the page's reads: each statement is a round trip to its
        // thread, and each connection taken from the pool and given back is two more.
        let mut conn = pool.acquire().await?;
        let article = db::articles::find_published(&mut conn, slug.as_str(), date.timestamp(), now)
            .await?
            .ok_or(AppError::NotFound)?;
        let (id, at) = (article.summary.id, article.summary.published_at);
        let related = db::articles::related(&mut conn, id, now, 4).await?;
        let mut shown: Vec<i64> = related.iter().map(|a| a.id).collect();
        shown.push(id);
        let section = article.summary.section.slug.as_str();
        let mut more_in_section =
            db::articles::newest_excluding(&mut conn, Some(section), &shown, now, MAY_LIKE).await?;
        // A small section: top up with the newest from elsewhere, so the block is never empty.
        if more_in_section.len() < MAY_LIKE as usize {
            shown.extend(more_in_section.iter().map(|a| a.id));
            let missing = MAY_LIKE - more_in_section.len() as u32;
            more_in_section.extend(
                db::articles::newest_excluding(&mut conn, None, &shown, now, missing).await?,
            );
        }
        Ok(ArticlePage {
            previous: db::articles::neighbour(&mut conn, at, id, true, now).await?,
            next: db::articles::neighbour(&mut conn, at, id, false, now).await?,
            thread: db::comments::thread(&mut conn, id, article.comments_open, viewer, now).await?,
            json_ld: json_ld(site_url, &article),
            site_url: site_url.to_owned(),
            article,
            related,
            more_in_section,
            now,
        })
    }

    /// What an article page shows: the article, its cards and neighbours, and the newest of
    /// its section and tags (which the "You might want to read" blocks choose from).
    pub fn cache_tags(page: &ArticlePage) -> Vec<String> {
        use crate::cache::tag;
        let a = &page.article;
        let shown = page
            .related
            .iter()
            .chain(&page.more_in_section)
            .chain(&page.previous)
            .chain(&page.next)
            .chain(std::iter::once(&a.summary));
        shown
            .map(|s| tag::article(s.id))
            .chain([tag::section(&a.summary.section.slug)])
            .chain(a.tags.iter().map(|t| tag::tag(&t.slug)))
            .collect()
    }

    /// NewsArticle for search engines (the breadcrumbs add their own BreadcrumbList), escaped for a `<script>` element.
    fn json_ld(site_url: &str, article: &ArticleDetail) -> String {
        use crate::domain::iso_datetime;
        let a = &article.summary;
        let value = serde_json::json!(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": a.title,
                "description": a.excerpt,
                "datePublished": iso_datetime(a.published_at),
                "dateModified": iso_datetime(article.updated_at),
                "author": [{ "@type": "Person", "name": a.author.name,
                             "url": format!("{site_url}{}", a.author.url()) }],
                "articleSection": a.section.name,
                "keywords": article.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
                "image": a.image.as_ref().map(|i| format!("{site_url}{}", i.url)),
                "mainEntityOfPage": format!("{site_url}{}", a.url()),
            }
        );
        crate::domain::script_json(&value)
    }

    /// A validated list request.
    pub struct ListQuery {
        filter: ListFilter,
        subject: Option<(ArchiveKind, String)>,
        page: u32,
    }

    fn slug_arg(field: &str, value: Option<String>) -> Result<Option<String>, AppError> {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                Slug::parse(&v)
                    .map(|s| s.as_str().to_owned())
                    .ok_or_else(|| {
                        AppError::validation(field, format!("“{field}” is not a valid slug."))
                    })
            })
            .transpose()
    }

    fn date_arg(field: &str, value: Option<String>) -> Result<Option<Date>, AppError> {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                Date::parse_iso(&v).ok_or_else(|| {
                    AppError::validation(
                        field,
                        format!("“{field}” must be a date like 2024-05-31."),
                    )
                })
            })
            .transpose()
    }

    impl ListQuery {
        /// The page-cache tags of this list (see `crate::cache::tag`).
        pub fn cache_tags(&self) -> Vec<String> {
            use crate::cache::tag;
            let f = &self.filter;
            let mut tags: Vec<String> = [
                f.section.as_deref().map(tag::section),
                f.tag.as_deref().map(tag::tag),
                f.author.as_deref().map(tag::author),
            ]
            .into_iter()
            .flatten()
            .collect();
            match (f.from, f.until) {
                (Some(from), Some(until)) if until > from => {
                    let first = Date::from_timestamp(from).year();
                    let last = Date::from_timestamp(until - 1).year();
                    tags.extend((first..=last.min(first + 10)).map(tag::year));
                }
                (None, None) => {}
                _ => tags.push(tag::NEWEST.to_owned()),
            }
            if tags.is_empty() {
                tags.push(tag::NEWEST.to_owned());
            }
            tags
        }

        pub fn parse(
            section: Option<String>,
            tag: Option<String>,
            author: Option<String>,
            from: Option<String>,
            to: Option<String>,
            page: Option<u32>,
        ) -> Result<Self, AppError> {
            let page = page.unwrap_or(1);
            if !(1..=100_000).contains(&page) {
                return Err(AppError::validation("page", "Pages are numbered from 1."));
            }
            let filter = ListFilter {
                section: slug_arg("section", section)?,
                tag: slug_arg("tag", tag)?,
                author: slug_arg("author", author)?,
                from: date_arg("from", from)?.map(Date::timestamp),
                until: date_arg("to", to)?.map(|d| d.timestamp() + SECONDS_PER_DAY),
            };
            let subject = [
                (ArchiveKind::Section, &filter.section),
                (ArchiveKind::Tag, &filter.tag),
                (ArchiveKind::Author, &filter.author),
            ]
            .into_iter()
            .find_map(|(kind, slug)| slug.clone().map(|s| (kind, s)));
            Ok(Self {
                filter,
                subject,
                page,
            })
        }
    }

    pub async fn article_list(
        pool: &SqlitePool,
        query: ListQuery,
        now: i64,
    ) -> Result<ArticleList, AppError> {
        let subject = match &query.subject {
            Some((kind, slug)) => Some(
                db::articles::archive_subject(pool, *kind, slug)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let offset = u64::from(query.page - 1) * u64::from(PER_PAGE);
        let total = db::articles::count_published(pool, &query.filter, now).await?;
        let items =
            db::articles::list_published(pool, &query.filter, now, PER_PAGE, offset).await?;
        let total_pages = total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
        if query.page > total_pages {
            return Err(AppError::NotFound);
        }
        Ok(ArticleList {
            items,
            page: query.page,
            total_pages,
            total,
            subject,
            now,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The fixture's clock: 2026-06-01 00:00:00 UTC.
        const NOW: i64 = 1_780_272_000;

        #[sqlx::test(
            migrator = "crate::db::MIGRATOR",
            fixtures(path = "../db/fixtures", scripts("content"))
        )]
        async fn you_may_like_is_the_section_minus_related_topped_up(pool: SqlitePool) {
            // Two more untagged news articles: zeta (newest of all) and eta.
            sqlx::query(
                "INSERT INTO articles (id, slug, title, excerpt, body_md, body_html, status, \
                 published_at, created_at, updated_at, author_id, category_id) VALUES \
                 (8, 'zeta', 'Zeta', '', '', '', 'published', 1779500000, 0, 0, 1, 1), \
                 (9, 'eta', 'Eta', '', '', '', 'published', 1779000000, 0, 0, 2, 1)",
            )
            .execute(&pool)
            .await
            .unwrap();
            // Gamma (news; asylum, borders). Related: alpha (2 shared tags), beta (1), then
            // news before other sections, newest first: zeta, epsilon. You May Like: the
            // news left over (eta), topped up from elsewhere with the newest unseen (delta).
            let gamma = Date::from_timestamp(1_775_037_600);
            let slug = Slug::parse("gamma").unwrap();
            let page = article_page(&pool, "https://x.org", gamma, &slug, None, NOW)
                .await
                .unwrap();
            let slugs = |list: &[crate::model::ArticleSummary]| {
                list.iter().map(|a| a.slug.clone()).collect::<Vec<_>>()
            };
            assert_eq!(slugs(&page.related), ["alpha", "beta", "zeta", "epsilon"]);
            assert_eq!(slugs(&page.more_in_section), ["eta", "delta"]);
            assert_eq!(page.previous.map(|a| a.slug).as_deref(), Some("beta"));
            assert_eq!(page.next.map(|a| a.slug).as_deref(), Some("delta"));
        }
    }
}
