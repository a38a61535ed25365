//! The hinge ladder (COUPONS.md 5.2).
//!
//! A carrier leaf A whose knuckles A0..AN hold one continuous horizontal pin
//! (axis along X), and one tab B per station hinged on that pin. Each tab's
//! clearance is used both radially (its bore around the pin) and axially
//! (the gaps to the A knuckles on both sides). Lift each tab: the smallest
//! clearance that swings freely is the one to design hinges with.
//!
//! Everything is an extrusion along X of a profile in the YZ plane, closed by
//! planar end caps:
//! - A knuckle: knuckle circle R_k with a 45-degree truncated teardrop down to
//!   the bed, joined to A's leaf along -Y (solid: the pin is merged into it);
//! - between two A knuckles: the pin and A's leaf cut back to
//!   y = -(R_k + swing gap), so the tab's knuckle swings past it;
//! - tab B: the same knuckle outline joined to the tab's leaf along +Y, with
//!   the bore as a hole.
//!
//! The bottom edges of facing knuckle ends carry a 45-degree bed-relief
//! chamfer (R6), so each gap is c + 2 x 0.4 in the first layer. The end
//! caps are not convex (the notch where leaf meets knuckle), so they are
//! ear-clipped ([`crate::geom::polygon`]); every wall is one planar quad or
//! convex fan per profile edge, and each shared point is computed once, so
//! parts are watertight by construction.
//!
//! Where this differs from the COUPONS.md table, and why:
//! - a tab is at least as long as its label patch plus one cell (8.0 mm for
//!   two digits, not 7.0): the patch carries a flat margin cell on each side
//!   and must not reach the axial gap;
//! - the pin's flat bottom is snapped up to a layer boundary (R3), which
//!   keeps it inside the pin circle; the flanks stay at 45 degrees;
//! - tabs do not widen beyond y = R_k + 0.6, and the optional
//!   `teardrop_plus` bore is not built (both only optional in the table).
//!
//! Tessellation (COUPONS.md 4.3): one segment count N for the whole coupon
//! (a multiple of 16 so the pin's 22.5-degree breakpoints are vertices); pin
//! arcs inscribed at angles 2 pi k / N, bore arcs circumscribed at the half
//! steps. The pin stays inside its circle r_p at every angle and every bore
//! contains the circle r_p + c, so a tab keeps its clearance at any swing.

use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::error::{ParamError, Result};
use crate::geom::circle::{Fit, arc, segments_for};
use crate::geom::polygon::triangulate;
use crate::geom::{Mesh, MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame, Patch};
use crate::units::Microns;
use std::f64::consts::{FRAC_PI_4, FRAC_PI_8, PI, SQRT_2};

/// Everything that shapes a hinge ladder. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct HingeSpec {
    /// Clearance per side of each station (radial and axial), along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Pin diameter.
    pub pin_diameter: f64,
    /// Outer radius of every knuckle; also the axis height.
    pub knuckle_radius: f64,
    /// Length along X of each A knuckle between two tabs.
    pub a_knuckle: f64,
    /// Smallest length along X of a tab (grown to fit its label).
    pub b_knuckle: f64,
    /// Leaf thickness (rounded up to a layer boundary).
    pub leaf_thickness: f64,
    /// How far A's leaf reaches beyond the knuckle along -Y.
    pub leaf_width: f64,
    /// How far each tab reaches beyond the knuckle along +Y.
    pub tab_length: f64,
    /// Radial room between a knuckle and the other part's leaf (not the
    /// tested value): the knuckle sweeps 1.082 R_k, this leaves more.
    pub swing_gap: f64,
    /// 45-degree chamfer on the bottom edges of facing knuckle ends (R6).
    pub bed_relief: f64,
    /// Label cell width.
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Thinnest knuckle wall allowed above and beside a bore.
    pub min_wall: f64,
}

