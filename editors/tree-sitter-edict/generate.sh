#!/usr/bin/env bash
# Regenerates the parser (src/) from grammar.js and records grammar.js's
# hash beside it, for check.sh. Needs Node.js and the tree-sitter command
# line at the version below (installed with cargo if it is missing; its npm
# package downloads a binary from outside the npm registry).
#
# ABI 14, so that the parser loads in Neovim 0.10 and in Helix as well as
# in newer editors (ABI 15 needs tree-sitter 0.25 or later at run time).
set -euo pipefail
cd "$(dirname "$0")"
version=0.27.1
if ! tree-sitter --version 2>/dev/null | grep -qF "$version"; then
  cargo install tree-sitter-cli --version "$version" --locked --no-default-features
fi
tree-sitter generate --abi 14
sha256sum grammar.js > src/grammar.js.sha256
tree-sitter test
