//! An axis-aligned box, the body most carriers start from.

use super::extrude::{Prism, Region};
use super::frame::Frame;
use super::shell::{FaceId, Shell};
use crate::geom::{Point, Point2};

/// The six faces of a block, by the direction they face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockFaces {
    /// Facing -Z (on the bed).
    pub bottom: FaceId,
    /// Facing +Z.
    pub top: FaceId,
    /// Facing -Y.
    pub front: FaceId,
    /// Facing +X.
    pub right: FaceId,
    /// Facing +Y.
    pub back: FaceId,
    /// Facing -X.
    pub left: FaceId,
}

/// Push the box from `min` to `max` into `shell`. Cavities pierce it by
/// cutting their mouths as holes into its faces ([`Shell::add_hole`]),
/// labels by [`push_label`](super::push_label).
///
/// ```
/// use gapgauge::geom::kit::{Shell, push_block};
/// use gapgauge::geom::Point;
/// let mut s = Shell::new("block");
/// let f = push_block(&mut s, "block", Point::new(0.0, 0.0, 0.0), Point::new(3.0, 2.0, 1.0));
/// assert_eq!(s.face(f.left).name, "block left");
/// assert!((s.finish().unwrap().signed_volume() - 6.0).abs() < 1e-12);
/// ```
pub fn push_block(shell: &mut Shell, name: &str, min: Point, max: Point) -> BlockFaces {
    let region = Region::rectangle(Point2::new(min.x, min.y), Point2::new(max.x, max.y));
    let sides = Frame::xy();
    let faces = Prism::new(region, sides, min.z, max.z).push(shell, name);
    let side = &faces.sides[0];
    let mut named = BlockFaces {
        bottom: faces.bottom,
        top: faces.top,
        front: side[0],
        right: side[1],
        back: side[2],
        left: side[3],
    };
    for (id, what) in [
        (&mut named.front, "front"),
        (&mut named.right, "right"),
        (&mut named.back, "back"),
        (&mut named.left, "left"),
    ] {
        shell.rename(*id, format!("{name} {what}"));
    }
    named
}
