#!/usr/bin/env bash
# Builds the Python bindings (bindings/python) into one abi3 wheel, for
# CPython 3.9 and later, with maturin installed in a virtualenv of its own.
#
#   scripts/build-python-wheel.sh [OUT_DIR]     # default: target/wheels
#
# Then: python3 -m venv v && v/bin/pip install OUT_DIR/edict-*.whl
# EDICT_WHEEL_PROFILE=dev builds unoptimised (faster to build, slow to run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/wheels}"
venv="${EDICT_BUILD_VENV:-$root/target/python-build}"
profile="${EDICT_WHEEL_PROFILE:-release}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/maturin" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet "maturin==1.16.0"
fi
mkdir -p "$out"
rm -f "$out"/edict-*.whl
"$venv/bin/maturin" build --quiet --profile "$profile" --interpreter "$("$python" -c 'import sys; print(sys.executable)')" \
  --manifest-path "$root/bindings/python/Cargo.toml" --out "$out"
ls "$out"/edict-*-abi3-*.whl
