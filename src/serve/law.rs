//! The law the server decides by: read from policy files (or the bundled
//! library) with drafts over it, checked into an [`Engine`], and replaced
//! whole when a reload checks. A request holds the `Arc<Law>` it started
//! with, so a reload never changes the law under a request in flight.

use crate::engine::Engine;
use crate::source::SourceMap;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::SystemTime;

/// Where the law comes from: policy files or folders (none: the bundled
/// library) and drafts layered over them.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Policy files or folders (searched for `*.edict`, test files left out).
    pub paths: Vec<PathBuf>,
    /// Drafts layered over the policies.
    pub drafts: Vec<PathBuf>,
}

/// One checked version of the law.
#[derive(Debug)]
pub struct Law {
    /// The checked policies.
    pub engine: Engine,
    /// 1 for the law loaded at start, then one more for each reload that checked.
    pub generation: u64,
    /// When it was loaded (RFC 3339).
    pub loaded_at: String,
}

/// Why a version of the law could not be loaded: a message, and the
/// diagnostics as `--message-format json` writes them.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// One line.
    pub message: String,
    /// The diagnostics, rendered for a log.
    pub rendered: Vec<String>,
    /// The diagnostics as JSON objects.
    pub diagnostics: Vec<Value>,
}

/// How the last reload went.
#[derive(Debug, Clone)]
pub struct ReloadReport {
    /// When it ended (RFC 3339).
    pub at: String,
    /// Why it was refused; `None` when the new law is being served.
    pub refused: Option<Refusal>,
}

/// The law being served, and the history of reloads.
#[derive(Debug)]
pub struct Library {
    origin: Origin,
    /// The law served and how the last reload went, changed together.
    current: RwLock<(Arc<Law>, Option<ReloadReport>)>,
    /// Serialises reloads: a signal and a file change at once load once each, in turn.
    reloading: Mutex<()>,
    reloads_ok: std::sync::atomic::AtomicU64,
    reloads_refused: std::sync::atomic::AtomicU64,
}

/// The time now, RFC 3339 in UTC to the second.
pub fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(|_| String::new(), |t| t.to_string())
}

impl Library {
    /// Loads the law from `origin`; `Err` when it does not check.
    pub fn open(origin: Origin) -> Result<Library, Refusal> {
        let engine = read(&origin)?;
        Ok(Library {
            origin,
            current: RwLock::new((
                Arc::new(Law {
                    engine,
                    generation: 1,
                    loaded_at: now(),
                }),
                None,
            )),
            reloading: Mutex::new(()),
            reloads_ok: 0.into(),
            reloads_refused: 0.into(),
        })
    }

    /// The law as it is now.
    pub fn current(&self) -> Arc<Law> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner).0)
    }

    /// The law as it is now and how the last reload went, as one snapshot.
    pub fn snapshot(&self) -> (Arc<Law>, Option<ReloadReport>) {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Where the law comes from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Reads and checks the law again; when it checks, it replaces the
    /// current law in one step, else the current law stays and the refusal
    /// is kept for `/health`. Blocking: call it off the async workers.
    pub fn reload(&self) -> ReloadReport {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(PoisonError::into_inner);
        let read = read(&self.origin);
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let report = match read {
            Ok(engine) => {
                let generation = current.0.generation + 1;
                current.0 = Arc::new(Law {
                    engine,
                    generation,
                    loaded_at: now(),
                });
                self.reloads_ok.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                ReloadReport {
                    at: now(),
                    refused: None,
                }
            }
            Err(refusal) => {
                self.reloads_refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                ReloadReport {
                    at: now(),
                    refused: Some(refusal),
                }
            }
        };
        current.1 = Some(report.clone());
        report
    }

    /// Reloads that checked, and reloads refused.
    pub fn reload_counts(&self) -> (u64, u64) {
        let get = |a: &std::sync::atomic::AtomicU64| a.load(std::sync::atomic::Ordering::Relaxed);
        (get(&self.reloads_ok), get(&self.reloads_refused))
    }
}

