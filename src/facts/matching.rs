//! Proposing links between the user's parties and the entities of screening
//! lists and sanctions data by name (`edict match`), for a person to
//! confirm. Nothing here links anything: a link is a `same_as` the user adds.
//!
//! Names are compared after normalisation: transliterated to ASCII
//! (`deunicode`: Cyrillic, CJK, accents), lower case, punctuation as spaces
//! (dots dropped, so `S.A.` is `sa`), and company forms at the end removed
//! (`Co., Ltd.`, `GmbH`, `有限公司`), and those written before it (`JSC`, `АО`).
//! Candidates are found through the words of their normalised names (a party
//! is compared only with names that have a word beginning as one of its
//! words does, and a beginning shared by very many names does not count),
//! so the work grows with the number of parties, not with parties × entries.
//! The score compares the names word by word with Jaro-Winkler similarity
//! (`strsim`), words common in the lists weighing less, and is lowered when
//! both countries are known and differ.

use rustc_hash::{FxHashMap, FxHashSet};

use super::errors::FactsError;
use super::link::{linked_ids, ListFile};
use super::model::{Facts, PartyIdx};
use crate::geo::Country;

/// Candidates scoring below this are not proposed.
pub const MIN_SCORE: f64 = 0.85;
/// At most this many candidates are proposed for one party.
pub const MAX_CANDIDATES: usize = 3;
/// Normalised names are compared on at most this many characters.
const MAX_NAME: usize = 120;
/// A word's first characters that make names candidates of each other
/// (`rost` for `Rostec` and `Rostekh`, `inst` for `Inst.` and `Institute`).
const BLOCK_PREFIX: usize = 4;
/// A prefix of more names than this does not make candidates by itself (it
/// begins a word like `trading` or `technology`).
const MAX_BLOCK: usize = 1000;
/// How much a candidate's score is multiplied by when both countries are
/// known and differ: an exact name in another country still shows, below.
const OTHER_COUNTRY: f64 = 0.9;

/// Company forms removed from the end of a name (after transliteration and
/// lower-casing; `.` is dropped first, so `s.a.` is `sa`).
const COMPANY_FORMS: &[&str] = &[
    "ab",
    "ag",
    "ao",
    "aps",
    "as",
    "bhd",
    "bv",
    "cjsc",
    "co",
    "company",
    "corp",
    "corporation",
    "fz",
    "fzc",
    "fzco",
    "fze",
    "gmbh",
    "inc",
    "incorporated",
    "jsc",
    "kg",
    "kk",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "ltda",
    "nv",
    "ojsc",
    "ooo",
    "oao",
    "oy",
    "pao",
    "pjsc",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "sdn",
    "spa",
    "srl",
    "zao",
];

/// Company forms also written before the name (`JSC Mikron`, `АО …`), and
/// `the`.
const LEADING_FORMS: &[&str] = &["ao", "cjsc", "jsc", "oao", "ojsc", "ooo", "pao", "pjsc", "the", "zao"];

/// Company forms written in Chinese, removed from the end of a name before
/// transliteration (longest first).
const CJK_COMPANY_FORMS: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "公司"];

/// The tokens of a name, normalised for comparison.
pub fn normalise(name: &str) -> Vec<String> {
    let mut name = name.trim();
    loop {
        let trimmed = name.trim_end_matches([')', '）', ' ']);
        match CJK_COMPANY_FORMS.iter().find_map(|f| trimmed.strip_suffix(f)) {
            Some(rest) if !rest.trim().is_empty() => name = rest.trim(),
            _ => break,
        }
    }
    let ascii = deunicode::deunicode(name).to_lowercase();
    let spaced: String = ascii
        .chars()
        .filter(|c| !matches!(c, '.' | '\''))
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut tokens: Vec<String> = spaced.split_whitespace().map(str::to_string).collect();
    let whole = tokens.clone();
    while tokens.last().is_some_and(|t| COMPANY_FORMS.contains(&t.as_str())) {
        tokens.pop();
    }
    let leading = tokens
        .iter()
        .take_while(|t| LEADING_FORMS.contains(&t.as_str()))
        .count();
    tokens.drain(..leading);
    if tokens.is_empty() {
        return whole;
    }
    tokens
}

/// The words of a normalised name that are compared: those within its
/// first [`MAX_NAME`] characters.
fn cut(tokens: &[String]) -> &[String] {
    let mut length = 0;
    let n = tokens
        .iter()
        .take_while(|t| {
            length += t.len() + 1;
            length <= MAX_NAME + 1
        })
        .count();
    tokens.get(..n.max(1).min(tokens.len())).unwrap_or(tokens)
}