impl HingeSpec {
    /// The reference geometry with these clearances and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        // Coarse nozzles: larger label cells and thicker walls (the knuckle
        // grows for the walls in `sized_for_clearances`); A's leaf and the
        // tabs lengthen so their labels keep LABEL_ROOM on each side.
        let cell = label::cell_for(profile.nozzle);
        let swing_gap = 0.6;
        let label_depth = 7.0 * cell + 2.0 * LABEL_ROOM + swing_gap;
        HingeSpec {
            clearances,
            profile,
            pin_diameter: 4.0,
            knuckle_radius: 4.0,
            a_knuckle: 3.0,
            b_knuckle: 7.0,
            leaf_thickness: 2.0,
            leaf_width: label_depth.max(8.0),
            tab_length: label_depth.max(10.0),
            swing_gap,
            bed_relief: 0.4,
            label_cell: cell,
            label_relief: 0.4,
            min_wall: label::min_wall(profile.nozzle),
        }
    }

    /// The spec with the knuckle grown, in 0.1 mm steps from its current
    /// radius, until every station's bore keeps `min_wall` of material to
    /// the knuckle surface and its floor stays above the first layer. A
    /// planner's sweep for a soft or sloppy filament reaches 0.6-0.7 mm,
    /// which a 4 mm knuckle cannot hold; the ladder grows instead of
    /// refusing.
    pub fn sized_for_clearances(mut self) -> Self {
        if self.profile.validated().is_err()
            || !self.knuckle_radius.is_finite()
            || self.knuckle_radius <= 0.0
        {
            return self; // validation names the problem
        }
        // Bounded: each round grows the radius; 40 rounds is 4 mm of growth.
        for _ in 0..40 {
            let lv = Levels::new(&self);
            let short = self.clearances.iter().any(|c| {
                let b = Bore::new(&self, &lv, c.mm());
                b.wall(&self, &lv) < self.min_wall - 1e-9 || b.floor <= lv.first
            });
            if !short {
                break;
            }
            self.knuckle_radius = ((self.knuckle_radius + 0.1) * 10.0).round() / 10.0;
        }
        self.leaf_on_flank()
    }

    /// The spec with the leaf thickened, when a grown knuckle has put its
    /// 45-degree flank above the leaf top, so the leaf meets the knuckle on
    /// its side again (coarse nozzles' thicker walls grow the knuckle past
    /// what a 2 mm leaf reaches). A small step past the flank; the leaf top
    /// snaps up to the next layer boundary.
    fn leaf_on_flank(mut self) -> Self {
        let lv = Levels::new(&self);
        let flank = lv.axis - self.knuckle_radius / SQRT_2;
        if lv.top <= flank + 1e-9 {
            self.leaf_thickness = flank + 0.1 * self.profile.layer_height;
        }
        self
    }

    /// Check the spec; every error names the parameter, value and limit,
    /// and which way to go. Each station is judged on its own clearance.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let spec = HingeSpec { profile, ..self };
        super::check_stations(
            &spec.clearances,
            "hinge ladder",
            super::Family::HINGE.clearance_meaning(),
            None,
        )?;
        let (r, rk) = (spec.pin_diameter / 2.0, spec.knuckle_radius);
        if !(r > 0.0 && rk > r && spec.leaf_thickness > 0.0) {
            return Err(ParamError::new(
                "pin diameter",
                spec.pin_diameter,
                format!(
                    "must be > 0 and smaller than the knuckle diameter {}",
                    2.0 * rk
                ),
            ));
        }
        let n = spec.clearances.len();
        let lv = Levels::new(&spec);
        for (i, c) in spec.clearances.iter().enumerate() {
            let b = Bore::new(&spec, &lv, c.mm());
            let wall = b.wall(&spec, &lv);
            if wall < spec.min_wall - 1e-9 {
                return Err(ParamError::new(
                    format!("clearance {} of {n}", i + 1),
                    c,
                    format!(
                        "too large for the knuckle: its bore leaves a {wall:.2} mm wall, at least {} mm needed (knuckle radius {} mm, pin {} mm; `make` and `batch` grow the knuckle)",
                        spec.min_wall, spec.knuckle_radius, spec.pin_diameter
                    ),
                ));
            }
            if b.floor <= lv.first {
                return Err(ParamError::new(
                    "--layer-height",
                    profile.layer_height,
                    format!(
                        "too thick for a {} mm knuckle: the bore floor for clearance {c} mm, whole layers below the pin, would reach the first layer",
                        spec.knuckle_radius
                    ),
                ));
            }
        }
        // The leaf top must meet the knuckle circle above its 45-degree flank
        // and below the axis, and the deboss must leave a floor.
        if lv.top >= lv.axis || lv.top <= lv.axis - rk / SQRT_2 {
            return Err(ParamError::new(
                "--layer-height",
                profile.layer_height,
                format!(
                    "too thick: it puts the leaf top at {:.3} mm, outside the knuckle's side ({:.3} to {:.3} mm)",
                    lv.top,
                    lv.axis - rk / SQRT_2,
                    lv.axis
                ),
            ));
        }
        if lv.top - lv.relief < lv.first {
            return Err(ParamError::new(
                "--layer-height",
                profile.layer_height,
                format!(
                    "too thick: a {:.2} mm label deboss (whole layers) leaves no floor under the labels in a {:.3} mm leaf",
                    lv.relief, lv.top
                ),
            ));
        }
        if lv.pin_flat >= lv.axis - r * FRAC_PI_8.sin() {
            return Err(ParamError::new(
                "--layer-height",
                profile.layer_height,
                format!(
                    "too thick for a {} mm pin: its flat bottom, on a layer boundary, would leave the pin circle",
                    spec.pin_diameter
                ),
            ));
        }
        Ok(spec)
    }
}

