//! Who may call each server function. Every registered function must be listed here: the
//! server refuses a call to one that is not (and a test fails), so a new function cannot be
//! left open by accident. The server checks this table before a function runs; protected
//! functions also check inside, with `require`.

use super::*;
use crate::domain::roles::Capability;
use leptos::server_fn::ServerFn;

/// What a caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Anyone,
    /// Any logged-in user (401 otherwise).
    LoggedIn,
    /// A logged-in user whose role has the capability (401, else 403).
    Can(Capability),
}

/// Every server function and who may call it.
pub const POLICY: &[(&str, Access)] = &[
    // Reading the site.
    (<GetArticle as ServerFn>::PATH, Access::Anyone),
    (<ListArticles as ServerFn>::PATH, Access::Anyone),
    (<GetFrontPage as ServerFn>::PATH, Access::Anyone),
    (<GetSiteInfo as ServerFn>::PATH, Access::Anyone),
    (<ListTrendingTags as ServerFn>::PATH, Access::Anyone),
    (<ListBreakingHeadlines as ServerFn>::PATH, Access::Anyone),
    (<Search as ServerFn>::PATH, Access::Anyone),
    (<GetCommentThread as ServerFn>::PATH, Access::Anyone),
    // Accounts.
    (<GetViewer as ServerFn>::PATH, Access::Anyone),
    (<Register as ServerFn>::PATH, Access::Anyone),
    (<Login as ServerFn>::PATH, Access::Anyone),
    (<Logout as ServerFn>::PATH, Access::Anyone),
    (<UpdateName as ServerFn>::PATH, Access::LoggedIn),
    (<UpdateEmail as ServerFn>::PATH, Access::LoggedIn),
    (<UpdatePassword as ServerFn>::PATH, Access::LoggedIn),
    (<DeleteAccount as ServerFn>::PATH, Access::LoggedIn),
    // Comments.
    (<PostComment as ServerFn>::PATH, Access::LoggedIn),
    (<EditComment as ServerFn>::PATH, Access::LoggedIn),
    (<DeleteComment as ServerFn>::PATH, Access::LoggedIn),
    (<ReportComment as ServerFn>::PATH, Access::LoggedIn),
    // Moderation.
    (
        <GetModerationQueue as ServerFn>::PATH,
        Access::Can(Capability::ModerateComments),
    ),
    (
        <ModerateComment as ServerFn>::PATH,
        Access::Can(Capability::ModerateComments),
    ),
    // The media library.
    (
        <GetMedia as ServerFn>::PATH,
        Access::Can(Capability::ManageMedia),
    ),
    (
        <UpdateMedia as ServerFn>::PATH,
        Access::Can(Capability::ManageMedia),
    ),
    (
        <DeleteMedia as ServerFn>::PATH,
        Access::Can(Capability::ManageMedia),
    ),
    // Sections and tags.
    (
        <GetSectionsDesk as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <SaveSection as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <MoveSection as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <DeleteSection as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <GetTagsDesk as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <RenameTag as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    (
        <MergeTag as ServerFn>::PATH,
        Access::Can(Capability::ManageTaxonomy),
    ),
    // Breaking headlines.
    (
        <GetHeadlineDesk as ServerFn>::PATH,
        Access::Can(Capability::ManageHeadlines),
    ),
    (
        <SaveHeadline as ServerFn>::PATH,
        Access::Can(Capability::ManageHeadlines),
    ),
    (
        <DeleteHeadline as ServerFn>::PATH,
        Access::Can(Capability::ManageHeadlines),
    ),
    (
        <MoveHeadline as ServerFn>::PATH,
        Access::Can(Capability::ManageHeadlines),
    ),
    // The newsroom.
    (
        <GetDashboard as ServerFn>::PATH,
        Access::Can(Capability::ViewDashboard),
    ),
    (
        <GetAuditLog as ServerFn>::PATH,
        Access::Can(Capability::EditOthers),
    ),
    (
        <ListDashboardArticles as ServerFn>::PATH,
        Access::Can(Capability::ViewDashboard),
    ),
    (
        <GetEditor as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <SaveArticle as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <AutosaveArticle as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <PreviewMarkdown as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <BulkArticles as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <RestoreArticle as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <GetRevisions as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <RestoreRevision as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <CreatePreviewLink as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (
        <RevokePreviewLinks as ServerFn>::PATH,
        Access::Can(Capability::WriteDrafts),
    ),
    (<GetPreview as ServerFn>::PATH, Access::Anyone),
    (
        <ModerateComments as ServerFn>::PATH,
        Access::Can(Capability::ModerateComments),
    ),
    (
        <BanCommenter as ServerFn>::PATH,
        Access::Can(Capability::ModerateComments),
    ),
    (
        <UnbanCommenter as ServerFn>::PATH,
        Access::Can(Capability::ModerateComments),
    ),
    // People.
    (
        <SetAccountDisabled as ServerFn>::PATH,
        Access::Can(Capability::ManagePeople),
    ),
    (
        <GetPeople as ServerFn>::PATH,
        Access::Can(Capability::ManagePeople),
    ),
    (
        <CreateStaff as ServerFn>::PATH,
        Access::Can(Capability::ManagePeople),
    ),
    (
        <ChangeRole as ServerFn>::PATH,
        Access::Can(Capability::ManagePeople),
    ),
];

/// The access a function's path needs, if it is listed.
pub fn access_for(path: &str) -> Option<Access> {
    POLICY.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

/// Whether a user with `role` (None: not logged in) may call a function needing `access`:
/// Ok, or the refusal (401 or 403).
pub fn check(
    access: Access,
    role: Option<crate::domain::roles::Role>,
) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    match (access, role) {
        (Access::Anyone, _) => Ok(()),
        (_, None) => Err(AppError::Unauthorized),
        (Access::LoggedIn, Some(_)) => Ok(()),
        (Access::Can(c), Some(role)) if role.can(c) => Ok(()),
        (Access::Can(_), Some(_)) => Err(AppError::Forbidden),
    }
}

/// Inside a protected server function: the logged-in user, if their role has `capability`.
#[cfg(feature = "ssr")]
pub async fn require(
    capability: Capability,
) -> Result<crate::db::users::UserRow, crate::error::AppError> {
    let user = crate::auth::current_user().await?;
    let role = user
        .as_ref()
        .and_then(|u| crate::domain::roles::Role::parse(&u.role));
    if let Err(refused) = check(Access::Can(capability), role) {
        tracing::warn!(
            user = user.as_ref().map(|u| u.id),
            ?capability,
            status = refused.status_code(),
            "refused: lacks the capability"
        );
        return Err(refused);
    }
    user.ok_or(crate::error::AppError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::Role;
    use crate::error::AppError;

    #[test]
    fn refusals_are_401_for_visitors_and_403_for_the_wrong_role() {
        let moderate = Access::Can(Capability::ModerateComments);
        assert_eq!(check(Access::Anyone, None), Ok(()));
        assert_eq!(check(Access::LoggedIn, None), Err(AppError::Unauthorized));
        assert_eq!(check(Access::LoggedIn, Some(Role::Reader)), Ok(()));
        assert_eq!(check(moderate, None), Err(AppError::Unauthorized));
        assert_eq!(
            check(moderate, Some(Role::Reader)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            check(moderate, Some(Role::Author)),
            Err(AppError::Forbidden)
        );
        assert_eq!(check(moderate, Some(Role::Editor)), Ok(()));
    }

    #[test]
    fn every_path_is_listed_once() {
        let mut paths: Vec<_> = POLICY.iter().map(|(p, _)| *p).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), POLICY.len());
        assert_eq!(access_for("/api/login"), Some(Access::Anyone));
        assert_eq!(access_for("/api/nothing"), None);
    }
}
