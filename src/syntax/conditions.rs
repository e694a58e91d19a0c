//! Pairs → AST for conditions (`when …`).

use super::build::{code_list, name_list, percent, reference};
use super::pairs::{date, ident, number, span, text, At, Children, Internal};
use super::Rule;
use crate::ast;
use crate::source::Span;
use pest::iterators::Pair;

/// `a and b`, `a or b`, `not a`, `(a)`, or one test.
pub fn build_condition(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Condition, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let mut terms = Vec::new();
    let mut words = Vec::new();
    while let Some(p) = c.next() {
        match p.as_rule() {
            Rule::term => terms.push(build_term(p, at)?),
            Rule::connective => words.push(p.as_str().to_string()),
            _ => return Err(c.unexpected("a condition")),
        }
    }
    if terms.len() == 1 && words.is_empty() {
        return terms.pop().ok_or_else(|| c.unexpected("a condition"));
    }
    let all_and = words.iter().all(|w| w == "and");
    let all_or = words.iter().all(|w| w == "or");
    Ok(if all_and {
        ast::Condition::All(terms, whole)
    } else if all_or {
        ast::Condition::Any(terms, whole)
    } else {
        ast::Condition::Mixed(terms, whole)
    })
}

fn build_term(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Condition, Internal> {
    let whole = span(&pair, at);
    let term_text = pair.as_str();
    let term_start = pair.as_span().start();
    let mut c = Children::of(pair, at);
    let negation = c.next_if(Rule::negation);
    let inner = c.next().ok_or_else(|| c.unexpected("a condition"))?;
    let cond = if inner.as_rule() == Rule::group {
        build_condition(Children::of(inner, at).expect(Rule::condition)?, at)?
    } else {
        // The whole test, from its subject (`the item`, `the end user`: not
        // pairs of their own) to its end, without `not`.
        let here = match &negation {
            Some(n) => {
                let after = n.as_span().end();
                let rest = term_text.get(after.saturating_sub(term_start)..).unwrap_or("");
                let start = after + (rest.len() - rest.trim_start().len());
                Span::new(whole.file, at(start, start).start, whole.end)
            }
            None => whole,
        };
        ast::Condition::Atom(build_atom(inner, &mut c, at)?, here)
    };
    Ok(if negation.is_some() {
        ast::Condition::Not(Box::new(cond), whole)
    } else {
        cond
    })
}

fn relation(pair: &Pair<'_, Rule>) -> ast::Relation {
    if pair.as_str() == "outside" {
        ast::Relation::Outside
    } else {
        ast::Relation::In
    }
}

fn comparator(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Comparator, Internal> {
    let mut c = Children::of(pair, at);
    let inner = c.next().ok_or_else(|| c.unexpected("a comparison"))?;
    Ok(match inner.as_rule() {
        Rule::at_least => ast::Comparator::AtLeast,
        Rule::more_than => ast::Comparator::MoreThan,
        Rule::at_most => ast::Comparator::AtMost,
        _ => ast::Comparator::Below,
    })
}

fn date_comparator(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::DateComparator, Internal> {
    let mut c = Children::of(pair, at);
    let inner = c.next().ok_or_else(|| c.unexpected("a date comparison"))?;
    Ok(match inner.as_rule() {
        Rule::on_or_before => ast::DateComparator::OnOrBefore,
        Rule::on_or_after => ast::DateComparator::OnOrAfter,
        Rule::before => ast::DateComparator::Before,
        _ => ast::DateComparator::After,
    })
}

fn places(c: &mut Children<'_>, at: &impl At) -> Result<(ast::Relation, ast::NameList), Internal> {
    let rel = relation(&c.expect(Rule::place_relation)?);
    let list = name_list_from_places(c.expect(Rule::place_list)?, at)?;
    Ok((rel, list))
}

fn name_list_from_places(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::NameList, Internal> {
    // A place list has the shape of a name list.
    name_list(pair, at)
}

fn origin_filter(c: &mut Children<'_>, at: &impl At) -> Result<Option<ast::PlaceFilter>, Internal> {
    match c.next_if(Rule::origin_filter) {
        Some(f) => {
            let mut fc = Children::of(f, at);
            let (relation, places) = places(&mut fc, at)?;
            Ok(Some(ast::PlaceFilter { relation, places }))
        }
        None => Ok(None),
    }
}

fn party_role(pair: &Pair<'_, Rule>) -> ast::PartyRole {
    if pair.as_str().contains("exporter") {
        ast::PartyRole::Exporter
    } else {
        ast::PartyRole::EndUser
    }
}

/// One test. `rest` holds the siblings that follow a `party` pair.
fn build_atom(pair: Pair<'_, Rule>, rest: &mut Children<'_>, at: &impl At) -> Result<ast::Atom, Internal> {
    let rule = pair.as_rule();
    if rule == Rule::party {
        let role = party_role(&pair);
        let test = rest.next().ok_or_else(|| rest.unexpected("a test on a party"))?;
        return build_party_atom(role, test, at);
    }
    let mut c = Children::of(pair.clone(), at);
    Ok(match rule {
        Rule::content_share => {
            let category = reference(c.expect(Rule::reference)?, at)?;
            let origin = origin_filter(&mut c, at)?;
            let comparator = comparator(c.expect(Rule::share_comparator)?, at)?;
            let threshold = percent(c.expect(Rule::percent)?, at)?;
            ast::Atom::ContentShare {
                category,
                origin,
                comparator,
                threshold,
            }
        }
        Rule::item_origin => {
            let wording = if pair.as_str().starts_with("originates") {
                ast::OriginWording::Originates
            } else {
                ast::OriginWording::MadeIn
            };
            let (relation, places) = places(&mut c, at)?;
            ast::Atom::ItemOrigin {
                wording,
                relation,
                places,
            }
        }
        Rule::item_in => ast::Atom::ItemIn(reference(c.expect(Rule::reference)?, at)?),
        Rule::item_contains => ast::Atom::ItemContains(name_list(c.expect(Rule::name_list)?, at)?),
        Rule::item_classed => ast::Atom::ItemClassed(code_list(c.expect(Rule::code_list)?, at)?),
        Rule::item_made_with => {
            let components = c.next_if(Rule::or_a_component).is_some();
            let technologies = match c.next_if(Rule::name_list) {
                Some(l) => Some(name_list(l, at)?),
                None => None,
            };
            let places = name_list_from_places(c.expect(Rule::place_list)?, at)?;
            ast::Atom::ItemMadeWith {
                components,
                technologies,
                places,
            }
        }
        Rule::item_component => {
            c.next_if(Rule::article);
            let category = reference(c.expect(Rule::reference)?, at)?;
            let origin = origin_filter(&mut c, at)?;
            ast::Atom::ItemComponent { category, origin }
        }
        Rule::destination => {
            let relation = relation(&c.expect(Rule::place_relation)?);
            if c.next_if(Rule::export_country).is_some() {
                ast::Atom::DestinationExportCountry { relation }
            } else {
                let places = name_list_from_places(c.expect(Rule::place_list)?, at)?;
                ast::Atom::Destination { relation, places }
            }
        }
        Rule::country_of_export => {
            let (relation, places) = places(&mut c, at)?;
            ast::Atom::CountryOfExport { relation, places }
        }
        Rule::end_use => ast::Atom::EndUse(name_list(c.expect(Rule::name_list)?, at)?),
        Rule::evaluation_date => {
            let cmp = date_comparator(c.expect(Rule::date_comparator)?, at)?;
            ast::Atom::EvaluationDate(cmp, date(c.expect(Rule::date)?, at))
        }
        Rule::item_attribute => attribute(ast::AttributeSubject::Item, c.expect(Rule::attribute_test)?, at)?,
        Rule::shipment_attribute => attribute(ast::AttributeSubject::Shipment, c.expect(Rule::attribute_test)?, at)?,
        Rule::party_attribute => {
            let role = party_role(&c.expect(Rule::party_possessive)?);
            attribute(ast::AttributeSubject::Party(role), c.expect(Rule::attribute_test)?, at)?
        }
        _ => return Err(c.unexpected("a test")),
    })
}

fn build_party_atom(party: ast::PartyRole, pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Atom, Internal> {
    let rule = pair.as_rule();
    let mut c = Children::of(pair, at);
    Ok(match rule {
        Rule::party_country => {
            let (relation, places) = places(&mut c, at)?;
            ast::Atom::PartyCountry {
                party,
                relation,
                places,
            }
        }
        Rule::party_kind => {
            c.next_if(Rule::article);
            ast::Atom::PartyKind {
                party,
                kinds: name_list(c.expect(Rule::name_list)?, at)?,
            }
        }
        Rule::party_on => ast::Atom::PartyOn {
            party,
            lists: name_list(c.expect(Rule::name_list)?, at)?,
        },
        Rule::party_owned => {
            let comparator = comparator(c.expect(Rule::share_comparator)?, at)?;
            let threshold = percent(c.expect(Rule::percent)?, at)?;
            let owners_pair = c.expect(Rule::ownership_owners)?;
            let owners = span(&owners_pair, at);
            let (mut lists, mut kinds) = (None, None);
            let mut o = Children::of(owners_pair, at);
            while let Some(part) = o.next() {
                match part.as_rule() {
                    Rule::kind_owners => kinds = Some(name_list(Children::of(part, at).expect(Rule::name_list)?, at)?),
                    Rule::listed_owners => {
                        lists = Some(name_list(Children::of(part, at).expect(Rule::name_list)?, at)?)
                    }
                    _ => {}
                }
            }
            let reach = c.next_if(Rule::ownership_reach).map(|r| {
                let here = span(&r, at);
                let reach = if r.as_str().contains("indirectly") {
                    ast::Reach::Indirectly
                } else {
                    ast::Reach::Directly
                };
                (reach, here)
            });
            let aggregation = c.next_if(Rule::ownership_aggregation).map(|r| {
                let here = span(&r, at);
                let agg = if r.as_str().contains("aggregate") {
                    ast::Aggregation::InAggregate
                } else {
                    ast::Aggregation::Individually
                };
                (agg, here)
            });
            ast::Atom::PartyOwned {
                party,
                comparator,
                threshold,
                lists,
                kinds,
                owners,
                reach,
                aggregation,
            }
        }
        _ => return Err(c.unexpected("a test on a party")),
    })
}

fn attribute(subject: ast::AttributeSubject, pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Atom, Internal> {
    let mut c = Children::of(pair, at);
    let name = ident(c.expect(Rule::ident)?, at);
    let test_pair = c.next().ok_or_else(|| c.unexpected("an attribute test"))?;
    let test = match test_pair.as_rule() {
        Rule::number_test => {
            let mut t = Children::of(test_pair, at);
            let cmp = comparator(t.expect(Rule::share_comparator)?, at)?;
            let n = t.expect(Rule::number)?;
            ast::AttributeTest::Number(cmp, number(&n, at)?)
        }
        Rule::date_test => {
            let mut t = Children::of(test_pair, at);
            let cmp = date_comparator(t.expect(Rule::date_comparator)?, at)?;
            ast::AttributeTest::Date(cmp, date(t.expect(Rule::date)?, at))
        }
        _ => {
            let mut t = Children::of(test_pair, at);
            let v = t.next().ok_or_else(|| t.unexpected("a value"))?;
            ast::AttributeTest::Equals(match v.as_rule() {
                Rule::date => ast::Literal::Date(date(v, at)),
                Rule::number => ast::Literal::Number(number(&v, at)?),
                Rule::string => ast::Literal::Text(text(v, at).value),
                _ => ast::Literal::Bool(v.as_str() == "true"),
            })
        }
    };
    Ok(ast::Atom::Attribute { subject, name, test })
}
