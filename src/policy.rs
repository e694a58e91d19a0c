//! The checked policy set: names resolved, dates validated, amendments
//! applied. The evaluator, the renderer and the differ read only this.

use crate::ast::{self, Aggregation, AttributeSubject, Comparator, DateComparator, PartyRole, Reach, TagKind};
use crate::geo::Country;
use crate::outcome::Outcome;
use crate::source::{SourceMap, Span};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Index of a category in [`PolicySet::categories`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryId(pub u32);

/// A rule's place: policy index and rule index within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleRef {
    /// Index in [`PolicySet::policies`].
    pub policy: usize,
    /// Index in [`Policy::rules`].
    pub rule: usize,
}

/// Every checked policy of a load, with the vocabulary they declare.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// The policy files, for citing spans.
    pub sources: SourceMap,
    /// The policies, sorted by id.
    pub policies: Vec<Policy>,
    /// Every category of every policy.
    pub categories: Vec<Category>,
    /// Declared tags: lists, end uses, party kinds, item classes, technologies.
    pub vocabulary: BTreeMap<TagKind, BTreeMap<String, Tag>>,
    /// Declared country groups.
    pub groups: BTreeMap<String, CountryGroup>,
    /// How many content-share tests there are (for the evaluator's memo tables).
    pub content_tests: usize,
    /// The parsed files, in file order, that the set was checked from: the
    /// set under a reading's alternative parses again only the files the
    /// alternative rewrites ([`crate::load::load_reusing`]).
    pub parsed: std::sync::Arc<[crate::ast::PolicyFile]>,
}

impl PolicySet {
    /// The policy with this id.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// The category with this id.
    pub fn category(&self, id: CategoryId) -> Option<&Category> {
        self.categories.get(id.0 as usize)
    }

    /// The rule at `r`.
    pub fn rule(&self, r: RuleRef) -> Option<&Rule> {
        self.policies.get(r.policy).and_then(|p| p.rules.get(r.rule))
    }

    /// Whether a tag of this kind is declared.
    pub fn declares(&self, kind: TagKind, name: &str) -> bool {
        self.vocabulary.get(&kind).is_some_and(|m| m.contains_key(name))
    }
}

/// A declared tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// What it means.
    pub description: Option<String>,
    /// The policy that declares it.
    pub policy: String,
    /// The declaration.
    pub span: Span,
}

/// A named set of countries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryGroup {
    /// Its name.
    pub title: Option<String>,
    /// Its members, groups expanded.
    pub countries: Vec<Country>,
    /// The policy that declares it.
    pub policy: String,
    /// The declaration.
    pub span: Span,
}

/// The days something holds: `[from, until)`; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// The first day.
    pub from: Option<Date>,
    /// The first day it no longer holds.
    pub until: Option<Date>,
    /// Whether the law wrote the end as the last day (`through`).
    pub end_inclusive: bool,
}

impl Window {
    /// Whether `day` is in the window.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    /// The last day as the law wrote it (`through`), or the exclusive end.
    pub fn written_end(&self) -> Option<Date> {
        match (self.until, self.end_inclusive) {
            (Some(u), true) => u.yesterday().ok(),
            (u, _) => u,
        }
    }

    /// `from 2025-11-07 through 2026-11-10`, as the source wrote it.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if let Some(f) = self.from {
            out.push_str(&format!("from {f}"));
        }
        if let Some(end) = self.written_end() {
            if !out.is_empty() {
                out.push(' ');
            }
            let word = if self.end_inclusive { "through" } else { "until" };
            out.push_str(&format!("{word} {end}"));
        }
        if out.is_empty() {
            out.push_str("always");
        }
        out
    }
}

/// Quotes, notes and readings kept for rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literate {
    /// The words of the law.
    Quote(String),
    /// The encoder's explanation.
    Note(String),
    /// An interpretive choice.
    Reading {
        /// `A-ROLLUP`
        tag: String,
        /// The reading chosen.
        text: String,
        /// The reading not chosen.
        alternative: Option<String>,
        /// The alternative as edict, when it is executable.
        substitutions: Vec<Substitution>,
    },
}

/// Under a reading's alternative, the item's text `chosen` (at `at`) reads `alternative`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// The text as chosen.
    pub chosen: String,
    /// The text under the alternative.
    pub alternative: String,
    /// Where the chosen text is in the item.
    pub at: Span,
    /// The `for … read …` itself.
    pub clause: Span,
}

