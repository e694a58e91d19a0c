#!/usr/bin/env bash
# Renders the bundled policies (or the PATHS given) to one HTML page and takes
# a screenshot of it with headless Chromium, to check the page by eye.
# Not run by CI. Needs `chromium` (Debian: apt-get install -y chromium; add
# fonts-noto-cjk to see the Chinese quotes).
#
#   scripts/screenshot-render.sh                 # /tmp/edict.html -> /tmp/render.png
#   OUT=/tmp/x.png HEIGHT=6000 scripts/screenshot-render.sh policies/
set -euo pipefail

cd "$(dirname "$0")/.."
html="${HTML:-/tmp/edict.html}"
png="${OUT:-/tmp/render.png}"
width="${WIDTH:-1200}"
height="${HEIGHT:-2400}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "error: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi

cargo run --quiet -- render "$@" --format html > "$html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$png" --window-size="$width,$height" \
  "file://$html" 2>/dev/null
echo "$png"
