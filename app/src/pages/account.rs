//! `/login`, `/register` and `/account`.

use crate::api::{DeleteAccount, Login, Logout, Register, UpdateEmail, UpdateName, UpdatePassword};
use crate::components::{form_echo, form_error, Field, FormProblem, PageMeta};
use crate::domain::accounts::{NAME_MAX, PASSWORD_MAX};
use crate::domain::encode_query_value;
use crate::model::Viewer;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The logged-in reader (None for visitors), loaded once per page load by the App.
#[derive(Clone, Copy)]
pub struct ViewerContext(pub Resource<Result<Option<Viewer>, crate::error::AppError>>);

pub(crate) fn use_viewer() -> Option<Resource<Result<Option<Viewer>, crate::error::AppError>>> {
    use_context::<ViewerContext>().map(|ViewerContext(r)| r)
}

/// `?next=` as given (checked again by the server).
fn next_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("next")).unwrap_or_default())
}

/// `path` passing `next` on, when there is one.
fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?next={}", encode_query_value(next))
    }
}

/// After a login or registration in the browser: load the page they came from afresh, so
/// everything on it knows who they are.
fn go_to_after_success(
    value: impl Get<Value = Option<Result<String, crate::error::AppError>>> + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        if let Some(Ok(next)) = value.get() {
            let _ = window().location().assign(&next);
        }
    });
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let echo = form_echo(Login::PATH, None);
    let error = form_error(action.value(), action.version(), echo);
    go_to_after_success(action.value());
    let next = next_param();
    let register_href = move || with_next("/register", &next.get());
    view! {
        <PageMeta title="Log in" description="Log in to comment on Rights To All." path="/login" noindex=true />
        <section class="account-page wrap">
            <h1>"Log in"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let viewer = match use_viewer() {
                        Some(v) => v.await.ok().flatten(),
                        None => None,
                    };
                    let echoed = echo.get();
                    let email = echoed.as_ref().and_then(|e| e.value("email")).unwrap_or_default().to_owned();
                    view! {
                        {viewer.map(|v| view! {
                            <p class="notice">
                                "You are already logged in as " <strong>{v.name}</strong> ". "
                                <a href="/account">"Your account"</a>
                            </p>
                        })}
                        <ActionForm action>
                            <FormProblem error fields=&["email", "password"] />
                            <input type="hidden" name="next" value=move || next.get() />
                            <Field name="email" label="Email address" id="login-email".into() kind="email"
                                autocomplete="username" value=email error />
                            <Field name="password" label="Password" id="login-password".into() kind="password"
                                autocomplete="current-password" maxlength=Some(PASSWORD_MAX) error />
                            <button type="submit" class="button" disabled=move || action.pending().get()>"Log in"</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p class="account-switch">"No account yet? " <a href=register_href>"Register"</a> " — it is free and takes a minute."</p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let echo = form_echo(Register::PATH, None);
    let error = form_error(action.value(), action.version(), echo);
    go_to_after_success(action.value());
    let next = next_param();
    let login_href = move || with_next("/login", &next.get());
    view! {
        <PageMeta title="Register" description="Create a free reader account to join the discussion on Rights To All." path="/register" noindex=true />
        <section class="account-page wrap">
            <h1>"Create an account"</h1>
            <p>"Readers with an account can comment on articles. We ask only for what that needs; see our " <a href="/privacy">"privacy policy"</a> "."</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let echoed = echo.get();
                    let typed = |k: &str| echoed.as_ref().and_then(|e| e.value(k)).unwrap_or_default().to_owned();
                    let (name, email) = (typed("display_name"), typed("email"));
                    view! {
                        <ActionForm action>
                            <FormProblem error fields=&["display_name", "email", "password"] />
                            <input type="hidden" name="next" value=move || next.get() />
                            <Field name="display_name" label="Name shown with your comments" id="register-name".into()
                                autocomplete="nickname" maxlength=Some(NAME_MAX) value=name error />
                            <Field name="email" label="Email address" id="register-email".into() kind="email"
                                autocomplete="email" hint=Some("Never shown to anyone. You log in with it.") value=email error />
                            <Field name="password" label="Password" id="register-password".into() kind="password"
                                autocomplete="new-password" maxlength=Some(PASSWORD_MAX)
                                hint=Some("At least 12 characters. A few unrelated words make a strong password that is easy to remember.") error />
                            <button type="submit" class="button" disabled=move || action.pending().get()>"Create account"</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p class="account-switch">"Already have an account? " <a href=login_href>"Log in"</a></p>
        </section>
    }
}

/// A "Log out" button: a POST, so no link elsewhere can log a reader out.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign("/");
        }
    });
    view! {
        <ActionForm action>
            <button type="submit" class="link-button">"Log out"</button>
        </ActionForm>
    }
}

