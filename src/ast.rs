//! The surface AST: what a policy file says, with a span on every node.
//!
//! Names are not resolved here and literals are kept as written (a date may
//! still be `2025-02-30`); the checker turns this into a [`crate::policy`]
//! set or explains why it cannot.

pub mod suite;

use crate::source::{FileId, Span};
use rust_decimal::Decimal;

/// A name as written: `part-1`, `cn-control-list`, `Dy`, `CN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The text.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A reference to something declared, optionally qualified by a policy id:
/// `part-1` or `cn-mofcom-2025-61.part-1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The policy part of a qualified reference.
    pub policy: Option<Ident>,
    /// The name.
    pub name: Ident,
    /// The whole reference.
    pub span: Span,
}

impl Reference {
    /// The reference as written.
    pub fn display(&self) -> String {
        match &self.policy {
            Some(p) => format!("{}.{}", p.name, self.name.name),
            None => self.name.name.clone(),
        }
    }
}

/// A quoted text, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text without quotes.
    pub value: String,
    /// Where it is, quotes included.
    pub span: Span,
}

/// A date as written (`2025-12-01`), validated by the checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A percentage as written, `0.1%`: `value` is the number before `%`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Percent {
    /// The number of percent (0.1 for `0.1%`).
    pub value: Decimal,
    /// Where it is.
    pub span: Span,
}

/// How a list of names is joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    /// A single name.
    Single,
    /// `a, b and c`.
    And,
    /// `a, b or c`.
    Or,
}

/// `a, b or c` / `a, b and c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameList {
    /// The names in order.
    pub names: Vec<Reference>,
    /// The word before the last name.
    pub joiner: Joiner,
    /// The whole list.
    pub span: Span,
}

/// One parsed policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFile {
    /// The file it came from.
    pub file: FileId,
    /// `policy <id>` and its properties; `None` when the header did not parse.
    pub header: Option<Header>,
    /// Declarations, rules and amendments in source order.
    pub items: Vec<Item>,
    /// Every `# comment`, for the formatter.
    pub comments: Vec<Comment>,
}

/// `# text`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// The policy header: `policy cn-mofcom-2025-61` and its properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The policy id, global across the set.
    pub id: Ident,
    /// `title "…"`
    pub title: Option<Text>,
    /// `authority "…"`
    pub authority: Option<Text>,
    /// `jurisdiction CN`
    pub jurisdiction: Option<Ident>,
    /// `issued 2025-10-09`
    pub issued: Option<DateLit>,
    /// `source "https://…"`
    pub source: Option<Text>,
    /// `cite as "MOFCOM Announcement No. 61 of 2025"`
    pub citation: Option<Text>,
    /// `in force from … until …`
    pub window: Option<WindowAst>,
    /// Quotes and notes on the whole policy.
    pub literate: Vec<Literate>,
    /// Properties given twice (an error), by keyword and span.
    pub repeated: Vec<(&'static str, Span)>,
    /// The header.
    pub span: Span,
}

/// Legal text and commentary kept beside what it explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literate {
    /// `quote "…"`: the words of the law.
    Quote(Text),
    /// `note "…"`: the encoder's explanation.
    Note(Text),
    /// `reading A-ROLLUP "…" alternative "…"`: an interpretive choice.
    Reading {
        /// The reading's tag, e.g. `A-ROLLUP`.
        tag: Ident,
        /// The reading chosen.
        text: Text,
        /// The reading not chosen.
        alternative: Option<Text>,
        /// The alternative as edict: `for "…" read "…"`, each a text of the
        /// item and what replaces it. Empty when the alternative is prose only.
        substitutions: Vec<Substitution>,
    },
}

/// `for "individually" read "individually or in aggregate"`: under a reading's
/// alternative, the item's text `chosen` reads `alternative`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// The text of the item as chosen (found once in the item, outside quoted texts).
    pub chosen: Text,
    /// The text it reads under the alternative.
    pub alternative: Text,
    /// The whole `for … read …`.
    pub span: Span,
}

/// `in force from 2025-12-01 until 2026-01-01` / `through 2025-12-31`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowAst {
    /// The first day.
    pub from: Option<DateLit>,
    /// The end as the law writes it.
    pub end: Option<WindowEnd>,
    /// The whole clause.
    pub span: Span,
}

/// How a window ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowEnd {
    /// `until D`: D is the first day it no longer holds.
    Until(DateLit),
    /// `through D`: D is the last day it holds.
    Through(DateLit),
}

/// A top-level item of a policy file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `category …`
    Category(Category),
    /// `list …`, `end use …`, `kind …`, `class …`, `technology …`
    Tag(TagDecl),
    /// `country group …`
    CountryGroup(CountryGroup),
    /// `rule …`
    Rule(Rule),
    /// `amendment …`
    Amendment(Amendment),
}

