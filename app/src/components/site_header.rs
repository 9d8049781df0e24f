use super::{SearchForm, Ticker};
use crate::domain::Date;
use crate::error::AppError;
use crate::model::{Headline, SiteInfo, TrendingTag};
use leptos::prelude::*;

/// Date bar with trending tags, site title, section nav and the ticker.
#[component]
pub fn SiteHeader(
    site: Resource<Result<SiteInfo, AppError>>,
    headlines: Resource<Result<Vec<Headline>, AppError>>,
    trending: Resource<Result<Vec<TrendingTag>, AppError>>,
) -> impl IntoView {
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
                    (!items.is_empty()).then(|| view! { <Ticker headlines=items /> })
                })}
            </Suspense>
        </header>
    }
}
