//! `edict serve`: the law as an HTTP decision service, for an order system
//! to call. A client of [`crate::engine::Engine`], like the command line.
//!
//! ```text
//!  POST /v1/decisions   facts ──▶ decisions (as `edict eval --format json`)
//!  POST /v1/explain     facts ──▶ one shipment's justification
//!  POST /v1/diff        drafts (+ facts) ──▶ what they change
//!  GET  /v1/policies    ids, windows, status on a day
//!  GET  /v1/policies/{id}/render
//!  GET  /health, /metrics
//! ```
//!
//! The law is loaded at start and reloaded, whole and atomically, on
//! `SIGHUP` or when its files change; a reload that does not check keeps
//! the law being served and is reported on `/health`. Every request is
//! bounded (body size, deadline, how many are worked on at once); the work
//! runs on blocking threads so that `/health` answers while shipments are
//! decided. No endpoint reads or writes a file a request names. The
//! endpoints are described in `docs/openapi.json`.

pub mod law;
mod metrics;
mod reply;
mod routes;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use law::{Law, Library, Origin};
use reply::Problem;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The largest request body accepted, in bytes (larger: 413).
    pub max_body: usize,
    /// How long a request may take, from its arrival (longer: 504; waiting
    /// for a turn that long: 503).
    pub deadline: Duration,
    /// How many requests are worked on at once; others wait for a turn.
    pub concurrency: usize,
    /// How often the policy files are checked for changes (`None`: never).
    pub watch: Option<Duration>,
}

/// What every handler shares.
struct Server {
    library: Arc<Library>,
    metrics: metrics::Metrics,
    settings: Settings,
    turns: Arc<Semaphore>,
}

/// The handlers' state.
type Shared = Arc<Server>;

/// Writes one line to standard error: `edict serve: …`.
pub fn log(line: &str) {
    let _closed = writeln!(std::io::stderr().lock(), "edict serve: {line}");
}

/// The service description, served at `/openapi.json`.
const OPENAPI: &str = include_str!("../../docs/openapi.json");

/// Every endpoint: its method, its path and its handler, in the order of
/// `docs/openapi.json`.
fn endpoints() -> [(&'static str, &'static str, MethodRouter<Shared>); 8] {
    [
        ("POST", "/v1/decisions", post(routes::decisions)),
        ("POST", "/v1/explain", post(routes::explain)),
        ("POST", "/v1/diff", post(routes::diff)),
        ("GET", "/v1/policies", get(routes::policies)),
        ("GET", "/v1/policies/{id}/render", get(routes::render)),
        ("GET", "/health", get(routes::health)),
        ("GET", "/metrics", get(routes::metrics)),
        (
            "GET",
            "/openapi.json",
            get(|| async { reply::with_type(StatusCode::OK, "application/json", OPENAPI) }),
        ),
    ]
}

/// Every endpoint's method and path, as the router routes them.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    endpoints()
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect()
}

fn router(state: Shared) -> Router {
    let max_body = state.settings.max_body;
    let mut router = Router::new();
    for (_, path, handler) in endpoints() {
        router = router.route(path, handler);
    }
    router
        .route_layer(axum::middleware::from_fn_with_state(Arc::clone(&state), counted))
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// Counts a request for `/metrics`: its route, status and latency.
async fn counted(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let response = next.run(request).await;
    state
        .metrics
        .request(&method, &route, response.status().as_u16(), started.elapsed());
    response
}

/// Does `job` on a blocking thread with the law as it is now, within the
/// request's deadline (counted from `started`) and when a turn is free:
/// 503 when no turn came before the deadline, 504 when the work did not
/// end by it. The turn is held until the work ends, even past the
/// deadline, so that abandoned work still counts against the limit.
async fn work<T: Send + 'static>(
    state: &Shared,
    started: Instant,
    job: impl FnOnce(Arc<Law>) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let deadline = tokio::time::Instant::from_std(started + state.settings.deadline);
    let seconds = deadline_words(state.settings.deadline);
    let turn = match tokio::time::timeout_at(deadline, Arc::clone(&state.turns).acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        Ok(Err(_closed)) => {
            return Err(Problem::usage(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is stopping",
            ))
        }
        Err(_late) => {
            return Err(Problem::usage(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                "the server is busy: {} requests were being worked on for all of the deadline ({seconds}); try again",
                state.settings.concurrency
            ),
            ))
        }
    };
    let law = state.library.current();
    let task = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        job(law)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(done)) => done,
        Ok(Err(failed)) => Err(Problem::usage(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the work failed: {failed}"),
        )),
        Err(_late) => Err(Problem::usage(
            StatusCode::GATEWAY_TIMEOUT,
            format!("the request was not done within the deadline ({seconds}, --deadline)"),
        )),
    }
}

