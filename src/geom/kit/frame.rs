//! Where a 2D region or an (r, z) profile is placed in space.

use crate::geom::{Point, Point2, Vector};

/// A right-handed frame: 2D coordinates (x, y) map to `origin + x u + y v`,
/// and the third coordinate (height, or the axis of a revolution) runs
/// along `w = u x v`.
///
/// Coupons mostly use [`Frame::xy`] (a region on the bed, extruded up). The
/// hinge's knuckles lie along X, so its profiles live in the YZ plane:
/// [`Frame::yz`]. With unit axes the mapping adds exact zeros, so a point
/// computed here has the same bits as the same point written by hand, and
/// the finishing pass welds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The point at (0, 0, 0).
    pub origin: Point,
    /// The 2D x direction (unit).
    pub u: Vector,
    /// The 2D y direction (unit, perpendicular to `u`).
    pub v: Vector,
}

impl Frame {
    /// The world frame: (x, y) on the bed, heights along +Z.
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::Point;
    /// assert_eq!(Frame::xy().at(1.0, 2.0, 3.0), Point::new(1.0, 2.0, 3.0));
    /// ```
    pub fn xy() -> Frame {
        Frame {
            origin: Point::origin(),
            u: Vector::x(),
            v: Vector::y(),
        }
    }

    /// (x, y) in the world's YZ plane, heights along +X (a horizontal axis
    /// along X, such as a hinge pin).
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::Point;
    /// assert_eq!(Frame::yz().at(1.0, 2.0, 3.0), Point::new(3.0, 1.0, 2.0));
    /// ```
    pub fn yz() -> Frame {
        Frame {
            origin: Point::origin(),
            u: Vector::y(),
            v: Vector::z(),
        }
    }

    /// The same frame moved so that its origin is at `origin`.
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::Point;
    /// let f = Frame::xy().moved_to(Point::new(5.0, 0.0, 1.0));
    /// assert_eq!(f.at(1.0, 1.0, 0.0), Point::new(6.0, 1.0, 1.0));
    /// ```
    pub fn moved_to(self, origin: Point) -> Frame {
        Frame { origin, ..self }
    }

    /// The third axis, `u x v`: the extrusion direction, the axis of a
    /// revolution.
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::Vector;
    /// assert_eq!(Frame::yz().w(), Vector::x());
    /// ```
    pub fn w(&self) -> Vector {
        self.u.cross(&self.v)
    }

    /// The point at 2D position (x, y) and height `h` along [`Frame::w`].
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::Point;
    /// assert_eq!(Frame::xy().at(0.5, -1.0, 2.0), Point::new(0.5, -1.0, 2.0));
    /// ```
    pub fn at(&self, x: f64, y: f64, h: f64) -> Point {
        let w = self.w();
        Point::new(
            self.origin.x + (self.u.x * x + self.v.x * y + w.x * h),
            self.origin.y + (self.u.y * x + self.v.y * y + w.y * h),
            self.origin.z + (self.u.z * x + self.v.z * y + w.z * h),
        )
    }

    /// A 2D loop lifted to height `h`.
    ///
    /// ```
    /// use gapgauge::geom::kit::Frame;
    /// use gapgauge::geom::{Point, Point2};
    /// let l = Frame::xy().lift(&[Point2::new(1.0, 2.0)], 0.4);
    /// assert_eq!(l, vec![Point::new(1.0, 2.0, 0.4)]);
    /// ```
    pub fn lift(&self, pts: &[Point2], h: f64) -> Vec<Point> {
        pts.iter().map(|p| self.at(p.x, p.y, h)).collect()
    }
}
