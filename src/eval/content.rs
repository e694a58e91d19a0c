//! Category membership and content value, per the spec's walk of the bill
//! of materials, in exact decimals and memoised per item.
//!
//! Bills of materials nest to any depth and categories may name categories
//! in chains of any length, both under the control of the input. So the
//! three questions asked here (is an item in a category, has it such a
//! component, what are its matching components worth) are answered by one
//! loop over an explicit stack of pending questions, never by recursion: a
//! question whose answer needs another one not yet known pushes it and is
//! resumed, where it stopped, once that one is answered and memoised.

use super::{Ctx, Evaluator};
use crate::facts::ItemIdx;
use crate::policy::{CategoryId, MemberTest, Places};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A content share and its parts.
pub(crate) struct ContentShare {
    /// The value of the matching components.
    pub content: Decimal,
    /// The item's value.
    pub value: Decimal,
    /// content / value.
    pub share: Decimal,
}

/// A question about one item on the day being evaluated, whose answer is memoised.
#[derive(Clone, Copy)]
enum Question<'p> {
    /// Is the item in the category?
    InCategory(ItemIdx, CategoryId),
    /// Has the item a component anywhere below it in the category (and from the places)?
    HasComponent(ItemIdx, CategoryId, Option<&'p Places>),
    /// What are the item's matching components worth (content test `memo`)?
    Content(ItemIdx, CategoryId, Option<&'p Places>, usize),
}

/// A question being answered: where it stopped, and what it has summed so far.
struct Pending<'p> {
    question: Question<'p>,
    /// The member (of a category) or line (of a bill of materials) to look at next.
    next: usize,
    /// For a content value: the sum of the lines before `next`.
    sum: Decimal,
    /// For a content value: whether every line so far could be valued.
    valued: bool,
}

/// What answering a pending question came to.
enum Step<'p> {
    /// Answered and memoised.
    Answered,
    /// This must be answered first.
    Needs(Question<'p>),
}

