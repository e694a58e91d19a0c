#!/usr/bin/env bash
# Shipments streamed against a loaded world (`eval --shipments`, issue #19):
# wall time, peak memory and decisions per second for 100k, 1M and 10M
# streamed shipments against the 100k benchmark world, on 1 thread and on
# every core, as a Markdown table on stdout. The stream is the benchmark
# file's 100k shipments repeated (ids repeat: a stream does not check them
# across batches), piped to edict's standard input, so no 10M-line file is
# written to disk. Decisions go to /dev/null.
#
#   scripts/stream-bench.sh            # 100k, 1M and 10M
#   SIZES="100000 1000000" scripts/stream-bench.sh
#
# Not run by CI (10M takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/edict-stream}
mkdir -p "$dir"
cargo build --release --quiet
cargo build --release --quiet --example gen_facts
edict=$PWD/target/release/edict
[ -s "$dir/facts-100k.json" ] || target/release/examples/gen_facts 100000 >"$dir/facts-100k.json"
if [ ! -s "$dir/shipments.jsonl" ]; then
  python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
facts = json.load(open(f"{d}/facts-100k.json"))
shipments = facts["shipments"]
facts["shipments"] = []
json.dump(facts, open(f"{d}/world.json", "w"))
with open(f"{d}/shipments.jsonl", "w") as f:
    for s in shipments:
        f.write(json.dumps(s) + "\n")
PY
fi
lines=$(wc -l <"$dir/shipments.jsonl")
cores=$(nproc)
echo "| shipments streamed | threads | wall (s) | peak memory (MB) | decisions/s |"
echo "|---:|---:|---:|---:|---:|"
for n in ${SIZES:-100000 1000000 10000000}; do
  for threads in 1 "$cores"; do
    repeat=$(((n + lines - 1) / lines))
    status=0
    /usr/bin/time -f '%e %M' -o "$dir/time" bash -c '
      for _ in $(seq "$1"); do cat "$2"; done | head -n "$3" |
        "$4" eval --facts "$5" --shipments - --threads "$6" >/dev/null' _ \
      "$repeat" "$dir/shipments.jsonl" "$n" "$edict" "$dir/world.json" "$threads" || status=$?
    read -r wall rss <"$dir/time"
    [ "$status" -eq 0 ] || { echo "| $n | $threads | failed (exit $status) | | |"; continue; }
    echo "| $n | $threads | $wall | $((rss / 1024)) | $(python3 -c "print(f'{$n / max($wall, 0.01):,.0f}')") |"
  done
done
