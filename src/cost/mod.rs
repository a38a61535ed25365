//! Print cost: how long a coupon takes to print and how much filament it
//! uses, estimated from the slice model ([`crate::slice`]) the way a slicer
//! would lay it out, with PrusaSlicer 2.5's default speeds.
//!
//! A gauge is only useful if it is cheap next to the print it protects, so
//! `make`, `plan` and `batch` report this estimate. It is calibrated against
//! PrusaSlicer's own estimate (`tools/print-cost.sh`, figures in
//! `tests/fixtures/print-cost/`) to within ±20 % for every coupon at
//! 0.4/0.2 and 0.6/0.3; how it works and where it is off is in
//! docs/print-cost.md.

mod cooling;
mod estimate;
mod inset;
mod layer;
mod motion;
mod moves;
mod planned;
mod profile;
mod summary;

pub use cooling::{Cooling, Extruded};
pub use estimate::{Breakdown, Estimator, PrintCost};
pub use inset::inset;
pub use layer::{Flow, LayerWork, Loop, Patch, layer_work};
pub use motion::move_time;
pub use planned::{CostError, CouponCost, SetCost, coupon_cost, coupon_for, plan_cost, set_cost};
pub use profile::CostProfile;
pub use summary::{BASIS, BASIS_PRESET_SPEEDS, CostSummary, MinutesByKind, duration};
