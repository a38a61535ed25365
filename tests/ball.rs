//! Property tests of the ball-and-socket coupon: for random sweeps, layer
//! heights, first layers and tolerances, every station keeps every promise
//! (closed outward parts, genus, exact gaps, layer-true), and each ball
//! keeps its clearance when tilted to its stop, in any direction.

use gapgauge::coupon::ball::{BallSocketSpec, build};
use gapgauge::coupon::inspect::{off_layer_faces, steep_overhangs};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::geom::validate::defects;
use gapgauge::geom::{Iso, Mesh, Point, Vector};
use gapgauge::slice::{LayerPlan, layer_findings};
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

fn spec(clearances_10um: &[u32], p: PrintProfile) -> BallSocketSpec {
    BallSocketSpec::new(
        clearances_10um.iter().map(|&c| Microns(c * 10)).collect(),
        p,
    )
}

/// V - E + F of a closed triangle mesh: 2 - 2 * genus.
fn euler(m: &Mesh) -> i64 {
    let f = m.triangles.len() as i64;
    m.vertices.len() as i64 - f * 3 / 2 + f
}

/// Smallest 3D distance between the socket bar and a stud mesh.
fn gap(bar: &Bvh, stud: &Mesh) -> f64 {
    min_distance_bvh(&Bvh::build(stud), bar, 5.0)
        .expect("stud near its socket")
        .distance
}

/// The promises every coupon keeps, whatever its inputs.
fn assert_invariants(c: &Coupon, spec: &BallSocketSpec) {
    let n = spec.clearances.len();
    assert_eq!(
        c.parts.len(),
        n + 1,
        "one socket bar + one stud per station"
    );
    for p in &c.parts {
        assert_eq!(
            defects(&p.mesh),
            vec![],
            "{} must be a closed outward 2-manifold",
            p.name
        );
        assert!(p.mesh.signed_volume() > 0.0, "{} points outward", p.name);
    }
    assert_eq!(
        euler(&c.parts[0].mesh),
        2 - 2 * n as i64,
        "bar genus = stations"
    );
    for p in &c.parts[1..] {
        assert_eq!(
            euler(&p.mesh),
            2,
            "{}: a stud is a sphere (genus 0)",
            p.name
        );
    }
    assert_eq!(
        off_layer_faces(c),
        vec![],
        "horizontal faces on layer boundaries"
    );
    assert_eq!(
        steep_overhangs(c),
        vec![],
        "no unlisted face steeper than 45 degrees"
    );
    assert_eq!(
        c.merged_mesh().bbox().min.z,
        0.0,
        "the coupon stands on the bed"
    );
    let bar = Bvh::build(&c.parts[0].mesh);
    for (i, s) in c.stations.iter().enumerate() {
        assert_eq!(
            s.clearance_um, spec.clearances[i].0,
            "stations in the order given"
        );
        let measured = gap(&bar, &c.parts[s.part.unwrap()].mesh);
        let nominal = spec.clearances[i].mm();
        assert!(
            (measured - nominal).abs() < 1e-6,
            "station {i}: measured {measured}, nominal {nominal}"
        );
    }
}

/// The stud of station `i` tilted by `tilt` radians about the horizontal
/// axis through the ball's centre at azimuth `azimuth` (the stem's foot
/// swings toward that azimuth).
fn tilted(c: &Coupon, spec: &BallSocketSpec, i: usize, tilt: f64, azimuth: f64) -> Mesh {
    let s = &c.stations[i];
    let centre = Point::new(s.position[0], s.position[1], spec.sizes().centre_z);
    // Foot toward +azimuth: rotate about the horizontal axis perpendicular
    // to it, so the bottom (-z) moves toward (cos a, sin a).
    let axis = Vector::new(azimuth.sin(), -azimuth.cos(), 0.0);
    let rot = Iso::rotation(axis * tilt);
    let about = Iso::translation(centre.x, centre.y, centre.z)
        * rot
        * Iso::translation(-centre.x, -centre.y, -centre.z);
    let m = c.parts[s.part.unwrap()].mesh.transformed(&about);
    // The foot did swing the asked way.
    let foot = about * Point::new(centre.x, centre.y, 0.0);
    let dir = Vector::new(foot.x - centre.x, foot.y - centre.y, 0.0);
    assert!(dir.dot(&Vector::new(azimuth.cos(), azimuth.sin(), 0.0)) > 0.0);
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

    #[test]
    fn coupons_keep_their_invariants(
        clearances in prop::collection::vec(10u32..=60, 1..4),
        layer in prop::sample::select(vec![0.08, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32]),
        first in prop::sample::select(vec![0.2, 0.24, 0.3]),
        tol in prop::sample::select(vec![0.002, 0.005, 0.01, 0.03]),
    ) {
        let spec = spec(&clearances, profile(layer, first, tol));
        let c = build(&spec).unwrap();
        assert_invariants(&c, &spec);
    }

    /// Tilted to its stop in any direction, the stud keeps at least the
    /// clearance; toward a facet-aligned azimuth (the stud's ring vertices
    /// and the cavity's tangent points line up) it is exactly the
    /// clearance, so the stop is where the stud reaches it; 3 degrees past
    /// the stop it is closer.
    #[test]
    fn ball_keeps_its_clearance_tilted_to_its_stop(
        c10 in 10u32..=60,
        layer in prop::sample::select(vec![0.1, 0.16, 0.2, 0.28, 0.32]),
        tol in prop::sample::select(vec![0.005, 0.01, 0.03]),
        azimuth_deg in 0.0f64..360.0,
    ) {
        let spec = spec(&[c10], profile(layer, 0.2, tol));
        let coupon = build(&spec).unwrap();
        let c = spec.clearances[0].mm();
        let stop = spec.sizes().tilt;
        let bar = Bvh::build(&coupon.parts[0].mesh);
        let at_stop = gap(&bar, &tilted(&coupon, &spec, 0, stop, 0.0));
        prop_assert!((at_stop - c).abs() < 1e-6, "at the stop: {at_stop} vs {c}");
        let any = gap(&bar, &tilted(&coupon, &spec, 0, stop, azimuth_deg.to_radians()));
        prop_assert!(any >= c - 1e-6, "azimuth {azimuth_deg}: {any} < {c}");
        let half = gap(&bar, &tilted(&coupon, &spec, 0, stop / 2.0, azimuth_deg.to_radians()));
        prop_assert!(half >= c - 1e-6, "half way, azimuth {azimuth_deg}: {half} < {c}");
        let past = gap(&bar, &tilted(&coupon, &spec, 0, stop + 3f64.to_radians(), 0.0));
        prop_assert!(past < c - 1e-3, "3 degrees past the stop: {past}, clearance {c}");
    }

    /// Sliced where slicers cut, no station leaves a gap under the slicer
    /// floor and no part rests on another across two layers.
    #[test]
    fn coupons_are_layer_true(
        clearances in prop::collection::vec(10u32..=60, 1..3),
        layer in 0.05f64..=0.32,
        first in 0.1f64..=0.35,
    ) {
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let p = profile(round(layer), round(first), 0.01);
        let coupon = build(&spec(&clearances, p)).unwrap();
        let plan = LayerPlan::from_profile(&p).unwrap();
        let f = layer_findings(&coupon, &plan).unwrap();
        prop_assert!(f.is_empty(), "{} narrow, {} fused at {p:?}", f.narrow.len(), f.fused.len());
    }
}

