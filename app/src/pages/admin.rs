//! The dashboard (staff only; every function it calls checks the caller itself).

use super::{page_loading, Loading};
use crate::api::{
    get_moderation_queue, BanCommenter, ModerateComment, ModerateComments, UnbanCommenter,
};
use crate::components::{Pagination, TimeAgo};
use crate::error::AppError;
use crate::model::{Decision, ModerationQueue, QueuedComment, Tab};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

/// What a refusal looks like in the dashboard: log in, or no access.
#[component]
pub(crate) fn Refused(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(error.status_code()) {
            response.set_status(status);
        }
    }
    let text = match error {
        AppError::Unauthorized => view! {
            <p class="notice">"Please " <a href="/login?next=/admin">"log in"</a> " with a staff account."</p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <p class="notice">"Your account does not have access to this part of the dashboard."</p>
        }
        .into_any(),
        other => view! { <p class="notice">{other.to_string()}</p> }.into_any(),
    };
    view! { <h1>"Dashboard"</h1> {text} }
}

/// The dashboard's own navigation: what this person's role lets them use.
#[component]
pub(crate) fn DeskNav() -> impl IntoView {
    use crate::domain::roles::{Capability, Role};
    let viewer = super::account::use_viewer();
    let links: [(&str, &str, Capability); 9] = [
        ("/admin", "Dashboard", Capability::ViewDashboard),
        ("/admin/articles", "Articles", Capability::ViewDashboard),
        (
            "/admin/articles/new",
            "New article",
            Capability::WriteDrafts,
        ),
        ("/admin/headlines", "Headlines", Capability::ManageHeadlines),
        ("/admin/comments", "Comments", Capability::ModerateComments),
        ("/admin/media", "Media", Capability::ManageMedia),
        ("/admin/sections", "Sections", Capability::ManageTaxonomy),
        ("/admin/tags", "Tags", Capability::ManageTaxonomy),
        ("/admin/people", "People", Capability::ManagePeople),
    ];
    let location = leptos_router::hooks::use_location();
    view! {
        <nav class="desk-nav" aria-label="Dashboard">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let role = match viewer {
                        Some(v) => v.await.ok().flatten().map(|v| v.role),
                        None => None,
                    }
                    .unwrap_or(Role::Reader);
                    view! {
                        <ul>
                            {move || {
                                let path = location.pathname.get();
                                links
                                    .iter()
                                    .filter(|(_, _, cap)| role.can(*cap))
                                    .map(|(href, label, _)| {
                                        let here = (path == *href).then_some("page");
                                        view! { <li><a href=*href aria-current=here>{*label}</a></li> }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    }
                })}
            </Suspense>
        </nav>
    }
}

/// `/admin`: the dashboard's front door.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Dashboard"</h1>
            <ul class="admin-links">
                <li><a href="/admin/articles">"Articles"</a> " — write, review, schedule and publish; revisions and the trash."</li>
                <li><a href="/admin/headlines">"Breaking headlines"</a> " — the ticker: publish, reorder, schedule and take down; open pages update at once."</li>
                <li><a href="/admin/comments">"Comments"</a> " — approve, hold, mark as spam or trash readers' comments, and review reports."</li>
                <li><a href="/admin/media">"Media"</a> " — upload images (location and camera data removed), edit alt text, captions and credits."</li>
                <li><a href="/admin/sections">"Sections"</a> " and " <a href="/admin/tags">"tags"</a> " — the navigation's sections and their order; rename and merge tags."</li>
                <li><a href="/admin/people">"People"</a> " — add staff, change roles, disable accounts (admins)."</li>
            </ul>
        </section>
    }
}

fn tab_label(tab: Tab) -> &'static str {
    match tab {
        Tab::Pending => "Pending",
        Tab::Approved => "Approved",
        Tab::Reported => "Reported",
        Tab::Spam => "Spam",
        Tab::Trash => "Trash",
    }
}

