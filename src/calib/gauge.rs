//! What a printed gauge is: the filament, printer settings and stations it
//! was made with, read back from the files gapgauge wrote beside it.
//!
//! `batch` writes `manifest.json` in each filament folder. `make` writes a
//! small sidecar, `NAME.gauge.json` beside `NAME.stl` ([`Sidecar`]), because
//! an STL header has 80 bytes: too few for the printer settings and every
//! station. `record` accepts the folder, the manifest, the sidecar or the
//! STL and finds the description from any of them.

use crate::coupon::{Coupon, Family};
use crate::plan::Joint;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Schema tag of the sidecar written by `make`.
pub const SIDECAR_SCHEMA: &str = "gapgauge.gauge/1";
/// Schema tag of a batch manifest.
pub const MANIFEST_SCHEMA: &str = "gapgauge.batch-manifest/1";

/// The sidecar `make` writes beside an STL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    /// [`SIDECAR_SCHEMA`].
    pub schema: String,
    /// gapgauge version that wrote it.
    pub version: String,
    /// The STL's file name.
    pub stl: String,
    /// Coupon family.
    pub coupon: String,
    /// What the clearance numbers measure.
    pub clearance_is: String,
    /// Material preset or file the sweep was planned for (or `make`'s
    /// `--material`, which defaults to pla, when the sweep was given).
    pub material: String,
    /// Printer preset or file.
    pub printer: String,
    /// Nozzle, mm.
    pub nozzle_mm: f64,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// First layer height, mm.
    pub first_layer_height_mm: f64,
    /// Flow ratio the plan assumed.
    pub flow: f64,
    /// The plan's summary, when the planner chose the sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Stations in order along +X.
    pub stations: Vec<GaugeStation>,
}

/// One station as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GaugeStation {
    /// Clearance, micrometres.
    pub clearance_um: u32,
    /// The label printed beside it.
    pub label: String,
}

/// One coupon of a gauge.
#[derive(Debug, Clone, PartialEq)]
pub struct GaugeCoupon {
    /// Family.
    pub family: Family,
    /// The joint it measures.
    pub joint: Joint,
    /// Stations in order.
    pub stations: Vec<GaugeStation>,
    /// Plan summary, if planned.
    pub plan: Option<String>,
    /// STL file name.
    pub file: String,
}

/// Who the filament is: the material preset and, when known, the spool.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FilamentIdentity {
    /// Material preset name (or file) the gauge was planned for.
    pub material: String,
    /// Brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Product or colour name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Spoolman spool id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spool_id: Option<u64>,
    /// Lot number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_nr: Option<String>,
    /// SpoolmanDB external id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// A gauge as described by the files beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// The file the description was read from.
    pub described_by: PathBuf,
    /// The filament (spool fields filled only when the set has one spool).
    pub filament: FilamentIdentity,
    /// Spools of the set (from a Spoolman export).
    pub spools: Vec<crate::calib::spoolman::SpoolRef>,
    /// Printer preset or file.
    pub printer: String,
    /// Nozzle, mm.
    pub nozzle_mm: f64,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// First layer height, mm.
    pub first_layer_height_mm: f64,
    /// Flow ratio the plan assumed.
    pub flow: f64,
    /// Its coupons.
    pub coupons: Vec<GaugeCoupon>,
}

/// Why a gauge could not be identified.
#[derive(Debug, Error)]
pub enum GaugeError {
    /// Nothing beside it says what it is.
    #[error(
        "GAUGE = {path}: {why}; give a batch folder, its manifest.json, or an STL written by `gapgauge make` (with its .gauge.json beside it)"
    )]
    NotAGauge {
        /// What was given.
        path: String,
        /// What is missing.
        why: String,
    },
    /// The description is there but unreadable.
    #[error("{path}: not a gapgauge gauge description: {why}")]
    Bad {
        /// The description file.
        path: String,
        /// What is wrong.
        why: String,
    },
}

/// The sidecar path for an STL: `x.stl` -> `x.gauge.json`.
pub fn sidecar_path(stl: &Path) -> PathBuf {
    stl.with_extension("gauge.json")
}

