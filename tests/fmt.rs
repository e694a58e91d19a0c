//! `edict fmt`: for every fixture `.edict` under `tests/` and every bundled
//! policy, formatting keeps the meaning (the same checked policy set, or the
//! same diagnostics for a case that does not check), every comment and
//! every quote, and formatting again changes nothing. Snapshots show the
//! layout of a few fixtures; the binary's contract is asserted at the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::ast::{Item, Literate, PolicyFile};
use edict::source::{FileId, SourceMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn edict_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            edict_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "edict") {
            out.push(p);
        }
    }
}

/// Every fixture, grouped by folder (a folder is one case, loaded as one set).
fn fixture_cases() -> BTreeMap<PathBuf, Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    edict_files(&root, &mut files);
    assert!(files.len() > 10, "fixtures not found under {}", root.display());
    let mut cases: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    for f in files {
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        cases
            .entry(f.parent().unwrap().to_path_buf())
            .or_default()
            .push((name, text));
    }
    cases
}

fn bundled() -> Vec<(String, String)> {
    edict::bundled::sources()
        .files()
        .map(|(_, f)| (f.name.clone(), f.text.to_string()))
        .collect()
}

fn parse(name: &str, text: &str) -> (PolicyFile, SourceMap, bool) {
    let mut sources = SourceMap::new();
    let id = sources.add(name, text);
    let (file, errors) = edict::syntax::parse(&sources, id);
    (file, sources, errors.is_empty())
}

fn format(name: &str, text: &str) -> Option<String> {
    let (file, sources, ok) = parse(name, text);
    (ok && edict::format::check(&file, &sources).is_empty()).then(|| edict::format::format_file(&file, &sources))
}

fn comments(file: &PolicyFile) -> Vec<String> {
    let mut c: Vec<String> = file.comments.iter().map(|c| c.text.clone()).collect();
    c.sort();
    c
}

fn quotes(file: &PolicyFile) -> Vec<String> {
    let mut all: Vec<&Literate> = Vec::new();
    if let Some(h) = &file.header {
        all.extend(&h.literate);
    }
    for item in &file.items {
        match item {
            Item::Category(c) => all.extend(&c.literate),
            Item::Rule(r) => all.extend(&r.literate),
            Item::Amendment(a) => all.extend(&a.literate),
            Item::Tag(_) | Item::CountryGroup(_) => {}
        }
    }
    let mut q: Vec<String> = all
        .into_iter()
        .filter_map(|l| match l {
            Literate::Quote(t) => Some(t.value.clone()),
            _ => None,
        })
        .collect();
    q.sort();
    q
}

/// The AST without comments, spans or file ids.
fn shape(mut file: PolicyFile) -> String {
    file.comments.clear();
    file.file = FileId(0);
    edict::syntax::to_sexpr(&file)
}

/// `{:?}` without spans, which formatting moves.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("Span { file: FileId(") {
        out.push_str(&rest[..i]);
        out.push_str("Span");
        let after = &rest[i..];
        let end = after.find(" }").unwrap() + 2;
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// What a load of `files` means: the checked set without spans, or the
/// diagnostics (codes and messages, sorted) when it does not check.
fn meaning(files: &[(String, String)]) -> String {
    let mut sources = SourceMap::new();
    for (name, text) in files {
        sources.add(name.clone(), text.clone());
    }
    let loaded = edict::load::load(sources);
    let mut diagnostics: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code().map(|c| c.to_string()).unwrap_or_default(), d))
        .collect();
    diagnostics.sort();
    let set = loaded.set.map(|s| {
        strip_spans(&format!(
            "{:?}\n{:?}\n{:?}\n{:?}",
            s.policies, s.categories, s.vocabulary, s.groups
        ))
    });
    format!("{set:?}\n{}", diagnostics.join("\n"))
}

/// The per-file properties; returns the formatted files, or `None` for a
/// case with a file that is not formatted (syntax errors).
fn check_case(files: &[(String, String)]) -> Option<Vec<(String, String)>> {
    let mut formatted = Vec::new();
    for (name, text) in files {
        let out = format(name, text)?;
        let (before, _, _) = parse(name, text);
        let (after, _, ok) = parse(name, &out);
        assert!(ok, "{name}: the formatted text does not parse:\n{out}");
        assert_eq!(
            shape(before.clone()),
            shape(after.clone()),
            "{name}: formatting changed the AST:\n{out}"
        );
        assert_eq!(comments(&before), comments(&after), "{name}: comments changed:\n{out}");
        assert_eq!(quotes(&before), quotes(&after), "{name}: quotes changed:\n{out}");
        assert_eq!(
            format(name, &out).as_deref(),
            Some(out.as_str()),
            "{name}: formatting is not idempotent"
        );
        formatted.push((name.clone(), out));
    }
    Some(formatted)
}

