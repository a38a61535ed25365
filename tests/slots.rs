//! Property tests of the stepped-gap coupons (slot comb and push-out plugs):
//! for random sweeps, layer heights and first-layer heights, every slit is
//! measured across its full depth and height and every peg face to face,
//! on the finished mesh, not read back from the spec. The promises every
//! coupon keeps are checked by `tests/invariants.rs`, called here.

use crate::common::measure::{euler, gap_at};
use gapgauge::coupon::plugs::{self, PlugPlateSpec};
use gapgauge::coupon::slots::{self, SlotCombSpec};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::Mesh;
use gapgauge::units::Microns;
use proptest::prelude::*;

fn profile(h: f64, h0: f64) -> PrintProfile {
    PrintProfile {
        nozzle: 0.4,
        layer_height: h,
        first_layer_height: h0,
        chord_tolerance: 0.01,
    }
}

/// The promises every coupon keeps (`tests/invariants.rs`).
fn assert_common(c: &Coupon, clearances: &[Microns]) {
    crate::invariants::assert_invariants(c, clearances);
}

/// Every slit of the comb, measured across its full depth and height.
fn assert_slits(c: &Coupon, spec: &SlotCombSpec) {
    let comb = &c.parts[0].mesh;
    let top = comb.bbox().max.z;
    let depth = spec.fin_depth;
    for s in &c.stations {
        let (x, floor) = (s.position[0], s.position[2]);
        let want = s.clearance_mm;
        // Heights and depths off every vertex, so the line pierces faces.
        for k in 0..7 {
            let z = floor + (top - floor) * (k as f64 + 0.37) / 7.0;
            for y in [0.013, depth * 0.41, depth - 0.017] {
                let w = gap_at(comb, x, y, z).unwrap_or_else(|| {
                    panic!("station {}: slit closed at y={y} z={z}", s.index + 1)
                });
                assert!(
                    (w - want).abs() < 1e-6,
                    "station {}: slit {w} at y={y} z={z}, want {want}",
                    s.index + 1
                );
            }
        }
        // The slit starts on the floor: just below the floor top is solid.
        assert!(
            gap_at(comb, x, depth * 0.41, floor - 0.013).is_none(),
            "station {}: the floor is solid under the slit",
            s.index + 1
        );
        assert!(
            floor >= c.profile.first_layer_height - 1e-9,
            "slits clear the first layer"
        );
    }
}

