//! `/admin/headlines`: the Breaking News ticker's headlines. Publishing one shows it on every
//! open reader page within a moment.

use super::admin::{DeskNav, Refused};
use super::Loading;
use crate::api::{get_headline_desk, DeleteHeadline, MoveHeadline, SaveHeadline};
use crate::components::{form_echo, form_error, outcome, FormProblem};
use crate::domain::editorial::{format_datetime, long_datetime};
use crate::model::{HeadlineDesk, HeadlineRow};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn HeadlinesPage() -> impl IntoView {
    let save = ServerAction::<SaveHeadline>::new();
    let delete = ServerAction::<DeleteHeadline>::new();
    let shift = ServerAction::<MoveHeadline>::new();
    let query = use_query_map();
    let desk = Resource::new(
        move || {
            (
                save.version().get(),
                delete.version().get(),
                shift.version().get(),
                query.with(|q| q.get("edit")),
            )
        },
        |_| get_headline_desk(),
    );
    // After an edit is saved, back to adding new ones.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            if query.with_untracked(|q| q.get("edit").is_some()) {
                navigate("/admin/headlines", Default::default());
            }
        }
    });
    view! {
        <Title text="Breaking headlines – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"Breaking headlines"</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(d) => view! { <Desk d save delete shift /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Desk(
    d: HeadlineDesk,
    save: ServerAction<SaveHeadline>,
    delete: ServerAction<DeleteHeadline>,
    shift: ServerAction<MoveHeadline>,
) -> impl IntoView {
    let query = use_query_map();
    let editing = query
        .with_untracked(|q| q.get("edit"))
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(|id| d.headlines.iter().find(|h| h.id == id).cloned());
    let echo = form_echo(SaveHeadline::PATH, None);
    let error = form_error(save.value(), save.version(), echo);
    let typed = move |name: &str, stored: String| {
        echo.get_untracked()
            .and_then(|e| e.value(name).map(str::to_owned))
            .unwrap_or(stored)
    };
    let field_error = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| e.to_string())
        }
    };
    let invalid = move |name: &'static str| {
        move || {
            error
                .get()
                .is_some_and(|e| e.field() == Some(name))
                .then_some("true")
        }
    };
    let (save_outcome, delete_outcome, shift_outcome) =
        (outcome(save), outcome(delete), outcome(shift));
    let saved = move || {
        save_outcome
            .get()
            .and_then(Result::ok)
            .map(|_| view! { <p class="notice" role="status">"Saved. Open pages show the change within a moment."</p> })
    };
    let problem = move || {
        delete_outcome
            .get()
            .and_then(Result::err)
            .or_else(|| shift_outcome.get().and_then(Result::err))
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    let now = d.now;
    let id = editing.as_ref().map_or(0, |h| h.id);
    let text = typed(
        "text",
        editing.as_ref().map(|h| h.text.clone()).unwrap_or_default(),
    );
    let link = typed(
        "link",
        editing.as_ref().map(|h| h.url.clone()).unwrap_or_default(),
    );
    let starts = typed(
        "starts_at",
        editing
            .as_ref()
            .filter(|h| h.starts_at > now)
            .map(|h| format_datetime(h.starts_at))
            .unwrap_or_default(),
    );
    let expires = typed(
        "expires_at",
        editing
            .as_ref()
            .and_then(|h| h.expires_at)
            .map(format_datetime)
            .unwrap_or_default(),
    );
    let articles = d
        .articles
        .iter()
        .map(|(title, path)| view! { <option value=path.clone() label=title.clone()></option> })
        .collect_view();
    let count = d.headlines.len();
    view! {
        <section class="account-section" aria-labelledby="headline-form-heading">
            <h2 id="headline-form-heading">{if id == 0 { "Publish a headline" } else { "Edit the headline" }}</h2>
            {saved}
            <ActionForm action=save attr:class="headline-form">
                <FormProblem error fields=&["text", "link", "starts_at", "expires_at"] />
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="headline-text">"Headline"</label>
                    <input id="headline-text" name="text" type="text" maxlength="200" required value=text
                        aria-invalid=invalid("text") aria-describedby="text-error" />
                    <p class="field-error" id="text-error" role="alert">{field_error("text")}</p>
                </div>
                <div class="field">
                    <label for="headline-link">"Link"</label>
                    <p class="field-hint" id="link-hint">"An article on this site (start typing to pick a recent one) or a full https:// address."</p>
                    <input id="headline-link" name="link" type="text" list="recent-articles" required value=link
                        aria-invalid=invalid("link") aria-describedby="link-hint link-error" />
                    <datalist id="recent-articles">{articles}</datalist>
                    <p class="field-error" id="link-error" role="alert">{field_error("link")}</p>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="headline-starts">"Show from (UTC)"</label>
                        <p class="field-hint" id="starts-hint">"Empty: now."</p>
                        <input id="headline-starts" name="starts_at" type="datetime-local" value=starts
                            aria-invalid=invalid("starts_at") aria-describedby="starts-hint starts_at-error" />
                        <p class="field-error" id="starts_at-error" role="alert">{field_error("starts_at")}</p>
                    </div>
                    <div class="field">
                        <label for="headline-expires">"Take down at (UTC)"</label>
                        <p class="field-hint" id="expires-hint">"Empty: it stays until deleted."</p>
                        <input id="headline-expires" name="expires_at" type="datetime-local" value=expires
                            aria-invalid=invalid("expires_at") aria-describedby="expires-hint expires_at-error" />
                        <p class="field-error" id="expires_at-error" role="alert">{field_error("expires_at")}</p>
                    </div>
                </div>
                <button type="submit" class="button">{if id == 0 { "Publish the headline" } else { "Save the headline" }}</button>
                {(id != 0).then(|| view! { " " <a href="/admin/headlines">"Cancel"</a> })}
            </ActionForm>
        </section>
        {problem}
        <h2>"In the ticker"</h2>
        {(count == 0).then(|| view! { <p class="notice">"No headlines."</p> })}
        <table class="desk-table">
            <thead><tr>
                <th scope="col">"Headline"</th>
                <th scope="col">"State"</th>
                <th scope="col">"Shows"</th>
                <th scope="col">"Order"</th>
                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>
                {d.headlines.into_iter().map(|h| view! { <HeadlineItem h now delete shift /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn HeadlineItem(
    h: HeadlineRow,
    now: i64,
    delete: ServerAction<DeleteHeadline>,
    shift: ServerAction<MoveHeadline>,
) -> impl IntoView {
    let state = h.state(now);
    let label = match state {
        "live" => "Live",
        "scheduled" => "Scheduled",
        _ => "Expired",
    };
    let shows = match (h.starts_at > now, h.expires_at) {
        (true, Some(e)) => format!(
            "From {} to {}",
            long_datetime(h.starts_at),
            long_datetime(e)
        ),
        (true, None) => format!("From {}", long_datetime(h.starts_at)),
        (false, Some(e)) if e > now => format!("Until {}", long_datetime(e)),
        (false, Some(e)) => format!("Ended {}", long_datetime(e)),
        (false, None) => "Until deleted".to_string(),
    };
    let id = h.id;
    let text = h.text.clone();
    let (t1, t2, t3) = (text.clone(), text.clone(), text.clone());
    let status_class = match state {
        "live" => "status status-published",
        "scheduled" => "status status-scheduled",
        _ => "status status-trash",
    };
    view! {
        <tr>
            <th scope="row"><a href=h.url.clone()>{h.text.clone()}</a></th>
            <td><span class=status_class>{label}</span></td>
            <td>{shows}</td>
            <td class="order-buttons">
                {(state != "expired").then(|| view! {
                    <ActionForm action=shift attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="up" value="true" />
                        <button type="submit" aria-label=format!("Move up: {t1}")>"↑"</button>
                    </ActionForm>
                    <ActionForm action=shift attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="up" value="false" />
                        <button type="submit" aria-label=format!("Move down: {t2}")>"↓"</button>
                    </ActionForm>
                })}
            </td>
            <td>
                <a href=format!("/admin/headlines?edit={id}")>"Edit" <span class="visually-hidden">" " {text}</span></a>
                " "
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="link-button">"Delete" <span class="visually-hidden">" " {t3}</span></button>
                </ActionForm>
            </td>
        </tr>
    }
}
