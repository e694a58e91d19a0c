//! Linking the user's parties to the entries of screening lists and
//! sanctions data, and adding the listings of linked entries to the facts.
//!
//! A party links to an entry only by an identifier both carry: the party's
//! `same_as` or `ids` attribute (identifiers separated by `;`) names one of
//! the entry's identifiers (the list's id or entity number, an LEI, a
//! registration number). Nothing is linked by name: `edict match` proposes
//! such links for a person to confirm.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::errors::{at_path, warning_at_path, FactsError};
use super::model::{AttributeValue, Attributes, DateRange, Facts, Listing, PartyIdx};
use super::screening::{warning, ListEntry};
use super::source::FactsSource;

/// The attributes of a party that name identifiers it links by.
pub const LINK_ATTRIBUTES: [&str; 2] = ["same_as", "ids"];

/// The identifiers party attributes `same_as` and `ids` name, each with the
/// parties that name it.
pub fn party_links(facts: &Facts) -> FxHashMap<String, Vec<PartyIdx>> {
    let mut by: FxHashMap<String, Vec<PartyIdx>> = FxHashMap::default();
    for (i, p) in facts.parties.iter().enumerate() {
        let idx = PartyIdx(u32::try_from(i).unwrap_or(u32::MAX));
        for name in LINK_ATTRIBUTES {
            for id in linked_ids(&p.attributes, name) {
                let parties = by.entry(id).or_default();
                if !parties.contains(&idx) {
                    parties.push(idx);
                }
            }
        }
    }
    by
}

