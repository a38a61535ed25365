//! One part: its tree, its defects in file indices, and its line in the
//! report.

use super::shells::{Measured, PartShells, Shell};
use super::{DefectReport, MAX_SELF_CROSSINGS, PartReport, defect_kind, xyz};
use crate::geom::Mesh;
use crate::geom::bvh::Bvh;
use crate::geom::intersect::self_crossings;
use crate::geom::validate::{self, MeshDefect, Severity};
use std::borrow::Cow;

/// What the checks found in one part.
pub(super) struct Examined<'a> {
    /// The part's tree (outer shell and cavities).
    pub tree: Bvh,
    /// File triangle index of each tree triangle index (the shell's own
    /// list for a part of one shell: no copy).
    pub ids: Cow<'a, [u32]>,
    /// Every defect and warning, in file indices, unsorted.
    pub defects: Vec<MeshDefect>,
}

impl Examined<'_> {
    /// The part has no open edge: it has an inside.
    pub fn closed(&self) -> bool {
        !self
            .defects
            .iter()
            .any(|d| matches!(d, MeshDefect::OpenEdge { .. }))
    }
}

/// Build one part's tree, validate its shells and look for triangles
/// that cross each other.
pub(super) fn examine<'a>(g: &PartShells, shells: &'a [Measured]) -> Examined<'a> {
    let (tree, ids) = if g.cavities.is_empty() {
        // One shell: no need to copy it into a part mesh.
        let sh = &shells[g.outer].shell;
        (Bvh::build(&sh.mesh), Cow::Borrowed(&sh.triangle_ids[..]))
    } else {
        let (m, ids) = part_mesh(g, shells);
        (Bvh::build(&m), Cow::Owned(ids))
    };
    let mut defects = shell_defects(g, shells);
    defects.extend(crossings(&tree, &ids));
    Examined { tree, ids, defects }
}

/// One part's mesh (outer shell and cavities) with the file index of each
/// triangle.
pub(super) fn part_mesh(g: &PartShells, shells: &[Measured]) -> (Mesh, Vec<u32>) {
    let mut m = Mesh::new();
    let mut ids = Vec::new();
    for s in g.all() {
        m.append(&shells[s].shell.mesh);
        ids.extend_from_slice(&shells[s].shell.triangle_ids);
    }
    (m, ids)
}

/// Validate every shell of a part (cavities may face inwards); defects in
/// file indices.
fn shell_defects(g: &PartShells, shells: &[Measured]) -> Vec<MeshDefect> {
    let mut all = Vec::new();
    for (k, s) in g.all().enumerate() {
        let cavity = k > 0;
        let sh = &shells[s].shell;
        all.extend(
            validate::defects(&sh.mesh)
                .into_iter()
                // A cavity faces inwards by definition.
                .filter(|d| !(cavity && matches!(d, MeshDefect::InsideOut { .. })))
                .map(|d| to_file_indices(d, sh)),
        );
    }
    all
}

/// Pairs of the part's triangles that cross each other (at most
/// [`MAX_SELF_CROSSINGS`]), in file indices.
fn crossings<'a>(tree: &Bvh, ids: &'a [u32]) -> impl Iterator<Item = MeshDefect> + 'a {
    let (crossings, _) = self_crossings(tree, MAX_SELF_CROSSINGS);
    crossings
        .into_iter()
        .map(|(a, b)| MeshDefect::SelfIntersection {
            triangle_a: ids[a] as usize,
            triangle_b: ids[b] as usize,
        })
}

/// Part `p`'s line in the report: its size, volume and box, and its
/// defects and warnings, most serious first, at most `cap` of each.
pub(super) fn report(
    p: usize,
    g: &PartShells,
    shells: &[Measured],
    defects: Vec<MeshDefect>,
    cap: usize,
) -> PartReport {
    let (defect_count, defects, warning_count, warnings) = ranked(defects, cap);
    let bb = shells[g.outer].bbox;
    PartReport {
        part: p,
        triangles: triangles(g, shells),
        shells: 1 + g.cavities.len(),
        volume_mm3: shells[g.outer].volume
            + g.cavities.iter().map(|&c| shells[c].volume).sum::<f64>(),
        bbox_min: xyz(&bb.min),
        bbox_max: xyz(&bb.max),
        defect_count,
        defects,
        warning_count,
        warnings,
    }
}

/// `defects` split into defects and warnings, most serious first: how
/// many defects, at most `cap` of them for the report, and the same for
/// the warnings.
pub(super) fn ranked(
    mut defects: Vec<MeshDefect>,
    cap: usize,
) -> (usize, Vec<DefectReport>, usize, Vec<DefectReport>) {
    validate::sort_by_rank(&mut defects);
    let (errors, warnings): (Vec<_>, Vec<_>) = defects
        .iter()
        .partition(|d| d.severity() == Severity::Error);
    (
        errors.len(),
        listed(&errors, cap),
        warnings.len(),
        listed(&warnings, cap),
    )
}

/// Triangles in a part (all its shells).
pub(super) fn triangles(g: &PartShells, shells: &[Measured]) -> usize {
    g.all().map(|s| shells[s].shell.mesh.triangles.len()).sum()
}

/// The first `cap` defects, for the report.
fn listed(defects: &[&MeshDefect], cap: usize) -> Vec<DefectReport> {
    defects
        .iter()
        .take(cap)
        .map(|d| DefectReport {
            kind: defect_kind(d),
            message: d.to_string(),
        })
        .collect()
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
        MeshDefect::RepeatedVertex { triangle } => MeshDefect::RepeatedVertex {
            triangle: t(triangle),
        },
        MeshDefect::ZeroArea { triangle, area } => MeshDefect::ZeroArea {
            triangle: t(triangle),
            area,
        },
        MeshDefect::Needle {
            triangle,
            area,
            shortest_edge,
        } => MeshDefect::Needle {
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
