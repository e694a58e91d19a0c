//! Times the phases of `edict eval` on a facts file (load, evaluate, write JSON).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a measuring tool")]
use std::time::Instant;

// The same allocator as the `edict` binary, so that the phases are timed as it runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("facts path");
    let t = Instant::now();
    let set = edict::load::load(edict::bundled::sources()).set.expect("policies");
    let mut rss = vec![resident_mb()];
    let t_pol = t.elapsed();
    let text = std::fs::read_to_string(&path).expect("read");
    let t_read = t.elapsed();
    rss.push(resident_mb());
    let source = edict::facts::FactsSource::new(&path, text);
    let facts = edict::facts::load(&source).expect("facts");
    let t_load = t.elapsed();
    rss.push(resident_mb());
    let d = edict::eval::evaluate(&set, &facts, &source, &edict::eval::EvalOptions::default()).expect("eval");
    let t_eval = t.elapsed();
    rss.push(resident_mb());
    let mut out = std::io::BufWriter::new(std::io::sink());
    edict::decision::write_json(&d, &mut out).expect("write");
    let t_write = t.elapsed();
    rss.push(resident_mb());
    eprintln!("resident memory after each phase (MB): {}", rss.join(", "));
    eprintln!(
        "policies {:?}, read {:?}, facts {:?}, evaluate {:?}, write {:?}",
        t_pol,
        t_read - t_pol,
        t_load - t_read,
        t_eval - t_load,
        t_write - t_eval
    );
    std::mem::forget(d);
    std::mem::forget(facts);
}

/// The resident set size of this process in MB (Linux; "?" elsewhere).
fn resident_mb() -> String {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Field 10 of /proc/self/stat is the count of minor page faults.
    let faults = stat
        .rsplit(')')
        .next()
        .and_then(|rest| rest.split_whitespace().nth(7))
        .unwrap_or("?");
    match statm.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()) {
        Some(pages) => format!("{} ({faults} faults)", pages * 4096 / 1_000_000),
        None => "?".to_string(),
    }
}
