//! The text table of `edict eval`.

use crate::decision::{Decision, Decisions, Settling, Undetermined};
use crate::outcome::Outcome;
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// Appends `cell` padded with spaces to `width` terminal columns. Padding
/// by hand rather than with `{:width$}`: the formatter counts characters,
/// not columns (a CJK id is two columns a character), and panics on
/// widths over 65 535.
pub(crate) fn push_padded(out: &mut String, cell: &str, width: usize) {
    out.push_str(cell);
    let pad = width.saturating_sub(cell.width());
    out.extend(std::iter::repeat_n(' ', pad));
}

/// The lines of a table: `header`, then `rows`, each column padded to its
/// widest cell in terminal columns, two spaces between columns; the last
/// column is left as it is (it is free text), and trailing spaces are cut.
pub(crate) fn columns<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> Vec<String> {
    let mut widths = header.map(str::width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: [&str; N]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == N {
                s.push_str(cell);
            } else {
                push_padded(&mut s, cell, w);
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    out.push(line(header));
    out.extend(rows.iter().map(|r| line(std::array::from_fn(|i| r[i].as_str()))));
    out
}

/// One line per shipment: id, date, outcome and the rules that decided it,
/// then a count by outcome.
pub fn render(decisions: &Decisions) -> String {
    table(decisions, true)
}

/// [`render`] without the count by outcome (`--quiet`).
pub fn render_rows(decisions: &Decisions) -> String {
    table(decisions, false)
}

fn table(decisions: &Decisions, summary: bool) -> String {
    let mut rows = Rows::default();
    let mut open = decisions.undetermined.iter().peekable();
    for (i, d) in decisions.decisions.iter().enumerate() {
        match open.next_if(|u| u.decision == i) {
            Some(u) => rows.push_undetermined(d, u),
            None => rows.push(d),
        }
    }
    let mut out = Vec::new();
    let ids = |i: usize| decisions.decisions.get(i).map_or("", |d| d.shipment.as_str());
    let as_of = decisions.as_of.as_deref();
    // Writing into a vector cannot fail.
    let _infallible = rows.write(&mut out, ids, as_of, summary);
    String::from_utf8(out).unwrap_or_default()
}

/// The rows of the table of [`render`], gathered a decision at a time and
/// written at the end, when the width of every column is known. A row
/// keeps only its outcome and the numbers of its texts (the days and the
/// "decided by" lists are few, each kept once); the shipment ids are read
/// from where they already are when the table is written. So a million
/// decisions need not be held to write their table.
#[derive(Default)]
pub struct Rows {
    rows: Vec<Row>,
    /// The texts of the date and "decided by" cells, each once.
    texts: Vec<String>,
    numbers: rustc_hash::FxHashMap<String, u32>,
    undetermined: usize,
}

/// One row of [`Rows`]: the numbers of its texts, and its outcome (`None`:
/// undetermined).
struct Row {
    date: u32,
    by: u32,
    outcome: Option<Outcome>,
}

impl Rows {
    /// Adds the row of a decision.
    pub fn push(&mut self, d: &Decision) {
        let deciding: Vec<String> = d
            .policies
            .iter()
            .flat_map(|p| {
                p.findings
                    .iter()
                    .filter(|f| f.outcome == d.outcome && d.outcome != Outcome::NotControlled)
                    .map(move |f| format!("{}.{}", p.policy, f.rule))
            })
            .collect();
        let by = if deciding.is_empty() {
            "-".to_string()
        } else {
            deciding.join(", ")
        };
        let row = Row {
            date: self.number(&d.date),
            by: self.number(&by),
            outcome: Some(d.outcome),
        };
        self.rows.push(row);
    }

    /// Adds the row of a decision that depends on unknown facts: its range,
    /// and the facts that would settle it alone (else every fact it depends on).
    pub fn push_undetermined(&mut self, d: &Decision, u: &Undetermined) {
        let settling: Vec<String> = u.settled_by.iter().filter(|s| s.settles).map(Settling::place).collect();
        let needs = if settling.is_empty() {
            let all: Vec<String> = u.settled_by.iter().map(Settling::place).collect();
            format!("needs all of {}", all.join(", "))
        } else {
            format!("settled by {}", settling.join(" or "))
        };
        let by = format!("{} to {}; {needs}", u.range.at_least, u.range.at_most);
        let row = Row {
            date: self.number(&d.date),
            by: self.number(&by),
            outcome: None,
        };
        self.rows.push(row);
        self.undetermined += 1;
    }

    /// The number of a cell's text, given it the first time.
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.to_string());
        self.numbers.insert(text.to_string(), n);
        n
    }

    fn text(&self, n: u32) -> &str {
        self.texts.get(n as usize).map_or("", String::as_str)
    }

    /// Writes the table (without a final line break): the header, a line per
    /// row, each column padded to its widest cell in terminal columns, two
    /// spaces between columns, the last column as it is and trailing spaces
    /// cut; with `summary`, a blank line and the count by outcome. `ids`
    /// gives the shipment id of row `i`; `as_of`, the evaluation date that
    /// overrode the shipments' dates, if any.
    pub fn write<'i>(
        &self,
        out: &mut impl std::io::Write,
        ids: impl Fn(usize) -> &'i str,
        as_of: Option<&str>,
        summary: bool,
    ) -> std::io::Result<()> {
        let header = ["SHIPMENT", "DATE", "OUTCOME", "DECIDED BY"];
        // One row's cells, for both passes: the widths, then the lines.
        let cells = |i: usize, row: &Row| {
            [
                ids(i),
                self.text(row.date),
                outcome_cell(row.outcome),
                self.text(row.by),
            ]
        };
        let mut widths = header.map(str::width);
        for (i, row) in self.rows.iter().enumerate() {
            for (w, cell) in widths.iter_mut().zip(cells(i, row)) {
                *w = (*w).max(cell.width());
            }
        }
        let mut line = String::new();
        let mut write_line = |out: &mut dyn std::io::Write, cells: [&str; 4], first: bool| {
            line.clear();
            if !first {
                line.push('\n');
            }
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    line.push_str(cell);
                } else {
                    push_padded(&mut line, cell, w);
                    line.push_str("  ");
                }
            }
            out.write_all(line.trim_end().as_bytes())
        };
        write_line(out, header, true)?;
        for (i, row) in self.rows.iter().enumerate() {
            write_line(out, cells(i, row), false)?;
        }
        if !summary {
            return Ok(());
        }
        let mut counts: BTreeMap<Outcome, usize> = BTreeMap::new();
        for outcome in self.rows.iter().filter_map(|r| r.outcome) {
            *counts.entry(outcome).or_default() += 1;
        }
        let mut summary: Vec<String> = counts.iter().rev().map(|(o, n)| format!("{n} {o}")).collect();
        if self.undetermined > 0 {
            summary.insert(0, format!("{} undetermined", self.undetermined));
        }
        let as_of = as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
        let n = self.rows.len();
        write!(
            out,
            "\n\n{n} shipment{}{as_of}: {}",
            if n == 1 { "" } else { "s" },
            summary.join(", ")
        )
    }
}

