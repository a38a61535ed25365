#!/usr/bin/env python3
"""Print cost of gapgauge's coupons: PrusaSlicer's estimate beside ours.

For every coupon and print profile, build the coupon with `gapgauge make`
(its default, planned sweep, and sub-sweeps of 1 and 4 stations taken from
the middle of it), slice it with PrusaSlicer at its defaults except the
nozzle and layer heights, and read PrusaSlicer's estimate from the G-code's
closing comments ("estimated printing time (normal mode)", "filament used
[g]"). Where `make --json` carries our own estimate (`print_cost`), it is
printed beside PrusaSlicer's with the ratio ours / PrusaSlicer's.

Profiles (nozzle/layer, first layer): 0.4/0.2 first 0.2 (printer preset
generic-0.4) and 0.6/0.3 first 0.3 (generic-0.6). The filament is PLA at
1.24 g/cm3 (PrusaSlicer's default density is 0, which reports 0 g).

--record DIR writes the figures as tab-separated tables, one file per
coupon (DIR/COUPON.tsv), with the exact `make` arguments of every row, so a
test can rebuild each coupon and compare our estimate with PrusaSlicer's
(tests/print_cost.rs). One file per coupon lets a change to one coupon
re-record only its own figures.
--check PCT exits 1 when any row's estimate (minutes or grams) is off
PrusaSlicer's by more than PCT percent, or is missing.

Usage: printcost.py GAPGAUGE [--record DIR] [--check PCT] [--stations LIST]
                    [--profiles LIST] [--gcode-dir DIR] [COUPON ...]
  COUPON      default: pin hinge plugs slots
  --stations  station counts besides the default sweep, at 0.4/0.2 only
              (default "1,4"; "" for none)
  --profiles  0.4 and/or 0.6 (default "0.4,0.6")
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

PLA_DENSITY = 1.24
PROFILES = {
    "0.4": {"printer": "generic-0.4", "nozzle": 0.4, "layer": 0.2, "first": 0.2},
    "0.6": {"printer": "generic-0.6", "nozzle": 0.6, "layer": 0.3, "first": 0.3},
}


def parse_duration(text):
    """Seconds in a PrusaSlicer duration such as '1h 29m 38s' or '1d 2h 3m 4s'."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    found = re.findall(r"(\d+)([dhms])", text)
    if not found:
        raise ValueError(f"no duration in {text!r}")
    return sum(int(n) * units[u] for n, u in found)


def slicer_figures(gcode):
    """PrusaSlicer's estimated seconds and grams from a G-code file's comments."""
    seconds = grams = cm3 = None
    with open(gcode) as f:
        for line in f:
            if line.startswith("; estimated printing time (normal mode)"):
                seconds = parse_duration(line.split("=", 1)[1])
            elif line.startswith("; total filament used [g]"):
                grams = float(line.split("=", 1)[1])
            elif line.startswith("; filament used [cm3]"):
                cm3 = float(line.split("=", 1)[1])
    if seconds is None or grams is None:
        raise RuntimeError(f"{gcode}: no time or filament estimate in the G-code")
    return seconds, grams, cm3


def make(gapgauge, coupon, args, stl):
    """Run `gapgauge make` and return its JSON summary."""
    cmd = [gapgauge, "make", coupon, *args, "-o", stl, "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{run.stderr}")
    return json.loads(run.stdout)


def slice_stl(stl, gcode, prof):
    cmd = ["prusa-slicer", "--export-gcode",
           "--nozzle-diameter", str(prof["nozzle"]),
           "--layer-height", str(prof["layer"]),
           "--first-layer-height", str(prof["first"]),
           "--filament-density", str(PLA_DENSITY),
           "--output", gcode, stl]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.exists(gcode):
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")


