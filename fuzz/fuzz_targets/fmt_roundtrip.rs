//! The formatter on any text that parses: the formatted text parses to the
//! same AST (`format::verify`), checks to the same diagnostics, and
//! formatting it again changes nothing.
#![no_main]
use edict::source::SourceMap;
use libfuzzer_sys::fuzz_target;

fn format(text: &str) -> Option<String> {
    let mut sources = SourceMap::new();
    let id = sources.add("fuzz.edict", text);
    let (file, errors) = edict::syntax::parse(&sources, id);
    if !errors.is_empty() || !edict::format::check(&file, &sources).is_empty() {
        return None;
    }
    let formatted = edict::format::format_file(&file, &sources);
    if let Err(e) = edict::format::verify(&file, &sources, &formatted) {
        panic!(
            "formatting changed the meaning: {}\n--- formatted:\n{formatted}",
            edict_fuzz::render(&e)
        );
    }
    Some(formatted)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(once) = format(text) else { return };
    let twice = format(&once).expect("the formatted text is formatted again");
    assert_eq!(once, twice, "formatting is not idempotent");
    assert_eq!(
        edict_fuzz::codes(&[("fuzz.edict", text)]),
        edict_fuzz::codes(&[("fuzz.edict", &once)]),
        "formatting changed what the checker says"
    );
});
