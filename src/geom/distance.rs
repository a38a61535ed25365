//! Exact minimum distance between triangle meshes.
//!
//! "Exact" means: the true Euclidean distance between the two triangle
//! soups, up to f64 round-off, with the closest points. No sampling, no
//! voxels, no slices. Two disjoint triangles are closest either at a vertex
//! of one and the face of the other, or at an edge of each, so
//! [`triangle_distance`] takes the minimum of 6 vertex–triangle and 9
//! edge–edge distances; triangles that cross each other are caught by a
//! segment-through-triangle test and give exactly 0.
//!
//! Meshes are searched through a bounding-volume hierarchy
//! ([`crate::geom::bvh::Bvh`]) with a dual-tree descent that skips any pair
//! of boxes at least as far apart as the best distance found so far, so
//! two half-million-triangle parts facing each other across a gap cost a
//! few thousand exact triangle tests, not 2.5e11.

use super::bvh::{Bvh, Node};
use super::math::{Point, Vector, larger, smaller};
use super::mesh::{Aabb, Mesh};
use super::slab::{separation, separation_along};

/// The closest approach of two meshes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proximity {
    /// Minimum distance in mm (0 when they touch or intersect).
    pub distance: f64,
    /// Closest point on mesh A.
    pub point_a: Point,
    /// Closest point on mesh B.
    pub point_b: Point,
    /// Index of the triangle of A holding `point_a`.
    pub triangle_a: usize,
    /// Index of the triangle of B holding `point_b`.
    pub triangle_b: usize,
}

/// Exact minimum distance between two triangle soups, or `None` when every
/// pair is farther than `max_distance` (pass `f64::INFINITY` for "always").
///
/// Builds a tree for each mesh; to measure one mesh against many, build the
/// trees once with [`Bvh::build`] and call [`min_distance_bvh`].
/// Triangles with an out-of-range index or a non-finite coordinate are
/// ignored (the validator reports them).
///
/// ```
/// use gapgauge::geom::distance::min_distance;
/// use gapgauge::geom::fixtures::tessellated_box;
/// use gapgauge::geom::Point;
/// let a = tessellated_box(Point::new(0.0, 0.0, 0.0), Point::new(1.0, 1.0, 1.0), 4);
/// let b = tessellated_box(Point::new(0.0, 0.0, 1.25), Point::new(1.0, 1.0, 2.0), 3);
/// let p = min_distance(&a, &b, 2.0).unwrap();
/// assert_eq!(p.distance, 0.25);
/// assert_eq!(min_distance(&a, &b, 0.2), None);
/// ```
pub fn min_distance(a: &Mesh, b: &Mesh, max_distance: f64) -> Option<Proximity> {
    // The two builds are independent: run them on both cores when they
    // are big enough to pay for a thread.
    let (ta, tb) = if a.triangles.len().min(b.triangles.len()) < 20_000 {
        (Bvh::build(a), Bvh::build(b))
    } else {
        std::thread::scope(|s| {
            let h = s.spawn(|| Bvh::build(b));
            let ta = Bvh::build(a);
            (ta, h.join().expect("BVH build thread panicked"))
        })
    };
    min_distance_bvh(&ta, &tb, max_distance)
}

/// Pairs whose lower bound comes within this of the best distance found
/// so far are skipped (mm). Pins in bores and balls in sockets have
/// hundreds of thousands of facing triangle pairs whose distances agree
/// to round-off; without the slack each would be measured exactly to
/// confirm a tie. The reported distance is the true minimum within this
/// (f32 storage alone moves STL coordinates by 1e-6 mm at 10 mm).
pub const TIE_SLACK_MM: f64 = 1e-10;

/// [`min_distance`] on prebuilt trees.
///
/// Big pairs are searched on all cores, deterministically: a first
/// nearest-first descent finds a good distance, the remaining node pairs
/// are split into tasks that each search with only that distance and their
/// own finds (never another task's), and the best answer over all tasks
/// wins, ties broken by triangle indices. The split is a fixed number of
/// tasks (32), whatever the cores, and a one-core machine
/// runs the same tasks in turn: the answer is the same on any machine.
pub fn min_distance_bvh(a: &Bvh, b: &Bvh, max_distance: f64) -> Option<Proximity> {
    if a.is_empty() || b.is_empty() || max_distance.is_nan() || max_distance < 0.0 {
        return None;
    }
    if a.nodes[0].is_leaf() && b.nodes[0].is_leaf() {
        // Two tiny meshes (a triangle soup is thousands of them): measure
        // the few triangle pairs directly, no stack, no allocation.
        let mut s = Search::new(a, b, max_distance, None);
        let _ = s.leaves(0, 0);
        return s.best;
    }
    let root = (0, 0, node_bound(&a.nodes[0], &b.nodes[0]));
    if a.len() + b.len() < PARALLEL_SEARCH {
        return Search::new(a, b, max_distance, None).run(vec![root]).best;
    }
    let seed = Search::new(a, b, max_distance, None).first_find(root);
    let tasks = frontier(a, b, root, SEARCH_TASKS);
    let results = crate::parallel::map(
        tasks.len(),
        |_| 1,
        |k| {
            Search::new(a, b, max_distance, seed)
                .run(vec![tasks[k]])
                .best
        },
    );
    results
        .into_iter()
        .chain(std::iter::once(seed))
        .flatten()
        .min_by(|x, y| {
            x.distance
                .total_cmp(&y.distance)
                .then((x.triangle_a, x.triangle_b).cmp(&(y.triangle_a, y.triangle_b)))
        })
}

