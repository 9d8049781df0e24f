use super::{dated, page_key, page_param, segments, Loading};
use crate::api::list_articles;
use crate::components::{ArticleCard, Breadcrumbs, Crumb, ErrorView, PageMeta, Pagination};
use crate::domain::{month_name, Date, Slug};
use crate::error::AppError;
use crate::model::{ArchiveKind, ArticleList};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// `/category/:slug`, `/tag/:slug` and `/author/:slug`.
#[component]
pub fn ArchivePage() -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    let key = page_key(
        |path| {
            ["/category/", "/tag/", "/author/"]
                .iter()
                .any(|p| path.starts_with(p))
        },
        // Kind and slug both from the path: the params can lag the location by a tick.
        move || {
            let path = location.pathname.get();
            let segs = segments(&path);
            let kind = match segs.first() {
                Some(&"tag") => ArchiveKind::Tag,
                Some(&"author") => ArchiveKind::Author,
                _ => ArchiveKind::Section,
            };
            let slug = segs.get(1).map(|s| s.to_string()).unwrap_or_default();
            (kind, slug, query.read().get("page"))
        },
    );
    let list = Resource::new(
        move || key.get(),
        |(kind, slug, page)| async move {
            let page = page_param(page)?;
            // A malformed slug names no page: 404, not a validation error.
            let slug = Some(Slug::parse(&slug).ok_or(AppError::NotFound)?.to_string());
            match kind {
                ArchiveKind::Section => list_articles(slug, None, None, None, None, page).await,
                ArchiveKind::Tag => list_articles(None, slug, None, None, None, page).await,
                ArchiveKind::Author => list_articles(None, None, slug, None, None, page).await,
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let subject = list.subject.clone();
                        let (label, name, description, base) = match subject {
                            Some(s) => {
                                let (label, prefix) = match s.kind {
                                    ArchiveKind::Section => ("Section", "category"),
                                    ArchiveKind::Tag => ("Tag", "tag"),
                                    ArchiveKind::Author => ("Author", "author"),
                                };
                                (label, s.name, s.description, format!("/{prefix}/{}", s.slug))
                            }
                            None => ("Archive", String::new(), String::new(), "/".to_owned()),
                        };
                        let feed = Some((format!("{name} – Rights To All"), base.clone()));
                        view! { <ArchiveView list label name description base parents=vec![] feed /> }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/:yyyy`, `/:yyyy/:mm` and `/:yyyy/:mm/:dd`.
#[component]
pub fn DateArchivePage() -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let key = page_key(
        |path| dated(path, 1..=3),
        move || {
            let path = location.pathname.get();
            let segs = segments(&path);
            let seg = |i: usize| segs.get(i).map(|s| s.to_string());
            (seg(0), seg(1), seg(2), query.read().get("page"))
        },
    );
    let list = Resource::new(
        move || key.get(),
        |(y, m, d, page)| async move {
            let page = page_param(page)?;
            let range = DateRange::parse(y, m, d).ok_or(AppError::NotFound)?;
            let (from, to) = (range.from.to_string(), range.last.to_string());
            list_articles(None, None, None, Some(from), Some(to), page)
                .await
                .map(|list| (list, range))
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok((list, range)) => {
                        view! {
                            <ArchiveView
                                list
                                label="Archive"
                                name=range.name
                                description=String::new()
                                base=range.base
                                parents=range.parents
                                feed=None
                            />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorView error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The dates a date archive covers, from its URL segments.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct DateRange {
    from: Date,
    last: Date,
    name: String,
    base: String,
    /// Home › 2023 › May › 10: each level links to its own archive.
    parents: Vec<(String, String)>,
}

impl DateRange {
    fn parse(y: Option<String>, m: Option<String>, d: Option<String>) -> Option<Self> {
        let y = y?;
        match (m, d) {
            (None, _) => {
                let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
                Some(Self {
                    from: Date::new(year, 1, 1)?,
                    last: Date::new(year, 12, 31)?,
                    name: y.clone(),
                    base: format!("/{y}"),
                    parents: vec![],
                })
            }
            (Some(m), None) => {
                let from = Date::from_segments(&y, &m, "01")?;
                let last = Date::from_timestamp(from.next_month()?.timestamp() - 1);
                Some(Self {
                    from,
                    last,
                    name: format!("{} {y}", month_name(from.month())?),
                    base: format!("/{y}/{m}"),
                    parents: vec![(y.clone(), format!("/{y}"))],
                })
            }
            (Some(m), Some(d)) => {
                let day = Date::from_segments(&y, &m, &d)?;
                Some(Self {
                    from: day,
                    last: day,
                    name: day.long(),
                    base: format!("/{y}/{m}/{d}"),
                    parents: vec![
                        (y.clone(), format!("/{y}")),
                        (day.month_name().to_owned(), format!("/{y}/{m}")),
                    ],
                })
            }
        }
    }
}

#[component]
fn ArchiveView(
    list: ArticleList,
    label: &'static str,
    name: String,
    description: String,
    base: String,
    /// Breadcrumbs between Home and this archive: (label, href).
    parents: Vec<(String, String)>,
    /// The archive's RSS/Atom feeds: (title, path prefix).
    feed: Option<(String, String)>,
) -> impl IntoView {
    let now = list.now;
    let (title, path) = if list.page > 1 {
        (
            format!("{name} – page {} of {}", list.page, list.total_pages),
            format!("{base}?page={}", list.page),
        )
    } else {
        (name.clone(), base.clone())
    };
    let kind = match label {
        "Archive" => "Articles from",
        "Author" => "Articles by",
        "Tag" => "Articles tagged",
        _ => "Articles in",
    };
    let meta = match (description.is_empty(), list.page) {
        (true, 1) => format!("{kind} {name} on Rights To All."),
        (true, p) => format!("{kind} {name} on Rights To All, page {p}."),
        (false, 1) => description.clone(),
        (false, p) => format!("{description} (page {p})"),
    };

    let crumbs = parents
        .into_iter()
        .map(|(label, href)| Crumb::link(label, href))
        .chain([Crumb::here(name.clone())])
        .collect::<Vec<_>>();
    let count = match list.total {
        1 => "1 article".to_owned(),
        n => format!("{n} articles"),
    };
    view! {
        <PageMeta title description=meta path feed />
        <div class="wrap archive">
            <Breadcrumbs items=crumbs />
            <header class="archive-header">
                <p class="archive-label">{label}</p>
                <h1>{name}</h1>
                {(!description.is_empty()).then(|| view! { <p class="archive-description">{description}</p> })}
                <p class="archive-count">{count}</p>
            </header>
            <div class="card-grid">
                {list.items.into_iter().map(|a| view! { <ArticleCard article=a now level=2 /> }).collect_view()}
            </div>
            <Pagination base page=list.page total_pages=list.total_pages />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn a_month_archive_covers_the_whole_month() {
        let r = DateRange::parse(s("2024"), s("02"), None).unwrap();
        assert_eq!(
            (r.from.to_string(), r.last.to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(r.name, "February 2024");
        assert_eq!(r.parents, [("2024".to_owned(), "/2024".to_owned())]);
    }

    #[test]
    fn a_day_archive_links_up_to_its_month_and_year() {
        let r = DateRange::parse(s("2023"), s("05"), s("10")).unwrap();
        assert_eq!(r.name, "May 10, 2023");
        let hrefs: Vec<_> = r.parents.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(hrefs, ["/2023", "/2023/05"]);
    }

    #[test]
    fn nonsense_dates_are_not_archives() {
        assert!(DateRange::parse(s("20x4"), None, None).is_none());
        assert!(DateRange::parse(s("2024"), s("13"), None).is_none());
        assert!(DateRange::parse(s("2023"), s("02"), s("29")).is_none());
        assert!(DateRange::parse(s("login"), None, None).is_none());
    }
}
