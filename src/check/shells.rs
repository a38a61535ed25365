//! Cutting a mesh into shells and grouping the shells into parts.
//!
//! Shells are the vertex-connected pieces of the file ([`validate::shells`]);
//! a part is an outer shell plus the cavity shells inside it. Each shell
//! is copied out with local indices (the validator and the tree work on
//! one shell or part at a time) and remembers the file index of each of
//! its vertices and triangles, so defects are reported in file terms.

use super::parallel_map;
use super::phases::{Cores, Phases};
use crate::geom::validate;
use crate::geom::{Aabb, Mesh, Point};
use std::sync::atomic::{AtomicU32, Ordering};

/// A shell cut out of the input: its own mesh plus the file indices of its
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

/// A shell with what grouping needs of it, worked out while it is hot.
pub(super) struct Measured {
    /// The shell.
    pub shell: Shell,
    /// Its signed volume (negative: it faces inwards).
    pub volume: f64,
    /// Its bounding box.
    pub bbox: Aabb,
}

/// Cut `mesh` into its vertex-connected shells, in order of first triangle.
/// Every triangle index must be in range (see [`super::check_mesh`]).
pub fn split_shells(mesh: &Mesh) -> Vec<Shell> {
    split_measured(mesh, &mut Phases::new())
        .into_iter()
        .map(|m| m.shell)
        .collect()
}

/// [`split_shells`], each shell with its volume and box; the shells are
/// copied out on every core.
pub(super) fn split_measured(mesh: &Mesh, phases: &mut Phases) -> Vec<Measured> {
    let (offsets, triangles) = triangles_by_shell(mesh);
    phases.lap("find shells", Cores::One);
    // A vertex belongs to one shell only (shells are joined through shared
    // vertices), so one map from file to local index serves every shell,
    // each entry written by the one thread copying its shell.
    let local: Vec<AtomicU32> = (0..mesh.vertices.len())
        .map(|_| AtomicU32::new(u32::MAX))
        .collect();
    let shells = parallel_map(
        offsets.len() - 1,
        |s| offsets[s + 1] - offsets[s],
        |s| {
            let shell = copy_shell(mesh, &triangles[offsets[s]..offsets[s + 1]], &local);
            Measured {
                volume: shell.mesh.signed_volume(),
                bbox: shell.mesh.bbox(),
                shell,
            }
        },
    );
    phases.lap("copy shells", Cores::All);
    shells
}

/// The file triangles of every shell, in file order: shell `s` holds
/// `triangles[offsets[s]..offsets[s + 1]]` (a counting sort by shell).
fn triangles_by_shell(mesh: &Mesh) -> (Vec<usize>, Vec<u32>) {
    let ids = validate::shells(mesh);
    let n = ids.iter().copied().max().map_or(0, |m| m + 1);
    let mut offsets = vec![0usize; n + 1];
    for &s in &ids {
        offsets[s + 1] += 1;
    }
    for s in 0..n {
        offsets[s + 1] += offsets[s];
    }
    let mut fill = offsets.clone();
    let mut triangles = vec![0u32; ids.len()];
    for (t, &s) in ids.iter().enumerate() {
        triangles[fill[s]] = t as u32;
        fill[s] += 1;
    }
    (offsets, triangles)
}

/// Copy one shell (file triangles `tris`) out of `mesh`, numbering its
/// vertices in order of first use; `local` maps file to local vertices.
fn copy_shell(mesh: &Mesh, tris: &[u32], local: &[AtomicU32]) -> Shell {
    let mut sh = Shell {
        triangle_ids: tris.to_vec(),
        ..Shell::default()
    };
    sh.mesh.triangles.reserve_exact(tris.len());
    for &t in tris {
        let lt = mesh.triangles[t as usize].map(|v| {
            let slot = &local[v as usize];
            let mut l = slot.load(Ordering::Relaxed);
            if l == u32::MAX {
                l = sh.mesh.vertices.len() as u32;
                slot.store(l, Ordering::Relaxed);
                sh.mesh.vertices.push(mesh.vertices[v as usize]);
                sh.vertex_ids.push(v);
            }
            l
        });
        sh.mesh.triangles.push(lt);
    }
    sh
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
pub(super) struct PartShells {
    /// The outer shell.
    pub outer: usize,
    /// The cavity shells inside it.
    pub cavities: Vec<usize>,
}

impl PartShells {
    /// The outer shell, then the cavities.
    pub fn all(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.outer).chain(self.cavities.iter().copied())
    }
}

