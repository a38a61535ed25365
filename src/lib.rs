//! gapgauge: print-in-place tolerance-test coupons for FDM printing.
#![warn(missing_docs)]

pub mod atomic;
pub mod batch;
pub mod calib;
pub mod check;
pub mod clearance;
pub mod cli;
pub mod cost;
pub mod coupon;
pub mod error;
pub mod geom;
pub mod label;
pub mod limits;
pub mod output_format;
pub mod parallel;
pub mod plan;
pub mod preset;
pub mod render;
pub mod slice;
pub mod stl;
pub mod stl_read;
pub mod sweep;
pub mod textfile;
pub mod threemf;
pub mod units;