/// Flat leaf top left in front of and behind a label patch (its text and
/// one-cell margin) when the leaf and tabs lengthen for larger cells: the
/// reference 8 mm leaf leaves this much beside 0.8 mm cells in front of
/// the cut-back line.
const LABEL_ROOM: f64 = 0.9;

/// Least flat top between a label patch and the edge it faces.
const PATCH_GAP: f64 = 0.1;

/// Heights and shared sizes of a coupon.
struct Levels {
    /// Axis height: the knuckle radius snapped up to a layer boundary (the
    /// knuckle's teardrop flat rests on the bed).
    axis: f64,
    /// Leaf top (a layer boundary).
    top: f64,
    /// First layer boundary.
    first: f64,
    /// Deboss depth (whole layers).
    relief: f64,
    /// Pin's flat bottom (a layer boundary, inside the pin circle).
    pin_flat: f64,
}

impl Levels {
    fn new(spec: &HingeSpec) -> Self {
        let p = spec.profile;
        // On a layer boundary, so every bore's roof and floor sit whole
        // layers from the axis whatever the knuckle radius: a station's
        // bore, and any refusal of it, cannot depend on the other stations
        // (which grow the knuckle).
        let axis = p.snap_up(spec.knuckle_radius);
        let rp = spec.pin_diameter / 2.0;
        Levels {
            axis,
            top: p.snap_up(spec.leaf_thickness),
            first: p.first_layer_height,
            relief: p.whole_layers(spec.label_relief),
            // Snapped up so the flat stays inside the pin circle.
            pin_flat: p.snap_up(axis - rp * (PI / 8.0).cos()),
        }
    }
}

/// Smallest half-width of a bore's flat roof and floor (mm).
const MIN_FLAT_HALF: f64 = 0.05;

/// One station's bore: the nominal teardrop (side arcs of r_p + c, 45-degree
/// flanks, flat roof and floor) stretched vertically, its upper half raised
/// by `up` and its lower half lowered by `down` (both at least one layer),
/// joined by vertical sides at r_p + c.
///
/// Why: where pin and bore rise at about 45 degrees, one layer step moves
/// the bore's edge in by about h while the nominal air there is only about
/// c·√2, so for c < 0.7 h a tab layer would lie on the pin layer below it
/// and the slicer welds them. The stretched bore contains the pin's c-offset
/// moved up and down by a layer, so in plan view every tab layer keeps at
/// least c of air from the pin layers above and below it, at any layer
/// phase. The radial gap at the sides of the pin stays c; above and below
/// the pin the air is c + h or more.
struct Bore {
    /// Nominal bore radius r_p + c.
    rb: f64,
    /// How far the upper half is raised and the lower half lowered.
    up: f64,
    down: f64,
    /// Roof and floor heights (layer boundaries).
    roof: f64,
    floor: f64,
    /// Half-widths of roof and floor.
    roof_half: f64,
    floor_half: f64,
}

impl Bore {
    fn new(spec: &HingeSpec, lv: &Levels, c: f64) -> Self {
        let p = spec.profile;
        let h = p.layer_height;
        let rp = spec.pin_diameter / 2.0;
        let rb = rp + c;
        // R3 + R4: whole layers above max(c, h) plus one, and at least the
        // bridge minimum max(2h, nozzle).
        let g = (p.whole_layers(c.max(h)) + h).max((2.0 * h).max(p.nozzle));
        let roof = p.snap_up(lv.axis + rp + g);
        let floor = p.snap_down(lv.axis - rp - g);
        // A layer of stretch at least, more where the flanks would meet
        // below the roof (or above the floor) and leave no flat.
        let up = h.max(roof - lv.axis + MIN_FLAT_HALF - rb * SQRT_2);
        let down = h.max(lv.axis - floor + MIN_FLAT_HALF - rb * SQRT_2);
        Bore {
            rb,
            up,
            down,
            roof,
            floor,
            roof_half: rb * SQRT_2 + up - (roof - lv.axis),
            floor_half: rb * SQRT_2 + down - (lv.axis - floor),
        }
    }

    /// The bore outline in (y, z), counter-clockwise: circumscribed arcs of
    /// r_b (upper ones centred `up` above the axis, lower ones `down`
    /// below), vertical sides between them, 45-degree flanks, flat roof and
    /// floor.
    fn outline(&self, axis: Point2, n: usize) -> Vec<Point2> {
        let hi = Point2::new(axis.x, axis.y + self.up);
        let lo = Point2::new(axis.x, axis.y - self.down);
        let piece = |c: Point2, a0: f64, a1: f64| arc(c, self.rb, a0, a1, n, Fit::Circumscribed);
        let mut q = piece(lo, -FRAC_PI_4, 0.0);
        q.extend(piece(hi, 0.0, FRAC_PI_4));
        q.push(Point2::new(self.roof_half, self.roof));
        q.push(Point2::new(-self.roof_half, self.roof));
        q.extend(piece(hi, 3.0 * FRAC_PI_4, PI));
        q.extend(piece(lo, PI, 5.0 * FRAC_PI_4));
        q.push(Point2::new(-self.floor_half, self.floor));
        q.push(Point2::new(self.floor_half, self.floor));
        q
    }

