//! `gapgauge check` end to end: files written to disk, the binary run, exit
//! codes and output checked.

use gapgauge::geom::fixtures::{flipped, tessellated_box, tessellated_octahedron};
use gapgauge::geom::{Mesh, Point};
use std::path::PathBuf;
use std::process::{Command, Output};

fn p(x: f64, y: f64, z: f64) -> Point {
    Point::new(x, y, z)
}

/// A fresh path in the temp dir, unique per test and process.
fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("gapgauge_check_{}_{name}", std::process::id()))
}

fn write_mesh(name: &str, m: &Mesh) -> PathBuf {
    let path = temp(name);
    let f = std::fs::File::create(&path).unwrap();
    gapgauge::stl::write_stl(f, m, "gapgauge test").unwrap();
    path
}

fn write_bytes(name: &str, bytes: &[u8]) -> PathBuf {
    let path = temp(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn run(args: &[&str], file: &PathBuf) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .env("GAPGAUGE_LEDGER", crate::common::NO_LEDGER)
        .arg("check")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(file);
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn boxes_03() -> Mesh {
    let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(10.0, 10.0, 5.0), 4);
    m.append(&tessellated_box(p(10.3, 2.0, 0.0), p(14.0, 8.0, 5.0), 3));
    m
}

#[test]
fn clean_file_exits_0_with_a_table() {
    let o = run(&[], &write_mesh("clean.stl", &boxes_03()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("2 parts"), "{s}");
    // 10.3 and 10.0 as f32 differ by 0.3000002; printed to 1e-4 mm.
    assert!(s.contains("      0-1       0.3000  (10.0000,"), "{s}");
    assert!(s.contains("OK: 0 defective parts, 0 gaps too small"), "{s}");
}

#[test]
fn small_gap_exits_1() {
    let o = run(
        &["--min-gap", "0.35"],
        &write_mesh("small.stl", &boxes_03()),
    );
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    assert!(
        s.contains("TOO SMALL") && s.contains("minimum 0.3500 mm from --min-gap"),
        "{s}"
    );
}

#[test]
fn ball_in_shell_json() {
    let c = p(10.0, 10.0, 10.0);
    let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(20.0, 20.0, 20.0), 3);
    m.append(&flipped(tessellated_octahedron(c, 6.0, 5)));
    m.append(&tessellated_octahedron(c, 5.0, 4));
    let o = run(&["--json", "--min-gap", "0.5"], &write_mesh("ball.stl", &m));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "gapgauge.check/2");
    assert_eq!(v["ok"], true);
    assert_eq!(v["parts"].as_array().unwrap().len(), 2);
    assert_eq!(v["parts"][0]["shells"], 2);
    assert_eq!(v["min_gap"]["source"], "--min-gap");
    let d = v["gaps"][0]["distance_mm"].as_f64().unwrap();
    // The exact answer for the f64 shapes; the file stores f32, whose
    // rounding (about 1e-6 mm at 10 mm) moves it slightly.
    assert!((d - 1.0 / 3f64.sqrt()).abs() < 2e-6, "{d}");
    assert_eq!(v["gaps"][0]["too_small"], false);
}

#[test]
fn touching_and_inside_out_exit_1() {
    let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), 2);
    m.append(&tessellated_box(p(1.0, 0.25, 0.25), p(2.0, 0.75, 0.75), 3));
    let o = run(&[], &write_mesh("touch.stl", &m));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("TOUCHING"), "{}", stdout(&o));

    let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(1.0, 1.0, 1.0), 2);
    m.append(&flipped(tessellated_box(
        p(5.0, 0.0, 0.0),
        p(6.0, 1.0, 1.0),
        2,
    )));
    let o = run(&["--json"], &write_mesh("inside_out.stl", &m));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["defective_parts"], 1);
    assert_eq!(v["parts"][1]["defects"][0]["kind"], "InsideOut");
}

#[test]
fn unreadable_files_exit_2_naming_the_file() {
    let mut good = Vec::new();
    gapgauge::stl::write_stl(&mut good, &boxes_03(), "x").unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.stl", vec![], "the file is empty"),
        (
            "trunc.stl",
            good[..good.len() - 30].to_vec(),
            "not a whole number",
        ),
        (
            "garbage.stl",
            vec![0x5a; 1000],
            "binary STL header declares",
        ),
        (
            "ascii.stl",
            b"solid s\nfacet normal 0 0 1\nouter loop\nvertex 0 0 1.2.3\n".to_vec(),
            "line 4: expected a number for a vertex coordinate, found \"1.2.3\"",
        ),
    ];
    for (name, bytes, msg) in cases {
        let path = write_bytes(name, &bytes);
        let shown = path.display().to_string();
        let o = run(&[], &path);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let e = stderr(&o);
        assert!(e.contains(&shown) && e.contains(msg), "{name}: {e}");
        assert!(!e.contains("panicked"), "{e}");
    }
    let o = run(&[], &temp("does_not_exist.stl"));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("cannot read"), "{e}");
    // The operating system's reason, said once (not once per error layer).
    let os = std::fs::File::open(temp("does_not_exist.stl"))
        .unwrap_err()
        .to_string();
    assert_eq!(e.matches(&os).count(), 1, "{e}");
}

#[test]
fn bad_flag_values_are_rejected() {
    let path = write_mesh("flags.stl", &boxes_03());
    let o = run(&["--min-gap", "-1"], &path);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--min-gap = -1"), "{}", stderr(&o));
}

