//! Pairs → AST for the header, declarations, rules and amendments.

use super::conditions::build_condition;
use super::pairs::{date, ident, span, text, At, Children, Internal};
use super::Rule;
use crate::ast;
use pest::iterators::Pair;

/// `policy <id>` and its properties.
pub fn build_header(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Header, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let id = ident(c.expect(Rule::ident)?, at);
    let mut h = ast::Header {
        id,
        title: None,
        authority: None,
        jurisdiction: None,
        issued: None,
        source: None,
        citation: None,
        window: None,
        literate: Vec::new(),
        repeated: Vec::new(),
        span: whole,
    };
    while let Some(p) = c.next() {
        let here = span(&p, at);
        let rule = p.as_rule();
        let once = |slot_filled: bool, keyword: &'static str| {
            if slot_filled {
                h_repeated(keyword, here)
            } else {
                None
            }
        };
        let repeated = match rule {
            Rule::title => once(h.title.is_some(), "title"),
            Rule::authority => once(h.authority.is_some(), "authority"),
            Rule::jurisdiction => once(h.jurisdiction.is_some(), "jurisdiction"),
            Rule::issued => once(h.issued.is_some(), "issued"),
            Rule::source => once(h.source.is_some(), "source"),
            Rule::citation => once(h.citation.is_some(), "cite as"),
            Rule::window => once(h.window.is_some(), "in force"),
            _ => None,
        };
        if let Some(r) = repeated {
            h.repeated.push(r);
        }
        match rule {
            Rule::title => h.title = Some(inner_text(p, at)?),
            Rule::authority => h.authority = Some(inner_text(p, at)?),
            Rule::source => h.source = Some(inner_text(p, at)?),
            Rule::citation => h.citation = Some(inner_text(p, at)?),
            Rule::jurisdiction => h.jurisdiction = Some(ident(Children::of(p, at).expect(Rule::ident)?, at)),
            Rule::issued => h.issued = Some(date(Children::of(p, at).expect(Rule::date)?, at)),
            Rule::window => h.window = Some(build_window(p, at)?),
            Rule::quote | Rule::note | Rule::reading => h.literate.push(build_literate(p, at)?),
            Rule::EOI => {}
            _ => return Err(c.unexpected("a header property")),
        }
    }
    Ok(h)
}

fn h_repeated(keyword: &'static str, span: crate::source::Span) -> Option<(&'static str, crate::source::Span)> {
    Some((keyword, span))
}

