//! One-line semantic checks of the interpreter: ownership, content value,
//! windows and precedence, each on a small inline policy and facts file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use edict::decision::Decisions;
use edict::outcome::Outcome;

const VOCABULARY: &str = r#"
policy vocab
  title "test vocabulary"
  authority "tests"
  issued 2020-01-01
list listed "a list"
list other-list "another list"
class part "a part"
class metal "a metal"
class assembly "an assembly"
end use relief "relief"
end use military "military"
kind military-end-user "military"
"#;

/// Loads `policy` (plus the test vocabulary) and evaluates `facts`.
fn run(policy: &str, facts: &str, as_of: Option<&str>) -> Result<Decisions, String> {
    let mut sources = edict::source::SourceMap::new();
    sources.add("vocab.edict", VOCABULARY);
    sources.add("test.edict", policy);
    let loaded = edict::load::load(sources);
    let set = loaded.set.ok_or_else(|| {
        loaded
            .diagnostics
            .iter()
            .map(|d| edict::diagnostics::render_plain(d.as_ref()))
            .collect::<String>()
    })?;
    let source = edict::facts::FactsSource::new("facts.json", facts);
    let facts = edict::facts::load(&source).map_err(|e| {
        e.iter()
            .map(|d| edict::diagnostics::render_plain(d))
            .collect::<String>()
    })?;
    let as_of = as_of.map(|d| d.parse().expect("date"));
    edict::eval::evaluate(
        &set,
        &facts,
        &source,
        &edict::eval::EvalOptions {
            as_of,
            ..Default::default()
        },
    )
    .map_err(|e| {
        e.iter()
            .map(|d| edict::diagnostics::render_plain(d))
            .collect::<String>()
    })
}

/// The outcome of shipment `id`.
fn outcome(d: &Decisions, id: &str) -> Outcome {
    d.decisions
        .iter()
        .find(|x| x.shipment == id)
        .map(|x| x.outcome)
        .expect("shipment")
}

fn outcome_on(policy: &str, facts: &str, day: &str) -> Outcome {
    let d = run(policy, facts, Some(day)).unwrap_or_else(|e| panic!("{e}"));
    outcome(&d, "S")
}

// ───────────────────────────── ownership ─────────────────────────────

fn ownership_policy(test: &str) -> String {
    format!(
        "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2020-01-01\nrule r \"Art. 1\"\n  outcome prohibited\n  when the end user is owned {test}\n"
    )
}

/// Facts with parties x (listed), y (listed), a, b, c, e (end user) and the given holdings.
fn ownership_facts(holdings: &str, listings: &str) -> String {
    let parties = ["x", "y", "a", "b", "c", "e"]
        .iter()
        .map(|p| format!(r#""{p}": {{ "name": "{p}", "country": "SG" }}"#))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"{{ "version": 1, "parties": {{ {parties} }}, "ownership": [ {holdings} ], "listings": [ {listings} ],
        "items": {{ "i": {{ "description": "i", "origin": "DE", "value": "1.00" }} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "i", "exporter": "a", "from": "DE", "to": "SG", "end_user": "e" }} ] }}"#
    )
}