impl Item {
    /// The item's span.
    pub fn span(&self) -> Span {
        match self {
            Item::Category(c) => c.span,
            Item::Tag(t) => t.span,
            Item::CountryGroup(g) => g.span,
            Item::Rule(r) => r.span,
            Item::Amendment(a) => a.span,
        }
    }
}

/// `category part-1 "Annex 1, Part 1"` and its members.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// The category id, local to the policy.
    pub id: Ident,
    /// Its name in the law.
    pub title: Option<Text>,
    /// Quotes and notes.
    pub literate: Vec<Literate>,
    /// What it covers (a union).
    pub members: Vec<Member>,
    /// The whole declaration.
    pub span: Span,
}

/// One line of a category: `any …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// What the line covers.
    pub kind: MemberKind,
    /// The line.
    pub span: Span,
}

/// What a category line covers.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberKind {
    /// `any item in part-2`
    InCategory(Reference),
    /// `any item classed 1C902.a, 1C902.b or 1C902.c`
    Classed(NameList),
    /// `any alloy of Sm and Co, or of Tb and Fe`; `any assembly with a component in magnets`
    Form {
        /// The material form (an item class such as `alloy`).
        form: Ident,
        /// Alternative compositions; each lists elements joined by `and` (all) or `or` (any).
        composition: Vec<Composition>,
        /// `with a component in …`: a component anywhere in its bill of materials.
        with_component: Option<Reference>,
    },
}

/// `of Sm and Co` or `containing Dy or Tb`.
#[derive(Debug, Clone, PartialEq)]
pub struct Composition {
    /// The word used: `of` or `containing` (same meaning, kept for rendering).
    pub word: &'static str,
    /// The elements.
    pub elements: NameList,
}

/// Which vocabulary a tag declaration adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TagKind {
    /// `list` — a restricted-party list.
    List,
    /// `end use`
    EndUse,
    /// `kind` — a party kind.
    Kind,
    /// `class` — an item class.
    Class,
    /// `technology`
    Technology,
}

impl TagKind {
    /// What a tag of this kind is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            TagKind::List => "list",
            TagKind::EndUse => "end use",
            TagKind::Kind => "party kind",
            TagKind::Class => "item class",
            TagKind::Technology => "technology",
        }
    }

    /// The keyword as written.
    pub fn keyword(self) -> &'static str {
        match self {
            TagKind::List => "list",
            TagKind::EndUse => "end use",
            TagKind::Kind => "kind",
            TagKind::Class => "class",
            TagKind::Technology => "technology",
        }
    }
}

/// `list cn-control-list "China's export-control Control List"`
#[derive(Debug, Clone, PartialEq)]
pub struct TagDecl {
    /// Which vocabulary.
    pub kind: TagKind,
    /// The tag.
    pub name: Ident,
    /// What it means.
    pub description: Option<Text>,
    /// The whole declaration.
    pub span: Span,
}

/// `country group EU "European Union" of AT, BE and BG`
#[derive(Debug, Clone, PartialEq)]
pub struct CountryGroup {
    /// The group id.
    pub id: Ident,
    /// Its name.
    pub title: Option<Text>,
    /// Country codes or other groups.
    pub members: NameList,
    /// The whole declaration.
    pub span: Span,
}

/// `rule deminimis "Art. 1(1)"` and its clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The rule id, local to the policy.
    pub id: Ident,
    /// The article it encodes.
    pub citation: Option<Text>,
    /// `in force …` clauses (at most one is allowed).
    pub windows: Vec<WindowAst>,
    /// Quotes, notes and readings.
    pub literate: Vec<Literate>,
    /// What it does (exactly one is allowed).
    pub effects: Vec<Effect>,
    /// `yields to …`
    pub yields: Vec<NameList>,
    /// `replaces …`
    pub replaces: Vec<Replaces>,
    /// `when …` (at most one is allowed; none means always).
    pub conditions: Vec<Condition>,
    /// The whole rule.
    pub span: Span,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// `outcome licence-required [or the listing's review, whichever is stricter]`
    Outcome {
        /// The outcome word.
        outcome: Ident,
        /// The listing attribute that may make it stricter.
        listing_attribute: Option<Ident>,
        /// The clause.
        span: Span,
    },
    /// `raises a required licence to presumption-of-denial`
    Raises {
        /// `required by …`; `None` means any rule of the policy.
        by: Option<NameList>,
        /// The outcome raised to.
        to: Ident,
        /// The clause.
        span: Span,
    },
    /// `exempts deminimis, technology and origin`
    Exempts {
        /// The rules exempted.
        rules: NameList,
        /// The clause.
        span: Span,
    },
}

