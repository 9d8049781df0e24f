/// Escapes text for HTML and XML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON string literal (with its quotes), safe inside a `<script>` element: `<`, `>` and
/// `&` are written as `\u` escapes so no `</script>` or `<!--` can appear.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// schema.org `BreadcrumbList` JSON-LD for `(name, path)` items, paths made absolute; the
/// current page (the last item) may have no path.
pub fn breadcrumb_json_ld(site_url: &str, items: &[(&str, Option<&str>)]) -> String {
    let list = items
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            let item = path
                .map(|p| format!(r#","item":{}"#, json_string(&format!("{site_url}{p}"))))
                .unwrap_or_default();
            format!(
                r#"{{"@type":"ListItem","position":{},"name":{}{item}}}"#,
                i + 1,
                json_string(name),
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    format!(
        r#"{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{list}]}}"#
    )
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters pass through).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_cannot_end_a_script() {
        assert_eq!(
            super::json_string("a\"b\\c</script><!--\n\u{1}"),
            r#""a\"b\\c\u003c/script\u003e\u003c!--\n\u0001""#
        );
    }

    #[test]
    fn breadcrumbs_become_a_list_of_absolute_links() {
        let ld =
            super::breadcrumb_json_ld("https://x.org", &[("Home", Some("/")), ("A \"b\"", None)]);
        assert_eq!(
            ld,
            r#"{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"https://x.org/"},{"@type":"ListItem","position":2,"name":"A \"b\""}]}"#
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::encode_query_value("a b&c=d/é"),
            "a+b%26c%3Dd%2F%C3%A9"
        );
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            super::escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
