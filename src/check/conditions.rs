//! Conditions: every name resolved, every literal validated.

use super::errors::CheckErrorKind as K;
use super::Checker;
use crate::ast::{self, Atom, TagKind};
use crate::policy::{AttributeTest, Condition, OwnershipTest, Test};

impl Checker<'_> {
    /// Resolves a condition seen from policy `from`. Errors are recorded; the
    /// result is `None` only when a part could not be resolved.
    pub(super) fn condition(&mut self, from: &str, c: &ast::Condition) -> Option<Condition> {
        match c {
            ast::Condition::All(parts, _) => Some(Condition::All(self.conditions(from, parts)?)),
            ast::Condition::Any(parts, _) => Some(Condition::Any(self.conditions(from, parts)?)),
            ast::Condition::Not(inner, _) => Some(Condition::Not(Box::new(self.condition(from, inner)?))),
            ast::Condition::Mixed(parts, span) => {
                self.error(K::MixedConnectives, *span);
                let _ = self.conditions(from, parts);
                None
            }
            ast::Condition::Atom(atom, span) => Some(Condition::Test(Box::new(self.atom(from, atom)?), *span)),
        }
    }

    fn conditions(&mut self, from: &str, parts: &[ast::Condition]) -> Option<Vec<Condition>> {
        // Resolve every part, so that every error is reported.
        let resolved: Vec<Option<Condition>> = parts.iter().map(|p| self.condition(from, p)).collect();
        resolved.into_iter().collect()
    }

    fn atom(&mut self, from: &str, atom: &Atom) -> Option<Test> {
        Some(match atom {
            Atom::ContentShare {
                category,
                origin,
                comparator,
                threshold,
            } => {
                let cat = self.category_ref(from, category);
                let origin = origin.as_ref().map(|o| self.places(o.relation, &o.places));
                let fraction = self.share(threshold);
                let memo = self.content_tests;
                self.content_tests += 1;
                Test::ContentShare {
                    category: cat?,
                    origin,
                    comparator: *comparator,
                    threshold: fraction,
                    percent: threshold.value,
                    memo,
                }
            }
            Atom::ItemOrigin {
                wording,
                relation,
                places,
            } => Test::ItemOrigin(self.places(*relation, places), *wording),
            Atom::ItemIn(r) => Test::ItemIn(self.category_ref(from, r)?),
            Atom::ItemContains(list) => Test::ItemContains(self.elements(list)),
            Atom::ItemClassed(list) => Test::ItemClassed(self.tags(TagKind::Class, list)),
            Atom::ItemMadeWith {
                components,
                technologies,
                places,
            } => Test::ItemMadeWith {
                components: *components,
                technologies: technologies.as_ref().map(|t| self.tags(TagKind::Technology, t)),
                places: self.places(ast::Relation::In, places),
            },
            Atom::ItemComponent { category, origin } => {
                let cat = self.category_ref(from, category);
                let origin = origin.as_ref().map(|o| self.places(o.relation, &o.places));
                Test::ItemComponent { category: cat?, origin }
            }
            Atom::Destination { relation, places } => Test::Destination(self.places(*relation, places)),
            Atom::DestinationExportCountry { relation } => Test::DestinationExportCountry {
                outside: *relation == ast::Relation::Outside,
            },
            Atom::CountryOfExport { relation, places } => Test::CountryOfExport(self.places(*relation, places)),
            Atom::EndUse(list) => Test::EndUse(self.tags(TagKind::EndUse, list)),
            Atom::EvaluationDate(cmp, d) => Test::EvaluationDate(*cmp, self.date(d)?),
            Atom::PartyCountry {
                party,
                relation,
                places,
            } => Test::PartyCountry(*party, self.places(*relation, places)),
            Atom::PartyKind { party, kinds } => Test::PartyKind(*party, self.tags(TagKind::Kind, kinds)),
            Atom::PartyOn { party, lists } => Test::PartyOn(*party, self.tags(TagKind::List, lists)),
            Atom::PartyOwned {
                party,
                comparator,
                threshold,
                lists,
                kinds,
                owners,
                reach,
                aggregation,
            } => {
                let list_names: Vec<String> = lists
                    .as_ref()
                    .map(|l| self.tags(TagKind::List, l).names)
                    .unwrap_or_default();
                let kind_names: Vec<String> = kinds
                    .as_ref()
                    .map(|k| self.tags(TagKind::Kind, k).names)
                    .unwrap_or_default();
                let fraction = self.share(threshold);
                if matches!(comparator, ast::Comparator::AtMost | ast::Comparator::Below) {
                    self.error(
                        K::OwnershipComparator {
                            words: comparator.words(),
                        },
                        threshold.span,
                    );
                }
                // Below 0% is reported by `share`.
                if threshold.value.is_zero() {
                    self.error(
                        K::PercentOutOfRange {
                            value: threshold.value.to_string(),
                            ownership: true,
                        },
                        threshold.span,
                    );
                }
                if reach.is_none() {
                    self.error(K::OwnershipReadingMissing { missing: "directly" }, *owners);
                }
                if aggregation.is_none() {
                    self.error(
                        K::OwnershipReadingMissing {
                            missing: "individually",
                        },
                        *owners,
                    );
                }
                Test::PartyOwned(
                    *party,
                    OwnershipTest {
                        comparator: *comparator,
                        threshold: fraction,
                        percent: threshold.value,
                        lists: list_names,
                        kinds: kind_names,
                        reach: reach.map(|r| r.0)?,
                        aggregation: aggregation.map(|a| a.0)?,
                    },
                )
            }
            Atom::Attribute { subject, name, test } => Test::Attribute {
                subject: *subject,
                name: name.name.clone(),
                test: match test {
                    ast::AttributeTest::Number(c, n) => AttributeTest::Number(*c, *n),
                    ast::AttributeTest::Date(c, d) => AttributeTest::Date(*c, self.date(d)?),
                    ast::AttributeTest::Equals(ast::Literal::Date(d)) => AttributeTest::EqualsDate(self.date(d)?),
                    ast::AttributeTest::Equals(ast::Literal::Number(n)) => AttributeTest::EqualsNumber(*n),
                    ast::AttributeTest::Equals(ast::Literal::Text(t)) => AttributeTest::EqualsText(t.clone()),
                    ast::AttributeTest::Equals(ast::Literal::Bool(b)) => AttributeTest::EqualsBool(*b),
                },
            },
        })
    }
}
