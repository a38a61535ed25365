//! A mesh under construction: vertices identified by exact position.
//!
//! Faces built by separate helpers (a ring stitch, a cap fan, a label patch)
//! meet along shared vertices. Each coordinate is computed once and passed
//! around, so the same point always has the same f64 bits; the builder maps
//! those bits to one index. That is identity, not tolerance welding: two
//! points a nanometre apart stay two vertices, and the validator will report
//! the crack.

use super::math::{Point, Point2};
use super::mesh::Mesh;
use rustc_hash::FxHashMap;
use std::f64::consts::PI;

/// Collects triangles whose vertices are shared by exact position.
#[derive(Debug, Default)]
pub struct MeshBuilder {
    mesh: Mesh,
    index: FxHashMap<[u64; 3], u32>,
}

impl MeshBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The index of the vertex at `p`, pushing it if new.
    pub fn vertex(&mut self, p: Point) -> u32 {
        // `+ 0.0` turns -0.0 into 0.0 so both spell the same key.
        let key = [
            (p.x + 0.0).to_bits(),
            (p.y + 0.0).to_bits(),
            (p.z + 0.0).to_bits(),
        ];
        let mesh = &mut self.mesh;
        *self.index.entry(key).or_insert_with(|| mesh.add_vertex(p))
    }

    /// Indices of several points in order.
    pub fn vertices(&mut self, ps: &[Point]) -> Vec<u32> {
        ps.iter().map(|p| self.vertex(*p)).collect()
    }

    /// Push a triangle (counter-clockwise seen from outside).
    pub fn triangle(&mut self, a: u32, b: u32, c: u32) {
        self.mesh.add_triangle(a, b, c);
    }

    /// Push a planar convex quad (counter-clockwise seen from outside).
    pub fn quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.mesh.add_quad(a, b, c, d);
    }

    /// Fan a planar convex polygon (counter-clockwise seen from outside)
    /// from a new vertex at its centroid.
    ///
    /// The centre vertex keeps every triangle non-degenerate even when the
    /// outline carries collinear runs of points (lattice points of a label,
    /// a neighbour's corner), which a fan from an outline vertex would turn
    /// into zero-area slivers.
    pub fn fan(&mut self, outline: &[u32]) {
        match outline.len() {
            0..=2 => panic!("a polygon needs 3 vertices"),
            3 => self.triangle(outline[0], outline[1], outline[2]),
            _ => {
                let sum = outline.iter().fold(nalgebra::Vector3::zeros(), |s, &i| {
                    s + self.mesh.vertices[i as usize].coords
                });
                let c = self.vertex(Point::from(sum / outline.len() as f64));
                for k in 0..outline.len() {
                    self.triangle(c, outline[k], outline[(k + 1) % outline.len()]);
                }
            }
        }
    }

    /// Stitch two closed loops that wind the same way around `centre` (seen
    /// along the loops' common axis), merging them by angle.
    ///
    /// Emits `(a_i, a_i+1, b_j)` when advancing on `a` and `(a_i, b_j+1, b_j)`
    /// when advancing on `b`. For a lower ring `a` and an upper ring `b`, both
    /// counter-clockwise from above, that is the outward wall of a solid of
    /// revolution; for an outer outline `a` and an inner hole `b` in a plane
    /// seen from +z, it is the upward face between them. Swap the arguments to
    /// flip the faces. `angle_of` gives each vertex's angle around the axis.
    pub fn stitch(&mut self, a: &[u32], b: &[u32], angle_of: impl Fn(&Point) -> f64) {
        let (ai, at) = self.angular_order(a, &angle_of);
        let (bi, bt) = self.angular_order(b, &angle_of);
        self.stitch_chains(&ai, &at, &bi, &bt);
    }

    /// Stitch two open chains that start together and end together (the
    /// arcs of two clipped sections), merging them by `angle_of`, which must
    /// increase along both chains once unwrapped. Same face convention as
    /// [`MeshBuilder::stitch`].
    pub fn stitch_open(&mut self, a: &[u32], b: &[u32], angle_of: impl Fn(&Point) -> f64) {
        let unwrap = |ids: &[u32], this: &Self| -> Vec<f64> {
            let mut last = f64::NEG_INFINITY;
            ids.iter()
                .map(|&i| {
                    let mut t = angle_of(&this.mesh.vertices[i as usize]);
                    while t < last - 1e-12 {
                        t += 2.0 * PI;
                    }
                    last = t;
                    t
                })
                .collect()
        };
        let (at, bt) = (unwrap(a, self), unwrap(b, self));
        self.stitch_chains(a, &at, b, &bt);
    }

    /// Merge two chains (each given with its closing vertex when it is a
    /// loop) by parameter, emitting the strip of triangles between them.
    fn stitch_chains(&mut self, ai: &[u32], at: &[f64], bi: &[u32], bt: &[f64]) {
        let (na, nb) = (ai.len() - 1, bi.len() - 1);
        let (mut i, mut j) = (0, 0);
        while i < na || j < nb {
            let advance_a = j == nb || (i < na && at[i + 1] <= bt[j + 1]);
            if advance_a {
                self.triangle(ai[i], ai[i + 1], bi[j]);
                i += 1;
            } else {
                self.triangle(ai[i], bi[j + 1], bi[j]);
                j += 1;
            }
        }
    }

    /// Triangulate the planar region between a convex outline and a convex
    /// hole inside it, both counter-clockwise seen from +z, at one height.
    /// `up` picks the face direction (+z or -z).
    ///
    /// A merge by angle alone folds when a coarse outline vertex (a square's
    /// corner) cannot see the hole vertex it would be joined to, so every
    /// step here is checked for visibility: advance on the hole while the
    /// next hole vertex is visible from the current outline vertex and the
    /// angle order prefers it (or the outline cannot move on), else advance
    /// on the outline. Both are convex, so a visible step always exists.
    pub fn annulus(&mut self, outer: &[u32], inner: &[u32], centre: Point2, up: bool) {
        let angle_of = angle_around(centre);
        let (oi, ot) = self.angular_order(outer, &angle_of);
        let (ii, it) = self.angular_order(inner, &angle_of);
        let xy = |b: &Self, i: u32| {
            let p = b.mesh.vertices[i as usize];
            Point2::new(p.x, p.y)
        };
        // > 0 when c is left of a -> b.
        let orient = |a: Point2, b: Point2, c: Point2| (b - a).perp(&(c - a));
        let (no, ni) = (outer.len(), inner.len());
        let (mut i, mut j) = (0, 0);
        while i < no || j < ni {
            let o = xy(self, oi[i]);
            let h = xy(self, ii[j]);
            let can_b = j < ni && orient(h, xy(self, ii[j + 1]), o) < 0.0;
            let can_a = i < no && {
                let o1 = xy(self, oi[i + 1]);
                let prev = xy(self, ii[(j + ni - 1) % ni]);
                let next = xy(self, ii[j % ni + 1]);
                orient(prev, h, o1) < 0.0 || orient(h, next, o1) < 0.0
            };
            let prefer_b = j < ni && (i == no || it[j + 1] <= ot[i + 1]);
            let advance_b = can_b && (prefer_b || !can_a);
            let (t0, t1, t2) = if advance_b {
                j += 1;
                (oi[i], ii[j], ii[j - 1])
            } else {
                assert!(
                    can_a,
                    "annulus: no visible step (outline and hole not nested convex)"
                );
                i += 1;
                (oi[i - 1], oi[i], ii[j])
            };
            if up {
                self.triangle(t0, t1, t2);
            } else {
                self.triangle(t0, t2, t1);
            }
        }
    }

    /// A ring's indices rotated to start at its smallest angle, closed by
    /// repeating the first, with the angles unwrapped to increase.
    fn angular_order(
        &self,
        ring: &[u32],
        angle_of: &impl Fn(&Point) -> f64,
    ) -> (Vec<u32>, Vec<f64>) {
        let angles: Vec<f64> = ring
            .iter()
            .map(|&i| angle_of(&self.mesh.vertices[i as usize]).rem_euclid(2.0 * PI))
            .collect();
        let n = ring.len();
        let start = (0..n)
            .min_by(|&x, &y| angles[x].total_cmp(&angles[y]))
            .expect("a ring needs vertices");
        let ids: Vec<u32> = (0..=n).map(|k| ring[(start + k) % n]).collect();
        let mut unwrapped = Vec::with_capacity(n + 1);
        let mut last = f64::NEG_INFINITY;
        for k in 0..n {
            let mut t = angles[(start + k) % n];
            while t < last - 1e-12 {
                t += 2.0 * PI;
            }
            unwrapped.push(t);
            last = t;
        }
        unwrapped.push(angles[start] + 2.0 * PI);
        (ids, unwrapped)
    }

    /// The finished mesh.
    pub fn finish(self) -> Mesh {
        self.mesh
    }

    /// Read access to the mesh so far.
    pub fn mesh(&self) -> &Mesh {
        &self.mesh
    }
}

