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
