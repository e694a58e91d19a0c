//! A rule's entry: its sentence, each later version, its suspensions, the
//! days it is in force, and its literate text beside it.

use super::anchors;
use super::doc::{code, strong, text, Block, Inline};
use super::refs::Linker;
use super::sentence;
use super::windows::rule_in_force;
use super::words::{by, capitalize, literate, suspension, windows};
use crate::describe;
use crate::policy::{Policy, PolicySet, Rule, Window};

/// The heading text of a rule: `Art. 1(1) — deminimis`.
pub fn title(r: &Rule) -> Vec<Inline> {
    if r.article.is_empty() {
        vec![code(&r.id)]
    } else {
        vec![text(format!("{} — ", r.article)), code(&r.id)]
    }
}

/// The entry of rule `r` of `p`.
pub fn entry(set: &PolicySet, p: &Policy, r: &Rule) -> Block {
    let linker = Linker::new(&p.id);
    let anchor = anchors::rule(&p.id, &r.id);
    let mut main = vec![Block::Heading {
        level: 3,
        anchor: None,
        content: title(r),
    }];
    for (i, v) in r.versions.iter().enumerate() {
        let opener = match (i, v.from) {
            (0, _) if r.window != Window::default() => format!("{}, ", capitalize(&describe::window(&r.window))),
            (_, Some(from)) => format!("From {}, ", describe::date(from)),
            _ => String::new(),
        };
        if let Some((amender, cite)) = &v.amended_by {
            let mut words = vec![strong(if i == 0 { "As amended" } else { "Amended" })];
            words.push(text(match v.from {
                Some(from) => format!(" from {} by ", describe::date(from)),
                None => " by ".into(),
            }));
            words.extend(by(set, amender, cite));
            words.push(text(":"));
            main.push(Block::Para(words));
        }
        main.extend(sentence::version(set, p, v, &opener, &r.article, &linker));
    }
    if r.versions.is_empty() {
        main.push(Block::Para(vec![text("(This rule did not check; it has no wording.)")]));
    }
    let mut facts = vec![(String::from("Citation"), vec![text(&r.cite)])];
    for s in &r.suspensions {
        facts.push(("Suspended".into(), suspension(set, s)));
    }
    facts.push(("In force".into(), vec![text(windows(&rule_in_force(p, r)))]));
    main.push(Block::Fields(facts));
    Block::Entry {
        anchor,
        main,
        aside: literate(&r.literate),
    }
}
