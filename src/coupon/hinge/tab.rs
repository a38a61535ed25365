//! A station's tab: a knuckle with the station's bore, on a leaf that
//! carries its label, chamfered at both ends (each faces an A knuckle).

use super::HingeSpec;
use super::bore::Bore;
use super::faces::{Span, extrude_hole, insert_level, top_face, with_points};
use super::labels::Labels;
use super::sections::Sections;
use super::sizing::Levels;
use crate::coupon::{Bridge, Part, Station, station};
use crate::geom::{MeshBuilder, Point, Point2};

/// Station `i`'s tab between `x0` and `x1`: its part, its bore roof (a
/// listed bridge) and its station record.
pub(super) fn build(
    spec: &HingeSpec,
    lv: &Levels,
    sec: &Sections,
    labels: &Labels,
    i: usize,
    (x0, x1): (f64, f64),
) -> (Part, Bridge, Station) {
    let c = spec.clearances[i];
    let t = sec.t;
    let bore = Bore::new(spec, lv, c.mm());
    let hole = bore.outline(sec.axis, sec.n_seg);
    let mut mb = MeshBuilder::new();
    let label_ys = (sec.rk + spec.swing_gap, sec.y_b);
    let patch = labels.place_station(&mut mb, spec, i, ((x0, x1), label_ys), t, lv.relief);
    top_face(&mut mb, (x0, x1), (sec.yk, sec.y_b), t, Some(&patch), &[]);
    // The caps' top edges carry the patch rows' end points.
    let [pbottom, _, pupper, _] = patch.edges();
    let outline = with_points(
        &sec.tab,
        2,
        &[Point2::new(pupper[0].y, t), Point2::new(pbottom[0].y, t)],
    );
    // Chamfered at both ends: every tab end faces an A knuckle.
    let outline = insert_level(&outline, spec.bed_relief, |_| true);
    let sp = Span {
        x0,
        x1,
        r0: spec.bed_relief,
        r1: spec.bed_relief,
    };
    for k in 0..outline.len() {
        let (p, q) = (outline[k], outline[(k + 1) % outline.len()]);
        if !(p.y == t && q.y == t) {
            sp.wall(&mut mb, p, q);
        }
    }
    extrude_hole(&mut mb, x0, x1, &hole);
    sp.end(&mut mb, &outline, &hole, false);
    sp.end(&mut mb, &outline, &hole, true);
    let bridge = Bridge {
        part: i + 1,
        z: bore.roof,
        min: [x0, -bore.roof_half],
        max: [x1, bore.roof_half],
        what: "bore roof (flat teardrop)",
    };
    let part = Part {
        name: format!("tab {} ({} mm)", i + 1, c),
        mesh: mb.finish(),
    };
    // A point in the tab's own material beside its knuckle.
    let xc = (x0 + x1) / 2.0;
    let at = Point::new(xc, (sec.yk + sec.rk + spec.swing_gap) / 2.0, t / 2.0);
    let rec = station(i, c, labels.texts[i].clone(), at, Some(i + 1));
    (part, bridge, rec)
}
