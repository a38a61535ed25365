//! The carrier: A's knuckles on one leaf, joined by the pin between them,
//! with the label row on the leaf: the legend where the leaf runs on alone
//! before the first knuckle, each station's label in front of its tab.
//!
//! The carrier is declared as planar faces of the kit
//! ([`crate::geom::kit::Shell`]): the leaf's top, bottom and back run its
//! whole length (the top and bottom are combs, with a tooth for each
//! knuckle), each knuckle adds its curved sides and, where it faces a tab,
//! a relieved end around the pin; between knuckles the pin's sides and the
//! leaf's cut-back face close the shell. Where one face's corner lies on
//! another's edge, the kit's finishing pass puts it there.

use super::AlongX;
use super::labels::Labels;
use super::relief::{Ends, yz};
use super::sections::Sections;
use super::sizing::Levels;
use crate::coupon::Bridge;
use crate::error::Result;
use crate::geom::kit::{Face, Shell};
use crate::geom::{Mesh, Point, Point2, Vector};

/// The carrier mesh and its listed bridges (the pin's flat bottom between
/// each pair of A knuckles).
pub(super) fn build(
    lv: &Levels,
    sec: &Sections,
    labels: &Labels,
    x: &AlongX,
) -> Result<(Mesh, Vec<Bridge>)> {
    let knuckles = &x.knuckles;
    let mut shell = Shell::new("carrier");
    leaf(&mut shell, sec, labels, x);
    let n = knuckles.len() - 1;
    for (j, k) in knuckles.iter().enumerate() {
        knuckle_sides(&mut shell, sec, k, j);
    }
    let mut bridges = Vec::with_capacity(n);
    for (i, pair) in knuckles.windows(2).enumerate() {
        let (x0, x1) = between(&mut shell, sec, (&pair[0], &pair[1]), i);
        bridges.push(Bridge {
            part: 0,
            z: lv.pin_flat,
            min: [x0, -sec.pin_half],
            max: [x1, sec.pin_half],
            what: "pin flat bottom (bridge between A knuckles)",
        });
    }
    Ok((shell.finish()?, bridges))
}

/// The faces that run the carrier's whole length: the top (with the
/// labels) and bottom, each a comb with a tooth per knuckle, the back of
/// the leaf, the leaf alone before the first knuckle (its front side and
/// end), and the two knuckles' outer ends (square: they face nothing).
fn leaf(shell: &mut Shell, sec: &Sections, labels: &Labels, x: &AlongX) {
    let knuckles = &x.knuckles;
    let (first, last) = (knuckles[0], knuckles[knuckles.len() - 1]);
    let (t, y_a, y_cut) = (sec.t, sec.y_a, sec.y_cut);
    // The leaf starts at x = 0, the legend's room before A0.
    let x0 = 0.0;
    // Top: the leaf to y_cut, each knuckle's strip of leaf top to -yk.
    let teeth = |z: f64, y_tooth: f64| -> Vec<Point> {
        let mut pts = vec![Point::new(x0, y_a, z), Point::new(last.x1, y_a, z)];
        for k in knuckles.iter().rev() {
            let (lo, hi) = k.at(z);
            pts.extend([
                Point::new(hi, y_cut, z),
                Point::new(hi, y_tooth, z),
                Point::new(lo, y_tooth, z),
                Point::new(lo, y_cut, z),
            ]);
        }
        pts.push(Point::new(x0, y_cut, z));
        pts
    };
    let top = shell.push(Face::new("leaf top", teeth(t, -sec.yk_a), Vector::z()));
    let row_y = (y_a + y_cut) / 2.0;
    labels.push_legend(shell, top, Point::new((x0 + first.x0) / 2.0, row_y, t));
    for (i, tab) in x.tabs.iter().enumerate() {
        let centre = Point::new((tab.x0 + tab.x1) / 2.0, row_y, t);
        labels.push_station(shell, top, i, centre);
    }
    // Bottom: the leaf, each knuckle's teardrop flat between its reliefs.
    shell.push(Face::new("bottom", teeth(0.0, sec.foot_a), -Vector::z()));
    let rect =
        |pts: [(f64, f64, f64); 4]| pts.iter().map(|&(x, y, z)| Point::new(x, y, z)).collect();
    let back = rect([
        (x0, y_a, 0.0),
        (last.x1, y_a, 0.0),
        (last.x1, y_a, t),
        (x0, y_a, t),
    ]);
    shell.push(Face::new("leaf back", back, -Vector::y()));
    let front = rect([
        (x0, y_cut, 0.0),
        (first.x0, y_cut, 0.0),
        (first.x0, y_cut, t),
        (x0, y_cut, t),
    ]);
    shell.push(Face::new("legend leaf front", front, Vector::y()));
    let start = rect([
        (x0, y_a, 0.0),
        (x0, y_cut, 0.0),
        (x0, y_cut, t),
        (x0, y_a, t),
    ]);
    shell.push(Face::new("leaf start", start, -Vector::x()));
    let lift = |x: f64, pts: &[Point2]| pts.iter().map(|p| yz(x, *p)).collect();
    let n = sec.knuckle.len();
    // A0's outer end: the knuckle above and behind the cut-back line (the
    // leaf in front of it runs on to x = 0).
    shell.push(Face::new(
        "first end",
        lift(first.x0, &sec.knuckle[1..n - 1]),
        -Vector::x(),
    ));
    shell.push(Face::new(
        "last end",
        lift(last.x1, &sec.knuckle),
        Vector::x(),
    ));
}

/// Knuckle `j`'s curved sides in front of the leaf: the teardrop's flank
/// and the arc over the top, from the bed to the leaf top, between its
/// (relieved) ends.
fn knuckle_sides(shell: &mut Shell, sec: &Sections, k: &Ends, j: usize) {
    let o = &sec.knuckle_cut;
    // From the teardrop flat's end (index 1) to the leaf top at -yk (the
    // last two points are the cut-back line, shared with the leaf).
    for i in 1..o.len() - 3 {
        k.push_side(shell, format!("knuckle {j} side {i}"), o[i], o[i + 1]);
    }
}

/// Between knuckles `i` and `i + 1`: the pin's sides, the leaf's face on
/// the cut-back line (it reaches under the knuckles where their reliefs
/// leave it open), and the two knuckle ends that face the tab there, each
/// around the pin. Returns the X range.
fn between(
    shell: &mut Shell,
    sec: &Sections,
    (left, right): (&Ends, &Ends),
    i: usize,
) -> (f64, f64) {
    let (x0, x1) = (left.x1, right.x0);
    let pin = &sec.pin;
    let gap = Ends {
        x0,
        x1,
        r0: 0.0,
        r1: 0.0,
    };
    for k in 0..pin.len() {
        let name = format!("pin {i} side {k}");
        gap.push_side(shell, name, pin[k], pin[(k + 1) % pin.len()]);
    }
    let (bed_lo, bed_hi) = (left.at(0.0).1, right.at(0.0).0);
    let face = [
        (bed_lo, 0.0),
        (bed_hi, 0.0),
        (x1, right.r0),
        (x1, sec.t),
        (x0, sec.t),
        (x0, left.r1),
    ];
    let face = face
        .iter()
        .map(|&(x, z)| Point::new(x, sec.y_cut, z))
        .collect();
    shell.push(Face::new(format!("leaf cut {i}"), face, Vector::y()));
    let cut = &sec.knuckle_cut;
    left.push_end(shell, &format!("knuckle {i} end"), cut, pin, true);
    right.push_end(shell, &format!("knuckle {} start", i + 1), cut, pin, false);
    (x0, x1)
}
