//! Rules: citations, windows, effects and the rules they refer to.

use super::errors::CheckErrorKind as K;
use super::{suggest, Checker, Source};
use crate::ast;
use crate::outcome::Outcome;
use crate::policy::{Effect, Rule, RuleVersion, Window};

impl Checker<'_> {
    pub(super) fn declare_rules(&mut self, s: &Source<'_>) {
        let Some(pi) = self.index_of(s) else { return };
        let pid = s.header.id.name.clone();
        let mut seen: std::collections::HashMap<&str, ast::Ident> = std::collections::HashMap::new();
        for item in &s.file.items {
            let (id, is_rule) = match item {
                ast::Item::Rule(r) => (&r.id, r.replaces.is_empty()),
                ast::Item::Amendment(a) => (&a.id, false),
                _ => continue,
            };
            if let Some(first) = seen.get(id.name.as_str()) {
                let what = if matches!(item, ast::Item::Amendment(_)) {
                    "amendment"
                } else {
                    "rule"
                };
                let first = first.span;
                self.error_with(
                    K::Duplicate {
                        what,
                        name: id.name.clone(),
                    },
                    id.span,
                    K::FirstDeclaredHere,
                    first,
                );
                continue;
            }
            seen.insert(&id.name, id.clone());
            if !is_rule {
                continue;
            }
            let ast::Item::Rule(r) = item else { continue };
            let article = r.citation.as_ref().map(|c| c.value.clone()).unwrap_or_default();
            let literate = self.literate(&r.literate, r.span);
            let Some(policy) = self.set.policies.get_mut(pi) else {
                continue;
            };
            self.rules.insert((pid.clone(), id.name.clone()), policy.rules.len());
            policy.rules.push(Rule {
                id: id.name.clone(),
                cite: policy.cite(&article),
                article,
                window: Window::default(),
                suspensions: Vec::new(),
                versions: Vec::new(),
                literate,
                span: r.span,
            });
        }
    }

    pub(super) fn resolve_rules(&mut self, s: &Source<'_>) {
        let pid = s.header.id.name.clone();
        for item in &s.file.items {
            let ast::Item::Rule(r) = item else { continue };
            if r.citation.is_none() {
                self.error(
                    K::MissingCitation {
                        what: "rule",
                        name: r.id.name.clone(),
                    },
                    r.id.span,
                );
            }
            match r.replaces.as_slice() {
                [] => self.resolve_own_rule(&pid, r),
                [replaces, rest @ ..] => {
                    for extra in rest {
                        self.error(K::RepeatedClause { clause: "replaces" }, extra.span);
                    }
                    self.resolve_replacement(&pid, r, replaces);
                }
            }
        }
    }

    fn resolve_own_rule(&mut self, pid: &str, r: &ast::Rule) {
        let Some(&ri) = self.rules.get(&(pid.to_string(), r.id.name.clone())) else {
            return;
        };
        let Some(&pi) = self.policy_index.get(pid) else { return };
        if self
            .set
            .policies
            .get(pi)
            .and_then(|p| p.rules.get(ri))
            .is_none_or(|rule| rule.span != r.span)
        {
            return; // a duplicate, reported already
        }
        let window = self.rule_window(r);
        let version = self.version(pid, pid, r, None, None);
        if let Some(rule) = self.set.policies.get_mut(pi).and_then(|p| p.rules.get_mut(ri)) {
            rule.window = window;
            if let Some(v) = version {
                rule.versions.insert(0, v);
            }
        }
    }

    fn resolve_replacement(&mut self, pid: &str, r: &ast::Rule, replaces: &ast::Replaces) {
        for w in &r.windows {
            self.error(
                K::InvalidEffect {
                    reason: "a replacing rule takes the window of the rule it replaces; give the date with `replaces … from`".into(),
                },
                w.span,
            );
        }
        let Some((tpid, ti, ri)) = self.rule_target(pid, &replaces.target) else {
            return;
        };
        let from = replaces.from.as_ref().and_then(|d| self.date(d));
        let cite = match self.set.policy(pid) {
            Some(p) => p.cite(r.citation.as_ref().map_or("", |c| c.value.as_str())),
            None => String::new(),
        };
        let by = Some((format!("{pid}.{}", r.id.name), cite));
        let version = self.version(pid, &tpid, r, from, by);
        if let (Some(v), Some(rule)) = (version, self.set.policies.get_mut(ti).and_then(|p| p.rules.get_mut(ri))) {
            rule.versions.push(v);
        }
    }

    fn rule_window(&mut self, r: &ast::Rule) -> Window {
        for extra in r.windows.iter().skip(1) {
            self.error(K::RepeatedClause { clause: "in force" }, extra.span);
        }
        r.windows.first().map(|w| self.window(w)).unwrap_or_default()
    }

    /// One version of a rule: names resolve lexically in `lexical`, rule
    /// references in `owner` (the policy the rule acts in).
    fn version(
        &mut self,
        lexical: &str,
        owner: &str,
        r: &ast::Rule,
        from: Option<jiff::civil::Date>,
        amended_by: Option<(String, String)>,
    ) -> Option<RuleVersion> {
        for extra in r.effects.iter().skip(1) {
            self.error(K::RepeatedClause { clause: "outcome" }, extra.span());
        }
        for extra in r.conditions.iter().skip(1) {
            self.error(K::RepeatedClause { clause: "when" }, extra.span());
        }
        // `None`: the condition did not resolve; `Some(None)`: there is none (always).
        let condition: Option<Option<_>> = match r.conditions.first() {
            Some(c) => self.condition(lexical, c).map(Some),
            None => Some(None),
        };
        let yields: Vec<usize> = r
            .yields
            .iter()
            .flat_map(|l| l.names.iter())
            .filter_map(|n| self.local_rule(owner, n, "yields to"))
            .collect();
        let Some(effect) = r.effects.first() else {
            self.error(
                K::MissingEffect {
                    name: r.id.name.clone(),
                },
                r.id.span,
            );
            return None;
        };
        let effect = self.effect(owner, effect)?;
        Some(RuleVersion {
            from,
            effect,
            condition: condition?,
            yields,
            amended_by,
        })
    }

    fn effect(&mut self, owner: &str, e: &ast::Effect) -> Option<Effect> {
        Some(match e {
            ast::Effect::Outcome {
                outcome,
                listing_attribute,
                span,
            } => {
                let o = self.outcome(outcome)?;
                if listing_attribute.is_some() && o < Outcome::LicenceRequired {
                    self.error(
                        K::InvalidEffect {
                            reason: format!("a listing can only make a licence requirement stricter, not `{o}`"),
                        },
                        *span,
                    );
                }
                Effect::Outcome {
                    outcome: o,
                    listing_attribute: listing_attribute.as_ref().map(|a| a.name.clone()),
                }
            }
            ast::Effect::Raises { by, to, .. } => {
                let o = self.outcome(to)?;
                if o <= Outcome::LicenceRequired {
                    self.error(K::EscalationNotHigher { to: to.name.clone() }, to.span);
                }
                let by = by.as_ref().map(|l| {
                    l.names
                        .iter()
                        .filter_map(|n| self.local_rule(owner, n, "raises"))
                        .collect()
                });
                Effect::Raises { by, to: o }
            }
            ast::Effect::Exempts { rules, .. } => Effect::Exempts(
                rules
                    .names
                    .iter()
                    .filter_map(|n| self.local_rule(owner, n, "exempts"))
                    .collect(),
            ),
        })
    }

    fn outcome(&mut self, word: &ast::Ident) -> Option<Outcome> {
        if let Some(o) = Outcome::from_word(&word.name) {
            return Some(o);
        }
        let alias = match word.name.as_str() {
            "license-required" | "licence" | "license" | "licensing-required" => Some("licence-required"),
            "denied" | "presumption-of-denial-policy" | "denial" => Some("presumption-of-denial"),
            "forbidden" | "banned" => Some("prohibited"),
            _ => None,
        };
        let suggestion = alias
            .map(str::to_string)
            .or_else(|| suggest(&word.name, Outcome::ALL.iter().map(|o| o.as_str())));
        self.error(
            K::Unknown {
                what: "outcome",
                name: word.name.clone(),
                suggestion,
                advice: Some(
                    "outcomes are not-controlled, exempt, licence-required, case-by-case, presumption-of-denial and prohibited".into(),
                ),
            },
            word.span,
        );
        None
    }

    /// A rule of policy `owner`, referred to by an exception or escalation.
    fn local_rule(&mut self, owner: &str, r: &ast::Reference, clause: &'static str) -> Option<usize> {
        if let Some(p) = &r.policy {
            if p.name != owner {
                self.error(
                    K::CrossPolicyRule {
                        name: r.display(),
                        clause,
                    },
                    r.span,
                );
                return None;
            }
        }
        if let Some(&i) = self.rules.get(&(owner.to_string(), r.name.name.clone())) {
            return Some(i);
        }
        let candidates: Vec<String> = self
            .rules
            .keys()
            .filter(|(p, _)| p == owner)
            .map(|(_, n)| n.clone())
            .collect();
        let suggestion = suggest(&r.name.name, candidates.iter().map(String::as_str));
        self.error(
            K::Unknown {
                what: "rule",
                name: r.display(),
                suggestion,
                advice: None,
            },
            r.span,
        );
        None
    }

    /// A rule in any policy: `policy.rule`. Returns (policy id, policy index, rule index).
    pub(super) fn rule_target(&mut self, from: &str, r: &ast::Reference) -> Option<(String, usize, usize)> {
        let Some(p) = &r.policy else {
            self.error(
                K::Unknown {
                    what: "rule or policy",
                    name: r.display(),
                    suggestion: None,
                    advice: Some(format!(
                        "name the rule with its policy, e.g. `{}.{}`",
                        self.policy_index
                            .keys()
                            .find(|k| k.as_str() != from)
                            .map_or("policy-id", String::as_str),
                        r.name.name
                    )),
                },
                r.span,
            );
            return None;
        };
        let Some(&pi) = self.policy_index.get(&p.name) else {
            let suggestion = suggest(&p.name, self.policy_index.keys().map(String::as_str));
            self.error(
                K::Unknown {
                    what: "policy",
                    name: p.name.clone(),
                    suggestion,
                    advice: None,
                },
                p.span,
            );
            return None;
        };
        match self.rules.get(&(p.name.clone(), r.name.name.clone())) {
            Some(&ri) => Some((p.name.clone(), pi, ri)),
            None => {
                let candidates: Vec<String> = self
                    .rules
                    .keys()
                    .filter(|(q, _)| q == &p.name)
                    .map(|(_, n)| format!("{}.{n}", p.name))
                    .collect();
                let suggestion = suggest(&r.display(), candidates.iter().map(String::as_str));
                self.error(
                    K::Unknown {
                        what: "rule",
                        name: r.display(),
                        suggestion,
                        advice: None,
                    },
                    r.span,
                );
                None
            }
        }
    }
}
