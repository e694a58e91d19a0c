//! Every threshold of the bundled library at, just below and just above its
//! line, with facts written inline. The expected outcomes are the law's
//! (fact sheet `shared/regulations.md`), not whatever the code prints:
//!
//! * MOFCOM No. 61 Art. 1(1): China-origin Part 1 content "达到0.1%及以上"
//!   (reaches 0.1% or more), inclusive, exact decimals (§2.2, §11.3).
//! * No. 61 Art. 2: end users held 50% or more by a Control-List or
//!   Watch-List party, one owner at a time (A-CN50-NOAGG), through chains of
//!   50%-held subsidiaries (A-CN50-CHAIN) (§2.4, §11.6).
//! * BIS Affiliates Rule: 50% or more, individually or in aggregate, the
//!   strictest listed owner's review policy applies (§7).
//! * OFAC 50 Percent Rule: 50% or more in aggregate; a blocked intermediary
//!   passes on its whole stake, one below 50% passes on nothing (§8.1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::decision::Decisions;
use edict::eval::{evaluate, vocabulary_warnings, EvalOptions};
use edict::facts::{load, FactsSource};
use edict::outcome::Outcome;
use edict::policy::PolicySet;
use std::sync::OnceLock;

fn bundled() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        let loaded = edict::load::load(edict::bundled::sources());
        assert!(loaded.diagnostics.is_empty(), "the bundled library has diagnostics");
        loaded.set.expect("the bundled library checks")
    })
}