/// One instrument.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Global id, e.g. `cn-mofcom-2025-61`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who issued it.
    pub authority: String,
    /// Whose law it is.
    pub jurisdiction: Option<Country>,
    /// When it was issued.
    pub issued: Option<Date>,
    /// Where the text is published.
    pub source: Option<String>,
    /// The prefix of every citation, e.g. "MOFCOM Announcement No. 61 of 2025".
    pub citation: Option<String>,
    /// When it is in force (before suspensions).
    pub window: Window,
    /// Suspensions of the whole policy by amendments.
    pub suspensions: Vec<Suspension>,
    /// Its rules, in source order.
    pub rules: Vec<Rule>,
    /// Its categories.
    pub categories: Vec<CategoryId>,
    /// Its amendments of other policies, for rendering.
    pub amendments: Vec<AmendmentSummary>,
    /// Quotes and notes on the whole policy.
    pub literate: Vec<Literate>,
    /// The header.
    pub span: Span,
}

impl Category {
    /// Which stretch between change days `day` falls in: membership is the
    /// same on all days of one stretch.
    pub fn epoch(&self, day: Date) -> usize {
        self.change_days.partition_point(|d| *d <= day)
    }
}

impl Policy {
    /// Whether the policy is in force and not suspended on `day`.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.window.contains(day) && !self.suspensions.iter().any(|s| s.window.contains(day))
    }

    /// Whether the policy has rules, so produces outcomes.
    pub fn decides(&self) -> bool {
        !self.rules.is_empty()
    }

    /// The full citation of an article of this policy: the policy's `cite as`
    /// then the article, without saying a heading or a law's name twice.
    pub fn cite(&self, article: &str) -> String {
        match &self.citation {
            Some(prefix) if !article.is_empty() => join_citation(prefix, article),
            Some(prefix) => prefix.clone(),
            None => article.to_string(),
        }
    }
}

/// `prefix, article`, except that an article which already names the law
/// (`Export Control Law Art. 18; …` under a policy cited as `Export Control
/// Law Art. 18; Regulations …`) stands alone, and a heading the prefix ends
/// with is not repeated (`…, Annex 1` + `Annex 1, Part 1` is `…, Annex 1, Part 1`).
fn join_citation(prefix: &str, article: &str) -> String {
    let first = |s: &str| s.split([',', ';']).next().unwrap_or_default().trim().to_string();
    let law = first(prefix);
    let names_law = article
        .strip_prefix(law.as_str())
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
    if !law.is_empty() && names_law {
        return article.to_string();
    }
    let heading = first(article);
    let last = prefix.rsplit([',', ';']).next().unwrap_or_default().trim();
    if prefix.contains([',', ';']) && last == heading {
        if let Some(rest) = article.get(heading.len()..) {
            return format!("{prefix}{rest}");
        }
    }
    format!("{prefix}, {article}")
}

/// What an amendment does, in a form a reader (and the differ) can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentSummary {
    /// The amendment id.
    pub id: String,
    /// Its full citation.
    pub cite: String,
    /// One sentence per action.
    pub actions: Vec<String>,
    /// Quotes, notes and readings.
    pub literate: Vec<Literate>,
}

/// A suspension of a policy or rule by an amendment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    /// `cn-mofcom-2025-70.suspension`
    pub by: String,
    /// The amending policy's id.
    pub by_policy: String,
    /// The citation of the amendment.
    pub cite: String,
    /// When the suspension holds.
    pub window: Window,
}

/// One rule, with its dated versions.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Local id.
    pub id: String,
    /// The article as written (`Art. 1(1)`).
    pub article: String,
    /// The full citation.
    pub cite: String,
    /// When it is in force (before suspensions).
    pub window: Window,
    /// Suspensions of this rule by amendments.
    pub suspensions: Vec<Suspension>,
    /// Its versions, sorted by start; the first starts with the rule.
    pub versions: Vec<RuleVersion>,
    /// Quotes, notes and readings.
    pub literate: Vec<Literate>,
    /// The rule in its source.
    pub span: Span,
}

impl Rule {
    /// The version in force on `day`.
    pub fn version_on(&self, day: Date) -> Option<&RuleVersion> {
        self.versions.iter().rev().find(|v| v.from.is_none_or(|f| f <= day))
    }

    /// The suspension covering `day`, if any.
    pub fn suspended_on(&self, day: Date) -> Option<&Suspension> {
        self.suspensions.iter().find(|s| s.window.contains(day))
    }
}

