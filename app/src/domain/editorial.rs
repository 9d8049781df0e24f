//! The newsroom's rules, pure: what an article form may hold, which status changes a role
//! may make, and the date-time fields of the dashboard (UTC).

use super::roles::{Capability, Role};
use super::{Date, Slug};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;
pub const EXCERPT_MAX: usize = 400;
pub const BODY_MAX: usize = 200_000;
pub const TAG_MAX: usize = 50;
pub const TAGS_MAX: usize = 20;
/// Trashed articles can be restored for this long, then they are deleted.
pub const TRASH_DAYS: i64 = 30;

/// Where an article stands, as the dashboard shows it. `Scheduled` is stored as `published`
/// with a time still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Pending,
    Scheduled,
    Published,
    Trash,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Pending,
        Status::Scheduled,
        Status::Published,
        Status::Trash,
    ];

    /// From the stored status and publication time.
    pub fn from_stored(status: &str, published_at: Option<i64>, now: i64) -> Status {
        match status {
            "published" | "scheduled" if published_at.is_some_and(|t| t > now) => Status::Scheduled,
            "published" | "scheduled" => Status::Published,
            "pending" => Status::Pending,
            "trash" => Status::Trash,
            _ => Status::Draft,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Pending => "pending",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Trash => "trash",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Pending => "Pending review",
            Status::Scheduled => "Scheduled",
            Status::Published => "Published",
            Status::Trash => "Trash",
        }
    }

    /// Whether readers can see it (now or at its time).
    pub fn is_live(self) -> bool {
        matches!(self, Status::Published | Status::Scheduled)
    }
}

/// What the person pressing a button on the editor wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    /// Save, keeping the status (a new article becomes a draft).
    Save,
    /// Back to draft (unpublish).
    Draft,
    /// Submit for review.
    Submit,
    /// Publish now (keeps the original date of an article published before).
    Publish,
    /// Publish at a time to come.
    Schedule,
}

impl Intent {
    pub fn parse(text: &str) -> Option<Intent> {
        Some(match text {
            "save" => Intent::Save,
            "draft" => Intent::Draft,
            "submit" => Intent::Submit,
            "publish" => Intent::Publish,
            "schedule" => Intent::Schedule,
            _ => return None,
        })
    }
}

/// Whether `role` may edit an article by `author_id` standing at `status`.
pub fn may_edit(role: Role, user_id: i64, author_id: i64, status: Status) -> bool {
    if role.can(Capability::EditOthers) {
        return true;
    }
    if user_id != author_id || !role.can(Capability::WriteDrafts) {
        return false;
    }
    // Contributors lose the pen once an article is accepted.
    role.can(Capability::PublishOwn) || matches!(status, Status::Draft | Status::Pending)
}

/// Whether `role` may publish (or schedule, or unpublish) an article by `author_id`.
pub fn may_publish(role: Role, user_id: i64, author_id: i64) -> bool {
    role.can(Capability::EditOthers) || (role.can(Capability::PublishOwn) && user_id == author_id)
}

/// The stored status and publication time after a save with `intent`, or why it is refused.
/// `current` is the stored (status, published_at) of an existing article.
pub fn next_status(
    intent: Intent,
    current: Option<(&str, Option<i64>)>,
    publish_at: Option<i64>,
    can_publish: bool,
    now: i64,
) -> Result<(&'static str, Option<i64>), String> {
    let refuse = || "Your role cannot publish this article; submit it for review.".to_string();
    let previous_time = current.and_then(|(_, at)| at);
    match intent {
        Intent::Save => match current {
            None => Ok(("draft", None)),
            Some((status, at)) => {
                let stored = match status {
                    "pending" => "pending",
                    "published" | "scheduled" => "published",
                    "trash" => "trash",
                    _ => "draft",
                };
                if stored == "published" && !can_publish {
                    return Err(refuse());
                }
                Ok((stored, at))
            }
        },
        Intent::Draft => {
            let live = current.is_some_and(|(s, _)| s == "published" || s == "scheduled");
            if live && !can_publish {
                return Err(refuse());
            }
            // A scheduled time is forgotten; a past publication date is kept, so republishing
            // keeps the permalink.
            Ok(("draft", previous_time.filter(|t| *t <= now)))
        }
        Intent::Submit => Ok(("pending", previous_time.filter(|t| *t <= now))),
        Intent::Publish if !can_publish => Err(refuse()),
        Intent::Publish => Ok((
            "published",
            Some(previous_time.filter(|t| *t <= now).unwrap_or(now)),
        )),
        Intent::Schedule if !can_publish => Err(refuse()),
        Intent::Schedule => match publish_at {
            None => Err("Choose the date and time to publish at.".into()),
            Some(t) if t <= now => {
                Err("That time has passed; choose a time to come, or publish now.".into())
            }
            Some(t) => Ok(("published", Some(t))),
        },
    }
}

