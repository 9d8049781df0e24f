//! People: what admins do to accounts.

use crate::error::AppError;
use leptos::prelude::*;

/// Disables an account (ending every session it has) or enables it again. Admins only; an
/// admin cannot disable their own account.
#[server(prefix = "/api", endpoint = "set_account_disabled")]
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
    if !db::users::set_disabled(&state.pool, id, disabled).await? {
        return Err(AppError::NotFound);
    }
    if disabled {
        db::sessions::delete_for_user(&state.pool, id, None).await?;
    }
    tracing::info!(
        user = id,
        disabled,
        admin = admin.id,
        "account disabled changed"
    );
    Ok(())
}