impl Effect {
    /// The clause's span.
    pub fn span(&self) -> Span {
        match self {
            Effect::Outcome { span, .. } | Effect::Raises { span, .. } | Effect::Exempts { span, .. } => *span,
        }
    }
}

/// `replaces cn-mofcom-2025-61.deminimis from 2026-06-01`
#[derive(Debug, Clone, PartialEq)]
pub struct Replaces {
    /// The rule replaced.
    pub target: Reference,
    /// From when; `None` means from the start of this rule's window.
    pub from: Option<DateLit>,
    /// The clause.
    pub span: Span,
}

/// A condition tree.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "conditions are few and built once per load; boxing every test would cost more than it saves"
)]
pub enum Condition {
    /// `a and b and c`
    All(Vec<Condition>, Span),
    /// `a or b or c`
    Any(Vec<Condition>, Span),
    /// `not a`
    Not(Box<Condition>, Span),
    /// One test.
    Atom(Atom, Span),
    /// `a and b or c`: rejected by the checker (needs parentheses).
    Mixed(Vec<Condition>, Span),
}

impl Condition {
    /// The condition's span.
    pub fn span(&self) -> Span {
        match self {
            Condition::All(_, s)
            | Condition::Any(_, s)
            | Condition::Not(_, s)
            | Condition::Atom(_, s)
            | Condition::Mixed(_, s) => *s,
        }
    }
}

/// `in` or `outside`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `in`
    In,
    /// `outside`
    Outside,
}

/// How a number is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `at least` (≥)
    AtLeast,
    /// `more than` (>)
    MoreThan,
    /// `at most` (≤)
    AtMost,
    /// `below` / `less than` (<)
    Below,
}

impl Comparator {
    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            Comparator::AtLeast => "at least",
            Comparator::MoreThan => "more than",
            Comparator::AtMost => "at most",
            Comparator::Below => "below",
        }
    }
}

/// How a date is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateComparator {
    /// `before`
    Before,
    /// `after`
    After,
    /// `on or before`
    OnOrBefore,
    /// `on or after`
    OnOrAfter,
}

impl DateComparator {
    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            DateComparator::Before => "before",
            DateComparator::After => "after",
            DateComparator::OnOrBefore => "on or before",
            DateComparator::OnOrAfter => "on or after",
        }
    }
}

/// `the end user` or `the exporter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyRole {
    /// `the end user`
    EndUser,
    /// `the exporter`
    Exporter,
}

impl PartyRole {
    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            PartyRole::EndUser => "the end user",
            PartyRole::Exporter => "the exporter",
        }
    }
}

/// Whose attribute is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeSubject {
    /// `the item's …`
    Item,
    /// `the shipment's …`
    Shipment,
    /// `the end user's …` / `the exporter's …`
    Party(PartyRole),
}

/// `is at least 14`, `is before 2025-10-09`, `is "N52"`.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeTest {
    /// A number compared with a threshold.
    Number(Comparator, Decimal),
    /// A date compared with a date.
    Date(DateComparator, DateLit),
    /// Equal to a value.
    Equals(Literal),
}

/// A literal value an attribute may equal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A date.
    Date(DateLit),
    /// A number.
    Number(Decimal),
    /// A text.
    Text(String),
    /// `true` / `false`.
    Bool(bool),
}

/// Whether a party caught through a holding passes its whole stake on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// `directly`: only holdings of listed parties count.
    Directly,
    /// `directly or indirectly`: a party caught by the test passes its whole stake down.
    Indirectly,
}

/// Whether stakes of several owners add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aggregation {
    /// `individually`: one owner must reach the threshold alone.
    Individually,
    /// `individually or in aggregate`: stakes add up.
    InAggregate,
}

/// `originating in CN`
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceFilter {
    /// `in` or `outside`.
    pub relation: Relation,
    /// Countries or groups.
    pub places: NameList,
}

/// The wording of an origin test (same meaning; kept for rendering).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginWording {
    /// `is made in`
    MadeIn,
    /// `originates in`
    Originates,
}

