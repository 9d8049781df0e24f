//! Every registered server function, called with generated malformed requests as a visitor,
//! a reader and an editor: wrong types, empty and oversized values, broken encodings,
//! non-UTF-8 bytes, wrong content types and methods. No response may be a 5xx (a panic is
//! caught as one), and none may change a row.
//!
//! Seeded and reproducible: `FUZZ_SEED` (default below) and `FUZZ_REQUESTS` (per function
//! and caller, default 1,000). A failure prints the seed and the request that caused it.

mod common;

use app::domain::roles::Role;
use axum::body::Body;
use axum::http::Request;
use common::{logged_in, register, spawn_app, TestApp};

const DEFAULT_SEED: u64 = 0x5EED_2026_1130;

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Every argument name the server functions take (from app/src/api when this was written),
/// and some they do not; names are also drawn at random.
const NAMES: &[&str] = &[
    "action",
    "alt",
    "article_id",
    "author",
    "base_version",
    "body",
    "body_md",
    "caption",
    "comments",
    "comments_open",
    "credit",
    "current_password",
    "day",
    "days",
    "decision",
    "description",
    "disabled",
    "display_name",
    "email",
    "everyone",
    "excerpt",
    "expires_at",
    "featured_media_id",
    "filter",
    "from",
    "hide",
    "id",
    "ids",
    "intent",
    "into",
    "link",
    "month",
    "name",
    "new_password",
    "next",
    "page",
    "parent_id",
    "password",
    "publish_at",
    "q",
    "rev",
    "revision",
    "role",
    "section",
    "section_id",
    "slug",
    "starts_at",
    "tab",
    "tag",
    "tags",
    "text",
    "title",
    "to",
    "token",
    "up",
    "user_id",
    "year",
    "ids[]",
    "ids[0]",
    "id[]",
    "__proto__",
    "",
    "a.b",
    "x",
];

/// Values no argument accepts as they stand: wrong types, out of range, empty, hostile.
const VALUES: &[&str] = &[
    "",
    " ",
    "-1",
    "-9223372036854775809",
    "18446744073709551616",
    "1e309",
    "NaN",
    "0x10",
    "1.5",
    "true",
    "null",
    "[]",
    "{}",
    "[1,",
    "{\"a\":",
    "%",
    "%ZZ",
    "%C0%AF",
    "%00",
    "\0",
    "\u{0}\u{1}\u{7f}",
    "\u{202e}evil",
    "\u{fffd}",
    "😀😀😀",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\"); DROP TABLE users; --",
    "../../etc/passwd",
    "\\",
    "\"",
    "MATCH \"",
    "NEAR(",
    "*",
    "approve!",
    "publish_now?",
    "ADMIN",
    "javascript:alert(1)",
    "https://evil.example/",
    "//evil.example",
    "2026-13-45",
    "99999",
    "0",
    "-0",
];

/// Percent-encodes every byte that is not unreserved, so any string (or byte) fits a form.
fn encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// One value: from the list, oversized, random bytes (often not UTF-8), or raw broken escapes.
fn value(rng: &mut Rng) -> String {
    match rng.below(10) {
        // Longer than any field allows (comments: 5,000 characters).
        0 => "x".repeat(rng.below(100_000) + 5_001),
        1 => {
            let bytes: Vec<u8> = (0..rng.below(64) + 1).map(|_| rng.next() as u8).collect();
            encode(&bytes)
        }
        2 => rng
            .pick(&["%", "%G1", "%FF%FE", "%E2%82", "+%", "=&=&"])
            .to_string(),
        _ => encode(rng.pick(VALUES).as_bytes()),
    }
}

/// A form body: a few fields, named from the list or at random, with malformed values.
fn form(rng: &mut Rng) -> Vec<u8> {
    let fields = rng.below(6);
    let mut parts = Vec::new();
    for _ in 0..fields {
        let name = if rng.chance(85) {
            encode(rng.pick(NAMES).as_bytes())
        } else {
            value(rng)
        };
        parts.push(format!("{name}={}", value(rng)));
    }
    parts.join("&").into_bytes()
}

/// A JSON body: valid JSON of the wrong shape, or not JSON at all.
fn json(rng: &mut Rng) -> Vec<u8> {
    let depth = rng.below(3000);
    match rng.below(6) {
        0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes(),
        1 => b"{\"id\": \"1\", \"ids\": {\"0\": 1}, \"decision\": 7}".to_vec(),
        2 => format!(
            "{{\"{}\": {}}}",
            rng.pick(NAMES),
            rng.pick(&["null", "[]", "{}", "1e999", "\"\\ud800\""])
        )
        .into_bytes(),
        3 => b"{\"title\": ".to_vec(),
        4 => (0..rng.below(512)).map(|_| rng.next() as u8).collect(),
        _ => b"[]".to_vec(),
    }
}

