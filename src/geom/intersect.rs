//! Self-intersection: triangles of one part that cross each other.
//!
//! A self-intersecting part (two overlapping bodies exported as one
//! shell, a fold in a sculpt) has no well-defined inside; slicers fill it
//! by their own rules and the printed shape differs from the model. The
//! search walks the part's tree against itself and tests only triangle
//! pairs whose boxes overlap and that share no edge (neighbours meet
//! along their shared edge by construction). A pair counts when an edge
//! of one passes strictly through the other's face, so faces that merely
//! touch or lie in one plane are not reported; for a pair that shares a
//! corner, only the edges opposite it can (a fold of the fan around a
//! vertex).

use super::bvh::{Bvh, LEAF_SIZE, Node};
use super::distance::segment_crosses_triangle;
use super::math::{Point, Vector};
use super::mesh::Aabb;
use super::slab::Slab;

/// Up to `limit` crossing pairs of triangles (mesh indices, smaller
/// first, in search order) and whether the search stopped at the limit.
pub fn self_crossings(tree: &Bvh, limit: usize) -> (Vec<(usize, usize)>, bool) {
    let mut out = Vec::new();
    if tree.is_empty() || limit == 0 {
        return (out, false);
    }
    let curved = Curved::in_tree(tree);
    let mut stack: Vec<(u32, u32)> = vec![(0, 0)];
    while let Some((i, j)) = stack.pop() {
        let (ni, nj) = (&tree.nodes[i as usize], &tree.nodes[j as usize]);
        if i != j && apart(&ni.bb, &nj.bb) {
            continue;
        }
        if !curved.either(ni, nj) && coplanar(ni, nj) {
            continue; // flat faces: triangles in one plane touch, never cross
        }
        match (ni.is_leaf(), nj.is_leaf()) {
            (true, true) => {
                if leaf_crossings(tree, (i, j), limit, &mut out) {
                    return (out, true);
                }
            }
            _ if i == j => {
                let (l, r) = (ni.first, ni.right);
                stack.extend([(l, l), (r, r), (l, r)]);
            }
            (leaf_i, leaf_j) => {
                let split_i = !leaf_i && (leaf_j || ni.count < nj.count || size(ni) >= size(nj));
                if split_i {
                    stack.extend([(ni.first, j), (ni.right, j)]);
                } else {
                    stack.extend([(i, nj.first), (i, nj.right)]);
                }
            }
        }
    }
    (out, false)
}

// A row of a leaf pair fits the bits of a u32 (see `leaf_crossings`).
const _: () = assert!(LEAF_SIZE <= 32);

/// Add the crossing pairs between two leaves (or within one, `i == j`)
/// to `out`; true once `out` holds `limit` pairs.
fn leaf_crossings(
    tree: &Bvh,
    (i, j): (u32, u32),
    limit: usize,
    out: &mut Vec<(usize, usize)>,
) -> bool {
    let (ni, nj) = (&tree.nodes[i as usize], &tree.nodes[j as usize]);
    for a in ni.first..ni.first + ni.count {
        // A triangle clear of the other leaf's box is clear of each of
        // its triangles' boxes (they lie inside it): one test for the row.
        let box_a = &tree.boxes[a as usize];
        if i != j && apart(box_a, &nj.bb) {
            continue;
        }
        let from = if i == j { a + 1 } else { nj.first };
        // Which boxes of the row overlap `a`'s, found without a branch
        // per pair (on a curved shell each answer is a coin toss); then
        // only those pairs are looked at.
        let mut near = 0u32;
        for b in from..nj.first + nj.count {
            near |= u32::from(!apart(box_a, &tree.boxes[b as usize])) << (b - from);
        }
        while near != 0 {
            let b = from + near.trailing_zeros();
            near &= near - 1;
            if crosses(tree, a as usize, b as usize) {
                let (ta, tb) = (tree.ids[a as usize], tree.ids[b as usize]);
                out.push((ta.min(tb) as usize, ta.max(tb) as usize));
                if out.len() >= limit {
                    return true;
                }
            }
        }
    }
    false
}

/// A quick "not flat" for [`coplanar`]: a node whose slab is thicker than
/// the flatness tolerance at the largest coordinate of the whole tree is
/// thicker than the tolerance [`coplanar`] works out for any pair it is
/// in (that is scaled by the pair's largest coordinate, which the root's
/// box bounds), so the pair is not coplanar. Curved shells answer here
/// with two subtractions instead of the eight maxima of the full test.
struct Curved {
    /// Slabs thicker than this are curved in any pair.
    thicker_than: f64,
}

impl Curved {
    fn in_tree(tree: &Bvh) -> Curved {
        let root = &tree.nodes[0].bb;
        let scale = root.min.coords.amax().max(root.max.coords.amax());
        Curved {
            thicker_than: F32_FLAT * scale,
        }
    }

