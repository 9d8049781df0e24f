//! Who may do what: the role → capability table. Every protected server function asks
//! `Role::can` itself; the dashboard's route guard only decides what to show.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Editor,
    Author,
    Contributor,
    Reader,
}

/// Something a role may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// Open the dashboard.
    ViewDashboard,
    /// Write and edit one's own drafts, and submit them for review.
    WriteDrafts,
    /// Publish or schedule one's own articles.
    PublishOwn,
    /// Edit, publish, schedule and trash anyone's articles.
    EditOthers,
    /// Breaking headlines.
    ManageHeadlines,
    /// Sections and tags.
    ManageTaxonomy,
    /// Upload, edit and delete images.
    ManageMedia,
    /// Approve, hold, spam and trash comments; ban commenters.
    ModerateComments,
    /// Invite and create staff, change roles, disable accounts.
    ManagePeople,
    /// Site settings.
    ManageSettings,
}

impl Capability {
    pub const ALL: [Capability; 10] = [
        Capability::ViewDashboard,
        Capability::WriteDrafts,
        Capability::PublishOwn,
        Capability::EditOthers,
        Capability::ManageHeadlines,
        Capability::ManageTaxonomy,
        Capability::ManageMedia,
        Capability::ModerateComments,
        Capability::ManagePeople,
        Capability::ManageSettings,
    ];
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Editor,
        Role::Author,
        Role::Contributor,
        Role::Reader,
    ];

    /// The table. Contributors write drafts and submit them; authors also publish their own;
    /// editors publish and edit anyone's and run headlines, taxonomy, media and comments;
    /// admins also manage people and settings. Readers only comment.
    pub fn can(self, capability: Capability) -> bool {
        use Capability::*;
        match self {
            Role::Admin => true,
            Role::Editor => !matches!(capability, ManagePeople | ManageSettings),
            Role::Author => matches!(capability, ViewDashboard | WriteDrafts | PublishOwn),
            Role::Contributor => matches!(capability, ViewDashboard | WriteDrafts),
            Role::Reader => false,
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::Reader
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Author => "author",
            Role::Contributor => "contributor",
            Role::Reader => "reader",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::{Capability::*, *};

    #[test]
    fn the_table_reads_as_the_newsroom_expects() {
        let allowed = |role: Role| -> Vec<Capability> {
            Capability::ALL
                .into_iter()
                .filter(|c| role.can(*c))
                .collect()
        };
        assert_eq!(allowed(Role::Admin), Capability::ALL.to_vec());
        assert_eq!(
            allowed(Role::Editor),
            [
                ViewDashboard,
                WriteDrafts,
                PublishOwn,
                EditOthers,
                ManageHeadlines,
                ManageTaxonomy,
                ManageMedia,
                ModerateComments
            ]
        );
        assert_eq!(
            allowed(Role::Author),
            [ViewDashboard, WriteDrafts, PublishOwn]
        );
        assert_eq!(allowed(Role::Contributor), [ViewDashboard, WriteDrafts]);
        assert_eq!(allowed(Role::Reader), []);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Contributor.is_staff() && !Role::Reader.is_staff());
    }
}
