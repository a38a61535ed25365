//! Property tests of the captive-pin gauge: for random sweeps, layer heights
//! and tolerances, every station's geometry keeps every promise.

use gapgauge::coupon::inspect::{off_layer_faces, steep_overhangs};
use gapgauge::coupon::pin::{PinGaugeSpec, build};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::geom::validate::defects;
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

/// The promises every gauge keeps, whatever its inputs.
fn assert_invariants(c: &Coupon, spec: &PinGaugeSpec) {
    assert_eq!(
        c.parts.len(),
        spec.clearances.len() + 1,
        "one housing + one pin per station"
    );
    for p in &c.parts {
        assert_eq!(
            defects(&p.mesh),
            vec![],
            "{} must be a closed outward 2-manifold",
            p.name
        );
    }
    // Housing genus = stations (one through-cavity each): V - E + F = 2 - 2g.
    let h = &c.parts[0].mesh;
    let euler =
        h.vertices.len() as i64 - (h.triangles.len() as i64 * 3 / 2) + h.triangles.len() as i64;
    assert_eq!(euler, 2 - 2 * spec.clearances.len() as i64, "housing genus");
    assert_eq!(
        off_layer_faces(c),
        vec![],
        "horizontal faces must lie on layer boundaries"
    );
    assert_eq!(
        steep_overhangs(c),
        vec![],
        "no unlisted face steeper than 45 degrees"
    );
    assert_eq!(
        c.merged_mesh().bbox().min.z,
        0.0,
        "the gauge stands on the bed"
    );
    let housing = Bvh::build(&c.parts[0].mesh);
    for (i, s) in c.stations.iter().enumerate() {
        assert_eq!(
            s.clearance_um, spec.clearances[i].0,
            "stations in the order given"
        );
        // The measured gap between the pin and the housing is the nominal
        // clearance: faceting neither eats it nor widens its minimum.
        let pin = Bvh::build(&c.parts[s.part.unwrap()].mesh);
        let gap = min_distance_bvh(&pin, &housing, 5.0)
            .expect("pin near its bore")
            .distance;
        let nominal = spec.clearances[i].mm();
        assert!(
            (gap - nominal).abs() < 1e-6,
            "station {i}: measured {gap}, nominal {nominal}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn gauges_keep_their_invariants(
        clearances in prop::collection::vec(10u32..=99, 1..5),
        layer in prop::sample::select(vec![0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3]),
        tol in prop::sample::select(vec![0.002, 0.005, 0.01, 0.03, 0.1]),
    ) {
        let spec = PinGaugeSpec::new(
            clearances.iter().map(|&c| Microns(c * 10)).collect(),
            profile(layer, first, tol),
        );
        let c = build(&spec).unwrap();
        assert_invariants(&c, &spec);
    }
}

#[test]
fn fine_sweep_uses_three_digit_labels() {
    let spec = PinGaugeSpec::new(
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
fn thirty_stations_build() {
    let spec = PinGaugeSpec::new(
        (1..=30).map(|i| Microns(i * 30)).collect(),
        profile(0.2, 0.2, 0.01),
    );
    assert_invariants(&build(&spec).unwrap(), &spec);
}
