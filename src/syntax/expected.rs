//! pest's "expected" rules → the words a policy author reads.

use super::Rule;

/// What an author calls the thing a grammar rule matches; `None` drops the
/// rule from "expected …" lists (it is an inner detail).
pub fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::reference => "a name",
        Rule::code | Rule::code_list => "a code",
        Rule::date => "a date such as `2025-12-01`",
        Rule::percent => "a percentage such as `0.1%`",
        Rule::number => "a number",
        Rule::string => "a quoted text",
        Rule::boolean => "`true` or `false`",
        Rule::name_list | Rule::place_list => "a name",
        Rule::list_joiner | Rule::connective => "`and` or `or`",
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
        Rule::member => "`any`",
        Rule::composition | Rule::composition_part => "`of`",
        Rule::with_component => "`with a component in`",
        Rule::effect => "`outcome`, `raises` or `exempts`",
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
        Rule::share_comparator | Rule::number_test => "`at least`, `more than`, `at most` or `below`",
        Rule::date_comparator | Rule::date_test => "`before`, `after`, `on or before` or `on or after`",
        Rule::place_relation => "`in` or `outside`",
        Rule::window_end | Rule::until_end | Rule::through_end => "`until` or `through`",
        Rule::ownership_reach => "`directly` or `directly or indirectly`",
        Rule::ownership_aggregation => "`individually` or `individually or in aggregate`",
        Rule::attribute_test => "an attribute test such as `node_nm is at most 14`",
        Rule::value_equals => "a value",
        Rule::suspends => "`suspends`",
        Rule::changes => "`changes`",
        Rule::extends => "`extends`",
        Rule::amendment_window => "`from`",
        Rule::set_threshold => "`threshold`",
        Rule::set_ownership_threshold => "`ownership threshold`",
        Rule::category => "`category`",
        Rule::tag_decl | Rule::tag_kind => "`list`, `end use`, `kind`, `class` or `technology`",
        Rule::country_group => "`country group`",
        Rule::rule_decl => "`rule`",
        Rule::amendment => "`amendment`",
        Rule::EOI => "the end of the item",
        _ => return None,
    })
}

/// A sorted, deduplicated "a, b or c".
pub fn join(mut words: Vec<&'static str>) -> String {
    words.sort_unstable();
    words.dedup();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}
