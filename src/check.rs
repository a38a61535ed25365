//! `check`: split any mesh into parts, validate each, measure the gaps.
//!
//! A *part* is what a slicer prints as one object: one closed outer shell
//! plus any cavity shells inside it. Shells are found through shared
//! vertices ([`validate::shells`]). A shell that encloses negative volume
//! and lies inside a positive shell's material is a cavity of the
//! innermost such shell (a hollow sphere is two shells, one part); a
//! negative shell inside nothing is an inside-out part and is reported as
//! [`MeshDefect::InsideOut`].
//!
//! Gaps: for every pair of parts whose bounding boxes come within the
//! search distance, the exact minimum distance and its closest points
//! ([`crate::geom::distance`]). Pairs farther apart are not listed. The
//! minimum allowed gap is a [`MinGap`] value with a source, so it can come
//! from `--min-gap` today and from the planner's clearance for a material,
//! nozzle and joint later, without this module changing.

use crate::geom::bvh::Bvh;
use crate::geom::distance::min_distance_bvh;
use crate::geom::validate::{self, MeshDefect};
use crate::geom::{Aabb, Mesh, Point};
use serde::Serialize;

/// Default search distance for gaps (mm): pairs of parts farther apart
/// than this are not measured. Print-in-place clearances are 0.1-1 mm, so
/// 2 mm lists every joint and skips parts that merely share a plate.
pub const DEFAULT_GAP_SEARCH_MM: f64 = 2.0;

/// Default number of defects listed per part (all are counted).
pub const DEFAULT_DEFECTS_LISTED: usize = 10;

/// The smallest gap allowed between two parts, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MinGap {
    /// The limit in mm; pairs strictly closer are flagged.
    pub mm: f64,
    /// Who set it, for the report: `"--min-gap"`, or later e.g.
    /// `"planner: pla, 0.4 mm nozzle, 0.2 mm layers, pin joint"`.
    pub source: String,
}

/// What to check and how much to list.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Measure pairs of parts whose boxes are within this distance (mm).
    pub gap_search_mm: f64,
    /// Flag gaps below this. Without one, only touching or overlapping
    /// parts (gap 0) are flagged: they would print fused.
    pub min_gap: Option<MinGap>,
    /// List at most this many defects per part.
    pub defects_listed: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            gap_search_mm: DEFAULT_GAP_SEARCH_MM,
            min_gap: None,
            defects_listed: DEFAULT_DEFECTS_LISTED,
        }
    }
}

/// One defect, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefectReport {
    /// Stable name of the defect kind (the [`MeshDefect`] variant).
    pub kind: &'static str,
    /// Human-readable sentence; vertex and triangle indices are the file's.
    pub message: String,
}

/// One part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartReport {
    /// Part number, in order of the part's first triangle in the file.
    pub part: usize,
    /// Triangles in the part (all its shells).
    pub triangles: usize,
    /// Shells: 1 plus the number of cavities.
    pub shells: usize,
    /// Enclosed volume, mm^3 (outer shell minus cavities).
    pub volume_mm3: f64,
    /// Bounding box minimum corner.
    pub bbox_min: [f64; 3],
    /// Bounding box maximum corner.
    pub bbox_max: [f64; 3],
    /// Number of defects found (may exceed the number listed).
    pub defect_count: usize,
    /// The first defects, at most `CheckOptions::defects_listed`.
    pub defects: Vec<DefectReport>,
}

/// The closest approach of two parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// First part (the smaller number).
    pub part_a: usize,
    /// Second part.
    pub part_b: usize,
    /// Exact minimum distance, mm (0: touching or overlapping).
    pub distance_mm: f64,
    /// Closest point on part A.
    pub point_a: [f64; 3],
    /// Closest point on part B.
    pub point_b: [f64; 3],
    /// File triangle index holding `point_a`.
    pub triangle_a: usize,
    /// File triangle index holding `point_b`.
    pub triangle_b: usize,
    /// How far below the minimum a gap may measure and still pass: the
    /// f32 rounding of the file's coordinates (see [`f32_tolerance`]).
    pub tolerance_mm: f64,
    /// Below the minimum gap by more than the tolerance (without a
    /// minimum: no farther apart than the tolerance, i.e. touching).
    pub too_small: bool,
}

