//! The formatter's safety net: the formatted text is parsed again and must
//! give the same AST (spans and comment positions aside) as the original,
//! or it is not written. A bug in the layout then costs a diagnostic, not
//! a policy file that no longer checks or means something else.

use super::errors::FormatError;
use crate::ast::PolicyFile;
use crate::source::{SourceMap, Span};
use crate::syntax::{parse, to_sexpr};

/// The file's AST printed without spans, file ids or comments.
fn shape(file: &PolicyFile) -> String {
    let bare = PolicyFile {
        file: crate::source::FileId(0),
        header: file.header.clone(),
        items: file.items.clone(),
        comments: Vec::new(),
    };
    to_sexpr(&bare)
}

/// The texts of the file's comments, sorted (formatting may move them).
fn comments(file: &PolicyFile) -> Vec<&str> {
    let mut texts: Vec<&str> = file.comments.iter().map(|c| c.text.as_str()).collect();
    texts.sort_unstable();
    texts
}

/// Checks that `formatted`, the formatting of `original`, parses to the same
/// AST and keeps every comment.
pub fn verify(original: &PolicyFile, sources: &SourceMap, formatted: &str) -> Result<(), FormatError> {
    let name = sources.file(original.file).map(|f| f.name.clone()).unwrap_or_default();
    let mut again = SourceMap::new();
    let id = again.add(name, formatted);
    let (reparsed, errors) = parse(&again, id);
    let problem = if !errors.is_empty() {
        Some("the formatted text does not parse")
    } else if shape(original) != shape(&reparsed) {
        Some("the formatted text parses to a different policy")
    } else if comments(original) != comments(&reparsed) {
        Some("the formatted text does not keep every comment")
    } else {
        None
    };
    let Some(problem) = problem else { return Ok(()) };
    Err(FormatError::Unsound {
        problem,
        src: sources.named_source(original.file),
        span: first_difference(original, &reparsed).into(),
    })
}

/// The span of the first item of `original` that `reparsed` does not have
/// in the same place, or the start of the file.
fn first_difference(original: &PolicyFile, reparsed: &PolicyFile) -> Span {
    let alone = |f: &PolicyFile, i: usize| {
        f.items.get(i).map(|item| {
            to_sexpr(&PolicyFile {
                file: crate::source::FileId(0),
                header: None,
                items: vec![item.clone()],
                comments: Vec::new(),
            })
        })
    };
    (0..original.items.len())
        .find(|&i| alone(original, i) != alone(reparsed, i))
        .and_then(|i| original.items.get(i))
        .map_or(Span::new(original.file, 0, 0), |item| item.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (PolicyFile, SourceMap) {
        let mut sources = SourceMap::new();
        let id = sources.add("p.edict", text);
        let (file, errors) = parse(&sources, id);
        assert!(errors.is_empty());
        (file, sources)
    }

    const HEADER: &str = "policy p\n  title \"t\"\n";

    #[test]
    fn the_same_policy_laid_out_differently_passes() {
        let (file, sources) = parsed(&format!("{HEADER}rule r \"Art. 1\" # why\n  outcome prohibited\n"));
        let formatted = format!("{HEADER}\nrule r \"Art. 1\"\n  outcome prohibited # why\n");
        assert!(verify(&file, &sources, &formatted).is_ok());
    }

    #[test]
    fn text_that_does_not_parse_or_means_something_else_is_refused() {
        let rule = "rule r \"Art. 1\"\n  outcome prohibited\n  when not (not the destination is in CN)\n";
        let (file, sources) = parsed(&format!("{HEADER}\n{rule}"));
        let cases = [
            (rule.replace("not (not", "not not").replace(')', ""), "does not parse"),
            (rule.replace("not (not", "(not"), "different policy"),
            (format!("{rule}# lost?\n"), "every comment"),
        ];
        for (changed, problem) in cases {
            let result = verify(&file, &sources, &format!("{HEADER}\n{changed}"));
            let message = result.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains(problem), "{changed}: {message}");
        }
    }
}
