#!/usr/bin/env bash
# The fuzz targets as a regression check at landing: build them, seed the
# corpora from the fixtures, and run each for a fixed number of inputs
# with a fixed seed, so that the same commit always runs the same inputs
# (a time limit would make the check depend on the machine's speed).
# Runs of hours, with random seeds, are run-long.sh's job.
set -euo pipefail
cd "$(dirname "$0")"

# cargo-fuzz builds with sanitizer-coverage flags that need a nightly
# compiler; the machine's stable one accepts them with RUSTC_BOOTSTRAP.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi

# No sanitizer (the code is safe Rust; coverage is what guides the search),
# with debug assertions, so that an arithmetic overflow is a crash.
build=(-s none -a)
cargo "${toolchain[@]}" fuzz build "${build[@]}"
# A corpus of the fixtures alone, made afresh: the same inputs on every
# machine, whatever long runs have added to corpus/.
rm -rf ci-corpus
./seed.sh ci-corpus

# target:runs — about half a minute each on a 2-core machine.
for spec in policy_text:1500 fmt_roundtrip:15000 facts_bytes:60000 \
            facts_structured:6000 policy_structured:800 deep_inputs:60 real_data:20000; do
  target=${spec%%:*}
  runs=${spec##*:}
  echo "== fuzz $target ($runs inputs)"
  status=0
  cargo "${toolchain[@]}" fuzz run "${build[@]}" "$target" "ci-corpus/$target" -- \
    -runs="$runs" -seed=1 -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
    >"ci-$target.log" 2>&1 || status=$?
  grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units' "ci-$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "ci-$target.log"
    echo "fuzz target $target failed (exit $status); the input is in fuzz/artifacts/$target/"
    exit 1
  fi
done
