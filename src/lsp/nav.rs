//! Go to definition, find references, formatting and quick fixes.

use super::lex;
use super::workspace::{File, Workspace};
use lsp_server::ErrorCode;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentFormattingParams, GotoDefinitionParams,
    GotoDefinitionResponse, Location, ReferenceParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};
use std::collections::HashMap;

/// The file, byte offset and token under a position.
pub fn locate(ws: &Workspace, at: &TextDocumentPositionParams) -> Option<(usize, usize, usize)> {
    let i = ws.index(&at.text_document.uri)?;
    let f = ws.files.get(i)?;
    let offset = f.lines.offset(&f.text, at.position);
    let t = lex::at(&f.tokens, offset)?;
    Some((i, offset, t))
}

/// The declarations the word under a position names.
pub fn targets(ws: &Workspace, at: &TextDocumentPositionParams) -> Vec<usize> {
    let Some((i, offset, t)) = locate(ws, at) else {
        return Vec::new();
    };
    let f = &ws.files[i];
    ws.analysis
        .symbols
        .at(&f.text, &f.tokens[t], offset, i)
        .map(|(decls, _)| decls)
        .unwrap_or_default()
}

fn location(f: &File, (start, end): (usize, usize)) -> Location {
    Location::new(f.uri.clone(), f.range(start, end))
}

/// Where the word under the cursor is declared.
pub fn definition(ws: &Workspace, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let symbols = &ws.analysis.symbols;
    let locations: Vec<Location> = targets(ws, &p.text_document_position_params)
        .into_iter()
        .filter_map(|d| symbols.decls.get(d))
        .filter_map(|d| Some(location(ws.files.get(d.file)?, d.name_span)))
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

/// Every place, in every loaded file, that names what the cursor names.
pub fn references(ws: &Workspace, p: &ReferenceParams) -> Vec<Location> {
    let symbols = &ws.analysis.symbols;
    let mut out = Vec::new();
    for target in targets(ws, &p.text_document_position) {
        let Some(decl) = symbols.decls.get(target) else {
            continue;
        };
        for (i, f) in ws.files.iter().enumerate() {
            if !ws.analysis.included.get(i).copied().unwrap_or(false) {
                continue;
            }
            for span in symbols.references_in(&f.text, &f.tokens, i, target) {
                if !p.context.include_declaration && i == decl.file && span == decl.name_span {
                    continue;
                }
                out.push(location(f, span));
            }
        }
    }
    out
}

/// The whole document as `edict fmt` writes it; refused on a file with
/// syntax errors (or one the formatter cannot lay out without changing it).
pub fn format(ws: &Workspace, p: &DocumentFormattingParams) -> Result<Vec<TextEdit>, (ErrorCode, String)> {
    let failed = |m: String| (ErrorCode::RequestFailed, m);
    let i = ws
        .index(&p.text_document.uri)
        .ok_or_else(|| failed("edict lsp does not know this file".into()))?;
    let (f, a) = (&ws.files[i], &ws.analysis);
    let (Some(ast), Some(sources)) = (a.asts.get(i), a.sources.as_ref()) else {
        return Err(failed("the file is not analysed yet".into()));
    };
    if a.broken.get(i).copied().unwrap_or(true) {
        return Err(failed(format!(
            "{} has syntax errors: fix them before formatting",
            f.name
        )));
    }
    if let Some(refused) = crate::format::check(ast, sources).first() {
        return Err(failed(refused.to_string()));
    }
    let formatted = crate::format::format_file(ast, sources);
    crate::format::verify(ast, sources, &formatted).map_err(|e| failed(e.to_string()))?;
    if *formatted == *f.text {
        return Ok(Vec::new());
    }
    Ok(vec![TextEdit::new(f.range(0, f.text.len()), formatted)])
}

/// The fixes the checker knows for the diagnostics in a range.
pub fn code_actions(ws: &Workspace, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(i) = ws.index(&p.text_document.uri) else {
        return Vec::new();
    };
    let f = &ws.files[i];
    let overlaps = |r: &lsp_types::Range| r.start <= p.range.end && p.range.start <= r.end;
    ws.analysis
        .fixes
        .iter()
        .filter(|fix| fix.file == i && overlaps(&fix.diagnostic.range))
        .map(|fix| {
            let edit = TextEdit::new(f.range(fix.at.0, fix.at.1), fix.text.clone());
            CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![fix.diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(f.uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            })
        })
        .collect()
}