impl Evaluator<'_> {
    /// Whether `item` is in `category` on `day`.
    pub(crate) fn in_category(&mut self, item: ItemIdx, category: CategoryId, day: Date) -> bool {
        if let Some(known) = self.known_in_category(item, category, day) {
            return known;
        }
        self.answer(Question::InCategory(item, category), day);
        self.known_in_category(item, category, day).unwrap_or(false)
    }

    /// Whether any component anywhere below `item` is in `category` (and from `origin`).
    pub(crate) fn has_component(
        &mut self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        day: Date,
    ) -> bool {
        if let Some(known) = self.known_has_component(item, category, origin, day) {
            return known;
        }
        self.answer(Question::HasComponent(item, category, origin), day);
        self.known_has_component(item, category, origin, day).unwrap_or(false)
    }

    /// The share of `item`'s value made up by components in `category` from
    /// `origin`; `None` when it cannot be computed, and then a problem with
    /// the facts has been recorded (a missing or zero value, or a value too
    /// large for exact decimals), so that no decision rests on it.
    pub(crate) fn content_share(
        &mut self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        memo: usize,
        ctx: Ctx<'_>,
    ) -> Option<ContentShare> {
        let it = self.facts.item(item);
        let id = it.id.clone();
        let Some(value) = it.value else {
            self.problem(
                "edict::facts::missing-value",
                format!("items[{}]", quoted(&id)),
                format!("item `{id}` has no `value`, but a content share is computed on it"),
                "no value",
                Some("add the value of one unit, e.g. \"value\": \"480.00\"".into()),
            );
            return None;
        };
        if value.is_zero() {
            self.zero_value(item);
            return None;
        }
        let content = self.content_value(item, category, origin, memo, ctx.day)?;
        let Some(share) = content.checked_div(value) else {
            self.problem(
                OVERFLOW,
                format!("items[{}].value", quoted(&id)),
                format!(
                    "the content value of item `{id}` ({content}) divided by its value ({value}) is too large to compute exactly"
                ),
                "too small for this content value",
                Some(TOO_LARGE_HELP.into()),
            );
            return None;
        };
        Some(ContentShare { content, value, share })
    }

    /// Records that `item`'s value, the denominator of a content share, is zero.
    pub(crate) fn zero_value(&mut self, item: ItemIdx) {
        let id = quoted(&self.facts.item(item).id);
        self.problem(
            "edict::facts::zero-value",
            format!("items[{id}].value"),
            format!("`items[{id}].value` is zero, so no share of it can be computed"),
            "zero",
            None,
        );
    }

    /// The value of the matching components of one unit of `item`; `None`
    /// when it cannot be computed (a problem has been recorded).
    pub(crate) fn content_value(
        &mut self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        memo: usize,
        day: Date,
    ) -> Option<Decimal> {
        if let Some(known) = self.known_content(item, category, memo, day) {
            return known;
        }
        self.answer(Question::Content(item, category, origin, memo), day);
        self.known_content(item, category, memo, day).flatten()
    }

    /// The memoised membership of `item` in `category` on `day`, if known
    /// (a category that does not exist has no members).
    fn known_in_category(&self, item: ItemIdx, category: CategoryId, day: Date) -> Option<bool> {
        let Some(slot) = self.stretch_slot(category, day) else {
            return Some(false);
        };
        match self.in_category.get(slot).map(|row| row.get(item.0 as usize)) {
            Some(1) => Some(false),
            Some(2) => Some(true),
            _ => None,
        }
    }

    fn known_has_component(
        &self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        day: Date,
    ) -> Option<bool> {
        self.has_component
            .get(&self.has_component_key(item, category, origin, day))
            .copied()
    }

    fn known_content(&self, item: ItemIdx, category: CategoryId, memo: usize, day: Date) -> Option<Option<Decimal>> {
        let stretch = self.set.category(category).map_or(0, |c| c.epoch(day));
        self.content.get(&(memo, stretch, item)).copied()
    }

    /// The index in `in_category` of `category`'s stretch containing `day`.
    fn stretch_slot(&self, category: CategoryId, day: Date) -> Option<usize> {
        let cat = self.set.category(category)?;
        Some(self.first_stretch.get(category.0 as usize).copied().unwrap_or(0) + cat.epoch(day))
    }

    fn has_component_key(
        &self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        day: Date,
    ) -> (CategoryId, usize, usize, ItemIdx) {
        let stretch = self.set.category(category).map_or(0, |c| c.epoch(day));
        (category, origin.map_or(0, Places::fingerprint), stretch, item)
    }

    fn remember_in_category(&mut self, item: ItemIdx, category: CategoryId, day: Date, member: bool) {
        let Some(slot) = self.stretch_slot(category, day) else {
            return;
        };
        if let Some(row) = self.in_category.get_mut(slot) {
            row.set(item.0 as usize, if member { 2 } else { 1 });
        }
    }

    fn remember(&mut self, question: Question<'_>, day: Date, answer: Answer) {
        match (question, answer) {
            (Question::InCategory(item, category), Answer::Yes(member)) => {
                self.remember_in_category(item, category, day, member);
            }
            (Question::HasComponent(item, category, origin), Answer::Yes(has)) => {
                let key = self.has_component_key(item, category, origin, day);
                self.has_component.insert(key, has);
            }
            (Question::Content(item, category, _, memo), Answer::Value(value)) => {
                let stretch = self.set.category(category).map_or(0, |c| c.epoch(day));
                self.content.insert((memo, stretch, item), value);
            }
            _ => {}
        }
    }

    /// Answers `question` and every question it needs, memoising each.
    ///
    /// A question is memoised with a provisional answer (no, or no value)
    /// when it is pushed, so that each is pushed at most once and the loop
    /// ends even on a cycle (which the checker and the facts decoder reject
    /// before evaluation).
    fn answer<'p>(&mut self, question: Question<'p>, day: Date) {
        let mut stack = vec![self.start(question, day)];
        while let Some(top) = stack.last_mut() {
            let step = match top.question {
                Question::InCategory(item, category) => self.step_in_category(top, item, category, day),
                Question::HasComponent(item, category, origin) => {
                    self.step_has_component(top, item, category, origin, day)
                }
                Question::Content(item, category, origin, memo) => {
                    self.step_content(top, item, category, origin, memo, day)
                }
            };
            match step {
                Step::Answered => {
                    stack.pop();
                }
                Step::Needs(first) => {
                    let pending = self.start(first, day);
                    stack.push(pending);
                }
            }
        }
    }

    /// A question pushed, with its provisional answer memoised.
    fn start<'p>(&mut self, question: Question<'p>, day: Date) -> Pending<'p> {
        let provisional = match question {
            Question::Content(..) => Answer::Value(None),
            _ => Answer::Yes(false),
        };
        self.remember(question, day, provisional);
        Pending {
            question,
            next: 0,
            sum: Decimal::ZERO,
            valued: true,
        }
    }

    /// Goes on with "is `item` in `category`?" from member `top.next`.
    fn step_in_category<'p>(
        &mut self,
        top: &mut Pending<'p>,
        item: ItemIdx,
        category: CategoryId,
        day: Date,
    ) -> Step<'p> {
        let set = self.set;
        let Some(cat) = set.category(category) else {
            return Step::Answered;
        };
        let Some(slot) = self.stretch_slot(category, day) else {
            return Step::Answered;
        };
        let applying = match self.lines_applying.get(slot) {
            Some(Some(known)) => Arc::clone(known),
            _ => {
                let known: Arc<[bool]> = cat.members.iter().map(|m| line_applies(set, m, day)).collect();
                if let Some(entry) = self.lines_applying.get_mut(slot) {
                    *entry = Some(Arc::clone(&known));
                }
                known
            }
        };
        let it = self.facts.item(item);
        let mut member = false;
        for (k, (line, &applies)) in cat.members.iter().zip(applying.iter()).enumerate().skip(top.next) {
            if !applies {
                continue;
            }
            let hit = match &line.test {
                MemberTest::InCategory(inner) => match self.known_in_category(item, *inner, day) {
                    Some(known) => known,
                    None => {
                        top.next = k;
                        return Step::Needs(Question::InCategory(item, *inner));
                    }
                },
                MemberTest::Classed(names) => names.test(|c| it.classes.iter().any(|x| x == c)),
                MemberTest::Containing(compositions) => {
                    let within = self.facts.elements_within(item);
                    compositions.iter().any(|n| n.test(|e| within.contains(e)))
                }
                MemberTest::Form {
                    form,
                    compositions,
                    with_component,
                } => {
                    let shaped = it.classes.iter().any(|c| c == form)
                        && (compositions.is_empty()
                            || compositions.iter().any(|n| n.test(|e| it.elements.contains(e))));
                    match with_component {
                        Some(c) if shaped => match self.known_has_component(item, *c, None, day) {
                            Some(known) => known,
                            None => {
                                top.next = k;
                                return Step::Needs(Question::HasComponent(item, *c, None));
                            }
                        },
                        _ => shaped,
                    }
                }
            };
            if hit {
                member = true;
                break;
            }
        }
        self.remember(top.question, day, Answer::Yes(member));
        Step::Answered
    }

    /// Goes on with "has `item` a component in `category` from `origin`?" from line `top.next`.
    fn step_has_component<'p>(
        &mut self,
        top: &mut Pending<'p>,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&'p Places>,
        day: Date,
    ) -> Step<'p> {
        let facts = self.facts;
        let mut has = false;
        for (k, line) in facts.item(item).components.iter().enumerate().skip(top.next) {
            let component = facts.item(line.item);
            let Some(member) = self.known_in_category(line.item, category, day) else {
                top.next = k;
                return Step::Needs(Question::InCategory(line.item, category));
            };
            if member && origin.is_none_or(|o| o.contains(component.origin)) {
                has = true;
                break;
            }
            match self.known_has_component(line.item, category, origin, day) {
                Some(true) => {
                    has = true;
                    break;
                }
                Some(false) => {}
                None => {
                    top.next = k;
                    return Step::Needs(Question::HasComponent(line.item, category, origin));
                }
            }
        }
        self.remember(top.question, day, Answer::Yes(has));
        Step::Answered
    }

    /// Goes on with "what are `item`'s matching components worth?" from
    /// line `top.next`: a matching line counts in full, another counts what
    /// its own matching components are worth, times its quantity.
    #[allow(clippy::too_many_arguments, reason = "one question's parts, spelled out")]
    fn step_content<'p>(
        &mut self,
        top: &mut Pending<'p>,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&'p Places>,
        memo: usize,
        day: Date,
    ) -> Step<'p> {
        let facts = self.facts;
        let it = facts.item(item);
        for (k, line) in it.components.iter().enumerate().skip(top.next) {
            let component = facts.item(line.item);
            let Some(member) = self.known_in_category(line.item, category, day) else {
                top.next = k;
                return Step::Needs(Question::InCategory(line.item, category));
            };
            let path = || format!("items[{}].components[{k}]", quoted(&it.id));
            let part = if member && origin.is_none_or(|o| o.contains(component.origin)) {
                match (line.value, component.value) {
                    (Some(v), _) => Some(v),
                    (None, Some(unit)) => {
                        let times = unit.checked_mul(line.quantity);
                        if times.is_none() {
                            self.problem(
                                OVERFLOW,
                                path(),
                                format!(
                                    "`{}` ({}) counts towards a content share, but its unit value ({unit}) times its quantity ({}) is too large to compute exactly",
                                    path(),
                                    component.id,
                                    line.quantity
                                ),
                                "value × quantity too large",
                                Some(TOO_LARGE_HELP.into()),
                            );
                        }
                        times
                    }
                    (None, None) => {
                        self.problem(
                            "edict::facts::missing-value",
                            path(),
                            format!(
                                "`{}` ({}) counts towards a content share but has no value",
                                path(),
                                component.id
                            ),
                            "no line value, and the component has no unit value",
                            Some(format!(
                                "give the line a \"value\", or give item `{}` a \"value\"",
                                component.id
                            )),
                        );
                        None
                    }
                }
            } else {
                match self.known_content(line.item, category, memo, day) {
                    // Could not be computed: the problem is recorded below.
                    Some(None) => None,
                    Some(Some(inner)) => {
                        let times = inner.checked_mul(line.quantity);
                        if times.is_none() {
                            self.problem(
                                OVERFLOW,
                                path(),
                                format!(
                                    "`{}` ({}): the value of its matching components ({inner}) times its quantity ({}) is too large to compute exactly",
                                    path(),
                                    component.id,
                                    line.quantity
                                ),
                                "quantity too large for its content",
                                Some(TOO_LARGE_HELP.into()),
                            );
                        }
                        times
                    }
                    None => {
                        top.next = k;
                        return Step::Needs(Question::Content(line.item, category, origin, memo));
                    }
                }
            };
            match part.map(|p| top.sum.checked_add(p)) {
                Some(Some(sum)) => top.sum = sum,
                Some(None) => {
                    self.problem(
                        OVERFLOW,
                        path(),
                        format!(
                            "the content value of item `{}` is too large to compute exactly: adding `{}` ({}) to the lines before it exceeds {}",
                            it.id,
                            path(),
                            component.id,
                            Decimal::MAX
                        ),
                        "the sum exceeds the largest exact decimal here",
                        Some(TOO_LARGE_HELP.into()),
                    );
                    top.valued = false;
                }
                None => top.valued = false,
            }
        }
        let value = top.valued.then_some(top.sum);
        self.remember(top.question, day, Answer::Value(value));
        Step::Answered
    }
}