    /// True when `a` or `b` is surely not flat (a NaN thickness is left
    /// to [`coplanar`], which rejects it too).
    fn either(&self, a: &Node, b: &Node) -> bool {
        a.slab.hi - a.slab.lo > self.thicker_than || b.slab.hi - b.slab.lo > self.thicker_than
    }
}

/// Do all the triangles of both nodes lie in one plane (to within the
/// f32 rounding of their coordinates)? Then no pair of them crosses: an
/// edge would have to pass from one side of the plane to the other.
/// Flat faces (the bulk of a CAD part) are settled node by node instead
/// of triangle pair by triangle pair.
fn coplanar(a: &Node, b: &Node) -> bool {
    let (sa, sb) = (&a.slab, &b.slab);
    let thick = (sa.hi - sa.lo).max(sb.hi - sb.lo);
    let scale_a = a.bb.min.coords.amax().max(a.bb.max.coords.amax());
    if thick.is_nan() || thick > F32_FLAT * scale_a.max(b.bb.max.coords.amax()) {
        return false; // curved (the common case): settled here
    }
    let scale = scale_a
        .max(b.bb.min.coords.amax())
        .max(b.bb.max.coords.amax());
    let eps = F32_FLAT * scale;
    let flat = |s: &Slab| s.normal != Vector::zeros() && s.hi - s.lo <= eps;
    if !(flat(sa) && flat(sb)) {
        return false;
    }
    let cos = sa.normal.dot(&sb.normal);
    if cos >= 1.0 - 1e-12 {
        (sa.lo - sb.lo).abs() <= eps && (sa.hi - sb.hi).abs() <= eps
    } else if cos <= -1.0 + 1e-12 {
        (sa.lo + sb.hi).abs() <= eps && (sa.hi + sb.lo).abs() <= eps
    } else {
        false
    }
}

/// Do two boxes have no point in common? (What `distance > 0` says,
/// without the square root.)
/// All six comparisons are made (no early exit): on a curved shell the
/// answer is a coin toss for the branch predictor, and six comparisons
/// cost less than a mispredicted branch.
fn apart(a: &Aabb, b: &Aabb) -> bool {
    let mut out = false;
    for i in 0..3 {
        out |= (b.min[i] > a.max[i]) | (a.min[i] > b.max[i]);
    }
    out
}

/// Thickness, relative to the largest coordinate, below which a node's
/// triangles count as lying in one plane: a few f32 steps.
const F32_FLAT: f64 = 4.0 * f32::EPSILON as f64;

fn size(n: &super::bvh::Node) -> f64 {
    n.bb.size().norm_squared()
}

/// Do tree triangles `a` and `b`, whose boxes overlap, cross?
///
/// Triangles that share an edge meet along it by construction and are
/// never reported. Triangles that share one corner meet there, and cross
/// when the edge opposite that corner in one passes through the other's
/// face (a fold of a vertex fan): only those two edges are tested, since
/// an edge leaving the shared corner starts on the other's plane and
/// round-off could make it seem to pass through.
fn crosses(tree: &Bvh, a: usize, b: usize) -> bool {
    let (ta, tb) = (&tree.tris[a], &tree.tris[b]);
    let same = same_corners(ta, tb);
    let shared_a = same.map(|row| row[0] | row[1] | row[2]);
    match shared_a.iter().filter(|&&s| s).count() {
        0 => {}
        1 => {
            let ka = shared_a.iter().position(|&s| s).expect("one shared corner");
            let kb = same[ka].iter().position(|&s| s).expect("same corner");
            return opposite_edge_crosses(ta, ka, tb, &tree.planes[b])
                || opposite_edge_crosses(tb, kb, ta, &tree.planes[a]);
        }
        _ => return false,
    }
    // Quick reject: one triangle wholly on one side of the other's plane.
    if one_side(&tree.planes[a], tb) || one_side(&tree.planes[b], ta) {
        return false;
    }
    edges_cross(ta, tb) || edges_cross(tb, ta)
}

/// `same[k][m]`: is corner `k` of `ta` corner `m` of `tb` (equal
/// coordinates)? All nine comparisons, without branches: most pairs the
/// search tests are neighbours, sharing one or two corners in no
/// predictable place.
fn same_corners(ta: &[Point; 3], tb: &[Point; 3]) -> [[bool; 3]; 3] {
    let mut same = [[false; 3]; 3];
    for (row, p) in same.iter_mut().zip(ta) {
        for (s, q) in row.iter_mut().zip(tb) {
            *s = (p.x == q.x) & (p.y == q.y) & (p.z == q.z);
        }
    }
    same
}