def middle(values, n):
    """The n values in the middle of a list."""
    start = max(0, (len(values) - n) // 2)
    return values[start:start + n]


def fmt_clearances(values):
    return ",".join(f"{v:g}" for v in values)


def rows_for(gapgauge, coupon, prof_key, counts, work):
    """Measure one coupon at one profile: the default sweep, then `counts`."""
    prof = PROFILES[prof_key]
    base = ["--printer", prof["printer"]]
    default = make(gapgauge, coupon, base, os.path.join(work, "probe.stl"))
    sweep = [s["clearance_mm"] for s in default["stations"]]
    wanted = [len(sweep)] + [n for n in counts if n < len(sweep)]
    out = []
    for n in wanted:
        args = base + ["--clearances", fmt_clearances(middle(sweep, n))]
        name = f"{coupon}-{prof_key}-{n}"
        stl, gcode = os.path.join(work, name + ".stl"), os.path.join(work, name + ".gcode")
        summary = make(gapgauge, coupon, args, stl)
        slice_stl(stl, gcode, prof)
        seconds, grams, cm3 = slicer_figures(gcode)
        ours = summary.get("print_cost")
        out.append({
            "coupon": coupon, "profile": prof, "stations": n, "args": args,
            "default": n == len(sweep), "slicer_s": seconds, "slicer_g": grams,
            "slicer_cm3": cm3, "ours": ours,
        })
        print(line(out[-1]), flush=True)
    return out


def minutes(seconds):
    return seconds / 60.0


def ratio(a, b):
    return a / b if b else float("nan")


HEADER = (f"{'coupon':<8} {'noz/layer':>9} {'st':>3} {'slicer min':>10} {'slicer g':>8}"
          f" {'ours min':>8} {'ours g':>7} {'min ratio':>9} {'g ratio':>7}")


def line(r):
    p = r["profile"]
    head = (f"{r['coupon']:<8} {p['nozzle']:>4}/{p['layer']:<4} {r['stations']:>3}"
            f" {minutes(r['slicer_s']):>10.1f} {r['slicer_g']:>8.2f}")
    o = r["ours"]
    if not o:
        return head + f" {'-':>8} {'-':>7} {'-':>9} {'-':>7}"
    return head + (f" {o['minutes']:>8.1f} {o['grams']:>7.2f}"
                   f" {ratio(o['minutes'], minutes(r['slicer_s'])):>9.2f}"
                   f" {ratio(o['grams'], r['slicer_g']):>7.2f}")


def totals(rows, coupons):
    """Sum of the default sweeps per profile for a set of coupons."""
    out = {}
    for r in rows:
        if r["default"] and r["coupon"] in coupons:
            key = f"{r['profile']['nozzle']}/{r['profile']['layer']}"
            t = out.setdefault(key, [0.0, 0.0])
            t[0] += r["slicer_s"]
            t[1] += r["slicer_g"]
    return out


def record(folder, rows, argv, coupons):
    """Write DIR/COUPON.tsv for every coupon in rows, each atomically. The
    provenance (slicer version, commit, date) is read once for all files;
    each file's command names its own coupon in place of the ones given."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    version = subprocess.run(["prusa-slicer", "--help"], capture_output=True,
                             text=True).stdout.splitlines()
    version = next((v.split()[0] for v in version if v.startswith("PrusaSlicer")), "PrusaSlicer ?")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(a for a in argv if a not in coupons)
    os.makedirs(folder, exist_ok=True)
    for coupon in dict.fromkeys(r["coupon"] for r in rows):
        header = [
            f"# PrusaSlicer's print-time and filament estimates for gapgauge's {coupon} coupon.",
            f"# Made by: tools/print-cost.sh {command} {coupon}",
            f"# {version}, at its defaults except nozzle and layer heights; PLA, {PLA_DENSITY} g/cm3.",
            f"# Recorded {date} at commit {commit} (uncommitted changes not shown).",
            "# Regenerate after any geometry change, with the command above.",
            "# coupon\tstations\tdefault_sweep\tslicer_seconds\tslicer_grams\tmake_args",
        ]
        mine = [r for r in rows if r["coupon"] == coupon]
        write_table(os.path.join(folder, coupon + ".tsv"), header, mine)


def write_table(path, header, rows):
    lines = list(header)
    for r in rows:
        lines.append("\t".join([r["coupon"], str(r["stations"]), "yes" if r["default"] else "no",
                                str(r["slicer_s"]), f"{r['slicer_g']:.2f}", " ".join(r["args"])]))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def shown_argv(argv):
    """The command line without --gcode-dir DIR (a scratch folder, not part
    of what the figures mean)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--gcode-dir":
            skip = True
        elif not a.startswith("--gcode-dir="):
            out.append(a)
    return out


def check(rows, pct):
    bad = []
    for r in rows:
        o = r["ours"]
        name = f"{r['coupon']} {r['profile']['nozzle']}/{r['profile']['layer']} n={r['stations']}"
        if not o:
            bad.append(f"{name}: make --json has no print_cost")
            continue
        for what, ours, theirs in (("minutes", o["minutes"], minutes(r["slicer_s"])),
                                   ("grams", o["grams"], r["slicer_g"])):
            off = 100.0 * (ours / theirs - 1.0)
            if abs(off) > pct:
                bad.append(f"{name}: {what} {ours:.1f} vs PrusaSlicer {theirs:.1f} "
                           f"({off:+.0f} %, limit ±{pct:g} %)")
    for b in bad:
        print("print-cost: " + b, file=sys.stderr)
    return not bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gapgauge")
    ap.add_argument("coupons", nargs="*", default=["pin", "hinge", "plugs", "slots"])
    ap.add_argument("--record")
    ap.add_argument("--check", type=float)
    ap.add_argument("--stations", default="1,4")
    ap.add_argument("--profiles", default="0.4,0.6")
    ap.add_argument("--gcode-dir")
    ap.add_argument("--argv", default="", help=argparse.SUPPRESS)
    # Intermixed: the binary path comes first, coupon names after the options.
    a = ap.parse_intermixed_args()
    counts = [int(n) for n in a.stations.split(",") if n.strip()]
    profiles = [p for p in a.profiles.split(",") if p]
    for p in profiles:
        if p not in PROFILES:
            sys.exit(f"print-cost: --profiles {p}: must be one of {', '.join(PROFILES)}")
    work = a.gcode_dir or tempfile.mkdtemp(prefix="print-cost.")
    os.makedirs(work, exist_ok=True)
    print(HEADER)
    rows = []
    for coupon in a.coupons:
        for p in profiles:
            rows += rows_for(a.gapgauge, coupon, p, counts if p == "0.4" else [], work)
    batch = [c for c in ("pin", "hinge", "slots") if c in a.coupons]
    for key, (s, g) in totals(rows, batch).items():
        print(f"default batch set ({'+'.join(batch)}) at {key}: "
              f"{minutes(s):.1f} min, {g:.2f} g (PrusaSlicer)")
    if a.record:
        record(a.record, rows, shown_argv(a.argv.split()), set(a.coupons))
        print(f"recorded {len(rows)} rows in {a.record}/")
    if not a.gcode_dir:
        subprocess.run(["rm", "-rf", work])
    if a.check is not None and not check(rows, a.check):
        sys.exit(1)


if __name__ == "__main__":
    main()
