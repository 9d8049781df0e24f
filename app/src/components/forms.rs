//! Forms that work the same with JavaScript off and on.
//!
//! Every form is an `ActionForm`: a plain POST to its server function before hydration, a
//! fetch after. When a plain POST fails, the server renders the page again (with the right
//! 4xx status) and provides a `FormEcho` with what was typed (never passwords) and the error,
//! so the reader sees the message next to the field and loses nothing. After hydration the
//! action's own result takes over.

use crate::error::AppError;
use leptos::prelude::*;
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

/// The echo of this response (if any), carried to the browser in the hydration data, and
/// whether the reader has navigated since (then it no longer applies).
#[derive(Clone, Copy)]
pub struct FormEchoes {
    echo: Resource<Option<FormEcho>>,
    pub stale: RwSignal<bool>,
}

/// Made once, by the App.
pub fn provide_form_echoes() -> FormEchoes {
    let echo = use_context::<FormEcho>();
    let echoes = FormEchoes {
        echo: Resource::new(
            || (),
            move |_| {
                let echo = echo.clone();
                async move { echo }
            },
        ),
        stale: RwSignal::new(false),
    };
    provide_context(echoes);
    echoes
}

/// The echo for the form posting to `action` (and, when given, with this `id` field), read
/// inside a Suspense so the server and the browser agree.
pub fn form_echo(action: &'static str, id: Option<i64>) -> Signal<Option<FormEcho>> {
    let Some(echoes) = use_context::<FormEchoes>() else {
        return Signal::derive(|| None);
    };
    let id = id.map(|i| i.to_string());
    Signal::derive(move || {
        if echoes.stale.get() {
            return None;
        }
        echoes.echo.get().flatten().filter(|e| {
            e.action == action && id.as_deref().is_none_or(|id| e.value("id") == Some(id))
        })
    })
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
