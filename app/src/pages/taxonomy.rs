//! `/admin/sections` (name, address, order in the navigation) and `/admin/tags` (rename,
//! merge).

use super::admin::{DeskNav, Refused};
use super::Loading;
use crate::api::{
    get_sections_desk, get_tags_desk, DeleteSection, MergeTag, MoveSection, RenameTag, SaveSection,
};
use crate::components::{form_echo, form_error, outcome, Field, FormProblem, Pagination};
use crate::domain::encode_query_value;
use crate::error::AppError;
use crate::model::{SectionRow, TagList, TagRow};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn problem<A, B>(a: A, b: B) -> impl Fn() -> Option<AnyView>
where
    A: Fn() -> Option<AppError>,
    B: Fn() -> Option<AppError>,
{
    move || {
        a().or_else(&b)
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> }.into_any())
    }
}

#[component]
pub fn SectionsPage() -> impl IntoView {
    // Adding has its own action, so its messages stay by its fields; the rows' go on top.
    let add = ServerAction::<SaveSection>::new();
    let save = ServerAction::<SaveSection>::new();
    let shift = ServerAction::<MoveSection>::new();
    let delete = ServerAction::<DeleteSection>::new();
    let rows = Resource::new(
        move || {
            add.version().get()
                + save.version().get()
                + shift.version().get()
                + delete.version().get()
        },
        |_| get_sections_desk(),
    );
    let echo = form_echo(SaveSection::PATH, Some(0));
    let error = form_error(add.value(), add.version(), echo);
    let (shift_outcome, delete_outcome) = (outcome(shift), outcome(delete));
    let refused = problem(
        move || save.value().get().and_then(Result::err),
        move || {
            shift_outcome
                .get()
                .and_then(Result::err)
                .or_else(|| delete_outcome.get().and_then(Result::err))
        },
    );
    view! {
        <Title text="Sections – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Sections"</h1>
            <p class="field-hint">"Sections make the site's navigation, in this order. Each has its page at /category/address."</p>
            {refused}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) => view! {
                            <table class="desk-table">
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Address"</th>
                                    <th scope="col">"Articles"</th>
                                    <th scope="col">"Order"</th>
                                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| view! { <SectionItem row save shift delete /> }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
            <section class="account-section" aria-labelledby="new-section-heading">
                <h2 id="new-section-heading">"Add a section"</h2>
                <Suspense fallback=|| ()>
                    {move || {
                        let echoed = echo.get();
                        let typed = |k: &str| echoed.as_ref().and_then(|e| e.value(k)).unwrap_or_default().to_owned();
                        let typed_name = typed("name");
                        let typed_slug = typed("slug");
                        let typed_description = typed("description");
                        view! {
                            <ActionForm action=add attr:class="staff-form">
                                <input type="hidden" name="id" value="0" />
                                <FormProblem error fields=&["name", "slug", "description"] />
                                <Field name="name" label="Name" id="section-name".into() error maxlength=Some(60) value=typed_name />
                                <Field name="slug" label="Address (slug)" id="section-slug".into() error required=false hint=Some("Empty: made from the name.") value=typed_slug />
                                <Field name="description" label="Description" id="section-description".into() error required=false value=typed_description />
                                <button type="submit" class="button">"Add the section"</button>
                            </ActionForm>
                        }
                    }}
                </Suspense>
            </section>
        </section>
    }
}

