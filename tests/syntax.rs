//! Stage 1: the parser over the fixture folders `tests/cases/syntax/`.
//!
//! `ok/*.edict` must parse without error; the snapshot is the AST printed
//! by `edict::syntax::to_sexpr`. `err/*.edict` must not parse; the snapshot
//! is every diagnostic, rendered as a user sees it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::diagnostics::render_plain;
use edict::source::SourceMap;
use edict::syntax::{self, SyntaxError};
use miette::Diagnostic;
use std::path::Path;

/// Parses one fixture, named by its file name (no absolute paths in snapshots).
fn parse(path: &Path) -> (edict::ast::PolicyFile, Vec<SyntaxError>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut sources = SourceMap::new();
    let id = sources.add(name, text);
    syntax::parse(&sources, id)
}

fn render_all(errors: &[SyntaxError]) -> String {
    errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n")
}

#[test]
fn ok() {
    insta::glob!("cases/syntax/ok/*.edict", |path| {
        let (file, errors) = parse(path);
        assert!(
            errors.is_empty(),
            "{} should parse:\n{}",
            path.display(),
            render_all(&errors)
        );
        insta::assert_snapshot!(syntax::to_sexpr(&file));
    });
}

#[test]
fn err() {
    insta::glob!("cases/syntax/err/*.edict", |path| {
        let (_, errors) = parse(path);
        assert!(!errors.is_empty(), "{} should not parse", path.display());
        for e in &errors {
            let code = e.code().map(|c| c.to_string()).unwrap_or_default();
            assert_ne!(code, "edict::internal", "{}: {}", path.display(), render_plain(e));
        }
        insta::assert_snapshot!(render_all(&errors));
    });
}

// ───────────────────────────── hostile nesting ─────────────────────────────

/// A rule whose condition nests `depth` parentheses, alternating
/// `not (…)` and `… or (…)`, so that the AST is as deep as the text.
fn deep_policy(depth: usize) -> String {
    let mut when = String::new();
    for level in 0..depth {
        when.push_str(if level % 2 == 0 {
            "not ("
        } else {
            "the destination is in CN or ("
        });
    }
    when.push_str("the end use is military");
    when.push_str(&")".repeat(depth));
    format!(
        "policy deep\n  title \"Deep\"\n  authority \"A\"\n  issued 2025-01-01\n  in force from 2025-01-01\n\n\
         end use military \"Military\"\n\n\
         rule r \"Art. 1\"\n  outcome licence-required\n  when {when}\n"
    )
}

/// Runs `f` on a thread with the 2 MB stack test threads get by default,
/// whatever RUST_MIN_STACK says.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn codes(text: String) -> Vec<String> {
    let mut sources = SourceMap::new();
    let id = sources.add("deep.edict", text);
    let (_, errors) = syntax::parse(&sources, id);
    errors
        .iter()
        .map(|e| e.code().map(|c| c.to_string()).unwrap_or_default())
        .collect()
}

#[test]
fn a_condition_at_the_nesting_limit_goes_through_every_stage() {
    on_small_stack(|| {
        let text = deep_policy(syntax::MAX_DEPTH);
        let mut sources = SourceMap::new();
        let id = sources.add("deep.edict", text.clone());
        let (file, errors) = syntax::parse(&sources, id);
        assert!(errors.is_empty(), "{}", render_all(&errors));
        let formatted = edict::format::format_file(&file, &sources);
        assert!(formatted.contains("not (the destination is in CN"), "{formatted}");
        let loaded = edict::load::load(sources);
        let set = loaded.set.unwrap_or_else(|| {
            let all: Vec<String> = loaded.diagnostics.iter().map(|d| render_plain(d.as_ref())).collect();
            panic!("{}", all.join("\n"))
        });
        assert!(edict::render::markdown(&set).contains("military"));
        assert!(edict::render::html(&set).contains("military"));
        let mut shallower = SourceMap::new();
        shallower.add("deep.edict", deep_policy(syntax::MAX_DEPTH - 1));
        let other = edict::load::load(shallower).set.unwrap();
        assert!(!edict::analysis::diff(&set, &other).is_empty());
        let facts_text = std::fs::read_to_string("tests/cases/facts/ok/spec-example/facts.json").unwrap();
        let source = edict::facts::FactsSource::new("facts.json", facts_text);
        let facts = edict::facts::load(&source).unwrap();
        let decisions = edict::eval::evaluate(&set, &facts, &source, &Default::default()).unwrap();
        assert!(!decisions.decisions.is_empty());
        let changes = edict::analysis::diff(&other, &set);
        let _ = edict::analysis::witness::witnesses(&other, &set, &changes);
        let _ = edict::analysis::timelines(&set, &facts, &source, None, None).unwrap();
        let shipment = &facts.shipments[0];
        let mut evaluator = edict::eval::Evaluator::new(&set, &facts, &source);
        let decision = evaluator.decide(0, shipment, shipment.date);
        let explanation = evaluator.explain_shipment(0, shipment.date, &decision).unwrap();
        assert!(edict::report::explain::text(&explanation).contains("Art. 1"));
    });
}

