//! Hand-stitched faces of parts extruded along X from YZ outlines: walls,
//! end caps with holes, bed-relief chamfers and the labelled top. Each
//! shared point is passed in by the caller so neighbouring faces meet on
//! the same vertices and no T-junction is left.

use crate::geom::polygon::triangulate;
use crate::geom::{MeshBuilder, Point, Point2};
use crate::label::Patch;

/// A point of a YZ profile placed at `x`.
pub(super) fn yz(x: f64, p: Point2) -> Point {
    Point::new(x, p.x, p.y)
}

/// The outward wall swept by profile edge `p -> q` (outline counter-
/// clockwise seen from +X) from `x0` to `x1 > x0`.
pub(super) fn wall(mb: &mut MeshBuilder, x0: f64, x1: f64, p: Point2, q: Point2) {
    let v = mb.vertices(&[yz(x0, p), yz(x0, q), yz(x1, q), yz(x1, p)]);
    mb.quad(v[0], v[1], v[2], v[3]);
}

/// The wall of edge `p -> q` when its ends also carry the points `mid0`
/// (at `x0`) and `mid1` (at `x1`), each in order from `p` to `q`, that a
/// neighbouring face has there.
pub(super) fn wall_with(
    mb: &mut MeshBuilder,
    (x0, x1): (f64, f64),
    p: Point2,
    q: Point2,
    mid0: &[Point2],
    mid1: &[Point2],
) {
    let mut pts = vec![yz(x0, p)];
    pts.extend(mid0.iter().map(|m| yz(x0, *m)));
    pts.extend([yz(x0, q), yz(x1, q)]);
    pts.extend(mid1.iter().rev().map(|m| yz(x1, *m)));
    pts.push(yz(x1, p));
    let ids = mb.vertices(&pts);
    mb.fan(&ids);
}

