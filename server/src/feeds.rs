//! RSS 2.0 and Atom feeds, full text, for the whole site and for each section, tag and
//! author: `/feed.xml`, `/atom.xml`, `/{category|tag|author}/{slug}/{feed|atom}.xml`.

use app::{
    db::{self, articles::FeedEntry, articles::ListFilter},
    domain::{escape_html, iso_datetime, rfc2822_datetime, Slug},
    model::ArchiveKind,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

/// Articles in a feed.
const ENTRIES: u32 = 20;

#[derive(Clone, Copy)]
enum Format {
    Rss,
    Atom,
}

/// The feed routes, to merge into the application router.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/feed.xml", get(|s| site(s, Format::Rss)))
        .route("/atom.xml", get(|s| site(s, Format::Atom)));
    for (prefix, kind) in [
        ("category", ArchiveKind::Section),
        ("tag", ArchiveKind::Tag),
        ("author", ArchiveKind::Author),
    ] {
        router = router
            .route(
                &format!("/{prefix}/{{slug}}/feed.xml"),
                get(move |s, p| archive(s, p, kind, Format::Rss)),
            )
            .route(
                &format!("/{prefix}/{{slug}}/atom.xml"),
                get(move |s, p| archive(s, p, kind, Format::Atom)),
            );
    }
    router
}

/// What a feed is about.
struct Channel {
    title: String,
    description: String,
    /// Path of the HTML page the feed mirrors.
    page: String,
}

impl Channel {
    /// The absolute URL of the page the feed mirrors.
    fn url(&self, base: &str) -> String {
        if self.page.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}{}", self.page)
        }
    }
}

async fn site(State(state): State<AppState>, format: Format) -> Response {
    let channel = Channel {
        title: state.site_name.to_string(),
        description: "Independent reporting on human rights around the world.".to_owned(),
        page: String::new(),
    };
    respond(&state, channel, ListFilter::default(), format).await
}

async fn archive(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    kind: ArchiveKind,
    format: Format,
) -> Response {
    let Some(slug) = Slug::parse(&slug) else {
        return not_found();
    };
    let subject = match db::articles::archive_subject(&state.pool, kind, slug.as_str()).await {
        Ok(Some(subject)) => subject,
        Ok(None) => return not_found(),
        Err(e) => return failed(&e),
    };
    let mut filter = ListFilter::default();
    let slug = Some(subject.slug.clone());
    let (prefix, about) = match kind {
        ArchiveKind::Section => {
            filter.section = slug;
            ("category", "Articles in")
        }
        ArchiveKind::Tag => {
            filter.tag = slug;
            ("tag", "Articles tagged")
        }
        ArchiveKind::Author => {
            filter.author = slug;
            ("author", "Articles by")
        }
    };
    let channel = Channel {
        title: format!("{} – {}", subject.name, state.site_name),
        description: if subject.description.is_empty() {
            format!("{about} {} on {}.", subject.name, state.site_name)
        } else {
            subject.description
        },
        page: format!("/{prefix}/{}", subject.slug),
    };
    respond(&state, channel, filter, format).await
}

async fn respond(
    state: &AppState,
    channel: Channel,
    filter: ListFilter,
    format: Format,
) -> Response {
    let entries = match db::articles::feed_entries(&state.pool, &filter, db::now(), ENTRIES).await {
        Ok(entries) => entries,
        Err(e) => return failed(&e),
    };
    let (content_type, body) = match format {
        Format::Rss => (
            "application/rss+xml; charset=utf-8",
            rss(&state.site_url, &channel, &entries),
        ),
        Format::Atom => (
            "application/atom+xml; charset=utf-8",
            atom(&state.site_url, &channel, &entries),
        ),
    };
    // Public, for the page cache: the list it is of, and every article in it (full text).
    use app::cache::tag;
    let list = [
        filter.section.as_deref().map(tag::section),
        filter.tag.as_deref().map(tag::tag),
        filter.author.as_deref().map(tag::author),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or_else(|| tag::NEWEST.to_owned());
    let tags = std::iter::once(list)
        .chain(entries.iter().map(|e| tag::article(e.summary.id)))
        .collect::<Vec<_>>()
        .join(" ");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::HeaderName::from_static(app::cache::TAGS_HEADER),
                tags,
            ),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "No such feed.\n").into_response()
}

fn failed(e: &sqlx::Error) -> Response {
    tracing::error!(error = %e, "building a feed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "The feed could not be built. Please try again.\n",
    )
        .into_response()
}

fn rss(base: &str, channel: &Channel, entries: &[FeedEntry]) -> String {
    let e = escape_html;
    let page = channel.url(base);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n\
         <title>{}</title>\n<link>{}</link>\n<description>{}</description>\n\
         <language>en</language>\n\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        e(&channel.title),
        e(&page),
        e(&channel.description),
        e(&format!("{base}{}/feed.xml", channel.page)),
    );
    if let Some(newest) = entries.first() {
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc2822_datetime(last_change(newest))
        ));
    }
    for entry in entries {
        let a = &entry.summary;
        let url = format!("{base}{}", a.url());
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n\
             <pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n<category>{}</category>\n\
             <description>{}</description>\n<content:encoded>{}</content:encoded>\n</item>\n",
            e(&a.title),
            e(&url),
            e(&url),
            rfc2822_datetime(a.published_at),
            e(&a.author.name),
            e(&a.section.name),
            e(&a.excerpt),
            e(&absolute_links(base, &entry.body_html)),
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn atom(base: &str, channel: &Channel, entries: &[FeedEntry]) -> String {
    let e = escape_html;
    let updated = entries.iter().map(last_change).max().unwrap_or(0);
    let page = channel.url(base);
    let self_url = format!("{base}{}/atom.xml", channel.page);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n\
         <id>{}</id>\n<title>{}</title>\n<subtitle>{}</subtitle>\n<updated>{}</updated>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        e(&self_url),
        e(&channel.title),
        e(&channel.description),
        iso_datetime(updated),
        e(&page),
        e(&self_url),
    );
    for entry in entries {
        let a = &entry.summary;
        let url = format!("{base}{}", a.url());
        out.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n\
             <author><name>{}</name><uri>{}</uri></author>\n\
             <category term=\"{}\" label=\"{}\"/>\n<summary>{}</summary>\n\
             <content type=\"html\">{}</content>\n</entry>\n",
            e(&url),
            e(&a.title),
            e(&url),
            iso_datetime(a.published_at),
            iso_datetime(last_change(entry)),
            e(&a.author.name),
            e(&format!("{base}{}", a.author.url())),
            e(&a.section.slug),
            e(&a.section.name),
            e(&a.excerpt),
            e(&absolute_links(base, &entry.body_html)),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// When an entry last changed: an article scheduled after its last edit changes when it
/// is published.
fn last_change(entry: &FeedEntry) -> i64 {
    entry.updated_at.max(entry.summary.published_at)
}

/// Feed readers show bodies away from the site: make root-relative links and images absolute.
fn absolute_links(base: &str, html: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{base}/"))
        .replace("src=\"/", &format!("src=\"{base}/"))
}
