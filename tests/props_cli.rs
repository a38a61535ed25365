//! Property test (issue 15): random settings, including extreme, malformed
//! and non-ASCII ones, driven through `make` (every coupon), `plan` and
//! `batch` (every coupon). Every run exits 0 or 2, never 101 (a panic),
//! and leaves no stray file: a complete output after 0, nothing after 2.

use crate::common::{scratch, text};
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const COUPONS: [&str; 5] = ["pin", "hinge", "slots", "plugs", "ball"];

/// Mostly values a user would type, often extreme or malformed ones.
fn pick(good: Vec<&'static str>, bad: Vec<&'static str>) -> impl Strategy<Value = &'static str> {
    prop_oneof![
        3 => prop::sample::select(good),
        1 => prop::sample::select(bad),
    ]
}

fn clearance() -> impl Strategy<Value = &'static str> {
    pick(
        vec![
            "0.1", "0.15", "0.25", "0.5", "0.01", "0.05", "0.99", "0.999", "0.8",
        ],
        vec![
            "0.001", "1", "5", "999", "0", "-0.1", "nan", "1e-3", "0.1234", "é", "", " 0.2",
        ],
    )
}

/// `--clearances`, `--sweep`, or neither (the planner decides).
fn sweep() -> impl Strategy<Value = Option<(&'static str, String)>> {
    prop_oneof![
        Just(None),
        prop::collection::vec(clearance(), 1..5).prop_map(|v| Some(("--clearances", v.join(",")))),
        (clearance(), clearance(), clearance())
            .prop_map(|(a, b, c)| Some(("--sweep", format!("{a}:{b}:{c}")))),
    ]
}

/// No value (the preset's), or one from [`pick`].
fn length(
    good: Vec<&'static str>,
    bad: Vec<&'static str>,
) -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(pick(good, bad))
}

#[derive(Debug, Clone)]
struct Settings {
    sweep: Option<(&'static str, String)>,
    nozzle: Option<&'static str>,
    layer: Option<&'static str>,
    first: Option<&'static str>,
    chord: Option<&'static str>,
    material: &'static str,
    spool_name: &'static str,
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        sweep(),
        length(vec!["0.4", "0.6", "0.1", "2"], vec!["0.05", "2.5", "-1", "nan"]),
        length(
            vec!["0.2", "0.04", "0.12", "0.28", "0.32"],
            vec!["0.039", "1e-9", "0.33", "NaN", "-0.2", "1e308", "inf", "5e-324"],
        ),
        length(
            vec!["0.2", "0.3", "0.04", "0.4"],
            vec!["5e-324", "0.41", "-0", "nan"],
        ),
        length(
            vec!["0.01", "0.001", "0.1", "0.05"],
            vec!["0.0001", "0.5", "-1", "nan"],
        ),
        pick(
            vec!["pla", "tpu", "pa-cf", "ü-matériau.toml"],
            vec!["Ωmega", "ü-matériau.toml/"],
        ),
        prop::sample::select(vec![
            "Чёрный", "黑色 PLA", "Ünïcödé ✓", "x", "   ", "\u{202e}rtl", "名前がとても長いスプールの名前名前がとても長いスプールの名前名前がとても長いスプールの名前",
        ]),
    )
        .prop_map(|(sweep, nozzle, layer, first, chord, material, spool_name)| Settings {
            sweep,
            nozzle,
            layer,
            first,
            chord,
            material,
            spool_name,
        })
}

fn gapgauge(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gapgauge"))
        .args(args)
        .current_dir(dir)
        .env("GAPGAUGE_LEDGER", crate::common::NO_LEDGER)
        .output()
        .expect("binary runs")
}

fn flags(s: &Settings, with_chord: bool) -> Vec<String> {
    let mut a = Vec::new();
    for (flag, v) in [
        ("--nozzle", s.nozzle),
        ("--layer-height", s.layer),
        ("--first-layer-height", s.first),
    ] {
        if let Some(v) = v {
            a.push(format!("{flag}={v}"));
        }
    }
    if let (true, Some(c)) = (with_chord, s.chord) {
        a.push(format!("--chord-tolerance={c}"));
    }
    a
}

/// Exit 0 or 2, never a panic; the message for 2 is one named error.
fn assert_clean_exit(o: &Output, what: &str) -> Result<bool, TestCaseError> {
    let code = o.status.code();
    prop_assert!(
        code == Some(0) || code == Some(2),
        "{what}: exit {code:?}: {:?}",
        text(o)
    );
    prop_assert!(!text(o).1.contains("panicked"), "{what}: {:?}", text(o));
    Ok(code == Some(0))
}