/// The bound [`Search::pair_bound`] gives a node pair it skips: any
/// value the search skips would do.
const SKIPPED: f64 = f64::INFINITY;

/// Below this many triangles in both trees a search stays on one thread.
const PARALLEL_SEARCH: usize = 100_000;

/// How many tasks a big search is split into. Near-ties (pins in bores,
/// balls in sockets) make which of several equal pairs is reported depend
/// on the split, so it must not follow the core count: the output would
/// then differ from machine to machine. 32 (what 2 cores used to get)
/// keeps up to 8 cores busy: each worker takes the next task as it
/// finishes one.
const SEARCH_TASKS: usize = 32;

/// Node pairs still to search: (node of A, node of B, lower bound).
type Pair = (u32, u32, f64);

/// Split `root` breadth-first into at least `want` node pairs (fewer when
/// the trees run out of internal nodes), in a fixed order.
fn frontier(a: &Bvh, b: &Bvh, root: Pair, want: usize) -> Vec<Pair> {
    let mut out = vec![root];
    while out.len() < want {
        let mut next = Vec::with_capacity(out.len() * 2);
        let mut grew = false;
        for &(i, j, d) in &out {
            match children(a, b, i, j) {
                Some(kids) => {
                    grew = true;
                    for (ci, cj) in kids {
                        let bound = node_bound(&a.nodes[ci as usize], &b.nodes[cj as usize]);
                        next.push((ci, cj, bound));
                    }
                }
                None => next.push((i, j, d)),
            }
        }
        out = next;
        if !grew {
            break;
        }
    }
    out
}

/// The two node pairs a pair splits into, or `None` for two leaves: the
/// internal node is split; when both are internal, the bigger one, so the
/// volumes compared stay similar in size and prune well.
fn children(a: &Bvh, b: &Bvh, i: u32, j: u32) -> Option<[(u32, u32); 2]> {
    let (na, nb) = (&a.nodes[i as usize], &b.nodes[j as usize]);
    match (na.is_leaf(), nb.is_leaf()) {
        (true, true) => None,
        (leaf_a, leaf_b) => {
            let split_a = !leaf_a && (leaf_b || diag2(na) >= diag2(nb));
            Some(if split_a {
                [(na.first, j), (na.right, j)]
            } else {
                [(i, nb.first), (i, nb.right)]
            })
        }
    }
}

/// One depth-first search with its own bound.
struct Search<'a> {
    a: &'a Bvh,
    b: &'a Bvh,
    /// Skip what is beyond this.
    bound: f64,
    /// True once `bound` is a distance found (by this search or given as
    /// its seed): then near-ties within [`TIE_SLACK_MM`] are skipped too.
    found: bool,
    /// The best pair this search found itself.
    best: Option<Proximity>,
}

impl<'a> Search<'a> {
    /// A search that skips what is farther than `max_distance`, or, with a
    /// `seed`, what cannot beat the seed by more than the tie slack. The
    /// seed itself is not reported again (the caller has it).
    fn new(a: &'a Bvh, b: &'a Bvh, max_distance: f64, seed: Option<Proximity>) -> Self {
        Search {
            a,
            b,
            bound: seed.map_or(max_distance, |p| p.distance),
            found: seed.is_some(),
            best: None,
        }
    }

    /// True when a pair with lower bound `d` cannot improve the answer.
    fn skip(&self, d: f64) -> bool {
        if self.found {
            d >= self.bound - TIE_SLACK_MM
        } else {
            d > self.bound
        }
    }

    /// Search everything below the pairs on `stack`.
    fn run(mut self, mut stack: Vec<Pair>) -> Self {
        while let Some((i, j, d)) = stack.pop() {
            if self.skip(d) {
                continue;
            }
            let Some(kids) = children(self.a, self.b, i, j) else {
                if self.leaves(i, j) {
                    break; // touching: nothing can be closer
                }
                continue;
            };
            let dc = kids.map(|(ci, cj)| self.pair_bound(ci, cj));
            // Push the nearer pair last so it is searched first and
            // tightens the bound before the farther one is looked at.
            let order = if dc[0] <= dc[1] { [1, 0] } else { [0, 1] };
            for k in order {
                if !self.skip(dc[k]) {
                    stack.push((kids[k].0, kids[k].1, dc[k]));
                }
            }
        }
        self
    }

