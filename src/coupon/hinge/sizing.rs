//! Sizing: the heights every part shares (on layer boundaries), the one
//! segment count, and the knuckle grown to hold the widest bore.

use super::HingeSpec;
use super::bore::Bore;
use crate::geom::circle::segments_for;
use std::f64::consts::{PI, SQRT_2};

/// Heights and shared sizes of a coupon.
pub(super) struct Levels {
    /// Axis height: half a wall under the knuckle radius, snapped up to a
    /// layer boundary (the bed cuts the knuckle's teardrop, widening its
    /// flat).
    pub axis: f64,
    /// Radius of A's knuckles: the pin and a wall, never more than the
    /// tabs' knuckle radius (they hold no bore).
    pub a_radius: f64,
    /// Leaf top (a layer boundary).
    pub top: f64,
    /// First layer boundary.
    pub first: f64,
    /// Deboss depth (whole layers).
    pub relief: f64,
    /// Pin's flat bottom (a layer boundary, inside the pin circle).
    pub pin_flat: f64,
}

impl Levels {
    pub fn new(spec: &HingeSpec) -> Self {
        let p = spec.profile;
        // On a layer boundary, so every bore's roof and floor sit whole
        // layers from the axis whatever the knuckle radius: a station's
        // bore, and any refusal of it, cannot depend on the other stations
        // (which grow the knuckle).
        // Half a wall lower than a knuckle resting on the bed: the tallest
        // parts lose those layers, and every bore floor stays whole layers
        // above the first layer (`HingeSpec::validated` checks it; the
        // knuckle grows for it).
        let axis = p.snap_up(spec.knuckle_radius - spec.min_wall / 2.0);
        let rp = spec.pin_diameter / 2.0;
        let top = p.snap_up(spec.leaf_thickness);
        Levels {
            axis,
            a_radius: a_radius(spec, axis, top),
            top,
            first: p.first_layer_height,
            relief: p.whole_layers(spec.label_relief),
            // Snapped up so the flat stays inside the pin circle.
            pin_flat: p.snap_up(axis - rp * (PI / 8.0).cos()),
        }
    }
}

/// A's knuckle radius: the pin plus the minimum wall, or more where that
/// circle would meet the leaf top below its 45-degree flank, or leave its
/// teardrop's point above the bed; at most the tabs' knuckle radius. A's
/// knuckles hold no bore, so they need not be as tall as the tabs': the
/// tallest layers print only the tabs.
fn a_radius(spec: &HingeSpec, axis: f64, top: f64) -> f64 {
    const MARGIN: f64 = 0.05;
    (spec.pin_diameter / 2.0 + spec.min_wall)
        .max(SQRT_2 * (axis - top) + MARGIN)
        .max(axis / SQRT_2 + MARGIN)
        .min(spec.knuckle_radius)
}

/// One segment count for every arc of a coupon, a multiple of 16 (pin
/// breakpoints at multiples of 22.5 degrees; bore tangent points at 45),
/// so the pin's vertices face the bore's edges (`docs/design-rules.md`,
/// Tessellation).
pub(super) fn segment_count(spec: &HingeSpec) -> usize {
    segments_for(spec.knuckle_radius, spec.profile.chord_tolerance).div_ceil(16) * 16
}

impl HingeSpec {
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
}