/// An answer to a [`Question`].
#[derive(Clone, Copy)]
enum Answer {
    /// To "is it in…" and "has it…".
    Yes(bool),
    /// To "what is it worth": `None` when it cannot be computed.
    Value(Option<Decimal>),
}

/// The code of a value too large for exact decimals (distinct from a missing one).
pub(crate) const OVERFLOW: &str = "edict::facts::overflow";

/// What to do about a value too large to compute with.
const TOO_LARGE_HELP: &str = "exact decimals hold at most 28-29 significant digits (up to 79228162514264337593543950335); check the values and quantities for a typo";

/// Whether a category line applies on `day`: a line added by an amendment
/// applies within the amendment's window, and only while the amending
/// policy is in force and not suspended (a suspended instrument's additions
/// to a list are suspended with it).
pub fn line_applies(set: &crate::policy::PolicySet, member: &crate::policy::CategoryMember, day: Date) -> bool {
    if member.added.as_ref().is_some_and(|(w, _)| !w.contains(day)) {
        return false;
    }
    member
        .added_by
        .as_ref()
        .is_none_or(|p| set.policy(p).is_some_and(|p| p.in_force_on(day)))
}

/// An id as a JSON string, for paths: `"motor"`.
pub(crate) fn quoted(id: &str) -> String {
    serde_json::to_string(id).unwrap_or_else(|_| format!("\"{id}\""))
}
