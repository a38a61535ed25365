//! The carrier: A's knuckles on their leaf, joined by the pin and the
//! cut-back leaf between them, with the legend on the first knuckle's leaf.

use super::HingeSpec;
use super::faces::{Span, cap, extrude, top_face, wall, wall_with, yz};
use super::labels::Labels;
use super::sections::Sections;
use super::sizing::Levels;
use crate::coupon::Bridge;
use crate::geom::{Mesh, MeshBuilder, Point, Point2};
use crate::label::Patch;

/// The knuckle outlines the carrier's faces are cut from. A0's outline
/// carries the legend rows' end points on its top edge, and the part of
/// each outline up to the cut-back line is the part that faces a tab
/// (chamfered at its ends).
struct Outlines<'a> {
    /// Every A knuckle but the first.
    knuckle: &'a [Point2],
    /// A0, with the legend rows on its top.
    first: Vec<Point2>,
    /// The parts that face a tab, closed along the cut-back line down to
    /// the chamfer height.
    knuckle_cut: Vec<Point2>,
    first_cut: Vec<Point2>,
    /// A0's top points between the cut-back line and the leaf edge (the
    /// first cut-back leaf's top carries them at its start).
    leaf_mid: Vec<Point2>,
}

impl<'a> Outlines<'a> {
    fn new(sec: &'a Sections, legend: &Patch, br: f64) -> Self {
        let t = sec.t;
        let [lbottom, _, lupper, _] = legend.edges();
        let mut rows = vec![Point2::new(lupper[0].y, t), Point2::new(lbottom[0].y, t)];
        let mut tops = vec![
            Point2::new(-sec.yk, t),
            Point2::new(sec.y_cut, t),
            Point2::new(sec.y_a, t),
        ];
        tops.append(&mut rows);
        tops.sort_by(|p, q| q.x.total_cmp(&p.x));
        let oa = &sec.knuckle;
        let first = [&oa[..oa.len() - 3], &tops[..]].concat();
        let cut_part = |o: &[Point2]| {
            let mut c = o[1..=cut_index(o, sec)].to_vec();
            c.push(Point2::new(sec.y_cut, br));
            c
        };
        Outlines {
            knuckle: oa,
            knuckle_cut: cut_part(oa),
            first_cut: cut_part(&first),
            leaf_mid: first[cut_index(&first, sec) + 1..first.len() - 1].to_vec(),
            first,
        }
    }
}

/// Where an A outline reaches the cut-back line on the leaf top: up to
/// there it faces a tab, beyond it the leaf runs on under the tab.
fn cut_index(o: &[Point2], sec: &Sections) -> usize {
    o.iter()
        .position(|q| q.x == sec.y_cut && q.y == sec.t)
        .unwrap()
}

/// The carrier mesh and its listed bridges (the pin's flat bottom between
/// each pair of A knuckles).
pub(super) fn build(
    spec: &HingeSpec,
    lv: &Levels,
    sec: &Sections,
    labels: &Labels,
    a_ranges: &[(f64, f64)],
) -> (Mesh, Vec<Bridge>) {
    let mut mb = MeshBuilder::new();
    let legend = labels.place_legend(
        &mut mb,
        spec,
        (a_ranges[0], (sec.y_a, sec.y_cut)),
        sec.t,
        lv.relief,
    );
    let br = spec.bed_relief;
    let outlines = Outlines::new(sec, &legend, br);
    let n = a_ranges.len() - 1;
    let spans: Vec<Span> = a_ranges
        .iter()
        .enumerate()
        .map(|(j, &(x0, x1))| Span {
            x0,
            x1,
            r0: if j == 0 { 0.0 } else { br },
            r1: if j == n { 0.0 } else { br },
        })
        .collect();
    for (j, sp) in spans.iter().enumerate() {
        knuckle(&mut mb, sec, &outlines, sp, j, n, &legend);
    }
    let mut bridges = Vec::with_capacity(n);
    for i in 0..n {
        let (x0, x1) = between(&mut mb, sec, &outlines, (spans[i], spans[i + 1]), i, br);
        bridges.push(Bridge {
            part: 0,
            z: lv.pin_flat,
            min: [x0, -sec.pin_half],
            max: [x1, sec.pin_half],
            what: "pin flat bottom (bridge between A knuckles)",
        });
    }
    (mb.finish(), bridges)
}