/// Each peg's volume and its face-to-face gap (its smallest distance to
/// the plate is the harness's exact-gap check).
fn assert_pegs(c: &Coupon, spec: &PlugPlateSpec) {
    let plate = &c.parts[0].mesh;
    for s in &c.stations {
        let peg = &c.parts[s.part.expect("each station has a peg")].mesh;
        let want = s.clearance_mm;
        // Volume: two 45-degree square frustums (foot relief, top chamfer)
        // and the prism between them.
        let h = peg.bbox().size().z;
        let frustum = |a: f64, b: f64, t: f64| t / 3.0 * (a * a + b * b + a * b);
        let (a, r, t) = (spec.peg, spec.bed_relief, spec.top_chamfer);
        let v = frustum(a - 2.0 * r, a, r) + frustum(a - 2.0 * t, a, t) + a * a * (h - r - t);
        assert!((peg.signed_volume() - v).abs() < 1e-9 * v, "peg volume");
        // Face to face: the peg's +X side and the hole's wall facing it,
        // on a line through the peg centre at mid-plate height.
        let (x, y) = (s.position[0], s.position[1]);
        let z = plate.bbox().max.z * 0.53;
        let w = gap_at(
            &{
                let mut m = plate.clone();
                m.append(peg);
                m
            },
            x + peg.bbox().size().x / 2.0 + want / 2.0,
            y + 0.011,
            z,
        )
        .expect("air between peg and hole");
        assert!(
            (w - want).abs() < 1e-6,
            "station {}: face gap {w}",
            s.index + 1
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn combs_keep_every_slit(
        clearances in prop::collection::vec(1u32..=99, 1..6),
        fine in any::<bool>(),
        layer in prop::sample::select(vec![0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3, 0.35]),
    ) {
        let unit = if fine { 5 } else { 10 };
        let cs: Vec<Microns> = clearances.iter().map(|&c| Microns((c * unit).max(10))).collect();
        let spec = SlotCombSpec::new(cs.clone(), profile(layer, first));
        let c = slots::build(&spec).unwrap();
        assert_common(&c, &cs);
        prop_assert_eq!(c.parts.len(), 1);
        prop_assert_eq!(euler(&c.parts[0].mesh), 2, "genus 0");
        assert_slits(&c, &spec);
    }

    #[test]
    fn plates_keep_every_peg_gap(
        clearances in prop::collection::vec(1u32..=99, 1..6),
        fine in any::<bool>(),
        layer in prop::sample::select(vec![0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3, 0.35]),
    ) {
        let unit = if fine { 5 } else { 10 };
        let cs: Vec<Microns> = clearances.iter().map(|&c| Microns((c * unit).max(10))).collect();
        let spec = PlugPlateSpec::new(cs.clone(), profile(layer, first));
        let c = plugs::build(&spec).unwrap();
        assert_common(&c, &cs);
        prop_assert_eq!(c.parts.len(), cs.len() + 1);
        prop_assert_eq!(euler(&c.parts[0].mesh), 2 - 2 * cs.len() as i64, "plate genus N");
        for p in &c.parts[1..] {
            prop_assert_eq!(euler(&p.mesh), 2, "pegs genus 0");
        }
        assert_pegs(&c, &spec);
    }
}

#[test]
fn default_sweeps_at_nine_stations() {
    let cs: Vec<Microns> = (2..=10).map(|i| Microns(i * 50)).collect();
    let spec = SlotCombSpec::new(cs.clone(), PrintProfile::default());
    let c = slots::build(&spec).unwrap();
    assert_common(&c, &cs);
    assert_slits(&c, &spec);
    let spec = PlugPlateSpec::new(cs.clone(), PrintProfile::default());
    let c = plugs::build(&spec).unwrap();
    assert_common(&c, &cs);
    assert_pegs(&c, &spec);
}

#[test]
fn fine_comb_uses_three_digit_labels_and_thirty_slits_build() {
    let cs: Vec<Microns> = (0..=10).map(|i| Microns(50 + 25 * i)).collect();
    let spec = SlotCombSpec::new(cs.clone(), PrintProfile::default());
    let c = slots::build(&spec).unwrap();
    assert_eq!(c.legend, "WIDE X.001");
    assert_eq!(c.stations[1].label, "075");
    assert_slits(&c, &spec);
    let cs: Vec<Microns> = (1..=30).map(|i| Microns(i * 30)).collect();
    let spec = SlotCombSpec::new(cs.clone(), PrintProfile::default());
    assert_slits(&slots::build(&spec).unwrap(), &spec);
    let c = plugs::build(&PlugPlateSpec::new(cs.clone(), PrintProfile::default())).unwrap();
    assert_common(&c, &cs);
}

#[test]
fn limits_name_parameter_value_and_limit() {
    let p = PrintProfile::default();
    // The plugs' rings grow to the widest clearance; rings set by hand
    // for the reference sweep (up to 0.50) refuse a wider one.
    let mut narrow = PlugPlateSpec::new(vec![Microns(1500)], p);
    let reference = PlugPlateSpec::new(vec![Microns(500)], p);
    (narrow.ring, narrow.pitch) = (reference.ring, reference.pitch);
    let e = plugs::build(&narrow).unwrap_err();
    assert!(e.to_string().contains("clearance 1 of 1"), "{e}");
    assert!(e.to_string().contains("at most 0.500"), "{e}");
    let e = slots::build(&SlotCombSpec::new(vec![Microns(200), Microns(5)], p)).unwrap_err();
    assert!(e.to_string().contains("clearance 2 of 2"), "{e}");
    let e = slots::build(&SlotCombSpec::new(vec![], p)).unwrap_err();
    assert!(e.to_string().contains("stations"), "{e}");
    // A millimetre or more is labelled in three digits, not refused ...
    let c = slots::build(&SlotCombSpec::new(vec![Microns(500), Microns(1000)], p)).unwrap();
    assert_eq!(c.stations[1].label, "100");
    assert_eq!(c.stations[0].label, "050");
    assert_eq!(c.legend, "WIDE X.01");
    // ... but thousandths stop at 0.999, and the message says how to go on.
    let e = slots::build(&SlotCombSpec::new(vec![Microns(125), Microns(1005)], p)).unwrap_err();
    assert!(e.to_string().contains("show at most 0.999"), "{e}");
    assert!(e.to_string().contains("whole hundredths"), "{e}");
}

/// The floors of the debossed label cells (up-facing triangles below the
/// face they are cut into), as (x, y) points.
fn deboss_points(m: &Mesh, surface: f64) -> Vec<(f64, f64)> {
    let mut v = Vec::new();
    for t in 0..m.triangle_count() {
        let n = m.area_normal(t);
        let [a, b, c] = m.corners(t);
        if n.z > 0.0 && n.x == 0.0 && n.y == 0.0 && a.z < surface - 1e-9 && a.z > surface - 1.0 {
            v.extend([a, b, c].iter().map(|p| (p.x, p.y)));
        }
    }
    v
}

#[test]
fn label_text_keeps_one_millimetre_from_edges_and_gaps() {
    let cs: Vec<Microns> = (2..=10).map(|i| Microns(i * 50)).collect();
    for fine in [false, true] {
        let cs: Vec<Microns> = cs
            .iter()
            .map(|c| Microns(c.0 + if fine { 5 } else { 0 }))
            .collect();
        // Comb: the ledge's label row is y in [-depth, 0] and its legend
        // row y in [-2 depth, -depth], x from 0; text keeps its clearance
        // from both rows' edges, the slits behind included.
        let spec = SlotCombSpec::new(cs.clone(), PrintProfile::default());
        let c = slots::build(&spec).unwrap();
        let m = &c.parts[0].mesh;
        let bb = m.bbox();
        let ledge = c.profile.snap_up(spec.ledge_height);
        let pts = deboss_points(m, ledge);
        assert!(!pts.is_empty());
        let row = spec.ledge_depth;
        for (x, y) in pts {
            let d = (x - bb.min.x)
                .min(bb.max.x - x)
                .min((y + row).abs())
                .min(y + 2.0 * row)
                .min(-y);
            assert!(
                d >= 1.0 - 1e-9,
                "comb label at ({x}, {y}) is {d} from an edge"
            );
        }
        // Plate: outer edges, the step up to the rings behind the band,
        // and every hole (taken at its widest, the mouth).
        let pspec = PlugPlateSpec::new(cs.clone(), PrintProfile::default());
        let c = plugs::build(&pspec).unwrap();
        let m = &c.parts[0].mesh;
        let bb = m.bbox();
        let band_top = c.profile.snap_up(pspec.band_thickness);
        let band_back = c.stations[0].position[1] - pspec.ring / 2.0;
        let pts = deboss_points(m, band_top);
        assert!(!pts.is_empty());
        for (x, y) in pts {
            let mut d = (x - bb.min.x)
                .min(bb.max.x - x)
                .min(y - bb.min.y)
                .min(band_back - y);
            for s in &c.stations {
                let a = pspec.peg / 2.0 + s.clearance_mm + pspec.bed_relief;
                let dx = ((x - s.position[0]).abs() - a).max(0.0);
                let dy = ((y - s.position[1]).abs() - a).max(0.0);
                d = d.min(dx.hypot(dy));
            }
            assert!(
                d >= 1.0 - 1e-9,
                "plate label at ({x}, {y}) is {d} from an edge or gap"
            );
        }
    }
}
