#!/usr/bin/env python3
"""Time python-fcl's minimum-distance query on a binary STL, for comparison
with `cargo run --release --example bench_distance FILE.stl`.

Usage: tools/fcl-distance.py FILE.stl B_TRIANGLES [RUNS]

Part B is the file's last B_TRIANGLES triangles (bench_distance prints the
number), part A the rest. Each part becomes an fcl BVHModel (OBBRSS, fcl's
default for meshes) built once; the distance query (nearest points on,
exact: rel_err = abs_err = 0) is timed RUNS times (default 5) and the
median printed, wall and CPU (process time). Needs `pip install
python-fcl numpy`; not part of the build or of CI.
"""
import statistics
import sys
import time

import fcl
import numpy as np


def read_binary_stl(path):
    with open(path, "rb") as f:
        data = f.read()
    count = int(np.frombuffer(data, dtype="<u4", count=1, offset=80)[0])
    rec = np.dtype([("n", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    tris = np.frombuffer(data, dtype=rec, count=count, offset=84)["v"]
    return tris.astype(np.float64)


def model(tris):
    verts = tris.reshape(-1, 3)
    idx = np.arange(len(verts), dtype=np.int32).reshape(-1, 3)
    m = fcl.BVHModel()
    m.beginModel(len(verts), len(idx))
    m.addSubModel(verts, idx)
    m.endModel()
    return fcl.CollisionObject(m, fcl.Transform())


def main():
    path, nb = sys.argv[1], int(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    tris = read_binary_stl(path)
    t = time.perf_counter()
    a, b = model(tris[:-nb]), model(tris[-nb:])
    build = time.perf_counter() - t
    wall, cpu, d = [], [], None
    for _ in range(runs):
        req = fcl.DistanceRequest(enable_nearest_points=True)
        res = fcl.DistanceResult()
        t, c = time.perf_counter(), time.process_time()
        d = fcl.distance(a, b, req, res)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(
        f"fcl: A {len(tris) - nb} triangles, B {nb}: distance {d:.12f} mm  "
        f"build {build * 1e3:.1f} ms  query {statistics.median(wall) * 1e3:.1f} ms wall, "
        f"{statistics.median(cpu) * 1e3:.0f} ms cpu  (median of {runs})"
    )


if __name__ == "__main__":
    main()
