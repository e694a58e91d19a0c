//! Provision coverage: which parts of the law the tests exercise, in the
//! law's own terms.
//!
//! - **rules**: each rule in force seen applying and seen not applying;
//! - **conditions**: each `and` operand seen holding and seen failing while
//!   the other operands held, and each `or` alternative seen holding alone
//!   (the MC/DC idea applied to legal conditions);
//! - **thresholds**: each content-share and ownership threshold seen exactly
//!   at its value, below it and above it;
//! - **date edges**: each window, suspension and amendment edge of a policy
//!   or rule seen on its last day before and its first day after;
//! - **exceptions**: each exception (`exempts`) seen exempting a
//!   requirement, each escalation (`raises`) seen raising one, and each
//!   `yields to` seen yielding (both rules held, so the first stood back).
//!
//! Only shipments a test states an expectation for count: a provision is
//! covered when a test asserts an outcome that went through it.

use crate::eval::{Evaluator, RuleExplanation};
use crate::facts::{Facts, FactsSource};
use crate::policy::{Condition, Effect, PolicySet, Rule, Test, Window};
use crate::source::Span;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashSet};

/// What the tests were seen doing, merged over every test.
#[derive(Debug, Default, Clone)]
pub struct Observations {
    seen: HashSet<String>,
    days: BTreeSet<Date>,
}

impl Observations {
    /// Adds what another run observed.
    pub fn merge(&mut self, other: Observations) {
        self.seen.extend(other.seen);
        self.days.extend(other.days);
    }
}

/// The key of one aspect of one provision.
fn key(policy: &str, rule: &str, rest: &str) -> String {
    format!("{policy}\u{1f}{rule}\u{1f}{rest}")
}

/// Records what deciding `shipment` on `day` exercised.
pub fn observe(set: &PolicySet, facts: &Facts, source: &FactsSource, index: usize, day: Date, obs: &mut Observations) {
    let Some(shipment) = facts.shipments.get(index) else {
        return;
    };
    let mut evaluator = Evaluator::new(set, facts, source);
    let decision = evaluator.decide(index, shipment, day);
    let Some(explanation) = evaluator.explain_shipment(index, day, &decision) else {
        return;
    };
    obs.days.insert(day);
    for pe in &explanation.policies {
        let Some(policy) = set.policy(&pe.policy) else { continue };
        for re in &pe.rules {
            let Some(rule) = policy.rules.iter().find(|r| r.id == re.rule) else {
                continue;
            };
            observe_rule(&policy.id, rule, re, day, obs);
        }
        observe_precedence(policy, pe, day, obs);
    }
}

/// Records each exception seen exempting, each escalation seen raising and
/// each `yields to` seen yielding (its rule held, and so did the rule it
/// yields to, so it stood back).
fn observe_precedence(
    policy: &crate::policy::Policy,
    pe: &crate::eval::PolicyExplanation,
    day: Date,
    obs: &mut Observations,
) {
    // A rule holds when it is in force and its condition (if any) holds.
    let holds = |id: &str| {
        pe.rules
            .iter()
            .find(|re| re.rule == id)
            .is_some_and(|re| re.applied.is_some() && re.condition.as_ref().is_none_or(|c| c.holds()))
    };
    for rule in &policy.rules {
        let Some(v) = rule.version_on(day) else { continue };
        let Some(version) = rule.versions.iter().position(|x| std::ptr::eq(x, v)) else {
            continue;
        };
        let finding = pe.findings.iter().find(|f| f.rule == rule.id);
        match &v.effect {
            // The evaluator makes an exception's own finding only when it
            // exempted a requirement, and an escalation's only when it raised one.
            Effect::Exempts(_) if finding.is_some_and(|f| f.outcome == crate::outcome::Outcome::Exempt) => {
                obs.seen
                    .insert(key(&policy.id, &rule.id, &format!("v{version}/exempting")));
            }
            Effect::Raises { .. } if finding.is_some() => {
                obs.seen
                    .insert(key(&policy.id, &rule.id, &format!("v{version}/raising")));
            }
            _ => {}
        }
        if v.yields.is_empty() || !holds(&rule.id) {
            continue;
        }
        for y in &v.yields {
            if policy.rules.get(*y).is_some_and(|r| holds(&r.id)) {
                obs.seen
                    .insert(key(&policy.id, &rule.id, &format!("v{version}/yields/{y}")));
            }
        }
    }
}

