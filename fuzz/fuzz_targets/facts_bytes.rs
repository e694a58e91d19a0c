//! Any bytes as a facts file, decided against the bundled law: loading,
//! evaluation, the decision JSON, the table, explain and timeline, with
//! every diagnostic rendered.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match edict::source::decode("facts.json", data.to_vec()) {
        Ok(t) => t,
        Err(e) => {
            edict_fuzz::render(e.as_ref());
            return;
        }
    };
    edict_fuzz::with_bundled(|law| edict_fuzz::decide_and_cross_check(law, &text));
});
