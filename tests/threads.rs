//! Evaluation on several threads: the decisions and the problems are the
//! same whatever the number of threads, in the library and on the command
//! line (`eval --threads N`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::generator;

use edict::eval::{evaluate, EvalOptions};
use edict::facts::FactsSource;
use std::process::Command;

fn law() -> edict::policy::PolicySet {
    edict::load::load(edict::bundled::sources()).set.unwrap()
}

fn decide(set: &edict::policy::PolicySet, source: &FactsSource, threads: usize) -> Result<String, Vec<String>> {
    let facts = edict::facts::load(source).unwrap();
    let options = EvalOptions {
        threads,
        ..Default::default()
    };
    match evaluate(set, &facts, source, &options) {
        Ok(decisions) => {
            let mut out = Vec::new();
            edict::decision::write_json(&decisions, &mut out).unwrap();
            Ok(String::from_utf8(out).unwrap())
        }
        Err(errors) => Err(errors.iter().map(|e| edict::diagnostics::render_plain(e)).collect()),
    }
}

/// `n` generated shipments decide the same on 1, 2, 3 and 5 threads.
fn same_on_any_number_of_threads(n: usize) {
    let set = law();
    let text = generator::generate(&generator::Params::uniform(n, generator::DEFAULT_SEED));
    let source = FactsSource::new("generated.json", text);
    let one = decide(&set, &source, 1).unwrap();
    assert!(one.contains("presumption-of-denial") && one.contains("licence-required"));
    for threads in [2, 3, 5] {
        assert!(
            decide(&set, &source, threads).unwrap() == one,
            "{threads} threads decide differently"
        );
    }
}

#[test]
fn decisions_are_the_same_on_any_number_of_threads() {
    same_on_any_number_of_threads(3_000);
}

#[test]
#[ignore = "12 000 shipments: minutes in a debug build; .ci/run runs it with --ignored"]
fn decisions_of_12000_shipments_are_the_same_on_any_number_of_threads() {
    same_on_any_number_of_threads(12_000);
}

/// Every shipment ships one of two assemblies whose Part 1 content (No. 61,
/// in force again from 2026-11-11) overflows the decimal range, so every
/// thread finds the same problems.
fn overflowing(shipments: usize) -> String {
    let big = "79228162514264337593543950335";
    let mut s = format!(
        r#"{{"version":1,"parties":{{"x":{{"name":"X","country":"DE"}},"u":{{"name":"U","country":"US"}}}},"items":{{
"a":{{"origin":"DE","value":"1000","classes":["assembly"],"components":[{{"item":"m","quantity":1}},{{"item":"d","quantity":1000000}}]}},
"b":{{"origin":"DE","value":"1000","classes":["assembly"],"components":[{{"item":"m","quantity":1}},{{"item":"d","quantity":2000000}}]}},
"m":{{"origin":"CN","value":"1","classes":["permanent-magnet","1C905.a"],"elements":["Nd","Fe","B","Dy"]}},
"d":{{"origin":"CN","value":"{big}","classes":["metal"],"elements":["Dy"]}}}},"shipments":["#
    );
    for i in 0..shipments {
        if i > 0 {
            s.push(',');
        }
        let item = if i % 2 == 0 { "a" } else { "b" };
        s.push_str(&format!(
            r#"{{"id":"S{i}","date":"2026-12-15","item":"{item}","quantity":1,"exporter":"x","from":"DE","to":"US","end_user":"u","end_uses":[]}}"#
        ));
    }
    s.push_str("]}");
    s
}

#[test]
fn problems_found_on_several_threads_are_reported_once_in_file_order() {
    let set = law();
    let source = FactsSource::new("overflow.json", overflowing(10_000));
    let Err(one) = decide(&set, &source, 1) else {
        panic!("the overflow was not found")
    };
    assert!(
        !one.is_empty() && one.iter().all(|e| e.contains("edict::facts::overflow")),
        "{one:?}"
    );
    for threads in [2, 4] {
        let Err(many) = decide(&set, &source, threads) else {
            panic!("{threads} threads found no overflow")
        };
        assert_eq!(many, one, "{threads} threads");
    }
}

#[test]
fn eval_threads_on_the_command_line_changes_nothing_in_the_output() {
    let dir = std::env::temp_dir().join(format!("edict-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("facts.json");
    std::fs::write(&file, generator::generate(&generator::Params::uniform(2_000, 7))).unwrap();
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_edict"))
            .args(["eval", "--format", "json", "--threads", threads, "--facts"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    assert!(run("1") == run("2"));
    let zero = Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(["eval", "--threads", "0", "--facts"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(zero.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Deciders kept from batch to batch (as a stream keeps them), on one
/// thread or two, decide each of `n` shipments, in batches of `batch`, as a
/// whole-file evaluation does, although what they worked out for one batch
/// serves the next.
fn kept_deciders_decide_as_one_evaluation(n: usize, batch: usize) {
    let set = law();
    let text = generator::generate(&generator::Params::uniform(n, 3));
    let source = FactsSource::new("generated.json", text);
    let mut world = edict::facts::load(&source).unwrap();
    let whole = evaluate(&set, &world, &source, &EvalOptions::default()).unwrap();
    let lines = |decisions: &[edict::decision::Decision]| {
        let mut out = Vec::new();
        for d in decisions {
            edict::decision::write_json_line(&mut out, d).unwrap();
        }
        String::from_utf8(out).unwrap()
    };
    let expected = lines(&whole.decisions);
    assert!(expected.contains("presumption-of-denial") && expected.contains("licence-required"));
    let shipments = std::mem::take(&mut world.shipments);
    for threads in [1, 2] {
        let mut deciders = edict::eval::Deciders::new(&set, &world, &source, threads);
        let mut decided = Vec::new();
        // The same shipments twice: the second time, everything is known.
        for round in 0..2 {
            for batch in shipments.chunks(batch) {
                decided.extend(deciders.decide_batch(batch, &EvalOptions::default()).unwrap().0);
            }
            assert!(
                lines(&decided[round * shipments.len()..]) == expected,
                "{threads} threads, round {round}"
            );
        }
    }
}

#[test]
fn deciders_kept_across_batches_decide_as_one_evaluation() {
    kept_deciders_decide_as_one_evaluation(3_000, 1_000);
}

#[test]
#[ignore = "12 000 shipments: minutes in a debug build; .ci/run runs it with --ignored"]
fn deciders_kept_across_12000_shipments_in_batches_decide_as_one_evaluation() {
    kept_deciders_decide_as_one_evaluation(12_000, 5_000);
}