fn observe_rule(policy: &str, rule: &Rule, re: &RuleExplanation, day: Date, obs: &mut Observations) {
    let Some(applied) = re.applied else { return };
    let aspect = if applied { "applied" } else { "not-applied" };
    obs.seen.insert(key(policy, &rule.id, aspect));
    let Some(version) = rule.versions.iter().rposition(|v| v.from.is_none_or(|f| f <= day)) else {
        return;
    };
    let Some(condition) = rule.versions.get(version).and_then(|v| v.condition.as_ref()) else {
        return;
    };
    let mut walk = Walk {
        node: 0,
        leaf: 0,
        leaves: re
            .tests()
            .into_iter()
            .map(|t| Leaf {
                holds: t.holds,
                content: t.content.as_deref(),
                stake: t.stake,
            })
            .collect(),
        prefix: format!("v{version}"),
        seen: Vec::new(),
    };
    walk.value(condition);
    for s in walk.seen {
        obs.seen.insert(key(policy, &rule.id, &s));
    }
}

/// One test of a condition as an explanation saw it.
#[derive(Clone, Copy)]
struct Leaf<'e> {
    holds: bool,
    /// The content-share computation of a content test.
    content: Option<&'e crate::eval::ContentTable>,
    /// The counted stake (a fraction) of an ownership test.
    stake: Option<Decimal>,
}

/// A walk over a condition with the leaves' values from an explanation,
/// in the order the explanation lists them (depth first, left to right).
struct Walk<'e> {
    node: usize,
    leaf: usize,
    leaves: Vec<Leaf<'e>>,
    prefix: String,
    seen: Vec<String>,
}

impl Walk<'_> {
    /// The value of `c`, recording each `and`/`or` operand's role and each
    /// threshold's side. Recursion is bounded by the parser's nesting
    /// limit (`syntax::MAX_DEPTH`), as in the evaluator.
    fn value(&mut self, c: &Condition) -> bool {
        match c {
            Condition::Test(t, _) => {
                let leaf = self.leaves.get(self.leaf).copied();
                let side = match (t.as_ref(), leaf) {
                    (
                        Test::ContentShare { percent, .. },
                        Some(Leaf {
                            content: Some(table), ..
                        }),
                    ) => side(table, *percent),
                    (Test::PartyOwned(_, test), Some(Leaf { stake: Some(stake), .. })) => {
                        stake_side(stake, test.percent)
                    }
                    _ => None,
                };
                if let Some(side) = side {
                    self.seen.push(format!("{}/t{}/{side}", self.prefix, self.leaf));
                }
                self.leaf += 1;
                leaf.is_some_and(|l| l.holds)
            }
            Condition::Not(inner) => !self.value(inner),
            Condition::All(parts) | Condition::Any(parts) => {
                let id = self.node;
                self.node += 1;
                let values: Vec<bool> = parts.iter().map(|p| self.value(p)).collect();
                let all = matches!(c, Condition::All(_));
                let trues = values.iter().filter(|v| **v).count();
                for (i, v) in values.iter().enumerate() {
                    let others_true = trues - usize::from(*v);
                    if all && others_true + 1 == values.len() {
                        let aspect = if *v { "holds" } else { "fails" };
                        self.seen.push(format!("{}/n{id}/{i}/{aspect}", self.prefix));
                    }
                    if !all && *v && others_true == 0 {
                        self.seen.push(format!("{}/n{id}/{i}/alone", self.prefix));
                    }
                }
                if all {
                    trues == values.len()
                } else {
                    trues > 0
                }
            }
        }
    }
}

