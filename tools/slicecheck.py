#!/usr/bin/env python3
"""Slice-and-measure check: do the parts of a coupon stay apart in G-code?

Reads a PrusaSlicer G-code file and a `gapgauge make ... --json` summary.
For every layer, extrusion moves are grouped into printed islands: two moves
belong to one island when their beads touch (centre-line distance below the
mean of their widths). For each station with a moving part, the island under
the station centre (the pin, peg or tab) must not be the island of the
carrier, and the script reports the smallest edge-to-edge toolpath gap
between the moving part's island and any other island, per station.

With --slits (the one-part slot comb, whose stations are air slits, not
islands): for every layer printed above the floor (the station's z), the
slit must show as a gap: no extrusion may cross the slit's centre line
x = station x between the teeth (|y - station y| <= --slit-half-depth,
default 3.5, which keeps clear of the perimeters along the ends), and the
script reports the smallest toolpath gap (nearest bead edges either side).
Slits below 0.10 mm are reported but are controls (docs/design-rules.md R2).

Z fusion (every coupon with moving parts): a part's extrusion laid on
another part's extrusion of the layer below welds them even when every
layer keeps them apart. Per station, the islands lying inside the moving
part's bounding box (widened by a line width) are that part; islands that
reach outside it are the carrier. Between consecutive layers, a bead of one
that overlaps a bead of the other below it (centre lines closer than the
mean of their widths, less --fuse-tol, default 0.005 mm: a slicer lays a
bead on the layer below wherever it overlaps, and 0.012 mm was enough to
weld the old hinge at 0.16 mm layers) is a weld. A bead reaches down by
its own height (`;HEIGHT:`), not the layer's: PrusaSlicer's thick bridges
are strands one nozzle tall hanging from the layer top, so a bridge over
one 0.2 mm layer of air rests on the part under it; such a bead is checked
against every layer whose top it reaches. Stations below 0.10 mm, or
marked `control` in the summary (a bridge gap a thick bridge reaches), are
reported but are controls.

Carrier probes: a station whose summary gives a `carrier_probe` (a point on
the carrier inside the moving part's bounding box, such as a chain link's
foot in its ring's window) has the island nearest that point taken as the
carrier's in every layer: the moving part's island must not be it (else
MERGED, which the bounding box alone cannot see there), its beads count as
the carrier's for Z fusion, and the probe must find the carrier in at least
one layer (the `probe` column counts the layers it did).

Usage: slicecheck.py GCODE SUMMARY.json [--min-layer-z Z] [--fuse-tol T] [--slits [--slit-half-depth D]]
Exit 1 when a station's moving part merges with another island in any
layer, or is welded to another part across two layers (0.10 mm and up),
or (--slits) when a slit of 0.10 mm or more is closed in any layer.
"""
import json
import math
import re
import sys
from collections import defaultdict

def parse(path):
    layers = defaultdict(list)  # z -> [(x0, y0, x1, y1, width, height)]
    z = 0.0
    x = y = 0.0
    e_abs = 0.0
    width = 0.45
    height = 0.2
    for line in open(path):
        if line.startswith(";Z:"):
            z = round(float(line[3:]), 4)
            continue
        if line.startswith(";WIDTH:"):
            width = float(line[7:])
            continue
        if line.startswith(";HEIGHT:"):
            height = float(line[8:])
            continue
        if not line.startswith("G1") and not line.startswith("G0"):
            if line.startswith("G92"):
                m = re.search(r"E(-?[\d.]+)", line)
                if m:
                    e_abs = float(m.group(1))
            continue
        code = line.split(";")[0]
        nx, ny, ne = x, y, None
        for tok in code.split()[1:]:
            if tok[0] == "X":
                nx = float(tok[1:])
            elif tok[0] == "Y":
                ny = float(tok[1:])
            elif tok[0] == "E":
                ne = float(tok[1:])
        if ne is not None and ne > e_abs + 1e-9 and (nx != x or ny != y):
            layers[z].append((x, y, nx, ny, width, height))
        if ne is not None:
            e_abs = ne
        x, y = nx, ny
    return layers

