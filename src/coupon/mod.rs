//! Coupons: a carrier part holding one test station per clearance, plus the
//! moving parts. Each builder takes a validated spec and returns a
//! [`Coupon`] whose parts are closed, outward 2-manifolds.

pub mod ball;
pub mod bed;
pub mod bridge;
pub mod chain;
pub mod hinge;
pub mod inspect;
pub mod pin;
pub mod plugs;
pub mod profile;
pub mod registry;
pub mod slots;

pub use crate::clearance::ClearanceMeaning;
use crate::error::{Error, Result};
use crate::geom::validate::defects;
use crate::geom::{Mesh, Point};
use crate::label::{Legend, Unit};
use crate::sweep::MAX_STATIONS;
use crate::units::Microns;
pub use profile::PrintProfile;
pub use registry::Family;

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
    /// Below the slicer floor ([`crate::plan::SLICER_FLOOR`]): a control,
    /// printed to show the floor is real and expected to fuse.
    pub control: bool,
    /// The air under the bridge over the moving part (mm, whole layers),
    /// for a coupon that states it beside a side-gap clearance (the chain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under_bridge_mm: Option<f64>,
    /// A point on the carrier inside the moving part's bounding box (a
    /// chain link's foot in its ring's window), where a slicer check finds
    /// the carrier's island, not the moving part's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier_probe: Option<[f64; 3]>,
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

    /// Bounding box of all parts, without merging them into one mesh.
    pub fn bbox(&self) -> crate::geom::Aabb {
        self.parts
            .iter()
            .fold(crate::geom::Aabb::empty(), |b, p| b.union(&p.mesh.bbox()))
    }

    /// Move every part, station and bridge by `v` (placing it on a bed).
    pub fn translate(&mut self, v: crate::geom::Vector) {
        for p in &mut self.parts {
            p.mesh.translate(v);
        }
        let moved = |p: [f64; 3]| [p[0] + v.x, p[1] + v.y, p[2] + v.z];
        for s in &mut self.stations {
            s.position = moved(s.position);
            s.carrier_probe = s.carrier_probe.map(moved);
        }
        for b in &mut self.bridges {
            b.z += v.z;
            b.min = [b.min[0] + v.x, b.min[1] + v.y];
            b.max = [b.max[0] + v.x, b.max[1] + v.y];
        }
    }

    /// The legend of this coupon: what its labels mean and their unit
    /// (the printed text is [`Coupon::legend`]); [`Legend::explain`] gives
    /// the sentence for tables and cards.
    pub fn legend_info(&self) -> Legend {
        let um: Vec<u32> = self.stations.iter().map(|s| s.clearance_um).collect();
        match self.family() {
            Some(f) => f.legend(&um, &self.profile),
            None => Legend::for_clearances(ClearanceMeaning::PerSide, &um),
        }
    }

    /// The registered coupon this is, if its kind is registered.
    pub fn family(&self) -> Option<Family> {
        Family::from_name(self.kind)
    }

    /// Total triangle count.
    pub fn triangle_count(&self) -> usize {
        self.parts.iter().map(|p| p.mesh.triangle_count()).sum()
    }

    /// What this coupon's clearance numbers measure.
    pub fn clearance_meaning(&self) -> ClearanceMeaning {
        self.family()
            .map_or(ClearanceMeaning::PerSide, Family::clearance_meaning)
    }

    /// One-line description for the STL header (at most 80 bytes, cut at a
    /// character boundary; the STL writer replaces non-ASCII bytes).
    /// With a plan, the plan's summary carries the range and layer height.
    pub fn header_text(&self, plan: Option<&str>) -> String {
        let sense = self.clearance_meaning().short();
        let mut s = match plan {
            Some(p) => format!(
                "gapgauge {} n={} {sense}, plan {p}",
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
                    "gapgauge {} c={}..{} mm {sense} n={} h={:.2}",
                    self.kind,
                    Microns(lo),
                    Microns(hi),
                    self.stations.len(),
                    self.profile.layer_height
                )
            }
        };
        let mut cut = s.len().min(80);
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
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

/// Check a coupon's station list: 1 to [`MAX_STATIONS`] stations, each at
/// least 0.01 mm, at most `geo_max` mm when the carrier limits it (`holder`
/// names the carrier in the message, `why` says what sets the limit), and
/// each one its label can write (hundredths up to 9.99 mm; thousandths up
/// to 0.999). Returns the coupon's legend, which sets the labels.
pub(crate) fn check_stations(
    clearances: &[Microns],
    holder: &str,
    meaning: ClearanceMeaning,
    geo_max: Option<(f64, String)>,
) -> std::result::Result<Legend, crate::error::ParamError> {
    use crate::error::ParamError;
    let n = clearances.len();
    if n == 0 || n > MAX_STATIONS {
        return Err(ParamError::new(
            "stations",
            n,
            format!("a {holder} holds 1 to {MAX_STATIONS} stations"),
        ));
    }
    let legend =
        Legend::for_clearances(meaning, &clearances.iter().map(|c| c.0).collect::<Vec<_>>());
    for (i, c) in clearances.iter().enumerate() {
        let param = format!("clearance {} of {n}", i + 1);
        if c.0 < 10 {
            return Err(ParamError::new(param, c, "must be at least 0.01 mm"));
        }
        if let Some((max, why)) = &geo_max
            && c.mm() > max + 1e-9
        {
            return Err(ParamError::new(
                param,
                c,
                format!("the {holder} cannot hold it: at most {max:.3} mm {why}"),
            ));
        }
        if !legend.fits(c.0) {
            let limit = match legend.unit {
                Unit::Hundredths => "labels show at most 9.99 mm".to_string(),
                Unit::Thousandths => format!(
                    "labels in thousandths (needed because a clearance is not a whole hundredth) show at most {}; \
                     give whole hundredths (1.00, 1.05) to label up to 9.99 mm",
                    Microns(Unit::Thousandths.max_um())
                ),
                Unit::Layers(_) => "a whole number of layers, at most 99".to_string(),
            };
            return Err(ParamError::new(param, c, limit));
        }
    }
    Ok(legend)
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
        control: c < crate::plan::SLICER_FLOOR,
        under_bridge_mm: None,
        carrier_probe: None,
    }
}
