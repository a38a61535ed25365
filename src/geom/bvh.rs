//! Axis-aligned bounding-box tree over the triangles of one mesh.
//!
//! Built once per mesh (median split on the longest axis of the triangle
//! centroids, so the tree is balanced and its depth is about log2(n / 4)),
//! then queried many times by [`crate::geom::distance`]. The triangles are
//! copied into tree order so a leaf's corners sit next to each other in
//! memory: a distance query touches few cache lines per leaf.

use super::math::{Point, Vector};
use super::mesh::{Aabb, Mesh};
use super::slab::Slab;

/// Largest number of triangles in a leaf. Small leaves prune well; four
/// keeps the node count (and the build time) at about n / 2.
const LEAF_SIZE: usize = 4;

/// One node: a box and either two children or a run of triangles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    /// Box around everything below this node.
    pub bb: Aabb,
    /// Slab around everything below this node, perpendicular to its
    /// triangles' mean normal (see [`crate::geom::slab`]).
    pub slab: Slab,
    /// Leaf: first triangle in tree order. Internal: index of the left child.
    pub first: u32,
    /// Leaf: number of triangles (> 0). Internal: 0, and the right child
    /// is `right`.
    pub count: u32,
    /// Internal: index of the right child.
    pub right: u32,
}

impl Node {
    /// True for a leaf.
    pub fn is_leaf(&self) -> bool {
        self.count > 0
    }
}

/// A bounding-volume hierarchy over one mesh's triangles.
///
/// Triangles with an out-of-range vertex index or a non-finite coordinate
/// have no meaningful position and are left out (the validator reports
/// them); every other triangle is in the tree exactly once.
#[derive(Debug, Clone)]
pub struct Bvh {
    pub(crate) nodes: Vec<Node>,
    /// Triangle corners in tree order.
    pub(crate) tris: Vec<[Point; 3]>,
    /// Box of each triangle, in tree order.
    pub(crate) boxes: Vec<Aabb>,
    /// Index of each tree-order triangle in the source mesh.
    pub(crate) ids: Vec<u32>,
    /// Plane of each tree-order triangle: unit normal (zero for a
    /// triangle without area) and offset `normal . corner`.
    pub(crate) planes: Vec<(Vector, f64)>,
}

impl Bvh {
    /// Build the tree for `mesh`.
    ///
    /// Each leaf writes its triangles' corners, boxes, planes and mesh
    /// indices straight into their tree-order slots, so no copy of the
    /// triangles is made in input order and nothing is gathered after.
    pub fn build(mesh: &Mesh) -> Bvh {
        let mut items = placed_triangles(mesh);
        let n = items.len();
        let mut out = Leaves {
            tris: vec![[Point::origin(); 3]; n],
            boxes: vec![Aabb::empty(); n],
            ids: vec![0; n],
            planes: vec![(Vector::zeros(), 0.0); n],
        };
        let mut nodes = Vec::with_capacity(2 * n / LEAF_SIZE + 1);
        if n > 0 {
            let _ = build_node(&mut nodes, &mut items, 0, mesh, out.slots());
        }
        Bvh {
            nodes,
            tris: out.tris,
            boxes: out.boxes,
            ids: out.ids,
            planes: out.planes,
        }
    }

    /// Number of triangles in the tree.
    pub fn len(&self) -> usize {
        self.tris.len()
    }

    /// True when the tree holds no triangle.
    pub fn is_empty(&self) -> bool {
        self.tris.is_empty()
    }

    /// Box around every triangle in the tree (empty for an empty tree).
    pub fn bbox(&self) -> Aabb {
        self.nodes.first().map_or_else(Aabb::empty, |n| n.bb)
    }
}

/// Plane of one triangle: unit normal (zero without area) and offset.
fn plane(t: &[Point; 3]) -> (Vector, f64) {
    let n = (t[1] - t[0]).cross(&(t[2] - t[0]));
    let len = n.norm();
    let n = if len > 0.0 && len.is_finite() {
        n / len
    } else {
        Vector::zeros()
    };
    (n, n.dot(&t[0].coords))
}

/// Area normal (twice the area, along the normal) of one triangle.
fn area_normal(t: &[Point; 3]) -> Vector {
    (t[1] - t[0]).cross(&(t[2] - t[0]))
}

/// Centroid and mesh index of every triangle that has a position: its
/// vertex indices are in range and its coordinates finite.
fn placed_triangles(mesh: &Mesh) -> Vec<(Point, u32)> {
    let nv = mesh.vertices.len();
    let mut items = Vec::with_capacity(mesh.triangles.len());
    for (t, tri) in mesh.triangles.iter().enumerate() {
        if tri.iter().any(|&i| i as usize >= nv) {
            continue;
        }
        let c = mesh.corners(t);
        if c.iter().any(|p| !p.coords.iter().all(|x| x.is_finite())) {
            continue;
        }
        let centroid = Point::from((c[0].coords + c[1].coords + c[2].coords) / 3.0);
        items.push((centroid, t as u32));
    }
    items
}

