#!/usr/bin/env bash
# Hostile inputs at the sizes issue #11 names, each run through the
# commands that read it with the release binary: wall time, peak memory and
# exit status, as a Markdown table on stdout. An answer (exit 0/1 with a
# decision or a diagnostic) within the time and memory limits is what edict
# promises; a crash (exit ≥ 101), a timeout or over 2 GB is a failure.
#
#   scripts/hostile-bench.sh                  # every case
#   scripts/hostile-bench.sh bom ownership    # cases whose name contains a word
#   LIMIT=120 scripts/hostile-bench.sh        # seconds per command (default 300)
#
# Not run by CI (it takes minutes and a few GB of disk in $TMPDIR).
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${LIMIT:-300}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/edict-hostile}
mkdir -p "$dir"
cargo build --release --quiet
cargo build --release --quiet --example gen_facts
edict=$PWD/target/release/edict
gen=$PWD/target/release/examples/gen_facts
filters=("$@")

wanted() {
  [ ${#filters[@]} -eq 0 ] && return 0
  for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
  return 1
}

echo "| case | command | exit | wall (s) | peak memory (MB) | verdict |"
echo "|---|---|---|---|---|---|"

# run CASE DESCRIPTION -- edict arguments...
run() {
  local case=$1 what=$2
  shift 3
  local status=0
  /usr/bin/time -f '%e %M' -o "$dir/time" timeout "$limit" "$edict" "$@" >"$dir/out" 2>"$dir/err" || status=$?
  local wall rss verdict
  read -r wall rss < <(tail -n 1 "$dir/time" | grep -E '^[0-9.]+ [0-9]+$' || echo "- 0")
  local mb=$((rss / 1024))
  if [ "$status" -eq 124 ]; then
    verdict="TIMEOUT (${limit}s)"
  elif [ "$status" -ge 101 ]; then
    verdict="CRASH: $(grep -m1 -E 'panicked|overflow|abort' "$dir/err" | cut -c1-80)"
  elif [ "$mb" -gt 2048 ]; then
    verdict="over 2 GB"
  elif [ "$status" -eq 1 ]; then
    verdict="diagnostic: $(grep -m1 -oE 'edict::[a-z:-]+' "$dir/err" || echo '?')"
  else
    verdict="answered ($(wc -c <"$dir/out") bytes out)"
  fi
  echo "| $case | $what | $status | $wall | $mb | $verdict |"
}

py() { python3 -c "$1" "${@:2}"; }

HEADER='policy deep\n  title "Deep"\n  authority "Bench"\n  jurisdiction CN\n  issued 2023-01-01\n'

# A bill of materials N levels deep (each assembly holds the next WIDTH
# times), ending in a Chinese dysprosium magnet.
bom() { # n width value quantity > file
  py '
import json, sys
n, width, value, qty = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
items = {}
for i in range(n):
    comps = [{"item": f"i{i+1}", "quantity": qty}] + [{"item": f"i{i+1}", "quantity": 1}] * (width - 1)
    items[f"i{i}"] = {"origin": "DE", "value": value, "classes": ["assembly"], "components": comps}
items[f"i{n}"] = {"origin": "CN", "value": value, "classes": ["permanent-magnet", "1C905.a"], "elements": ["Nd", "Fe", "B", "Dy"]}
facts = {"version": 1, "currency": "USD",
         "parties": {"x": {"name": "X", "country": "DE"}, "u": {"name": "U", "country": "US"}},
         "items": items,
         "shipments": [{"id": "S", "date": "2026-12-15", "item": "i0", "quantity": 1, "exporter": "x",
                        "from": "DE", "to": "US", "end_user": "u", "end_uses": []}]}
json.dump(facts, sys.stdout, separators=(",", ":"))
' "$@"
}

if wanted bom; then
  bom 100000 1 10 1 >"$dir/bom-100k.json"
  for cmd in eval "explain --shipment S" timeline; do run "BOM 100 000 deep" "$cmd" -- $cmd --facts "$dir/bom-100k.json"; done
  bom 40 2 10 1 >"$dir/bom-paths.json"
  for cmd in eval "explain --shipment S"; do run "BOM 40 levels, 2^40 paths" "$cmd" -- $cmd --facts "$dir/bom-paths.json"; done
  bom 10000 1 79228162514264337593543950335 1000000 >"$dir/bom-overflow.json"
  for cmd in eval "explain --shipment S" timeline; do run "values near Decimal::MAX" "$cmd" -- $cmd --facts "$dir/bom-overflow.json"; done
fi

if wanted nesting; then
  py "
import sys
n = 100000
sys.stdout.write('$HEADER' + '\nrule r \"Art. 1\"\n  outcome prohibited\n  when ' + '(' * n + 'the end use is military' + ')' * n + '\n')
" >"$dir/nesting.edict"
  for cmd in check fmt; do run "conditions 100 000 deep" "$cmd" -- "$cmd" "$dir/nesting.edict" $([ "$cmd" = fmt ] && echo --check); done
fi

if wanted categories; then
  py "
import sys
n = 100000
out = ['$HEADER', '\ncategory c0 \"C\"\n  any metal of Dy\n']
out += [f'\ncategory c{i} \"C\"\n  any item in c{i-1}\n' for i in range(1, n)]
out.append(f'\nrule r \"Art. 1\"\n  outcome prohibited\n  when the item is in c{n-1}\n')
sys.stdout.write(''.join(out))
" >"$dir/categories.edict"
  run "category chain 100 000" check -- check "$dir/categories.edict" "policies/vocabulary.edict"
  run "category chain 100 000" eval -- eval "$dir/categories.edict" "policies/vocabulary.edict" --facts "$dir/bom-100k.json"
fi

if wanted groups; then
  for n in 10000 100000; do
    py "
import sys
n = $n
out = ['$HEADER', '\ncountry group g0 \"G\" of CN\n']
out += [f'country group g{i} \"G\" of g{i-1}, DE\n' for i in range(1, n)]
out.append(f'\nrule r \"Art. 1\"\n  outcome prohibited\n  when the destination is in g{n-1}\n')
sys.stdout.write(''.join(out))
" >"$dir/groups-$n.edict"
    run "country-group chain $n" check -- check "$dir/groups-$n.edict"
  done
fi

if wanted names; then
  py "
import sys
name = 'x' * 300000
sys.stdout.write('$HEADER' + f'\ncategory {name}a \"C\"\n  any metal of Dy\n\nrule r \"Art. 1\"\n  outcome prohibited\n  when the item is in {name}b\n')
" >"$dir/long-name.edict"
  run "300 000-character misspelt name" check -- check "$dir/long-name.edict"
  py "
name = 'x' * 300000
print('{\"version\":1,\"parties\":{\"x\":{\"name\":\"X\",\"country\":\"DE\"},\"u\":{\"name\":\"U\",\"country\":\"US\"}},\"items\":{\"' + name + 'a\":{\"origin\":\"CN\",\"value\":\"1\"}},\"shipments\":[{\"id\":\"S\",\"date\":\"2025-12-15\",\"item\":\"' + name + 'b\",\"quantity\":1,\"exporter\":\"x\",\"from\":\"DE\",\"to\":\"US\",\"end_user\":\"u\",\"end_uses\":[]}]}')
" >"$dir/long-name.json"
  run "300 000-character misspelt id" eval -- eval --facts "$dir/long-name.json"
fi

if wanted ownership; then
  for shape in chain ring; do
    py "
import sys
n, ring = 100000, '$shape' == 'ring'
parties = ['\"p0\":{\"name\":\"L\",\"country\":\"CN\"}', '\"x\":{\"name\":\"X\",\"country\":\"DE\"}']
parties += [f'\"q{i}\":{{\"name\":\"Q\",\"country\":\"MY\"}}' for i in range(1, n + 1)]
own = [f'{{\"owner\":\"{\"p0\" if i == 1 else f\"q{i-1}\"}\",\"owned\":\"q{i}\",\"share\":\"60%\"}}' for i in range(1, n + 1)]
if ring: own.append(f'{{\"owner\":\"q{n}\",\"owned\":\"q1\",\"share\":\"60%\"}}')
print('{\"version\":1,\"parties\":{' + ','.join(parties) + '},\"ownership\":[' + ','.join(own) + '],\"listings\":[{\"party\":\"p0\",\"list\":\"us-entity-list\",\"from\":\"2024-01-01\",\"attributes\":{\"review\":\"presumption-of-denial\"}}],\"items\":{\"m\":{\"origin\":\"CN\",\"value\":\"1\",\"classes\":[\"permanent-magnet\",\"1C905.a\"],\"elements\":[\"Dy\"]}},\"shipments\":[{\"id\":\"S\",\"date\":\"2025-12-15\",\"item\":\"m\",\"quantity\":1,\"exporter\":\"x\",\"from\":\"DE\",\"to\":\"US\",\"end_user\":\"q' + str(n) + '\",\"end_uses\":[]}]}')
" >"$dir/ownership-$shape.json"
    for cmd in eval "explain --shipment S" timeline; do run "ownership $shape 100 000" "$cmd" -- $cmd --facts "$dir/ownership-$shape.json"; done
  done
fi

if wanted diagnostics; then
  py "
n = 100000
uses = ','.join(f'\"use-{i}\"' for i in range(n))
print('{\"version\":1,\"parties\":{\"x\":{\"name\":\"X\",\"country\":\"DE\"},\"u\":{\"name\":\"U\",\"country\":\"US\"}},\"items\":{\"m\":{\"origin\":\"CN\",\"value\":\"1\"}},\"shipments\":[{\"id\":\"S\",\"date\":\"2025-12-15\",\"item\":\"m\",\"quantity\":1,\"exporter\":\"x\",\"from\":\"DE\",\"to\":\"US\",\"end_user\":\"u\",\"end_uses\":[' + uses + ']}]}')
" >"$dir/warnings-100k.json"
  run "100 000 warnings, one line" eval -- eval --facts "$dir/warnings-100k.json"
  if "$edict" eval --help | grep -q -- --message-format; then
    run "100 000 warnings, one line" "eval --message-format json" -- eval --message-format json --facts "$dir/warnings-100k.json"
  fi
fi

if wanted shipments; then
  [ -s "$dir/gen-100k.json" ] || "$gen" 100000 >"$dir/gen-100k.json"
  py "
import json, sys
json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], 'w'), separators=(',', ':'))
" "$dir/gen-100k.json" "$dir/gen-100k-min.json"
  run "100k benchmark file, minified ($(($(wc -c <"$dir/gen-100k-min.json") / 1000000)) MB, one line)" eval -- eval --facts "$dir/gen-100k-min.json"
  [ -s "$dir/gen-1m.json" ] || "$gen" 1000000 >"$dir/gen-1m.json"
  for cmd in eval timeline; do run "1M shipments, items, parties" "$cmd" -- "$cmd" --facts "$dir/gen-1m.json" --format json; done
fi
