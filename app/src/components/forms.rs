//! Forms that work the same with JavaScript off and on.
//!
//! Every form is a plain POST to its server function, rendered by the server (with
//! JavaScript on, `frontend/src/nav.rs` sends it by fetch and swaps in the page that comes
//! back; the islands send theirs themselves). When a post fails, the server renders the page
//! again (with the right 4xx status) and provides a `FormEcho` with what was typed (never
//! passwords) and the error, so the reader sees the message next to the field and loses
//! nothing. When it works, the answers pages show go along to the next page as a `FormDone`.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// A failed plain form post, echoed into the page rendered in reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormEcho {
    /// The server function's URL, e.g. `/api/login`.
    pub action: String,
    pub values: Vec<(String, String)>,
    pub error: AppError,
}

impl FormEcho {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A plain form post that worked, told to the page the reader lands on next (the server
/// carries it there in a short-lived cookie): which action, and its answer as JSON. Only
/// actions in [`DONE_SHOWN`] are carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDone {
    pub action: String,
    pub answer: String,
}

impl FormDone {
    /// The largest answer carried.
    pub const MAX_ANSWER: usize = 512;
    /// How long the cookie lives if no page reads it.
    pub const MAX_AGE: u64 = 60;

    pub fn cookie_name(secure: bool) -> &'static str {
        if secure {
            "__Host-rta_done"
        } else {
            "rta_done"
        }
    }

    /// The cookie's value: URL-safe base64 of the JSON.
    #[cfg(feature = "ssr")]
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The one carried in a `Cookie` header, if any (and its cookie's name).
    #[cfg(feature = "ssr")]
    pub fn from_cookies(header: &str) -> Option<(&'static str, Self)> {
        use base64::Engine;
        header.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            let name = [Self::cookie_name(true), Self::cookie_name(false)]
                .into_iter()
                .find(|n| *n == name)?;
            let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(value)
                .ok()?;
            Some((name, serde_json::from_slice(&json).ok()?))
        })
    }
}

/// Reads the [`FormDone`] cookie of this request, if any, provides it to the page, and
/// clears it: it is told once.
#[cfg(feature = "ssr")]
pub fn provide_form_done() {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return;
    };
    let found = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(FormDone::from_cookies);
    let Some((name, done)) = found else {
        return;
    };
    provide_context(done);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let secure = if name.starts_with("__Host-") {
            "; Secure"
        } else {
            ""
        };
        let clear = format!("{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = http::HeaderValue::from_str(&clear) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The actions whose answers a page shows after a plain post (messages and counts; never
/// anything secret, such as a new staff member's password).
pub const DONE_SHOWN: [&str; 6] = [
    crate::api::BulkArticles::PATH,
    crate::api::RestoreRevision::PATH,
    crate::api::SaveHeadline::PATH,
    crate::api::MergeTag::PATH,
    crate::api::ModerateComments::PATH,
    crate::api::BanCommenter::PATH,
];

/// What became of `action`: its latest run in the browser; else, after a plain form post,
/// the answer carried to this page ([`FormDone`]) or the refusal echoed into it.
pub fn outcome<S>(action: ServerAction<S>) -> Signal<Option<Result<S::Output, AppError>>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    let done = use_context::<FormDone>()
        .filter(|d| d.action == S::PATH)
        .and_then(|d| serde_json::from_str::<S::Output>(&d.answer).ok());
    let echo = form_echo(S::PATH, None);
    Signal::derive(move || {
        action
            .value()
            .get()
            .or_else(|| done.clone().map(Ok))
            .or_else(|| echo.get().map(|e| Err(e.error)))
    })
}

/// The echo for the form posting to `action` (and, when given, with this `id` field). The
/// server provides the echo to the page it renders in reply; only the server renders pages
/// with forms (the islands that hold forms send them themselves).
pub fn form_echo(action: &'static str, id: Option<i64>) -> Signal<Option<FormEcho>> {
    let echo = use_context::<FormEcho>().filter(|e| {
        e.action == action && id.is_none_or(|id| e.value("id") == Some(id.to_string().as_str()))
    });
    Signal::derive(move || echo.clone())
}

/// The error to show for a form: its action's latest result once it has run in the browser,
/// else the echoed one.
pub fn form_error<T, V>(
    value: V,
    version: RwSignal<usize>,
    echo: Signal<Option<FormEcho>>,
) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        if version.get() > 0 {
            value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
        } else {
            echo.get().map(|e| e.error)
        }
    })
}

/// The text of a `<textarea>` as its child. Leptos writes a textarea's children unescaped on
/// the server (as it does a `<script>`'s), but the browser decodes character references in
/// it and ends it at `</textarea>`: typed text holding `</textarea><meta …>` would become
/// markup. So on the server it is escaped here; in the browser it is set as it is.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    let text = crate::domain::escape_html(&text);
    text
}

/// A labelled input with its error message under it (tied by `aria-describedby`).
#[component]
pub fn Field(
    /// The server function argument's name.
    name: &'static str,
    label: &'static str,
    /// Unique on the page.
    id: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(default = String::new())] value: String,
    #[prop(default = None)] maxlength: Option<usize>,
    #[prop(default = true)] required: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| e.field() == Some(name))
            .map(|e| e.to_string())
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                maxlength=maxlength
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
            />
            <p class="field-error" id=error_id role="alert">{message}</p>
        </div>
    }
}

/// A form-level message for errors that belong to no field.
#[component]
pub fn FormProblem(
    error: Signal<Option<AppError>>,
    #[prop(default = &[])] fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|e| e.field().is_none_or(|f| !fields.contains(&f)))
            .map(|e| e.to_string())
    };
    view! { <p class="form-problem" role="alert">{message}</p> }
}
