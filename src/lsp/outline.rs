//! The outline (document and workspace symbols), folding ranges and
//! semantic tokens.

use super::lex::Class;
use super::symbols::What;
use super::workspace::Workspace;
use crate::ast::TagKind;
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeKind, FoldingRangeParams,
    Location, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult, SymbolInformation, SymbolKind, WorkspaceSymbolParams,
};

/// The kind of symbol each declaration is shown as.
fn kind(what: What) -> SymbolKind {
    match what {
        What::Policy => SymbolKind::MODULE,
        What::Rule => SymbolKind::FUNCTION,
        What::Category => SymbolKind::CLASS,
        What::Amendment => SymbolKind::EVENT,
        What::Tag(_) => SymbolKind::ENUM_MEMBER,
        What::Group => SymbolKind::ENUM,
        What::Reading => SymbolKind::CONSTANT,
    }
}

/// The outline of a file: its policy, and under it each declaration.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbols(ws: &Workspace, p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let i = ws.index(&p.text_document.uri)?;
    let f = &ws.files[i];
    let symbol = |d: &super::symbols::Decl, children: Option<Vec<DocumentSymbol>>| DocumentSymbol {
        name: d.name.clone(),
        detail: Some(d.what.noun().to_string()),
        kind: kind(d.what),
        tags: None,
        deprecated: None,
        range: f.range(d.span.0.min(d.name_span.0), d.span.1.max(d.name_span.1)),
        selection_range: f.range(d.name_span.0, d.name_span.1),
        children,
    };
    let decls: Vec<_> = ws.analysis.symbols.decls.iter().filter(|d| d.file == i).collect();
    let children: Vec<DocumentSymbol> = decls
        .iter()
        .filter(|d| d.what != What::Policy && d.what != What::Reading)
        .map(|d| symbol(d, None))
        .collect();
    let out = match decls.iter().find(|d| d.what == What::Policy) {
        Some(policy) => {
            let mut top = symbol(policy, Some(children));
            top.range = f.range(0, f.text.len());
            vec![top]
        }
        None => children,
    };
    Some(DocumentSymbolResponse::Nested(out))
}

/// Every declaration whose name contains the query (case-insensitively).
#[allow(deprecated)] // `SymbolInformation::deprecated` must still be written.
pub fn workspace_symbols(ws: &Workspace, p: &WorkspaceSymbolParams) -> Vec<SymbolInformation> {
    let query = p.query.to_lowercase();
    ws.analysis
        .symbols
        .decls
        .iter()
        .filter(|d| d.what != What::Reading && d.name.to_lowercase().contains(&query))
        .filter_map(|d| {
            let f = ws.files.get(d.file)?;
            Some(SymbolInformation {
                name: d.name.clone(),
                kind: kind(d.what),
                tags: None,
                deprecated: None,
                location: Location::new(f.uri.clone(), f.range(d.name_span.0, d.name_span.1)),
                container_name: (d.what != What::Policy).then(|| d.policy.clone()),
            })
        })
        .take(500)
        .collect()
}

