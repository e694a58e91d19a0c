//! Loading facts files: fixture folders under `tests/cases/facts/` plus
//! precise assertions on what the loader produces.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use edict::diagnostics::render_plain;
use edict::facts::{
    at_path, load, AttributeValue, Date, DateRange, Decimal, Facts, FactsError, FactsSource, ItemIdx, PartyIdx,
};
use miette::Diagnostic;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn load_text(text: &str) -> Result<Facts, Vec<FactsError>> {
    load(&FactsSource::new("facts.json", text))
}

fn load_ok(text: &str) -> Facts {
    match load_text(text) {
        Ok(facts) => facts,
        Err(errors) => panic!("{}", render_all(&errors)),
    }
}

fn load_err(text: &str) -> Vec<FactsError> {
    match load_text(text) {
        Ok(_) => panic!("expected the facts to be rejected"),
        Err(errors) => errors,
    }
}

fn render_all(errors: &[FactsError]) -> String {
    errors.iter().map(|e| render_plain(e)).collect::<Vec<_>>().join("\n")
}

/// The code of a diagnostic and the texts its labels underline.
fn underlined<'t>(text: &'t str, error: &FactsError) -> (String, Vec<&'t str>) {
    let code = error.code().map(|c| c.to_string()).unwrap_or_default();
    let spans = error
        .labels()
        .into_iter()
        .flatten()
        .map(|l| &text[l.offset()..l.offset() + l.len()])
        .collect();
    (code, spans)
}

#[test]
fn err_cases() {
    insta::glob!("cases/facts/err/*/facts.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let errors = load_text(&text).expect_err("the facts should be rejected");
        insta::assert_snapshot!(render_all(&errors));
    });
}

#[test]
fn ok_cases() {
    insta::glob!("cases/facts/ok/*/facts.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        load_ok(&text);
    });
}

const SHIPMENT: &str = r#""date": "2025-12-15", "exporter": "acme", "from": "DE", "to": "US", "end_user": "robo""#;

fn facts_with(items: &str, ownership: &str, shipments: &str) -> String {
    format!(
        r#"{{
  "version": 1,
  "parties": {{
    "acme": {{ "name": "Acme", "country": "DE" }},
    "robo": {{ "name": "Robo", "country": "US" }},
    "holdco": {{ "name": "Holdco", "country": "DE" }}
  }},
  "ownership": [{ownership}],
  "items": {{{items}}},
  "shipments": [{shipments}]
}}"#
    )
}

#[test]
fn shares_are_exact_fractions() {
    let text = facts_with(
        "",
        r#"{ "owner": "holdco", "owned": "acme", "share": "50%" },
           { "owner": "robo", "owned": "acme", "share": "33.34%" },
           { "owner": "holdco", "owned": "robo", "share": "0.5" },
           { "owner": "acme", "owned": "holdco", "share": "0.1%" }"#,
        "",
    );
    let facts = load_ok(&text);
    let shares: Vec<Decimal> = facts.holdings.iter().map(|h| h.share).collect();
    assert_eq!(shares, [dec("0.5"), dec("0.3334"), dec("0.5"), dec("0.001")]);
    assert_eq!(shares[0].to_string(), "0.5");
    assert_eq!(facts.holdings[0].owner, PartyIdx(2));
    assert_eq!(facts.holdings[0].owned, PartyIdx(0));
    assert_eq!(facts.owners_of, vec![vec![0, 1], vec![2], vec![3]]);
}

#[test]
fn quantities_default_to_one() {
    let items = r#""magnet": { "origin": "CN", "value": "0.40" },
                   "motor": { "origin": "DE", "value": "480.00",
                     "components": [ { "item": "magnet" }, { "item": "magnet", "quantity": "2.5" } ] }"#;
    let shipments = format!(
        r#"{{ "id": "S-1", "item": "motor", {SHIPMENT} }},
           {{ "id": "S-2", "item": "motor", "quantity": 12, {SHIPMENT} }}"#
    );
    let facts = load_ok(&facts_with(items, "", &shipments));
    let motor = facts.item(facts.item_index("motor").unwrap());
    assert_eq!(motor.components[0].quantity, Decimal::ONE);
    assert_eq!(motor.components[1].quantity, dec("2.5"));
    assert_eq!(motor.value, Some(dec("480.00")));
    assert_eq!(facts.shipments[0].quantity, Decimal::ONE);
    assert_eq!(facts.shipments[1].quantity, dec("12"));
}