/// `/admin/comments?tab=…`: the moderation queue.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let query = use_query_map();
    let action = ServerAction::<ModerateComment>::new();
    let actions = QueueActions {
        one: action,
        bulk: ServerAction::<ModerateComments>::new(),
        ban: ServerAction::<BanCommenter>::new(),
        unban: ServerAction::<UnbanCommenter>::new(),
    };
    let key = move || {
        let q = query.get();
        (
            q.get("tab").unwrap_or_else(|| "pending".into()),
            q.get("page").and_then(|p| p.parse::<u32>().ok()),
            action.version().get()
                + actions.bulk.version().get()
                + actions.ban.version().get()
                + actions.unban.version().get(),
        )
    };
    let queue = Resource::new(key, |(tab, page, _)| get_moderation_queue(tab, page));
    view! {
        <Title text="Comments – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <Transition fallback=Loading set_pending=page_loading()>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(q) => view! { <Queue q actions /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What can be done from the queue.
#[derive(Clone, Copy)]
struct QueueActions {
    one: ServerAction<ModerateComment>,
    bulk: ServerAction<ModerateComments>,
    ban: ServerAction<BanCommenter>,
    unban: ServerAction<UnbanCommenter>,
}

#[component]
fn Queue(q: ModerationQueue, actions: QueueActions) -> impl IntoView {
    let action = actions.one;
    let tabs = Tab::ALL
        .into_iter()
        .zip(q.counts.iter().copied())
        .map(|(tab, count)| {
            let current = (tab == q.tab).then_some("page");
            view! {
                <li>
                    <a href=format!("/admin/comments?tab={}", tab.as_str()) aria-current=current>
                        {tab_label(tab)} " (" {count} ")"
                    </a>
                </li>
            }
        })
        .collect_view();
    let problem = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.unban.value().get().and_then(Result::err))
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    let report = move || {
        let done = actions
            .bulk
            .value()
            .get()
            .or_else(|| actions.ban.value().get());
        done.map(|r| match r {
            Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
            Err(e) => view! { <p class="form-problem" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    let empty = q.items.is_empty();
    let now = q.now;
    let tab = q.tab;
    view! {
        <h1>"Comments"</h1>
        <nav aria-label="Comment status" class="admin-tabs"><ul>{tabs}</ul></nav>
        {problem}
        {report}
        {empty.then(|| view! { <p class="notice">"Nothing here."</p> })}
        {(!empty).then(|| view! {
            // The checkboxes on each comment belong to this form (their `form` attribute).
            <ActionForm action=actions.bulk attr:id="bulk-comments" attr:class="bulk-actions">
                <label for="bulk-decision">"With the ticked comments: "</label>
                <select id="bulk-decision" name="decision">
                    <option value="approve">"Approve"</option>
                    <option value="spam">"Mark as spam"</option>
                    <option value="trash">"Move to the trash"</option>
                    <option value="hold">"Hold"</option>
                </select>
                <button type="submit">"Apply"</button>
            </ActionForm>
        })}
        <ol class="queue">
            {q.items.into_iter().enumerate().map(|(i, c)| view! { <QueueItem c i now tab actions /> }).collect_view()}
        </ol>
        <Pagination base="/admin/comments".into() page=q.page total_pages=q.total_pages keep=format!("tab={}", tab.as_str()) />
    }
}

#[component]
fn QueueItem(
    c: QueuedComment,
    i: usize,
    now: i64,
    tab: Tab,
    actions: QueueActions,
) -> impl IntoView {
    let action = actions.one;
    let id = c.id;
    let user_id = c.user_id;
    let banned = c.banned;
    let decisions: Vec<(Decision, &str)> = [
        (Decision::Approve, "Approve"),
        (Decision::Hold, "Hold"),
        (Decision::Spam, "Spam"),
        (Decision::Trash, "Trash"),
        (Decision::Dismiss, "Dismiss reports"),
    ]
    .into_iter()
    .filter(|(d, _)| match d {
        Decision::Approve => c.status != "approved",
        Decision::Hold => c.status != "pending",
        Decision::Spam => c.status != "spam",
        Decision::Trash => c.status != "trash",
        Decision::Dismiss => tab == Tab::Reported,
    })
    .collect();
    let author = c.author_name.clone();
    let label_for = author.clone();
    let ban_name = author.clone();
    let article = if c.url.is_empty() {
        view! { <span>{c.article_title.clone()}</span> }.into_any()
    } else {
        view! { <a href=c.url.clone()>{c.article_title.clone()}</a> }.into_any()
    };
    view! {
        <li class="queue-item">
            <article aria-label=format!("Comment by {author}")>
                <p class="comment-meta">
                    <strong class="comment-author">{author.clone()}</strong> " · " <TimeAgo at=c.created_at now /> " · on " {article}
                    {(c.reports > 0).then(|| view! { " · " <strong class="reports">{format!("reported {} time{}", c.reports, if c.reports == 1 { "" } else { "s" })}</strong> })}
                </p>
                <p class="queue-pick">
                    <input type="checkbox" id=format!("pick-{id}") name=format!("ids[{i}]") value=id form="bulk-comments" />
                    <label for=format!("pick-{id}")>"Select" <span class="visually-hidden">" the comment by " {author.clone()}</span></label>
                    {banned.then(|| view! { " · " <strong>"Banned from commenting"</strong> })}
                </p>
                <p class="queue-body">{c.body.clone()}</p>
                <div class="comment-actions">
                    {decisions.into_iter().map(|(decision, label)| {
                        let value = decision.as_str();
                        let who = label_for.clone();
                        view! {
                            <ActionForm action>
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="decision" value=value />
                                <button type="submit" class="link-button comment-action">{label} <span class="visually-hidden">" the comment by " {who}</span></button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
                {if banned {
                    view! {
                        <ActionForm action=actions.unban attr:class="inline-form">
                            <input type="hidden" name="user_id" value=user_id />
                            <button type="submit" class="link-button">"Lift the ban" <span class="visually-hidden">" on " {ban_name.clone()}</span></button>
                        </ActionForm>
                    }
                    .into_any()
                } else {
                    view! {
                        <details class="ban">
                            <summary>"Ban " {ban_name.clone()} " from commenting"</summary>
                            <ActionForm action=actions.ban attr:class="inline-fields">
                                <input type="hidden" name="user_id" value=user_id />
                                <label for=format!("ban-days-{id}")>"For"</label>
                                <select id=format!("ban-days-{id}") name="days">
                                    <option value="1">"a day"</option>
                                    <option value="7">"a week"</option>
                                    <option value="30">"30 days"</option>
                                    <option value="0">"good"</option>
                                </select>
                                <label><input type="checkbox" name="hide" value="on" /> " and hide their comments"</label>
                                <button type="submit">"Ban"</button>
                            </ActionForm>
                        </details>
                    }
                    .into_any()
                }}
            </article>
        </li>
    }
}
