//! The coupon kit: the vocabulary coupons declare their parts with.
//!
//! A coupon part is a [`Shell`] of planar [`Face`]s, each an outer loop plus
//! holes in 3D with its outward side stated. Coupons push faces (directly,
//! or through the helpers here: a [`Prism`] of a 2D [`Region`], a
//! [`Revolution`] of an (r, z) profile, a box from [`push_block`], a label
//! from [`push_label`]) and then call [`Shell::finish`] once. That one pass
//! welds vertices by exact position, inserts into every face edge the points
//! neighbouring faces put on it (so no coupon keeps T-junctions out by hand),
//! triangulates each face in its plane, and runs the project's validator;
//! any defect comes back as a [`KitError`](crate::error::KitError) naming
//! the face behind it.
//!
//! Everything is millimetres, Z up, bed at z = 0, like the rest of `geom`.
//!
//! ```
//! use gapgauge::geom::kit::{Frame, Prism, Region, Shell};
//! use gapgauge::geom::Point2;
//!
//! // A 10 x 6 x 2 plate with a 2 x 2 square hole, in a dozen words.
//! let plate = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(10.0, 6.0))
//!     .with_hole(Region::rectangle(Point2::new(4.0, 2.0), Point2::new(6.0, 4.0)).outer);
//! let mut shell = Shell::new("plate");
//! Prism::new(plate, Frame::xy(), 0.0, 2.0).push(&mut shell, "plate");
//! let mesh = shell.finish().unwrap();
//! assert!((mesh.signed_volume() - (60.0 - 4.0) * 2.0).abs() < 1e-9);
//! ```

mod block;
mod extrude;
mod face;
mod finish;
mod frame;
mod label;
mod layout;
mod revolve;
mod shell;

pub use block::{BlockFaces, push_block};
pub use extrude::{Chamfer, Prism, PrismFaces, Region};
pub use face::{Face, newell_normal};
pub use frame::Frame;
pub use label::{centred_label_frame, push_label};
pub use layout::{Span, along_x, pitched};
pub use revolve::{CavityMouths, Revolution, SolidCaps, offset_normal};
pub use shell::{FaceId, Shell};
