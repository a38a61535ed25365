//! The layer-aware verdict: a pair of parts as the slicer cuts it.
//!
//! A slicer never sees the 3D gap. It cuts each part at every layer's
//! middle ([`crate::slice`]) and prints the sections; two parts fuse when
//! their sections come closer in one layer than the printer can keep
//! apart, or when one part's layer is printed onto the other part's
//! previous layer (on a slope shallower than the layer height allows).
//! On a 45-degree face the 3D gap is the horizontal clearance times
//! cos 45, so a hinge designed with 0.3 mm horizontal clearance measures
//! 0.21 mm in 3D and would fail a 0.25 mm minimum it actually meets.
//!
//! Only pairs that come within the limit or a layer height of each other
//! in 3D are sliced: the XY gap in a layer is never smaller than the 3D
//! gap, and parts farther apart than a layer cannot rest on each other.

use super::pairs::Selected;
use super::{CheckOptions, LayerVerdict, RestsOn};
use crate::geom::Mesh;
use crate::slice::{FUSION_EPS_MM, LayerPlan, SliceError, SliceStack, slice};

/// Slice the kept pairs' parts with `plan` and decide each pair on its
/// layers. Touching and nested pairs are fused whatever the layers say
/// and are not sliced. If the plan cannot be used (too many layers for
/// the model's height), every pair keeps its 3D verdict and the slice's
/// error is returned for the report to say so.
pub(super) fn decide(
    sel: &mut Selected,
    plan: &LayerPlan,
    opts: &CheckOptions,
    mesh_of: impl Fn(usize) -> Mesh,
) -> Result<(), SliceError> {
    let sliced = |g: &super::GapReport| g.nested.is_none() && g.distance_mm > g.tolerance_mm;
    let mut involved: Vec<usize> = sel
        .kept
        .iter()
        .filter(|g| sliced(g))
        .flat_map(|g| [g.part_a, g.part_b])
        .collect();
    involved.sort_unstable();
    involved.dedup();
    if involved.is_empty() {
        return Ok(());
    }
    let meshes: Vec<Mesh> = involved.iter().map(|&p| mesh_of(p)).collect();
    let refs: Vec<&Mesh> = meshes.iter().collect();
    let stack = slice(&refs, plan)?;
    let at = |p: usize| involved.binary_search(&p).expect("sliced part");
    for g in sel.kept.iter_mut().filter(|g| sliced(g)) {
        let v = verdict(&stack, at(g.part_a), at(g.part_b), (g.part_a, g.part_b));
        let narrow = v
            .xy_gap_mm
            .is_some_and(|d| super::pairs::too_small_3d(d, g.tolerance_mm, opts));
        g.too_small = narrow || v.rests_on.is_some();
        g.layers = Some(v);
    }
    Ok(())
}

/// The smallest XY gap over all layers and the widest rest-on overlap
/// between stack parts `a` and `b` (file parts `ids`).
fn verdict(stack: &SliceStack, a: usize, b: usize, ids: (usize, usize)) -> LayerVerdict {
    let mut v = LayerVerdict {
        xy_gap_mm: None,
        layer: None,
        z_mm: None,
        point_a: None,
        point_b: None,
        rests_on: None,
    };
    for (k, layer) in stack.layers.iter().enumerate() {
        if let Some(gap) = stack.gap(k, a, b)
            && v.xy_gap_mm.is_none_or(|d| gap.distance < d)
        {
            v.xy_gap_mm = Some(gap.distance);
            v.layer = Some(k);
            v.z_mm = Some(layer.cut);
            v.point_a = Some([gap.a.x, gap.a.y]);
            v.point_b = Some([gap.b.x, gap.b.y]);
        }
        for (up, low, up_id, low_id) in [(a, b, ids.0, ids.1), (b, a, ids.1, ids.0)] {
            if let Some(o) = stack.rests_on(k, up, low)
                && o.width > FUSION_EPS_MM
                && v.rests_on.as_ref().is_none_or(|r| o.width > r.width_mm)
            {
                v.rests_on = Some(RestsOn {
                    upper_part: up_id,
                    lower_part: low_id,
                    layer: k,
                    width_mm: o.width,
                    area_mm2: o.area,
                });
            }
        }
    }
    v
}
