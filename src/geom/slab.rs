//! Slabs: the region between two parallel planes, as a second bounding
//! volume next to each tree node's axis-aligned box.
//!
//! Why: a patch of a curved surface tilted against the axes (the side of
//! a pin at 45 degrees, most of a ball) has an axis-aligned box as thick
//! as it is wide, so two patches facing each other across a 0.2 mm gap
//! have boxes that overlap or nearly touch, and a distance search cannot
//! skip them. The same patch fits between two planes perpendicular to its
//! mean normal that are only its sagitta apart. The separation of two
//! such slabs along either normal is a lower bound on the distance that
//! stays close to the true gap, which is what lets the search skip the
//! thousands of near-equal facing pairs on pins, bores, balls and sockets.
//! (Oriented boxes and FCL's rectangle swept spheres serve the same end;
//! a slab plus the existing box is cheaper to build bottom-up.)

use super::math::{Point, Vector, larger, smaller};
use super::mesh::Aabb;

/// Everything in the node satisfies `lo <= normal . x <= hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slab {
    /// Unit direction (or zero when the node has no area: then the slab
    /// says nothing and `lo = hi = 0`).
    pub normal: Vector,
    /// Smallest projection onto `normal`.
    pub lo: f64,
    /// Largest projection onto `normal`.
    pub hi: f64,
}

impl Slab {
    /// The slab perpendicular to `area_normal` (any length) around
    /// `points`.
    pub fn around<'a>(area_normal: Vector, points: impl IntoIterator<Item = &'a Point>) -> Slab {
        let normal = unit_or_zero(area_normal);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in points {
            let d = normal.dot(&p.coords);
            lo = lo.min(d);
            hi = hi.max(d);
        }
        if lo > hi {
            (lo, hi) = (0.0, 0.0);
        }
        Slab { normal, lo, hi }
    }

    /// The slab perpendicular to `area_normal` around two child volumes.
    pub fn around_children(area_normal: Vector, kids: [(&Slab, &Aabb); 2]) -> Slab {
        let normal = unit_or_zero(area_normal);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (s, bb) in kids {
            let (l, h) = s.extent_along(bb, &normal);
            lo = lo.min(l);
            hi = hi.max(h);
        }
        Slab { normal, lo, hi }
    }

    /// An interval holding `u . x` for every `x` in this slab and `bb`
    /// (`u` a unit vector or zero): the tighter of the box's own support
    /// and the slab's, where `u` is split into its part along the normal
    /// (exact through the slab) and the rest (through the box). The
    /// inputs are finite (as in a tree): NaN is not looked for.
    #[inline]
    pub fn extent_along(&self, bb: &Aabb, u: &Vector) -> (f64, f64) {
        let c = (bb.min.coords + bb.max.coords) * 0.5;
        let h = (bb.max.coords - bb.min.coords) * 0.5;
        let support = |v: &Vector| v.x.abs() * h.x + v.y.abs() * h.y + v.z.abs() * h.z;
        let (bc, br) = (u.dot(&c), support(u));
        let s = u.dot(&self.normal);
        let rest = u - self.normal * s;
        let (rc, rr) = (rest.dot(&c), support(&rest));
        let (sl, sh) = if s >= 0.0 {
            (s * self.lo, s * self.hi)
        } else {
            (s * self.hi, s * self.lo)
        };
        (
            larger(bc - br, sl + rc - rr),
            smaller(bc + br, sh + rc + rr),
        )
    }
}

/// A lower bound on the distance between anything in (`a`, `abb`) and
/// anything in (`b`, `bbb`): their separation along either slab normal.
#[inline]
pub fn separation(a: &Slab, abb: &Aabb, b: &Slab, bbb: &Aabb) -> f64 {
    separation_along(a, b, bbb)
        .max(separation_along(b, a, abb))
        .max(0.0)
}

/// Half of [`separation`]: how far (`other`, `obb`) lies outside the slab
/// `s` along its normal (negative or 0 when they overlap along it). A
/// search that only needs to know whether the separation reaches a
/// threshold can stop after the first half that does.
#[inline]
pub fn separation_along(s: &Slab, other: &Slab, obb: &Aabb) -> f64 {
    let (l, h) = other.extent_along(obb, &s.normal);
    larger(l - s.hi, s.lo - h)
}

fn unit_or_zero(v: Vector) -> Vector {
    let n = v.norm();
    if n > 0.0 && n.is_finite() {
        v / n
    } else {
        Vector::zeros()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    fn bbox(ps: &[Point]) -> Aabb {
        let mut bb = Aabb::empty();
        for q in ps {
            bb.extend(q);
        }
        bb
    }

    #[test]
    fn tilted_patches_are_separated_by_their_gap() {
        // Two flat squares in planes x + y = 0 and x + y = 0.2 * sqrt 2:
        // 0.2 apart, with boxes that overlap.
        let n = Vector::new(1.0, 1.0, 0.0);
        let k = 0.2 / 2f64.sqrt();
        let a = [
            p(0.0, 0.0, 0.0),
            p(1.0, -1.0, 0.0),
            p(0.0, 0.0, 1.0),
            p(1.0, -1.0, 1.0),
        ];
        let b = a.map(|q| q + Vector::new(k, k, 0.0));
        let (sa, sb) = (Slab::around(n, &a), Slab::around(-n, &b));
        let (ba, bb) = (bbox(&a), bbox(&b));
        assert_eq!(ba.distance(&bb), 0.0);
        assert!((separation(&sa, &ba, &sb, &bb) - 0.2).abs() < 1e-12);
    }

    #[test]
    fn a_bound_never_exceeds_the_true_distance() {
        use proptest::prelude::*;
        let pt = proptest::array::uniform3(-2.0f64..2.0);
        let set = proptest::collection::vec(pt, 1..6);
        let dir = proptest::array::uniform3(-1.0f64..1.0);
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(set.clone(), set, dir.clone(), dir, 0.0f64..3.0),
                |(a, b, na, nb, shift)| {
                    let a: Vec<Point> = a.iter().map(|c| p(c[0], c[1], c[2])).collect();
                    let b: Vec<Point> = b.iter().map(|c| p(c[0] + shift, c[1], c[2])).collect();
                    let (sa, sb) = (
                        Slab::around(Vector::from(na), &a),
                        Slab::around(Vector::from(nb), &b),
                    );
                    let lb = separation(&sa, &bbox(&a), &sb, &bbox(&b));
                    let truth = a
                        .iter()
                        .flat_map(|x| b.iter().map(move |y| (x - y).norm()))
                        .fold(f64::INFINITY, f64::min);
                    prop_assert!(lb <= truth + 1e-12, "{lb} > {truth}");
                    Ok(())
                },
            )
            .unwrap();
    }
}
