//! A step-by-step justification of one shipment's decision, for filing:
//! every rule considered, whether it was in force and applied, each test
//! with its facts, the content-share computation as a table, the ownership
//! path, and what would change the outcome.

use super::{Ctx, Evaluator};
use crate::ast::Comparator;
use crate::decision::{Decision, Finding};
use crate::describe;
use crate::facts::ItemIdx;
use crate::outcome::Outcome;
use crate::policy::{CategoryId, Condition, Effect, Literate, Places, Policy, PolicySet, Rule, Test};
use jiff::civil::Date;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// The whole justification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The shipment id.
    pub shipment: String,
    /// The day evaluated.
    pub date: String,
    /// The overall outcome.
    pub outcome: Outcome,
    /// One per policy that produces outcomes.
    pub policies: Vec<PolicyExplanation>,
}

/// How one policy decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyExplanation {
    /// The policy id.
    pub policy: String,
    /// Its title.
    pub title: String,
    /// Its outcome.
    pub outcome: Outcome,
    /// Whether and why it is in force on the day.
    pub status: String,
    /// Every rule, in source order (empty when the policy is not in force).
    pub rules: Vec<RuleExplanation>,
    /// The decision's findings, each with every one of its reasons.
    pub findings: Vec<Finding>,
}

/// How one rule fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleExplanation {
    /// The rule id.
    pub rule: String,
    /// Its citation.
    pub cite: String,
    /// What it does, in words.
    pub effect: String,
    /// Whether it is in force on the day, and why (window, suspension, amended version).
    pub status: String,
    /// Whether it applied; `None` when not in force.
    pub applied: Option<bool>,
    /// Its finding's outcome when it applied.
    pub outcome: Option<Outcome>,
    /// Its condition, with its `and`/`or`/`not` structure: each part with
    /// whether it holds; `None` when the rule has no condition or is not in force.
    pub condition: Option<ConditionExplanation>,
    /// The readings written on the rule itself (its effect, window,
    /// exceptions or tests rest on them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

impl RuleExplanation {
    /// Every test of the condition, in order.
    pub fn tests(&self) -> Vec<&TestExplanation> {
        let mut out = Vec::new();
        let mut stack: Vec<&ConditionExplanation> = self.condition.iter().collect();
        while let Some(c) = stack.pop() {
            match c {
                ConditionExplanation::All { parts, .. } | ConditionExplanation::Any { parts, .. } => {
                    stack.extend(parts.iter().rev());
                }
                ConditionExplanation::Not { part, .. } => stack.push(part),
                ConditionExplanation::Test(t) => out.push(t),
            }
        }
        out
    }
}

/// A condition as written, each part with whether it holds on the facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionExplanation {
    /// Every part must hold.
    All {
        /// Whether every part holds.
        holds: bool,
        /// The parts.
        parts: Vec<ConditionExplanation>,
    },
    /// At least one part must hold.
    Any {
        /// Whether some part holds.
        holds: bool,
        /// The parts.
        parts: Vec<ConditionExplanation>,
    },
    /// The part must not hold.
    Not {
        /// Whether the negation holds (the part does not).
        holds: bool,
        /// The negated part.
        part: Box<ConditionExplanation>,
    },
    /// One test.
    Test(TestExplanation),
}

impl ConditionExplanation {
    /// Whether this part holds.
    pub fn holds(&self) -> bool {
        match self {
            ConditionExplanation::All { holds, .. }
            | ConditionExplanation::Any { holds, .. }
            | ConditionExplanation::Not { holds, .. } => *holds,
            ConditionExplanation::Test(t) => t.holds,
        }
    }
}

