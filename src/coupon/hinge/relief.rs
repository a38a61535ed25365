//! Bars along X whose ends are relieved where they meet the bed.
//!
//! Every end of a knuckle that faces another part carries a 45-degree
//! chamfer on its bottom edge (`docs/design-rules.md` R6): the first layer
//! is squashed wider than the others, so the axial gap there is widened to
//! c + 2 r. An end is then two planar faces, the vertical cap above height
//! `r` and the 45-degree chamfer below it, and a side face swept by a
//! profile edge is planar only if the edge does not cross height `r`:
//! outlines get a vertex there first ([`split_at`]).
//!
//! The kit's [`Prism`](crate::geom::kit::Prism) chamfers a whole end
//! outline; this chamfers only its bottom edge, and lets the carrier push
//! the sides and ends of one knuckle while its leaf runs on.

use crate::geom::kit::{Face, Shell};
use crate::geom::{Point, Point2, Vector};

/// A point of a YZ profile placed at `x`.
pub(super) fn yz(x: f64, p: Point2) -> Point {
    Point::new(x, p.x, p.y)
}

/// `outline` (a closed YZ loop) with a vertex added wherever an edge
/// crosses height `z`.
pub(super) fn split_at(outline: &[Point2], z: f64) -> Vec<Point2> {
    let n = outline.len();
    let mut out = Vec::with_capacity(n + 2);
    for i in 0..n {
        let (p, q) = (outline[i], outline[(i + 1) % n]);
        out.push(p);
        if (p.y - z) * (q.y - z) < 0.0 {
            let t = (z - p.y) / (q.y - p.y);
            out.push(Point2::new(p.x + t * (q.x - p.x), z));
        }
    }
    out
}

/// A bar's extent along X and the depth of the bed relief at each end:
/// `r0` at the `x0` end, `r1` at the `x1` end (0 for a square end).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ends {
    /// Start of the bar.
    pub x0: f64,
    /// End of the bar.
    pub x1: f64,
    /// Relief at `x0`.
    pub r0: f64,
    /// Relief at `x1`.
    pub r1: f64,
}

impl Ends {
    /// Where the two end faces are at height `z`: a 45-degree chamfer pulls
    /// each end in by `r - z` below height `r`.
    pub fn at(&self, z: f64) -> (f64, f64) {
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

    /// The side face swept by the profile edge `p -> q` between the ends,
    /// facing to the right of the edge (out of a counter-clockwise outline
    /// seen from +X). `p` and `q` lie on one side of both relief heights.
    pub fn push_side(&self, shell: &mut Shell, name: String, p: Point2, q: Point2) {
        let (p0, p1) = self.at(p.y);
        let (q0, q1) = self.at(q.y);
        let quad = vec![yz(p0, p), yz(q0, q), yz(q1, q), yz(p1, p)];
        shell.push(Face::wound(name, quad));
    }

    /// The end at `x1` (`hi`) or at `x0`: `outline` minus `hole` as a
    /// vertical cap above the relief, and the 45-degree chamfer below it.
    /// The outline must have a vertex wherever it crosses the relief
    /// height ([`split_at`]); the hole must lie above it.
    pub fn push_end(
        &self,
        shell: &mut Shell,
        name: &str,
        outline: &[Point2],
        hole: &[Point2],
        hi: bool,
    ) {
        let (x, r, out) = if hi {
            (self.x1, self.r1, Vector::x())
        } else {
            (self.x0, self.r0, -Vector::x())
        };
        let lift = |pts: &[Point2]| pts.iter().map(|p| yz(x, *p)).collect::<Vec<_>>();
        let upper: Vec<Point2> = outline.iter().filter(|v| v.y >= r).copied().collect();
        let mut cap = Face::new(format!("{name} cap"), lift(&upper), out);
        if !hole.is_empty() {
            cap = cap.with_hole(lift(hole));
        }
        shell.push(cap);
        if r <= 0.0 {
            return;
        }
        let lower: Vec<Point> = outline
            .iter()
            .filter(|v| v.y <= r)
            .map(|v| {
                let (lo, up) = self.at(v.y);
                yz(if hi { up } else { lo }, *v)
            })
            .collect();
        let down = Vector::new(out.x, 0.0, -1.0);
        shell.push(Face::new(format!("{name} bed relief"), lower, down));
    }
}
