//! Planner and coupons agree (issue 10 item 4): `make <coupon> --material M
//! --printer P` with no sweep builds for every built-in material, printer
//! and coupon. That each planned coupon keeps every promise (layer-true
//! included) is `tests/invariants.rs`'s `planned_sweeps_keep_every_promise`.

use crate::common::{run, scratch, text};
use gapgauge::coupon::Family;
use gapgauge::preset::{Kind, builtin_names};

/// `make` from the command line: exit 0 and a file for every built-in
/// material x printer x coupon with no sweep given.
#[test]
fn make_without_a_sweep_builds_for_every_builtin() {
    let tmp = scratch("plans-build");
    let dir = tmp.path();
    let mut failures = Vec::new();
    for m in builtin_names(Kind::Material) {
        for p in builtin_names(Kind::Printer) {
            for &family in Family::ALL {
                let out = format!("{}-{m}-{p}.stl", family.name());
                let o = run(
                    dir,
                    &[
                        "make",
                        family.name(),
                        "--material",
                        m,
                        "--printer",
                        p,
                        "-o",
                        &out,
                    ],
                );
                if !o.status.success() || !dir.join(&out).exists() {
                    failures.push(format!(
                        "make {family} --material {m} --printer {p}: {}",
                        text(&o).1
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A planned sweep the coupon refuses says that the planner chose it and
/// how to choose instead; it never names a clearance as if the user gave it.
#[test]
fn a_refused_plan_says_it_came_from_the_planner() {
    let tmp = scratch("plans-refused");
    let dir = tmp.path();
    // A material whose plan (1.60-2.40 mm per side at 0.8 mm nozzle) goes
    // past what the pin gauge's housing holds (1.44 mm with the 0.8
    // nozzle's walls and pitch, the collar grown to hold the pin).
    std::fs::write(
        dir.join("goo.toml"),
        "name = \"goo\"\ndescription = \"a test material\"\nlayer_offset_mm = 0.5\nbead_per_face_mm = [1.4, 1.6]\n\
         [joint_table]\nsliding_diametral_mm = 4.0\nrotating_diametral_mm = 4.0\n\
         snap_fit_diametral_mm = 1.0\n",
    )
    .unwrap();
    let o = run(
        dir,
        &[
            "make",
            "pin",
            "--material",
            "goo.toml",
            "--printer",
            "generic-0.8",
            "-o",
            "p.stl",
        ],
    );
    let (_, err) = text(&o);
    let made = dir.join("p.stl").exists();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!made);
    assert!(err.contains("the planner's sweep goo rotating"), "{err}");
    assert!(err.contains("--clearances or --sweep"), "{err}");
    assert!(err.contains("the housing cannot hold it"), "{err}");
}
