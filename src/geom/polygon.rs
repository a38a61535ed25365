//! Triangulation of a simple planar polygon, optionally with one hole.
//!
//! The hinge's knuckle end caps are "profile with a hole" regions whose
//! outline is not convex (the notch where the leaf meets the knuckle), so
//! [`MeshBuilder::annulus`](super::MeshBuilder::annulus) does not apply.
//! Ear clipping is enough here: the polygons have a few hundred vertices at
//! most, and it adds no vertex, so every cap edge stays the exact edge the
//! neighbouring extrusion walls already use (no T-junctions).

use super::math::Point2;

/// Twice the smallest triangle area emitted: above the validator's
/// degenerate-triangle limit, below any real ear of our profiles.
const MIN_AREA2: f64 = 2.5e-8;

/// A vertex this close to an ear's edge (in twice-area units) counts as on
/// it and blocks the ear, so round-off never strands a collinear triple.
const ON_EDGE: f64 = 1e-12;

/// Twice the signed area of triangle `a b c` (> 0 when counter-clockwise).
fn orient(a: Point2, b: Point2, c: Point2) -> f64 {
    (b - a).perp(&(c - a))
}

/// Twice the signed area of a polygon.
pub fn signed_area2(poly: &[Point2]) -> f64 {
    (0..poly.len())
        .map(|i| {
            let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
            p.x * q.y - q.x * p.y
        })
        .sum()
}

/// True when segments `p q` and `r s` cross or touch anywhere other than at
/// a shared end point.
fn segments_meet(p: Point2, q: Point2, r: Point2, s: Point2) -> bool {
    if p == r || p == s || q == r || q == s {
        return false;
    }
    let (d1, d2) = (orient(p, q, r), orient(p, q, s));
    let (d3, d4) = (orient(r, s, p), orient(r, s, q));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    let on = |a: Point2, b: Point2, c: Point2, d: f64| {
        d == 0.0
            && c.x >= a.x.min(b.x)
            && c.x <= a.x.max(b.x)
            && c.y >= a.y.min(b.y)
            && c.y <= a.y.max(b.y)
    };
    on(p, q, r, d1) || on(p, q, s, d2) || on(r, s, p, d3) || on(r, s, q, d4)
}

