//! Reader accounts: register, log in and out, change name, email and password, delete.
//! Every function re-checks who is asking; none trusts the page that called it.

use crate::error::AppError;
use crate::model::{CommentFate, Viewer};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The logged-in reader, or None.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    let user = crate::auth::current_user().await?;
    if user.is_some() {
        crate::api::no_store();
    }
    Ok(user.map(|u| Viewer {
        staff: u.is_staff(),
        role: crate::domain::roles::Role::parse(&u.role)
            .unwrap_or(crate::domain::roles::Role::Reader),
        name: u.display_name,
        email: u.email,
    }))
}

/// Creates a reader account and logs it in; returns where to go next.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "register")]
pub async fn register(
    display_name: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::accounts::{check_display_name, check_password, normalise_email, safe_next};
    use crate::{auth, db};
    let state = crate::state::app_state()?;
    let pool = &state.pool;
    let staff = db::users::staff_names(pool).await?;
    let name = check_display_name(&display_name, &staff)
        .map_err(|m| AppError::validation("display_name", m))?;
    let email = normalise_email(&email).map_err(|m| AppError::validation("email", m))?;
    check_password(&password).map_err(|m| AppError::validation("password", m))?;
    if password.trim().to_lowercase() == email {
        return Err(AppError::validation(
            "password",
            "Your password cannot be your email address.",
        ));
    }
    if db::users::by_email(pool, &email).await?.is_some() {
        return Err(email_taken());
    }
    let hash = auth::hash_password(password).await?;
    let id = match db::users::create_reader(pool, &name, &email, &hash, db::now()).await {
        Ok(id) => id,
        Err(db::users::SaveError::EmailTaken) => return Err(email_taken()),
        Err(db::users::SaveError::Db(e)) => return Err(e.into()),
    };
    log_in(id).await?;
    tracing::info!(user = id, "reader registered");
    let next = safe_next(next.as_deref());
    auth::redirect_form_post(&next);
    Ok(next)
}

#[cfg(feature = "ssr")]
fn email_taken() -> AppError {
    AppError::validation(
        "email",
        "An account with this email address already exists. Log in instead.",
    )
}

/// Starts a session for user `id` (with a new session id).
#[cfg(feature = "ssr")]
async fn log_in(id: i64) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let mut session = crate::auth::auth_session().await?;
    let user = crate::db::users::by_id(&state.pool, id)
        .await?
        .ok_or(AppError::Internal)?;
    // A new session id every time (axum-login only renews it for a session with no user).
    session.session.cycle_id().await.map_err(|e| {
        tracing::error!(error = ?e, "renewing a session id");
        AppError::Internal
    })?;
    session
        .login(&crate::auth::User::new(user))
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, "starting a session");
            AppError::Internal
        })?;
    let started = session
        .session
        .insert(crate::auth::SESSION_STARTED, crate::db::now())
        .await;
    if let Err(e) = started {
        tracing::error!(error = ?e, "starting a session");
        return Err(AppError::Internal);
    }
    crate::api::no_store();
    Ok(())
}

/// Counts a login attempt, or refuses it while the account is locked for this address (5
/// failures, then doubling) or has had 100 failures in the last hour from anywhere. The
/// attempt counts as a failure from now until a right password clears it, so a burst of
/// attempts at once cannot all be checked.
#[cfg(feature = "ssr")]
async fn count_login_attempt(account: &str, address: &str, now: i64) -> Result<(), AppError> {
    use crate::domain::accounts::{lock_remaining, wait_words, ACCOUNT_FAILURES_PER_HOUR};
    let state = crate::state::app_state()?;
    let wait = crate::db::users::reserve_login_attempt(&state.pool, account, address, now, |f| {
        lock_remaining(f.from_address, f.last_from_address, now).or_else(|| {
            (f.last_hour >= ACCOUNT_FAILURES_PER_HOUR)
                .then(|| (f.first_in_hour + 3_600 - now).max(1))
        })
    })
    .await?;
    match wait {
        Some(wait) => {
            tracing::warn!(address, "login refused: too many failures");
            Err(AppError::RateLimited {
                retry_after: wait as u64,
                message: format!(
                    "Too many failed attempts to log in to this account. For its safety, please wait {} and try again.",
                    wait_words(wait as u64)
                ),
            })
        }
        None => Ok(()),
    }
}

/// Checks `password` against `user`'s, counted toward the login limits before it is checked.
#[cfg(feature = "ssr")]
async fn password_matches(
    account: &str,
    user: Option<&crate::db::users::UserRow>,
    password: String,
) -> Result<bool, AppError> {
    let state = crate::state::app_state()?;
    let address = crate::auth::client_address().await;
    let now = crate::db::now();
    count_login_attempt(account, &address, now).await?;
    if password.len() > crate::domain::accounts::PASSWORD_MAX {
        return Ok(false);
    }
    let hash = user
        .filter(|u| !u.disabled)
        .and_then(|u| u.password_hash.clone());
    let ok = crate::auth::verify_password(password, hash).await;
    if ok {
        crate::db::users::clear_login_failures(&state.pool, account, &address, now).await?;
    } else {
        tracing::info!(address, "failed login");
    }
    Ok(ok)
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::accounts::{normalise_email, safe_next};
    let state = crate::state::app_state()?;
    if email.trim().is_empty() {
        return Err(AppError::validation("email", "Enter your email address."));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", "Enter your password."));
    }
    // Count failures against what was typed, even when it is not a valid address.
    let account = normalise_email(&email).unwrap_or_else(|_| email.trim().to_lowercase());
    let account: String = account.chars().take(300).collect();
    let user = crate::db::users::by_email(&state.pool, &account).await?;
    if !password_matches(&account, user.as_ref(), password).await? {
        return Err(AppError::validation(
            "password",
            "That email and password do not match an account. Check both and try again.",
        ));
    }
    let Some(user) = user else {
        return Err(AppError::Internal);
    };
    log_in(user.id).await?;
    tracing::info!(user = user.id, "logged in");
    let next = safe_next(next.as_deref());
    crate::auth::redirect_form_post(&next);
    Ok(next)
}

