//! Cutting a triangle mesh by horizontal planes into closed loops.
//!
//! Each triangle that spans a plane contributes one segment, from the point
//! on the edge where its boundary goes down through the plane to the point
//! on the edge where it comes back up. With triangles wound
//! counter-clockwise seen from outside, that direction keeps the solid on
//! the left, so outer loops run counter-clockwise and holes clockwise seen
//! from above. Segments are chained through the mesh edge they share, not
//! by comparing coordinates, so a closed mesh always gives closed loops.
//!
//! A vertex exactly on a plane counts as above it (the usual
//! symbolic perturbation): every triangle then crosses a plane in zero or
//! two edges, never in a vertex.

use crate::geom::{Mesh, Point2};
use rustc_hash::FxHashMap;

/// A mesh edge as its two vertex ids, smaller first.
type EdgeKey = (u32, u32);

/// Loops of one mesh at one height, and how many chains did not close (a
/// mesh with holes in it; 0 for a closed mesh).
#[derive(Debug, Clone, Default)]
pub(crate) struct Loops {
    pub loops: Vec<Vec<Point2>>,
    pub open_chains: usize,
}

/// Vertex ids with exact duplicates merged: an STL repeats each corner per
/// triangle, and chaining needs shared ids.
fn welded_ids(mesh: &Mesh) -> Vec<u32> {
    let mut seen: FxHashMap<[u64; 3], u32> = FxHashMap::default();
    mesh.vertices
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let key = [
                (p.x + 0.0).to_bits(),
                (p.y + 0.0).to_bits(),
                (p.z + 0.0).to_bits(),
            ];
            *seen.entry(key).or_insert(i as u32)
        })
        .collect()
}

/// The loops of `mesh` at each height in `cuts` (which must be sorted
/// ascending), as closed polylines without the repeated first point.
///
/// One pass: triangles are sorted by their lowest corner and kept in an
/// active list while the planes rise through them, so the cost is the
/// triangles plus the crossings, not triangles times planes.
pub fn section_loops(mesh: &Mesh, cuts: &[f64]) -> Vec<Vec<Vec<Point2>>> {
    section(mesh, cuts).into_iter().map(|l| l.loops).collect()
}

/// [`section_loops`] with the count of chains that did not close.
pub(crate) fn section(mesh: &Mesh, cuts: &[f64]) -> Vec<Loops> {
    debug_assert!(cuts.windows(2).all(|w| w[0] <= w[1]), "cuts must be sorted");
    let ids = welded_ids(mesh);
    let z = |i: u32| mesh.vertices[i as usize].z;
    let mut order: Vec<(f64, f64, u32)> = mesh
        .triangles
        .iter()
        .enumerate()
        .map(|(t, tri)| {
            let zs = tri.map(z);
            (
                zs[0].min(zs[1]).min(zs[2]),
                zs[0].max(zs[1]).max(zs[2]),
                t as u32,
            )
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut next = 0;
    let mut active: Vec<(f64, u32)> = Vec::new();
    let mut out = Vec::with_capacity(cuts.len());
    for &h in cuts {
        while next < order.len() && order[next].0 < h {
            active.push((order[next].1, order[next].2));
            next += 1;
        }
        active.retain(|&(zmax, _)| zmax >= h);
        let mut segments: FxHashMap<EdgeKey, (EdgeKey, Point2)> = FxHashMap::default();
        for &(_, t) in &active {
            let tri = mesh.triangles[t as usize].map(|v| ids[v as usize]);
            if let Some((from, to, p)) = crossing(mesh, tri, h) {
                segments.insert(from, (to, p));
            }
        }
        out.push(chain(segments));
    }
    out
}

/// The segment triangle `tri` cuts from the plane at `h`: the edge it
/// starts on (boundary going down), the edge it ends on (going up) and its
/// start point.
fn crossing(mesh: &Mesh, tri: [u32; 3], h: f64) -> Option<(EdgeKey, EdgeKey, Point2)> {
    let p = |i: u32| mesh.vertices[i as usize];
    let below = tri.map(|v| p(v).z < h);
    let mut down = None;
    let mut up = None;
    for k in 0..3 {
        let (a, b) = (tri[k], tri[(k + 1) % 3]);
        match (below[k], below[(k + 1) % 3]) {
            (false, true) => down = Some((a, b)),
            (true, false) => up = Some((a, b)),
            _ => {}
        }
    }
    let (down, up) = (down?, up?);
    let key = |(a, b): (u32, u32)| if a < b { (a, b) } else { (b, a) };
    // Interpolate from the smaller id so both triangles on an edge agree.
    let (a, b) = key(down);
    let (pa, pb) = (p(a), p(b));
    let t = (h - pa.z) / (pb.z - pa.z);
    let at = Point2::new(pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y));
    Some((key(down), key(up), at))
}

/// Join segments into loops by following each end edge to the segment that
/// starts there.
fn chain(mut segments: FxHashMap<EdgeKey, (EdgeKey, Point2)>) -> Loops {
    let mut out = Loops::default();
    let mut starts: Vec<EdgeKey> = segments.keys().copied().collect();
    starts.sort_unstable(); // deterministic loop order
    for s in starts {
        let Some((mut to, p)) = segments.remove(&s) else {
            continue;
        };
        let mut pts = vec![p];
        loop {
            if to == s {
                out.loops.push(pts);
                break;
            }
            match segments.remove(&to) {
                Some((n, q)) => {
                    pts.push(q);
                    to = n;
                }
                None => {
                    out.open_chains += 1;
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures;

    fn signed_area(l: &[Point2]) -> f64 {
        (0..l.len())
            .map(|i| {
                let (a, b) = (l[i], l[(i + 1) % l.len()]);
                a.x * b.y - b.x * a.y
            })
            .sum::<f64>()
            / 2.0
    }

    #[test]
    fn box_section_is_one_counter_clockwise_square() {
        let m = fixtures::tessellated_box(
            crate::geom::Point::new(0.0, 0.0, 0.0),
            crate::geom::Point::new(2.0, 3.0, 1.0),
            3,
        );
        let s = section(&m, &[0.5, 1.5]);
        assert_eq!(s[0].open_chains, 0);
        assert_eq!(s[0].loops.len(), 1);
        assert!((signed_area(&s[0].loops[0]) - 6.0).abs() < 1e-9);
        assert!(s[1].loops.is_empty());
    }

    #[test]
    fn plane_through_vertices_still_closes() {
        let m = fixtures::tessellated_box(
            crate::geom::Point::new(0.0, 0.0, 0.0),
            crate::geom::Point::new(1.0, 1.0, 1.0),
            4,
        );
        // 0.25 and 0.5 lie on tessellation rows.
        for l in section(&m, &[0.0, 0.25, 0.5, 1.0]) {
            assert_eq!(l.open_chains, 0);
        }
        let s = section(&m, &[0.5]);
        assert!((signed_area(&s[0].loops[0]) - 1.0).abs() < 1e-9);
    }
}
