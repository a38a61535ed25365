#!/usr/bin/env python3
"""Check a gapgauge 3MF the way slicers and validators see it.

Usage: check3mf.py FILE.3mf SUMMARY.json INFO.txt GCODE

- lib3mf (PyPI, the 3MF Consortium's reference library) reads the file in
  strict mode with no warnings, and every mesh object is manifold and
  consistently oriented. When lib3mf is not installed this step says
  SKIPPED on its own line (it is never silently left out).
- `prusa-slicer --info` (INFO.txt): one object, manifold, as many parts as
  the summary lists, and no repair counters (PrusaSlicer prints
  edges_fixed, facets_reversed, ... only when it had to repair).
- The G-code was sliced with no layer flags on the command line, so its
  layer height and first-layer height must be the ones embedded in the
  3MF: the gauge's (the summary's profile), in the header and in the first
  two layer heights (;Z:).
Exit 1 on any failure.
"""
import json
import sys


def lib3mf_check(path):
    try:
        import lib3mf
    except ImportError:
        print("SKIPPED lib3mf validation: the lib3mf package is not installed")
        return True
    wrapper = lib3mf.get_wrapper()
    model = wrapper.CreateModel()
    reader = model.QueryReader("3mf")
    reader.SetStrictModeActive(True)
    try:
        reader.ReadFromFile(path)
    except Exception as e:  # lib3mf raises its own exception type
        print(f"FAIL lib3mf (strict) cannot read {path}: {e}")
        return False
    ok = True
    for i in range(reader.GetWarningCount()):
        print(f"FAIL lib3mf warning: {reader.GetWarning(i)}")
        ok = False
    objects = model.GetMeshObjects()
    count = 0
    while objects.MoveNext():
        o = objects.GetCurrentMeshObject()
        count += 1
        good = o.IsManifoldAndOriented()
        print(f"lib3mf {version(wrapper)}: object {o.GetName()!r}: {o.GetVertexCount()} vertices, "
              f"{o.GetTriangleCount()} triangles, manifold and oriented: {good}")
        ok &= good
    ok &= count > 0
    return ok


def version(wrapper):
    return ".".join(str(v) for v in wrapper.GetLibraryVersion()[:3])


def info_check(info, summary):
    lines = [l.strip() for l in open(info) if not l.startswith("[20")]
    objects = [l for l in lines if l.startswith("[") and l.endswith("]")]
    values = {}
    for l in lines:
        if " = " in l:
            k, v = l.split(" = ", 1)
            values[k.strip()] = v.strip()
    repairs = [k for k in ("degenerate_facets", "edges_fixed", "facets_removed",
                           "facets_reversed", "backwards_edges", "open_edges") if k in values]
    parts = int(values.get("number_of_parts", "0"))
    ok = (len(objects) == 1 and values.get("manifold") == "yes" and not repairs
          and parts == len(summary["parts"]))
    print(f"prusa-slicer --info: {len(objects)} object, manifold = {values.get('manifold')}, "
          f"{parts} parts (summary: {len(summary['parts'])}), repairs: {repairs or 'none'}"
          f"  {'ok' if ok else 'FAIL'}")
    return ok


def gcode_check(gcode, summary):
    want_layer = summary["profile"]["layer_height"]
    want_first = summary["profile"]["first_layer_height"]
    header, zs = {}, []
    for line in open(gcode):
        if line.startswith(";Z:") and len(zs) < 2:
            zs.append(float(line[3:]))
        elif line.startswith("; layer_height = ") or line.startswith("; first_layer_height = "):
            k, v = line[2:].split(" = ")
            header[k] = float(v)
    close = lambda a, b: a is not None and abs(a - b) < 1e-6
    ok = (close(header.get("layer_height"), want_layer)
          and close(header.get("first_layer_height"), want_first)
          and len(zs) == 2 and close(zs[0], want_first) and close(zs[1], want_first + want_layer))
    print(f"G-code: layer_height {header.get('layer_height')} (gauge {want_layer}), "
          f"first_layer_height {header.get('first_layer_height')} (gauge {want_first}), "
          f"first layers at z = {zs}  {'ok' if ok else 'FAIL'}")
    return ok


def main():
    path, summary, info, gcode = sys.argv[1:5]
    summary = json.load(open(summary))
    ok = lib3mf_check(path)
    ok &= info_check(info, summary)
    ok &= gcode_check(gcode, summary)
    sys.exit(0 if ok else 1)


main()
