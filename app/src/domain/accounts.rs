//! The rules for accounts: passwords, emails, display names, where to go after logging in,
//! and how long a login stays locked after failures. Pure functions, tested here.

/// Passwords are measured in bytes (what Argon2 hashes): at least 12, at most 1024.
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 1024;
pub const NAME_MIN: usize = 2;
pub const NAME_MAX: usize = 50;
pub const EMAIL_MAX: usize = 254;

/// Failures for one account from one address before logins are refused.
pub const LOCK_AFTER: u32 = 5;
/// The first lock's length; each further failure doubles it, up to a day.
pub const LOCK_SECONDS: i64 = 600;
pub const LOCK_MAX_SECONDS: i64 = 86_400;
/// Failures for one account from anywhere, per hour, before logins are refused.
pub const ACCOUNT_FAILURES_PER_HOUR: u32 = 100;

/// Common passwords and the words they are built from, lower case. A password is refused
/// when, lower-cased and stripped of leading and trailing digits and punctuation, it is one of
/// these, one of these repeated, or a run along the keyboard or the number row.
const COMMON: &str = include_str!("common-passwords.txt");

pub fn check_password(password: &str) -> Result<(), String> {
    let len = password.len();
    if len < PASSWORD_MIN {
        return Err(format!(
            "Use at least {PASSWORD_MIN} characters (you typed {len}). A few unrelated words make a strong, memorable password."
        ));
    }
    if len > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    if is_common(password) {
        return Err(
            "That password is too common and easy to guess. Try a few unrelated words.".into(),
        );
    }
    Ok(())
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    if COMMON.lines().any(|l| l == lower) {
        return true;
    }
    let core =
        lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    if core.is_empty() {
        // Only digits and punctuation: refuse runs and repeats.
        return is_run_or_repeat(&lower);
    }
    let squashed: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    let words = || {
        COMMON
            .lines()
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
    };
    words().any(|w| is_repeat_of(&squashed, w)) || is_run_or_repeat(&squashed)
}

/// `text` is `unit` once or several times over.
fn is_repeat_of(text: &str, unit: &str) -> bool {
    !unit.is_empty()
        && text.len().is_multiple_of(unit.len())
        && text == unit.repeat(text.len() / unit.len())
}

fn is_run_or_repeat(text: &str) -> bool {
    const ROWS: [&str; 5] = [
        "012345678901234567890123456789",
        "qwertyuiopqwertyuiopqwertyuiop",
        "asdfghjklasdfghjklasdfghjkl",
        "zxcvbnmzxcvbnmzxcvbnm",
        "abcdefghijklmnopqrstuvwxyz",
    ];
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return true;
    }
    // One short unit repeated: "aaaaaaaaaaaa", "abcabcabcabc", "121212121212".
    if (1..=4)
        .any(|n| n < chars.len() && is_repeat_of(text, &chars[..n].iter().collect::<String>()))
    {
        return true;
    }
    let reversed: String = chars.iter().rev().collect();
    ROWS.iter()
        .any(|row| row.contains(text) || row.contains(&reversed))
}

/// An email address as we store it: trimmed and lower-cased. Refuses what cannot be an
/// address (we do not send mail yet, so no stricter checks).
pub fn normalise_email(raw: &str) -> Result<String, String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter your email address.".into());
    }
    if email.len() > EMAIL_MAX {
        return Err(format!(
            "An email address has at most {EMAIL_MAX} characters."
        ));
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err("Enter an email address like name@example.org.".into())
    }
}

/// Names the site itself or its staff would use; readers may not take them.
const RESERVED_NAMES: [&str; 10] = [
    "admin",
    "administrator",
    "editor",
    "moderator",
    "staff",
    "rightstoall",
    "rightstoallteam",
    "rightstoalleditor",
    "formerreader",
    "deleteduser",
];

