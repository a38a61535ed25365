#!/usr/bin/env bash
# Print cost of gapgauge's coupons: slice each with PrusaSlicer (its
# defaults, 0.4 nozzle / 0.2 mm layers / 0.2 first layer, and 0.6 / 0.3 /
# 0.3) and print its estimated minutes and grams per coupon and per station
# count, with gapgauge's own estimate (make --json's print_cost) beside it
# and the ratio. Details and options: tools/printcost.py.
#
# Usage: tools/print-cost.sh [--record DIR] [--check PCT] [--stations 1,4]
#                            [--profiles 0.4,0.6] [--gcode-dir DIR] [COUPON ...]
# Re-record the test data (tests/print_cost.rs reads it):
#   tools/print-cost.sh --record tests/fixtures/print-cost [COUPON ...]
# (one file per coupon: re-record only the coupon you changed)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v prusa-slicer >/dev/null; then
  echo "print-cost: installing prusa-slicer from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prusa-slicer >/dev/null
fi
# Ask cargo where it put the binary (honours CARGO_TARGET_DIR).
bin=$(cargo build --release --quiet --bin gapgauge --message-format=json-render-diagnostics |
  python3 -c 'import json, sys
exe = [m["executable"] for m in map(json.loads, sys.stdin)
       if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(exe[-1])')
exec python3 tools/printcost.py "$bin" --argv="$*" "$@"
