//! The cross-sections in the YZ plane that every part is extruded from
//! along X: the carrier's knuckle, its cut-back leaf, the pin, and the tab.
//! Each shared point is computed once here, so faces built from different
//! outlines meet on the same f64 bits.

use super::HingeSpec;
use super::relief::split_at;
use super::sizing::{Levels, segment_count};
use crate::geom::Point2;
use crate::geom::circle::{Fit, arc};
use std::f64::consts::{FRAC_PI_4, FRAC_PI_8, PI, SQRT_2};

/// The YZ outlines of a hinge ladder, counter-clockwise seen from +X.
pub(super) struct Sections {
    /// The pin axis (y = 0, z on a layer boundary).
    pub axis: Point2,
    /// Segments per full circle, shared by every arc.
    pub n_seg: usize,
    /// Knuckle radius.
    pub rk: f64,
    /// Leaf top (a layer boundary).
    pub t: f64,
    /// Where the leaf top meets a tab's knuckle circle, |y|.
    pub yk: f64,
    /// Where the leaf top meets an A knuckle's circle, |y|.
    pub yk_a: f64,
    /// Where A's leaf is cut back between its knuckles (the tab swings
    /// past it).
    pub y_cut: f64,
    /// A's leaf edge (-Y) and the tab's end (+Y).
    pub y_a: f64,
    pub y_b: f64,
    /// Half-width of an A knuckle's teardrop flat on the bed.
    pub foot_a: f64,
    /// An A knuckle with its leaf: leaf bottom, teardrop flat, flank, arc
    /// over the top, leaf top (the carrier's two outer ends).
    pub knuckle: Vec<Point2>,
    /// The part of an A knuckle in front of the cut-back line (the part
    /// that faces a tab), split at the bed-relief height: from the leaf
    /// bottom at `y_cut` round the knuckle to the leaf top at `y_cut`.
    pub knuckle_cut: Vec<Point2>,
    /// The pin: inscribed arc, 45-degree flanks, flat bottom on a layer.
    pub pin: Vec<Point2>,
    /// Half-width of the pin's flat bottom.
    pub pin_half: f64,
    /// A tab: teardrop flat, leaf bottom, end, top, arc over the knuckle,
    /// split at the bed-relief height (both its ends face A knuckles).
    pub tab: Vec<Point2>,
}

impl Sections {
    pub fn new(spec: &HingeSpec, lv: &Levels) -> Self {
        let rk = spec.knuckle_radius;
        let ra = lv.a_radius;
        let t = lv.top;
        let axis = Point2::new(0.0, lv.axis);
        let n_seg = segment_count(spec);
        // Teardrop flat half-width, where the leaf top meets the circle,
        // and that point's angle, for a knuckle of radius r.
        let foot_of = |r: f64| r * SQRT_2 - lv.axis;
        let yk_of = |r: f64| (r * r - (lv.axis - t).powi(2)).sqrt();
        let alpha_of = |r: f64| ((t - lv.axis) / r).asin();
        let (foot, yk, alpha) = (foot_of(rk), yk_of(rk), alpha_of(rk));
        let (foot_a, yk_a) = (foot_of(ra), yk_of(ra));
        let y_cut = -(rk + cut_back(spec, lv));
        let y_a = -(rk + spec.leaf_width);
        let y_b = rk + spec.tab_length;
        let knuckle_arc = |r: f64, a0: f64, a1: f64, start: Option<Point2>, end: Option<Point2>| {
            let mut k = arc(axis, r, a0, a1, n_seg, Fit::Inscribed);
            if let Some(s) = start {
                k[0] = s;
            }
            if let Some(e) = end {
                *k.last_mut().unwrap() = e;
            }
            k
        };
        // An A knuckle (counter-clockwise from +X): leaf bottom, flat, flank
        // up to the -45 degree tangent point, arc over the top to the leaf
        // top.
        let mut knuckle = vec![
            Point2::new(y_a, 0.0),
            Point2::new(y_cut, 0.0),
            Point2::new(foot_a, 0.0),
        ];
        knuckle.extend(knuckle_arc(
            ra,
            -FRAC_PI_4,
            PI - alpha_of(ra),
            None,
            Some(Point2::new(-yk_a, t)),
        ));
        knuckle.push(Point2::new(y_cut, t));
        knuckle.push(Point2::new(y_a, t));
        // Its ends that face a tab carry the bed relief and meet the leaf
        // along the cut-back line.
        let knuckle_cut = split_at(&knuckle[1..knuckle.len() - 1], spec.bed_relief);
        let (pin, pin_half) = pin(spec, lv, axis, n_seg);
        // Tab outline: teardrop flat, leaf bottom, leaf end, leaf top, arc
        // from the leaf top over the knuckle to the -135 degree tangent point.
        let mut tab = vec![
            Point2::new(-foot, 0.0),
            Point2::new(y_b, 0.0),
            Point2::new(y_b, t),
        ];
        tab.extend(knuckle_arc(
            rk,
            alpha,
            5.0 * FRAC_PI_4,
            Some(Point2::new(yk, t)),
            None,
        ));
        let tab = split_at(&tab, spec.bed_relief);
        Sections {
            axis,
            n_seg,
            rk,
            t,
            yk,
            yk_a,
            y_cut,
            y_a,
            y_b,
            foot_a,
            knuckle,
            knuckle_cut,
            pin,
            pin_half,
            tab,
        }
    }
}

/// The pin's outline and the half-width of its flat bottom: an inscribed
/// arc from -22.5 to 202.5 degrees, 45-degree flanks, and a flat bottom on
/// a layer boundary (printed as a short bridge between A knuckles).
/// How far the leaf stops short of the tabs' knuckles: the swing gap, or
/// more where the widest station's clearance needs it. The leaf's top edge
/// (below the axis) must stay further from a tab's knuckle than the bore's
/// clearance plus a margin, or a wide station's smallest gap would be the
/// leaf's and not the bore's (it measured 0.955 mm for 0.97 before this).
fn cut_back(spec: &HingeSpec, lv: &Levels) -> f64 {
    const MARGIN: f64 = 0.1;
    let rk = spec.knuckle_radius;
    let widest = spec.clearances.iter().map(|c| c.mm()).fold(0.0, f64::max);
    let reach = (rk + widest + MARGIN).powi(2) - (lv.axis - lv.top).powi(2);
    spec.swing_gap.max(reach.max(0.0).sqrt() - rk)
}

fn pin(spec: &HingeSpec, lv: &Levels, axis: Point2, n_seg: usize) -> (Vec<Point2>, f64) {
    let rp = spec.pin_diameter / 2.0;
    let pin_arc = arc(axis, rp, -FRAC_PI_8, PI + FRAC_PI_8, n_seg, Fit::Inscribed);
    let flank_end = pin_arc[0];
    let pin_half = flank_end.x - (flank_end.y - lv.pin_flat);
    let mut pin = vec![Point2::new(pin_half, lv.pin_flat)];
    pin.extend(pin_arc);
    pin.push(Point2::new(-pin_half, lv.pin_flat));
    (pin, pin_half)
}
