//! The planner: from material, printer and joint to a clearance sweep.
//!
//! Every published rule (docs/sources.md) is an estimate with a source
//! ([`rules`]); they disagree, so the plan spans them ([`sweep`]) and says
//! for each station what it expects. The printed coupon then replaces the
//! estimates with a measurement for that filament, printer, nozzle and
//! layer height.
//!
//! **Clearance is always per face**: the air gap between one surface and the
//! one facing it (radial clearance for a pin in a bore; the diametral value
//! is twice it). Every number in a [`Plan`] is per face, in whole micrometres.
//!
//! ```
//! use gapgauge::plan::{Joint, PlanInput};
//! use gapgauge::preset::{Material, Printer};
//!
//! let input = PlanInput::new(
//!     Material::load("petg").unwrap(),
//!     &Printer::load("generic-0.4").unwrap(),
//!     Joint::Rotating,
//! );
//! let plan = input.plan().unwrap();
//! assert!((5..=9).contains(&plan.clearances().len()));
//! assert!(plan.summary().starts_with("petg rotating h0.20"));
//! ```

pub mod bridge;
pub mod fine;
mod quick;
pub mod rules;
pub mod sources;
pub mod stage;
pub mod sweep;

pub use crate::error::ParamError;
use crate::limits;
use crate::preset::{Material, Printer};
use crate::units::Microns;
pub use quick::{QUICK_MAX_STATIONS, QUICK_MIN_STATIONS, QUICK_STEP};
pub use rules::{Adjustment, Estimate, Rule, SLICER_FLOOR};
use serde::{Serialize, Serializer};
pub use stage::Stage;
use std::fmt;
use std::str::FromStr;
pub use sweep::{LeftOut, Outcome, Station, SweepLimits};

/// Version tag of the JSON form of a [`Plan`]; bumped on any breaking change.
pub const SCHEMA: &str = "gapgauge.plan/1";

/// The kind of joint the coupon is standing in for. Each reads different
/// columns and variants of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Joint {
    /// Axles, pistons, plugs in holes: the joint-table sliding column.
    Sliding,
    /// Pins turning in bores, bearings: the rotating column.
    Rotating,
    /// Print-in-place hinges: the rotating column ("hinges, bearings").
    Hinge,
    /// Snap and friction fits that should hold, not move: `0.5*h`.
    SnapFit,
    /// Ball sockets and tilted joint planes: `2.0*h` (overhang droop).
    MultiAxis,
    /// An air slit inside one part (slot comb): no joint-table column.
    Slit,
    /// The air under a bridge over another part, in whole layers
    /// (`make bridge`): its own rules, in [`bridge`].
    Bridge,
}

impl Joint {
    /// Every joint, in a stable order.
    pub const ALL: [Joint; 7] = [
        Joint::Sliding,
        Joint::Rotating,
        Joint::Hinge,
        Joint::SnapFit,
        Joint::MultiAxis,
        Joint::Slit,
        Joint::Bridge,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Joint::Sliding => "sliding",
            Joint::Rotating => "rotating",
            Joint::Hinge => "hinge",
            Joint::SnapFit => "snap-fit",
            Joint::MultiAxis => "multi-axis",
            Joint::Slit => "slit",
            Joint::Bridge => "bridge",
        }
    }
}

impl fmt::Display for Joint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown joint or coupon name.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unknown {what} `{name}`; known: {known}")]
pub struct UnknownName {
    /// "joint" or "coupon".
    pub what: &'static str,
    /// What was asked for.
    pub name: String,
    /// Comma-separated known names.
    pub known: String,
}

impl FromStr for Joint {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Joint, UnknownName> {
        Joint::ALL
            .into_iter()
            .find(|j| j.name() == s)
            .ok_or_else(|| UnknownName {
                what: "joint",
                name: s.to_string(),
                known: Joint::ALL.map(Joint::name).join(", "),
            })
    }
}

/// How big the real part is; large parts warp more in absolute terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeClass {
    /// Keycap-scale and mini flexi parts. No published rule changes for it.
    Small,
    /// The default; what the published rules were measured on.
    #[default]
    Medium,
    /// Over 250 mm: `42studio` adds 0.10-0.15.
    Large,
}

impl FromStr for SizeClass {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<SizeClass, UnknownName> {
        match s {
            "small" => Ok(SizeClass::Small),
            "medium" => Ok(SizeClass::Medium),
            "large" => Ok(SizeClass::Large),
            _ => Err(UnknownName {
                what: "size class",
                name: s.to_string(),
                known: "small, medium, large".into(),
            }),
        }
    }
}

