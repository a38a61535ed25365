//! A built coupon through the slice model: which stations a slicer would
//! close up or weld.

use super::plan::{LayerPlan, SliceError};
use super::stack::{Fusion, LayerGap, SliceStack, slice};
use crate::coupon::Coupon;

/// Overlaps narrower than this (mm) are round-off, not a weld.
pub const FUSION_EPS_MM: f64 = 1e-4;

/// What the slice model finds wrong with a coupon at one layer plan.
#[derive(Debug, Clone, Default)]
pub struct LayerFindings {
    /// Gaps narrower than the slicer floor ([`crate::plan::SLICER_FLOOR`]:
    /// slicers close narrower cracks), on stations that are not controls.
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
        .any(|s| s.part == Some(part) && s.control)
}

/// Is a gap inside one part at a control station (a slit below the floor)?
/// Slits are measured along X, so the station whose X is nearest says.
fn near_control(coupon: &Coupon, g: &LayerGap) -> bool {
    let x = g.gap.at().x;
    coupon
        .stations
        .iter()
        .min_by(|a, b| {
            (a.position[0] - x)
                .abs()
                .total_cmp(&(b.position[0] - x).abs())
        })
        .is_some_and(|s| s.control)
}

/// Check `coupon` layer by layer: every pair of parts keeps at least the
/// slicer floor of air in every layer (between parts, and across slits
/// inside one part), and no part rests on another. A control station's
/// part, or slit, is skipped.
pub fn layer_findings(coupon: &Coupon, plan: &LayerPlan) -> Result<LayerFindings, SliceError> {
    let stack = slice_coupon(coupon, plan)?;
    let live = |i: usize| !is_control(coupon, i);
    let below = crate::plan::SLICER_FLOOR.mm() - 1e-6;
    let mut narrow: Vec<LayerGap> = stack
        .gaps_under(below)
        .into_iter()
        .filter(|g| live(g.parts.0) && live(g.parts.1))
        .collect();
    for part in 0..stack.part_count() {
        narrow.extend(
            stack
                .gaps_within(part, below)
                .into_iter()
                .filter(|g| !near_control(coupon, g)),
        );
    }
    let fused = stack
        .fusions(FUSION_EPS_MM)
        .into_iter()
        .filter(|f| live(f.upper_part) && live(f.lower_part))
        .collect();
    Ok(LayerFindings { narrow, fused })
}