/// How alike two normalised names are, 0 to 1, word by word (symmetric
/// Monge-Elkan): each word of one name is scored against the most alike
/// word of the other by Jaro-Winkler, the scores of each side averaged
/// (weighted by [`Words::weight`], so that `of` and `technology` count
/// little), and the two sides averaged. Word order does not matter, and a word that one
/// name has and the other lacks (`Hangzhou`) lowers the score without
/// sinking it; two names that share only a word (`Mahan Air`, `Iran Air`)
/// stay apart.
fn similarity(a: &[String], b: &[String], words: &Words) -> f64 {
    let (a, b) = (cut(a), cut(b));
    let side = |x: &[String], y: &[String]| {
        let weight: f64 = x.iter().map(|t| words.weight(t)).sum();
        if weight <= 0.0 {
            return 0.0;
        }
        let total: f64 = x
            .iter()
            .map(|t| words.weight(t) * y.iter().map(|u| strsim::jaro_winkler(t, u)).fold(0.0, f64::max))
            .sum();
        total / weight
    };
    (side(a, b) + side(b, a)) / 2.0
}

/// How many of the names compared each word is in: a word in many names
/// (`technology`, `of`) tells names apart less than a rare one (`harbin`),
/// so it weighs less (its length times its inverse document frequency).
#[derive(Default)]
struct Words {
    names: usize,
    count: FxHashMap<String, usize>,
}

impl Words {
    fn add(&mut self, tokens: &[String]) {
        self.names += 1;
        let mut seen = FxHashSet::default();
        for t in cut(tokens) {
            if seen.insert(t.as_str()) {
                *self.count.entry(t.clone()).or_default() += 1;
            }
        }
    }

    fn weight(&self, word: &str) -> f64 {
        let n = self.count.get(word).copied().unwrap_or(0);
        word.len() as f64 * (1.0 + (self.names + 1) as f64 / (n + 1) as f64).ln()
    }
}

/// The first [`BLOCK_PREFIX`] characters of a word (words are ASCII).
fn prefix(word: &str) -> &str {
    word.get(..BLOCK_PREFIX).unwrap_or(word)
}

/// An entity of a list file that a party might be.
#[derive(Clone, Debug)]
pub struct Entity {
    /// The id a `same_as` names it by (the CSL entry's `_id`/`id`, the FtM id).
    pub id: String,
    /// Its names: the name, then the others (`alt_names`, `alias`).
    pub names: Vec<String>,
    /// Its country, when the file gives one.
    pub country: Option<Country>,
    /// What it is: `us-entity-list entry`, `FtM Company`.
    pub what: String,
    /// The file it is in.
    pub file: String,
}

/// The entities of list files that parties can link to: the CSL entries on
/// lists the bundled law reads, and the parties (`Company`, `Person`, …) of
/// FtM files. Mapping files are skipped. Errors of broken files are pushed.
pub fn entities(files: Vec<ListFile>, errors: &mut Vec<FactsError>) -> Vec<Entity> {
    let mut out = Vec::new();
    for f in files {
        if super::ftm::Mapping::is_mapping(&f.text) {
            continue;
        }
        if super::ftm::is_ftm(&f.text) {
            let file = super::ftm::read_ftm(&f.name, f.text, errors);
            out.extend(file.parties().into_iter().map(|p| Entity {
                id: p.id,
                names: p.names,
                country: p.country,
                what: format!("FtM {}", p.schema),
                file: f.name.clone(),
            }));
        } else {
            for e in super::screening::read_list(&f.name, f.text, errors) {
                let (Some(list), Some(id)) = (e.list, e.ids.first()) else {
                    continue;
                };
                let mut names = vec![e.name];
                names.extend(e.alt_names);
                out.push(Entity {
                    id: id.clone(),
                    names,
                    country: e.country,
                    what: format!("{list} entry"),
                    file: f.name.clone(),
                });
            }
        }
    }
    out
}

/// One proposed link.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The entity, by its index in the entities given.
    pub entity: usize,
    /// The name of the entity that matched best.
    pub name: String,
    /// The score, 0 to 1.
    pub score: f64,
    /// Whether the party already links to the entity (by `same_as` or `ids`).
    pub linked: bool,
}

/// The candidates for one party, best first.
#[derive(Clone, Debug)]
pub struct Proposal {
    /// The party.
    pub party: PartyIdx,
    /// Its candidates (at most [`MAX_CANDIDATES`], each scoring at least [`MIN_SCORE`]).
    pub candidates: Vec<Candidate>,
}

