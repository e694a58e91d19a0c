//! Decisions: the output of evaluation, serialised exactly as the facts
//! spec's "Decisions" section says.

use crate::outcome::Outcome;
use serde::Serialize;

mod undetermined_json;
use std::sync::Arc;
pub(crate) use undetermined_json::settling_json;
pub use undetermined_json::UNDETERMINED;

/// Every shipment's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decisions {
    /// The format version, `1`.
    pub version: u32,
    /// The evaluation date that overrode every shipment's date, if any.
    pub as_of: Option<String>,
    /// One per shipment, in the order of the facts file.
    pub decisions: Vec<Decision>,
    /// The decisions that depend on unknown facts (version 2), by their
    /// position in `decisions`, in that order. Such a decision's `outcome`
    /// holds the most restrictive outcome the unknowns allow; its JSON says
    /// `"undetermined"`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undetermined: Vec<Undetermined>,
}

impl Decisions {
    /// What is undetermined about decision number `index`, if anything.
    pub fn undetermined(&self, index: usize) -> Option<&Undetermined> {
        self.undetermined
            .binary_search_by_key(&index, |u| u.decision)
            .ok()
            .and_then(|at| self.undetermined.get(at))
    }
}

/// The outcomes a decision can still have: from `at_least` to `at_most`,
/// in the order of [`Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OutcomeRange {
    /// The least restrictive outcome the unknown facts allow.
    #[serde(rename = "at least")]
    pub at_least: Outcome,
    /// The most restrictive outcome the unknown facts allow.
    #[serde(rename = "at most")]
    pub at_most: Outcome,
}

impl OutcomeRange {
    /// Whether one outcome is left.
    pub fn is_settled(&self) -> bool {
        self.at_least == self.at_most
    }
}

/// A decision whose outcome depends on unknown facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undetermined {
    /// The position of the decision in [`Decisions::decisions`].
    pub decision: usize,
    /// The outcomes the unknown facts allow.
    pub range: OutcomeRange,
    /// The policies whose outcome is undetermined: their position in the
    /// decision's `policies`, with their range.
    pub policies: Vec<(usize, OutcomeRange)>,
    /// The unknown facts the outcome depends on, those that settle it alone first.
    pub settled_by: Vec<Settling>,
}

/// An unknown fact a decision depends on, and where each of its values leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settling {
    /// The JSON path of the fact in the facts file (`items["dy-oxide"].origin`);
    /// in a world merged from several sources, in the source that states it,
    /// with that source's own numbering.
    pub fact: String,
    /// In a world merged from several sources: the source that states the
    /// fact (`b.json`, a folder of tables); `None` for one source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The fact in words ("the origin of dy-oxide").
    pub what: String,
    /// Whether knowing this fact alone settles the outcome (whatever its value).
    pub settles: bool,
    /// Each value tried, and the outcomes it leaves.
    pub values: Vec<Lead>,
}

impl Settling {
    /// The fact's path as text shows it: `ownership[1].share`, or
    /// `ownership[1].share in b.json` in a merged world.
    pub fn place(&self) -> String {
        match &self.source {
            Some(source) => format!("{} in {source}", self.fact),
            None => self.fact.clone(),
        }
    }
}

/// Where one value of an unknown fact leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lead {
    /// The value, as the facts file would write it (`"CN"`, `"45%"`).
    pub value: String,
    /// The outcomes left when the fact has this value.
    pub range: OutcomeRange,
    /// In words: "if the origin of dy-oxide is CN: licence-required
    /// (cn-mofcom-2025-61.deminimis: …)".
    pub because: String,
}

/// What the loaded policies say of one shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The shipment id.
    pub shipment: String,
    /// The day the shipment was evaluated on (its date, or `--as-of`),
    /// shared by every decision of the day.
    pub date: Arc<str>,
    /// The most restrictive of the policies' outcomes.
    pub outcome: Outcome,
    /// One per policy that produces outcomes, by policy id. Shared: the same
    /// "not in force on this day" decision serves every shipment of the day.
    pub policies: Vec<Arc<PolicyDecision>>,
}

/// What one policy says of a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyDecision {
    /// The policy id.
    pub policy: String,
    /// The policy's outcome.
    pub outcome: Outcome,
    /// The rules that applied (or why the policy is not in force).
    pub findings: Vec<Finding>,
}

