//! The captive-pin gauge's own promises; the ones every coupon keeps
//! (closed parts, layer grid, exact gaps, layer-true) are in
//! `tests/invariants.rs`.

use crate::common::measure::genus;
use crate::invariants::assert_invariants;
use gapgauge::coupon::pin::{PinGaugeSpec, build};
use gapgauge::coupon::{Coupon, PrintProfile};
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

/// One housing with one through-cavity per station (genus N), and one
/// solid pin (genus 0) per station.
fn assert_topology(c: &Coupon, spec: &PinGaugeSpec) {
    let n = spec.clearances.len();
    assert_eq!(c.parts.len(), n + 1, "one housing + one pin per station");
    assert_eq!(genus(&c.parts[0].mesh), n as i64, "housing genus");
    for p in &c.parts[1..] {
        assert_eq!(genus(&p.mesh), 0, "{} genus", p.name);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn gauges_have_one_cavity_and_one_pin_per_station(
        clearances in prop::collection::vec(10u32..=99, 1..5),
        layer in prop::sample::select(vec![0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3]),
        tol in prop::sample::select(vec![0.002, 0.005, 0.01, 0.03, 0.1]),
    ) {
        let spec = PinGaugeSpec::new(
            clearances.iter().map(|&c| Microns(c * 10)).collect(),
            profile(layer, first, tol),
        );
        assert_topology(&build(&spec).unwrap(), &spec);
    }
}

#[test]
fn fine_sweep_uses_three_digit_labels() {
    let spec = PinGaugeSpec::new(
        vec![Microns(75), Microns(100), Microns(125)],
        profile(0.2, 0.2, 0.01),
    );
    let c = build(&spec).unwrap();
    assert_invariants(&c, &spec.clearances);
    assert_topology(&c, &spec);
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
    let c = build(&spec).unwrap();
    assert_invariants(&c, &spec.clearances);
    assert_topology(&c, &spec);
}