fn holding(owner: &str, owned: &str, share: &str) -> String {
    format!(r#"{{ "owner": "{owner}", "owned": "{owned}", "share": "{share}" }}"#)
}

const LISTED_X: &str = r#"{ "party": "x", "list": "listed" }"#;
const LISTED_XY: &str = r#"{ "party": "x", "list": "listed" }, { "party": "y", "list": "listed" }"#;
const AGGREGATE: &str = "at least 50% by parties on listed, directly or indirectly, individually or in aggregate";

#[test]
fn direct_holding_of_exactly_50_percent_is_caught() {
    let f = ownership_facts(&holding("x", "e", "50%"), LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::Prohibited
    );
}

#[test]
fn direct_holding_of_49_99_percent_is_not_caught() {
    let f = ownership_facts(&holding("x", "e", "49.99%"), LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::NotControlled
    );
}

#[test]
fn more_than_50_does_not_catch_exactly_50() {
    let f = ownership_facts(&holding("x", "e", "0.5"), LISTED_X);
    let p = ownership_policy("more than 50% by parties on listed, directly, individually");
    assert_eq!(outcome_on(&p, &f, "2025-06-01"), Outcome::NotControlled);
    let f = ownership_facts(&holding("x", "e", "50.01%"), LISTED_X);
    assert_eq!(outcome_on(&p, &f, "2025-06-01"), Outcome::Prohibited);
}

#[test]
fn indirect_chain_passes_the_whole_stake() {
    // OFAC example 1: X owns 50% of A, A owns 50% of E.
    let h = [holding("x", "a", "60%"), holding("a", "e", "50%")].join(",");
    let f = ownership_facts(&h, LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::Prohibited
    );
    let direct = ownership_policy("at least 50% by parties on listed, directly, individually or in aggregate");
    assert_eq!(outcome_on(&direct, &f, "2025-06-01"), Outcome::NotControlled);
}

#[test]
fn stakes_of_two_owners_add_up_only_in_aggregate() {
    let h = [holding("x", "e", "25%"), holding("y", "e", "25%")].join(",");
    let f = ownership_facts(&h, LISTED_XY);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::Prohibited
    );
    let alone = ownership_policy("at least 50% by parties on listed, directly or indirectly, individually");
    assert_eq!(outcome_on(&alone, &f, "2025-06-01"), Outcome::NotControlled);
}

#[test]
fn ofac_example_3_direct_and_indirect_stakes_add_up() {
    // X owns 50% of A and 10% of E; A owns 40% of E.
    let h = [
        holding("x", "a", "50%"),
        holding("x", "e", "10%"),
        holding("a", "e", "40%"),
    ]
    .join(",");
    let f = ownership_facts(&h, LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::Prohibited
    );
}

#[test]
fn ofac_example_4_stakes_through_uncaught_entities_are_disregarded() {
    // X owns 25% of A and 25% of B; A and B each own 50% of E.
    let h = [
        holding("x", "a", "25%"),
        holding("x", "b", "25%"),
        holding("a", "e", "50%"),
        holding("b", "e", "50%"),
    ]
    .join(",");
    let f = ownership_facts(&h, LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::NotControlled
    );
}

#[test]
fn a_cycle_cannot_catch_itself() {
    // A and B own half of each other; X (listed) owns 30% of A.
    let h = [
        holding("a", "b", "50%"),
        holding("b", "a", "50%"),
        holding("x", "a", "30%"),
        holding("b", "e", "60%"),
    ]
    .join(",");
    let f = ownership_facts(&h, LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::NotControlled
    );
}

#[test]
fn a_grounded_cycle_is_caught_and_terminates() {
    // X owns 50% of A; A owns 50% of B; B owns 10% of A; B owns 60% of E.
    let h = [
        holding("x", "a", "50%"),
        holding("a", "b", "50%"),
        holding("b", "a", "10%"),
        holding("b", "e", "60%"),
    ]
    .join(",");
    let f = ownership_facts(&h, LISTED_X);
    assert_eq!(
        outcome_on(&ownership_policy(AGGREGATE), &f, "2025-06-01"),
        Outcome::Prohibited
    );
}

#[test]
fn holdings_are_taken_on_the_day() {
    let h = r#"{ "owner": "x", "owned": "e", "share": "60%", "from": "2025-03-01", "until": "2025-09-01" }"#;
    let f = ownership_facts(h, LISTED_X);
    let p = ownership_policy(AGGREGATE);
    assert_eq!(outcome_on(&p, &f, "2025-02-28"), Outcome::NotControlled);
    assert_eq!(outcome_on(&p, &f, "2025-03-01"), Outcome::Prohibited);
    assert_eq!(outcome_on(&p, &f, "2025-08-31"), Outcome::Prohibited);
    assert_eq!(outcome_on(&p, &f, "2025-09-01"), Outcome::NotControlled);
}

#[test]
fn listings_are_taken_on_the_day() {
    let l = r#"{ "party": "x", "list": "listed", "from": "2025-10-09" }"#;
    let f = ownership_facts(&holding("x", "e", "50%"), l);
    let p = ownership_policy(AGGREGATE);
    assert_eq!(outcome_on(&p, &f, "2025-10-08"), Outcome::NotControlled);
    assert_eq!(outcome_on(&p, &f, "2025-10-09"), Outcome::Prohibited);
}

