//! Indexed triangle meshes: a vertex buffer and an index buffer.
//!
//! A [`Mesh`] is one closed shell (a part) or several appended together. The
//! builders in this module family never weld vertices after the fact: every
//! shared vertex is pushed once and referenced by index, so a mesh is
//! watertight by construction and the validator only has to confirm it.

use super::math::{Iso, Point, Vector};

/// Axis-aligned bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aabb {
    /// Smallest x, y, z.
    pub min: Point,
    /// Largest x, y, z.
    pub max: Point,
}

impl Aabb {
    /// An empty box that any point extends.
    pub fn empty() -> Self {
        Aabb {
            min: Point::new(f64::INFINITY, f64::INFINITY, f64::INFINITY),
            max: Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY),
        }
    }

    /// Grow the box to contain `p`.
    pub fn extend(&mut self, p: &Point) {
        self.min = self.min.inf(p);
        self.max = self.max.sup(p);
    }

    /// Grow the box to contain `other`.
    pub fn union(&self, other: &Aabb) -> Aabb {
        Aabb {
            min: self.min.inf(&other.min),
            max: self.max.sup(&other.max),
        }
    }

    /// Euclidean distance between two boxes (0 when they overlap).
    pub fn distance(&self, other: &Aabb) -> f64 {
        let mut d2 = 0.0;
        for i in 0..3 {
            let gap = (other.min[i] - self.max[i]).max(self.min[i] - other.max[i]);
            if gap > 0.0 {
                d2 += gap * gap;
            }
        }
        d2.sqrt()
    }

    /// Size along each axis.
    pub fn size(&self) -> Vector {
        self.max - self.min
    }

    /// True when no point was added.
    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x
    }
}

/// An indexed triangle mesh in millimetres.
///
/// Winding: counter-clockwise seen from outside (right-hand rule), so the
/// normal computed from the vertex order points out of the solid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions.
    pub vertices: Vec<Point>,
    /// Triangles as indices into `vertices`, counter-clockwise from outside.
    pub triangles: Vec<[u32; 3]>,
}

impl Mesh {
    /// An empty mesh.
    pub fn new() -> Self {
        Self::default()
    }

    /// Push a vertex and return its index.
    pub fn add_vertex(&mut self, p: Point) -> u32 {
        let i = self.vertices.len();
        self.vertices.push(p);
        u32::try_from(i).expect("mesh exceeds u32 vertices")
    }

    /// Push several vertices and return their indices in order.
    pub fn add_vertices(&mut self, ps: impl IntoIterator<Item = Point>) -> Vec<u32> {
        ps.into_iter().map(|p| self.add_vertex(p)).collect()
    }

    /// Push a triangle (counter-clockwise seen from outside).
    pub fn add_triangle(&mut self, a: u32, b: u32, c: u32) {
        self.triangles.push([a, b, c]);
    }

    /// Push a planar quad `a b c d` (counter-clockwise from outside) as two
    /// triangles split along `a c`.
    pub fn add_quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.triangles.push([a, b, c]);
        self.triangles.push([a, c, d]);
    }

    /// Append another mesh (its indices are shifted).
    pub fn append(&mut self, other: &Mesh) {
        let base = u32::try_from(self.vertices.len()).expect("mesh exceeds u32 vertices");
        self.vertices.extend_from_slice(&other.vertices);
        self.triangles.extend(
            other
                .triangles
                .iter()
                .map(|t| [t[0] + base, t[1] + base, t[2] + base]),
        );
    }

    /// The mesh moved rigidly by `iso`.
    pub fn transformed(&self, iso: &Iso) -> Mesh {
        Mesh {
            vertices: self
                .vertices
                .iter()
                .map(|p| iso.transform_point(p))
                .collect(),
            triangles: self.triangles.clone(),
        }
    }

    /// Move the mesh by `v` in place.
    pub fn translate(&mut self, v: Vector) {
        for p in &mut self.vertices {
            *p += v;
        }
    }

    /// The three corners of triangle `t`.
    pub fn corners(&self, t: usize) -> [Point; 3] {
        let [a, b, c] = self.triangles[t];
        [
            self.vertices[a as usize],
            self.vertices[b as usize],
            self.vertices[c as usize],
        ]
    }

    /// Non-normalised normal of triangle `t` (length = twice its area).
    pub fn area_normal(&self, t: usize) -> Vector {
        let [a, b, c] = self.corners(t);
        (b - a).cross(&(c - a))
    }

    /// Bounding box of all vertices.
    pub fn bbox(&self) -> Aabb {
        let mut bb = Aabb::empty();
        for p in &self.vertices {
            bb.extend(p);
        }
        bb
    }

    /// Signed volume (positive for a closed, outward-wound shell).
    pub fn signed_volume(&self) -> f64 {
        // Sum of tetrahedra against the bbox minimum, not the origin, so the
        // terms stay small and the round-off stays small.
        let o = self.bbox().min.coords;
        let mut v = 0.0;
        for t in 0..self.triangles.len() {
            let [a, b, c] = self.corners(t);
            let (a, b, c) = (a.coords - o, b.coords - o, c.coords - o);
            v += a.dot(&b.cross(&c));
        }
        v / 6.0
    }

    /// Total surface area.
    pub fn area(&self) -> f64 {
        (0..self.triangles.len())
            .map(|t| self.area_normal(t).norm() / 2.0)
            .sum()
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.triangles.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aabb_distance_is_euclidean_gap() {
        let a = Aabb {
            min: Point::new(0.0, 0.0, 0.0),
            max: Point::new(1.0, 1.0, 1.0),
        };
        let b = Aabb {
            min: Point::new(4.0, 5.0, 0.5),
            max: Point::new(6.0, 6.0, 2.0),
        };
        assert!((a.distance(&b) - 5.0).abs() < 1e-12);
        assert_eq!(a.distance(&a), 0.0);
    }
}
