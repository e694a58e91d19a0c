//! How a run reports to standard error: diagnostics (rendered by miette,
//! at most [`SHOWN_PER_CODE`] of one code, then one line saying how many
//! more; or one JSON object per line, all of them), usage errors, and with
//! `--verbose` the time each phase took. The global options `--color`,
//! `--message-format`, `--quiet` and `--verbose` are read here.

use super::{ColorChoice, MessageFormat};
use miette::{Diagnostic, GraphicalTheme, Severity};
use rustc_hash::FxHashMap;
use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Diagnostics of one code shown before the rest are counted only.
pub const SHOWN_PER_CODE: usize = 20;

/// The global options as they apply to this run.
#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    color: bool,
    json: bool,
    quiet: bool,
    verbose: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

fn settings() -> Settings {
    *SETTINGS.get_or_init(|| Settings {
        color: use_color(ColorChoice::Auto, std::io::stderr().is_terminal()),
        ..Settings::default()
    })
}

/// Applies the global options for the rest of the run.
pub fn configure(color: ColorChoice, format: MessageFormat, quiet: bool, verbose: bool) {
    let _already = SETTINGS.set(Settings {
        color: use_color(color, std::io::stderr().is_terminal()),
        json: format == MessageFormat::Json,
        quiet,
        verbose,
    });
}

/// Whether diagnostics are drawn in colour: `always` and `never` say so;
/// `auto` is no colour when `NO_COLOR` is set (not empty), colour when
/// `CLICOLOR_FORCE` is set (not empty or `0`), else colour on a terminal.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => terminal,
    }
}

/// Whether summaries are left out (`--quiet`).
pub fn quiet() -> bool {
    settings().quiet
}

/// Whether diagnostics are written as JSON (`--message-format json`).
pub fn json() -> bool {
    settings().json
}

/// Whether a progress bar may be drawn: on a terminal, for a reader.
pub fn progress_allowed() -> bool {
    let s = settings();
    !s.json && !s.quiet && std::io::stderr().is_terminal()
}

/// What has been reported so far in this run.
#[derive(Default)]
struct Counts {
    /// How many diagnostics of each code were reported, and in which
    /// order the codes first came.
    counts: FxHashMap<String, usize>,
    order: Vec<String>,
}

static COUNTS: Mutex<Option<Counts>> = Mutex::new(None);

fn with_counts<T>(f: impl FnOnce(&mut Counts) -> T) -> T {
    let mut guard = COUNTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f(guard.get_or_insert_with(Counts::default))
}

/// Reports one diagnostic on standard error: as JSON, or rendered unless
/// [`SHOWN_PER_CODE`] of its code have been shown already. With
/// `--quiet`, warnings and advice are left out.
pub fn diagnostic(d: &dyn Diagnostic) {
    let s = settings();
    if s.quiet && matches!(d.severity(), Some(Severity::Warning | Severity::Advice)) {
        return;
    }
    if s.json {
        super::out::stderr_line(&crate::diagnostics::to_json(d).to_string());
        return;
    }
    let code = d.code().map(|c| c.to_string()).unwrap_or_default();
    let shown = with_counts(|state| {
        let count = match state.counts.get_mut(&code) {
            Some(count) => count,
            None => {
                state.order.push(code.clone());
                state.counts.entry(code.clone()).or_insert(0)
            }
        };
        *count += 1;
        *count <= SHOWN_PER_CODE
    });
    if !shown {
        return;
    }
    let theme = if s.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    super::out::stderr_line(&crate::diagnostics::render(d, theme, None));
}

/// Reports a usage error (`error: …`; with JSON, an object with the code
/// `edict::usage`).
pub fn usage(message: &str) {
    if json() {
        let object = serde_json::json!({
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
        });
        super::out::stderr_line(&object.to_string());
    } else {
        super::out::stderr_line(&format!("error: {message}"));
    }
}

/// Ends the run's reporting: one line for each code with more diagnostics
/// than were shown ("and 99 980 more like this (edict::…)").
pub fn finish() {
    let lines: Vec<String> = with_counts(|state| {
        let state = std::mem::take(state);
        state
            .order
            .iter()
            .filter_map(|code| {
                let more = state.counts.get(code)?.checked_sub(SHOWN_PER_CODE).filter(|&n| n > 0)?;
                Some(format!("and {} more like this ({code})", grouped(more)))
            })
            .collect()
    });
    for line in lines {
        super::out::stderr_line(&line);
    }
}

/// With `--verbose`, says on standard error how long a phase took.
pub fn phase(name: &str, took: Duration) {
    let s = settings();
    if !s.verbose {
        return;
    }
    let micros = took.as_micros();
    let ms = format!("{}.{}", micros / 1000, (micros % 1000) / 100);
    if s.json {
        let object = serde_json::json!({ "phase": name, "milliseconds": micros / 1000, "microseconds": micros });
        super::out::stderr_line(&object.to_string());
    } else {
        super::out::stderr_line(&format!("edict: {name:<10} {ms:>9} ms"));
    }
}

/// Runs `f` as the phase `name` (see [`phase`]).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    phase(name, started.elapsed());
    out
}

/// `99980` as `99 980`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(99_980), "99 980");
        assert_eq!(grouped(1_000_000), "1 000 000");
    }
}
