//! A built coupon through the slice model: which stations a slicer would
//! close up or weld.

use super::plan::{LayerPlan, SliceError};
use super::stack::{Fusion, LayerGap, SliceStack, slice};
use crate::coupon::Coupon;

/// The clearance under which slicers close or merge a gap whatever the
/// geometry says (PrusaSlicer's `slice_closing_radius` of 0.049 mm closes
/// gaps under about 0.1 mm): stations below it are controls.
pub const SLICER_FLOOR_MM: f64 = 0.10;

/// Overlaps narrower than this (mm) are round-off, not a weld.
pub const FUSION_EPS_MM: f64 = 1e-4;

/// What the slice model finds wrong with a coupon at one layer plan.
#[derive(Debug, Clone, Default)]
pub struct LayerFindings {
    /// Gaps between two parts narrower than the slicer floor (or than the
    /// smaller station's own clearance when that is below the floor), on
    /// stations that are not controls.
    pub narrow: Vec<LayerGap>,
    /// Parts resting on each other across consecutive layers.
    pub fused: Vec<Fusion>,
}

impl LayerFindings {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.narrow.is_empty() && self.fused.is_empty()
    }
}

/// Section every part of `coupon` with `plan`.
pub fn slice_coupon(coupon: &Coupon, plan: &LayerPlan) -> Result<SliceStack, SliceError> {
    let meshes: Vec<_> = coupon.parts.iter().map(|p| &p.mesh).collect();
    slice(&meshes, plan)
}

/// Is part `i` a control (the moving part of a station below the floor)?
fn is_control(coupon: &Coupon, part: usize) -> bool {
    coupon
        .stations
        .iter()
        .any(|s| s.part == Some(part) && s.clearance_mm < SLICER_FLOOR_MM - 1e-9)
}

/// Check `coupon` layer by layer: every pair of parts keeps at least the
/// slicer floor of air in every layer, and no part rests on another. Pairs
/// involving a control station's part are skipped.
pub fn layer_findings(coupon: &Coupon, plan: &LayerPlan) -> Result<LayerFindings, SliceError> {
    let stack = slice_coupon(coupon, plan)?;
    let live = |i: usize| !is_control(coupon, i);
    let narrow = stack
        .gaps_under(SLICER_FLOOR_MM - 1e-6)
        .into_iter()
        .filter(|g| live(g.parts.0) && live(g.parts.1))
        .collect();
    let fused = stack
        .fusions(FUSION_EPS_MM)
        .into_iter()
        .filter(|f| live(f.upper_part) && live(f.lower_part))
        .collect();
    Ok(LayerFindings { narrow, fused })
}
