//! `edict test --coverage --format markdown`: the scores as a table and,
//! per policy, each provision no test fully exercised with its span (for a
//! pull request's comment or a review file).

use super::coverage::{percent, total};
use super::coverage_html::{missing, span_text};
use crate::testing::coverage::{score, Coverage, Item, Kind};

fn cell((seen, of): (usize, usize)) -> String {
    if of == 0 {
        return "–".into();
    }
    format!("{seen}/{of} {}%", percent((seen, of)))
}

fn row(label: &str, items: &[&Item]) -> String {
    let mut cells = vec![label.to_string()];
    cells.extend(Kind::ALL.iter().map(|k| cell(score(items.iter().copied(), Some(*k)))));
    cells.push(cell(score(items.iter().copied(), None)));
    format!("| {} |\n", cells.join(" | "))
}

/// Text inside a code span: a backtick in it would end the span early.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// The Markdown report. `passed` and `failed` are the run's counts.
pub fn write(coverage: &Coverage, passed: usize, failed: usize) -> String {
    let (seen, of) = total(&coverage.policies);
    let mut out = format!(
        "# Provision coverage\n\n{passed} passed, {failed} failed; coverage {}% ({seen} of {of} aspects).\n\n",
        percent((seen, of))
    );
    out.push_str("| policy |");
    for k in Kind::ALL {
        out.push_str(&format!(" {} |", k.heading()));
    }
    out.push_str(" total |\n|---|");
    out.push_str(&"---:|".repeat(Kind::ALL.len() + 1));
    out.push('\n');
    for p in &coverage.policies {
        let items: Vec<&Item> = p.items.iter().collect();
        out.push_str(&row(&code(&p.policy), &items));
    }
    let all: Vec<&Item> = coverage.policies.iter().flat_map(|p| &p.items).collect();
    out.push_str(&row("**all policies**", &all));
    for p in &coverage.policies {
        out.push_str(&format!("\n## {}\n\n", code(&p.policy)));
        let uncovered: Vec<&Item> = p.items.iter().filter(|i| !i.covered()).collect();
        if uncovered.is_empty() {
            out.push_str("Every provision is covered.\n");
        }
        for i in uncovered {
            // `|` and `*` in the law's words are kept: a list item is not a table cell.
            out.push_str(&format!(
                "- {} {}\n",
                code(&span_text(&coverage.sources, i.span)),
                missing(i)
            ));
        }
    }
    out
}
