use app::{db, state::AppState};
use server::config::Config;
use std::{process::ExitCode, sync::Arc};
use tracing_subscriber::EnvFilter;

/// A page render allocates many small strings and values on several threads; glibc's
/// allocator spent about 30 % of an uncached article page's CPU time (perf, bench P1).
/// mimalloc is built without transparent huge pages (`no_thp`): with them a fresh server
/// held 40 MB instead of 27 MB. Its version 2, not 3 (the `mimalloc` crate's default since
/// 0.1.44): renders as fast, and the peak of `bench/reliability load` 291 MB, not 328 MB.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

/// mimalloc, asked for plain blocks whenever its plain blocks are aligned enough: its
/// `mi_malloc_aligned` (what the `mimalloc` crate calls for every allocation) took 40
/// instructions a call where `mi_malloc` takes half, and a page render allocates about
/// 7,000 times (callgrind, an uncached article page).
struct MiMalloc;

/// Every block mimalloc makes is aligned to a word; blocks of 16, 32 or 48 bytes and so on
/// to 16 only where the size class is a multiple of 16, which is not every class (24 bytes
/// is one). So plain blocks serve word alignments only.
const MI_WORD: usize = std::mem::size_of::<usize>();

fn plain(align: usize) -> bool {
    align <= MI_WORD
}

// SAFETY: every function hands the request to mimalloc, whose blocks honour `layout`: a plain
// one is aligned to a word; others are asked for with their alignment. mimalloc frees and
// resizes any block it made, keeping the alignment it was asked for.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if plain(layout.align()) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if plain(layout.align()) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: see the impl.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        // SAFETY: see the impl.
        unsafe {
            if plain(layout.align()) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    if let Err(message) = init_logs() {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }
    // A panic is one line in the log, inside its request's span (so with its id).
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        tracing::error!(thread = thread.name().unwrap_or("unnamed"), "panic: {info}");
    }));
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error: lines of text, or one JSON object per line with
/// `LOG_FORMAT=json`. `RUST_LOG` picks what is logged (default `info,sqlx=warn`).
fn init_logs() -> Result<(), String> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match std::env::var("LOG_FORMAT").ok().as_deref() {
        None | Some("" | "text") => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        Some("json") => logs
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .init(),
        Some(other) => return Err(format!("LOG_FORMAT must be text or json, not {other:?}")),
    }
    Ok(())
}

const USAGE: &str = "usage: server                                   run the site\n       \
                     server generate COUNT                    add COUNT generated articles\n       \
                     server create-admin --email E --name N   make an administrator\n       \
                     server import-wxr FILE [--uploads DIR]   import a WordPress export\n       \
                     server backup FOLDER                     copy the database and media, online\n       \
                     server restore FOLDER                    put a backup back (site stopped)";

enum Command {
    Serve,
    Generate(u32),
    CreateAdmin {
        email: String,
        name: String,
    },
    ImportWxr {
        file: String,
        uploads: Option<String>,
    },
    Backup(String),
    Restore(String),
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Serve),
        [cmd, count] if cmd == "generate" => count
            .parse::<u32>()
            .map(Command::Generate)
            .map_err(|_| format!("COUNT must be a whole number, not {count:?}\n{USAGE}")),
        [cmd, rest @ ..] if cmd == "create-admin" => {
            let (mut email, mut name) = (None, None);
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let value = it.next().cloned();
                match flag.as_str() {
                    "--email" => email = value,
                    "--name" => name = value,
                    other => return Err(format!("unknown option {other:?}\n{USAGE}")),
                }
            }
            match (email, name) {
                (Some(email), Some(name)) => Ok(Command::CreateAdmin { email, name }),
                _ => Err(format!("create-admin needs --email and --name\n{USAGE}")),
            }
        }
        [cmd, file] if cmd == "import-wxr" => Ok(Command::ImportWxr {
            file: file.clone(),
            uploads: None,
        }),
        [cmd, file, flag, dir] if cmd == "import-wxr" && flag == "--uploads" => {
            Ok(Command::ImportWxr {
                file: file.clone(),
                uploads: Some(dir.clone()),
            })
        }
        [cmd, folder] if cmd == "backup" => Ok(Command::Backup(folder.clone())),
        [cmd, folder] if cmd == "restore" => Ok(Command::Restore(folder.clone())),
        _ => Err(USAGE.to_owned()),
    }
}

async fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = parse_args(&args)?;
    let config = Config::load()?;
    if let Some(dir) = config.database_dir() {
        server::backup::writable_folder(&dir, "DATABASE_URL")?;
    }
    if let Command::Restore(folder) = &command {
        let report = server::backup::restore(&config, std::path::Path::new(folder)).await?;
        println!("{report}");
        return Ok(());
    }
    // Claim the port and the database before touching either, so a second server (or a
    // port in use) is reported at once, not after the demo content is written.
    let addr = config.leptos_options.site_addr;
    let serving = match &command {
        Command::Serve => {
            server::backup::writable_folder(&config.media_dir, "MEDIA_DIR")?;
            let lock = server::backup::lock_site(&config)?;
            let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
                format!("cannot listen on {addr}: {e} (set LEPTOS_SITE_ADDR to another address)")
            })?;
            Some((lock, listener))
        }
        _ => None,
    };
    let pool = db::connect(&config.database_url)
        .await
        .map_err(|e| {
            format!(
                "cannot open the database {}: {e} (DATABASE_URL should look like sqlite://data/rights-to-all.db)",
                config.database_url
            )
        })?;
    db::migrate(&pool)
        .await
        .map_err(|e| format!("applying migrations: {e}"))?;
    if let Command::CreateAdmin { email, name } = &command {
        let password = server::admin::create_admin(&pool, email, name).await?;
        println!(
            "Created the administrator {}.\nPassword (shown only now; change it after logging in at /login):\n\n    {password}\n",
            email.trim().to_lowercase()
        );
        return Ok(());
    }
    if let Command::Backup(folder) = &command {
        let report =
            server::backup::backup(&pool, &config.media_dir, std::path::Path::new(folder)).await?;
        println!("{report}");
        return Ok(());
    }
    if config.seed_demo {
        server::demo::seed_if_empty(&pool, &config.media_dir)
            .await
            .map_err(|e| format!("filling the database with demo content: {e}"))?;
    }
    if let Command::ImportWxr { file, uploads } = &command {
        let report = server::wxr::import(
            &pool,
            std::path::Path::new(file),
            uploads.as_deref().map(std::path::Path::new),
            &config.media_dir,
        )
        .await?;
        println!(
            "Imported {} articles, {} comments, {} people, {} sections, {} tags and {} images \
             ({} articles were already here; {} featured images not found{}).",
            report.articles,
            report.comments,
            report.people,
            report.sections,
            report.tags,
            report.images,
            report.skipped,
            report.missing_images,
            if uploads.is_none() {
                ": give --uploads wp-content/uploads"
            } else {
                ""
            }
        );
        return Ok(());
    }
    if let Command::Generate(count) = command {
        return server::generate::generate(&pool, count)
            .await
            .map_err(|e| format!("generating articles: {e}"));
    }
    let state = AppState {
        leptos_options: config.leptos_options.clone(),
        pool,
        site_name: config.site_name.clone().into(),
        site_url: config.site_url.clone().into(),
        media_dir: Arc::from(config.media_dir.as_path()),
        secure_cookies: config.secure_cookies,
        trusted_proxy: config.trusted_proxy,
        live: Default::default(),
        cache: app::cache::PageCache::with_stale(
            config.page_cache_bytes,
            config.page_cache_stale,
            app::cache::REFRESH_EVERY,
        ),
    };
    server::accounts::spawn_session_cleanup(state.pool.clone());
    let Some((_lock, listener)) = serving else {
        return Ok(());
    };
    tracing::info!("Rights To All is at http://{addr}");
    let closing = state.live.closing.clone();
    let shutdown = async move {
        shutdown_signal().await;
        // Event streams never end by themselves: end them, so in-flight requests can.
        let _ = closing.send(true);
    };
    let timeouts = server::serve::Timeouts::default();
    server::serve::serve(listener, server::router(state), timeouts, shutdown).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn every_block_is_aligned_as_asked_through_growth() {
        let a = super::MiMalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..300).chain([4095, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; the block is freed with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    p.write_bytes(7, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!((q as usize).is_multiple_of(align), "grown {size} {align}");
                    assert_eq!(*q.add(size - 1), 7, "kept");
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!((z as usize).is_multiple_of(align) && *z == 0);
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
