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
