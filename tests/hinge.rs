//! Property tests of the hinge ladder: for random sweeps, layer heights and
//! tolerances, each tab keeps at least its clearance while it swings up to
//! 120 degrees about the pin, and the hinge's own shape promises hold. The
//! promises every coupon keeps (closed parts, layer grid, exact gaps, parts
//! apart, layer-true) are checked by `tests/invariants.rs`, called here.

use crate::common::measure::genus;
use gapgauge::coupon::hinge::{HingeSpec, build, swung};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::units::Microns;
use proptest::prelude::*;

fn profile(h: f64, h0: f64, tol: f64) -> PrintProfile {
    PrintProfile {
        nozzle: 0.4,
        layer_height: h,
        first_layer_height: h0,
        chord_tolerance: tol,
    }
}

/// The hinge's own promises beyond the harness's: the leaf and pin
/// enclose each tab's knuckle (carrier genus N, tabs genus 1), and each
/// station marks a point on its tab above the bed.
fn assert_invariants(c: &Coupon, spec: &HingeSpec) {
    crate::invariants::assert_invariants(c, &spec.clearances);
    let n = spec.clearances.len();
    assert_eq!(c.parts.len(), n + 1, "one carrier + one tab per station");
    assert_eq!(genus(&c.parts[0].mesh), n as i64, "carrier genus");
    for p in &c.parts[1..] {
        assert_eq!(genus(&p.mesh), 1, "{} genus", p.name);
    }
    for (i, s) in c.stations.iter().enumerate() {
        assert_eq!(s.part, Some(i + 1), "station {i} names its tab");
        assert!(s.position[2] > 0.0, "station {i} position lies on its tab");
    }
}

/// Each tab, turned about the pin from 0 to 120 degrees in 15-degree steps,
/// keeps at least its clearance from the carrier.
fn assert_swing(c: &Coupon, spec: &HingeSpec) {
    let carrier = Bvh::build(&c.parts[0].mesh);
    for (i, cl) in spec.clearances.iter().enumerate() {
        for step in 0..=8 {
            let deg = 15.0 * step as f64;
            let tab = Bvh::build(&swung(spec, &c.parts[i + 1].mesh, deg));
            let d = min_distance_bvh(&carrier, &tab, 10.0).expect("tab near carrier");
            assert!(
                d.distance >= cl.mm() - 1e-6,
                "tab {} turned {deg} degrees comes {} from the carrier (nominal {}) at {:?}",
                i + 1,
                d.distance,
                cl,
                d.point_a
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn hinges_keep_their_invariants(
        clearances in prop::collection::vec(10u32..=50, 1..4),
        layer in prop::sample::select(vec![0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.28]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3]),
        tol in prop::sample::select(vec![0.002, 0.005, 0.01, 0.03, 0.1]),
    ) {
        let spec = HingeSpec::new(
            clearances.iter().map(|&c| Microns(c * 10)).collect(),
            profile(layer, first, tol),
        );
        // Thick layers raise the bore roof (whole layers of air above the
        // pin); a clearance that leaves less than the minimum wall is
        // refused with a parameter error, never built thin.
        let c = match build(&spec) {
            Err(gapgauge::error::Error::Param(e)) => {
                prop_assert!(e.limit.contains("wall"), "{e}");
                prop_assume!(false);
                unreachable!()
            }
            r => r.unwrap(),
        };
        assert_invariants(&c, &spec);
        assert_swing(&c, &spec);
    }
}

#[test]
fn default_sweep_tabs_sit_at_their_clearance_and_swing() {
    let spec = HingeSpec::new(
        (2..=10).map(|i| Microns(i * 50)).collect(),
        profile(0.2, 0.2, 0.01),
    );
    let c = build(&spec).unwrap();
    assert_invariants(&c, &spec);
    assert_swing(&c, &spec);
}

#[test]
fn fine_sweep_uses_three_digit_labels() {
    let spec = HingeSpec::new(
        vec![Microns(75), Microns(100), Microns(125)],
        profile(0.2, 0.2, 0.01),
    );
    let c = build(&spec).unwrap();
    assert_invariants(&c, &spec);
    assert_eq!(c.legend, "SIDE X.001");
    let labels: Vec<&str> = c.stations.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, vec!["075", "100", "125"]);
}

#[test]
fn too_large_a_clearance_names_the_station_and_the_wall() {
    let spec = HingeSpec::new(vec![Microns(200), Microns(800)], profile(0.2, 0.2, 0.01));
    let e = build(&spec).unwrap_err().to_string();
    assert!(e.starts_with("clearance 2 of 2 = 0.80"), "{e}");
    assert!(e.contains("wall"), "{e}");
}

#[test]
fn gaps_at_the_bed_are_widened_by_the_bed_relief_on_both_sides() {
    // docs/design-rules.md R6: a 0.4 chamfer on both facing knuckle ends, so the first-layer gap
    // is c + 0.8 where the nominal gap is c.
    let spec = HingeSpec::new(vec![Microns(100), Microns(300)], profile(0.2, 0.2, 0.01));
    let c = build(&spec).unwrap();
    let r = spec.bed_relief;
    let y_cut = -(spec.knuckle_radius + spec.swing_gap);
    for (i, cl) in spec.clearances.iter().enumerate() {
        let tab = &c.parts[i + 1].mesh;
        let bb = tab.bbox();
        for v in tab.vertices.iter().filter(|v| v.z == 0.0) {
            assert!(v.x >= bb.min.x + r - 1e-9 && v.x <= bb.max.x - r + 1e-9);
        }
        for v in c.parts[0].mesh.vertices.iter() {
            if v.z == 0.0 && v.y > y_cut + 1e-9 {
                let clear =
                    v.x <= bb.min.x - cl.mm() - r + 1e-9 || v.x >= bb.max.x + cl.mm() + r - 1e-9;
                assert!(
                    clear,
                    "carrier bed vertex {v:?} inside tab {}'s relief",
                    i + 1
                );
            }
        }
    }
}

/// Wide planned sweeps (soft or sloppy filaments, coarse layers) grow the
/// knuckle instead of failing, and keep every promise.
#[test]
fn sized_knuckles_hold_wide_sweeps() {
    for (h, um) in [
        (0.2, vec![300u32, 400, 500, 600, 700]),
        (0.24, vec![250, 350, 450, 500]),
    ] {
        let spec = HingeSpec::new(
            um.iter().map(|&c| Microns(c)).collect(),
            profile(h, 0.2, 0.01),
        );
        assert!(
            build(&spec).is_err(),
            "the default knuckle is too small at h = {h}"
        );
        let sized = spec.clone().sized_for_clearances();
        assert!(sized.knuckle_radius > spec.knuckle_radius);
        let c = build(&sized).unwrap();
        assert_invariants(&c, &sized);
        assert_swing(&c, &sized);
    }
}