#[test]
fn date_ranges_are_half_open() {
    let range = DateRange {
        from: Some(date("2025-01-01")),
        until: Some(date("2025-02-01")),
    };
    assert!(!range.contains(date("2024-12-31")));
    assert!(range.contains(date("2025-01-01")));
    assert!(range.contains(date("2025-01-31")));
    assert!(!range.contains(date("2025-02-01")));
    assert!(DateRange::ALWAYS.contains(date("1900-01-01")));
    let open_start = DateRange {
        from: None,
        until: Some(date("2025-02-01")),
    };
    assert!(open_start.contains(date("1000-01-01")));
    assert!(!open_start.contains(date("2025-02-01")));
}

#[test]
fn dates_are_sorted_and_unique() {
    let text = r#"{
      "version": 1,
      "parties": { "a": { "country": "DE" }, "b": { "country": "DE" } },
      "ownership": [ { "owner": "a", "owned": "b", "share": "1", "from": "2025-03-01", "until": "2026-01-01" } ],
      "listings": [ { "party": "b", "list": "x", "from": "2024-05-01" }, { "party": "a", "list": "y", "until": "2025-03-01" } ],
      "items": { "i": { "origin": "DE", "value": "1" } },
      "shipments": [
        { "id": "1", "date": "2025-12-15", "item": "i", "exporter": "a", "from": "DE", "to": "DE", "end_user": "b" },
        { "id": "2", "date": "2024-05-01", "item": "i", "exporter": "a", "from": "DE", "to": "DE", "end_user": "b" }
      ]
    }"#;
    let facts = load_ok(text);
    let dates: Vec<String> = facts.dates().iter().map(|d| d.to_string()).collect();
    assert_eq!(dates, ["2024-05-01", "2025-03-01", "2025-12-15", "2026-01-01"]);
    assert_eq!(facts.listings_of, vec![vec![1], vec![0]]);
    assert_eq!(facts.party(facts.party_index("a").unwrap()).name, "a");
}

#[test]
fn nested_bill_of_materials_keeps_file_order() {
    let items = r#"
      "robot": { "origin": "DE", "value": "9000.00", "components": [ { "item": "arm", "quantity": 2 }, { "item": "controller" } ] },
      "arm": { "origin": "DE", "value": "2000.00", "components": [ { "item": "motor", "quantity": 4 } ] },
      "motor": { "origin": "DE", "value": "480.00", "components": [ { "item": "magnet", "quantity": 8, "value": "3.20" } ] },
      "magnet": { "origin": "CN", "value": "0.40", "elements": ["Nd", "Dy"], "classes": ["1C905.a"] },
      "controller": { "origin": "JP", "value": "700.00", "made_with": [ { "technology": "t", "origin": "TW" } ] }"#;
    let shipments = format!(r#"{{ "id": "S-1", "item": "robot", {SHIPMENT} }}"#);
    let facts = load_ok(&facts_with(items, "", &shipments));
    let ids: Vec<&str> = facts.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["robot", "arm", "motor", "magnet", "controller"]);
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(facts.item_index(id), Some(ItemIdx(i as u32)));
    }
    let lines = |id: &str| -> Vec<(u32, Decimal, Option<Decimal>)> {
        let item = facts.item(facts.item_index(id).unwrap());
        item.components
            .iter()
            .map(|c| (c.item.0, c.quantity, c.value))
            .collect()
    };
    assert_eq!(lines("robot"), [(1, dec("2"), None), (4, Decimal::ONE, None)]);
    assert_eq!(lines("arm"), [(2, dec("4"), None)]);
    assert_eq!(lines("motor"), [(3, dec("8"), Some(dec("3.20")))]);
    assert_eq!(lines("magnet"), []);
    let magnet = facts.item(ItemIdx(3));
    assert_eq!(magnet.elements.iter().collect::<Vec<_>>(), ["Nd", "Dy"]);
    assert_eq!(magnet.origin.as_str(), "CN");
    assert_eq!(facts.item(ItemIdx(4)).made_with[0].origin.as_str(), "TW");
    assert_eq!(facts.shipments[0].item, ItemIdx(0));
    assert_eq!(facts.shipments[0].exporter, PartyIdx(0));
    assert_eq!(facts.shipments[0].end_user, PartyIdx(1));
    assert_eq!(facts.party_index("nobody"), None);
    assert_eq!(facts.item_index("nothing"), None);
}

