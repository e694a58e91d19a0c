#!/usr/bin/env bash
# Builds the VS Code extension as edict-<version>.vsix in this folder, with
# the TextMate grammar of editors/textmate. Needs Node.js and npm (the
# registry); run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p syntaxes
cp ../textmate/edict.tmLanguage.json syntaxes/
npm install --no-audit --no-fund --loglevel=error
version=$(node -p "require('./package.json').version")
npx --no-install vsce package --skip-license --allow-missing-repository --out "edict-$version.vsix"
# The package must hold the client, the grammar and the language configuration.
listing=$(python3 -m zipfile -l "edict-$version.vsix")
for f in extension/extension.js extension/syntaxes/edict.tmLanguage.json extension/language-configuration.json \
         extension/node_modules/vscode-languageclient/package.json; do
  grep -q "$f" <<<"$listing" || { echo "edict-$version.vsix lacks $f" >&2; exit 1; }
done
echo "built editors/vscode/edict-$version.vsix"
