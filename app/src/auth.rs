//! Who is asking: sessions (tower-sessions with our SQLite store) and logins (axum-login),
//! password hashing, and the client address the login limits count by. Server only.

use crate::db::users::UserRow;
use crate::error::AppError;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum_login::{AuthUser, AuthnBackend};
use sqlx::SqlitePool;

/// A logged-in user. A session stays valid only while the user's password hash keeps the
/// salt it had at login: changing the password ends every other session.
#[derive(Clone, Debug)]
pub struct User {
    pub row: UserRow,
    auth_hash: Vec<u8>,
}

impl User {
    pub fn new(row: UserRow) -> Self {
        let auth_hash = row
            .password_hash
            .as_deref()
            .and_then(|h| h.split('$').nth(4))
            .unwrap_or_default()
            .as_bytes()
            .to_vec();
        Self { row, auth_hash }
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.row.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

/// Loads users for axum-login. Disabled users and users without a password have no session.
#[derive(Clone, Debug)]
pub struct Backend {
    pool: SqlitePool,
}

impl Backend {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }
}

impl AuthnBackend for Backend {
    type User = User;
    /// Logins are checked by `api::accounts` (with the limits); the session only loads users.
    type Credentials = i64;
    type Error = sqlx::Error;

    async fn authenticate(&self, id: i64) -> Result<Option<User>, sqlx::Error> {
        self.get_user(&id).await
    }

    async fn get_user(&self, id: &i64) -> Result<Option<User>, sqlx::Error> {
        Ok(crate::db::users::by_id(&self.pool, *id)
            .await?
            .filter(|u| !u.disabled && u.password_hash.is_some())
            .map(User::new))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The session key holding when the user logged in (Unix seconds): staff sessions end 12
/// hours after it.
pub const SESSION_STARTED: &str = "rta.started";

/// The address a request came from, as the server decided (a trusted proxy's
/// `X-Forwarded-For`, else the peer). Set by the server's middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

/// The request's auth session, in a server function or a page.
pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = ?e, "no auth session: is the AuthManagerLayer installed?");
        AppError::Internal
    })
}

/// The logged-in user, if any.
pub async fn current_user() -> Result<Option<UserRow>, AppError> {
    Ok(auth_session().await?.user.map(|u| u.row))
}

/// The logged-in user, or 401.
pub async fn require_user() -> Result<UserRow, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

pub async fn client_address() -> String {
    leptos_axum::extract::<axum::Extension<ClientAddress>>()
        .await
        .map(|axum::Extension(a)| a.0)
        .unwrap_or_else(|_| "unknown".into())
}

/// Runs `job` on a hashing thread. Argon2id needs 19 MiB and tens of milliseconds of a core
/// for every hash, so hashes get threads of their own, one per core, and take turns: at most
/// that many run at once, and the allocator keeps each thread's 19 MiB for its next hash. On
/// tokio's blocking pool, a burst of logins ran on up to 512 threads at once, and every
/// thread that ever hashed kept its 19 MiB (`bench/reliability load` peaked at 223 MB).
async fn on_hashing_thread<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    type Job = Box<dyn FnOnce() + Send>;
    static QUEUE: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        for n in 0..cores {
            let receiver = receiver.clone();
            let _ = std::thread::Builder::new()
                .name(format!("password-hashing-{n}"))
                .spawn(move || loop {
                    let next = receiver.lock().map(|r| r.recv());
                    match next {
                        Ok(Ok(job)) => job(),
                        _ => break,
                    }
                });
        }
        sender
    });
    let (done, result) = tokio::sync::oneshot::channel();
    queue
        .send(Box::new(move || {
            let _ = done.send(job());
        }))
        .ok()?;
    result.await.ok()
}

/// An Argon2id hash (PHC string) with the crate's defaults, off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    on_hashing_thread(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .ok_or(AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "hashing a password");
        AppError::Internal
    })
}

