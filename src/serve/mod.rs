//! `markpoint serve`: the same grading in a browser, from a web server on
//! 127.0.0.1. An adaptor at the level of [`crate::commands`]: it parses
//! requests and calls the same library functions as `check`, `batch` and
//! `practice` (grade, the JSON report, the HTML class report, the history),
//! never grading logic of its own.
//!
//! Nothing here runs unless `serve` does: the tokio runtime, the listener and
//! the state are built in [`run`], so the other commands start as before.
//! The pages are static files compiled into the binary ([`assets`]); they
//! fetch JSON and build the page with DOM calls, so untrusted text is only
//! ever set as text. [`guard`] refuses what a local server must refuse (DNS
//! rebinding, cross-site posts, oversized bodies) and adds the security
//! headers.

mod api;
mod assets;
mod class;
mod guard;

use crate::commands::{load_rubrics_adding, stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::matching::{self, CompiledRubric};
use crate::rubric::Rubric;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 4747;

/// Largest request body, in bytes, except class uploads (413 beyond).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Largest class upload (all files together, as JSON), in bytes.
pub const MAX_UPLOAD_BYTES: usize = 16 << 20;

/// How long one request may take, body included, before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a client may take to send a request's headers before the connection is closed.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Most connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// The practice history file (the same as `practice`'s); `None` when there is nowhere to keep one.
    pub history: Option<PathBuf>,
    /// The address to listen on (loopback unless `allow_remote`).
    pub bind: IpAddr,
    /// The port (0 for any free one).
    pub port: u16,
    /// Whether a non-loopback `bind` is allowed (then a token is required).
    pub allow_remote: bool,
    /// Open the practice page in a browser once listening.
    pub open: bool,
    /// Class answers the class page may grade: folders, CSV or JSON Lines files named at start-up.
    pub class: Vec<PathBuf>,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            rubrics: None,
            add_rubrics: Vec::new(),
            history: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            allow_remote: false,
            open: false,
            class: Vec::new(),
        }
    }
}

/// What every request handler shares.
pub(crate) struct App {
    /// `--rubrics PATH`, passed on to `batch` for class reports.
    rubrics_path: Option<PathBuf>,
    /// `--add-rubrics PATH`s, passed on to `batch` for class reports.
    add_rubrics: Vec<PathBuf>,
    /// The questions, in `list` order.
    rubrics: Vec<Rubric>,
    /// Each question's compiled rubric, compiled on first use.
    compiled: Vec<OnceLock<std::result::Result<CompiledRubric, String>>>,
    /// Where practice attempts go.
    history: Option<PathBuf>,
    /// Serialises appends to the history (each append is one whole line).
    history_lock: Mutex<()>,
    /// Bounds how many answers are graded at once.
    grading: tokio::sync::Semaphore,
    /// What requests must show to be answered.
    guard: guard::Policy,
    /// The class sources named at start-up.
    class_sources: Vec<PathBuf>,
    /// The class reports made so far (the latest few).
    classes: Mutex<class::Classes>,
}

impl App {
    /// The shared state of a server with these options and questions.
    fn new(options: &ServeOptions, rubrics: Vec<Rubric>, guard: guard::Policy) -> Arc<App> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Arc::new(App {
            rubrics_path: options.rubrics.clone(),
            add_rubrics: options.add_rubrics.clone(),
            compiled: rubrics.iter().map(|_| OnceLock::new()).collect(),
            rubrics,
            history: options.history.clone(),
            history_lock: Mutex::new(()),
            grading: tokio::sync::Semaphore::new(cores),
            guard,
            class_sources: options.class.clone(),
            classes: Mutex::new(class::Classes::default()),
        })
    }

    /// The index of a question, or a 404 naming it.
    fn question_index(&self, id: &str) -> std::result::Result<usize, api::ApiError> {
        self.rubrics
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| api::ApiError::not_found(format!("unknown question {id:?}")))
    }

    /// The compiled rubric of a question (compiled once, by the first request that needs it).
    fn compiled(&self, index: usize) -> std::result::Result<&CompiledRubric, String> {
        self.compiled[index]
            .get_or_init(|| matching::compile(&self.rubrics[index]).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Starts the server and serves until the process is stopped.
pub fn run(options: &ServeOptions, console: &mut Console) -> Result<Outcome> {
    if !options.bind.is_loopback() && !options.allow_remote {
        return Err(Error::Usage(format!(
            "serve listens on loopback only: binding to {} needs --allow-remote",
            options.bind
        )));
    }
    let rubrics = load_rubrics_adding(
        options.rubrics.as_deref(),
        &options.add_rubrics,
        console.err,
    )?;
    for source in &options.class {
        std::fs::metadata(source).map_err(|e| Error::Io {
            path: source.clone(),
            source: e,
        })?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            options.bind,
            options.port,
        )))
        .map_err(|e| {
            Error::Usage(format!(
                "cannot listen on {}:{}: {e}",
                options.bind, options.port
            ))
        })?;
    let address = listener.local_addr().map_err(|e| Error::Io {
        path: PathBuf::from("<listener>"),
        source: e,
    })?;
    let remote = !options.bind.is_loopback();
    let policy = guard::Policy::new(address.port(), remote.then(guard::random_token));
    let url = policy.start_url(address);
    if remote {
        writeln!(
            console.err,
            "markpoint: warning: listening on {address}, beyond this machine: anyone who can reach it \
             and has the token can use it; the token is in the address below"
        )
        .map_err(crate::commands::stderr_error)?;
    }
    if options.history.is_none() {
        writeln!(
            console.err,
            "markpoint: warning: there is no data folder to keep the history in; \
             practice attempts are not saved (use --history PATH)"
        )
        .map_err(crate::commands::stderr_error)?;
    }
    writeln!(console.out, "markpoint serve: {url} (Ctrl-C to stop)").map_err(stdout_error)?;
    console.out.flush().map_err(stdout_error)?;
    let app = App::new(options, rubrics, policy);
    if options.open {
        open_browser(&url, console);
    }
    runtime.block_on(serve(listener, router(app)));
    Ok(Outcome::Success)
}