/// Evaluates a facts file with the bundled library, each shipment on its own date.
fn decide(facts: &str) -> Decisions {
    let set = bundled();
    let source = FactsSource::new("facts.json", facts);
    let facts = load(&source).unwrap_or_else(|e| {
        panic!(
            "{facts}\n{}",
            e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    let warnings = vocabulary_warnings(set, &facts, &source);
    assert!(
        warnings.is_empty(),
        "{:?}",
        warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>()
    );
    evaluate(
        set,
        &facts,
        &source,
        &EvalOptions {
            as_of: None,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")))
}

/// The outcome one policy gives the only shipment.
fn policy_outcome(decisions: &Decisions, policy: &str) -> Outcome {
    assert_eq!(decisions.decisions.len(), 1);
    let d = &decisions.decisions[0];
    d.policies
        .iter()
        .find(|p| p.policy == policy)
        .unwrap_or_else(|| panic!("no decision of {policy}"))
        .outcome
}

// ───────────────────────── No. 61 Art. 1(1): 0.1% de minimis ─────────────────────────

/// A German servo motor (Part 2 assembly) of `value` whose Chinese NdFeB(Dy)
/// magnet holds Chinese dysprosium metal worth `dy`, exported to the US on
/// 2026-11-11 (No. 61 in force again: A-SUSP-END-INCL, A-LAPSE).
fn deminimis(value: &str, dy: &str) -> Outcome {
    let facts = format!(
        r#"{{
  "version": 1,
  "parties": {{ "maker": {{ "country": "DE" }}, "buyer": {{ "country": "US" }} }},
  "items": {{
    "motor": {{ "origin": "DE", "value": "{value}", "classes": ["assembly"],
      "components": [ {{ "item": "magnet", "quantity": 1 }} ] }},
    "magnet": {{ "origin": "CN", "value": "5.00", "classes": ["1C905.a", "permanent-magnet"],
      "elements": ["Nd", "Fe", "B", "Dy"],
      "components": [ {{ "item": "dy", "quantity": 1, "value": "{dy}" }} ] }},
    "dy": {{ "origin": "CN", "value": "850.00", "classes": ["1C905.a", "metal"], "elements": ["Dy"] }}
  }},
  "shipments": [ {{ "id": "S", "date": "2026-11-11", "item": "motor", "exporter": "maker",
    "from": "DE", "to": "US", "end_user": "buyer" }} ]
}}"#
    );
    policy_outcome(&decide(&facts), "cn-mofcom-2025-61")
}

#[test]
fn deminimis_exactly_one_thousandth_is_caught() {
    assert_eq!(deminimis("1000.00", "1.00"), Outcome::LicenceRequired);
}

#[test]
fn deminimis_exactly_one_thousandth_of_an_awkward_value_is_caught() {
    // 0.33333 / 333.33 = 0.001 exactly; floating point would not say so.
    assert_eq!(deminimis("333.33", "0.33333"), Outcome::LicenceRequired);
}

#[test]
fn deminimis_one_hundredth_of_a_percent_below_is_not_caught() {
    assert_eq!(deminimis("1000.00", "0.90"), Outcome::NotControlled); // 0.09%
}

#[test]
fn deminimis_just_below_is_not_caught() {
    assert_eq!(deminimis("1000.00", "0.99999"), Outcome::NotControlled); // 0.099999%
}

#[test]
fn deminimis_above_is_caught() {
    assert_eq!(deminimis("1000.00", "1.10"), Outcome::LicenceRequired); // 0.11%
}

// ───────────────────────── No. 61 Art. 2: 50%, individually ─────────────────────────

/// China-origin dysprosium metal re-exported from Singapore on 2025-10-15
/// (Art. 1(3) in force) to an end user with the given holdings (`owner`,
/// `owned`, `share`); `l1` and `l2` are on China's Control List.
fn cn_listed(holdings: &[(&str, &str, &str)]) -> Outcome {
    let ownership: Vec<String> = holdings
        .iter()
        .map(|(o, d, s)| format!(r#"{{ "owner": "{o}", "owned": "{d}", "share": "{s}" }}"#))
        .collect();
    let facts = format!(
        r#"{{
  "version": 1,
  "parties": {{
    "trader": {{ "country": "SG" }}, "user": {{ "country": "DE" }}, "mid": {{ "country": "NL" }},
    "l1": {{ "country": "US" }}, "l2": {{ "country": "US" }}
  }},
  "ownership": [ {} ],
  "listings": [
    {{ "party": "l1", "list": "cn-control-list", "from": "2025-01-02" }},
    {{ "party": "l2", "list": "cn-control-list", "from": "2025-01-02" }}
  ],
  "items": {{ "dy": {{ "origin": "CN", "value": "850.00", "classes": ["1C905.a", "metal"], "elements": ["Dy"] }} }},
  "shipments": [ {{ "id": "S", "date": "2025-10-15", "item": "dy", "exporter": "trader",
    "from": "SG", "to": "DE", "end_user": "user" }} ]
}}"#,
        ownership.join(", ")
    );
    policy_outcome(&decide(&facts), "cn-mofcom-2025-61")
}

#[test]
fn cn50_exactly_half_is_caught() {
    assert_eq!(cn_listed(&[("l1", "user", "50%")]), Outcome::PresumptionOfDenial);
}

#[test]
fn cn50_one_hundredth_below_is_not_caught() {
    assert_eq!(cn_listed(&[("l1", "user", "49.99%")]), Outcome::LicenceRequired);
}

#[test]
fn cn50_one_hundredth_above_is_caught() {
    assert_eq!(cn_listed(&[("l1", "user", "50.01%")]), Outcome::PresumptionOfDenial);
}

#[test]
fn cn50_fraction_notation_is_the_same_line() {
    assert_eq!(cn_listed(&[("l1", "user", "0.5")]), Outcome::PresumptionOfDenial);
    assert_eq!(cn_listed(&[("l1", "user", "0.4999")]), Outcome::LicenceRequired);
}

#[test]
fn cn50_two_unrelated_listed_owners_are_not_added_up() {
    // A-CN50-NOAGG: 25% + 25% is no single holder's 50%.
    assert_eq!(
        cn_listed(&[("l1", "user", "25%"), ("l2", "user", "25%")]),
        Outcome::LicenceRequired
    );
    assert_eq!(
        cn_listed(&[("l1", "user", "49.99%"), ("l2", "user", "50.01%")]),
        Outcome::PresumptionOfDenial
    );
}

#[test]
fn cn50_chain_at_the_line() {
    // A-CN50-CHAIN: a 50%-held subsidiary passes its whole stake on.
    assert_eq!(
        cn_listed(&[("l1", "mid", "50%"), ("mid", "user", "50%")]),
        Outcome::PresumptionOfDenial
    );
    assert_eq!(
        cn_listed(&[("l1", "mid", "49.99%"), ("mid", "user", "100%")]),
        Outcome::LicenceRequired
    );
    assert_eq!(
        cn_listed(&[("l1", "mid", "50%"), ("mid", "user", "49.99%")]),
        Outcome::LicenceRequired
    );
    assert_eq!(
        cn_listed(&[("l1", "mid", "50.01%"), ("mid", "user", "50.01%")]),
        Outcome::PresumptionOfDenial
    );
}

// ───────────────────────── BIS Affiliates Rule: 50%, in aggregate ─────────────────────────

/// A US sensor shipped on `date` to a Chinese customer owned by Entity List
/// parties `pd` (review presumption of denial) and `cbc` (review
/// case-by-case), and by the unlisted `free`, per `holdings`.
fn bis(date: &str, holdings: &[(&str, &str, &str)]) -> Outcome {
    let ownership: Vec<String> = holdings
        .iter()
        .map(|(o, d, s)| format!(r#"{{ "owner": "{o}", "owned": "{d}", "share": "{s}" }}"#))
        .collect();
    let facts = format!(
        r#"{{
  "version": 1,
  "parties": {{
    "exporter": {{ "country": "US" }}, "customer": {{ "country": "CN" }}, "mid": {{ "country": "CN" }},
    "pd": {{ "country": "CN" }}, "cbc": {{ "country": "CN" }}, "free": {{ "country": "CN" }}
  }},
  "ownership": [ {} ],
  "listings": [
    {{ "party": "pd", "list": "us-entity-list", "from": "2020-01-01", "attributes": {{ "review": "presumption-of-denial" }} }},
    {{ "party": "cbc", "list": "us-entity-list", "from": "2020-01-01", "attributes": {{ "review": "case-by-case" }} }}
  ],
  "items": {{ "sensor": {{ "origin": "US", "value": "185.00" }} }},
  "shipments": [ {{ "id": "S", "date": "{date}", "item": "sensor", "exporter": "exporter",
    "from": "US", "to": "CN", "end_user": "customer" }} ]
}}"#,
        ownership.join(", ")
    );
    policy_outcome(&decide(&facts), "us-bis-2025-affiliates")
}

#[test]
fn bis_aggregate_exactly_half_is_caught_with_the_strictest_review() {
    let h = [
        ("pd", "customer", "25%"),
        ("cbc", "customer", "25%"),
        ("free", "customer", "50%"),
    ];
    assert_eq!(bis("2025-10-15", &h), Outcome::PresumptionOfDenial);
}

#[test]
fn bis_aggregate_one_hundredth_below_is_not_caught() {
    let h = [
        ("pd", "customer", "25%"),
        ("cbc", "customer", "24.99%"),
        ("free", "customer", "50.01%"),
    ];
    assert_eq!(bis("2025-10-15", &h), Outcome::NotControlled);
}

#[test]
fn bis_aggregate_one_hundredth_above_is_caught() {
    let h = [
        ("pd", "customer", "25%"),
        ("cbc", "customer", "25.01%"),
        ("free", "customer", "49.99%"),
    ];
    assert_eq!(bis("2025-10-15", &h), Outcome::PresumptionOfDenial);
}

#[test]
fn bis_single_owner_at_the_line_takes_its_own_review() {
    assert_eq!(bis("2025-10-15", &[("cbc", "customer", "50%")]), Outcome::CaseByCase);
    assert_eq!(
        bis("2025-10-15", &[("cbc", "customer", "49.99%")]),
        Outcome::NotControlled
    );
    assert_eq!(bis("2025-10-15", &[("cbc", "customer", "50.01%")]), Outcome::CaseByCase);
}

#[test]
fn bis_chain_at_the_line() {
    // "entities that are themselves restricted through such ownership" pass on their whole stake.
    assert_eq!(
        bis("2025-10-15", &[("pd", "mid", "50%"), ("mid", "customer", "50%")]),
        Outcome::PresumptionOfDenial
    );
    assert_eq!(
        bis("2025-10-15", &[("pd", "mid", "49.99%"), ("mid", "customer", "100%")]),
        Outcome::NotControlled
    );
}

#[test]
fn bis_threshold_only_while_in_force() {
    let h = [("pd", "customer", "25%"), ("cbc", "customer", "25%")];
    assert_eq!(bis("2025-09-28", &h), Outcome::NotControlled); // before the rule
    assert_eq!(bis("2025-11-09", &h), Outcome::PresumptionOfDenial); // last day
    assert_eq!(bis("2025-11-10", &h), Outcome::NotControlled); // suspended
    assert_eq!(bis("2026-11-09", &h), Outcome::NotControlled); // suspended, last day
    assert_eq!(bis("2026-11-10", &h), Outcome::PresumptionOfDenial); // re-imposed (A-US-REIMPOSE)
}

// ───────────────────────── OFAC: 50%, in aggregate, through chains ─────────────────────────

/// A US exporter ships on 2025-10-15 to `target`, owned per `holdings`; `sdn`
/// is blocked, `a` and `b` are intermediaries.
fn ofac(holdings: &[(&str, &str, &str)]) -> Outcome {
    let ownership: Vec<String> = holdings
        .iter()
        .map(|(o, d, s)| format!(r#"{{ "owner": "{o}", "owned": "{d}", "share": "{s}" }}"#))
        .collect();
    let facts = format!(
        r#"{{
  "version": 1,
  "parties": {{
    "exporter": {{ "country": "US" }}, "target": {{ "country": "AE" }},
    "a": {{ "country": "CY" }}, "b": {{ "country": "CY" }}, "sdn": {{ "country": "RU" }}
  }},
  "ownership": [ {} ],
  "listings": [ {{ "party": "sdn", "list": "us-sdn-list", "from": "2022-04-06" }} ],
  "items": {{ "sensor": {{ "origin": "US", "value": "185.00" }} }},
  "shipments": [ {{ "id": "S", "date": "2025-10-15", "item": "sensor", "exporter": "exporter",
    "from": "US", "to": "AE", "end_user": "target" }} ]
}}"#,
        ownership.join(", ")
    );
    policy_outcome(&decide(&facts), "us-ofac-50-percent")
}

#[test]
fn ofac_chain_exactly_half_at_each_step_is_blocked() {
    // FAQ 401 example 1.
    assert_eq!(
        ofac(&[("sdn", "a", "50%"), ("a", "target", "50%")]),
        Outcome::Prohibited
    );
}

#[test]
fn ofac_chain_one_hundredth_below_at_either_step_is_not_blocked() {
    assert_eq!(
        ofac(&[("sdn", "a", "49.99%"), ("a", "target", "100%")]),
        Outcome::NotControlled
    );
    assert_eq!(
        ofac(&[("sdn", "a", "100%"), ("a", "target", "49.99%")]),
        Outcome::NotControlled
    );
}

#[test]
fn ofac_chain_one_hundredth_above_is_blocked() {
    assert_eq!(
        ofac(&[("sdn", "a", "50.01%"), ("a", "target", "50.01%")]),
        Outcome::Prohibited
    );
}

#[test]
fn ofac_no_multiplication_along_the_chain() {
    // 60% of 60% would be 36% when multiplied; OFAC passes the whole 60% on.
    assert_eq!(
        ofac(&[("sdn", "a", "60%"), ("a", "target", "60%")]),
        Outcome::Prohibited
    );
}

#[test]
fn ofac_aggregate_direct_and_through_a_blocked_intermediary() {
    // FAQ 401 example 3 at the line: a blocked intermediary's stake adds to the direct one.
    assert_eq!(
        ofac(&[("sdn", "a", "50%"), ("a", "target", "25%"), ("sdn", "target", "25%")]),
        Outcome::Prohibited
    );
    assert_eq!(
        ofac(&[("sdn", "a", "50%"), ("a", "target", "25%"), ("sdn", "target", "24.99%")]),
        Outcome::NotControlled
    );
    assert_eq!(
        ofac(&[("sdn", "a", "50%"), ("a", "target", "25%"), ("sdn", "target", "25.01%")]),
        Outcome::Prohibited
    );
}

#[test]
fn ofac_aggregate_two_blocked_intermediaries() {
    // FAQ 401 example 2 at the line.
    let blocked = [("sdn", "a", "50%"), ("sdn", "b", "50%")];
    let with = |x: &'static str, y: &'static str| {
        let mut h = blocked.to_vec();
        h.push(("a", "target", x));
        h.push(("b", "target", y));
        ofac(&h)
    };
    assert_eq!(with("25%", "25%"), Outcome::Prohibited);
    assert_eq!(with("25%", "24.99%"), Outcome::NotControlled);
    assert_eq!(with("25%", "25.01%"), Outcome::Prohibited);
}

#[test]
fn ofac_stakes_through_unblocked_intermediaries_count_for_nothing() {
    // FAQ 401 example 4: the SDN holds 25% of A and of B; A and B each hold 50% of the target.
    let h = [
        ("sdn", "a", "25%"),
        ("sdn", "b", "25%"),
        ("a", "target", "50%"),
        ("b", "target", "50%"),
    ];
    assert_eq!(ofac(&h), Outcome::NotControlled);
    // At 50% A is blocked and its whole 50% counts; at 49.99% it passes on nothing.
    let h = [
        ("sdn", "a", "50%"),
        ("sdn", "b", "25%"),
        ("a", "target", "50%"),
        ("b", "target", "50%"),
    ];
    assert_eq!(ofac(&h), Outcome::Prohibited);
    let h = [
        ("sdn", "a", "49.99%"),
        ("sdn", "b", "25%"),
        ("a", "target", "50%"),
        ("b", "target", "50%"),
    ];
    assert_eq!(ofac(&h), Outcome::NotControlled);
}