/// Group shells into parts: each negative shell goes to the innermost
/// positive shell that contains it, if any.
pub(super) fn group_parts(shells: &[Measured]) -> Vec<PartShells> {
    // A negative shell is tested against every shell's box.
    let owner = parallel_map(
        shells.len(),
        |s| usize::from(shells[s].volume <= 0.0) * shells.len(),
        |s| owner(shells, s),
    );
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

/// The shell whose cavity shell `s` is: the smallest positive shell
/// around one of its vertices; `None` for a positive shell, or a negative
/// one inside nothing (an inside-out part).
fn owner(shells: &[Measured], s: usize) -> Option<usize> {
    let inner = &shells[s];
    if inner.volume > 0.0 || inner.shell.mesh.vertices.is_empty() {
        return None;
    }
    let contains = |outer: &Aabb, inner: &Aabb| {
        (0..3).all(|i| outer.min[i] <= inner.min[i] && inner.max[i] <= outer.max[i])
    };
    let probe = inner.shell.mesh.vertices[0];
    (0..shells.len())
        .filter(|&o| o != s && shells[o].volume > 0.0 && contains(&shells[o].bbox, &inner.bbox))
        .filter(|&o| winding_number(&shells[o].shell.mesh, &probe) > 0.5)
        .min_by(|&x, &y| shells[x].volume.total_cmp(&shells[y].volume))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures::{flipped, tessellated_box};

    /// The shells of `mesh` cut out one triangle at a time, on one thread.
    fn one_by_one(mesh: &Mesh) -> Vec<(Vec<u32>, Vec<u32>, Mesh)> {
        let ids = validate::shells(mesh);
        let n = ids.iter().max().map_or(0, |m| m + 1);
        let mut out = vec![(Vec::new(), Vec::new(), Mesh::new()); n];
        let mut local = std::collections::HashMap::new();
        for (t, (tri, &s)) in mesh.triangles.iter().zip(&ids).enumerate() {
            let (vids, tids, m) = &mut out[s];
            let lt = tri.map(|v| {
                *local.entry(v).or_insert_with(|| {
                    vids.push(v);
                    m.add_vertex(mesh.vertices[v as usize])
                })
            });
            m.triangles.push(lt);
            tids.push(t as u32);
        }
        out
    }

    #[test]
    fn shells_copied_on_every_core_are_the_one_by_one_copies() {
        // Three shells of 27,648 triangles each, interleaved in the file
        // (a box, a cavity in it, a box beside it): above the threshold
        // where shells are copied out in parallel.
        let p = Point::new;
        let a = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 10.0), 48);
        let cavity = flipped(tessellated_box(p(2.0, 2.0, 2.0), p(8.0, 8.0, 8.0), 48));
        let b = tessellated_box(p(12.0, 0.0, 0.0), p(20.0, 10.0, 10.0), 48);
        let mut mesh = Mesh::new();
        for m in [&a, &cavity, &b] {
            mesh.append(m);
        }
        // Interleave: every third triangle from each shell in turn.
        let n = a.triangles.len();
        mesh.triangles = (0..3 * n)
            .map(|k| mesh.triangles[(k % 3) * n + k / 3])
            .collect();
        let want = one_by_one(&mesh);
        let got = split_measured(&mesh, &mut Phases::new());
        assert_eq!(got.len(), 3);
        for (g, (vids, tids, m)) in got.iter().zip(&want) {
            assert_eq!(&g.shell.vertex_ids, vids);
            assert_eq!(&g.shell.triangle_ids, tids);
            assert_eq!(&g.shell.mesh, m);
            assert_eq!(g.volume, m.signed_volume());
        }
        let parts = group_parts(&got);
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].outer, parts[0].cavities.clone()), (0, vec![1]));
    }
}