/// The sidecar for a coupon `make` just wrote: `plan` is the planner's
/// view of its material, printer and joint (the material and flow come
/// from it), `chosen` whether that plan chose the stations.
pub fn sidecar_for(
    coupon: &Coupon,
    stl: &Path,
    printer: &str,
    plan: &crate::plan::Plan,
    chosen: bool,
) -> Sidecar {
    let family = Family::from_name(coupon.kind);
    Sidecar {
        schema: SIDECAR_SCHEMA.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        stl: stl
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        coupon: coupon.kind.into(),
        clearance_is: family
            .map_or("per side", |f| f.clearance_meaning().sentence())
            .into(),
        material: plan.input.material.name.clone(),
        printer: printer.into(),
        nozzle_mm: coupon.profile.nozzle,
        layer_height_mm: coupon.profile.layer_height,
        first_layer_height_mm: coupon.profile.first_layer_height,
        flow: plan.input.flow,
        plan: chosen.then(|| plan.summary().to_string()),
        stations: coupon
            .stations
            .iter()
            .map(|s| GaugeStation {
                clearance_um: s.clearance_um,
                label: s.label.clone(),
            })
            .collect(),
    }
}

/// The preset name of a material argument (a TOML file names itself
/// inside), so records match however the material was given; the argument
/// itself when it does not load.
pub fn material_name(arg: &str) -> String {
    crate::preset::Material::load(arg).map_or_else(|_| arg.to_string(), |m| m.name)
}

/// Write a sidecar beside its STL, atomically.
pub fn write_sidecar(stl: &Path, sidecar: &Sidecar) -> std::io::Result<PathBuf> {
    let path = sidecar_path(stl);
    let text = serde_json::to_string_pretty(sidecar).map_err(std::io::Error::other)? + "\n";
    crate::atomic::write_atomic::<std::io::Error>(&path, |w| {
        std::io::Write::write_all(w, text.as_bytes())
    })?;
    Ok(path)
}

/// Identify the gauge at `path`: a batch folder, a manifest, a sidecar or
/// an STL with a sidecar (or in a batch folder).
pub fn load(path: &Path) -> Result<Gauge, GaugeError> {
    let shown = path.display().to_string();
    let not = |why: String| GaugeError::NotAGauge {
        path: shown.clone(),
        why,
    };
    if path.is_dir() {
        let m = path.join("manifest.json");
        if !m.is_file() {
            return Err(not("a folder without manifest.json".into()));
        }
        return from_json_file(&m, None);
    }
    if !path.is_file() {
        return Err(not("no such file or folder".into()));
    }
    let is_stl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("stl"));
    if !is_stl {
        return from_json_file(path, None);
    }
    let side = sidecar_path(path);
    if side.is_file() {
        return from_json_file(&side, None);
    }
    let manifest = path
        .parent()
        .map(|d| d.join("manifest.json"))
        .filter(|m| m.is_file());
    match manifest {
        Some(m) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            from_json_file(&m, Some(&file))
        }
        None => Err(not(format!(
            "no {} and no manifest.json beside it",
            side.display()
        ))),
    }
}

fn from_json_file(path: &Path, only_file: Option<&str>) -> Result<Gauge, GaugeError> {
    let bad = |why: String| GaugeError::Bad {
        path: path.display().to_string(),
        why,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read: {e}")))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    match v["schema"].as_str() {
        Some(SIDECAR_SCHEMA) => {
            let s: Sidecar = serde_json::from_value(v).map_err(|e| bad(e.to_string()))?;
            from_sidecar(path, s).map_err(bad)
        }
        Some(MANIFEST_SCHEMA) => from_manifest(path, &v, only_file).map_err(bad),
        other => Err(bad(format!(
            "schema {other:?}, expected {SIDECAR_SCHEMA} or {MANIFEST_SCHEMA}"
        ))),
    }
}

fn family_of(name: &str) -> Result<(Family, Joint), String> {
    let family = Family::from_name(name).ok_or_else(|| format!("unknown coupon {name:?}"))?;
    Ok((family, family.joint()))
}

fn from_sidecar(path: &Path, s: Sidecar) -> Result<Gauge, String> {
    let (family, joint) = family_of(&s.coupon)?;
    Ok(Gauge {
        described_by: path.to_path_buf(),
        filament: FilamentIdentity {
            material: s.material,
            ..Default::default()
        },
        spools: Vec::new(),
        printer: s.printer,
        nozzle_mm: s.nozzle_mm,
        layer_height_mm: s.layer_height_mm,
        first_layer_height_mm: s.first_layer_height_mm,
        flow: s.flow,
        coupons: vec![GaugeCoupon {
            family,
            joint,
            stations: s.stations,
            plan: s.plan,
            file: s.stl,
        }],
    })
}