/// One rule that applied, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id; for a policy not in force, the policy or the suspending amendment.
    pub rule: String,
    /// What the rule requires of this shipment.
    pub outcome: Outcome,
    /// The legal text it encodes.
    pub cite: String,
    /// The facts that made it apply, in words.
    pub because: Vec<String>,
}

/// Writes decisions as the same pretty JSON as `serde_json::to_writer_pretty`,
/// byte for byte, but fast: every record has a fixed shape, so it is written
/// field by field with no intermediate value. A policy decision shared by
/// many shipments (not in force on the day, or nothing applies) is written
/// once and copied; so is a whole `policies` list when every decision in it
/// is shared (most shipments: it depends on the day alone).
pub fn write_json(decisions: &Decisions, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut writer = JsonWriter::begin(out, decisions.version, decisions.as_of.as_deref())?;
    let mut open = decisions.undetermined.iter().peekable();
    for (i, d) in decisions.decisions.iter().enumerate() {
        match open.next_if(|u| u.decision == i) {
            Some(u) => writer.undetermined(out, d, u)?,
            None => writer.decision(out, d)?,
        }
    }
    writer.end(out)
}

/// [`write_json`] a decision at a time, for decisions that come in batches
/// (a stream of shipments): the document is the same, byte for byte, as if
/// every decision had been written at once.
pub struct JsonWriter {
    texts: SharedTexts,
    written: usize,
}

impl JsonWriter {
    /// Writes the document's head, through the `[` of `decisions`.
    pub fn begin(out: &mut impl std::io::Write, version: u32, as_of: Option<&str>) -> std::io::Result<JsonWriter> {
        write!(out, "{{\n  \"version\": {version},\n  \"as_of\": ")?;
        match as_of {
            Some(d) => write_string(out, d)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b",\n  \"decisions\": [")?;
        Ok(JsonWriter {
            texts: SharedTexts::default(),
            written: 0,
        })
    }

    /// Writes one decision whose outcome unknown facts leave open (facts
    /// version 2), as `u` says, the next element of `decisions`.
    pub fn undetermined(
        &mut self,
        out: &mut impl std::io::Write,
        d: &Decision,
        u: &Undetermined,
    ) -> std::io::Result<()> {
        before_element(out, self.written, b",\n    ")?;
        self.written += 1;
        undetermined_json::write(out, d, u)
    }

    /// Writes one decision, the next element of `decisions`.
    pub fn decision(&mut self, out: &mut impl std::io::Write, d: &Decision) -> std::io::Result<()> {
        before_element(out, self.written, b",\n    {\n")?;
        self.written += 1;
        out.write_all(b"      \"shipment\": ")?;
        write_string(out, &d.shipment)?;
        out.write_all(b",\n      \"date\": ")?;
        write_string(out, &d.date)?;
        out.write_all(b",\n      \"outcome\": \"")?;
        out.write_all(d.outcome.as_str().as_bytes())?;
        out.write_all(b"\",\n      \"policies\": [")?;
        self.texts.write_policies(out, &d.policies)?;
        out.write_all(b"\n    }")
    }

    /// Forgets the texts kept of shared decisions: call it before the
    /// decisions written so far are dropped, since they are known by
    /// address and a new decision may take a dropped one's place.
    pub fn forget_shared(&mut self) {
        self.texts = SharedTexts::default();
    }

    /// Writes the end of the document (without a final line break).
    pub fn end(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        end_array(out, self.written == 0, b"\n  ]\n}")
    }
}

/// Writes every decision as one line of JSON each (`--format jsonl`); an
/// undetermined decision (facts version 2) as its object in the document.
pub fn write_json_lines(decisions: &Decisions, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut open = decisions.undetermined.iter().peekable();
    for (i, d) in decisions.decisions.iter().enumerate() {
        match open.next_if(|u| u.decision == i) {
            Some(u) => undetermined_json::write_line(out, d, u)?,
            None => write_json_line(out, d)?,
        }
    }
    Ok(())
}

/// Writes one decision as one line of JSON (JSON lines: `--format jsonl`):
/// the same object as an element of `decisions`, with no line breaks in it,
/// and a line break after it.
pub fn write_json_line(out: &mut impl std::io::Write, d: &Decision) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, d).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The texts written so far of shared policy decisions, and of `policies`
/// lists made only of shared decisions, by address. (Every decision is
/// alive while the writer runs, so an address names one decision.)
#[derive(Default)]
struct SharedTexts {
    policies: rustc_hash::FxHashMap<*const PolicyDecision, Vec<u8>>,
    lists: rustc_hash::FxHashMap<Box<[*const PolicyDecision]>, Vec<u8>>,
    /// The addresses of the list being written (kept to save allocations).
    list: Vec<*const PolicyDecision>,
}

