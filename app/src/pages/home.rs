use super::Loading;
use crate::api::get_front_page;
use crate::components::{ArticleCard, ErrorView, PageMeta};
use leptos::prelude::*;

/// The front page: lead story, the latest articles, and a block per section.
#[component]
pub fn HomePage() -> impl IntoView {
    let front = Resource::new(|| (), |_| get_front_page());
    view! {
        <PageMeta
            title=""
            description="Independent reporting on human rights around the world: news, analysis and the people who defend rights."
            path="/"
        />
        <div class="wrap home">
            <h1 class="visually-hidden">"Rights To All: the latest human rights news"</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match front.await {
                        Ok(front) => {
                            let now = front.now;
                            let mut items = front.latest.into_iter();
                            let lead = items.next();
                            view! {
                                <section class="lead" aria-label="Lead story">
                                    {lead.map(|a| view! { <ArticleCard article=a now lead=true level=2 /> })}
                                </section>
                                <section class="latest" aria-labelledby="latest-heading">
                                    <h2 id="latest-heading" class="section-heading">"Latest"</h2>
                                    <div class="card-grid">
                                        {items.map(|a| view! { <ArticleCard article=a now /> }).collect_view()}
                                    </div>
                                </section>
                                {front
                                    .sections
                                    .into_iter()
                                    .map(|block| {
                                        let id = format!("block-{}", block.section.slug);
                                        let labelled_by = id.clone();
                                        let href = block.section.url();
                                        view! {
                                            <section class="section-block" aria-labelledby=labelled_by>
                                                <h2 id=id class="section-heading">
                                                    <a href=href>{block.section.name}</a>
                                                </h2>
                                                <div class="card-grid">
                                                    {block
                                                        .articles
                                                        .into_iter()
                                                        .map(|a| view! { <ArticleCard article=a now excerpt=false /> })
                                                        .collect_view()}
                                                </div>
                                            </section>
                                        }
                                    })
                                    .collect_view()}
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
