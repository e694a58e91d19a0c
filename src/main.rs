//! The `edict` command: parses arguments, runs a command, maps the exit code.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: loading a large facts file
/// makes millions of small allocations that are never freed before exit,
/// and mimalloc serves them from huge-page arenas (a few hundred page faults
/// for a 56 MB file instead of sixty thousand; see the README's figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = edict::cli::Cli::parse();
    ExitCode::from(edict::cli::run(cli))
}
