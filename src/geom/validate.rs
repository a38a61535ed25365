//! The mesh validator: lists every defect of a part.
//!
//! A part must be one closed, consistently oriented 2-manifold with positive
//! signed volume and no degenerate or non-finite triangle. Degenerate
//! triangles come in three tiers ([`MeshDefect::severity`]): a triangle
//! that names one vertex twice or has no area within the file's precision
//! is an error (slicers drop or choke on it, and it breaks the topology
//! count), while a *needle* (real but tiny area, or a very short edge) is
//! only a warning: CAD, OpenSCAD and Blender exports are full of valid
//! ones and every slicer accepts them. Our own coupons are held to the
//! strict rule (no needles either): [`check`] counts every tier.
//! Triangles naming a vertex twice are left out of the edge and fan
//! counts, as slicers drop them before slicing, so one of them is one
//! defect and not a cascade of open edges. The check counts
//! directed-edge uses exactly (sorting, not hash insert/remove), because a
//! pairing trick such as `stl_io::IndexedMesh::validate` accepts a mesh
//! written twice, where every edge is used four times.

use super::math::{MIN_EDGE_LENGTH, MIN_TRIANGLE_AREA};
use super::mesh::Mesh;
use std::fmt;

/// One thing wrong with a mesh part.
#[derive(Debug, Clone, PartialEq)]
pub enum MeshDefect {
    /// The mesh has no triangles.
    Empty,
    /// A triangle names a vertex that does not exist.
    IndexOutOfRange {
        /// Triangle index.
        triangle: usize,
        /// The bad vertex index.
        index: u32,
    },
    /// A vertex coordinate is NaN or infinite.
    NonFiniteVertex {
        /// Vertex index.
        vertex: usize,
    },
    /// A triangle names the same vertex twice (after welding).
    RepeatedVertex {
        /// Triangle index.
        triangle: usize,
    },
    /// A triangle's three corners are in a line (or a point) within the
    /// precision of its coordinates: it has no area and no normal.
    ZeroArea {
        /// Triangle index.
        triangle: usize,
        /// Its area in mm^2.
        area: f64,
    },
    /// A valid but sliver triangle: area at most [`MIN_TRIANGLE_AREA`] or
    /// shortest edge at most [`MIN_EDGE_LENGTH`]. A warning for `check`.
    Needle {
        /// Triangle index.
        triangle: usize,
        /// Its area in mm^2.
        area: f64,
        /// Its shortest edge in mm.
        shortest_edge: f64,
    },
    /// Two triangles of the part that share no edge cross each other
    /// (found by `check`, not by [`defects`]).
    SelfIntersection {
        /// One triangle.
        triangle_a: usize,
        /// The other.
        triangle_b: usize,
    },
    /// An edge is used by one triangle only: a hole in the surface.
    OpenEdge {
        /// Vertex indices of the edge.
        edge: (u32, u32),
    },
    /// An edge is shared by more than two triangles.
    NonManifoldEdge {
        /// Vertex indices of the edge.
        edge: (u32, u32),
        /// How many triangles use it.
        uses: usize,
    },
    /// Two triangles sharing an edge walk it in the same direction: one of
    /// them is flipped.
    InconsistentWinding {
        /// Vertex indices of the edge.
        edge: (u32, u32),
    },
    /// The triangles around a vertex form more than one fan (a bow tie).
    NonManifoldVertex {
        /// Vertex index.
        vertex: u32,
        /// Number of separate fans.
        fans: usize,
    },
    /// The part is not one connected shell.
    Disconnected {
        /// Number of connected shells.
        shells: usize,
    },
    /// The closed surface encloses non-positive volume: it faces inwards.
    InsideOut {
        /// Signed volume in mm^3.
        volume: f64,
    },
}