/// Which side of the threshold `percent` (as written) a content table's
/// share is on: exactly, computed from the counted and total values.
fn side(table: &crate::eval::ContentTable, percent: Decimal) -> Option<&'static str> {
    let content: Decimal = table.content.parse().ok()?;
    let value: Decimal = table.value.parse().ok()?;
    let limit = value.checked_mul(percent)?;
    let scaled = content.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(match scaled.cmp(&limit) {
        std::cmp::Ordering::Less => "below",
        std::cmp::Ordering::Equal => "at",
        std::cmp::Ordering::Greater => "above",
    })
}

/// Which side of the ownership threshold `percent` (as written, 50 for
/// 50%) a counted stake (a fraction) is on, exactly.
fn stake_side(stake: Decimal, percent: Decimal) -> Option<&'static str> {
    let owned = stake.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(match owned.cmp(&percent) {
        std::cmp::Ordering::Less => "below",
        std::cmp::Ordering::Equal => "at",
        std::cmp::Ordering::Greater => "above",
    })
}

/// What kind of provision an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A rule.
    Rule,
    /// An `and` operand or `or` alternative.
    Condition,
    /// A content-share or ownership threshold.
    Threshold,
    /// A window, suspension or amendment edge.
    DateEdge,
    /// An exception (`exempts`) or escalation (`raises`) taking effect, or
    /// a `yields to` seen yielding.
    Exception,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 5] = [
        Kind::Rule,
        Kind::Condition,
        Kind::Threshold,
        Kind::DateEdge,
        Kind::Exception,
    ];

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Rule => "rules",
            Kind::Condition => "conditions",
            Kind::Threshold => "thresholds",
            Kind::DateEdge => "date edges",
            Kind::Exception => "exceptions",
        }
    }
}

/// One provision and which of its aspects the tests saw.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Item {
    /// Its kind.
    pub kind: Kind,
    /// The rule it belongs to (empty for a policy's own dates).
    pub rule: String,
    /// The provision in words.
    pub what: String,
    /// The policy file.
    pub file: String,
    /// The line in it.
    pub line: usize,
    /// The provision's span in the policy files (for marking it in a page).
    #[serde(skip)]
    pub span: Span,
    /// Each aspect that must be seen, and whether it was.
    pub aspects: Vec<(String, bool)>,
}

impl Item {
    /// Whether every aspect was seen.
    pub fn covered(&self) -> bool {
        self.aspects.iter().all(|(_, seen)| *seen)
    }
}

/// The coverage of one policy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PolicyCoverage {
    /// The policy id.
    pub policy: String,
    /// Its provisions.
    pub items: Vec<Item>,
}

/// The coverage of a run: each policy's, with the policy files its spans
/// point into (for a page that shows the text).
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Per policy under test.
    pub policies: Vec<PolicyCoverage>,
    /// The policy files.
    pub sources: crate::source::SourceMap,
}

/// Covered aspects over all aspects of the items of a kind (or all kinds).
pub fn score<'a>(items: impl IntoIterator<Item = &'a Item>, kind: Option<Kind>) -> (usize, usize) {
    let mut covered = 0;
    let mut of = 0;
    for item in items.into_iter().filter(|i| kind.is_none_or(|k| i.kind == k)) {
        of += item.aspects.len();
        covered += item.aspects.iter().filter(|(_, seen)| *seen).count();
    }
    (covered, of)
}

