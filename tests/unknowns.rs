//! Facts version 2: facts stated as unknown or as a range, and the
//! decisions they leave undetermined. The expected outcomes are the law's
//! lines (MOFCOM No. 61's 0.1% de minimis and its 50% rule, as in
//! `tests/thresholds.rs`), exact decimals at the boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use edict::decision::{Decisions, OutcomeRange, Undetermined};
use edict::eval::{evaluate, EvalOptions};
use edict::facts::{load, FactsSource, UnknownFact};
use edict::outcome::Outcome;
use edict::policy::PolicySet;
use std::sync::OnceLock;

fn bundled() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        let loaded = edict::load::load(edict::bundled::sources());
        loaded.set.expect("the bundled library checks")
    })
}

fn decide(facts: &str) -> Decisions {
    let source = FactsSource::new("facts.json", facts);
    let loaded = load(&source).unwrap_or_else(|e| {
        panic!(
            "{facts}\n{}",
            e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    evaluate(bundled(), &loaded, &source, &EvalOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")))
}

fn range(at_least: Outcome, at_most: Outcome) -> OutcomeRange {
    OutcomeRange { at_least, at_most }
}

/// The only shipment's outcome: `Ok` when determined, `Err` with what is
/// undetermined otherwise.
fn only(decisions: &Decisions) -> Result<Outcome, Undetermined> {
    assert_eq!(decisions.decisions.len(), 1);
    match decisions.undetermined(0) {
        Some(u) => Err(u.clone()),
        None => Ok(decisions.decisions[0].outcome),
    }
}

/// A German servo motor worth `value` → rotor → Chinese NdFeB(Dy) magnet →
/// dysprosium metal of origin `dy_origin` whose line is worth `dy`, sent
/// to `to` on 2026-11-11 (No. 61 in force). Values are JSON (a string or
/// a range).
fn motor(value: &str, dy: &str, dy_origin: &str, to: &str) -> String {
    format!(
        r#"{{
  "version": 2,
  "parties": {{ "maker": {{ "country": "DE" }}, "buyer": {{ "country": "{to}" }} }},
  "items": {{
    "motor": {{ "origin": "DE", "value": {value}, "classes": ["assembly"],
      "components": [ {{ "item": "rotor", "quantity": 1 }}, {{ "item": "shaft", "quantity": 1 }} ] }},
    "rotor": {{ "origin": "DE", "value": "100.00", "classes": ["assembly"],
      "components": [ {{ "item": "magnet", "quantity": 1 }} ] }},
    "shaft": {{ "origin": "unknown", "value": "3.00" }},
    "magnet": {{ "origin": "CN", "value": "5.00", "classes": ["1C905.a", "permanent-magnet"],
      "elements": ["Nd", "Fe", "B", "Dy"],
      "components": [ {{ "item": "dy", "quantity": 1, "value": {dy} }} ] }},
    "dy": {{ "origin": "{dy_origin}", "value": "850.00", "classes": ["1C905.a", "metal"], "elements": ["Dy"] }}
  }},
  "shipments": [ {{ "id": "S", "date": "2026-11-11", "item": "motor", "exporter": "maker",
    "from": "DE", "to": "{to}", "end_user": "buyer" }} ]
}}"#
    )
}

#[test]
fn an_unknown_that_does_not_matter_leaves_the_outcome_determined() {
    // The shaft's origin is unknown, but no rule reads it: 1.00 of 1000.00
    // is exactly 0.1%, caught whatever the shaft is.
    let d = decide(&motor(r#""1000.00""#, r#""1.00""#, "CN", "US"));
    assert_eq!(only(&d), Ok(Outcome::LicenceRequired));
    // The reasons say nothing about the shaft (it is in no reason).
    let text = format!("{:?}", d.decisions[0].policies);
    assert!(!text.contains("these reasons take"), "{text}");
}

#[test]
fn an_unknown_the_rest_of_the_rule_decides_leaves_it_determined() {
    // The dysprosium's origin is unknown and would decide the share, but the
    // motor goes to China: the de minimis rule needs a destination outside
    // China, so whatever the origin, it does not apply.
    let d = decide(&motor(r#""1000.00""#, r#""1.00""#, "unknown", "CN"));
    let policy = d.decisions[0]
        .policies
        .iter()
        .find(|p| p.policy == "cn-mofcom-2025-61")
        .unwrap();
    assert!(d.undetermined.is_empty(), "{:?}", d.undetermined);
    assert!(policy.findings.iter().all(|f| f.rule != "deminimis"), "{policy:?}");
}

#[test]
fn an_unknown_that_matters_is_undetermined_with_its_range_and_settling_fact() {
    // Nested three deep: motor → rotor → magnet → dy.
    let d = decide(&motor(r#""1000.00""#, r#""1.00""#, "unknown", "US"));
    let u = only(&d).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::NotControlled, Outcome::LicenceRequired));
    assert_eq!(u.settled_by.len(), 1, "{u:?}");
    let s = &u.settled_by[0];
    assert_eq!(s.fact, r#"items["dy"].origin"#);
    assert!(s.settles);
    let cn = s.values.iter().find(|v| v.value == "CN").expect("CN tried");
    assert_eq!(cn.range, range(Outcome::LicenceRequired, Outcome::LicenceRequired));
    assert!(
        cn.because.starts_with("if the origin of dy is CN: licence-required"),
        "{}",
        cn.because
    );
    assert!(
        cn.because.contains("content of motor is 1.00 of 1000.00"),
        "{}",
        cn.because
    );
    let elsewhere: Vec<_> = s.values.iter().filter(|v| v.value != "CN").collect();
    assert!(!elsewhere.is_empty());
    assert!(elsewhere
        .iter()
        .all(|v| v.range == range(Outcome::NotControlled, Outcome::NotControlled)));
    // The Rust value of an undetermined decision is its most restrictive outcome, never a silent "not controlled".
    assert_eq!(d.decisions[0].outcome, Outcome::LicenceRequired);
}

#[test]
fn a_value_range_across_one_thousandth_is_undetermined() {
    let d = decide(&motor(
        r#""1000.00""#,
        r#"{"at least": "0.99999", "at most": "1.00"}"#,
        "CN",
        "US",
    ));
    let u = only(&d).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::NotControlled, Outcome::LicenceRequired));
    let s = &u.settled_by[0];
    assert_eq!(s.fact, r#"items["magnet"].components[0].value"#);
    let at: Vec<(&str, Outcome)> = s.values.iter().map(|v| (v.value.as_str(), v.range.at_most)).collect();
    assert_eq!(at.first(), Some(&("0.99999", Outcome::NotControlled)));
    assert_eq!(at.last(), Some(&("1", Outcome::LicenceRequired)));
}

#[test]
fn a_value_range_from_exactly_one_thousandth_is_determined() {
    let caught = decide(&motor(
        r#""1000.00""#,
        r#"{"at least": "1.00", "at most": "1.10"}"#,
        "CN",
        "US",
    ));
    assert_eq!(only(&caught), Ok(Outcome::LicenceRequired));
    let below = decide(&motor(
        r#""1000.00""#,
        r#"{"at least": "0.50", "at most": "0.99999"}"#,
        "CN",
        "US",
    ));
    assert_eq!(only(&below).map_err(|u| u.range), Ok(Outcome::NotControlled));
}

#[test]
fn a_range_of_the_denominator_is_compared_exactly() {
    // 1.00 of 1000.00 is 0.1% (caught); of 1000.01 it is just below.
    let d = decide(&motor(
        r#"{"at least": "1000.00", "at most": "1000.01"}"#,
        r#""1.00""#,
        "CN",
        "US",
    ));
    let u = only(&d).expect_err("undetermined");
    assert_eq!(u.settled_by[0].fact, r#"items["motor"].value"#);
    assert_eq!(u.range, range(Outcome::NotControlled, Outcome::LicenceRequired));
    let exact = decide(&motor(
        r#"{"at least": "999.00", "at most": "1000.00"}"#,
        r#""1.00""#,
        "CN",
        "US",
    ));
    assert_eq!(only(&exact), Ok(Outcome::LicenceRequired));
}

/// China-origin dysprosium re-exported from Singapore on 2025-10-15 to an
/// end user with these holdings (JSON objects); `l1` and `l2` are on
/// China's Control List (`l1` from `l1_from`, JSON).
fn held(holdings: &[&str], l1_from: &str) -> String {
    format!(
        r#"{{
  "version": 2,
  "parties": {{
    "trader": {{ "country": "SG" }}, "user": {{ "country": "DE" }}, "mid": {{ "country": "NL" }},
    "l1": {{ "country": "US" }}, "l2": {{ "country": "US" }}
  }},
  "ownership": [ {} ],
  "listings": [
    {{ "party": "l1", "list": "cn-control-list", "from": {l1_from} }},
    {{ "party": "l2", "list": "cn-control-list", "from": "2025-01-02" }}
  ],
  "items": {{ "dy": {{ "origin": "CN", "value": "850.00", "classes": ["1C905.a", "metal"], "elements": ["Dy"] }} }},
  "shipments": [ {{ "id": "S", "date": "2025-10-15", "item": "dy", "exporter": "trader",
    "from": "SG", "to": "DE", "end_user": "user" }} ]
}}"#,
        holdings.join(", ")
    )
}

fn holding(owner: &str, owned: &str, share: &str) -> String {
    format!(r#"{{ "owner": "{owner}", "owned": "{owned}", "share": {share} }}"#)
}

const LISTED: &str = r#""2025-01-02""#;

#[test]
fn a_share_range_up_to_exactly_half_is_undetermined() {
    let h = holding("l1", "user", r#"{"at least": "40%", "at most": "50%"}"#);
    let u = only(&decide(&held(&[&h], LISTED))).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::LicenceRequired, Outcome::PresumptionOfDenial));
    let s = &u.settled_by[0];
    assert_eq!(s.fact, "ownership[0].share");
    // Knowing the share settles it: each value leads to one outcome.
    assert!(s.settles);
    let leads: Vec<(&str, Outcome)> = s.values.iter().map(|v| (v.value.as_str(), v.range.at_most)).collect();
    assert_eq!(
        leads,
        [
            ("40%", Outcome::LicenceRequired),
            ("45%", Outcome::LicenceRequired),
            ("50%", Outcome::PresumptionOfDenial)
        ]
    );
}

#[test]
fn share_ranges_on_one_side_of_half_are_determined() {
    let at = holding("l1", "user", r#"{"at least": "50%", "at most": "60%"}"#);
    assert_eq!(only(&decide(&held(&[&at], LISTED))), Ok(Outcome::PresumptionOfDenial));
    let below = holding("l1", "user", r#"{"at least": "40%", "at most": "49.99%"}"#);
    assert_eq!(only(&decide(&held(&[&below], LISTED))), Ok(Outcome::LicenceRequired));
}

#[test]
fn an_unknown_share_in_an_ownership_chain_is_undetermined() {
    // l1 holds 60% of mid; mid's share of user is unknown.
    let top = holding("l1", "mid", r#""60%""#);
    let link = holding("mid", "user", r#""unknown""#);
    let u = only(&decide(&held(&[&top, &link], LISTED))).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::LicenceRequired, Outcome::PresumptionOfDenial));
    assert_eq!(u.settled_by[0].fact, "ownership[1].share");
    // Above the chain, a share under half settles it: nothing passes on.
    let weak = holding("l1", "mid", r#""49.99%""#);
    assert_eq!(
        only(&decide(&held(&[&weak, &link], LISTED))),
        Ok(Outcome::LicenceRequired)
    );
}

#[test]
fn a_cycle_of_unknown_shares_terminates() {
    let a = holding("l1", "mid", r#"{"at least": "30%", "at most": "70%"}"#);
    let b = holding("mid", "user", r#""unknown""#);
    let c = holding("user", "mid", r#""unknown""#);
    let d = holding("user", "l2", r#"{"at least": "0%", "at most": "10%"}"#);
    let u = only(&decide(&held(&[&a, &b, &c, &d], LISTED))).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::LicenceRequired, Outcome::PresumptionOfDenial));
    // Neither share alone settles it: it takes both links of the chain.
    assert!(u.settled_by.iter().all(|s| !s.settles), "{u:?}");
    let facts: Vec<&str> = u.settled_by.iter().map(|s| s.fact.as_str()).collect();
    assert_eq!(facts, ["ownership[0].share", "ownership[1].share"]);
}

#[test]
fn an_unknown_listing_start_is_undetermined_and_settled_by_it() {
    let h = holding("l1", "user", r#""60%""#);
    let u = only(&decide(&held(&[&h], r#""unknown""#))).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::LicenceRequired, Outcome::PresumptionOfDenial));
    let s = &u.settled_by[0];
    assert_eq!(s.fact, "listings[0].from");
    assert!(s.settles);
    let values: Vec<&str> = s.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["on or before the day", "after the day"]);
    assert!(s.values[0]
        .because
        .starts_with("if l1's listing on cn-control-list began on or before the day: presumption-of-denial"));
}

#[test]
fn unknowns_are_kept_with_their_paths() {
    let text = std::fs::read_to_string("tests/cases/facts/ok/version-2-unknowns/facts.json").unwrap();
    let facts = load(&FactsSource::new("facts.json", &text))
        .map_err(|e| e.len())
        .unwrap();
    assert_eq!(facts.version, 2);
    let paths: Vec<&str> = facts.unknowns.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            r#"parties["robo"].country"#,
            "ownership[0].share",
            "ownership[0].from",
            "ownership[1].share",
            "ownership[1].until",
            "listings[0].from",
            r#"items["motor"].value"#,
            r#"items["motor"].components[0].value"#,
            r#"items["magnet"].origin"#,
        ]
    );
    assert!(
        matches!(facts.unknowns[3].fact, UnknownFact::HoldingShare(1, b) if b.at_most == rust_decimal::Decimal::ONE)
    );
}

#[test]
fn a_version_1_file_without_unknowns_decides_exactly_as_before() {
    // The same shipment written as version 1 and as version 2 with nothing
    // unknown: the same decisions, apart from the version.
    let v2 = motor(r#""1000.00""#, r#""1.00""#, "CN", "US").replace(r#""origin": "unknown""#, r#""origin": "DE""#);
    let v1 = v2.replace(r#""version": 2"#, r#""version": 1"#);
    let (a, b) = (decide(&v1), decide(&v2));
    assert_eq!((a.version, b.version), (1, 2));
    assert_eq!(a.decisions, b.decisions);
    assert!(a.undetermined.is_empty() && b.undetermined.is_empty());
}

/// A German Part 2 magnet (NdFeB with Dy) made with magnet-manufacturing
/// technology whose origin is `origin`, and a second technology entry, sent
/// from Germany to the US on 2026-11-11 (No. 61 in force).
fn magnet_made_with(technology: &str, origin: &str) -> String {
    format!(
        r#"{{
  "version": 2,
  "parties": {{ "maker": {{ "country": "DE" }}, "buyer": {{ "country": "US" }} }},
  "items": {{
    "magnet": {{ "origin": "DE", "value": "50.00", "classes": ["1C905.a", "permanent-magnet"],
      "elements": ["Nd", "Fe", "B", "Dy"],
      "made_with": [ {{ "technology": "{technology}", "origin": {origin} }} ] }}
  }},
  "shipments": [ {{ "id": "S", "date": "2026-11-11", "item": "magnet", "exporter": "maker",
    "from": "DE", "to": "US", "end_user": "buyer" }} ]
}}"#
    )
}

#[test]
fn an_unknown_technology_origin_is_undetermined_never_not_chinese() {
    // Known either way: the rule of Art. 1(2) decides.
    assert_eq!(
        only(&decide(&magnet_made_with("magnet-manufacturing", r#""CN""#))),
        Ok(Outcome::LicenceRequired)
    );
    assert_eq!(
        only(&decide(&magnet_made_with("magnet-manufacturing", r#""JP""#))),
        Ok(Outcome::NotControlled)
    );
    // Unknown: undetermined, settled by the entry's origin alone.
    let u = only(&decide(&magnet_made_with("magnet-manufacturing", r#""unknown""#))).expect_err("undetermined");
    assert_eq!(u.range, range(Outcome::NotControlled, Outcome::LicenceRequired));
    let s = &u.settled_by[0];
    assert_eq!(s.fact, r#"items["magnet"].made_with[0].origin"#);
    assert!(s.settles);
    let cn = s.values.iter().find(|v| v.value == "CN").expect("CN tried");
    assert_eq!(cn.range, range(Outcome::LicenceRequired, Outcome::LicenceRequired));
    assert!(
        cn.because.starts_with(
            "if the origin of the magnet-manufacturing technology used to make magnet is CN: licence-required"
        ),
        "{}",
        cn.because
    );
}

#[test]
fn an_unknown_origin_of_a_technology_no_rule_names_does_not_matter() {
    let d = decide(&magnet_made_with("polishing", r#""unknown""#));
    assert_eq!(only(&d), Ok(Outcome::NotControlled));
}

/// On a world merged from several sources, the unknown facts a decision
/// depends on are named as their source states them: the source's name,
/// and the path with that source's own index (not the merged world's).
#[test]
fn settling_facts_of_a_merged_world_name_their_source_and_its_index() {
    use edict::facts::{load_all, FactsInput};
    let a = r#"{
  "version": 1,
  "parties": {
    "trader": { "country": "SG" }, "user": { "country": "DE" }, "mid": { "country": "NL" },
    "l1": { "country": "US" }, "l2": { "country": "US" }
  },
  "ownership": [ { "owner": "l2", "owned": "mid", "share": "10%" } ],
  "listings": [ { "party": "l1", "list": "cn-control-list", "from": "2025-01-02" } ],
  "items": { "dy": { "origin": "CN", "value": "850.00", "classes": ["1C905.a", "metal"], "elements": ["Dy"] } },
  "shipments": [ { "id": "S", "date": "2025-10-15", "item": "dy", "exporter": "trader",
    "from": "SG", "to": "DE", "end_user": "user" } ]
}"#;
    let b = r#"{
  "version": 2,
  "ownership": [
    { "owner": "l2", "owned": "user", "share": "5%" },
    { "owner": "l1", "owned": "user", "share": { "at least": "40%", "at most": "50%" } }
  ]
}"#;
    let inputs = vec![
        FactsInput::File(FactsSource::new("a.json", a)),
        FactsInput::File(FactsSource::new("b.json", b)),
    ];
    let (source, loaded) = load_all(inputs);
    let facts = loaded.unwrap_or_else(|e| panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")));
    let decisions = evaluate(bundled(), &facts, &source, &EvalOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")));
    let u = only(&decisions).expect_err("undetermined");
    let s = &u.settled_by[0];
    // In the merged world the holding is ownership[2]; b.json writes it
    // as its ownership[1].
    assert_eq!(s.fact, "ownership[1].share");
    assert_eq!(s.source.as_deref(), Some("b.json"));
    let mut json = Vec::new();
    edict::decision::write_json(&decisions, &mut json).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let settling = &json["decisions"][0]["settled_by"][0];
    assert_eq!(settling["fact"], "ownership[1].share", "{json}");
    assert_eq!(settling["source"], "b.json", "{json}");
    // One source: no `source`, the path as the file writes it.
    let one = only(&decide(&held(
        &[&holding("l1", "user", r#"{"at least": "40%", "at most": "50%"}"#)],
        LISTED,
    )))
    .expect_err("undetermined");
    assert_eq!(one.settled_by[0].source, None);
}