fn from_manifest(
    path: &Path,
    v: &serde_json::Value,
    only_file: Option<&str>,
) -> Result<Gauge, String> {
    let f64_at = |p: &str| {
        v.pointer(p)
            .and_then(serde_json::Value::as_f64)
            .ok_or_else(|| format!("missing {p}"))
    };
    let str_at = |p: &str| v.pointer(p).and_then(|x| x.as_str()).map(str::to_string);
    let entry = &v["filament"]["entry"];
    let spools: Vec<crate::calib::spoolman::SpoolRef> = match entry.get("spools") {
        Some(s) => serde_json::from_value(s.clone()).map_err(|e| format!("spools: {e}"))?,
        None => Vec::new(),
    };
    let mut coupons = Vec::new();
    for c in v["coupons"].as_array().ok_or("missing coupons")? {
        let file = c["file"].as_str().unwrap_or_default().to_string();
        if only_file.is_some_and(|f| f != file) {
            continue;
        }
        let (family, joint) = family_of(c["coupon"].as_str().unwrap_or_default())?;
        let stations: Vec<GaugeStation> = serde_json::from_value(c["stations"].clone())
            .map_err(|e| format!("stations of {file}: {e}"))?;
        coupons.push(GaugeCoupon {
            family,
            joint,
            stations,
            plan: c["plan"]["summary"].as_str().map(str::to_string),
            file,
        });
    }
    if coupons.is_empty() {
        return Err(format!(
            "lists no coupon{}",
            only_file.map_or(String::new(), |f| format!(" in file {f}"))
        ));
    }
    let one = (spools.len() == 1).then(|| spools[0].clone());
    Ok(Gauge {
        described_by: path.to_path_buf(),
        filament: FilamentIdentity {
            material: str_at("/filament/material").ok_or("missing filament.material")?,
            brand: str_at("/filament/entry/brand"),
            name: str_at("/filament/entry/name"),
            spool_id: one.as_ref().map(|s| s.id),
            lot_nr: one.and_then(|s| s.lot_nr),
            external_id: str_at("/filament/entry/external_id"),
        },
        spools,
        printer: str_at("/printer").ok_or("missing printer")?,
        nozzle_mm: f64_at("/profile/nozzle")?,
        layer_height_mm: f64_at("/profile/layer_height")?,
        first_layer_height_mm: f64_at("/profile/first_layer_height")?,
        flow: v
            .pointer("/coupons/0/plan/input/flow")
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(1.0),
        coupons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::PrintProfile;
    use crate::units::Microns;

    #[test]
    fn a_sidecar_round_trips_and_an_undescribed_stl_is_refused() {
        let d = std::env::temp_dir().join(format!("gapgauge-gauge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let coupon = Family::PLUGS
            .build(vec![Microns(200), Microns(250)], PrintProfile::default())
            .unwrap();
        let stl = d.join("plugs.stl");
        std::fs::write(&stl, b"stl").unwrap();
        let plan = Family::PLUGS
            .default_plan("petg", "prusa-mk4", None)
            .unwrap();
        let side = sidecar_for(&coupon, &stl, "prusa-mk4", &plan, false);
        assert_eq!(side.plan, None);
        assert_eq!(
            write_sidecar(&stl, &side).unwrap(),
            d.join("plugs.gauge.json")
        );
        let g = load(&stl).unwrap();
        assert_eq!(g.filament.material, "petg");
        assert_eq!(g.printer, "prusa-mk4");
        assert_eq!(g.coupons[0].family, Family::PLUGS);
        assert_eq!(g.coupons[0].joint, Joint::Sliding);
        let c: Vec<u32> = g.coupons[0]
            .stations
            .iter()
            .map(|s| s.clearance_um)
            .collect();
        assert_eq!(c, vec![200, 250]);
        std::fs::remove_file(d.join("plugs.gauge.json")).unwrap();
        let e = load(&stl).unwrap_err().to_string();
        assert!(e.contains("plugs.gauge.json"), "{e}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