/// The coverage of the policies named, from what the tests were seen doing.
pub fn coverage(set: &PolicySet, policies: &[String], obs: &Observations) -> Vec<PolicyCoverage> {
    let mut out = Vec::new();
    for p in set.policies.iter().filter(|p| policies.contains(&p.id) && p.decides()) {
        let mut items = Vec::new();
        let place = |span: Span| {
            let file = set.sources.file(span.file).map(|f| f.name.clone()).unwrap_or_default();
            (file, set.sources.line_col(span).0)
        };
        let seen = |rule: &str, rest: &str| obs.seen.contains(&key(&p.id, rule, rest));
        let header = super::header_span(set, p);
        let (file, line) = place(header);
        date_edges(
            &p.window,
            "the policy is in force",
            &p.suspensions,
            obs,
            |what, aspects| {
                items.push(Item {
                    kind: Kind::DateEdge,
                    rule: String::new(),
                    what,
                    file: file.clone(),
                    line,
                    span: header,
                    aspects,
                })
            },
        );
        for r in &p.rules {
            let (file, line) = place(r.span);
            items.push(Item {
                kind: Kind::Rule,
                rule: r.id.clone(),
                what: format!("rule {} ({})", r.id, r.cite),
                file: file.clone(),
                line,
                span: r.span,
                aspects: vec![
                    ("applied".to_string(), seen(&r.id, "applied")),
                    ("not applied".to_string(), seen(&r.id, "not-applied")),
                ],
            });
            for (v, version) in r.versions.iter().enumerate() {
                for (what, rest, aspect) in precedence(p, r, v, version) {
                    items.push(Item {
                        kind: Kind::Exception,
                        rule: r.id.clone(),
                        what,
                        file: file.clone(),
                        line,
                        span: r.span,
                        aspects: vec![(aspect, seen(&r.id, &rest))],
                    });
                }
                if let Some(c) = &version.condition {
                    let mut list = Enumerate {
                        set,
                        node: 0,
                        leaf: 0,
                        out: Vec::new(),
                    };
                    list.visit(c);
                    for (kind, what, span, aspects) in list.out {
                        let (file, line) = place(span);
                        items.push(Item {
                            kind,
                            rule: r.id.clone(),
                            what: format!("rule {}: {what}", r.id),
                            file,
                            line,
                            span,
                            aspects: aspects
                                .into_iter()
                                .map(|(label, rest)| (label, seen(&r.id, &format!("v{v}/{rest}"))))
                                .collect(),
                        });
                    }
                }
                if let (Some(from), true) = (version.from, v > 0) {
                    items.push(edge(
                        format!("rule {}: amended from {from}", r.id),
                        r.id.clone(),
                        from,
                        obs,
                        (file.clone(), line, r.span),
                    ));
                }
            }
            date_edges(
                &r.window,
                &format!("rule {} is in force", r.id),
                &r.suspensions,
                obs,
                |what, aspects| {
                    items.push(Item {
                        kind: Kind::DateEdge,
                        rule: r.id.clone(),
                        what,
                        file: file.clone(),
                        line,
                        span: r.span,
                        aspects,
                    })
                },
            );
        }
        out.push(PolicyCoverage {
            policy: p.id.clone(),
            items,
        });
    }
    out
}

/// The exception, escalation and yields of a rule version, as (words, key,
/// aspect).
fn precedence(
    p: &crate::policy::Policy,
    r: &Rule,
    v: usize,
    version: &crate::policy::RuleVersion,
) -> Vec<(String, String, String)> {
    let name = |i: &usize| p.rules.get(*i).map_or("?", |x| x.id.as_str());
    let mut out = Vec::new();
    match &version.effect {
        Effect::Exempts(targets) => out.push((
            format!(
                "rule {}: exception (exempts {})",
                r.id,
                targets.iter().map(name).collect::<Vec<_>>().join(", ")
            ),
            format!("v{v}/exempting"),
            "exempting a requirement".to_string(),
        )),
        Effect::Raises { to, .. } => out.push((
            format!("rule {}: escalation (raises to {to})", r.id),
            format!("v{v}/raising"),
            "raising a requirement".to_string(),
        )),
        Effect::Outcome { .. } => {}
    }
    for y in &version.yields {
        out.push((
            format!("rule {}: yields to {}", r.id, name(y)),
            format!("v{v}/yields/{y}"),
            "yielding".to_string(),
        ));
    }
    out
}

/// A date edge: the day before `first` and `first` itself.
fn edge(
    what: String,
    rule: String,
    first: Date,
    obs: &Observations,
    (file, line, span): (String, usize, Span),
) -> Item {
    let before = first.yesterday().ok();
    Item {
        kind: Kind::DateEdge,
        rule,
        what,
        file,
        line,
        span,
        aspects: vec![
            (
                format!("on {}", before.map(|d| d.to_string()).unwrap_or_default()),
                before.is_some_and(|d| obs.days.contains(&d)),
            ),
            (format!("on {first}"), obs.days.contains(&first)),
        ],
    }
}