/// One test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestExplanation {
    /// The test in plain words.
    pub test: String,
    /// Whether it holds.
    pub holds: bool,
    /// The facts that decide it.
    pub fact: String,
    /// The content-share computation, for content tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Box<ContentTable>>,
    /// What would change the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<String>,
    /// The counted stake (a fraction) for an ownership test, for coverage;
    /// the `fact` and `margin` say it in words.
    #[serde(skip)]
    pub stake: Option<rust_decimal::Decimal>,
    /// The readings the test rests on: those whose alternative rewrites
    /// its words, and those of the category it asks about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// The content-share computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentTable {
    /// The lines of the bill of materials walked.
    pub rows: Vec<ContentRow>,
    /// The counted value.
    pub content: String,
    /// The item's value.
    pub value: String,
    /// The share.
    pub share: String,
    /// The threshold, as written.
    pub threshold: String,
}

/// One line of a bill of materials: one component line of one assembly.
///
/// Each assembly whose components are examined is listed once, however
/// many times the bill of materials uses it: its lines follow the row that
/// first names it, and every later use refers to that row. So the table
/// has at most one row per line of the facts' bills of materials, never one
/// per path through them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentRow {
    /// The row's number, from 1.
    pub row: usize,
    /// The assembly whose bill of materials has this line.
    pub assembly: String,
    /// The row that names the assembly as a component; `None` for the shipped item.
    pub under: Option<usize>,
    /// The line's place in the assembly's bill: `components[k]`.
    pub line: usize,
    /// The component's item id.
    pub component: String,
    /// Its origin.
    pub origin: String,
    /// Its classes.
    pub classes: Vec<String>,
    /// How many per unit of the assembly (the line's quantity).
    pub quantity: String,
    /// How many per unit of the shipped item, over every use of the
    /// assembly (quantities multiplied down the bill and added up).
    pub in_all: String,
    /// What the line counts per unit of the assembly: the line's value for
    /// a counted line, its components' counted value times its quantity
    /// for an examined one (the evaluator's own figures); `—` when nothing
    /// is counted.
    pub value: String,
    /// Whether the line counts in full.
    pub counted: bool,
    /// Why it counts or not.
    pub why: String,
    /// For an assembly listed before: the row whose lines are its lines.
    pub see: Option<usize>,
}

/// The tags of the readings among `literate`, in order.
fn reading_tags(literate: &[Literate]) -> Vec<String> {
    literate
        .iter()
        .filter_map(|l| match l {
            Literate::Reading { tag, .. } => Some(tag.clone()),
            _ => None,
        })
        .collect()
}

/// The readings test `t` (written at `span`) rests on: every reading whose
/// executable alternative rewrites words of the test, and every reading
/// written on the category the test asks about. Linear in the readings of
/// the set.
fn resting_on(set: &PolicySet, t: &Test, span: crate::source::Span) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |tag: &String| {
        if !out.contains(tag) {
            out.push(tag.clone());
        }
    };
    let touches =
        |s: &crate::policy::Substitution| s.at.file == span.file && s.at.start < span.end && span.start < s.at.end;
    let places = set
        .policies
        .iter()
        .flat_map(|p| {
            std::iter::once(&p.literate)
                .chain(p.rules.iter().map(|r| &r.literate))
                .chain(p.amendments.iter().map(|a| &a.literate))
        })
        .chain(set.categories.iter().map(|c| &c.literate));
    for literate in places {
        for l in literate {
            if let Literate::Reading { tag, substitutions, .. } = l {
                if substitutions.iter().any(touches) {
                    add(tag);
                }
            }
        }
    }
    let category = match t {
        Test::ItemIn(c) | Test::ItemComponent { category: c, .. } | Test::ContentShare { category: c, .. } => Some(*c),
        _ => None,
    };
    if let Some(c) = category.and_then(|c| set.category(c)) {
        for tag in reading_tags(&c.literate) {
            add(&tag);
        }
    }
    out
}

