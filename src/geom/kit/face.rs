//! A planar face: an outer loop plus holes, with its outward side stated.

use crate::geom::{Point, Vector};

/// One planar face of a shell, before the finishing pass.
///
/// The loops may be listed in either turning direction: the face states
/// which way is out (`outward`, any vector on the outer side of the plane)
/// and the finishing pass orients and triangulates the loops to match. That
/// lets a coupon list a wall's corners in whatever order reads best and
/// decide its side by which neighbour is higher. The name ("tooth 3 top")
/// is what a defect report points at.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// What the face is, for error messages.
    pub name: String,
    /// The outer loop (not closed: the last point joins the first).
    pub outer: Vec<Point>,
    /// Holes strictly inside the outer loop, apart from each other.
    pub holes: Vec<Vec<Point>>,
    /// A vector pointing out of the solid through this face.
    pub outward: Vector,
}

impl Face {
    /// A face without holes.
    ///
    /// ```
    /// use gapgauge::geom::kit::Face;
    /// use gapgauge::geom::{Point, Vector};
    /// let f = Face::new(
    ///     "floor",
    ///     vec![Point::new(0.0, 0.0, 0.0), Point::new(1.0, 0.0, 0.0), Point::new(0.0, 1.0, 0.0)],
    ///     -Vector::z(),
    /// );
    /// assert!(f.holes.is_empty());
    /// ```
    pub fn new(name: impl Into<String>, outer: Vec<Point>, outward: Vector) -> Face {
        Face {
            name: name.into(),
            outer,
            holes: Vec::new(),
            outward,
        }
    }

    /// The same face with one more hole (a cavity's mouth, a label).
    ///
    /// ```
    /// use gapgauge::geom::kit::Face;
    /// use gapgauge::geom::{Point, Vector};
    /// let p = |x: f64, y: f64| Point::new(x, y, 0.0);
    /// let f = Face::new("plate", vec![p(0.0, 0.0), p(4.0, 0.0), p(4.0, 4.0), p(0.0, 4.0)], Vector::z())
    ///     .with_hole(vec![p(1.0, 1.0), p(2.0, 1.0), p(2.0, 2.0)]);
    /// assert_eq!(f.holes.len(), 1);
    /// ```
    pub fn with_hole(mut self, hole: Vec<Point>) -> Face {
        self.holes.push(hole);
        self
    }

    /// The face whose outward side is the one its outer loop turns
    /// counter-clockwise around (right-hand rule), for loops already listed
    /// that way (a triangle of a built mesh).
    ///
    /// ```
    /// use gapgauge::geom::kit::Face;
    /// use gapgauge::geom::Point;
    /// let f = Face::wound("t", vec![Point::origin(), Point::new(1.0, 0.0, 0.0), Point::new(0.0, 1.0, 0.0)]);
    /// assert!(f.outward.z > 0.0);
    /// ```
    pub fn wound(name: impl Into<String>, outer: Vec<Point>) -> Face {
        let outward = newell_normal(&outer);
        Face::new(name, outer, outward)
    }
}

/// Newell's normal of a closed loop: twice its vector area, pointing the
/// way the loop turns counter-clockwise around. Robust for any planar
/// polygon, convex or not, and for collinear runs of points.
///
/// ```
/// use gapgauge::geom::kit::newell_normal;
/// use gapgauge::geom::{Point, Vector};
/// let sq = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)].map(|(x, y)| Point::new(x, y, 1.0));
/// assert_eq!(newell_normal(&sq), Vector::new(0.0, 0.0, 8.0));
/// ```
pub fn newell_normal(pts: &[Point]) -> Vector {
    let n = pts.len();
    let mut v = Vector::zeros();
    for k in 0..n {
        let (a, b) = (pts[k], pts[(k + 1) % n]);
        v += Vector::new(
            (a.y - b.y) * (a.z + b.z),
            (a.z - b.z) * (a.x + b.x),
            (a.x - b.x) * (a.y + b.y),
        );
    }
    v
}