/// A rule's body from a date.
#[derive(Debug, Clone)]
pub struct RuleVersion {
    /// The first day of this version (`None`: from the rule's start).
    pub from: Option<Date>,
    /// What it does.
    pub effect: Effect,
    /// When it applies; `None` is always.
    pub condition: Option<Condition>,
    /// Rules whose applying stops this one (an exception that yields).
    pub yields: Vec<usize>,
    /// The amendment that made this version, with its citation.
    pub amended_by: Option<(String, String)>,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Requires `outcome`; with a listing attribute, the listing may make it stricter.
    Outcome {
        /// The outcome.
        outcome: Outcome,
        /// `review` in `or the listing's review, whichever is stricter`.
        listing_attribute: Option<String>,
    },
    /// Raises a licence that other rules of the policy require.
    Raises {
        /// Rules (indices in the policy) whose requirement it raises; `None` is all.
        by: Option<Vec<usize>>,
        /// The outcome raised to.
        to: Outcome,
    },
    /// Exempts shipments from other rules of the policy.
    Exempts(Vec<usize>),
}

/// The position of a country code in the 26×26 grid of two-letter codes.
fn country_index(country: Country) -> usize {
    let b = country.as_str().as_bytes();
    match b {
        [x, y] => (x.saturating_sub(b'A') as usize) * 26 + (y.saturating_sub(b'A') as usize),
        _ => 0,
    }
}

/// A resolved set of countries, with the words it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    bits: [u64; 11],
    /// `in CN` / `outside CN`
    pub words: String,
    /// The countries and groups as written.
    pub names: Names,
    /// Whether the set is everything outside `names`.
    pub outside: bool,
}

impl Places {
    /// The set of `countries`, or its complement when `outside`.
    pub fn new(countries: &[Country], outside: bool, names: Names) -> Places {
        let words = format!("{} {}", if outside { "outside" } else { "in" }, names.words());
        let mut bits = [0u64; 11];
        for c in countries {
            let i = country_index(*c);
            if let Some(w) = bits.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        if outside {
            for w in &mut bits {
                *w = !*w;
            }
        }
        Places {
            bits,
            words,
            names,
            outside,
        }
    }

    /// A number that differs between different sets (for memo keys).
    pub fn fingerprint(&self) -> usize {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.bits.hash(&mut h);
        (h.finish() as usize).max(1)
    }

    /// Whether `country` is in the set.
    pub fn contains(&self, country: Country) -> bool {
        let i = country_index(country);
        self.bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A resolved condition.
#[derive(Debug, Clone)]
pub enum Condition {
    /// All must hold.
    All(Vec<Condition>),
    /// One must hold.
    Any(Vec<Condition>),
    /// Must not hold.
    Not(Box<Condition>),
    /// One test.
    Test(Box<Test>, Span),
}

/// Names joined by `and` (all) or `or` (any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The names.
    pub names: Vec<String>,
    /// Whether all are required.
    pub all: bool,
}

impl Names {
    /// From an AST list.
    pub fn from_ast(list: &ast::NameList) -> Names {
        Names {
            names: list.names.iter().map(|n| n.display()).collect(),
            all: list.joiner == ast::Joiner::And,
        }
    }

    /// Whether the names are satisfied by the predicate.
    pub fn test(&self, mut has: impl FnMut(&str) -> bool) -> bool {
        if self.all {
            self.names.iter().all(|n| has(n))
        } else {
            self.names.iter().any(|n| has(n))
        }
    }

    /// `a, b or c`
    pub fn words(&self) -> String {
        let joiner = if self.all { "and" } else { "or" };
        match self.names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {joiner} {last}", init.join(", ")),
        }
    }
}

/// An ownership test as the law words it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OwnershipTest {
    /// `at least` or `more than`.
    pub comparator: Comparator,
    /// The share as a fraction (0.5 for 50%).
    pub threshold: Decimal,
    /// The share as written (50 for 50%).
    pub percent: Decimal,
    /// The lists whose parties are the owners tested for.
    pub lists: Vec<String>,
    /// The party kinds whose parties are owners tested for too.
    pub kinds: Vec<String>,
    /// Whether caught parties pass their stake down.
    pub reach: Reach,
    /// Whether stakes of several owners add up.
    pub aggregation: Aggregation,
}

impl OwnershipTest {
    /// A number that differs between different tests (for memo keys).
    pub fn fingerprint(&self) -> usize {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.hash(&mut h);
        h.finish() as usize
    }
}

