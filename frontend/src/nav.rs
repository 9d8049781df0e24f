//! Client-side navigation for a server-rendered site with islands.
//!
//! Without this every link is an ordinary page load, which works (and is what a reader with
//! JavaScript off gets). With it, a click on a link to another page of ours fetches that
//! page's HTML and swaps in its `<main>`, its account links and its title, so the ticker
//! keeps its place, the bundle is not started again, and the new page's heading takes focus
//! for screen readers. Back and Forward do the same and return to where the reader was. A
//! page whose `<main>` holds an island is loaded as a whole.
//! Anything unusual (another origin, a new tab, a download, a feed, an error) is left to the
//! browser.
//!
//! Forms go the same way. A `GET` form (search, filters) is a link built from its fields. A
//! `POST` form is sent by `fetch` with the `x-nav-form` header: when it works the server
//! names the next page (`x-nav-location`), which is shown as above, in place when it is the
//! same page; when it is refused the reply is the page with the message next to the field
//! and what was typed, which is swapped in and the field focused. File uploads are left to
//! the browser.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, DomParser, Element, FormData, Headers, HtmlAnchorElement, HtmlElement,
    HtmlFormElement, MouseEvent, RequestInit, Response, ScrollRestoration, SubmitEvent,
    SupportedType, Url, UrlSearchParams, Window,
};

/// The parts of a page that change from one address to the next.
const SWAPPED: [&str; 2] = ["main#main", "nav.account-nav"];
/// How long a navigation may take before "Loading…" shows.
const LOADING_AFTER_MS: i32 = 150;
/// Addresses that are not pages.
const NOT_PAGES: [&str; 6] = ["/api/", "/pkg/", "/assets/", "/media/", "/events/", "/feed"];

thread_local! {
    /// Counts navigations, so a slow one that was overtaken does nothing when it lands.
    static LATEST: Cell<u32> = const { Cell::new(0) };
    /// True from Back or Forward until the old page is back in place: scrolling meanwhile
    /// belongs to neither page.
    static MOVING: Cell<bool> = const { Cell::new(false) };
    /// Where the reader had scrolled on each address, for Back and Forward.
    static SCROLLED: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
}

