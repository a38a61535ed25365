//! Triangulation of a simple planar polygon, optionally with holes.
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

/// Why a polygon could not be triangulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriangulateError {
    /// Hole `k` (in the order given) sees no vertex of the outline it
    /// could be bridged to: it overlaps the outline or another hole.
    HoleNotVisible(usize),
    /// No ear was found: the outline crosses itself or a hole does.
    NotSimple,
}

impl std::fmt::Display for TriangulateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TriangulateError::HoleNotVisible(k) => write!(
                f,
                "hole {k} sees no outline vertex (it touches the outline or another hole)"
            ),
            TriangulateError::NotSimple => {
                write!(f, "no ear found (the outline or a hole crosses itself)")
            }
        }
    }
}

/// Triangles (as indices) covering the polygon `outer` (counter-clockwise)
/// minus the polygon `hole` (counter-clockwise, strictly inside `outer`).
/// Indices `0..outer.len()` name outline vertices, the rest hole vertices.
/// Every triangle is counter-clockwise.
///
/// Panics when the polygon is not simple; see [`triangulate_holes`] for
/// the version that reports it.
pub fn triangulate(outer: &[Point2], hole: &[Point2]) -> Vec<[usize; 3]> {
    let holes: &[&[Point2]] = if hole.is_empty() { &[] } else { &[hole] };
    match triangulate_holes(outer, holes) {
        Ok(tris) => tris,
        Err(TriangulateError::HoleNotVisible(_)) => {
            panic!("triangulate: the hole sees no outline vertex")
        }
        Err(TriangulateError::NotSimple) => {
            panic!("triangulate: no ear found (polygon not simple)")
        }
    }
}

/// Triangles (as indices) covering the polygon `outer` (counter-clockwise)
/// minus any number of `holes` (each counter-clockwise, strictly inside
/// `outer`, apart from each other). Indices count through `outer`, then
/// each hole in order. Every triangle is counter-clockwise, and no vertex
/// is added or dropped: collinear runs of points (a neighbour's points on a
/// shared edge) all stay corners of the triangles, which is what keeps a
/// face free of T-junctions.
///
/// Each hole is joined to the ring built so far by a bridge from its vertex
/// of largest x to the nearest ring vertex it can see (holes taken in
/// order of decreasing largest x, so a bridge never has to pass a hole not
/// yet joined), which turns the region into one weakly simple polygon; ear
/// clipping then removes, at each step, a convex vertex whose triangle
/// holds no other vertex.
pub fn triangulate_holes(
    outer: &[Point2],
    holes: &[&[Point2]],
) -> Result<Vec<[usize; 3]>, TriangulateError> {
    let pts: Vec<Point2> = outer
        .iter()
        .chain(holes.iter().flat_map(|h| h.iter()))
        .copied()
        .collect();
    let mut ring: Vec<usize> = (0..outer.len()).collect();
    let mut starts = Vec::with_capacity(holes.len());
    let mut base = outer.len();
    for h in holes {
        starts.push(base);
        base += h.len();
    }
    let mut order: Vec<usize> = (0..holes.len()).filter(|&k| !holes[k].is_empty()).collect();
    let max_x = |h: &[Point2]| h.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
    order.sort_by(|&a, &b| max_x(holes[b]).total_cmp(&max_x(holes[a])));
    for (done, &k) in order.iter().enumerate() {
        let later: Vec<&[Point2]> = order[done + 1..].iter().map(|&j| holes[j]).collect();
        ring = bridge_hole(&pts, &ring, holes[k], starts[k], &later)
            .ok_or(TriangulateError::HoleNotVisible(k))?;
    }
    clip_ears(&pts, ring)
}

/// The edges of a closed polygon as point pairs.
fn loop_edges(poly: &[Point2]) -> impl Iterator<Item = (Point2, Point2)> + '_ {
    (0..poly.len()).map(move |i| (poly[i], poly[(i + 1) % poly.len()]))
}

