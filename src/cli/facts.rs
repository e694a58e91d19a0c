//! `edict facts convert`: a facts file as a folder of CSV tables, or a
//! folder of tables as a facts file, losslessly; several inputs merged into
//! one world first, as a repeated `--facts` merges them.

use std::path::{Path, PathBuf};

use super::io::{load_facts, usage};
use super::{FactsForm, EXIT_INVALID, EXIT_OK};

/// Converts the facts at `inputs` (facts files and folders of tables,
/// merged into one world when there are several) to the form `to`: JSON,
/// written to `out` (standard output when `None`), or tables, written into
/// the folder `out`, which must be given. Without `to`, the form is tables
/// when every input is a facts file and JSON otherwise (one input is
/// written in the other form).
pub fn convert(inputs: &[PathBuf], out: Option<&Path>, to: Option<FactsForm>) -> u8 {
    match run(inputs, out, to) {
        Ok(()) => EXIT_OK,
        Err(status) => status,
    }
}

fn run(inputs: &[PathBuf], out: Option<&Path>, to: Option<FactsForm>) -> Result<(), u8> {
    let (facts, _) = load_facts(inputs)?;
    let to = to.unwrap_or(if inputs.iter().any(|i| i.is_dir()) {
        FactsForm::Json
    } else {
        FactsForm::Csv
    });
    if to == FactsForm::Json {
        let json = crate::facts::to_json(&facts);
        return match out {
            Some(path) => {
                std::fs::write(path, json).map_err(|e| usage(&format!("cannot write {}: {e}", path.display())))
            }
            None => super::out::stdout(&[json.as_bytes()]),
        };
    }
    let Some(dir) = out else {
        return Err(usage("converting to CSV tables needs a folder: --out DIR"));
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
