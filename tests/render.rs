//! `edict render`: the Markdown of every bundled policy, and the HTML and
//! Markdown of a small inline set that uses every construct the renderer
//! words (suspensions of policies and rules, changes, replacements,
//! category extensions, country groups, negation, nested groups,
//! exceptions) and text that must be escaped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::policy::PolicySet;
use edict::render::{self, Links};
use edict::source::SourceMap;

fn load(sources: SourceMap) -> PolicySet {
    let loaded = edict::load::load(sources);
    let messages: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| edict::diagnostics::render_plain(d.as_ref()))
        .collect();
    loaded
        .set
        .unwrap_or_else(|| panic!("the policies should check:\n{}", messages.join("\n")))
}

#[test]
fn markdown_of_every_bundled_policy() {
    let set = load(edict::bundled::sources());
    assert!(!set.policies.is_empty());
    for p in &set.policies {
        let md = render::markdown_policy(&set, &p.id, Links::FilePerPolicy).unwrap();
        insta::assert_snapshot!(format!("markdown-{}", p.id), md);
    }
}

const VOCABULARY: &str = r#"policy fx-vocabulary
  title "Vocabulary of the fixture"
  authority "tests"
  issued 2020-01-01
list fx-list "The <b>Fixture</b> List & its *annex*"
list fx-other "Another list"
end use military "military use"
end use relief "relief <script>alert(1)</script>"
kind military-end-user "a military end user"
class alloy "an alloy"
class magnet "a permanent magnet"
class assembly "an assembly"
class 1A001.a "a control code"
technology smelting "smelting"
country group NORDIC "Nordic <countries>" of DK, FI, IS, NO and SE
"#;

const BASE: &str = r#"policy fx-base
  title "A base instrument with `backquotes`, [brackets] & <angle brackets>"
  authority "Ministry of *Examples*"
  jurisdiction CN
  issued 2025-10-09
  source "javascript:alert(1)"
  cite as "Fixture Announcement No. 1 of 2025"
  in force from 2025-10-09
  note "A note over\ntwo lines.\n1. not a list\n# not a heading\nR&D, &amp; and _under_ ~~struck~~"

category materials "Annex 1 <Part 1>"
  quote "第一部分"
  any alloy of Sm and Co, or of Tb and Fe
  any item classed 1A001.a

category parts "Annex 1, Part 2"
  any magnet containing Dy or Tb
  any assembly with a component in materials

rule content "Art. 1(1)"
  in force from 2025-12-01 through 2026-12-31
  quote "价值占比达到0.1%及以上的"
  reading R-1 "Summed through sub-assemblies." alternative "Direct components only."
  outcome licence-required
  when the item is in parts
   and not the item is made in CN
   and the value of components in materials originating in CN is at least 0.1% of the item's value

rule tech "Art. 1(2)"
  outcome case-by-case
  when the item is made with smelting technology from CN
   and (the destination is in NORDIC or the end user is outside US, GB)
   and not (the end user is on fx-list and the end user is a military-end-user)

rule listed "Art. 2"
  raises a licence required by content or tech to presumption-of-denial
  when the end user is on fx-list or fx-other
    or the end user is owned at least 50% by parties on fx-list, directly or indirectly, individually or in aggregate

rule review "Art. 3"
  outcome licence-required or the listing's review, whichever is stricter
  when the exporter is on fx-other

rule relief "Art. 4"
  exempts content and tech
  yields to listed
  when the end use is relief
    or (the end use is military
        and (the date is on or after 2026-01-01 or the shipment's value_usd is below 1000)
        and the item's grade is "N52 \"special\"")
"#;

const AMENDING: &str = r#"policy fx-amending
  title "An amending instrument"
  authority "Ministry of Examples"
  issued 2025-11-01
  cite as "Fixture Announcement No. 2 of 2025"
  in force from 2025-11-01

amendment pause "Art. 1"
  quote "暂停实施"
  suspends fx-base.tech
  from 2025-11-07 through 2026-11-10

amendment lower "Art. 2"
  changes fx-base.content
  from 2026-03-01
  threshold 0.05%

amendment more "Art. 3"
  extends fx-base.materials with any alloy of Dy and Fe
  from 2026-01-01

amendment all "Art. 4"
  suspends fx-base
  from 2027-01-01 until 2027-02-01

rule stricter "Art. 5"
  replaces fx-base.review from 2026-06-01
  outcome prohibited
  when the exporter is on fx-other
"#;

fn fixture() -> PolicySet {
    let mut sources = SourceMap::new();
    sources.add("vocabulary.edict", VOCABULARY);
    sources.add("base.edict", BASE);
    sources.add("amending.edict", AMENDING);
    load(sources)
}

/// The page without its style sheet, which is not what this test reviews.
fn without_style(html: &str) -> String {
    let start = html.find("<style>").unwrap() + "<style>".len();
    let end = html.find("</style>").unwrap();
    format!("{}\n/* style.css */\n{}", &html[..start], &html[end..])
}

fn with_policies(rendered: &str) -> String {
    format!("----- POLICIES\n{VOCABULARY}\n{BASE}\n{AMENDING}\n----- RENDERED\n{rendered}")
}

#[test]
fn html_of_the_fixture_set() {
    let html = render::html(&fixture());
    assert!(!html.contains("<script>"), "text must be escaped");
    assert!(!html.contains("href=\"javascript"), "only http(s) sources are linked");
    assert!(!html.contains(" src=") && !html.contains("<link"), "no external assets");
    insta::assert_snapshot!(with_policies(&without_style(&html)));
}

#[test]
fn markdown_of_the_fixture_set() {
    let md = render::markdown(&fixture());
    assert!(!md.contains("<script>") && !md.contains("<b>"), "text must be escaped");
    insta::assert_snapshot!(with_policies(&md));
}

#[test]
fn markdown_files_link_across_files() {
    let files = render::markdown_files(&fixture());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["fx-amending.md", "fx-base.md", "fx-vocabulary.md"]);
    let base = &files.iter().find(|(n, _)| n == "fx-base.md").unwrap().1;
    assert!(base.contains("](fx-vocabulary.md#list-fx-list)"), "{base}");
    assert!(base.contains("](#category-fx-base.parts)"), "{base}");
}

#[test]
fn every_link_has_its_anchor() {
    let html = render::html(&fixture()) + &render::html(&load(edict::bundled::sources()));
    for part in html.split("href=\"#").skip(1) {
        let anchor = part.split('"').next().unwrap();
        assert!(html.contains(&format!("id=\"{anchor}\"")), "no anchor for #{anchor}");
    }
}

// ───────────────────────────── the binary ─────────────────────────────

fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edict-render-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn edict(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_edict"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn render_writes_one_markdown_file_per_policy_or_one_html_page() {
    let dir = scratch("out");
    let md = dir.join("md");
    let out = edict(&["render", "--format", "markdown", "-o", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let count = std::fs::read_dir(&md).unwrap().count();
    assert_eq!(count, load(edict::bundled::sources()).policies.len());
    assert!(md.join("cn-mofcom-2025-61.md").exists());
    let html = dir.join("html");
    let out = edict(&["render", "--format", "html", "-o", html.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn render_of_invalid_policies_prints_nothing_and_exits_1() {
    let dir = scratch("invalid");
    let file = dir.join("p.edict");
    std::fs::write(&file, "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2025-01-01\n\nrule r \"Art. 1\"\n  outcome licence-required\n  when the item is in nowhere\n").unwrap();
    let out = edict(&["render", file.to_str().unwrap(), "--format", "html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
