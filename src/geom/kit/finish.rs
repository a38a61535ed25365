//! The finishing pass: from faces to a validated, watertight mesh.
//!
//! 1. Weld: every loop point becomes a vertex, shared by exact position
//!    (the same rule as [`MeshBuilder`]: identity, not tolerance).
//! 2. Split edges: every vertex lying on a face edge (within
//!    [`EPS_MM`]) is inserted into that edge, in order. This is the
//!    T-junction fix: a face need not repeat the points its neighbours put
//!    on a shared edge.
//! 3. Triangulate each face in its plane (projected along the dominant axis
//!    of its outward side) with [`triangulate_holes`], which adds and drops
//!    no vertex.
//! 4. Validate with [`defects`]; the first defect (most serious first) is
//!    reported with the name of a face behind it.

use super::face::Face;
use crate::error::KitError;
use crate::geom::math::EPS_MM;
use crate::geom::polygon::{signed_area2, triangulate_holes};
use crate::geom::validate::{MeshDefect, defects, sort_by_rank};
use crate::geom::{Mesh, MeshBuilder, Point, Point2, Vector};

/// A face after welding: its loops as vertex indices.
struct Welded {
    outer: Vec<u32>,
    holes: Vec<Vec<u32>>,
}

/// Close `faces` into the mesh of part `part`.
pub(super) fn close(part: &str, faces: &[Face]) -> Result<Mesh, KitError> {
    let mut mb = MeshBuilder::new();
    let welded: Vec<Welded> = faces
        .iter()
        .map(|f| Welded {
            outer: weld_loop(&mut mb, &f.outer),
            holes: f.holes.iter().map(|h| weld_loop(&mut mb, h)).collect(),
        })
        .collect();
    let splitter = EdgeSplitter::new(&mb.mesh().vertices);
    let split: Vec<Welded> = welded
        .iter()
        .map(|w| Welded {
            outer: splitter.split_loop(&w.outer),
            holes: w.holes.iter().map(|h| splitter.split_loop(h)).collect(),
        })
        .collect();
    let mut owner = Vec::new();
    for (k, (face, loops)) in faces.iter().zip(&split).enumerate() {
        let tris = triangulate_face(&mb.mesh().vertices, face.outward, loops).map_err(|why| {
            KitError::Triangulation {
                part: part.to_string(),
                face: face.name.clone(),
                why,
            }
        })?;
        for [a, b, c] in tris {
            mb.triangle(a, b, c);
            owner.push(k);
        }
    }
    let mesh = mb.finish();
    match first_defect(&mesh) {
        None => Ok(mesh),
        Some((defect, others)) => Err(KitError::Defect {
            part: part.to_string(),
            face: blame(&mesh, &defect, &owner, faces),
            defect,
            others,
        }),
    }
}

/// A loop's vertex indices, with repeats of the same point in a row (a
/// zero-length edge, such as a wall of no height) dropped.
fn weld_loop(mb: &mut MeshBuilder, pts: &[Point]) -> Vec<u32> {
    let mut ids = mb.vertices(pts);
    ids.dedup();
    while ids.len() > 1 && ids.first() == ids.last() {
        ids.pop();
    }
    ids
}

/// Finds the vertices lying on a segment, fast: vertices sorted by x, so a
/// segment only looks at the ones inside its x range.
struct EdgeSplitter<'a> {
    vertices: &'a [Point],
    by_x: Vec<u32>,
}

impl<'a> EdgeSplitter<'a> {
    fn new(vertices: &'a [Point]) -> Self {
        let mut by_x: Vec<u32> = (0..vertices.len() as u32).collect();
        by_x.sort_by(|&a, &b| vertices[a as usize].x.total_cmp(&vertices[b as usize].x));
        EdgeSplitter { vertices, by_x }
    }

