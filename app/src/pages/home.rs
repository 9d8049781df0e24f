use super::{page_loading, Loading};
use crate::api::list_articles;
use crate::components::{ArticleCard, ErrorView};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The front page: lead story and the latest articles.
#[component]
pub fn HomePage() -> impl IntoView {
    let latest = Resource::new(|| (), |_| list_articles(None, None, None, None, None, None));
    view! {
        <Title text="" />
        <Meta name="description" content="Independent reporting on human rights around the world." />
        <div class="wrap home">
            <h1 class="visually-hidden">"Rights To All: the latest human rights news"</h1>
            <Transition fallback=Loading set_pending=page_loading()>
                {move || Suspend::new(async move {
                    match latest.await {
                        Ok(list) => {
                            let now = list.now;
                            let mut items = list.items.into_iter();
                            let lead = items.next();
                            view! {
                                <section class="lead" aria-label="Lead story">
                                    {lead.map(|a| view! { <ArticleCard article=a now lead=true /> })}
                                </section>
                                <section class="latest" aria-labelledby="latest-heading">
                                    <h2 id="latest-heading" class="section-heading">"Latest"</h2>
                                    <div class="card-grid">
                                        {items.map(|a| view! { <ArticleCard article=a now /> }).collect_view()}
                                    </div>
                                </section>
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
