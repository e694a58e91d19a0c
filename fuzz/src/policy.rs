//! Policy files built from structured fuzz input: chains of categories and
//! country groups, rules whose conditions nest `not`, `and` and `or` over
//! every kind of test, windows, exemptions, and a draft that amends them.

use arbitrary::{Arbitrary, Unstructured};
use std::fmt::Write;

const PERCENTS: &[&str] = &["0%", "0.1%", "0.05%", "0.1000%", "25%", "50%", "99.99%", "100%"];
const OUTCOMES: &[&str] = &["licence-required", "presumption-of-denial", "prohibited"];
const PLACES: &[&str] = &["CN", "US", "DE", "JP", "MY", "the country of export"];

/// The generated files: a policy, and a draft amending it.
#[derive(Debug)]
pub struct Generated {
    /// `fuzz.edict`: the policy.
    pub policy: String,
    /// `draft.edict`: amendments of the policy's rules.
    pub draft: String,
}

fn date(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let day: u16 = u.arbitrary()?;
    let d = jiff::civil::date(2023, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day % 1826)))
        .unwrap();
    Ok(d.to_string())
}

fn pick<'a>(u: &mut Unstructured<'_>, from: &[&'a str]) -> arbitrary::Result<&'a str> {
    Ok(from[u.choose_index(from.len())?])
}

struct Names {
    categories: usize,
    groups: usize,
}

fn place(u: &mut Unstructured<'_>, names: &Names) -> arbitrary::Result<String> {
    if names.groups > 0 && u.ratio(1, 3)? {
        return Ok(format!("g{}", u.choose_index(names.groups)?));
    }
    Ok(pick(u, PLACES)?.to_string())
}

fn country(u: &mut Unstructured<'_>, names: &Names) -> arbitrary::Result<String> {
    let p = place(u, names)?;
    Ok(if p == "the country of export" { "CN".into() } else { p })
}

fn atom(u: &mut Unstructured<'_>, names: &Names) -> arbitrary::Result<String> {
    let cat = |u: &mut Unstructured<'_>| -> arbitrary::Result<String> {
        Ok(format!("c{}", u.choose_index(names.categories.max(1))?))
    };
    Ok(match u.int_in_range(0..=13u8)? {
        0 => format!("the item is in {}", cat(u)?),
        1 => format!("the item originates in {}", country(u, names)?),
        2 => format!("the item is made outside {}", country(u, names)?),
        3 => "the item is classed permanent-magnet or 1C905.a".into(),
        4 => "the item contains Dy".into(),
        5 => format!("the item has a component in {} originating in {}", cat(u)?, country(u, names)?),
        6 => format!(
            "the value of components in {} originating in {} is {} {} of the item's value",
            cat(u)?,
            country(u, names)?,
            pick(u, &["at least", "more than", "at most", "below"])?,
            pick(u, PERCENTS)?
        ),
        7 => format!("the destination is {} {}", pick(u, &["in", "outside"])?, place(u, names)?),
        8 => "the end use is military, wmd or terrorism".into(),
        9 => "the end user is on us-entity-list or cn-control-list".into(),
        10 => format!(
            "the end user is owned at least {} by parties on us-entity-list, directly or indirectly, individually or in aggregate",
            pick(u, &["50%", "25%", "100%"])?
        ),
        11 => "the end user is a military-end-user".into(),
        12 => "the shipment's node_nm is at most 14".into(),
        _ => format!("the country of export is in {}", country(u, names)?),
    })
}

/// A condition of at most `budget` atoms, nested by `not` and parentheses.
fn condition(u: &mut Unstructured<'_>, names: &Names, budget: usize, out: &mut String) -> arbitrary::Result<()> {
    let terms = u.int_in_range(1..=budget.clamp(1, 4))?;
    for t in 0..terms {
        if t > 0 {
            out.push_str(if u.arbitrary()? { " and " } else { " or " });
        }
        if u.ratio(1, 5)? {
            out.push_str("not ");
        }
        if budget > 2 && u.ratio(1, 3)? {
            out.push('(');
            condition(u, names, budget / 2, out)?;
            out.push(')');
        } else {
            out.push_str(&atom(u, names)?);
        }
    }
    Ok(())
}

impl<'a> Arbitrary<'a> for Generated {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let names = Names {
            categories: u.int_in_range(1..=12usize)?,
            groups: u.int_in_range(0..=6usize)?,
        };
        let mut p = String::new();
        writeln!(p, "policy fuzzpol").unwrap();
        writeln!(p, "  title \"Fuzz\"\n  authority \"Fuzz\"\n  jurisdiction CN").unwrap();
        writeln!(p, "  issued 2023-01-01").unwrap();
        if u.arbitrary()? {
            writeln!(p, "  in force from {}", date(u)?).unwrap();
        }
        for c in 0..names.categories {
            writeln!(p, "\ncategory c{c} \"Annex {c}\"").unwrap();
            match (c, u.int_in_range(0..=3u8)?) {
                (0, _) | (_, 0) => {
                    writeln!(p, "  any metal of Sm, Dy or Tb\n  any permanent-magnet containing Nd").unwrap()
                }
                (_, 1) => writeln!(p, "  any item classed 1C905.a or sputtering-target").unwrap(),
                _ => {
                    let below = u.choose_index(c)?;
                    writeln!(p, "  any item in c{below}\n  any assembly with a component in c{below}").unwrap();
                }
            }
        }
        for g in 0..names.groups {
            let mut members = vec![pick(u, &["CN", "US", "DE", "JP", "MY"])?.to_string()];
            if g > 0 && u.arbitrary()? {
                members.push(format!("g{}", u.choose_index(g)?));
            }
            writeln!(p, "\ncountry group g{g} \"Group {g}\" of {}", members.join(" and ")).unwrap();
        }
        let n_rules = u.int_in_range(1..=6usize)?;
        for r in 0..n_rules {
            writeln!(p, "\nrule r{r} \"Art. {r}\"").unwrap();
            if u.ratio(1, 3)? {
                let from = date(u)?;
                let end = if u.arbitrary()? {
                    format!(" {} {}", pick(u, &["until", "through"])?, date(u)?)
                } else {
                    String::new()
                };
                writeln!(p, "  in force from {from}{end}").unwrap();
            }
            if r > 0 && u.ratio(1, 4)? {
                writeln!(p, "  exempts r{}", u.choose_index(r)?).unwrap();
                if r > 1 && u.arbitrary()? {
                    writeln!(p, "  yields to r{}", u.choose_index(r)?).unwrap();
                }
            } else {
                writeln!(p, "  outcome {}", pick(u, OUTCOMES)?).unwrap();
            }
            let mut c = String::new();
            let budget = u.int_in_range(1..=24usize)?;
            condition(u, &names, budget, &mut c)?;
            writeln!(p, "  when {c}").unwrap();
        }
        let mut d = String::from(
            "policy fuzzdraft\n  title \"Draft\"\n  authority \"Fuzz\"\n  jurisdiction CN\n  issued 2023-01-01\n",
        );
        if u.arbitrary()? {
            writeln!(
                d,
                "\namendment s \"para. 1\"\n  suspends fuzzpol\n  from {} through {}",
                date(u)?,
                date(u)?
            )
            .unwrap();
        }
        if u.arbitrary()? {
            writeln!(
                d,
                "\namendment t \"para. 2\"\n  changes fuzzpol.r{}\n  from {}\n  threshold {}",
                u.choose_index(n_rules)?,
                date(u)?,
                pick(u, PERCENTS)?
            )
            .unwrap();
        }
        Ok(Generated { policy: p, draft: d })
    }
}
