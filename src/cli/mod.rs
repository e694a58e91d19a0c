//! The command line: clap types and one file per command. All file IO,
//! printing and exit codes live here.

mod check;
mod eval;
mod io;
mod table;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit status: success, whatever the outcomes.
pub const EXIT_OK: u8 = 0;
/// Exit status: the policies or facts are invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: a usage error.
pub const EXIT_USAGE: u8 = 2;

/// edict — a policy language for export-control law.
#[derive(Debug, Parser)]
#[command(name = "edict", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policy files and report every problem.
    #[command(after_help = "Examples:\n  edict check                      # the bundled policies\n  edict check policies/ drafts/extend-70.edict\n\nExit status: 0 when the policies are valid, 1 when they are not, 2 on a usage error.")]
    Check {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
    },
    /// Decide every shipment of a facts file under the policies.
    #[command(after_help = "Examples:\n  edict eval --facts examples/servo-motors/facts.json\n  edict eval policies/ --facts shipments.json --as-of 2026-11-11 --format json\n\nExit status: 0 when evaluation succeeded (whatever the outcomes), 1 when the policies\nor facts are invalid (a diagnostic on stderr, nothing on stdout), 2 on a usage error.")]
    Eval {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// The facts file (JSON, see the facts contract).
        #[arg(long, value_name = "FILE")]
        facts: PathBuf,
        /// Evaluate every shipment as of this date (YYYY-MM-DD) instead of its own.
        #[arg(long, value_name = "DATE")]
        as_of: Option<jiff::civil::Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Text,
    /// The decision JSON of the facts contract.
    Json,
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check { paths } => check::run(&paths),
        Command::Eval {
            paths,
            facts,
            as_of,
            format,
        } => eval::run(&paths, &facts, as_of, format),
    }
}