/// A display name as we store it (trimmed, inner spaces collapsed), or why it is refused.
/// `staff` are the display names of the site's staff, which a reader may not imitate.
pub fn check_display_name(raw: &str, staff: &[String]) -> Result<String, String> {
    if raw.chars().any(is_invisible_or_control) {
        return Err("A name cannot contain control or invisible characters.".into());
    }
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = name.chars().count();
    if count < NAME_MIN {
        return Err(format!("Enter a name of at least {NAME_MIN} characters."));
    }
    if count > NAME_MAX {
        return Err(format!("Use at most {NAME_MAX} characters."));
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err("A name needs at least one letter or digit.".into());
    }
    let key = name_key(&name);
    if RESERVED_NAMES.iter().any(|r| name_key(r) == key) || staff.iter().any(|s| name_key(s) == key)
    {
        return Err(
            "That name belongs to the publication or one of its staff. Please choose another."
                .into(),
        );
    }
    Ok(name)
}

/// What two names that a reader would confuse have in common: the Unicode confusable
/// skeleton (UTS #39: a Cyrillic `А` or a full-width `Ａ` is an `A`, `rn` is `m`), then letters
/// and digits only, lower case, with look-alike digits folded.
fn name_key(name: &str) -> String {
    let lower: String = name.chars().flat_map(char::to_lowercase).collect();
    unicode_security::confusable_detection::skeleton(&lower)
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            'i' => 'l',
            '3' => 'e',
            '5' => 's',
            _ => c,
        })
        .collect()
}

fn is_invisible_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Where to send a reader after logging in: the path they asked for when it is a path on
/// this site, otherwise the home page. Refuses `//host`, `/\host`, schemes and control
/// characters, so the link cannot send anyone elsewhere.
pub fn safe_next(raw: Option<&str>) -> String {
    let Some(next) = raw.map(str::trim) else {
        return "/".into();
    };
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 2_000
        && !next
            .chars()
            .any(|c| c.is_control() || c == '\\' || c.is_whitespace())
        && !["/login", "/register", "/logout"].iter().any(|p| {
            next == *p || next.starts_with(&format!("{p}?")) || next.starts_with(&format!("{p}#"))
        });
    if ok {
        next.to_owned()
    } else {
        "/".into()
    }
}

/// How long logins for an account from an address stay refused, given the `failures` in
/// the last day (the latest at `last`), or None when they may try. Five failures lock for
/// ten minutes; each further one doubles that, up to a day.
pub fn lock_remaining(failures: u32, last: i64, now: i64) -> Option<i64> {
    if failures < LOCK_AFTER {
        return None;
    }
    let doublings = (failures - LOCK_AFTER).min(16);
    let lock = (LOCK_SECONDS << doublings).min(LOCK_MAX_SECONDS);
    let remaining = last + lock - now;
    (remaining > 0).then_some(remaining)
}

/// A password made from 16 random bytes: 25 letters and digits (about 124 bits) in
/// groups of five, easy to read out and type: `k7m2q-9xw4e-...`.
pub fn password_from_bytes(bytes: [u8; 16]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz23456789!";
    let mut bits: u128 = u128::from_be_bytes(bytes);
    let mut chars = Vec::with_capacity(29);
    for i in 0..25 {
        if i > 0 && i % 5 == 0 {
            chars.push('-');
        }
        // 31 letters and digits that cannot be confused; the 32nd symbol is never used.
        chars.push(ALPHABET[(bits % 31) as usize] as char);
        bits /= 31;
    }
    chars.into_iter().collect()
}

