//! An undetermined decision (version 2), as `write_json` writes it: the
//! decision's keys of version 1, with `"outcome": "undetermined"`, its
//! `range`, and the unknown facts that would settle it.

use super::{Decision, Finding, OutcomeRange, Undetermined};
use serde::Serialize;

/// The word a decision writes for an outcome the unknown facts leave open.
pub const UNDETERMINED: &str = "undetermined";

#[derive(Serialize)]
struct DecisionJson<'a> {
    shipment: &'a str,
    date: &'a str,
    outcome: &'static str,
    range: OutcomeRange,
    settled_by: Vec<SettlingJson<'a>>,
    policies: Vec<PolicyJson<'a>>,
}

/// A settling fact, as a decision writes it.
#[derive(Serialize)]
pub(crate) struct SettlingJson<'a> {
    fact: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    what: &'a str,
    settles: bool,
    values: Vec<LeadJson<'a>>,
}

#[derive(Serialize)]
struct LeadJson<'a> {
    value: &'a str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<OutcomeRange>,
    because: &'a str,
}

#[derive(Serialize)]
struct PolicyJson<'a> {
    policy: &'a str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<OutcomeRange>,
    findings: &'a [Finding],
}

/// The outcome word of a range, and the range when it is open.
fn outcome_of(range: OutcomeRange) -> (&'static str, Option<OutcomeRange>) {
    if range.is_settled() {
        (range.at_most.as_str(), None)
    } else {
        (UNDETERMINED, Some(range))
    }
}

/// Writes decision `d` (undetermined as `u` says) as an element of
/// `decisions`, indented as the rest of the document, from its `{` to its `}`.
pub(super) fn write(out: &mut impl std::io::Write, d: &Decision, u: &Undetermined) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&json(d, u)).map_err(std::io::Error::from)?;
    // A JSON string holds no raw line break, so each line is one line of
    // the document: indent it to the depth of a decision.
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n    ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes decision `d` (undetermined as `u` says) as one line of JSON and a line break.
pub(super) fn write_line(out: &mut impl std::io::Write, d: &Decision, u: &Undetermined) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &json(d, u)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

fn json<'a>(d: &'a Decision, u: &'a Undetermined) -> DecisionJson<'a> {
    let policies = d
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let open = u.policies.iter().find(|(j, _)| *j == i).map(|(_, r)| *r);
            let (outcome, range) = match open {
                Some(r) => outcome_of(r),
                None => (p.outcome.as_str(), None),
            };
            PolicyJson {
                policy: &p.policy,
                outcome,
                range,
                findings: &p.findings,
            }
        })
        .collect();
    let settled_by = settling_json(&u.settled_by);
    DecisionJson {
        shipment: &d.shipment,
        date: &d.date,
        outcome: UNDETERMINED,
        range: u.range,
        settled_by,
        policies,
    }
}

/// The settling facts as a decision writes them (each value's `outcome`,
/// or `"undetermined"` with its `range`); `edict timeline` writes them so too.
pub(crate) fn settling_json(settled_by: &[super::Settling]) -> Vec<SettlingJson<'_>> {
    settled_by
        .iter()
        .map(|s| SettlingJson {
            fact: &s.fact,
            source: s.source.as_deref(),
            what: &s.what,
            settles: s.settles,
            values: s
                .values
                .iter()
                .map(|l| {
                    let (outcome, range) = outcome_of(l.range);
                    LeadJson {
                        value: &l.value,
                        outcome,
                        range,
                        because: &l.because,
                    }
                })
                .collect(),
        })
        .collect::<Vec<_>>()
}
