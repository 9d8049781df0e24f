use super::{page_key, page_param, Loading};
use crate::api::search;
use crate::components::{ErrorView, PageMeta, Pagination, SearchForm, TimeAgo};
use crate::domain::encode_query_value;
use crate::model::{Fragment, SearchHit, SearchResults};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/search?q=…&page=…`: full-text search results, or the form on its own.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let key = page_key(
        |path| path == "/search",
        move || {
            let q = query.read();
            (q.get("q").unwrap_or_default(), q.get("page"))
        },
    );
    let results = Resource::new(
        move || key.get(),
        |(typed, page)| async move {
            let page = page_param(page)?;
            if typed.trim().is_empty() {
                return Ok((typed, None));
            }
            search(typed.clone(), page).await.map(|r| (typed, Some(r)))
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match results.await {
                    Ok((typed, results)) => view! { <SearchView typed results /> }.into_any(),
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SearchView(typed: String, results: Option<SearchResults>) -> impl IntoView {
    let searched = results
        .as_ref()
        .map(|r| r.query.clone())
        .unwrap_or_default();
    let (title, heading) = match &results {
        Some(r) if !r.query.is_empty() => {
            let page = if r.page > 1 {
                format!(" – page {}", r.page)
            } else {
                String::new()
            };
            (
                format!("Search: {}{page}", r.query),
                format!("Search results for “{}”", r.query),
            )
        }
        _ => ("Search".to_owned(), "Search".to_owned()),
    };
    let path = if searched.is_empty() {
        "/search".to_owned()
    } else {
        format!("/search?q={}", encode_query_value(&searched))
    };
    view! {
        <PageMeta
            title
            description="Search every article published by Rights To All."
            path
            noindex=true
        />
        <section class="wrap search-page" aria-labelledby="search-heading">
            <h1 id="search-heading">{heading}</h1>
            <SearchForm id="search-page-q" landmark="Search again" value=typed visible_label=true />
            {results.map(|r| view! { <ResultList results=r /> })}
        </section>
    }
}

#[component]
fn ResultList(results: SearchResults) -> impl IntoView {
    let now = results.now;
    let keep = format!("q={}", encode_query_value(&results.query));
    let notice = results
        .notice
        .clone()
        .map(|n| view! { <p class="notice">{n}</p> });
    let summary = match results.total {
        _ if results.query.is_empty() => None,
        0 => Some(
            view! {
                <div class="no-results">
                    <p class="search-count" role="status">
                        {format!("No articles match “{}”.", results.query)}
                    </p>
                    <p>
                        "Check the spelling, try fewer or more general words, or browse the "
                        <a href="/">"front page"</a>
                        " and the sections above."
                    </p>
                </div>
            }
                .into_any(),
        ),
        n => Some(
            view! {
                <p class="search-count" role="status">
                    {match (n, results.more) {
                        (1, false) => "1 article found".to_owned(),
                        (n, false) => format!("{n} articles found"),
                        (n, true) => {
                            format!(
                                "More than {n} articles found: the most relevant of the newest {n} are shown. Add words to narrow the search.",
                            )
                        }
                    }}
                </p>
            }
                .into_any(),
        ),
    };
    view! {
        {notice}
        {summary}
        <ol class="search-results">
            {results.hits.into_iter().map(|hit| view! { <Hit hit now /> }).collect_view()}
        </ol>
        <Pagination
            base="/search".to_owned()
            page=results.page
            total_pages=results.total_pages
            keep
            labels=("← Previous", "Next →")
        />
    }
}

#[component]
fn Hit(hit: SearchHit, now: i64) -> impl IntoView {
    let a = hit.article;
    let url = a.url();
    let (section_href, author_href) = (a.section.url(), a.author.url());
    view! {
        <li class="search-hit">
            <a class="card-section" href=section_href>{a.section.name}</a>
            <h2 class="card-title">
                <a href=url>{marked(hit.title)}</a>
            </h2>
            <p class="snippet">{marked(hit.snippet)}</p>
            <p class="card-meta">
                <a href=author_href>{a.author.name}</a>
                " · "
                <TimeAgo at=a.published_at now />
            </p>
        </li>
    }
}

/// Text with the matched words in `<mark>`.
fn marked(fragments: Vec<Fragment>) -> impl IntoView {
    fragments
        .into_iter()
        .map(|f| {
            if f.mark {
                view! { <mark>{f.text}</mark> }.into_any()
            } else {
                f.text.into_any()
            }
        })
        .collect_view()
}