#[test]
fn the_finding_names_the_path_of_holdings() {
    let h = [holding("x", "a", "60%"), holding("a", "e", "50%")].join(",");
    let d = run(&ownership_policy(AGGREGATE), &ownership_facts(&h, LISTED_X), None).expect("runs");
    let because = &d.decisions[0].policies[0].findings[0].because[0];
    assert!(
        because.contains("50% by a, which is owned 60% by x (on listed)"),
        "{because}"
    );
}

// ───────────────────────────── owners of a kind ─────────────────────────────

/// Facts where party x is a military end user (not listed), y is listed,
/// and the given holdings; the end user is e.
fn kind_facts(holdings: &str) -> String {
    ownership_facts(holdings, r#"{ "party": "y", "list": "listed" }"#).replace(
        r#""x": { "name": "x", "country": "SG" }"#,
        r#""x": { "name": "x", "country": "SG", "kinds": ["military-end-user"] }"#,
    )
}

#[test]
fn owners_of_a_kind_are_roots_of_the_ownership_test() {
    let policy = ownership_policy("at least 50% by military-end-user parties, directly or indirectly, individually");
    let chain = [holding("x", "a", "60%"), holding("a", "e", "50%")].join(",");
    let d = run(&policy, &kind_facts(&chain), None).expect("runs");
    assert_eq!(
        outcome(&d, "S"),
        Outcome::Prohibited,
        "e is held 50% by a, held 60% by a military end user"
    );
    let because = &d.decisions[0].policies[0].findings[0].because[0];
    assert!(
        because.contains("50% by a, which is owned 60% by x (a military-end-user)"),
        "{because}"
    );
    let short = [holding("x", "a", "60%"), holding("a", "e", "49%")].join(",");
    assert_eq!(
        outcome_on(&policy, &kind_facts(&short), "2025-06-01"),
        Outcome::NotControlled
    );
    // A listed owner does not count when only kinds are named.
    let listed = holding("y", "e", "100%");
    assert_eq!(
        outcome_on(&policy, &kind_facts(&listed), "2025-06-01"),
        Outcome::NotControlled
    );
}

#[test]
fn kinds_and_lists_together_count_both_kinds_of_owner() {
    let policy = ownership_policy(
        "at least 50% by military-end-user parties or parties on listed, directly or indirectly, individually or in aggregate",
    );
    // 30% by the military end user and 20% by the listed party: 50% in aggregate.
    let h = [holding("x", "e", "30%"), holding("y", "e", "20%")].join(",");
    assert_eq!(outcome_on(&policy, &kind_facts(&h), "2025-06-01"), Outcome::Prohibited);
    let individually = policy.replace("individually or in aggregate", "individually");
    assert_eq!(
        outcome_on(&individually, &kind_facts(&h), "2025-06-01"),
        Outcome::NotControlled
    );
}

#[test]
fn a_party_of_the_kind_is_not_caught_by_its_own_kind() {
    let policy = ownership_policy("at least 50% by military-end-user parties, directly, individually");
    let facts = kind_facts("").replace(r#""end_user": "e""#, r#""end_user": "x""#);
    assert_eq!(outcome_on(&policy, &facts, "2025-06-01"), Outcome::NotControlled);
}

#[test]
fn an_undeclared_owner_kind_is_refused() {
    let policy = ownership_policy("at least 50% by military-end-usr parties, directly, individually");
    let err = run(&policy, &kind_facts(""), None).expect_err("unknown kind");
    assert!(err.contains("edict::unknown-kind"), "{err}");
}

// ───────────────────────────── items containing elements ─────────────────────────────

const CONTAINING_POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
category samarium-items "items containing samarium, or terbium with iron"
  any item containing Sm
  any item containing Tb and Fe
rule r "Art. 1"
  outcome licence-required
  when the item is in samarium-items
"#;

/// A motor whose rotor holds a magnet three levels down; `magnet_elements`
/// are the magnet's elements, `rotor_elements` the rotor's own.
fn containing_facts(magnet_elements: &str, rotor_elements: &str) -> String {
    format!(
        r#"{{ "version": 1, "parties": {{ "x": {{ "country": "DE" }}, "y": {{ "country": "US" }} }},
        "items": {{
          "motor": {{ "origin": "DE", "value": "100", "components": [ {{ "item": "rotor", "quantity": 1 }} ] }},
          "rotor": {{ "origin": "DE", "value": "50", "elements": [{rotor_elements}], "components": [ {{ "item": "magnet", "quantity": 2 }} ] }},
          "magnet": {{ "origin": "CN", "value": "5", "elements": [{magnet_elements}] }} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "motor", "exporter": "x", "from": "DE", "to": "US", "end_user": "y" }} ] }}"#
    )
}

