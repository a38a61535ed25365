//! One station's bore: the layer-true teardrop a tab swings on (see
//! docs/hinge.md).

use super::HingeSpec;
use super::sizing::{Levels, segment_count};
use crate::geom::Point2;
use crate::geom::circle::{Fit, arc};
use std::f64::consts::{FRAC_PI_4, PI, SQRT_2};

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
pub(super) struct Bore {
    /// Nominal bore radius r_p + c.
    rb: f64,
    /// How far the upper half is raised and the lower half lowered.
    up: f64,
    down: f64,
    /// Roof and floor heights (layer boundaries).
    pub roof: f64,
    pub floor: f64,
    /// Half-widths of roof and floor.
    pub roof_half: f64,
    floor_half: f64,
}

impl Bore {
    pub fn new(spec: &HingeSpec, lv: &Levels, c: f64) -> Self {
        let p = spec.profile;
        let h = p.layer_height;
        let rp = spec.pin_diameter / 2.0;
        let rb = rp + c;
        // docs/design-rules.md R3 + R4: whole layers above max(c, h) plus
        // one, and at least the bridge minimum max(2h, nozzle).
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
    pub fn outline(&self, axis: Point2, n: usize) -> Vec<Point2> {
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
    pub fn wall(&self, spec: &HingeSpec, lv: &Levels) -> f64 {
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
