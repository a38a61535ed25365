//! `make slots` and `make plugs` as a user runs them: default files, JSON,
//! headers, bad input, determinism. (Kept apart from `cli` so the pin and
//! planner tests there and these grow without touching each other.)

use crate::common::{run, scratch, text};
use std::fs;

#[test]
fn make_slots_and_plugs_write_their_default_files() {
    let tmp = scratch("stepped");
    let d = tmp.path();
    for (coupon, file, parts, header) in [
        (
            "slots",
            "slots-gauge.stl",
            1,
            "gapgauge slots c=0.10..0.50 mm full width n=9",
        ),
        (
            "plugs",
            "plugs-gauge.stl",
            10,
            "gapgauge plugs c=0.10..0.50 mm per side n=9",
        ),
    ] {
        let o = run(d, &["make", coupon, "--sweep", "0.10:0.50:0.05", "--json"]);
        assert_eq!(o.status.code(), Some(0), "{coupon}: {:?}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["file"], file);
        assert_eq!(v["parts"].as_array().unwrap().len(), parts, "{coupon}");
        let st = v["stations"].as_array().unwrap();
        assert_eq!(st.len(), 9);
        let labels: Vec<&str> = st.iter().map(|s| s["label"].as_str().unwrap()).collect();
        assert_eq!(labels[0], "10");
        let bytes = fs::read(d.join(file)).unwrap();
        let n = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
        assert_eq!(bytes.len(), 84 + 50 * n);
        assert!(String::from_utf8_lossy(&bytes[..80]).starts_with(header));
        let mesh = stl_io::read_stl(&mut fs::File::open(d.join(file)).unwrap()).unwrap();
        mesh.validate().unwrap();
    }
}

/// Bad input to the stepped-gap coupons: exit 2, one line naming the
/// parameter and its limit, the existing file untouched.
#[test]
fn stepped_gap_bad_input_is_named_and_writes_nothing() {
    let tmp = scratch("stepped-bad");
    let d = tmp.path();
    fs::write(d.join("keep.stl"), b"old").unwrap();
    let cases: &[(&str, &[&str], &str)] = &[
        ("slots", &["--clearances", "0.2,0.005"], "clearance 2 of 2"),
        (
            "slots",
            &["--clearances", "0.15,1.205"],
            "show at most 0.999; give whole hundredths",
        ),
        ("slots", &["--sweep", "0.01:0.5:0.01"], "at most 30"),
        ("slots", &["--layer-height", "0.4"], "--layer-height"),
        (
            "plugs",
            &["--clearances", "0.5,10.5"],
            "labels show at most 9.99 mm",
        ),
        ("plugs", &["--clearances", "0"], "clearance 1 of 1"),
        (
            "plugs",
            &["--first-layer-height", "0.9"],
            "--first-layer-height",
        ),
    ];
    for (coupon, extra, needle) in cases {
        let mut args = vec!["make", coupon, "-o", "keep.stl"];
        args.extend_from_slice(extra);
        let o = run(d, &args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{coupon} {extra:?}: {err}");
        assert!(err.contains(needle), "{coupon} {extra:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert_eq!(fs::read(d.join("keep.stl")).unwrap(), b"old");
    }
    assert_eq!(fs::read_dir(d).unwrap().count(), 1, "no temp file left");
}

#[test]
fn stepped_gap_coupons_are_deterministic() {
    let tmp = scratch("stepped-determinism");
    let d = tmp.path();
    for coupon in ["slots", "plugs"] {
        let args = [
            "make",
            coupon,
            "--sweep",
            "0.05:0.30:0.025",
            "--layer-height",
            "0.28",
            "-o",
        ];
        let a = run(d, &[&args[..], &["a.stl"]].concat());
        let b = run(d, &[&args[..], &["b.stl"]].concat());
        assert!(a.status.success() && b.status.success(), "{coupon}");
        assert_eq!(
            fs::read(d.join("a.stl")).unwrap(),
            fs::read(d.join("b.stl")).unwrap(),
            "{coupon}"
        );
    }
}
