//! The print-cost estimate against PrusaSlicer's own, recorded one file per
//! coupon in tests/fixtures/print-cost/ by `tools/print-cost.sh --record
//! tests/fixtures/print-cost COUPON` (each file's header names the command,
//! version and commit). Re-record a coupon after any change to its geometry.

use crate::common::{run, scratch, text};

/// One recorded row: a coupon as `make` builds it with `args`, and what
/// PrusaSlicer estimated for it.
struct Row {
    coupon: String,
    stations: usize,
    slicer_minutes: f64,
    slicer_grams: f64,
    args: Vec<String>,
}

/// Every recorded row, from every coupon's file, in file-name order.
fn rows() -> Vec<Row> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/print-cost");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("fixture folder")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| parse_rows(&std::fs::read_to_string(p).expect("fixture")))
        .collect()
}

fn parse_rows(text: &str) -> Vec<Row> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "bad fixture row {l:?}");
            Row {
                coupon: f[0].to_string(),
                stations: f[1].parse().expect("stations"),
                slicer_minutes: f[3].parse::<f64>().expect("seconds") / 60.0,
                slicer_grams: f[4].parse().expect("grams"),
                args: f[5].split_whitespace().map(String::from).collect(),
            }
        })
        .collect()
}

/// `make --json`'s print_cost for a row.
fn estimate(dir: &std::path::Path, row: &Row) -> serde_json::Value {
    let mut args = vec!["make", row.coupon.as_str()];
    args.extend(row.args.iter().map(String::as_str));
    args.extend(["-o", "g.stl", "--json"]);
    let out = run(dir, &args);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{args:?}: {stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["stations"].as_array().map(Vec::len), Some(row.stations));
    v["print_cost"].clone()
}

#[test]
fn estimate_is_within_20_percent_of_prusaslicer_for_every_recorded_coupon() {
    let dir = scratch("print-cost");
    let rows = rows();
    // Every built-in coupon at both recorded profiles.
    for c in ["pin", "hinge", "plugs", "slots"] {
        for p in ["generic-0.4", "generic-0.6"] {
            assert!(
                rows.iter()
                    .any(|r| r.coupon == c && r.args.iter().any(|a| a == p)),
                "no recorded row for {c} at {p}"
            );
        }
    }
    let mut off = Vec::new();
    for row in &rows {
        let cost = estimate(dir.path(), row);
        let minutes = cost["minutes"].as_f64().expect("minutes");
        let grams = cost["grams"].as_f64().expect("grams");
        for (what, ours, theirs) in [
            ("minutes", minutes, row.slicer_minutes),
            ("grams", grams, row.slicer_grams),
        ] {
            let ratio = ours / theirs;
            if !(0.8..=1.2).contains(&ratio) {
                off.push(format!(
                    "{} {:?}: {what} {ours:.1} vs PrusaSlicer {theirs:.1} (x{ratio:.2})",
                    row.coupon, row.args
                ));
            }
        }
    }
    assert!(off.is_empty(), "off by more than 20 %:\n{}", off.join("\n"));
}

#[test]
fn estimate_grows_with_stations_and_is_deterministic() {
    let dir = scratch("print-cost-grow");
    let rows = rows();
    for c in ["pin", "hinge", "plugs", "slots"] {
        let mut mine: Vec<&Row> = rows
            .iter()
            .filter(|r| r.coupon == c && r.args.iter().any(|a| a == "generic-0.4"))
            .collect();
        mine.sort_by_key(|r| r.stations);
        assert!(mine.len() >= 2, "{c}: need two station counts");
        let costs: Vec<serde_json::Value> = mine.iter().map(|r| estimate(dir.path(), r)).collect();
        for pair in costs.windows(2) {
            for key in ["minutes", "grams"] {
                assert!(
                    pair[1][key].as_f64() > pair[0][key].as_f64(),
                    "{c}: {key} does not grow with stations: {pair:?}"
                );
            }
        }
        assert_eq!(
            costs[0],
            estimate(dir.path(), mine[0]),
            "{c}: not repeatable"
        );
    }
}

