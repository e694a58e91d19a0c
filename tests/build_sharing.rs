//! The README's two commands share one build: `cargo test` must reuse what
//! `cargo run` compiled. Cargo unifies the features the dev-dependencies
//! ask for with the binary's own dependencies only when it builds tests, so
//! a dev-dependency that turns on one more feature of a shared crate
//! (`serde`'s `alloc`, `similar`'s `inline`, …) makes `cargo test` compile
//! that crate, everything above it and edict itself a second time: minutes
//! on a fresh clone (issue #13). Cargo.toml names those features among the
//! binary's dependencies; this test fails when a change of dependencies
//! brings a difference back, and names it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::process::Command;

/// Every package of the dependency graph with its features, one per line,
/// as `cargo tree` resolves them with `extra` arguments.
fn resolved(extra: &[&str]) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--offline", "--prefix", "none", "--format", "{p} [{f}]"])
        .args(extra)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| l.trim_end_matches(" (*)").to_owned())
        .collect()
}

#[test]
fn the_test_build_resolves_every_shared_crate_with_the_binarys_features() {
    let binary = resolved(&["--edges", "no-dev"]);
    let tests = resolved(&[]);
    assert!(binary.len() > 50, "cargo tree listed the dependencies: {binary:?}");
    let differ: Vec<&String> = binary.difference(&tests).collect();
    assert!(
        differ.is_empty(),
        "built with other features when testing (add the features the tests use to Cargo.toml's \
         [dependencies], as for serde and similar): {differ:?}"
    );
}