impl Evaluator<'_> {
    /// Explains shipment `index` on `day`, given its decision.
    pub fn explain_shipment(&mut self, index: usize, day: Date, decision: &Decision) -> Option<Explanation> {
        let facts = self.facts;
        let shipment = facts.shipments.get(index)?;
        let ctx = Ctx { shipment, day };
        let policies = self
            .set
            .policies
            .iter()
            .filter(|p| p.decides())
            .map(|p| {
                let decided = decision.policies.iter().find(|d| d.policy == p.id);
                self.explain_policy(p, ctx, decided.map(|d| &**d))
            })
            .collect();
        Some(Explanation {
            shipment: shipment.id.clone(),
            date: day.to_string(),
            outcome: decision.outcome,
            policies,
        })
    }

    fn explain_policy(
        &mut self,
        p: &Policy,
        ctx: Ctx<'_>,
        decided: Option<&crate::decision::PolicyDecision>,
    ) -> PolicyExplanation {
        let day = ctx.day;
        let outcome = decided.map_or(Outcome::NotControlled, |d| d.outcome);
        let findings: Vec<Finding> = decided.map(|d| d.findings.clone()).unwrap_or_default();
        let window = describe::window(&p.window);
        if !p.window.contains(day) {
            return PolicyExplanation {
                policy: p.id.clone(),
                title: p.title.clone(),
                outcome,
                status: format!("not in force on {}: in force {window}", describe::date(day)),
                rules: Vec::new(),
                findings,
            };
        }
        if let Some(s) = p.suspensions.iter().find(|s| s.window.contains(day)) {
            return PolicyExplanation {
                policy: p.id.clone(),
                title: p.title.clone(),
                outcome,
                status: format!(
                    "suspended on {}: suspended {} by {} ({})",
                    describe::date(day),
                    describe::window(&s.window),
                    s.by,
                    s.cite
                ),
                rules: Vec::new(),
                findings,
            };
        }
        let mut status = format!("in force on {} (in force {window}", describe::date(day));
        for s in &p.suspensions {
            status.push_str(&format!("; suspended {} by {}", describe::window(&s.window), s.by));
        }
        status.push(')');
        let rules = p.rules.iter().map(|r| self.explain_rule(p, r, ctx, decided)).collect();
        PolicyExplanation {
            policy: p.id.clone(),
            title: p.title.clone(),
            outcome,
            status,
            rules,
            findings,
        }
    }

    fn explain_rule(
        &mut self,
        p: &Policy,
        r: &Rule,
        ctx: Ctx<'_>,
        decided: Option<&crate::decision::PolicyDecision>,
    ) -> RuleExplanation {
        let day = ctx.day;
        let finding = decided.and_then(|d| d.findings.iter().find(|f| f.rule == r.id));
        let base = RuleExplanation {
            rule: r.id.clone(),
            cite: r.cite.clone(),
            effect: r
                .versions
                .first()
                .map(|v| describe::effect(&p.rules, &v.effect))
                .unwrap_or_default(),
            status: String::new(),
            applied: None,
            outcome: finding.map(|f| f.outcome),
            condition: None,
            readings: reading_tags(&r.literate),
        };
        if !r.window.contains(day) {
            return RuleExplanation {
                status: format!("not in force: in force {}", describe::window(&r.window)),
                ..base
            };
        }
        if let Some(s) = r.suspended_on(day) {
            return RuleExplanation {
                status: format!("suspended {} by {}", describe::window(&s.window), s.by),
                ..base
            };
        }
        let Some(v) = r.version_on(day) else {
            return RuleExplanation {
                status: "no version in force".into(),
                ..base
            };
        };
        let mut status = if r.window == crate::policy::Window::default() {
            "in force (the rule has no window of its own)".to_string()
        } else {
            format!("in force (in force {})", describe::window(&r.window))
        };
        if let Some((by, cite)) = &v.amended_by {
            status.push_str(&format!("; as amended by {by} ({cite})"));
        }
        let condition = v.condition.as_ref().map(|c| self.explain_condition(c, ctx));
        let holds = v.condition.as_ref().is_none_or(|c| self.holds(c, ctx));
        let mut applied = finding.is_some();
        if holds && !applied {
            let yielded: Vec<&str> = v
                .yields
                .iter()
                .filter_map(|y| p.rules.get(*y))
                .filter(|y| decided.is_some_and(|d| d.findings.iter().any(|f| f.rule == y.id)))
                .map(|y| y.id.as_str())
                .collect();
            status.push_str(&match (&v.effect, yielded.is_empty()) {
                (_, false) => format!("; its condition holds but it yields to {}", yielded.join(", ")),
                (Effect::Raises { .. }, true) => {
                    "; its condition holds but no licence requirement stands to raise".into()
                }
                (Effect::Exempts(_), true) => "; its condition holds but none of the rules it exempts applies".into(),
                _ => String::new(),
            });
        }
        if finding.is_some_and(|f| f.outcome == Outcome::Exempt && !matches!(v.effect, Effect::Exempts(_))) {
            status.push_str("; exempted by an exception (see its finding)");
            applied = true;
        }
        RuleExplanation {
            status,
            applied: Some(applied),
            condition,
            ..base
        }
    }

    /// A condition with every part evaluated, without short-circuit. It
    /// recurses on the nesting of the condition, which the parser bounds
    /// (`syntax::MAX_DEPTH`, 256 levels).
    fn explain_condition(&mut self, c: &Condition, ctx: Ctx<'_>) -> ConditionExplanation {
        match c {
            Condition::All(parts) => {
                let parts: Vec<_> = parts.iter().map(|p| self.explain_condition(p, ctx)).collect();
                ConditionExplanation::All {
                    holds: parts.iter().all(ConditionExplanation::holds),
                    parts,
                }
            }
            Condition::Any(parts) => {
                let parts: Vec<_> = parts.iter().map(|p| self.explain_condition(p, ctx)).collect();
                ConditionExplanation::Any {
                    holds: parts.iter().any(ConditionExplanation::holds),
                    parts,
                }
            }
            Condition::Not(inner) => {
                let part = self.explain_condition(inner, ctx);
                ConditionExplanation::Not {
                    holds: !part.holds(),
                    part: Box::new(part),
                }
            }
            Condition::Test(t, span) => {
                let readings = resting_on(self.set, t, *span);
                let single = Condition::Test(t.clone(), crate::source::Span::default());
                let holds = self.holds(&single, ctx);
                let version = crate::policy::RuleVersion {
                    from: None,
                    effect: Effect::Exempts(Vec::new()),
                    condition: Some(single),
                    yields: Vec::new(),
                    amended_by: None,
                };
                let fact = self.explain(&version, ctx).join("; ");
                let stake = match t.as_ref() {
                    Test::PartyOwned(role, test) => Some(self.ownership_stake(*role, test, ctx)),
                    _ => None,
                };
                let (content, margin) = match t.as_ref() {
                    Test::ContentShare {
                        category,
                        origin,
                        comparator,
                        threshold,
                        percent,
                        memo,
                    } => self.content_table(
                        ctx,
                        *category,
                        origin.as_ref(),
                        (*comparator, *threshold, *percent),
                        *memo,
                    ),
                    Test::PartyOwned(role, test) => (None, self.ownership_margin(*role, test, ctx)),
                    _ => (None, None),
                };
                ConditionExplanation::Test(TestExplanation {
                    test: describe::test(self.set, t),
                    holds,
                    fact,
                    content: content.map(Box::new),
                    margin,
                    stake,
                    readings,
                })
            }
        }
    }

    /// The content-share table of one content test. The totals are the
    /// evaluator's own (so they are exactly the figures the decision rests
    /// on); when they cannot be computed, the problem is recorded there
    /// (missing or zero value, overflow) and there is no table.
    fn content_table(
        &mut self,
        ctx: Ctx<'_>,
        category: CategoryId,
        origin: Option<&Places>,
        (comparator, threshold, percent): (Comparator, Decimal, Decimal),
        memo: usize,
    ) -> (Option<ContentTable>, Option<String>) {
        let item = ctx.shipment.item;
        let Some(computed) = self.content_share(item, category, origin, memo, ctx) else {
            return (None, None);
        };
        let (total, value, share) = (computed.content, computed.value, computed.share);
        let rows = self.walk(item, category, origin, memo, ctx.day);
        let margin = margin(share, threshold, percent, total, value);
        (
            Some(ContentTable {
                rows,
                content: super::words::money(total),
                value: super::words::money(value),
                share: super::words::percent(share),
                threshold: describe::threshold(comparator, percent),
            }),
            Some(margin),
        )
    }

    /// The rows of the content table, depth first with an explicit stack
    /// (bills of materials nest as deep as the input likes). Each examined
    /// assembly is expanded once; its lines' figures are per unit of it.
    #[allow(clippy::too_many_lines, reason = "one walk, its rows spelled out")]
    fn walk(
        &mut self,
        top: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        memo: usize,
        day: Date,
    ) -> Vec<ContentRow> {
        let facts = self.facts;
        let listed = describe::category(self.set, category);
        let units = self.units(top, category, origin, day);
        let mut rows: Vec<ContentRow> = Vec::new();
        // The row that names each expanded assembly (0 for the shipped item).
        let mut named_in: HashMap<ItemIdx, usize> = HashMap::default();
        named_in.insert(top, 0);
        let mut stack: Vec<(ItemIdx, usize)> = vec![(top, 0)];
        while let Some(&mut (item, ref mut next)) = stack.last_mut() {
            let it = facts.item(item);
            let Some(line) = it.components.get(*next) else {
                stack.pop();
                continue;
            };
            let k = *next;
            *next += 1;
            let c = facts.item(line.item);
            let matches = self.in_category(line.item, category, day);
            let origin_ok = origin.is_none_or(|o| o.contains(c.origin));
            let counted = matches && origin_ok;
            let in_all = units
                .get(&item)
                .copied()
                .flatten()
                .and_then(|u| u.checked_mul(line.quantity));
            let (value, why, see, expand) = if counted {
                // As the evaluator counts it; an overflow is recorded there.
                let value = match (line.value, c.value) {
                    (Some(v), _) => Some(v),
                    (None, Some(unit)) => unit.checked_mul(line.quantity),
                    (None, None) => None,
                };
                let how = if line.value.is_some() {
                    "line value"
                } else {
                    "unit value × quantity"
                };
                (
                    value.map_or_else(|| TOO_LARGE.into(), super::words::money),
                    format!("listed in {listed} and of matching origin; counted in full ({how})"),
                    None,
                    false,
                )
            } else if c.components.is_empty() {
                let why = if matches {
                    format!("origin {} does not match; it has no components", c.origin)
                } else {
                    format!("not listed in {listed}")
                };
                ("—".into(), why, None, false)
            } else {
                let inner = self
                    .content_value(line.item, category, origin, memo, day)
                    .and_then(|v| v.checked_mul(line.quantity));
                let value = match inner {
                    Some(v) if v.is_zero() => "—".into(),
                    Some(v) => super::words::money(v),
                    None => TOO_LARGE.into(),
                };
                let first = named_in.get(&line.item).copied();
                let head = if matches {
                    format!("origin {} does not match", c.origin)
                } else {
                    format!("not listed in {listed}")
                };
                let why = match first {
                    Some(row) => format!("{head}; its components are examined at row {row}"),
                    None => format!("{head}; its components are examined below"),
                };
                (value, why, first, first.is_none())
            };
            let row = rows.len() + 1;
            rows.push(ContentRow {
                row,
                assembly: it.id.clone(),
                under: named_in.get(&item).copied().filter(|&r| r > 0),
                line: k,
                component: c.id.clone(),
                origin: c.origin.to_string(),
                classes: c.classes.clone(),
                quantity: line.quantity.normalize().to_string(),
                in_all: written(in_all),
                value,
                counted,
                why,
                see,
            });
            if expand {
                named_in.insert(line.item, row);
                stack.push((line.item, 0));
            }
        }
        rows
    }

    /// How many units of each examined assembly one shipped `top` holds,
    /// over every use: quantities multiplied down the bill and added up,
    /// in topological order (a bill of materials has no cycle), so each
    /// line is looked at once. `None`: too large for exact decimals.
    fn units(
        &mut self,
        top: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        day: Date,
    ) -> HashMap<ItemIdx, Option<Decimal>> {
        let facts = self.facts;
        // The examined lines of each examined assembly, and how many lines lead to each.
        let mut uses: HashMap<ItemIdx, usize> = HashMap::default();
        let mut examined: HashMap<ItemIdx, Vec<usize>> = HashMap::default();
        let mut pending = vec![top];
        examined.insert(top, Vec::new());
        while let Some(item) = pending.pop() {
            let mut lines = Vec::new();
            for (k, line) in facts.item(item).components.iter().enumerate() {
                let c = facts.item(line.item);
                if c.components.is_empty()
                    || (self.in_category(line.item, category, day) && origin.is_none_or(|o| o.contains(c.origin)))
                {
                    continue;
                }
                lines.push(k);
                *uses.entry(line.item).or_insert(0) += 1;
                if let std::collections::hash_map::Entry::Vacant(e) = examined.entry(line.item) {
                    e.insert(Vec::new());
                    pending.push(line.item);
                }
            }
            examined.insert(item, lines);
        }
        let mut units: HashMap<ItemIdx, Option<Decimal>> = HashMap::default();
        units.insert(top, Some(Decimal::ONE));
        let mut ready = vec![top];
        while let Some(item) = ready.pop() {
            let here = units.get(&item).copied().flatten();
            let it = facts.item(item);
            for &k in examined.get(&item).into_iter().flatten() {
                let Some(line) = it.components.get(k) else { continue };
                let add = here.and_then(|u| u.checked_mul(line.quantity));
                let sum = units.entry(line.item).or_insert(Some(Decimal::ZERO));
                *sum = sum.zip(add).and_then(|(s, a)| s.checked_add(a));
                if let Some(left) = uses.get_mut(&line.item) {
                    *left -= 1;
                    if *left == 0 {
                        ready.push(line.item);
                    }
                }
            }
        }
        units
    }
}

