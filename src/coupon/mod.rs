//! Coupons: a carrier part holding one test station per clearance, plus the
//! moving parts. Each builder takes a validated spec and returns a
//! [`Coupon`] whose parts are closed, outward 2-manifolds.

pub mod bed;
pub mod bridge;
pub mod hinge;
pub mod inspect;
pub mod pin;
pub mod plugs;
pub mod prism;
pub mod profile;
pub mod slots;

use crate::error::{Error, Result};
use crate::geom::validate::defects;
use crate::geom::{Mesh, MeshBuilder, Point, Vector};
use crate::label::{Legend, Patch, Unit};
use crate::sweep::MAX_STATIONS;
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
    /// Below the slicer floor ([`crate::plan::SLICER_FLOOR`]): a control,
    /// printed to show the floor is real and expected to fuse.
    pub control: bool,
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

    /// The legend of this coupon: what its labels mean and their unit
    /// (the printed text is [`Coupon::legend`]); [`Legend::explain`] gives
    /// the sentence for tables and cards.
    pub fn legend_info(&self) -> Legend {
        let meaning = Family::from_name(self.kind)
            .map_or(ClearanceMeaning::PerSide, Family::clearance_meaning);
        let um: Vec<u32> = self.stations.iter().map(|s| s.clearance_um).collect();
        match meaning {
            ClearanceMeaning::Vertical => Legend::for_layers(self.profile.layer_um(), &um),
            _ => Legend::for_clearances(meaning, &um),
        }
    }

    /// Total triangle count.
    pub fn triangle_count(&self) -> usize {
        self.parts.iter().map(|p| p.mesh.triangle_count()).sum()
    }

    /// What this coupon's clearance numbers measure.
    pub fn clearance_meaning(&self) -> ClearanceMeaning {
        Family::from_name(self.kind).map_or(ClearanceMeaning::PerSide, Family::clearance_meaning)
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

/// The coupon families, for code that picks one at run time (`batch`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub enum Family {
    /// Captive-pin gauge (rotating joint).
    Pin,
    /// Slot comb (an air slit inside one part).
    Slots,
    /// Push-out plugs (sliding fit).
    Plugs,
    /// Hinge ladder (print-in-place hinge on a horizontal pin).
    Hinge,
    /// Bridge-gap sweep (the vertical gap under a bridge, in layers).
    Bridge,
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Family {
    /// Every family, in a fixed order.
    pub const ALL: &'static [Family] = &[
        Family::Pin,
        Family::Hinge,
        Family::Slots,
        Family::Plugs,
        Family::Bridge,
    ];

    /// The coupons a batch set holds by default.
    pub const BATCH_DEFAULT: &'static [Family] = &[Family::Pin, Family::Hinge, Family::Slots];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Family::Pin => "pin",
            Family::Slots => "slots",
            Family::Plugs => "plugs",
            Family::Hinge => "hinge",
            Family::Bridge => "bridge",
        }
    }

    /// Build this family's coupon.
    pub fn build(self, clearances: Vec<Microns>, profile: PrintProfile) -> Result<Coupon> {
        match self {
            Family::Pin => pin::build(&pin::PinGaugeSpec::new(clearances, profile)),
            Family::Slots => slots::build(&slots::SlotCombSpec::new(clearances, profile)),
            Family::Plugs => plugs::build(&plugs::PlugPlateSpec::new(clearances, profile)),
            Family::Hinge => {
                hinge::build(&hinge::HingeSpec::new(clearances, profile).sized_for_clearances())
            }
            Family::Bridge => bridge::build(&bridge::BridgeSpec::from_gaps(&clearances, profile)?),
        }
    }
}

/// What a coupon's clearance number measures. One answer per family, read
/// by everything that states a clearance to the user (legend, STL header,
/// JSON, manifest, card), so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClearanceMeaning {
    /// A moving part with air on each side: the number is the gap on one
    /// side; the diametral (hole minus shaft) value is twice it.
    PerSide,
    /// A slit with one gap across it: the number is the slit's full width.
    FullWidth,
    /// The air under a bridge over another part, in whole layers
    /// (docs/bridge.md): the number is the vertical gap.
    Vertical,
}

impl ClearanceMeaning {
    /// Two or three words for tables and headers: "per side", "full width".
    pub fn short(self) -> &'static str {
        match self {
            ClearanceMeaning::PerSide => "per side",
            ClearanceMeaning::FullWidth => "full width",
            ClearanceMeaning::Vertical => "vertical, in layers",
        }
    }

    /// One sentence for JSON, manifests and cards.
    pub fn sentence(self) -> &'static str {
        match self {
            ClearanceMeaning::PerSide => "per side (radial); diametral = 2x",
            ClearanceMeaning::FullWidth => "full slit width (one gap across the slit)",
            ClearanceMeaning::Vertical => {
                "vertical air gap under a bridge, a whole number of layers"
            }
        }
    }
}

impl Family {
    /// What this family's clearance number measures.
    pub fn clearance_meaning(self) -> ClearanceMeaning {
        match self {
            Family::Slots => ClearanceMeaning::FullWidth,
            Family::Bridge => ClearanceMeaning::Vertical,
            Family::Pin | Family::Plugs | Family::Hinge => ClearanceMeaning::PerSide,
        }
    }