    /// The thinnest knuckle wall around this bore, as the reference design
    /// measures it: over the roof (straight up) and beside the bore (its
    /// farthest arc vertex from the axis), against the knuckle circle,
    /// which is inscribed and so up to the chord tolerance inside r_k.
    fn wall(&self, spec: &HingeSpec, lv: &Levels) -> f64 {
        let axis = Point2::new(0.0, lv.axis);
        let outline = self.outline(axis, segment_count(spec));
        let beside = outline
            .iter()
            .filter(|p| p.y != self.roof && p.y != self.floor)
            .map(|p| (p - axis).norm())
            .fold(0.0, f64::max);
        let rk = spec.knuckle_radius;
        (rk - (self.roof - lv.axis)).min(rk - spec.profile.chord_tolerance - beside)
    }
}

/// One segment count for every arc of a coupon, a multiple of 16 (pin
/// breakpoints at multiples of 22.5 degrees; bore tangent points at 45).
fn segment_count(spec: &HingeSpec) -> usize {
    segments_for(spec.knuckle_radius, spec.profile.chord_tolerance).div_ceil(16) * 16
}

/// A point of a YZ profile placed at `x`.
fn yz(x: f64, p: Point2) -> Point {
    Point::new(x, p.x, p.y)
}

/// The outward wall swept by profile edge `p -> q` (outline counter-
/// clockwise seen from +X) from `x0` to `x1 > x0`.
fn wall(mb: &mut MeshBuilder, x0: f64, x1: f64, p: Point2, q: Point2) {
    let v = mb.vertices(&[yz(x0, p), yz(x0, q), yz(x1, q), yz(x1, p)]);
    mb.quad(v[0], v[1], v[2], v[3]);
}

/// The wall of edge `p -> q` when its ends also carry the points `mid0`
/// (at `x0`) and `mid1` (at `x1`), each in order from `p` to `q`, that a
/// neighbouring face has there.
fn wall_with(
    mb: &mut MeshBuilder,
    (x0, x1): (f64, f64),
    p: Point2,
    q: Point2,
    mid0: &[Point2],
    mid1: &[Point2],
) {
    let mut pts = vec![yz(x0, p)];
    pts.extend(mid0.iter().map(|m| yz(x0, *m)));
    pts.extend([yz(x0, q), yz(x1, q)]);
    pts.extend(mid1.iter().rev().map(|m| yz(x1, *m)));
    pts.push(yz(x1, p));
    let ids = mb.vertices(&pts);
    mb.fan(&ids);
}

/// A knuckle's extent along X and its bed-relief chamfers: `r0` at the
/// `x0` end, `r1` at the `x1` end (0 for none).
#[derive(Clone, Copy)]
struct Span {
    x0: f64,
    x1: f64,
    r0: f64,
    r1: f64,
}

impl Span {
    /// Where the two end faces are at height `z`: a 45-degree chamfer pulls
    /// each end in by `r - z` below height `r` (R6: the first-layer gap
    /// becomes c + 2 r on a gap chamfered on both sides).
    fn ends(&self, z: f64) -> (f64, f64) {
        let lo = if z < self.r0 {
            self.x0 + (self.r0 - z)
        } else {
            self.x0
        };
        let hi = if z < self.r1 {
            self.x1 - (self.r1 - z)
        } else {
            self.x1
        };
        (lo, hi)
    }

    /// The outward wall of edge `p -> q` between the (chamfered) ends. The
    /// outline must have a vertex wherever it crosses the chamfer heights.
    fn wall(&self, mb: &mut MeshBuilder, p: Point2, q: Point2) {
        let (p0, p1) = self.ends(p.y);
        let (q0, q1) = self.ends(q.y);
        let v = mb.vertices(&[yz(p0, p), yz(q0, q), yz(q1, q), yz(p1, p)]);
        mb.quad(v[0], v[1], v[2], v[3]);
    }

