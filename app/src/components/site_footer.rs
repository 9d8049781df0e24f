use crate::domain::Date;
use crate::error::AppError;
use crate::model::SiteInfo;
use leptos::prelude::*;

#[component]
pub fn SiteFooter(site: Resource<Result<SiteInfo, AppError>>) -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap footer-inner">
                <Suspense>
                    {move || Suspend::new(async move {
                        site.await.ok().map(|s| {
                            let year = Date::from_timestamp(s.now).year();
                            view! {
                                <nav aria-label="Sections in the footer">
                                    <ul class="footer-sections">
                                        {s.sections
                                            .into_iter()
                                            .map(|s| {
                                    let href = s.url();
                                    view! { <li><a href=href>{s.name}</a></li> }
                                })
                                            .collect_view()}
                                    </ul>
                                </nav>
                                <p class="footer-copy">
                                    {format!("© {year} {}. All rights reserved.", s.name)}
                                </p>
                            }
                        })
                    })}
                </Suspense>
                <ul class="footer-links">
                    <li><a href="/support-us">"Support us"</a></li>
                    <li><a href="/privacy">"Privacy"</a></li>
                </ul>
            </div>
        </footer>
    }
}