#[test]
fn references_written_with_escapes_name_the_same_records() {
    // References are read again from the text when they are resolved; an
    // escaped id must come out as the id it spells.
    let items = r#"
      "motor": { "origin": "DE", "value": "480.00", "components": [ { "item": "sh\u0061ft" }, { "item": "shaft" } ] },
      "shaft": { "origin": "CN", "value": "1.00" },
      "a\"b": { "origin": "CN", "value": "2.00" }"#;
    let shipments = r#"{ "id": "S-1", "item": "mo\u0074or", "date": "2025-12-15", "exporter": "\u0061cme", "from": "DE", "to": "US", "end_user": "robo" },
      { "id": "S-2", "item": "a\"b", "date": "2025-12-15", "exporter": "acme", "from": "DE", "to": "US", "end_user": "r\/obo" }"#;
    let errors = load_err(&facts_with(
        items,
        r#"{ "owner": "h\u006fldco", "owned": "robo", "share": "50%" }"#,
        shipments,
    ));
    // Only the deliberately wrong one: `r\/obo` spells `r/obo`.
    assert_eq!(errors.len(), 1, "{}", render_all(&errors));
    assert!(
        render_all(&errors).contains("names party `r/obo`"),
        "{}",
        render_all(&errors)
    );
    let shipments = shipments.replace(r#""r\/obo""#, r#""rob\u006f""#);
    let facts = load_ok(&facts_with(
        items,
        r#"{ "owner": "h\u006fldco", "owned": "robo", "share": "50%" }"#,
        &shipments,
    ));
    let motor = facts.item(ItemIdx(0));
    assert_eq!(
        motor.components.iter().map(|c| c.item).collect::<Vec<_>>(),
        [ItemIdx(1), ItemIdx(1)]
    );
    assert_eq!(
        (facts.shipments[0].item, facts.shipments[0].exporter),
        (ItemIdx(0), PartyIdx(0))
    );
    assert_eq!(
        (facts.shipments[1].item, facts.shipments[1].end_user),
        (ItemIdx(2), PartyIdx(1))
    );
    assert_eq!(
        (facts.holdings[0].owner, facts.holdings[0].owned),
        (PartyIdx(2), PartyIdx(1))
    );
    assert_eq!(facts.item_index("a\"b"), Some(ItemIdx(2)));
}

#[test]
fn keys_are_read_in_any_order_and_however_they_are_escaped() {
    // Keys are matched against the shape's names straight from the text,
    // in the contract's order first; a key out of order, or written with
    // an escape, must still be the same key.
    let items = r#"
      "motor": { "value": "480.00", "classes": ["assembly"], "orig\u0069n": "DE", "components": [ { "quantity": "2", "item": "shaft" } ] },
      "shaft": { "components": [], "origin": "CN", "value": "1.00", "description": "Shaft" }"#;
    let shipments = r#"{ "end_user": "robo", "to": "US", "from": "DE", "exporter": "acme", "quantity": 3, "item": "motor", "date": "2025-12-15", "\u0069d": "S-1" }"#;
    let facts = load_ok(&facts_with(items, "", shipments));
    let motor = facts.item(ItemIdx(0));
    assert_eq!(motor.origin.as_str(), "DE");
    assert_eq!(motor.value, Some(dec("480.00")));
    assert_eq!(motor.classes, ["assembly"]);
    assert_eq!(
        motor
            .components
            .iter()
            .map(|c| (c.item, c.quantity))
            .collect::<Vec<_>>(),
        [(ItemIdx(1), dec("2"))]
    );
    assert_eq!(facts.item(ItemIdx(1)).description, "Shaft");
    let s = &facts.shipments[0];
    assert_eq!((s.id.as_str(), s.item, s.quantity), ("S-1", ItemIdx(0), dec("3")));
    assert_eq!((s.exporter, s.end_user), (PartyIdx(0), PartyIdx(1)));
    assert_eq!(s.date, date("2025-12-15"));

    // The same key twice, once escaped: a repeated key, pointing at both.
    let items = r#""motor": { "origin": "DE", "value": "1.00", "orig\u0069n": "CN" }"#;
    let shipment = format!(r#"{{ "id": "S-1", "item": "motor", {SHIPMENT} }}"#);
    let errors = load_err(&facts_with(items, "", &shipment));
    let text = render_all(&errors);
    assert!(text.contains("edict::facts::duplicate-key"), "{text}");
}

#[test]
fn attributes_keep_their_types() {
    let text = r#"{
      "version": 1,
      "items": { "i": { "origin": "DE", "attributes": {
        "node_nm": 14, "ratio": 0.1, "big": 1.5e3, "ok": false,
        "since": "2025-01-31", "note": "2025-02-30", "name": "x\"y" } } },
      "shipments": []
    }"#;
    let facts = load_ok(text);
    let attrs = &facts.items[0].attributes;
    assert_eq!(attrs.get("node_nm"), Some(&AttributeValue::Number(dec("14"))));
    assert_eq!(attrs.get("ratio"), Some(&AttributeValue::Number(dec("0.1"))));
    assert_eq!(attrs.get("big"), Some(&AttributeValue::Number(dec("1500"))));
    assert_eq!(attrs.get("ok"), Some(&AttributeValue::Bool(false)));
    assert_eq!(attrs.get("since"), Some(&AttributeValue::Date(date("2025-01-31"))));
    assert_eq!(attrs.get("note"), Some(&AttributeValue::Text("2025-02-30".into())));
    assert_eq!(attrs.get("name"), Some(&AttributeValue::Text("x\"y".into())));
    assert_eq!(attrs.get("missing"), None);
    let names: Vec<&str> = attrs.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["big", "name", "node_nm", "note", "ok", "ratio", "since"]);
}

