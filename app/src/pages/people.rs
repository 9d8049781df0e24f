//! `/admin/people`: admins create staff accounts, change roles and disable accounts.

use super::admin::{DeskNav, Refused};
use super::Loading;
use crate::api::{get_people, ChangeRole, CreateStaff, SetAccountDisabled};
use crate::components::{form_echo, form_error, Field, FormProblem, Pagination, TimeAgo};
use crate::domain::encode_query_value;
use crate::domain::roles::Role;
use crate::model::{PeoplePage, Person};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "Admin",
        Role::Editor => "Editor",
        Role::Author => "Author",
        Role::Contributor => "Contributor",
        Role::Reader => "Reader",
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let query = use_query_map();
    let (q, everyone, page) = query.with_untracked(|query| {
        (
            query.get("q"),
            query.get("everyone").is_some(),
            query.get("page").and_then(|p| p.parse::<u32>().ok()),
        )
    });
    view! {
        <Title text="People – Dashboard" />
        <Meta name="robots" content="noindex" />
        <section class="admin wrap">
            <DeskNav />
            <h1>"People"</h1>
            <PeopleDesk q everyone page />
        </section>
    }
}

/// The page's forms and list, an island: a new account's one-time password is the create
/// action's result, which only the browser can show.
#[island(lazy)]
fn PeopleDesk(q: Option<String>, everyone: bool, page: Option<u32>) -> impl IntoView {
    crate::components::island_hydrated("PeopleDesk");
    let create = ServerAction::<CreateStaff>::new();
    let change = ServerAction::<ChangeRole>::new();
    let disable = ServerAction::<SetAccountDisabled>::new();
    let filter = (q.clone(), everyone);
    let key = move || {
        (
            q.clone(),
            everyone,
            page,
            create.version().get() + change.version().get() + disable.version().get(),
        )
    };
    let page = Resource::new(key, |(q, everyone, page, _)| {
        get_people(q, Some(everyone), page)
    });
    let echo = form_echo(CreateStaff::PATH, None);
    let error = form_error(create.value(), create.version(), echo);
    let made = move || {
        create.value().get().and_then(Result::ok).map(|password| {
            view! {
                <div class="notice" role="status">
                    <p>"The account is ready. Its one-time password is shown only now; pass it on privately and ask them to change it after logging in:"</p>
                    <p><code class="password">{password}</code></p>
                </div>
            }
        })
    };
    let problem = move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| disable.value().get().and_then(Result::err))
            .map(|e| view! { <p class="form-problem" role="alert">{e.to_string()}</p> })
    };
    let filter = StoredValue::new(filter);
    view! {
            <section class="account-section" aria-labelledby="new-staff-heading">
                <h2 id="new-staff-heading">"Add a staff member"</h2>
                {made}
                // Inside Suspense: the form echo (JavaScript off) is a resource.
                <Suspense fallback=|| ()>
                    {move || {
                        let echoed = echo.get();
                        let typed = |k: &str| echoed.as_ref().and_then(|e| e.value(k)).unwrap_or_default().to_owned();
                        let typed_name = typed("name");
                        let typed_email = typed("email");
                        view! {
                            <ActionForm action=create attr:class="staff-form">
                                <FormProblem error fields=&["name", "email", "role"] />
                                <Field name="name" label="Name" id="staff-name".into() error maxlength=Some(50) value=typed_name />
                                <Field name="email" label="Email address" id="staff-email".into() kind="email" error value=typed_email />
                                <div class="field">
                                    <label for="staff-role">"Role"</label>
                                    <select id="staff-role" name="role">
                                        <option value="contributor">"Contributor — writes drafts and submits them"</option>
                                        <option value="author">"Author — also publishes their own"</option>
                                        <option value="editor">"Editor — publishes anyone's; headlines, comments, media"</option>
                                        <option value="admin">"Admin — also people and settings"</option>
                                    </select>
                                </div>
                                <button type="submit" class="button">"Create the account"</button>
                            </ActionForm>
                        }
                    }}
                </Suspense>
            </section>
            {problem}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let (q, everyone) = filter.get_value();
                            view! { <People p q everyone change disable /> }.into_any()
                        }
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
    }
}

#[component]
fn People(
    p: PeoplePage,
    q: Option<String>,
    everyone: bool,
    change: ServerAction<ChangeRole>,
    disable: ServerAction<SetAccountDisabled>,
) -> impl IntoView {
    let q = q.unwrap_or_default();
    let mut keep = Vec::new();
    if !q.is_empty() {
        keep.push(format!("q={}", encode_query_value(&q)));
    }
    if everyone {
        keep.push("everyone=on".to_string());
    }
    let (me, now) = (p.me, p.now);
    view! {
        <h2>{format!("{} {}", p.total, if everyone { "people" } else { "staff" })}</h2>
        <form method="get" action="/admin/people" class="filters">
            <label>"Name or email " <input type="search" name="q" value=q /></label>
            <label class="inline-check"><input type="checkbox" name="everyone" checked=everyone /> " Include readers"</label>
            <button type="submit">"Search"</button>
        </form>
        <table class="desk-table">
            <thead><tr>
                <th scope="col">"Name"</th>
                <th scope="col">"Email"</th>
                <th scope="col">"Role"</th>
                <th scope="col">"Articles"</th>
                <th scope="col">"Joined"</th>
                <th scope="col">"Account"</th>
            </tr></thead>
            <tbody>
                {p.people.into_iter().map(|person| view! { <PersonRow person me now change disable /> }).collect_view()}
            </tbody>
        </table>
        <Pagination base="/admin/people".into() page=p.page total_pages=p.total_pages keep=keep.join("&") />
    }
}

#[component]
fn PersonRow(
    person: Person,
    me: i64,
    now: i64,
    change: ServerAction<ChangeRole>,
    disable: ServerAction<SetAccountDisabled>,
) -> impl IntoView {
    let Person {
        id,
        name,
        email,
        role,
        disabled,
        created_at,
        articles,
    } = person;
    let select_id = format!("role-{id}");
    let options = Role::ALL
        .into_iter()
        .map(|r| view! { <option value=r.as_str() selected=r == role>{role_label(r)}</option> })
        .collect_view();
    let role_cell = if id == me {
        view! { <span>{role_label(role)} " (you)"</span> }.into_any()
    } else {
        let label = name.clone();
        view! {
            <ActionForm action=change attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <label for=select_id.clone() class="visually-hidden">"Role of " {label.clone()}</label>
                <select id=select_id name="role">{options}</select>
                " " <button type="submit">"Change" <span class="visually-hidden">" the role of " {label}</span></button>
            </ActionForm>
        }
        .into_any()
    };
    let account_cell = if id == me {
        view! { <span>"Active"</span> }.into_any()
    } else {
        let label = name.clone();
        view! {
            <ActionForm action=disable attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="disabled" value=(!disabled).to_string() />
                {if disabled { "Disabled " } else { "Active " }}
                <button type="submit" class="link-button">
                    {if disabled { "Enable" } else { "Disable" }}
                    <span class="visually-hidden">" the account of " {label}</span>
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <tr class:disabled=disabled>
            <th scope="row">{name}</th>
            <td>{email}</td>
            <td>{role_cell}</td>
            <td>{articles}</td>
            <td><TimeAgo at=created_at now /></td>
            <td>{account_cell}</td>
        </tr>
    }
}