/// The per-triangle arrays of a tree, in tree order, as a build fills
/// them.
struct Leaves {
    tris: Vec<[Point; 3]>,
    boxes: Vec<Aabb>,
    ids: Vec<u32>,
    planes: Vec<(Vector, f64)>,
}

impl Leaves {
    fn slots(&mut self) -> Slots<'_> {
        Slots {
            tris: &mut self.tris,
            boxes: &mut self.boxes,
            ids: &mut self.ids,
            planes: &mut self.planes,
        }
    }
}

/// The slots of [`Leaves`] that belong to one subtree (the same length
/// as its items).
struct Slots<'a> {
    tris: &'a mut [[Point; 3]],
    boxes: &'a mut [Aabb],
    ids: &'a mut [u32],
    planes: &'a mut [(Vector, f64)],
}

impl<'a> Slots<'a> {
    /// The first `mid` slots and the rest, for the two halves of a split.
    fn split_at(self, mid: usize) -> (Slots<'a>, Slots<'a>) {
        let (t0, t1) = self.tris.split_at_mut(mid);
        let (b0, b1) = self.boxes.split_at_mut(mid);
        let (i0, i1) = self.ids.split_at_mut(mid);
        let (p0, p1) = self.planes.split_at_mut(mid);
        (
            Slots {
                tris: t0,
                boxes: b0,
                ids: i0,
                planes: p0,
            },
            Slots {
                tris: t1,
                boxes: b1,
                ids: i1,
                planes: p1,
            },
        )
    }

    /// Fill the slots with `mesh`'s triangles `items` (in this order).
    fn fill(&mut self, mesh: &Mesh, items: &[(Point, u32)]) {
        for (k, &(_, t)) in items.iter().enumerate() {
            let c = mesh.corners(t as usize);
            self.tris[k] = c;
            self.boxes[k] = tri_box(&c);
            self.ids[k] = t;
            self.planes[k] = plane(&c);
        }
    }
}

/// What a subtree build returns to its parent.
struct Built {
    bb: Aabb,
    slab: Slab,
    /// Sum of the triangles' area normals.
    area_normal: Vector,
}

/// Box of one triangle.
#[inline]
pub(crate) fn tri_box(t: &[Point; 3]) -> Aabb {
    Aabb {
        min: t[0].inf(&t[1]).inf(&t[2]),
        max: t[0].sup(&t[1]).sup(&t[2]),
    }
}

/// Subtrees with fewer triangles than this are built on the current
/// thread; above it the two halves of a split are built on two threads.
const PARALLEL_BUILD: usize = 100_000;

/// Build the subtree over `items` (whose triangles start at `offset` in
/// tree order, and go into `slots`) into `nodes`, root first, and return
/// its volumes. Recursion depth is the tree depth, about log2(n), because
/// the split is at the median. Volumes are computed bottom-up (a leaf
/// from its triangles, a parent from its two children), so each level
/// costs only the centroid pass that picks the split axis.
fn build_node(
    nodes: &mut Vec<Node>,
    items: &mut [(Point, u32)],
    offset: usize,
    mesh: &Mesh,
    mut slots: Slots,
) -> Built {
    let index = nodes.len();
    nodes.push(Node {
        bb: Aabb::empty(),
        slab: Slab::around(Vector::zeros(), []),
        first: offset as u32,
        count: items.len() as u32,
        right: 0,
    });
    if items.len() <= LEAF_SIZE {
        slots.fill(mesh, items);
        let bb = slots.boxes.iter().fold(Aabb::empty(), |bb, b| bb.union(b));
        let an: Vector = slots.tris.iter().map(area_normal).sum();
        let slab = Slab::around(an, slots.tris.iter().flatten());
        nodes[index].bb = bb;
        nodes[index].slab = slab;
        return Built {
            bb,
            slab,
            area_normal: an,
        };
    }
    let mut cb = Aabb::empty();
    for (c, _) in items.iter() {
        cb.extend(c);
    }
    let size = cb.size();
    let axis = if size.x >= size.y && size.x >= size.z {
        0
    } else if size.y >= size.z {
        1
    } else {
        2
    };
    let mid = items.len() / 2;
    items.select_nth_unstable_by(mid, |a, b| a.0[axis].total_cmp(&b.0[axis]));
    let (lo, hi) = items.split_at_mut(mid);
    let (slots_lo, slots_hi) = slots.split_at(mid);
    let (l, right, r) = if items_len_parallel(lo.len() + hi.len()) {
        // Build the right half into its own node list on another thread,
        // then append it with its child indices shifted.
        let (l, (rnodes, r)) = std::thread::scope(|s| {
            let h = s.spawn(|| {
                let mut rn = Vec::with_capacity(2 * hi.len() / LEAF_SIZE + 1);
                let r = build_node(&mut rn, hi, offset + mid, mesh, slots_hi);
                (rn, r)
            });
            let l = build_node(nodes, lo, offset, mesh, slots_lo);
            (l, h.join().expect("BVH build thread panicked"))
        });
        let shift = nodes.len() as u32;
        let right = shift;
        nodes.extend(rnodes.into_iter().map(|mut n| {
            if !n.is_leaf() {
                n.first += shift;
                n.right += shift;
            }
            n
        }));
        (l, right, r)
    } else {
        let l = build_node(nodes, lo, offset, mesh, slots_lo);
        let right = nodes.len() as u32;
        let r = build_node(nodes, hi, offset + mid, mesh, slots_hi);
        (l, right, r)
    };
    let bb = l.bb.union(&r.bb);
    let an = l.area_normal + r.area_normal;
    let slab = Slab::around_children(an, [(&l.slab, &l.bb), (&r.slab, &r.bb)]);
    nodes[index] = Node {
        bb,
        slab,
        first: index as u32 + 1,
        count: 0,
        right,
    };
    Built {
        bb,
        slab,
        area_normal: an,
    }
}

