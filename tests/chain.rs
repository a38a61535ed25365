//! Property tests of the chain-link pair: for random sweeps and print
//! settings every station keeps every promise of the invariant harness, the
//! parts have the genus of a chain link (a ring with one window, a carrier
//! without handles), the air under each bridge is the whole layers it
//! states, and each ring keeps its clearance through its range of motion:
//! slid along its foot to either stop and lifted to the bridge's stop, and
//! it closes in past them.

use crate::common::measure::{genus, z_crossings};
use crate::invariants::assert_invariants;
use gapgauge::coupon::chain::{ChainSpec, build, under_bridge};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::Vector;
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::units::Microns;
use proptest::prelude::*;

fn profile(nozzle: f64, h: f64, h0: f64) -> PrintProfile {
    PrintProfile {
        nozzle,
        layer_height: h,
        first_layer_height: h0,
        chord_tolerance: 0.01,
    }
}

fn spec(clearances_10um: &[u32], p: PrintProfile) -> ChainSpec {
    ChainSpec::new(
        clearances_10um.iter().map(|&c| Microns(c * 10)).collect(),
        p,
    )
}

/// Smallest 3D distance from station `i`'s ring, moved by `v`, to the
/// carrier.
fn gap_moved(c: &Coupon, carrier: &Bvh, i: usize, v: Vector) -> f64 {
    let mut ring = c.parts[c.stations[i].part.unwrap()].mesh.clone();
    ring.translate(v);
    min_distance_bvh(&Bvh::build(&ring), carrier, 5.0)
        .expect("ring near its link")
        .distance
}

/// The air under station `i`'s bridge, measured on the mesh: from the
/// ring's top to the bridge's underside, on a vertical line through the
/// ring's back bar under the bridge (a little off every vertex).
fn air_under_bridge(c: &Coupon, spec: &ChainSpec, i: usize) -> f64 {
    let s = &c.stations[i];
    let ring = &c.parts[s.part.unwrap()].mesh;
    let back = ring.bbox().max.y;
    let (x, y) = (s.position[0] + 0.0131, back - spec.bar / 2.0 + 0.0173);
    let top = *z_crossings(ring, x, y)
        .last()
        .expect("the bar under the line");
    let roof = z_crossings(&c.parts[0].mesh, x, y)
        .into_iter()
        .find(|&z| z > top)
        .expect("the bridge over the bar");
    roof - top
}

/// Genus, and the air under each bridge against the stated figure and the
/// rule: whole layers, at least one layer and at least the side gap.
fn assert_chain_shape(c: &Coupon, spec: &ChainSpec) {
    assert_eq!(genus(&c.parts[0].mesh), 0, "the carrier has no handle");
    for p in &c.parts[1..] {
        assert_eq!(genus(&p.mesh), 1, "{}: a ring has one window", p.name);
    }
    let h = spec.profile.layer_height;
    for (i, s) in c.stations.iter().enumerate() {
        let air = air_under_bridge(c, spec, i);
        let stated = s.under_bridge_mm.expect("stated");
        assert!(
            (air - stated).abs() < 1e-6,
            "station {i}: {air} vs {stated}"
        );
        let layers = air / h;
        assert!(
            (layers - layers.round()).abs() < 1e-6,
            "{air} is not whole layers of {h}"
        );
        assert!(
            layers.round() >= 1.0 && air >= s.clearance_mm,
            "{air} under the bridge"
        );
        assert!((air - under_bridge(s.clearance_mm, &spec.profile)).abs() < 1e-6);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn coupons_keep_their_invariants(
        clearances in prop::collection::vec(5u32..=100, 1..4),
        nozzle in prop::sample::select(vec![0.25f64, 0.4, 0.6, 0.8]),
        layer in 0.3f64..=0.8,
        first in prop::sample::select(vec![0.15f64, 0.2, 0.24, 0.3]),
    ) {
        let round = |v: f64| (v * 100.0).round() / 100.0;
        let p = profile(nozzle, round(layer * nozzle).max(0.05), first.min(nozzle));
        let spec = spec(&clearances, p);
        let c = build(&spec).unwrap();
        assert_invariants(&c, &spec.clearances);
        assert_chain_shape(&c, &spec);
    }

    /// Slid along X to either stop, lifted to its stop, and both at once,
    /// the ring keeps at least its clearance, and exactly it at a stop;
    /// 0.05 mm past a stop, or moved toward the spine or the foot at all,
    /// it is closer; at the end of its travel it touches.
    #[test]
    fn ring_keeps_its_clearance_through_its_range_of_motion(
        c10 in 10u32..=100,
        layer in prop::sample::select(vec![0.1, 0.16, 0.2, 0.28, 0.32]),
        fraction in 0.0f64..=1.0,
    ) {
        let spec = spec(&[c10], profile(0.4, layer, 0.2));
        let coupon = build(&spec).unwrap();
        let carrier = Bvh::build(&coupon.parts[0].mesh);
        let c = spec.clearances[0].mm();
        let (slide, lift) = (spec.slide_stop(c), spec.lift_stop(c));
        prop_assert!(slide > 0.0 && lift >= layer - 1e-9, "slide {slide}, lift {lift}");
        let at = |x: f64, y: f64, z: f64| gap_moved(&coupon, &carrier, 0, Vector::new(x, y, z));
        for (x, z) in [(slide, 0.0), (-slide, 0.0), (0.0, lift), (slide, lift), (-slide, lift)] {
            let g = at(x, 0.0, z);
            prop_assert!((g - c).abs() < 1e-6, "at the stop ({x}, {z}): {g} vs {c}");
        }
        let inside = at(slide * fraction, 0.0, lift * (1.0 - fraction));
        prop_assert!((inside - c).abs() < 1e-6, "within the range: {inside} vs {c}");
        for (x, y, z) in [
            (slide + 0.05, 0.0, 0.0),
            (-slide - 0.05, 0.0, 0.0),
            (0.0, 0.0, lift + 0.05),
            (0.0, 0.05, 0.0),
            (0.0, -0.05, 0.0),
        ] {
            let g = at(x, y, z);
            prop_assert!(g < c - 0.04, "past a stop ({x}, {y}, {z}): {g}, clearance {c}");
        }
        for (x, y, z) in [(slide + c, 0.0, 0.0), (0.0, c, 0.0), (0.0, -c, 0.0), (0.0, 0.0, lift + c)] {
            let g = at(x, y, z);
            prop_assert!(g < 1e-6, "at the end of its travel ({x}, {y}, {z}): {g}");
        }
    }
}

#[test]
fn default_sweep_keeps_every_promise() {
    let spec = spec(
        &[10, 15, 20, 25, 30, 35, 40, 45, 50],
        profile(0.4, 0.2, 0.2),
    );
    let c = build(&spec).unwrap();
    assert_invariants(&c, &spec.clearances);
    assert_chain_shape(&c, &spec);
}
