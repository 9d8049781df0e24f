use super::{dated, page_key, segments, Loading};
use crate::api::get_article;
use crate::components::{ArticleCard, Breadcrumbs, CommentSection, Crumb, ErrorView, TimeAgo};
use crate::domain::{iso_datetime, Date};
use crate::error::AppError;
use crate::model::{ArticleDetail, ArticlePage as Page, ArticleSummary};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

/// `/:yyyy/:mm/:dd/:slug`: one article and everything around it.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let location = use_location();
    let key = page_key(
        |path| dated(path, 4..=4),
        move || {
            let path = location.pathname.get();
            let segs = segments(&path);
            let seg = |i: usize| segs.get(i).map(|s| s.to_string());
            (seg(0), seg(1), seg(2), seg(3))
        },
    );
    // Never written into the page for hydration (only islands hydrate; a client-side
    // navigation calls the server function): the resource is made outside any island's
    // hydration, whatever else is rendering. In two full test runs of four, the article's
    // body was sent a second time in the hydration data (`the_article_body_is_sent_once`).
    let page = Owner::with_no_hydration(move || {
        Resource::new(
            move || key.get(),
            |(y, m, d, slug)| {
                // Boxed: see `App`.
                Box::pin(async move {
                    let (y, m, d, slug) = (
                        y.unwrap_or_default(),
                        m.unwrap_or_default(),
                        d.unwrap_or_default(),
                        slug.unwrap_or_default(),
                    );
                    let date = Date::from_segments(&y, &m, &d).ok_or(AppError::NotFound)?;
                    get_article(date.year(), date.month(), date.day(), slug).await
                })
            },
        )
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <ArticleView page /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ArticleView(page: Page) -> impl IntoView {
    let Page {
        article,
        related,
        more_in_section,
        previous,
        next,
        thread,
        now,
        site_url,
        json_ld,
    } = page;
    let a = article.summary.clone();
    let date = a.date();
    let url = a.url();
    let crumbs = vec![
        Crumb::link(date.year().to_string(), format!("/{:04}", date.year())),
        Crumb::link(
            date.month_name(),
            format!("/{:04}/{:02}", date.year(), date.month()),
        ),
        Crumb::link(date.day().to_string(), date.path()),
        Crumb::here(a.title.clone()),
    ];
    let tags = article.tags.clone();
    let tag_links = move || {
        tags.clone()
            .into_iter()
            .map(|t| {
                let href = t.url();
                view! { <li><a href=href rel="tag">{t.name}</a></li> }
            })
            .collect_view()
    };
    let canonical = format!("{site_url}{url}");
    let og_image = a.image.as_ref().map(|img| {
        view! {
            <Meta property="og:image" content=format!("{site_url}{}", img.url) />
            <Meta property="og:image:alt" content=img.alt.clone() />
        }
    });

    view! {
        <Title text=a.title.clone() />
        <Meta name="description" content=a.excerpt.clone() />
        <Meta name="author" content=a.author.name.clone() />
        <Link rel="canonical" href=canonical.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:site_name" content="Rights To All" />
        <Meta property="og:title" content=a.title.clone() />
        <Meta property="og:description" content=a.excerpt.clone() />
        <Meta property="og:url" content=canonical />
        {og_image}
        <Meta property="article:published_time" content=iso_datetime(a.published_at) />
        <Meta name="twitter:card" content="summary_large_image" />
        <script type="application/ld+json" inner_html=json_ld></script>
        <div class="wrap article-layout">
            <Breadcrumbs items=crumbs />
            <ArticleMain article=article.clone() now />

            <aside class="related" aria-labelledby="related-heading">
                <h2 id="related-heading">"You might want to read"</h2>
                <ul>
                    {related
                        .into_iter()
                        .map(|r| {
                            let href = r.url();
                            view! { <li><a href=href>{r.title}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </aside>

            <div class="filed-under">
                "In " <a href=a.section.url()>{a.section.name.clone()}</a>
                {(!article.tags.is_empty()).then(|| view! {
                    " · Tagged " <ul class="inline-tags">{tag_links.clone()}</ul>
                })}
            </div>

            <nav class="post-nav" aria-label="Post navigation">
                <NeighbourLink article=previous rel="prev" label="Previous article" />
                <NeighbourLink article=next rel="next" label="Next article" />
            </nav>

            <section class="comments" id="comments" aria-labelledby="comments-heading">
                <CommentSection thread article_url=url.clone() />
            </section>

            <section class="may-like" aria-labelledby="may-like-heading">
                <h2 id="may-like-heading">"You May Like"</h2>
                <div class="card-grid card-grid-4">
                    {more_in_section
                        .into_iter()
                        .map(|a| view! { <ArticleCard article=a now excerpt=false /> })
                        .collect_view()}
                </div>
            </section>
        </div>
    }
}

/// The article itself: section, title, byline, featured image, body and tags. Readers see
/// it on the article page; editors in the live preview and preview links.
#[component]
pub fn ArticleMain(article: ArticleDetail, now: i64) -> impl IntoView {
    let a = article.summary.clone();
    let figure = a.image.clone().map(|img| {
        let caption = article.image_caption.clone();
        let credit = article.image_credit.clone();
        view! {
            <figure class="featured">
                <img src=img.url alt=img.alt width=img.width height=img.height decoding="async" />
                <figcaption>
                    {(!caption.is_empty()).then(|| view! { <span class="caption">{caption}</span> })}
                    {(!credit.is_empty()).then(|| view! { <span class="credit">"Photo: " {credit}</span> })}
                </figcaption>
            </figure>
        }
    });
    let tags = article.tags.clone();
    let tag_links = move || {
        tags.clone()
            .into_iter()
            .map(|t| {
                let href = t.url();
                view! { <li><a href=href rel="tag">{t.name}</a></li> }
            })
            .collect_view()
    };
    view! {
        <article class="article" aria-labelledby="article-title">
            <header class="article-header">
                <p class="section-label">
                    <a href=a.section.url()>{a.section.name.clone()}</a>
                </p>
                <h1 id="article-title" class="article-title">{a.title.clone()}</h1>
                <p class="byline">
                    <TimeAgo at=a.published_at now />
                    " · by "
                    <a href=a.author.url() rel="author" class="author">{a.author.name.clone()}</a>
                    {(article.updated_at > a.published_at + 3_600)
                        .then(|| view! {
                            <span class="updated">
                                " · updated "
                                <time datetime=iso_datetime(article.updated_at)>
                                    {Date::from_timestamp(article.updated_at).long()}
                                </time>
                            </span>
                        })}
                </p>
            </header>
            {figure}
            // Sanitised (Markdown → ammonia) when the article was saved.
            <div class="article-body" inner_html=article.body_html.clone()></div>
            <ul class="tag-chips" aria-label="Tags">{tag_links}</ul>
        </article>
    }
}

#[component]
fn NeighbourLink(
    article: Option<ArticleSummary>,
    rel: &'static str,
    label: &'static str,
) -> impl IntoView {
    article.map(|a| {
        let href = a.url();
        view! {
            <a class=format!("post-nav-{rel}") rel=rel href=href>
                <span class="post-nav-label">{label}</span>
                <span class="post-nav-title">{a.title}</span>
            </a>
        }
    })
}