    /// Descend nearest-first from `root` to the first pair of leaves that
    /// holds a pair of triangles within the bound: a good starting bound.
    fn first_find(mut self, root: Pair) -> Option<Proximity> {
        let mut stack = vec![root];
        while let Some((i, j, d)) = stack.pop() {
            if self.skip(d) {
                continue;
            }
            match children(self.a, self.b, i, j) {
                None => {
                    let _ = self.leaves(i, j);
                    if self.best.is_some() {
                        break;
                    }
                }
                Some(kids) => {
                    let dc = kids.map(|(ci, cj)| self.pair_bound(ci, cj));
                    let order = if dc[0] <= dc[1] { [1, 0] } else { [0, 1] };
                    for k in order {
                        stack.push((kids[k].0, kids[k].1, dc[k]));
                    }
                }
            }
        }
        self.best
    }

    /// Lower bound for a node pair: the box distance, then the slab
    /// separation along one node's normal and along the other's, each
    /// looked at only when what came before does not settle the pair.
    /// A pair that is skipped gets [`SKIPPED`] instead of its bound: the
    /// search drops such a pair without comparing its bound to anything
    /// (skipping only grows as the bound shrinks), so its exact value
    /// never matters, and working it out would cost a square root and
    /// the second half of the slab test.
    fn pair_bound(&self, i: u32, j: u32) -> f64 {
        let (na, nb) = (&self.a.nodes[i as usize], &self.b.nodes[j as usize]);
        let d2 = box_distance2(&na.bb, &nb.bb);
        if self.skip_squared(d2) {
            return SKIPPED;
        }
        let ab = separation_along(&na.slab, &nb.slab, &nb.bb);
        if self.skip(ab) {
            return SKIPPED;
        }
        let ba = separation_along(&nb.slab, &na.slab, &na.bb);
        // The same value as `node_bound`: `Aabb::distance` is the root of
        // `box_distance2`, and `separation` is this max.
        d2.sqrt().max(ab.max(ba).max(0.0))
    }

    /// [`Search::skip`] for the distance between two boxes, without a
    /// square root unless the squared distance is within round-off of
    /// the threshold (so the answer is the same as with the root).
    fn skip_boxes(&self, a: &Aabb, b: &Aabb) -> bool {
        self.skip_squared(box_distance2(a, b))
    }

    /// [`Search::skip`] for a distance given by its square `d2`.
    fn skip_squared(&self, d2: f64) -> bool {
        let t = if self.found {
            self.bound - TIE_SLACK_MM
        } else {
            self.bound
        };
        if t > 0.0 {
            let t2 = t * t;
            if d2 > t2 * (1.0 + 1e-12) {
                return true;
            }
            if d2 < t2 * (1.0 - 1e-12) {
                return false;
            }
        }
        self.skip(d2.sqrt())
    }

