//! The chain coupon's carrier, declared with the coupon kit: a spine along
//! X behind the rings and, per station, a link (a bridge over the ring's
//! back bar coming down on a foot inside the ring's window).
//!
//! The spine's front face and the shared top face are combs: the spine's
//! front loses a notch where each bridge joins it, the top gains a tongue
//! over each bridge. Every other face is a rectangle or a bridge's side (the
//! same outline at both ends of the bridge). The finishing pass welds the
//! points the faces share and inserts those one face puts on another's edge,
//! so no face repeats its neighbours' points.

use super::{Heights, Link};
use crate::error::KitError;
use crate::geom::kit::{Face, FaceId, Shell, Span, centred_label_frame, push_label};
use crate::geom::{Mesh, Point, Vector};
use crate::label;

/// Where the carrier stands: the spine from x = 0 to `x_end` and from
/// `y_front` to `y_back`, the heights, the links and the label cells.
pub(super) struct Layout<'a> {
    /// The spine's right end (its left end is x = 0).
    pub x_end: f64,
    /// The spine's front face (the rings' back bars face it).
    pub y_front: f64,
    /// The spine's back face.
    pub y_back: f64,
    /// Heights shared by every station.
    pub z: &'a Heights,
    /// 45-degree bed relief along the spine's front and the feet.
    pub bed_relief: f64,
    /// One link per station, in order along +X.
    pub links: &'a [Link],
    /// Label cells along the spine (the legend first) and their texts.
    pub labels: &'a [(Span, String)],
    /// Label cell size.
    pub cell: f64,
}

/// A rectangle's four corners from two opposite corners lying in one
/// axis-aligned plane (one coordinate equal), in order around it.
fn rect(a: Point, b: Point) -> Vec<Point> {
    if a.z == b.z {
        vec![a, Point::new(b.x, a.y, a.z), b, Point::new(a.x, b.y, a.z)]
    } else if a.y == b.y {
        vec![a, Point::new(b.x, a.y, a.z), b, Point::new(a.x, a.y, b.z)]
    } else {
        vec![a, Point::new(a.x, b.y, a.z), b, Point::new(a.x, a.y, b.z)]
    }
}

/// Build the carrier's closed shell.
pub(super) fn build(l: &Layout<'_>) -> Result<Mesh, KitError> {
    let mut shell = Shell::new("spine and links");
    let top = push_spine(&mut shell, l);
    for (i, link) in l.links.iter().enumerate() {
        push_link(&mut shell, l, link, i + 1);
    }
    for (span, text) in l.labels {
        let bm = label::render(text).expect("label glyphs exist");
        let centre = Point::new(span.centre(), (l.y_front + l.y_back) / 2.0, l.z.top);
        let frame = centred_label_frame(centre, Vector::x(), Vector::y(), &bm, l.cell);
        let name = format!("label {text}");
        push_label(&mut shell, top, &name, &frame, &bm, l.cell, -l.z.relief);
    }
    shell.finish()
}

/// The spine: bottom, back, ends, the chamfer along its front foot, the
/// front comb (notched where the bridges join) and the top comb (with a
/// tongue over each bridge). Returns the top face, for the labels.
fn push_spine(shell: &mut Shell, l: &Layout<'_>) -> FaceId {
    let (x1, y0, y1) = (l.x_end, l.y_front, l.y_back);
    let (br, top) = (l.bed_relief, l.z.top);
    let yb = y0 + br;
    let p = Point::new;
    shell.push(Face::new(
        "spine bottom",
        rect(p(0.0, yb, 0.0), p(x1, y1, 0.0)),
        -Vector::z(),
    ));
    shell.push(Face::new(
        "spine back",
        rect(p(0.0, y1, 0.0), p(x1, y1, top)),
        Vector::y(),
    ));
    shell.push(Face::new(
        "spine front chamfer",
        vec![
            p(0.0, yb, 0.0),
            p(x1, yb, 0.0),
            p(x1, y0, br),
            p(0.0, y0, br),
        ],
        Vector::new(0.0, -1.0, -1.0),
    ));
    for (x, out) in [(0.0, -Vector::x()), (x1, Vector::x())] {
        let end = [(yb, 0.0), (y1, 0.0), (y1, top), (y0, top), (y0, br)];
        let outline = end.iter().map(|&(y, z)| p(x, y, z)).collect();
        shell.push(Face::new("spine end", outline, out));
    }
    let mut front = vec![p(0.0, y0, br), p(x1, y0, br), p(x1, y0, top)];
    for k in l.links.iter().rev() {
        let ((a, b), under) = (k.x, k.under);
        front.extend([
            p(b, y0, top),
            p(b, y0, under),
            p(a, y0, under),
            p(a, y0, top),
        ]);
    }
    front.push(p(0.0, y0, top));
    shell.push(Face::new("spine front", front, -Vector::y()));
    let mut outline = vec![p(0.0, y0, top)];
    for k in l.links {
        let ((a, b), f0) = (k.x, k.foot.0);
        outline.extend([p(a, y0, top), p(a, f0, top), p(b, f0, top), p(b, y0, top)]);
    }
    outline.extend([p(x1, y0, top), p(x1, y1, top), p(0.0, y1, top)]);
    shell.push(Face::new("top", outline, Vector::z()))
}

/// One link: its two sides (the bridge and foot in profile), the front of
/// bridge and foot, the foot's chamfers, bottom and back, and the bridge's
/// underside (the listed bridge). Its top is part of the top comb and its
/// back joins the spine's front notch.
fn push_link(shell: &mut Shell, l: &Layout<'_>, k: &Link, n: usize) {
    let ((a, b), (f0, f1)) = (k.x, k.foot);
    let (br, under, top, y0) = (l.bed_relief, k.under, l.z.top, l.y_front);
    let p = Point::new;
    let side = [
        (f0, top),
        (y0, top),
        (y0, under),
        (f1, under),
        (f1, br),
        (f1 - br, 0.0),
        (f0 + br, 0.0),
        (f0, br),
    ];
    for (x, out) in [(a, -Vector::x()), (b, Vector::x())] {
        let outline = side.iter().map(|&(y, z)| p(x, y, z)).collect();
        shell.push(Face::new(format!("link {n} side"), outline, out));
    }
    let faces = [
        ("front", rect(p(a, f0, br), p(b, f0, top)), -Vector::y()),
        (
            "foot front chamfer",
            vec![
                p(a, f0 + br, 0.0),
                p(b, f0 + br, 0.0),
                p(b, f0, br),
                p(a, f0, br),
            ],
            Vector::new(0.0, -1.0, -1.0),
        ),
        (
            "foot bottom",
            rect(p(a, f0 + br, 0.0), p(b, f1 - br, 0.0)),
            -Vector::z(),
        ),
        (
            "foot back chamfer",
            vec![
                p(a, f1 - br, 0.0),
                p(b, f1 - br, 0.0),
                p(b, f1, br),
                p(a, f1, br),
            ],
            Vector::new(0.0, 1.0, -1.0),
        ),
        (
            "foot back",
            rect(p(a, f1, br), p(b, f1, under)),
            Vector::y(),
        ),
        (
            "bridge underside",
            rect(p(a, f1, under), p(b, y0, under)),
            -Vector::z(),
        ),
    ];
    for (what, outline, out) in faces {
        shell.push(Face::new(format!("link {n} {what}"), outline, out));
    }
}
