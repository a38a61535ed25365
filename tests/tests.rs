//! The single integration-test binary (one link step on a 2-core CI).
//!
//! - `batch`: gauge sets per filament, manifests, determinism.
//! - `check`: `gapgauge check`: exit codes, table and JSON output,
//!   unreadable files.
//! - `cli`: the `gapgauge` binary as a user runs it: outputs, exit codes,
//!   bad input, atomic writes, determinism.
//! - `hinge`: property tests of the hinge ladder, with exact distances and
//!   the swing.
//! - `hinge_cli`: `make hinge` from the command line.
//! - `make_cli`: `make` as a planner front end: the planner's flags, the
//!   expected column, unknown materials, coupons too long for the bed.
//! - `pin`: property tests of the captive-pin gauge's geometry.
//! - `readme`: the README's first screen, and every command in it run as
//!   written with the `examples/` files it names.
//! - `slots`: property tests of the slot comb and push-out plugs, gaps
//!   measured on the mesh.
//! - `stepped_cli`: `make slots` and `make plugs` from the command line.
//! - `threemf`: 3MF output read back (zip + XML) against the STL route.

mod batch;
mod check;
mod cli;
mod common;
mod hinge;
mod hinge_cli;
mod make_cli;
mod pin;
mod readme;
mod slots;
mod stepped_cli;
mod threemf;
