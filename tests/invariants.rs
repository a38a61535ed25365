//! The invariant harness: every promise a coupon makes, checked over every
//! coupon in [`Family::ALL`] from one table of checks ([`CHECKS`]).
//!
//! A coupon that joins `Family::ALL` is held to all of them with no edit
//! here:
//!
//! - **closed**: every part is a closed, consistently oriented, outward
//!   2-manifold (the project's validator finds no defect);
//! - **layer grid**: every horizontal face lies on the bed or a layer
//!   boundary (`docs/design-rules.md R3`);
//! - **overhangs**: no unlisted downward face steeper than 45 degrees;
//! - **bed**: the coupon stands on z = 0, and its box is its parts' box;
//! - **stations**: in the order given, each with its legend's label, each
//!   naming its own moving part (if any) and lying over it;
//! - **exact gaps**: each station's gap, measured on the mesh (the exact
//!   minimum distance from its moving part to the carrier, or a slit's
//!   width), is its nominal clearance to 1e-6 mm;
//! - **parts apart**: no two moving parts come closer than the smaller of
//!   their clearances;
//! - **layer-true**: sliced at the heights slicers cut (`gapgauge::slice`),
//!   no station at or above the slicer floor leaves a gap under the floor
//!   in any layer, and no part rests on another across two consecutive
//!   layers (which welds a print-in-place joint however wide its 3D gap).
//!
//! They run on random sweeps and print settings (nozzles 0.2-1.0 mm, layers
//! 0.05-0.4 mm, first layers drawn independently, chord tolerances
//! 0.002-0.1 mm, clearances 0.025-0.995 mm), on the regressions proptest
//! once found, and on every built-in material x printer with the planner's
//! sweep. A coupon may refuse settings with a parameter error (it says
//! why); each family must still build in most random cases, so a coupon
//! that refused everything could not pass by checking nothing.

use crate::common::measure::station_gap;
use gapgauge::coupon::inspect::{off_layer_faces, steep_overhangs};
use gapgauge::coupon::{ClearanceMeaning, Coupon, Family, PrintProfile};
use gapgauge::geom::bvh::Bvh;
use gapgauge::geom::distance::min_distance_bvh;
use gapgauge::geom::validate::defects;
use gapgauge::slice::{LayerPlan, layer_findings};
use gapgauge::units::Microns;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::RefCell;

