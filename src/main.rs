//! The `edict` command: parses arguments, runs a command, maps the exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = edict::cli::Cli::parse();
    ExitCode::from(edict::cli::run(cli))
}