/// `make --json`'s print_cost for `args` (the planner's sweep unless given).
fn make_cost(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["make"];
    all.extend_from_slice(args);
    all.extend(["-o", "made.stl", "--json"]);
    let out = run(dir, &all);
    assert!(out.status.success(), "{all:?}: {}", text(&out).1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["print_cost"].clone()
}

#[test]
fn plan_reports_the_cost_of_the_coupon_make_builds_for_its_sweep() {
    let dir = scratch("print-cost-plan");
    for (joint, coupon) in [("rotating", "pin"), ("hinge", "hinge"), ("slit", "slots")] {
        let out = run(dir.path(), &["plan", "-m", "petg", "-j", joint, "--json"]);
        assert!(out.status.success(), "{}", text(&out).1);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let cost = &v["print_cost"];
        assert_eq!(cost["coupon"], coupon);
        assert_eq!(
            cost["stations"].as_u64(),
            v["stations"].as_array().map(|s| s.len() as u64)
        );
        let mut made = make_cost(dir.path(), &[coupon, "-m", "petg"]);
        // make's object has no coupon or station count of its own.
        for key in [
            "minutes",
            "grams",
            "filament_m",
            "layers",
            "minutes_by_kind",
        ] {
            assert_eq!(cost[key], made[key].take(), "{coupon} {key}");
        }
        let out = run(dir.path(), &["plan", "-m", "petg", "-j", joint]);
        let (stdout, _) = text(&out);
        let minutes = cost["minutes"].as_f64().unwrap();
        let want = format!(
            "print cost: about {}, {:.1} g for the {coupon} coupon of this sweep",
            gapgauge::cost::duration(minutes),
            cost["grams"].as_f64().unwrap()
        );
        assert!(stdout.contains(&want), "{want}\n{stdout}");
    }
}

#[test]
fn plan_for_a_joint_without_a_coupon_says_why_there_is_no_cost() {
    let dir = scratch("print-cost-snap");
    let out = run(dir.path(), &["plan", "-j", "snap-fit", "--json"]);
    assert!(out.status.success(), "{}", text(&out).1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["print_cost"].is_null());
    assert_eq!(
        v["print_cost_error"],
        "no coupon stands in for snap-fit joints"
    );
    let (stdout, _) = text(&run(dir.path(), &["plan", "-j", "snap-fit"]));
    assert!(
        stdout.contains("print cost: not estimated (no coupon stands in for snap-fit joints)"),
        "{stdout}"
    );
}

#[test]
fn batch_reports_each_coupon_and_the_set_in_manifest_card_and_output() {
    let dir = scratch("print-cost-batch");
    let out = run(
        dir.path(),
        &["batch", "pla", "-o", "sets", "--coupons", "pin,slots"],
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let m: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("sets/pla/manifest.json")).unwrap(),
    )
    .unwrap();
    let mut minutes = 0.0;
    let mut grams = 0.0;
    for c in m["coupons"].as_array().unwrap() {
        let name = c["coupon"].as_str().unwrap();
        let cost = &c["print_cost"];
        assert_eq!(cost["coupon"], name);
        // The same coupon `make` builds for pla, moved on the bed.
        let made = make_cost(dir.path(), &[name]);
        for key in ["minutes", "grams"] {
            let (a, b) = (cost[key].as_f64().unwrap(), made[key].as_f64().unwrap());
            assert!((a - b).abs() <= 0.1, "{name} {key}: batch {a}, make {b}");
        }
        minutes += cost["minutes"].as_f64().unwrap();
        grams += cost["grams"].as_f64().unwrap();
    }
    let set = &m["print_cost"];
    assert_eq!(set["coupons"], 2);
    assert!(
        (set["minutes"].as_f64().unwrap() - minutes).abs() <= 0.15,
        "{set}"
    );
    assert!(
        (set["grams"].as_f64().unwrap() - grams).abs() <= 0.015,
        "{set}"
    );
    let short = format!(
        "about {}, {:.1} g",
        gapgauge::cost::duration(set["minutes"].as_f64().unwrap()),
        set["grams"].as_f64().unwrap()
    );
    assert!(
        stdout.contains(&format!("(print cost: {short})")),
        "{stdout}"
    );
    let card = std::fs::read_to_string(dir.path().join("sets/pla/card.html")).unwrap();
    assert!(
        card.contains(&format!("Printing the set takes {short} of filament")),
        "{short}"
    );
    let out = run(
        dir.path(),
        &[
            "batch",
            "pla",
            "petg",
            "-o",
            "sets",
            "--coupons",
            "pin",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for set in v.as_array().unwrap() {
        assert_eq!(set["print_cost"]["coupons"], 1, "{set}");
        assert!(set["print_cost"]["minutes"].as_f64().unwrap() > 1.0);
    }
    let (stdout, _) = text(&run(
        dir.path(),
        &["batch", "pla", "petg", "-o", "sets", "--coupons", "pin"],
    ));
    assert!(stdout.contains("all 2 sets: 2 coupons, about "), "{stdout}");
}

#[test]
fn printer_speeds_change_the_minutes_not_the_grams_and_bad_ones_are_named() {
    let dir = scratch("print-cost-speeds");
    let base = "name = \"fast\"\ndescription = \"test\"\nnozzle_mm = 0.4\nlayer_height_mm = 0.2\n";
    std::fs::write(
        dir.path().join("fast.toml"),
        format!("{base}\n[speeds]\nsmall_perimeter_mm_s = 45\nexternal_perimeter_mm_s = 60\nsolid_infill_mm_s = 60\n"),
    )
    .unwrap();
    let default = make_cost(dir.path(), &["pin", "--printer", "generic-0.4"]);
    let fast = make_cost(dir.path(), &["pin", "--printer", "fast.toml"]);
    let m = |v: &serde_json::Value| v["minutes"].as_f64().unwrap();
    assert!(m(&fast) < 0.8 * m(&default), "{fast} vs {default}");
    assert_eq!(fast["grams"], default["grams"]);
    assert_eq!(default["basis"], gapgauge::cost::BASIS);
    assert_eq!(fast["basis"], gapgauge::cost::BASIS_PRESET_SPEEDS);
    // plan and batch estimate with the same speeds.
    let out = run(dir.path(), &["plan", "--printer", "fast.toml", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["print_cost"]["minutes"], fast["minutes"]);

    std::fs::write(
        dir.path().join("slow.toml"),
        format!("{base}\n[speeds]\ninfill_mm_s = 80\ntravel_mm_s = 0.5\n"),
    )
    .unwrap();
    let out = run(dir.path(), &["plan", "--printer", "slow.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("slow.toml:8: key `travel_mm_s`")
            && stderr
                .contains("travel_mm_s = 0.5: a [speeds] value must be between 1 and 1000 mm/s"),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("typo.toml"),
        format!("{base}\n[speeds]\nperimeters_mm_s = 80\n"),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["make", "pin", "--printer", "typo.toml", "-o", "t.stl"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("unknown field `perimeters_mm_s`"),
        "{}",
        text(&out).1
    );
    assert!(!dir.path().join("t.stl").exists());
}

#[test]
fn the_cooling_slow_down_takes_its_settings_from_the_printer_preset() {
    // A 1-station slot comb: its fin layers are the shortest of any
    // coupon, so the slow-down's floor and target show in its minutes.
    let dir = scratch("print-cost-cooling");
    let base = "name = \"cool\"\ndescription = \"test\"\nnozzle_mm = 0.4\nlayer_height_mm = 0.2\n";
    let cost_with = |speeds: &str| {
        std::fs::write(
            dir.path().join("cool.toml"),
            format!("{base}\n[speeds]\n{speeds}\n"),
        )
        .unwrap();
        make_cost(
            dir.path(),
            &["slots", "--clearances", "0.3", "--printer", "cool.toml"],
        )
    };
    let default = make_cost(
        dir.path(),
        &["slots", "--clearances", "0.3", "--printer", "generic-0.4"],
    );
    let cooling = |v: &serde_json::Value| v["minutes_by_kind"]["cooling"].as_f64().unwrap();
    let m = |v: &serde_json::Value| v["minutes"].as_f64().unwrap();
    assert!(cooling(&default) > 0.0, "{default}");
    let off = cost_with("slowdown_below_layer_time_s = 0");
    assert_eq!(cooling(&off), 0.0, "{off}");
    assert!(m(&off) <= m(&default), "{off} vs {default}");
    // A lower floor lets the short layers slow down further.
    let lower = cost_with("min_print_speed_mm_s = 5");
    assert!(cooling(&lower) > cooling(&default), "{lower} vs {default}");
    assert!(m(&lower) > m(&default), "{lower} vs {default}");
    for v in [&off, &lower] {
        assert_eq!(v["grams"], default["grams"]);
        assert_eq!(v["basis"], gapgauge::cost::BASIS_PRESET_SPEEDS);
    }
    std::fs::write(
        dir.path().join("cool.toml"),
        format!("{base}\n[speeds]\nslowdown_below_layer_time_s = 400\n"),
    )
    .unwrap();
    let out = run(dir.path(), &["plan", "--printer", "cool.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("cool.toml:7: key `slowdown_below_layer_time_s`")
            && stderr.contains(
                "slowdown_below_layer_time_s = 400: must be between 0 and 300 s (0: no slow-down)"
            ),
        "{stderr}"
    );
}

/// `make --json` with `args`: the whole report.
fn make_json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["make"];
    all.extend_from_slice(args);
    all.extend(["-o", "staged.stl", "--json"]);
    let out = run(dir, &all);
    assert!(out.status.success(), "{all:?}: {}", text(&out).1);
    serde_json::from_slice(&out.stdout).expect("json")
}

fn clearances(v: &serde_json::Value) -> Vec<u64> {
    v["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect()
}

#[test]
fn make_quick_prints_four_or_five_coarse_stations_for_less_and_says_what_next() {
    let dir = scratch("quick");
    for coupon in ["pin", "hinge", "slots", "plugs"] {
        let full = make_json(dir.path(), &[coupon, "-m", "petg"]);
        let quick = make_json(dir.path(), &[coupon, "-m", "petg", "--quick"]);
        let c = clearances(&quick);
        assert!((4..=5).contains(&c.len()), "{coupon}: {c:?}");
        assert!(c.windows(2).all(|w| w[1] - w[0] == 100), "{coupon}: {c:?}");
        assert_eq!(quick["sweep_stage"], "quick");
        assert!(
            quick["next"]
                .as_str()
                .unwrap()
                .contains(&format!("gapgauge make {coupon} --around C"))
        );
        let m = |v: &serde_json::Value| v["print_cost"]["minutes"].as_f64().unwrap();
        assert!(
            m(&quick) < m(&full),
            "{coupon}: quick {} vs full {}",
            m(&quick),
            m(&full)
        );
        assert_eq!(full["sweep_stage"], "full");
        assert!(full.get("next").is_none());
    }
    // plan --quick shows the same sweep.
    let out = run(dir.path(), &["plan", "-m", "petg", "--quick", "--json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pin = make_json(dir.path(), &["pin", "-m", "petg", "--quick"]);
    assert_eq!(clearances(&pin), clearances(&plan));
    assert!(
        plan["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("quick sweep:")
    );
    let (stdout, _) = text(&run(dir.path(), &["make", "pin", "--quick", "-o", "q.stl"]));
    assert!(
        stdout.contains("quick gauge: a first answer from a short print. Next:"),
        "{stdout}"
    );
    let out = run(
        dir.path(),
        &["make", "pin", "--quick", "--sweep", "0.1:0.5:0.1"],
    );
    assert_eq!(out.status.code(), Some(2), "--quick and --sweep conflict");
}

#[test]
fn around_centres_a_fine_sweep_and_refuses_what_cannot_print() {
    let dir = scratch("around");
    let out = run(dir.path(), &["plan", "--around", "0.3", "--json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = vec![225, 250, 275, 300, 325, 350, 375];
    assert_eq!(clearances(&plan), want);
    let made = make_json(dir.path(), &["pin", "--around", "0.3"]);
    assert_eq!(clearances(&made), want);
    assert_eq!(made["sweep_stage"], "around");
    let made = make_json(dir.path(), &["hinge", "--around", "0.3", "--step", "0.01"]);
    assert_eq!(clearances(&made), vec![270, 280, 290, 300, 310, 320, 330]);
    for (args, want) in [
        (
            vec!["plan", "--around", "0.05"],
            "--around = 0.05: must be at least the slicer floor 0.10 mm",
        ),
        (
            vec!["make", "pin", "--around", "1.5", "-o", "x.stl"],
            "--around = 1.50: must be at most 0.99 mm",
        ),
        (
            vec![
                "make", "pin", "--around", "0.3", "--step", "0.1", "-o", "x.stl",
            ],
            "--step = 0.10: must be between 0.01 and 0.05 mm",
        ),
        (
            vec!["plan", "--around", "abc"],
            "--around = abc: expected a length in mm",
        ),
        (
            vec!["make", "bridge", "--quick", "-o", "x.stl"],
            "--quick = bridge: the bridge sweep counts whole layers",
        ),
    ] {
        let out = run(dir.path(), &args);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("x.stl").exists());
    let out = run(dir.path(), &["plan", "--step", "0.01"]);
    assert_eq!(out.status.code(), Some(2), "--step needs --around");
}
