//! The log as an operator reads it: one JSON object per line, each naming the request it
//! belongs to (the id the response carries in `x-request-id`, and an error page shows);
//! logins, refusals and moderation recorded; no password, cookie or token anywhere.

mod common;

use app::domain::roles::Role;
use common::{logged_in, login, register, PASSWORD};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn is_request_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[tokio::test]
async fn every_line_names_its_request_and_no_secret_is_logged() {
    let captured = Captured::default();
    // As main.rs sets it up with LOG_FORMAT=json, on this test's only thread.
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_current_span(false)
        .with_span_list(true)
        .with_env_filter("info,sqlx=warn")
        .with_writer(captured.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let app = common::spawn_app().await;
    // From here on, every line belongs to a request.
    captured.0.lock().unwrap().clear();

    // Ids: fresh on every response, whatever the client sent.
    let mut visitor = app.browser([10, 0, 2, 1]);
    let first = visitor.get("/").await;
    let second = visitor.get("/").await;
    let (a, b) = (first.header("x-request-id"), second.header("x-request-id"));
    assert!(a.is_some_and(is_request_id), "{a:?}");
    assert!(b.is_some_and(is_request_id) && a != b, "{a:?} {b:?}");
    let preview = visitor
        .get("/preview/abcdefghijklmnopqrstuvwxyz0123456789")
        .await;
    assert_eq!(preview.status, 404);

    // A failed and a successful login, a refusal, a moderation decision.
    let wrong = "wrong horse battery nine";
    let mut reader = app.browser([10, 0, 2, 2]);
    assert_eq!(
        register(&mut reader, "Rea Der", "rea@example.org")
            .await
            .status,
        200
    );
    let reader_cookie = reader.cookie.clone().expect("a session");
    let mut stranger = app.browser([10, 0, 2, 3]);
    assert_eq!(
        login(&mut stranger, "rea@example.org", wrong).await.status,
        422
    );
    let comment = app.count("SELECT MIN(id) FROM comments").await.to_string();
    let refused = reader
        .call(
            "/api/moderate_comment",
            &[("id", &comment), ("decision", "trash")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let mut editor = logged_in(&app, Role::Editor).await;
    let editor_cookie = editor.cookie.clone().expect("a session");
    let moderated = editor
        .call(
            "/api/moderate_comment",
            &[("id", &comment), ("decision", "hold")],
        )
        .await;
    assert_eq!(moderated.status, 200, "{}", moderated.body);

    // An internal error: the page says what to quote, and it is the response's id.
    app.pool.close().await;
    let broken = visitor.get("/search?q=rights").await;
    assert_eq!(broken.status, 500, "{}", broken.body);
    let id = broken.header("x-request-id").expect("an id").to_owned();
    assert!(
        broken.body.contains(&format!("<code>{id}")),
        "the error page shows {id}: {}",
        broken.body
    );

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let message = |line: &serde_json::Value| {
        line["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let request_of = |line: &serde_json::Value| {
        line["spans"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    for line in &lines {
        assert!(
            is_request_id(&request_of(line)),
            "a line without its request: {line}"
        );
    }
    let said = |words: &str| lines.iter().filter(|l| message(l).contains(words)).count();
    assert_eq!(said("failed login"), 1, "{text}");
    assert_eq!(said("logged in"), 1, "{text}");
    assert_eq!(said("reader registered"), 1, "{text}");
    assert!(said("refused") >= 1, "{text}");
    assert_eq!(said("comment moderated"), 1, "{text}");
    let failed: Vec<_> = lines
        .iter()
        .filter(|l| l["level"] == "ERROR" && request_of(l) == id)
        .collect();
    assert!(
        !failed.is_empty(),
        "the failure is logged under {id}: {text}"
    );

    for secret in [
        PASSWORD,
        wrong,
        "abcdefghijklmnopqrstuvwxyz0123456789",
        session_value(&reader_cookie),
        session_value(&editor_cookie),
    ] {
        assert!(!text.contains(secret), "{secret:?} is in the log:\n{text}");
    }
    assert!(!text.to_lowercase().contains("cookie"), "{text}");
}

fn session_value(cookie: &str) -> &str {
    cookie.split_once('=').map(|(_, v)| v).unwrap_or(cookie)
}
