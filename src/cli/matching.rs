//! `edict match`: candidate links between the facts' parties and list
//! entries, by name, for a person to confirm. Nothing is linked.

use std::path::PathBuf;

use serde::Serialize;

use super::io::{load_facts, print_one, read_list_files};
use super::{MatchFormat, EXIT_INVALID, EXIT_OK};
use crate::facts::link::linked_ids;
use crate::facts::matching::{entities, propose, Entity, Proposal, MIN_SCORE};
use crate::facts::Facts;

/// One party and its candidates, as the output shows them.
#[derive(Serialize)]
struct PartyOut<'a> {
    party: &'a str,
    name: &'a str,
    country: &'a str,
    candidates: Vec<CandidateOut<'a>>,
}

/// One candidate: the entity, the name that matched, the score, and the
/// `same_as` value that confirms it (`None` when the party already links
/// to it).
#[derive(Serialize)]
struct CandidateOut<'a> {
    id: &'a str,
    what: &'a str,
    file: &'a str,
    name: String,
    country: Option<&'a str>,
    /// Rounded to two decimals.
    score: f64,
    linked: bool,
    same_as: Option<String>,
}

/// Proposes candidate links and prints them.
pub fn run(facts_path: &[PathBuf], lists: &[PathBuf], format: MatchFormat) -> u8 {
    let (facts, source) = match load_facts(facts_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let wrong = crate::facts::link::link_type_errors(&facts, &source);
    if !wrong.is_empty() {
        for e in &wrong {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    let files = match read_list_files(lists) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut errors = Vec::new();
    let found = super::report::timed("load lists", || entities(files, &mut errors));
    if !errors.is_empty() {
        for e in &errors {
            print_one(e);
        }
        return EXIT_INVALID;
    }
    let proposals = super::report::timed("match", || propose(&facts, &found));
    let out = shape(&facts, &found, &proposals);
    let text = match format {
        MatchFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({ "min_score": MIN_SCORE, "parties": out }))
                .unwrap_or_default()
        }
        MatchFormat::Text => text(&out),
    };
    super::out::print_line(&text, EXIT_OK)
}

fn shape<'a>(facts: &'a Facts, found: &'a [Entity], proposals: &[Proposal]) -> Vec<PartyOut<'a>> {
    proposals
        .iter()
        .map(|p| {
            let party = facts.party(p.party);
            let same_as = linked_ids(&party.attributes, "same_as");
            let candidates = p
                .candidates
                .iter()
                .filter_map(|c| {
                    let e = found.get(c.entity)?;
                    // The whole value of the attribute with the id added.
                    let confirm = (!c.linked).then(|| {
                        let mut ids = same_as.clone();
                        ids.push(e.id.clone());
                        ids.join(";")
                    });
                    Some(CandidateOut {
                        id: &e.id,
                        what: &e.what,
                        file: &e.file,
                        name: c.name.clone(),
                        country: e.country.as_ref().map(|c| c.as_str()),
                        score: (c.score * 100.0).round() / 100.0,
                        linked: c.linked,
                        same_as: confirm,
                    })
                })
                .collect();
            PartyOut {
                party: &party.id,
                name: &party.name,
                country: party.country.as_str(),
                candidates,
            }
        })
        .collect()
}

fn text(out: &[PartyOut<'_>]) -> String {
    let mut lines = Vec::new();
    let mut open = 0;
    for p in out {
        lines.push(format!("{} ({}, {})", p.party, p.name, p.country));
        for c in &p.candidates {
            let country = c.country.unwrap_or("no country");
            lines.push(format!(
                "  {:.2}  {} ({country}): {} {} in {}",
                c.score, c.name, c.what, c.id, c.file
            ));
            match &c.same_as {
                Some(value) => {
                    open += 1;
                    lines.push(format!("        to confirm: \"same_as\": {}", quoted(value)));
                }
                None => lines.push("        already linked".to_string()),
            }
        }
    }
    lines.push(format!(
        "{open} candidate link{} for {} part{}; none is linked. To confirm one, set the party's \
         `same_as` attribute as shown (JSON: in its \"attributes\"; CSV: its attributes.same_as cell).",
        if open == 1 { "" } else { "s" },
        out.len(),
        if out.len() == 1 { "y" } else { "ies" },
    ));
    lines.join("\n")
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}
