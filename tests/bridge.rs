//! The bridge-gap sweep (docs/bridge.md): property tests of its geometry
//! measured on the mesh and through the slice model, and `make bridge`
//! from the command line.

use crate::common::measure::genus;
use crate::common::{run, scratch, text};
use gapgauge::coupon::bridge::{BridgeSpec, build, thick_bridge_reaches};
use gapgauge::coupon::inspect::{off_layer_faces, steep_overhangs};
use gapgauge::coupon::{Coupon, PrintProfile};
use gapgauge::geom::distance::min_distance;
use gapgauge::geom::validate::defects;
use gapgauge::slice::{LayerPlan, layer_findings};
use proptest::prelude::*;

/// A printer setting the profile accepts (layers up to 0.8 x nozzle, first
/// layer up to the nozzle), drawn independently.
fn profile() -> impl Strategy<Value = PrintProfile> {
    (0.25f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0).prop_map(|(nozzle, a, b)| {
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let h_max = (0.8 * nozzle).min(0.4);
        PrintProfile {
            nozzle: round(nozzle),
            layer_height: round(0.05 + a * (h_max - 0.05)),
            first_layer_height: round(0.1 + b * (nozzle.min(0.35) - 0.1)),
            ..PrintProfile::default()
        }
    })
}

/// Every promise of the coupon, measured.
fn assert_bridge(c: &Coupon, spec: &BridgeSpec) {
    let n = spec.layers.len();
    let p = &spec.profile;
    assert_eq!(c.parts.len(), n + 1, "a bar and one key per station");
    for part in &c.parts {
        assert_eq!(
            defects(&part.mesh),
            vec![],
            "{} closed and outward",
            part.name
        );
        assert!(part.mesh.signed_volume() > 0.0, "{}", part.name);
        assert_eq!(
            genus(&part.mesh),
            0,
            "{}: tunnels open to the bed",
            part.name
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
        "nothing past 45 degrees but the roofs"
    );
    assert_eq!(c.bridges.len(), n, "one listed roof per station");
    let bar = &c.parts[0].mesh;
    for (i, (s, &k)) in c.stations.iter().zip(&spec.layers).enumerate() {
        let key = &c.parts[i + 1].mesh;
        let gap = f64::from(k) * p.layer_height;
        // The air under the roof is exactly k layers ...
        let roof = c.bridges[i].z;
        assert!(
            (roof - key.bbox().max.z - gap).abs() < 1e-6,
            "station {i}: vertical gap"
        );
        assert!(p.is_boundary(roof) && p.is_boundary(key.bbox().max.z));
        // ... and the closest approach is that or the side gap.
        let d = min_distance(key, bar, 5.0).expect("near").distance;
        assert!(
            (d - gap.min(spec.side)).abs() < 1e-6,
            "station {i}: {d} vs {gap} / {}",
            spec.side
        );
        assert_eq!(s.clearance_um, (gap * 1000.0).round() as u32);
        assert_eq!(s.label, k.to_string());
        assert_eq!(
            s.control,
            thick_bridge_reaches(f64::from(s.clearance_um) / 1000.0, p)
        );
    }
    let f = layer_findings(c, &LayerPlan::from_profile(p).unwrap()).unwrap();
    assert!(
        f.is_empty(),
        "layer-true: {} narrow, {} fused",
        f.narrow.len(),
        f.fused.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn bridge_sweeps_keep_their_promises(
        layers in prop::collection::vec(1u32..=12, 1..=4),
        side in 0.1f64..=1.0,
        p in profile(),
    ) {
        let mut spec = BridgeSpec::new(layers, p);
        spec.side = (side * 1000.0).round() / 1000.0;
        let c = build(&spec).unwrap();
        assert_bridge(&c, &spec);
    }
}

#[test]
fn default_sweep_at_0_2_and_0_28() {
    for h in [0.2, 0.28] {
        let p = PrintProfile {
            layer_height: h,
            ..PrintProfile::default()
        };
        let spec = BridgeSpec::new(vec![1, 2, 3, 4, 5], p);
        assert_bridge(&build(&spec).unwrap(), &spec);
    }
}

/// `make bridge`: gaps in whole layers in, vertical meaning and controls
/// out, and bad input refused by name with nothing written.
#[test]
fn make_bridge_from_the_command_line() {
    let tmp = scratch("make-bridge");
    let d = tmp.path();
    let o = run(
        d,
        &["make", "bridge", "--clearances", "0.2,0.4,0.6", "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["coupon"], "bridge");
    assert_eq!(v["clearance_meaning"], "vertical");
    assert_eq!(v["legend"], "L X.20");
    let st = v["stations"].as_array().unwrap();
    let got: Vec<(&str, u64, bool)> = st
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap(),
                s["clearance_um"].as_u64().unwrap(),
                s["control"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("1", 200, true), ("2", 400, false), ("3", 600, false)]
    );
    assert!(d.join("bridge-gauge.stl").exists());

    // The planner's default: one layer up, at 0.28 mm layers.
    let table = run(
        d,
        &["make", "bridge", "--layer-height", "0.28", "-o", "b.stl"],
    );
    let (out, err) = text(&table);
    assert_eq!(table.status.code(), Some(0), "{err}");
    assert!(out.contains("in layers of 0.28 mm"), "{out}");

    for (args, needle) in [
        (
            vec!["--clearances", "0.3"],
            "clearance 1 of 1 = 0.30: the bridge coupon's gaps are vertical, whole layers of 0.2 mm",
        ),
        (vec!["--clearances", "2.6"], "must be 1 to 12 layers of air"),
    ] {
        let mut all = vec!["make", "bridge", "-o", "bad.stl"];
        all.extend(args.iter().copied());
        let o = run(d, &all);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!d.join("bad.stl").exists(), "{args:?} wrote a file");
    }
}