/// The text of the OUTCOME cell.
fn outcome_cell(outcome: Option<Outcome>) -> &'static str {
    outcome.map_or("undetermined", Outcome::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Decision;
    use std::sync::Arc;

    fn decisions(ids: &[&str]) -> Decisions {
        Decisions {
            version: 1,
            as_of: None,
            decisions: ids
                .iter()
                .map(|id| Decision {
                    shipment: id.to_string(),
                    date: Arc::from("2026-01-01"),
                    outcome: Outcome::NotControlled,
                    policies: Vec::new(),
                })
                .collect(),
            undetermined: Vec::new(),
        }
    }

    #[test]
    fn columns_line_up_by_display_width() {
        let table = render(&decisions(&["出口-1", "S-1"]));
        let lines: Vec<&str> = table.lines().collect();
        // "出口-1" is four characters but six columns wide, as wide as the
        // padded "S-1     " less two.
        assert_eq!(lines[0], "SHIPMENT  DATE        OUTCOME         DECIDED BY");
        assert_eq!(lines[1], "出口-1    2026-01-01  not-controlled  -");
        assert_eq!(lines[2], "S-1       2026-01-01  not-controlled  -");
    }

    #[test]
    fn an_id_over_65535_columns_does_not_panic() {
        let long = "x".repeat(70_000);
        let table = render(&decisions(&[&long, "S-1"]));
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0].len(), 70_000 + 2 + 10 + 2 + 14 + 2 + "DECIDED BY".len());
        assert!(lines[2].starts_with(&format!("S-1{}2026-01-01", " ".repeat(70_000 - 3 + 2))));
    }
}
