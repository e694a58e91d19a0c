//! Evaluation on hostile facts and policies: depths that input controls
//! (bills of materials, category chains, ownership chains, country-group
//! chains) evaluated on a thread with a quarter of a test thread's default
//! stack, and values too large for exact decimals, which must be errors,
//! never a silent "not controlled".
//!
//! Each depth case runs at 10 000 levels in every `cargo test`: on a 512 kB
//! stack, a recursion of that depth would need frames under 53 bytes, far
//! below any of these functions' in a debug build, so it would abort. The
//! same cases at the brief's 100 000 levels take minutes in a debug build;
//! they are `#[ignore]`d here and `.ci/run` runs them (`-- --ignored`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use edict::decision::Decisions;
use edict::outcome::Outcome;

/// A quarter of a test thread's default stack; every deep case runs on one this size.
const TEST_STACK: usize = 512 << 10;

/// Runs `f` on a fresh thread with a 512 kB stack (a stack overflow aborts the test binary).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

const VOCABULARY: &str = r#"
policy vocab
  title "test vocabulary"
  authority "tests"
  issued 2020-01-01
list listed "a list"
class metal "a metal"
"#;

/// Loads `policy` (plus the test vocabulary) and checks it; the rendered
/// diagnostics on failure.
fn load(policy: &str) -> Result<edict::policy::PolicySet, String> {
    let mut sources = edict::source::SourceMap::new();
    sources.add("vocab.edict", VOCABULARY);
    sources.add("test.edict", policy);
    let loaded = edict::load::load(sources);
    loaded.set.ok_or_else(|| {
        loaded
            .diagnostics
            .iter()
            .map(|d| edict::diagnostics::render_plain(d.as_ref()))
            .collect::<String>()
    })
}

/// Loads `policy` and evaluates `facts`.
fn run(policy: &str, facts: &str) -> Result<Decisions, String> {
    decide(&load(policy)?, facts)
}

/// Evaluates `facts` under policies already loaded (a large policy is
/// loaded once for several facts files: a debug build checks 100 000
/// groups in seconds).
fn decide(set: &edict::policy::PolicySet, facts: &str) -> Result<Decisions, String> {
    let source = edict::facts::FactsSource::new("facts.json", facts);
    let facts = edict::facts::load(&source).map_err(|e| {
        e.iter()
            .map(|d| edict::diagnostics::render_plain(d))
            .collect::<String>()
    })?;
    edict::eval::evaluate(set, &facts, &source, &edict::eval::EvalOptions::default()).map_err(|e| {
        e.iter()
            .map(|d| edict::diagnostics::render_plain(d))
            .collect::<String>()
    })
}

fn outcome(d: &Decisions) -> Outcome {
    d.decisions[0].outcome
}

/// A facts file with one party `a`, the given items, and shipment `S` of `item` to RU.
fn facts_with_items(items: &str, item: &str) -> String {
    format!(
        r#"{{ "version": 1, "parties": {{ "a": {{ "name": "a", "country": "DE" }} }}, "ownership": [], "listings": [],
        "items": {{ {items} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "{item}", "exporter": "a", "from": "DE", "to": "RU", "end_user": "a" }} ] }}"#
    )
}

const POLICY_HEAD: &str = "policy p\n  title \"t\"\n  authority \"a\"\n  issued 2020-01-01\n";

/// Prohibited when the item's CN-origin metal content is at least 0.1% of its value.
fn content_policy() -> String {
    format!(
        "{POLICY_HEAD}category source \"source materials\"\n  any metal\nrule r \"Art. 1\"\n  outcome prohibited\n  when the value of components in source originating in CN is at least 0.1% of the item's value\n"
    )
}

// ───────────────────────────── depth ─────────────────────────────

/// Items `i0` → `i1` → … → `i{n-1}`, each one unit of the next; the last is CN-origin metal.
fn bom_chain(n: usize) -> String {
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        items.push(if i + 1 < n {
            format!(
                r#""i{i}": {{ "description": "d", "origin": "DE", "value": "1000", "components": [ {{ "item": "i{}", "quantity": 1 }} ] }}"#,
                i + 1
            )
        } else {
            format!(r#""i{i}": {{ "description": "d", "origin": "CN", "value": "1000", "classes": ["metal"] }}"#)
        });
    }
    facts_with_items(&items.join(",\n"), "i0")
}