fn complete_stl(p: &Path) -> bool {
    fs::read(p).is_ok_and(|b| {
        b.len() >= 84
            && b.len() == 84 + 50 * u32::from_le_bytes(b[80..84].try_into().unwrap()) as usize
    })
}

/// Every entry under `d`, relative, hidden ones included.
fn all_entries(d: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![d.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in fs::read_dir(&p).unwrap() {
            let path = e.unwrap().path();
            out.push(path.strip_prefix(d).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

fn check_case(s: &Settings, case: usize) -> Result<(), TestCaseError> {
    let tmp = scratch(&format!("props-cli-{case}"));
    let d = tmp.path();
    let pla =
        String::from_utf8(gapgauge(d, &["presets".into(), "show".into(), "pla".into()]).stdout)
            .unwrap();
    let material_file = "ü-matériau.toml";
    fs::write(
        d.join(material_file),
        pla.replace(
            "name = \"pla\"",
            "name = \"Матерiал-ü-名前-длинное-имя-для-заголовка\"",
        ),
    )
    .unwrap();
    let mut expected = vec![material_file.to_string()];

    for coupon in COUPONS {
        let out = format!("out-{coupon}.stl");
        let mut a: Vec<String> = vec!["make".into(), coupon.into(), "-m".into(), s.material.into()];
        if let Some((flag, v)) = &s.sweep {
            a.push(format!("{flag}={v}"));
        }
        a.extend(flags(s, true));
        a.extend(["-o".into(), out.clone()]);
        if assert_clean_exit(&gapgauge(d, &a), &format!("{a:?}"))? {
            prop_assert!(complete_stl(&d.join(&out)), "{a:?}: incomplete STL");
            expected.push(out.replace(".stl", ".gauge.json"));
            expected.push(out);
        }
    }

    let mut a: Vec<String> = vec![
        "plan".into(),
        "-m".into(),
        s.material.into(),
        "--json".into(),
    ];
    a.extend(flags(s, false));
    let o = gapgauge(d, &a);
    if assert_clean_exit(&o, &format!("{a:?}"))? {
        prop_assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_ok());
    }

    let mut spool = format!("name = {:?}\nmaterial = {:?}\n", s.spool_name, s.material);
    for (key, v) in [
        ("nozzle", s.nozzle),
        ("layer_height", s.layer),
        ("first_layer_height", s.first),
    ] {
        // TOML spells non-finite floats nan, inf and -inf.
        if let Some(v) = v.and_then(|v| v.parse::<f64>().ok()) {
            let toml = match v {
                v if v.is_nan() => "nan".to_string(),
                v if v.is_infinite() => if v > 0.0 { "inf" } else { "-inf" }.to_string(),
                v => format!("{v:?}"),
            };
            spool.push_str(&format!("{key} = {toml}\n"));
        }
    }
    fs::write(d.join("spool.toml"), spool).unwrap();
    expected.push("spool.toml".into());
    let mut a: Vec<String> = vec![
        "batch".into(),
        "spool.toml".into(),
        s.material.into(),
        "-o".into(),
        "sets".into(),
        "-q".into(),
        "--json".into(),
        format!("--coupons={}", COUPONS.join(",")),
    ];
    if let Some(c) = s.chord {
        a.push(format!("--chord-tolerance={c}"));
    }
    let o = gapgauge(d, &a);
    assert_clean_exit(&o, &format!("{a:?}"))?;
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&o.stdout) {
        for r in v.as_array().unwrap() {
            if r["ok"] == true {
                let folder = Path::new(r["folder"].as_str().unwrap());
                let rel = folder.strip_prefix(".").unwrap_or(folder);
                expected.push("sets".into());
                expected.push(rel.display().to_string());
                for c in COUPONS {
                    let f = format!("{c}.stl");
                    prop_assert!(complete_stl(&d.join(rel).join(&f)), "{rel:?}/{f}");
                    expected.push(rel.join(f).display().to_string());
                    expected.push(rel.join(format!("{c}.png")).display().to_string());
                }
                for f in ["manifest.json", "card.html"] {
                    expected.push(rel.join(f).display().to_string());
                }
            }
        }
    }
    expected.sort();
    expected.dedup();
    let found = all_entries(d);
    // An empty sets/ may remain when every filament failed: the folder the
    // user asked for, not a stray file.
    let found: Vec<String> = found
        .into_iter()
        .filter(|f| !(f == "sets" && fs::read_dir(d.join("sets")).unwrap().next().is_none()))
        .collect();
    prop_assert_eq!(found, expected, "stray or missing files");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_settings_never_panic_nor_leave_stray_files(s in settings()) {
        static CASE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let case = CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        check_case(&s, case)?;
    }
}
