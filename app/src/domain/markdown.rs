//! An article body: Markdown → HTML (pulldown-cmark) → sanitised (ammonia). Runs when an
//! article is saved; the stored result is what readers get.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// The HTML for a Markdown body, safe to place in a page as it is.
///
/// - `#` headings become `<h2>` (like `##`): the page's title is the only `<h1>`.
/// - Raw HTML in the Markdown is kept only where ammonia's allow-list permits; scripts,
///   styles, event handlers, `javascript:` links and the like are removed.
/// - Images must come from this site (a path such as `/media/…`): the pages make no
///   third-party requests.
/// - Links get `rel="noopener noreferrer"` (they are the publication's own, so no `nofollow`).
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitise(&raw)
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn sanitise(html: &str) -> String {
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer"))
        .add_tag_attributes("img", ["loading"])
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" {
                return is_local_path(value).then(|| value.into());
            }
            Some(value.into())
        })
        .clean(html)
        .to_string()
}

/// Whether an image address is a path on this site: one `/` and then a path character.
/// Browsers read `\` as `/` and drop tabs and line breaks anywhere in an address, so
/// `/\evil.example/x.gif` and `/<TAB>/evil.example/x.gif` both mean `//evil.example/x.gif`,
/// another site; an address with any of them, or with any space or control character, is
/// refused.
fn is_local_path(src: &str) -> bool {
    let mut chars = src.chars();
    chars.next() == Some('/')
        && chars.next().is_some_and(|c| c != '/')
        && !src
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_and_the_title_stays_the_only_h1() {
        let html = to_html("# Rights\n\n## Here\n\nSome *text* and a [link](https://example.org).");
        assert!(
            html.contains("<h2>Rights</h2>") && html.contains("<h2>Here</h2>"),
            "{html}"
        );
        assert!(html.contains("<em>text</em>"));
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">link</a>"#),
            "{html}"
        );
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n[x](javascript:alert(1))\n\n<iframe src=\"https://evil.example\"></iframe>",
        );
        for bad in [
            "<script",
            "onclick",
            "javascript:",
            "<iframe",
            "evil.example",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("hi"));
    }

    #[test]
    fn only_images_from_this_site_are_kept() {
        let html = to_html(
            "![a](/media/a.jpg) ![b](https://tracker.example/b.gif) ![c](//cdn.example/c.png)",
        );
        assert!(html.contains(r#"src="/media/a.jpg""#), "{html}");
        assert!(
            !html.contains("tracker.example") && !html.contains("cdn.example"),
            "{html}"
        );
    }

    #[test]
    fn image_addresses_that_browsers_read_as_another_site_are_removed() {
        for src in [
            "/\\evil.example/x.gif",
            "/&#9;/evil.example/x.gif",
            "/&#10;/evil.example/x.gif",
            "&#32;//evil.example/x.gif",
            "\\\\evil.example/x.gif",
            "/",
            "/media/a b.jpg",
        ] {
            let html = to_html(&format!(r#"<img src="{src}" alt="x">"#));
            assert!(!html.contains("src="), "{src} kept: {html}");
        }
        for src in ["/media/a.jpg", "/media/caf%C3%A9.jpg", "/media/café.jpg"] {
            let html = to_html(&format!(r#"<img src="{src}" alt="x">"#));
            assert!(
                html.contains(&format!(r#"src="{src}""#)),
                "{src} lost: {html}"
            );
        }
    }

    #[test]
    fn tables_and_footnotes_work() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: Source.");
        assert!(
            html.contains("<table>") && html.contains("<td>1</td>"),
            "{html}"
        );
        assert!(html.contains("Source."));
    }
}
