#!/usr/bin/env bash
# Slice gapgauge's coupons with a real slicer and check that every moving
# part stays a separate island in every layer (tools/slicecheck.py); for the
# one-part slot comb, that every slit stays a gap in every layer (--slits).
# Installs PrusaSlicer from Debian if it is missing.
# Usage: tools/slice-check.sh [coupon ...]   (default: pin)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v prusa-slicer >/dev/null; then
  echo "slice-check: installing prusa-slicer from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prusa-slicer >/dev/null
fi
# Ask cargo where it put the binary rather than assuming ./target: this
# honours CARGO_TARGET_DIR, build.target-dir in a cargo config, and --target.
bin=$(cargo build --release --quiet --bin gapgauge --message-format=json-render-diagnostics |
  python3 -c 'import json, sys
exe = [m["executable"] for m in map(json.loads, sys.stdin)
       if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(exe[-1])')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for coupon in "${@:-pin}"; do
  "$bin" make "$coupon" --sweep 0.10:0.50:0.05 --layer-height 0.2 \
    -o "$out/$coupon.stl" --json > "$out/$coupon.json"
  prusa-slicer --export-gcode --layer-height 0.2 --first-layer-height 0.2 \
    --output "$out/$coupon.gcode" "$out/$coupon.stl" > /dev/null
  echo "== $coupon (PrusaSlicer defaults: Arachne, slice_closing_radius 0.049, 0.2 mm layers)"
  mode=()
  [ "$coupon" = slots ] && mode=(--slits)
  python3 tools/slicecheck.py "$out/$coupon.gcode" "$out/$coupon.json" "${mode[@]}" || status=1
done
exit $status