def seg_dist(a, b):
    """Distance between two 2D segments."""
    ax0, ay0, ax1, ay1 = a[:4]
    bx0, by0, bx1, by1 = b[:4]
    def pt_seg(px, py, x0, y0, x1, y1):
        dx, dy = x1 - x0, y1 - y0
        l2 = dx * dx + dy * dy
        t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / l2))
        return math.hypot(px - x0 - t * dx, py - y0 - t * dy)
    def cross(o, p, q):
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])
    p1, p2, q1, q2 = (ax0, ay0), (ax1, ay1), (bx0, by0), (bx1, by1)
    d1, d2, d3, d4 = cross(q1, q2, p1), cross(q1, q2, p2), cross(p1, p2, q1), cross(p1, p2, q2)
    if ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)):
        return 0.0
    return min(pt_seg(ax0, ay0, *b[:4]), pt_seg(ax1, ay1, *b[:4]),
               pt_seg(bx0, by0, *a[:4]), pt_seg(bx1, by1, *a[:4]))

def islands(segs, cell=1.0):
    parent = list(range(len(segs)))
    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    grid = defaultdict(list)
    for i, s in enumerate(segs):
        x0, x1 = sorted((s[0], s[2])); y0, y1 = sorted((s[1], s[3]))
        for gx in range(int(math.floor(x0 / cell)), int(math.floor(x1 / cell)) + 1):
            for gy in range(int(math.floor(y0 / cell)), int(math.floor(y1 / cell)) + 1):
                grid[(gx, gy)].append(i)
    for i, s in enumerate(segs):
        x0, x1 = sorted((s[0], s[2])); y0, y1 = sorted((s[1], s[3]))
        near = set()
        for gx in range(int(math.floor(x0 / cell)) - 1, int(math.floor(x1 / cell)) + 2):
            for gy in range(int(math.floor(y0 / cell)) - 1, int(math.floor(y1 / cell)) + 2):
                near.update(grid.get((gx, gy), ()))
        for j in near:
            if j <= i:
                continue
            t = segs[j]
            if find(i) == find(j):
                continue
            if seg_dist(s, t) < (s[4] + t[4]) / 2.0 - 1e-6:
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(segs))]

def clip_x(seg, y0, y1):
    """X extent of the part of a segment with y0 <= y <= y1, or None."""
    ax, ay, bx, by = seg[:4]
    if ay == by:
        return (min(ax, bx), max(ax, bx)) if y0 <= ay <= y1 else None
    t0, t1 = (y0 - ay) / (by - ay), (y1 - ay) / (by - ay)
    lo, hi = max(0.0, min(t0, t1)), min(1.0, max(t0, t1))
    if lo > hi:
        return None
    xa, xb = ax + lo * (bx - ax), ax + hi * (bx - ax)
    return (min(xa, xb), max(xa, xb))

def slits(layers, info, ox, oy, half):
    """Check every slit of a slot comb; return True when all real ones stay open."""
    top = info["bbox_mm"]["max"][2]
    ok = True
    print(f"{'slit':>4} {'width':>7} {'layers':>6} {'closed':>6} {'min toolpath gap':>16}  result")
    for s in info["stations"]:
        cx, cy, floor = s["position"][0] + ox, s["position"][1] + oy, s["position"][2]
        checked = closed = 0
        worst = math.inf
        for z, segs in sorted(layers.items()):
            if z <= floor + 1e-6 or z > top + 1e-6 or not segs:
                continue
            checked += 1
            left, right, crossed = -math.inf, math.inf, False
            for seg in segs:
                ext = clip_x(seg, cy - half, cy + half)
                if ext is None:
                    continue
                xmin, xmax = ext
                if xmin < cx < xmax:
                    crossed = True
                    break
                if xmax <= cx:
                    left = max(left, xmax + seg[4] / 2.0)
                else:
                    right = min(right, xmin - seg[4] / 2.0)
            gap = 0.0 if crossed else right - left
            if crossed or gap <= 0.0:
                closed += 1
            worst = min(worst, gap)
        real = s["clearance_mm"] >= 0.1 - 1e-9
        if checked == 0:
            res = "NO LAYERS"
        elif closed == 0:
            res = "open"
        else:
            res = "CLOSED" if real else "closed (control < 0.10)"
        ok &= checked > 0 and (closed == 0 or not real)
        print(f"{s['index'] + 1:>4} {s['clearance_mm']:>7.3f} {checked:>6} {closed:>6} {worst:>16.3f}  {res}")
    return ok

def escapes(own, s, info, ox, oy, cx, cy):
    """True when the moving part's island reaches beyond that part: outside
    its bounding box (from the summary's parts, widened by one line width)
    or, for summaries without part boxes, more than 7 mm from the station
    centre (a pin-sized part). A tab is longer than 7 mm, so the box is what
    tells a merged island from a large separate one."""
    parts = info.get("parts", [])
    part = parts[s["part"]] if s["part"] < len(parts) else {}
    box = part.get("bbox_mm")
    if box is None:
        return any(math.hypot((a[0] + a[2]) / 2 - cx, (a[1] + a[3]) / 2 - cy) > 7.0 for a in own)
    lo_x, lo_y = box["min"][0] + ox - 0.45, box["min"][1] + oy - 0.45
    hi_x, hi_y = box["max"][0] + ox + 0.45, box["max"][1] + oy + 0.45
    return any(not (lo_x <= x <= hi_x and lo_y <= y <= hi_y)
               for a in own for (x, y) in ((a[0], a[1]), (a[2], a[3])))

