//! Geometry snapshot: every coupon's shape, pinned to golden files.
//!
//! For every family in [`Family::ALL`] and three sweeps (the default
//! 0.10-0.50 mm at 0.4 / 0.2 mm, a fine 0.025 mm step at 0.1 mm layers, and
//! a coarse 0.6 mm nozzle at 0.3 mm layers), the test builds the coupon and
//! records, per part, its triangle count, volume, surface area, centroid,
//! bounding box and genus, and per station its clearance, label, position
//! and the gap measured on the mesh (the exact minimum distance from its
//! moving part to the carrier, or a slit's width across X). It compares
//! them with `tests/snapshots/<coupon>.json`:
//!
//! - every number to 1e-9 (relative to its size when that is above 1, so a
//!   3000 mm³ volume summed over other triangles still matches), so a
//!   re-triangulation passes and a moved face fails;
//! - triangle counts, genus, clearances and labels exactly.
//!
//! When a coupon's geometry changes on purpose (or a port changes the
//! triangle count), rewrite its golden file in the same commit and say why
//! in the message:
//!
//! ```text
//! GAPGAUGE_BLESS=1 cargo test --test integration snapshot
//! ```
//!
//! A family with no golden file fails until it is blessed, so a new coupon
//! joins the snapshot when it joins [`Family::ALL`].

use crate::common::measure::{genus, station_gap};
use gapgauge::coupon::{ClearanceMeaning, Coupon, Family, PrintProfile};
use gapgauge::geom::Mesh;
use gapgauge::units::Microns;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Tolerance for every geometric number (relative above 1).
const TOL: f64 = 1e-9;

/// Keys whose values must match exactly, not to [`TOL`].
const EXACT: &[&str] = &["triangles", "genus", "clearance_um", "part"];

/// The sweeps every coupon is pinned at: name, clearances, profile.
fn sweeps() -> Vec<(&'static str, Vec<Microns>, PrintProfile)> {
    let step = |from: u32, to: u32, by: usize| (from..=to).step_by(by).map(Microns).collect();
    vec![
        ("default", step(100, 500, 50), PrintProfile::default()),
        (
            "fine",
            step(75, 200, 25),
            PrintProfile {
                layer_height: 0.1,
                ..PrintProfile::default()
            },
        ),
        (
            "coarse",
            step(200, 600, 100),
            PrintProfile {
                nozzle: 0.6,
                layer_height: 0.3,
                first_layer_height: 0.3,
                ..PrintProfile::default()
            },
        ),
    ]
}

/// Volume-weighted centroid of a closed outward mesh.
fn centroid(m: &Mesh) -> [f64; 3] {
    let mut sum = [0.0; 3];
    let mut vol = 0.0;
    for t in 0..m.triangle_count() {
        let [a, b, c] = m.corners(t);
        let v = a.coords.dot(&b.coords.cross(&c.coords)) / 6.0;
        vol += v;
        for (k, s) in sum.iter_mut().enumerate() {
            *s += v * (a[k] + b[k] + c[k]) / 4.0;
        }
    }
    sum.map(|s| s / vol)
}

/// The recorded summary of one part.
fn part_summary(name: &str, m: &Mesh) -> Value {
    let bb = m.bbox();
    json!({
        "name": name,
        "triangles": m.triangle_count(),
        "volume": m.signed_volume(),
        "area": m.area(),
        "centroid": centroid(m),
        "bbox_min": [bb.min.x, bb.min.y, bb.min.z],
        "bbox_max": [bb.max.x, bb.max.y, bb.max.z],
        "genus": genus(m),
    })
}

/// The recorded summary of one built coupon.
fn coupon_summary(c: &Coupon, profile: &PrintProfile) -> Value {
    let parts: Vec<Value> = c
        .parts
        .iter()
        .map(|p| part_summary(&p.name, &p.mesh))
        .collect();
    let stations: Vec<Value> = c
        .stations
        .iter()
        .map(|s| {
            let gap = station_gap(c, s)
                .unwrap_or_else(|| panic!("{} station {}: no gap found", c.kind, s.index));
            json!({
                "clearance_um": s.clearance_um,
                "label": s.label,
                "position": s.position,
                "part": s.part,
                "gap": gap,
            })
        })
        .collect();
    json!({
        "profile": {
            "nozzle": profile.nozzle,
            "layer_height": profile.layer_height,
            "first_layer_height": profile.first_layer_height,
            "chord_tolerance": profile.chord_tolerance,
        },
        "legend": c.legend,
        "parts": parts,
        "stations": stations,
    })
}

