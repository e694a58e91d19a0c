#!/usr/bin/env bash
# Seeds each target's corpus (DIR/TARGET, default corpus/, not committed)
# from the repository's own fixtures: every policy file for the policy
# targets, every facts file for the facts target. The structured targets
# start from nothing: their input is not text.
#   fuzz/seed.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=${1:-corpus}
for target in policy_text fmt_roundtrip facts_bytes facts_structured policy_structured deep_inputs; do
  mkdir -p "$corpus/$target"
done
find "$root/policies" "$root/tests" "$root/examples" -type f -name '*.edict' -print0 |
  while IFS= read -r -d '' f; do
    h=$(sha1sum "$f" | cut -c1-16)
    cp "$f" "$corpus/policy_text/$h"
    cp "$f" "$corpus/fmt_roundtrip/$h"
  done
find "$root/tests" "$root/examples" -type f -name '*.json' -size -64k -print0 |
  while IFS= read -r -d '' f; do
    cp "$f" "$corpus/facts_bytes/$(sha1sum "$f" | cut -c1-16)"
  done
for t in policy_text fmt_roundtrip facts_bytes; do
  echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