impl Refusal {
    fn new(message: String, diagnostics: &[&dyn miette::Diagnostic]) -> Refusal {
        Refusal {
            message,
            rendered: diagnostics
                .iter()
                .map(|d| crate::diagnostics::render_plain(*d))
                .collect(),
            diagnostics: diagnostics.iter().map(|d| crate::diagnostics::to_json(*d)).collect(),
        }
    }

    /// A refusal with no diagnostic: a file that cannot be read.
    fn unreadable(message: String) -> Refusal {
        Refusal {
            diagnostics: vec![usage_json(&message)],
            rendered: vec![message.clone()],
            message,
        }
    }
}

/// A usage error as `--message-format json` writes one.
pub fn usage_json(message: &str) -> Value {
    json!({
        "code": "edict::usage",
        "severity": "error",
        "message": message,
        "file": null,
        "span": null,
        "line_start": null,
        "column_start": null,
        "line_end": null,
        "column_end": null,
        "help": null,
        "labels": [],
        "related": [],
    })
}

/// Reads the policy files of `origin` and checks them.
fn read(origin: &Origin) -> Result<Engine, Refusal> {
    let mut sources = if origin.paths.is_empty() {
        crate::bundled::sources()
    } else {
        let mut map = SourceMap::new();
        add_files(&mut map, &policy_files(&origin.paths)?)?;
        map
    };
    add_files(&mut sources, &origin.drafts)?;
    Engine::from_sources(sources).map_err(|rejected| {
        let ds: Vec<&dyn miette::Diagnostic> = rejected.diagnostics.iter().map(|d| d.as_ref() as _).collect();
        Refusal::new(rejected.to_string(), &ds)
    })
}

fn add_files(map: &mut SourceMap, files: &[PathBuf]) -> Result<(), Refusal> {
    for f in files {
        let name = f.display().to_string();
        let bytes = std::fs::read(f).map_err(|e| Refusal::unreadable(format!("cannot read {name}: {e}")))?;
        let text = crate::source::decode(&name, bytes)
            .map_err(|e| Refusal::new(format!("{name} is not UTF-8"), &[e.as_ref() as &dyn miette::Diagnostic]))?;
        map.add(name, text);
    }
    Ok(())
}

/// The policy files under `paths`: files as named, folders searched for
/// `*.edict` (test files left out), in a stable order.
fn policy_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Refusal> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, &mut |p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if name.ends_with(".edict") && !crate::testing::is_test_file(name) {
                    files.push(p.to_path_buf());
                }
            })
            .map_err(|e| Refusal::unreadable(format!("cannot read {}: {e}", path.display())))?;
            if files.len() == before {
                return Err(Refusal::unreadable(format!(
                    "{} contains no .edict files",
                    path.display()
                )));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Calls `each` for every file under `dir`, in the order `edict check`
/// reads a folder (sorted, depth first), with an explicit stack: nothing
/// recurses on the depth of the tree.
fn walk(dir: &Path, each: &mut dyn FnMut(&Path)) -> std::io::Result<()> {
    let mut stack = sorted_entries(dir)?;
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(sorted_entries(&p)?);
        } else {
            each(&p);
        }
    }
    Ok(())
}

/// The entries of `dir`, last first (so that a stack pops them in order).
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort_by(|a, b| b.cmp(a));
    Ok(entries)
}

/// What a watcher compares to notice a change: every watched file and
/// folder with its modification time and length (`None`: unreadable).
pub type Signature = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// The current signature of the files the law is read from: the paths
/// named, every file under the folders, and the drafts.
pub fn signature(origin: &Origin) -> Signature {
    let stamp = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
    };
    let mut out = Vec::new();
    for path in origin.paths.iter().chain(&origin.drafts) {
        out.push((path.clone(), stamp(path)));
        if path.is_dir() {
            let _unreadable_is_a_change_too = walk(path, &mut |p| out.push((p.to_path_buf(), stamp(p))));
        }
    }
    out
}