def part_box(s, info, ox, oy, pad=0.45):
    """The moving part's bounding box on the bed, widened by `pad`, or None."""
    parts = info.get("parts", [])
    part = parts[s["part"]] if s["part"] < len(parts) else {}
    box = part.get("bbox_mm")
    if box is None:
        return None
    return (box["min"][0] + ox - pad, box["min"][1] + oy - pad,
            box["max"][0] + ox + pad, box["max"][1] + oy + pad)

def inside(seg, box):
    return all(box[0] <= x <= box[2] and box[1] <= y <= box[3]
               for (x, y) in ((seg[0], seg[1]), (seg[2], seg[3])))

def touches(seg, box):
    return not (max(seg[0], seg[2]) < box[0] or min(seg[0], seg[2]) > box[2]
                or max(seg[1], seg[3]) < box[1] or min(seg[1], seg[3]) > box[3])

def island_at(segs, ids, point, reach=1.5):
    """The island of the move nearest `point` (x, y), or None when no move
    comes within `reach` mm of it."""
    if point is None or not segs:
        return None
    px, py = point
    best = min(range(len(segs)), key=lambda i: seg_dist((px, py, px, py), segs[i]))
    return ids[best] if seg_dist((px, py, px, py), segs[best]) <= reach else None

def probe_point(s, ox, oy):
    """The station's carrier probe on the bed (x, y), or None."""
    p = s.get("carrier_probe")
    return None if p is None else (p[0] + ox, p[1] + oy)

def split_by_part(segs, ids, box, probe=None):
    """(part beads, other beads near the box): an island wholly inside the
    part's box is the part; one reaching outside it, or the island at the
    carrier probe, is another part."""
    out_islands = {ids[i] for i, s in enumerate(segs) if not inside(s, box)}
    at_probe = island_at(segs, ids, probe)
    if at_probe is not None:
        out_islands.add(at_probe)
    part = [s for i, s in enumerate(segs) if ids[i] not in out_islands]
    other = [s for i, s in enumerate(segs) if ids[i] in out_islands and touches(s, box)]
    return part, other

def deepest_overlap(upper, lower, tol, cell=1.0):
    """The largest bead overlap (mean width minus centre distance) of an
    upper bead on a lower one, above `tol`, as (depth, x, y), or None."""
    grid = defaultdict(list)
    for b in lower:
        for gx in range(int(math.floor(min(b[0], b[2]) / cell)), int(math.floor(max(b[0], b[2]) / cell)) + 1):
            for gy in range(int(math.floor(min(b[1], b[3]) / cell)), int(math.floor(max(b[1], b[3]) / cell)) + 1):
                grid[(gx, gy)].append(b)
    best = None
    for a in upper:
        near = set()
        for gx in range(int(math.floor(min(a[0], a[2]) / cell)) - 1, int(math.floor(max(a[0], a[2]) / cell)) + 2):
            for gy in range(int(math.floor(min(a[1], a[3]) / cell)) - 1, int(math.floor(max(a[1], a[3]) / cell)) + 2):
                near.update(grid.get((gx, gy), ()))
        for b in near:
            depth = (a[4] + b[4]) / 2.0 - seg_dist(a, b)
            if depth > tol and (best is None or depth > best[0]):
                best = (depth, (a[0] + a[2]) / 2.0, (a[1] + a[3]) / 2.0)
    return best

def z_fusions(per_layer, stations, info, ox, oy, tol):
    """Per station index: [(z of the upper layer, depth mm)] where the moving
    part and another part rest on each other across two layers."""
    found = defaultdict(list)
    zs = sorted(per_layer)
    for s in stations:
        box = part_box(s, info, ox, oy)
        if box is None:
            continue
        probe = probe_point(s, ox, oy)
        split = {z: split_by_part(*per_layer[z], box, probe) for z in zs}
        for i, hi in enumerate(zs):
            part_hi, other_hi = split[hi]
            # Every lower layer whose top a bead of this layer reaches: the
            # one below, and more under a thick bridge.
            for lo in reversed(zs[:i]):
                def reach(beads):
                    return [b for b in beads if hi - b[5] <= lo + 1e-6]
                up_part, up_other = reach(part_hi), reach(other_hi)
                if lo != zs[i - 1] and not up_part and not up_other:
                    break
                if lo == zs[i - 1]:
                    # The layer below: every bead rests on it.
                    up_part, up_other = part_hi, other_hi
                part_lo, other_lo = split[lo]
                hit = deepest_overlap(up_part, other_lo, tol) or deepest_overlap(up_other, part_lo, tol)
                if hit:
                    found[s["index"]].append((hi, hit[0]))
                    break
    return found

