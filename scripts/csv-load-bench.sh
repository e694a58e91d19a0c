#!/usr/bin/env bash
# Loading a world as CSV tables against loading it as a facts file (issue
# #16: within 1.5x). The 100k benchmark world (gen_facts: 100k parties,
# items and shipments, with BOM lines, holdings and listings) is written as
# JSON, converted to tables with `edict facts convert`, and each form is
# loaded RUNS times by `edict -v eval` (the phase times on stderr, `read
# facts` + `load facts`: reading the file or the folder's files, then
# decoding, validating and resolving). Prints the best time of each and the
# ratio.
#
#   scripts/csv-load-bench.sh [N] [RUNS]     # default 100000 5
#
# Not run by CI. The machine may be shared: say its load beside the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-5}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/edict-csv-load}
mkdir -p "$dir"
cargo build --release --quiet
cargo build --release --quiet --example gen_facts
edict=$PWD/target/release/edict
json="$dir/facts-$n.json"
tables="$dir/tables-$n"
[ -s "$json" ] || target/release/examples/gen_facts "$n" >"$json"
if [ ! -s "$tables/shipments.csv" ]; then
  rm -rf "$tables"
  "$edict" facts convert "$json" --out "$tables"
fi
# The milliseconds of the loading phases of one run (`-v` prints
# `edict: <phase> <ms> ms` lines).
load_ms() {
  "$edict" -v eval --facts "$1" --format json 2>&1 >/dev/null |
    awk '/read facts|load facts/ { for (i = 1; i <= NF; i++) if ($(i+1) == "ms") s += $i } END { print s }'
}
best() {
  local b=
  for _ in $(seq "$runs"); do
    t=$(load_ms "$1")
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}
rows=$(cat "$tables"/*.csv | wc -l)
j=$(best "$json")
c=$(best "$tables")
echo "| form | size | rows | best load of $runs (ms) |"
echo "|---|---:|---:|---:|"
echo "| JSON | $(du -h "$json" | cut -f1) | | $j |"
echo "| CSV tables | $(du -sh "$tables" | cut -f1) | $rows | $c |"
awk -v c="$c" -v j="$j" 'BEGIN { printf "CSV / JSON: %.2fx\n", c / j }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