/// A check: its name and what it finds wrong with a coupon built for the
/// given clearances (empty when it holds).
type Check = (&'static str, fn(&Coupon, &[Microns]) -> Vec<String>);

/// The one table every coupon is held to.
const CHECKS: &[Check] = &[
    ("closed", closed),
    ("layer grid", on_layer_grid),
    ("overhangs", no_steep_overhangs),
    ("bed", on_the_bed),
    ("stations", stations_as_given),
    ("exact gaps", exact_gaps),
    ("parts apart", parts_apart),
    ("layer-true", layer_true),
];

/// Every failure of every check on `c`, prefixed with the check's name.
pub fn failures(c: &Coupon, clearances: &[Microns]) -> Vec<String> {
    CHECKS
        .iter()
        .flat_map(|(name, check)| {
            check(c, clearances)
                .into_iter()
                .map(move |f| format!("{name}: {f}"))
        })
        .collect()
}

/// Panic with every broken promise of `c` (for coupon-specific tests that
/// build a coupon their own way).
pub fn assert_invariants(c: &Coupon, clearances: &[Microns]) {
    let f = failures(c, clearances);
    assert!(
        f.is_empty(),
        "{} {:?} at {:?}:\n  {}",
        c.kind,
        clearances.iter().map(|c| c.mm()).collect::<Vec<_>>(),
        c.profile,
        f.join("\n  ")
    );
}

fn closed(c: &Coupon, _: &[Microns]) -> Vec<String> {
    c.parts
        .iter()
        .filter_map(|p| {
            let d = defects(&p.mesh);
            (!d.is_empty()).then(|| format!("{}: {} defects, first {:?}", p.name, d.len(), d[0]))
        })
        .collect()
}

fn on_layer_grid(c: &Coupon, _: &[Microns]) -> Vec<String> {
    off_layer_faces(c)
        .iter()
        .take(3)
        .map(|o| format!("{}: horizontal face at z {}", c.parts[o.part].name, o.z))
        .collect()
}

fn no_steep_overhangs(c: &Coupon, _: &[Microns]) -> Vec<String> {
    steep_overhangs(c)
        .iter()
        .take(3)
        .map(|o| {
            format!(
                "{}: face steeper than 45 degrees at z {}",
                c.parts[o.part].name, o.z
            )
        })
        .collect()
}

fn on_the_bed(c: &Coupon, _: &[Microns]) -> Vec<String> {
    let merged = c.merged_mesh().bbox();
    let mut out = Vec::new();
    if merged.min.z != 0.0 {
        out.push(format!("lowest point at z {}", merged.min.z));
    }
    if c.bbox() != merged {
        out.push(format!(
            "bbox {:?} is not the parts' {:?}",
            c.bbox(),
            merged
        ));
    }
    out
}

fn stations_as_given(c: &Coupon, clearances: &[Microns]) -> Vec<String> {
    let mut out = Vec::new();
    let got: Vec<u32> = c.stations.iter().map(|s| s.clearance_um).collect();
    let want: Vec<u32> = clearances.iter().map(|c| c.0).collect();
    if got != want {
        out.push(format!("stations {got:?}, given {want:?}"));
    }
    let legend = c.legend_info();
    if c.legend != legend.text() {
        out.push(format!("legend {:?}, not {:?}", c.legend, legend.text()));
    }
    let mut owners = vec![0; c.parts.len()];
    for s in &c.stations {
        if s.label != legend.station(s.clearance_um) {
            out.push(format!("station {} labelled {:?}", s.index, s.label));
        }
        let Some(p) = s.part else { continue };
        if p == 0 || p >= c.parts.len() {
            out.push(format!("station {} names part {p}", s.index));
            continue;
        }
        owners[p] += 1;
        let bb = c.parts[p].mesh.bbox();
        let [x, y, _] = s.position;
        if !(bb.min.x < x && x < bb.max.x && bb.min.y < y && y < bb.max.y) {
            out.push(format!(
                "station {} at {:?} is not over {}",
                s.index, s.position, c.parts[p].name
            ));
        }
    }
    if let Some(p) = owners.iter().position(|&n| n > 1) {
        out.push(format!(
            "{} belongs to {} stations",
            c.parts[p].name, owners[p]
        ));
    }
    out
}

fn exact_gaps(c: &Coupon, _: &[Microns]) -> Vec<String> {
    c.stations
        .iter()
        .filter_map(|s| match station_gap(c, s) {
            None => Some(format!("station {}: no gap found", s.index)),
            Some(g) if (g - s.clearance_mm).abs() >= 1e-6 => Some(format!(
                "station {}: measured {g}, nominal {}",
                s.index, s.clearance_mm
            )),
            Some(_) => None,
        })
        .collect()
}

fn parts_apart(c: &Coupon, _: &[Microns]) -> Vec<String> {
    let movers: Vec<(usize, f64)> = c
        .stations
        .iter()
        .filter_map(|s| Some((s.part?, s.clearance_mm)))
        .collect();
    let trees: Vec<Bvh> = movers
        .iter()
        .map(|&(p, _)| Bvh::build(&c.parts[p].mesh))
        .collect();
    let mut out = Vec::new();
    for i in 0..movers.len() {
        for j in i + 1..movers.len() {
            let want = movers[i].1.min(movers[j].1);
            if let Some(d) = min_distance_bvh(&trees[i], &trees[j], want - 1e-6) {
                out.push(format!(
                    "{} and {} are {} apart (at least {want})",
                    c.parts[movers[i].0].name, c.parts[movers[j].0].name, d.distance
                ));
            }
        }
    }
    out
}

fn layer_true(c: &Coupon, _: &[Microns]) -> Vec<String> {
    let plan = match LayerPlan::from_profile(&c.profile) {
        Ok(p) => p,
        Err(e) => return vec![format!("no layer plan: {e}")],
    };
    let f = match layer_findings(c, &plan) {
        Ok(f) => f,
        Err(e) => return vec![format!("does not slice: {e}")],
    };
    let name = |i: usize| c.parts[i].name.clone();
    let narrow = f.narrow.iter().take(3).map(|g| {
        format!(
            "layer {} (z {:.3}): {} / {} only {:.4} mm apart at {:?}",
            g.layer.index,
            g.layer.cut,
            name(g.parts.0),
            name(g.parts.1),
            g.gap.distance,
            g.gap.at()
        )
    });
    let fused = f.fused.iter().take(3).map(|x| {
        format!(
            "layer {} (z {:.3}): {} rests on {} ({:.4} mm², {:.4} mm wide)",
            x.upper.index,
            x.upper.cut,
            name(x.upper_part),
            name(x.lower_part),
            x.overlap.area,
            x.overlap.width
        )
    });
    narrow.chain(fused).collect()
}

/// Build `family` and run every check; `Ok(false)` when it refused the
/// settings with a parameter error (naming the parameter), `Err` with every
/// failure otherwise.
fn build_and_check(family: Family, c: &[Microns], p: PrintProfile) -> Result<bool, String> {
    let c = &as_stations(family, c, &p);
    let what = || {
        format!(
            "{family} {:?} at {p:?}",
            c.iter().map(|c| c.mm()).collect::<Vec<_>>()
        )
    };
    match family.build(c.to_vec(), p) {
        Ok(coupon) => {
            let f = failures(&coupon, c);
            if f.is_empty() {
                Ok(true)
            } else {
                Err(format!("{}:\n  {}", what(), f.join("\n  ")))
            }
        }
        Err(gapgauge::error::Error::Param(_)) => Ok(false),
        Err(e) => Err(format!("{}: {e}", what())),
    }
}

/// The drawn clearances as `family` takes them: as they are, or for a
/// vertical clearance (the bridge-gap sweep, whole layers) each rounded up
/// to whole layers of `p` (1 to 12), so every coupon sees the same draw.
fn as_stations(family: Family, c: &[Microns], p: &PrintProfile) -> Vec<Microns> {
    if family.clearance_meaning() != ClearanceMeaning::Vertical {
        return c.to_vec();
    }
    let layer = p.layer_um().max(1);
    c.iter()
        .map(|c| Microns(c.0.div_ceil(layer).clamp(1, 12) * layer))
        .collect()
}

/// A printer setting the profile accepts: layers at most 0.8 x nozzle and a
/// first layer at most the nozzle (both drawn independently), and a chord
/// tolerance from fine to coarse.
fn profile() -> impl Strategy<Value = PrintProfile> {
    let tol = prop::sample::select(vec![0.002, 0.005, 0.01, 0.01, 0.03, 0.1]);
    (0.2f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0, tol).prop_map(|(nozzle, a, b, tol)| {
        let h_max = (0.8 * nozzle).min(0.4);
        let first_max = nozzle.min(0.35);
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        PrintProfile {
            nozzle: round(nozzle),
            layer_height: round(0.05 + a * (h_max - 0.05)),
            first_layer_height: round(0.1 + b * (first_max - 0.1)),
            chord_tolerance: tol,
        }
    })
}

/// One to four stations from 0.025 to 0.995 mm in 5 µm steps (so labels in
/// hundredths and thousandths both occur, and controls below the floor).
fn clearances() -> impl Strategy<Value = Vec<Microns>> {
    let step = prop_oneof![
        (1u32..=99).prop_map(|k| k * 10),
        (5u32..=199).prop_map(|k| k * 5)
    ];
    prop::collection::vec(step.prop_map(Microns), 1..=4)
}

/// Random cases: every family on the same drawn sweep and settings.
#[test]
fn every_coupon_keeps_every_promise() {
    const CASES: u32 = 32;
    let built = RefCell::new(vec![0u32; Family::ALL.len()]);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(clearances(), profile()), |(c, p)| {
        for (k, &family) in Family::ALL.iter().enumerate() {
            let ok = build_and_check(family, &c, p).map_err(TestCaseError::fail)?;
            built.borrow_mut()[k] += u32::from(ok);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    for (k, family) in Family::ALL.iter().enumerate() {
        let n = built.borrow()[k];
        eprintln!("{family}: built and checked in {n} of {CASES} cases");
        assert!(
            n >= CASES / 2,
            "{family} refused {} of {CASES} random cases",
            CASES - n
        );
    }
}

/// Cases proptest once shrank a failure to (from the per-coupon tests this
/// harness replaced), run on every family.
#[test]
fn regressions_hold_for_every_coupon() {
    let profile = |nozzle, layer_height, first_layer_height, chord_tolerance| PrintProfile {
        nozzle,
        layer_height,
        first_layer_height,
        chord_tolerance,
    };
    let cases = [
        (vec![Microns(100)], profile(0.4, 0.08, 0.2, 0.002)),
        (vec![Microns(290)], profile(0.4, 0.24, 0.2, 0.002)),
        (vec![Microns(100)], profile(0.2, 0.15, 0.1, 0.01)),
        (vec![Microns(100)], profile(0.638, 0.05, 0.1, 0.01)),
        // Issue 10: 0.10 mm at 0.2 mm layers welded the hinge's tab.
        (vec![Microns(100)], PrintProfile::default()),
        // The lean hinge's leaf came 0.955 mm from a tab knuckle bored for
        // 0.97; the lean ball's socket stated 0.539 mm as its limit yet
        // held 0.540.
        (vec![Microns(970)], profile(0.2, 0.05, 0.2, 0.01)),
        (vec![Microns(540)], profile(0.4, 0.08, 0.2, 0.01)),
        // Below c = 0.046 mm the ball's 1.8 mm top opening is wider than
        // the band's 45-degree point: the socket's top face sat below the
        // band's end and its cavity folded over itself (edges shared by 4).
        (vec![Microns(10)], profile(0.2, 0.059, 0.1, 0.002)),
        (vec![Microns(25)], profile(0.2, 0.05, 0.1, 0.002)),
        // ... and a top face a hair (about 0.1 µm) above the band's end
        // left a needle of cone.
        (vec![Microns(10)], profile(0.2, 0.05, 0.14628, 0.01)),
        // Controls below the slicer floor beside a real station.
        (vec![Microns(50), Microns(200)], PrintProfile::default()),
        // The default sweep, a fine sweep with three-digit labels, and the
        // most stations a coupon holds.
        (
            (2..=10).map(|i| Microns(i * 50)).collect(),
            PrintProfile::default(),
        ),
        (
            vec![Microns(75), Microns(100), Microns(125)],
            PrintProfile::default(),
        ),
        (
            (1..=30).map(|i| Microns(i * 30)).collect(),
            PrintProfile::default(),
        ),
    ];
    let mut failed = Vec::new();
    for (c, p) in &cases {
        for &family in Family::ALL {
            match build_and_check(family, c, *p) {
                Ok(true) => {}
                Ok(false) => failed.push(format!("{family} {c:?} at {p:?}: refused")),
                Err(e) => failed.push(e),
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Every built-in material x printer x coupon with the planner's sweep, as
/// `make <coupon> --material M --printer P` builds it: the plan builds, its
/// stations are the coupon's, the coupon fits the printer's bed (220 x 220
/// when the preset has none, as batch assumes) and keeps every promise.
#[test]
fn planned_sweeps_keep_every_promise() {
    use gapgauge::preset::{Kind, Printer, builtin_names};
    let mut failed = Vec::new();
    let mut checked = 0;
    for material in builtin_names(Kind::Material) {
        for printer_name in builtin_names(Kind::Printer) {
            let printer = Printer::load(printer_name).unwrap();
            let p = PrintProfile {
                nozzle: printer.nozzle_mm,
                layer_height: printer.layer_height_mm,
                first_layer_height: printer.first_layer_height(),
                ..PrintProfile::default()
            };
            for &family in Family::ALL {
                let what = format!("make {family} --material {material} --printer {printer_name}");
                let plan = family
                    .default_plan(material, printer_name, None)
                    .unwrap_or_else(|e| panic!("{what}: plan: {e}"));
                let coupon = match family.build(plan.clearances(), p) {
                    Ok(c) => c,
                    Err(e) => {
                        failed.push(format!("{what}: {e}"));
                        continue;
                    }
                };
                let [bx, by] = printer.bed_mm.unwrap_or([220.0, 220.0]);
                let size = coupon.bbox().size();
                let (long, short) = (size.x.max(size.y), size.x.min(size.y));
                if long > bx.max(by) || short > bx.min(by) {
                    failed.push(format!(
                        "{what}: {:.1} x {:.1} mm does not fit the {bx} x {by} bed",
                        size.x, size.y
                    ));
                }
                failed.extend(
                    failures(&coupon, &plan.clearances())
                        .into_iter()
                        .map(|f| format!("{what}: {f}")),
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} planned coupons checked");
    assert!(checked > 0);
    assert!(
        failed.is_empty(),
        "{} failures:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The checks fail on broken coupons: a pin moved 10 µm off its nominal
/// gap, a coupon lifted off the bed and off the layer grid, and a moving
/// part pushed into its neighbour.
#[test]
fn the_checks_catch_broken_coupons() {
    use gapgauge::geom::Vector;
    let clearances = vec![Microns(200), Microns(300)];
    let good = Family::PIN
        .build(clearances.clone(), PrintProfile::default())
        .unwrap();
    assert_eq!(failures(&good, &clearances), Vec::<String>::new());
    let names = |c: &Coupon| {
        let mut n: Vec<String> = failures(c, &clearances)
            .iter()
            .map(|f| f.split(':').next().unwrap().to_string())
            .collect();
        n.dedup();
        n
    };
    let mut shifted = good.clone();
    shifted.parts[1].mesh.translate(Vector::new(0.01, 0.0, 0.0));
    assert_eq!(names(&shifted), ["exact gaps"]);
    let mut lifted = good.clone();
    lifted.translate(Vector::new(0.0, 0.0, 0.05));
    assert!(
        names(&lifted).starts_with(&["layer grid".into(), "overhangs".into(), "bed".into()]),
        "{:?}",
        names(&lifted)
    );
    let mut crowded = good.clone();
    let pitch = crowded.stations[1].position[0] - crowded.stations[0].position[0];
    crowded.parts[2]
        .mesh
        .translate(Vector::new(-pitch + 0.5, 0.0, 0.0));
    let n = names(&crowded);
    assert!(
        n.contains(&"parts apart".to_string()) && n.contains(&"layer-true".to_string()),
        "{n:?}"
    );
    let mut relabelled = good;
    relabelled.stations[0].label = "999".into();
    assert_eq!(names(&relabelled), ["stations"]);
}