/// Ends this session (a POST, so no link or image elsewhere can log a reader out).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let mut session = crate::auth::auth_session().await?;
    session.logout().await.map_err(|e| {
        tracing::error!(error = ?e, "ending a session");
        AppError::Internal
    })?;
    crate::api::no_store();
    crate::auth::redirect_form_post("/");
    Ok(())
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "update_name")]
pub async fn update_name(display_name: String) -> Result<String, AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    let state = crate::state::app_state()?;
    let staff: Vec<String> = db::users::staff_names(&state.pool)
        .await?
        .into_iter()
        .filter(|n| *n != user.display_name)
        .collect();
    let name = crate::domain::accounts::check_display_name(&display_name, &staff)
        .map_err(|m| AppError::validation("display_name", m))?;
    db::users::set_display_name(&state.pool, user.id, &name).await?;
    // Names are on comments (and, for staff, bylines) across the site: if readers see it.
    if db::users::shown_publicly(&state.pool, user.id).await? {
        state.cache.purge_all();
    }
    crate::auth::redirect_form_post("/account?saved=name");
    Ok(name)
}

/// The current password, checked (and counted toward the login limits) before a change.
#[cfg(feature = "ssr")]
async fn confirm_password(
    user: &crate::db::users::UserRow,
    current_password: String,
) -> Result<(), AppError> {
    if current_password.is_empty() {
        return Err(AppError::validation(
            "current_password",
            "Enter your current password.",
        ));
    }
    if password_matches(&user.email, Some(user), current_password).await? {
        Ok(())
    } else {
        Err(AppError::validation(
            "current_password",
            "That is not your current password.",
        ))
    }
}

#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "update_email")]
pub async fn update_email(email: String, current_password: String) -> Result<String, AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    let email = crate::domain::accounts::normalise_email(&email)
        .map_err(|m| AppError::validation("email", m))?;
    confirm_password(&user, current_password).await?;
    let state = crate::state::app_state()?;
    match db::users::set_email(&state.pool, user.id, &email).await {
        Ok(()) => {}
        Err(db::users::SaveError::EmailTaken) => {
            return Err(AppError::validation(
                "email",
                "Another account already uses this email address.",
            ))
        }
        Err(db::users::SaveError::Db(e)) => return Err(e.into()),
    }
    crate::auth::redirect_form_post("/account?saved=email");
    Ok(email)
}

/// Changes the password and ends every other session of this user; this one gets a new id.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "update_password")]
pub async fn update_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    crate::domain::accounts::check_password(&new_password)
        .map_err(|m| AppError::validation("new_password", m))?;
    if new_password.trim().to_lowercase() == user.email {
        return Err(AppError::validation(
            "new_password",
            "Your password cannot be your email address.",
        ));
    }
    confirm_password(&user, current_password).await?;
    let state = crate::state::app_state()?;
    let hash = crate::auth::hash_password(new_password).await?;
    db::users::set_password(&state.pool, user.id, &hash).await?;
    let session = crate::auth::auth_session().await?;
    let internal = |e: tower_sessions::session::Error| {
        tracing::error!(error = ?e, "renewing a session");
        AppError::Internal
    };
    session.session.cycle_id().await.map_err(internal)?;
    log_in(user.id).await?;
    let keep = session.session.id().map(|id| id.to_string());
    db::sessions::delete_for_user(&state.pool, user.id, keep.as_deref()).await?;
    tracing::info!(user = user.id, "password changed; other sessions ended");
    crate::auth::redirect_form_post("/account?saved=password");
    Ok(())
}

/// Deletes the account after checking the password; comments removed or anonymised.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(
    current_password: String,
    comments: CommentFate,
) -> Result<(), AppError> {
    use crate::db;
    let user = crate::auth::require_user().await?;
    if user.is_staff() {
        return Err(AppError::validation(
            "current_password",
            "Staff accounts are closed by an administrator, not here.",
        ));
    }
    confirm_password(&user, current_password).await?;
    let state = crate::state::app_state()?;
    let shown = db::users::shown_publicly(&state.pool, user.id).await?;
    db::users::delete_account(&state.pool, user.id, comments, db::now()).await?;
    db::sessions::delete_for_user(&state.pool, user.id, None).await?;
    let mut session = crate::auth::auth_session().await?;
    let _ = session.logout().await;
    tracing::info!(user = user.id, "account deleted");
    // Their name was on their comments, which may be on any page.
    if shown {
        state.cache.purge_all();
    }
    crate::auth::redirect_form_post("/?account=deleted");
    Ok(())
}
