//! `edict facts convert`: a facts file as a folder of CSV tables, or a
//! folder of tables as a facts file, losslessly.

use std::path::Path;

use super::io::{load_facts, usage};
use super::{EXIT_INVALID, EXIT_OK};

/// Converts the facts at `input` (a facts file, or a folder of tables) to
/// the other form: a folder of tables is written as JSON to `out` (standard
/// output when `None`); a facts file is written as tables into the folder
/// `out`, which must be given.
pub fn convert(input: &Path, out: Option<&Path>) -> u8 {
    match run(input, out) {
        Ok(()) => EXIT_OK,
        Err(status) => status,
    }
}

fn run(input: &Path, out: Option<&Path>) -> Result<(), u8> {
    let (facts, _) = load_facts(&[input.to_path_buf()])?;
    if input.is_dir() {
        let json = crate::facts::to_json(&facts);
        return match out {
            Some(path) => {
                std::fs::write(path, json).map_err(|e| usage(&format!("cannot write {}: {e}", path.display())))
            }
            None => super::out::stdout(&[json.as_bytes()]),
        };
    }
    let Some(dir) = out else {
        return Err(usage("converting a facts file to CSV tables needs a folder: --out DIR"));
    };
    let tables = match crate::facts::csv::to_tables(&facts, &dir.display().to_string()) {
        Ok(t) => t,
        Err(errors) => {
            // A value that CSV cells cannot hold as it is: said as a usage
            // message, but the status of invalid input.
            for e in errors {
                super::report::usage(&format!("cannot write as CSV tables: {e}"));
            }
            return Err(EXIT_INVALID);
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| usage(&format!("cannot create {}: {e}", dir.display())))?;
    for t in tables {
        std::fs::write(&t.name, t.text).map_err(|e| usage(&format!("cannot write {}: {e}", t.name)))?;
    }
    Ok(())
}
