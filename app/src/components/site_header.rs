use super::{SearchForm, Ticker};
use crate::domain::encode_query_value;
use crate::domain::Date;
use crate::error::AppError;
use crate::model::{Headline, SiteInfo, TrendingTag, Viewer};
use crate::pages::LogoutButton;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Date bar with trending tags, site title, section nav and the ticker.
#[component]
pub fn SiteHeader(
    site: Resource<Result<SiteInfo, AppError>>,
    headlines: Resource<Result<Vec<Headline>, AppError>>,
    trending: Resource<Result<Vec<TrendingTag>, AppError>>,
    viewer: Resource<Result<Option<Viewer>, AppError>>,
) -> impl IntoView {
    let location = use_location();
    // Log in from any page and come back to it.
    let here = move || {
        let path = location.pathname.get();
        let back = match path.as_str() {
            "/login" | "/register" | "/account" => String::new(),
            // The router's `search` has no leading `?`.
            _ => match location.search.get() {
                search if search.is_empty() => path,
                search => format!("{path}?{}", search.trim_start_matches('?')),
            },
        };
        if back.is_empty() || back == "/" {
            String::new()
        } else {
            format!("?next={}", encode_query_value(&back))
        }
    };
    view! {
        <header class="site-header">
            <div class="topbar">
                <div class="wrap topbar-inner">
                    <Suspense>
                        {move || Suspend::new(async move {
                            site.await.ok().map(|s| {
                                let today = Date::from_timestamp(s.now);
                                view! {
                                    <time class="today" datetime=today.to_string()>{today.long()}</time>
                                }
                            })
                        })}
                    </Suspense>
                    <nav class="trending" aria-labelledby="trending-label">
                        <span id="trending-label" class="trending-label">"Trending Tags"</span>
                        <Suspense>
                            {move || Suspend::new(async move {
                                let tags = trending.await.unwrap_or_default();
                                view! {
                                    <ul>
                                        {tags
                                            .into_iter()
                                            .map(|t| {
                                                let href = t.tag.url();
                                                view! { <li><a href=href>{t.tag.name}</a></li> }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        </Suspense>
                    </nav>
                </div>
            </div>
            <div class="masthead wrap">
                <a class="site-title" href="/">"Rights To All"</a>
                <p class="tagline">"Human rights news, for everyone"</p>
                <SearchForm id="site-search-q" landmark="Site search" />
                <nav class="account-nav" aria-label="Your account">
                    <Suspense>
                        {move || Suspend::new(async move {
                            match viewer.await.ok().flatten() {
                                Some(v) => view! {
                                    {v.staff.then(|| view! { <a href="/admin">"Dashboard"</a> })}
                                    <a href="/account" class="account-link">
                                        <span class="visually-hidden">"Your account: "</span>{v.name}
                                    </a>
                                    <LogoutButton />
                                }.into_any(),
                                None => view! {
                                    <a href=move || format!("/login{}", here())>"Log in"</a>
                                    <a href=move || format!("/register{}", here())>"Register"</a>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                </nav>
            </div>
            <nav class="sections" aria-label="Sections">
                <ul class="wrap">
                    <Suspense>
                        {move || Suspend::new(async move {
                            site.await
                                .map(|s| s.sections)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| {
                                    let href = s.url();
                                    view! { <li><a href=href>{s.name}</a></li> }
                                })
                                .collect_view()
                        })}
                    </Suspense>
                    <li class="nav-support">
                        <a href="/support-us">"support us"</a>
                    </li>
                </ul>
            </nav>
            <Suspense>
                {move || Suspend::new(async move {
                    let items = headlines.await.unwrap_or_default();
                    // Rendered (hidden) even when empty, so a headline published later shows.
                    view! { <Ticker headlines=items /> }
                })}
            </Suspense>
        </header>
    }
}