fn inner_text(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Text, Internal> {
    Ok(text(Children::of(pair, at).expect(Rule::string)?, at))
}

/// `in force from D until D`
pub fn build_window(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::WindowAst, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let from = c.next_if(Rule::date).map(|d| date(d, at));
    let end = match c.next_if(Rule::window_end) {
        Some(e) => Some(build_window_end(e, at)?),
        None => None,
    };
    Ok(ast::WindowAst { from, end, span: whole })
}

fn build_window_end(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::WindowEnd, Internal> {
    let mut c = Children::of(pair, at);
    let end = c.next().ok_or_else(|| c.unexpected("`until` or `through`"))?;
    let rule = end.as_rule();
    let d = date(Children::of(end, at).expect(Rule::date)?, at);
    Ok(match rule {
        Rule::through_end => ast::WindowEnd::Through(d),
        _ => ast::WindowEnd::Until(d),
    })
}

/// `quote "…"`, `note "…"`, `reading TAG "…" alternative "…"`
pub fn build_literate(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Literate, Internal> {
    let rule = pair.as_rule();
    let mut c = Children::of(pair, at);
    Ok(match rule {
        Rule::quote => ast::Literate::Quote(text(c.expect(Rule::string)?, at)),
        Rule::note => ast::Literate::Note(text(c.expect(Rule::string)?, at)),
        _ => {
            let tag = ident(c.expect(Rule::code)?, at);
            let chosen = text(c.expect(Rule::string)?, at);
            let alternative = c.next_if(Rule::string).map(|s| text(s, at));
            let mut substitutions = Vec::new();
            while let Some(s) = c.next_if(Rule::substitution) {
                let span = span(&s, at);
                let mut parts = Children::of(s, at);
                parts.expect(Rule::for_word)?;
                let chosen = text(parts.expect(Rule::string)?, at);
                parts.expect(Rule::read_word)?;
                let alternative = text(parts.expect(Rule::string)?, at);
                substitutions.push(ast::Substitution {
                    chosen,
                    alternative,
                    span,
                });
            }
            ast::Literate::Reading {
                tag,
                text: chosen,
                alternative,
                substitutions,
            }
        }
    })
}

/// One top-level item.
pub fn build_item(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Item, Internal> {
    let mut c = Children::of(pair, at);
    let inner = c.next().ok_or_else(|| c.unexpected("an item"))?;
    Ok(match inner.as_rule() {
        Rule::category => ast::Item::Category(build_category(inner, at)?),
        Rule::tag_decl => ast::Item::Tag(build_tag(inner, at)?),
        Rule::country_group => ast::Item::CountryGroup(build_country_group(inner, at)?),
        Rule::rule_decl => ast::Item::Rule(build_rule(inner, at)?),
        Rule::amendment => ast::Item::Amendment(build_amendment(inner, at)?),
        _ => return Err(c.unexpected("an item")),
    })
}

fn build_category(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Category, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let id = ident(c.expect(Rule::ident)?, at);
    let title = c.next_if(Rule::string).map(|s| text(s, at));
    let mut literate = Vec::new();
    let mut members = Vec::new();
    while let Some(p) = c.next() {
        match p.as_rule() {
            Rule::quote | Rule::note | Rule::reading => literate.push(build_literate(p, at)?),
            Rule::member => members.push(build_member(p, at)?),
            _ => return Err(c.unexpected("a category line")),
        }
    }
    Ok(ast::Category {
        id,
        title,
        literate,
        members,
        span: whole,
    })
}

/// `any …`
pub fn build_member(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Member, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let inner = c.next().ok_or_else(|| c.unexpected("a member"))?;
    let rule = inner.as_rule();
    let mut m = Children::of(inner, at);
    let kind = match rule {
        Rule::member_in => ast::MemberKind::InCategory(reference(m.expect(Rule::reference)?, at)?),
        Rule::member_classed => ast::MemberKind::Classed(code_list(m.expect(Rule::code_list)?, at)?),
        _ => {
            let form = ident(m.expect(Rule::code)?, at);
            let mut composition = Vec::new();
            let mut with_component = None;
            if let Some(comp) = m.next_if(Rule::composition) {
                let mut parts = Children::of(comp, at);
                while let Some(part) = parts.next() {
                    if part.as_rule() != Rule::composition_part {
                        continue;
                    }
                    let word = if part.as_str().starts_with("containing") {
                        "containing"
                    } else {
                        "of"
                    };
                    let elements = name_list(Children::of(part, at).expect(Rule::name_list)?, at)?;
                    composition.push(ast::Composition { word, elements });
                }
            }
            if let Some(w) = m.next_if(Rule::with_component) {
                let mut wc = Children::of(w, at);
                wc.next_if(Rule::article);
                with_component = Some(reference(wc.expect(Rule::reference)?, at)?);
            }
            ast::MemberKind::Form {
                form,
                composition,
                with_component,
            }
        }
    };
    Ok(ast::Member { kind, span: whole })
}

fn build_tag(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::TagDecl, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let kind_pair = c.expect(Rule::tag_kind)?;
    let words: Vec<&str> = kind_pair.as_str().split_whitespace().collect();
    let kind = match words.first().copied() {
        Some("list") => ast::TagKind::List,
        Some("end") => ast::TagKind::EndUse,
        Some("kind") => ast::TagKind::Kind,
        Some("class") => ast::TagKind::Class,
        _ => ast::TagKind::Technology,
    };
    let name = ident(c.expect(Rule::code)?, at);
    let description = c.next_if(Rule::string).map(|s| text(s, at));
    Ok(ast::TagDecl {
        kind,
        name,
        description,
        span: whole,
    })
}

fn build_country_group(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::CountryGroup, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let id = ident(c.expect(Rule::ident)?, at);
    let title = c.next_if(Rule::string).map(|s| text(s, at));
    let members = name_list(c.expect(Rule::name_list)?, at)?;
    Ok(ast::CountryGroup {
        id,
        title,
        members,
        span: whole,
    })
}

fn build_rule(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Rule, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let id = ident(c.expect(Rule::ident)?, at);
    let citation = c.next_if(Rule::string).map(|s| text(s, at));
    let mut r = ast::Rule {
        id,
        citation,
        windows: Vec::new(),
        literate: Vec::new(),
        effects: Vec::new(),
        yields: Vec::new(),
        replaces: Vec::new(),
        conditions: Vec::new(),
        span: whole,
    };
    while let Some(p) = c.next() {
        match p.as_rule() {
            Rule::window => r.windows.push(build_window(p, at)?),
            Rule::quote | Rule::note | Rule::reading => r.literate.push(build_literate(p, at)?),
            Rule::effect => r.effects.push(build_effect(p, at)?),
            Rule::yields => r
                .yields
                .push(name_list(Children::of(p, at).expect(Rule::name_list)?, at)?),
            Rule::replaces => {
                let here = span(&p, at);
                let mut rc = Children::of(p, at);
                let target = reference(rc.expect(Rule::reference)?, at)?;
                let from = rc.next_if(Rule::date).map(|d| date(d, at));
                r.replaces.push(ast::Replaces {
                    target,
                    from,
                    span: here,
                });
            }
            Rule::when => r
                .conditions
                .push(build_condition(Children::of(p, at).expect(Rule::condition)?, at)?),
            _ => return Err(c.unexpected("a rule clause")),
        }
    }
    Ok(r)
}

fn build_effect(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Effect, Internal> {
    let mut c = Children::of(pair, at);
    let inner = c.next().ok_or_else(|| c.unexpected("an effect"))?;
    let here = span(&inner, at);
    let rule = inner.as_rule();
    let mut e = Children::of(inner, at);
    Ok(match rule {
        Rule::outcome_effect => {
            let outcome = ident(e.expect(Rule::ident)?, at);
            let listing_attribute = match e.next_if(Rule::listing_attribute) {
                Some(l) => Some(ident(Children::of(l, at).expect(Rule::ident)?, at)),
                None => None,
            };
            ast::Effect::Outcome {
                outcome,
                listing_attribute,
                span: here,
            }
        }
        Rule::raises_effect => {
            e.next_if(Rule::article);
            let by = match e.next_if(Rule::name_list) {
                Some(l) => Some(name_list(l, at)?),
                None => None,
            };
            let to = ident(e.expect(Rule::ident)?, at);
            ast::Effect::Raises { by, to, span: here }
        }
        _ => ast::Effect::Exempts {
            rules: name_list(e.expect(Rule::name_list)?, at)?,
            span: here,
        },
    })
}

fn build_amendment(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Amendment, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let id = ident(c.expect(Rule::ident)?, at);
    let citation = c.next_if(Rule::string).map(|s| text(s, at));
    let mut a = ast::Amendment {
        id,
        citation,
        literate: Vec::new(),
        actions: Vec::new(),
        windows: Vec::new(),
        threshold: None,
        ownership_threshold: None,
        new_window: None,
        repeated: Vec::new(),
        span: whole,
    };
    while let Some(p) = c.next() {
        let here = span(&p, at);
        match p.as_rule() {
            Rule::quote | Rule::note | Rule::reading => a.literate.push(build_literate(p, at)?),
            Rule::suspends => a.actions.push(ast::AmendmentAction::Suspends(name_list(
                Children::of(p, at).expect(Rule::name_list)?,
                at,
            )?)),
            Rule::changes => a.actions.push(ast::AmendmentAction::Changes(reference(
                Children::of(p, at).expect(Rule::reference)?,
                at,
            )?)),
            Rule::extends => {
                let mut ec = Children::of(p, at);
                let target = reference(ec.expect(Rule::reference)?, at)?;
                let mut members = Vec::new();
                while let Some(m) = ec.next_if(Rule::member) {
                    members.push(build_member(m, at)?);
                }
                a.actions.push(ast::AmendmentAction::Extends { target, members });
            }
            Rule::amendment_window => {
                let mut wc = Children::of(p, at);
                let from = Some(date(wc.expect(Rule::date)?, at));
                let end = match wc.next_if(Rule::window_end) {
                    Some(e) => Some(build_window_end(e, at)?),
                    None => None,
                };
                a.windows.push(ast::WindowAst { from, end, span: here });
            }
            Rule::set_threshold => {
                if a.threshold.is_some() {
                    a.repeated.push(("threshold", here));
                }
                a.threshold = Some(percent(Children::of(p, at).expect(Rule::percent)?, at)?)
            }
            Rule::set_ownership_threshold => {
                if a.ownership_threshold.is_some() {
                    a.repeated.push(("ownership threshold", here));
                }
                a.ownership_threshold = Some(percent(Children::of(p, at).expect(Rule::percent)?, at)?)
            }
            Rule::set_window => {
                if a.new_window.is_some() {
                    a.repeated.push(("new window", here));
                }
                a.new_window = Some(build_window(Children::of(p, at).expect(Rule::window)?, at)?)
            }
            _ => return Err(c.unexpected("an amendment clause")),
        }
    }
    Ok(a)
}

/// `policy.name` or `name`.
pub fn reference(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Reference, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let first = ident(c.expect(Rule::ident)?, at);
    Ok(match c.next_if(Rule::ident) {
        Some(second) => ast::Reference {
            policy: Some(first),
            name: ident(second, at),
            span: whole,
        },
        None => ast::Reference {
            policy: None,
            name: first,
            span: whole,
        },
    })
}

/// `a, b or c` of references.
pub fn name_list(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::NameList, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let mut names = Vec::new();
    let mut joiner = ast::Joiner::Single;
    while let Some(p) = c.next() {
        match p.as_rule() {
            Rule::reference => names.push(reference(p, at)?),
            Rule::list_joiner | Rule::or_word => {
                joiner = if p.as_str() == "and" {
                    ast::Joiner::And
                } else {
                    ast::Joiner::Or
                }
            }
            _ => return Err(c.unexpected("a name")),
        }
    }
    Ok(ast::NameList {
        names,
        joiner,
        span: whole,
    })
}

/// `1C902.a, 1C902.b or 1C902.c`
pub fn code_list(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::NameList, Internal> {
    let whole = span(&pair, at);
    let mut c = Children::of(pair, at);
    let mut names = Vec::new();
    let mut joiner = ast::Joiner::Single;
    while let Some(p) = c.next() {
        match p.as_rule() {
            Rule::code => {
                let name = ident(p, at);
                names.push(ast::Reference {
                    policy: None,
                    span: name.span,
                    name,
                })
            }
            Rule::list_joiner => {
                joiner = if p.as_str() == "and" {
                    ast::Joiner::And
                } else {
                    ast::Joiner::Or
                }
            }
            _ => return Err(c.unexpected("a code")),
        }
    }
    Ok(ast::NameList {
        names,
        joiner,
        span: whole,
    })
}

/// `0.1%`
pub fn percent(pair: Pair<'_, Rule>, at: &impl At) -> Result<ast::Percent, Internal> {
    Ok(ast::Percent {
        value: super::pairs::number(&pair, at)?,
        span: span(&pair, at),
    })
}