    /// Measure the triangles of two leaves; true when they touch.
    fn leaves(&mut self, i: u32, j: u32) -> bool {
        let (a, b) = (self.a, self.b);
        let (na, nb) = (&a.nodes[i as usize], &b.nodes[j as usize]);
        for ia in na.first as usize..(na.first + na.count) as usize {
            let (ba, ta, pa) = (&a.boxes[ia], &a.tris[ia], &a.planes[ia]);
            for ib in nb.first as usize..(nb.first + nb.count) as usize {
                // Each test only skips, so their order changes nothing
                // but the cost: on facing curved shells the planes settle
                // all but about one pair in a thousand, the boxes only a
                // third, so the planes go first.
                let tb = &b.tris[ib];
                if self.skip(plane_gap(pa, tb))
                    || self.skip(plane_gap(&b.planes[ib], ta))
                    || self.skip_boxes(ba, &b.boxes[ib])
                {
                    continue;
                }
                let (dist, qa, qb) = triangle_distance(ta, tb);
                let better = dist < self.bound || (!self.found && dist <= self.bound);
                if better {
                    self.bound = dist;
                    self.found = true;
                    self.best = Some(Proximity {
                        distance: dist,
                        point_a: qa,
                        point_b: qb,
                        triangle_a: a.ids[ia] as usize,
                        triangle_b: b.ids[ib] as usize,
                    });
                    if dist == 0.0 {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// Lower bound on the distance between two tree nodes: the larger of the
/// box distance and the slab separation.
fn node_bound(a: &Node, b: &Node) -> f64 {
    a.bb.distance(&b.bb)
        .max(separation(&a.slab, &a.bb, &b.slab, &b.bb))
}

/// Squared Euclidean distance between two boxes, added up exactly as
/// [`Aabb::distance`] does before its square root.
fn box_distance2(a: &Aabb, b: &Aabb) -> f64 {
    let mut d2 = 0.0;
    for i in 0..3 {
        let gap = larger(b.min[i] - a.max[i], a.min[i] - b.max[i]);
        if gap > 0.0 {
            d2 += gap * gap;
        }
    }
    d2
}

/// How far triangle `t` lies off the plane `(normal, offset)` on one side
/// (0 when it touches or crosses it): a lower bound on the distance from
/// `t` to the triangle that spans the plane.
fn plane_gap(plane: &(Vector, f64), t: &[Point; 3]) -> f64 {
    let (n, o) = plane;
    let d = t.map(|p| n.dot(&p.coords) - o);
    let lo = smaller(smaller(d[0], d[1]), d[2]);
    let hi = larger(larger(d[0], d[1]), d[2]);
    larger(larger(lo, -hi), 0.0)
}

/// Squared diagonal of a node's box.
fn diag2(n: &Node) -> f64 {
    n.bb.size().norm_squared()
}

/// Exact distance between two triangles and a closest pair of points
/// (on `t1`, on `t2`). 0 when they touch or intersect.
///
/// Degenerate triangles (segments or points) are handled: every formula
/// below falls back to the edges when a face has no area.
pub fn triangle_distance(t1: &[Point; 3], t2: &[Point; 3]) -> (f64, Point, Point) {
    // A crossing is a distance of exactly 0; check it first so the answer
    // does not depend on round-off in the feature distances.
    let (n1, n2) = (face_normal(t1), face_normal(t2));
    for k in 0..3 {
        let (p, q) = (t1[k], t1[(k + 1) % 3]);
        if let Some(x) = crossing_with_normal(&p, &q, t2, &n2) {
            return (0.0, x, x);
        }
        let (p, q) = (t2[k], t2[(k + 1) % 3]);
        if let Some(x) = crossing_with_normal(&p, &q, t1, &n1) {
            return (0.0, x, x);
        }
    }
    let mut best = (f64::INFINITY, t1[0], t2[0]);
    let mut consider = |d: f64, pa: Point, pb: Point| {
        if d < best.0 {
            best = (d, pa, pb);
        }
    };
    for v in t1 {
        let (d, q) = point_triangle_distance(v, t2);
        consider(d, *v, q);
    }
    for v in t2 {
        let (d, q) = point_triangle_distance(v, t1);
        consider(d, q, *v);
    }
    for i in 0..3 {
        for j in 0..3 {
            let (d, pa, pb) =
                segment_segment_distance(&t1[i], &t1[(i + 1) % 3], &t2[j], &t2[(j + 1) % 3]);
            consider(d, pa, pb);
        }
    }
    best
}

/// Where segment `p q` passes through the triangle's face, if it does,
/// with its ends strictly on opposite sides of the plane (touching and
/// coplanar contacts are found by the vertex and edge distances instead).
pub(crate) fn segment_crosses_triangle(p: &Point, q: &Point, t: &[Point; 3]) -> Option<Point> {
    crossing_with_normal(p, q, t, &face_normal(t))
}

/// Unnormalised normal of a triangle (its area vector, doubled).
fn face_normal(t: &[Point; 3]) -> Vector {
    (t[1] - t[0]).cross(&(t[2] - t[0]))
}

/// [`segment_crosses_triangle`] with the triangle's normal given.
fn crossing_with_normal(p: &Point, q: &Point, t: &[Point; 3], n: &Vector) -> Option<Point> {
    let dp = n.dot(&(p - t[0]));
    let dq = n.dot(&(q - t[0]));
    if !((dp > 0.0 && dq < 0.0) || (dp < 0.0 && dq > 0.0)) {
        return None;
    }
    let x = p + (q - p) * (dp / (dp - dq));
    // Inside (boundary included) when x is on the inner side of all three
    // edges, judged against the face normal.
    let inside = (0..3).all(|k| {
        let (a, b) = (t[k], t[(k + 1) % 3]);
        n.dot(&(b - a).cross(&(x - a))) >= 0.0
    });
    inside.then_some(x)
}

/// Exact distance from `p` to triangle `t` and the closest point on it.
///
/// Ericson, *Real-Time Collision Detection*, 5.1.5: classify `p` against the
/// Voronoi regions of the vertices, edges and face. A triangle without area
/// falls back to its three edges (the face formula would divide by 0).
pub fn point_triangle_distance(p: &Point, t: &[Point; 3]) -> (f64, Point) {
    let [a, b, c] = *t;
    let ab = b - a;
    let ac = c - a;
    let n2 = ab.cross(&ac).norm_squared();
    let scale = ab.norm_squared().max(ac.norm_squared());
    if n2.is_nan() || n2 <= 1e-24 * scale * scale {
        let mut best = (f64::INFINITY, a);
        for k in 0..3 {
            let (d, _, q) = segment_segment_distance(p, p, &t[k], &t[(k + 1) % 3]);
            if d < best.0 {
                best = (d, q);
            }
        }
        return best;
    }
    let done = |q: Point| ((p - q).norm(), q);
    let ap = p - a;
    let d1 = ab.dot(&ap);
    let d2 = ac.dot(&ap);
    if d1 <= 0.0 && d2 <= 0.0 {
        return done(a);
    }
    let bp = p - b;
    let d3 = ab.dot(&bp);
    let d4 = ac.dot(&bp);
    if d3 >= 0.0 && d4 <= d3 {
        return done(b);
    }
    let vc = d1 * d4 - d3 * d2;
    if vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0 {
        return done(a + ab * (d1 / (d1 - d3)));
    }
    let cp = p - c;
    let d5 = ab.dot(&cp);
    let d6 = ac.dot(&cp);
    if d6 >= 0.0 && d5 <= d6 {
        return done(c);
    }
    let vb = d5 * d2 - d1 * d6;
    if vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0 {
        return done(a + ac * (d2 / (d2 - d6)));
    }
    let va = d3 * d6 - d5 * d4;
    if va <= 0.0 && (d4 - d3) >= 0.0 && (d5 - d6) >= 0.0 {
        return done(b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))));
    }
    // Inside the face: distance along the normal, which is more accurate
    // than |p - q| after the barycentric round trip.
    let denom = 1.0 / (va + vb + vc);
    let q = a + ab * (vb * denom) + ac * (vc * denom);
    let nrm = ab.cross(&ac) / n2.sqrt();
    (nrm.dot(&ap).abs(), q)
}

/// Exact distance between segments `p0 p1` and `q0 q1` and a closest pair
/// of points (on the first, on the second).
///
/// Ericson 5.1.9, with two guards: a segment of zero length is a point, and
/// (nearly) parallel segments, where the line–line solution is ill-posed,
/// take the best of the four endpoint-to-segment distances, which is exact
/// for parallel segments.
pub fn segment_segment_distance(
    p0: &Point,
    p1: &Point,
    q0: &Point,
    q1: &Point,
) -> (f64, Point, Point) {
    let d1 = p1 - p0;
    let d2 = q1 - q0;
    let r = p0 - q0;
    let a = d1.norm_squared();
    let e = d2.norm_squared();
    let f = d2.dot(&r);
    let pair = |s: f64, t: f64| {
        let pa = p0 + d1 * s;
        let pb = q0 + d2 * t;
        ((pa - pb).norm(), pa, pb)
    };
    if a == 0.0 && e == 0.0 {
        return pair(0.0, 0.0);
    }
    if a == 0.0 {
        return pair(0.0, (f / e).clamp(0.0, 1.0));
    }
    let c = d1.dot(&r);
    if e == 0.0 {
        return pair((-c / a).clamp(0.0, 1.0), 0.0);
    }
    let b = d1.dot(&d2);
    let denom = a * e - b * b;
    // sin^2 of the angle between the segments is denom / (a e).
    if denom <= 1e-12 * a * e {
        let mut best = endpoint_pair(p0, &d1, a, q0, &d2, e);
        let alt = pair(0.0, (f / e).clamp(0.0, 1.0));
        if alt.0 < best.0 {
            best = alt;
        }
        return best;
    }
    let mut s = ((b * f - c * e) / denom).clamp(0.0, 1.0);
    let mut t = (b * s + f) / e;
    if t < 0.0 {
        t = 0.0;
        s = (-c / a).clamp(0.0, 1.0);
    } else if t > 1.0 {
        t = 1.0;
        s = ((b - c) / a).clamp(0.0, 1.0);
    }
    pair(s, t)
}

/// Best of the four endpoint-to-other-segment distances.
fn endpoint_pair(
    p0: &Point,
    d1: &Vector,
    a: f64,
    q0: &Point,
    d2: &Vector,
    e: f64,
) -> (f64, Point, Point) {
    let on = |o: &Point, d: &Vector, len2: f64, x: &Point| {
        let s = (d.dot(&(x - o)) / len2).clamp(0.0, 1.0);
        o + d * s
    };
    let p1 = p0 + d1;
    let q1 = q0 + d2;
    let cands = [
        (*p0, on(q0, d2, e, p0)),
        (p1, on(q0, d2, e, &p1)),
        (on(p0, d1, a, q0), *q0),
        (on(p0, d1, a, &q1), q1),
    ];
    let mut best = (f64::INFINITY, *p0, *q0);
    for (pa, pb) in cands {
        let d = (pa - pb).norm();
        if d < best.0 {
            best = (d, pa, pb);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Axis-aligned box split into `n` x `n` quads per face, outward wound.
    pub(crate) fn tessellated_box(min: Point, max: Point, n: usize) -> Mesh {
        let mut m = Mesh::new();
        let size = max - min;
        // Each face: origin corner, two in-plane axes (u x v = outward).
        let faces: [(Point, Vector, Vector); 6] = [
            (
                min,
                Vector::new(0.0, size.y, 0.0),
                Vector::new(size.x, 0.0, 0.0),
            ),
            (
                p(min.x, min.y, max.z),
                Vector::new(size.x, 0.0, 0.0),
                Vector::new(0.0, size.y, 0.0),
            ),
            (
                min,
                Vector::new(size.x, 0.0, 0.0),
                Vector::new(0.0, 0.0, size.z),
            ),
            (
                p(min.x, max.y, min.z),
                Vector::new(0.0, 0.0, size.z),
                Vector::new(size.x, 0.0, 0.0),
            ),
            (
                min,
                Vector::new(0.0, 0.0, size.z),
                Vector::new(0.0, size.y, 0.0),
            ),
            (
                p(max.x, min.y, min.z),
                Vector::new(0.0, size.y, 0.0),
                Vector::new(0.0, 0.0, size.z),
            ),
        ];
        for (o, u, v) in faces {
            let base = m.vertices.len() as u32;
            for i in 0..=n {
                for j in 0..=n {
                    let (s, t) = (i as f64 / n as f64, j as f64 / n as f64);
                    m.add_vertex(o + u * s + v * t);
                }
            }
            let at = |i: usize, j: usize| base + (i * (n + 1) + j) as u32;
            for i in 0..n {
                for j in 0..n {
                    m.add_quad(at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
                }
            }
        }
        m
    }

    #[test]
    fn point_above_face_edge_and_vertex() {
        let t = [p(0.0, 0.0, 0.0), p(2.0, 0.0, 0.0), p(0.0, 2.0, 0.0)];
        let (d, q) = point_triangle_distance(&p(0.5, 0.5, 3.0), &t);
        assert!(close(d, 3.0) && (q - p(0.5, 0.5, 0.0)).norm() < 1e-12);
        let (d, q) = point_triangle_distance(&p(1.0, -2.0, 0.0), &t);
        assert!(close(d, 2.0) && (q - p(1.0, 0.0, 0.0)).norm() < 1e-12);
        let (d, q) = point_triangle_distance(&p(-3.0, -4.0, 0.0), &t);
        assert!(close(d, 5.0) && q == t[0]);
        // Degenerate (collinear) triangle: distance to the segment.
        let flat = [p(0.0, 0.0, 0.0), p(1.0, 0.0, 0.0), p(2.0, 0.0, 0.0)];
        let (d, _) = point_triangle_distance(&p(1.5, 0.0, 4.0), &flat);
        assert!(close(d, 4.0));
        let dot = [p(1.0, 1.0, 1.0); 3];
        assert!(close(
            point_triangle_distance(&p(1.0, 1.0, 3.0), &dot).0,
            2.0
        ));
    }

    #[test]
    fn segments_crossing_parallel_and_degenerate() {
        // Crossing at right angles, 1 apart in z.
        let (d, a, b) = segment_segment_distance(
            &p(-1.0, 0.0, 0.0),
            &p(1.0, 0.0, 0.0),
            &p(0.0, -1.0, 1.0),
            &p(0.0, 1.0, 1.0),
        );
        assert!(close(d, 1.0) && a == p(0.0, 0.0, 0.0) && b == p(0.0, 0.0, 1.0));
        // Parallel and overlapping: 0.3 apart.
        let (d, a, b) = segment_segment_distance(
            &p(0.0, 0.0, 0.0),
            &p(2.0, 0.0, 0.0),
            &p(1.0, 0.3, 0.0),
            &p(3.0, 0.3, 0.0),
        );
        assert!(close(d, 0.3) && close((a - b).norm(), 0.3));
        // Collinear, disjoint: gap of 1 between the ends.
        let (d, ..) = segment_segment_distance(
            &p(0.0, 0.0, 0.0),
            &p(1.0, 0.0, 0.0),
            &p(3.0, 0.0, 0.0),
            &p(2.0, 0.0, 0.0),
        );
        assert!(close(d, 1.0));
        // Both points.
        let (d, ..) = segment_segment_distance(
            &p(0.0, 0.0, 0.0),
            &p(0.0, 0.0, 0.0),
            &p(0.0, 3.0, 4.0),
            &p(0.0, 3.0, 4.0),
        );
        assert!(close(d, 5.0));
        // Nearly parallel, long: the interior minimum must be found.
        let (d, ..) = segment_segment_distance(
            &p(-100.0, 0.0, 0.0),
            &p(100.0, 0.0, 0.0),
            &p(-100.0, -1e-7, 0.5),
            &p(100.0, 1e-7, 0.5),
        );
        assert!(close(d, 0.5), "{d}");
    }

    #[test]
    fn triangle_pairs() {
        let t = [p(0.0, 0.0, 0.0), p(1.0, 0.0, 0.0), p(0.0, 1.0, 0.0)];
        // Parallel, stacked 0.25 above.
        let up = t.map(|v| v + Vector::new(0.0, 0.0, 0.25));
        assert!(close(triangle_distance(&t, &up).0, 0.25));
        // Edge over edge, crossing: the closest points are edge interiors,
        // not vertices.
        let a = [p(-1.0, 0.0, 0.0), p(1.0, 0.0, 0.0), p(0.0, 0.0, -1.0)];
        let b = [p(0.0, -1.0, 0.7), p(0.0, 1.0, 0.7), p(0.0, 0.0, 2.0)];
        let (d, pa, pb) = triangle_distance(&a, &b);
        assert!(close(d, 0.7) && (pa - p(0.0, 0.0, 0.0)).norm() < 1e-12);
        assert!((pb - p(0.0, 0.0, 0.7)).norm() < 1e-12);
        // Piercing: an edge of b passes through the face of t.
        let pierce = [p(0.2, 0.2, -1.0), p(0.2, 0.2, 1.0), p(5.0, 5.0, 0.5)];
        let (d, pa, pb) = triangle_distance(&t, &pierce);
        assert_eq!(d, 0.0);
        assert_eq!(pa, pb);
        assert!((pa - p(0.2, 0.2, 0.0)).norm() < 1e-12);
        // Touching at a vertex and sharing an edge.
        let touch = [p(1.0, 0.0, 0.0), p(2.0, 0.0, 0.0), p(2.0, 1.0, 0.0)];
        assert!(triangle_distance(&t, &touch).0 < 1e-15);
        // Coplanar, overlapping (no vertex inside the other).
        let star = [p(-0.1, 0.3, 0.0), p(0.5, 0.3, 0.0), p(0.2, -0.5, 0.0)];
        assert!(triangle_distance(&t, &star).0 < 1e-15);
        // Symmetric.
        assert!(close(
            triangle_distance(&up, &t).0,
            triangle_distance(&t, &up).0
        ));
    }

    #[test]
    fn two_boxes_point_three_apart() {
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 10.0), 8);
        let b = tessellated_box(p(10.3, 2.0, -3.0), p(15.0, 7.0, 4.0), 5);
        let prox = min_distance(&a, &b, 2.0).expect("within 2 mm");
        assert!((prox.distance - 0.3).abs() < 1e-12, "{prox:?}");
        assert!(close(prox.point_a.x, 10.0) && close(prox.point_b.x, 10.3));
        assert!(close((prox.point_b - prox.point_a).norm(), prox.distance));
        // The reported triangles hold the reported points.
        assert!(point_triangle_distance(&prox.point_a, &a.corners(prox.triangle_a)).0 < 1e-12);
        assert!(point_triangle_distance(&prox.point_b, &b.corners(prox.triangle_b)).0 < 1e-12);
        // Beyond the search radius: none.
        assert_eq!(min_distance(&a, &b, 0.29), None);
        // Overlapping boxes: 0.
        let c = tessellated_box(p(9.0, 9.0, 9.0), p(12.0, 12.0, 12.0), 3);
        assert_eq!(min_distance(&a, &c, 1.0).map(|x| x.distance), Some(0.0));
    }

    #[test]
    fn nested_boxes_measure_the_inner_gap() {
        // A box inside a bigger box: the outer one's bbox contains the
        // inner one, yet the surfaces are 0.5 apart at the closest face.
        let outer = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 10.0), 6);
        let inner = tessellated_box(p(0.5, 1.0, 2.0), p(8.0, 8.0, 8.0), 7);
        let prox = min_distance(&inner, &outer, f64::INFINITY).unwrap();
        assert!(close(prox.distance, 0.5), "{prox:?}");
    }

    #[test]
    fn triangle_distance_is_a_true_minimum() {
        // Independent of the formulas: the reported points lie on the
        // triangles and are d apart, and no pair of sampled points (a
        // barycentric grid on each triangle) is closer than d.
        use proptest::prelude::*;
        let coord = -2.0f64..2.0;
        let tri = proptest::array::uniform3(proptest::array::uniform3(coord));
        let mut runner = proptest::test_runner::TestRunner::default();
        let samples = |t: &[Point; 3]| {
            let mut out = Vec::new();
            let n = 8;
            for i in 0..=n {
                for j in 0..=n - i {
                    let (u, v) = (i as f64 / n as f64, j as f64 / n as f64);
                    out.push(t[0] + (t[1] - t[0]) * u + (t[2] - t[0]) * v);
                }
            }
            out
        };
        runner
            .run(&(tri.clone(), tri), |(a, b)| {
                let ta = a.map(|c| p(c[0], c[1], c[2]));
                let tb = b.map(|c| p(c[0], c[1] + 1.0, c[2]));
                let (d, pa, pb) = triangle_distance(&ta, &tb);
                prop_assert!(((pa - pb).norm() - d).abs() < 1e-9);
                prop_assert!(point_triangle_distance(&pa, &ta).0 < 1e-9);
                prop_assert!(point_triangle_distance(&pb, &tb).0 < 1e-9);
                let (sa, sb) = (samples(&ta), samples(&tb));
                for x in &sa {
                    for y in &sb {
                        prop_assert!((x - y).norm() >= d - 1e-9);
                    }
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn parallel_search_is_exact_and_deterministic_on_near_ties() {
        use crate::geom::fixtures::{flipped, uv_sphere};
        // Two concentric spheres on the same grid, 0.2 apart: every facing
        // pair of facets is a near-tie. 2 x 240 x 119 = 57,120 triangles
        // per sphere, above PARALLEL_SEARCH in all.
        let c = p(0.0, 0.0, 0.0);
        let outer = Bvh::build(&flipped(uv_sphere(c, 10.2, 120, 240)));
        let inner = Bvh::build(&uv_sphere(c, 10.0, 120, 240));
        assert!(outer.len() + inner.len() >= PARALLEL_SEARCH);
        let got = min_distance_bvh(&outer, &inner, 2.0).unwrap();
        let serial = Search::new(&outer, &inner, 2.0, None)
            .run(vec![(0, 0, 0.0)])
            .best
            .unwrap();
        assert!((got.distance - serial.distance).abs() <= TIE_SLACK_MM);
        // The outer polyhedron holds the ball of radius 10.2 cos(theta),
        // theta the largest angle from a facet's centre to its corners
        // (at most a grid step times sqrt 2 / 2); the inner one lies in
        // the ball of radius 10.
        let theta = 2f64.sqrt() / 2.0 * std::f64::consts::PI / 120.0;
        let low = 10.2 * theta.cos() - 10.0;
        assert!(got.distance <= 0.2 && got.distance >= low, "{got:?}");
        for _ in 0..3 {
            assert_eq!(min_distance_bvh(&outer, &inner, 2.0), Some(got));
        }
    }

    /// The least distance over every pair of triangles of `a` and `b`.
    fn brute_force(a: &Mesh, b: &Mesh) -> f64 {
        let mut best = f64::INFINITY;
        for i in 0..a.triangles.len() {
            for j in 0..b.triangles.len() {
                best = best.min(triangle_distance(&a.corners(i), &b.corners(j)).0);
            }
        }
        best
    }

    #[test]
    fn brute_force_agrees_on_slivers_computed_in_f64() {
        // Triangles (c, a, c + 2 (a - c)) are lines in exact arithmetic;
        // in f64 most have a cross product of round-off alone, whose
        // normal points anywhere. Their planes must not be trusted, or
        // the plane tests skip the closest pair.
        let mut next = crate::geom::fixtures::unit_random(0x2545_f491_4f6c_dd1d);
        let mut rough = 0;
        for _ in 0..200 {
            let mut slivers = Mesh::new();
            let mut others = Mesh::new();
            for _ in 0..30 {
                let c = p(next() * 10.0, next() * 10.0, next() * 10.0);
                let a = c + Vector::new(next() - 0.5, next() - 0.5, next() - 0.5);
                let v = [c, a, c + (a - c) * 2.0].map(|q| slivers.add_vertex(q));
                slivers.add_triangle(v[0], v[1], v[2]);
                let e = p(next() * 10.0, next() * 10.0, next() * 10.0);
                let w = [
                    e,
                    e + Vector::new(next(), 0.0, 0.0),
                    e + Vector::new(0.0, next(), 0.0),
                ]
                .map(|q| others.add_vertex(q));
                others.add_triangle(w[0], w[1], w[2]);
            }
            let tree = Bvh::build(&slivers);
            rough += tree
                .planes
                .iter()
                .filter(|p| p.0 == Vector::zeros())
                .count();
            let brute = brute_force(&slivers, &others);
            let got = min_distance(&slivers, &others, f64::INFINITY).unwrap();
            assert!(
                (got.distance - brute).abs() <= TIE_SLACK_MM,
                "{} against {brute}",
                got.distance
            );
        }
        // The case is exercised: many slivers had a plane too rough to use.
        assert!(rough > 1000, "{rough}");
    }

    #[test]
    fn brute_force_agrees_on_random_soups() {
        use proptest::prelude::*;
        use proptest::test_runner::TestRunner;
        let coord = -3.0f64..3.0;
        let tri = proptest::array::uniform3(proptest::array::uniform3(coord));
        let soup = proptest::collection::vec(tri, 1..25);
        let mut runner = TestRunner::default();
        runner
            .run(&(soup.clone(), soup, 0.0f64..4.0), |(sa, sb, shift)| {
                let to_mesh = |s: &Vec<[[f64; 3]; 3]>, dz: f64| {
                    let mut m = Mesh::new();
                    for t in s {
                        let v = t.map(|c| m.add_vertex(p(c[0], c[1], c[2] + dz)));
                        m.add_triangle(v[0], v[1], v[2]);
                    }
                    m
                };
                let (ma, mb) = (to_mesh(&sa, 0.0), to_mesh(&sb, shift));
                let brute = brute_force(&ma, &mb);
                let got = min_distance(&ma, &mb, f64::INFINITY).unwrap();
                prop_assert!((got.distance - brute).abs() <= TIE_SLACK_MM);
                let check =
                    triangle_distance(&ma.corners(got.triangle_a), &mb.corners(got.triangle_b));
                prop_assert!((check.0 - got.distance).abs() < 1e-12);
                Ok(())
            })
            .unwrap();
    }
}
