//! A station's tab: a knuckle with the station's bore, on a bare leaf a
//! fingertip lifts (its label is on the carrier in front of it), relieved
//! at both ends (each faces an A knuckle).

use super::HingeSpec;
use super::bore::Bore;
use super::labels::Labels;
use super::relief::Ends;
use super::sections::Sections;
use super::sizing::Levels;
use crate::coupon::{Bridge, Part, Station, station};
use crate::error::Result;
use crate::geom::kit::{Face, Shell};
use crate::geom::{Point, Vector};

/// Station `i`'s tab over `ends`: its part, its bore roof (a listed
/// bridge) and its station record.
pub(super) fn build(
    spec: &HingeSpec,
    lv: &Levels,
    sec: &Sections,
    labels: &Labels,
    i: usize,
    ends: &Ends,
) -> Result<(Part, Bridge, Station)> {
    let c = spec.clearances[i];
    let (t, x0, x1) = (sec.t, ends.x0, ends.x1);
    let name = format!("tab {} ({} mm)", i + 1, c);
    let mut shell = Shell::new(name.clone());
    let top = [(x0, sec.yk), (x1, sec.yk), (x1, sec.y_b), (x0, sec.y_b)];
    let top = top.iter().map(|&(x, y)| Point::new(x, y, t)).collect();
    shell.push(Face::new("top", top, Vector::z()));
    let o = &sec.tab;
    for k in 0..o.len() {
        let (p, q) = (o[k], o[(k + 1) % o.len()]);
        if !(p.y == t && q.y == t) {
            ends.push_side(&mut shell, format!("side {k}"), p, q);
        }
    }
    let bore = Bore::new(spec, lv, c.mm());
    let hole = bore.outline(sec.axis, sec.n_seg);
    for k in 0..hole.len() {
        // Reversed: the bore's sides face into the hole.
        let (p, q) = (hole[(k + 1) % hole.len()], hole[k]);
        ends.push_side(&mut shell, format!("bore side {k}"), p, q);
    }
    ends.push_end(&mut shell, "start", o, &hole, false);
    ends.push_end(&mut shell, "end", o, &hole, true);
    let bridge = Bridge {
        part: i + 1,
        z: bore.roof,
        min: [x0, -bore.roof_half],
        max: [x1, bore.roof_half],
        what: "bore roof (flat teardrop)",
    };
    let part = Part {
        name,
        mesh: shell.finish()?,
    };
    // A point in the tab's own material beside its knuckle.
    let at = Point::new(
        (x0 + x1) / 2.0,
        (sec.yk + sec.rk + spec.swing_gap) / 2.0,
        t / 2.0,
    );
    let rec = station(i, c, labels.texts[i].clone(), at, Some(i + 1));
    Ok((part, bridge, rec))
}
