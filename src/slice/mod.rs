//! The slice model: every part cut at the heights where slicers cut, as
//! polygons with holes per part per layer, and the two questions a
//! print-in-place gauge must answer from it.
//!
//! - [`LayerPlan`] says where the cuts are. PrusaSlicer, OrcaSlicer and
//!   CuraEngine (its default `slicing_tolerance = middle`) all cut the first
//!   layer at half its height and every later layer at its middle,
//!   `first + (k + 1/2) h`, so one plan serves them all (docs/slicing.md).
//! - [`slice()`] sections closed meshes into a [`SliceStack`]: one
//!   [`Region`] (polygons with holes) per part and layer. A part may be
//!   several shells; an inward-wound inner shell is a cavity and shows up as
//!   a hole, because loops are filled by the non-zero winding rule.
//! - [`SliceStack::gap`] is the smallest XY distance between two parts in
//!   one layer (with the two closest points), [`SliceStack::rests_on`] the
//!   overlap of one part's layer with another part's layer below it: where a
//!   slicer lays one part's extrusion on the other and welds them.
//! - [`Region::area`] and [`Region::perimeter`] are what a print-time
//!   estimate needs per layer.
//!
//! Polygon booleans (filling loops, intersecting regions) use `i_overlay`;
//! distances are computed here on the polygon edges.

mod coupon;
mod gap;
mod plan;
mod region;
mod section;
mod stack;

pub use coupon::{FUSION_EPS_MM, LayerFindings, layer_findings, slice_coupon};
pub use gap::Gap;
pub use plan::{Layer, LayerPlan, MAX_LAYERS, SliceError};
pub use region::{Polygon, Region};
pub use section::section_loops;
pub use stack::{Fusion, LayerGap, Overlap, SliceStack, slice};