    /// The loop with every vertex that lies on one of its edges inserted.
    fn split_loop(&self, ids: &[u32]) -> Vec<u32> {
        let n = ids.len();
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            out.push(ids[k]);
            out.extend(self.on_segment(ids[k], ids[(k + 1) % n]));
        }
        out
    }

    /// Vertices strictly between `a` and `b` on the segment joining them,
    /// ordered from `a` to `b`.
    fn on_segment(&self, a: u32, b: u32) -> Vec<u32> {
        let (pa, pb) = (self.vertices[a as usize], self.vertices[b as usize]);
        let d = pb - pa;
        let len2 = d.norm_squared();
        if len2 == 0.0 {
            return Vec::new();
        }
        let (lo, hi) = (pa.x.min(pb.x) - EPS_MM, pa.x.max(pb.x) + EPS_MM);
        let first = self
            .by_x
            .partition_point(|&i| self.vertices[i as usize].x < lo);
        let mut hits: Vec<(f64, u32)> = self.by_x[first..]
            .iter()
            .take_while(|&&i| self.vertices[i as usize].x <= hi)
            .filter(|&&i| i != a && i != b)
            .filter_map(|&i| {
                let p = self.vertices[i as usize];
                let t = (p - pa).dot(&d) / len2;
                let off = (p - (pa + d * t)).norm_squared();
                (t > 0.0 && t < 1.0 && off <= EPS_MM * EPS_MM).then_some((t, i))
            })
            .collect();
        hits.sort_by(|x, y| x.0.total_cmp(&y.0));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

/// The 2D coordinates a face is triangulated in: the two axes other than
/// the dominant one of `outward`, ordered so that counter-clockwise in 2D
/// is counter-clockwise seen from outside. Dropping an axis keeps the
/// coordinates' bits, so points collinear in 3D stay collinear in 2D.
fn projection(outward: Vector) -> impl Fn(&Point) -> Point2 {
    let k = outward.iamax();
    let (i, j) = ((k + 1) % 3, (k + 2) % 3);
    let flip = outward[k] < 0.0;
    move |p: &Point| {
        if flip {
            Point2::new(p[j], p[i])
        } else {
            Point2::new(p[i], p[j])
        }
    }
}

/// Triangles (vertex indices, wound outwards) covering one face.
fn triangulate_face(
    vertices: &[Point],
    outward: Vector,
    face: &Welded,
) -> Result<Vec<[u32; 3]>, String> {
    let to_2d = projection(outward);
    let mut loops: Vec<Vec<u32>> = std::iter::once(face.outer.clone())
        .chain(face.holes.iter().cloned())
        .collect();
    let mut flat: Vec<Vec<Point2>> = Vec::with_capacity(loops.len());
    for l in &mut loops {
        if l.len() < 3 {
            return Err(format!(
                "a loop has {} distinct points; it needs 3",
                l.len()
            ));
        }
        let mut pts: Vec<Point2> = l.iter().map(|&i| to_2d(&vertices[i as usize])).collect();
        if signed_area2(&pts) < 0.0 {
            l.reverse();
            pts.reverse();
        }
        flat.push(pts);
    }
    let holes: Vec<&[Point2]> = flat[1..].iter().map(Vec::as_slice).collect();
    let tris = triangulate_holes(&flat[0], &holes).map_err(|e| e.to_string())?;
    let ids: Vec<u32> = loops.into_iter().flatten().collect();
    Ok(tris
        .into_iter()
        .map(|[a, b, c]| [ids[a], ids[b], ids[c]])
        .collect())
}

/// The most serious defect of `mesh` and how many others there are.
fn first_defect(mesh: &Mesh) -> Option<(MeshDefect, usize)> {
    let mut all = defects(mesh);
    sort_by_rank(&mut all);
    let others = all.len().saturating_sub(1);
    all.into_iter().next().map(|d| (d, others))
}

/// The name of a face behind `defect`, or "the whole part" when the defect
/// belongs to no face (an inside-out or disconnected part).
fn blame(mesh: &Mesh, defect: &MeshDefect, owner: &[usize], faces: &[Face]) -> String {
    let triangle = match *defect {
        MeshDefect::IndexOutOfRange { triangle, .. }
        | MeshDefect::RepeatedVertex { triangle }
        | MeshDefect::ZeroArea { triangle, .. }
        | MeshDefect::Needle { triangle, .. } => Some(triangle),
        MeshDefect::SelfIntersection { triangle_a, .. } => Some(triangle_a),
        MeshDefect::OpenEdge { edge }
        | MeshDefect::NonManifoldEdge { edge, .. }
        | MeshDefect::InconsistentWinding { edge } => mesh
            .triangles
            .iter()
            .position(|t| t.contains(&edge.0) && t.contains(&edge.1)),
        MeshDefect::NonManifoldVertex { vertex, .. } => {
            mesh.triangles.iter().position(|t| t.contains(&vertex))
        }
        MeshDefect::NonFiniteVertex { vertex } => mesh
            .triangles
            .iter()
            .position(|t| t.contains(&(vertex as u32))),
        MeshDefect::Empty | MeshDefect::Disconnected { .. } | MeshDefect::InsideOut { .. } => None,
    };
    triangle
        .and_then(|t| owner.get(t))
        .map_or_else(|| "the whole part".to_string(), |&k| faces[k].name.clone())
}

#[cfg(test)]
mod tests {
    use super::super::{Face, Shell};
    use crate::error::KitError;
    use crate::geom::{Point, Vector};

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    /// A unit cube whose top is two faces: the seam's end points land on
    /// the middle of the front and back top edges (two T-junctions), which
    /// the pass must insert.
    fn cube_with_split_top() -> Shell {
        let mut s = Shell::new("cube");
        let sq = |z: f64| {
            vec![
                p(0.0, 0.0, z),
                p(1.0, 0.0, z),
                p(1.0, 1.0, z),
                p(0.0, 1.0, z),
            ]
        };
        s.push(Face::new("bottom", sq(0.0), -Vector::z()));
        s.push(Face::new(
            "top left",
            vec![
                p(0.0, 0.0, 1.0),
                p(0.5, 0.0, 1.0),
                p(0.5, 1.0, 1.0),
                p(0.0, 1.0, 1.0),
            ],
            Vector::z(),
        ));
        s.push(Face::new(
            "top right",
            vec![
                p(0.5, 0.0, 1.0),
                p(1.0, 0.0, 1.0),
                p(1.0, 1.0, 1.0),
                p(0.5, 1.0, 1.0),
            ],
            Vector::z(),
        ));
        let walls = [
            (p(0.0, 0.0, 0.0), p(1.0, 0.0, 0.0), -Vector::y(), "front"),
            (p(1.0, 0.0, 0.0), p(1.0, 1.0, 0.0), Vector::x(), "right"),
            (p(1.0, 1.0, 0.0), p(0.0, 1.0, 0.0), Vector::y(), "back"),
            (p(0.0, 1.0, 0.0), p(0.0, 0.0, 0.0), -Vector::x(), "left"),
        ];
        for (a, b, n, name) in walls {
            let up = Vector::z();
            s.push(Face::new(name, vec![a, b, b + up, a + up], n));
        }
        s
    }

    #[test]
    fn t_junctions_from_neighbours_are_inserted() {
        let m = cube_with_split_top().finish().unwrap();
        assert!((m.signed_volume() - 1.0).abs() < 1e-12);
        // The front wall carries the seam's end point as a vertex.
        assert_eq!(m.vertices.len(), 10);
    }

    #[test]
    fn a_missing_face_is_named_by_its_neighbour() {
        let mut s = Shell::new("cube");
        for f in cube_with_split_top()
            .faces()
            .iter()
            .filter(|f| f.name != "left")
        {
            s.push(f.clone());
        }
        match s.finish() {
            Err(KitError::Defect { part, face, .. }) => {
                assert_eq!(part, "cube");
                assert!(
                    ["bottom", "top left", "front", "back"].contains(&face.as_str()),
                    "{face}"
                );
            }
            other => panic!("expected a defect, got {other:?}"),
        }
    }

    #[test]
    fn a_flipped_face_is_reported() {
        let mut s = Shell::new("cube");
        for f in cube_with_split_top().faces() {
            let mut f = f.clone();
            if f.name == "right" {
                f.outward = -f.outward;
            }
            s.push(f);
        }
        let e = s.finish().unwrap_err().to_string();
        assert!(e.contains("cube"), "{e}");
    }
}
