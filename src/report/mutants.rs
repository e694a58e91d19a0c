//! `edict test --mutants` output: the mutation score per policy and in
//! total, then every surviving mutant with where its provision is.

use crate::source::SourceMap;
use crate::testing::mutants::MutantReport;
use serde_json::{json, Value};

fn score_cell((killed, of): (usize, usize)) -> String {
    if of == 0 {
        return "-".into();
    }
    format!("{killed}/{of} {}%", super::coverage::percent((killed, of)))
}

fn place(sources: &SourceMap, span: crate::source::Span) -> String {
    let file = sources.file(span.file).map(|f| f.name.as_str()).unwrap_or("");
    format!("{file}:{}", sources.line_col(span).0)
}

fn policies(report: &MutantReport) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for (m, _) in &report.mutants {
        if !ids.contains(&m.scored_under()) {
            ids.push(m.scored_under());
        }
    }
    ids
}

/// The text report; `sources` are the policy files, for the survivors' lines.
pub fn text(report: &MutantReport, sources: &SourceMap) -> String {
    let mut rows = vec![("mutants".to_string(), "killed".to_string())];
    for p in policies(report) {
        rows.push((p.to_string(), score_cell(report.score(Some(p)))));
    }
    rows.push(("all policies".into(), score_cell(report.score(None))));
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (a, b) in &rows {
        out.push_str(&format!("{a:<w0$}  {b:>w1$}\n"));
    }
    let survivors: Vec<_> = report.mutants.iter().filter(|(_, k)| !*k).collect();
    if !survivors.is_empty() {
        out.push_str("\nsurvived (no test noticed):\n");
    }
    for (m, _) in survivors {
        out.push_str(&format!(
            "  {}: {}: {}\n",
            place(sources, m.span),
            m.scored_under(),
            m.what
        ));
    }
    out
}

/// The JSON report.
pub fn json(report: &MutantReport, sources: &SourceMap) -> Value {
    let score = |s: (usize, usize)| json!({ "killed": s.0, "of": s.1, "percent": super::coverage::percent(s) });
    json!({
        "total": score(report.score(None)),
        "policies": policies(report).iter().map(|p| json!({ "policy": p, "score": score(report.score(Some(p))) })).collect::<Vec<_>>(),
        "survivors": report.mutants.iter().filter(|(_, k)| !*k).map(|(m, _)| {
            let mut survivor = json!({
                "policy": m.scored_under(),
                "rule": m.rule,
                "mutation": m.what,
                "at": place(sources, m.span),
            });
            // A draft's mutant names the policy the draft amends.
            if m.draft.is_some() {
                survivor["amends"] = json!(m.policy);
            }
            survivor
        }).collect::<Vec<_>>(),
    })
}