/// A wait, in words: "10 minutes", "45 seconds", "2 hours".
pub fn wait_words(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..=119 => (seconds.max(1), "second"),
        120..=7_199 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3_600), "hour"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_measured_in_bytes_between_12_and_1024() {
        assert!(check_password("eleven chr!").is_err());
        assert!(check_password("violet tugboat anthem").is_ok());
        // 4 characters, 12 bytes.
        assert!(check_password("éàüöçñ").is_ok());
        assert!(check_password(&"horse battery ".repeat(73)).is_ok()); // 1022 bytes
        assert!(check_password(&"x7".repeat(513)).is_err()); // 1026 bytes
    }

    #[test]
    fn common_passwords_and_patterns_are_refused() {
        for common in [
            "password1234",
            "Password1234!",
            "123456789012",
            "qwertyuiop12",
            "iloveyou2024",
            "aaaaaaaaaaaa",
            "abcabcabcabc",
            "121212121212",
            "passwordpassword",
            "!!Sunshine2025",
            "0987654321098",
            "letmein letmein",
            "rightstoall2026",
        ] {
            assert!(
                check_password(common).is_err(),
                "{common} should be refused"
            );
        }
        for fine in [
            "correct horse battery",
            "tugboat-anthem-violet",
            "Mi contraseña 2026",
        ] {
            assert!(check_password(fine).is_ok(), "{fine} should be accepted");
        }
    }

    #[test]
    fn emails_are_trimmed_lower_cased_and_plausible() {
        assert_eq!(
            normalise_email("  Ana@Example.ORG ").unwrap(),
            "ana@example.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
            "a@b@c.org",
            "ana@.org",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad:?}");
        }
        assert!(normalise_email(&format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn display_names_are_tidied_and_checked() {
        let staff = vec!["Ana Ruiz".to_owned()];
        assert_eq!(
            check_display_name("  Rita   Reader ", &staff).unwrap(),
            "Rita Reader"
        );
        assert_eq!(check_display_name("Zoë", &staff).unwrap(), "Zoë");
        assert!(check_display_name("R", &staff).is_err());
        assert!(check_display_name(&"n".repeat(51), &staff).is_err());
        assert!(check_display_name("Rita\u{0007}", &staff).is_err());
        assert!(check_display_name("Ri\u{202E}ta", &staff).is_err());
        assert!(check_display_name("Ri\u{200B}ta", &staff).is_err());
        assert!(check_display_name("---", &staff).is_err());
        // Staff and the publication, however spelled.
        for fake in [
            "ana ruiz",
            "AnaRuiz",
            "Ana  Ruiz.",
            "Admin",
            "Rights To All",
            "rights_to_all",
            "Moderat0r",
            // Letters from other scripts that look the same.
            "\u{0410}na Ruiz",
            "\u{0410}n\u{0430} Ru\u{0456}z",
            "\u{FF21}na Ruiz",
            "Ana Ru\u{0131}z",
        ] {
            assert!(check_display_name(fake, &staff).is_err(), "{fake}");
        }
    }

    #[test]
    fn only_paths_on_this_site_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/2026/01/02/a-story#comments")),
            "/2026/01/02/a-story#comments"
        );
        assert_eq!(safe_next(Some("/search?q=water")), "/search?q=water");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "evil",
            "/login",
            "/login?next=/x",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn locks_start_at_five_failures_and_double() {
        let now = 10_000;
        assert_eq!(lock_remaining(4, now, now), None);
        assert_eq!(lock_remaining(5, now, now), Some(600));
        assert_eq!(lock_remaining(5, now - 599, now), Some(1));
        assert_eq!(lock_remaining(5, now - 600, now), None);
        assert_eq!(lock_remaining(6, now, now), Some(1_200));
        assert_eq!(lock_remaining(7, now, now), Some(2_400));
        assert_eq!(lock_remaining(40, now, now), Some(86_400));
    }

    #[test]
    fn generated_passwords_are_long_readable_and_pass_the_rules() {
        let a = password_from_bytes([7; 16]);
        let b = password_from_bytes([8; 16]);
        assert_eq!(a.len(), 29);
        assert_ne!(a, b);
        assert_eq!(a.matches('-').count(), 4);
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert!(!a.contains(['i', 'l', 'o', '0', '1']));
        assert!(check_password(&a).is_ok());
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_words(1), "1 second");
        assert_eq!(wait_words(15), "15 seconds");
        assert_eq!(wait_words(600), "10 minutes");
        assert_eq!(wait_words(601), "11 minutes");
        assert_eq!(wait_words(86_400), "24 hours");
    }
}