/// Listens for clicks on links and for Back and Forward.
pub fn start() {
    let window = web_sys::window().expect("a window");
    if let Ok(history) = window.history() {
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    let on_click = Closure::<dyn Fn(MouseEvent)>::new(on_click);
    let on_submit = Closure::<dyn Fn(SubmitEvent)>::new(on_submit);
    let on_popstate = Closure::<dyn Fn(web_sys::Event)>::new(|_| {
        MOVING.with(|m| m.set(true));
        let here = address(&window_location());
        wasm_bindgen_futures::spawn_local(navigate(here, Move::History));
    });
    let on_scroll = Closure::<dyn Fn(web_sys::Event)>::new(|_| remember_scroll());
    if let Some(document) = window.document() {
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        let _ =
            document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    }
    let _ =
        window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("scroll", on_scroll.as_ref().unchecked_ref());
    on_click.forget();
    on_submit.forget();
    on_popstate.forget();
    on_scroll.forget();
}

#[derive(Clone, Copy, PartialEq)]
enum Move {
    /// A followed link: a new history entry, the top of the page.
    Link,
    /// Back or Forward: the entry exists, and the reader returns to where they were.
    History,
    /// After a form post: the next page replaces this entry when it is the same address, and
    /// then the reader stays where they were on it.
    Posted,
}

fn on_click(event: MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    if !link.target().is_empty() || link.has_attribute("download") {
        return;
    }
    let Ok(url) = Url::new(&link.href()) else {
        return;
    };
    let location = window_location();
    if url.origin() != location.origin().unwrap_or_default() {
        return;
    }
    let path = url.pathname();
    if NOT_PAGES.iter().any(|p| path.starts_with(p)) || path.ends_with(".xml") {
        return;
    }
    // A link to a place on this same page is the browser's to follow.
    let here = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    if !url.hash().is_empty() && format!("{}{}", url.pathname(), url.search()) == here {
        return;
    }
    event.prevent_default();
    remember_scroll();
    wasm_bindgen_futures::spawn_local(navigate(address(&url) + &url.hash(), Move::Link));
}

fn on_submit(event: SubmitEvent) {
    if event.default_prevented() {
        return;
    }
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let submitter = event.submitter();
    let attr = |name: &str| {
        submitter
            .as_ref()
            .and_then(|s| s.get_attribute(name))
            .filter(|v| !v.is_empty())
    };
    // Read as attributes: `form.action` and the like are shadowed by fields of those names
    // (the bulk form has a `<select name="action">`).
    let form_attr = |name: &str| form.get_attribute(name).filter(|v| !v.is_empty());
    let enctype = attr("formenctype").or_else(|| form_attr("enctype"));
    if form_attr("target").is_some()
        || attr("formtarget").is_some()
        || enctype.is_some_and(|e| e.contains("multipart"))
    {
        return;
    }
    let here = window_location().href().unwrap_or_default();
    let action = attr("formaction").or_else(|| form_attr("action"));
    let Ok(action) = Url::new_with_base(action.as_deref().unwrap_or(&here), &here) else {
        return;
    };
    if action.origin() != window_location().origin().unwrap_or_default() {
        return;
    }
    if form.get_attribute("aria-busy").as_deref() == Some("true") {
        // Already on its way: a second click sends nothing twice.
        event.prevent_default();
        return;
    }
    let Ok(data) = FormData::new_with_form(&form) else {
        return;
    };
    if let Some(name) = attr("name") {
        let _ = data.append_with_str(&name, &attr("value").unwrap_or_default());
    }
    let Ok(fields) = UrlSearchParams::new_with_str_sequence_sequence(&data) else {
        return;
    };
    let method = attr("formmethod")
        .or_else(|| form_attr("method"))
        .unwrap_or_else(|| "get".into());
    if method.eq_ignore_ascii_case("get") {
        if NOT_PAGES.iter().any(|p| action.pathname().starts_with(p)) {
            return;
        }
        event.prevent_default();
        action.set_search(&String::from(fields.to_string()));
        remember_scroll();
        wasm_bindgen_futures::spawn_local(navigate(address(&action), Move::Link));
    } else if method.eq_ignore_ascii_case("post") {
        event.prevent_default();
        remember_scroll();
        let _ = form.set_attribute("aria-busy", "true");
        wasm_bindgen_futures::spawn_local(async move {
            post(&form, &action.href(), &fields).await;
            let _ = form.remove_attribute("aria-busy");
        });
    }
}

/// Sends a form and shows what comes back; anything unexpected and the browser sends it.
async fn post(form: &HtmlFormElement, action: &str, fields: &UrlSearchParams) {
    let this = next_navigation();
    let loading = show_loading_later(this);
    let reply = send(action, fields).await;
    hide_loading(loading);
    if LATEST.with(Cell::get) != this {
        return;
    }
    match reply {
        Some(Reply::GoTo(to)) => navigate(to, Move::Posted).await,
        Some(Reply::Refused(html)) if swap_in(&html) => {
            focus_problem(&document());
        }
        // No answer, or one that is not a page (a 413 in plain text): the browser posts it
        // and shows what it gets.
        _ => {
            let _ = form.submit();
        }
    }
}

enum Reply {
    /// The post worked; the next page's address.
    GoTo(String),
    /// It was refused; the page again, with the message and what was typed.
    Refused(String),
}

async fn send(action: &str, fields: &UrlSearchParams) -> Option<Reply> {
    let headers = Headers::new().ok()?;
    headers.set("accept", "text/html").ok()?;
    headers.set("x-nav-form", "1").ok()?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_headers(&headers);
    init.set_body(fields);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(action, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if let Some(to) = response.headers().get("x-nav-location").ok().flatten() {
        return Some(Reply::GoTo(to));
    }
    if response.ok() {
        // Worked, and sent on by an ordinary redirect (a form outside `/api/`), or with
        // nowhere named (no `Referer` to go back to): there, or this page anew.
        let to = if response.redirected() {
            response.url()
        } else {
            address(&window_location())
        };
        return Some(Reply::GoTo(to));
    }
    if !is_html(&response) {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string().map(Reply::Refused)
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with("text/html"))
}

fn next_navigation() -> u32 {
    LATEST.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

/// Fetches `to` (a path, query and perhaps `#place`) and shows it; any failure becomes an
/// ordinary page load.
async fn navigate(to: String, how: Move) {
    let this = next_navigation();
    let (page, place) = match to.split_once('#') {
        Some((page, place)) => (page.to_owned(), place.to_owned()),
        None => (to.clone(), String::new()),
    };
    let loading = show_loading_later(this);
    let result = fetch_page(&page).await;
    hide_loading(loading);
    if LATEST.with(Cell::get) != this {
        return;
    }
    match result {
        Some((landed, html)) => {
            let window = window();
            let here = address(&window_location());
            let stay = how == Move::Posted && landed == here;
            let y = match how {
                Move::Link => 0.0,
                Move::Posted if stay => window.scroll_y().unwrap_or(0.0),
                Move::Posted => 0.0,
                Move::History => SCROLLED
                    .with(|s| s.borrow().get(&landed).copied())
                    .unwrap_or(0.0),
            };
            if !swap_in(&html) {
                load(&to, how);
                return;
            }
            let shown = if place.is_empty() {
                landed.clone()
            } else {
                format!("{landed}#{place}")
            };
            if let Ok(history) = window.history() {
                let _ = if how == Move::History || stay {
                    history.replace_state_with_url(&JsValue::NULL, "", Some(&shown))
                } else {
                    history.push_state_with_url(&JsValue::NULL, "", Some(&shown))
                };
            }
            window.scroll_to_with_x_and_y(0.0, y);
            MOVING.with(|m| m.set(false));
            let document = document();
            if !focus_place(&document, &place) {
                if stay {
                    focus_message(&document);
                } else {
                    focus_heading(&document);
                }
            }
        }
        _ => load(&to, how),
    }
}

/// An ordinary page load of `to` (after Back or Forward, in place of the entry it has).
fn load(to: &str, how: Move) {
    let location = window().location();
    let _ = if how == Move::History {
        location.replace(to)
    } else {
        location.assign(to)
    };
}

/// The page's address after redirects and its HTML, or `None` for anything but an HTML page
/// (an error page is shown as the browser would show it: by loading it).
async fn fetch_page(to: &str) -> Option<(String, String)> {
    let init = RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(to, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() || !is_html(&response) {
        return None;
    }
    let landed = Url::new(&response.url())
        .ok()
        .map_or_else(|| to.to_owned(), |u| address(&u));
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some((landed, text))
}

/// Puts the new page's changing parts in place of the old ones; false if it lacks them, or
/// if its `<main>` holds an island (the editor, the people desk): an island hydrates from
/// data in the page's scripts, which a swapped-in page does not run, so such a page is
/// loaded as a whole.
fn swap_in(html: &str) -> bool {
    let Ok(parser) = DomParser::new() else {
        return false;
    };
    let Ok(new) = parser.parse_from_string(html, SupportedType::TextHtml) else {
        return false;
    };
    if new
        .query_selector("main leptos-island")
        .ok()
        .flatten()
        .is_some()
    {
        return false;
    }
    let old = document();
    let pairs: Vec<(Element, Element)> = SWAPPED
        .iter()
        .filter_map(|sel| {
            let o = old.query_selector(sel).ok().flatten();
            let n = new.query_selector(sel).ok().flatten();
            match (o, n) {
                (Some(o), Some(n)) => Some((o, n)),
                _ => None,
            }
        })
        .collect();
    if pairs.len() != SWAPPED.len() {
        return false;
    }
    for (o, n) in pairs {
        let adopted = old
            .adopt_node(&n)
            .ok()
            .and_then(|n| n.dyn_into::<Element>().ok());
        if let Some(n) = adopted {
            let _ = o.replace_with_with_node_1(&n);
        }
    }
    old.set_title(&new.title());
    true
}

/// Gives the page's main heading focus (without scrolling to it), so a screen reader
/// announces the new page.
fn focus_heading(document: &Document) {
    if let Some(h1) = first(document, "main h1") {
        give_focus(&h1, false);
    }
}

/// Scrolls to the element the address's `#place` names and gives it focus; false if there
/// is none.
fn focus_place(document: &Document, place: &str) -> bool {
    let target = (!place.is_empty())
        .then(|| document.get_element_by_id(place))
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    let Some(target) = target else {
        return false;
    };
    target.scroll_into_view();
    give_focus(&target, false);
    true
}

/// After a form that worked, on the same page: its message, if it shows one.
fn focus_message(document: &Document) {
    if let Some(message) = first(
        document,
        "main [role=status]:not(:empty), main [role=alert]",
    ) {
        give_focus(&message, true);
    }
}

/// After a refused form: focus the first field marked wrong, else the message, so the reader
/// hears what to fix.
fn focus_problem(document: &Document) {
    let problem = first(document, "main [aria-invalid=\"true\"]")
        .or_else(|| first(document, "main [role=alert]"));
    if let Some(problem) = problem {
        give_focus(&problem, true);
    }
}

fn first(document: &Document, selector: &str) -> Option<HtmlElement> {
    document
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
}

/// Focuses `el`, making it focusable by script if it is not already; scrolls it into view
/// only when asked.
fn give_focus(el: &HtmlElement, scroll: bool) {
    if el.tab_index() < 0 && !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(!scroll);
    let _ = el.focus_with_options(&options);
}

/// Shows "Loading…" if navigation `this` is still under way after a moment.
fn show_loading_later(this: u32) -> i32 {
    let show = Closure::once_into_js(move || {
        if LATEST.with(Cell::get) != this {
            return;
        }
        if let Some(status) = document().query_selector(".route-loading").ok().flatten() {
            let _ = status.class_list().add_1("is-visible");
            status.set_text_content(Some("Loading…"));
        }
    });
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            show.unchecked_ref(),
            LOADING_AFTER_MS,
        )
        .unwrap_or(0)
}

fn hide_loading(timer: i32) {
    window().clear_timeout_with_handle(timer);
    if let Some(status) = document().query_selector(".route-loading").ok().flatten() {
        let _ = status.class_list().remove_1("is-visible");
        status.set_text_content(None);
    }
}

fn remember_scroll() {
    if MOVING.with(Cell::get) {
        return;
    }
    let y = window().scroll_y().unwrap_or(0.0);
    let here = address(&window_location());
    SCROLLED.with(|s| s.borrow_mut().insert(here, y));
}

/// Path and query, the key of a page.
fn address(url: &impl Address) -> String {
    url.path_and_query()
}

trait Address {
    fn path_and_query(&self) -> String;
}

impl Address for Url {
    fn path_and_query(&self) -> String {
        format!("{}{}", self.pathname(), self.search())
    }
}

impl Address for web_sys::Location {
    fn path_and_query(&self) -> String {
        format!(
            "{}{}",
            self.pathname().unwrap_or_default(),
            self.search().unwrap_or_default()
        )
    }
}

fn window() -> Window {
    web_sys::window().expect("a window")
}

fn window_location() -> web_sys::Location {
    window().location()
}

fn document() -> Document {
    window().document().expect("a document")
}