#[test]
fn errors_underline_the_offending_value() {
    let items = r#""motor": { "origin": "DE", "value": 480.0 }"#;
    let shipments = r#"{ "id": "S-1", "item": "motor", "date": "2025-12-15", "exporter": "acme", "from": "DE", "to": "US", "end_user": "acme-gmbh" }"#;
    let text = facts_with(items, "", shipments);
    let errors = load_err(&text);
    let found: Vec<_> = errors.iter().map(|e| underlined(&text, e)).collect();
    assert_eq!(
        found,
        [
            ("edict::facts::wrong-type".to_string(), vec!["480.0"]),
            ("edict::facts::unknown-party".to_string(), vec!["\"acme-gmbh\""]),
        ]
    );
    assert_eq!(
        errors[1].to_string(),
        "`shipments[0].end_user` names party `acme-gmbh`, which is not in `parties`"
    );
    let help = errors[0].help().map(|h| h.to_string());
    assert_eq!(help.as_deref(), Some("write money as a string: `\"480.0\"`"));
}

#[test]
fn every_error_is_reported_in_file_order() {
    let text = r#"{
  "version": 1,
  "parties": { "a": { "country": "de" }, "b": { "country": "XX" } },
  "items": { "i": { "origin": "DE", "value": "1", "elements": ["DY"] } },
  "shipments": [ { "id": "1", "date": "2025-02-30", "item": "j", "exporter": "a", "from": "DE", "to": "DE", "end_user": "c" } ]
}"#;
    let codes: Vec<String> = load_err(text)
        .iter()
        .map(|e| underlined(text, e))
        .map(|(code, spans)| format!("{code} {}", spans.join(" ")))
        .collect();
    assert_eq!(
        codes,
        [
            "edict::facts::unknown-country \"de\"",
            "edict::facts::unknown-country \"XX\"",
            "edict::facts::unknown-element \"DY\"",
            "edict::facts::invalid-date \"2025-02-30\"",
            "edict::facts::unknown-item \"j\"",
            "edict::facts::unknown-party \"c\"",
        ]
    );
}