/// `--material` flags gaps under the planner's minimum for that filament,
/// measured on a real gauge: the pins at 0.2 and 0.3 fail PETG's rotating
/// minimum (0.40 at 0.2 mm layers), the pin at 0.4 passes.
#[test]
fn planner_minimum_flags_gaps_too_small_for_the_filament() {
    let tmp = crate::common::scratch("planner-min");
    let stl = tmp.path().join("gauge.stl");
    // `run` removes the file it checked: make it afresh for each run.
    let gauge = || {
        let made = Command::new(env!("CARGO_BIN_EXE_gapgauge"))
            .env("GAPGAUGE_LEDGER", crate::common::NO_LEDGER)
            .args(["make", "pin", "--clearances", "0.2,0.3,0.4", "-o"])
            .arg(&stl)
            .output()
            .unwrap();
        assert!(made.status.success());
        &stl
    };
    let o = run(&["--material", "petg", "--json"], gauge());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v["min_gap"]["source"]
            .as_str()
            .unwrap()
            .starts_with("planner: petg rotating")
    );
    assert!((v["min_gap"]["mm"].as_f64().unwrap() - 0.4).abs() < 1e-9);
    let flags: Vec<bool> = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["too_small"].as_bool().unwrap())
        .collect();
    assert_eq!(flags, vec![true, true, false]);
    // An explicit --min-gap wins over the planner.
    let o = run(&["--material", "petg", "--min-gap", "0.15"], gauge());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let bad = run(&["--material", "unobtainium"], gauge());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unobtainium"));
}

/// A material named on the command line is refused when unknown, also when
/// `--min-gap` makes the planner unnecessary (it used to be ignored then).
#[test]
fn an_unknown_material_is_refused_even_with_min_gap() {
    let path = write_mesh("unknown_material.stl", &boxes_03());
    let o = run(&["--material", "nosuch", "--min-gap", "0.2"], &path);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("unknown material `nosuch`"),
        "{}",
        stderr(&o)
    );
}

/// A device that never ends is refused after its header, not read on.
#[test]
fn dev_zero_is_refused_at_once() {
    let o = Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .args(["check", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("/dev/zero: binary STL header declares 0 triangles")
            && e.contains("more data follows"),
        "{e}"
    );
}

/// A hinge-like 45-degree pair: fails a 0.25 mm minimum in 3D (0.212),
/// passes it sliced at 0.2 mm layers (0.3 in every layer), and fuses at
/// 0.4 mm layers (each layer rests on the slope below).
#[test]
fn layer_verdict_on_a_45_degree_pair() {
    use gapgauge::geom::Point2;
    use gapgauge::geom::circle::Fit;
    use gapgauge::geom::primitives::revolve;
    let square = |bottom: (f64, f64), top: (f64, f64)| {
        revolve(Point2::new(0.0, 0.0), &[bottom, top], 4, Fit::Circumscribed)
    };
    let mesh = || {
        let mut m = tessellated_box(p(-8.0, -8.0, 0.0), p(8.0, 8.0, 5.0), 2);
        m.append(&flipped(square((4.8, 0.5), (0.8, 4.5))));
        m.append(&square((4.0, 1.0), (2.0, 3.0)));
        m
    };
    let o = run(&["--min-gap", "0.25"], &write_mesh("cone3d.stl", &mesh()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let args = [
        "--min-gap",
        "0.25",
        "--layer-height",
        "0.2",
        "--first-layer-height",
        "0.2",
        "--json",
    ];
    let o = run(&args, &write_mesh("cone02.stl", &mesh()));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let g = &v["gaps"][0];
    assert!(
        (g["distance_mm"].as_f64().unwrap() - 0.3 * std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-5
    );
    assert!(
        (g["layers"]["xy_gap_mm"].as_f64().unwrap() - 0.3).abs() < 1e-5,
        "{g}"
    );
    assert_eq!(v["layers"]["height"], 0.2);
    let o = run(
        &["--layer-height", "0.4", "--first-layer-height", "0.2"],
        &write_mesh("cone04.stl", &mesh()),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("RESTS ON (part 0 layer"),
        "{}",
        stdout(&o)
    );
    let o = run(
        &["--layer-height", "0"],
        &write_mesh("cone_bad.stl", &mesh()),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--layer-height = 0"), "{}", stderr(&o));
}

/// Two posts 150 mm tall, 0.1 mm apart, at 0.001 mm layers: 150,000
/// layers, more than the slicer model takes. The layer verdict cannot be
/// worked out; the report says so (text and JSON) and the pair keeps its
/// 3D verdict (0.1 < 0.2: too small), instead of passing it off as sliced.
#[test]
fn a_plan_that_cannot_slice_says_so_and_keeps_the_3d_verdict() {
    let posts = || {
        let mut m = tessellated_box(p(0.0, 0.0, 0.0), p(2.0, 2.0, 150.0), 1);
        m.append(&tessellated_box(p(2.1, 0.0, 0.0), p(4.0, 2.0, 150.0), 1));
        m
    };
    let args = ["--min-gap", "0.2", "--layer-height", "0.001"];
    let o = run(&args, &write_mesh("posts.stl", &posts()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("layers 0.001 mm; NOT worked out (")
            && text.contains("layers of 0.001 mm to reach 150 mm: at most 100000"),
        "{text}"
    );
    assert!(text.contains("TOO SMALL"), "{text}");
    let o = run(
        &[&args[..], &["--json"]].concat(),
        &write_mesh("posts_json.stl", &posts()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = v["layer_error"].as_str().expect("layer_error is said");
    assert!(e.contains("at most 100000"), "{e}");
    let g = &v["gaps"][0];
    assert!(g["layers"].is_null() && g["too_small"] == true, "{g}");
    // A plan that slices leaves it null.
    let o = run(
        &["--min-gap", "0.2", "--layer-height", "0.2", "--json"],
        &write_mesh("posts_ok.stl", &posts()),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["layer_error"].is_null(), "{v}");
}
