//! The binary as a user runs it.

use crate::common::{run, scratch, text};
use std::fs;

#[test]
fn make_pin_writes_a_binary_stl_with_a_descriptive_header() {
    let tmp = scratch("make-pin");
    let d = tmp.path();
    let o = run(
        d,
        &[
            "make",
            "pin",
            "--clearances",
            "0.15,0.2,0.25",
            "-o",
            "g.stl",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let bytes = fs::read(d.join("g.stl")).unwrap();
    let n = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
    assert_eq!(bytes.len(), 84 + 50 * n);
    let header = String::from_utf8_lossy(&bytes[..80]);
    assert!(
        header.starts_with("gapgauge pin c=0.15..0.25 mm per side n=3"),
        "{header}"
    );
    let (out, _) = text(&o);
    assert!(out.contains("3 stations, 4 parts"), "{out}");
    // The file reads back as a closed mesh.
    let mesh = stl_io::read_stl(&mut fs::File::open(d.join("g.stl")).unwrap()).unwrap();
    mesh.validate().unwrap();
}

#[test]
fn json_summary_lists_stations_in_order() {
    let tmp = scratch("json");
    let d = tmp.path();
    let o = run(
        d,
        &[
            "make",
            "pin",
            "--sweep",
            "0.10:0.30:0.05",
            "-o",
            "g.stl",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let st = v["stations"].as_array().unwrap();
    let um: Vec<u64> = st
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect();
    assert_eq!(um, vec![100, 150, 200, 250, 300]);
    let labels: Vec<&str> = st.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["10", "15", "20", "25", "30"]);
    let xs: Vec<f64> = st
        .iter()
        .map(|s| s["position"][0].as_f64().unwrap())
        .collect();
    assert!(xs.windows(2).all(|w| w[1] > w[0]), "stations run along +X");
    assert_eq!(v["parts"].as_array().unwrap().len(), 6);
    assert_eq!(v["bbox_mm"]["min"][2].as_f64(), Some(0.0));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let tmp = scratch("determinism");
    let d = tmp.path();
    let args = [
        "make",
        "pin",
        "--sweep",
        "0.1:0.5:0.1",
        "--layer-height",
        "0.16",
        "-o",
    ];
    let a = run(d, &[&args[..], &["a.stl"]].concat());
    let b = run(d, &[&args[..], &["b.stl"]].concat());
    assert!(a.status.success() && b.status.success());
    assert_eq!(
        fs::read(d.join("a.stl")).unwrap(),
        fs::read(d.join("b.stl")).unwrap()
    );
}

/// Each bad input: exit code 2, one line naming the parameter, nothing
/// written, an existing file untouched.
#[test]
fn bad_input_is_named_and_writes_nothing() {
    let tmp = scratch("bad");
    let d = tmp.path();
    fs::write(d.join("keep.stl"), b"old").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--clearances", "0"], "clearance 1 of 1"),
        (&["--clearances", "0.2,-0.1"], "value 2"),
        (&["--clearances", "nan"], "--clearances"),
        (&["--clearances", "1.5"], "housing cannot hold"),
        (&["--sweep", "0.01:0.5:0.01"], "at most 30"),
        (&["--sweep", "0.1:0.5:0"], "--sweep step"),
        (&["--layer-height", "0.4"], "--layer-height"),
        (&["--layer-height", "-0.2"], "--layer-height"),
        (&["--layer-height", "NaN"], "--layer-height"),
        (&["--nozzle", "5"], "--nozzle"),
        (&["--chord-tolerance", "0"], "--chord-tolerance"),
        (&["--chord-tolerance", "inf"], "--chord-tolerance"),
        (&["--first-layer-height", "0.9"], "--first-layer-height"),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["make", "pin", "-o", "keep.stl"];
        args.extend_from_slice(extra);
        let o = run(d, &args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(needle), "{extra:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert_eq!(
            fs::read(d.join("keep.stl")).unwrap(),
            b"old",
            "{extra:?} touched the file"
        );
    }
    assert_eq!(fs::read_dir(d).unwrap().count(), 1, "no temp file left");
}

#[test]
fn unwritable_output_is_an_error() {
    let tmp = scratch("unwritable");
    let d = tmp.path();
    let o = run(d, &["make", "pin", "-o", "no/such/dir/g.stl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("cannot write no/such/dir/g.stl"));
}

#[test]
fn below_floor_station_is_marked_as_a_control() {
    let tmp = scratch("floor");
    let d = tmp.path();
    let o = run(
        d,
        &["make", "pin", "--clearances", "0.05,0.2", "-o", "g.stl"],
    );
    assert!(o.status.success());
    assert!(
        text(&o)
            .1
            .contains("station 1 (0.05 mm) is below the slicer floor")
    );
}

#[test]
fn help_teaches_per_side_clearance() {
    let tmp = scratch("help");
    let d = tmp.path();
    let o = run(d, &["make", "pin", "--help"]);
    let (out, _) = text(&o);
    assert!(out.contains("Per side means"), "{out}");
    assert!(out.contains("--sweep"));
}

#[test]
fn without_a_sweep_the_planner_chooses_and_the_header_says_so() {
    let tmp = scratch("planned");
    let d = tmp.path();
    let o = run(
        d,
        &[
            "make",
            "pin",
            "--material",
            "petg",
            "--layer-height",
            "0.16",
            "-o",
            "g.stl",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let planned: Vec<u64> = v["plan"]["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect();
    let made: Vec<u64> = v["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect();
    assert_eq!(planned, made, "the gauge carries the plan's stations");
    let bytes = fs::read(d.join("g.stl")).unwrap();
    let header = String::from_utf8_lossy(&bytes[..80]).into_owned();
    assert!(header.contains("plan petg rotating h0.16"), "{header}");
    let bad = run(
        d,
        &["make", "pin", "--material", "unobtainium", "-o", "x.stl"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).1.contains("unobtainium"));
    assert!(!d.join("x.stl").exists());
}

/// The README's default-plan table is what the planner says today.
#[test]
fn readme_default_plans_match_the_planner() {
    let tmp = scratch("readme-plans");
    let d = tmp.path();
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains(" h0.20 "))
        .collect();
    assert!(rows.len() >= 12, "the table is there");
    for row in rows {
        let summary = row.split('`').nth(1).unwrap();
        let mut words = summary.split(' ');
        let (material, joint) = (words.next().unwrap(), words.next().unwrap());
        let o = run(d, &["plan", "-m", material, "-j", joint, "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["summary"], summary, "README row {row}");
    }
}

/// `gapgauge make ... | head -1` ends quietly: a closed pipe is no panic.
#[test]
fn closed_pipe_is_quiet() {
    use std::process::{Command, Stdio};
    let tmp = scratch("pipe");
    let d = tmp.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .env("GAPGAUGE_LEDGER", d.join("test-ledger.jsonl"))
        .args(["make", "pin", "-o", "g.stl"])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}