struct Generated {
    method: &'static str,
    uri: String,
    content_type: Option<&'static str>,
    accept: Option<&'static str>,
    nav_form: bool,
    body: Vec<u8>,
}

impl std::fmt::Debug for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        let shown: String = body.chars().take(300).collect();
        write!(
            f,
            "{} {} content-type={:?} accept={:?} nav={} body({} bytes)={shown:?}",
            self.method,
            self.uri.chars().take(300).collect::<String>(),
            self.content_type,
            self.accept,
            self.nav_form,
            self.body.len()
        )
    }
}

fn generate(rng: &mut Rng, path: &str, method: &str) -> Generated {
    let accept = *rng.pick(&[
        Some("application/json"),
        Some("text/html,application/xhtml+xml"),
        None,
        Some("*/*"),
    ]);
    let nav_form = rng.chance(20);
    if method == "GET" || rng.chance(10) {
        // Arguments in the query string (a GET function, or a POST one called wrongly).
        // Addresses over 64 KiB never reach the server (hyper answers 414 itself).
        let mut query = String::from_utf8_lossy(&form(rng)).into_owned();
        query.truncate(60_000);
        let get = method == "GET" || rng.chance(50);
        return Generated {
            method: if get {
                "GET"
            } else {
                ["PUT", "DELETE", "PATCH"][rng.below(3)]
            },
            uri: format!("{path}?{query}"),
            content_type: None,
            accept,
            nav_form,
            body: Vec::new(),
        };
    }
    let (content_type, body) = match rng.below(10) {
        0..=4 => (Some("application/x-www-form-urlencoded"), form(rng)),
        5 => (Some("application/json"), json(rng)),
        6 => (
            *rng.pick(&[
                Some("multipart/form-data"),
                Some("multipart/form-data; boundary=x"),
            ]),
            b"--x\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n\xff\xfe\r\n--x".to_vec(),
        ),
        7 => (
            *rng.pick(&[
                None,
                Some("text/plain"),
                Some("application/cbor"),
                Some("\u{1}"),
            ]),
            form(rng),
        ),
        8 if rng.chance(5) => (
            // Over the 2 MiB body limit.
            Some("application/x-www-form-urlencoded"),
            format!("body={}", "y".repeat(2_200_000)).into_bytes(),
        ),
        _ => (Some("application/x-www-form-urlencoded"), Vec::new()),
    };
    Generated {
        method: "POST",
        uri: path.to_owned(),
        content_type,
        accept,
        nav_form,
        body,
    }
}

fn request(generated: &Generated, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(generated.method)
        .uri(&generated.uri)
        .header("host", "rights.example")
        .header("sec-fetch-site", "same-origin")
        .header("referer", "https://rights.example/")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [10, 9, 9, 9],
            40_000,
        ))));
    if let Some(content_type) = generated.content_type {
        if let Ok(value) = axum::http::HeaderValue::from_str(content_type) {
            builder = builder.header("content-type", value);
        }
    }
    if let Some(accept) = generated.accept {
        builder = builder.header("accept", accept);
    }
    if generated.nav_form {
        builder = builder.header("x-nav-form", "1");
    }
    if let Some(cookie) = cookie {
        builder = builder.header("cookie", cookie);
    }
    builder.body(Body::from(generated.body.clone())).unwrap()
}

/// Tables a refused request may write: the session store (a request may refresh its session)
/// and the failed-login record the rate limiter keeps on purpose.
const MAY_CHANGE: &[&str] = &["sessions", "login_failures"];

/// Test-only triggers that count every row written to any other table, so each refused
/// request can be checked on its own (and a successful one can change what it likes).
async fn count_writes(app: &TestApp) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'article_search%' \
         AND name NOT LIKE '\\_%' ESCAPE '\\'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    sqlx::query("CREATE TABLE fuzz_writes (n INTEGER PRIMARY KEY, tbl TEXT NOT NULL)")
        .execute(&app.pool)
        .await
        .unwrap();
    for table in tables.iter().filter(|t| !MAY_CHANGE.contains(&t.as_str())) {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            let sql = format!(
                "CREATE TRIGGER fuzz_{table}_{event} AFTER {event} ON {table} \
                 BEGIN INSERT INTO fuzz_writes (tbl) VALUES ('{table}'); END"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&app.pool)
                .await
                .unwrap();
        }
    }
}

