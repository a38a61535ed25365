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
//! A positive shell inside another part's *material* (not its cavity) is
//! reported as a nested part (slicers merge it away), and a part whose
//! triangles cross each other as a self-intersection.
//!
//! Defects are listed most serious first ([`MeshDefect::rank`]); needle
//! triangles are warnings, which do not fail the check.
//!
//! Gaps (module `pairs`): each part's nearest neighbour within the search
//! distance, plus every pair under the limit, with the exact minimum
//! distance and its closest points ([`crate::geom::distance`]); the list
//! is capped, and memory stays linear in the input however many parts
//! crowd together. With a layer plan (module `layers`), pairs are also sliced
//! the way a slicer cuts them: the smallest XY gap in any layer, and
//! whether one part rests on the other's previous layer, decide the
//! verdict; the 3D gap stays in the report. The minimum allowed gap is a
//! [`MinGap`] value with a source (`--min-gap`, the planner, ...).

mod layers;
mod pairs;
mod part;
pub mod phases;
mod shells;

use crate::geom::validate::{self, MeshDefect};
use crate::geom::{Aabb, Mesh, Point};
use crate::slice::LayerPlan;
use phases::{Cores, Phases};
use serde::Serialize;
use shells::{Measured, PartShells};
pub use shells::{Shell, split_shells, winding_number};

/// Default search distance for gaps (mm): pairs of parts farther apart
/// than this are not measured. Print-in-place clearances are 0.1-1 mm, so
/// 2 mm lists every joint and skips parts that merely share a plate.
pub const DEFAULT_GAP_SEARCH_MM: f64 = 2.0;

/// Default number of defects (and of warnings) listed per part (all are
/// counted).
pub const DEFAULT_DEFECTS_LISTED: usize = 10;

/// Default number of gaps listed (all selected pairs are counted).
pub const DEFAULT_GAPS_LISTED: usize = 20;

/// Self-intersections counted per part before the search stops: enough
/// to say "this part crosses itself" without walking a broken scan.
pub const MAX_SELF_CROSSINGS: usize = 1000;

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
    /// List at most this many defects (and warnings) per part.
    pub defects_listed: usize,
    /// List at most this many gaps (flagged ones first).
    pub gaps_listed: usize,
    /// Select every pair within the search distance, not only each
    /// part's nearest neighbour and the pairs under the limit; with it
    /// the list is not capped.
    pub all_pairs: bool,
    /// Slice with this plan and decide on the layer gaps.
    pub layers: Option<LayerPlan>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            gap_search_mm: DEFAULT_GAP_SEARCH_MM,
            min_gap: None,
            defects_listed: DEFAULT_DEFECTS_LISTED,
            gaps_listed: DEFAULT_GAPS_LISTED,
            all_pairs: false,
            layers: None,
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
    /// The most serious defects, at most `CheckOptions::defects_listed`.
    pub defects: Vec<DefectReport>,
    /// Number of warnings (needle triangles); they do not fail the check.
    pub warning_count: usize,
    /// The first warnings, at most `CheckOptions::defects_listed`.
    pub warnings: Vec<DefectReport>,
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
    /// The verdict: the pair would print fused or too tight. Without a
    /// layer plan: the 3D gap is below the minimum by more than the
    /// tolerance (without a minimum: touching). With one: the layer gap
    /// is, or one part rests on the other ([`LayerVerdict`]). A nested
    /// part is always too small.
    pub too_small: bool,
    /// The part (`part_a` or `part_b`) that lies inside the other's
    /// material, if one does: slicers merge it into the other.
    pub nested: Option<usize>,
    /// The pair sliced with the layer plan, when one was given and the
    /// parts come within the limit or a layer height of each other.
    pub layers: Option<LayerVerdict>,
}

/// A pair of parts as the slicer sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerVerdict {
    /// Smallest XY gap between the two parts' sections in any layer (mm;
    /// 0 when they overlap), or `None` when no layer holds both.
    pub xy_gap_mm: Option<f64>,
    /// The layer holding it (0-based).
    pub layer: Option<usize>,
    /// Height the layer is cut at (mm).
    pub z_mm: Option<f64>,
    /// The closest points of the sections, on part A and on part B.
    pub point_a: Option<[f64; 2]>,
    /// See `point_a`.
    pub point_b: Option<[f64; 2]>,
    /// One part's layer printed onto the other's previous layer, if that
    /// happens anywhere (the widest such overlap).
    pub rests_on: Option<RestsOn>,
}

