//! Deep and wide inputs, which a few kilobytes of fuzz input cannot spell
//! out: the input chooses a shape and a size (up to about 260 000), and the
//! target builds the policy or facts file and runs every stage on it. Each
//! must answer, or refuse with a diagnostic, on the fuzzer's thread stack.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

const HEADER: &str = "policy deep\n  title \"Deep\"\n  authority \"Fuzz\"\n  jurisdiction CN\n  issued 2023-01-01\n";

fn facts(parties: &str, ownership: &str, items: &str, shipments: &str) -> String {
    format!(
        "{{\"version\":1,\"currency\":\"USD\",\"parties\":{{{parties}}},\"ownership\":[{ownership}],\"listings\":[{{\"party\":\"p0\",\"list\":\"us-entity-list\",\"from\":\"2024-01-01\",\"attributes\":{{\"review\":\"presumption-of-denial\"}}}}],\"items\":{{{items}}},\"shipments\":[{shipments}]}}"
    )
}

fn shipment(id: &str, item: &str, end_user: &str, end_uses: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"date\":\"2025-12-15\",\"item\":\"{item}\",\"quantity\":1,\"exporter\":\"px\",\"from\":\"DE\",\"to\":\"US\",\"end_user\":\"{end_user}\",\"end_uses\":[{end_uses}]}}"
    )
}

const PARTIES: &str = "\"px\":{\"name\":\"X\",\"country\":\"DE\"},\"pu\":{\"name\":\"U\",\"country\":\"US\"},\"p0\":{\"name\":\"L\",\"country\":\"CN\"}";

/// A bill of materials `n` levels deep: each assembly holds the next
/// `width` times (width 2 doubles the paths at every level), ending in a
/// Chinese dysprosium magnet; values as given.
fn bom(n: usize, width: u32, value: &str, quantity: &str) -> String {
    let mut items = String::new();
    for i in 0..n {
        write!(
            items,
            "\"i{i}\":{{\"origin\":\"DE\",\"value\":\"{value}\",\"classes\":[\"assembly\"],\"components\":[{{\"item\":\"i{}\",\"quantity\":{quantity}}}",
            i + 1
        )
        .unwrap();
        for _ in 1..width {
            write!(items, ",{{\"item\":\"i{}\",\"quantity\":1}}", i + 1).unwrap();
        }
        items.push_str("]},");
    }
    write!(
        items,
        "\"i{n}\":{{\"origin\":\"CN\",\"value\":\"{value}\",\"classes\":[\"permanent-magnet\",\"1C905.a\"],\"elements\":[\"Nd\",\"Fe\",\"B\",\"Dy\"]}}"
    )
    .unwrap();
    facts(PARTIES, "", &items, &shipment("S", "i0", "pu", ""))
}

fn decide(facts: &str) {
    edict_fuzz::with_bundled(|law| edict_fuzz::decide_and_cross_check(law, facts));
}

fn policy(body: &str) {
    let text = format!("{HEADER}{body}");
    let (set, _) = edict_fuzz::load(&[("deep.edict", &text)]);
    if let Some(set) = set {
        edict::render::markdown(&set);
        edict::render::html(&set);
        let mut sources = edict::source::SourceMap::new();
        let id = sources.add("deep.edict", text.as_str());
        let (file, _) = edict::syntax::parse(&sources, id);
        let formatted = edict::format::format_file(&file, &sources);
        edict::format::verify(&file, &sources, &formatted).expect("formatting keeps the meaning");
    }
}

