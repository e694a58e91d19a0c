//! Witnesses of a semantic change: for each changed rule, a minimal facts
//! file (one shipment) whose outcome differs between the two versions.
//!
//! The search builds shipments that satisfy the rule (as written in either
//! version), and varies them over the boundary values the two versions'
//! constants imply: every date on which either version of the law changes
//! and the day before it, each content or ownership threshold exactly and one
//! hundredth of a percentage point either side, and each alternative of an
//! `or`. Every candidate is a real facts file, loaded and evaluated under
//! both versions; the first whose decisions differ is the witness.

use super::diff::PolicyDiff;
use super::timeline::policy_change_points;
use crate::ast::{AttributeSubject, Comparator, PartyRole};
use crate::eval::{evaluate, EvalOptions};
use crate::facts::{load, FactsSource};
use crate::outcome::Outcome;
use crate::policy::{AttributeTest, Condition, MemberTest, Places, PolicySet, RuleVersion, Test};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashSet};

/// A facts file whose outcome differs, or why none was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Witness {
    /// The changed rule, `policy.rule`.
    pub rule: String,
    /// The overall outcome under the old law.
    pub old: Outcome,
    /// The overall outcome under the new law.
    pub new: Outcome,
    /// What the witness varies, or why there is none.
    pub note: String,
    /// The facts file, when one was found.
    pub facts: Option<Value>,
}

