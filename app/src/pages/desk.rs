//! The newsroom's screens: the article list, the editor (live preview, autosave, conflict
//! handling, preview links), revisions with a side-by-side diff, and preview links' page.

use super::admin::{DeskNav, Refused};
use super::article::ArticleMain;
use super::Loading;
use crate::api::{
    get_editor, get_preview, get_revisions, list_dashboard_articles, preview_markdown,
    AutosaveArticle, BulkArticles, CreatePreviewLink, RestoreArticle, RestoreRevision,
    RevokePreviewLinks, SaveArticle,
};
use crate::components::{form_echo, form_error, outcome, textarea_text, Pagination, TimeAgo};
use crate::domain::editorial::{format_datetime, long_datetime, Status};
use crate::domain::encode_query_value;
use crate::error::AppError;
use crate::model::{
    ArticleDetail, ArticleFilter, ArticleRow, ArticleSummary, Change, DeskList, EditorArticle,
    EditorData, Image, PersonRef, RevisionPage, SaveOutcome, SectionRef, TagRef,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The message under a field, tied to it by `aria-describedby`.
#[component]
fn FieldError(name: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| e.field() == Some(name))
            .map(|e| e.to_string())
    };
    view! { <p class="field-error" id=format!("{name}-error") role="alert">{message}</p> }
}

fn invalid(
    error: Signal<Option<AppError>>,
    name: &'static str,
) -> impl Fn() -> Option<&'static str> {
    move || {
        error
            .get()
            .is_some_and(|e| e.field() == Some(name))
            .then_some("true")
    }
}

// ---------------------------------------------------------------------------------------
// The list.

