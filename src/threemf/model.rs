//! `3D/3dmodel.model`: the geometry (3MF Core Specification).
//!
//! Each object is one `<mesh>` holding all its parts' triangles, part after
//! part, with the part boundaries given as triangle ranges in the slicer
//! config files. That is how PrusaSlicer writes a multi-part object, and
//! the only multi-part layout both PrusaSlicer (which turns `<components>`
//! into separate objects) and OrcaSlicer (whose `<part>` reads `firstid` /
//! `lastid`) keep as one object. Cura sees one mesh per coupon.

use super::xml::escape;
use super::{Object, Plate, num};
use std::fmt::Write as _;

/// The 3MF core namespace.
const CORE_NS: &str = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02";
/// PrusaSlicer's namespace for its `slic3rpe:` metadata.
const SLIC3RPE_NS: &str = "http://schemas.slic3r.org/3mf/2017/06";

/// First and last triangle index (inclusive) of each part within its
/// object's mesh.
pub fn triangle_ranges(object: &Object<'_>) -> Vec<(usize, usize)> {
    let mut first = 0;
    object
        .parts
        .iter()
        .map(|p| {
            let n = p.mesh.triangles.len();
            let range = (first, first + n - 1);
            first += n;
            range
        })
        .collect()
}

/// The model XML. Object ids are 1-based in plate order.
pub fn model_xml(plate: &Plate<'_>) -> String {
    let mut s = String::with_capacity(estimate(plate));
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<model unit=\"millimeter\" xml:lang=\"en-US\" xmlns=\"{CORE_NS}\" xmlns:slic3rpe=\"{SLIC3RPE_NS}\">"
    );
    // The version of PrusaSlicer's `Slic3r_PE_model.config` layout we
    // write (volumes as triangle ranges, no per-volume matrices). Without
    // it PrusaSlicer 2.5 treats the file as foreign and bakes the build
    // item's placement into the first volume only, tearing the parts of a
    // placed object apart (measured with `prusa-slicer --export-stl`).
    s.push_str(" <metadata name=\"slic3rpe:Version3mf\">1</metadata>\n");
    let _ = writeln!(
        s,
        " <metadata name=\"Title\">{}</metadata>",
        escape(&plate.title)
    );
    let _ = writeln!(
        s,
        " <metadata name=\"Application\">gapgauge-{}</metadata>",
        env!("CARGO_PKG_VERSION")
    );
    s.push_str(" <resources>\n");
    for (i, o) in plate.objects.iter().enumerate() {
        object_xml(&mut s, i + 1, o);
    }
    // No `printable` attribute: PrusaSlicer and OrcaSlicer invented it
    // without a namespace, strict 3MF readers (lib3mf) reject it, and both
    // slicers take a missing one as printable.
    s.push_str(" </resources>\n <build>\n");
    for (i, o) in plate.objects.iter().enumerate() {
        let [x, y, z] = o.offset;
        let _ = writeln!(
            s,
            "  <item objectid=\"{}\" transform=\"1 0 0 0 1 0 0 0 1 {} {} {}\"/>",
            i + 1,
            num(x),
            num(y),
            num(z)
        );
    }
    s.push_str(" </build>\n</model>\n");
    s
}

/// One `<object>` with all its parts in one mesh. Vertices are written as
/// the `f32` the STL route writes, in the shortest decimal that parses back
/// to the same `f32`, so both routes give the slicer identical points.
fn object_xml(s: &mut String, id: usize, o: &Object<'_>) {
    let _ = writeln!(
        s,
        "  <object id=\"{id}\" name=\"{}\" type=\"model\">\n   <mesh>\n    <vertices>",
        escape(&o.name)
    );
    for p in &o.parts {
        for v in &p.mesh.vertices {
            let _ = writeln!(
                s,
                "     <vertex x=\"{}\" y=\"{}\" z=\"{}\"/>",
                v.x as f32, v.y as f32, v.z as f32
            );
        }
    }
    s.push_str("    </vertices>\n    <triangles>\n");
    let mut base = 0u32;
    for p in &o.parts {
        for t in &p.mesh.triangles {
            let _ = writeln!(
                s,
                "     <triangle v1=\"{}\" v2=\"{}\" v3=\"{}\"/>",
                base + t[0],
                base + t[1],
                base + t[2]
            );
        }
        // Bounded by the u32 check in `super::check`.
        base += p.mesh.vertices.len() as u32;
    }
    s.push_str("    </triangles>\n   </mesh>\n  </object>\n");
}

/// A capacity guess that avoids most reallocations (about 60 bytes a
/// vertex and 50 a triangle).
fn estimate(plate: &Plate<'_>) -> usize {
    plate
        .objects
        .iter()
        .flat_map(|o| &o.parts)
        .map(|p| 60 * p.mesh.vertices.len() + 50 * p.mesh.triangles.len())
        .sum::<usize>()
        + 4096
}
