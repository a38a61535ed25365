//! The calibration loop end to end, in temporary folders with a temporary
//! ledger (never the user's): batch -> record -> recommend -> plan
//! refinement -> check; bad records refused with nothing written; two
//! processes appending at once; a corrupt ledger line reported and kept;
//! Spoolman exports.

use crate::common::{scratch, text};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Run the binary in `dir` with the ledger at `ledger`.
fn run_l(dir: &Path, ledger: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .args(args)
        .current_dir(dir)
        .env("GAPGAUGE_LEDGER", ledger)
        .output()
        .expect("binary runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", text(o)))
}

/// The pin stations of a batch folder, in µm.
fn pin_stations(folder: &Path) -> Vec<u64> {
    let m: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(folder.join("manifest.json")).unwrap()).unwrap();
    let pin = m["coupons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["coupon"] == "pin")
        .unwrap();
    pin["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect()
}

/// Verdicts for `stations` with the first free station at `free` (µm):
/// fused two below it, stiff just below, free from it on.
fn verdicts(stations: &[u64], free: u64) -> String {
    stations
        .iter()
        .map(|&c| match c {
            c if c >= free => "free",
            c if c + 50 >= free => "stiff",
            _ => "fused",
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn mm(um: u64) -> String {
    let s = format!("{}.{:03}", um / 1000, um % 1000);
    s.trim_end_matches('0').to_string()
}

#[test]
fn batch_record_recommend_plan_check() {
    let tmp = scratch("calib-loop");
    let d = tmp.path();
    let ledger = d.join("ledger/results.jsonl");
    let o = run_l(
        d,
        &ledger,
        &["batch", "pla", "--coupons", "pin", "-o", "sets", "-q"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let stations = pin_stations(&d.join("sets/pla"));
    // The card carries the record command for this folder, filled in.
    let card = fs::read_to_string(d.join("sets/pla/card.html")).unwrap();
    let line = "<code>gapgauge record sets/pla --coupon pin --free 0.__</code>";
    assert!(card.contains(line), "{card}");

    // The printed gauge: free from 0.25, below the planner's 0.35 minimum.
    let free = 250;
    assert!(stations.contains(&free), "{stations:?}");
    let v = verdicts(&stations, free);
    let o = run_l(
        d,
        &ledger,
        &["record", "sets/pla", "--coupon", "pin", "--verdicts", &v],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(
        text(&o)
            .0
            .contains("smallest free 0.25 mm per side (diametral 0.50)"),
        "{:?}",
        text(&o)
    );
    let lines = fs::read_to_string(&ledger).unwrap();
    assert_eq!(lines.lines().count(), 1);
    let rec: serde_json::Value = serde_json::from_str(lines.trim()).unwrap();
    assert_eq!(rec["result"]["free_um"], free);
    assert_eq!(rec["joint"], "rotating");
    assert_eq!(rec["layer_height_mm"], 0.2);
    assert_eq!(rec["stations"].as_array().unwrap().len(), stations.len());

    // recommend: person, JSON and the three exports.
    let o = run_l(
        d,
        &ledger,
        &["recommend", "--material", "pla", "--joint", "rotating"],
    );
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("0.25 mm per side (diametral 0.50 mm") && out.contains("line    1"),
        "{out}"
    );
    let v = json(&run_l(d, &ledger, &["recommend", "-m", "pla", "--json"]));
    assert_eq!(v["recommendations"][0]["clearance_um"], free);
    assert_eq!(v["recommendations"][0]["exact"], true);
    let o = run_l(d, &ledger, &["recommend", "-m", "pla", "--format", "bosl2"]);
    assert!(text(&o).0.contains("\n$slop = 0.25;\n"), "{:?}", text(&o));
    let o = run_l(
        d,
        &ledger,
        &["recommend", "-m", "pla", "--format", "openscad"],
    );
    assert!(
        text(&o).0.contains("clearance_rotating = 0.25;"),
        "{:?}",
        text(&o)
    );
    let v = json(&run_l(
        d,
        &ledger,
        &["recommend", "-m", "pla", "--format", "spoolman"],
    ));
    assert_eq!(v, serde_json::json!({"pip_rotating_mm": "0.25"}));

    // Another layer height: carried through the layer formula, said so.
    let v = json(&run_l(
        d,
        &ledger,
        &["recommend", "-m", "pla", "--layer-height", "0.16", "--json"],
    ));
    let r = &v["recommendations"][0];
    assert_eq!(r["clearance_um"], 190, "1.5 x (0.16 - 0.20) = -0.06: {r}");
    assert_eq!(r["exact"], false);
    assert!(
        r["carried_over"][0]
            .as_str()
            .unwrap()
            .contains("layer formula"),
        "{r}"
    );
    // Nothing for another nozzle or material: exit 1, saying what would match.
    let o = run_l(d, &ledger, &["recommend", "-m", "pla", "--nozzle", "0.6"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("What would match")
            && text(&o).1.contains("--material pla --joint rotating"),
        "{:?}",
        text(&o)
    );
    assert_eq!(
        run_l(d, &ledger, &["recommend", "-m", "petg"])
            .status
            .code(),
        Some(1)
    );

    // plan: a fine sweep centred on the record, and it says so.
    let o = run_l(d, &ledger, &["plan", "-m", "pla", "--json"]);
    let p = json(&o);
    assert_eq!(p["step_um"], 25);
    let c: Vec<u64> = p["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["clearance_um"].as_u64().unwrap())
        .collect();
    assert_eq!(c, vec![175, 200, 225, 250, 275, 300, 325]);
    assert!(
        p["notes"][0]
            .as_str()
            .unwrap()
            .contains("centred on the recorded 0.25"),
        "{}",
        p["notes"]
    );
    assert!(text(&o).1.contains("note: fine sweep"), "{:?}", text(&o));
    let plain = json(&run_l(
        d,
        &ledger,
        &["plan", "-m", "pla", "--json", "--no-ledger"],
    ));
    assert_ne!(plain["step_um"], 25, "--no-ledger plans from the rules");
    // Another joint has no record: the rules' plan.
    let slit = json(&run_l(
        d,
        &ledger,
        &["plan", "-m", "pla", "-j", "slit", "--json"],
    ));
    assert_ne!(slit["step_um"], 25);

    // make without a sweep follows the refined plan and writes a sidecar
    // that `record` reads.
    let o = run_l(d, &ledger, &["make", "pin", "-o", "fine.stl", "--json"]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(json(&o)["plan"]["step_um"], 25);
    assert!(d.join("fine.gauge.json").is_file());
    let o = run_l(d, &ledger, &["record", "fine.stl", "--free", "0.275"]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(fs::read_to_string(&ledger).unwrap().lines().count(), 2);

    // check: the recorded clearance is the minimum, and the record is named.
    let o = run_l(
        d,
        &ledger,
        &["make", "pin", "-o", "part.stl", "--clearances", "0.28,0.30"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run_l(d, &ledger, &["check", "part.stl", "-m", "pla", "--json"]);
    let v = json(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "0.28 and 0.30 clear the recorded 0.275: {v}"
    );
    assert_eq!(v["min_gap"]["mm"], 0.275, "upper median of 0.25 and 0.275");
    let source = v["min_gap"]["source"].as_str().unwrap();
    assert!(
        source.contains("recorded result") && source.contains("lines 1, 2"),
        "{source}"
    );
    // Without the records the planner's 0.35 flags both gaps.
    let empty = d.join("empty.jsonl");
    let o = run_l(d, &empty, &["check", "part.stl", "-m", "pla", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        json(&o)["min_gap"]["source"]
            .as_str()
            .unwrap()
            .starts_with("planner")
    );
}

#[test]
fn bad_records_are_refused_and_nothing_is_written() {
    let tmp = scratch("calib-bad");
    let d = tmp.path();
    let ledger = d.join("results.jsonl");
    let o = run_l(
        d,
        &ledger,
        &["batch", "pla", "--coupons", "pin,hinge", "-o", "sets", "-q"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    fs::write(d.join("loose.stl"), b"not described").unwrap();
    let n = pin_stations(&d.join("sets/pla")).len();
    let too_few = vec!["free"; n - 1].join(",");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["sets/pla", "--coupon", "pin", "--free", "0.33"],
            "--free = 0.33: not a station",
        ),
        (
            vec!["sets/pla", "--coupon", "gear", "--free", "0.35"],
            "--coupon = gear: unknown coupon",
        ),
        (
            vec!["sets/pla", "--coupon", "slots", "--free", "0.35"],
            "--coupon = slots: this gauge holds pin, hinge",
        ),
        (vec!["sets/pla", "--free", "0.35"], "--coupon"),
        (
            vec!["sets/pla", "--coupon", "pin", "--verdicts", &too_few],
            "--verdicts",
        ),
        (vec!["sets/pla", "--coupon", "pin"], "give --free"),
        (
            vec![
                "sets/pla", "--coupon", "pin", "--free", "0.35", "--moves", "0.40",
            ],
            "--moves = 0.40",
        ),
        (
            vec![
                "sets/pla", "--coupon", "pin", "--free", "0.35", "--spool", "3", "--flow", "3",
            ],
            "--flow = 3",
        ),
        (vec!["sets/nope", "--free", "0.35"], "GAUGE = sets/nope"),
        (vec!["loose.stl", "--free", "0.35"], "loose.gauge.json"),
    ];
    for (args, needle) in &cases {
        let mut full = vec!["record"];
        full.extend_from_slice(args);
        let o = run_l(d, &ledger, &full);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!ledger.exists(), "{args:?} wrote the ledger");
    }
    let wrong = verdicts(&pin_stations(&d.join("sets/pla")), 300).replace("free", "wobbly");
    let o = run_l(
        d,
        &ledger,
        &["record", "sets/pla", "-c", "pin", "--verdicts", &wrong],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("one of fused, stiff, free, loose"),
        "{:?}",
        text(&o)
    );
    assert!(!ledger.exists());

    // Implausible but possible: recorded, with a warning.
    let stations = pin_stations(&d.join("sets/pla"));
    let mut v: Vec<&str> = vec!["free"; stations.len()];
    v[0] = "fused";
    v[2] = "fused";
    let o = run_l(
        d,
        &ledger,
        &[
            "record",
            "sets/pla",
            "-c",
            "pin",
            "--verdicts",
            &v.join(","),
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).1.contains("clean the gap"), "{:?}", text(&o));
    assert_eq!(fs::read_to_string(&ledger).unwrap().lines().count(), 1);

    // An STL inside a batch folder: its coupon comes from the manifest.
    let hinge = mm(serde_json::from_str::<serde_json::Value>(
        &fs::read_to_string(d.join("sets/pla/manifest.json")).unwrap(),
    )
    .unwrap()["coupons"][1]["stations"][3]["clearance_um"]
        .as_u64()
        .unwrap());
    let o = run_l(
        d,
        &ledger,
        &["record", "sets/pla/hinge.stl", "--free", &hinge, "--json"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(json(&o)["coupon"], "hinge");
    assert_eq!(fs::read_to_string(&ledger).unwrap().lines().count(), 2);
}

#[test]
fn two_processes_appending_200_records_each_lose_none() {
    let tmp = scratch("calib-race");
    let d = tmp.path();
    let ledger = d.join("results.jsonl");
    let o = run_l(
        d,
        &ledger,
        &["batch", "petg", "--coupons", "pin", "-o", "sets", "-q"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let free = mm(pin_stations(&d.join("sets/petg"))[3]);
    std::thread::scope(|s| {
        for p in 0..2 {
            let (ledger, free) = (&ledger, &free);
            s.spawn(move || {
                for i in 0..200 {
                    let note = format!("p{p}-{i}");
                    let o = run_l(
                        d,
                        ledger,
                        &["record", "sets/petg", "--free", free, "--note", &note],
                    );
                    assert!(o.status.success(), "{:?}", text(&o));
                }
            });
        }
    });
    let text = fs::read_to_string(&ledger).unwrap();
    let mut notes: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("every line whole");
            v["note"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(notes.len(), 400);
    notes.sort();
    notes.dedup();
    assert_eq!(notes.len(), 400, "every record once");
}

#[test]
fn a_corrupt_line_is_reported_with_its_number_and_kept() {
    let tmp = scratch("calib-corrupt");
    let d = tmp.path();
    let ledger = d.join("results.jsonl");
    let o = run_l(
        d,
        &ledger,
        &["batch", "pla", "--coupons", "pin", "-o", "sets", "-q"],
    );
    assert!(o.status.success());
    let record = |free: &str| {
        let o = run_l(d, &ledger, &["record", "sets/pla", "--free", free]);
        assert!(o.status.success(), "{:?}", text(&o));
    };
    record("0.30");
    // A hand edit gone wrong, left without its newline.
    let mut bytes = fs::read(&ledger).unwrap();
    bytes.extend_from_slice(b"{\"schema\": \"gapgauge.result/1\", \"oops\"");
    fs::write(&ledger, &bytes).unwrap();
    record("0.35");
    let o = run_l(d, &ledger, &["recommend", "-m", "pla", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let (_, err) = text(&o);
    assert!(
        err.contains("results.jsonl line 2: skipped") && err.contains("kept"),
        "{err}"
    );
    let v = json(&o);
    assert_eq!(v["skipped_lines"][0]["line"], 2);
    let lines: Vec<u64> = v["recommendations"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![1, 3]);
    let now = fs::read_to_string(&ledger).unwrap();
    assert_eq!(now.lines().count(), 3);
    assert!(
        now.lines().nth(1).unwrap().contains("\"oops\""),
        "the bad line stays"
    );
}

#[test]
fn spoolman_exports_make_one_set_per_filament_and_records_keep_the_spool() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spoolman");
    for file in ["spools.json", "spools.csv"] {
        let tmp = scratch(&format!("calib-spoolman-{file}"));
        let d = tmp.path();
        let ledger = d.join("results.jsonl");
        let export = fixtures.join(file);
        let o = run_l(
            d,
            &ledger,
            &[
                "batch",
                "--spoolman-export",
                export.to_str().unwrap(),
                "--coupons",
                "pin",
                "-o",
                "sets",
                "-q",
                "--json",
            ],
        );
        // The PC spool maps to no preset: reported, the others complete.
        assert_eq!(o.status.code(), Some(2), "{file}: {:?}", text(&o));
        let v = json(&o);
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 3, "{file}: {v}");
        assert_eq!(
            rows.iter().filter(|r| r["ok"] == true).count(),
            2,
            "{file}: {v}"
        );
        let bad = rows.iter().find(|r| r["ok"] == false).unwrap();
        assert!(
            bad["filament"].as_str().unwrap().ends_with("spool 9"),
            "{bad}"
        );
        assert!(bad["error"].as_str().unwrap().contains("\"PC\""), "{bad}");
        assert!(
            text(&o).1.contains("skipped archived spools 11"),
            "{:?}",
            text(&o)
        );
        let mut folders: Vec<String> = fs::read_dir(d.join("sets"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        assert_eq!(
            folders,
            vec!["polymaker-silk-gold", "prusament-galaxy-black"]
        );
        let m: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(d.join("sets/prusament-galaxy-black/manifest.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(m["filament"]["material"], "petg");
        let ids: Vec<u64> = m["filament"]["entry"]["spools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, vec![3, 7]);
        let silk: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(d.join("sets/polymaker-silk-gold/manifest.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(silk["filament"]["material"], "silk-pla");

        // A record names the spool printed; a spool outside the set is refused.
        let free = mm(pin_stations(&d.join("sets/prusament-galaxy-black"))[4]);
        let set = "sets/prusament-galaxy-black";
        let o = run_l(
            d,
            &ledger,
            &["record", set, "--free", &free, "--spool", "99"],
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(
            text(&o)
                .1
                .contains("--spool = 99: this gauge set was made for spools 3, 7"),
            "{:?}",
            text(&o)
        );
        // Two spools and none named: recorded, with a warning naming the flag.
        let o = run_l(d, &ledger, &["record", set, "--free", &free]);
        assert!(o.status.success(), "{:?}", text(&o));
        assert!(
            text(&o)
                .1
                .contains("warning: this set covers spools 3, 7: add --spool ID"),
            "{:?}",
            text(&o)
        );
        let o = run_l(
            d,
            &ledger,
            &["record", set, "--free", &free, "--spool", "7", "--json"],
        );
        assert!(o.status.success(), "{:?}", text(&o));
        let r = json(&o);
        assert_eq!(r["filament"]["spool_id"], 7);
        assert_eq!(r["filament"]["lot_nr"], "L-2026-18");
        assert_eq!(r["filament"]["brand"], "Prusament");
        assert_eq!(
            r["filament"]["external_id"],
            "prusament_petg_galaxyblack_1000_175"
        );
        // One spool in the set: its id is filled in without --spool.
        let silk_free = mm(pin_stations(&d.join("sets/polymaker-silk-gold"))[4]);
        let r = json(&run_l(
            d,
            &ledger,
            &[
                "record",
                "sets/polymaker-silk-gold",
                "--free",
                &silk_free,
                "--json",
            ],
        ));
        assert_eq!(r["filament"]["spool_id"], 5);
    }
}