/// The sweeps `family` is pinned at: [`sweeps`], except that a coupon
/// whose clearance is a vertical gap in whole layers (the bridge-gap sweep)
/// takes one to five layers at each profile.
fn sweeps_for(family: Family) -> Vec<(&'static str, Vec<Microns>, PrintProfile)> {
    let mut all = sweeps();
    if family.clearance_meaning() == ClearanceMeaning::Vertical {
        for (_, clearances, profile) in &mut all {
            *clearances = (1..=5).map(|k| Microns(k * profile.layer_um())).collect();
        }
    }
    all
}

/// The summary of `family` at every sweep.
fn family_summary(family: Family) -> Value {
    let mut out = serde_json::Map::new();
    for (name, clearances, profile) in sweeps_for(family) {
        let c = family
            .build(clearances, profile)
            .unwrap_or_else(|e| panic!("{family} {name} sweep: {e}"));
        out.insert(name.into(), coupon_summary(&c, &profile));
    }
    Value::Object(out)
}

fn golden_path(family: Family) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{}.json", family.name()))
}

/// Numbers equal to [`TOL`], relative to their size above 1.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * a.abs().max(b.abs()).max(1.0)
}

/// Every difference between `want` (golden) and `got`, with its path.
fn diff(path: &str, key: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for k in w.keys().chain(g.keys().filter(|k| !w.contains_key(*k))) {
                let (wv, gv) = (&w.get(k), &g.get(k));
                match (wv, gv) {
                    (Some(wv), Some(gv)) => diff(&format!("{path}.{k}"), k, wv, gv, out),
                    _ => out.push(format!("{path}.{k}: golden {wv:?}, now {gv:?}")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), key, wv, gv, out);
            }
        }
        (Value::Number(w), Value::Number(g)) if !EXACT.contains(&key) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            if !close(w, g) {
                out.push(format!("{path}: golden {w}, now {g} (moved {:e})", g - w));
            }
        }
        _ if want == got => {}
        _ => out.push(format!("{path}: golden {want}, now {got}")),
    }
}

#[test]
fn snapshot_holds_for_every_coupon() {
    let bless = std::env::var_os("GAPGAUGE_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for &family in Family::ALL {
        let got = family_summary(family);
        let path = golden_path(family);
        if bless {
            let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
            std::fs::write(&path, text).unwrap();
            eprintln!("blessed {}", path.display());
            continue;
        }
        let want: Value = match std::fs::read_to_string(&path) {
            Ok(t) => serde_json::from_str(&t).unwrap(),
            Err(e) => {
                failures.push(format!(
                    "{}: {e}; run GAPGAUGE_BLESS=1 cargo test --test integration snapshot",
                    path.display()
                ));
                continue;
            }
        };
        let mut d = Vec::new();
        diff(family.name(), "", &want, &got, &mut d);
        if !d.is_empty() {
            failures.push(format!(
                "{family} moved ({} differences):\n  {}",
                d.len(),
                d.into_iter().take(20).collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is on purpose, re-bless with \
         GAPGAUGE_BLESS=1 cargo test --test integration snapshot and say why in the commit.",
        failures.join("\n")
    );
}

/// The comparison itself catches a moved number, a changed count and a
/// missing part (so a snapshot that compared nothing could not pass).
#[test]
fn snapshot_diff_catches_changes() {
    let want = json!({"parts": [{"triangles": 10, "volume": 1000.0, "genus": 1}]});
    let same = json!({"parts": [{"triangles": 10, "volume": 1000.0 + 1e-7, "genus": 1}]});
    let moved = json!({"parts": [{"triangles": 10, "volume": 1000.0 + 1e-5, "genus": 1}]});
    let retri = json!({"parts": [{"triangles": 12, "volume": 1000.0, "genus": 1}]});
    let lost = json!({"parts": []});
    let run = |got: &Value| {
        let mut d = Vec::new();
        diff("x", "", &want, got, &mut d);
        d.len()
    };
    assert_eq!(run(&same), 0);
    assert_eq!(run(&moved), 1);
    assert_eq!(run(&retri), 1);
    assert_eq!(run(&lost), 1);
}