/// One test on the shipment, its item or its parties.
#[derive(Debug, Clone, PartialEq)]
pub enum Atom {
    /// `the value of components in part-1 originating in CN is at least 0.1% of the item's value`
    ContentShare {
        /// Which components count.
        category: Reference,
        /// Where they must originate.
        origin: Option<PlaceFilter>,
        /// How the share is compared.
        comparator: Comparator,
        /// The threshold.
        threshold: Percent,
    },
    /// `the item is made outside CN` / `the item originates in CN`
    ItemOrigin {
        /// How it is worded.
        wording: OriginWording,
        /// `in` or `outside`.
        relation: Relation,
        /// Countries or groups.
        places: NameList,
    },
    /// `the item is in part-2`
    ItemIn(Reference),
    /// `the item contains Dy or Tb`
    ItemContains(NameList),
    /// `the item is classed 1C902.a or 1C902.b`
    ItemClassed(NameList),
    /// `the item is made with magnet-manufacturing technology from CN`;
    /// `the item or a component of it is made with …`
    ItemMadeWith {
        /// Whether a component at any depth of the bill of materials counts
        /// too (`or a component of it`).
        components: bool,
        /// Which technologies; `None` means any.
        technologies: Option<NameList>,
        /// Where the technology comes from.
        places: NameList,
    },
    /// `the item has a component in part-1 originating in CN`
    ItemComponent {
        /// Which components.
        category: Reference,
        /// Where they must originate.
        origin: Option<PlaceFilter>,
    },
    /// `the destination is outside CN`
    Destination {
        /// `in` or `outside`.
        relation: Relation,
        /// Countries or groups.
        places: NameList,
    },
    /// `the destination is outside the country of export`: whether the
    /// shipment crosses a border.
    DestinationExportCountry {
        /// `in` (a delivery inside one country) or `outside` (an export).
        relation: Relation,
    },
    /// `the country of export is in CN`
    CountryOfExport {
        /// `in` or `outside`.
        relation: Relation,
        /// Countries or groups.
        places: NameList,
    },
    /// `the end use is wmd, terrorism or military`
    EndUse(NameList),
    /// `the date is on or after 2026-01-01`
    EvaluationDate(DateComparator, DateLit),
    /// `the end user is in US`
    PartyCountry {
        /// Whose country.
        party: PartyRole,
        /// `in` or `outside`.
        relation: Relation,
        /// Countries or groups.
        places: NameList,
    },
    /// `the end user is a military-end-user`
    PartyKind {
        /// Which party.
        party: PartyRole,
        /// Party kinds.
        kinds: NameList,
    },
    /// `the end user is on cn-control-list or cn-watch-list`
    PartyOn {
        /// Which party.
        party: PartyRole,
        /// Lists.
        lists: NameList,
    },
    /// `the end user is owned at least 50% by parties on us-entity-list,
    /// directly or indirectly, individually or in aggregate`
    PartyOwned {
        /// Which party.
        party: PartyRole,
        /// `at least` / `more than`.
        comparator: Comparator,
        /// The share.
        threshold: Percent,
        /// The lists whose parties count as owners (`parties on …`).
        lists: Option<NameList>,
        /// The party kinds whose parties count as owners (`… parties`).
        kinds: Option<NameList>,
        /// The owners as written (`military-end-user parties or parties on …`).
        owners: Span,
        /// `directly` or `directly or indirectly`.
        reach: Option<(Reach, Span)>,
        /// `individually` or `individually or in aggregate`.
        aggregation: Option<(Aggregation, Span)>,
    },
    /// `the shipment's logic_node_nm is at most 14`
    Attribute {
        /// Whose attribute.
        subject: AttributeSubject,
        /// The attribute name.
        name: Ident,
        /// The test.
        test: AttributeTest,
    },
}

/// `amendment suspend-61 "Art. 1"` and what it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Amendment {
    /// The amendment id, local to the policy.
    pub id: Ident,
    /// The article of the amending instrument.
    pub citation: Option<Text>,
    /// Quotes, notes and readings.
    pub literate: Vec<Literate>,
    /// What it does.
    pub actions: Vec<AmendmentAction>,
    /// `from D [until|through D]`: when it acts.
    pub windows: Vec<WindowAst>,
    /// `threshold 0.05%`
    pub threshold: Option<Percent>,
    /// `ownership threshold 25%`
    pub ownership_threshold: Option<Percent>,
    /// `new window in force from …`
    pub new_window: Option<WindowAst>,
    /// Parameter clauses given twice (an error), by keyword and span.
    pub repeated: Vec<(&'static str, Span)>,
    /// The whole amendment.
    pub span: Span,
}

/// One thing an amendment does.
#[derive(Debug, Clone, PartialEq)]
pub enum AmendmentAction {
    /// `suspends cn-mofcom-2025-61 and cn-mofcom-2025-62.origin`
    Suspends(NameList),
    /// `changes cn-mofcom-2025-61.deminimis`
    Changes(Reference),
    /// `extends cn-mofcom-2025-61.part-1 with any metal of Ho`
    Extends {
        /// The category extended.
        target: Reference,
        /// The lines added.
        members: Vec<Member>,
    },
}
