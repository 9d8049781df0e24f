//! The dashboard (staff only; every function it calls checks the caller itself).

use super::Loading;
use crate::api::{
    get_moderation_queue, BanCommenter, ModerateComment, ModerateComments, UnbanCommenter,
};
use crate::components::{outcome, Pagination, TimeAgo};
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
    let links: [(&str, &str, Capability); 10] = [
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
        ("/admin/log", "Log", Capability::EditOthers),
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

/// `/admin`: the dashboard's front door: what needs doing, what just happened, and how
/// much was published week by week.
#[component]
pub fn AdminPage() -> impl IntoView {
    let home = Resource::new(|| (), |_| crate::api::get_dashboard());
    view! {
        <Title text="Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Dashboard"</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(h) => view! { <Home h /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Home(h: crate::model::DashboardHome) -> impl IntoView {
    use crate::model::ArticleRow;
    let now = h.now;
    let item = move |a: ArticleRow, when: i64| {
        let title = if a.editable {
            view! { <a href=format!("/admin/articles/{}", a.id)>{a.title.clone()}</a> }.into_any()
        } else {
            view! { <span>{a.title.clone()}</span> }.into_any()
        };
        view! { <li>{title} " · " {a.author.clone()} " · " <TimeAgo at=when now /></li> }
    };
    let pending_total = h.pending_total;
    let pending = h
        .pending
        .into_iter()
        .map(|a| {
            let at = a.updated_at;
            item(a, at)
        })
        .collect_view();
    let recent = h
        .recent
        .into_iter()
        .map(|a| {
            let at = a.published_at.unwrap_or(a.updated_at);
            item(a, at)
        })
        .collect_view();
    let has_log = !h.log.is_empty();
    let log = h
        .log
        .into_iter()
        .map(|e| view! { <li><TimeAgo at=e.at now /> " · " <strong>{e.actor}</strong> " " {e.action} ": " {e.subject} {(!e.detail.is_empty()).then(|| format!(" ({})", e.detail))}</li> })
        .collect_view();
    view! {
        <div class="home-grid">
            <section aria-labelledby="review-heading">
                <h2 id="review-heading">"Waiting for review (" {pending_total} ")"</h2>
                {(pending_total == 0).then(|| view! { <p class="notice">"Nothing is waiting."</p> })}
                <ul class="home-list">{pending}</ul>
                {(pending_total > 0).then(|| view! { <p><a href="/admin/articles?status=pending">"All waiting for review"</a></p> })}
            </section>
            {h.can_moderate.then(|| view! {
                <section aria-labelledby="comments-heading">
                    <h2 id="comments-heading">"Comments"</h2>
                    <p>
                        <a href="/admin/comments?tab=pending">{format!("{} awaiting moderation", h.comments_pending)}</a>
                        " · "
                        <a href="/admin/comments?tab=reported">{format!("{} reported", h.comments_reported)}</a>
                    </p>
                </section>
            })}
            <section aria-labelledby="recent-heading">
                <h2 id="recent-heading">"Recently published"</h2>
                <ul class="home-list">{recent}</ul>
            </section>
            <section aria-labelledby="chart-heading" class="home-chart">
                <h2 id="chart-heading">"Articles published per week"</h2>
                <WeeklyChart weeks=h.weekly />
            </section>
            {has_log.then(|| view! {
                <section aria-labelledby="log-heading">
                    <h2 id="log-heading">"Recent activity"</h2>
                    <ul class="home-list">{log}</ul>
                    <p><a href="/admin/log">"The whole log"</a></p>
                </section>
            })}
        </div>
    }
}

/// A bar chart of articles per week (plain SVG, no script), with the numbers as a table for
/// screen readers.
#[component]
fn WeeklyChart(weeks: Vec<(i64, u32)>) -> impl IntoView {
    use crate::domain::Date;
    const W: usize = 600;
    const H: u32 = 160;
    const TOP: u32 = 18;
    let n = weeks.len().max(1);
    let slot = W / n;
    let max = weeks.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let label = |t: i64| {
        let d = Date::from_timestamp(t);
        format!("{} {}", &d.month_name()[..3], d.day())
    };
    let total: u32 = weeks.iter().map(|(_, c)| *c).sum();
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, (start, count))| {
            let height = (count * (H - TOP)) / max;
            let x = i * slot + 4;
            let y = H - height;
            view! {
                <g>
                    <rect x=x y=y width=slot - 8 height=height class="bar"><title>{format!("Week of {}: {count}", label(*start))}</title></rect>
                    <text x=x + (slot - 8) / 2 y=y.saturating_sub(4).max(12) text-anchor="middle" class="count">{*count}</text>
                    <text x=x + (slot - 8) / 2 y=H + 16 text-anchor="middle" class="week">{label(*start)}</text>
                </g>
            }
        })
        .collect_view();
    let rows = weeks
        .iter()
        .map(|(start, count)| view! { <tr><th scope="row">{format!("Week of {}", label(*start))}</th><td>{*count}</td></tr> })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {}", H + 24) role="img" aria-labelledby="chart-summary" focusable="false">
            <title id="chart-summary">{format!("{total} articles in the last {} weeks", weeks.len())}</title>
            <line x1="0" y1=H x2=W y2=H class="axis" />
            {bars}
        </svg>
        <table class="visually-hidden">
            <caption>"Articles published per week"</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// `/admin/log`: who did what, when.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())),
        crate::api::get_audit_log,
    );
    view! {
        <Title text="Audit log – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Audit log"</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let now = p.now;
                            view! {
                                <table class="desk-table">
                                    <thead><tr>
                                        <th scope="col">"When"</th>
                                        <th scope="col">"Who"</th>
                                        <th scope="col">"Did"</th>
                                        <th scope="col">"To"</th>
                                        <th scope="col">"Details"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.entries.into_iter().map(|e| view! {
                                            <tr>
                                                <td><TimeAgo at=e.at now /></td>
                                                <td>{e.actor}</td>
                                                <td>{e.action}</td>
                                                <td>{e.subject}</td>
                                                <td>{e.detail}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pagination base="/admin/log".into() page=p.page total_pages=p.total_pages />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
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
            <Transition fallback=Loading>
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
    let (one, unban, bulk, ban) = (
        outcome(action),
        outcome(actions.unban),
        outcome(actions.bulk),
        outcome(actions.ban),
    );
    let problem = move || {
        one.get()
            .and_then(Result::err)
            .or_else(|| unban.get().and_then(Result::err))
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    let report = move || {
        let done = bulk.get().or_else(|| ban.get());
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
                {c.in_reply_to.clone().map(|(who, body)| view! {
                    <blockquote class="queue-context">
                        <p class="comment-meta">"In reply to " <strong>{who}</strong> ":"</p>
                        <p>{if body.is_empty() { "(deleted)".to_string() } else { body }}</p>
                    </blockquote>
                })}
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