/// Everything `check` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Triangles in the mesh.
    pub triangles: usize,
    /// Distinct vertices in the mesh.
    pub vertices: usize,
    /// The limit gaps were compared with, if any.
    pub min_gap: Option<MinGap>,
    /// Pairs of parts whose boxes are farther apart than this were skipped.
    pub gap_search_mm: f64,
    /// Every part.
    pub parts: Vec<PartReport>,
    /// Every pair of parts within the search distance, closest first.
    pub gaps: Vec<GapReport>,
}

impl CheckReport {
    /// Parts with at least one defect.
    pub fn defective_parts(&self) -> usize {
        self.parts.iter().filter(|p| p.defect_count > 0).count()
    }

    /// Gaps flagged as too small.
    pub fn small_gaps(&self) -> usize {
        self.gaps.iter().filter(|g| g.too_small).count()
    }

    /// True when nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.defective_parts() == 0 && self.small_gaps() == 0
    }
}

/// A part cut out of the input: its own mesh plus the file indices of its
/// vertices and triangles, so defects can be reported in file terms.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    /// The shell with local indices.
    pub mesh: Mesh,
    /// File vertex index of each local vertex.
    pub vertex_ids: Vec<u32>,
    /// File triangle index of each local triangle.
    pub triangle_ids: Vec<u32>,
}

/// Cut `mesh` into its vertex-connected shells, in order of first triangle.
/// Every triangle index must be in range (see [`check_mesh`]).
pub fn split_shells(mesh: &Mesh) -> Vec<Shell> {
    let ids = validate::shells(mesh);
    let n = ids.iter().copied().max().map_or(0, |m| m + 1);
    let mut out: Vec<Shell> = (0..n).map(|_| Shell::default()).collect();
    // A vertex belongs to one shell only (shells are joined through shared
    // vertices), so one global map from file to local index suffices.
    let mut local = vec![u32::MAX; mesh.vertices.len()];
    for (t, (tri, &s)) in mesh.triangles.iter().zip(&ids).enumerate() {
        let sh = &mut out[s];
        let lt = tri.map(|v| {
            if local[v as usize] == u32::MAX {
                local[v as usize] = sh.mesh.vertices.len() as u32;
                sh.mesh.vertices.push(mesh.vertices[v as usize]);
                sh.vertex_ids.push(v);
            }
            local[v as usize]
        });
        sh.mesh.triangles.push(lt);
        sh.triangle_ids.push(t as u32);
    }
    out
}

/// Generalised winding number of closed `mesh` around `p`: about 1 inside
/// an outward shell, 0 outside. Sum of the triangles' signed solid angles
/// (Van Oosterom and Strackee 1983), robust for any point off the surface.
pub fn winding_number(mesh: &Mesh, p: &Point) -> f64 {
    let mut total = 0.0;
    for t in 0..mesh.triangles.len() {
        let [a, b, c] = mesh.corners(t).map(|v| v - p);
        let (la, lb, lc) = (a.norm(), b.norm(), c.norm());
        let num = a.dot(&b.cross(&c));
        let den = la * lb * lc + a.dot(&b) * lc + a.dot(&c) * lb + b.dot(&c) * la;
        total += 2.0 * num.atan2(den);
    }
    total / (4.0 * std::f64::consts::PI)
}

/// One part: an outer shell and its cavities (indices into the shell list).
#[derive(Debug, Clone)]
struct PartShells {
    outer: usize,
    cavities: Vec<usize>,
}