#[test]
fn default_sweep_has_exact_gaps() {
    let spec = spec(
        &[10, 15, 20, 25, 30, 35, 40, 45, 50],
        profile(0.2, 0.2, 0.01),
    );
    assert_invariants(&build(&spec).unwrap(), &spec);
}

#[test]
fn too_wide_a_clearance_is_refused_with_its_limit() {
    let e = build(&spec(&[20, 300], profile(0.2, 0.2, 0.01)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("clearance 2 of 2") && e.contains("3.00"), "{e}");
    assert!(e.contains("at most"), "{e}");
}

/// A ball coupon whose top face is at the height `top` gives for it: the
/// first layer (0.1 to 0.2 mm) is chosen so that a layer boundary falls
/// there, and the spec is checked to have put its top on it.
fn with_top_at(
    clearances_um: &[u32],
    lh: f64,
    top: impl Fn(&BallSocketSpec) -> f64,
) -> BallSocketSpec {
    let at = |fl: f64| {
        let p = PrintProfile {
            nozzle: 0.2,
            ..profile(lh, fl, 0.01)
        };
        BallSocketSpec::new(clearances_um.iter().map(|&c| Microns(c)).collect(), p)
            .sized_for_clearances()
    };
    // The stem grows by whole layers for the labels, which moves the
    // target with the first layer: a few rounds settle it.
    let mut spec = at(0.15);
    for _ in 0..5 {
        let target = top(&spec);
        spec = at(target - ((target - 0.1) / lh).floor() * lh);
    }
    let target = top(&spec);
    assert!(
        (spec.top() - target).abs() < 1e-9 && (top(&spec) - target).abs() < 1e-9,
        "{clearances_um:?} at {lh} mm layers: the top is at {}, not {target}",
        spec.top()
    );
    spec
}

/// A top face a hair above where a station's top cone starts (a tight
/// station, below c = 0.046 mm, whose top the spec starts at the band's
/// 45-degree point) or above where the cone narrows to the smallest top
/// opening (a station much tighter than the widest) left a cone or a
/// cylinder 0.1 to 30 µm tall: needle triangles, and an internal error
/// (`make ball --clearances 0.01 --nozzle 0.2 --layer-height 0.05
/// --first-layer-height 0.14628`).
#[test]
fn a_top_face_a_hair_above_a_cone_end_builds_clean() {
    use gapgauge::coupon::ball::Joint;
    use gapgauge::coupon::ball::shape::MIN_TOP_OPENING;
    let mut failed = Vec::new();
    for hair in [0.0, 1.5e-7, 1e-6, 3e-5] {
        for (c, lh) in [(10, 0.05), (45, 0.148)] {
            let spec = with_top_at(&[c], lh, |s| {
                Joint::new(s.sizes(), f64::from(c) / 1000.0)
                    .top_cone_start()
                    .y
                    + hair
            });
            if let Err(e) = build(&spec) {
                failed.push(format!("tight {c} um at {lh}, {hair} mm above: {e}"));
            }
        }
        for (tight, wide) in [(90, 300), (140, 350)] {
            let spec = with_top_at(&[tight, wide], 0.05, |s| {
                let j = Joint::new(s.sizes(), f64::from(tight) / 1000.0);
                j.top_cone_z(MIN_TOP_OPENING) + hair
            });
            match build(&spec) {
                Ok(c) => assert_invariants(&c, &spec),
                Err(e) => failed.push(format!("{tight} beside {wide} um, {hair} mm above: {e}")),
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
