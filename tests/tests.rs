//! The single integration-test binary (one link step on a 2-core CI).
//!
//! - `ball`: property tests of the ball-and-socket coupon: exact gaps,
//!   layer-true, the clearance kept when tilted to the stop.
//! - `batch`: gauge sets per filament, manifests, determinism.
//! - `bridge`: the bridge-gap sweep: gaps measured on the mesh, layer-true,
//!   `make bridge` from the command line.
//! - `calib`: the calibration loop: batch, record, recommend, plan
//!   refinement and check against a temporary ledger; Spoolman exports.
//! - `chain`: property tests of the chain-link pair: genus, the air under
//!   each bridge in whole layers, the clearance kept through the ring's
//!   range of motion.
//! - `check`: `gapgauge check`: exit codes, table and JSON output,
//!   unreadable files.
//! - `cli`: the `gapgauge` binary as a user runs it: outputs, exit codes,
//!   bad input, atomic writes, determinism.
//! - `faults`: a batch rerun killed 20 times at random moments; every
//!   folder stays complete.
//! - `hinge`: property tests of the hinge ladder: the swing and its shape.
//! - `hinge_cli`: `make hinge` from the command line.
//! - `invariants`: the invariant harness: one table of checks (validator,
//!   layer grid, overhangs, exact gaps, layer-true) over every coupon in
//!   `Family::ALL`, on random settings, regressions and planned sweeps.
//! - `make_cli`: `make` as a planner front end: the planner's flags, the
//!   expected column, unknown materials, coupons too long for the bed.
//! - `pin`: the captive-pin gauge's own promises (topology, labels).
//! - `plans_build`: `make` with no sweep builds for every built-in material
//!   x printer x coupon, and a refused plan says the planner chose it.
//! - `print_cost`: the print-cost estimate against PrusaSlicer's recorded
//!   figures (tests/fixtures/print-cost/), growth and determinism.
//! - `props_cli`: random extreme and non-ASCII settings through make, plan
//!   and batch: exit 0 or 2, never a panic, no stray files.
//! - `readme`: the README's first screen, and every command in it run as
//!   written with the `examples/` files it names.
//! - `render`: the picture renderer: pinned output, every station shown.
//! - `safety`: issue 15, one regression test per finding (user data kept,
//!   outputs, panics, validation, escaping, wording).
//! - `snapshot`: every coupon's geometry (volumes, areas, boxes, genus,
//!   triangle counts, measured gaps) pinned to `tests/snapshots/*.json`.
//! - `slots`: property tests of the slot comb and push-out plugs, gaps
//!   measured on the mesh.
//! - `stepped_cli`: `make slots` and `make plugs` from the command line.
//! - `threemf`: 3MF output read back (zip + XML) against the STL route.

mod ball;
mod batch;
mod bridge;
mod calib;
mod chain;
mod check;
mod cli;
mod common;
mod faults;
mod hinge;
mod hinge_cli;
mod invariants;
mod make_cli;
mod pin;
mod plans_build;
mod print_cost;
mod props_cli;
mod readme;
mod render;
mod safety;
mod slots;
mod snapshot;
mod stepped_cli;
mod threemf;
