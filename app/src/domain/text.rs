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

/// JSON to place inside a `<script>` element (JSON-LD): `<`, `>` and `&` (and the two
/// line separators JavaScript once treated as line ends) are written as `\u` escapes, so
/// no `</script>` can end the element and no `<!--` can put the HTML parser into its
/// escaped-script state (where a later `<script>` hides the rest of the page). Outside
/// strings JSON has none of these characters, so escaping the whole text is exact.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    // Whole runs without those characters are copied at once. U+2028 and U+2029 are the
    // only characters whose UTF-8 is 0xE2 0x80 0xA8 or 0xA9; every escape starts and ends
    // on a character boundary.
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA8]) => "\\u2028",
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA9]) => "\\u2029",
            _ => continue,
        };
        out.push_str(&json[copied..i]);
        out.push_str(escape);
        copied = i + if b == 0xE2 { 3 } else { 1 };
    }
    out.push_str(&json[copied..]);
    out
}

/// schema.org `BreadcrumbList` JSON-LD for `(name, path)` items, paths made absolute; the
/// current page (the last item) may have no path.
pub fn breadcrumb_json_ld(site_url: &str, items: &[(&str, Option<&str>)]) -> String {
    let list: Vec<serde_json::Value> = items
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            let mut item = serde_json::json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
            });
            if let Some(path) = path {
                item["item"] = format!("{site_url}{path}").into();
            }
            item
        })
        .collect();
    script_json(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": list,
    }))
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
    fn json_in_a_script_cannot_end_it_or_hide_the_page() {
        let value =
            serde_json::json!({ "headline": "a\"b\\c</script><!--<script>&\u{2028}—\u{2029}é" });
        let json = super::script_json(&value);
        assert_eq!(
            json,
            r#"{"headline":"a\"b\\c\u003c/script\u003e\u003c!--\u003cscript\u003e\u0026\u2028—\u2029é"}"#
        );
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value, "the escapes read back as the same text");
    }

    #[test]
    fn breadcrumbs_become_a_list_of_absolute_links() {
        let ld = super::breadcrumb_json_ld(
            "https://x.org",
            &[("Home", Some("/")), ("A \"b\" <!--<script>", None)],
        );
        let value: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    { "@type": "ListItem", "position": 1, "name": "Home", "item": "https://x.org/" },
                    { "@type": "ListItem", "position": 2, "name": "A \"b\" <!--<script>" },
                ],
            })
        );
        assert!(!ld.contains('<'), "{ld}");
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
