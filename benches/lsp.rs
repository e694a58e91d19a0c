//! `edict lsp` after a keystroke: the time from a `textDocument/didChange`
//! on a bundled policy to the `textDocument/publishDiagnostics` it causes,
//! measured as an editor sees it, over JSON-RPC on the standard input and
//! output of the release binary, with the repository's `policies/` as the
//! workspace (the whole bundled library is checked again on each change).
//!
//! Each keystroke turns `part-2` into `part-3` in a condition of
//! `cn-mofcom-2025-61` (an unknown category: one diagnostic) or back (none),
//! so every change publishes.
//!
//! ```text
//! cargo bench --bench lsp
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks fail loudly"
)]

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use criterion::{criterion_main, Criterion};
use lsp_client::{position_of, uri, Client};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

fn keystroke(c: &mut Criterion) {
    let policies = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let path = policies.join("cn-mofcom-2025-61.edict");
    let text = std::fs::read_to_string(&path).unwrap();
    let u = uri(&path);
    let (mut client, _) = Client::start(Some(&policies));
    client.open(&u, &text);
    assert!(client.diagnostics(&u).is_empty(), "the bundled policy is clean");
    // The `2` of the first `the item is in part-2`.
    let at = position_of(&text, "the item is in part-2", 0, "the item is in part-".len() as u32);
    let end = json!({ "line": at["line"], "character": at["character"].as_u64().unwrap() + 1 });
    let mut version = 1;
    let mut typo = false;
    c.bench_function(
        "lsp: didChange → publishDiagnostics, cn-mofcom-2025-61 in the bundled library",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    typo = !typo;
                    version += 1;
                    client.notifications.clear();
                    let started = Instant::now();
                    client.notify(
                        "textDocument/didChange",
                        json!({ "textDocument": { "uri": u, "version": version }, "contentChanges": [
                        { "range": { "start": at, "end": end }, "text": if typo { "3" } else { "2" } }
                    ] }),
                    );
                    let published = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == u.as_str());
                    total += started.elapsed();
                    let diagnostics = published["diagnostics"].as_array().unwrap();
                    assert_eq!(!diagnostics.is_empty(), typo, "{published}");
                }
                total
            });
        },
    );
    // The server's own figure for the last check (parse + check, no I/O).
    client.notifications.retain(|n| n["method"] == "window/logMessage");
    if let Some(log) = client.notifications.last() {
        eprintln!("server: {}", log["params"]["message"]);
    }
    client.shutdown();
}

/// The benchmark group (in a private module, so that the `pub fn` the
/// macro writes needs no doc comment).
mod group {
    use super::{keystroke, Criterion, Duration};

    criterion::criterion_group! {
        name = benches;
        config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
        targets = keystroke
    }
}

criterion_main!(group::benches);
