//! `make` as a planner front end: the planner's flags, the expected column,
//! unknown materials, and coupons too long for the bed.

use crate::common::{run, scratch, text};
use serde_json::Value;
use std::path::Path;

fn json(dir: &Path, args: &[&str]) -> Value {
    let o = run(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {:?}", text(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// (clearance_um, expected) of each station in a make or plan document.
fn stations(v: &Value) -> Vec<(u64, String)> {
    v["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["clearance_um"].as_u64().unwrap(),
                s["expected"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `make` takes `plan`'s --flow, --enclosed/--open and --size, and the
/// gauge it makes has the plan's stations with the plan's expectations.
#[test]
fn make_plans_with_the_planners_flags_and_shows_what_each_station_expects() {
    let tmp = scratch("make-planner");
    let d = tmp.path();
    let cases: [&[&str]; 4] = [
        &[],
        &["--flow", "1.1"],
        &["--size", "large", "-m", "petg"],
        &["--enclosed", "-m", "asa", "--layer-height", "0.16"],
    ];
    let mut seen = Vec::new();
    for flags in cases {
        let mut make = vec!["make", "pin", "--json", "-o", "g.stl"];
        make.extend_from_slice(flags);
        let mut plan = vec!["plan", "-j", "rotating", "--json"];
        plan.extend_from_slice(flags);
        let (made, planned) = (json(d, &make), json(d, &plan));
        assert_eq!(stations(&made), stations(&planned), "{flags:?}");
        assert_eq!(made["plan"]["summary"], planned["summary"], "{flags:?}");
        seen.push(stations(&made));
    }
    assert_ne!(seen[0], seen[1], "--flow 1.1 moves the plan");
    // The table has the expected column too.
    let o = run(d, &["make", "pin", "--flow", "1.1", "-o", "g.stl"]);
    let (out, _) = text(&o);
    assert!(out.contains("expected"), "{out}");
    for (c, expected) in &seen[1] {
        let row = out
            .lines()
            .find(|l| l.contains(&format!(" {:.2} ", *c as f64 / 1000.0)))
            .unwrap_or_else(|| panic!("no row for {c}: {out}"));
        assert!(row.ends_with(&expected.replace('-', " ")), "{row}");
    }
    let both = run(d, &["make", "pin", "--enclosed", "--open"]);
    assert_eq!(both.status.code(), Some(2));
}

/// With clearances given, each station is still judged by the planner's
/// estimates: the same verdict `plan` gives where the two share a station.
#[test]
fn given_clearances_are_judged_like_the_plans_own() {
    let tmp = scratch("make-judged");
    let d = tmp.path();
    let planned = stations(&json(d, &["plan", "-m", "petg", "--json"]));
    let list: Vec<String> = planned
        .iter()
        .map(|(c, _)| format!("{:.3}", *c as f64 / 1000.0))
        .collect();
    let list = format!("0.05,{}", list.join(","));
    let made = json(
        d,
        &["make", "pin", "-m", "petg", "--clearances", &list, "--json"],
    );
    assert!(made["plan"].is_null(), "the sweep was given, not planned");
    let made = stations(&made);
    assert_eq!(made[0], (50, "likely-fused".to_string()), "below the floor");
    assert_eq!(&made[1..], &planned[..]);
}

/// An unknown material is refused even when the clearances are given (it
/// used to be ignored then), and nothing is written.
#[test]
fn an_unknown_material_is_refused_even_with_clearances() {
    let tmp = scratch("make-material");
    let d = tmp.path();
    for sweep in [["--clearances", "0.2,0.3"], ["--sweep", "0.1:0.3:0.1"]] {
        let mut args = vec!["make", "plugs", "-m", "nosuch", "-o", "x.stl"];
        args.extend_from_slice(&sweep);
        let o = run(d, &args);
        assert_eq!(o.status.code(), Some(2), "{sweep:?}");
        assert!(
            text(&o).1.contains("unknown material `nosuch`"),
            "{:?}",
            text(&o)
        );
        assert!(!d.join("x.stl").exists());
    }
}

/// A sweep longer than the printer's bed is refused with the bed size and
/// both ways out; nothing is written. `--bed` overrides the printer's.
#[test]
fn a_coupon_longer_than_the_bed_is_refused() {
    let tmp = scratch("make-bed");
    let d = tmp.path();
    let long = [
        "make",
        "pin",
        "--printer",
        "prusa-mk4",
        "--sweep",
        "0.10:0.39:0.01",
        "-o",
        "long.stl",
    ];
    let o = run(d, &long);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o).1;
    for part in [
        "30 stations",
        "378.0 x",
        "250 x 210 mm bed (printer prusa-mk4)",
        "fewer stations (about 18 fit",
        "--printer",
    ] {
        assert!(err.contains(part), "{part}: {err}");
    }
    assert!(!d.join("long.stl").exists());
    let mut roomy = long.to_vec();
    roomy.extend(["--bed", "400x300"]);
    assert_eq!(run(d, &roomy).status.code(), Some(0));
    let mut bad = long.to_vec();
    bad.extend(["--bed", "wide"]);
    assert!(text(&run(d, &bad)).1.contains("--bed = wide"));
}