#[test]
fn a_condition_beyond_the_nesting_limit_is_refused_before_parsing() {
    on_small_stack(|| {
        assert_eq!(codes(deep_policy(syntax::MAX_DEPTH + 1)), ["edict::nesting-too-deep"]);
        assert_eq!(codes(deep_policy(100_000)), ["edict::nesting-too-deep"]);
        let parens = format!("{}the end use is military{}", "(".repeat(100_000), ")".repeat(100_000));
        let text = deep_policy(0).replace("the end use is military", &parens);
        assert_eq!(codes(text), ["edict::nesting-too-deep"]);
    });
}

#[test]
fn the_nesting_diagnostic_points_at_the_first_parenthesis_too_many() {
    let text = deep_policy(syntax::MAX_DEPTH + 5);
    let mut sources = SourceMap::new();
    let id = sources.add("deep.edict", text.clone());
    let (_, errors) = syntax::parse(&sources, id);
    let [e] = errors.as_slice() else {
        panic!("{}", render_all(&errors))
    };
    let at = e.at();
    assert_eq!(&text[at.start..at.end], "(");
    assert_eq!(text[..at.start].matches('(').count(), syntax::MAX_DEPTH);
    assert_eq!(e.to_string(), "this condition is nested more than 256 parentheses deep");
    let rendered = render_plain(e);
    assert!(rendered.contains("edict::nesting-too-deep"), "{rendered}");
    assert!(rendered.contains("this `(` opens level 257"), "{rendered}");
}

#[test]
fn a_long_chain_of_not_is_a_syntax_error_not_a_crash() {
    on_small_stack(|| {
        let nots = format!("{}the end use is military", "not ".repeat(10_000));
        assert_eq!(
            codes(deep_policy(0).replace("the end use is military", &nots)),
            ["edict::syntax"]
        );
    });
}

#[test]
fn ten_thousand_operands_at_one_level_parse_check_and_format() {
    on_small_stack(|| {
        let operands: Vec<String> = (0..10_000).map(|i| format!("the item's a{i} is {i}")).collect();
        let text = deep_policy(0).replace("the end use is military", &operands.join(" and "));
        let mut sources = SourceMap::new();
        let id = sources.add("wide.edict", text);
        let (file, errors) = syntax::parse(&sources, id);
        assert!(errors.is_empty(), "{}", render_all(&errors));
        let formatted = edict::format::format_file(&file, &sources);
        assert_eq!(formatted.matches("\n   and the item's a").count(), 9_999);
        assert!(edict::load::load(sources).set.is_some());
    });
}

// ───────────────────────────── encoding ─────────────────────────────

#[test]
fn a_byte_order_mark_is_skipped_and_spans_still_count_it() {
    let plain = "policy bom\n  title \"B\"\n  authority \"A\"\n  issued 2025-01-01\n\nrule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in XX\n";
    let with_bom = format!("\u{feff}{plain}");
    let mut sources = SourceMap::new();
    let id = sources.add("bom.edict", with_bom.clone());
    let (file, errors) = syntax::parse(&sources, id);
    assert!(errors.is_empty(), "{}", render_all(&errors));
    let (plain_file, _) = {
        let mut s = SourceMap::new();
        let id = s.add("bom.edict", plain);
        syntax::parse(&s, id)
    };
    assert_eq!(syntax::to_sexpr(&file), syntax::to_sexpr(&plain_file));
    let edict::ast::Item::Rule(rule) = &file.items[0] else {
        panic!("{:?}", file.items)
    };
    assert_eq!(&with_bom[rule.span.start..rule.span.start + 6], "rule r");
    // A syntax error after the mark points at the right bytes.
    let broken = with_bom.replace("outcome prohibited", "outcome");
    let mut sources = SourceMap::new();
    let id = sources.add("bom.edict", broken.clone());
    let (_, errors) = syntax::parse(&sources, id);
    let [e] = errors.as_slice() else {
        panic!("{}", render_all(&errors))
    };
    assert_eq!(&broken[e.at().start..e.at().start + 4], "when");
}