impl fmt::Display for MeshDefect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeshDefect::Empty => write!(f, "the mesh has no triangles"),
            MeshDefect::IndexOutOfRange { triangle, index } => {
                write!(
                    f,
                    "triangle {triangle} names vertex {index}, which does not exist"
                )
            }
            MeshDefect::NonFiniteVertex { vertex } => {
                write!(f, "vertex {vertex} has a NaN or infinite coordinate")
            }
            MeshDefect::RepeatedVertex { triangle } => write!(
                f,
                "triangle {triangle} names the same vertex twice (slicers drop it)"
            ),
            MeshDefect::ZeroArea { triangle, area } => write!(
                f,
                "triangle {triangle} has no area ({area:.3e} mm^2: its corners are in a line)"
            ),
            MeshDefect::Needle {
                triangle,
                area,
                shortest_edge,
            } => write!(
                f,
                "triangle {triangle} is a needle (area {area:.3e} mm^2, shortest edge {shortest_edge:.3e} mm; limits {MIN_TRIANGLE_AREA:e} and {MIN_EDGE_LENGTH:e})"
            ),
            MeshDefect::SelfIntersection {
                triangle_a,
                triangle_b,
            } => write!(
                f,
                "triangles {triangle_a} and {triangle_b} of the same part cross each other (self-intersection)"
            ),
            MeshDefect::OpenEdge { edge } => {
                write!(
                    f,
                    "edge {}-{} is used by one triangle only (open surface)",
                    edge.0, edge.1
                )
            }
            MeshDefect::NonManifoldEdge { edge, uses } => write!(
                f,
                "edge {}-{} is shared by {uses} triangles (a 2-manifold shares each edge by exactly 2)",
                edge.0, edge.1
            ),
            MeshDefect::InconsistentWinding { edge } => write!(
                f,
                "edge {}-{} is walked in the same direction by two triangles (one is flipped)",
                edge.0, edge.1
            ),
            MeshDefect::NonManifoldVertex { vertex, fans } => {
                write!(
                    f,
                    "vertex {vertex} joins {fans} separate fans of triangles (bow tie)"
                )
            }
            MeshDefect::Disconnected { shells } => {
                write!(f, "the part is {shells} separate shells, not one")
            }
            MeshDefect::InsideOut { volume } => write!(
                f,
                "the part encloses a signed volume of {volume:.6} mm^3 (must be > 0: it faces inwards)"
            ),
        }
    }
}

/// How much a defect matters to a slicer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is not a valid solid: a slicer rejects, repairs or
    /// misreads it. `check` fails.
    Error,
    /// Worth knowing, accepted by slicers. `check` still passes.
    Warning,
}