#[test]
fn formatting_keeps_the_meaning_of_every_fixture() {
    let mut checked = 0;
    for (dir, files) in fixture_cases() {
        let Some(formatted) = check_case(&files) else { continue };
        assert_eq!(
            meaning(&files),
            meaning(&formatted),
            "{}: formatting changed the meaning",
            dir.display()
        );
        checked += 1;
    }
    assert!(checked > 5, "only {checked} fixture folders were formatted");
}

#[test]
fn formatting_keeps_the_meaning_of_the_bundled_policies() {
    let files = bundled();
    let formatted = check_case(&files).expect("the bundled policies parse");
    let (before, after) = (meaning(&files), meaning(&formatted));
    assert!(
        before.starts_with("Some("),
        "the bundled policies should check:\n{before}"
    );
    assert_eq!(before, after);
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    assert_eq!(
        format(
            "broken.edict",
            "policy p\n  title \"t\"\n\nrule r \"Art. 1\"\n  outcome\n"
        ),
        None
    );
}

#[test]
fn a_repeated_header_property_is_not_formatted() {
    assert_eq!(format("twice.edict", "policy p\n  title \"a\"\n  title \"b\"\n"), None);
}

#[test]
fn a_repeated_amendment_clause_is_not_formatted() {
    let text = "policy p\n  title \"t\"\n\namendment a \"Art. 1\"\n  changes q.r\n  threshold 1%\n  threshold 2%\n";
    assert_eq!(format("twice.edict", text), None);
}

fn snapshot(name: &str, relative: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    let out = format(relative, &text).unwrap();
    insta::with_settings!({ input_file => &path, omit_expression => true }, {
        insta::assert_snapshot!(format!("fmt-{name}"), out);
    });
}

#[test]
fn layout_of_comments_and_escapes() {
    snapshot("text-and-comments", "tests/cases/syntax/ok/text-and-comments.edict");
}

#[test]
fn layout_of_connectives() {
    snapshot("connectives", "tests/cases/syntax/ok/connectives.edict");
}

#[test]
fn layout_of_declarations() {
    snapshot("declarations", "tests/cases/syntax/ok/declarations.edict");
}

#[test]
fn layout_of_amendments() {
    snapshot("amendments", "tests/cases/syntax/ok/amendments.edict");
}

#[test]
fn layout_of_a_reordered_file() {
    snapshot("reordered", "tests/cases/diff/reformatted-only/new/policy.edict");
}

#[test]
fn layout_of_a_bundled_policy() {
    snapshot("cn-mofcom-2025-61", "policies/cn-mofcom-2025-61.edict");
}

// ───────────────────────────── the binary ─────────────────────────────

/// A fresh folder under the system's temporary folder.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-fmt-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn edict(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_edict")).args(args).output().unwrap()
}

const UNFORMATTED: &str = "policy p\n  issued 2025-01-01\n  title \"t\"\n  authority \"a\"\nrule r \"Art. 1\"\n  when the end use is military and the destination is outside CN # why\n  outcome prohibited\n";