/// Searches a witness for every changed, added or removed rule, and for the
/// rules that use a changed category or belong to a changed policy.
pub fn witnesses(old: &PolicySet, new: &PolicySet, diff: &PolicyDiff) -> Vec<Witness> {
    let mut rules: BTreeSet<String> = BTreeSet::new();
    for c in &diff.changes {
        match c.kind {
            "rule" => {
                rules.insert(c.id.clone());
            }
            "category" => {
                for set in [old, new] {
                    rules.extend(rules_using_category(set, &c.id));
                }
            }
            "policy" | "amendment" => {
                let policy = c.id.split('.').next().unwrap_or_default();
                for set in [old, new] {
                    for p in &set.policies {
                        let touched = p.id == policy
                            || p.suspensions.iter().any(|s| s.by_policy == policy)
                            || p.rules
                                .iter()
                                .any(|r| r.suspensions.iter().any(|s| s.by_policy == policy));
                        if touched {
                            rules.extend(p.rules.iter().map(|r| format!("{}.{}", p.id, r.id)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut dates: BTreeSet<Date> = BTreeSet::new();
    for set in [old, new] {
        for d in policy_change_points(set).keys() {
            dates.insert(*d);
            if let Ok(y) = d.yesterday() {
                dates.insert(y);
            }
        }
    }
    if dates.is_empty() {
        dates.insert(Date::constant(2026, 1, 1));
    }
    rules.iter().map(|r| search(old, new, r, &dates)).collect()
}

fn rules_using_category(set: &PolicySet, category: &str) -> Vec<String> {
    let Some(index) = set.categories.iter().position(|c| c.id == category) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in &set.policies {
        for r in &p.rules {
            if r.versions
                .iter()
                .any(|v| v.condition.as_ref().is_some_and(|c| uses(c, index as u32)))
            {
                out.push(format!("{}.{}", p.id, r.id));
            }
        }
    }
    out
}

fn uses(c: &Condition, cat: u32) -> bool {
    match c {
        Condition::All(p) | Condition::Any(p) => p.iter().any(|x| uses(x, cat)),
        Condition::Not(inner) => uses(inner, cat),
        Condition::Test(t, _) => match t.as_ref() {
            Test::ContentShare { category, .. } | Test::ItemIn(category) | Test::ItemComponent { category, .. } => {
                category.0 == cat
            }
            _ => false,
        },
    }
}

fn versions<'s>(set: &'s PolicySet, rule: &str) -> Vec<&'s RuleVersion> {
    let (policy, name) = rule.split_once('.').unwrap_or((rule, ""));
    set.policy(policy)
        .and_then(|p| p.rules.iter().find(|r| r.id == name))
        .map(|r| r.versions.iter().collect())
        .unwrap_or_default()
}

/// A shift of thresholds: exactly, or one hundredth of a percentage point below or above.
const SHIFTS: [i64; 3] = [0, -1, 1];

fn search(old: &PolicySet, new: &PolicySet, rule: &str, dates: &BTreeSet<Date>) -> Witness {
    let mut tried: HashSet<String> = HashSet::new();
    let mut candidates = 0usize;
    for (set, version) in versions(new, rule)
        .into_iter()
        .map(|v| (new, v))
        .chain(versions(old, rule).into_iter().map(|v| (old, v)))
    {
        let branches = count_choices(version.condition.as_ref());
        let lines = set
            .categories
            .iter()
            .flat_map(|c| {
                let widest = c.members.iter().map(|m| match &m.test {
                    MemberTest::Form { compositions, .. } | MemberTest::Containing(compositions) => compositions
                        .iter()
                        .map(|n| n.names.len())
                        .max()
                        .unwrap_or(1)
                        .max(compositions.len()),
                    _ => 1,
                });
                widest.chain(std::iter::once(c.members.len()))
            })
            .max()
            .unwrap_or(1)
            .max(owner_choices(version.condition.as_ref()));
        for (choice, line) in (0..branches.max(1)).flat_map(|b| (0..lines).map(move |l| (b, l))) {
            for shift in SHIFTS {
                for day in dates {
                    let mut s = Scenario::new(*day, shift, choice);
                    s.line = line;
                    if let Some(c) = &version.condition {
                        s.satisfy(set, c);
                    }
                    // An escalation needs a requirement to raise, an exception one to exempt.
                    if let Some(c) = companion(set, rule, version, choice) {
                        s.satisfy(set, c);
                    }
                    let facts = s.into_json();
                    let text = facts.to_string();
                    if !tried.insert(text.clone()) {
                        continue;
                    }
                    candidates += 1;
                    if let Some((a, b)) = outcomes(old, new, &text) {
                        if a != b {
                            return Witness {
                                rule: rule.to_string(),
                                old: a.0,
                                new: b.0,
                                note: format!("shipment on {day}{}", shift_words(shift)),
                                facts: Some(facts),
                            };
                        }
                    }
                }
            }
        }
    }
    Witness {
        rule: rule.to_string(),
        old: Outcome::NotControlled,
        new: Outcome::NotControlled,
        note: format!(
            "none found among {candidates} shipments built at the boundary dates and thresholds of both versions"
        ),
        facts: None,
    }
}

/// How many kinds of owner a witness should try: 2 when an ownership test
/// counts both parties of some kinds and parties on some lists, else 1.
/// Walks the condition with an explicit stack.
fn owner_choices(condition: Option<&Condition>) -> usize {
    let mut stack: Vec<&Condition> = condition.into_iter().collect();
    while let Some(c) = stack.pop() {
        match c {
            Condition::All(parts) | Condition::Any(parts) => stack.extend(parts),
            Condition::Not(inner) => stack.push(inner),
            Condition::Test(t, _) => {
                if let Test::PartyOwned(_, o) = t.as_ref() {
                    if !o.kinds.is_empty() && !o.lists.is_empty() {
                        return 2;
                    }
                }
            }
        }
    }
    1
}

/// The condition of a rule that `version` raises or exempts (the `choice`-th).
fn companion<'s>(set: &'s PolicySet, rule: &str, version: &RuleVersion, choice: usize) -> Option<&'s Condition> {
    let policy = set.policy(rule.split('.').next().unwrap_or_default())?;
    let targets: Vec<usize> = match &version.effect {
        crate::policy::Effect::Raises { by: Some(by), .. } => by.clone(),
        crate::policy::Effect::Raises { by: None, .. } => policy
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.versions
                    .iter()
                    .any(|v| matches!(v.effect, crate::policy::Effect::Outcome { .. }))
            })
            .map(|(i, _)| i)
            .collect(),
        crate::policy::Effect::Exempts(t) => t.clone(),
        crate::policy::Effect::Outcome { .. } => return None,
    };
    let target = policy.rules.get(*targets.get(choice % targets.len().max(1))?)?;
    target.versions.last()?.condition.as_ref()
}

fn shift_words(shift: i64) -> &'static str {
    match shift {
        0 => ", thresholds met exactly",
        s if s < 0 => ", thresholds missed by 0.01 percentage points",
        _ => ", thresholds exceeded by 0.01 percentage points",
    }
}

/// The overall outcome and policy outcomes under both versions.
type Outcomes = (Outcome, Vec<(String, Outcome)>);

fn outcomes(old: &PolicySet, new: &PolicySet, text: &str) -> Option<(Outcomes, Outcomes)> {
    let source = FactsSource::new("witness.json", text.to_string());
    let facts = load(&source).ok()?;
    let run = |set: &PolicySet| -> Option<Outcomes> {
        let d = evaluate(set, &facts, &source, &EvalOptions::default()).ok()?;
        let first = d.decisions.first()?;
        Some((
            first.outcome,
            first.policies.iter().map(|p| (p.policy.clone(), p.outcome)).collect(),
        ))
    };
    Some((run(old)?, run(new)?))
}

/// How many ways the top-level alternatives of a condition can be chosen.
fn count_choices(c: Option<&Condition>) -> usize {
    match c {
        Some(Condition::Any(parts)) => parts.len(),
        Some(Condition::All(parts)) => parts.iter().map(|p| count_choices(Some(p))).max().unwrap_or(1),
        _ => 1,
    }
}

/// Countries tried, in order, when a test needs a country in or outside a set.
const COUNTRIES: [&str; 10] = ["DE", "US", "JP", "SG", "CN", "FR", "KR", "GB", "IN", "NL"];

/// One shipment being built.
struct Scenario {
    day: Date,
    shift: i64,
    choice: usize,
    /// Which line of each category to build members from.
    line: usize,
    counter: usize,
    parties: Map<String, Value>,
    holdings: Vec<Value>,
    listings: Vec<Value>,
    items: Map<String, Value>,
    shipment: Map<String, Value>,
}

impl Scenario {
    fn new(day: Date, shift: i64, choice: usize) -> Scenario {
        let mut parties = Map::new();
        parties.insert("exporter".into(), json!({ "name": "Exporter", "country": "DE" }));
        parties.insert("end-user".into(), json!({ "name": "End user", "country": "US" }));
        let mut items = Map::new();
        items.insert(
            "item".into(),
            json!({ "description": "the item shipped", "origin": "DE", "value": "1000.00" }),
        );
        let mut shipment = Map::new();
        for (k, v) in [
            ("id", json!("W-1")),
            ("date", json!(day.to_string())),
            ("item", json!("item")),
            ("exporter", json!("exporter")),
            ("from", json!("DE")),
            ("to", json!("US")),
            ("end_user", json!("end-user")),
        ] {
            shipment.insert(k.into(), v);
        }
        Scenario {
            day,
            shift,
            choice,
            line: 0,
            counter: 0,
            parties,
            holdings: Vec::new(),
            listings: Vec::new(),
            items,
            shipment,
        }
    }

    fn into_json(self) -> Value {
        json!({
            "version": 1,
            "parties": self.parties,
            "ownership": self.holdings,
            "listings": self.listings,
            "items": self.items,
            "shipments": [self.shipment],
        })
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{}", self.counter)
    }

    /// A threshold (a fraction) moved by the scenario's shift.
    fn shifted(&self, fraction: Decimal) -> Decimal {
        let step = Decimal::new(1, 4); // 0.01 percentage points
        (fraction + step * Decimal::from(self.shift)).max(Decimal::ZERO)
    }

    fn satisfy(&mut self, set: &PolicySet, c: &Condition) {
        match c {
            Condition::All(parts) => parts.iter().for_each(|p| self.satisfy(set, p)),
            Condition::Any(parts) => {
                let pick = parts.get(self.choice % parts.len().max(1)).or(parts.first());
                if let Some(p) = pick {
                    self.satisfy(set, p);
                }
            }
            // A negated test is left false: the defaults satisfy none of the tests.
            Condition::Not(_) => {}
            Condition::Test(t, _) => self.test(set, t),
        }
    }

    /// Sets a shipment's country field to a country in `p`, keeping the current one if it fits.
    fn place_field(&mut self, field: &str, p: &Places) {
        let current = self
            .shipment
            .get(field)
            .and_then(Value::as_str)
            .and_then(crate::geo::country);
        if current.is_some_and(|c| p.contains(c)) {
            return;
        }
        if let Some(c) = pick(Some(p)) {
            self.shipment.insert(field.into(), json!(c));
        }
    }

    /// Sets the destination to the country of export, or away from it.
    fn export_country_field(&mut self, outside: bool) {
        let field = |s: &Map<String, Value>, k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
        let from = field(&self.shipment, "from").unwrap_or_else(|| "CN".to_string());
        let to = field(&self.shipment, "to");
        let wanted = if outside {
            match to {
                Some(t) if t != from => return,
                _ => if from == "US" { "DE" } else { "US" }.to_string(),
            }
        } else {
            from
        };
        self.shipment.insert("to".into(), json!(wanted));
    }

    fn item_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.items.get_mut(id).and_then(Value::as_object_mut)
    }

    fn push(&mut self, item: &str, key: &str, value: Value) {
        if let Some(it) = self.item_mut(item) {
            let entry = it.entry(key.to_string()).or_insert_with(|| json!([]));
            if let Some(a) = entry.as_array_mut() {
                if !a.contains(&value) {
                    a.push(value);
                }
            }
        }
    }

    fn set_item(&mut self, item: &str, key: &str, value: Value) {
        if let Some(it) = self.item_mut(item) {
            it.insert(key.to_string(), value);
        }
    }

    fn party_id(role: PartyRole) -> &'static str {
        match role {
            PartyRole::EndUser => "end-user",
            PartyRole::Exporter => "exporter",
        }
    }

    fn test(&mut self, set: &PolicySet, t: &Test) {
        match t {
            Test::ContentShare {
                category,
                origin,
                threshold,
                comparator,
                ..
            } => {
                let component = self.fresh("component");
                self.items.insert(
                    component.clone(),
                    json!({ "description": "a component", "origin": pick(origin.as_ref()).unwrap_or("CN"), "value": "1.00" }),
                );
                self.make_member(set, &component, *category);
                let mut share = self.shifted(*threshold);
                if *comparator == Comparator::MoreThan && self.shift == 0 {
                    share += Decimal::new(1, 4);
                }
                let value = (share * Decimal::from(1000)).round_dp(2);
                self.push(
                    "item",
                    "components",
                    json!({ "item": component, "quantity": 1, "value": value.to_string() }),
                );
            }
            Test::ItemOrigin(p, _) => {
                if let Some(c) = pick(Some(p)) {
                    self.set_item("item", "origin", json!(c));
                }
            }
            Test::ItemIn(category) => self.make_member(set, "item", *category),
            Test::ItemContains(n) => {
                for e in chosen_nth(&n.names, n.all, self.line) {
                    self.push("item", "elements", json!(e));
                }
            }
            Test::ItemClassed(n) => {
                for c in chosen_nth(&n.names, n.all, self.line) {
                    self.push("item", "classes", json!(c));
                }
            }
            Test::ItemMadeWith {
                technologies, places, ..
            } => {
                let tech = technologies
                    .as_ref()
                    .and_then(|t| t.names.first().cloned())
                    .unwrap_or_else(|| {
                        set.vocabulary
                            .get(&crate::ast::TagKind::Technology)
                            .and_then(|m| m.keys().next().cloned())
                            .unwrap_or_default()
                    });
                let origin = pick(Some(places)).unwrap_or("CN");
                self.push("item", "made_with", json!({ "technology": tech, "origin": origin }));
            }
            Test::ItemComponent { category, origin } => {
                let component = self.fresh("component");
                self.items.insert(
                    component.clone(),
                    json!({ "description": "a component", "origin": pick(origin.as_ref()).unwrap_or("CN"), "value": "1.00" }),
                );
                self.make_member(set, &component, *category);
                self.push("item", "components", json!({ "item": component, "quantity": 1 }));
            }
            Test::Destination(p) => self.place_field("to", p),
            Test::CountryOfExport(p) => self.place_field("from", p),
            Test::DestinationExportCountry { outside } => self.export_country_field(*outside),
            Test::EndUse(n) => {
                let uses: Vec<Value> = chosen_nth(&n.names, n.all, self.line)
                    .into_iter()
                    .map(|u| json!(u))
                    .collect();
                self.shipment.insert("end_uses".into(), json!(uses));
            }
            Test::EvaluationDate(..) => {}
            Test::PartyCountry(role, p) => {
                if let (Some(c), Some(party)) = (pick(Some(p)), self.parties.get_mut(Self::party_id(*role))) {
                    if let Some(o) = party.as_object_mut() {
                        o.insert("country".into(), json!(c));
                    }
                }
            }
            Test::PartyKind(role, n) => {
                if let Some(o) = self
                    .parties
                    .get_mut(Self::party_id(*role))
                    .and_then(Value::as_object_mut)
                {
                    o.insert("kinds".into(), json!(chosen_nth(&n.names, n.all, self.line)));
                }
            }
            Test::PartyOn(role, n) => {
                for list in chosen_nth(&n.names, n.all, self.line) {
                    self.listings
                        .push(json!({ "party": Self::party_id(*role), "list": list }));
                }
            }
            Test::PartyOwned(role, o) => {
                let owner = self.fresh("listed-owner");
                self.parties
                    .insert(owner.clone(), json!({ "name": "A listed owner", "country": "CN" }));
                // An owner on the first list, or (every other try, or when
                // the test names no list) of the first kind.
                let by_kind = !o.kinds.is_empty() && (o.lists.is_empty() || self.line % 2 == 1);
                if let (Some(list), false) = (o.lists.first(), by_kind) {
                    self.listings.push(
                        json!({ "party": owner, "list": list, "attributes": { "review": "presumption-of-denial" } }),
                    );
                } else if let Some(kind) = o.kinds.first() {
                    if let Some(p) = self.parties.get_mut(&owner).and_then(|p| p.as_object_mut()) {
                        p.insert("kinds".into(), json!([kind]));
                    }
                }
                let mut share = self.shifted(o.threshold).min(Decimal::ONE);
                if o.comparator == Comparator::MoreThan && self.shift == 0 {
                    share = (share + Decimal::new(1, 4)).min(Decimal::ONE);
                }
                if share > Decimal::ZERO {
                    self.holdings.push(json!({ "owner": owner, "owned": Self::party_id(*role), "share": share.normalize().to_string() }));
                }
            }
            Test::Attribute { subject, name, test } => {
                let value = match test {
                    AttributeTest::Number(c, n) => number_meeting(*c, *n, self.shift),
                    AttributeTest::Date(..) | AttributeTest::EqualsDate(_) => match test {
                        AttributeTest::EqualsDate(d) => json!(d.to_string()),
                        _ => json!(self.day.to_string()),
                    },
                    AttributeTest::EqualsNumber(n) => number(*n),
                    AttributeTest::EqualsText(s) => json!(s),
                    AttributeTest::EqualsBool(b) => json!(b),
                };
                let target = match subject {
                    AttributeSubject::Shipment => Some(&mut self.shipment),
                    AttributeSubject::Item => self.items.get_mut("item").and_then(Value::as_object_mut),
                    AttributeSubject::Party(role) => self
                        .parties
                        .get_mut(Self::party_id(*role))
                        .and_then(Value::as_object_mut),
                };
                if let Some(obj) = target {
                    let attrs = obj.entry("attributes").or_insert_with(|| json!({}));
                    if let Some(a) = attrs.as_object_mut() {
                        a.insert(name.clone(), value);
                    }
                }
            }
        }
    }

    /// Makes `item` a member of `category` through its first line.
    fn make_member(&mut self, set: &PolicySet, item: &str, category: crate::policy::CategoryId) {
        let Some(cat) = set.category(category) else { return };
        let live: Vec<_> = cat
            .members
            .iter()
            .filter(|m| crate::eval::line_applies(set, m, self.day))
            .collect();
        let line = live.get(self.line % live.len().max(1)).copied().or(cat.members.first());
        let Some(line) = line else { return };
        match &line.test {
            MemberTest::InCategory(inner) => self.make_member(set, item, *inner),
            MemberTest::Classed(n) => {
                for c in chosen_nth(&n.names, n.all, self.line) {
                    self.push(item, "classes", json!(c));
                }
            }
            MemberTest::Containing(compositions) => {
                if let Some(n) = compositions.get(self.line % compositions.len().max(1)) {
                    for e in chosen_nth(&n.names, n.all, self.line) {
                        self.push(item, "elements", json!(e));
                    }
                }
            }
            MemberTest::Form {
                form,
                compositions,
                with_component,
            } => {
                self.push(item, "classes", json!(form));
                if let Some(n) = compositions.get(self.line % compositions.len().max(1)) {
                    let names: Vec<String> = if n.all {
                        n.names.clone()
                    } else {
                        n.names
                            .get(self.line % n.names.len().max(1))
                            .cloned()
                            .into_iter()
                            .collect()
                    };
                    for e in names {
                        self.push(item, "elements", json!(e));
                    }
                }
                if let Some(inner) = with_component {
                    let component = self.fresh("part");
                    self.items.insert(
                        component.clone(),
                        json!({ "description": "a part", "origin": "DE", "value": "1.00" }),
                    );
                    self.make_member(set, &component, *inner);
                    self.push(item, "components", json!({ "item": component, "quantity": 1 }));
                }
            }
        }
    }
}

