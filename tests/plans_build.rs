//! Planner and coupons agree (issue 10 item 4): `make <coupon> --material M
//! --printer P` with no sweep builds for every built-in material, printer
//! and coupon, and the built coupon is layer-true under the slice model.

use crate::common::{run, scratch, text};
use gapgauge::coupon::{Family, PrintProfile};
use gapgauge::preset::{Kind, Material, Printer, builtin_names};
use gapgauge::slice::{LayerPlan, layer_findings};

/// The profile `make` builds with for a printer preset and no overrides.
fn profile(printer: &Printer) -> PrintProfile {
    PrintProfile {
        nozzle: printer.nozzle_mm,
        layer_height: printer.layer_height_mm,
        first_layer_height: printer
            .first_layer_height_mm
            .unwrap_or(printer.layer_height_mm),
        chord_tolerance: 0.01,
    }
}

/// Every material x printer x coupon: the planned sweep builds (the
/// builder validates every part as a closed 2-manifold), the stations are
/// the plan's, every label is the legend's writing of its clearance, and
/// the slice model finds no gap under the slicer floor and no part resting
/// on another in any layer for any non-control station (>= 0.10 mm).
fn every_builtin_plan_builds_and_is_layer_true(family: Family) {
    let mut failures = Vec::new();
    let mut built = 0;
    for m in builtin_names(Kind::Material) {
        for p in builtin_names(Kind::Printer) {
            let printer = Printer::load(p).unwrap();
            let prof = profile(&printer);
            let layers = LayerPlan::from_profile(&prof).unwrap();
            {
                let what = format!("make {family} --material {m} --printer {p}");
                let plan = family
                    .plan_input(Material::load(m).unwrap(), &printer)
                    .plan()
                    .unwrap_or_else(|e| panic!("{what}: plan: {e}"));
                let coupon = match family.build(plan.clearances(), prof) {
                    Ok(c) => c,
                    Err(e) => {
                        failures.push(format!("{what}: {e}"));
                        continue;
                    }
                };
                built += 1;
                let got: Vec<_> = coupon.stations.iter().map(|s| s.clearance_um).collect();
                let want: Vec<_> = plan.clearances().iter().map(|c| c.0).collect();
                assert_eq!(got, want, "{what}: stations differ from the plan");
                // It fits the printer's bed (220 x 220 when the preset has
                // none, as batch assumes), in either orientation.
                let [bx, by] = printer.bed_mm.unwrap_or([220.0, 220.0]);
                let size = coupon.bbox().size();
                let (long, short) = (size.x.max(size.y), size.x.min(size.y));
                if long > bx.max(by) || short > bx.min(by) {
                    failures.push(format!(
                        "{what}: {:.1} x {:.1} mm does not fit the {bx} x {by} bed",
                        size.x, size.y
                    ));
                }
                let legend = coupon.legend_info();
                assert_eq!(coupon.legend, legend.text(), "{what}");
                for s in &coupon.stations {
                    assert_eq!(s.label, legend.station(s.clearance_um), "{what}");
                }
                let f = layer_findings(&coupon, &layers)
                    .unwrap_or_else(|e| panic!("{what}: slice: {e}"));
                for g in &f.narrow {
                    failures.push(format!(
                        "{what}: parts {:?} only {:.3} mm apart at z {:.3}",
                        g.parts, g.gap.distance, g.layer.cut
                    ));
                }
                for x in &f.fused {
                    failures.push(format!(
                        "{what}: part {} rests on part {} at z {:.3} ({:.3} mm wide)",
                        x.upper_part, x.lower_part, x.upper.cut, x.overlap.width
                    ));
                }
            }
        }
    }
    assert!(built > 0);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_pin_plan_builds_and_is_layer_true() {
    every_builtin_plan_builds_and_is_layer_true(Family::PIN);
}

#[test]
fn every_builtin_slots_plan_builds_and_is_layer_true() {
    every_builtin_plan_builds_and_is_layer_true(Family::SLOTS);
}

#[test]
fn every_builtin_plugs_plan_builds_and_is_layer_true() {
    every_builtin_plan_builds_and_is_layer_true(Family::PLUGS);
}

#[test]
fn every_builtin_hinge_plan_builds_and_is_layer_true() {
    every_builtin_plan_builds_and_is_layer_true(Family::HINGE);
}

/// The same from the command line: exit 0 and a file for every built-in
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
    // A material whose plan (1.10-1.90 mm per side at 0.8 mm nozzle) goes
    // past what the pin gauge's housing holds (1.125 mm with the 0.8 nozzle's
    // walls).
    std::fs::write(
        dir.join("goo.toml"),
        "name = \"goo\"\ndescription = \"a test material\"\nlayer_offset_mm = 0.5\nbead_per_face_mm = [0.9, 1.0]\n\
         [joint_table]\nsliding_diametral_mm = 3.0\nrotating_diametral_mm = 3.0\n\
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
