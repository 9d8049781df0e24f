//! Comments are plain text. This checks what a reader typed and finds the links in it, so
//! the page can show them as links without ever treating the text as HTML.

use serde::{Deserialize, Serialize};

/// The longest comment, in characters.
pub const COMMENT_MAX: usize = 5_000;
/// A comment with this many links waits for a moderator.
pub const HOLD_AT_LINKS: usize = 2;

/// The comment as we store it (line endings made `\n`, ends trimmed), or why it is refused.
pub fn check_comment(raw: &str) -> Result<String, String> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err("Write something before posting: the comment is empty.".into());
    }
    let count = text.chars().count();
    if count > COMMENT_MAX {
        return Err(format!(
            "Comments can be at most {COMMENT_MAX} characters; this one has {count}. Please shorten it."
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err("The comment contains control characters; please remove them.".into());
    }
    Ok(text.to_owned())
}

/// A run of a comment's text: plain, or a link to show as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    Text(String),
    /// The text as typed, and where it goes (`www.` links get `https://`).
    Link {
        text: String,
        href: String,
    },
}

/// Splits text into plain runs and links (`http://`, `https://` and `www.` addresses).
/// Punctuation that ends a sentence is left out of the link.
pub fn linkify(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        match link_at(rest) {
            Some(len) => {
                if !plain.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut plain)));
                }
                let link = &rest[..len];
                let href = if link.to_ascii_lowercase().starts_with("www.") {
                    format!("https://{link}")
                } else {
                    link.to_owned()
                };
                pieces.push(Piece::Link {
                    text: link.to_owned(),
                    href,
                });
                rest = &rest[len..];
            }
            None => {
                // Move on by a whole word (or one separator) so links are found at word starts.
                let step = rest
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map(|(i, _)| i)
                    .filter(|_| rest.starts_with(char::is_alphanumeric))
                    .unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8));
                plain.push_str(&rest[..step]);
                rest = &rest[step..];
            }
        }
    }
    if !plain.is_empty() {
        pieces.push(Piece::Text(plain));
    }
    pieces
}

/// How many links a comment has.
pub fn count_links(text: &str) -> usize {
    linkify(text)
        .iter()
        .filter(|p| matches!(p, Piece::Link { .. }))
        .count()
}

/// The length in bytes of the link `text` starts with, if it starts with one.
fn link_at(text: &str) -> Option<usize> {
    let lower: String = text
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| lower.starts_with(p))?;
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(text.len());
    let mut link = &text[..end];
    // Sentence punctuation after a link is not part of it; a closing bracket is only when
    // the link has no opening one.
    loop {
        let trimmed = link.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == link.len() {
            break;
        }
        link = trimmed;
    }
    (link.len() > prefix.len() + 2).then_some(link.len())
}

/// Plain text from a comment written as HTML (as WordPress stores them): tags dropped,
/// paragraphs and line breaks kept as new lines, common entities decoded. The result is still
/// only ever shown as text.
pub fn strip_markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if tag.starts_with("br") {
            out.push('\n');
        } else if tag.starts_with('p') && !tag.starts_with("pre") {
            out.push_str("\n\n");
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    let lines: Vec<&str> = decoded.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim().chars().take(COMMENT_MAX).collect()
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|n| *n <= 8) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) if !c.is_control() || c == '\n' => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, href: &str) -> Piece {
        Piece::Link {
            text: text.into(),
            href: href.into(),
        }
    }

    #[test]
    fn empty_long_and_control_text_is_refused() {
        assert!(check_comment("").is_err());
        assert!(check_comment(" \n\t \r\n").is_err());
        assert_eq!(
            check_comment("  Hello\r\nthere \n").unwrap(),
            "Hello\nthere"
        );
        assert!(check_comment(&"é".repeat(5_000)).is_ok());
        assert!(check_comment(&"é".repeat(5_001)).is_err());
        assert!(check_comment("bell\u{7}").is_err());
    }

    #[test]
    fn links_are_found_and_punctuation_left_out() {
        assert_eq!(
            linkify("See https://example.org/a?b=1. Or (www.example.net)!"),
            vec![
                Piece::Text("See ".into()),
                link("https://example.org/a?b=1", "https://example.org/a?b=1"),
                Piece::Text(". Or (".into()),
                link("www.example.net", "https://www.example.net"),
                Piece::Text(")!".into()),
            ]
        );
        assert_eq!(
            linkify("https://en.wikipedia.org/wiki/Rights_(law)"),
            vec![link(
                "https://en.wikipedia.org/wiki/Rights_(law)",
                "https://en.wikipedia.org/wiki/Rights_(law)"
            )]
        );
    }

    #[test]
    fn only_real_links_count() {
        assert_eq!(
            count_links("no links here, just words like http and www"),
            0
        );
        assert_eq!(count_links("javascript:alert(1) is not a link"), 0);
        assert_eq!(count_links("one http://a.example two https://b.example"), 2);
        assert_eq!(count_links("wwwhat https://"), 0);
        // A word that merely contains a link-like part does not start a link.
        assert_eq!(count_links("xhttp://a.example"), 0);
    }

    #[test]
    fn markup_stays_text() {
        let pieces = linkify("<script>alert(1)</script> <a href=x>y</a>");
        assert_eq!(
            pieces,
            vec![Piece::Text(
                "<script>alert(1)</script> <a href=x>y</a>".into()
            )]
        );
    }

    #[test]
    fn html_comments_become_plain_text() {
        assert_eq!(
            strip_markup("<p>Thank you &amp; well done.</p><p>See <a href=\"https://x.org\">this</a>&#8230;<br/>Bye</p>"),
            "Thank you & well done.\n\nSee this…\nBye"
        );
        assert_eq!(
            strip_markup("a &lt;script&gt; b &bogus; c"),
            "a <script> b &bogus; c"
        );
        assert_eq!(strip_markup("unclosed <b"), "unclosed <b");
    }
}