/// Everything a plan depends on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanInput {
    /// The material preset (serialised as its name).
    #[serde(serialize_with = "material_name")]
    pub material: Material,
    /// The joint the coupon stands in for.
    pub joint: Joint,
    /// Nozzle diameter, mm.
    pub nozzle_mm: f64,
    /// Extrusion line width, mm.
    pub line_width_mm: f64,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// First layer height, mm (where the coupon's Z gaps start).
    pub first_layer_height_mm: f64,
    /// Flow ratio, 1.0 = 100 %.
    pub flow: f64,
    /// Enclosed build chamber.
    pub enclosed: bool,
    /// Size of the real part.
    pub size: SizeClass,
    /// What the coupon can hold (its registry entry's limits); not part of
    /// the plan's JSON, which describes the print, not the coupon.
    #[serde(skip)]
    pub limits: sweep::SweepLimits,
}

fn material_name<S: Serializer>(m: &Material, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.name)
}

impl PlanInput {
    /// Inputs from presets, with flow 1.0 and a medium-size part.
    pub fn new(material: Material, printer: &Printer, joint: Joint) -> PlanInput {
        PlanInput {
            material,
            joint,
            nozzle_mm: printer.nozzle_mm,
            line_width_mm: printer.line_width(),
            layer_height_mm: printer.layer_height_mm,
            first_layer_height_mm: printer.first_layer_height(),
            flow: 1.0,
            enclosed: printer.enclosed,
            size: SizeClass::Medium,
            limits: sweep::SweepLimits::NONE,
        }
    }

    /// Check every process parameter against [`limits`].
    pub fn validate(&self) -> Result<(), ParamError> {
        limits::check_process(
            self.nozzle_mm,
            self.layer_height_mm,
            self.first_layer_height_mm,
        )?;
        limits::check_line_width(self.line_width_mm, self.nozzle_mm)?;
        limits::check_flow(self.flow)
    }

    /// Validate and plan.
    pub fn plan(&self) -> Result<Plan, ParamError> {
        self.validate()?;
        if self.joint == Joint::Bridge {
            return Ok(bridge::plan(self));
        }
        let (estimates, adjustments) = rules::estimates(self);
        let layer = Microns::from_mm(self.layer_height_mm).unwrap_or(Microns(1));
        let sweep = sweep::choose_within(&estimates, SLICER_FLOOR, layer, self.limits);
        let mut plan = Plan {
            schema: SCHEMA,
            summary: String::new(),
            clearance_basis: "per-face",
            input: self.clone(),
            step: sweep.step,
            floor: SLICER_FLOOR,
            stations: sweep.stations,
            estimates,
            adjustments,
            left_out: sweep.left_out,
            notes: notes(self),
        };
        plan.summary = plan.make_summary();
        Ok(plan)
    }
}

/// Process advice that changes no number but matters for this input.
fn notes(input: &PlanInput) -> Vec<String> {
    let mut notes = Vec::new();
    let m = &input.material;
    let table = match (&m.joint_table_enclosed, &m.joint_table) {
        (Some(t), _) if input.enclosed => Some(t),
        (_, t) => t.as_ref(),
    };
    if let Some(t) = table {
        match t.max_bridge_mm {
            Some(b) => notes.push(format!(
                "flat bridges up to {b:.0} mm at 0.2 layers (uavmodel)"
            )),
            None => notes.push(format!(
                "{}: flat bridges not recommended (uavmodel)",
                m.name
            )),
        }
    }
    if input.layer_height_mm >= 0.28 {
        notes.push(
            "layers >= 0.28 sag more on bridges; 0.16-0.20 suits small joints (flexi-settings, uavmodel)".into(),
        );
    }
    if input.flow > 1.05 {
        notes.push(
            "over-extrusion: calibrate flow to 0.95-1.00 before trusting any gap (flexi-settings, 42studio)".into(),
        );
    }
    if let Some(text) = m.thermal.as_ref().and_then(|t| t.notes.as_ref()) {
        notes.push(format!("{}: {text}", m.name));
    }
    notes
        .push("never change layer height between this coupon and the real print (42studio)".into());
    notes
}

/// A clearance sweep for one material, printer and joint.
///
/// Serialises to the stable JSON object documented in `docs/planner.md`
/// (schema [`SCHEMA`]); lengths there are integer micrometres (`*_um`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// [`Plan::summary`], repeated for JSON readers.
    pub summary: String,
    /// Always "per-face".
    pub clearance_basis: &'static str,
    /// What the plan was computed from.
    pub input: PlanInput,
    /// Step between stations.
    #[serde(rename = "step_um")]
    pub step: Microns,
    /// The slicer floor used.
    #[serde(rename = "floor_um")]
    pub floor: Microns,
    /// The stations, ascending.
    pub stations: Vec<Station>,
    /// Each rule's estimate, after adjustments.
    pub estimates: Vec<Estimate>,
    /// Corrections applied to every estimate.
    pub adjustments: Vec<Adjustment>,
    /// Estimates the sweep does not cover, with the reason.
    pub left_out: Vec<LeftOut>,
    /// Process advice.
    pub notes: Vec<String>,
}

