#!/usr/bin/env bash
# Fuzzes every target (or those named) for a long time: SECONDS each
# (default 3600), random seeds, the corpora kept between runs, each
# target's total time appended to RUNS.md. Crashes are written to
# artifacts/TARGET/; turn each into a fixture test before fixing it.
#   fuzz/run-long.sh [SECONDS] [TARGET...]
# FUZZ_TIMEOUT (seconds, default 60) is libFuzzer's per-input limit; on a
# machine shared with builds, deep_inputs needs more (its largest inputs
# take seconds of CPU, and at nice 19 a second of CPU can take a minute).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy_text fmt_roundtrip facts_bytes facts_structured policy_structured deep_inputs)
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then toolchain=(+nightly); else toolchain=(); export RUSTC_BOOTSTRAP=1; fi
build=(-s none -a)
cargo "${toolchain[@]}" fuzz build "${build[@]}" || exit 2
[ -d corpus/policy_text ] || ./seed.sh
for target in "${targets[@]}"; do
  started=$(date -u +%FT%TZ)
  cargo "${toolchain[@]}" fuzz run "${build[@]}" "$target" -- \
    -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-60}" -rss_limit_mb=4096 -print_final_stats=1 \
    >"run-$target.log" 2>&1
  status=$?
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "run-$target.log" | grep -Eo '[0-9]+$' || echo "?")
  verdict=$([ $status -eq 0 ] && echo "no crash" || echo "FAILED (see run-$target.log, artifacts/$target/)")
  echo "| $started | $target | ${seconds}s | $execs | $verdict |" >> RUNS.md
done