/// Triangles (as indices) covering the polygon `outer` (counter-clockwise)
/// minus the polygon `hole` (counter-clockwise, strictly inside `outer`).
/// Indices `0..outer.len()` name outline vertices, the rest hole vertices.
/// Every triangle is counter-clockwise.
///
/// The hole is joined to the outline by a bridge from its vertex of largest
/// x to the nearest outline vertex it can see, which turns the region into
/// one weakly simple polygon; ear clipping then removes, at each step, a
/// convex vertex whose triangle holds no other vertex.
pub fn triangulate(outer: &[Point2], hole: &[Point2]) -> Vec<[usize; 3]> {
    let n = outer.len();
    let pts: Vec<Point2> = outer.iter().chain(hole.iter()).copied().collect();
    let mut ring: Vec<usize> = (0..n).collect();
    if !hole.is_empty() {
        let m = hole.len();
        let h = (0..m)
            .max_by(|&a, &b| hole[a].x.total_cmp(&hole[b].x))
            .expect("hole has vertices");
        let hp = hole[h];
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            (outer[a] - hp)
                .norm_squared()
                .total_cmp(&(outer[b] - hp).norm_squared())
        });
        let edges = |poly: &[Point2]| {
            (0..poly.len())
                .map(|i| (poly[i], poly[(i + 1) % poly.len()]))
                .collect::<Vec<_>>()
        };
        let all_edges: Vec<(Point2, Point2)> =
            edges(outer).into_iter().chain(edges(hole)).collect();
        let o = order
            .into_iter()
            .find(|&o| {
                let op = outer[o];
                // The bridge must leave the outline vertex into the region
                // (inside its corner) and cross no edge.
                let prev = outer[(o + n - 1) % n];
                let next = outer[(o + 1) % n];
                let inside_corner = if orient(prev, op, next) >= 0.0 {
                    orient(prev, op, hp) > 0.0 && orient(op, next, hp) > 0.0
                } else {
                    orient(prev, op, hp) > 0.0 || orient(op, next, hp) > 0.0
                };
                inside_corner && all_edges.iter().all(|&(a, b)| !segments_meet(op, hp, a, b))
            })
            .expect("triangulate: the hole sees no outline vertex");
        // outline up to o, the whole hole walked clockwise from h and back to
        // h, then o again and the rest of the outline.
        let mut r = Vec::with_capacity(n + m + 2);
        r.extend(0..=o);
        r.extend((0..=m).map(|k| n + (h + m - k) % m));
        r.extend(o..n);
        ring = r;
    }
    let mut tris = Vec::with_capacity(ring.len());
    let mut guard = 0;
    let mut i = 0;
    while ring.len() > 3 {
        let len = ring.len();
        let (a, b, c) = (
            ring[(i + len - 1) % len],
            ring[i % len],
            ring[(i + 1) % len],
        );
        let (pa, pb, pc) = (pts[a], pts[b], pts[c]);
        // A corner between collinear outline points (a chamfer's end on a
        // flank) is no ear: its triangle would have no area.
        let ear = orient(pa, pb, pc) > MIN_AREA2
            && ring.iter().all(|&k| {
                let p = pts[k];
                // Vertices at a corner's position (the bridge duplicates two)
                // do not block the ear.
                p == pa
                    || p == pb
                    || p == pc
                    || !(orient(pa, pb, p) >= -ON_EDGE
                        && orient(pb, pc, p) >= -ON_EDGE
                        && orient(pc, pa, p) >= -ON_EDGE)
            });
        if ear {
            tris.push([a, b, c]);
            ring.remove(i % len);
            guard = 0;
            i = (i + len - 2) % (len - 1);
        } else {
            i = (i + 1) % len;
            guard += 1;
            assert!(
                guard <= len,
                "triangulate: no ear found (polygon not simple)"
            );
        }
    }
    tris.push([ring[0], ring[1], ring[2]]);
    tris
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::circle::{Fit, polygon};

    fn area(pts: &[Point2], tris: &[[usize; 3]]) -> f64 {
        tris.iter()
            .map(|t| {
                let a = orient(pts[t[0]], pts[t[1]], pts[t[2]]);
                assert!(a > 0.0, "triangle {t:?} is not counter-clockwise");
                a / 2.0
            })
            .sum()
    }

    #[test]
    fn notched_outline_with_round_hole_is_covered_exactly() {
        // An L-shaped outline (non-convex) with a 40-gon hole.
        let outer = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 3.0),
            (4.0, 3.0),
            (4.0, 8.0),
            (0.0, 8.0),
        ]
        .map(|(x, y)| Point2::new(x, y));
        let hole = polygon(Point2::new(2.0, 2.0), 1.0, 40, Fit::Inscribed);
        let tris = triangulate(&outer, &hole);
        let pts: Vec<Point2> = outer.iter().chain(hole.iter()).copied().collect();
        let expect = (signed_area2(&outer) - signed_area2(&hole)) / 2.0;
        assert!((area(&pts, &tris) - expect).abs() < 1e-9);
        assert_eq!(tris.len(), outer.len() + hole.len());
    }

    #[test]
    fn collinear_outline_points_are_kept() {
        let outer = [
            (0.0, 0.0),
            (1.0, 0.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (0.0, 1.0),
        ]
        .map(|(x, y)| Point2::new(x, y));
        let tris = triangulate(&outer, &[]);
        assert!((area(&outer, &tris) - 4.0).abs() < 1e-12);
        assert_eq!(tris.len(), 4);
    }
}
