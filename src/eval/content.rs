//! Category membership and content value, per the spec's walk of the bill
//! of materials, in exact decimals and memoised per item.

use super::{Ctx, Evaluator};
use crate::facts::ItemIdx;
use crate::policy::{CategoryId, MemberTest, Places};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::rc::Rc;

/// A content share and its parts.
pub(crate) struct ContentShare {
    /// The value of the matching components.
    pub content: Decimal,
    /// The item's value.
    pub value: Decimal,
    /// content / value.
    pub share: Decimal,
}

impl Evaluator<'_> {
    /// Whether `item` is in `category` on `day`.
    pub(crate) fn in_category(&mut self, item: ItemIdx, category: CategoryId, day: Date) -> bool {
        let Some(cat) = self.set.category(category) else {
            return false;
        };
        let slot = self.first_stretch.get(category.0 as usize).copied().unwrap_or(0) + cat.epoch(day);
        let i = item.0 as usize;
        match self.in_category.get(slot).and_then(|v| v.get(i)) {
            Some(1) => return false,
            Some(2) => return true,
            _ => {}
        }
        let set = self.set;
        let facts = self.facts;
        let it = facts.item(item);
        let applying = match self.lines_applying.get(slot) {
            Some(Some(known)) => Rc::clone(known),
            _ => {
                let known: Rc<[bool]> = cat.members.iter().map(|m| line_applies(set, m, day)).collect();
                if let Some(entry) = self.lines_applying.get_mut(slot) {
                    *entry = Some(Rc::clone(&known));
                }
                known
            }
        };
        let mut result = false;
        for (member, &applies) in cat.members.iter().zip(applying.iter()) {
            if !applies {
                continue;
            }
            let hit = match &member.test {
                MemberTest::InCategory(inner) => self.in_category(item, *inner, day),
                MemberTest::Classed(names) => names.test(|c| it.classes.iter().any(|x| x == c)),
                MemberTest::Form {
                    form,
                    compositions,
                    with_component,
                } => {
                    it.classes.iter().any(|c| c == form)
                        && (compositions.is_empty() || compositions.iter().any(|n| n.test(|e| it.elements.contains(e))))
                        && with_component.is_none_or(|c| self.has_component(item, c, None, day))
                }
            };
            if hit {
                result = true;
                break;
            }
        }
        let items = self.facts.items.len();
        if let Some(memo) = self.in_category.get_mut(slot) {
            if memo.len() < items {
                memo.resize(items, 0);
            }
            if let Some(known) = memo.get_mut(i) {
                *known = if result { 2 } else { 1 };
            }
        }
        result
    }

    /// Whether any component anywhere below `item` is in `category` (and from `origin`).
    pub(crate) fn has_component(
        &mut self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        day: Date,
    ) -> bool {
        let stretch = self.set.category(category).map_or(0, |c| c.epoch(day));
        let key = (category, origin.map_or(0, Places::fingerprint), stretch, item);
        if let Some(known) = self.has_component.get(&key) {
            return *known;
        }
        let facts = self.facts;
        let mut result = false;
        for line in &facts.item(item).components {
            let component = facts.item(line.item);
            let matches =
                self.in_category(line.item, category, day) && origin.is_none_or(|o| o.contains(component.origin));
            if matches || self.has_component(line.item, category, origin, day) {
                result = true;
                break;
            }
        }
        self.has_component.insert(key, result);
        result
    }

    /// The share of `item`'s value made up by components in `category` from `origin`.
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
            self.problem(
                "edict::facts::zero-value",
                format!("items[{}].value", quoted(&id)),
                format!(
                    "`items[{}].value` is zero, so no share of it can be computed",
                    quoted(&id)
                ),
                "zero",
                None,
            );
            return None;
        }
        let content = self.content_value(item, category, origin, memo, ctx.day)?;
        let share = content.checked_div(value)?;
        Some(ContentShare { content, value, share })
    }

    /// The value of the matching components of one unit of `item`.
    fn content_value(
        &mut self,
        item: ItemIdx,
        category: CategoryId,
        origin: Option<&Places>,
        memo: usize,
        day: Date,
    ) -> Option<Decimal> {
        let stretch = self.set.category(category).map_or(0, |c| c.epoch(day));
        if let Some(v) = self.content.get(&(memo, stretch, item)) {
            return Some(*v);
        }
        let facts = self.facts;
        let it = facts.item(item);
        let mut sum = Decimal::ZERO;
        let mut ok = true;
        for (position, line) in it.components.iter().enumerate() {
            let component = facts.item(line.item);
            let matches =
                self.in_category(line.item, category, day) && origin.is_none_or(|o| o.contains(component.origin));
            let part = if matches {
                match line
                    .value
                    .or_else(|| component.value.and_then(|v| v.checked_mul(line.quantity)))
                {
                    Some(v) => Some(v),
                    None => {
                        self.problem(
                            "edict::facts::missing-value",
                            format!("items[{}].components[{position}]", quoted(&it.id)),
                            format!(
                                "`items[{}].components[{position}]` ({}) counts towards a content share but has no value",
                                quoted(&it.id),
                                component.id
                            ),
                            "no line value, and the component has no unit value",
                            Some(format!("give the line a \"value\", or give item `{}` a \"value\"", component.id)),
                        );
                        None
                    }
                }
            } else {
                self.content_value(line.item, category, origin, memo, day)
                    .and_then(|v| v.checked_mul(line.quantity))
            };
            match part.and_then(|p| sum.checked_add(p)) {
                Some(s) => sum = s,
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        self.content.insert((memo, stretch, item), sum);
        Some(sum)
    }
}

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