/// A resolved test.
#[derive(Debug, Clone)]
pub enum Test {
    /// Content share of components in a category.
    ContentShare {
        /// Which components count.
        category: CategoryId,
        /// Where they must originate.
        origin: Option<Places>,
        /// How the share is compared.
        comparator: Comparator,
        /// The threshold as a fraction (0.001 for 0.1%).
        threshold: Decimal,
        /// The threshold as written (0.1 for 0.1%).
        percent: Decimal,
        /// Index for the evaluator's memo of content values.
        memo: usize,
    },
    /// The item's origin.
    ItemOrigin(Places, ast::OriginWording),
    /// The item is in a category.
    ItemIn(CategoryId),
    /// The item contains elements.
    ItemContains(Names),
    /// The item has classes.
    ItemClassed(Names),
    /// The item (or, with `components`, the item or an item anywhere in
    /// its bill of materials) was made with technology from a place.
    ItemMadeWith {
        /// Whether components at any depth count too.
        components: bool,
        /// Which technologies (`None`: any).
        technologies: Option<Names>,
        /// Where from.
        places: Places,
    },
    /// A component anywhere in the bill of materials is in a category.
    ItemComponent {
        /// Which components.
        category: CategoryId,
        /// Where they must originate.
        origin: Option<Places>,
    },
    /// The shipment's destination.
    Destination(Places),
    /// Whether the destination is the country of export (`outside`: the
    /// shipment crosses a border).
    DestinationExportCountry {
        /// `outside the country of export` rather than `in` it.
        outside: bool,
    },
    /// The shipment's country of export.
    CountryOfExport(Places),
    /// The shipment's end uses.
    EndUse(Names),
    /// The evaluation date.
    EvaluationDate(DateComparator, Date),
    /// A party's country.
    PartyCountry(PartyRole, Places),
    /// A party's kinds.
    PartyKind(PartyRole, Names),
    /// A party's listings on the day.
    PartyOn(PartyRole, Names),
    /// A party's owners on the day.
    PartyOwned(PartyRole, OwnershipTest),
    /// An attribute.
    Attribute {
        /// Whose.
        subject: AttributeSubject,
        /// Its name.
        name: String,
        /// The test.
        test: AttributeTest,
    },
}

/// A resolved attribute test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeTest {
    /// A number compared with a threshold.
    Number(Comparator, Decimal),
    /// A date compared with a date.
    Date(DateComparator, Date),
    /// Equal to a number.
    EqualsNumber(Decimal),
    /// Equal to a date.
    EqualsDate(Date),
    /// Equal to a text.
    EqualsText(String),
    /// Equal to a boolean.
    EqualsBool(bool),
}

/// One category: a union of member tests.
#[derive(Debug, Clone)]
pub struct Category {
    /// `cn-mofcom-2025-61.part-1`
    pub id: String,
    /// `part-1`
    pub local: String,
    /// The declaring policy.
    pub policy: String,
    /// Its name in the law.
    pub title: Option<String>,
    /// What it covers.
    pub members: Vec<CategoryMember>,
    /// Quotes and notes.
    pub literate: Vec<Literate>,
    /// Whether membership depends on the date (an amendment extends it).
    pub dated: bool,
    /// The days on which membership can change (sorted, no repeats): an
    /// item's membership is the same on every day between two of them.
    pub change_days: Vec<Date>,
    /// The declaration.
    pub span: Span,
}

/// One line of a category.
#[derive(Debug, Clone)]
pub struct CategoryMember {
    /// The test.
    pub test: MemberTest,
    /// When an amendment added it, and which.
    pub added: Option<(Window, String)>,
    /// The policy whose amendment added it: the line applies only while that
    /// policy is in force and not suspended.
    pub added_by: Option<String>,
    /// The line.
    pub span: Span,
}

/// What a category line tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberTest {
    /// Every item of another category.
    InCategory(CategoryId),
    /// Items with one of these classes.
    Classed(Names),
    /// Items of a material form, composition and structure.
    Form {
        /// The class naming the form (`alloy`).
        form: String,
        /// Alternative compositions (any may match); empty means any composition.
        compositions: Vec<Names>,
        /// A component anywhere in its bill of materials must be in this category.
        with_component: Option<CategoryId>,
    },
    /// `any item containing Sm and Co, or containing Tb`: items of any form
    /// that contain the elements, themselves or in a component at any depth
    /// of their bill of materials (alternatives; any may match).
    Containing(Vec<Names>),
}

#[cfg(test)]
mod tests {
    use super::join_citation;

    #[test]
    fn citations_name_a_law_and_a_heading_once() {
        assert_eq!(join_citation("Act No. 61", "Art. 2"), "Act No. 61, Art. 2");
        assert_eq!(
            join_citation("Draft of No. 61, Annex 1", "Annex 1, Part 1"),
            "Draft of No. 61, Annex 1, Part 1"
        );
        assert_eq!(
            join_citation(
                "Export Control Law Art. 18; Dual-use Regulations",
                "Export Control Law Art. 18; Art. 28"
            ),
            "Export Control Law Art. 18; Art. 28"
        );
        assert_eq!(join_citation("Act", "Action plan"), "Act, Action plan");
        // A heading equal to the whole prefix is not a repeated heading.
        assert_eq!(join_citation("Annex 1", "Annex 1, Part 1"), "Annex 1, Part 1");
    }
}
