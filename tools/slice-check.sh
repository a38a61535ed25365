#!/usr/bin/env bash
# Slice gapgauge's coupons with a real slicer and check that every moving
# part stays a separate island in every layer and is never laid on another
# part's layer below (Z fusion) (tools/slicecheck.py); for the one-part slot
# comb, that every slit stays a gap in every layer (--slits). The hinge,
# the ball, the bridge-gap sweep and the chain are sliced at a coarse
# 0.28 mm layer height too (0.2 mm first layer), where layer steps over
# sloped faces are largest and bridges sag most. Stations are 0.10 to 0.50 mm in steps of
# 0.05; the bridge-gap sweep takes the planner's (one to five layers).
# Installs PrusaSlicer from Debian if it is missing.
# With --3mf the coupons are written as 3MF and sliced with no layer flags:
# the layer heights must come from the file (tools/check3mf.py checks that,
# PrusaSlicer's --info report, and lib3mf's strict reading if pip can
# install it).
# Usage: tools/slice-check.sh [--3mf] [coupon ...]   (default: pin)
set -euo pipefail
cd "$(dirname "$0")/.."
threemf=false
if [ "${1:-}" = --3mf ]; then
  threemf=true
  shift
  python3 -c "import lib3mf" 2>/dev/null || python3 -m pip install -q lib3mf >/dev/null 2>&1 ||
    echo "slice-check: python3 -m pip install lib3mf failed; its validation will say SKIPPED" >&2
fi
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
# layer), slice it with PrusaSlicer and check the G-code, and that our
# print-cost estimate is within 20 % of PrusaSlicer's (tools/costcheck.py).
stations() {
  if [ "$1" = bridge ]; then echo; else echo --sweep 0.10:0.50:0.05; fi
}
slice() {
  local name=$1 coupon=$2 h=$3
  # shellcheck disable=SC2046
  "$bin" make "$coupon" $(stations "$coupon") --layer-height "$h" \
    --first-layer-height 0.2 -o "$out/$name.stl" --json > "$out/$name.json"
  prusa-slicer --export-gcode --layer-height "$h" --first-layer-height 0.2 \
    --output "$out/$name.gcode" "$out/$name.stl" > /dev/null
  echo "== $coupon at $h mm layers (PrusaSlicer defaults: Arachne, slice_closing_radius 0.049)"
  local mode=()
  if [ "$coupon" = slots ]; then mode=(--slits); fi
  python3 tools/slicecheck.py "$out/$name.gcode" "$out/$name.json" "${mode[@]}" || status=1
  python3 tools/costcheck.py "$out/$name.gcode" "$out/$name.json" || status=1
}
# slice3mf COUPON: make the coupon as 3MF at 0.16 mm layers and a 0.24 mm
# first layer (not PrusaSlicer's 0.3 / 0.35 defaults, so a dropped setting
# shows), slice it with no layer options, and check the file, PrusaSlicer's
# --info report, the G-code's layer heights and the islands.
slice3mf() {
  local coupon=$1
  # shellcheck disable=SC2046
  "$bin" make "$coupon" $(stations "$coupon") --layer-height 0.16 \
    --first-layer-height 0.24 -o "$out/$coupon.3mf" --json > "$out/$coupon.json"
  prusa-slicer --info "$out/$coupon.3mf" > "$out/$coupon.info" 2>&1
  prusa-slicer --export-gcode --output "$out/$coupon.gcode" "$out/$coupon.3mf" > /dev/null
  echo "== $coupon.3mf (layer heights from the file: 0.16 mm, first 0.24 mm)"
  python3 tools/check3mf.py "$out/$coupon.3mf" "$out/$coupon.json" "$out/$coupon.info" \
    "$out/$coupon.gcode" || status=1
  local mode=()
  if [ "$coupon" = slots ]; then mode=(--slits); fi
  python3 tools/slicecheck.py "$out/$coupon.gcode" "$out/$coupon.json" "${mode[@]}" || status=1
  python3 tools/costcheck.py "$out/$coupon.gcode" "$out/$coupon.json" || status=1
}
for coupon in "${@:-pin}"; do
  if $threemf; then
    slice3mf "$coupon"
  else
    slice "$coupon" "$coupon" 0.2
    case "$coupon" in
      hinge | ball | bridge | chain) slice "$coupon-coarse" "$coupon" 0.28 ;;
    esac
  fi
done
exit $status
