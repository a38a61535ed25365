//! The published clearance rules, one function each, as per-face estimates.
//!
//! The rules disagree (docs/sources.md); the planner does not pick a
//! winner, it reports each one and sweeps across them so the printed coupon
//! can. Every value here is a **per-face** clearance (the air gap between two
//! facing surfaces, radial for a pin). Where a source is diametral it is
//! converted here, once, and the reason says so.
//!
//! Each estimate names its source by a key of [`super::sources`], which
//! `docs/sources.md` resolves (title, publisher, the facts taken).

use super::sources::{CLEARANCE_GUIDE, FLEXI_CHAIN, GAP_FORMULA};
use super::{Joint, PlanInput, SizeClass};
use crate::units::Microns;
use serde::Serialize;

/// The slicer floor: PrusaSlicer-family slicers close cracks narrower than
/// 2 x `slice_closing_radius` (0.049 mm), i.e. 0.098 mm; 0.100 survived,
/// 0.095 merged (`slicer-test` in docs/sources.md). A station below it can only be a control.
pub const SLICER_FLOOR: Microns = Microns(100);

/// The bead width the bead model (`flexi-chain`) was stated for: a 0.4 nozzle laying
/// a 0.40-0.45 mm line. Other line widths scale the model.
pub const BEAD_REFERENCE_MM: f64 = 0.45;

/// Production margin above the layer-formula minimum (`42studio`: "+0.05-0.08";
/// 12 toys at 0.20 layers: at the 0.35 minimum ~30 % fused, >= 0.38 all
/// printed). The estimate spans minimum .. minimum + this.
pub const LAYER_MARGIN_MM: f64 = 0.08;

/// The joint table (`uavmodel`) publishes "clearance" without a basis. gapgauge
/// reads it as diametral (hole minus pin) and halves it: read per face, its
/// PLA rotating 0.50 would be looser than the 0.42 per face that already
/// rattled in `42studio`'s toys, while halved (0.25) it falls inside the bead
/// model's per-face 0.20-0.30 (`flexi-chain`). The same factor converts `uavmodel`'s flow
/// correction.
pub const JOINT_TABLE_PER_FACE: f64 = 0.5;

/// Which published rule an estimate or adjustment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// `42studio`: `g = 1.5*h + 0.05` plus material offset, and its variants.
    LayerFormula,
    /// `flexi-chain`: per-face starting gap by material, from the bead width.
    BeadModel,
    /// `uavmodel`: sliding / rotating / snap-fit table by material.
    JointTable,
    /// `uavmodel`: flow > 105 % shrinks every clearance.
    FlowCorrection,
    /// `42studio`: prints over 250 mm add 0.10-0.15.
    LargePrint,
    /// `slicer-test`: the air under a bridge, whole layers past a thick
    /// bridge's strand (the bridge-gap sweep's own rule).
    BridgeGap,
}

impl Rule {
    /// Short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Rule::LayerFormula => "layer formula",
            Rule::BeadModel => "bead model",
            Rule::JointTable => "joint table",
            Rule::FlowCorrection => "flow correction",
            Rule::LargePrint => "large print",
            Rule::BridgeGap => "bridge gap",
        }
    }
}

/// One rule's opinion of the right per-face clearance: a range (`low ==
/// high` for a point value), after any [`Adjustment`]s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The rule.
    pub rule: Rule,
    /// Lower end, per face.
    #[serde(rename = "low_um")]
    pub low: Microns,
    /// Upper end, per face.
    #[serde(rename = "high_um")]
    pub high: Microns,
    /// Where the numbers come from: a key of [`super::sources`].
    pub source: &'static str,
    /// How the value was obtained for these inputs.
    pub reason: String,
}

/// A correction applied to every estimate (it shifts the whole plan).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustment {
    /// The rule.
    pub rule: Rule,
    /// Added to each estimate's lower end, per face.
    #[serde(rename = "add_low_um")]
    pub add_low: Microns,
    /// Added to each estimate's upper end, per face.
    #[serde(rename = "add_high_um")]
    pub add_high: Microns,
    /// Where the numbers come from: a key of [`super::sources`].
    pub source: &'static str,
    /// Why it applies.
    pub reason: String,
}