/// Angle of `p` around the vertical axis through `c`.
pub fn angle_around(c: Point2) -> impl Fn(&Point) -> f64 {
    move |p: &Point| (p.y - c.y).atan2(p.x - c.x)
}

/// Lift 2D points to height `z`.
pub fn at_z(ps: &[Point2], z: f64) -> Vec<Point> {
    ps.iter().map(|p| Point::new(p.x, p.y, z)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::circle::{Fit, ring};
    use crate::geom::validate::defects;

    #[test]
    fn stitched_cylinder_with_unequal_rings_is_closed() {
        let c = Point2::new(3.0, -1.0);
        let mut b = MeshBuilder::new();
        let lower = ring(c, 2.0, 12, Fit::Inscribed, 0.0);
        let upper = ring(c, 1.5, 20, Fit::Circumscribed, 2.0);
        let lo = b.vertices(&lower);
        let up = b.vertices(&upper);
        b.stitch(&lo, &up, angle_around(c));
        let rev: Vec<u32> = lo.iter().rev().copied().collect();
        b.fan(&rev);
        b.fan(&up);
        let m = b.finish();
        assert_eq!(defects(&m), vec![]);
        // Side faces face away from the axis.
        for t in 0..m.triangle_count() {
            let [p, ..] = m.corners(t);
            let n = m.area_normal(t);
            if n.z.abs() < 0.5 * n.norm() {
                assert!(n.x * (p.x - c.x) + n.y * (p.y - c.y) > 0.0);
            }
        }
        assert!(m.signed_volume() > 0.0);
    }

    #[test]
    fn annulus_faces_all_point_up() {
        let c = Point2::new(0.0, 0.0);
        let mut b = MeshBuilder::new();
        let sq = [(-6.0, -6.0), (6.0, -6.0), (6.0, 6.0), (-6.0, 6.0)];
        let outer: Vec<u32> = sq
            .iter()
            .map(|&(x, y)| b.vertex(Point::new(x, y, 0.0)))
            .collect();
        let hole = ring(c, 3.0, 44, Fit::Circumscribed, 0.0);
        let inner = b.vertices(&hole);
        b.annulus(&outer, &inner, c, true);
        let m = b.finish();
        let mut area = 0.0;
        for t in 0..m.triangle_count() {
            let n = m.area_normal(t);
            assert!(n.z > 0.0, "triangle {t} is folded");
            area += n.z / 2.0;
        }
        let n = 44.0;
        let hole_area = n * 9.0 * (PI / n).tan();
        assert!((area - (144.0 - hole_area)).abs() < 1e-9);
    }
}
