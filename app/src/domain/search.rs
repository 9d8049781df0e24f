//! Turning whatever a reader typed into a safe SQLite FTS5 query.
//!
//! Every term is emitted as an FTS5 string (`"..."`), so operators (`AND`, `OR`, `NOT`,
//! `NEAR`), column filters, parentheses and stray quotes in the input are only ever words.
//! Readers may still use "quoted phrases" and a trailing `*` for a prefix.

/// At most this many terms are searched; the rest are dropped with a notice.
pub const MAX_TERMS: usize = 12;
/// Characters of a single term kept; longer words are not words.
const MAX_TERM_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<Term>,
    /// True when terms beyond `MAX_TERMS` were dropped.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word { text: String, prefix: bool },
    Phrase(Vec<String>),
}

impl SearchQuery {
    /// `None` when the input holds no searchable word at all.
    pub fn parse(input: &str) -> Option<Self> {
        let mut terms = Vec::new();
        let mut truncated = false;
        // Text inside a pair of double quotes is a phrase; an unpaired quote is ignored.
        let mut rest = input;
        while !rest.is_empty() {
            let (outside, inside, after) = match rest.find('"') {
                Some(open) => match rest[open + 1..].find('"') {
                    Some(len) => (
                        &rest[..open],
                        Some(&rest[open + 1..open + 1 + len]),
                        &rest[open + len + 2..],
                    ),
                    None => (rest, None, ""),
                },
                None => (rest, None, ""),
            };
            for raw in outside.split_whitespace() {
                if let Some(term) = word(raw) {
                    push(&mut terms, &mut truncated, term);
                }
            }
            if let Some(phrase) = inside {
                let words: Vec<String> = phrase
                    .split_whitespace()
                    .filter_map(|w| match word(w) {
                        Some(Term::Word { text, .. }) => Some(text),
                        _ => None,
                    })
                    .take(MAX_TERMS)
                    .collect();
                match words.len() {
                    0 => {}
                    1 => push(
                        &mut terms,
                        &mut truncated,
                        Term::Word {
                            text: words.into_iter().next().unwrap_or_default(),
                            prefix: false,
                        },
                    ),
                    _ => push(&mut terms, &mut truncated, Term::Phrase(words)),
                }
            }
            rest = after;
        }
        (!terms.is_empty()).then_some(Self { terms, truncated })
    }

    /// The FTS5 MATCH expression: every term required, each one a quoted string.
    pub fn to_fts(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Word { text, prefix } => {
                    format!("\"{text}\"{}", if *prefix { "*" } else { "" })
                }
                Term::Phrase(words) => format!("\"{}\"", words.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The query as the reader will see it echoed back.
    pub fn display(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Word { text, prefix } => format!("{text}{}", if *prefix { "*" } else { "" }),
                Term::Phrase(words) => format!("\"{}\"", words.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn push(terms: &mut Vec<Term>, truncated: &mut bool, term: Term) {
    if terms.len() < MAX_TERMS {
        terms.push(term);
    } else {
        *truncated = true;
    }
}

/// One whitespace-separated piece of input as a word: punctuation trimmed from its ends
/// (inner apostrophes and hyphens stay, FTS5 splits them itself), a trailing `*` kept as a
/// prefix marker, quotes and control characters removed.
fn word(raw: &str) -> Option<Term> {
    let prefix = raw.trim_end_matches(|c: char| !c.is_alphanumeric()).len() < raw.len()
        && raw.ends_with('*');
    let cleaned: String = raw
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    let text = cleaned.trim_matches(|c: char| !c.is_alphanumeric());
    if text.is_empty() || text.chars().count() > MAX_TERM_CHARS {
        return None;
    }
    Some(Term::Word {
        text: text.to_owned(),
        prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(input: &str) -> Option<String> {
        SearchQuery::parse(input).map(|q| q.to_fts())
    }

    #[test]
    fn words_become_quoted_strings_all_required() {
        assert_eq!(
            fts("press freedom").as_deref(),
            Some(r#""press" "freedom""#)
        );
        assert_eq!(
            fts("  Journalists,  jailed! ").as_deref(),
            Some(r#""Journalists" "jailed""#)
        );
    }

    #[test]
    fn operators_and_syntax_are_only_words() {
        assert_eq!(fts("a NEAR b").as_deref(), Some(r#""a" "NEAR" "b""#));
        assert_eq!(
            fts("x OR y NOT z").as_deref(),
            Some(r#""x" "OR" "y" "NOT" "z""#)
        );
        assert_eq!(fts("title:water").as_deref(), Some(r#""title:water""#));
        assert_eq!(fts("((water").as_deref(), Some(r#""water""#));
        assert_eq!(fts("^start").as_deref(), Some(r#""start""#));
        assert_eq!(fts("* ( ) \" : ^ -"), None);
        assert_eq!(fts(""), None);
    }

    #[test]
    fn phrases_and_prefixes_are_kept() {
        assert_eq!(
            fts(r#""death penalty" abolish*"#).as_deref(),
            Some(r#""death penalty" "abolish"*"#)
        );
        // An unpaired quote is ignored rather than swallowing the rest.
        assert_eq!(
            fts(r#"water "rights"#).as_deref(),
            Some(r#""water" "rights""#)
        );
        assert_eq!(fts(r#""""#), None);
    }

    #[test]
    fn long_input_is_cut_to_a_few_terms() {
        let long = "word ".repeat(2_000);
        let q = SearchQuery::parse(&long).unwrap();
        assert!(q.truncated);
        assert_eq!(q.terms.len(), MAX_TERMS);
        let one_huge_word = "x".repeat(10_000);
        assert_eq!(fts(&one_huge_word), None);
    }

    #[test]
    fn the_echo_shows_what_was_searched() {
        let q = SearchQuery::parse(r#"  "free  press"  (jail*  "#).unwrap();
        assert_eq!(q.display(), r#""free press" jail*"#);
    }
}
