//! Scalar and point types, and the distance thresholds the geometry uses.
//!
//! Everything inside the crate is f64 millimetres, Z up, bed at z = 0. f32
//! appears only at the STL boundary (`crate::stl`).

/// A position in millimetres.
pub type Point = nalgebra::Point3<f64>;
/// An offset or direction in millimetres.
pub type Vector = nalgebra::Vector3<f64>;
/// A rigid placement (rotation + translation) of a part on the plate.
pub type Iso = nalgebra::Isometry3<f64>;
/// A 2D point of a profile or a face outline.
pub type Point2 = nalgebra::Point2<f64>;

/// Distances below this are "equal" when comparing geometry built in f64.
///
/// The geometry is exact to the micron; one nanometre leaves six orders of
/// magnitude of room for f64 round-off on coordinates below 1000 mm.
pub const EPS_MM: f64 = 1e-9;

/// Smallest triangle area accepted by the validator (mm^2).
///
/// `docs/design-rules.md`, Mesh output, invariant 4.
pub const MIN_TRIANGLE_AREA: f64 = 1e-8;

/// Shortest triangle edge accepted by the validator (mm).
pub const MIN_EDGE_LENGTH: f64 = 1e-4;

/// The smaller of two numbers that are not NaN, in one instruction.
///
/// `f64::min` returns the other number when one is NaN, and that rule
/// costs several instructions; the tree searches call this hundreds of
/// millions of times on values that are finite (a tree holds no triangle
/// with a non-finite corner). With a NaN the result is `y`.
#[inline]
pub(crate) fn smaller(x: f64, y: f64) -> f64 {
    if x < y { x } else { y }
}

/// The larger of two numbers that are not NaN (see [`smaller`]).
#[inline]
pub(crate) fn larger(x: f64, y: f64) -> f64 {
    if x > y { x } else { y }
}
