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
    /// The title's heading level: 2 where the card sits right under the page's h1, 3 under
    /// a section heading.
    #[prop(default = 3)]
    level: u8,
) -> impl IntoView {
    let url = article.url();
    let link = view! { <a href=url.clone()>{article.title.clone()}</a> };
    let title = if level == 2 {
        view! { <h2 class="card-title">{link}</h2> }.into_any()
    } else {
        view! { <h3 class="card-title">{link}</h3> }.into_any()
    };
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
                {title}
                {excerpt.then(|| view! { <p class="card-excerpt">{article.excerpt.clone()}</p> })}
                <p class="card-meta">
                    <a href=article.author.url()>{article.author.name.clone()}</a>
                    " · "
                    <TimeAgo at=article.published_at now />
                    {(article.comments > 0)
                        .then(|| {
                            let label = match article.comments {
                                1 => "1 comment".to_owned(),
                                n => format!("{n} comments"),
                            };
                            view! {
                                " · "
                                <a class="comment-count" href=format!("{url}#comments")>{label}</a>
                            }
                        })}
                </p>
            </div>
        </article>
    }
}