/// Whether `password` matches `hash`. With no hash (no such user) it still spends the same
/// time on a dummy hash, so timing does not reveal which emails have accounts.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    on_hashing_thread(move || {
        let (hash, real) = match hash {
            Some(h) => (h, true),
            None => (
                DUMMY
                    .get_or_init(|| {
                        Argon2::default()
                            .hash_password(b"not a real password at all")
                            .map(|h| h.to_string())
                            .unwrap_or_default()
                    })
                    .clone(),
                false,
            ),
        };
        // Verify first, so an unknown account costs the same as a wrong password.
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        matches && real
    })
    .await
    .unwrap_or(false)
}

/// Creates a staff account with a random password, returned to be shown once (by
/// `server create-admin` or on the People page). A refusal names the field at fault
/// (`email` or `name`; empty for a fault of ours).
pub async fn create_staff_account(
    pool: &SqlitePool,
    name: &str,
    email: &str,
    role: crate::domain::roles::Role,
) -> Result<(i64, String), (&'static str, String)> {
    use crate::domain::accounts::{check_display_name, normalise_email, password_from_bytes};
    let email = normalise_email(email).map_err(|m| ("email", m))?;
    // Staff names are not checked against other staff (two people may share a name), and
    // the publication's reserved words ("Editor") are fine for staff.
    let name = check_display_name(name, &[])
        .or_else(|m| {
            let tidy = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if m.contains("belongs to the publication") {
                Ok(tidy)
            } else {
                Err(m)
            }
        })
        .map_err(|m| ("name", m))?;
    let password = password_from_bytes(argon2::password_hash::generate_salt());
    let hash = hash_password(password.clone())
        .await
        .map_err(|e| ("", format!("hashing the password: {e}")))?;
    match crate::db::users::create_staff(pool, &name, &email, &hash, role, crate::db::now()).await {
        Ok(id) => Ok((id, password)),
        Err(crate::db::users::SaveError::EmailTaken) => Err((
            "email",
            format!("An account with the email {email} already exists; nothing was changed."),
        )),
        Err(crate::db::users::SaveError::Db(e)) => Err(("", format!("saving the account: {e}"))),
    }
}

/// True when the request is a plain HTML form post (JavaScript off), which gets a redirect
/// or a rendered page rather than JSON.
pub fn plain_form_post() -> bool {
    use_context_parts()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

fn use_context_parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

/// Sends a plain form post on to `path` when it succeeds (JavaScript callers get the result
/// and move on themselves).
pub fn redirect_form_post(path: &str) {
    if plain_form_post() {
        leptos_axum::redirect(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_an_unknown_account_costs_as_much_as_a_wrong_password() {
        let hash = hash_password("violet tugboat anthem".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(verify_password("violet tugboat anthem".into(), Some(hash.clone())).await);
        assert!(!verify_password("violet tugboat anthe".into(), Some(hash.clone())).await);
        assert!(!verify_password("violet tugboat anthem".into(), None).await);
        // Timing: the median of a few tries each way.
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for _ in 0..5 {
            let t = std::time::Instant::now();
            verify_password("wrong password here".into(), Some(hash.clone())).await;
            known.push(t.elapsed());
            let t = std::time::Instant::now();
            verify_password("wrong password here".into(), None).await;
            unknown.push(t.elapsed());
        }
        known.sort();
        unknown.sort();
        assert!(
            unknown[2] * 2 > known[2],
            "unknown {:?} vs known {:?}",
            unknown[2],
            known[2]
        );
    }

    #[test]
    fn sessions_are_tied_to_the_password_salt() {
        let row = |hash: &str| UserRow {
            id: 1,
            display_name: "R".into(),
            email: "r@example.org".into(),
            role: "reader".into(),
            password_hash: Some(hash.into()),
            disabled: false,
        };
        let a = User::new(row("$argon2id$v=19$m=19456,t=2,p=1$c2FsdDE$aGFzaDE"));
        let b = User::new(row("$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI"));
        assert_eq!(a.session_auth_hash(), b"c2FsdDE");
        assert_ne!(a.session_auth_hash(), b.session_auth_hash());
    }
}