/// One part's layer resting on another part's layer below it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestsOn {
    /// The part printed in the upper layer.
    pub upper_part: usize,
    /// The part under it.
    pub lower_part: usize,
    /// The upper layer (0-based).
    pub layer: usize,
    /// Typical width of the overlap (mm).
    pub width_mm: f64,
    /// Overlapping area (mm^2).
    pub area_mm2: f64,
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
    /// The layer plan the verdict was sliced with, if any.
    pub layers: Option<LayerPlan>,
    /// Why the layer verdict could not be worked out with that plan (the
    /// slice refused it, e.g. too many layers for the model's height), if
    /// it could not: then every pair keeps its 3D verdict, and the report
    /// says so rather than passing it off as sliced.
    pub layer_error: Option<String>,
    /// Every part.
    pub parts: Vec<PartReport>,
    /// Pairs selected: each part's nearest neighbour plus every flagged
    /// pair (or, with `all_pairs`, every pair within the search distance).
    pub gap_count: usize,
    /// Selected pairs that are too small (all of them, listed or not).
    pub small_gap_count: usize,
    /// The listed pairs: flagged first, then by distance, at most
    /// `gaps_listed` (all with `all_pairs`).
    pub gaps: Vec<GapReport>,
}

impl CheckReport {
    /// Parts with at least one defect.
    pub fn defective_parts(&self) -> usize {
        self.parts.iter().filter(|p| p.defect_count > 0).count()
    }

    /// Gaps flagged as too small (listed or not).
    pub fn small_gaps(&self) -> usize {
        self.small_gap_count
    }