fn um(mm: f64) -> Microns {
    // Inputs are validated before the rules run, so every value is finite
    // and small; a negative result would be a rule bug, clamp it to zero.
    Microns::from_mm(mm.max(0.0)).unwrap_or(Microns(0))
}

/// The layer-formula minimum gap in mm, per face (`42studio`), before the margin:
/// - snap-fit (friction-fit press joints): `0.5*h`, no constant, no offset;
/// - multi-axis (ball sockets, tilted joint planes): `2.0*h + 0.05`;
/// - nozzle <= 0.2 mm: `1.2*h + 0.05` (finer bead, less overlap bleed);
/// - otherwise `1.5*h + 0.05`;
///
/// plus the material offset for every moving joint. Multi-axis wins over the
/// small-nozzle variant: its droop on tilted faces does not shrink with the bead.
pub fn layer_formula_minimum(
    h: f64,
    nozzle: f64,
    joint: Joint,
    offset: f64,
) -> (f64, &'static str) {
    match joint {
        Joint::SnapFit => (0.5 * h, "0.5*h (friction-fit press joint)"),
        Joint::MultiAxis => (2.0 * h + 0.05 + offset, "2.0*h + 0.05 (multi-axis)"),
        _ if nozzle <= 0.2 + 1e-9 => (1.2 * h + 0.05 + offset, "1.2*h + 0.05 (nozzle <= 0.2)"),
        _ => (1.5 * h + 0.05 + offset, "1.5*h + 0.05"),
    }
}

/// Layer formula (`42studio`), as a range minimum .. minimum + production margin
/// (a point for snap-fit, which is meant to bind).
pub fn layer_formula(input: &PlanInput) -> Estimate {
    let offset = input.material.layer_offset_mm;
    let h = input.layer_height_mm;
    let (g, form) = layer_formula_minimum(h, input.nozzle_mm, input.joint, offset);
    let (low, high, reason) = if input.joint == Joint::SnapFit {
        (
            g,
            g,
            format!("{form} at h {h:.2}; meant to bind, no margin"),
        )
    } else {
        (
            g,
            g + LAYER_MARGIN_MM,
            format!(
                "{form} {offset:+.2} ({} offset) at h {h:.2} = {g:.3}, up to +{LAYER_MARGIN_MM:.2} production margin",
                input.material.name
            ),
        )
    };
    Estimate {
        rule: Rule::LayerFormula,
        low: um(low),
        high: um(high),
        source: GAP_FORMULA,
        reason,
    }
}

/// Bead model (`flexi-chain`): each face loses about half a bead beyond the nozzle to
/// the gap, so the per-face starting gap depends on the line width, not the
/// layer. The material range is stated for a 0.45 mm bead and scaled by
/// `line_width / 0.45`. `None` when the material has no published range or
/// for snap fits (the model is for joints that must move freely).
pub fn bead_model(input: &PlanInput) -> Option<Estimate> {
    if input.joint == Joint::SnapFit {
        return None;
    }
    let [lo, hi] = input.material.bead_per_face_mm?;
    let k = input.line_width_mm / BEAD_REFERENCE_MM;
    Some(Estimate {
        rule: Rule::BeadModel,
        low: um(lo * k),
        high: um(hi * k),
        source: FLEXI_CHAIN,
        reason: format!(
            "{} {lo:.2}-{hi:.2} per face at a 0.45 bead, x{k:.2} for line width {:.3}",
            input.material.name, input.line_width_mm
        ),
    })
}

