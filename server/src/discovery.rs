//! `robots.txt` and `sitemap.xml`.

use app::{
    db,
    domain::{escape_html, Date},
    state::AppState,
};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /login\n\nSitemap: {}/sitemap.xml\n",
        state.site_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

pub async fn sitemap(State(state): State<AppState>) -> Response {
    match sitemap_xml(&state).await {
        // Public, for the page cache: it lists every public article, section, tag and
        // author, so any change to what readers see of an article purges it (`newest`), as
        // do changes to sections and names (everything). Built afresh, it cost a `load`
        // drill's feed requests a p99 of a second.
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
                (
                    header::HeaderName::from_static(app::cache::TAGS_HEADER),
                    app::cache::tag::NEWEST,
                ),
            ],
            xml,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "building the sitemap");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn sitemap_xml(state: &AppState) -> Result<String, sqlx::Error> {
    let now = db::now();
    let base = &state.site_url;
    let articles = db::articles::sitemap_entries(&state.pool, now).await?;
    let sections = db::taxonomy::sections(&state.pool).await?;
    let (tags, authors) = db::articles::archive_slugs(&state.pool, now).await?;

    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<i64>| {
        out.push_str("<url><loc>");
        out.push_str(&escape_html(&format!("{base}{path}")));
        out.push_str("</loc>");
        if let Some(ts) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", Date::from_timestamp(ts)));
        }
        out.push_str("</url>\n");
    };
    url("/", articles.first().map(|a| a.updated_at));
    let mut months: Vec<(i32, u32)> = Vec::new();
    for a in &articles {
        let d = Date::from_timestamp(a.published_at);
        let path = format!("{}/{}", d.path(), a.slug);
        url(&path, Some(a.updated_at));
        if !months.contains(&(d.year(), d.month())) {
            months.push((d.year(), d.month()));
        }
    }
    for s in &sections {
        url(&format!("/category/{}", s.slug), None);
    }
    for t in &tags {
        url(&format!("/tag/{t}"), None);
    }
    for a in &authors {
        url(&format!("/author/{a}"), None);
    }
    let mut years: Vec<i32> = months.iter().map(|(y, _)| *y).collect();
    years.dedup();
    for y in years {
        url(&format!("/{y:04}"), None);
    }
    for (y, m) in months {
        url(&format!("/{y:04}/{m:02}"), None);
    }
    out.push_str("</urlset>\n");
    Ok(out)
}