/// `2.5 s`, `250 ms`.
fn deadline_words(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// Loads the law from `origin`; `Err` says why it does not check.
pub fn open(origin: Origin) -> Result<Library, law::Refusal> {
    Library::open(origin)
}

/// Serves `library` until `SIGTERM` or ctrl-c, then lets the requests in
/// flight finish. `Err` when the address cannot be bound.
pub fn run(library: Library, settings: Settings) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(settings.concurrency.max(1) + 4)
        .thread_name("edict-serve")
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(serve(library, settings))
}

async fn serve(library: Library, settings: Settings) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let state: Shared = Arc::new(Server {
        library: Arc::new(library),
        metrics: metrics::Metrics::default(),
        turns: Arc::new(Semaphore::new(settings.concurrency.max(1))),
        settings,
    });
    let law = state.library.current();
    log(&format!(
        "listening on http://{bound} (law {}: {} policies)",
        law.generation,
        law.engine.policies().policies.len()
    ));
    drop(law);
    reloads(&state);
    axum::serve(listener, router(Arc::clone(&state)))
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    log("stopped");
    Ok(())
}

/// Reloads on `SIGHUP`, and when the watched files change.
fn reloads(state: &Shared) {
    #[cfg(unix)]
    {
        let state = Arc::clone(state);
        tokio::spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hangups) = signal(SignalKind::hangup()) else {
                log("cannot listen for SIGHUP; reload by changing the files");
                return;
            };
            while hangups.recv().await.is_some() {
                reload(&state, "SIGHUP").await;
            }
        });
    }
    if let Some(every) = state.settings.watch {
        let state = Arc::clone(state);
        tokio::spawn(async move {
            let origin = state.library.origin().clone();
            let mut seen = law::signature(&origin);
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let origin = origin.clone();
                let Ok(now) = tokio::task::spawn_blocking(move || law::signature(&origin)).await else {
                    continue;
                };
                if now != seen {
                    seen = now;
                    reload(&state, "a policy file changed").await;
                }
            }
        });
    }
}

async fn reload(state: &Shared, why: &str) {
    let library = Arc::clone(&state.library);
    let Ok(report) = tokio::task::spawn_blocking(move || library.reload()).await else {
        log("the reload failed to run");
        return;
    };
    match report.refused {
        None => {
            let law = state.library.current();
            log(&format!(
                "reloaded ({why}): law {}, {} policies",
                law.generation,
                law.engine.policies().policies.len()
            ));
        }
        Some(refusal) => {
            log(&format!(
                "reload ({why}) refused, still serving law {}: {}",
                state.library.current().generation,
                refusal.message
            ));
            for d in &refusal.rendered {
                log(d);
            }
        }
    }
}

/// Resolves on `SIGTERM` or ctrl-c.
async fn stopped() {
    let (said, mut heard) = tokio::sync::mpsc::channel::<&'static str>(2);
    let interrupt = said.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = interrupt.send("interrupted").await;
        }
    });
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            if terminate.recv().await.is_some() {
                let _ = said.send("SIGTERM").await;
            }
        }
    });
    match heard.recv().await {
        Some(why) => log(&format!("{why}; finishing the requests in flight")),
        // No signal can be heard: serve until the process is killed.
        None => std::future::pending().await,
    }
}
