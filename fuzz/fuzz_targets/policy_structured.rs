//! Structured policies (nested `not`/`and`/`or` over every kind of test,
//! category and group chains, windows, exemptions, a draft amending them)
//! with structured facts: when the policy checks, it renders, formats to
//! the same meaning, and decides the facts with explain and the timeline
//! agreeing; the draft layered over it diffs and finds witnesses.
#![no_main]
use edict_fuzz::policy::Generated;
use edict_fuzz::world::World;
use libfuzzer_sys::fuzz_target;

fn vocabulary() -> String {
    edict::bundled::sources()
        .files()
        .find(|(_, f)| f.name.ends_with("vocabulary.edict"))
        .map(|(_, f)| f.text.to_string())
        .expect("the bundled library declares its vocabulary")
}

fuzz_target!(|input: (Generated, World)| {
    let (generated, world) = input;
    let vocabulary = vocabulary();
    let files = [
        ("vocabulary.edict", vocabulary.as_str()),
        ("fuzz.edict", generated.policy.as_str()),
    ];
    let (set, diagnostics) = edict_fuzz::load(&files);
    let Some(set) = set else {
        // The generator writes valid syntax; what the checker refuses it
        // must explain.
        assert!(
            !diagnostics.is_empty(),
            "refused without a diagnostic:\n{}",
            generated.policy
        );
        return;
    };
    edict::render::markdown(&set);
    edict::render::html(&set);

    let mut sources = edict::source::SourceMap::new();
    let id = sources.add("fuzz.edict", generated.policy.as_str());
    let (file, errors) = edict::syntax::parse(&sources, id);
    assert!(errors.is_empty());
    if edict::format::check(&file, &sources).is_empty() {
        let formatted = edict::format::format_file(&file, &sources);
        if let Err(e) = edict::format::verify(&file, &sources, &formatted) {
            panic!("{}\n{}", edict_fuzz::render(&e), generated.policy);
        }
    }

    edict_fuzz::decide_and_cross_check(&set, &world.0);

    let layered = [files[0], files[1], ("draft.edict", generated.draft.as_str())];
    if let (Some(with_draft), _) = edict_fuzz::load(&layered) {
        let changes = edict::analysis::diff(&set, &with_draft);
        let witnesses = edict::analysis::witness::witnesses(&set, &with_draft, &changes);
        edict::report::diff::text(&changes, None, Some(&witnesses), false);
        edict_fuzz::decide_and_cross_check(&with_draft, &world.0);
    }
});