/// Checks a title: 1–200 characters, no control characters. Returns it trimmed.
pub fn check_title(title: &str) -> Result<String, String> {
    let t = tidy_line(title);
    if t.is_empty() {
        return Err("Give the article a title.".into());
    }
    if t.chars().count() > TITLE_MAX {
        return Err(format!("Keep the title to {TITLE_MAX} characters."));
    }
    Ok(t)
}

pub fn check_excerpt(excerpt: &str) -> Result<String, String> {
    let t = tidy_line(excerpt);
    if t.chars().count() > EXCERPT_MAX {
        return Err(format!("Keep the excerpt to {EXCERPT_MAX} characters."));
    }
    Ok(t)
}

pub fn check_body(body: &str) -> Result<String, String> {
    if body.chars().count() > BODY_MAX {
        return Err(format!("The body is over {BODY_MAX} characters."));
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("The body contains control characters; paste it as plain text.".into());
    }
    Ok(body.replace("\r\n", "\n"))
}

/// The slug typed, or one made from the title when the field is empty.
pub fn check_slug(typed: &str, title: &str) -> Result<Slug, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Slug::from_title(title).ok_or_else(|| {
            "Type a slug: the title has no letters or digits to make one from.".into()
        });
    }
    Slug::parse(typed).ok_or_else(|| {
        "Use lowercase letters, digits and single hyphens (at most 120), like free-speech-2026."
            .into()
    })
}

/// Tags typed as a comma-separated list: trimmed, spaces tidied, duplicates (ignoring case)
/// dropped, each 1–50 characters with a letter or digit, at most 20.
pub fn parse_tags(input: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for raw in input.split(',') {
        let tag = tidy_line(raw);
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            return Err(format!("Keep each tag to {TAG_MAX} characters."));
        }
        if Slug::from_title(&tag).is_none() {
            return Err(format!("The tag \"{tag}\" needs a letter or digit."));
        }
        if !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    if out.len() > TAGS_MAX {
        return Err(format!("At most {TAGS_MAX} tags."));
    }
    Ok(out)
}

pub const HEADLINE_MAX: usize = 200;

/// A breaking headline's text: one line, 1–200 characters.
pub fn check_headline(text: &str) -> Result<String, String> {
    let t = tidy_line(text);
    if t.is_empty() {
        return Err("Write the headline.".into());
    }
    if t.chars().count() > HEADLINE_MAX {
        return Err(format!("Keep the headline to {HEADLINE_MAX} characters."));
    }
    Ok(t)
}

/// Where a headline leads: a path on this site (`/2026/11/28/slug`) or an http(s) address.
pub fn check_link(link: &str) -> Result<String, String> {
    let l = link.trim();
    let local = l.starts_with('/') && !l.starts_with("//") && !l.contains('\\');
    let web = (l.starts_with("https://") || l.starts_with("http://")) && l.len() > 10;
    if l.len() > 500 || l.chars().any(|c| c.is_whitespace() || c.is_control()) || !(local || web) {
        return Err(
            "Link to an article on this site (/2026/11/28/…) or a full https:// address.".into(),
        );
    }
    Ok(l.to_owned())
}

