//! Writes a synthetic facts file to stdout, for benchmarks and profiling.
//!
//! ```text
//! cargo run --release --example gen_facts -- 100000 > /tmp/facts-100k.json
//! cargo run --release --example gen_facts -- 1000 42 > /tmp/facts-1k-seed42.json
//! ```
//!
//! The first argument is `n` (items, parties and shipments; default 1000),
//! the second an optional seed. The same arguments always give the same
//! bytes. See `benches/generator/mod.rs` for what the file holds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[path = "../benches/generator/mod.rs"]
mod generator;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| -> Result<u64, String> {
        match args.get(i) {
            None => Ok(default),
            Some(a) => a.replace('_', "").parse().map_err(|_| format!("not a number: {a}")),
        }
    };
    let (n, seed) = match (number(0, 1000), number(1, generator::DEFAULT_SEED)) {
        (Ok(n), Ok(seed)) if args.len() <= 2 => (n, seed),
        (Err(e), _) | (_, Err(e)) => return usage(&e),
        _ => return usage("too many arguments"),
    };
    let text = generator::generate(&generator::Params::uniform(n as usize, seed));
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: gen_facts [N] [SEED]   (N items, parties and shipments; JSON to stdout)");
    ExitCode::from(2)
}