/// The routes, behind the guard and the limits.
pub(crate) fn router(app: Arc<App>) -> Router {
    layers(routes(), app)
}

/// The pages and the API.
fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(assets::practice_page))
        .route("/progress", get(assets::progress_page))
        .route("/class", get(assets::class_page))
        .route("/static/{name}", get(assets::static_file))
        .route("/favicon.ico", get(assets::icon))
        .route("/api/questions", get(api::questions))
        .route("/api/questions/{id}", get(api::question))
        .route("/api/check", post(api::check))
        .route("/api/practice", post(api::practice))
        .route("/api/progress", get(api::progress))
        .route("/api/class/sources", get(class::sources))
        .route(
            "/api/class",
            post(class::create).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/class/{n}/report", get(class::report))
        .route("/class/{n}/answers.csv", get(class::csv))
        .route("/class/{n}/answers.jsonl", get(class::jsonl))
}

/// The guard, the limits, the panic catcher and the security headers around `routes`.
fn layers(routes: Router<Arc<App>>, app: Arc<App>) -> Router {
    routes
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check_request,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            api::panic_response,
        ))
        .layer(axum::middleware::from_fn(guard::add_headers))
        .with_state(app)
}

/// Accepts connections until the process ends: at most [`MAX_CONNECTIONS`]
/// at once, each given [`HEADER_TIMEOUT`] to send its headers.
async fn serve(listener: tokio::net::TcpListener, router: Router) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a little and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Opens `url` in the desktop's browser; a failure is a warning.
fn open_browser(url: &str, console: &mut Console) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        let _ = writeln!(
            console.err,
            "markpoint: warning: cannot open a browser ({e}): open {url} yourself"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get as get_route;
    use std::io::{Read, Write};

    /// Serves `routes` (behind the same layers as the real server) on a free
    /// port in a thread of its own; returns the port.
    fn serve_in_background(routes: Router<Arc<App>>) -> u16 {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("binds");
        let port = listener.local_addr().expect("address").port();
        let rubrics = crate::rubric::load_builtin().expect("built-in rubrics");
        let app = App::new(
            &ServeOptions::default(),
            rubrics,
            guard::Policy::new(port, None),
        );
        let router = layers(routes, app);
        std::thread::spawn(move || runtime.block_on(serve(listener, router)));
        port
    }

    fn get(port: u16, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .expect("writes");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        response
    }

    #[test]
    fn a_panic_in_one_request_is_a_500_and_the_server_goes_on() {
        let port = serve_in_background(routes().route(
            "/boom",
            get_route(|| async {
                panic!("a bug in a handler");
                #[allow(unreachable_code)]
                "never"
            }),
        ));
        for _ in 0..3 {
            let response = get(port, "/boom");
            assert!(response.starts_with("HTTP/1.1 500"), "{response}");
            assert!(
                response.contains("\"error\":\"internal error"),
                "{response}"
            );
            assert!(response.contains("content-security-policy: default-src 'self'"));
        }
        let after = get(port, "/api/questions");
        assert!(after.starts_with("HTTP/1.1 200"), "{after}");
        assert!(after.contains("\"definition\""));
    }
}