/// `/admin/articles`: every article, filtered, searched and sorted, with bulk actions.
#[component]
pub fn DeskArticlesPage() -> impl IntoView {
    let query = use_query_map();
    let bulk = ServerAction::<BulkArticles>::new();
    let restore = ServerAction::<RestoreArticle>::new();
    let filter = move || {
        let q = query.get();
        let text = |k: &str| q.get(k).filter(|v| !v.is_empty());
        ArticleFilter {
            status: text("status"),
            section: text("section").and_then(|v| v.parse().ok()),
            author: text("author").and_then(|v| v.parse().ok()),
            tag: text("tag"),
            q: text("q"),
            sort: text("sort"),
            page: text("page").and_then(|v| v.parse().ok()),
        }
    };
    let list = Resource::new(
        move || (filter(), bulk.version().get(), restore.version().get()),
        |(f, _, _)| list_dashboard_articles(f),
    );
    view! {
        <Title text="Articles – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <ArticleTable l filter=filter() bulk restore /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ArticleTable(
    l: DeskList,
    filter: ArticleFilter,
    bulk: ServerAction<BulkArticles>,
    restore: ServerAction<RestoreArticle>,
) -> impl IntoView {
    let current = filter.status.clone().unwrap_or_default();
    let total_live: u64 = l.counts.iter().take(4).sum();
    let mut tabs = vec![("", "All".to_string(), total_live)];
    for (status, count) in Status::ALL.into_iter().zip(l.counts.iter().copied()) {
        tabs.push((status.as_str(), status.label().to_string(), count));
    }
    let tabs = tabs
        .into_iter()
        .map(|(value, label, count)| {
            let here = (value == current).then_some("page");
            let href = if value.is_empty() {
                "/admin/articles".to_string()
            } else {
                format!("/admin/articles?status={value}")
            };
            view! { <li><a href=href aria-current=here>{label} " (" {count} ")"</a></li> }
        })
        .collect_view();
    let selected = |a: Option<i64>, b: i64| a == Some(b);
    let section_options = l
        .sections
        .iter()
        .map(|s| view! { <option value=s.id selected=selected(filter.section, s.id)>{s.name.clone()}</option> })
        .collect_view();
    let author_options = l
        .authors
        .iter()
        .map(|s| view! { <option value=s.id selected=selected(filter.author, s.id)>{s.name.clone()}</option> })
        .collect_view();
    let sort = filter.sort.clone().unwrap_or_default();
    let bulk_outcome = outcome(bulk);
    let message = move || {
        bulk_outcome.get().map(|r| match r {
            Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
            Err(e) => view! { <p class="form-problem" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    let restore_outcome = outcome(restore);
    let restore_problem = move || {
        restore_outcome
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    let mut keep = Vec::new();
    for (k, v) in [
        ("status", filter.status.clone()),
        ("section", filter.section.map(|v| v.to_string())),
        ("author", filter.author.map(|v| v.to_string())),
        ("tag", filter.tag.clone()),
        ("q", filter.q.clone()),
        ("sort", filter.sort.clone()),
    ] {
        if let Some(v) = v {
            keep.push(format!("{k}={}", encode_query_value(&v)));
        }
    }
    let empty = l.rows.is_empty();
    let now = l.now;
    let in_trash = current == "trash";
    view! {
        <div class="admin-title">
            <h1>"Articles"</h1>
            <a class="button" href="/admin/articles/new">"New article"</a>
        </div>
        <nav aria-label="Article status" class="admin-tabs"><ul>{tabs}</ul></nav>
        <Form method="GET" action="/admin/articles" attr:class="filters">
            <input type="hidden" name="status" value=filter.status.clone().unwrap_or_default() />
            <label>"Search titles " <input type="search" name="q" value=filter.q.clone().unwrap_or_default() /></label>
            <label>"Section "
                <select name="section"><option value="">"Any"</option>{section_options}</select>
            </label>
            <label>"Author "
                <select name="author"><option value="">"Anyone"</option>{author_options}</select>
            </label>
            <label>"Tag (slug) " <input type="text" name="tag" size="12" value=filter.tag.clone().unwrap_or_default() /></label>
            <label>"Sort by "
                <select name="sort">
                    <option value="updated" selected=sort.is_empty() || sort == "updated">"Last changed"</option>
                    <option value="published" selected=sort == "published">"Publication date"</option>
                    <option value="title" selected=sort == "title">"Title"</option>
                </select>
            </label>
            <button type="submit">"Filter"</button>
        </Form>
        {message}
        {restore_problem}
        {empty.then(|| view! { <p class="notice">"No articles match."</p> })}
        <ActionForm action=bulk attr:class="bulk">
            {(!empty && !in_trash).then(|| view! {
                <div class="bulk-actions">
                    <label for="bulk-action">"With the ticked articles: "</label>
                    <select id="bulk-action" name="action">
                        <option value="publish">"Publish now"</option>
                        <option value="trash">"Move to the trash"</option>
                    </select>
                    <button type="submit">"Apply"</button>
                </div>
            })}
            <table class="desk-table">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Select"</span></th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Author"</th>
                        <th scope="col">"Section"</th>
                        <th scope="col">"Tags"</th>
                        <th scope="col">"Date"</th>
                    </tr>
                </thead>
                <tbody>
                    {l.rows.into_iter().enumerate().map(|(i, row)| view! { <Row row i now /> }).collect_view()}
                </tbody>
            </table>
        </ActionForm>
        <Pagination base="/admin/articles".into() page=l.page total_pages=l.total_pages keep=keep.join("&") />
    }
}

#[component]
fn Row(row: ArticleRow, i: usize, now: i64) -> impl IntoView {
    let ArticleRow {
        id,
        title,
        status,
        author,
        section,
        tags,
        updated_at,
        published_at,
        trashed_at,
        url,
        editable,
    } = row;
    let check_id = format!("pick-{id}");
    let title_view = if editable {
        view! { <a href=format!("/admin/articles/{id}")>{title.clone()}</a> }.into_any()
    } else {
        view! { <span>{title.clone()}</span> }.into_any()
    };
    let when = match (status, published_at, trashed_at) {
        (Status::Trash, _, Some(at)) => view! { "Trashed " <TimeAgo at now /> }.into_any(),
        (Status::Scheduled, Some(at), _) => view! { <span>{long_datetime(at)}</span> }.into_any(),
        (Status::Published, Some(at), _) => view! { <TimeAgo at now /> }.into_any(),
        _ => view! { "Changed " <TimeAgo at=updated_at now /> }.into_any(),
    };
    let restore_button = (status == Status::Trash && editable).then(|| {
        let label = title.clone();
        view! {
            <button type="submit" class="link-button" formaction=RestoreArticle::PATH name="id" value=id>
                "Restore" <span class="visually-hidden">" " {label}</span>
            </button>
        }
    });
    view! {
        <tr>
            <td>
                {editable.then(|| view! {
                    <input type="checkbox" id=check_id.clone() name=format!("ids[{i}]") value=id />
                    <label for=check_id.clone() class="visually-hidden">"Select " {title.clone()}</label>
                })}
            </td>
            <th scope="row">
                {title_view}
                {url.map(|u| view! { " " <a class="view-link" href=u>"View"</a> })}
                {restore_button}
            </th>
            <td><span class=format!("status status-{}", status.as_str())>{status.label()}</span></td>
            <td>{author}</td>
            <td>{section}</td>
            <td>{tags}</td>
            <td>{when}</td>
        </tr>
    }
}

// ---------------------------------------------------------------------------------------
// The editor.

/// `/admin/articles/new` and `/admin/articles/:id`.
#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| match p.get("id").as_deref() {
            Some("new") => Some(0),
            Some(n) => n.parse::<i64>().ok().filter(|n| *n > 0),
            None => None,
        })
    });
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_editor(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // What the last save did, told by the address it sent the editor to.
    let saved = StoredValue::new(use_query_map().with_untracked(|q| q.get("saved")));
    view! {
        <Title text="Edit article – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Editor data saved=saved.get_value() /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The editor's fields, as signals (the preview, autosave and conflict view read them).
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<String>,
    slug: RwSignal<String>,
    excerpt: RwSignal<String>,
    body: RwSignal<String>,
    tags: RwSignal<String>,
    section: RwSignal<String>,
    featured: RwSignal<String>,
}

impl Draft {
    fn fill(&self, a: &EditorArticle) {
        self.title.set(a.title.clone());
        self.slug.set(a.slug.clone());
        self.excerpt.set(a.excerpt.clone());
        self.body.set(a.body_md.clone());
        self.tags.set(a.tags.clone());
        self.section.set(a.section_id.to_string());
        self.featured.set(
            a.featured_media_id
                .map(|v| v.to_string())
                .unwrap_or_default(),
        );
    }
}

/// The editor is an island: the one part of the dashboard that works in the browser (live
/// preview, autosave, conflicts); the rest is server-rendered forms.
#[island(lazy)]
fn Editor(data: EditorData, saved: Option<String>) -> impl IntoView {
    crate::components::island_hydrated("Editor");
    let EditorData {
        article,
        sections,
        media,
        can_publish,
        autosave,
        url,
        revisions,
        preview_links,
        now,
    } = data;
    let save = ServerAction::<SaveArticle>::new();
    let echo = form_echo(SaveArticle::PATH, None);
    let error = form_error(save.value(), save.version(), echo);
    let typed = move |name: &str, stored: String| {
        echo.get_untracked()
            .and_then(|e| e.value(name).map(str::to_owned))
            .unwrap_or(stored)
    };
    let draft = Draft {
        title: RwSignal::new(typed("title", article.title.clone())),
        slug: RwSignal::new(typed("slug", article.slug.clone())),
        excerpt: RwSignal::new(typed("excerpt", article.excerpt.clone())),
        body: RwSignal::new(typed("body_md", article.body_md.clone())),
        tags: RwSignal::new(typed("tags", article.tags.clone())),
        section: RwSignal::new(typed("section_id", article.section_id.to_string())),
        featured: RwSignal::new(typed(
            "featured_media_id",
            article
                .featured_media_id
                .map(|v| v.to_string())
                .unwrap_or_default(),
        )),
    };
    let id = RwSignal::new(article.id);
    let version = RwSignal::new(article.version);
    let stored = RwSignal::new((article.status.clone(), article.published_at));
    let conflict = RwSignal::new(None::<EditorArticle>);
    let notice = RwSignal::new(None::<String>);
    if let Some(saved) = saved {
        notice.set(Some(match saved.as_str() {
            "pending" => "Saved; it is waiting for review.".into(),
            "published" => "Saved and live.".into(),
            _ => "Saved.".into(),
        }));
    }
    Effect::new(move |_| {
        let Some(Ok(outcome)) = save.value().get() else {
            return;
        };
        match outcome {
            SaveOutcome::Saved {
                id: new_id,
                version: v,
                status,
                published_at,
                message,
            } => {
                conflict.set(None);
                version.set(v);
                stored.set((status, published_at));
                notice.set(Some(message));
                if id.get_untracked() == 0 {
                    id.set(new_id);
                    // The new article's own address, without a page load.
                    #[cfg(feature = "hydrate")]
                    if let Ok(history) = window().history() {
                        let to = format!("/admin/articles/{new_id}?saved=1");
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&to),
                        );
                    }
                }
            }
            SaveOutcome::Conflict { theirs } => {
                notice.set(None);
                conflict.set(Some(theirs));
            }
        }
    });

    // Live preview: the body rendered by the server as readers would get it, a moment after
    // typing stops.
    let preview_html = RwSignal::new(String::new());
    let preview = Action::new(|body: &String| preview_markdown(body.clone()));
    Effect::new(move |_| {
        if let Some(Ok(html)) = preview.value().get() {
            preview_html.set(html);
        }
    });
    Effect::new(move |handle: Option<Option<TimeoutHandle>>| {
        let body = draft.body.get();
        if let Some(Some(h)) = handle {
            h.clear();
        }
        set_timeout_with_handle(
            move || {
                preview.dispatch(body);
            },
            std::time::Duration::from_millis(500),
        )
        .ok()
    });

    // Autosave every 30 s when something changed; it never touches the article.
    let autosave_action = ServerAction::<AutosaveArticle>::new();
    let last_autosaved = RwSignal::new((
        article.title.clone(),
        article.excerpt.clone(),
        article.body_md.clone(),
    ));
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let now = (
                    draft.title.get_untracked(),
                    draft.excerpt.get_untracked(),
                    draft.body.get_untracked(),
                );
                if now != last_autosaved.get_untracked() {
                    last_autosaved.set(now.clone());
                    autosave_action.dispatch(AutosaveArticle {
                        id: id.get_untracked(),
                        base_version: version.get_untracked(),
                        title: now.0,
                        excerpt: now.1,
                        body_md: now.2,
                    });
                }
            },
            std::time::Duration::from_secs(30),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    let autosaved = move || {
        autosave_action.value().get().map(|r| match r {
            Ok(at) => format!("Autosaved at {}.", long_datetime(at)),
            Err(e) => format!("Autosave failed: {e}"),
        })
    };
    let offer = RwSignal::new(autosave);

    let section_names: Vec<(String, String)> = sections
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    let section_options = sections
        .iter()
        .map(|s| {
            let value = s.id.to_string();
            let chosen = draft.section.get_untracked() == value;
            view! { <option value=value selected=chosen>{s.name.clone()}</option> }
        })
        .collect_view();
    let media = StoredValue::new(media);
    let media_options = media.with_value(|m| {
        m.iter()
            .map(|m| {
                let value = m.id.to_string();
                let chosen = draft.featured.get_untracked() == value;
                let label = if m.alt.is_empty() {
                    format!("Image {}", m.id)
                } else {
                    m.alt.clone()
                };
                view! { <option value=value selected=chosen>{label}</option> }
            })
            .collect_view()
    });
    let chosen_image = move || {
        let chosen = draft.featured.get();
        media.with_value(|m| m.iter().find(|m| m.id.to_string() == chosen).cloned())
    };
    let author_name = article.author_name.clone();
    let preview_article = move || {
        let image = chosen_image();
        let section = draft.section.get();
        let section_name = section_names
            .iter()
            .find(|(id, _)| *id == section)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        let tags = draft
            .tags
            .get()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| TagRef {
                name: t.to_owned(),
                slug: String::new(),
            })
            .collect();
        let published_at = stored.get().1.unwrap_or(now);
        ArticleDetail {
            summary: ArticleSummary {
                id: id.get(),
                slug: draft.slug.get(),
                title: draft.title.get(),
                excerpt: draft.excerpt.get(),
                published_at,
                author: PersonRef {
                    name: author_name.clone(),
                    slug: String::new(),
                },
                section: SectionRef {
                    name: section_name,
                    slug: String::new(),
                },
                image: image.as_ref().map(|m| Image {
                    url: m.url.clone(),
                    alt: m.alt.clone(),
                    width: 0,
                    height: 0,
                }),
                comments: 0,
            },
            body_html: preview_html.get(),
            updated_at: published_at,
            image_caption: image
                .as_ref()
                .map(|m| m.caption.clone())
                .unwrap_or_default(),
            image_credit: image.map(|m| m.credit).unwrap_or_default(),
            tags,
            comments_open: false,
        }
    };

    let status_now = move || {
        let (s, at) = stored.get();
        Status::from_stored(&s, at, now)
    };
    let live = move || status_now().is_live();
    let publish_at_value = typed(
        "publish_at",
        article
            .published_at
            .filter(|t| *t > now)
            .map(format_datetime)
            .unwrap_or_default(),
    );
    let comments_open = echo
        .get_untracked()
        .map(|e| e.value("comments_open").is_some())
        .unwrap_or(article.comments_open);
    let status_line = move || {
        let status = status_now();
        let detail = match (status, stored.get().1) {
            (Status::Scheduled, Some(at)) => format!(" for {}", long_datetime(at)),
            _ => String::new(),
        };
        format!("{}{detail}", status.label())
    };
    let heading = if article.id == 0 {
        "New article"
    } else {
        "Edit article"
    };
    let saved_by = article.saved_by.clone();
    let article_id = article.id;

    view! {
        <div class="admin-title">
            <h1>{heading}</h1>
            <p class="editor-status">
                <strong>{status_line}</strong>
                {move || (version.get() > 0).then(|| format!(" · version {}", version.get()))}
                {(!saved_by.is_empty()).then(|| format!(" · last saved by {saved_by}"))}
                {(revisions > 0).then(|| view! {
                    " · " <a href=format!("/admin/articles/{article_id}/revisions")>{format!("Revisions ({revisions})")}</a>
                })}
                {url.map(|u| view! { " · " <a href=u>"View on the site"</a> })}
            </p>
        </div>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {move || offer.get().map(|a| {
            let restore = a.clone();
            view! {
                <div class="notice autosave-offer" role="status">
                    <p>{format!("You have changes from {} that were autosaved but not saved.", long_datetime(a.saved_at))}</p>
                    <button type="button" on:click=move |_| {
                        draft.title.set(restore.title.clone());
                        draft.excerpt.set(restore.excerpt.clone());
                        draft.body.set(restore.body_md.clone());
                        offer.set(None);
                    }>"Restore them"</button>
                    " "
                    <button type="button" class="link-button" on:click=move |_| offer.set(None)>"Keep the saved version"</button>
                </div>
            }
        })}
        {move || conflict.get().map(|theirs| view! { <ConflictPanel theirs draft version /> })}
        <div class="editor-layout">
            <ActionForm action=save attr:class="editor-form" attr:novalidate="">
                <input type="hidden" name="id" prop:value=move || id.get().to_string() value=article.id />
                <input type="hidden" name="base_version" prop:value=move || version.get().to_string() value=article.version />
                <p class="form-problem" role="alert">
                    {move || error.get().filter(|e| e.field().is_none() || e.field() == Some("intent") || e.field() == Some("base_version")).map(|e| e.to_string())}
                </p>
                <div class="field">
                    <label for="title">"Title"</label>
                    <input id="title" name="title" type="text" maxlength="200" required
                        value=draft.title.get_untracked()
                        prop:value=move || draft.title.get()
                        on:input=move |ev| draft.title.set(event_target_value(&ev))
                        aria-invalid=invalid(error, "title") aria-describedby="title-error" />
                    <FieldError name="title" error />
                </div>
                <div class="field">
                    <label for="slug">"Slug"</label>
                    <p class="field-hint" id="slug-hint">"The last part of the address. Leave it empty to make it from the title. If you change the slug of a published article, its old address keeps working."</p>
                    <input id="slug" name="slug" type="text" maxlength="120"
                        value=draft.slug.get_untracked()
                        prop:value=move || draft.slug.get()
                        on:input=move |ev| draft.slug.set(event_target_value(&ev))
                        aria-invalid=invalid(error, "slug") aria-describedby="slug-hint slug-error" />
                    <FieldError name="slug" error />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="section_id">"Section"</label>
                        <select id="section_id" name="section_id"
                            on:change=move |ev| draft.section.set(event_target_value(&ev))
                            aria-invalid=invalid(error, "section_id") aria-describedby="section_id-error">
                            {section_options}
                        </select>
                        <FieldError name="section_id" error />
                    </div>
                    <div class="field">
                        <label for="tags">"Tags"</label>
                        <p class="field-hint" id="tags-hint">"Separated by commas. New tags are created when you save."</p>
                        <input id="tags" name="tags" type="text"
                            value=draft.tags.get_untracked()
                            prop:value=move || draft.tags.get()
                            on:input=move |ev| draft.tags.set(event_target_value(&ev))
                            aria-invalid=invalid(error, "tags") aria-describedby="tags-hint tags-error" />
                        <FieldError name="tags" error />
                    </div>
                </div>
                <div class="field">
                    <label for="excerpt">"Excerpt"</label>
                    <p class="field-hint" id="excerpt-hint">"One or two sentences for cards, search results and link previews."</p>
                    <textarea id="excerpt" name="excerpt" rows="2" maxlength="400"
                        prop:value=move || draft.excerpt.get()
                        on:input=move |ev| draft.excerpt.set(event_target_value(&ev))
                        aria-invalid=invalid(error, "excerpt") aria-describedby="excerpt-hint excerpt-error">
                        {textarea_text(draft.excerpt.get_untracked())}
                    </textarea>
                    <FieldError name="excerpt" error />
                </div>
                <div class="field">
                    <label for="body_md">"Body"</label>
                    <p class="field-hint" id="body-hint">"Markdown: a blank line between paragraphs, ## for a heading, **bold**, *italic*, [words](https://link), > for a quote."</p>
                    <textarea id="body_md" name="body_md" rows="20" class="body-input"
                        prop:value=move || draft.body.get()
                        on:input=move |ev| draft.body.set(event_target_value(&ev))
                        aria-invalid=invalid(error, "body_md") aria-describedby="body-hint body_md-error">
                        {textarea_text(draft.body.get_untracked())}
                    </textarea>
                    <FieldError name="body_md" error />
                </div>
                <div class="field">
                    <label for="featured_media_id">"Featured image"</label>
                    <p class="field-hint" id="featured-hint">"From the media library, where its alt text, caption and credit are kept."</p>
                    <select id="featured_media_id" name="featured_media_id"
                        on:change=move |ev| draft.featured.set(event_target_value(&ev))
                        aria-invalid=invalid(error, "featured_media_id") aria-describedby="featured-hint featured_media_id-error">
                        <option value="" selected=draft.featured.get_untracked().is_empty()>"None"</option>
                        {media_options}
                    </select>
                    <FieldError name="featured_media_id" error />
                    {move || chosen_image().map(|m| view! {
                        <figure class="featured-choice">
                            <img src=m.url alt=m.alt.clone() width="160" />
                            <figcaption>
                                {format!("Alt text: {}", m.alt)}
                                {(!m.caption.is_empty()).then(|| format!(" · Caption: {}", m.caption))}
                                {(!m.credit.is_empty()).then(|| format!(" · Credit: {}", m.credit))}
                            </figcaption>
                        </figure>
                    })}
                </div>
                <div class="field checkbox">
                    <input id="comments_open" name="comments_open" type="checkbox" value="on" checked=comments_open />
                    <label for="comments_open">"Comments open"</label>
                </div>
                {can_publish.then(|| view! {
                    <div class="field">
                        <label for="publish_at">"Publish at (UTC)"</label>
                        <p class="field-hint" id="publish_at-hint">"For Schedule: the article appears on the site at this time."</p>
                        <input id="publish_at" name="publish_at" type="datetime-local" step="1" value=publish_at_value.clone()
                            aria-invalid=invalid(error, "publish_at") aria-describedby="publish_at-hint publish_at-error" />
                        <FieldError name="publish_at" error />
                    </div>
                })}
                <div class="editor-actions">
                    <button type="submit" name="intent" value="save">
                        {move || if live() { "Update" } else { "Save draft" }}
                    </button>
                    {move || (!can_publish && status_now() != Status::Pending).then(|| view! {
                        <button type="submit" name="intent" value="submit">"Submit for review"</button>
                    })}
                    {move || (can_publish && status_now() != Status::Published).then(|| view! {
                        <button type="submit" name="intent" value="publish" class="primary">"Publish now"</button>
                    })}
                    {can_publish.then(|| view! {
                        <button type="submit" name="intent" value="schedule">"Schedule"</button>
                    })}
                    {move || (can_publish && live()).then(|| view! {
                        <button type="submit" name="intent" value="draft">"Unpublish (back to drafts)"</button>
                    })}
                </div>
                <p class="autosave-status" role="status">{autosaved}</p>
            </ActionForm>
            <section class="editor-preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <p class="field-hint">"As readers will see it."</p>
                <div class="preview-frame">
                    {move || view! { <ArticleMain article=preview_article() now /> }}
                </div>
            </section>
        </div>
        {(article_id > 0).then(|| view! { <PreviewLinks id=article_id links=preview_links now /> })}
    }
}

