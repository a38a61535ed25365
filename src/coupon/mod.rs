//! Coupons: a carrier part holding one test station per clearance, plus the
//! moving parts. Each builder takes a validated spec and returns a
//! [`Coupon`] whose parts are closed, outward 2-manifolds.

pub mod inspect;
pub mod pin;
pub mod profile;

use crate::error::{Error, Result};
use crate::geom::validate::defects;
use crate::geom::{Mesh, Point};
use crate::units::Microns;
pub use profile::PrintProfile;

/// One closed shell of a coupon.
#[derive(Debug, Clone)]
pub struct Part {
    /// Human name ("housing", "pin 3").
    pub name: String,
    /// The shell.
    pub mesh: Mesh,
}

/// One test station: a clearance, where it is, and how it is labelled.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Station {
    /// 0-based position along +X.
    pub index: usize,
    /// The tested clearance per side, in micrometres.
    pub clearance_um: u32,
    /// The same in millimetres, for reading.
    pub clearance_mm: f64,
    /// The label text printed at the station.
    pub label: String,
    /// Centre of the station on the plate (mm).
    pub position: [f64; 3],
    /// Index into [`Coupon::parts`] of the moving part, if there is one.
    pub part: Option<usize>,
}

/// A downward-facing horizontal face that is printed as a bridge or a short
/// overhang on purpose (the 45-degree rule's listed exceptions).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Bridge {
    /// Index of the part that owns the face.
    pub part: usize,
    /// Height of the face.
    pub z: f64,
    /// Smallest x, y of the face.
    pub min: [f64; 2],
    /// Largest x, y of the face.
    pub max: [f64; 2],
    /// Why it is there.
    pub what: &'static str,
}

/// A built coupon.
#[derive(Debug, Clone)]
pub struct Coupon {
    /// Family name ("pin", "hinge", ...).
    pub kind: &'static str,
    /// Part 0 is the carrier; the rest move.
    pub parts: Vec<Part>,
    /// Stations in the order given (along +X).
    pub stations: Vec<Station>,
    /// Listed bridges and overhangs.
    pub bridges: Vec<Bridge>,
    /// The legend text printed on the coupon.
    pub legend: String,
    /// The profile it was built for.
    pub profile: PrintProfile,
}

impl Coupon {
    /// All parts in one mesh, ready to write.
    pub fn merged_mesh(&self) -> Mesh {
        let mut m = Mesh::new();
        for p in &self.parts {
            m.append(&p.mesh);
        }
        m
    }

    /// Move every part, station and bridge by `v` (placing it on a bed).
    pub fn translate(&mut self, v: crate::geom::Vector) {
        for p in &mut self.parts {
            p.mesh.translate(v);
        }
        for s in &mut self.stations {
            s.position = [
                s.position[0] + v.x,
                s.position[1] + v.y,
                s.position[2] + v.z,
            ];
        }
        for b in &mut self.bridges {
            b.z += v.z;
            b.min = [b.min[0] + v.x, b.min[1] + v.y];
            b.max = [b.max[0] + v.x, b.max[1] + v.y];
        }
    }

    /// Total triangle count.
    pub fn triangle_count(&self) -> usize {
        self.parts.iter().map(|p| p.mesh.triangle_count()).sum()
    }

    /// One-line description for the STL header (at most 80 characters).
    /// With a plan, the plan's summary carries the range and layer height.
    pub fn header_text(&self, plan: Option<&str>) -> String {
        let mut s = match plan {
            Some(p) => format!(
                "gapgauge {} n={} per side, plan {p}",
                self.kind,
                self.stations.len()
            ),
            None => {
                let lo = self
                    .stations
                    .iter()
                    .map(|s| s.clearance_um)
                    .min()
                    .unwrap_or(0);
                let hi = self
                    .stations
                    .iter()
                    .map(|s| s.clearance_um)
                    .max()
                    .unwrap_or(0);
                format!(
                    "gapgauge {} c={}..{} mm per side n={} h={:.2}",
                    self.kind,
                    Microns(lo),
                    Microns(hi),
                    self.stations.len(),
                    self.profile.layer_height
                )
            }
        };
        s.truncate(80);
        s
    }

    /// Check every part with the validator; a defect here is our bug.
    pub fn validated(self) -> Result<Self> {
        for p in &self.parts {
            let d = defects(&p.mesh);
            if !d.is_empty() {
                return Err(Error::BrokenPart {
                    coupon: self.kind,
                    part: p.name.clone(),
                    defects: d,
                });
            }
        }
        Ok(self)
    }
}

/// The coupon families, for code that picks one at run time (`batch`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub enum Family {
    /// Captive-pin gauge (rotating joint).
    Pin,
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Family {
    /// Every family, in a fixed order.
    pub const ALL: &'static [Family] = &[Family::Pin];

    /// The coupons a batch set holds by default.
    pub const BATCH_DEFAULT: &'static [Family] = &[Family::Pin];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Family::Pin => "pin",
        }
    }

    /// Build this family's coupon.
    pub fn build(self, clearances: Vec<Microns>, profile: PrintProfile) -> Result<Coupon> {
        match self {
            Family::Pin => pin::build(&pin::PinGaugeSpec::new(clearances, profile)),
        }
    }
}

/// Make a [`Station`] record.
pub(crate) fn station(
    index: usize,
    c: Microns,
    label: String,
    position: Point,
    part: Option<usize>,
) -> Station {
    Station {
        index,
        clearance_um: c.0,
        clearance_mm: c.mm(),
        label,
        position: [position.x, position.y, position.z],
        part,
    }
}
