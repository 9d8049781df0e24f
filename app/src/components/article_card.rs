use super::TimeAgo;
use crate::model::ArticleSummary;
use leptos::prelude::*;

/// An article in a list: image, section, title, author, date and (optionally) excerpt.
#[component]
pub fn ArticleCard(
    article: ArticleSummary,
    now: i64,
    /// The page's lead story: bigger, image loaded eagerly.
    #[prop(optional)]
    lead: bool,
    #[prop(default = true)] excerpt: bool,
) -> impl IntoView {
    let url = article.url();
    let image = article.image.clone().map(|img| {
        view! {
            <a href=url.clone() class="card-image" tabindex="-1" aria-hidden="true">
                <img
                    src=img.url
                    alt=""
                    width=img.width
                    height=img.height
                    loading=if lead { "eager" } else { "lazy" }
                    decoding="async"
                />
            </a>
        }
    });
    view! {
        <article class="card" class:card-lead=lead>
            {image}
            <div class="card-text">
                <a class="card-section" href=article.section.url()>{article.section.name.clone()}</a>
                <h3 class="card-title">
                    <a href=url.clone()>{article.title.clone()}</a>
                </h3>
                {excerpt.then(|| view! { <p class="card-excerpt">{article.excerpt.clone()}</p> })}
                <p class="card-meta">
                    <a href=article.author.url()>{article.author.name.clone()}</a>
                    " · "
                    <TimeAgo at=article.published_at now />
                </p>
            </div>
        </article>
    }
}