#[test]
fn later_stages_can_point_at_paths() {
    let text = facts_with(r#""motor": { "origin": "DE" }"#, "", "");
    let source = FactsSource::new("facts.json", text.as_str());
    let span = source.locate(r#"items["motor"].origin"#).unwrap();
    assert_eq!(&text[span.offset()..span.offset() + span.len()], "\"DE\"");
    let error = at_path(
        &source,
        "edict::eval::missing-value",
        r#"items["motor"].value"#,
        "`items[\"motor\"]` has no `value`, but a threshold is computed on it".to_string(),
        "this item has no value".to_string(),
        Some("add `\"value\"`".to_string()),
    );
    let (code, spans) = underlined(&text, &error);
    assert_eq!(code, "edict::eval::missing-value");
    assert_eq!(spans, ["\"motor\""]);
    assert!(render_plain(&error).contains("this item has no value"));
}

#[test]
fn junk_never_panics() {
    let base = facts_with(
        r#""m": { "origin": "DE", "value": "1", "components": [ { "item": "m" } ] }"#,
        r#"{ "owner": "acme", "owned": "robo", "share": "50%" }"#,
        &format!(r#"{{ "id": "S-1", "item": "m", {SHIPMENT} }}"#),
    );
    // Every prefix of a file, and the file with each byte replaced.
    for end in (0..base.len()).filter(|&i| base.is_char_boundary(i)) {
        let _ = load_text(&base[..end]);
    }
    for (i, _) in base.char_indices() {
        for junk in ["\"", "{", "]", "\\", "0", "\u{0}", "é"] {
            let mut text = base.clone();
            text.replace_range(i..i + 1, junk);
            let _ = load_text(&text);
        }
    }
}

/// A valid facts file with `n` parties, `n` items (a chain of assemblies)
/// and `n` shipments.
fn big_facts(n: usize) -> String {
    let mut text = String::from("{\"version\": 1, \"currency\": \"USD\", \"parties\": {");
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        text += &format!(
            r#"{sep}
    "party-{i}": {{"name": "Party number {i} GmbH", "country": "DE", "kinds": ["military-end-user"], "attributes": {{}}}}"#
        );
    }
    text += "}, \"ownership\": [";
    for i in (10..n).step_by(10) {
        let sep = if i == 10 { "" } else { "," };
        text += &format!(
            r#"{sep}
    {{"owner": "party-{}", "owned": "party-{i}", "share": "50%", "from": "2024-01-01"}}"#,
            i - 1
        );
    }
    text += "], \"items\": {";
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let comp = if i > 0 {
            format!(r#"{{"item": "item-{}", "quantity": 2}}"#, i - 1)
        } else {
            String::new()
        };
        text += &format!(
            r#"{sep}
    "item-{i}": {{"description": "Item number {i}", "origin": "CN", "value": "{i}.50", "classes": ["1C905.a", "permanent-magnet"], "elements": ["Nd", "Fe", "B", "Dy"], "components": [{comp}]}}"#
        );
    }
    text += "}, \"shipments\": [";
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        text += &format!(
            r#"{sep}
    {{"id": "S-2025-{i:06}", "date": "2025-12-15", "item": "item-{i}", "quantity": 3, "exporter": "party-{i}", "from": "DE", "to": "US", "end_user": "party-{}", "end_uses": ["industrial-automation"], "attributes": {{"node_nm": 14}}}}"#,
            (i + 1) % n
        );
    }
    text += "]}";
    text
}

/// Speed is measured by `cargo bench` (benches/eval.rs), not asserted here.
#[test]
fn large_files_load_with_every_reference_resolved() {
    let n = 20_000;
    let facts = load_ok(&big_facts(n));
    assert_eq!(facts.shipments.len(), n);
    assert_eq!(facts.items[n - 1].components[0].item, ItemIdx(n as u32 - 2));
}