/// `/logout`: a page with the button, for anyone who types the address (logging out is a
/// POST, so a link or an image elsewhere cannot log a reader out).
#[component]
pub fn LogoutPage() -> impl IntoView {
    view! {
        <PageMeta title="Log out" description="Log out of Rights To All." path="/logout" noindex=true />
        <section class="account-page wrap">
            <h1>"Log out"</h1>
            <p>"Log out of Rights To All on this device?"</p>
            <LogoutButton />
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <PageMeta title="Your account" description="Your Rights To All reader account." path="/account" noindex=true />
        <section class="account-page wrap">
            <h1>"Your account"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    let viewer = match viewer {
                        Some(v) => v.await.ok().flatten(),
                        None => None,
                    };
                    match viewer {
                        Some(viewer) => view! { <AccountForms viewer /> }.into_any(),
                        None => view! {
                            <p class="notice">
                                "Please " <a href="/login?next=/account">"log in"</a>
                                " to see your account, or " <a href="/register">"register"</a> "."
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A message after a change that worked: from the action in the browser, or `?saved=` after
/// a plain form post.
fn saved_note<T: Clone + Send + Sync + 'static>(
    value: impl With<Value = Option<Result<T, crate::error::AppError>>>
        + Get<Value = Option<Result<T, crate::error::AppError>>>
        + Send
        + Sync
        + 'static,
    key: &'static str,
    text: &'static str,
) -> impl IntoView {
    let query = use_query_map();
    move || {
        let done_here = matches!(value.get(), Some(Ok(_)));
        let done_before =
            value.with(Option::is_none) && query.with(|q| q.get("saved")).as_deref() == Some(key);
        (done_here || done_before).then(|| view! { <p class="saved" role="status">{text}</p> })
    }
}

#[component]
fn AccountForms(viewer: Viewer) -> impl IntoView {
    let name = ServerAction::<UpdateName>::new();
    let email = ServerAction::<UpdateEmail>::new();
    let password = ServerAction::<UpdatePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let name_echo = form_echo(UpdateName::PATH, None);
    let email_echo = form_echo(UpdateEmail::PATH, None);
    let password_echo = form_echo(UpdatePassword::PATH, None);
    let delete_echo = form_echo(DeleteAccount::PATH, None);
    let name_error = form_error(name.value(), name.version(), name_echo);
    let email_error = form_error(email.value(), email.version(), email_echo);
    let password_error = form_error(password.value(), password.version(), password_echo);
    let delete_error = form_error(delete.value(), delete.version(), delete_echo);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            let _ = window().location().assign("/?account=deleted");
        }
    });
    // A changed password empties its fields; other forms keep what was saved.
    let password_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(form)) = (password.value().get(), password_form.get()) {
            form.reset();
        }
    });
    let typed =
        |echo: Signal<Option<crate::components::FormEcho>>, key: &'static str, default: String| {
            echo.get_untracked()
                .and_then(|e| e.value(key).map(str::to_owned))
                .unwrap_or(default)
        };
    view! {
        <p>"Logged in as " <strong>{viewer.name.clone()}</strong> " (" {viewer.email.clone()} ")."</p>
        <div class="account-sections">
            <section aria-labelledby="name-heading" class="account-section">
                <h2 id="name-heading">"Your name"</h2>
                <ActionForm action=name>
                    <FormProblem error=name_error fields=&["display_name"] />
                    <Field name="display_name" label="Name shown with your comments" id="account-name".into()
                        autocomplete="nickname" maxlength=Some(NAME_MAX)
                        value=typed(name_echo, "display_name", viewer.name.clone()) error=name_error />
                    <button type="submit" class="button">"Save name"</button>
                    {saved_note(name.value(), "name", "Your name is saved.")}
                </ActionForm>
            </section>
            <section aria-labelledby="email-heading" class="account-section">
                <h2 id="email-heading">"Email address"</h2>
                <ActionForm action=email>
                    <FormProblem error=email_error fields=&["email", "current_password"] />
                    <Field name="email" label="Email address" id="account-email".into() kind="email"
                        autocomplete="email" value=typed(email_echo, "email", viewer.email.clone()) error=email_error />
                    <Field name="current_password" label="Current password" id="account-email-password".into()
                        kind="password" autocomplete="current-password" error=email_error />
                    <button type="submit" class="button">"Change email"</button>
                    {saved_note(email.value(), "email", "Your email address is changed.")}
                </ActionForm>
            </section>
            <section aria-labelledby="password-heading" class="account-section">
                <h2 id="password-heading">"Password"</h2>
                <ActionForm action=password node_ref=password_form>
                    <FormProblem error=password_error fields=&["current_password", "new_password"] />
                    <Field name="current_password" label="Current password" id="account-current-password".into()
                        kind="password" autocomplete="current-password" error=password_error />
                    <Field name="new_password" label="New password" id="account-new-password".into()
                        kind="password" autocomplete="new-password" maxlength=Some(PASSWORD_MAX)
                        hint=Some("At least 12 characters. Changing it logs you out everywhere else.") error=password_error />
                    <button type="submit" class="button">"Change password"</button>
                    {saved_note(password.value(), "password", "Your password is changed, and every other session is logged out.")}
                </ActionForm>
            </section>
            <section aria-labelledby="data-heading" class="account-section">
                <h2 id="data-heading">"Your data"</h2>
                <p>"Download everything we hold about you (your details and comments) as a JSON file."</p>
                <p><a class="button" href="/account/export.json" download="rights-to-all-account.json" rel="external">"Download my data"</a></p>
            </section>
            <section aria-labelledby="delete-heading" class="account-section danger-zone">
                <h2 id="delete-heading">"Delete your account"</h2>
                <ActionForm action=delete>
                    <FormProblem error=delete_error fields=&["current_password"] />
                    <fieldset>
                        <legend>"Your comments"</legend>
                        <label><input type="radio" name="comments" value="remove" checked=true />" Delete them"</label>
                        <label><input type="radio" name="comments" value="anonymise" />" Keep them, shown as by “Former reader”"</label>
                    </fieldset>
                    <Field name="current_password" label="Current password" id="account-delete-password".into()
                        kind="password" autocomplete="current-password" error=delete_error />
                    <button type="submit" class="button danger">"Delete my account"</button>
                </ActionForm>
            </section>
            <section aria-labelledby="logout-heading" class="account-section">
                <h2 id="logout-heading">"Log out"</h2>
                <LogoutButton />
            </section>
        </div>
    }
}