/// A bill of materials `n` deep: both rules reach the CN metal at its bottom.
fn bill_of_materials_walked(n: usize) {
    let facts = bom_chain(n);
    let policy = format!(
        "{POLICY_HEAD}category source \"source materials\"\n  any metal\ncategory wrapped \"metal assemblies\"\n  any item in source\nrule r \"Art. 1\"\n  outcome licence-required\n  when the item has a component in wrapped\nrule s \"Art. 2\"\n  outcome prohibited\n  when the value of components in source originating in CN is at least 100% of the item's value\n"
    );
    let (outcome, findings) =
        on_small_stack(move || run(&policy, &facts).map(|d| (outcome(&d), d.decisions[0].policies[0].findings.len())))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome, Outcome::Prohibited);
    assert_eq!(findings, 2, "both rules apply");
}

#[test]
fn a_bill_of_materials_10000_deep_is_walked_without_recursion() {
    bill_of_materials_walked(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_bill_of_materials_100000_deep_is_walked_without_recursion() {
    bill_of_materials_walked(100_000);
}

/// A chain of `n` categories, each `any item in` the next: followed to the metal at its end.
fn category_chain_followed(n: usize) {
    let mut policy = String::from(POLICY_HEAD);
    for i in 0..n {
        if i + 1 < n {
            policy.push_str(&format!("category c{i} \"c\"\n  any item in c{}\n", i + 1));
        } else {
            policy.push_str(&format!("category c{i} \"c\"\n  any metal\n"));
        }
    }
    policy.push_str("rule r \"Art. 1\"\n  outcome licence-required\n  when the item is in c0\n");
    let facts = facts_with_items(
        r#""dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#,
        "dy",
    );
    let decided = on_small_stack(move || run(&policy, &facts).map(|d| outcome(&d))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decided, Outcome::LicenceRequired);
}

#[test]
fn a_category_chain_10000_long_is_followed_without_recursion() {
    category_chain_followed(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_category_chain_100000_long_is_followed_without_recursion() {
    category_chain_followed(100_000);
}

// ───────────────────────────── overflow ─────────────────────────────

/// `top` (value 1000) holds `quantity` of `sub`, which holds one `dy` line worth `line`.
fn nested_overflow(quantity: &str, line: &str) -> String {
    facts_with_items(
        &format!(
            r#""top": {{ "description": "t", "origin": "DE", "value": "1000", "components": [ {{ "item": "sub", "quantity": {quantity} }} ] }},
            "sub": {{ "description": "s", "origin": "DE", "value": "1", "components": [ {{ "item": "dy", "quantity": 1, "value": "{line}" }} ] }},
            "dy": {{ "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }}"#
        ),
        "top",
    )
}

#[test]
fn content_multiplied_past_the_largest_decimal_is_an_error_not_a_no() {
    // 7.9e28 × 2 cannot be computed: this used to read as "below the threshold".
    let err = run(
        &content_policy(),
        &nested_overflow("2", "79228162514264337593543950335"),
    )
    .expect_err("must fail");
    assert!(err.contains("edict::facts::overflow"), "{err}");
    assert!(err.contains(r#"items["top"].components[0]"#), "{err}");
    assert!(err.contains("(sub)"), "{err}");
    // The same file with smaller numbers is decided.
    let d = run(&content_policy(), &nested_overflow("2", "1000")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome(&d), Outcome::Prohibited);
}

#[test]
fn a_unit_value_times_quantity_too_large_is_an_overflow_not_a_missing_value() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000", "components": [ { "item": "dy", "quantity": 2 } ] },
        "dy": { "description": "d", "origin": "CN", "value": "79228162514264337593543950335", "classes": ["metal"] }"#;
    let err = run(&content_policy(), &facts_with_items(items, "top")).expect_err("must fail");
    assert!(err.contains("edict::facts::overflow"), "{err}");
    assert!(!err.contains("missing-value"), "{err}");
    assert!(err.contains("quantity (2)"), "{err}");
}

#[test]
fn a_sum_of_lines_too_large_is_an_error() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1000", "components": [
            { "item": "dy", "quantity": 1, "value": "79228162514264337593543950335" },
            { "item": "dy", "quantity": 1, "value": "1" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#;
    let err = run(&content_policy(), &facts_with_items(items, "top")).expect_err("must fail");
    assert!(err.contains("edict::facts::overflow"), "{err}");
    assert!(err.contains(r#"items["top"].components[1]"#), "{err}");
}

#[test]
fn a_share_too_large_to_divide_is_an_error() {
    let items = r#""top": { "description": "t", "origin": "DE", "value": "0.0000000001", "components": [
            { "item": "dy", "quantity": 1, "value": "79228162514264337593543950335" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#;
    let err = run(&content_policy(), &facts_with_items(items, "top")).expect_err("must fail");
    assert!(err.contains("edict::facts::overflow"), "{err}");
    assert!(err.contains("item `top`") && err.contains("divided by"), "{err}");
}

#[test]
fn a_zero_item_value_is_an_error_even_when_another_test_decides_first() {
    // The destination test fails first, so the share is never needed to
    // decide; explain reports the zero value all the same, and so must eval.
    let policy = format!(
        "{POLICY_HEAD}category source \"source materials\"\n  any metal\nrule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in CN and the value of components in source originating in CN is at least 0.1% of the item's value\n"
    );
    let items = r#""top": { "description": "t", "origin": "DE", "value": "0", "components": [ { "item": "dy", "quantity": 1, "value": "1" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#;
    let err = run(&policy, &facts_with_items(items, "top")).expect_err("must fail");
    assert!(err.contains("edict::facts::zero-value"), "{err}");
    // A zero-valued shipment under a policy that asks for no share is decided.
    let plain = format!("{POLICY_HEAD}rule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in CN\n");
    let d = run(&plain, &facts_with_items(items, "top")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome(&d), Outcome::NotControlled);
}

#[test]
fn a_share_near_the_largest_decimal_is_decided_and_written() {
    // content / value = 7.9e28: the finding writes it as a percentage.
    let items = r#""top": { "description": "t", "origin": "DE", "value": "1", "components": [
            { "item": "dy", "quantity": 1, "value": "79228162514264337593543950335" } ] },
        "dy": { "description": "d", "origin": "CN", "value": "1", "classes": ["metal"] }"#;
    let d = run(&content_policy(), &facts_with_items(items, "top")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome(&d), Outcome::Prohibited);
    let because = &d.decisions[0].policies[0].findings[0].because[0];
    assert!(because.contains("(7922816251426433759354395033500%)"), "{because}");
}

// ───────────────────────────── ownership ─────────────────────────────

/// Parties `x` (listed) and `p0` … `p{n-1}`; `x` holds `first` of `p0`, each
/// `p{i}` holds 50% of `p{i+1}`, and, when `ring`, `p{n-1}` holds 50% of
/// `p0`. The shipment's end user is `end_user`.
fn ownership_chain(n: usize, first: &str, ring: bool, end_user: &str) -> String {
    let mut parties = vec![r#""x": { "name": "x", "country": "SG" }"#.to_string()];
    let mut holdings = vec![format!(r#"{{ "owner": "x", "owned": "p0", "share": "{first}" }}"#)];
    for i in 0..n {
        parties.push(format!(r#""p{i}": {{ "name": "p{i}", "country": "SG" }}"#));
        if i + 1 < n {
            holdings.push(format!(
                r#"{{ "owner": "p{i}", "owned": "p{}", "share": "50%" }}"#,
                i + 1
            ));
        } else if ring {
            holdings.push(format!(r#"{{ "owner": "p{i}", "owned": "p0", "share": "50%" }}"#));
        }
    }
    format!(
        r#"{{ "version": 1, "parties": {{ {} }}, "ownership": [ {} ], "listings": [ {{ "party": "x", "list": "listed" }} ],
        "items": {{ "i": {{ "description": "i", "origin": "DE", "value": "1.00" }} }},
        "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "i", "exporter": "x", "from": "DE", "to": "SG", "end_user": "{end_user}" }} ] }}"#,
        parties.join(",\n"),
        holdings.join(",\n")
    )
}

fn ownership_policy() -> String {
    format!(
        "{POLICY_HEAD}rule r \"Art. 1\"\n  outcome prohibited\n  when the end user is owned at least 50% by parties on listed, directly or indirectly, individually or in aggregate\n"
    )
}

/// The outcome and the first finding's first reason, decided on the small stack.
fn decide_ownership(facts: String) -> (Outcome, String) {
    let policy = ownership_policy();
    on_small_stack(move || {
        run(&policy, &facts).map(|d| {
            let because = d.decisions[0].policies[0]
                .findings
                .first()
                .map(|f| f.because.join("\n"))
                .unwrap_or_default();
            (outcome(&d), because)
        })
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A 50% ownership chain of `n` parties from a listed one: its last party is caught, with the whole path.
fn ownership_chain_caught_to_its_end(n: usize) {
    let (decided, because) = decide_ownership(ownership_chain(n, "50%", false, &format!("p{}", n - 1)));
    assert_eq!(decided, Outcome::Prohibited);
    // The finding names every link of the path, down to the listing.
    assert!(
        because.starts_with(&format!("the end user p{} is owned 50% by parties on listed", n - 1)),
        "{}",
        &because[..200]
    );
    assert_eq!(because.matches(", which is owned 50% by p").count(), n - 2);
    assert!(
        because.ends_with("which is owned 50% by x (on listed)"),
        "{}",
        &because[because.len() - 200..]
    );
}

#[test]
fn an_ownership_chain_of_10000_parties_is_caught_to_its_end_with_its_path() {
    ownership_chain_caught_to_its_end(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn an_ownership_chain_of_100000_parties_is_caught_to_its_end_with_its_path() {
    ownership_chain_caught_to_its_end(100_000);
}

/// The same chain held 49.99% at its root: nobody is caught.
fn ownership_chain_below_the_threshold(n: usize) {
    let (decided, because) = decide_ownership(ownership_chain(n, "49.99%", false, &format!("p{}", n - 1)));
    assert_eq!(decided, Outcome::NotControlled);
    assert!(because.is_empty(), "{because}");
}

#[test]
fn an_ownership_chain_of_10000_below_the_threshold_at_its_root_catches_nobody() {
    ownership_chain_below_the_threshold(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn an_ownership_chain_of_100000_below_the_threshold_at_its_root_catches_nobody() {
    ownership_chain_below_the_threshold(100_000);
}

/// A ring of `n` parties, one of them held 50% by a listed party: every party of the ring is caught.
fn grounded_ownership_cycle(n: usize) {
    // p0 is held 50% by x and 50% by p{n-1}: caught first; the ring follows.
    let (decided, _) = decide_ownership(ownership_chain(n, "50%", true, &format!("p{}", n - 1)));
    assert_eq!(decided, Outcome::Prohibited);
    let (decided, because) = decide_ownership(ownership_chain(n, "50%", true, "p0"));
    assert_eq!(decided, Outcome::Prohibited);
    // p0 is caught by x's stake alone, before the ring's stake in it counts.
    assert_eq!(because, "the end user p0 is owned 50% by parties on listed on 2025-06-01, at least 50% (directly or indirectly, in aggregate): 50% by x (on listed)");
}

#[test]
fn a_grounded_ownership_cycle_of_10000_parties_is_caught_all_round() {
    grounded_ownership_cycle(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_grounded_ownership_cycle_of_100000_parties_is_caught_all_round() {
    grounded_ownership_cycle(100_000);
}

/// A ring of `n` parties held only 30% from outside: the ring cannot catch itself.
fn ungrounded_ownership_cycle(n: usize) {
    let (decided, _) = decide_ownership(ownership_chain(n, "30%", true, &format!("p{}", n - 1)));
    assert_eq!(decided, Outcome::NotControlled);
}

#[test]
fn an_ungrounded_ownership_cycle_of_10000_parties_cannot_catch_itself() {
    ungrounded_ownership_cycle(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn an_ungrounded_ownership_cycle_of_100000_parties_cannot_catch_itself() {
    ungrounded_ownership_cycle(100_000);
}

#[test]
fn individually_a_listed_party_and_what_it_caught_count_together_but_two_listed_parties_do_not() {
    let parties = ["x", "y", "a", "b", "e"]
        .iter()
        .map(|p| format!(r#""{p}": {{ "name": "{p}", "country": "SG" }}"#))
        .collect::<Vec<_>>()
        .join(", ");
    let facts = |holdings: &str| {
        format!(
            r#"{{ "version": 1, "parties": {{ {parties} }}, "ownership": [ {holdings} ],
            "listings": [ {{ "party": "x", "list": "listed" }}, {{ "party": "y", "list": "listed" }} ],
            "items": {{ "i": {{ "description": "i", "origin": "DE", "value": "1.00" }} }},
            "shipments": [ {{ "id": "S", "date": "2025-06-01", "item": "i", "exporter": "x", "from": "DE", "to": "SG", "end_user": "e" }} ] }}"#
        )
    };
    let policy = format!(
        "{POLICY_HEAD}rule r \"Art. 1\"\n  outcome prohibited\n  when the end user is owned at least 50% by parties on listed, directly or indirectly, individually\n"
    );
    // x holds 30% of e itself and 30% through a, which x holds 60% of.
    let same = r#"{ "owner": "x", "owned": "e", "share": "30%" }, { "owner": "x", "owned": "a", "share": "60%" }, { "owner": "a", "owned": "e", "share": "30%" }"#;
    assert_eq!(outcome(&run(&policy, &facts(same)).unwrap()), Outcome::Prohibited);
    // x's 30% through a and y's 30% through b belong to different holders.
    let apart = r#"{ "owner": "x", "owned": "a", "share": "60%" }, { "owner": "y", "owned": "b", "share": "60%" }, { "owner": "a", "owned": "e", "share": "30%" }, { "owner": "b", "owned": "e", "share": "30%" }"#;
    assert_eq!(outcome(&run(&policy, &facts(apart)).unwrap()), Outcome::NotControlled);
}

// ───────────────────────────── country groups ─────────────────────────────

/// Groups `grp0` → `grp1` → … → `grp{n-1}`, each naming the next (and, when
/// `ring`, the last naming the first); only the last names a country, CN.
/// Prohibited when the destination is in `grp0`.
fn group_chain(n: usize, ring: bool) -> String {
    let mut policy = String::from(POLICY_HEAD);
    for i in 0..n {
        let next = if i + 1 < n {
            format!("grp{}", i + 1)
        } else if ring {
            "CN, grp0".to_string()
        } else {
            "CN".to_string()
        };
        policy.push_str(&format!("country group grp{i} \"g\" of {next} and JP\n"));
    }
    policy.push_str("rule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in grp0\n");
    policy
}

/// A facts file shipping to `to`.
fn facts_to(to: &str) -> String {
    facts_with_items(r#""x": { "description": "d", "origin": "DE", "value": "1" }"#, "x")
        .replace("\"RU\"", &format!("\"{to}\""))
}

/// A chain of `n` country groups is expanded once each: every group reaches CN and JP.
fn country_group_chain_expanded(n: usize) {
    let policy = group_chain(n, false);
    let decided = on_small_stack(move || {
        let set = load(&policy)?;
        // Every group of the chain reaches CN and JP, and no more.
        for name in ["grp0", "grp5000", &format!("grp{}", n - 1)] {
            let countries: Vec<&str> = set.groups[name].countries.iter().map(|c| c.as_str()).collect();
            assert_eq!(countries, ["CN", "JP"], "{name}");
        }
        let to_cn = decide(&set, &facts_to("CN")).map(|d| outcome(&d))?;
        let to_us = decide(&set, &facts_to("US")).map(|d| outcome(&d))?;
        Ok::<_, String>((to_cn, to_us))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decided, (Outcome::Prohibited, Outcome::NotControlled), "{n}");
}

#[test]
fn a_chain_of_10000_country_groups_is_expanded_once_each() {
    country_group_chain_expanded(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_chain_of_100000_country_groups_is_expanded_once_each() {
    country_group_chain_expanded(100_000);
}

/// A ring of `n` country groups: one cycle, each group reported once.
fn country_group_ring_reported(n: usize) {
    let policy = group_chain(n, true);
    // The diagnostics are counted, not rendered: rendering is not what is tested.
    let (codes, messages) = on_small_stack(move || {
        let mut sources = edict::source::SourceMap::new();
        sources.add("vocab.edict", VOCABULARY);
        sources.add("test.edict", policy.as_str());
        let loaded = edict::load::load(sources);
        assert!(loaded.set.is_none(), "a cycle is an error");
        let codes: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| d.code().map(|c| c.to_string()).unwrap_or_default())
            .collect();
        let messages: Vec<String> = loaded.diagnostics.iter().take(3).map(|d| d.to_string()).collect();
        (codes, messages)
    });
    assert_eq!(codes.len(), n, "each group of the ring once");
    assert!(codes.iter().all(|c| c == "edict::group-cycle"), "{:?}", &codes[..3]);
    assert!(
        messages.iter().any(|m| m == "country group `grp1` includes itself"),
        "{messages:?}"
    );
}

#[test]
fn a_ring_of_10000_country_groups_is_one_cycle_reported_where_it_closes() {
    country_group_ring_reported(10_000);
}

#[test]
#[ignore = "100 000 deep: minutes in a debug build; .ci/run runs it with --ignored"]
fn a_ring_of_100000_country_groups_is_one_cycle_reported_where_it_closes() {
    country_group_ring_reported(100_000);
}

#[test]
fn a_lattice_of_country_groups_is_not_expanded_per_path() {
    // Each of 60 levels names both groups of the next: 2^60 paths.
    let mut policy = String::from(POLICY_HEAD);
    for i in 0..60 {
        for side in ["a", "b"] {
            let next = if i + 1 < 60 {
                format!("l{}a and l{}b", i + 1, i + 1)
            } else {
                "CN".to_string()
            };
            policy.push_str(&format!("country group l{i}{side} \"g\" of {next}\n"));
        }
    }
    policy.push_str("rule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in l0a\n");
    let decided =
        on_small_stack(move || run(&policy, &facts_to("CN")).map(|d| outcome(&d))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decided, Outcome::Prohibited);
}
