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
for target in policy_text fmt_roundtrip facts_bytes facts_structured policy_structured deep_inputs real_data; do
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
# The real-data readers: CSV tables, screening lists and FtM files.
find "$root/tests/cases" "$root/examples" -type f \( -name '*.csv' -o -name '*.ftm.json' \) -size -64k -print0 |
  while IFS= read -r -d '' f; do
    cp "$f" "$corpus/real_data/$(sha1sum "$f" | cut -c1-16)"
  done
find "$root/tests/cases/lists" "$root/tests/cases/ftm" -type f -name '*.json' -size -64k -print0 |
  while IFS= read -r -d '' f; do
    cp "$f" "$corpus/real_data/$(sha1sum "$f" | cut -c1-16)"
  done
# A whole folder of tables, cut as the target cuts its input (parties, items).
{ cat "$root/examples/erp-export/erp/parties.csv"; printf '===\n'; cat "$root/examples/erp-export/erp/items.csv"; } \
  >"$corpus/real_data/erp-tables"
# A version-2 folder, all seven pieces (unknown cells and ranges), and the
# version-2 facts files (the target also reads its input as a facts file).
v2="$root/tests/cases/facts-csv/ok/version-2-unknowns"
for t in parties items components ownership listings shipments facts; do
  cat "$v2/$t.csv"; [ "$t" = facts ] || printf '===\n'
done >"$corpus/real_data/v2-tables"
cp "$root/tests/cases/facts/ok/version-2-unknowns/facts.json" "$corpus/real_data/v2-facts"
cp "$root/examples/unknown-origins/facts.json" "$corpus/real_data/unknown-origins-facts"
for t in policy_text fmt_roundtrip facts_bytes real_data; do
  echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