/// Worth a second thread: big enough, and more than one core.
fn items_len_parallel(n: usize) -> bool {
    n >= PARALLEL_BUILD && crate::parallel::cores() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(n: usize) -> Mesh {
        let mut m = Mesh::new();
        for i in 0..n {
            for j in 0..n {
                let (x, y) = (i as f64, j as f64);
                let a = m.add_vertex(Point::new(x, y, 0.0));
                let b = m.add_vertex(Point::new(x + 1.0, y, 0.0));
                let c = m.add_vertex(Point::new(x + 1.0, y + 1.0, 0.0));
                m.add_triangle(a, b, c);
            }
        }
        m
    }

    #[test]
    fn every_triangle_once_and_boxes_nest() {
        let m = grid(30);
        let bvh = Bvh::build(&m);
        let mut ids = bvh.ids.clone();
        ids.sort_unstable();
        assert_eq!(ids, (0..900).collect::<Vec<u32>>());
        assert_slots_hold_their_triangles(&bvh, &m);
        // Every triangle lies in its leaf's box, every child in its parent's.
        fn walk(b: &Bvh, n: usize) {
            let node = b.nodes[n];
            let inside = |bb: &Aabb| {
                (0..3).all(|i| bb.min[i] >= node.bb.min[i] && bb.max[i] <= node.bb.max[i])
            };
            if node.is_leaf() {
                assert!(node.count as usize <= LEAF_SIZE);
                for t in node.first..node.first + node.count {
                    assert!(inside(&b.boxes[t as usize]));
                }
            } else {
                assert!(inside(&b.nodes[node.first as usize].bb));
                assert!(inside(&b.nodes[node.right as usize].bb));
                walk(b, node.first as usize);
                walk(b, node.right as usize);
            }
        }
        walk(&bvh, 0);
    }

    /// Each tree-order slot holds its own triangle's corners, box and
    /// plane.
    fn assert_slots_hold_their_triangles(bvh: &Bvh, m: &Mesh) {
        for k in 0..bvh.len() {
            let c = m.corners(bvh.ids[k] as usize);
            assert_eq!(bvh.tris[k], c);
            assert_eq!(bvh.boxes[k], tri_box(&c));
            assert_eq!(bvh.planes[k], plane(&c));
        }
    }

    #[test]
    fn a_tree_built_on_two_threads_fills_every_slot() {
        let m = grid(330);
        assert!(m.triangles.len() >= PARALLEL_BUILD);
        let bvh = Bvh::build(&m);
        assert_eq!(bvh.len(), m.triangles.len());
        assert_slots_hold_their_triangles(&bvh, &m);
    }

    #[test]
    fn bad_triangles_are_left_out() {
        let mut m = grid(2);
        m.triangles.push([0, 1, 99]);
        m.vertices[4] = Point::new(f64::NAN, 0.0, 0.0);
        let bvh = Bvh::build(&m);
        assert_eq!(bvh.len(), 3);
        assert!(!bvh.ids.contains(&1) && !bvh.ids.contains(&4));
        assert!(Bvh::build(&Mesh::new()).is_empty());
    }
}