/// A knuckle's extent along X and its bed-relief chamfers: `r0` at the
/// `x0` end, `r1` at the `x1` end (0 for none).
#[derive(Clone, Copy)]
pub(super) struct Span {
    pub x0: f64,
    pub x1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Span {
    /// Where the two end faces are at height `z`: a 45-degree chamfer pulls
    /// each end in by `r - z` below height `r` (the first-layer gap
    /// becomes c + 2 r on a gap chamfered on both sides;
    /// `docs/design-rules.md` R6).
    pub fn ends(&self, z: f64) -> (f64, f64) {
        let lo = if z < self.r0 {
            self.x0 + (self.r0 - z)
        } else {
            self.x0
        };
        let hi = if z < self.r1 {
            self.x1 - (self.r1 - z)
        } else {
            self.x1
        };
        (lo, hi)
    }

    /// The outward wall of edge `p -> q` between the (chamfered) ends. The
    /// outline must have a vertex wherever it crosses the chamfer heights.
    pub fn wall(&self, mb: &mut MeshBuilder, p: Point2, q: Point2) {
        let (p0, p1) = self.ends(p.y);
        let (q0, q1) = self.ends(q.y);
        let v = mb.vertices(&[yz(p0, p), yz(q0, q), yz(q1, q), yz(p1, p)]);
        mb.quad(v[0], v[1], v[2], v[3]);
    }

    /// The end at `x1` (`hi`) or `x0`: the cap above the chamfer (minus
    /// `hole`) and the 45-degree chamfer face below it.
    pub fn end(&self, mb: &mut MeshBuilder, outline: &[Point2], hole: &[Point2], hi: bool) {
        let (x, r) = if hi {
            (self.x1, self.r1)
        } else {
            (self.x0, self.r0)
        };
        if r <= 0.0 {
            cap(mb, x, outline, hole, hi);
            return;
        }
        let upper: Vec<Point2> = outline.iter().filter(|v| v.y >= r).copied().collect();
        cap(mb, x, &upper, hole, hi);
        let mut lower: Vec<Point> = outline
            .iter()
            .filter(|v| v.y <= r)
            .map(|v| {
                let (lo, up) = self.ends(v.y);
                yz(if hi { up } else { lo }, *v)
            })
            .collect();
        if !hi {
            lower.reverse();
        }
        let ids = mb.vertices(&lower);
        mb.fan(&ids);
    }
}

/// `outline` with a vertex added where an edge crosses height `z`, on the
/// edges `which` accepts (by start index).
pub(super) fn insert_level(
    outline: &[Point2],
    z: f64,
    which: impl Fn(usize) -> bool,
) -> Vec<Point2> {
    let n = outline.len();
    let mut out = Vec::with_capacity(n + 2);
    for i in 0..n {
        let (p, q) = (outline[i], outline[(i + 1) % n]);
        out.push(p);
        if which(i) && (p.y - z) * (q.y - z) < 0.0 {
            let t = (z - p.y) / (q.y - p.y);
            out.push(Point2::new(p.x + t * (q.x - p.x), z));
        }
    }
    out
}

/// `outline` with `extra` points inserted after index `after` (they must lie
/// on the edge that starts there, in order).
pub(super) fn with_points(outline: &[Point2], after: usize, extra: &[Point2]) -> Vec<Point2> {
    let mut o = outline[..=after].to_vec();
    o.extend_from_slice(extra);
    o.extend_from_slice(&outline[after + 1..]);
    o
}

/// Walls of every edge of a closed outline except those `skip` names.
pub(super) fn extrude(mb: &mut MeshBuilder, x0: f64, x1: f64, outline: &[Point2], skip: &[usize]) {
    for i in 0..outline.len() {
        if !skip.contains(&i) {
            wall(mb, x0, x1, outline[i], outline[(i + 1) % outline.len()]);
        }
    }
}

/// Walls of a hole (counter-clockwise outline), facing into the air.
pub(super) fn extrude_hole(mb: &mut MeshBuilder, x0: f64, x1: f64, hole: &[Point2]) {
    for i in 0..hole.len() {
        wall(mb, x0, x1, hole[(i + 1) % hole.len()], hole[i]);
    }
}

/// The planar end cap at `x`: `outer` minus `hole`, facing +X or -X.
pub(super) fn cap(mb: &mut MeshBuilder, x: f64, outer: &[Point2], hole: &[Point2], plus_x: bool) {
    let ids: Vec<u32> = outer
        .iter()
        .chain(hole.iter())
        .map(|p| mb.vertex(yz(x, *p)))
        .collect();
    for [a, b, c] in triangulate(outer, hole) {
        if plus_x {
            mb.triangle(ids[a], ids[b], ids[c]);
        } else {
            mb.triangle(ids[a], ids[c], ids[b]);
        }
    }
}

/// An upward rectangle `[xl, xr] x [ya, yb]` at height `z`, around an
/// optional label patch, as convex pieces that include every lattice point
/// of the patch border and the points at heights `extra` (y values) on both
/// side edges, where neighbouring walls have vertices.
pub(super) fn top_face(
    mb: &mut MeshBuilder,
    (xl, xr): (f64, f64),
    (ya, yb): (f64, f64),
    z: f64,
    patch: Option<&Patch>,
    extra: &[f64],
) {
    let q = |x: f64, y: f64| Point::new(x, y, z);
    let right = |lo: f64, hi: f64| -> Vec<Point> {
        extra
            .iter()
            .filter(|&&y| y > lo && y < hi)
            .map(|&y| q(xr, y))
            .collect()
    };
    let left = |lo: f64, hi: f64| -> Vec<Point> {
        extra
            .iter()
            .rev()
            .filter(|&&y| y > lo && y < hi)
            .map(|&y| q(xl, y))
            .collect()
    };
    let mut fan = |pts: Vec<Point>| {
        let ids = mb.vertices(&pts);
        mb.fan(&ids);
    };
    let Some(patch) = patch else {
        let mut all = vec![q(xl, ya), q(xr, ya)];
        all.extend(right(ya, yb));
        all.extend([q(xr, yb), q(xl, yb)]);
        all.extend(left(ya, yb));
        fan(all);
        return;
    };
    let [bottom, rside, upper, lside] = patch.edges();
    let (y0, y1) = (bottom[0].y, upper[0].y);
    let mut below = vec![q(xl, ya), q(xr, ya)];
    below.extend(right(ya, y0));
    below.push(q(xr, y0));
    below.extend(bottom.iter().rev());
    below.push(q(xl, y0));
    below.extend(left(ya, y0));
    fan(below);
    let mut rpiece = vec![q(xr, y0)];
    rpiece.extend(right(y0, y1));
    rpiece.push(q(xr, y1));
    rpiece.extend(rside.iter().rev());
    fan(rpiece);
    let mut above = vec![q(xl, y1)];
    above.extend(upper.iter().rev());
    above.push(q(xr, y1));
    above.extend(right(y1, yb));
    above.extend([q(xr, yb), q(xl, yb)]);
    above.extend(left(y1, yb));
    fan(above);
    let mut lpiece = vec![q(xl, y0)];
    lpiece.extend(lside.iter().rev());
    lpiece.push(q(xl, y1));
    lpiece.extend(left(y0, y1));
    fan(lpiece);
}