async fn writes(app: &TestApp) -> i64 {
    app.count("SELECT COALESCE(MAX(n), 0) FROM fuzz_writes")
        .await
}

/// Panics anywhere in the process (a spawned render task's too, which no status shows).
static PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        previous(info);
    }));
}

fn panics() -> usize {
    PANICS.load(std::sync::atomic::Ordering::SeqCst)
}

/// What one worker found.
#[derive(Default)]
struct Tally {
    sent: usize,
    statuses: std::collections::BTreeMap<u16, usize>,
    accepted: std::collections::BTreeSet<String>,
}

/// Calls each of `functions` `per_caller` times as each caller, on a site of its own (so a
/// write is attributed to the one request that made it). Each function's requests come from
/// its own generator, seeded from `seed` and the function's path: reproducible whichever
/// worker runs it.
async fn fuzz(functions: Vec<(&'static str, String)>, per_caller: usize, seed: u64) -> Tally {
    let app = spawn_app().await;
    let mut reader = app.browser([10, 0, 3, 1]);
    assert_eq!(
        register(&mut reader, "Fuzz Reader", "fuzz@example.org")
            .await
            .status,
        200
    );
    let editor = logged_in(&app, Role::Editor).await;
    let callers: [(&str, Option<String>); 3] = [
        ("visitor", None),
        ("reader", reader.cookie.clone()),
        ("editor", editor.cookie.clone()),
    ];
    count_writes(&app).await;
    let mut tally = Tally::default();
    for (path, method) in &functions {
        let function_seed = path.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        }) | 1;
        let mut rng = Rng(function_seed);
        for (who, cookie) in &callers {
            let mut written = writes(&app).await;
            for n in 0..per_caller {
                let generated = generate(&mut rng, path, method);
                let panicked = panics();
                let status = app
                    .send(request(&generated, cookie.as_deref()))
                    .await
                    .status;
                *tally.statuses.entry(status).or_default() += 1;
                tally.sent += 1;
                let at =
                    || format!("{path} as {who} (FUZZ_SEED={seed}, request {n}): {generated:?}");
                assert!(status < 500, "{status} from {}", at());
                assert_eq!(panics(), panicked, "a panic while serving {}", at());
                let now = writes(&app).await;
                if status >= 400 {
                    assert_eq!(
                        written,
                        now,
                        "a refused request ({status}) wrote rows: {}",
                        at()
                    );
                } else {
                    // Malformed but harmless: a function without arguments, extra fields
                    // ignored, or a value that happens to be valid (a display name, say).
                    tally.accepted.insert(format!("{status} {path} as {who}"));
                }
                written = now;
            }
        }
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_calls_to_every_server_function_never_fail_the_server_or_write() {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    // Per function, shared evenly by the three callers.
    let per_function: usize = std::env::var("FUZZ_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let per_caller = per_function.div_ceil(3);
    let mut functions: Vec<(&'static str, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path, method.to_string()))
        .collect();
    assert!(
        functions.len() >= 50,
        "found {} server functions",
        functions.len()
    );
    // Logging out last: a call to it succeeds whatever the body, and ends the session.
    let logout = <app::api::Logout as leptos::server_fn::ServerFn>::PATH;
    functions.sort_by_key(|(path, _)| (*path == logout, *path));
    let count = functions.len();
    // Build the route list once before the workers start (Leptos renders the app to list
    // its routes, with a process-wide flag set: see server::router).
    drop(spawn_app().await);
    count_panics();

    // Two workers, each with its own site and database, take every other function.
    let started = std::time::Instant::now();
    let (odd, even): (Vec<_>, Vec<_>) = functions
        .into_iter()
        .enumerate()
        .partition(|(i, (path, _))| i % 2 == 1 && *path != logout);
    let strip = |v: Vec<(usize, (&'static str, String))>| v.into_iter().map(|(_, f)| f).collect();
    let first = tokio::spawn(fuzz(strip(odd), per_caller, seed));
    let second = tokio::spawn(fuzz(strip(even), per_caller, seed));
    let (first, second) = (first.await.unwrap(), second.await.unwrap());

    let sent = first.sent + second.sent;
    let mut statuses = first.statuses;
    for (status, n) in second.statuses {
        *statuses.entry(status).or_default() += n;
    }
    let accepted: Vec<_> = first.accepted.union(&second.accepted).collect();
    println!(
        "{sent} malformed requests ({per_caller} per function and caller) to {count} server \
         functions in {:.0} s (FUZZ_SEED={seed}); statuses {statuses:?}; accepted without \
         harm: {accepted:?}",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(sent, count * 3 * per_caller);
    assert!(per_caller * 3 >= per_function);
}