    /// What this family's coupon changes from its reference size to hold
    /// `clearances` at `profile`, one sentence each; empty when nothing
    /// grows. `make` prints these so a user knows why a coupon is larger
    /// (the alternative, bounding the plan, would hide stations).
    pub fn growth(self, clearances: &[Microns], profile: PrintProfile) -> Vec<String> {
        let mut notes = Vec::new();
        let cell = crate::label::cell_for(profile.nozzle);
        let coarse = cell > crate::label::DEFAULT_CELL + 1e-9;
        // The slot comb's walls are its teeth, wider than two lines at every
        // nozzle; its ledge deepens for the cells.
        if coarse && matches!(self, Family::Slots | Family::Bridge) {
            notes.push(format!(
                "label cells {cell:.2} mm (not 0.80) so they print with the {} mm nozzle; the ledge is deeper",
                profile.nozzle
            ));
        }
        // The pin gauge, plugs and hinge scale cells and walls (the hinge's
        // leaf and tabs lengthen, its knuckle grows below).
        if coarse && !matches!(self, Family::Slots | Family::Bridge) {
            notes.push(format!(
                "label cells {cell:.2} mm (not 0.80) and walls {:.2} mm (not 1.20) so they print with the {} mm nozzle; the coupon is larger",
                crate::label::min_wall(profile.nozzle),
                profile.nozzle
            ));
        }
        if self == Family::Hinge {
            let base = hinge::HingeSpec::new(clearances.to_vec(), profile);
            let sized = base.clone().sized_for_clearances();
            let r0 = base.knuckle_radius;
            let r = sized.knuckle_radius;
            if r > r0 + 1e-9 {
                notes.push(format!(
                    "knuckle radius {r:.1} mm (not {r0:.1}) to keep the walls around the widest bore"
                ));
            }
            let t = sized.leaf_thickness;
            if t > base.leaf_thickness + 1e-9 {
                notes.push(format!(
                    "leaf thickness {t:.2} mm (not {:.2}) so the leaf meets the grown knuckle on its side",
                    base.leaf_thickness
                ));
            }
        }
        notes
    }

    /// The family with this name (`Coupon::kind`), if any.
    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.iter().copied().find(|f| f.name() == name)
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
    }
}

/// Fan a planar convex polygon so that its face points along `normal`,
/// whatever order the points were listed in (Newell's normal decides).
///
/// Wall and face outlines are easiest to list in one fixed order; which
/// side is outside depends on which neighbour is higher, so the caller
/// states the outward direction and this flips the order when needed.
pub(crate) fn convex_face(mb: &mut MeshBuilder, pts: &[Point], normal: Vector) {
    let n = pts.len();
    let mut newell = Vector::zeros();
    for k in 0..n {
        let (a, b) = (pts[k], pts[(k + 1) % n]);
        newell += Vector::new(
            (a.y - b.y) * (a.z + b.z),
            (a.z - b.z) * (a.x + b.x),
            (a.x - b.x) * (a.y + b.y),
        );
    }
    let mut ids = mb.vertices(pts);
    if newell.dot(&normal) < 0.0 {
        ids.reverse();
    }
    if ids.len() == 4 {
        mb.quad(ids[0], ids[1], ids[2], ids[3]);
    } else {
        mb.fan(&ids);
    }
}

/// A flat rectangular face around a label patch that lies strictly inside
/// it, as four convex trapezoids (one per side): a top face, or the pin
/// gauge's front face.
///
/// `corners` are the rectangle's corners counter-clockwise seen from
/// outside, starting at the corner before the patch's first edge (the
/// lower-left as the label reads; front-left for a top face); `extra[k]` are
/// further points on side k (from corner k to corner k+1, in that order)
/// that neighbouring faces put there, so the face shares every vertex on its
/// outline and leaves no T-junction. The trapezoids reach the patch border
/// through all its lattice points.
pub(crate) fn face_around_label(
    mb: &mut MeshBuilder,
    corners: [Point; 4],
    extra: [&[Point]; 4],
    patch: &Patch,
) {
    let edges = patch.edges();
    for k in 0..4 {
        let mut pts = vec![corners[k]];
        pts.extend_from_slice(extra[k]);
        pts.push(corners[(k + 1) % 4]);
        pts.extend(edges[k].iter().rev());
        let ids = mb.vertices(&pts);
        mb.fan(&ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(nozzle: f64) -> PrintProfile {
        PrintProfile {
            nozzle,
            ..PrintProfile::default()
        }
    }

    #[test]
    fn growth_names_what_grew_and_nothing_else() {
        let small = [Microns(100), Microns(300)];
        for &f in Family::ALL {
            assert!(f.growth(&small, profile(0.4)).is_empty(), "{f}");
        }
        let coarse = Family::Pin.growth(&small, profile(0.8));
        assert_eq!(coarse.len(), 1, "{coarse:?}");
        assert!(coarse[0].contains("label cells 1.20") && coarse[0].contains("walls 1.80"));
        let plugs = Family::Plugs.growth(&small, profile(1.0));
        assert!(plugs[0].contains("label cells 1.50") && plugs[0].contains("walls 2.25"));
        let slots = Family::Slots.growth(&small, profile(0.8));
        assert!(slots[0].contains("label cells 1.20"), "{slots:?}");
        let wide = Family::Hinge.growth(&[Microns(200), Microns(1000)], profile(0.4));
        assert!(
            wide.iter().any(|n| n.contains("knuckle radius")),
            "{wide:?}"
        );
    }
}