fuzz_target!(|input: (u8, u16, u8)| {
    let (shape, size, detail) = input;
    let n = 1 + usize::from(size) * 4;
    match shape % 10 {
        0 => decide(&bom(n, 1, "10", "1")),
        // Paths double at every level: 2^levels paths through few items.
        1 => decide(&bom(usize::from(detail % 64), 2, "10", "3")),
        // Quantities × values that overflow the decimal range.
        2 => decide(&bom(n.min(10_000), 1, "79228162514264337593543950335", "1000000")),
        3 => {
            let depth = n.min(300_000);
            let (open, close) = if detail % 2 == 0 {
                ("(".repeat(depth), ")".repeat(depth))
            } else {
                ("not (".repeat(depth), ")".repeat(depth))
            };
            policy(&format!(
                "\nrule r \"Art. 1\"\n  outcome prohibited\n  when {open}the end use is military{close}\n"
            ));
        }
        4 => {
            let mut body = String::from("\ncategory c0 \"C\"\n  any metal of Dy\n");
            for i in 1..n {
                write!(body, "\ncategory c{i} \"C\"\n  any item in c{}\n", i - 1).unwrap();
            }
            write!(
                body,
                "\nrule r \"Art. 1\"\n  outcome prohibited\n  when the item is in c{}\n",
                n - 1
            )
            .unwrap();
            policy(&body);
        }
        5 => {
            let mut body = String::from("\ncountry group g0 \"G\" of CN\n");
            for i in 1..n {
                write!(body, "country group g{i} \"G\" of g{}, DE\n", i - 1).unwrap();
            }
            write!(
                body,
                "\nrule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in g{}\n",
                n - 1
            )
            .unwrap();
            policy(&body);
        }
        6 => {
            // A long name, misspelt: did-you-mean over long names.
            let name = "x".repeat(n);
            let body = format!(
                "\ncategory {name}a \"C\"\n  any metal of Dy\n\nrule r \"Art. 1\"\n  outcome prohibited\n  when the item is in {name}b\n"
            );
            policy(&body);
            let facts = facts(
                PARTIES,
                "",
                &format!("\"{name}\":{{\"origin\":\"CN\",\"value\":\"1\"}}"),
                &shipment("S", &format!("{name}y"), "pu", ""),
            );
            decide(&facts);
        }
        7 => {
            // An ownership chain from the listed party down to the end
            // user, or a ring when `detail` is odd.
            let mut parties = String::from(PARTIES);
            let mut ownership = String::new();
            for i in 1..=n {
                write!(parties, ",\"q{i}\":{{\"name\":\"Q\",\"country\":\"MY\"}}").unwrap();
                let owner = if i == 1 {
                    "p0".to_string()
                } else {
                    format!("q{}", i - 1)
                };
                if i > 1 {
                    ownership.push(',');
                }
                write!(
                    ownership,
                    "{{\"owner\":\"{owner}\",\"owned\":\"q{i}\",\"share\":\"60%\"}}"
                )
                .unwrap();
            }
            if detail % 2 == 1 {
                write!(ownership, ",{{\"owner\":\"q{n}\",\"owned\":\"q1\",\"share\":\"60%\"}}").unwrap();
            }
            let items = "\"m\":{\"origin\":\"CN\",\"value\":\"1\",\"classes\":[\"permanent-magnet\",\"1C905.a\"],\"elements\":[\"Dy\"]}";
            decide(&facts(
                &parties,
                &ownership,
                items,
                &shipment("S", "m", &format!("q{n}"), ""),
            ));
        }
        8 => {
            // Many warnings (undeclared end uses) on one minified line, so
            // labels sit far past column 65 535.
            let uses: Vec<String> = (0..n.min(20_000)).map(|i| format!("\"use-{i}\"")).collect();
            let items = "\"m\":{\"origin\":\"CN\",\"value\":\"1\"}";
            decide(&facts(PARTIES, "", items, &shipment("S", "m", "pu", &uses.join(","))));
        }
        _ => {
            // Many shipments of one item (each explained and traced over
            // time here; hostile-bench.sh measures a million).
            let items = "\"m\":{\"origin\":\"CN\",\"value\":\"1\",\"classes\":[\"permanent-magnet\",\"1C905.a\"],\"elements\":[\"Dy\"]}";
            let shipments: Vec<String> = (0..n.min(5_000))
                .map(|i| shipment(&format!("S{i}"), "m", "pu", ""))
                .collect();
            decide(&facts(PARTIES, "", items, &shipments.join(",")));
        }
    }
});
