//! The command line's contract: exit statuses, nothing on stdout when input
//! is invalid, diagnostics on stderr, and the README's first command.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::process::{Command, Output};

fn edict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .output()
        .expect("edict runs")
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn the_readme_first_command_decides_the_example() {
    let out = edict(&["eval", "--facts", "examples/servo-motors/facts.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("SHIPMENT"), "{stdout}");
    assert!(stdout.contains("licence-required"), "{stdout}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn json_output_is_the_decision_contract() {
    let out = edict(&[
        "eval",
        "--facts",
        "examples/servo-motors/facts.json",
        "--format",
        "json",
        "--as-of",
        "2026-11-11",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["as_of"], "2026-11-11");
    let first = &v["decisions"][0];
    for key in ["shipment", "date", "outcome", "policies"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    let policies: Vec<&str> = first["policies"]
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["policy"].as_str().expect("id"))
        .collect();
    let mut sorted = policies.clone();
    sorted.sort_unstable();
    assert_eq!(policies, sorted, "policies are ordered by id");
}

#[test]
fn invalid_facts_exit_1_with_nothing_on_stdout() {
    let facts = temp_file(
        "bad.json",
        r#"{ "version": 1, "shipments": [ { "id": "S", "date": "2025-02-30" } ] }"#,
    );
    let out = edict(&["eval", "--facts", facts.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("edict::facts::"), "{stderr}");
}

#[test]
fn invalid_policies_exit_1_with_every_error_on_stderr() {
    let policy = temp_file(
        "bad.edict",
        "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2025-02-30\nrule r\n  outcome license-required\n  when the item is in part-l\n",
    );
    let out = edict(&["check", policy.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for code in [
        "edict::invalid-date",
        "edict::missing-citation",
        "edict::unknown-outcome",
        "edict::unknown-category",
    ] {
        assert!(stderr.contains(code), "{code} missing from:\n{stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(edict(&["eval"]).status.code(), Some(2));
    assert_eq!(
        edict(&["eval", "--facts", "does-not-exist.json"]).status.code(),
        Some(2)
    );
    assert_eq!(
        edict(&[
            "eval",
            "--facts",
            "examples/servo-motors/facts.json",
            "--as-of",
            "2025-13-01"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(edict(&["diff"]).status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    for command in ["check", "eval", "explain", "timeline", "diff"] {
        let out = edict(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"), "{command}");
    }
}

#[test]
fn the_bundled_library_checks_clean() {
    let out = edict(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn diff_exit_status_follows_diff1() {
    let same = edict(&["diff", "policies", "policies"]);
    assert_eq!(same.status.code(), Some(0), "{}", String::from_utf8_lossy(&same.stderr));
    let changed = edict(&["diff", "--with", "examples/drafts/lower-61-threshold.edict"]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&changed.stdout).contains("threshold lowered from 0.1% to 0.05%"));
    let broken = temp_file("broken.edict", "policy\n");
    assert_eq!(
        edict(&["diff", "policies", broken.to_str().expect("path")])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn output_is_deterministic() {
    let args = [
        "eval",
        "--facts",
        "examples/sensor-exporter/facts.json",
        "--format",
        "json",
    ];
    assert_eq!(edict(&args).stdout, edict(&args).stdout);
}

#[test]
fn the_fast_json_writer_matches_serde_byte_for_byte() {
    let set = edict::load::load(edict::bundled::sources()).set.expect("bundled");
    for example in ["servo-motors", "sensor-exporter", "humanitarian"] {
        let text = std::fs::read_to_string(format!("examples/{example}/facts.json")).expect("facts");
        let source = edict::facts::FactsSource::new("facts.json", text);
        let facts = edict::facts::load(&source).expect("valid");
        for as_of in [None, Some("2026-11-11".parse().expect("date"))] {
            let d = edict::eval::evaluate(
                &set,
                &facts,
                &source,
                &edict::eval::EvalOptions {
                    as_of,
                    ..Default::default()
                },
            )
            .expect("evaluates");
            let mut fast = Vec::new();
            edict::decision::write_json(&d, &mut fast).expect("writes");
            assert_eq!(
                String::from_utf8(fast).expect("utf-8"),
                serde_json::to_string_pretty(&d).expect("serde")
            );
        }
    }
    let empty = edict::decision::Decisions {
        version: 1,
        as_of: None,
        decisions: Vec::new(),
        undetermined: Vec::new(),
    };
    let mut fast = Vec::new();
    edict::decision::write_json(&empty, &mut fast).expect("writes");
    assert_eq!(
        String::from_utf8(fast).expect("utf-8"),
        serde_json::to_string_pretty(&empty).expect("serde")
    );
    // Ids that need escapes (and some that look as if they might).
    let shared = std::sync::Arc::new(edict::decision::PolicyDecision {
        policy: "shared".to_string(),
        outcome: edict::outcome::Outcome::NotControlled,
        findings: vec![edict::decision::Finding {
            rule: "shared".to_string(),
            outcome: edict::outcome::Outcome::NotControlled,
            cite: "No. 70".to_string(),
            because: vec!["not in force\non \"that\" day".to_string()],
        }],
    });
    let awkward = edict::decision::Decisions {
        version: 1,
        as_of: Some("2026-01-01".to_string()),
        decisions: [
            "S-\"1\"",
            "a\\b",
            "line\nbreak",
            "tab\tand\u{1}",
            "déjà-vu",
            "del\u{7f}",
            "",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, id)| edict::decision::Decision {
            shipment: id.to_string(),
            date: "2026-01-01".into(),
            outcome: edict::outcome::Outcome::NotControlled,
            // Policies with no findings, a finding without reasons, and
            // reasons that need escapes; shared and not shared.
            policies: (0..i % 3)
                .map(|k| {
                    std::sync::Arc::new(edict::decision::PolicyDecision {
                        policy: format!("{id}-policy"),
                        outcome: edict::outcome::Outcome::LicenceRequired,
                        findings: (0..k + i % 2)
                            .map(|f| edict::decision::Finding {
                                rule: id.to_string(),
                                outcome: edict::outcome::Outcome::CaseByCase,
                                cite: format!("Art. {f} \"{id}\""),
                                because: (0..f).map(|r| format!("reason {r}: {id}")).collect(),
                            })
                            .collect(),
                    })
                })
                // The last decision has no policies at all.
                .chain((i < 6).then(|| std::sync::Arc::clone(&shared)))
                .collect(),
        })
        .collect(),
        undetermined: Vec::new(),
    };
    let mut fast = Vec::new();
    edict::decision::write_json(&awkward, &mut fast).expect("writes");
    assert_eq!(
        String::from_utf8(fast).expect("utf-8"),
        serde_json::to_string_pretty(&awkward).expect("serde")
    );
}

#[test]
fn an_undeclared_tag_is_warned_about_once_at_its_first_use() {
    // `militray-end-user` (a typo) on two parties, and an end use no policy
    // reads: a warning each, at the first use, and the decisions still come.
    let facts = r#"{
  "version": 1,
  "parties": {
    "a": {"country": "DE", "kinds": ["militray-end-user"]},
    "b": {"country": "GB", "kinds": ["military-end-user", "militray-end-user"]}
  },
  "items": {"x": {"origin": "DE", "value": "1.00"}},
  "shipments": [
    {"id": "S1", "date": "2026-01-05", "item": "x", "exporter": "a", "from": "DE", "to": "GB", "end_user": "b", "end_uses": ["basket-weaving"]},
    {"id": "S2", "date": "2026-01-05", "item": "x", "exporter": "b", "from": "DE", "to": "GB", "end_user": "a", "end_uses": ["basket-weaving"]}
  ]
}"#;
    let path = temp_file("undeclared.json", facts);
    let out = edict(&["eval", "--facts", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("edict::facts::undeclared-tag").count(), 2, "{stderr}");
    assert!(
        stderr.contains("party kind `militray-end-user` at `parties[\"a\"].kinds[0]`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `military-end-user`?"), "{stderr}");
    assert!(stderr.contains("`shipments[0].end_uses[0]`"), "{stderr}");
    assert!(!stderr.contains("shipments[1]"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("S1") && stdout.contains("S2"), "{stdout}");
}

/// A file of raw bytes under a fresh folder.
fn temp_bytes(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-cli-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn a_file_that_is_not_utf8_is_invalid_input_with_the_offset() {
    let policy = temp_bytes("latin1.edict", b"policy p\n  title \"Ministre de l'\xe9conomie\"\n");
    let facts = temp_bytes("latin1.json", b"{ \"version\": 1, \"shipments\": [] \xff }");
    let cases = [
        (vec!["check", policy.to_str().unwrap()], "at offset 32"),
        (vec!["eval", "--facts", facts.to_str().unwrap()], "at offset 32"),
        (vec!["fmt", policy.to_str().unwrap()], "at offset 32"),
    ];
    for (args, offset) in cases {
        let out = edict(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr.contains("edict::invalid-utf8"), "{args:?}: {stderr}");
        assert!(stderr.contains(offset), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(&policy).unwrap(),
        b"policy p\n  title \"Ministre de l'\xe9conomie\"\n",
        "fmt left the file alone"
    );
}
