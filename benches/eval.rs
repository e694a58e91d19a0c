//! Benchmarks of the three stages a user waits for:
//!
//! - `policies`: parsing and checking the bundled policy library
//!   (`edict::load::load(edict::bundled::sources())`);
//! - `facts-load/N`: facts JSON → [`edict::facts::Facts`] for a generated
//!   file of `N` shipments, items and parties (throughput in bytes);
//! - `eval/N`: deciding every shipment of that file under the bundled
//!   library (throughput in decisions, i.e. shipments).
//!
//! The facts come from the seeded generator in `generator/mod.rs`, so every
//! run measures the same input. Sizes stop at 10k to keep `cargo bench`
//! short; measure 100k end to end with the CLI:
//!
//! ```text
//! cargo bench --bench eval
//! cargo run --release --example gen_facts -- 100000 > /tmp/facts-100k.json
//! /usr/bin/time -v target/release/edict eval --facts /tmp/facts-100k.json --format json > /dev/null
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod generator;

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use edict::eval::{evaluate, EvalOptions};
use edict::facts::{load, Facts, FactsSource};
use edict::policy::PolicySet;
use std::process::exit;
use std::time::Duration;

/// The sizes measured by the `facts-load` and `eval` groups.
const SIZES: [usize; 2] = [1_000, 10_000];

/// The bundled policy set; exits if it does not load.
fn bundled_set() -> PolicySet {
    match edict::load::load(edict::bundled::sources()).set {
        Some(set) => set,
        None => fail("the bundled policies do not load"),
    }
}

/// The generated facts file of size `n`, as a source.
fn source(n: usize) -> FactsSource {
    let text = generator::generate(&generator::Params::uniform(n, generator::DEFAULT_SEED));
    FactsSource::new(&format!("facts-{n}.json"), text)
}

/// Loads a generated facts file; exits if it does not load.
fn facts(source: &FactsSource) -> Facts {
    match load(source) {
        Ok(facts) => facts,
        Err(errors) => fail(&format!(
            "{} does not load ({} errors; first: {})",
            source.name(),
            errors.len(),
            errors.first().map(ToString::to_string).unwrap_or_default()
        )),
    }
}

/// Reports a broken benchmark input and stops.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    exit(1)
}

/// Parsing and checking the bundled library.
fn policies(c: &mut Criterion) {
    let mut group = c.benchmark_group("policies");
    group.sample_size(30).measurement_time(Duration::from_secs(3));
    group.bench_function("load+check bundled", |b| {
        b.iter(|| edict::load::load(edict::bundled::sources()))
    });
    group.finish();
}

/// Facts JSON → `Facts`, including validation and id resolution.
fn facts_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("facts-load");
    for n in SIZES {
        let source = source(n);
        group
            .sample_size(if n >= 10_000 { 10 } else { 20 })
            .measurement_time(Duration::from_secs(if n >= 10_000 { 10 } else { 3 }))
            .throughput(Throughput::Bytes(source.text().len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &source, |b, source| {
            b.iter_with_large_drop(|| facts(source))
        });
    }
    group.finish();
}

/// Deciding every shipment; a fresh evaluator (cold memo tables) each time.
fn eval(c: &mut Criterion) {
    let set = bundled_set();
    let mut group = c.benchmark_group("eval");
    for n in SIZES {
        let source = source(n);
        let facts = facts(&source);
        group
            .sample_size(if n >= 10_000 { 10 } else { 20 })
            .measurement_time(Duration::from_secs(if n >= 10_000 { 10 } else { 3 }))
            .throughput(Throughput::Elements(facts.shipments.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &facts, |b, facts| {
            b.iter_with_large_drop(|| match evaluate(&set, facts, &source, &EvalOptions::default()) {
                Ok(decisions) => decisions,
                Err(errors) => fail(&format!("evaluation failed with {} errors", errors.len())),
            })
        });
    }
    group.finish();
}

/// The benchmark group (in a private module, so that the `pub fn` the
/// macro writes needs no doc comment).
mod group {
    use super::{eval, facts_load, policies, Criterion, Duration};

    criterion::criterion_group! {
        name = benches;
        config = Criterion::default().warm_up_time(Duration::from_secs(1));
        targets = policies, facts_load, eval
    }
}

criterion_main!(group::benches);