/// Joint table (`uavmodel`), halved to per face (see [`JOINT_TABLE_PER_FACE`]).
/// Hinges and multi-axis joints use the rotating column ("hinges,
/// bearings"); a slit is not a joint and has no column. An enclosed printer
/// uses the enclosed row when the material has one (ASA).
pub fn joint_table(input: &PlanInput) -> Option<Estimate> {
    let m = &input.material;
    let (table, row) = match (&m.joint_table_enclosed, &m.joint_table) {
        (Some(t), _) if input.enclosed => (t, "enclosed row"),
        (_, Some(t)) => (t, "row"),
        _ => return None,
    };
    let (column, d) = match input.joint {
        Joint::Sliding => ("sliding", table.sliding_diametral_mm),
        Joint::Rotating | Joint::Hinge | Joint::MultiAxis => {
            ("rotating", table.rotating_diametral_mm)
        }
        Joint::SnapFit => ("snap-fit", table.snap_fit_diametral_mm),
        Joint::Slit | Joint::Bridge => return None,
    };
    let c = d * JOINT_TABLE_PER_FACE;
    Some(Estimate {
        rule: Rule::JointTable,
        low: um(c),
        high: um(c),
        source: CLEARANCE_GUIDE,
        reason: format!(
            "{} {row}, {column} {d:.2} read as diametral = {c:.3} per face",
            m.name
        ),
    })
}

/// Flow correction (`uavmodel`): above 105 % flow every clearance closes by
/// 0.10-0.15 (diametral, as the table), i.e. 0.05-0.075 per face, so the
/// designed gaps must open by as much.
pub fn flow_correction(input: &PlanInput) -> Option<Adjustment> {
    if input.flow <= 1.05 + 1e-9 {
        return None;
    }
    Some(Adjustment {
        rule: Rule::FlowCorrection,
        add_low: um(0.10 * JOINT_TABLE_PER_FACE),
        add_high: um(0.15 * JOINT_TABLE_PER_FACE),
        source: CLEARANCE_GUIDE,
        reason: format!(
            "flow {:.0} % > 105 %: over-extrusion closes every gap by 0.10-0.15 diametral",
            input.flow * 100.0
        ),
    })
}

/// Large print (`42studio`): over 250 mm thermal warping is larger in absolute mm;
/// add 0.10-0.15 (per face, as the formula it extends).
pub fn large_print(input: &PlanInput) -> Option<Adjustment> {
    (input.size == SizeClass::Large).then(|| Adjustment {
        rule: Rule::LargePrint,
        add_low: um(0.10),
        add_high: um(0.15),
        source: GAP_FORMULA,
        reason: "part over 250 mm: warping grows with size".into(),
    })
}