    /// True when nothing is wrong.
    pub fn is_clean(&self) -> bool {
        self.defective_parts() == 0 && self.small_gaps() == 0
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
        MeshDefect::RepeatedVertex { .. } => "RepeatedVertex",
        MeshDefect::ZeroArea { .. } => "ZeroArea",
        MeshDefect::Needle { .. } => "Needle",
        MeshDefect::OpenEdge { .. } => "OpenEdge",
        MeshDefect::NonManifoldEdge { .. } => "NonManifoldEdge",
        MeshDefect::InconsistentWinding { .. } => "InconsistentWinding",
        MeshDefect::NonManifoldVertex { .. } => "NonManifoldVertex",
        MeshDefect::Disconnected { .. } => "Disconnected",
        MeshDefect::InsideOut { .. } => "InsideOut",
        MeshDefect::SelfIntersection { .. } => "SelfIntersection",
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

fn xyz(p: &Point) -> [f64; 3] {
    [p.x, p.y, p.z]
}

/// Check `mesh`: parts, their defects, and the gaps between them.
pub fn check_mesh(mesh: &Mesh, opts: &CheckOptions) -> CheckReport {
    check_mesh_timed(mesh, opts, &mut Phases::new())
}

/// [`check_mesh`], recording the wall time of each phase in `phases`.
pub fn check_mesh_timed(mesh: &Mesh, opts: &CheckOptions, phases: &mut Phases) -> CheckReport {
    let nv = mesh.vertices.len();
    if mesh.triangles.is_empty() || mesh.triangles.iter().flatten().any(|&i| i as usize >= nv) {
        return whole_mesh_report(mesh, opts);
    }
    let shells = shells::split_measured(mesh, phases);
    let groups = shells::group_parts(&shells);
    phases.lap("group parts", Cores::All);
    // Per part, in parallel: its tree, then its defects.
    let examined = parallel_map(
        groups.len(),
        |p| part::triangles(&groups[p], &shells),
        |p| part::examine(&groups[p], &shells),
    );
    phases.lap("trees, validation, self-intersection", Cores::All);
    let mut selected = select_pairs(&groups, &shells, &examined, opts);
    phases.lap("gap search", Cores::All);
    let mut base = empty_report(mesh, opts);
    if let Some(plan) = &opts.layers {
        let mesh_of = |p: usize| part::part_mesh(&groups[p], &shells).0;
        if let Err(e) = layers::decide(&mut selected, plan, opts, mesh_of) {
            base.layer_error = Some(e.to_string());
        }
    }
    phases.lap("layers", Cores::One);
    let parts = groups
        .iter()
        .zip(examined)
        .enumerate()
        .map(|(p, (g, e))| part::report(p, g, &shells, e.defects, opts.defects_listed))
        .collect();
    let report = pairs::finish(selected, opts, base, parts);
    phases.lap("reports", Cores::One);
    report
}

/// The report before any part is added: the mesh's size and the options.
fn empty_report(mesh: &Mesh, opts: &CheckOptions) -> CheckReport {
    CheckReport {
        triangles: mesh.triangles.len(),
        vertices: mesh.vertices.len(),
        min_gap: opts.min_gap.clone(),
        gap_search_mm: opts.gap_search_mm,
        layers: opts.layers,
        layer_error: None,
        parts: Vec::new(),
        gap_count: 0,
        small_gap_count: 0,
        gaps: Vec::new(),
    }
}

/// A mesh with no triangle, or an index out of range, cannot be split:
/// the whole mesh is reported as one broken part.
fn whole_mesh_report(mesh: &Mesh, opts: &CheckOptions) -> CheckReport {
    let (defect_count, defects, warning_count, warnings) =
        part::ranked(validate::defects(mesh), opts.defects_listed);
    let bb = mesh.bbox();
    CheckReport {
        parts: vec![PartReport {
            part: 0,
            triangles: mesh.triangles.len(),
            shells: 0,
            volume_mm3: 0.0,
            bbox_min: xyz(&bb.min),
            bbox_max: xyz(&bb.max),
            defect_count,
            defects,
            warning_count,
            warnings,
        }],
        ..empty_report(mesh, opts)
    }
}

/// The pairs of parts to measure and list ([`pairs::select`]).
fn select_pairs(
    groups: &[PartShells],
    shells: &[Measured],
    examined: &[part::Examined],
    opts: &CheckOptions,
) -> pairs::Selected {
    let geoms: Vec<pairs::PartGeom> = groups
        .iter()
        .zip(examined)
        .map(|(g, e)| pairs::PartGeom {
            tree: &e.tree,
            ids: &e.ids,
            bb: shells[g.outer].bbox,
            probe: shells[g.outer].shell.mesh.vertices[0],
            closed: e.closed(),
        })
        .collect();
    pairs::select(&geoms, opts)
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
        assert_eq!(r.gaps[0].nested, None);
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

    fn plate_of_cubes() -> Mesh {
        // A 6 x 6 grid of cubes 1 mm apart, in reverse order in the file.
        let mut m = Mesh::new();
        for k in (0..36).rev() {
            let (x, y) = ((k % 6) as f64 * 3.0, (k / 6) as f64 * 3.0);
            m.append(&tessellated_box(p(x, y, 0.0), p(x + 2.0, y + 2.0, 2.0), 1));
        }
        m
    }

    #[test]
    fn all_pairs_lists_every_neighbour_on_a_plate_of_parts() {
        // Every part meets its 2-4 grid neighbours (1 mm) and its diagonal
        // ones (sqrt 2), nothing farther (>= 2 mm + 1 mm).
        let opts = CheckOptions {
            all_pairs: true,
            gaps_listed: 1,
            ..CheckOptions::default()
        };
        let r = check_mesh(&plate_of_cubes(), &opts);
        assert_eq!(r.parts.len(), 36);
        // 2 * 6 * 5 edge neighbours + 2 * 5 * 5 diagonal ones, uncapped.
        assert_eq!((r.gaps.len(), r.gap_count), (60 + 50, 110));
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
    fn by_default_each_part_lists_its_nearest_neighbour() {
        let opts = CheckOptions {
            gaps_listed: 100,
            ..CheckOptions::default()
        };
        let r = check_mesh(&plate_of_cubes(), &opts);
        // No diagonal pair: every part's nearest is 1 mm away.
        assert!(r.gaps.iter().all(|g| (g.distance_mm - 1.0).abs() < 1e-12));
        let mut seen = [false; 36];
        for g in &r.gaps {
            seen[g.part_a] = true;
            seen[g.part_b] = true;
        }
        assert!(
            seen.iter().all(|&s| s),
            "every part has its neighbour listed"
        );
        assert!(r.gaps.len() >= 18 && r.gaps.len() <= 36 && r.gap_count == r.gaps.len());
        // Capped output still counts every selected pair.
        let capped = check_mesh(&plate_of_cubes(), &CheckOptions::default());
        assert_eq!(capped.gaps.len(), DEFAULT_GAPS_LISTED);
        assert_eq!(capped.gap_count, r.gap_count);
        assert!(capped.is_clean());
    }

    /// A closed box with one edge split near a corner: two needle
    /// triangles (5e-5 mm edges) on each side of it, still watertight.
    fn box_with_needles() -> Mesh {
        let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(4.0, 4.0, 4.0), 2);
        let [u, v, _] = m.triangles[0];
        let (pu, pv) = (m.vertices[u as usize], m.vertices[v as usize]);
        let mid = m.add_vertex(pu + (pv - pu) * (5e-5 / (pv - pu).norm()));
        let mut out = Vec::new();
        for t in &m.triangles {
            let k = (0..3).find(|&k| {
                let (a, b) = (t[k], t[(k + 1) % 3]);
                (a, b) == (u, v) || (a, b) == (v, u)
            });
            match k {
                Some(k) => {
                    let (a, b, c) = (t[k], t[(k + 1) % 3], t[(k + 2) % 3]);
                    out.push([a, mid, c]);
                    out.push([mid, b, c]);
                }
                None => out.push(*t),
            }
        }
        m.triangles = out;
        m
    }

    #[test]
    fn needles_are_warnings_that_do_not_fail() {
        let r = check_mesh(&box_with_needles(), &CheckOptions::default());
        assert_eq!(r.parts.len(), 1);
        let part = &r.parts[0];
        assert_eq!((part.defect_count, part.warning_count), (0, 2), "{part:#?}");
        assert!(part.warnings.iter().all(|w| w.kind == "Needle"));
        assert!(r.is_clean());
    }

    #[test]
    fn defects_are_listed_most_serious_first() {
        // Needles (warnings), a repeated-vertex triangle and a hole: the
        // hole's open edges come first, then the repeated vertex.
        let mut m = box_with_needles();
        m.triangles.push([0, 0, 1]);
        m.triangles.remove(5);
        let r = check_mesh(&m, &CheckOptions::default());
        let kinds: Vec<&str> = r.parts[0].defects.iter().map(|d| d.kind).collect();
        assert_eq!(kinds.first(), Some(&"OpenEdge"), "{kinds:?}");
        assert_eq!(kinds.last(), Some(&"RepeatedVertex"), "{kinds:?}");
        assert_eq!(r.parts[0].warning_count, 2);
        assert!(!r.is_clean());
    }

    #[test]
    fn a_part_inside_another_parts_material_is_nested() {
        let outer = tessellated_box(p(0.0, 0.0, 0.0), p(20.0, 20.0, 20.0), 3);
        let buried = tessellated_box(p(8.0, 8.0, 8.0), p(12.0, 12.0, 12.0), 2);
        let r = check_mesh(&two(&outer, &buried), &CheckOptions::default());
        assert_eq!(r.parts.len(), 2);
        assert_eq!(r.defective_parts(), 0);
        let g = &r.gaps[0];
        assert_eq!(g.nested, Some(1), "{g:?}");
        assert!(g.too_small && !r.is_clean());
        // 8 mm from every face, beyond the 2 mm search: still measured.
        assert!((g.distance_mm - 8.0).abs() < 1e-12);
        // The same small box in a cavity is a ball in a socket: fine.
        let mut socket = outer.clone();
        socket.append(&flipped(tessellated_box(
            p(6.0, 6.0, 6.0),
            p(14.0, 14.0, 14.0),
            2,
        )));
        let r = check_mesh(&two(&socket, &buried), &CheckOptions::default());
        assert_eq!((r.parts.len(), r.parts[0].shells), (2, 2));
        assert_eq!(r.gaps[0].nested, None);
        assert!(r.is_clean(), "{r:#?}");
    }

    #[test]
    fn a_self_intersecting_part_is_reported() {
        // The centre vertex of the top face pushed down through the
        // bottom: still closed and consistently wound, but it crosses
        // itself.
        let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(2.0, 2.0, 2.0), 2);
        let top = m
            .vertices
            .iter()
            .position(|v| *v == p(1.0, 1.0, 2.0))
            .expect("top centre vertex");
        m.vertices[top] = p(1.0, 1.0, -1.0);
        let r = check_mesh(&m, &CheckOptions::default());
        assert_eq!(r.parts.len(), 1);
        let kinds: Vec<&str> = r.parts[0].defects.iter().map(|d| d.kind).collect();
        assert!(kinds.contains(&"SelfIntersection"), "{kinds:?}");
        assert!(!r.is_clean());
        // An inward shell in a part is a cavity, not a self-intersection.
        let r = check_mesh(&socket_and_frustum(), &CheckOptions::default());
        assert_eq!(r.defective_parts(), 0, "{r:#?}");
    }

    #[test]
    fn a_fold_through_a_shared_vertex_is_a_self_intersection() {
        // A closed, consistently wound square pyramid (apex 4) whose base
        // corner 0 is pulled up over the base: the fan around corner 0
        // folds, and every crossing pair shares a corner.
        let m = crate::geom::fixtures::folded_pyramid();
        let r = check_mesh(&m, &CheckOptions::default());
        assert_eq!((r.parts.len(), r.parts[0].defect_count), (1, 2), "{r:#?}");
        assert!(
            r.parts[0]
                .defects
                .iter()
                .all(|d| d.kind == "SelfIntersection")
        );
        let msgs: Vec<&str> = r.parts[0]
            .defects
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("triangles 0 and 5 ")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("triangles 1 and 5 ")),
            "{msgs:?}"
        );
        assert!(!r.is_clean());
    }

    /// A square frustum with 45-degree faces inside a block whose cavity
    /// is the same frustum 0.3 mm larger horizontally: apothem 5 - z for
    /// the inner part (z from 1 to 3), 5.3 - z for the cavity (z from 0.5
    /// to 4.5). The 3D gap is 0.3 cos 45 = 0.2121 mm, the gap in any
    /// horizontal section 0.3 mm.
    fn socket_and_frustum() -> Mesh {
        use crate::geom::Point2;
        use crate::geom::circle::Fit;
        use crate::geom::primitives::revolve;
        let square = |bottom: (f64, f64), top: (f64, f64)| {
            revolve(Point2::new(0.0, 0.0), &[bottom, top], 4, Fit::Circumscribed)
        };
        let mut m = tessellated_box(p(-8.0, -8.0, 0.0), p(8.0, 8.0, 5.0), 2);
        m.append(&flipped(square((4.8, 0.5), (0.8, 4.5))));
        m.append(&square((4.0, 1.0), (2.0, 3.0)));
        m
    }

    fn with_layers(min_gap: f64, first: f64, height: f64) -> CheckOptions {
        CheckOptions {
            layers: Some(LayerPlan::new(first, height).unwrap()),
            ..with_min_gap(min_gap)
        }
    }

    #[test]
    fn a_45_degree_pair_fails_in_3d_but_passes_by_layers() {
        let m = socket_and_frustum();
        let c = 0.3;
        // 3D alone: 0.2121 < 0.25 fails.
        let r = check_mesh(&m, &with_min_gap(0.25));
        assert_eq!((r.parts.len(), r.parts[0].shells), (2, 2));
        let g = &r.gaps[0];
        assert!(
            (g.distance_mm - c * std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-9,
            "{g:?}"
        );
        assert!(g.too_small && g.layers.is_none());
        // Sliced at 0.2 mm layers: the XY gap is c in every layer and no
        // layer rests on another, so it passes; the 3D gap stays.
        let r = check_mesh(&m, &with_layers(0.25, 0.2, 0.2));
        let g = &r.gaps[0];
        let v = g.layers.as_ref().expect("sliced");
        assert!((v.xy_gap_mm.unwrap() - c).abs() < 1e-9, "{v:?}");
        assert!(v.rests_on.is_none());
        assert!((g.distance_mm - c * std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-9);
        assert!(!g.too_small && r.is_clean(), "{g:?}");
        // A minimum above c still fails on the layer gap.
        assert!(!check_mesh(&m, &with_layers(0.35, 0.2, 0.2)).is_clean());
    }

    #[test]
    fn layers_thicker_than_the_clearance_rest_on_the_slope() {
        // At 0.4 mm layers the block's layer overhangs the frustum's
        // previous layer by 0.4 - 0.3 = 0.1 mm: printed onto it, fused.
        let r = check_mesh(&socket_and_frustum(), &with_layers(0.25, 0.2, 0.4));
        let g = &r.gaps[0];
        let rest = g
            .layers
            .as_ref()
            .and_then(|v| v.rests_on.as_ref())
            .expect("rests");
        assert_eq!((rest.upper_part, rest.lower_part), (0, 1));
        assert!((rest.width_mm - 0.1).abs() < 0.02, "{rest:?}");
        assert!(g.too_small && !r.is_clean());
    }

    #[test]
    fn a_random_triangle_soup_is_bounded() {
        // 1,000 random triangles in a 20 mm cube: every triangle is its
        // own open part and most boxes overlap. The report stays small.
        let mut unit = crate::geom::fixtures::unit_random(0x2545_f491_4f6c_dd1d);
        let mut next = move || unit() * 20.0;
        let mut m = Mesh::new();
        for _ in 0..1000 {
            let v = [(); 3].map(|_| m.add_vertex(p(next(), next(), next())));
            m.add_triangle(v[0], v[1], v[2]);
        }
        let r = check_mesh(&m, &CheckOptions::default());
        assert_eq!(r.parts.len(), 1000);
        assert_eq!(r.gaps.len(), DEFAULT_GAPS_LISTED);
        assert!(r.gap_count >= r.small_gap_count && r.small_gap_count > 1000);
        assert!(r.gaps.iter().all(|g| g.too_small && g.distance_mm == 0.0));
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