#[component]
fn SectionItem(
    row: SectionRow,
    save: ServerAction<SaveSection>,
    shift: ServerAction<MoveSection>,
    delete: ServerAction<DeleteSection>,
) -> impl IntoView {
    let SectionRow {
        id,
        name,
        slug,
        description,
        articles,
    } = row;
    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
    let (up_label, down_label) = (format!("Move up: {name}"), format!("Move down: {name}"));
    view! {
        <tr>
            <td colspan="2">
                <ActionForm action=save attr:class="inline-fields">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="description" value=description />
                    <label class="visually-hidden" for=format!("name-{id}")>"Name of " {n1}</label>
                    <input id=format!("name-{id}") name="name" type="text" value=name.clone() required />
                    <label class="visually-hidden" for=format!("slug-{id}")>"Address of " {n2}</label>
                    <input id=format!("slug-{id}") name="slug" type="text" value=slug required />
                    <button type="submit">"Save" <span class="visually-hidden">" " {n3}</span></button>
                </ActionForm>
            </td>
            <td>{articles}</td>
            <td class="order-buttons">
                <ActionForm action=shift attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="up" value="true" />
                    <button type="submit" aria-label=up_label>"↑"</button>
                </ActionForm>
                <ActionForm action=shift attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="up" value="false" />
                    <button type="submit" aria-label=down_label>"↓"</button>
                </ActionForm>
            </td>
            <td>
                {(articles == 0).then(|| view! {
                    <ActionForm action=delete attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="link-button">"Delete" <span class="visually-hidden">" " {n4}</span></button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
pub fn TagsPage() -> impl IntoView {
    let query = use_query_map();
    let rename = ServerAction::<RenameTag>::new();
    let merge = ServerAction::<MergeTag>::new();
    let page = Resource::new(
        move || {
            (
                query.with(|q| q.get("q")),
                query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())),
                rename.version().get() + merge.version().get(),
            )
        },
        |(q, page, _)| get_tags_desk(q, page),
    );
    let (rename_outcome, merge_outcome) = (outcome(rename), outcome(merge));
    let refused = problem(
        move || rename_outcome.get().and_then(Result::err),
        move || merge_outcome.get().and_then(Result::err),
    );
    let merged = move || {
        merge_outcome.get().and_then(Result::ok).map(|n| {
            view! { <p class="notice" role="status">{format!("Merged; {n} article{} gained the tag.", if n == 1 { "" } else { "s" })}</p> }
        })
    };
    view! {
        <Title text="Tags – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Tags"</h1>
            <p class="field-hint">"Tags are created as editors type them on articles. Rename them here, or merge duplicates (\"Refugee\" into \"Refugees\")."</p>
            {refused}
            {merged}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Tags p rename merge /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Tags(
    p: TagList,
    rename: ServerAction<RenameTag>,
    merge: ServerAction<MergeTag>,
) -> impl IntoView {
    let query = use_query_map();
    let q = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    let keep = if q.is_empty() {
        String::new()
    } else {
        format!("q={}", encode_query_value(&q))
    };
    view! {
        <Form method="GET" action="/admin/tags" attr:class="filters">
            <label>"Find a tag " <input type="search" name="q" value=q /></label>
            <button type="submit">"Search"</button>
        </Form>
        <p>{format!("{} tag{}", p.total, if p.total == 1 { "" } else { "s" })}</p>
        <table class="desk-table">
            <thead><tr>
                <th scope="col">"Tag"</th>
                <th scope="col">"Articles"</th>
                <th scope="col">"Rename"</th>
                <th scope="col">"Merge into"</th>
            </tr></thead>
            <tbody>
                {p.tags.into_iter().map(|tag| view! { <TagItem tag rename merge /> }).collect_view()}
            </tbody>
        </table>
        <Pagination base="/admin/tags".into() page=p.page total_pages=p.total_pages keep />
    }
}

#[component]
fn TagItem(
    tag: TagRow,
    rename: ServerAction<RenameTag>,
    merge: ServerAction<MergeTag>,
) -> impl IntoView {
    let TagRow {
        id,
        name,
        slug,
        articles,
    } = tag;
    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
    view! {
        <tr>
            <th scope="row"><a href=format!("/tag/{slug}")>{name.clone()}</a></th>
            <td>{articles}</td>
            <td>
                <ActionForm action=rename attr:class="inline-fields">
                    <input type="hidden" name="id" value=id />
                    <label class="visually-hidden" for=format!("rename-{id}")>"New name for " {n1}</label>
                    <input id=format!("rename-{id}") name="name" type="text" value=name required size="16" />
                    <button type="submit">"Rename" <span class="visually-hidden">" " {n2}</span></button>
                </ActionForm>
            </td>
            <td>
                <ActionForm action=merge attr:class="inline-fields">
                    <input type="hidden" name="id" value=id />
                    <label class="visually-hidden" for=format!("merge-{id}")>"Merge " {n3} " into"</label>
                    <input id=format!("merge-{id}") name="into" type="text" required size="16" placeholder="another tag" />
                    <button type="submit">"Merge" <span class="visually-hidden">" " {n4}</span></button>
                </ActionForm>
            </td>
        </tr>
    }
}