/// Every estimate that applies to `input`, with every adjustment applied,
/// and the adjustments themselves.
pub fn estimates(input: &PlanInput) -> (Vec<Estimate>, Vec<Adjustment>) {
    let adjustments: Vec<Adjustment> = [flow_correction(input), large_print(input)]
        .into_iter()
        .flatten()
        .collect();
    let mut list: Vec<Estimate> = [
        Some(layer_formula(input)),
        bead_model(input),
        joint_table(input),
    ]
    .into_iter()
    .flatten()
    .collect();
    for e in &mut list {
        for a in &adjustments {
            e.low = Microns(e.low.0 + a.add_low.0);
            e.high = Microns(e.high.0 + a.add_high.0);
        }
    }
    (list, adjustments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::{Material, Printer};

    fn input(material: &str, joint: Joint, nozzle: f64, h: f64) -> PlanInput {
        let mut p = Printer::load("generic-0.4").unwrap();
        p.nozzle_mm = nozzle;
        p.line_width_mm = Some(1.125 * nozzle);
        p.layer_height_mm = h;
        p.first_layer_height_mm = Some(h);
        PlanInput::new(Material::load(material).unwrap(), &p, joint)
    }

    #[test]
    fn layer_formula_matches_the_published_table() {
        // `42studio`: 0.4 nozzle, PLA: h -> minimum gap.
        for (h, g) in [
            (0.08, 170),
            (0.12, 230),
            (0.16, 290),
            (0.20, 350),
            (0.24, 410),
            (0.28, 470),
        ] {
            let e = layer_formula(&input("pla", Joint::Rotating, 0.4, h));
            assert_eq!(e.low, Microns(g), "h {h}");
            assert_eq!(e.high, Microns(g + 80), "margin at h {h}");
        }
    }

    #[test]
    fn material_offsets_are_added() {
        for (m, off) in [
            ("pla", 0),
            ("petg", 50),
            ("tpu", 100),
            ("abs", 70),
            ("asa", 80),
            ("pa-cf", 0),
        ] {
            let e = layer_formula(&input(m, Joint::Sliding, 0.4, 0.2));
            assert_eq!(e.low, Microns(350 + off), "{m}");
        }
    }

    #[test]
    fn layer_formula_variants() {
        // Multi-axis 2.0*h + 0.05.
        let e = layer_formula(&input("pla", Joint::MultiAxis, 0.4, 0.2));
        assert_eq!(e.low, Microns(450));
        // Nozzle <= 0.2: 1.2*h + 0.05.
        let e = layer_formula(&input("pla", Joint::Rotating, 0.2, 0.1));
        assert_eq!(e.low, Microns(170));
        let e = layer_formula(&input("pla", Joint::Rotating, 0.25, 0.1));
        assert_eq!(e.low, Microns(200), "0.25 nozzle keeps 1.5*h");
        // Friction fit 0.5*h, no offset.
        let e = layer_formula(&input("tpu", Joint::SnapFit, 0.4, 0.2));
        assert_eq!((e.low, e.high), (Microns(100), Microns(100)));
    }

    #[test]
    fn bead_model_is_per_face_and_scales_with_line_width() {
        let e = bead_model(&input("petg", Joint::Rotating, 0.4, 0.2)).unwrap();
        assert_eq!((e.low, e.high), (Microns(300), Microns(400)));
        let e = bead_model(&input("pla", Joint::Rotating, 0.8, 0.4)).unwrap();
        assert_eq!((e.low, e.high), (Microns(400), Microns(600)));
        // Independent of layer height.
        let a = bead_model(&input("tpu", Joint::Hinge, 0.4, 0.12)).unwrap();
        let b = bead_model(&input("tpu", Joint::Hinge, 0.4, 0.28)).unwrap();
        assert_eq!(a, b);
        assert!(bead_model(&input("abs", Joint::Rotating, 0.4, 0.2)).is_none());
        assert!(bead_model(&input("pla", Joint::SnapFit, 0.4, 0.2)).is_none());
    }

    #[test]
    fn joint_table_is_halved_to_per_face() {
        for (m, joint, per_face) in [
            ("pla", Joint::Sliding, 150),
            ("pla", Joint::Rotating, 250),
            ("pla", Joint::Hinge, 250),
            ("pla", Joint::SnapFit, 100),
            ("petg", Joint::Rotating, 300),
            ("tpu", Joint::Rotating, 400),
            ("abs", Joint::Sliding, 125),
        ] {
            let e = joint_table(&input(m, joint, 0.4, 0.2)).unwrap();
            assert_eq!(e.low, Microns(per_face), "{m} {joint}");
        }
        assert!(joint_table(&input("pla", Joint::Slit, 0.4, 0.2)).is_none());
        assert!(joint_table(&input("pa-cf", Joint::Rotating, 0.4, 0.2)).is_none());
        // ASA: enclosed row only in an enclosure.
        let mut i = input("asa", Joint::Rotating, 0.4, 0.2);
        assert_eq!(joint_table(&i).unwrap().low, Microns(200));
        i.enclosed = true;
        assert_eq!(joint_table(&i).unwrap().low, Microns(175));
    }

    #[test]
    fn adjustments_shift_every_estimate() {
        let base = input("pla", Joint::Rotating, 0.4, 0.2);
        let (plain, adj) = estimates(&base);
        assert!(adj.is_empty());
        let mut over = base.clone();
        over.flow = 1.07;
        over.size = SizeClass::Large;
        let (shifted, adj) = estimates(&over);
        assert_eq!(adj.len(), 2);
        for (a, b) in plain.iter().zip(&shifted) {
            assert_eq!(b.low.0, a.low.0 + 50 + 100, "{:?}", a.rule);
            assert_eq!(b.high.0, a.high.0 + 75 + 150, "{:?}", a.rule);
        }
        let mut at_limit = base;
        at_limit.flow = 1.05;
        assert!(flow_correction(&at_limit).is_none());
    }
}
