//! The hinge ladder (see docs/hinge.md).
//!
//! A carrier leaf A whose knuckles A0..AN hold one continuous horizontal pin
//! (axis along X), and one tab B per station hinged on that pin. Each tab's
//! clearance is used both radially (its bore around the pin) and axially
//! (the gaps to the A knuckles on both sides). Lift each tab: the smallest
//! clearance that swings freely is the one to design hinges with.
//!
//! Everything is an extrusion along X of a profile in the YZ plane
//! (`sections.rs`), closed by planar end caps:
//! - A knuckle: circle R_a with a 45-degree truncated teardrop down to the
//!   bed, joined to A's leaf along -Y (solid: the pin is merged into it);
//! - between two A knuckles: the pin and A's leaf cut back to
//!   y = -(R_k + swing gap), so the tab's knuckle swings past it;
//! - tab B: a knuckle circle R_k >= R_a with its teardrop, joined to the
//!   tab's leaf along +Y, with the layer-true bore (`bore.rs`) as a hole.
//!
//! Each part is a [`Shell`](crate::geom::kit::Shell) of planar faces from
//! the coupon kit: the faces only agree on their corners, and the kit's
//! finishing pass puts every point one face has on another's edge into
//! that edge, triangulates, and validates, naming the face behind any
//! defect.
//!
//! The bottom edges of facing knuckle ends carry a 45-degree bed-relief
//! chamfer (`docs/design-rules.md` R6), so each gap is c + 2 x 0.4 in the
//! first layer.
//!
//! Choices, and why (sized for print time, issue 11; docs/hinge.md, Size):
//! - the labels lie in one row on A's leaf, the legend where the leaf runs
//!   on alone before A0 and each station's number in front of its tab; a
//!   tab's knuckle is only as long as that row needs (`labels.rs`);
//! - A's knuckles hold no bore, so they are only the pin and a wall
//!   (`Levels::a_radius`): the tallest layers print only the tabs;
//! - the axis sits half a wall under the knuckle radius (the bed cuts the
//!   teardrop), on a layer boundary;
//! - the pin's flat bottom is snapped up to a layer boundary
//!   (`docs/design-rules.md` R3), which keeps it inside the pin circle; the
//!   flanks stay at 45 degrees;
//! - tabs do not widen beyond y = R_k + 0.6: a wider tab would only add
//!   print time.
//!
//! Tessellation (`docs/design-rules.md`, Tessellation): one segment count N
//! for the whole coupon (a multiple of 16 so the pin's 22.5-degree
//! breakpoints are vertices); pin arcs inscribed at angles 2 pi k / N, bore
//! arcs circumscribed at the half steps. The pin stays inside its circle r_p
//! at every angle and every bore contains the circle r_p + c, so a tab keeps
//! its clearance at any swing.

mod bore;
mod carrier;
mod labels;
mod relief;
mod sections;
mod sizing;
mod spec;
mod tab;

use super::{Coupon, Part};
use crate::error::Result;
use crate::geom::kit::along_x;
use crate::geom::{Mesh, Point, Vector};
use labels::Labels;
use relief::Ends;
use sections::Sections;
use sizing::Levels;
pub use spec::HingeSpec;

#[cfg(test)]
use {super::PrintProfile, crate::units::Microns, bore::Bore};

/// Build the hinge ladder. The spec is validated first.
pub fn build(spec: &HingeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let lv = Levels::new(&spec);
    let sec = Sections::new(&spec, &lv);
    let labels = Labels::new(&spec, &lv, &sec)?;
    let x = AlongX::new(&spec, &labels);
    let (carrier, mut bridges) = carrier::build(&lv, &sec, &labels, &x)?;
    let mut parts = vec![Part {
        name: "carrier".into(),
        mesh: carrier,
    }];
    let mut stations = Vec::with_capacity(x.tabs.len());
    for (i, ends) in x.tabs.iter().enumerate() {
        let (part, bridge, station) = tab::build(&spec, &lv, &sec, &labels, i, ends)?;
        parts.push(part);
        bridges.push(bridge);
        stations.push(station);
    }
    Coupon {
        kind: "hinge",
        parts,
        stations,
        bridges,
        legend: labels.legend,
        profile: spec.profile,
    }
    .validated()
}

/// Where the parts lie along X: the carrier's leaf alone from x = 0 (it
/// carries the legend), A0, then per station an axial gap, the tab, a gap,
/// an A knuckle. Every end that faces a gap carries the bed relief.
struct AlongX {
    /// Each A knuckle, A0 first.
    knuckles: Vec<Ends>,
    /// Each station's tab.
    tabs: Vec<Ends>,
}

impl AlongX {
    fn new(spec: &HingeSpec, labels: &Labels) -> Self {
        let mut widths = vec![spec.a_knuckle];
        for c in &spec.clearances {
            widths.extend([c.mm(), labels.tab_width, c.mm(), spec.a_knuckle]);
        }
        let cells = along_x(labels.legend_room, widths);
        let r = spec.bed_relief;
        let last = spec.clearances.len();
        let knuckles = cells
            .iter()
            .step_by(4)
            .enumerate()
            .map(|(j, s)| Ends {
                x0: s.lo,
                x1: s.hi,
                r0: if j == 0 { 0.0 } else { r },
                r1: if j == last { 0.0 } else { r },
            })
            .collect();
        let tabs = cells
            .iter()
            .skip(2)
            .step_by(4)
            .map(|s| Ends {
                x0: s.lo,
                x1: s.hi,
                r0: r,
                r1: r,
            })
            .collect();
        AlongX { knuckles, tabs }
    }
}