/// Each item of more than one line folds, and so does each run of comment lines.
pub fn folding_ranges(ws: &Workspace, p: &FoldingRangeParams) -> Vec<FoldingRange> {
    let Some(i) = ws.index(&p.text_document.uri) else {
        return Vec::new();
    };
    let f = &ws.files[i];
    let line = |offset: usize| f.lines.position(&f.text, offset).line;
    let mut out = Vec::new();
    let mut fold = |from: u32, to: u32, kind: Option<FoldingRangeKind>| {
        if to > from {
            out.push(FoldingRange {
                start_line: from,
                end_line: to,
                kind,
                ..FoldingRange::default()
            });
        }
    };
    if let Some(ast) = ws.analysis.asts.get(i) {
        if let Some(h) = &ast.header {
            fold(line(h.span.start), line(h.span.end.saturating_sub(1)), None);
        }
        for item in &ast.items {
            let s = item.span();
            fold(line(s.start), line(s.end.saturating_sub(1)), None);
        }
    }
    let mut run: Option<(u32, u32)> = None;
    for t in f.tokens.iter().filter(|t| t.class == Class::Comment) {
        let l = line(t.start);
        run = match run {
            Some((from, to)) if to + 1 == l => Some((from, l)),
            Some((from, to)) => {
                fold(from, to, Some(FoldingRangeKind::Comment));
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((from, to)) = run {
        fold(from, to, Some(FoldingRangeKind::Comment));
    }
    out
}

/// The token types, in the order of their numbers in [`semantic_tokens`].
const TYPES: [SemanticTokenType; 12] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::NUMBER,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::CLASS,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::ENUM,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::TYPE,
    SemanticTokenType::PROPERTY,
];

/// The legend of the token types and modifiers.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

/// The number of a type in [`TYPES`].
fn type_of(t: &SemanticTokenType) -> u32 {
    TYPES.iter().position(|x| x == t).unwrap_or(0) as u32
}

/// Every token of the file, coloured by what it is: keywords, texts,
/// comments, numbers and dates, and each name by what it names (policy,
/// rule, category, tag, country group, reading, country, element).
pub fn semantic_tokens(ws: &Workspace, p: &SemanticTokensParams) -> Option<SemanticTokensResult> {
    let i = ws.index(&p.text_document.uri)?;
    let f = &ws.files[i];
    let symbols = &ws.analysis.symbols;
    let declared: std::collections::HashSet<(usize, usize)> = symbols
        .decls
        .iter()
        .filter(|d| d.file == i)
        .map(|d| d.name_span)
        .collect();
    let mut data = Vec::new();
    let (mut last_line, mut last_col) = (0u32, 0u32);
    for t in &f.tokens {
        let word = f.text.get(t.start..t.end).unwrap_or("");
        let ty = match t.class {
            Class::Keyword => match symbols.resolve(word, i).first() {
                Some(_) => SemanticTokenType::ENUM_MEMBER,
                None => SemanticTokenType::KEYWORD,
            },
            Class::String => SemanticTokenType::STRING,
            Class::Comment => SemanticTokenType::COMMENT,
            Class::Date | Class::Number | Class::Percent => SemanticTokenType::NUMBER,
            Class::Punct => continue,
            Class::Word => match symbols.resolve(word, i).first().and_then(|&d| symbols.decls.get(d)) {
                Some(d) => match d.what {
                    What::Policy => SemanticTokenType::NAMESPACE,
                    What::Rule | What::Amendment => SemanticTokenType::FUNCTION,
                    What::Category => SemanticTokenType::CLASS,
                    What::Tag(TagKind::Class) | What::Tag(_) => SemanticTokenType::ENUM_MEMBER,
                    What::Group => SemanticTokenType::ENUM,
                    What::Reading => SemanticTokenType::VARIABLE,
                },
                None if crate::geo::country(word).is_some() => SemanticTokenType::ENUM,
                None if crate::elements::element_name(word).is_some() => SemanticTokenType::PROPERTY,
                None => SemanticTokenType::TYPE,
            },
        };
        let modifiers = u32::from(declared.contains(&(t.start, t.end)));
        // A text may span lines; a token may not (without the client's
        // multiline support), so each line of it is a token of its own.
        let mut from = t.start;
        for piece in f.text.get(t.start..t.end).unwrap_or("").split_inclusive('\n') {
            let content = piece.trim_end_matches(['\n', '\r']);
            let at = f.lines.position(&f.text, from);
            let length = content.encode_utf16().count() as u32;
            if length > 0 {
                let delta_line = at.line - last_line;
                let delta_start = if delta_line == 0 {
                    at.character - last_col
                } else {
                    at.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: type_of(&ty),
                    token_modifiers_bitset: modifiers,
                });
                (last_line, last_col) = (at.line, at.character);
            }
            from += piece.len();
        }
    }
    Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
}
