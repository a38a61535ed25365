//! Recommendations in the forms CAD and inventory tools read.
//!
//! - BOSL2: `$slop` is one number per side (`get_slop()` in BOSL2's
//!   `constants.scad`), the same sense as gapgauge's per-side clearance.
//! - OpenSCAD: a small include with one variable per joint.
//! - Spoolman: the `extra` fields of a filament. Spoolman stores each
//!   extra value as a JSON-encoded string (a float field holds `"0.35"`)
//!   and keys must match `^[a-z0-9_]+$`; the fields must first be defined
//!   as float fields (`POST /api/v1/field/filament/<key>`).

use crate::calib::recommend::Recommendation;
use crate::plan::Joint;
use crate::units::Microns;
use std::fmt::Write;

/// A joint name as an identifier: `snap-fit` -> `snap_fit`.
pub fn ident(j: Joint) -> String {
    j.name().replace('-', "_")
}

/// The Spoolman extra-field key for a joint: `pip_rotating_mm`.
pub fn spoolman_key(j: Joint) -> String {
    format!("pip_{}_mm", ident(j))
}

fn provenance(r: &Recommendation) -> String {
    let carried = if r.exact { "" } else { ", carried over" };
    format!(
        "{} {} nozzle {:.2} layer {:.2}: {}{carried}",
        r.material,
        r.joint,
        r.nozzle_mm,
        r.layer_height_mm,
        r.evidence_line()
    )
}

/// `$slop = 0.35;` with where it came from.
pub fn bosl2(r: &Recommendation) -> String {
    format!(
        "// gapgauge recommend: {}\n// BOSL2 $slop is per side, like this value.\n$slop = {};\n",
        provenance(r),
        r.clearance()
    )
}

/// An OpenSCAD include: one `clearance_<joint>` variable per joint.
pub fn openscad(rs: &[Recommendation]) -> String {
    let mut s = String::from(
        "// gapgauge recommend: clearances in mm, per side (one air gap; a hole is\n// 2 x clearance wider than its shaft). A slit is its full width.\n",
    );
    for r in rs {
        let _ = writeln!(
            s,
            "clearance_{} = {}; // {}, {}",
            ident(r.joint),
            r.clearance(),
            r.clearance_is,
            provenance(r)
        );
    }
    s
}

/// The Spoolman `extra` object for a filament: `{"pip_rotating_mm": "0.35"}`.
pub fn spoolman(rs: &[Recommendation]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = rs
        .iter()
        .map(|r| {
            (
                spoolman_key(r.joint),
                serde_json::Value::String(Microns(r.clearance_um).to_string()),
            )
        })
        .collect();
    serde_json::Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(joint: Joint, um: u32) -> Recommendation {
        Recommendation {
            material: "pla".into(),
            joint,
            clearance_um: um,
            clearance_is: "per side",
            diametral_um: Some(2 * um),
            nozzle_mm: 0.4,
            layer_height_mm: 0.2,
            printer: None,
            exact: true,
            carried_over: Vec::new(),
            evidence: Vec::new(),
            spread_um: 0,
            newest_days: None,
            oldest_days: None,
            also: Vec::new(),
        }
    }

    #[test]
    fn formats() {
        let r = [rec(Joint::Rotating, 350), rec(Joint::SnapFit, 125)];
        assert!(bosl2(&r[0]).contains("\n$slop = 0.35;\n"));
        let o = openscad(&r);
        assert!(
            o.contains("clearance_rotating = 0.35;") && o.contains("clearance_snap_fit = 0.125;")
        );
        let v = spoolman(&r);
        assert_eq!(v["pip_rotating_mm"], "0.35");
        assert_eq!(v["pip_snap_fit_mm"], "0.125");
        for k in v.as_object().unwrap().keys() {
            assert!(
                k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            );
        }
    }
}
