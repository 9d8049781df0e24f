//! People: what admins do to accounts. Every change is in the audit log.

use crate::domain::roles::Role;
use crate::error::AppError;
use crate::model::PeoplePage;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub const PEOPLE_PAGE: u32 = 50;

/// Staff (and, with `everyone`, readers), searched by name or email.
#[server(output = crate::api::wire::Json, input = GetUrl, prefix = "/api", endpoint = "people")]
pub async fn get_people(
    q: Option<String>,
    everyone: Option<bool>,
    page: Option<u32>,
) -> Result<PeoplePage, AppError> {
    let admin = crate::api::access::require(crate::domain::roles::Capability::ManagePeople).await?;
    crate::api::no_store();
    let state = crate::state::app_state()?;
    let page = page.unwrap_or(1).max(1);
    let q = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    let (people, total) = crate::db::users::people(
        &state.pool,
        q.as_deref(),
        everyone.unwrap_or(false),
        PEOPLE_PAGE,
        u64::from(page - 1) * u64::from(PEOPLE_PAGE),
    )
    .await?;
    Ok(PeoplePage {
        people,
        total,
        page,
        total_pages: (total.div_ceil(u64::from(PEOPLE_PAGE)) as u32).max(1),
        me: admin.id,
        now: crate::db::now(),
    })
}

/// Creates a staff account. Returns its one-time password, to pass on privately; they
/// change it after logging in.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "create_staff")]
pub async fn create_staff(name: String, email: String, role: Role) -> Result<String, AppError> {
    let admin = crate::api::access::require(crate::domain::roles::Capability::ManagePeople).await?;
    crate::api::no_store();
    if crate::auth::plain_form_post() {
        // The one-time password is shown on the page by the script; without it, it would
        // be lost with the account already made.
        return Err(AppError::validation(
            "name",
            "Adding a staff member needs JavaScript, so that their one-time password can be shown to you.",
        ));
    }
    let state = crate::state::app_state()?;
    let (id, password) = crate::auth::create_staff_account(&state.pool, &name, &email, role)
        .await
        .map_err(|(field, message)| match field {
            "" => {
                tracing::error!(%message, "creating a staff account");
                AppError::Internal
            }
            field => AppError::validation(field, message),
        })?;
    crate::api::audit(
        &admin,
        "create account",
        &format!("user {id}: {}", name.trim()),
        role.as_str(),
    )
    .await?;
    Ok(password)
}

/// Changes someone's role (not one's own: another admin must do that).
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "change_role")]
pub async fn change_role(id: i64, role: Role) -> Result<(), AppError> {
    let admin = crate::api::access::require(crate::domain::roles::Capability::ManagePeople).await?;
    crate::api::no_store();
    if admin.id == id {
        return Err(AppError::validation(
            "role",
            "You cannot change your own role; ask another admin.",
        ));
    }
    let state = crate::state::app_state()?;
    let who = crate::db::users::by_id(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::db::users::set_role(&state.pool, id, role).await? {
        return Err(AppError::NotFound);
    }
    crate::api::audit(
        &admin,
        "role change",
        &format!("user {id}: {}", who.display_name),
        &format!("{} → {}", who.role, role.as_str()),
    )
    .await?;
    Ok(())
}

/// Disables an account (ending every session it has) or enables it again. Admins only; an
/// admin cannot disable their own account.
#[server(output = crate::api::wire::Json, prefix = "/api", endpoint = "set_account_disabled")]
pub async fn set_account_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::db;
    let admin = crate::api::access::require(crate::domain::roles::Capability::ManagePeople).await?;
    crate::api::no_store();
    if admin.id == id {
        return Err(AppError::validation(
            "id",
            "You cannot disable your own account.",
        ));
    }
    let state = crate::state::app_state()?;
    let who = db::users::by_id(&state.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !db::users::set_disabled(&state.pool, id, disabled).await? {
        return Err(AppError::NotFound);
    }
    if disabled {
        db::sessions::delete_for_user(&state.pool, id, None).await?;
    }
    crate::api::audit(
        &admin,
        if disabled {
            "disable account"
        } else {
            "enable account"
        },
        &format!("user {id}: {}", who.display_name),
        "",
    )
    .await?;
    tracing::info!(
        user = id,
        disabled,
        admin = admin.id,
        "account disabled changed"
    );
    Ok(())
}
