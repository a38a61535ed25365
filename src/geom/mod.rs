//! Geometry core: indexed f64 meshes, watertight builders, tessellation,
//! validation and measurement.
//!
//! Conventions: millimetres, Z up, the bed at z = 0, triangles wound
//! counter-clockwise seen from outside. A part is one closed shell.

pub mod build;
pub mod bvh;
pub mod circle;
pub mod distance;
pub mod fixtures;
pub mod inside;
pub mod intersect;
pub mod kit;
pub mod math;
pub mod mesh;
pub mod polygon;
pub mod primitives;
pub mod slab;
pub mod validate;

pub use build::MeshBuilder;
pub use math::{Iso, Point, Point2, Vector};
pub use mesh::{Aabb, Mesh};