/// Group shells into parts: each negative shell goes to the innermost
/// positive shell that contains it, if any.
fn group_parts(shells: &[Shell], volumes: &[f64], boxes: &[Aabb]) -> Vec<PartShells> {
    let contains = |outer: &Aabb, inner: &Aabb| {
        (0..3).all(|i| outer.min[i] <= inner.min[i] && inner.max[i] <= outer.max[i])
    };
    let mut owner: Vec<Option<usize>> = vec![None; shells.len()];
    for (s, shell) in shells.iter().enumerate() {
        if volumes[s] > 0.0 || shell.mesh.vertices.is_empty() {
            continue;
        }
        let probe = shell.mesh.vertices[0];
        owner[s] = (0..shells.len())
            .filter(|&o| o != s && volumes[o] > 0.0 && contains(&boxes[o], &boxes[s]))
            .filter(|&o| winding_number(&shells[o].mesh, &probe) > 0.5)
            .min_by(|&x, &y| volumes[x].total_cmp(&volumes[y]));
    }
    let mut parts: Vec<PartShells> = Vec::new();
    let mut part_of = vec![usize::MAX; shells.len()];
    for s in 0..shells.len() {
        if owner[s].is_none() {
            part_of[s] = parts.len();
            parts.push(PartShells {
                outer: s,
                cavities: Vec::new(),
            });
        }
    }
    for (s, o) in owner.iter().enumerate() {
        if let Some(o) = o {
            parts[part_of[*o]].cavities.push(s);
        }
    }
    parts
}

/// Rewrite a shell-local defect into file indices.
fn to_file_indices(d: MeshDefect, sh: &Shell) -> MeshDefect {
    let v = |i: u32| sh.vertex_ids.get(i as usize).copied().unwrap_or(i);
    let t = |i: usize| sh.triangle_ids.get(i).map_or(i, |&x| x as usize);
    match d {
        MeshDefect::IndexOutOfRange { triangle, index } => MeshDefect::IndexOutOfRange {
            triangle: t(triangle),
            index,
        },
        MeshDefect::NonFiniteVertex { vertex } => MeshDefect::NonFiniteVertex {
            vertex: v(vertex as u32) as usize,
        },
        MeshDefect::Degenerate {
            triangle,
            area,
            shortest_edge,
        } => MeshDefect::Degenerate {
            triangle: t(triangle),
            area,
            shortest_edge,
        },
        MeshDefect::OpenEdge { edge } => MeshDefect::OpenEdge {
            edge: (v(edge.0), v(edge.1)),
        },
        MeshDefect::NonManifoldEdge { edge, uses } => MeshDefect::NonManifoldEdge {
            edge: (v(edge.0), v(edge.1)),
            uses,
        },
        MeshDefect::InconsistentWinding { edge } => MeshDefect::InconsistentWinding {
            edge: (v(edge.0), v(edge.1)),
        },
        MeshDefect::NonManifoldVertex { vertex, fans } => MeshDefect::NonManifoldVertex {
            vertex: v(vertex),
            fans,
        },
        other => other,
    }
}

/// How much f32 storage can move a distance between two parts.
///
/// An STL coordinate of magnitude M is rounded to within half an f32 ulp,
/// at most `f32::EPSILON * M / 2`; a distance between two such points moves
/// by at most `sqrt(3)` ulps. Twice `f32::EPSILON * M` covers that, where M
/// is the largest coordinate magnitude in either box. Without it a 0.15 mm
/// gap designed exactly fails `--min-gap 0.15` by 4e-7 mm after export.
pub fn f32_tolerance(a: &Aabb, b: &Aabb) -> f64 {
    let m = [a.min, a.max, b.min, b.max]
        .iter()
        .map(|p| p.coords.amax())
        .fold(0.0f64, f64::max);
    2.0 * f64::from(f32::EPSILON) * m
}

/// Stable name of a defect kind, used in JSON.
pub fn defect_kind(d: &MeshDefect) -> &'static str {
    match d {
        MeshDefect::Empty => "Empty",
        MeshDefect::IndexOutOfRange { .. } => "IndexOutOfRange",
        MeshDefect::NonFiniteVertex { .. } => "NonFiniteVertex",
        MeshDefect::Degenerate { .. } => "Degenerate",
        MeshDefect::OpenEdge { .. } => "OpenEdge",
        MeshDefect::NonManifoldEdge { .. } => "NonManifoldEdge",
        MeshDefect::InconsistentWinding { .. } => "InconsistentWinding",
        MeshDefect::NonManifoldVertex { .. } => "NonManifoldVertex",
        MeshDefect::Disconnected { .. } => "Disconnected",
        MeshDefect::InsideOut { .. } => "InsideOut",
    }
}

