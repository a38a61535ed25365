#!/usr/bin/env bash
# Slice gapgauge's coupons with a real slicer and check that every moving
# part stays a separate island in every layer and is never laid on another
# part's layer below (Z fusion) (tools/slicecheck.py); for the one-part slot
# comb, that every slit stays a gap in every layer (--slits). The hinge is
# sliced at a coarse 0.28 mm layer height too (0.2 mm first layer), where
# layer steps over its sloped bore are largest.
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
# slice NAME COUPON LAYER: make the coupon for LAYER mm layers (0.2 mm first
# layer), slice it with PrusaSlicer and check the G-code.
slice() {
  local name=$1 coupon=$2 h=$3
  "$bin" make "$coupon" --sweep 0.10:0.50:0.05 --layer-height "$h" \
    --first-layer-height 0.2 -o "$out/$name.stl" --json > "$out/$name.json"
  prusa-slicer --export-gcode --layer-height "$h" --first-layer-height 0.2 \
    --output "$out/$name.gcode" "$out/$name.stl" > /dev/null
  echo "== $coupon at $h mm layers (PrusaSlicer defaults: Arachne, slice_closing_radius 0.049)"
  local mode=()
  if [ "$coupon" = slots ]; then mode=(--slits); fi
  python3 tools/slicecheck.py "$out/$name.gcode" "$out/$name.json" "${mode[@]}" || status=1
}
for coupon in "${@:-pin}"; do
  slice "$coupon" "$coupon" 0.2
  if [ "$coupon" = hinge ]; then slice hinge-coarse hinge 0.28; fi
done
exit $status
