#!/usr/bin/env bash
# Checks that the committed parser (src/parser.c) was generated from
# grammar.js as it is: by the hash generate.sh records, and, where the
# tree-sitter command line is installed (or with --full, which installs
# it), by generating again and comparing, and running the corpus.
# tests/tree_sitter.rs (plain cargo test) parses the repository's files and
# the corpus with the committed parser.
set -euo pipefail
cd "$(dirname "$0")"
if ! sha256sum --check --quiet src/grammar.js.sha256; then
  echo "editors/tree-sitter-edict: src/ is stale; run editors/tree-sitter-edict/generate.sh" >&2
  exit 1
fi
echo "tree-sitter-edict: src/ was generated from this grammar.js"
version=0.27.1
if [[ "${1:-}" == --full ]] && ! tree-sitter --version 2>/dev/null | grep -qF "$version"; then
  cargo install tree-sitter-cli --version "$version" --locked --no-default-features
fi
if tree-sitter --version 2>/dev/null | grep -qF "$version"; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp grammar.js tree-sitter.json "$tmp/"
  (cd "$tmp" && tree-sitter generate --abi 14)
  for f in parser.c grammar.json node-types.json; do
    cmp "src/$f" "$tmp/src/$f"
  done
  tree-sitter test
  echo "tree-sitter-edict: regenerated parser is identical; corpus passes"
else
  echo "tree-sitter-edict: tree-sitter $version not installed; skipped regenerating (--full installs it)"
fi
