//! Every byte edict writes to standard output and standard error goes
//! through here. A closed pipe is a quiet end, as for any filter:
//! `edict explain … | head -1` stops writing when `head` has its line and
//! exits with the status it would have had (`println!` panicked, exit 101).
//! A closed or failing standard error is ignored: there is nowhere left to
//! say anything, and the exit status still tells the outcome.

use super::EXIT_USAGE;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output has been closed by its reader.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `parts` to standard output, in one locked write. `Ok` when they
/// were written or the reader has gone (nothing more is written after
/// that); for any other failure, says so on standard error and gives the
/// usage exit status.
pub fn stdout(parts: &[&[u8]]) -> Result<(), u8> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    let written = parts
        .iter()
        .try_for_each(|p| out.write_all(p))
        .and_then(|()| out.flush());
    checked(written)
}

/// Whether standard output has been closed by its reader: a command that
/// would go on producing output (a stream) can stop.
pub fn closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// A write to standard output as [`stdout`] reports it: a closed pipe is
/// `Ok` (and stops later writes); another failure is said on standard
/// error and gives the usage exit status.
pub fn checked(written: std::io::Result<()>) -> Result<(), u8> {
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => {
            stderr_line(&format!("error: cannot write to standard output: {e}"));
            Err(EXIT_USAGE)
        }
    }
}

/// `status`, or the failure's exit status when the write failed.
pub fn status(written: Result<(), u8>, status: u8) -> u8 {
    written.err().unwrap_or(status)
}

/// Prints `text` and a line break on standard output, then ends with
/// `status` (or the usage status when standard output fails otherwise than
/// by being closed).
pub fn print_line(text: &str, exit: u8) -> u8 {
    status(stdout(&[text.as_bytes(), b"\n"]), exit)
}

/// Prints `text` as it is on standard output; see [`print_line`].
pub fn print(text: &str, exit: u8) -> u8 {
    status(stdout(&[text.as_bytes()]), exit)
}

/// Writes `text` and a line break on standard error, ignoring failure.
pub fn stderr_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ignored = err.write_all(text.as_bytes()).and_then(|()| err.write_all(b"\n"));
}
