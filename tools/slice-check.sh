#!/usr/bin/env bash
# Slice gapgauge's coupons with a real slicer and check that every moving
# part stays a separate island in every layer (tools/slicecheck.py); for the
# one-part slot comb, that every slit stays a gap in every layer (--slits).
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
for coupon in "${@:-pin}"; do
  mode=()
  [ "$coupon" = slots ] && mode=(--slits)
  if $threemf; then
    # Not PrusaSlicer's defaults (0.3 / 0.35), so a dropped setting shows.
    "$bin" make "$coupon" --sweep 0.10:0.50:0.05 --layer-height 0.16 \
      --first-layer-height 0.24 -o "$out/$coupon.3mf" --json > "$out/$coupon.json"
    prusa-slicer --info "$out/$coupon.3mf" > "$out/$coupon.info" 2>&1
    prusa-slicer --export-gcode --output "$out/$coupon.gcode" "$out/$coupon.3mf" > /dev/null
    echo "== $coupon.3mf (layer heights from the file: 0.16 mm, first 0.24 mm)"
    python3 tools/check3mf.py "$out/$coupon.3mf" "$out/$coupon.json" "$out/$coupon.info" \
      "$out/$coupon.gcode" || status=1
  else
    "$bin" make "$coupon" --sweep 0.10:0.50:0.05 --layer-height 0.2 \
      -o "$out/$coupon.stl" --json > "$out/$coupon.json"
    prusa-slicer --export-gcode --layer-height 0.2 --first-layer-height 0.2 \
      --output "$out/$coupon.gcode" "$out/$coupon.stl" > /dev/null
    echo "== $coupon (PrusaSlicer defaults: Arachne, slice_closing_radius 0.049, 0.2 mm layers)"
  fi
  python3 tools/slicecheck.py "$out/$coupon.gcode" "$out/$coupon.json" "${mode[@]}" || status=1
done
exit $status
