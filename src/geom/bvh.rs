//! Axis-aligned bounding-box tree over the triangles of one mesh.
//!
//! Built once per mesh (median split on the longest axis of the triangle
//! centroids, so the tree is balanced and its depth is about log2(n / 8)),
//! then queried many times by [`crate::geom::distance`]. The triangles are
//! copied into tree order so a leaf's corners sit next to each other in
//! memory: a distance query touches few cache lines per leaf.

use super::math::{Point, Vector};
use super::mesh::{Aabb, Mesh};
use super::slab::Slab;

/// Largest number of triangles in a leaf. Smaller leaves prune more
/// triangle pairs, but every level of nodes costs a box and slab test per
/// pair of nodes, and a leaf pair's triangle tests are cheap (their planes
/// settle almost all): leaves of up to 8 (4 to 8 after the median splits)
/// check the 1M-triangle ball and pin benchmarks 8-10 % faster than
/// leaves of up to 4 (the flat boxes 3 %), with half the nodes. Up to 16
/// is slower again.
pub(crate) const LEAF_SIZE: usize = 8;

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
    /// What a slot holds until the build writes its node.
    const UNSET: Node = Node {
        bb: Aabb {
            min: Point::new(0.0, 0.0, 0.0),
            max: Point::new(0.0, 0.0, 0.0),
        },
        slab: Slab {
            normal: Vector::new(0.0, 0.0, 0.0),
            lo: 0.0,
            hi: 0.0,
        },
        first: 0,
        count: 0,
        right: 0,
    };

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
        let mut nodes = vec![Node::UNSET; node_count(n)];
        if n > 0 {
            let _ = build_node(&mut nodes, 0, &mut items, 0, mesh, out.slots());
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

/// How far (mm) a triangle's own corners may lie off the plane worked
/// out for it. The searches take "off this plane by d" as "at least d
/// from this triangle", which is only true within this much; it is a
/// tenth of the distance search's tie slack, so the answer stays within
/// that slack, and some 10^4 times the round-off of a sound triangle a
/// metre across.
const PLANE_SPREAD_MM: f64 = super::distance::TIE_SLACK_MM / 10.0;

/// Plane of one triangle: unit normal and offset; zero when it has no
/// area, or when its normal is too rough to trust.
///
/// The cross product of a sliver (corners nearly in a line, as when
/// corners are computed in f64) can be mostly round-off: normalised, it
/// points anywhere, and the triangle's own corners lie far off the
/// plane. The plane tests would then skip the truly closest pair and
/// report too large a distance. Such a triangle gets no plane, so only
/// its box and the exact tests judge it.
fn plane(t: &[Point; 3]) -> (Vector, f64) {
    let (e1, e2) = (t[1] - t[0], t[2] - t[0]);
    let n = e1.cross(&e2);
    let len = n.norm();
    if !(len > 0.0 && len.is_finite()) {
        return (Vector::zeros(), 0.0);
    }
    let n = n / len;
    if n.dot(&e1).abs().max(n.dot(&e2).abs()) > PLANE_SPREAD_MM {
        return (Vector::zeros(), 0.0);
    }
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

/// Number of nodes in the tree over `n` triangles. The split is always
/// at the median, so the shape of the tree follows from `n` alone, and the
/// build can give each subtree its own run of slots up front: the two
/// halves then fill their runs in parallel with no copy or reallocation.
///
/// Halving rounds one half down and the other up, so at any depth every
/// subtree holds `k` or `k + 1` triangles for one `k`: the count goes
/// depth by depth, keeping how many subtrees have each size.
fn node_count(n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    // `small` subtrees of `k` triangles and `big` ones of `k + 1`.
    let (mut k, mut small, mut big) = (n, 1usize, 0usize);
    let mut nodes = 0;
    loop {
        nodes += small + big;
        if k < LEAF_SIZE {
            return nodes; // both sizes are leaves
        }
        if k == LEAF_SIZE {
            small = 0; // leaves; only the big ones split
        }
        (small, big) = if k % 2 == 0 {
            (2 * small + big, big)
        } else {
            (small, small + 2 * big)
        };
        k /= 2;
        if small + big == 0 {
            return nodes;
        }
    }
}

/// Build the subtree over `items` (whose triangles start at `offset` in
/// tree order, and go into `slots`) into `nodes`, its own run of
/// [`node_count`] slots starting at tree index `index`, root first, and
/// return its volumes. Recursion depth is the tree depth, about log2(n),
/// because the split is at the median. Volumes are computed bottom-up (a
/// leaf from its triangles, a parent from its two children), so each
/// level costs only the centroid pass that picks the split axis.
fn build_node(
    nodes: &mut [Node],
    index: usize,
    items: &mut [(Point, u32)],
    offset: usize,
    mesh: &Mesh,
    mut slots: Slots,
) -> Built {
    let (node, below) = nodes.split_first_mut().expect("a slot for every node");
    if items.len() <= LEAF_SIZE {
        slots.fill(mesh, items);
        let bb = slots.boxes.iter().fold(Aabb::empty(), |bb, b| bb.union(b));
        let an: Vector = slots.tris.iter().map(area_normal).sum();
        let slab = Slab::around(an, slots.tris.iter().flatten());
        *node = Node {
            bb,
            slab,
            first: offset as u32,
            count: items.len() as u32,
            right: 0,
        };
        return Built {
            bb,
            slab,
            area_normal: an,
        };
    }
    let (n, mid) = (items.len(), split_at_median(items));
    let (lo, hi) = items.split_at_mut(mid);
    let (slots_lo, slots_hi) = slots.split_at(mid);
    let (nodes_lo, nodes_hi) = below.split_at_mut(node_count(mid));
    let right = index + 1 + nodes_lo.len();
    let build_lo = || build_node(nodes_lo, index + 1, lo, offset, mesh, slots_lo);
    let build_hi = || build_node(nodes_hi, right, hi, offset + mid, mesh, slots_hi);
    let (l, r) = if items_len_parallel(n) {
        std::thread::scope(|s| {
            let h = s.spawn(build_hi);
            let l = build_lo();
            (l, h.join().expect("BVH build thread panicked"))
        })
    } else {
        (build_lo(), build_hi())
    };
    let bb = l.bb.union(&r.bb);
    let an = l.area_normal + r.area_normal;
    let slab = Slab::around_children(an, [(&l.slab, &l.bb), (&r.slab, &r.bb)]);
    *node = Node {
        bb,
        slab,
        first: index as u32 + 1,
        count: 0,
        right: right as u32,
    };
    Built {
        bb,
        slab,
        area_normal: an,
    }
}

/// Put the median of `items` along the longest axis of their centroids
/// in its place, smaller ones before it; its index.
fn split_at_median(items: &mut [(Point, u32)]) -> usize {
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
    mid
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
        assert_eq!(bvh.nodes.len(), node_count(m.triangles.len()));
        assert!(bvh.nodes.iter().all(|n| n.count > 0 || n.right > 0));
    }

    #[test]
    fn node_count_matches_the_split_rule() {
        fn by_recursion(n: usize) -> usize {
            match n {
                0 => 0,
                n if n <= LEAF_SIZE => 1,
                n => 1 + by_recursion(n / 2) + by_recursion(n - n / 2),
            }
        }
        for n in 0..3000 {
            assert_eq!(node_count(n), by_recursion(n), "n = {n}");
        }
        for n in [4_194_303, 4_194_304, 4_194_305, 5_000_001] {
            assert_eq!(node_count(n), by_recursion(n), "n = {n}");
        }
        // And a tree really has that many (its last slot is written).
        for side in [1, 2, 3, 7, 30] {
            let m = grid(side);
            let bvh = Bvh::build(&m);
            assert_eq!(bvh.nodes.len(), node_count(m.triangles.len()));
            assert!(bvh.nodes.iter().all(|n| n.count > 0 || n.right > 0));
        }
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