impl MeshDefect {
    /// Error or warning: only [`MeshDefect::Needle`] is a warning.
    pub fn severity(&self) -> Severity {
        match self {
            MeshDefect::Needle { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Order of seriousness, most serious first: unusable data, holes and
    /// broken topology, orientation and shells, self-intersection,
    /// degenerate triangles, then warnings.
    pub fn rank(&self) -> u8 {
        match self {
            MeshDefect::Empty
            | MeshDefect::IndexOutOfRange { .. }
            | MeshDefect::NonFiniteVertex { .. } => 0,
            MeshDefect::OpenEdge { .. }
            | MeshDefect::NonManifoldEdge { .. }
            | MeshDefect::NonManifoldVertex { .. }
            | MeshDefect::InconsistentWinding { .. } => 1,
            MeshDefect::InsideOut { .. } | MeshDefect::Disconnected { .. } => 2,
            MeshDefect::SelfIntersection { .. } => 3,
            MeshDefect::RepeatedVertex { .. } | MeshDefect::ZeroArea { .. } => 4,
            MeshDefect::Needle { .. } => 5,
        }
    }
}

/// Sort defects most serious first ([`MeshDefect::rank`]), keeping file
/// order within a rank.
pub fn sort_by_rank(defects: &mut [MeshDefect]) {
    defects.sort_by_key(MeshDefect::rank);
}

/// What is wrong with one triangle's shape, if anything.
fn triangle_shape(mesh: &Mesh, t: usize) -> Option<MeshDefect> {
    if repeats(&mesh.triangles[t]) {
        return Some(MeshDefect::RepeatedVertex { triangle: t });
    }
    let [a, b, c] = mesh.corners(t);
    let area = (b - a).cross(&(c - a)).norm() / 2.0;
    let edges = [(b - a).norm(), (c - b).norm(), (a - c).norm()];
    let longest = edges[0].max(edges[1]).max(edges[2]);
    let shortest = edges[0].min(edges[1]).min(edges[2]);
    // Zero within the file's precision: below the needle area limit, and
    // the height over the longest edge is below one f32 step of the
    // largest coordinate (STL stores f32), so the corners are in a line
    // as far as the file can tell. (A long sliver with more area is a
    // real triangle, as before.)
    let scale = [a, b, c]
        .iter()
        .map(|p| p.coords.amax())
        .fold(0.0f64, f64::max);
    let resolution = f64::from(f32::EPSILON) * scale;
    if area == 0.0 || (area <= MIN_TRIANGLE_AREA && 2.0 * area <= resolution * longest) {
        return Some(MeshDefect::ZeroArea { triangle: t, area });
    }
    (area <= MIN_TRIANGLE_AREA || shortest <= MIN_EDGE_LENGTH).then_some(MeshDefect::Needle {
        triangle: t,
        area,
        shortest_edge: shortest,
    })
}

/// True for a triangle that names one vertex twice.
fn repeats(t: &[u32; 3]) -> bool {
    t[0] == t[1] || t[1] == t[2] || t[0] == t[2]
}

/// Every defect of `mesh`, taken as one part. Empty when the part is a
/// closed, outward, consistently wound, connected 2-manifold.
pub fn defects(mesh: &Mesh) -> Vec<MeshDefect> {
    let mut out = Vec::new();
    if mesh.triangles.is_empty() {
        out.push(MeshDefect::Empty);
        return out;
    }
    let nv = mesh.vertices.len();
    let mut indices_ok = true;
    for (t, tri) in mesh.triangles.iter().enumerate() {
        for &i in tri {
            if i as usize >= nv {
                out.push(MeshDefect::IndexOutOfRange {
                    triangle: t,
                    index: i,
                });
                indices_ok = false;
            }
        }
    }
    if !indices_ok {
        return out;
    }
    let mut finite = true;
    for (i, p) in mesh.vertices.iter().enumerate() {
        if !(p.x.is_finite() && p.y.is_finite() && p.z.is_finite()) {
            out.push(MeshDefect::NonFiniteVertex { vertex: i });
            finite = false;
        }
    }
    if finite {
        out.extend((0..mesh.triangles.len()).filter_map(|t| triangle_shape(mesh, t)));
    }
    let edges_ok = edge_defects(mesh, &mut out);
    if edges_ok {
        vertex_fan_defects(mesh, &mut out);
        let shells = shell_count(mesh);
        if shells != 1 {
            out.push(MeshDefect::Disconnected { shells });
        }
        if finite {
            let volume = mesh.signed_volume();
            if volume <= 0.0 || !volume.is_finite() {
                out.push(MeshDefect::InsideOut { volume });
            }
        }
    }
    out
}

/// `Ok` when the part has no defect, else all of them.
pub fn check(mesh: &Mesh) -> Result<(), Vec<MeshDefect>> {
    let d = defects(mesh);
    if d.is_empty() { Ok(()) } else { Err(d) }
}

/// Group `(key, value)` pairs by key (a counting sort): for key `k` the
/// values are `values[offsets[k]..offsets[k + 1]]`. Linear time; the
/// validator runs on every coupon it builds, so it must be cheap.
fn bucket<T: Copy + Default>(keys: usize, items: &[(u32, T)]) -> (Vec<usize>, Vec<T>) {
    let mut offsets = vec![0usize; keys + 1];
    for &(k, _) in items {
        offsets[k as usize + 1] += 1;
    }
    for k in 0..keys {
        offsets[k + 1] += offsets[k];
    }
    let mut fill = offsets.clone();
    let mut values = vec![T::default(); items.len()];
    for &(k, v) in items {
        values[fill[k as usize]] = v;
        fill[k as usize] += 1;
    }
    (offsets, values)
}

/// Count directed edge uses exactly. Returns true when every edge is used
/// once in each direction.
fn edge_defects(mesh: &Mesh, out: &mut Vec<MeshDefect>) -> bool {
    // Bucket each directed edge under its smaller vertex, remembering the
    // other vertex and the direction; both directions of an edge then sit
    // in one small bucket.
    let mut items: Vec<(u32, (u32, bool))> = Vec::with_capacity(mesh.triangles.len() * 3);
    for t in mesh.triangles.iter().filter(|t| !repeats(t)) {
        for k in 0..3 {
            let (a, b) = (t[k], t[(k + 1) % 3]);
            items.push(if a < b {
                (a, (b, true))
            } else {
                (b, (a, false))
            });
        }
    }
    let (offsets, values) = bucket(mesh.vertices.len(), &items);
    let before = out.len();
    for lo in 0..mesh.vertices.len() {
        let bucket = &values[offsets[lo]..offsets[lo + 1]];
        for (k, &(hi, _)) in bucket.iter().enumerate() {
            if bucket[..k].iter().any(|&(h, _)| h == hi) {
                continue; // counted with its first occurrence
            }
            let uses = bucket[k..].iter().filter(|&&(h, _)| h == hi);
            let (fwd, run) = uses.fold((0, 0), |(f, r), &(_, up)| (f + usize::from(up), r + 1));
            let edge = (lo as u32, hi);
            if run > 2 {
                out.push(MeshDefect::NonManifoldEdge { edge, uses: run });
            } else if run == 1 {
                out.push(MeshDefect::OpenEdge { edge });
            } else if fwd != 1 {
                out.push(MeshDefect::InconsistentWinding { edge });
            }
        }
    }
    out.len() == before
}

/// With every edge manifold, the triangles around each vertex must form one
/// fan (one cycle of edge-adjacent triangles).
fn vertex_fan_defects(mesh: &Mesh, out: &mut Vec<MeshDefect>) {
    // For each vertex v and each triangle (v, b, c) in winding order, link
    // b -> c. A single fan is one cycle over the vertex's neighbours.
    let mut items: Vec<(u32, (u32, u32))> = Vec::with_capacity(mesh.triangles.len() * 3);
    for t in mesh.triangles.iter().filter(|t| !repeats(t)) {
        for k in 0..3 {
            items.push((t[k], (t[(k + 1) % 3], t[(k + 2) % 3])));
        }
    }
    let (offsets, links) = bucket(mesh.vertices.len(), &items);
    for v in 0..mesh.vertices.len() {
        let fan = &links[offsets[v]..offsets[v + 1]];
        if fan.is_empty() {
            continue;
        }
        // A vertex has few neighbours: linear lookups beat a map.
        let next = |b: u32| fan.iter().find(|l| l.0 == b).map(|l| l.1);
        let degree = fan.len();
        let start = fan[0].0;
        let mut cur = start;
        let mut steps = 0;
        while let Some(n) = next(cur) {
            cur = n;
            steps += 1;
            if cur == start || steps > degree {
                break;
            }
        }
        if steps != degree || cur != start {
            // Count the fans for the message.
            let mut seen: Vec<u32> = Vec::new();
            let mut fans = 0;
            for link in fan {
                if seen.contains(&link.0) {
                    continue;
                }
                fans += 1;
                let mut c = link.0;
                while !seen.contains(&c) {
                    seen.push(c);
                    match next(c) {
                        Some(n) => c = n,
                        None => break,
                    }
                }
            }
            out.push(MeshDefect::NonManifoldVertex {
                vertex: v as u32,
                fans: fans.max(2),
            });
        }
    }
}

/// Number of edge-connected shells among the triangles.
pub fn shell_count(mesh: &Mesh) -> usize {
    shells(mesh).iter().copied().max().map_or(0, |m| m + 1)
}

/// Shell id of every triangle (0..n), shells joined through shared vertices.
pub fn shells(mesh: &Mesh) -> Vec<usize> {
    let nv = mesh.vertices.len();
    let mut parent: Vec<u32> = (0..nv as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for t in &mesh.triangles {
        let r0 = find(&mut parent, t[0]);
        for &v in &t[1..] {
            let r = find(&mut parent, v);
            if r != r0 {
                parent[r as usize] = r0;
            }
        }
    }
    let mut ids = vec![usize::MAX; nv];
    let mut next_id = 0;
    mesh.triangles
        .iter()
        .map(|t| {
            let r = find(&mut parent, t[0]) as usize;
            if ids[r] == usize::MAX {
                ids[r] = next_id;
                next_id += 1;
            }
            ids[r]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::math::Point;

    fn tetra() -> Mesh {
        crate::geom::fixtures::tetrahedron()
    }

    #[test]
    fn closed_tetrahedron_is_valid() {
        assert_eq!(defects(&tetra()), vec![]);
    }

    #[test]
    fn tetrahedron_written_twice_is_non_manifold() {
        // stl_io's validate() accepts this; we must not.
        let mut m = tetra();
        let t = m.triangles.clone();
        m.triangles.extend(t);
        let d = defects(&m);
        assert!(
            d.iter()
                .any(|d| matches!(d, MeshDefect::NonManifoldEdge { uses: 4, .. })),
            "{d:?}"
        );
    }

    #[test]
    fn missing_face_gives_open_edges() {
        let mut m = tetra();
        m.triangles.pop();
        let d = defects(&m);
        assert_eq!(
            d.iter()
                .filter(|d| matches!(d, MeshDefect::OpenEdge { .. }))
                .count(),
            3
        );
    }

    #[test]
    fn flipped_face_is_inconsistent() {
        let mut m = tetra();
        m.triangles[0].swap(1, 2);
        let d = defects(&m);
        assert!(
            d.iter()
                .any(|d| matches!(d, MeshDefect::InconsistentWinding { .. })),
            "{d:?}"
        );
    }

    #[test]
    fn inside_out_part_is_reported() {
        let mut m = tetra();
        for t in &mut m.triangles {
            t.swap(1, 2);
        }
        assert!(matches!(defects(&m)[..], [MeshDefect::InsideOut { .. }]));
    }

    #[test]
    fn degenerate_and_non_finite_and_out_of_range() {
        let mut m = tetra();
        m.vertices[3] = Point::new(0.0, 0.0, 1e-9);
        assert!(
            defects(&m)
                .iter()
                .any(|d| matches!(d, MeshDefect::ZeroArea { .. }))
        );
        m.vertices[3] = Point::new(f64::NAN, 0.0, 1.0);
        assert!(
            defects(&m)
                .iter()
                .any(|d| matches!(d, MeshDefect::NonFiniteVertex { vertex: 3 }))
        );
        let mut m = tetra();
        m.triangles[0][0] = 9;
        assert!(matches!(
            defects(&m)[..],
            [MeshDefect::IndexOutOfRange { index: 9, .. }]
        ));
        assert_eq!(defects(&Mesh::new()), vec![MeshDefect::Empty]);
    }

    #[test]
    fn degenerate_tiers_needles_zero_area_and_repeated_vertices() {
        // A needle: 0.05 um edges, real area. A warning, but still a defect
        // for our own coupons.
        let mut m = tetra();
        m.vertices[3] = Point::new(0.0, 0.0, 5e-5);
        let d = defects(&m);
        assert!(!d.is_empty());
        assert!(
            d.iter().all(
                |d| matches!(d, MeshDefect::Needle { .. }) && d.severity() == Severity::Warning
            ),
            "{d:?}"
        );
        // Collinear corners: zero area, an error.
        let mut m = tetra();
        let extra = m.add_vertex(Point::new(0.5, 0.0, 0.0));
        m.triangles.push([0, extra, 1]);
        m.triangles.push([1, extra, 0]);
        let d = defects(&m);
        assert!(
            d.iter()
                .any(|d| matches!(d, MeshDefect::ZeroArea { triangle: 4, .. })
                    && d.severity() == Severity::Error),
            "{d:?}"
        );
        // A triangle naming a vertex twice: one defect, no open edges.
        let mut m = tetra();
        m.triangles.push([0, 0, 1]);
        assert_eq!(
            defects(&m),
            vec![MeshDefect::RepeatedVertex { triangle: 4 }]
        );
    }

    #[test]
    fn defects_sort_most_serious_first() {
        let mut d = vec![
            MeshDefect::Needle {
                triangle: 0,
                area: 0.0,
                shortest_edge: 0.0,
            },
            MeshDefect::ZeroArea {
                triangle: 1,
                area: 0.0,
            },
            MeshDefect::InsideOut { volume: -1.0 },
            MeshDefect::OpenEdge { edge: (1, 2) },
            MeshDefect::OpenEdge { edge: (0, 2) },
            MeshDefect::NonFiniteVertex { vertex: 3 },
        ];
        sort_by_rank(&mut d);
        let kinds: Vec<u8> = d.iter().map(MeshDefect::rank).collect();
        assert_eq!(kinds, [0, 1, 1, 2, 4, 5]);
        // File order is kept within a rank.
        assert_eq!(d[1], MeshDefect::OpenEdge { edge: (1, 2) });
    }

    #[test]
    fn two_shells_and_bow_tie() {
        let mut m = tetra();
        let mut far = tetra();
        far.translate(crate::geom::math::Vector::new(5.0, 0.0, 0.0));
        m.append(&far);
        assert_eq!(defects(&m), vec![MeshDefect::Disconnected { shells: 2 }]);
        // Weld one vertex of the second tetrahedron onto the first: a bow tie.
        let mut m = tetra();
        let mut other = tetra();
        for p in &mut other.vertices {
            *p = Point::new(-p.x, -p.y, -p.z);
        }
        for t in &mut other.triangles {
            t.swap(1, 2);
        }
        let base = m.vertices.len() as u32;
        m.append(&other);
        for t in m.triangles.iter_mut().skip(4) {
            for i in t.iter_mut() {
                if *i == base {
                    *i = 0;
                }
            }
        }
        m.vertices.remove(base as usize);
        for t in m.triangles.iter_mut() {
            for i in t.iter_mut() {
                if *i > base {
                    *i -= 1;
                }
            }
        }
        let d = defects(&m);
        assert!(
            d.iter()
                .any(|d| matches!(d, MeshDefect::NonManifoldVertex { vertex: 0, fans: 2 })),
            "{d:?}"
        );
    }
}