/// `ring` (indices into `pts`) with `hole` (whose first point is index
/// `start`) spliced in through a bridge from the hole's vertex of largest x
/// to the nearest ring vertex that sees it; `None` when no vertex does.
/// `later` are the holes still to be joined: the bridge must not cross them.
fn bridge_hole(
    pts: &[Point2],
    ring: &[usize],
    hole: &[Point2],
    start: usize,
    later: &[&[Point2]],
) -> Option<Vec<usize>> {
    let (n, m) = (ring.len(), hole.len());
    let h = (0..m).max_by(|&a, &b| hole[a].x.total_cmp(&hole[b].x))?;
    let hp = hole[h];
    let mut by_distance: Vec<usize> = (0..n).collect();
    by_distance.sort_by(|&a, &b| {
        (pts[ring[a]] - hp)
            .norm_squared()
            .total_cmp(&(pts[ring[b]] - hp).norm_squared())
    });
    let ring_pts: Vec<Point2> = ring.iter().map(|&i| pts[i]).collect();
    let mut edges: Vec<(Point2, Point2)> = loop_edges(&ring_pts).chain(loop_edges(hole)).collect();
    for l in later {
        edges.extend(loop_edges(l));
    }
    let o = by_distance.into_iter().find(|&o| {
        let op = ring_pts[o];
        // The bridge must leave the ring vertex into the region (inside its
        // corner) and cross no edge.
        let prev = ring_pts[(o + n - 1) % n];
        let next = ring_pts[(o + 1) % n];
        let inside_corner = if orient(prev, op, next) >= 0.0 {
            orient(prev, op, hp) > 0.0 && orient(op, next, hp) > 0.0
        } else {
            orient(prev, op, hp) > 0.0 || orient(op, next, hp) > 0.0
        };
        inside_corner && edges.iter().all(|&(a, b)| !segments_meet(op, hp, a, b))
    })?;
    // The ring up to o, the whole hole walked clockwise from h and back to
    // h, then o again and the rest of the ring.
    let mut r = Vec::with_capacity(n + m + 2);
    r.extend_from_slice(&ring[..=o]);
    r.extend((0..=m).map(|k| start + (h + m - k) % m));
    r.extend_from_slice(&ring[o..]);
    Some(r)
}

/// Ear clipping of a weakly simple counter-clockwise ring of indices into
/// `pts`.
fn clip_ears(pts: &[Point2], mut ring: Vec<usize>) -> Result<Vec<[usize; 3]>, TriangulateError> {
    if ring.len() < 3 {
        return Err(TriangulateError::NotSimple);
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
        if is_ear(pts, &ring, a, b, c) {
            tris.push([a, b, c]);
            ring.remove(i % len);
            guard = 0;
            i = (i + len - 2) % (len - 1);
        } else {
            i = (i + 1) % len;
            guard += 1;
            if guard > len {
                return Err(TriangulateError::NotSimple);
            }
        }
    }
    tris.push([ring[0], ring[1], ring[2]]);
    Ok(tris)
}

/// True when corner `b` (between `a` and `c`) of the ring can be cut off.
fn is_ear(pts: &[Point2], ring: &[usize], a: usize, b: usize, c: usize) -> bool {
    let (pa, pb, pc) = (pts[a], pts[b], pts[c]);
    // A corner between collinear outline points (a chamfer's end on a
    // flank) is no ear: its triangle would have no area.
    orient(pa, pb, pc) > MIN_AREA2
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
        })
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

    #[test]
    fn several_holes_are_bridged_and_covered_exactly() {
        let outer =
            [(0.0, 0.0), (20.0, 0.0), (20.0, 6.0), (0.0, 6.0)].map(|(x, y)| Point2::new(x, y));
        let holes: Vec<Vec<Point2>> = (0..4)
            .map(|k| {
                polygon(
                    Point2::new(2.5 + 5.0 * k as f64, 3.0),
                    1.5,
                    12,
                    Fit::Circumscribed,
                )
            })
            .collect();
        let refs: Vec<&[Point2]> = holes.iter().map(|h| h.as_slice()).collect();
        let tris = triangulate_holes(&outer, &refs).unwrap();
        let pts: Vec<Point2> = outer
            .iter()
            .chain(holes.iter().flatten())
            .copied()
            .collect();
        let expect =
            (signed_area2(&outer) - holes.iter().map(|h| signed_area2(h)).sum::<f64>()) / 2.0;
        assert!((area(&pts, &tris) - expect).abs() < 1e-9);
        // Every vertex is used: none is dropped.
        let mut used = vec![false; pts.len()];
        tris.iter().flatten().for_each(|&i| used[i] = true);
        assert!(used.iter().all(|&u| u));
    }

    #[test]
    fn overlapping_hole_is_reported_not_a_panic() {
        let outer =
            [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)].map(|(x, y)| Point2::new(x, y));
        let hole = [(3.0, 1.0), (5.0, 1.0), (5.0, 3.0), (3.0, 3.0)].map(|(x, y)| Point2::new(x, y));
        assert!(triangulate_holes(&outer, &[&hole]).is_err());
    }
}