/// Shown when someone else saved first: both versions side by side, and the choice.
#[component]
fn ConflictPanel(theirs: EditorArticle, draft: Draft, version: RwSignal<i64>) -> impl IntoView {
    let by = if theirs.saved_by.is_empty() {
        "Someone".to_string()
    } else {
        theirs.saved_by.clone()
    };
    let take = theirs.clone();
    let their_version = theirs.version;
    view! {
        <div class="conflict" role="alert">
            <h2>"Someone else saved this article while you were editing"</h2>
            <p>
                {format!("{by} saved version {} at {}. Nothing was overwritten: your text is still in the form below.", theirs.version, long_datetime(theirs.updated_at))}
            </p>
            <div class="conflict-columns">
                <section>
                    <h3>{format!("Their version ({})", theirs.version)}</h3>
                    <p><strong>{theirs.title.clone()}</strong></p>
                    <p class="excerpt">{theirs.excerpt.clone()}</p>
                    <pre class="conflict-body">{theirs.body_md.clone()}</pre>
                </section>
                <section>
                    <h3>"Your version"</h3>
                    <p><strong>{move || draft.title.get()}</strong></p>
                    <p class="excerpt">{move || draft.excerpt.get()}</p>
                    <pre class="conflict-body">{move || draft.body.get()}</pre>
                </section>
            </div>
            <button type="button" on:click=move |_| {
                version.set(their_version);
            }>"Keep mine (the next save replaces theirs)"</button>
            " "
            <button type="button" on:click=move |_| {
                draft.fill(&take);
                version.set(their_version);
            }>"Use theirs (discard mine)"</button>
        </div>
    }
}

