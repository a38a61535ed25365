//! Is a point inside a closed mesh's material? Ray parity through the
//! part's tree.
//!
//! `check` asks this once per pair of parts whose boxes nest, to tell a
//! part sitting in another's cavity (a ball in its socket: fine) from a
//! part buried in another's material (a slicer merges it away). The
//! generalised winding number would answer too, but costs a pass over
//! every triangle; a ray through the tree visits a few dozen.

use super::bvh::Bvh;
use super::math::{Point, Vector};
use super::mesh::Aabb;

/// Directions tried in turn: none along an axis or a simple diagonal, so
/// a ray rarely grazes an edge or runs along a face of a CAD model.
const DIRECTIONS: [[f64; 3]; 3] = [
    [0.5773, 0.6212, 0.5301],
    [-0.7034, 0.3122, 0.6385],
    [0.2231, -0.8017, 0.5546],
];

/// True when `p` is inside the material of the closed mesh in `tree`
/// (outer shell and cavities together): an odd number of crossings along
/// a ray. A ray that passes within round-off of an edge or vertex is
/// ambiguous and the next direction is tried; one clear ray decides, as
/// parity is exact away from edges. When every ray grazes, the answer is
/// `false` (not inside), the cautious reading for a report.
pub fn contains(tree: &Bvh, p: &Point) -> bool {
    if tree.is_empty() || !inside_box(&tree.bbox(), p) {
        return false;
    }
    DIRECTIONS
        .iter()
        .find_map(|d| crossings(tree, p, &Vector::from(*d).normalize()))
        .is_some_and(|n| n % 2 == 1)
}

fn inside_box(bb: &Aabb, p: &Point) -> bool {
    (0..3).all(|i| bb.min[i] <= p[i] && p[i] <= bb.max[i])
}

/// Crossings of the ray `p + t d` (t > 0) with the tree's triangles, or
/// `None` when the ray hits a triangle too close to its boundary to count.
fn crossings(tree: &Bvh, p: &Point, d: &Vector) -> Option<usize> {
    let inv = Vector::new(1.0 / d.x, 1.0 / d.y, 1.0 / d.z);
    let mut count = 0;
    let mut stack = vec![0u32];
    while let Some(n) = stack.pop() {
        let node = &tree.nodes[n as usize];
        if !ray_hits_box(&node.bb, p, &inv) {
            continue;
        }
        if node.is_leaf() {
            for t in node.first..node.first + node.count {
                match ray_triangle(p, d, &tree.tris[t as usize]) {
                    Hit::Miss => {}
                    Hit::Clear => count += 1,
                    Hit::Grazing => return None,
                }
            }
        } else {
            stack.push(node.first);
            stack.push(node.right);
        }
    }
    Some(count)
}

/// Slab test: does the ray from `p` (inverse direction `inv`) meet `bb`?
fn ray_hits_box(bb: &Aabb, p: &Point, inv: &Vector) -> bool {
    let (mut t0, mut t1) = (0.0f64, f64::INFINITY);
    for i in 0..3 {
        let a = (bb.min[i] - p[i]) * inv[i];
        let b = (bb.max[i] - p[i]) * inv[i];
        t0 = t0.max(a.min(b));
        t1 = t1.min(a.max(b));
    }
    t0 <= t1
}

enum Hit {
    Miss,
    Clear,
    Grazing,
}

/// Moller-Trumbore, with a margin: a hit within 1e-9 (relative) of an
/// edge, or a ray in the triangle's plane, is `Grazing`.
fn ray_triangle(p: &Point, d: &Vector, t: &[Point; 3]) -> Hit {
    const MARGIN: f64 = 1e-9;
    let (e1, e2) = (t[1] - t[0], t[2] - t[0]);
    let h = d.cross(&e2);
    let det = e1.dot(&h);
    let scale = e1.norm() * e2.norm();
    if scale == 0.0 {
        return Hit::Miss; // no area: nothing to cross
    }
    if det.abs() <= MARGIN * scale {
        // Parallel: a miss unless the ray runs in the plane through it.
        let off = (p - t[0]).dot(&e1.cross(&e2));
        return if off.abs() <= MARGIN * scale * (p - t[0]).norm().max(1.0) {
            Hit::Grazing
        } else {
            Hit::Miss
        };
    }
    let s = p - t[0];
    let u = s.dot(&h) / det;
    let q = s.cross(&e1);
    let v = d.dot(&q) / det;
    let dist = e2.dot(&q) / det;
    let w = 1.0 - u - v;
    if u < -MARGIN || v < -MARGIN || w < -MARGIN || dist < -MARGIN {
        return Hit::Miss;
    }
    if u <= MARGIN || v <= MARGIN || w <= MARGIN || dist <= MARGIN {
        return Hit::Grazing;
    }
    Hit::Clear
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures::{flipped, tessellated_box, uv_sphere};

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    #[test]
    fn material_not_cavity() {
        // A 20 mm cube with a spherical cavity of radius 6.
        let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(20.0, 20.0, 20.0), 3);
        m.append(&flipped(uv_sphere(p(10.0, 10.0, 10.0), 6.0, 12, 24)));
        let tree = Bvh::build(&m);
        assert!(contains(&tree, &p(1.0, 1.0, 1.0)));
        assert!(contains(&tree, &p(10.0, 10.0, 17.0)));
        assert!(!contains(&tree, &p(10.0, 10.0, 10.0)), "in the cavity");
        assert!(!contains(&tree, &p(25.0, 10.0, 10.0)));
        // On grid lines and face centres the first rays stay clear.
        assert!(contains(&tree, &p(10.0, 10.0, 2.0)));
        assert!(!contains(&tree, &p(10.0, 10.0, 21.0)));
    }
}