/// One line of text with runs of whitespace made single spaces and control characters
/// removed.
pub fn tidy_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional) as UTC.
pub fn parse_datetime(input: &str) -> Option<i64> {
    let (date, time) = input.trim().split_once('T')?;
    let date = Date::parse_iso(date)?;
    let mut parts = time.split(':');
    let hour: i64 = two_digits(parts.next()?)?;
    let minute: i64 = two_digits(parts.next()?)?;
    let second: i64 = match parts.next() {
        Some(s) => two_digits(s)?,
        None => 0,
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(date.timestamp() + hour * 3600 + minute * 60 + second)
}

fn two_digits(s: &str) -> Option<i64> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// The `datetime-local` value for a time (UTC, to the minute).
pub fn format_datetime(ts: i64) -> String {
    let date = Date::from_timestamp(ts);
    let secs = ts.rem_euclid(super::SECONDS_PER_DAY);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.year(),
        date.month(),
        date.day(),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// A time as the dashboard shows it: `November 28, 2026, 14:05 UTC`.
pub fn long_datetime(ts: i64) -> String {
    let secs = ts.rem_euclid(super::SECONDS_PER_DAY);
    format!(
        "{}, {:02}:{:02} UTC",
        Date::from_timestamp(ts).long(),
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    #[test]
    fn scheduled_is_published_with_a_time_to_come() {
        assert_eq!(
            Status::from_stored("published", Some(NOW + 60), NOW),
            Status::Scheduled
        );
        assert_eq!(
            Status::from_stored("published", Some(NOW), NOW),
            Status::Published
        );
        assert_eq!(Status::from_stored("pending", None, NOW), Status::Pending);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn contributors_submit_and_cannot_publish() {
        let submit = next_status(Intent::Submit, Some(("draft", None)), None, false, NOW);
        assert_eq!(submit, Ok(("pending", None)));
        assert!(next_status(Intent::Publish, Some(("pending", None)), None, false, NOW).is_err());
        assert!(next_status(Intent::Schedule, None, Some(NOW + 10), false, NOW).is_err());
        // Nor can they quietly edit a live article by saving it.
        assert!(next_status(
            Intent::Save,
            Some(("published", Some(NOW))),
            None,
            false,
            NOW
        )
        .is_err());
        assert_eq!(
            next_status(Intent::Save, None, None, false, NOW),
            Ok(("draft", None))
        );
    }

    #[test]
    fn publishing_keeps_an_earlier_date_and_scheduling_needs_the_future() {
        let then = NOW - 86_400;
        assert_eq!(
            next_status(
                Intent::Publish,
                Some(("draft", Some(then))),
                None,
                true,
                NOW
            ),
            Ok(("published", Some(then)))
        );
        assert_eq!(
            next_status(Intent::Publish, Some(("pending", None)), None, true, NOW),
            Ok(("published", Some(NOW)))
        );
        // Publishing a scheduled article now brings it forward.
        assert_eq!(
            next_status(
                Intent::Publish,
                Some(("published", Some(NOW + 500))),
                None,
                true,
                NOW
            ),
            Ok(("published", Some(NOW)))
        );
        assert_eq!(
            next_status(Intent::Schedule, None, Some(NOW + 3600), true, NOW),
            Ok(("published", Some(NOW + 3600)))
        );
        assert!(next_status(Intent::Schedule, None, Some(NOW - 1), true, NOW).is_err());
        assert!(next_status(Intent::Schedule, None, None, true, NOW).is_err());
        // Unscheduling forgets the time to come.
        assert_eq!(
            next_status(
                Intent::Draft,
                Some(("published", Some(NOW + 500))),
                None,
                true,
                NOW
            ),
            Ok(("draft", None))
        );
    }

    #[test]
    fn who_may_edit_what() {
        use Role::*;
        assert!(may_edit(Contributor, 7, 7, Status::Draft));
        assert!(may_edit(Contributor, 7, 7, Status::Pending));
        assert!(!may_edit(Contributor, 7, 7, Status::Published));
        assert!(!may_edit(Contributor, 7, 8, Status::Draft));
        assert!(may_edit(Author, 7, 7, Status::Published));
        assert!(!may_edit(Author, 7, 8, Status::Draft));
        assert!(may_edit(Editor, 7, 8, Status::Published));
        assert!(!may_edit(Reader, 7, 7, Status::Draft));
        assert!(may_publish(Author, 7, 7) && !may_publish(Author, 7, 8));
        assert!(may_publish(Editor, 7, 8) && !may_publish(Contributor, 7, 7));
    }

    #[test]
    fn form_fields_are_checked_and_tidied() {
        assert_eq!(check_title("  Free \n speech  ").unwrap(), "Free speech");
        assert!(check_title("   ").is_err());
        assert!(check_title(&"x".repeat(201)).is_err());
        assert_eq!(
            check_slug("", "Women's Rights!").unwrap().as_str(),
            "womens-rights"
        );
        assert!(check_slug("Bad Slug", "t").is_err());
        assert!(check_slug("", "!!!").is_err());
        assert!(check_body("a\u{0}b").is_err());
        assert_eq!(check_body("a\r\nb").unwrap(), "a\nb");
    }

    #[test]
    fn tags_are_a_tidy_list() {
        assert_eq!(
            parse_tags(" Press freedom, press  FREEDOM ,, Asia ").unwrap(),
            vec!["Press freedom".to_string(), "Asia".to_string()]
        );
        assert!(parse_tags("!!!").is_err());
        assert!(parse_tags(&"x".repeat(51)).is_err());
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert!(parse_tags(&many.join(",")).is_err());
    }

    #[test]
    fn headlines_need_text_and_a_safe_link() {
        assert_eq!(
            check_headline("  Breaking:\n news ").unwrap(),
            "Breaking: news"
        );
        assert!(check_headline(" ").is_err());
        assert_eq!(check_link(" /2026/11/28/x ").unwrap(), "/2026/11/28/x");
        assert!(check_link("https://un.org/report").is_ok());
        for bad in [
            "",
            "//evil.example",
            "javascript:alert(1)",
            "/a b",
            "ftp://x.org/a",
            "/\\evil",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datetimes_round_trip_in_utc() {
        let t = parse_datetime("2026-12-01T09:30").unwrap();
        assert_eq!(format_datetime(t), "2026-12-01T09:30");
        assert_eq!(parse_datetime("2026-12-01T09:30:15"), Some(t + 15));
        assert_eq!(long_datetime(t), "December 1, 2026, 09:30 UTC");
        for bad in [
            "",
            "2026-12-01",
            "2026-12-01T24:00",
            "2026-13-01T10:00",
            "2026-12-01T9:30",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }
}