impl Plan {
    /// The per-face clearances of every station, ascending (controls included).
    pub fn clearances(&self) -> Vec<Microns> {
        self.stations.iter().map(|s| s.clearance).collect()
    }

    /// The station this plan's estimates make of clearance `c`, whether or
    /// not the plan chose it: what `make --clearances` shows as expected.
    pub fn judge(&self, c: Microns) -> Station {
        // A station of this plan keeps its own verdict: a plan refined from
        // a recorded result (`calib::feedback`) judges by the record.
        if let Some(st) = self.stations.iter().find(|s| s.clearance == c) {
            return st.clone();
        }
        let layer = Microns::from_mm(self.input.layer_height_mm).unwrap_or(Microns(1));
        sweep::station(c, &self.estimates, self.floor, layer)
    }

    /// One line for an STL header or a label legend, e.g.
    /// `petg rotating h0.20 0.25-0.55/0.05`: material, joint, layer height,
    /// first-last station and step, per face.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    pub(crate) fn make_summary(&self) -> String {
        let first = self
            .stations
            .first()
            .map(|s| s.clearance)
            .unwrap_or(Microns(0));
        let last = self
            .stations
            .last()
            .map(|s| s.clearance)
            .unwrap_or(Microns(0));
        format!(
            "{} {} h{:.2} {first}-{last}/{}",
            self.input.material.name, self.input.joint, self.input.layer_height_mm, self.step
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::{Kind, builtin_names};

    fn input(material: &str, joint: Joint, nozzle: f64, h: f64) -> PlanInput {
        let mut p = Printer::load("generic-0.4").unwrap();
        p.nozzle_mm = nozzle;
        p.line_width_mm = Some(1.125 * nozzle);
        p.layer_height_mm = h;
        p.first_layer_height_mm = Some(h.min(0.8 * nozzle));
        PlanInput::new(Material::load(material).unwrap(), &p, joint)
    }

    fn assert_sane(plan: &Plan, what: &str) {
        let c = plan.clearances();
        assert!((5..=9).contains(&c.len()), "{what}: {} stations", c.len());
        assert!(c.windows(2).all(|w| w[0] < w[1]), "{what}: not ascending");
        assert!(
            c.iter().all(|x| x.0 % plan.step.0 == 0),
            "{what}: not multiples of {}",
            plan.step
        );
        assert!([25, 50, 100].contains(&plan.step.0), "{what}");
        let below: Vec<&Station> = plan
            .stations
            .iter()
            .filter(|s| s.clearance < SLICER_FLOOR)
            .collect();
        assert!(
            below.len() <= 1,
            "{what}: {} stations below floor",
            below.len()
        );
        assert!(
            below
                .iter()
                .all(|s| s.control && s.expected == Outcome::LikelyFused),
            "{what}"
        );
        assert!(
            plan.stations
                .iter()
                .filter(|s| s.control)
                .all(|s| s.clearance < plan.floor)
        );
        let (first, last) = (c[0], c[c.len() - 1]);
        for e in &plan.estimates {
            let covered = e.low >= first && e.high <= last;
            let named = plan.left_out.iter().any(|l| l.rule == e.rule);
            assert!(
                covered || named,
                "{what}: {:?} neither covered nor named",
                e.rule
            );
            assert!(!e.source.is_empty() && !e.reason.is_empty());
        }
        let h = Microns::from_mm(plan.input.layer_height_mm).unwrap().0;
        for st in &plan.stations {
            let z = st.z_gap.0;
            assert!(
                z % h == 0 && z >= h && z >= st.clearance.0 && z < st.clearance.0 + h,
                "{what}: z gap {z}"
            );
        }
        let outcomes: Vec<Outcome> = plan.stations.iter().map(|s| s.expected).collect();
        assert!(
            outcomes.windows(2).all(|w| w[0] <= w[1]),
            "{what}: outcomes out of order"
        );
        assert!(plan.summary().len() <= 48, "{what}: {}", plan.summary());
    }

    #[test]
    fn sweep_is_sane_for_every_material_nozzle_layer_and_joint() {
        let mut checked = 0;
        let mut rejected = 0;
        for material in builtin_names(Kind::Material) {
            for nozzle in [0.2, 0.4, 0.6, 0.8] {
                for k in 0..=6 {
                    let h = 0.08 + 0.04 * f64::from(k);
                    // The bridge joint's whole-layer sweep has its own
                    // sanity test (plan::bridge).
                    for joint in Joint::ALL.into_iter().filter(|&j| j != Joint::Bridge) {
                        let what = format!("{material} {joint} n{nozzle} h{h:.2}");
                        let mut i = input(material, joint, nozzle, h);
                        i.first_layer_height_mm = h.min(0.8 * nozzle);
                        let result = i.plan();
                        if h > 0.8 * nozzle + 1e-9 {
                            let e = result.expect_err(&what);
                            assert_eq!(e.param, "layer_height_mm", "{what}");
                            assert!(e.to_string().contains("0.8 x nozzle"), "{what}: {e}");
                            rejected += 1;
                        } else {
                            assert_sane(&result.unwrap(), &what);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000 && rejected > 0, "{checked} {rejected}");
    }

    #[test]
    fn every_station_of_a_default_plan_has_an_outcome_and_the_target_is_where_rules_agree() {
        let plan = input("pla", Joint::Rotating, 0.4, 0.2).plan().unwrap();
        let has = |o| plan.stations.iter().any(|s| s.expected == o);
        assert!(has(Outcome::LikelyFused) && has(Outcome::Target) && has(Outcome::Loose));
        // Layer formula minimum 0.35 meets every rule's minimum.
        let at_035 = plan
            .stations
            .iter()
            .find(|s| s.clearance == Microns(350))
            .unwrap();
        assert_eq!(at_035.expected, Outcome::Target);
    }

    #[test]
    fn over_extrusion_shifts_the_plan_up() {
        let base = input("pla", Joint::Rotating, 0.4, 0.2);
        let mut over = base.clone();
        over.flow = 1.07;
        let (a, b) = (base.plan().unwrap(), over.plan().unwrap());
        assert!(b.clearances().last() > a.clearances().last());
        assert!(b.clearances().first() >= a.clearances().first());
        for (x, y) in a.estimates.iter().zip(&b.estimates) {
            assert!(y.low > x.low, "{:?}", x.rule);
        }
        assert_eq!(b.adjustments[0].rule, Rule::FlowCorrection);
    }

    #[test]
    fn tpu_sits_higher_than_pla() {
        let pla = input("pla", Joint::Rotating, 0.4, 0.2).plan().unwrap();
        let tpu = input("tpu", Joint::Rotating, 0.4, 0.2).plan().unwrap();
        let lf = |p: &Plan| {
            p.estimates
                .iter()
                .find(|e| e.rule == Rule::LayerFormula)
                .unwrap()
                .low
                .0
        };
        assert_eq!(lf(&tpu) - lf(&pla), 100);
        assert!(tpu.clearances().last() > pla.clearances().last());
    }

    #[test]
    fn summary_names_material_joint_layer_and_range() {
        let plan = input("petg", Joint::Rotating, 0.4, 0.2).plan().unwrap();
        let c = plan.clearances();
        let s = plan.summary();
        assert!(s.starts_with("petg rotating h0.20 "), "{s}");
        assert!(
            s.ends_with(&format!("{}-{}/{}", c[0], c[c.len() - 1], plan.step)),
            "{s}"
        );
        assert!(s.len() <= 40, "{s}");
    }

    #[test]
    fn bad_inputs_are_rejected_naming_the_parameter() {
        let mut i = input("pla", Joint::Rotating, 0.4, 0.2);
        i.flow = 107.0;
        assert_eq!(i.plan().unwrap_err().param, "flow");
        let mut i = input("pla", Joint::Rotating, 0.4, 0.2);
        i.nozzle_mm = 3.0;
        assert_eq!(i.plan().unwrap_err().param, "nozzle_mm");
    }

    #[test]
    fn joints_parse_from_their_names() {
        for j in Joint::ALL {
            assert_eq!(j.name().parse::<Joint>(), Ok(j));
        }
        let e = "gear".parse::<Joint>().unwrap_err();
        assert!(e.to_string().contains("sliding, rotating"), "{e}");
    }

    #[test]
    fn json_has_the_documented_fields() {
        let plan = input("pla", Joint::Hinge, 0.4, 0.2).plan().unwrap();
        let v = serde_json::to_value(&plan).unwrap();
        assert_eq!(v["schema"], SCHEMA);
        assert_eq!(v["clearance_basis"], "per-face");
        assert_eq!(v["input"]["material"], "pla");
        assert_eq!(v["input"]["joint"], "hinge");
        assert_eq!(v["step_um"], plan.step.0);
        let st = &v["stations"][0];
        assert!(
            st["clearance_um"].is_u64() && st["expected"].is_string() && st["control"].is_boolean()
        );
        let e = &v["estimates"][0];
        for key in ["rule", "low_um", "high_um", "source", "reason"] {
            assert!(!e[key].is_null(), "{key}");
        }
    }
}