/// Proposes, for each party of `facts` (in order), the entities its name is
/// most like. Parties with no candidate are left out.
pub fn propose(facts: &Facts, entities: &[Entity]) -> Vec<Proposal> {
    // Every name of every entity, normalised, and the names each token is in.
    let mut names: Vec<(usize, &str, Vec<String>)> = Vec::new();
    let mut words = Words::default();
    for (i, e) in entities.iter().enumerate() {
        for n in &e.names {
            let tokens = normalise(n);
            words.add(&tokens);
            names.push((i, n.as_str(), tokens));
        }
    }
    let mut by_prefix: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (at, (_, _, tokens)) in names.iter().enumerate() {
        let mut seen = FxHashSet::default();
        for t in cut(tokens) {
            if seen.insert(prefix(t)) {
                by_prefix
                    .entry(prefix(t))
                    .or_default()
                    .push(u32::try_from(at).unwrap_or(u32::MAX));
            }
        }
    }
    let mut proposals = Vec::new();
    for (p, party) in facts.parties.iter().enumerate() {
        let party_idx = PartyIdx(u32::try_from(p).unwrap_or(u32::MAX));
        let tokens = normalise(&party.name);
        let mut compared: FxHashSet<u32> = FxHashSet::default();
        for t in cut(&tokens) {
            match by_prefix.get(prefix(t)) {
                Some(block) if block.len() <= MAX_BLOCK => compared.extend(block.iter().copied()),
                _ => {}
            }
        }
        let linked: Vec<String> = ["same_as", "ids"]
            .iter()
            .flat_map(|a| linked_ids(&party.attributes, a))
            .collect();
        let mut best: FxHashMap<usize, Candidate> = FxHashMap::default();
        for at in compared {
            let Some((entity, name, other)) = names.get(at as usize) else {
                continue;
            };
            let Some(e) = entities.get(*entity) else { continue };
            let mut score = similarity(&tokens, other, &words);
            if e.country.is_some_and(|c| c != party.country) {
                score *= OTHER_COUNTRY;
            }
            if score < MIN_SCORE {
                continue;
            }
            let better = best.get(entity).is_none_or(|c| score > c.score);
            if better {
                best.insert(
                    *entity,
                    Candidate {
                        entity: *entity,
                        name: (*name).to_string(),
                        score,
                        linked: linked.contains(&e.id),
                    },
                );
            }
        }
        let mut candidates: Vec<Candidate> = best.into_values().collect();
        // Best first; equal scores in the order of the files.
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        candidates.truncate(MAX_CANDIDATES);
        if !candidates.is_empty() {
            proposals.push(Proposal {
                party: party_idx,
                candidates,
            });
        }
    }
    proposals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalise(s).join(" ")
    }

    #[test]
    fn company_forms_punctuation_and_scripts_are_normalised() {
        assert_eq!(n("Hexin Precision Sensing Co., Ltd."), "hexin precision sensing");
        assert_eq!(n("HEXIN PRECISION SENSING CO LTD"), "hexin precision sensing");
        assert_eq!(n("Siemens AG"), "siemens");
        assert_eq!(n("Acme GmbH"), "acme");
        assert_eq!(n("Foo Trading L.L.C."), "foo trading");
        assert_eq!(n("Kestrel Trading FZE"), "kestrel trading");
        assert_eq!(n("Ростех"), "rostekh");
        assert_eq!(n("АО Рособоронэкспорт"), "rosoboroneksport");
        assert_eq!(n("JSC MIKRON"), "mikron");
        assert_eq!(n("中芯国际集成电路制造有限公司"), n("中芯国际集成电路制造"));
        assert_eq!(n("华为技术股份有限公司"), n("华为技术"));
        assert_eq!(n("Société Générale S.A."), "societe generale");
        // A name that is only a company form is kept whole.
        assert_eq!(n("Company Limited"), "company limited");
        assert_eq!(n("The Limited"), "the limited");
    }

    #[test]
    fn reordered_tokens_score_as_the_same_name() {
        let a = normalise("Sensing Hexin Precision");
        let b = normalise("Hexin Precision Sensing Co., Ltd.");
        let words = Words::default();
        assert!(similarity(&a, &b, &words) > 0.99);
        assert!(similarity(&normalise("Mahan Air"), &normalise("Iran Air"), &words) < MIN_SCORE);
    }

    #[test]
    fn names_are_cut_before_comparison() {
        let words = normalise(&"word ".repeat(10_000));
        assert_eq!(cut(&words).len(), MAX_NAME / 5);
        // One word longer than the limit is still compared.
        let long = normalise(&"a".repeat(10_000));
        assert_eq!(cut(&long).len(), 1);
    }

    #[test]
    fn words_missing_or_abbreviated_lower_the_score_without_sinking_it() {
        // Words weighed as in a list of technology institutes.
        let mut words = Words::default();
        for name in [
            "Beijing Institute of Technology",
            "Harbin Institute of Technology",
            "Moscow Institute of Physics and Technology",
            "National University of Defense Technology",
        ] {
            words.add(&normalise(name));
        }
        let s = |a: &str, b: &str| similarity(&normalise(a), &normalise(b), &words);
        assert!(
            s(
                "Hikvision Digital Technology Co., Ltd.",
                "Hangzhou Hikvision Digital Technology Co., Ltd."
            ) > 0.9
        );
        assert!(s("Beijing Inst. of Technology", "Beijing Institute of Technology") > 0.95);
        assert!(s("Rostec", "Ростех") > MIN_SCORE);
        assert!(s("Mahan Trading LLC", "Mahan Air") < MIN_SCORE);
        assert!(s("Harbin Precision Tools Co., Ltd.", "Harbin Institute of Technology") < MIN_SCORE);
        assert!(s("Beijing Inst. of Technology", "Harbin Institute of Technology") < MIN_SCORE);
    }
}