#[component]
fn PreviewLinks(id: i64, links: Vec<(String, i64)>, now: i64) -> impl IntoView {
    let create = ServerAction::<CreatePreviewLink>::new();
    let revoke = ServerAction::<RevokePreviewLinks>::new();
    let count = RwSignal::new(links.len());
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            count.update(|c| *c += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = revoke.value().get() {
            count.set(0);
        }
    });
    let made = move || {
        create.value().get().map(|r| match r {
            Ok(path) => {
                let origin = window_origin();
                let full = format!("{origin}{path}");
                view! {
                    <p class="notice" role="status">
                        <label for="preview-url">"Preview link (valid for 7 days; anyone with it can read the draft): "</label>
                        <input id="preview-url" type="text" readonly value=full size="60" />
                    </p>
                }
                .into_any()
            }
            Err(e) => view! { <p class="form-problem" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    let first_expiry = links.first().map(|(_, at)| *at);
    view! {
        <section class="preview-links" aria-labelledby="preview-links-heading">
            <h2 id="preview-links-heading">"Share a preview"</h2>
            <p>
                {move || match count.get() {
                    0 => "No preview links are open.".to_string(),
                    n => format!("{n} preview link{} open.", if n == 1 { " is" } else { "s are" }),
                }}
                {first_expiry.map(|at| view! { " The first expires " <TimeAgo at now /> "." })}
            </p>
            {made}
            <ActionForm action=create attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <button type="submit">"Make a preview link"</button>
            </ActionForm>
            <ActionForm action=revoke attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <button type="submit" class="link-button">"Revoke all preview links"</button>
            </ActionForm>
        </section>
    }
}

fn window_origin() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().origin().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

// ---------------------------------------------------------------------------------------
// Revisions.

/// `/admin/articles/:id/revisions?rev=N`.
#[component]
pub fn RevisionsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let restore = ServerAction::<RestoreRevision>::new();
    let key = move || {
        (
            params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())),
            query.with(|q| q.get("rev").and_then(|v| v.parse::<i64>().ok())),
            restore.version().get(),
        )
    };
    let page = Resource::new(key, |(id, rev, _)| async move {
        match id {
            Some(id) => get_revisions(id, rev).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Revisions – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Revisions p restore /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Revisions(p: RevisionPage, restore: ServerAction<RestoreRevision>) -> impl IntoView {
    let id = p.article_id;
    let now = p.now;
    let shown_id = p.shown.as_ref().map(|s| s.id);
    let list = p
        .revisions
        .iter()
        .map(|r| {
            let here = (Some(r.id) == shown_id).then_some("page");
            let note = (!r.note.is_empty()).then(|| format!(" — {}", r.note));
            view! {
                <li>
                    <a href=format!("/admin/articles/{id}/revisions?rev={}", r.id) aria-current=here>
                        {format!("Version {}", r.version)}
                    </a>
                    " · " {r.saved_by.clone()} " · " <TimeAgo at=r.saved_at now /> {note}
                </li>
            }
        })
        .collect_view();
    let restore_outcome = outcome(restore);
    let message = move || {
        restore_outcome.get().map(|r| match r {
            Ok(SaveOutcome::Saved { message, .. }) => view! { <p class="notice" role="status">{message}</p> }.into_any(),
            Ok(SaveOutcome::Conflict { .. }) => view! { <p class="form-problem" role="alert">"The article changed meanwhile; look again and retry."</p> }.into_any(),
            Err(e) => view! { <p class="form-problem" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    let heading = match (&p.shown, &p.against) {
        (Some(s), Some(a)) => format!("Version {} compared with version {}", s.version, a.version),
        (Some(s), None) => format!("Version {} (the first)", s.version),
        _ => "No revisions yet".to_string(),
    };
    let rows = p
        .rows
        .into_iter()
        .map(|row| {
            let class = match row.change {
                Change::Same => "same",
                Change::Removed => "removed",
                Change::Added => "added",
                Change::Changed => "changed",
            };
            let (l_mark, r_mark) = match row.change {
                Change::Same => ("", ""),
                Change::Removed => ("removed: ", ""),
                Change::Added => ("", "added: "),
                Change::Changed => ("changed from: ", "changed to: "),
            };
            view! {
                <tr class=format!("diff-{class}")>
                    <td>{row.left.map(|t| view! { <span class="visually-hidden">{l_mark}</span> {t} })}</td>
                    <td>{row.right.map(|t| view! { <span class="visually-hidden">{r_mark}</span> {t} })}</td>
                </tr>
            }
        })
        .collect_view();
    let restore_form = p.shown.clone().filter(|_| p.can_restore).map(|s| {
        view! {
            <ActionForm action=restore attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=s.id />
                <input type="hidden" name="base_version" value=p.version />
                <button type="submit">{format!("Restore version {}", s.version)}</button>
            </ActionForm>
        }
    });
    view! {
        <div class="admin-title">
            <h1>"Revisions of “" {p.article_title.clone()} "”"</h1>
            <a href=format!("/admin/articles/{id}")>"Back to the editor"</a>
        </div>
        {message}
        <div class="revisions-layout">
            <nav aria-label="Revisions"><ol class="revision-list">{list}</ol></nav>
            <section aria-labelledby="diff-heading">
                <h2 id="diff-heading">{heading}</h2>
                {restore_form}
                <table class="diff">
                    <thead><tr>
                        <th scope="col">{p.against.as_ref().map(|a| format!("Version {}", a.version)).unwrap_or_else(|| "Before".into())}</th>
                        <th scope="col">{p.shown.as_ref().map(|s| format!("Version {}", s.version)).unwrap_or_default()}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        </div>
    }
}

// ---------------------------------------------------------------------------------------
// Preview links.

/// `/preview/:token`: an unpublished article for whoever holds the link. Never indexed.
#[component]
pub fn PreviewLinkPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.with(|p| p.get("token").unwrap_or_default()),
        get_preview,
    );
    view! {
        <Meta name="robots" content="noindex, nofollow" />
        <div class="wrap article-layout">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! {
                            <Title text=format!("Preview: {}", p.article.summary.title) />
                            <p class="notice preview-banner" role="status">
                                {format!("Preview — {}. This article is not public yet; please don't share this link.", p.status.label())}
                            </p>
                            <ArticleMain article=p.article now=p.now />
                        }
                        .into_any(),
                        Err(error) => view! { <crate::components::ErrorView error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
