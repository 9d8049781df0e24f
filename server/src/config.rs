//! Settings: `Leptos.toml` (the `[site]` table and Leptos' own section), overridden by the
//! environment. Runs the same with and without cargo-leptos.

use leptos::config::{get_configuration, LeptosOptions};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub leptos_options: LeptosOptions,
    pub database_url: String,
    pub media_dir: PathBuf,
    pub site_name: String,
    /// The public origin, e.g. `https://rightstoall.example` (`SITE_URL`).
    pub site_url: String,
    /// Fill an empty database with demo content (`SEED_DEMO=0` turns it off).
    pub seed_demo: bool,
    /// `Secure` session cookies (`SECURE_COOKIES`, default: when SITE_URL is https).
    pub secure_cookies: bool,
    /// The reverse proxy allowed to say who the client is (`TRUSTED_PROXY`, an IP address).
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Bytes the page cache may hold (`PAGE_CACHE_BYTES`; 0 turns it off).
    pub page_cache_bytes: usize,
    /// How long after a change a stale page may still be served (`PAGE_CACHE_STALE_SECONDS`).
    pub page_cache_stale: std::time::Duration,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct SiteTable {
    name: Option<String>,
    url: Option<String>,
    database_url: Option<String>,
    media_dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    site: SiteTable,
}

pub const CONFIG_FILE: &str = "Leptos.toml";

impl Config {
    pub fn load() -> Result<Self, String> {
        let text = std::fs::read_to_string(CONFIG_FILE).ok();
        let from_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
        if text.is_none() && !from_cargo_leptos {
            let here = std::env::current_dir().unwrap_or_default();
            return Err(format!(
                "no {CONFIG_FILE} in {}: start the server in the site's folder (where {CONFIG_FILE} is)",
                here.display()
            ));
        }
        // Check the file's syntax first: Leptos' reader turns any mistake into "section
        // missing from Cargo.toml", which points at the wrong file.
        let site = match &text {
            Some(text) => {
                toml::from_str::<File>(text)
                    .map_err(|e| format!("{CONFIG_FILE} {}", one_line(text, &e)))?
                    .site
            }
            None => SiteTable::default(),
        };
        // cargo-leptos passes Leptos' settings as LEPTOS_* variables; without it, read the file
        // (whose values the same variables still override).
        let mut leptos_options = if from_cargo_leptos {
            get_configuration(None)
        } else {
            get_configuration(Some(CONFIG_FILE))
        }
        .map_err(|e| format!("reading Leptos settings from {CONFIG_FILE}: {e}"))?
        .leptos_options;
        if let Some(dir) = hashed_bundle(&leptos_options) {
            leptos_options.site_pkg_dir = dir.into();
        }
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        let site_url = env("SITE_URL")
            .or(site.url)
            .unwrap_or_else(|| format!("http://{}", leptos_options.site_addr));
        let secure_cookies = match env("SECURE_COOKIES").as_deref() {
            None => site_url.starts_with("https://"),
            Some("1" | "true" | "yes") => true,
            Some("0" | "false" | "no") => false,
            Some(other) => return Err(format!("SECURE_COOKIES must be 1 or 0, not {other:?}")),
        };
        let trusted_proxy = env("TRUSTED_PROXY")
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("TRUSTED_PROXY must be an IP address, not {v:?}"))
            })
            .transpose()?;
        let page_cache_bytes = env("PAGE_CACHE_BYTES")
            .map(|v| {
                v.parse().map_err(|_| {
                    format!("PAGE_CACHE_BYTES must be a number of bytes (0 turns the cache off), not {v:?}")
                })
            })
            .transpose()?
            .unwrap_or(app::cache::DEFAULT_CAPACITY);
        let page_cache_stale = env("PAGE_CACHE_STALE_SECONDS")
            .map(|v| {
                v.parse().map(std::time::Duration::from_secs).map_err(|_| {
                    format!("PAGE_CACHE_STALE_SECONDS must be a whole number of seconds (0: never serve a stale page), not {v:?}")
                })
            })
            .transpose()?
            .unwrap_or(app::cache::DEFAULT_STALE);
        Ok(Self {
            page_cache_bytes,
            page_cache_stale,
            secure_cookies,
            trusted_proxy,
            site_url: site_url.trim_end_matches('/').to_owned(),
            leptos_options,
            database_url: env("DATABASE_URL")
                .or(site.database_url)
                .unwrap_or_else(|| "sqlite://data/rights-to-all.db".to_owned()),
            media_dir: env("MEDIA_DIR")
                .or(site.media_dir)
                .unwrap_or_else(|| "data/media".to_owned())
                .into(),
            site_name: env("SITE_NAME")
                .or(site.name)
                .unwrap_or_else(|| "Rights To All".to_owned()),
            seed_demo: env("SEED_DEMO").as_deref() != Some("0"),
        })
    }

    /// The database file's folder, for `sqlite://path/to/file.db` URLs.
    pub fn database_dir(&self) -> Option<PathBuf> {
        self.database_file()?.parent().map(PathBuf::from)
    }

    /// The database file, for `sqlite://path/to/file.db` URLs (not in-memory ones).
    pub fn database_file(&self) -> Option<PathBuf> {
        let rest = self
            .database_url
            .strip_prefix("sqlite://")
            .or_else(|| self.database_url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next()?;
        if path.is_empty() || path == ":memory:" {
            return None;
        }
        Some(PathBuf::from(path))
    }
}

/// A TOML mistake as one line: where it is and what is wrong ("line 7: expected `=`").
fn one_line(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().replace('\n', " ");
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// Whether a folder name is one scripts/build gives a bundle: hex digits only (so never a path).
pub fn is_bundle_hash(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `pkg/<hash>` when scripts/build has moved the bundle into a folder named after its content
/// and written that name to `pkg/VERSION`. A bundle lying directly in `pkg/` is a build that
/// step has not seen (`cargo leptos watch`, say), and is served from there.
fn hashed_bundle(options: &LeptosOptions) -> Option<String> {
    let pkg = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let entry = format!("{}.js", options.output_name);
    if pkg.join(&entry).exists() {
        return None;
    }
    let version = std::fs::read_to_string(pkg.join("VERSION")).ok()?;
    let version = version.trim();
    (is_bundle_hash(version) && pkg.join(version).join(&entry).exists())
        .then(|| format!("{}/{version}", options.site_pkg_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(root: &std::path::Path) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("site")
            .site_root(root.to_str().unwrap())
            .site_pkg_dir("pkg")
            .build()
    }

    #[test]
    fn the_bundle_folder_comes_from_version_only_when_it_holds_the_bundle() {
        let root = std::env::temp_dir().join(format!("rta-bundle-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(pkg.join("0123abcd")).unwrap();
        let options = options(&root);
        // No VERSION: the plain folder.
        assert_eq!(hashed_bundle(&options), None);
        std::fs::write(pkg.join("VERSION"), "0123abcd\n").unwrap();
        // VERSION names a folder without the bundle in it.
        assert_eq!(hashed_bundle(&options), None);
        std::fs::write(pkg.join("0123abcd/site.js"), "").unwrap();
        assert_eq!(hashed_bundle(&options).as_deref(), Some("pkg/0123abcd"));
        // A newer build not yet moved wins over the hashed folder.
        std::fs::write(pkg.join("site.js"), "").unwrap();
        assert_eq!(hashed_bundle(&options), None);
        std::fs::remove_file(pkg.join("site.js")).unwrap();
        // A VERSION that is not a hash is never used as a path.
        std::fs::write(pkg.join("VERSION"), "../../etc").unwrap();
        assert_eq!(hashed_bundle(&options), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