/// Does the edge of `t` opposite its corner `k` pass through `face`
/// (whose plane is `plane`)? Around a vertex that edge mostly stays on
/// one side of a neighbour's plane: settled with two dot products.
///
/// To pass *through* the face the edge must have an end clearly on each
/// side of its plane. An end on the plane only touches it: that is
/// common, not rare, as the two triangles of a flat quad (every quad of
/// a sphere or cylinder made of rings) share a plane, so the far corner
/// of one lies on the plane of a triangle that shares one corner with
/// the other. "On" is within 1e-9 of the edge's extent across the plane,
/// a tolerance far above round-off: a real pass that shallow (1e-8 mm
/// for an edge 10 mm across) is not reported, where the exact test alone
/// would have reported it.
fn opposite_edge_crosses(
    t: &[Point; 3],
    k: usize,
    face: &[Point; 3],
    plane: &(Vector, f64),
) -> bool {
    let (p, q) = (&t[(k + 1) % 3], &t[(k + 2) % 3]);
    let (n, o) = plane;
    if *n == Vector::zeros() {
        // No plane to go by (see `bvh::plane`): the exact test alone.
        return segment_crosses_triangle(p, q, face).is_some();
    }
    let (dp, dq) = (n.dot(&p.coords) - o, n.dot(&q.coords) - o);
    // Within the margin an end counts as on the plane; beyond it, the
    // exact test decides.
    let margin = 1e-9 * (dp.abs() + dq.abs());
    let through = (dp > margin && dq < -margin) || (dp < -margin && dq > margin);
    through && segment_crosses_triangle(p, q, face).is_some()
}

fn one_side(plane: &(super::math::Vector, f64), t: &[Point; 3]) -> bool {
    let (n, o) = plane;
    let d = t.map(|p| n.dot(&p.coords) - o);
    d.iter().all(|&x| x > 0.0) || d.iter().all(|&x| x < 0.0)
}

fn edges_cross(t: &[Point; 3], face: &[Point; 3]) -> bool {
    (0..3).any(|k| segment_crosses_triangle(&t[k], &t[(k + 1) % 3], face).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Mesh;
    use crate::geom::fixtures::{folded_pyramid, tessellated_box, uv_sphere};

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    #[test]
    fn closed_shapes_do_not_cross_themselves() {
        let s = uv_sphere(p(0.0, 0.0, 0.0), 5.0, 24, 48);
        assert_eq!(self_crossings(&Bvh::build(&s), 10), (vec![], false));
        let b = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 2.0, 3.0), 5);
        assert_eq!(self_crossings(&Bvh::build(&b), 10), (vec![], false));
    }

    #[test]
    fn a_fold_through_a_shared_corner_crosses() {
        let m = folded_pyramid();
        assert!(crate::geom::validate::defects(&m).is_empty());
        assert!(m.signed_volume() > 0.0);
        let (mut pairs, capped) = self_crossings(&Bvh::build(&m), 100);
        pairs.sort_unstable();
        assert_eq!((pairs, capped), (vec![(0, 5), (1, 5)], false));
        // The same two triangles pulled apart (corner 0 back on the
        // base plane): a plain pyramid, no crossing.
        let mut flat = m.clone();
        flat.vertices[0] = p(2.0, 0.0, 0.0);
        assert_eq!(self_crossings(&Bvh::build(&flat), 100), (vec![], false));
    }

    #[test]
    fn an_edge_through_a_face_crosses_and_one_ending_on_it_does_not() {
        let face = [p(0.0, 0.0, 0.0), p(4.0, 0.0, 0.0), p(0.0, 4.0, 0.0)];
        let plane = (Vector::z(), 0.0);
        // Corner 0 is the shared one; the edge opposite it is 1-2.
        let through = [p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), p(1.0, 1.0, -1.0)];
        assert!(opposite_edge_crosses(&through, 0, &face, &plane));
        // The far corner lies on the face (a flat quad's far corner, or a
        // fold flat against the face): the edge touches, it does not pass.
        let ends_on = [p(0.0, 0.0, 0.0), p(1.0, 1.0, 0.0), p(1.0, 2.0, -1.0)];
        assert!(!opposite_edge_crosses(&ends_on, 0, &face, &plane));
        assert!(segment_crosses_triangle(&ends_on[1], &ends_on[2], &face).is_none());
        // Within the margin (1e-9 of the extent across the plane) is on it.
        let nearly = [p(0.0, 0.0, 0.0), p(1.0, 1.0, 1e-13), p(1.0, 2.0, -1.0)];
        assert!(!opposite_edge_crosses(&nearly, 0, &face, &plane));
    }

    #[test]
    fn two_boxes_pushed_into_each_other_cross() {
        let mut m: Mesh = tessellated_box(p(0.0, 0.0, 0.0), p(2.0, 2.0, 2.0), 2);
        m.append(&tessellated_box(p(1.0, 0.5, 0.5), p(3.0, 1.5, 1.5), 2));
        let (pairs, capped) = self_crossings(&Bvh::build(&m), 1000);
        assert!(!pairs.is_empty() && !capped);
        let first_box = 12 * 4;
        assert!(pairs.iter().all(|&(a, b)| a < first_box && b >= first_box));
        let (few, capped) = self_crossings(&Bvh::build(&m), 2);
        assert_eq!((few.len(), capped), (2, true));
    }
}
