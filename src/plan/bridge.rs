//! The plan for a vertical gap under a bridge (`make bridge`,
//! docs/bridge.md): whole layers, judged by what a slicer does to a bridge.
//!
//! The side-gap rules (layer formula, bead model, joint table) say nothing
//! about the air under a bridge, so this joint has its own, from the design
//! rules (docs/design-rules.md R3, R4):
//!
//! - a Z gap exists only in whole layers, so every station is `k` layers;
//! - PrusaSlicer's thick bridges hang a strand one nozzle across from the
//!   top of the bridge's first layer: a gap of at most `nozzle - h` is
//!   reached and welded (the floor; stations under it are controls);
//! - the design minimum under a bridge over another part is
//!   `max(2h, nozzle)`, in whole layers: the target.

use super::rules::{Estimate, Rule};
use super::sources::SLICER_TEST;
use super::sweep::{self, Station};
use super::{Plan, PlanInput, SCHEMA};
use crate::units::Microns;

/// Most layers of air a bridge-gap station may ask for: beyond this no
/// bridge fuses, and the coupon's keys would have to grow to keep the
/// shortest one stiff.
pub const MAX_LAYERS: u32 = 12;

/// Fewest and most stations of a planned bridge sweep.
const STATIONS: std::ops::RangeInclusive<u32> = 5..=MAX_LAYERS;

/// True when PrusaSlicer's thick bridge reaches across a vertical gap of
/// `gap` mm: its first layer is a strand one nozzle across hanging from the
/// layer's top, so its bottom is `nozzle - h` under the roof, and a gap
/// that is not wider is welded shut.
pub fn thick_bridge_reaches(gap: f64, nozzle: f64, h: f64) -> bool {
    gap <= nozzle - h + 1e-9
}

/// `mm` rounded up to whole layers of `layer` µm (at least one).
fn layers_up(mm: f64, layer: u32) -> u32 {
    let um = (mm * 1000.0 - 1e-6).max(0.0).ceil() as u32;
    um.div_ceil(layer).max(1)
}

/// The plan for a bridge-gap sweep: one layer, two, ... up to three layers
/// past the design minimum.
pub fn plan(input: &PlanInput) -> Plan {
    let h = input.layer_height_mm;
    let layer = Microns::from_mm(h).unwrap_or(Microns(1)).0.max(1);
    // The first whole-layer gap a thick bridge's strand does not reach.
    let floor = (1..)
        .map(|k| Microns(k * layer))
        .find(|g| !thick_bridge_reaches(g.mm(), input.nozzle_mm, h))
        .expect("a gap past the nozzle");
    let target = Microns(layers_up((2.0 * h).max(input.nozzle_mm), layer) * layer);
    let estimates = vec![Estimate {
        rule: Rule::BridgeGap,
        low: floor,
        high: target,
        source: SLICER_TEST,
        reason: format!(
            "a thick bridge's strand ({} mm, the nozzle) hangs {:.2} mm under the roof: the first gap it misses is {floor} mm; design minimum max(2h, nozzle) = {target} mm in whole layers",
            input.nozzle_mm,
            (input.nozzle_mm - h).max(0.0)
        ),
    }];
    let count = (target.0 / layer + 3).clamp(*STATIONS.start(), *STATIONS.end());
    let stations: Vec<Station> = (1..=count)
        .map(|k| sweep::station(Microns(k * layer), &estimates, floor, Microns(layer)))
        .collect();
    let mut notes = super::notes(input);
    notes.insert(
        0,
        "bridge gaps are vertical, in whole layers: the label is the layer count (slicer-test)"
            .into(),
    );
    let mut plan = Plan {
        schema: SCHEMA,
        summary: String::new(),
        clearance_basis: "vertical",
        input: input.clone(),
        step: Microns(layer),
        floor,
        stations,
        estimates,
        adjustments: Vec::new(),
        left_out: Vec::new(),
        notes,
    };
    plan.summary = plan.make_summary();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Joint, Outcome};
    use crate::preset::{Material, Printer};

    fn input(nozzle: f64, h: f64) -> PlanInput {
        let mut p = Printer::load("generic-0.4").unwrap();
        p.nozzle_mm = nozzle;
        p.layer_height_mm = h;
        PlanInput::new(Material::load("pla").unwrap(), &p, Joint::Bridge)
    }

    #[test]
    fn one_layer_is_a_control_at_0_2_and_real_at_0_28() {
        let p = plan(&input(0.4, 0.2));
        let c: Vec<u32> = p.clearances().iter().map(|c| c.0).collect();
        assert_eq!(c, [200, 400, 600, 800, 1000]);
        let controls: Vec<bool> = p.stations.iter().map(|s| s.control).collect();
        assert_eq!(controls, [true, false, false, false, false]);
        assert_eq!(p.stations[1].expected, Outcome::Target);
        let coarse = plan(&input(0.4, 0.28));
        assert!(coarse.stations.iter().all(|s| !s.control));
        assert_eq!(coarse.clearances()[0], Microns(280));
        // Fine layers: three layers of 0.1 are under the 0.4 mm strand.
        let fine = plan(&input(0.4, 0.1));
        assert_eq!(fine.stations.iter().filter(|s| s.control).count(), 3);
    }

    /// The side-gap planner's sanity test, in this joint's terms: 5 to 12
    /// ascending whole-layer stations, controls exactly where a thick
    /// bridge reaches, outcomes in order, the estimate covered.
    #[test]
    fn every_nozzle_and_layer_gives_a_sane_sweep() {
        for nozzle in [0.2, 0.4, 0.6, 0.8] {
            for k in 0..=6 {
                let h = 0.08 + 0.04 * f64::from(k);
                if h > 0.8 * nozzle + 1e-9 {
                    continue;
                }
                let p = plan(&input(nozzle, h));
                let what = format!("n{nozzle} h{h:.2}");
                let layer = p.step.0;
                let c: Vec<u32> = p.clearances().iter().map(|c| c.0).collect();
                assert!((5..=12).contains(&c.len()), "{what}");
                assert!(
                    c.iter()
                        .enumerate()
                        .all(|(i, &g)| g == (i as u32 + 1) * layer),
                    "{what}"
                );
                for s in &p.stations {
                    let reached = thick_bridge_reaches(s.clearance.mm(), nozzle, h);
                    assert_eq!(s.control, reached, "{what}: {}", s.clearance);
                    assert_eq!(s.z_gap, s.clearance, "{what}: whole layers");
                }
                let o: Vec<Outcome> = p.stations.iter().map(|s| s.expected).collect();
                assert!(o.windows(2).all(|w| w[0] <= w[1]), "{what}");
                let e = &p.estimates[0];
                assert!(e.low.0 >= c[0] && e.high.0 <= c[c.len() - 1], "{what}");
            }
        }
    }
}