    /// The end at `x1` (`hi`) or `x0`: the cap above the chamfer (minus
    /// `hole`) and the 45-degree chamfer face below it.
    fn end(&self, mb: &mut MeshBuilder, outline: &[Point2], hole: &[Point2], hi: bool) {
        let (x, r) = if hi {
            (self.x1, self.r1)
        } else {
            (self.x0, self.r0)
        };
        if r <= 0.0 {
            cap(mb, x, outline, hole, hi);
            return;
        }
        let upper: Vec<Point2> = outline.iter().filter(|v| v.y >= r).copied().collect();
        cap(mb, x, &upper, hole, hi);
        let mut lower: Vec<Point> = outline
            .iter()
            .filter(|v| v.y <= r)
            .map(|v| {
                let (lo, up) = self.ends(v.y);
                yz(if hi { up } else { lo }, *v)
            })
            .collect();
        if !hi {
            lower.reverse();
        }
        let ids = mb.vertices(&lower);
        mb.fan(&ids);
    }
}

/// `outline` with a vertex added where an edge crosses height `z`, on the
/// edges `which` accepts (by start index).
fn insert_level(outline: &[Point2], z: f64, which: impl Fn(usize) -> bool) -> Vec<Point2> {
    let n = outline.len();
    let mut out = Vec::with_capacity(n + 2);
    for i in 0..n {
        let (p, q) = (outline[i], outline[(i + 1) % n]);
        out.push(p);
        if which(i) && (p.y - z) * (q.y - z) < 0.0 {
            let t = (z - p.y) / (q.y - p.y);
            out.push(Point2::new(p.x + t * (q.x - p.x), z));
        }
    }
    out
}

/// `outline` with `extra` points inserted after index `after` (they must lie
/// on the edge that starts there, in order).
fn with_points(outline: &[Point2], after: usize, extra: &[Point2]) -> Vec<Point2> {
    let mut o = outline[..=after].to_vec();
    o.extend_from_slice(extra);
    o.extend_from_slice(&outline[after + 1..]);
    o
}

/// Walls of every edge of a closed outline except those `skip` names.
fn extrude(mb: &mut MeshBuilder, x0: f64, x1: f64, outline: &[Point2], skip: &[usize]) {
    for i in 0..outline.len() {
        if !skip.contains(&i) {
            wall(mb, x0, x1, outline[i], outline[(i + 1) % outline.len()]);
        }
    }
}

/// Walls of a hole (counter-clockwise outline), facing into the air.
fn extrude_hole(mb: &mut MeshBuilder, x0: f64, x1: f64, hole: &[Point2]) {
    for i in 0..hole.len() {
        wall(mb, x0, x1, hole[(i + 1) % hole.len()], hole[i]);
    }
}

/// The planar end cap at `x`: `outer` minus `hole`, facing +X or -X.
fn cap(mb: &mut MeshBuilder, x: f64, outer: &[Point2], hole: &[Point2], plus_x: bool) {
    let ids: Vec<u32> = outer
        .iter()
        .chain(hole.iter())
        .map(|p| mb.vertex(yz(x, *p)))
        .collect();
    for [a, b, c] in triangulate(outer, hole) {
        if plus_x {
            mb.triangle(ids[a], ids[b], ids[c]);
        } else {
            mb.triangle(ids[a], ids[c], ids[b]);
        }
    }
}

/// An upward rectangle `[xl, xr] x [ya, yb]` at height `z`, around an
/// optional label patch, as convex pieces that include every lattice point
/// of the patch border and the points at heights `extra` (y values) on both
/// side edges, where neighbouring walls have vertices.
fn top_face(
    mb: &mut MeshBuilder,
    (xl, xr): (f64, f64),
    (ya, yb): (f64, f64),
    z: f64,
    patch: Option<&Patch>,
    extra: &[f64],
) {
    let q = |x: f64, y: f64| Point::new(x, y, z);
    let right = |lo: f64, hi: f64| -> Vec<Point> {
        extra
            .iter()
            .filter(|&&y| y > lo && y < hi)
            .map(|&y| q(xr, y))
            .collect()
    };
    let left = |lo: f64, hi: f64| -> Vec<Point> {
        extra
            .iter()
            .rev()
            .filter(|&&y| y > lo && y < hi)
            .map(|&y| q(xl, y))
            .collect()
    };
    let mut fan = |pts: Vec<Point>| {
        let ids = mb.vertices(&pts);
        mb.fan(&ids);
    };
    let Some(patch) = patch else {
        let mut all = vec![q(xl, ya), q(xr, ya)];
        all.extend(right(ya, yb));
        all.extend([q(xr, yb), q(xl, yb)]);
        all.extend(left(ya, yb));
        fan(all);
        return;
    };
    let [bottom, rside, upper, lside] = patch.edges();
    let (y0, y1) = (bottom[0].y, upper[0].y);
    let mut below = vec![q(xl, ya), q(xr, ya)];
    below.extend(right(ya, y0));
    below.push(q(xr, y0));
    below.extend(bottom.iter().rev());
    below.push(q(xl, y0));
    below.extend(left(ya, y0));
    fan(below);
    let mut rpiece = vec![q(xr, y0)];
    rpiece.extend(right(y0, y1));
    rpiece.push(q(xr, y1));
    rpiece.extend(rside.iter().rev());
    fan(rpiece);
    let mut above = vec![q(xl, y1)];
    above.extend(upper.iter().rev());
    above.push(q(xr, y1));
    above.extend(right(y1, yb));
    above.extend([q(xr, yb), q(xl, yb)]);
    above.extend(left(y1, yb));
    fan(above);
    let mut lpiece = vec![q(xl, y0)];
    lpiece.extend(lside.iter().rev());
    lpiece.push(q(xl, y1));
    lpiece.extend(left(y0, y1));
    fan(lpiece);
}