/// How a figure too large for exact decimals is written in the table.
const TOO_LARGE: &str = "too large";

/// A quantity as written, or [`TOO_LARGE`].
fn written(quantity: Option<Decimal>) -> String {
    quantity.map_or_else(|| TOO_LARGE.into(), |q| q.normalize().to_string())
}

/// What would change a content test's result, with checked arithmetic (a
/// share near the largest decimal cannot be multiplied by a hundred).
fn margin(share: Decimal, threshold: Decimal, percent: Decimal, total: Decimal, value: Decimal) -> String {
    let percent = percent.normalize();
    if share == threshold {
        return format!("exactly at the threshold of {percent}%: any less counted value would bring it below");
    }
    let side = if share > threshold { "above" } else { "below" };
    let gap = share
        .checked_sub(threshold)
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .map(|g| format!("{} percentage points", g.abs().round_dp(4).normalize()))
        .unwrap_or_else(|| {
            // Beyond 1e26 only: written exactly by shifting the digits.
            let shifted = super::words::percent(share.checked_sub(threshold).unwrap_or(share).abs());
            format!("{} percentage points", shifted.trim_end_matches('%'))
        });
    let needed = threshold
        .checked_mul(value)
        .and_then(|t| t.checked_sub(total))
        .map(|n| n.abs().round_dp(4).normalize());
    let action = match (share > threshold, needed) {
        (true, Some(n)) => format!("lowering the counted value by more than {n} would bring it below"),
        (false, Some(n)) => format!("raising the counted value by {n} would reach it"),
        (true, None) => "lowering the counted value would bring it below".into(),
        (false, None) => "raising the counted value would reach it".into(),
    };
    format!("{gap} {side} the threshold of {percent}%; {action}")
}
