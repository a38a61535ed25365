//! gapgauge: print-in-place tolerance-test coupons for FDM printing.
#![warn(missing_docs)]

pub mod cli;
pub mod geom;
pub mod label;
pub mod plan;
pub mod preset;
pub mod units;