/// Build the hinge ladder. The spec is validated first.
pub fn build(spec: &HingeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let lv = Levels::new(&spec);
    let rk = spec.knuckle_radius;
    let rp = spec.pin_diameter / 2.0;
    let t = lv.top;
    let axis = Point2::new(0.0, lv.axis);
    let n_seg = segment_count(&spec);

    // Shared profile points, each computed once.
    let foot = rk * SQRT_2 - lv.axis; // half-width of the teardrop flat
    let yk = (rk * rk - (lv.axis - t).powi(2)).sqrt(); // leaf top meets circle
    let alpha = ((t - lv.axis) / rk).asin();
    let y_cut = -(rk + spec.swing_gap);
    let y_a = -(rk + spec.leaf_width);
    let y_b = rk + spec.tab_length;

    let knuckle_arc = |a0: f64, a1: f64, start: Option<Point2>, end: Option<Point2>| {
        let mut k = arc(axis, rk, a0, a1, n_seg, Fit::Inscribed);
        if let Some(s) = start {
            k[0] = s;
        }
        if let Some(e) = end {
            *k.last_mut().unwrap() = e;
        }
        k
    };
    // A knuckle (counter-clockwise from +X): leaf bottom, flat, flank up to
    // the -45 degree tangent point, arc over the top to the leaf top.
    let mut oa = vec![
        Point2::new(y_a, 0.0),
        Point2::new(y_cut, 0.0),
        Point2::new(foot, 0.0),
    ];
    oa.extend(knuckle_arc(
        -FRAC_PI_4,
        PI - alpha,
        None,
        Some(Point2::new(-yk, t)),
    ));
    oa.push(Point2::new(y_cut, t));
    oa.push(Point2::new(y_a, t));
    let leaf_cut = [
        Point2::new(y_a, 0.0),
        Point2::new(y_cut, 0.0),
        Point2::new(y_cut, t),
        Point2::new(y_a, t),
    ];
    // Pin: inscribed arc from -22.5 to 202.5 degrees, 45-degree flanks, flat
    // bottom on a layer boundary.
    let pin_arc = arc(axis, rp, -FRAC_PI_8, PI + FRAC_PI_8, n_seg, Fit::Inscribed);
    let flank_end = pin_arc[0];
    let pin_half = flank_end.x - (flank_end.y - lv.pin_flat);
    let mut pin = vec![Point2::new(pin_half, lv.pin_flat)];
    pin.extend(pin_arc);
    pin.push(Point2::new(-pin_half, lv.pin_flat));
    // Tab outline: teardrop flat, leaf bottom, leaf end, leaf top, arc from
    // the leaf top over the knuckle to the -135 degree tangent point.
    let mut ob = vec![
        Point2::new(-foot, 0.0),
        Point2::new(y_b, 0.0),
        Point2::new(y_b, t),
    ];
    ob.extend(knuckle_arc(
        alpha,
        5.0 * FRAC_PI_4,
        Some(Point2::new(yk, t)),
        None,
    ));

    // Labels.
    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let lg = label::Legend::for_clearances(super::Family::HINGE.clearance_meaning(), &um);
    let legend = lg.text();
    let cell = spec.label_cell;
    let texts: Vec<String> = um.iter().map(|&c| lg.station(c)).collect();
    let bitmap = |s: &str| label::render(s).expect("label glyphs exist");
    let legend_bm = bitmap(&legend);
    let (legend_w, legend_h) = label::patch_size(&legend_bm, cell, cell);
    let widest = texts
        .iter()
        .map(|s| label::patch_size(&bitmap(s), cell, cell).0)
        .fold(0.0, f64::max);
    // Half a cell of flat top beside the patch keeps its margin off the gap.
    let lb = spec.b_knuckle.max(widest + cell);
    let la0 = spec.a_knuckle.max(legend_w + 2.0 * cell);
    // The legend lies on A0's leaf in front of the cut-back line (the cut
    // leaf's top wall carries its rows), strictly inside: a patch edge on
    // y_cut would put two vertices in one place.
    if legend_h + PATCH_GAP > y_cut - y_a || legend_h + PATCH_GAP > y_b - (rk + spec.swing_gap) {
        return Err(
            ParamError::new("label cell", cell, "makes the labels wider than the leaves").into(),
        );
    }

    // X layout: A0, then per station gap, tab, gap, A knuckle.
    let n = spec.clearances.len();
    let mut a_ranges = vec![(0.0, la0)];
    let mut b_ranges = Vec::with_capacity(n);
    for c in &spec.clearances {
        let x = a_ranges.last().unwrap().1;
        let b0 = x + c.mm();
        let b1 = b0 + lb;
        let a0 = b1 + c.mm();
        b_ranges.push((b0, b1));
        a_ranges.push((a0, a0 + spec.a_knuckle));
    }

    let mut carrier = MeshBuilder::new();
    let mut bridges = Vec::new();
    // A0 carries the legend; its leaf top and both caps include the patch
    // rows' end points, and so does the first cut-back leaf's top wall.
    let legend_frame = Frame {
        origin: Point::new(
            (a_ranges[0].0 + a_ranges[0].1 - legend_w) / 2.0,
            (y_a + y_cut - legend_h) / 2.0,
            t,
        ),
        u: Vector::x(),
        v: Vector::y(),
    };
    let legend_patch = label::build(
        &mut carrier,
        &legend_frame,
        &legend_bm,
        cell,
        cell,
        -lv.relief,
    );
    let [lbottom, _, lupper, _] = legend_patch.edges();
    let mut rows = vec![Point2::new(lupper[0].y, t), Point2::new(lbottom[0].y, t)];
    let mut tops = vec![
        Point2::new(-yk, t),
        Point2::new(y_cut, t),
        Point2::new(y_a, t),
    ];
    tops.append(&mut rows);
    tops.sort_by(|p, q| q.x.total_cmp(&p.x));
    // Bed relief (R6) on the knuckle ends that face a tab: the flank needs a
    // vertex at the chamfer height (edge 2 starts at the flat's end).
    let br = spec.bed_relief;
    let oa = insert_level(&oa, br, |i| i == 2);
    let na = oa.len();
    let oa0 = [&oa[..na - 3], &tops[..]].concat();
    // Split points of an A outline: up to the cut is the part that faces a
    // tab (chamfered), beyond it the leaf that runs on under the tab.
    let cut_index = |o: &[Point2]| o.iter().position(|q| q.x == y_cut && q.y == t).unwrap();
    let cut_part = |o: &[Point2]| {
        let mut c = o[1..=cut_index(o)].to_vec();
        c.push(Point2::new(y_cut, br));
        c
    };
    let oa_cut = cut_part(&oa);
    let oa0_cut = cut_part(&oa0);
    let leaf_mid: Vec<Point2> = oa0[cut_index(&oa0) + 1..oa0.len() - 1].to_vec();
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
    let (leaf_in, leaf_bed) = (Point2::new(y_cut, 0.0), Point2::new(y_a, 0.0));
    for (j, sp) in spans.iter().enumerate() {
        let o: &[Point2] = if j == 0 { &oa0 } else { &oa };
        let cut = cut_index(o);
        // Leaf bottom: carries the chamfer's corners on its y_cut edge.
        let mut bottom = vec![yz(sp.x0, leaf_bed), yz(sp.x0, leaf_in)];
        let (lo, hi) = sp.ends(0.0);
        if sp.r0 > 0.0 {
            bottom.push(yz(lo, leaf_in));
        }
        if sp.r1 > 0.0 {
            bottom.push(yz(hi, leaf_in));
        }
        bottom.extend([yz(sp.x1, leaf_in), yz(sp.x1, leaf_bed)]);
        let ids = carrier.vertices(&bottom);
        carrier.fan(&ids);
        // The knuckle part, chamfered at the ends that face a tab.
        for i in 1..cut {
            if j == 0 && o[i].y == t && o[i + 1].y == t {
                continue; // the labelled top
            }
            sp.wall(&mut carrier, o[i], o[i + 1]);
        }
        // The leaf beyond the cut (top, outer side), square-ended; A0's top
        // is the labelled face instead.
        for i in cut..o.len() {
            let (p, q) = (o[i], o[(i + 1) % o.len()]);
            if j == 0 && p.y == t && q.y == t {
                continue;
            }
            wall(&mut carrier, sp.x0, sp.x1, p, q);
        }
        // Where the chamfer leaves the leaf's side at y_cut open to the air.
        let corner = |x: f64, z: f64| Point::new(x, y_cut, z);
        if sp.r0 > 0.0 {
            let v = carrier.vertices(&[corner(sp.x0, 0.0), corner(sp.x0, br), corner(lo, 0.0)]);
            carrier.triangle(v[0], v[1], v[2]);
        }
        if sp.r1 > 0.0 {
            let v = carrier.vertices(&[corner(hi, 0.0), corner(sp.x1, br), corner(sp.x1, 0.0)]);
            carrier.triangle(v[0], v[1], v[2]);
        }
        if j == 0 {
            top_face(
                &mut carrier,
                (sp.x0, sp.x1),
                (y_a, -yk),
                t,
                Some(&legend_patch),
                &[y_cut],
            );
            cap(&mut carrier, sp.x0, &oa0, &[], false);
        }
        if j == n {
            cap(&mut carrier, sp.x1, &oa, &[], true);
        }
    }
    // Pin and cut-back leaf between knuckles.
    let chamfer_corner = [Point2::new(y_cut, br)];
    for i in 0..n {
        let (left, right) = (spans[i], spans[i + 1]);
        let (x0, x1) = (left.x1, right.x0);
        extrude(&mut carrier, x0, x1, &pin, &[]);
        extrude(&mut carrier, x0, x1, &leaf_cut, &[1, 2]);
        wall_with(
            &mut carrier,
            (x0, x1),
            leaf_cut[1],
            leaf_cut[2],
            &chamfer_corner,
            &chamfer_corner,
        );
        let mid: &[Point2] = if i == 0 { &leaf_mid } else { &[] };
        wall_with(&mut carrier, (x0, x1), leaf_cut[2], leaf_cut[3], mid, &[]);
        left.end(
            &mut carrier,
            if i == 0 { &oa0_cut } else { &oa_cut },
            &pin,
            true,
        );
        right.end(&mut carrier, &oa_cut, &pin, false);
        bridges.push(Bridge {
            part: 0,
            z: lv.pin_flat,
            min: [x0, -pin_half],
            max: [x1, pin_half],
            what: "pin flat bottom (bridge between A knuckles)",
        });
    }
    let mut parts = vec![Part {
        name: "carrier".into(),
        mesh: carrier.finish(),
    }];

    // Tabs.
    let mut stations = Vec::with_capacity(n);
    for (i, (c, &(x0, x1))) in spec.clearances.iter().zip(&b_ranges).enumerate() {
        let bore = Bore::new(&spec, &lv, c.mm());
        let q = bore.outline(axis, n_seg);
        let mut mb = MeshBuilder::new();
        let bm = bitmap(&texts[i]);
        let (pw, ph) = label::patch_size(&bm, cell, cell);
        let frame = Frame {
            origin: Point::new(
                (x0 + x1 - pw) / 2.0,
                (rk + spec.swing_gap + y_b - ph) / 2.0,
                t,
            ),
            u: Vector::x(),
            v: Vector::y(),
        };
        let patch = label::build(&mut mb, &frame, &bm, cell, cell, -lv.relief);
        top_face(&mut mb, (x0, x1), (yk, y_b), t, Some(&patch), &[]);
        // The caps' top edges carry the patch rows' end points.
        let [pbottom, _, pupper, _] = patch.edges();
        let obt = with_points(
            &ob,
            2,
            &[Point2::new(pupper[0].y, t), Point2::new(pbottom[0].y, t)],
        );
        // Chamfered at both ends: every tab end faces an A knuckle.
        let obt = insert_level(&obt, spec.bed_relief, |_| true);
        let sp = Span {
            x0,
            x1,
            r0: spec.bed_relief,
            r1: spec.bed_relief,
        };
        for k in 0..obt.len() {
            let (p, q) = (obt[k], obt[(k + 1) % obt.len()]);
            if !(p.y == t && q.y == t) {
                sp.wall(&mut mb, p, q);
            }
        }
        extrude_hole(&mut mb, x0, x1, &q);
        sp.end(&mut mb, &obt, &q, false);
        sp.end(&mut mb, &obt, &q, true);
        bridges.push(Bridge {
            part: i + 1,
            z: bore.roof,
            min: [x0, -bore.roof_half],
            max: [x1, bore.roof_half],
            what: "bore roof (flat teardrop)",
        });
        let xc = (x0 + x1) / 2.0;
        parts.push(Part {
            name: format!("tab {} ({} mm)", i + 1, c),
            mesh: mb.finish(),
        });
        // A point in the tab's own material beside its knuckle.
        let at = Point::new(xc, (yk + rk + spec.swing_gap) / 2.0, t / 2.0);
        stations.push(station(i, *c, texts[i].clone(), at, Some(i + 1)));
    }
    Coupon {
        kind: "hinge",
        parts,
        stations,
        bridges,
        legend,
        profile: p,
    }
    .validated()
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

    /// At 0.8 and 1.0 mm nozzles the label cells, measured on the first
    /// tab's deboss floor, are at least 1.5 x nozzle and every bore leaves
    /// a knuckle wall of at least two lines (the knuckle grows for them).
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
            let tab = &c.parts[c.stations[0].part.unwrap()].mesh;
            let at_floor: Vec<&Point> = tab
                .vertices
                .iter()
                .filter(|v| (v.z - floor).abs() < 1e-9)
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
