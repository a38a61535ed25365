//! `gapgauge batch`: files, manifest against the real geometry, rerun
//! determinism and the bad-filament path.

use crate::common::{run, scratch, text};
use std::fs;
use std::path::Path;

fn spool(dir: &Path) {
    fs::write(
        dir.join("spool.toml"),
        "brand = \"Acme\"\nname = \"Night Blue\"\nmaterial = \"petg\"\nlayer_height = 0.16\nnotes = \"dried\"\n",
    )
    .unwrap();
}

/// Every file in a folder tree, relative path -> bytes.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn three_filaments_make_complete_sets_that_match_their_manifests() {
    let tmp = scratch("batch");
    let d = tmp.path();
    spool(d);
    let o = run(
        d,
        &[
            "batch",
            "pla",
            "tpu",
            "spool.toml",
            "--out-dir",
            "sets",
            "--bed",
            "180x180",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let mut folders: Vec<String> = fs::read_dir(d.join("sets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        vec!["acme-night-blue", "pla", "tpu"],
        "one folder per filament, nothing else"
    );
    for f in &folders {
        let dir = d.join("sets").join(f);
        let m: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
        let card = fs::read_to_string(dir.join("card.html")).unwrap();
        assert!(card.contains("<table class=\"stations\">"));
        assert!(!dir.join("card.md").exists(), "one card: card.html");
        let bed = (
            m["bed_mm"][0].as_f64().unwrap(),
            m["bed_mm"][1].as_f64().unwrap(),
        );
        assert_eq!(bed, (180.0, 180.0));
        for c in m["coupons"].as_array().unwrap() {
            // The STL is the geometry the manifest describes.
            let mesh = stl_io::read_stl(
                &mut fs::File::open(dir.join(c["file"].as_str().unwrap())).unwrap(),
            )
            .unwrap();
            mesh.validate().unwrap();
            let (mut lo, mut hi) = ([f32::MAX; 3], [f32::MIN; 3]);
            for v in &mesh.vertices {
                for k in 0..3 {
                    lo[k] = lo[k].min(v[k]);
                    hi[k] = hi[k].max(v[k]);
                }
            }
            assert!(
                lo[0] >= 0.0 && lo[1] >= 0.0 && lo[2] == 0.0,
                "{f}: on the bed: {lo:?}"
            );
            assert!(
                f64::from(hi[0]) <= bed.0 && f64::from(hi[1]) <= bed.1,
                "{f}: inside the bed: {hi:?}"
            );
            assert!((f64::from(lo[0]) - c["placement"]["x_mm"].as_f64().unwrap()).abs() < 1e-4);
            // Its picture: a PNG beside it, shown on the card.
            let picture = c["picture"].as_str().unwrap();
            let png = fs::read(dir.join(picture)).unwrap();
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{f}: {picture} is a PNG");
            assert!(card.contains(&format!("<img src=\"{picture}\"")));
            let stations = c["stations"].as_array().unwrap();
            let planned: Vec<u64> = c["plan"]["stations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["clearance_um"].as_u64().unwrap())
                .collect();
            let made: Vec<u64> = stations
                .iter()
                .map(|s| s["clearance_um"].as_u64().unwrap())
                .collect();
            assert_eq!(made, planned, "{f}: the coupon carries its plan");
            assert!((5..=9).contains(&made.len()));
            for s in stations {
                let p = &s["position"];
                let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!(
                    x >= f64::from(lo[0])
                        && x <= f64::from(hi[0])
                        && y >= f64::from(lo[1])
                        && y <= f64::from(hi[1])
                );
            }
        }
    }
    // The spool's override reached its plan.
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(d.join("sets/acme-night-blue/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["profile"]["layer_height"].as_f64(), Some(0.16));
    assert_eq!(m["filament"]["material"], "petg");

    // A rerun gives the same bytes, file for file.
    let before = tree(&d.join("sets"));
    let o = run(
        d,
        &[
            "batch",
            "pla",
            "tpu",
            "spool.toml",
            "--out-dir",
            "sets",
            "--bed",
            "180x180",
            "-q",
            "-j",
            "1",
        ],
    );
    assert!(o.status.success());
    assert_eq!(tree(&d.join("sets")), before);
}

#[test]
fn a_bad_filament_fails_alone_and_leaves_nothing() {
    let tmp = scratch("batch-bad");
    let d = tmp.path();
    fs::write(
        d.join("typo.toml"),
        "material = \"pla\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let o = run(
        d,
        &[
            "batch",
            "pla",
            "typo.toml",
            "nosuch",
            "--out-dir",
            "sets",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ok: Vec<bool> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ok"].as_bool().unwrap())
        .collect();
    assert_eq!(ok, vec![true, false, false]);
    assert!(
        v[1]["error"].as_str().unwrap().contains("colour"),
        "{}",
        v[1]["error"]
    );
    assert!(v[2]["error"].as_str().unwrap().contains("nosuch"));
    let names: Vec<String> = fs::read_dir(d.join("sets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["pla"], "no partial folder");
    assert!(
        text(&o)
            .1
            .contains("2 of 3 filaments failed; the other one is complete"),
        "{}",
        text(&o).1
    );
}

#[test]
fn a_bed_too_small_is_reported_per_filament() {
    let tmp = scratch("batch-bed");
    let d = tmp.path();
    let o = run(
        d,
        &["batch", "pla", "--out-dir", "sets", "--bed", "60x60", "-q"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).0.contains("does not fit the 60 x 60 mm bed"),
        "{:?}",
        text(&o)
    );
    assert!(
        text(&o).0.contains("larger bed (--bed WxD)"),
        "{:?}",
        text(&o)
    );
    // Nothing succeeded, so nothing is said to be complete.
    let err = text(&o).1;
    assert!(
        err.contains("the filament failed; nothing was written"),
        "{err}"
    );
    assert!(!err.contains("complete"), "{err}");
    let bad = run(d, &["batch", "pla", "--out-dir", "sets", "--bed", "huge"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).1.contains("--bed = huge"));
}

/// Every built-in material's planned sweep builds for every coupon, at fine,
/// normal and coarse layers: the planner never asks a coupon for a gap its
/// geometry refuses.
#[test]
fn every_planned_sweep_builds_for_every_coupon() {
    use gapgauge::coupon::{Family, PrintProfile};
    use gapgauge::preset::{Kind, Material, Printer, builtin_names};
    for material in builtin_names(Kind::Material) {
        for h in [0.12, 0.2, 0.28] {
            let printer =
                Printer::load("generic-0.4")
                    .unwrap()
                    .overridden(None, None, Some(h), None);
            for &family in Family::ALL {
                let plan = family
                    .plan_input(Material::load(material).unwrap(), &printer)
                    .plan()
                    .unwrap();
                let profile = PrintProfile {
                    nozzle: printer.nozzle_mm,
                    layer_height: h,
                    first_layer_height: printer.first_layer_height_mm.unwrap_or(h),
                    chord_tolerance: 0.01,
                };
                if let Err(e) = family.build(plan.clearances(), profile) {
                    panic!("{material} {family} h={h} plan {}: {e}", plan.summary());
                }
            }
        }
    }
}
