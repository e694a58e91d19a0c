//! `edict serve`: reads the settings, loads the law, runs the server.

use super::io::usage;
use super::{EXIT_INVALID, EXIT_OK};
use crate::serve::law::{Origin, Refusal};
use crate::serve::Settings;
use std::path::PathBuf;
use std::time::Duration;

/// The arguments of `edict serve`.
pub struct Args {
    /// Policy files or folders.
    pub paths: Vec<PathBuf>,
    /// `--with`
    pub with: Vec<PathBuf>,
    /// `--listen`
    pub listen: std::net::SocketAddr,
    /// `--max-body`, in bytes.
    pub max_body: usize,
    /// `--deadline`
    pub deadline: Duration,
    /// `--concurrency`
    pub concurrency: Option<u16>,
    /// `--watch`; zero: never.
    pub watch: Duration,
    /// `--check`
    pub check: bool,
}

/// Loads the law and serves it (or with `--check`, says what it would serve).
pub fn run(args: Args) -> u8 {
    let origin = Origin {
        paths: args.paths,
        drafts: args.with,
    };
    let library = match crate::serve::open(origin) {
        Ok(library) => library,
        Err(refusal) => {
            report(&refusal);
            return EXIT_INVALID;
        }
    };
    let law = library.current();
    for w in law.engine.warnings() {
        if !super::report::quiet() {
            super::out::stderr_line(w);
        }
    }
    let concurrency = args.concurrency.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    if args.check {
        let line = format!(
            "the law checks: {} policies; would serve them on http://{} (at most {} requests at once, {} bytes a body, a deadline of {} ms)",
            law.engine.policies().policies.len(),
            args.listen,
            concurrency,
            args.max_body,
            args.deadline.as_millis()
        );
        return super::out::print_line(&line, EXIT_OK);
    }
    drop(law);
    let settings = Settings {
        listen: args.listen,
        max_body: args.max_body,
        deadline: args.deadline,
        concurrency,
        watch: (!args.watch.is_zero()).then_some(args.watch),
    };
    match crate::serve::run(library, settings) {
        Ok(()) => EXIT_OK,
        Err(message) => usage(&message),
    }
}

/// Reports why the law was refused, as `edict check` would.
fn report(refusal: &Refusal) {
    if super::report::json() {
        for d in &refusal.diagnostics {
            super::out::stderr_line(&d.to_string());
        }
    } else {
        for d in &refusal.rendered {
            super::out::stderr_line(d);
        }
        super::out::stderr_line(&format!("error: {}", refusal.message));
    }
}

/// Reads `--max-body`: bytes, or with a suffix `k`/`KiB`, `M`/`MiB` (powers of 1024).
pub fn size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let multiplier: usize = match unit.trim() {
        "" | "B" => 1,
        "k" | "K" | "KiB" | "kB" => 1 << 10,
        "M" | "MiB" | "MB" => 1 << 20,
        "G" | "GiB" | "GB" => 1 << 30,
        _ => return Err(format!("`{text}` is not a size (e.g. 1048576, 512KiB, 16MiB)")),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a size (e.g. 1048576, 512KiB, 16MiB)"))
}

/// Reads `--deadline` and `--watch`: `30s`, `500ms`, `2m`, or seconds.
pub fn duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 30s, 500ms, 2m)"))?;
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(n)),
        "s" => Ok(Duration::from_secs(n)),
        "m" | "min" => Ok(Duration::from_secs(n.saturating_mul(60))),
        _ => Err(format!("`{text}` is not a duration (e.g. 30s, 500ms, 2m)")),
    }
}

#[cfg(test)]
mod tests {
    use super::{duration, size};
    use std::time::Duration;

    #[test]
    fn sizes_and_durations_read_their_units() {
        assert_eq!(size("1048576"), Ok(1 << 20));
        assert_eq!(size("16MiB"), Ok(16 << 20));
        assert_eq!(size("512k"), Ok(512 << 10));
        assert!(size("0").is_err() && size("12 parsecs").is_err() && size("").is_err());
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(duration("2m"), Ok(Duration::from_secs(120)));
        assert!(duration("soon").is_err());
    }
}