/// The identifiers link attribute `name` of a party names (`;`-separated).
pub fn linked_ids(attributes: &Attributes, name: &str) -> Vec<String> {
    let text = match attributes.get(name) {
        Some(AttributeValue::Text(t)) => t.clone(),
        Some(AttributeValue::Number(n)) => n.to_string(),
        _ => return Vec::new(),
    };
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// An error for each party whose `same_as` or `ids` is neither text nor a
/// number (a boolean, a date): it would link to nothing, and a listing the
/// facts mean to say would be silently missing. Only runs that link (with
/// `--lists`, or `edict match`) check it: without them, the two are
/// ordinary attributes, as in version 1.
pub fn link_type_errors(facts: &Facts, source: &FactsSource) -> Vec<FactsError> {
    let mut errors = Vec::new();
    for p in &facts.parties {
        for name in LINK_ATTRIBUTES {
            let what = match p.attributes.get(name) {
                Some(AttributeValue::Bool(_)) => "a boolean",
                Some(AttributeValue::Date(_)) => "a date",
                Some(AttributeValue::Text(_) | AttributeValue::Number(_)) | None => continue,
            };
            let id = serde_json::to_string(&p.id).unwrap_or_default();
            errors.push(at_path(
                source,
                "edict::facts::wrong-type",
                &format!("parties[{id}].attributes.{name}"),
                format!("`parties[{id}].attributes.{name}` is {what}, not identifiers"),
                format!("expected identifiers separated by `;`, found {what}"),
                Some(link_help(source, name, p.attributes.get(name))),
            ));
        }
    }
    errors
}

/// What to do about a link attribute of the wrong type: in a table, the
/// apostrophe that keeps a cell as text.
fn link_help(source: &FactsSource, name: &str, value: Option<&AttributeValue>) -> String {
    let written = match value {
        Some(AttributeValue::Bool(b)) => b.to_string(),
        Some(AttributeValue::Date(d)) => d.to_string(),
        _ => String::new(),
    };
    let how = if source.translation().is_some_and(|t| t.is_tables()) {
        format!("; a cell written `'{written}` is the text {written}")
    } else {
        String::new()
    };
    format!("`{name}` holds the ids of list entries (a CSL `_id` or `entity_number`, an FtM `id`, an LEI), separated by `;`{how}")
}

/// How `party` links to `entry`, in words for an explanation: the attribute
/// and identifier, the entry's name and its file.
fn link_words(facts: &Facts, party: PartyIdx, entry: &ListEntry) -> String {
    let attributes = &facts.party(party).attributes;
    let by = LINK_ATTRIBUTES.iter().find_map(|name| {
        let named = linked_ids(attributes, name);
        entry.ids.iter().find(|id| named.contains(id)).map(|id| (*name, id))
    });
    let (name, id) = by.unwrap_or(("same_as", &entry.name));
    format!(
        "linked by `{name}` {id} to the entry `{}` of {}",
        entry.name,
        entry.at.0.name()
    )
}

/// What reading one list file came to, for its report.
#[derive(Default)]
struct Tally {
    listed: usize,
    unlinked: usize,
    unread: BTreeMap<String, usize>,
}

/// Adds to `facts` a listing for each party linked to an entry on a list
/// the bundled law declares, in the order of the entries. Returns warnings:
/// for each file, the entries linked to no party and those on lists the law
/// does not read, counted; for each linked entry, a licence review policy
/// that is not read as an outcome.
pub fn apply_lists(facts: &mut Facts, entries: &[ListEntry]) -> Vec<FactsError> {
    let links = party_links(facts);
    let mut warnings = Vec::new();
    let mut tallies: Vec<(super::errors::Src, Tally)> = Vec::new();
    for entry in entries {
        let file = &entry.at.0;
        let at = match tallies.iter().position(|(s, _)| s.name() == file.name()) {
            Some(at) => at,
            None => {
                tallies.push((file.clone(), Tally::default()));
                tallies.len() - 1
            }
        };
        let Some((_, tally)) = tallies.get_mut(at) else {
            continue;
        };
        let Some(list) = &entry.list else {
            *tally.unread.entry(entry.source.clone()).or_default() += 1;
            continue;
        };
        let mut parties: Vec<PartyIdx> = entry
            .ids
            .iter()
            .filter_map(|id| links.get(id))
            .flatten()
            .copied()
            .collect();
        parties.sort_unstable();
        parties.dedup();
        if parties.is_empty() {
            tally.unlinked += 1;
            continue;
        }
        tally.listed += 1;
        if let Some(policy) = &entry.license_policy {
            let message = format!(
                "the licence review policy of `{}` is not read as an outcome: `{policy}`",
                entry.name
            );
            let help = Some("edict reads \"Presumption of denial\" and \"Case-by-case review\"; this listing has no `review`, so a licence is required".to_string());
            warnings.push(warning(
                file,
                "edict::facts::unread-review",
                message,
                help,
                Some(entry.policy_at),
            ));
        }
        let mut attributes = Attributes::new();
        if let Some(review) = &entry.review {
            attributes.insert("review".to_string(), AttributeValue::Text(review.clone()));
        }
        let window = DateRange {
            from: entry.from,
            until: entry.until,
        };
        for party in parties {
            // The same entry from two sources (the CSL and OpenSanctions'
            // copy of the SDN list) is one listing.
            let known = facts
                .listings
                .iter()
                .any(|l| l.party == party && &l.list == list && l.window == window);
            if !known {
                let via = Some(link_words(facts, party, entry));
                facts.listings.push(Listing {
                    party,
                    list: list.clone(),
                    window,
                    attributes: attributes.clone(),
                    via,
                });
            }
        }
    }
    for (src, tally) in tallies {
        if tally.unlinked > 0 {
            let message = format!(
                "{}: {} of its entries on lists the law reads link to no party of the facts ({} do)",
                src.name(),
                tally.unlinked,
                tally.listed
            );
            let help = Some("a party links to an entry by a `same_as` or `ids` attribute naming the entry's id or entity number; `edict match` proposes links by name".to_string());
            warnings.push(warning(&src, "edict::facts::unlinked-entries", message, help, None));
        }
        if !tally.unread.is_empty() {
            let counts: Vec<String> = tally.unread.iter().map(|(s, n)| format!("{n} from {s}")).collect();
            let total: usize = tally.unread.values().sum();
            let message = format!(
                "{}: {total} entries are on lists the bundled law does not read: {}",
                src.name(),
                counts.join(", ")
            );
            let help = Some("only the Entity List, the Military End-User List and the SDN list are read (as us-entity-list, us-meu-list, us-sdn-list)".to_string());
            warnings.push(warning(&src, "edict::facts::unread-entries", message, help, None));
        }
    }
    reindex(facts);
    warnings
}

/// Rebuilds the listings index after listings were added.
pub(crate) fn reindex(facts: &mut Facts) {
    let mut listings_of = vec![Vec::new(); facts.parties.len()];
    for (i, l) in facts.listings.iter().enumerate() {
        if let Some(slot) = listings_of.get_mut(l.party.0 as usize) {
            slot.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    facts.ever_listed = listings_of.iter().map(|l| !l.is_empty()).collect();
    facts.listings_of = listings_of;
}

/// A file given with `--lists`: its name (as diagnostics show it) and text.
pub struct ListFile {
    /// The path, as diagnostics show it.
    pub name: String,
    /// The text.
    pub text: String,
}

/// Adds what list files say to `facts` (read from `source`): a mapping file
/// (header `field,contains,list`) replaces the shipped FtM mapping;
/// FollowTheMoney files add the holdings and sanctions that reach the facts'
/// parties; the others are read as the Consolidated Screening List. `Ok`
/// holds the warnings, among them each `same_as` that names an entity no
/// file has; `Err` every error (and the facts are not to be used).
pub fn add_lists(
    facts: &mut Facts,
    source: &FactsSource,
    files: Vec<ListFile>,
) -> Result<Vec<FactsError>, Vec<FactsError>> {
    use super::ftm::{apply_ftm, is_ftm, read_ftm, Mapping};
    let mut errors = link_type_errors(facts, source);
    let mut mapping = Mapping::default();
    let (mappings, files): (Vec<ListFile>, Vec<ListFile>) =
        files.into_iter().partition(|f| Mapping::is_mapping(&f.text));
    for m in mappings {
        if let Some(read) = Mapping::read(&m.name, &m.text, &mut errors) {
            mapping = read;
        }
    }
    // Every file is read first: a `same_as` is checked against them all.
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let mut known: FxHashSet<String> = FxHashSet::default();
    let mut read: Vec<Read> = Vec::with_capacity(files.len());
    for f in files {
        if is_ftm(&f.text) {
            let file = read_ftm(&f.name, f.text, &mut errors);
            known.extend(file.ids().map(str::to_string));
            read.push(Read::Ftm(file));
        } else {
            let entries = super::screening::read_list(&f.name, f.text, &mut errors);
            known.extend(entries.iter().flat_map(|e| e.ids.iter().cloned()));
            read.push(Read::Csl(entries));
        }
    }
    let mut warnings = unknown_same_as(facts, source, &known, &names);
    let mut entries = Vec::new();
    for r in read {
        match r {
            Read::Ftm(file) => {
                let read = apply_ftm(facts, &file, &mapping);
                entries.extend(read.entries);
                warnings.extend(read.warnings);
                errors.extend(read.errors);
            }
            Read::Csl(csl) => entries.extend(csl),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    warnings.extend(apply_lists(facts, &entries));
    Ok(warnings)
}

/// A list file, read.
enum Read {
    Csl(Vec<ListEntry>),
    Ftm(super::ftm::FtmFile),
}

/// A warning for each party whose `same_as` names an identifier that no list
/// file carries: a mistyped id would otherwise leave the party silently
/// unlisted. (An `ids` identifier need not be on any list: most are not.)
fn unknown_same_as(
    facts: &Facts,
    source: &FactsSource,
    known: &FxHashSet<String>,
    names: &[String],
) -> Vec<FactsError> {
    let mut warnings = Vec::new();
    for p in &facts.parties {
        let unknown: Vec<String> = linked_ids(&p.attributes, "same_as")
            .into_iter()
            .filter(|id| !known.contains(id))
            .collect();
        if unknown.is_empty() {
            continue;
        }
        let quoted: Vec<String> = unknown.iter().map(|id| format!("`{id}`")).collect();
        warnings.push(warning_at_path(
            source,
            "edict::facts::unknown-same-as",
            &format!("parties[{}].attributes.same_as", serde_json::to_string(&p.id).unwrap_or_default()),
            format!(
                "party `{}` is the same as {}, which no list file has ({})",
                p.id,
                quoted.join(", "),
                names.join(", ")
            ),
            "no entry or entity has this id".to_string(),
            Some("check the id against the list (an entry's `_id`, `entity_number` or `ids`, an FtM entity's `id`); an entry removed from the list links to nothing, so its listings are not read".to_string()),
        ));
    }
    warnings
}
