//! pest's "expected" rules → the words a policy author reads.

use super::Rule;

/// What an author calls the thing a grammar rule matches; `None` drops the
/// rule from "expected …" lists (it is an inner detail). Alternatives are
/// separated by `|`, so that [`join`] lists each word once.
pub fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::reference => "a name",
        Rule::code | Rule::code_list => "a code",
        Rule::date => "a date such as `2025-12-01`",
        Rule::percent => "a percentage such as `0.1%`",
        Rule::number => "a number",
        Rule::string => "a quoted text",
        Rule::boolean => "`true`|`false`",
        Rule::name_list | Rule::place_list => "a name",
        Rule::list_joiner | Rule::connective => "`and`|`or`",
        Rule::or_word => "`or`",
        Rule::article => "`a`",
        Rule::title => "`title`",
        Rule::authority => "`authority`",
        Rule::jurisdiction => "`jurisdiction`",
        Rule::issued => "`issued`",
        Rule::source => "`source`",
        Rule::citation => "`cite as`",
        Rule::window | Rule::set_window => "`in force`",
        Rule::quote => "`quote`",
        Rule::note => "`note`",
        Rule::reading => "`reading`",
        Rule::substitution | Rule::for_word => "`for \"…\" read \"…\"`",
        Rule::read_word => "`read`",
        Rule::member => "`any`",
        Rule::composition | Rule::composition_part => "`of`",
        Rule::with_component => "`with a component in`",
        Rule::effect => "`outcome`|`raises`|`exempts`",
        Rule::outcome_effect => "`outcome`",
        Rule::raises_effect => "`raises`",
        Rule::exempts_effect => "`exempts`",
        Rule::yields => "`yields to`",
        Rule::replaces => "`replaces`",
        Rule::when => "`when`",
        Rule::listing_attribute => "`or the listing's …, whichever is stricter`",
        Rule::condition | Rule::term | Rule::group => "a condition",
        Rule::negation => "`not`",
        Rule::content_share
        | Rule::item_attribute
        | Rule::destination
        | Rule::export_country
        | Rule::country_of_export
        | Rule::end_use
        | Rule::shipment_attribute
        | Rule::evaluation_date
        | Rule::party
        | Rule::party_attribute
        | Rule::party_possessive => "a condition such as `the item is made outside CN`",
        Rule::item_origin
        | Rule::item_in
        | Rule::item_contains
        | Rule::item_classed
        | Rule::item_made_with
        | Rule::item_component => "a test on the item such as `is made outside CN`",
        Rule::party_country | Rule::party_kind | Rule::party_on | Rule::party_owned => {
            "a test on the party such as `is on cn-control-list`"
        }
        Rule::origin_filter => "`originating in`",
        Rule::share_comparator | Rule::number_test => "`at least`|`more than`|`at most`|`below`",
        Rule::date_comparator | Rule::date_test => "`before`|`after`|`on or before`|`on or after`",
        Rule::place_relation => "`in`|`outside`",
        Rule::window_end | Rule::until_end | Rule::through_end => "`until`|`through`",
        Rule::ownership_owners | Rule::kind_owners | Rule::listed_owners => "`parties on`|a party kind",
        Rule::ownership_reach => "`directly`|`directly or indirectly`",
        Rule::ownership_aggregation => "`individually`|`individually or in aggregate`",
        Rule::attribute_test => "an attribute test such as `node_nm is at most 14`",
        Rule::value_equals => "a value",
        Rule::suspends => "`suspends`",
        Rule::changes => "`changes`",
        Rule::extends => "`extends`",
        Rule::amendment_window => "`from`",
        Rule::set_threshold => "`threshold`",
        Rule::set_ownership_threshold => "`ownership threshold`",
        Rule::category => "`category`",
        Rule::tag_decl | Rule::tag_kind => "`list`|`end use`|`kind`|`class`|`technology`",
        Rule::country_group => "`country group`",
        Rule::rule_decl => "`rule`",
        Rule::amendment => "`amendment`",
        Rule::item => "`category`|`list`|`end use`|`kind`|`class`|`technology`|`country group`|`rule`|`amendment`",
        Rule::EOI => "the end of the item",
        _ => return None,
    })
}

/// A sorted, deduplicated "a, b or c" of descriptions (alternatives
/// separated by `|` are listed one by one).
pub fn join(words: Vec<&'static str>) -> String {
    let mut words: Vec<&str> = words.into_iter().flat_map(|w| w.split('|')).collect();
    words.sort_unstable();
    words.dedup();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Whether `word` is one of the grammar's `keyword`s, which are never
/// names. Keep in step with the `keyword` rule.
pub fn is_keyword(word: &str) -> bool {
    const KEYWORDS: &str = "and or not the when from until through is are by of in outside to with directly \
        individually whichever yields exempts raises outcome quote reading alternative note replaces threshold \
        ownership containing any technology components parties originating";
    KEYWORDS.split_whitespace().any(|k| k == word)
}
