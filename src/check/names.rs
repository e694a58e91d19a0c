//! "Did you mean" suggestions.

/// Names longer than this (in characters) get no suggestion: nobody types
/// a 300 000-character name by hand, and comparing it would take long.
const LONGEST: usize = 64;

/// How many edits make a likely typo of a name `len` characters long: one
/// per nine characters, at least one. Looser limits suggest unrelated
/// names: `cn-mofcom-2025-55` is two edits from `cn-mofcom-2024-51`, a
/// different act, not a misspelling of it.
fn edit_limit(len: usize) -> usize {
    (len / 9).max(1)
}

/// The candidate closest to `name`, if it is close enough to be a typo.
/// Linear in the number of candidates: each comparison is bounded by
/// `LONGEST` and skipped when the lengths alone rule a typo out.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower = name.to_lowercase();
    let len = lower.chars().count();
    let limit = edit_limit(len);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len() == name.len() && c.to_lowercase() == lower {
            return Some(c.to_string());
        }
        let c_len = c.chars().count();
        if len > LONGEST || c_len.abs_diff(len) > limit {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn a_typo_is_suggested() {
        let ids = ["cn-mofcom-2025-61", "cn-mofcom-2024-51", "us-ear-744"];
        assert_eq!(suggest("cn-mofcom-2025-16", ids).as_deref(), Some("cn-mofcom-2025-61"));
        assert_eq!(suggest("cn-mofcm-2025-61", ids).as_deref(), Some("cn-mofcom-2025-61"));
        assert_eq!(suggest("CN-MOFCOM-2025-61", ids).as_deref(), Some("cn-mofcom-2025-61"));
        assert_eq!(suggest("militray", ["military", "metal"]).as_deref(), Some("military"));
    }

    #[test]
    fn a_different_act_is_not_suggested() {
        assert_eq!(suggest("cn-mofcom-2025-55", ["cn-mofcom-2024-51"]), None);
    }

    #[test]
    fn a_huge_name_is_compared_quickly() {
        // Unbounded Damerau–Levenshtein on these takes minutes and 700 GB.
        let long = "a".repeat(300_000);
        let other = format!("{}b", "a".repeat(299_999));
        assert_eq!(suggest(&long, [other.as_str()]), None);
        assert_eq!(suggest(&long, [long.as_str()]).as_deref(), Some(long.as_str()));
    }
}