#[test]
fn any_item_containing_reaches_an_element_at_any_depth() {
    let caught = outcome_on(CONTAINING_POLICY, &containing_facts(r#""Sm", "Co""#, ""), "2025-06-01");
    assert_eq!(caught, Outcome::LicenceRequired, "the magnet two levels down holds Sm");
    let not = outcome_on(
        CONTAINING_POLICY,
        &containing_facts(r#""Nd", "Fe", "B""#, ""),
        "2025-06-01",
    );
    assert_eq!(not, Outcome::NotControlled, "no Sm anywhere");
}

#[test]
fn any_item_containing_all_of_several_elements_counts_them_across_the_bill_of_materials() {
    // Tb in the rotor itself, Fe in its magnet: the motor contains both.
    let both = outcome_on(CONTAINING_POLICY, &containing_facts(r#""Fe""#, r#""Tb""#), "2025-06-01");
    assert_eq!(both, Outcome::LicenceRequired);
    let one = outcome_on(CONTAINING_POLICY, &containing_facts(r#""Fe""#, ""), "2025-06-01");
    assert_eq!(one, Outcome::NotControlled, "iron without terbium");
}

#[test]
fn any_item_without_what_it_contains_is_refused() {
    for line in [
        "any item",
        "any item of Sm",
        "any item with a component in samarium-items",
    ] {
        let policy = CONTAINING_POLICY.replace("  any item containing Tb and Fe\n", &format!("  {line}\n"));
        let err = run(&policy, &containing_facts(r#""Sm""#, ""), None).expect_err(line);
        assert!(err.contains("edict::any-item-unqualified"), "{line}: {err}");
    }
}

// ───────────────────────────── content value ─────────────────────────────

const CONTENT_POLICY: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
category source "source materials"
  any metal
rule r "Art. 1"
  outcome licence-required
  when the value of components in source originating in CN is at least 0.1% of the item's value
"#;

fn content_facts(items: &str) -> String {
    format!(
        r#"{{ "version": 1, "parties": {{ "a": {{ "name": "a", "country": "DE" }} }}, "items": {{ {items} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "top", "exporter": "a", "from": "DE", "to": "US", "end_user": "a" }} ] }}"#
    )
}

fn content_because(items: &str) -> String {
    let d = run(CONTENT_POLICY, &content_facts(items), None).unwrap_or_else(|e| panic!("{e}"));
    d.decisions[0].policies[0]
        .findings
        .first()
        .map(|f| f.because.join("; "))
        .unwrap_or_default()
}

#[test]
fn content_is_multiplied_down_through_nested_assemblies() {
    // top contains 2 × sub; sub contains 3 × dy (1.00 each): 6.00 of 1000.00 = 0.6%.
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "classes": ["assembly"], "components": [ { "item": "sub", "quantity": 2 } ] },
        "sub": { "description": "s", "origin": "DE", "value": "50.00", "classes": ["assembly"], "components": [ { "item": "dy", "quantity": 3 } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1.00", "classes": ["metal"], "elements": ["Dy"] }"#;
    assert!(
        content_because(items).contains("is 6.00 of 1000.00 (0.6%)"),
        "{}",
        content_because(items)
    );
}

#[test]
fn a_line_value_replaces_unit_value_times_quantity() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "components": [ { "item": "dy", "quantity": 3, "value": "2.50" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1.00", "classes": ["metal"] }"#;
    assert!(
        content_because(items).contains("is 2.50 of 1000.00"),
        "{}",
        content_because(items)
    );
}

#[test]
fn the_walk_does_not_descend_into_a_matched_component() {
    // dy (matched, 1.00) itself contains 5 × sm (matched): only dy's line counts.
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "components": [ { "item": "dy", "quantity": 1 } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1.00", "classes": ["metal"], "components": [ { "item": "sm", "quantity": 5 } ] },
        "sm": { "description": "s", "origin": "CN", "value": "1.00", "classes": ["metal"] }"#;
    assert!(
        content_because(items).contains("is 1.00 of 1000.00 (0.1%)"),
        "{}",
        content_because(items)
    );
}

#[test]
fn components_of_another_origin_are_descended_into() {
    // A German-origin metal does not match; its Chinese sub-component does.
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "components": [ { "item": "de-metal", "quantity": 2 } ] },
        "de-metal": { "description": "d", "origin": "DE", "value": "9.00", "classes": ["metal"], "components": [ { "item": "cn-metal", "quantity": 1 } ] },
        "cn-metal": { "description": "c", "origin": "CN", "value": "0.75", "classes": ["metal"] }"#;
    assert!(
        content_because(items).contains("is 1.50 of 1000.00"),
        "{}",
        content_because(items)
    );
}

fn threshold_case(value: &str) -> Outcome {
    let items = format!(
        r#""top": {{ "description": "t", "origin": "DE", "value": "1000.00", "components": [ {{ "item": "dy", "quantity": 1, "value": "{value}" }} ] }},
        "dy": {{ "description": "d", "origin": "CN", "value": "1.00", "classes": ["metal"] }}"#
    );
    let d = run(CONTENT_POLICY, &content_facts(&items), None).unwrap_or_else(|e| panic!("{e}"));
    d.decisions[0].outcome
}

#[test]
fn exactly_the_threshold_is_caught_and_just_below_is_not() {
    assert_eq!(threshold_case("1.00"), Outcome::LicenceRequired);
    assert_eq!(threshold_case("0.9999"), Outcome::NotControlled);
    assert_eq!(threshold_case("1.0001"), Outcome::LicenceRequired);
}

#[test]
fn a_matched_component_without_any_value_is_an_error() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "components": [ { "item": "dy", "quantity": 1 } ] },
        "dy": { "description": "d", "origin": "CN", "classes": ["metal"] }"#;
    let err = run(CONTENT_POLICY, &content_facts(items), None).expect_err("must fail");
    assert!(
        err.contains("edict::facts::missing-value") && err.contains("components[0]"),
        "{err}"
    );
}

#[test]
fn a_zero_item_value_is_an_error() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "0", "components": [] }"#;
    let err = run(CONTENT_POLICY, &content_facts(items), None).expect_err("must fail");
    assert!(err.contains("edict::facts::zero-value"), "{err}");
}

// ───────────────────────────── windows ─────────────────────────────

fn window_policy(window: &str) -> String {
    format!("policy p\n  title \"t\"\n  authority \"a\"\n  issued 2020-01-01\nrule r \"Art. 1\"\n  {window}\n  outcome licence-required\n")
}

fn any_facts() -> String {
    ownership_facts("", "")
}

#[test]
fn a_window_holds_from_its_first_day() {
    let p = window_policy("in force from 2025-12-01");
    assert_eq!(outcome_on(&p, &any_facts(), "2025-11-30"), Outcome::NotControlled);
    assert_eq!(outcome_on(&p, &any_facts(), "2025-12-01"), Outcome::LicenceRequired);
}

#[test]
fn until_is_exclusive_and_through_is_inclusive() {
    let until = window_policy("in force from 2025-01-01 until 2026-01-01");
    assert_eq!(outcome_on(&until, &any_facts(), "2025-12-31"), Outcome::LicenceRequired);
    assert_eq!(outcome_on(&until, &any_facts(), "2026-01-01"), Outcome::NotControlled);
    let through = window_policy("in force from 2025-01-01 through 2026-01-01");
    assert_eq!(
        outcome_on(&through, &any_facts(), "2026-01-01"),
        Outcome::LicenceRequired
    );
    assert_eq!(outcome_on(&through, &any_facts(), "2026-01-02"), Outcome::NotControlled);
}

#[test]
fn a_suspension_covers_its_last_day_and_the_rule_returns_the_next() {
    let p = format!(
        "{}amendment s \"Art. 9\"\n  suspends p\n  from 2025-11-07 through 2026-11-10\n",
        window_policy("in force from 2025-01-01")
    );
    assert_eq!(outcome_on(&p, &any_facts(), "2025-11-06"), Outcome::LicenceRequired);
    assert_eq!(outcome_on(&p, &any_facts(), "2025-11-07"), Outcome::NotControlled);
    assert_eq!(outcome_on(&p, &any_facts(), "2026-11-10"), Outcome::NotControlled);
    assert_eq!(outcome_on(&p, &any_facts(), "2026-11-11"), Outcome::LicenceRequired);
}

// ───────────────────────────── precedence ─────────────────────────────

const PRECEDENCE: &str = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
rule base "Art. 1"
  outcome licence-required
  when the destination is outside CN
rule military-users "Art. 2"
  raises a required licence to presumption-of-denial
  when the end user is a military-end-user
rule relief "Art. 5"
  exempts base
  yields to military-users
  when the end use is relief
"#;

fn precedence_facts(kinds: &str, end_use: &str, to: &str) -> String {
    format!(
        r#"{{ "version": 1, "parties": {{ "a": {{ "name": "a", "country": "DE", "kinds": [{kinds}] }} }},
        "items": {{ "i": {{ "description": "i", "origin": "DE", "value": "1.00" }} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "i", "exporter": "a", "from": "DE", "to": "{to}", "end_user": "a", "end_uses": [{end_use}] }} ] }}"#
    )
}

#[test]
fn an_exception_replaces_the_requirement_with_exempt() {
    let d = run(PRECEDENCE, &precedence_facts("", r#""relief""#, "US"), None).expect("runs");
    assert_eq!(outcome(&d, "S"), Outcome::Exempt);
    let rules: Vec<&str> = d.decisions[0].policies[0]
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["base", "relief"]);
}

#[test]
fn an_exception_yields_to_the_rule_it_names() {
    let d = run(
        PRECEDENCE,
        &precedence_facts(r#""military-end-user""#, r#""relief""#, "US"),
        None,
    )
    .expect("runs");
    assert_eq!(outcome(&d, "S"), Outcome::PresumptionOfDenial);
}

#[test]
fn an_escalation_creates_no_requirement_of_its_own() {
    let d = run(PRECEDENCE, &precedence_facts(r#""military-end-user""#, "", "CN"), None).expect("runs");
    assert_eq!(outcome(&d, "S"), Outcome::NotControlled);
}

#[test]
fn an_amendment_lowers_a_threshold_from_a_date() {
    let draft =
        format!("{CONTENT_POLICY}amendment lower \"Draft\"\n  changes p.r\n  from 2026-01-01\n  threshold 0.05%\n");
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000.00", "components": [ { "item": "dy", "quantity": 1, "value": "0.60" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1.00", "classes": ["metal"] }"#;
    let f = content_facts(items);
    assert_eq!(outcome_on(&draft, &f, "2025-12-31"), Outcome::NotControlled);
    assert_eq!(outcome_on(&draft, &f, "2026-01-01"), Outcome::LicenceRequired);
}

#[test]
fn an_amendment_extends_a_category_from_a_date() {
    let policy = r#"policy p
  title "t"
  authority "a"
  issued 2020-01-01
category c "c"
  any item classed part
rule r "Art. 1"
  outcome licence-required
  when the item is in c
amendment add "Draft"
  extends p.c with any metal
  from 2026-01-01
"#;
    let facts =
        content_facts(r#""top": { "description": "t", "origin": "DE", "value": "1.00", "classes": ["metal"] }"#);
    assert_eq!(outcome_on(policy, &facts, "2025-12-31"), Outcome::NotControlled);
    assert_eq!(outcome_on(policy, &facts, "2026-01-01"), Outcome::LicenceRequired);
}

#[test]
fn a_replacing_rule_takes_over_from_its_date() {
    let policy = format!(
        "{}rule stricter \"Draft Art. 1\"\n  replaces p.r from 2026-01-01\n  outcome prohibited\n",
        window_policy("in force from 2025-01-01")
    );
    assert_eq!(
        outcome_on(&policy, &any_facts(), "2025-12-31"),
        Outcome::LicenceRequired
    );
    assert_eq!(outcome_on(&policy, &any_facts(), "2026-01-01"), Outcome::Prohibited);
}