def main():
    gcode, summary = sys.argv[1], sys.argv[2]
    min_z = float(sys.argv[sys.argv.index("--min-layer-z") + 1]) if "--min-layer-z" in sys.argv else 0.0
    info = json.load(open(summary))
    bb = info["bbox_mm"]
    # PrusaSlicer centres the object on its 200 x 200 default bed.
    ox = 100.0 - (bb["min"][0] + bb["max"][0]) / 2.0
    oy = 100.0 - (bb["min"][1] + bb["max"][1]) / 2.0
    layers = parse(gcode)
    if "--slits" in sys.argv:
        half = float(sys.argv[sys.argv.index("--slit-half-depth") + 1]) if "--slit-half-depth" in sys.argv else 3.5
        sys.exit(0 if slits(layers, info, ox, oy, half) else 1)
    stations = [s for s in info["stations"] if s.get("part") is not None]
    fuse_tol = float(sys.argv[sys.argv.index("--fuse-tol") + 1]) if "--fuse-tol" in sys.argv else 0.005
    per_layer = {}
    worst = {s["index"]: math.inf for s in stations}
    merged = defaultdict(list)
    seen = defaultdict(int)
    probed = defaultdict(int)
    for z, segs in sorted(layers.items()):
        if z < min_z or not segs:
            continue
        ids = islands(segs)
        per_layer[z] = (segs, ids)
        for s in stations:
            cx, cy = s["position"][0] + ox, s["position"][1] + oy
            # The island of the move closest to the station centre.
            best = min(range(len(segs)), key=lambda i: seg_dist((cx, cy, cx, cy), segs[i]))
            if seg_dist((cx, cy, cx, cy), segs[best]) > 1.5:
                continue  # the moving part does not reach this layer
            mine = ids[best]
            seen[s["index"]] += 1
            carrier = island_at(segs, ids, probe_point(s, ox, oy))
            if carrier is not None:
                probed[s["index"]] += 1
                if carrier == mine:
                    merged[s["index"]].append(z)
                    continue
            own = [segs[i] for i in range(len(segs)) if ids[i] == mine]
            others = [segs[i] for i in range(len(segs)) if ids[i] != mine
                      and min(abs(segs[i][0] - cx), abs(segs[i][2] - cx)) < 8 and min(abs(segs[i][1] - cy), abs(segs[i][3] - cy)) < 8]
            if escapes(own, s, info, ox, oy, cx, cy):
                merged[s["index"]].append(z)
                continue
            gap = min((seg_dist(a, b) - (a[4] + b[4]) / 2.0 for a in own for b in others), default=math.inf)
            worst[s["index"]] = min(worst[s["index"]], gap)
    fused = z_fusions(per_layer, stations, info, ox, oy, fuse_tol)
    ok = True
    probes = any("carrier_probe" in s for s in stations)
    probe_col = f" {'probe':>5}" if probes else ""
    print(f"{'station':>7} {'clearance':>9} {'layers':>6}{probe_col} {'min toolpath gap':>16}  result")
    for s in stations:
        i = s["index"]
        real = s["clearance_mm"] >= 0.1 - 1e-9 and not s.get("control", False)
        probe_ok = "carrier_probe" not in s or probed[i] > 0
        if merged[i]:
            res = f"MERGED at z={merged[i][:5]}"
        elif fused[i]:
            zs = [f"{z:.2f} ({d:.3f} mm)" for z, d in fused[i][:4]]
            res = f"Z-FUSED on the layer below at z={zs}"
        elif not probe_ok:
            res = "NO CARRIER at the probe"
        else:
            res = "separate"
        if (merged[i] or fused[i]) and not real:
            res += " (control)"
        ok &= (real and not merged[i] and not fused[i] or not real) and seen[i] > 0 and probe_ok
        cols = f" {probed[i]:>5}" if probes else ""
        print(f"{i + 1:>7} {s['clearance_mm']:>9.3f} {seen[i]:>6}{cols} {worst[i]:>16.3f}  {res}")
    sys.exit(0 if ok else 1)

main()
