//! A progress bar on standard error for long runs: drawn only when standard
//! error is a terminal, diagnostics are human-readable and not `--quiet`,
//! and only once a run has taken a second; erased when the run ends.

use std::io::Write;
use std::time::{Duration, Instant};

/// How long a run goes before the bar appears, and how often it is redrawn.
const DELAY: Duration = Duration::from_secs(1);
const REDRAW: Duration = Duration::from_millis(100);
/// The bar's width in cells.
const WIDTH: usize = 30;

/// The progress of a run over `total` things.
pub struct Progress {
    what: &'static str,
    total: usize,
    started: Instant,
    drawn_at: Option<Instant>,
    enabled: bool,
}

impl Progress {
    /// A bar for `total` `what`s ("shipments"), shown if the terminal allows.
    pub fn new(what: &'static str, total: usize) -> Progress {
        Progress {
            what,
            total,
            started: Instant::now(),
            drawn_at: None,
            enabled: super::report::progress_allowed(),
        }
    }

    /// `done` of the total are done.
    pub fn tick(&mut self, done: usize) {
        if !self.enabled || done % 64 != 0 {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started) < DELAY || self.drawn_at.is_some_and(|t| now.duration_since(t) < REDRAW) {
            return;
        }
        self.drawn_at = Some(now);
        let line = bar(done, self.total, self.what);
        let mut err = std::io::stderr().lock();
        let _ignored = write!(err, "\r{line}\x1b[K").and_then(|()| err.flush());
    }

    /// Erases the bar, if it was drawn.
    pub fn finish(&mut self) {
        if self.drawn_at.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ignored = write!(err, "\r\x1b[2K").and_then(|()| err.flush());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `[=========>          ] 45% 45000/100000 shipments`.
fn bar(done: usize, total: usize, what: &str) -> String {
    let done = done.min(total);
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    let mut cells = "=".repeat(filled);
    if filled < WIDTH {
        cells.push('>');
        cells.push_str(&" ".repeat(WIDTH - filled - 1));
    }
    format!("[{cells}] {percent:>3}% {done}/{total} {what}")
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_shows_the_share_done() {
        assert_eq!(
            bar(0, 10, "shipments"),
            format!("[>{}]   0% 0/10 shipments", " ".repeat(29))
        );
        assert_eq!(
            bar(5, 10, "x"),
            format!("[{}>{}]  50% 5/10 x", "=".repeat(15), " ".repeat(14))
        );
        assert_eq!(bar(10, 10, "x"), format!("[{}] 100% 10/10 x", "=".repeat(30)));
    }
}
