//! The slicers' own settings files inside the package.
//!
//! What each key means and which slicer reads it (checked against
//! PrusaSlicer's `src/libslic3r/Format/3mf.cpp` and `PrintConfig.hpp`, and
//! OrcaSlicer's `src/libslic3r/Format/bbs_3mf.cpp` and `PrintConfig.hpp`):
//!
//! - PrusaSlicer keeps `layer_height` per object but `first_layer_height`
//!   only for the whole print, so the first layer goes in the project
//!   config (`Metadata/Slic3r_PE.config`) and the layer height in both.
//!   Its one hole-changing option is `xy_size_compensation` (it has no
//!   polyhole conversion), pinned to 0 per object.
//! - OrcaSlicer / Bambu Studio keep `layer_height`, `hole_to_polyhole`,
//!   `xy_hole_compensation` and `xy_contour_compensation` per object; the
//!   first layer (`initial_layer_print_height`) is a whole-print setting
//!   they read only from their own full project file, which we do not
//!   fake, so it is not carried for them.

use super::model::triangle_ranges;
use super::xml::escape;
use super::{Plate, num};
use std::fmt::Write as _;

/// PrusaSlicer's per-object settings that protect a gauge.
fn prusa_object_settings(plate: &Plate<'_>) -> [(&'static str, String); 2] {
    [
        ("layer_height", num(plate.settings.layer_height)),
        ("xy_size_compensation", "0".into()),
    ]
}

/// OrcaSlicer / Bambu Studio per-object settings that protect a gauge.
fn orca_object_settings(plate: &Plate<'_>) -> [(&'static str, String); 4] {
    [
        ("layer_height", num(plate.settings.layer_height)),
        ("hole_to_polyhole", "0".into()),
        ("xy_hole_compensation", "0".into()),
        ("xy_contour_compensation", "0".into()),
    ]
}

/// `Metadata/Slic3r_PE.config`: PrusaSlicer's print settings, one
/// `; key = value` line each. PrusaSlicer reads this file from the last
/// line up and never reads its first line, so a comment comes first.
pub fn prusa_print_config(plate: &Plate<'_>) -> String {
    format!(
        "; gapgauge {}: the layer heights this plate was built for\n\
         ; first_layer_height = {}\n\
         ; layer_height = {}\n",
        env!("CARGO_PKG_VERSION"),
        num(plate.settings.first_layer_height),
        num(plate.settings.layer_height),
    )
}

/// `Metadata/Slic3r_PE_model.config`: object names and settings, and each
/// part as a named volume over its triangle range.
pub fn prusa_model_config(plate: &Plate<'_>) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n");
    for (i, o) in plate.objects.iter().enumerate() {
        let _ = writeln!(s, " <object id=\"{}\" instances_count=\"1\">", i + 1);
        let _ = writeln!(
            s,
            "  <metadata type=\"object\" key=\"name\" value=\"{}\"/>",
            escape(&o.name)
        );
        for (k, v) in prusa_object_settings(plate) {
            let _ = writeln!(s, "  <metadata type=\"object\" key=\"{k}\" value=\"{v}\"/>");
        }
        for (p, (first, last)) in o.parts.iter().zip(triangle_ranges(o)) {
            let _ = writeln!(
                s,
                "  <volume firstid=\"{first}\" lastid=\"{last}\">\n   \
                 <metadata type=\"volume\" key=\"name\" value=\"{}\"/>\n   \
                 <metadata type=\"volume\" key=\"volume_type\" value=\"ModelPart\"/>\n  \
                 </volume>",
                escape(p.name)
            );
        }
        s.push_str(" </object>\n");
    }
    s.push_str("</config>\n");
    s
}

/// `Metadata/model_settings.config`: the same for OrcaSlicer / Bambu
/// Studio (`<part>` with `firstid`/`lastid`, which their importer reads as a
/// triangle range), plus one plate holding every object.
pub fn orca_model_config(plate: &Plate<'_>) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n");
    for (i, o) in plate.objects.iter().enumerate() {
        let _ = writeln!(s, "  <object id=\"{}\">", i + 1);
        let _ = writeln!(
            s,
            "    <metadata key=\"name\" value=\"{}\"/>",
            escape(&o.name)
        );
        for (k, v) in orca_object_settings(plate) {
            let _ = writeln!(s, "    <metadata key=\"{k}\" value=\"{v}\"/>");
        }
        for (j, (p, (first, last))) in o.parts.iter().zip(triangle_ranges(o)).enumerate() {
            let _ = writeln!(
                s,
                "    <part id=\"{}\" subtype=\"normal_part\" firstid=\"{first}\" lastid=\"{last}\">\n      \
                 <metadata key=\"name\" value=\"{}\"/>\n    \
                 </part>",
                j + 1,
                escape(p.name)
            );
        }
        s.push_str("  </object>\n");
    }
    s.push_str(
        "  <plate>\n    <metadata key=\"plater_id\" value=\"1\"/>\n    \
         <metadata key=\"locked\" value=\"false\"/>\n",
    );
    for i in 0..plate.objects.len() {
        let _ = writeln!(
            s,
            "    <model_instance>\n      <metadata key=\"object_id\" value=\"{}\"/>\n      \
             <metadata key=\"instance_id\" value=\"0\"/>\n    </model_instance>",
            i + 1
        );
    }
    s.push_str("  </plate>\n</config>\n");
    s
}