/// A knuckle `j` of `0..=n` with its leaf: chamfered at the ends that face
/// a tab, square where the leaf runs on, A0 with the legend on its top.
fn knuckle(
    mb: &mut MeshBuilder,
    sec: &Sections,
    outlines: &Outlines,
    sp: &Span,
    j: usize,
    n: usize,
    legend: &Patch,
) {
    let t = sec.t;
    let o: &[Point2] = if j == 0 {
        &outlines.first
    } else {
        outlines.knuckle
    };
    let cut = cut_index(o, sec);
    leaf_bottom(mb, sec, sp);
    // The knuckle part, chamfered at the ends that face a tab.
    for i in 1..cut {
        if j == 0 && o[i].y == t && o[i + 1].y == t {
            continue; // the labelled top
        }
        sp.wall(mb, o[i], o[i + 1]);
    }
    // The leaf beyond the cut (top, outer side), square-ended; A0's top
    // is the labelled face instead.
    for i in cut..o.len() {
        let (p, q) = (o[i], o[(i + 1) % o.len()]);
        if j == 0 && p.y == t && q.y == t {
            continue;
        }
        wall(mb, sp.x0, sp.x1, p, q);
    }
    chamfer_sides(mb, sec, sp);
    if j == 0 {
        top_face(
            mb,
            (sp.x0, sp.x1),
            (sec.y_a, -sec.yk),
            t,
            Some(legend),
            &[sec.y_cut],
        );
        cap(mb, sp.x0, &outlines.first, &[], false);
    }
    if j == n {
        cap(mb, sp.x1, outlines.knuckle, &[], true);
    }
}

/// The leaf's bottom under a knuckle; it carries the chamfers' corners on
/// its `y_cut` edge.
fn leaf_bottom(mb: &mut MeshBuilder, sec: &Sections, sp: &Span) {
    let (leaf_in, leaf_bed) = (Point2::new(sec.y_cut, 0.0), Point2::new(sec.y_a, 0.0));
    let mut bottom = vec![yz(sp.x0, leaf_bed), yz(sp.x0, leaf_in)];
    let (lo, hi) = sp.ends(0.0);
    if sp.r0 > 0.0 {
        bottom.push(yz(lo, leaf_in));
    }
    if sp.r1 > 0.0 {
        bottom.push(yz(hi, leaf_in));
    }
    bottom.extend([yz(sp.x1, leaf_in), yz(sp.x1, leaf_bed)]);
    let ids = mb.vertices(&bottom);
    mb.fan(&ids);
}

/// The small triangles where a chamfer leaves the leaf's side at `y_cut`
/// open to the air.
fn chamfer_sides(mb: &mut MeshBuilder, sec: &Sections, sp: &Span) {
    let br_at = |x: f64, z: f64| Point::new(x, sec.y_cut, z);
    let (lo, hi) = sp.ends(0.0);
    if sp.r0 > 0.0 {
        let v = mb.vertices(&[br_at(sp.x0, 0.0), br_at(sp.x0, sp.r0), br_at(lo, 0.0)]);
        mb.triangle(v[0], v[1], v[2]);
    }
    if sp.r1 > 0.0 {
        let v = mb.vertices(&[br_at(hi, 0.0), br_at(sp.x1, sp.r1), br_at(sp.x1, 0.0)]);
        mb.triangle(v[0], v[1], v[2]);
    }
}

/// The pin and the cut-back leaf between knuckles `i` and `i + 1`, and
/// the knuckle ends that face the tab there. Returns the X range.
fn between(
    mb: &mut MeshBuilder,
    sec: &Sections,
    outlines: &Outlines,
    (left, right): (Span, Span),
    i: usize,
    br: f64,
) -> (f64, f64) {
    let (x0, x1) = (left.x1, right.x0);
    let leaf = &sec.leaf_cut;
    let chamfer_corner = [Point2::new(sec.y_cut, br)];
    extrude(mb, x0, x1, &sec.pin, &[]);
    extrude(mb, x0, x1, leaf, &[1, 2]);
    wall_with(
        mb,
        (x0, x1),
        leaf[1],
        leaf[2],
        &chamfer_corner,
        &chamfer_corner,
    );
    let mid: &[Point2] = if i == 0 { &outlines.leaf_mid } else { &[] };
    wall_with(mb, (x0, x1), leaf[2], leaf[3], mid, &[]);
    let left_cut = if i == 0 {
        &outlines.first_cut
    } else {
        &outlines.knuckle_cut
    };
    left.end(mb, left_cut, &sec.pin, true);
    right.end(mb, &outlines.knuckle_cut, &sec.pin, false);
    (x0, x1)
}
