#!/usr/bin/env python3
"""Compare gapgauge's print-cost estimate with PrusaSlicer's for one coupon.

Reads a PrusaSlicer G-code file and the `gapgauge make ... --json` summary
of the same coupon. PrusaSlicer's time is its "estimated printing time
(normal mode)"; its grams are its filament volume ("filament used [cm3]")
times the density our estimate used, so a slice made without
--filament-density (which reports 0 g) still compares.

Usage: costcheck.py GCODE SUMMARY.json [--limit PCT]   (default 20)
Exit 1 when the minutes or grams are off by more than PCT percent, or the
summary has no print_cost.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from printcost import slicer_figures  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gcode")
    ap.add_argument("summary")
    ap.add_argument("--limit", type=float, default=20.0)
    a = ap.parse_args()
    with open(a.summary) as f:
        ours = json.load(f).get("print_cost")
    if not ours:
        print(f"print cost: {a.summary} has no print_cost", file=sys.stderr)
        return 1
    seconds, _, cm3 = slicer_figures(a.gcode)
    theirs = {"minutes": seconds / 60.0, "grams": cm3 * ours["density_g_cm3"]}
    ok = True
    for key in ("minutes", "grams"):
        off = 100.0 * (ours[key] / theirs[key] - 1.0)
        bad = abs(off) > a.limit
        ok &= not bad
        print(f"print cost {key}: ours {ours[key]:.1f}, PrusaSlicer {theirs[key]:.1f} "
              f"({off:+.0f} %, limit ±{a.limit:g} %){'  TOO FAR' if bad else ''}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
