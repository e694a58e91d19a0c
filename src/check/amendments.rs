//! Amendments: suspensions, parameter changes and category extensions
//! applied to the policies they amend.

use super::errors::CheckErrorKind as K;
use super::{suggest, Checker, Source};
use crate::ast::{self, AmendmentAction};
use crate::policy::{AmendmentSummary, Condition, RuleVersion, Suspension, Test, Window};
use rust_decimal::Decimal;

impl Checker<'_> {
    pub(super) fn apply_amendments(&mut self, s: &Source<'_>) {
        let pid = s.header.id.name.clone();
        for item in &s.file.items {
            let ast::Item::Amendment(a) = item else { continue };
            self.apply_amendment(&pid, a);
        }
    }

    fn apply_amendment(&mut self, pid: &str, a: &ast::Amendment) {
        if a.citation.is_none() {
            self.error(
                K::MissingCitation {
                    what: "amendment",
                    name: a.id.name.clone(),
                },
                a.id.span,
            );
        }
        if a.actions.is_empty() {
            self.error(
                K::IncompleteAmendment {
                    missing: "what it amends (`suspends …`, `changes …` or `extends …`)".into(),
                },
                a.id.span,
            );
        }
        for (clause, span) in &a.repeated {
            self.error(K::RepeatedClause { clause }, *span);
        }
        for extra in a.windows.iter().skip(1) {
            self.error(K::RepeatedClause { clause: "from" }, extra.span);
        }
        let window = a.windows.first().map(|w| self.window(w));
        let cite = match self.set.policy(pid) {
            Some(p) => p.cite(a.citation.as_ref().map_or("", |c| c.value.as_str())),
            None => String::new(),
        };
        let by = format!("{pid}.{}", a.id.name);
        let mut actions = Vec::new();
        for action in &a.actions {
            match action {
                AmendmentAction::Suspends(list) => {
                    let Some(window) = window else {
                        self.error(
                            K::IncompleteAmendment {
                                missing: "from when the suspension holds (`from 2025-11-07 through 2026-11-10`)".into(),
                            },
                            list.span,
                        );
                        continue;
                    };
                    for target in &list.names {
                        if let Some(sentence) = self.suspend(pid, &by, &cite, window, target) {
                            actions.push(sentence);
                        }
                    }
                }
                AmendmentAction::Changes(target) => {
                    if let Some(sentence) = self.change(pid, &by, &cite, window, a, target) {
                        actions.push(sentence);
                    }
                }
                AmendmentAction::Extends { target, members } => {
                    let Some(cat) = self.category_ref(pid, target) else {
                        continue;
                    };
                    let added = Some((window.unwrap_or_default(), cite.clone()));
                    let resolved: Vec<_> = members
                        .iter()
                        .filter_map(|m| self.member(pid, m, added.clone()))
                        .map(|mut m| {
                            m.added_by = Some(pid.to_string());
                            m
                        })
                        .collect();
                    let count = resolved.len();
                    if let Some(c) = self.set.categories.get_mut(cat.0 as usize) {
                        c.members.extend(resolved);
                        c.dated = true;
                        actions.push(format!(
                            "extends {} by {count} line{} {}",
                            c.id,
                            if count == 1 { "" } else { "s" },
                            window.unwrap_or_default().describe()
                        ));
                    }
                }
            }
        }
        let literate = self.literate(&a.literate, a.span);
        if let Some(&pi) = self.policy_index.get(pid) {
            if let Some(p) = self.set.policies.get_mut(pi) {
                p.amendments.push(AmendmentSummary {
                    id: a.id.name.clone(),
                    cite,
                    actions,
                    literate,
                });
            }
        }
    }

    fn suspend(&mut self, _pid: &str, by: &str, cite: &str, window: Window, target: &ast::Reference) -> Option<String> {
        let suspension = Suspension {
            by: by.to_string(),
            by_policy: by.split('.').next().unwrap_or_default().to_string(),
            cite: cite.to_string(),
            window,
        };
        match &target.policy {
            None => {
                let name = &target.name.name;
                let Some(&pi) = self.policy_index.get(name) else {
                    let suggestion = suggest(name, self.policy_index.keys().map(String::as_str));
                    self.error(
                        K::Unknown {
                            what: "policy",
                            name: name.clone(),
                            suggestion,
                            advice: None,
                        },
                        target.span,
                    );
                    return None;
                };
                let p = self.set.policies.get_mut(pi)?;
                p.suspensions.push(suspension);
                Some(format!("suspends {name} {}", window.describe()))
            }
            Some(_) => {
                let (tpid, pi, ri) = self.rule_target(by, target)?;
                let rule = self.set.policies.get_mut(pi)?.rules.get_mut(ri)?;
                rule.suspensions.push(suspension);
                Some(format!("suspends {tpid}.{} {}", rule.id, window.describe()))
            }
        }
    }

    fn change(
        &mut self,
        pid: &str,
        by: &str,
        cite: &str,
        window: Option<Window>,
        a: &ast::Amendment,
        target: &ast::Reference,
    ) -> Option<String> {
        let (tpid, pi, ri) = self.rule_target(pid, target)?;
        if a.threshold.is_none() && a.ownership_threshold.is_none() && a.new_window.is_none() {
            self.error(
                K::IncompleteAmendment {
                    missing:
                        "what it changes (`threshold 0.05%`, `ownership threshold 25%` or `new window in force …`)"
                            .into(),
                },
                target.span,
            );
            return None;
        }
        let content = a.threshold.as_ref().map(|p| (self.share(p), p.value, p.span));
        let ownership = a.ownership_threshold.as_ref().map(|p| (self.share(p), p.value, p.span));
        let new_window = a.new_window.as_ref().map(|w| self.window(w));
        let from = window.and_then(|w| w.from);
        let mut sentences = Vec::new();
        let rule_name = format!("{tpid}.{}", target.name.name);
        if content.is_some() || ownership.is_some() {
            let rule = self.set.policies.get(pi)?.rules.get(ri)?;
            let base = match from {
                Some(d) => rule.version_on(d),
                None => rule.versions.first(),
            }?;
            let mut version: RuleVersion = base.clone();
            version.from = from;
            version.amended_by = Some((by.to_string(), cite.to_string()));
            let mut found = (false, false);
            if let Some(c) = version.condition.as_mut() {
                found = set_thresholds(c, content.map(|c| (c.0, c.1)), ownership.map(|o| (o.0, o.1)));
            }
            if let Some((_, value, span)) = content {
                if !found.0 {
                    self.error(
                        K::NothingToChange {
                            what: "content threshold",
                            rule: rule_name.clone(),
                        },
                        span,
                    );
                    return None;
                }
                sentences.push(format!("sets the content threshold of {rule_name} to {value}%"));
            }
            if let Some((_, value, span)) = ownership {
                if !found.1 {
                    self.error(
                        K::NothingToChange {
                            what: "ownership threshold",
                            rule: rule_name.clone(),
                        },
                        span,
                    );
                    return None;
                }
                sentences.push(format!("sets the ownership threshold of {rule_name} to {value}%"));
            }
            let rule = self.set.policies.get_mut(pi)?.rules.get_mut(ri)?;
            match from {
                Some(_) => rule.versions.push(version),
                None => {
                    if let Some(first) = rule.versions.first_mut() {
                        *first = version;
                    }
                }
            }
        }
        if let Some(w) = new_window {
            let rule = self.set.policies.get_mut(pi)?.rules.get_mut(ri)?;
            rule.window = w;
            sentences.push(format!("puts {rule_name} in force {}", w.describe()));
        }
        let when = from.map(|f| format!(" from {f}")).unwrap_or_default();
        Some(format!("{}{when}", sentences.join("; ")))
    }

    /// A category is dated when an amendment extends it or a category it
    /// includes is dated. Its change days are the days on which one of
    /// those added lines can start or stop applying: the line's own window,
    /// and the window and suspensions of the policy that added it. Run once
    /// every amendment of the set is applied, so every suspension is known.
    pub(super) fn mark_dated_categories(&mut self) {
        let set = &self.set;
        let own_days: Vec<Vec<jiff::civil::Date>> = set
            .categories
            .iter()
            .map(|c| {
                let mut days = Vec::new();
                for m in &c.members {
                    if let Some((w, _)) = &m.added {
                        days.extend([w.from, w.until].into_iter().flatten());
                    }
                    if let Some(p) = m.added_by.as_ref().and_then(|p| set.policy(p)) {
                        days.extend([p.window.from, p.window.until].into_iter().flatten());
                        for s in &p.suspensions {
                            days.extend([s.window.from, s.window.until].into_iter().flatten());
                        }
                    }
                }
                days
            })
            .collect();
        for (c, days) in self.set.categories.iter_mut().zip(own_days) {
            c.change_days = days;
        }
        loop {
            let mut changed = false;
            for i in 0..self.set.categories.len() {
                let Some(c) = self.set.categories.get(i) else { continue };
                let mut days = c.change_days.clone();
                let mut dated = c.dated;
                for m in &c.members {
                    let inner = match &m.test {
                        crate::policy::MemberTest::InCategory(id) => Some(*id),
                        crate::policy::MemberTest::Form {
                            with_component: Some(id),
                            ..
                        } => Some(*id),
                        _ => None,
                    };
                    if let Some(inner) = inner.and_then(|id| self.set.category(id)) {
                        dated |= inner.dated;
                        days.extend(inner.change_days.iter().copied());
                    }
                }
                days.sort_unstable();
                days.dedup();
                if let Some(c) = self.set.categories.get_mut(i) {
                    if dated != c.dated || days != c.change_days {
                        c.dated = dated;
                        c.change_days = days;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
}

/// Replaces content and ownership thresholds; says which were found.
fn set_thresholds(
    c: &mut Condition,
    content: Option<(Decimal, Decimal)>,
    ownership: Option<(Decimal, Decimal)>,
) -> (bool, bool) {
    match c {
        Condition::All(parts) | Condition::Any(parts) => parts.iter_mut().fold((false, false), |acc, p| {
            let r = set_thresholds(p, content, ownership);
            (acc.0 || r.0, acc.1 || r.1)
        }),
        Condition::Not(inner) => set_thresholds(inner, content, ownership),
        Condition::Test(test, _) => match (test.as_mut(), content, ownership) {
            (Test::ContentShare { threshold, percent, .. }, Some((fraction, value)), _) => {
                *threshold = fraction;
                *percent = value;
                (true, false)
            }
            (Test::PartyOwned(_, t), _, Some((fraction, value))) => {
                t.threshold = fraction;
                t.percent = value;
                (false, true)
            }
            _ => (false, false),
        },
    }
}
