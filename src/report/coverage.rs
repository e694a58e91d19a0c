//! `edict test --coverage` output: a table per policy and for the whole
//! set, then each provision not fully covered with where it is and what
//! no test showed; and the same as JSON.

use crate::testing::coverage::{score, Item, Kind, PolicyCoverage};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// `covered/of` as a percentage with one decimal, exactly (100% when there is nothing to cover).
pub fn percent((covered, of): (usize, usize)) -> Decimal {
    if of == 0 {
        return Decimal::ONE_HUNDRED;
    }
    (Decimal::from(covered) * Decimal::ONE_HUNDRED / Decimal::from(of)).round_dp(1)
}

fn cell(pair: (usize, usize)) -> String {
    if pair.1 == 0 {
        return "-".to_string();
    }
    format!("{}/{} {}%", pair.0, pair.1, percent(pair))
}

/// The whole set's score.
pub fn total(policies: &[PolicyCoverage]) -> (usize, usize) {
    score(policies.iter().flat_map(|p| &p.items), None)
}

/// The text report.
pub fn text(policies: &[PolicyCoverage]) -> String {
    let mut rows: Vec<Vec<String>> = vec![std::iter::once("coverage".to_string())
        .chain(Kind::ALL.iter().map(|k| k.heading().to_string()))
        .chain(std::iter::once("total".to_string()))
        .collect()];
    for p in policies {
        let mut row = vec![p.policy.clone()];
        row.extend(Kind::ALL.iter().map(|k| cell(score(&p.items, Some(*k)))));
        row.push(cell(score(&p.items, None)));
        rows.push(row);
    }
    let all: Vec<&Item> = policies.iter().flat_map(|p| &p.items).collect();
    let mut row = vec!["all policies".to_string()];
    row.extend(Kind::ALL.iter().map(|k| cell(score(all.iter().copied(), Some(*k)))));
    row.push(cell(score(all.iter().copied(), None)));
    rows.push(row);
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (s, w))| {
                let pad = w.saturating_sub(s.chars().count());
                if i == 0 {
                    format!("{s}{}", " ".repeat(pad))
                } else {
                    format!("{}{s}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let uncovered: Vec<&&Item> = all.iter().filter(|i| !i.covered()).collect();
    if !uncovered.is_empty() {
        out.push_str("\nnot covered:\n");
    }
    for i in uncovered {
        let missing: Vec<&str> = i.aspects.iter().filter(|(_, s)| !*s).map(|(a, _)| a.as_str()).collect();
        out.push_str(&format!(
            "  {}:{}: {}: never {}\n",
            i.file,
            i.line,
            i.what,
            missing.join(", never ")
        ));
    }
    out
}

/// The JSON report: per policy and in total, the score of each kind, and
/// every provision with its aspects.
pub fn json(policies: &[PolicyCoverage]) -> Value {
    let scores = |items: &[&Item]| {
        let mut m = serde_json::Map::new();
        for k in Kind::ALL {
            let (c, o) = score(items.iter().copied(), Some(k));
            m.insert(
                k.heading().replace(' ', "_"),
                json!({ "covered": c, "of": o, "percent": percent((c, o)) }),
            );
        }
        let (c, o) = score(items.iter().copied(), None);
        m.insert(
            "total".into(),
            json!({ "covered": c, "of": o, "percent": percent((c, o)) }),
        );
        Value::Object(m)
    };
    let all: Vec<&Item> = policies.iter().flat_map(|p| &p.items).collect();
    json!({
        "total": scores(&all),
        "policies": policies.iter().map(|p| {
            let items: Vec<&Item> = p.items.iter().collect();
            json!({
                "policy": p.policy,
                "score": scores(&items),
                "items": p.items.iter().map(|i| json!({
                    "kind": i.kind,
                    "rule": i.rule,
                    "what": i.what,
                    "file": i.file,
                    "line": i.line,
                    "covered": i.covered(),
                    "aspects": i.aspects.iter().map(|(a, s)| json!({ "aspect": a, "seen": s })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    })
}