#[test]
fn check_names_the_files_that_would_change_and_writes_nothing() {
    let dir = scratch("check");
    let file = dir.join("p.edict");
    std::fs::write(&file, UNFORMATTED).unwrap();
    let out = edict(&["fmt", "--check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), file.display().to_string());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UNFORMATTED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_rewrites_in_place_and_then_check_passes() {
    let dir = scratch("rewrite");
    let file = dir.join("p.edict");
    std::fs::write(&file, UNFORMATTED).unwrap();
    let out = edict(&["fmt", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2025-01-01\n\nrule r \"Art. 1\"\n  outcome prohibited\n  \
         when the end use is military\n   and the destination is outside CN # why\n"
    );
    let again = edict(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_with_syntax_errors_is_reported_and_left_alone() {
    let dir = scratch("broken");
    let broken = dir.join("broken.edict");
    let fine = dir.join("fine.edict");
    let text = "policy p\n  title \"t\"\nrule r \"Art. 1\"\n  outcome\n";
    std::fs::write(&broken, text).unwrap();
    std::fs::write(&fine, UNFORMATTED).unwrap();
    let out = edict(&["fmt", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.edict"));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), text);
    assert_ne!(
        std::fs::read_to_string(&fine).unwrap(),
        UNFORMATTED,
        "the valid file is still formatted"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_needs_paths() {
    assert_eq!(edict(&["fmt"]).status.code(), Some(2));
}

// ───────────────────────────── condition shapes ─────────────────────────────

/// Every condition built from two tests with `not`, `and`, `or` and
/// parentheses, nested up to three levels (`not (not (not a))`,
/// `(a or not (b and a)) and b`, the mixed `a and b or a`, …).
fn condition_shapes() -> Vec<String> {
    let atoms = ["the destination is in CN", "the end use is military"];
    let simple: Vec<String> = atoms.iter().flat_map(|a| [a.to_string(), format!("not {a}")]).collect();
    let joined = |terms: &[String]| -> Vec<String> {
        let mut out = terms.to_vec();
        for x in terms {
            for y in &simple {
                for w in ["and", "or"] {
                    out.push(format!("{x} {w} {y}"));
                    out.push(format!("{y} {w} {x}"));
                }
            }
        }
        out
    };
    let terms = |exprs: &[String]| -> Vec<String> {
        let mut out = simple.clone();
        for e in exprs {
            out.push(format!("({e})"));
            out.push(format!("not ({e})"));
        }
        out
    };
    let mut exprs = joined(&simple);
    exprs.extend(simple.iter().map(|a| format!("{a} and {a} or {a}")));
    let exprs = joined(&terms(&exprs));
    terms(&exprs)
}

#[test]
fn every_condition_shape_formats_to_the_same_meaning() {
    let shapes = condition_shapes();
    assert!(shapes.len() > 2_000, "{}", shapes.len());
    let mut text = String::from(
        "policy shapes\n  title \"Shapes\"\n  authority \"A\"\n  issued 2025-01-01\n\nend use military \"Military\"\n",
    );
    for (i, when) in shapes.iter().enumerate() {
        text.push_str(&format!(
            "\nrule r{i} \"Art. {i}\"\n  outcome prohibited\n  when {when}\n"
        ));
    }
    let files = [("shapes.edict".to_string(), text)];
    let formatted = check_case(&files).expect("every shape parses");
    assert_eq!(meaning(&files), meaning(&formatted));
}

#[test]
fn a_byte_order_mark_is_read_and_dropped() {
    let formatted = format("p.edict", UNFORMATTED).unwrap();
    assert_eq!(
        format("p.edict", &format!("\u{feff}{UNFORMATTED}")),
        Some(formatted.clone())
    );
    assert_eq!(format("p.edict", &format!("\u{feff}{formatted}")), Some(formatted));
}

// ───────────────────────────── what fmt writes ─────────────────────────────

fn formatted_unformatted() -> String {
    format("p.edict", UNFORMATTED).unwrap()
}

#[test]
fn fmt_through_a_symbolic_link_formats_its_target_and_keeps_the_link() {
    let dir = scratch("symlink");
    let real = dir.join("real.edict");
    let link = dir.join("link.edict");
    std::fs::write(&real, UNFORMATTED).unwrap();
    std::os::unix::fs::symlink("real.edict", &link).unwrap();
    let out = edict(&["fmt", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.edict"));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), formatted_unformatted());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_keeps_hard_links_together() {
    use std::os::unix::fs::MetadataExt;
    let dir = scratch("hardlink");
    let a = dir.join("a.edict");
    let b = dir.join("b.edict");
    std::fs::write(&a, UNFORMATTED).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let out = edict(&["fmt", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&b).unwrap(), formatted_unformatted());
    let (ma, mb) = (std::fs::metadata(&a).unwrap(), std::fs::metadata(&b).unwrap());
    assert_eq!((ma.ino(), ma.nlink()), (mb.ino(), 2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_keeps_the_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = scratch("mode");
    let file = dir.join("p.edict");
    std::fs::write(&file, UNFORMATTED).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Giving the file away needs root; as another user, only the mode is tested.
    let root = std::fs::metadata(&file).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&file, Some(4321), Some(4322)).unwrap();
    }
    let out = edict(&["fmt", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), formatted_unformatted());
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_refuses_what_is_not_a_regular_file() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe.edict");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = edict(&["fmt", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("FIFO"), "{err}");
    // Nothing was put in its place.
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = scratch("diff");
    let file = dir.join("p.edict");
    std::fs::write(&file, UNFORMATTED).unwrap();
    let out = edict(&["fmt", "--diff", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    let name = file.display().to_string();
    assert!(diff.starts_with(&format!("--- {name}\n+++ {name}\n@@ ")), "{diff}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UNFORMATTED);
    // The diff applies: patch turns the file into the formatted text.
    let patched = Command::new("patch")
        .arg("-s")
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(diff.as_bytes())?;
            child.wait()
        });
    if let Ok(status) = patched {
        assert!(status.success());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), formatted_unformatted());
        let out = edict(&["fmt", "--diff", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
