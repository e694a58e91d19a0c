//! Embeds the bundled `policies/*.edict` in the binary, so that an installed
//! `edict` works from any folder.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a target folder
    // built in another checkout (a copied or shared `target/`) keeps its
    // compiled build script, which would otherwise embed that checkout's
    // policies.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into());
    let dir = Path::new(&manifest).join("policies");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".edict"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out =
        String::from("/// The bundled policy files: (file name, text).\npub const BUNDLED: &[(&str, &str)] = &[\n");
    let mut as_of = String::new();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string());
        if let Ok(text) = std::fs::read_to_string(&path) {
            as_of = as_of.max(latest_date(&text));
        }
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "/// The bundled law's snapshot date: the latest day on which a bundled\n\
         /// policy was issued or the bundled law changes.\npub const LAW_AS_OF: &str = {as_of:?};"
    );
    // For `edict --version`, which clap reads at compile time.
    println!("cargo:rustc-env=EDICT_LAW_AS_OF={as_of}");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("bundled.rs");
    if let Err(e) = std::fs::write(&target, out) {
        println!("cargo:warning=could not write {}: {e}", target.display());
    }
}

/// The latest day in a policy file on which a policy was issued or the law
/// changes: `issued D`, `from D` (`in force from D`, an amendment's `from D`),
/// `until D` (the first day without) and `through D` (the day after D), as
/// `YYYY-MM-DD` (empty when none; ISO dates compare as strings). Comment
/// lines are skipped.
fn latest_date(text: &str) -> String {
    let mut latest = String::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let [keyword, date] = pair else { continue };
            let Ok(day) = date.parse::<jiff::civil::Date>() else {
                continue;
            };
            let changes = match *keyword {
                "issued" | "from" | "until" => Some(day),
                "through" => day.tomorrow().ok(),
                _ => None,
            };
            if let Some(d) = changes.map(|d| d.to_string()) {
                latest = latest.max(d);
            }
        }
    }
    latest
}
