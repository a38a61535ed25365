//! `make hinge` from the command line.

use crate::common::{run, scratch, text};
use std::fs;

/// `make hinge`: default file name, header, parts, stations in order, a
/// closed mesh on disk, determinism, and the same bad-input standard as pin.
#[test]
fn make_hinge_writes_the_ladder_and_refuses_bad_input() {
    let tmp = scratch("make-hinge");
    let d = tmp.path();
    let o = run(d, &["make", "hinge", "--sweep", "0.10:0.30:0.05", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["coupon"], "hinge");
    assert_eq!(v["file"], "hinge-gauge.stl");
    assert_eq!(v["parts"].as_array().unwrap().len(), 6);
    let st = v["stations"].as_array().unwrap();
    let labels: Vec<&str> = st.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["10", "15", "20", "25", "30"]);
    let parts: Vec<u64> = st.iter().map(|s| s["part"].as_u64().unwrap()).collect();
    assert_eq!(parts, vec![1, 2, 3, 4, 5]);
    assert_eq!(v["bbox_mm"]["min"][2].as_f64(), Some(0.0));
    let bytes = fs::read(d.join("hinge-gauge.stl")).unwrap();
    let n = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 84 + 50 * n);
    let header = String::from_utf8_lossy(&bytes[..80]);
    assert!(
        header.starts_with("gapgauge hinge c=0.10..0.30 mm per side n=5"),
        "{header}"
    );
    let mesh = stl_io::read_stl(&mut fs::File::open(d.join("hinge-gauge.stl")).unwrap()).unwrap();
    mesh.validate().unwrap();
    let again = run(
        d,
        &["make", "hinge", "--sweep", "0.10:0.30:0.05", "-o", "b.stl"],
    );
    assert!(again.status.success());
    assert_eq!(bytes, fs::read(d.join("b.stl")).unwrap(), "deterministic");

    fs::write(d.join("keep.stl"), b"old").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--clearances", "0"], "clearance 1 of 1"),
        // Wide clearances grow the knuckle; labels still cap them.
        (
            &["--clearances", "0.2,1.5"],
            "clearance 2 of 2 = 1.50: labels show at most 0.99",
        ),
        (&["--layer-height", "0.4"], "--layer-height"),
        (&["--nozzle", "5"], "--nozzle"),
        (&["--chord-tolerance", "0"], "--chord-tolerance"),
        (&["--sweep", "0.1:0.5:0"], "--sweep step"),
    ];
    let wide = run(
        d,
        &["make", "hinge", "--clearances", "0.2,0.9", "-o", "wide.stl"],
    );
    assert_eq!(
        wide.status.code(),
        Some(0),
        "a 0.9 mm station grows the knuckle: {:?}",
        text(&wide)
    );
    for (extra, needle) in cases {
        let mut args = vec!["make", "hinge", "-o", "keep.stl"];
        args.extend_from_slice(extra);
        let o = run(d, &args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(needle), "{extra:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert_eq!(fs::read(d.join("keep.stl")).unwrap(), b"old");
    }
}

/// A station below the slicer floor is a control in the table and in JSON.
#[test]
fn stations_below_the_floor_are_marked_controls() {
    let dir = scratch("hinge-control");
    let o = run(
        dir.path(),
        &["make", "hinge", "--clearances", "0.05,0.20", "-o", "h.stl"],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("0.05") || l.contains("0.20"))
        .collect();
    assert!(
        rows.iter()
            .any(|l| l.contains("0.05") && l.contains("control")),
        "{out}"
    );
    assert!(
        rows.iter()
            .all(|l| !(l.contains("0.20") && l.contains("control"))),
        "{out}"
    );
    let o = run(
        dir.path(),
        &[
            "make",
            "hinge",
            "--clearances",
            "0.05,0.20",
            "-o",
            "h.stl",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let controls: Vec<bool> = v["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["control"].as_bool().unwrap())
        .collect();
    assert_eq!(controls, vec![true, false]);
}