/// The names a test needs: all of them, or the `k`-th alternative.
fn chosen_nth(names: &[String], all: bool, k: usize) -> Vec<String> {
    if all {
        names.to_vec()
    } else {
        names.get(k % names.len().max(1)).cloned().into_iter().collect()
    }
}

/// A country in the set (or the first tried when there is no set).
fn pick(places: Option<&Places>) -> Option<&'static str> {
    let Some(p) = places else { return Some("CN") };
    COUNTRIES
        .iter()
        .copied()
        .find(|c| crate::geo::country(c).is_some_and(|x| p.contains(x)))
        .or_else(|| crate::geo::all_codes().find(|c| crate::geo::country(c).is_some_and(|x| p.contains(x))))
}

/// A number that meets (shift 0) or misses/exceeds a threshold.
fn number_meeting(c: Comparator, n: Decimal, shift: i64) -> Value {
    let v = match c {
        Comparator::AtLeast | Comparator::AtMost => n,
        Comparator::MoreThan => n + Decimal::ONE,
        Comparator::Below => n - Decimal::ONE,
    } + Decimal::from(shift);
    number(v)
}

/// A decimal as a JSON number: an integer when it is one.
fn number(v: Decimal) -> Value {
    let v = v.normalize();
    if v.scale() == 0 {
        if let Ok(i) = i64::try_from(v) {
            return json!(i);
        }
    }
    json!(v.to_string().parse::<f64>().unwrap_or(0.0))
}