/// Below this many triangles in all, `check` stays on one thread.
const PARALLEL_TRIANGLES: usize = 50_000;

/// [`crate::parallel::map`], but on the calling thread for small meshes
/// (spawning costs more than it saves there).
fn parallel_map<T: Send>(
    n: usize,
    size: impl Fn(usize) -> usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let total: usize = (0..n).map(&size).sum();
    if total < PARALLEL_TRIANGLES || n < 2 {
        return (0..n).map(job).collect();
    }
    crate::parallel::map(n, size, job)
}

/// Check `mesh`: parts, their defects, and the gaps between them.
pub fn check_mesh(mesh: &Mesh, opts: &CheckOptions) -> CheckReport {
    let listed = |mut all: Vec<MeshDefect>| {
        let count = all.len();
        all.truncate(opts.defects_listed);
        let defects = all
            .iter()
            .map(|d| DefectReport {
                kind: defect_kind(d),
                message: d.to_string(),
            })
            .collect();
        (count, defects)
    };
    let xyz = |p: &Point| [p.x, p.y, p.z];
    let nv = mesh.vertices.len();
    let base = CheckReport {
        triangles: mesh.triangles.len(),
        vertices: nv,
        min_gap: opts.min_gap.clone(),
        gap_search_mm: opts.gap_search_mm,
        parts: Vec::new(),
        gaps: Vec::new(),
    };
    if mesh.triangles.is_empty() || mesh.triangles.iter().flatten().any(|&i| i as usize >= nv) {
        // Nothing to split: report the whole mesh as one broken part.
        let (defect_count, defects) = listed(validate::defects(mesh));
        let bb = mesh.bbox();
        return CheckReport {
            parts: vec![PartReport {
                part: 0,
                triangles: mesh.triangles.len(),
                shells: 0,
                volume_mm3: 0.0,
                bbox_min: xyz(&bb.min),
                bbox_max: xyz(&bb.max),
                defect_count,
                defects,
            }],
            ..base
        };
    }

    let shells = split_shells(mesh);
    let volumes: Vec<f64> = shells.iter().map(|s| s.mesh.signed_volume()).collect();
    let boxes: Vec<Aabb> = shells.iter().map(|s| s.mesh.bbox()).collect();
    let groups = group_parts(&shells, &volumes, &boxes);
    let part_box = |g: &PartShells| boxes[g.outer];

    // Which pairs of parts to measure, and so which parts need a tree.
    let search = match &opts.min_gap {
        Some(m) => opts.gap_search_mm.max(m.mm),
        None => opts.gap_search_mm,
    };
    // Sweep along x: sorted by box minimum, a part only meets the ones
    // that start before its box (plus the search distance) ends, so a
    // plate of many small parts is not an all-pairs loop.
    let mut by_x: Vec<usize> = (0..groups.len()).collect();
    by_x.sort_by(|&a, &b| {
        part_box(&groups[a])
            .min
            .x
            .total_cmp(&part_box(&groups[b]).min.x)
    });
    let mut pairs = Vec::new();
    for (k, &i) in by_x.iter().enumerate() {
        let bi = part_box(&groups[i]);
        for &j in &by_x[k + 1..] {
            let bj = part_box(&groups[j]);
            if bj.min.x > bi.max.x + search {
                break;
            }
            if bi.distance(&bj) <= search {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    let mut needs_tree = vec![false; groups.len()];
    for &(i, j) in &pairs {
        needs_tree[i] = true;
        needs_tree[j] = true;
    }

    // Per part, in parallel: validate each shell and build the part's tree.
    let part_tris = |g: &PartShells| {
        std::iter::once(g.outer)
            .chain(g.cavities.iter().copied())
            .map(|s| shells[s].mesh.triangles.len())
            .sum::<usize>()
    };
    let work = parallel_map(
        groups.len(),
        |p| part_tris(&groups[p]),
        |p| {
            let g = &groups[p];
            let mut all = Vec::new();
            for (k, &s) in std::iter::once(&g.outer)
                .chain(g.cavities.iter())
                .enumerate()
            {
                let cavity = k > 0;
                all.extend(
                    validate::defects(&shells[s].mesh)
                        .into_iter()
                        // A cavity faces inwards by definition.
                        .filter(|d| !(cavity && matches!(d, MeshDefect::InsideOut { .. })))
                        .map(|d| to_file_indices(d, &shells[s])),
                );
            }
            let tree = needs_tree[p].then(|| {
                if g.cavities.is_empty() {
                    // One shell: no need to copy it into a part mesh.
                    let sh = &shells[g.outer];
                    return (Bvh::build(&sh.mesh), sh.triangle_ids.clone());
                }
                let mut m = Mesh::new();
                let mut ids = Vec::new();
                for &s in std::iter::once(&g.outer).chain(g.cavities.iter()) {
                    m.append(&shells[s].mesh);
                    ids.extend_from_slice(&shells[s].triangle_ids);
                }
                (Bvh::build(&m), ids)
            });
            (all, tree)
        },
    );

    let parts: Vec<PartReport> = groups
        .iter()
        .zip(&work)
        .enumerate()
        .map(|(p, (g, (all, _)))| {
            let (defect_count, defects) = listed(all.clone());
            let bb = boxes[g.outer];
            PartReport {
                part: p,
                triangles: part_tris(g),
                shells: 1 + g.cavities.len(),
                volume_mm3: volumes[g.outer] + g.cavities.iter().map(|&c| volumes[c]).sum::<f64>(),
                bbox_min: xyz(&bb.min),
                bbox_max: xyz(&bb.max),
                defect_count,
                defects,
            }
        })
        .collect();

    let mut gaps: Vec<GapReport> = pairs
        .iter()
        .filter_map(|&(i, j)| {
            let (ta, ids_a) = work[i].1.as_ref()?;
            let (tb, ids_b) = work[j].1.as_ref()?;
            let prox = min_distance_bvh(ta, tb, search)?;
            let tol = f32_tolerance(&part_box(&groups[i]), &part_box(&groups[j]));
            let too_small = match &opts.min_gap {
                Some(m) => prox.distance < m.mm - tol,
                None => prox.distance <= tol,
            };
            Some(GapReport {
                part_a: i,
                part_b: j,
                distance_mm: prox.distance,
                point_a: xyz(&prox.point_a),
                point_b: xyz(&prox.point_b),
                triangle_a: ids_a[prox.triangle_a] as usize,
                triangle_b: ids_b[prox.triangle_b] as usize,
                tolerance_mm: tol,
                too_small,
            })
        })
        .collect();
    gaps.sort_by(|a, b| {
        a.distance_mm
            .total_cmp(&b.distance_mm)
            .then((a.part_a, a.part_b).cmp(&(b.part_a, b.part_b)))
    });
    CheckReport {
        parts,
        gaps,
        ..base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures::{flipped, tessellated_box, tessellated_octahedron};

    fn p(x: f64, y: f64, z: f64) -> Point {
        Point::new(x, y, z)
    }

    fn with_min_gap(mm: f64) -> CheckOptions {
        CheckOptions {
            min_gap: Some(MinGap {
                mm,
                source: "test".into(),
            }),
            ..CheckOptions::default()
        }
    }

    fn two(a: &Mesh, b: &Mesh) -> Mesh {
        let mut m = a.clone();
        m.append(b);
        m
    }

    #[test]
    fn two_boxes_point_three_apart() {
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 5.0), 6);
        let b = tessellated_box(p(10.3, 1.0, 0.0), p(14.0, 9.0, 5.0), 4);
        let r = check_mesh(&two(&a, &b), &CheckOptions::default());
        assert_eq!(r.parts.len(), 2);
        assert!(r.parts.iter().all(|p| p.defect_count == 0 && p.shells == 1));
        assert!((r.parts[0].volume_mm3 - 500.0).abs() < 1e-9);
        assert_eq!(r.gaps.len(), 1);
        let g = &r.gaps[0];
        assert!((g.distance_mm - 0.3).abs() < 1e-12, "{g:?}");
        assert!((g.point_a[0] - 10.0).abs() < 1e-12 && (g.point_b[0] - 10.3).abs() < 1e-12);
        // File triangle indices: b's triangles come after a's.
        assert!(g.triangle_a < a.triangle_count() && g.triangle_b >= a.triangle_count());
        assert!(!g.too_small && r.is_clean());
        // A 0.35 mm minimum flags it; a 0.25 mm minimum does not.
        assert!(check_mesh(&two(&a, &b), &with_min_gap(0.35)).gaps[0].too_small);
        assert!(check_mesh(&two(&a, &b), &with_min_gap(0.25)).is_clean());
        // Beyond the search distance the pair is not listed.
        let opts = CheckOptions {
            gap_search_mm: 0.2,
            ..CheckOptions::default()
        };
        assert!(check_mesh(&two(&a, &b), &opts).gaps.is_empty());
    }

    #[test]
    fn ball_inside_spherical_shell() {
        // Outer part: a 20 mm cube with an octahedral cavity of radius 6
        // (two shells, one part). Ball: a concentric octahedron of radius
        // 5. Their facing faces lie in the parallel planes x+y+z = 5 and
        // x+y+z = 6 (per octant), so the gap is exactly 1/sqrt(3).
        let c = p(10.0, 10.0, 10.0);
        let mut outer = tessellated_box(p(0.0, 0.0, 0.0), p(20.0, 20.0, 20.0), 5);
        outer.append(&flipped(tessellated_octahedron(c, 6.0, 7)));
        let ball = tessellated_octahedron(c, 5.0, 9);
        let r = check_mesh(&two(&outer, &ball), &with_min_gap(0.5));
        assert_eq!(r.parts.len(), 2, "{r:#?}");
        assert_eq!((r.parts[0].shells, r.parts[1].shells), (2, 1));
        assert_eq!(r.defective_parts(), 0, "{r:#?}");
        let cavity = 4.0 / 3.0 * 216.0;
        assert!((r.parts[0].volume_mm3 - (8000.0 - cavity)).abs() < 1e-9);
        let g = &r.gaps[0];
        assert!((g.distance_mm - 1.0 / 3f64.sqrt()).abs() < 1e-12, "{g:?}");
        assert!(!g.too_small);
        assert!(check_mesh(&two(&outer, &ball), &with_min_gap(0.6)).gaps[0].too_small);
    }

    #[test]
    fn touching_and_overlapping_parts_are_zero_and_flagged() {
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), 2);
        // Face to face, no shared vertices (different tessellation).
        let touch = tessellated_box(p(1.0, 0.2, 0.2), p(2.0, 0.8, 0.8), 3);
        let r = check_mesh(&two(&a, &touch), &CheckOptions::default());
        assert_eq!(r.parts.len(), 2);
        assert_eq!(r.gaps[0].distance_mm, 0.0);
        assert!(r.gaps[0].too_small && !r.is_clean());
        let over = tessellated_box(p(0.5, 0.5, 0.5), p(2.0, 2.0, 2.0), 3);
        let r = check_mesh(&two(&a, &over), &with_min_gap(0.1));
        assert_eq!(r.gaps[0].distance_mm, 0.0);
        assert_eq!(r.small_gaps(), 1);
    }

    #[test]
    fn inside_out_part_is_reported() {
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), 2);
        let bad = flipped(tessellated_box(p(5.0, 0.0, 0.0), p(6.0, 1.0, 1.0), 2));
        let r = check_mesh(&two(&a, &bad), &CheckOptions::default());
        assert_eq!(r.parts.len(), 2);
        assert_eq!(r.parts[0].defect_count, 0);
        assert_eq!(r.parts[1].defect_count, 1);
        assert_eq!(r.parts[1].defects[0].kind, "InsideOut");
        assert!(r.gaps.is_empty() && !r.is_clean());
    }

    #[test]
    fn defects_are_capped_but_counted_in_file_indices() {
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), 2);
        let mut b = tessellated_box(p(3.0, 0.0, 0.0), p(4.0, 1.0, 1.0), 4);
        // Remove 5 triangles far apart: many open edges.
        for k in [0, 20, 40, 60, 80] {
            b.triangles.remove(k);
        }
        let opts = CheckOptions {
            defects_listed: 3,
            ..CheckOptions::default()
        };
        let m = two(&a, &b);
        let r = check_mesh(&m, &opts);
        assert_eq!(r.parts[1].defects.len(), 3);
        assert_eq!(r.parts[1].defect_count, 15);
        // The edges named exist in the file's part-b vertices.
        let first = a.vertices.len();
        assert!(r.parts[1].defects[0].message.contains("edge"));
        let d = split_shells(&m);
        assert_eq!(d[1].vertex_ids[0] as usize, first);
    }

    #[test]
    fn big_meshes_take_the_threaded_path_with_the_same_answer() {
        // 2 x 12 x 48^2 = 55,296 triangles: above PARALLEL_TRIANGLES.
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 5.0), 48);
        let b = tessellated_box(p(10.3, 1.0, 0.0), p(14.0, 9.0, 5.0), 48);
        assert!(a.triangle_count() + b.triangle_count() > PARALLEL_TRIANGLES);
        let r = check_mesh(&two(&a, &b), &CheckOptions::default());
        assert_eq!(r.parts.len(), 2);
        assert_eq!(r.parts[1].triangles, b.triangle_count());
        assert!(r.is_clean());
        assert!((r.gaps[0].distance_mm - 0.3).abs() < 1e-12);
    }

    #[test]
    fn only_neighbours_are_measured_on_a_plate_of_parts() {
        // A 6 x 6 grid of cubes 1 mm apart, some boxes sorted out of order
        // in the file: every part meets its 2-4 grid neighbours (1 mm) and
        // its diagonal ones (sqrt 2), nothing farther (>= 2 mm + 1 mm).
        let mut m = Mesh::new();
        for k in (0..36).rev() {
            let (x, y) = ((k % 6) as f64 * 3.0, (k / 6) as f64 * 3.0);
            m.append(&tessellated_box(p(x, y, 0.0), p(x + 2.0, y + 2.0, 2.0), 1));
        }
        let r = check_mesh(&m, &CheckOptions::default());
        assert_eq!(r.parts.len(), 36);
        // 2 * 6 * 5 edge neighbours + 2 * 5 * 5 diagonal ones.
        assert_eq!(r.gaps.len(), 60 + 50);
        assert!(
            r.gaps[..60]
                .iter()
                .all(|g| (g.distance_mm - 1.0).abs() < 1e-12)
        );
        assert!(
            r.gaps[60..]
                .iter()
                .all(|g| (g.distance_mm - 2f64.sqrt()).abs() < 1e-12)
        );
        assert!(r.gaps.iter().all(|g| g.part_a < g.part_b));
    }

    #[test]
    fn gaps_within_f32_rounding_of_the_minimum_pass() {
        // Boxes near x = 50: f32 tolerance 2 * 1.19e-7 * 55 = 1.3e-5 mm.
        let a = tessellated_box(p(45.0, 0.0, 0.0), p(50.0, 5.0, 5.0), 2);
        let gap = |g: f64| {
            let b = tessellated_box(p(50.0 + g, 0.0, 0.0), p(55.0, 5.0, 5.0), 2);
            check_mesh(&two(&a, &b), &with_min_gap(0.15)).gaps[0].clone()
        };
        let g = gap(0.15 - 4e-7);
        assert!(
            !g.too_small && (g.tolerance_mm - 1.31e-5).abs() < 1e-7,
            "{g:?}"
        );
        assert!(gap(0.15 - 1e-4).too_small);
        assert!(!gap(0.15).too_small);
    }

    #[test]
    fn winding_number_inside_and_outside() {
        let b = tessellated_box(p(0.0, 0.0, 0.0), p(2.0, 2.0, 2.0), 3);
        assert!((winding_number(&b, &p(1.0, 0.5, 1.5)) - 1.0).abs() < 1e-9);
        assert!(winding_number(&b, &p(3.0, 0.5, 1.5)).abs() < 1e-9);
        assert!((winding_number(&flipped(b), &p(1.0, 1.0, 1.0)) + 1.0).abs() < 1e-9);
    }
}
