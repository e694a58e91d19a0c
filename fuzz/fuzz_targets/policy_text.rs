//! Any text as a policy file, alone and layered over the bundled law:
//! parse, check, and every diagnostic rendered; when it checks, render it
//! (Markdown, HTML), diff it against itself (no change) and against the
//! bundled law, and find witnesses for each change.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (set, _) = edict_fuzz::load(&[("fuzz.edict", text)]);
    if let Some(set) = set {
        edict::render::markdown(&set);
        edict::render::html(&set);
        assert!(
            edict::analysis::diff(&set, &set).is_empty(),
            "a policy differs from itself"
        );
    }
    // As a draft over the bundled law, where amendments have targets.
    let mut files: Vec<(String, String)> = edict::bundled::sources()
        .files()
        .map(|(_, f)| (f.name.clone(), f.text.to_string()))
        .collect();
    files.push(("draft.edict".into(), text.into()));
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let (layered, _) = edict_fuzz::load(&refs);
    if let Some(layered) = layered {
        edict_fuzz::with_bundled(|law| {
            let changes = edict::analysis::diff(law, &layered);
            let witnesses = edict::analysis::witness::witnesses(law, &layered, &changes);
            edict::report::diff::text(&changes, None, Some(&witnesses), false);
        });
    }
});