impl SharedTexts {
    /// Writes a decision's `policies` list after its `[`, through its `]`.
    fn write_policies(&mut self, out: &mut impl std::io::Write, list: &[Arc<PolicyDecision>]) -> std::io::Result<()> {
        if list.iter().any(|p| Arc::strong_count(p) == 1) {
            return self.write_list(out, list);
        }
        self.list.clear();
        self.list.extend(list.iter().map(Arc::as_ptr));
        if let Some(text) = self.lists.get(self.list.as_slice()) {
            return out.write_all(text);
        }
        let mut text = Vec::new();
        self.write_list(&mut text, list)?;
        out.write_all(&text)?;
        self.lists.insert(self.list.as_slice().into(), text);
        Ok(())
    }

    fn write_list(&mut self, out: &mut impl std::io::Write, list: &[Arc<PolicyDecision>]) -> std::io::Result<()> {
        for (j, p) in list.iter().enumerate() {
            before_element(out, j, b",\n        ")?;
            if Arc::strong_count(p) == 1 {
                write_policy(out, p)?;
                continue;
            }
            let key = Arc::as_ptr(p);
            if let Some(bytes) = self.policies.get(&key) {
                out.write_all(bytes)?;
                continue;
            }
            let mut bytes = Vec::with_capacity(512);
            write_policy(&mut bytes, p)?;
            out.write_all(&bytes)?;
            self.policies.insert(key, bytes);
        }
        end_array(out, list.is_empty(), b"\n      ]")
    }
}

/// One policy decision, as an element of a decision's `policies` (its lines
/// indented by four levels of two spaces).
fn write_policy(out: &mut impl std::io::Write, p: &PolicyDecision) -> std::io::Result<()> {
    out.write_all(b"{\n          \"policy\": ")?;
    write_string(out, &p.policy)?;
    out.write_all(b",\n          \"outcome\": \"")?;
    out.write_all(p.outcome.as_str().as_bytes())?;
    out.write_all(b"\",\n          \"findings\": [")?;
    for (i, f) in p.findings.iter().enumerate() {
        before_element(out, i, b",\n            {")?;
        out.write_all(b"\n              \"rule\": ")?;
        write_string(out, &f.rule)?;
        out.write_all(b",\n              \"outcome\": \"")?;
        out.write_all(f.outcome.as_str().as_bytes())?;
        out.write_all(b"\",\n              \"cite\": ")?;
        write_string(out, &f.cite)?;
        out.write_all(b",\n              \"because\": [")?;
        for (j, reason) in f.because.iter().enumerate() {
            before_element(out, j, b",\n                ")?;
            write_string(out, reason)?;
        }
        end_array(out, f.because.is_empty(), b"\n              ]\n            }")?;
    }
    end_array(out, p.findings.is_empty(), b"\n          ]\n        }")
}

/// Writes what comes before element `i` of an array: `separator` (a comma,
/// a line break and the element's indent), without its comma for the first
/// element. One write either way.
fn before_element(out: &mut impl std::io::Write, i: usize, separator: &'static [u8]) -> std::io::Result<()> {
    out.write_all(if i == 0 {
        separator.get(1..).unwrap_or_default()
    } else {
        separator
    })
}

/// Writes the end of an array: `closing` (a line break, the indent, the
/// `]` and what follows it), or for an empty array only what follows the
/// line break and indent, so that `[]` stays on one line as serde_json
/// writes it.
fn end_array(out: &mut impl std::io::Write, empty: bool, closing: &'static [u8]) -> std::io::Result<()> {
    if !empty {
        return out.write_all(closing);
    }
    let bracket = closing.iter().position(|&b| b == b']').unwrap_or(0);
    out.write_all(closing.get(bracket..).unwrap_or(closing))
}

/// A JSON string, as serde_json writes it. Most strings need no escape and
/// are copied as they are; the rest go through serde_json.
fn write_string(out: &mut impl std::io::Write, s: &str) -> std::io::Result<()> {
    if crate::json_plain::plain_prefix(s.as_bytes()) == s.len() {
        out.write_all(b"\"")?;
        out.write_all(s.as_bytes())?;
        return out.write_all(b"\"");
    }
    serde_json::to_writer(out, s).map_err(std::io::Error::from)
}
