use serde::{Deserialize, Serialize};
use std::fmt;

/// A URL slug: 1–120 characters of lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(input: &str) -> Option<Self> {
        let ok = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--")
            && input
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| Self(input.to_owned()))
    }

    /// Makes a slug out of any title: "Women's Rights!" becomes "womens-rights".
    pub fn from_title(title: &str) -> Option<Self> {
        let mut out = String::new();
        for c in title.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if (c.is_whitespace() || c == '-' || c == '/') && !out.ends_with('-') {
                out.push('-');
            }
        }
        let trimmed: String = out.trim_matches('-').chars().take(Self::MAX_LEN).collect();
        Self::parse(trimmed.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_words_with_hyphens_are_a_slug() {
        assert_eq!(
            Slug::parse("free-speech-2024").unwrap().as_str(),
            "free-speech-2024"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "Upper",
            "two--hyphens",
            "-lead",
            "trail-",
            "space here",
            "é",
            "../etc",
        ] {
            assert!(Slug::parse(bad).is_none(), "{bad:?} was accepted");
        }
        assert!(Slug::parse(&"a".repeat(121)).is_none());
    }

    #[test]
    fn titles_become_slugs() {
        assert_eq!(
            Slug::from_title("Women's Rights: A New Law / Old Fight!")
                .unwrap()
                .as_str(),
            "womens-rights-a-new-law-old-fight"
        );
        assert!(Slug::from_title("!!!").is_none());
    }
}
