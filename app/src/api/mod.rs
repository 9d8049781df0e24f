//! Server functions, grouped by domain. Thin: parse, one `db::` call, wire type.

pub mod access;
pub mod accounts;
pub mod articles;
pub mod comments;
pub mod dashboard;
pub mod editorial;
pub mod headlines;
pub mod media;
pub mod moderation;
pub mod people;
pub mod search;
pub mod site;
pub mod taxonomy;
pub mod wire;

pub use accounts::{
    delete_account, get_viewer, login, logout, register, update_email, update_name,
    update_password, DeleteAccount, GetViewer, Login, Logout, Register, UpdateEmail, UpdateName,
    UpdatePassword,
};
pub use articles::{
    get_article, get_front_page, list_articles, GetArticle, GetFrontPage, ListArticles,
};
pub use comments::{
    delete_comment, edit_comment, get_comment_thread, post_comment, report_comment, DeleteComment,
    EditComment, GetCommentThread, PostComment, ReportComment,
};
pub use dashboard::{get_audit_log, get_dashboard, GetAuditLog, GetDashboard};
pub use editorial::{
    autosave_article, bulk_articles, create_preview_link, get_editor, get_preview, get_revisions,
    list_dashboard_articles, preview_markdown, restore_article, restore_revision,
    revoke_preview_links, save_article, AutosaveArticle, BulkArticles, CreatePreviewLink,
    GetEditor, GetPreview, GetRevisions, ListDashboardArticles, PreviewMarkdown, RestoreArticle,
    RestoreRevision, RevokePreviewLinks, SaveArticle,
};
pub use headlines::{
    delete_headline, get_headline_desk, list_breaking_headlines, move_headline, save_headline,
    DeleteHeadline, GetHeadlineDesk, ListBreakingHeadlines, MoveHeadline, SaveHeadline,
};
pub use media::{delete_media, get_media, update_media, DeleteMedia, GetMedia, UpdateMedia};
pub use moderation::{
    ban_commenter, get_moderation_queue, moderate_comment, moderate_comments, unban_commenter,
    BanCommenter, GetModerationQueue, ModerateComment, ModerateComments, UnbanCommenter,
};
pub use people::{
    change_role, create_staff, get_people, set_account_disabled, ChangeRole, CreateStaff,
    GetPeople, SetAccountDisabled,
};
pub use search::{search, Search};
pub use site::{get_site_info, list_trending_tags, GetSiteInfo, ListTrendingTags};
pub use taxonomy::{
    delete_section, get_sections_desk, get_tags_desk, merge_tag, move_section, rename_tag,
    save_section, DeleteSection, GetSectionsDesk, GetTagsDesk, MergeTag, MoveSection, RenameTag,
    SaveSection,
};

/// Marks this response as private: `Cache-Control: no-store` (it depends on who is asking).
#[cfg(feature = "ssr")]
pub fn no_store() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}

/// Records in the audit log that `user` did `action` to `subject` (with `detail`), now.
#[cfg(feature = "ssr")]
pub async fn audit(
    user: &crate::db::users::UserRow,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), crate::error::AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::db::editorial::Actor {
        id: user.id,
        name: &user.display_name,
    };
    crate::db::audit::record(
        &state.pool,
        actor,
        action,
        subject,
        detail,
        crate::db::now(),
    )
    .await?;
    Ok(())
}