/// The edges of a window and of its suspensions.
fn date_edges(
    window: &Window,
    subject: &str,
    suspensions: &[crate::policy::Suspension],
    obs: &Observations,
    mut push: impl FnMut(String, Vec<(String, bool)>),
) {
    let mut edges = Vec::new();
    if let Some(f) = window.from {
        edges.push((format!("{subject} from {f}"), f));
    }
    if let Some(u) = window.until {
        let word = if window.end_inclusive { "through" } else { "until" };
        let written = window.written_end().unwrap_or(u);
        edges.push((format!("{subject} {word} {written}"), u));
    }
    for s in suspensions {
        if let Some(f) = s.window.from {
            edges.push((format!("suspended by {} from {f}", s.by), f));
        }
        if let Some(u) = s.window.until {
            let word = if s.window.end_inclusive { "through" } else { "until" };
            let written = s.window.written_end().unwrap_or(u);
            edges.push((format!("suspended by {} {word} {written}", s.by), u));
        }
    }
    for (what, first) in edges {
        let before = first.yesterday().ok();
        push(
            what,
            vec![
                (
                    format!("on {}", before.map(|d| d.to_string()).unwrap_or_default()),
                    before.is_some_and(|d| obs.days.contains(&d)),
                ),
                (format!("on {first}"), obs.days.contains(&first)),
            ],
        );
    }
}

/// A listed provision: kind, words, span and (aspect label, key) pairs.
type Listed = (Kind, String, Span, Vec<(String, String)>);

/// Lists a condition's `and`/`or` operands and thresholds in the order
/// [`Walk`] numbers them.
struct Enumerate<'s> {
    set: &'s PolicySet,
    node: usize,
    leaf: usize,
    out: Vec<Listed>,
}

impl Enumerate<'_> {
    fn visit(&mut self, c: &Condition) {
        match c {
            Condition::Test(t, span) => {
                if let Test::ContentShare { .. } | Test::PartyOwned(..) = t.as_ref() {
                    let k = self.leaf;
                    self.out.push((
                        Kind::Threshold,
                        crate::describe::test(self.set, t),
                        *span,
                        ["at", "below", "above"]
                            .iter()
                            .map(|s| (format!("{s} the threshold"), format!("t{k}/{s}")))
                            .collect(),
                    ));
                }
                self.leaf += 1;
            }
            Condition::Not(inner) => self.visit(inner),
            Condition::All(parts) | Condition::Any(parts) => {
                let id = self.node;
                self.node += 1;
                let all = matches!(c, Condition::All(_));
                let first = self.out.len();
                let mut listed = Vec::new();
                for (i, p) in parts.iter().enumerate() {
                    let (words, span) = first_test(self.set, p);
                    let aspects = if all {
                        vec![
                            ("holding while the others hold".to_string(), format!("n{id}/{i}/holds")),
                            ("failing while the others hold".to_string(), format!("n{id}/{i}/fails")),
                        ]
                    } else {
                        vec![("holding alone".to_string(), format!("n{id}/{i}/alone"))]
                    };
                    let joiner = if all { "`and` operand" } else { "`or` alternative" };
                    listed.push((Kind::Condition, format!("{joiner} {} ({words})", i + 1), span, aspects));
                }
                for p in parts {
                    self.visit(p);
                }
                // The operands first, then what is nested in them.
                let nested = self.out.split_off(first);
                self.out.extend(listed);
                self.out.extend(nested);
            }
        }
    }
}

/// The words and span of the first test in a condition (for naming an operand).
fn first_test(set: &PolicySet, c: &Condition) -> (String, Span) {
    let mut c = c;
    let mut negated = false;
    loop {
        match c {
            Condition::Test(t, span) => {
                let words = crate::describe::test(set, t);
                return (if negated { format!("not: {words}") } else { words }, *span);
            }
            Condition::Not(inner) => {
                negated = !negated;
                c = inner;
            }
            Condition::All(parts) | Condition::Any(parts) => match parts.first() {
                Some(p) => c = p,
                None => return (String::new(), Span::default()),
            },
        }
    }
}
