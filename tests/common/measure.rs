//! Measurements on finished meshes shared by the geometry tests: genus,
//! slit widths along a line, and the gap each station tests.

use gapgauge::coupon::{ClearanceMeaning, Coupon, Station};
use gapgauge::geom::Mesh;
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;

/// V - E + F of a closed triangle mesh (E = 3F/2), counting only the
/// vertices a triangle uses.
pub fn euler(m: &Mesh) -> i64 {
    let mut used = vec![false; m.vertices.len()];
    for t in &m.triangles {
        for &v in t {
            used[v as usize] = true;
        }
    }
    let v = used.iter().filter(|&&u| u).count() as i64;
    let f = m.triangles.len() as i64;
    v - f * 3 / 2 + f
}

/// Genus of a closed one-shell mesh: V - E + F = 2 - 2g.
pub fn genus(m: &Mesh) -> i64 {
    (2 - euler(m)) / 2
}

/// X positions where the line {y = y0, z = z0} crosses a face of `m` that
/// faces along X (the only faces such a line can pierce transversally).
pub fn x_crossings(m: &Mesh, y0: f64, z0: f64) -> Vec<f64> {
    let mut xs = Vec::new();
    for t in 0..m.triangle_count() {
        let n = m.area_normal(t);
        if n.x.abs() < 1e-9 * n.norm() {
            continue;
        }
        let [a, b, c] = m.corners(t);
        // Barycentric coordinates of (y0, z0) in the triangle's YZ shadow.
        let d = (b.y - a.y) * (c.z - a.z) - (c.y - a.y) * (b.z - a.z);
        let u = ((y0 - a.y) * (c.z - a.z) - (c.y - a.y) * (z0 - a.z)) / d;
        let v = ((b.y - a.y) * (z0 - a.z) - (y0 - a.y) * (b.z - a.z)) / d;
        if u >= -1e-12 && v >= -1e-12 && u + v <= 1.0 + 1e-12 {
            xs.push(a.x + u * (b.x - a.x) + v * (c.x - a.x));
        }
    }
    xs.sort_by(f64::total_cmp);
    xs
}

/// Width of the air gap around `x` on the line {y, z}, measured between the
/// nearest wall crossings on either side; `None` when `x` is inside material
/// (an odd number of walls lies to its left).
pub fn gap_at(m: &Mesh, x: f64, y: f64, z: f64) -> Option<f64> {
    let xs = x_crossings(m, y, z);
    let mut left: Vec<f64> = xs.iter().copied().filter(|&v| v < x).collect();
    left.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    if left.len() % 2 == 1 {
        return None;
    }
    let lo = *left.last()?;
    let hi = xs.iter().copied().find(|&v| v > x)?;
    Some(hi - lo)
}

/// The gap station `s` tests, measured on the mesh: for a station with a
/// moving part, the exact minimum distance from that part to the carrier
/// (part 0); for a slit inside the carrier (no moving part), the slit's
/// width across X through the station's centre, a little above its floor
/// and off every vertex. `None` when nothing is found within 5 mm or the
/// line meets material. A vertical clearance (the bridge-gap sweep) is the
/// air straight above the moving part ([`gap_above`]).
pub fn station_gap(c: &Coupon, s: &Station) -> Option<f64> {
    let carrier = &c.parts[0].mesh;
    if c.clearance_meaning() == ClearanceMeaning::Vertical {
        return gap_above(c, s);
    }
    match s.part {
        Some(i) => {
            let mover = Bvh::build(&c.parts[i].mesh);
            min_distance_bvh(&mover, &Bvh::build(carrier), 5.0).map(|d| d.distance)
        }
        None => {
            let [x, y, floor] = s.position;
            let top = carrier.bbox().max.z;
            gap_at(carrier, x, y + 0.0131, floor + (top - floor) * 0.37)
        }
    }
}

/// Z positions where the vertical line {x = x0, y = y0} crosses a face of
/// `m` that faces up or down.
pub fn z_crossings(m: &Mesh, x0: f64, y0: f64) -> Vec<f64> {
    let mut zs = Vec::new();
    for t in 0..m.triangle_count() {
        let n = m.area_normal(t);
        if n.z.abs() < 1e-9 * n.norm() {
            continue;
        }
        let [a, b, c] = m.corners(t);
        let d = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
        let u = ((x0 - a.x) * (c.y - a.y) - (c.x - a.x) * (y0 - a.y)) / d;
        let v = ((b.x - a.x) * (y0 - a.y) - (x0 - a.x) * (b.y - a.y)) / d;
        if u >= -1e-12 && v >= -1e-12 && u + v <= 1.0 + 1e-12 {
            zs.push(a.z + u * (b.z - a.z) + v * (c.z - a.z));
        }
    }
    zs.sort_by(f64::total_cmp);
    zs
}

/// The vertical air gap of station `s`: from the top of its moving part
/// up to the carrier, on the vertical line at the station's x through the
/// middle of the carrier's depth (a little off every vertex).
pub fn gap_above(c: &Coupon, s: &Station) -> Option<f64> {
    let mover = &c.parts[s.part?].mesh;
    let carrier = &c.parts[0].mesh;
    let bb = carrier.bbox();
    let (x, y) = (s.position[0] + 0.0131, (bb.min.y + bb.max.y) / 2.0 + 0.0173);
    let top = *z_crossings(mover, x, y).last()?;
    let roof = z_crossings(carrier, x, y).into_iter().find(|&z| z > top)?;
    Some(roof - top)
}