/// The pin axis of a built hinge coupon: a point on it and its direction.
/// Tests and users rotate a tab about it to check the swing.
pub fn pin_axis(spec: &HingeSpec) -> (Point, Vector) {
    (Point::new(0.0, 0.0, Levels::new(spec).axis), Vector::x())
}

/// The tab mesh turned by `degrees` about the pin axis (lifting the leaf).
pub fn swung(spec: &HingeSpec, tab: &Mesh, degrees: f64) -> Mesh {
    let (o, dir) = pin_axis(spec);
    let rot = nalgebra::Rotation3::from_axis_angle(
        &nalgebra::Unit::new_normalize(dir),
        degrees.to_radians(),
    );
    let iso = crate::geom::Iso::from_parts(
        nalgebra::Translation3::from(o.coords - rot * o.coords),
        rot.into(),
    );
    tab.transformed(&iso)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;

    fn um(v: &[u32]) -> Vec<Microns> {
        v.iter().map(|&x| Microns(x)).collect()
    }

    #[test]
    fn default_hinge_parts_are_closed_and_outward() {
        let spec = HingeSpec::new(
            um(&[100, 150, 200, 250, 300, 350, 400, 450, 500]),
            PrintProfile::default(),
        );
        let c = build(&spec).unwrap();
        assert_eq!(c.parts.len(), 10);
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
    }

    fn profile(nozzle: f64, h: f64) -> PrintProfile {
        PrintProfile {
            nozzle,
            layer_height: h,
            first_layer_height: h.max(0.2).min(nozzle),
            ..PrintProfile::default()
        }
    }

    /// Issue 10: at nozzle 0.8, 0.08 mm layers were refused ("too thick")
    /// while 0.2 was accepted, and 0.05 was refused only when 0.9 was also
    /// in the list. Every layer height a nozzle takes now builds, and a
    /// station's fate does not depend on the other stations.
    #[test]
    fn refusals_do_not_depend_on_layer_phase_or_other_stations() {
        for nozzle in [0.25, 0.4, 0.6, 0.8, 1.0] {
            let mut h = 0.04;
            while h <= 0.8 * nozzle + 1e-9 {
                let p = profile(nozzle, h);
                for c in [50, 100, 200, 500] {
                    let alone = crate::coupon::Family::HINGE.build(um(&[c]), p);
                    let with = crate::coupon::Family::HINGE.build(um(&[c, 900]), p);
                    assert!(
                        alone.is_ok(),
                        "nozzle {nozzle} h {h} c {c}: {:?}",
                        alone.err()
                    );
                    assert!(
                        with.is_ok(),
                        "nozzle {nozzle} h {h} c {c}+0.9: {:?}",
                        with.err()
                    );
                }
                h += 0.04;
            }
        }
    }

    /// Issue 15's inputs: refused by the print profile's limits, by name,
    /// not by a panic in the end-cap triangulation.
    #[test]
    fn absurd_settings_are_refused_by_name_not_by_a_panic() {
        let thin = profile(0.4, 1e-9);
        let fine = PrintProfile {
            chord_tolerance: 0.0001,
            ..PrintProfile::default()
        };
        for p in [thin, fine] {
            match build(&HingeSpec::new(um(&[200, 300]), p)) {
                Err(crate::error::Error::Param(_)) => {}
                other => panic!("{p:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_large_clearance_is_too_large_for_the_knuckle() {
        let e = build(&HingeSpec::new(um(&[900]), PrintProfile::default()))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("too large for the knuckle") && e.contains("wall"),
            "{e}"
        );
    }

    /// At 0.8 and 1.0 mm nozzles the label cells, measured on the deboss
    /// floor of the first station's label (on the carrier's leaf, within
    /// half a station pitch of its tab), are at least 1.5 x nozzle and
    /// every bore leaves a knuckle wall of at least two lines (the knuckle
    /// grows for them).
    #[test]
    fn coarse_nozzles_scale_cells_and_walls() {
        for nozzle in [0.8, 1.0] {
            let p = profile(nozzle, 0.4);
            let spec = HingeSpec::new(um(&[100, 500, 900]), p).sized_for_clearances();
            let c = build(&spec).unwrap();
            assert_eq!(inspect::self_check(&c), Vec::<String>::new());
            let lv = Levels::new(&spec);
            for cl in &spec.clearances {
                let wall = Bore::new(&spec, &lv, cl.mm()).wall(&spec, &lv);
                assert!(wall >= 2.0 * 1.125 * nozzle - 1e-9, "{nozzle}: wall {wall}");
            }
            let floor = lv.top - lv.relief;
            let tab = c.parts[c.stations[0].part.unwrap()].mesh.bbox();
            let centre = (tab.min.x + tab.max.x) / 2.0;
            let pitch = tab.max.x - tab.min.x + spec.a_knuckle + 2.0 * spec.clearances[0].mm();
            let at_floor: Vec<&Point> = c.parts[0]
                .mesh
                .vertices
                .iter()
                .filter(|v| (v.z - floor).abs() < 1e-9 && (v.x - centre).abs() < pitch / 2.0)
                .collect();
            assert!(!at_floor.is_empty(), "{nozzle}: no label floor");
            for mut v in [
                at_floor.iter().map(|v| v.x).collect::<Vec<_>>(),
                at_floor.iter().map(|v| v.y).collect(),
            ] {
                v.sort_by(f64::total_cmp);
                v.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
                let step = v
                    .windows(2)
                    .map(|w| w[1] - w[0])
                    .fold(f64::INFINITY, f64::min);
                assert!(step >= 1.5 * nozzle - 1e-9, "{nozzle}: cell {step}");
            }
        }
    }
}
