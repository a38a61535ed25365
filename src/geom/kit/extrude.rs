//! A 2D region swept along a frame's axis, with optional 45-degree
//! chamfers at either end.

use super::face::Face;
use super::frame::Frame;
use super::shell::{FaceId, Shell};
use crate::geom::polygon::signed_area2;
use crate::geom::{Point2, Vector};

/// A flat region: an outline and holes, in any turning direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The outline.
    pub outer: Vec<Point2>,
    /// Holes strictly inside the outline, apart from each other.
    pub holes: Vec<Vec<Point2>>,
}

impl Region {
    /// A region without holes.
    ///
    /// ```
    /// use gapgauge::geom::kit::Region;
    /// use gapgauge::geom::Point2;
    /// let r = Region::new(vec![Point2::new(0.0, 0.0), Point2::new(1.0, 0.0), Point2::new(0.0, 1.0)]);
    /// assert!(r.holes.is_empty());
    /// ```
    pub fn new(outer: Vec<Point2>) -> Region {
        Region {
            outer,
            holes: Vec::new(),
        }
    }

    /// The axis-aligned rectangle from `min` to `max`, counter-clockwise
    /// from `min`.
    ///
    /// ```
    /// use gapgauge::geom::kit::Region;
    /// use gapgauge::geom::Point2;
    /// let r = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(2.0, 1.0));
    /// assert_eq!(r.outer[2], Point2::new(2.0, 1.0));
    /// ```
    pub fn rectangle(min: Point2, max: Point2) -> Region {
        Region::new(vec![
            min,
            Point2::new(max.x, min.y),
            max,
            Point2::new(min.x, max.y),
        ])
    }

    /// The same region with one more hole.
    ///
    /// ```
    /// use gapgauge::geom::kit::Region;
    /// use gapgauge::geom::Point2;
    /// let hole = Region::rectangle(Point2::new(1.0, 1.0), Point2::new(2.0, 2.0)).outer;
    /// let r = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(3.0, 3.0)).with_hole(hole);
    /// assert_eq!(r.holes.len(), 1);
    /// ```
    pub fn with_hole(mut self, hole: Vec<Point2>) -> Region {
        self.holes.push(hole);
        self
    }

    /// The loops with the material on their left: the outline
    /// counter-clockwise, the holes clockwise. Offsetting a loop to its
    /// left then always moves into the material.
    fn material_left(&self) -> Vec<Vec<Point2>> {
        let turn = |l: &Vec<Point2>, ccw: bool| {
            let mut l = l.clone();
            if (signed_area2(&l) > 0.0) != ccw {
                l.reverse();
            }
            l
        };
        std::iter::once(turn(&self.outer, true))
            .chain(self.holes.iter().map(|h| turn(h, false)))
            .collect()
    }
}

/// How far a 45-degree chamfer at one end of a [`Prism`] cuts into the
/// outline and into the holes (0 = a square edge).
///
/// A bed relief (the foot of a peg, the mouth of the hole it stands in)
/// is a chamfer at the bottom: the outline's for the peg, the holes' for
/// the plate, so the gap between them widens only where it meets the bed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Chamfer {
    /// Cut into the outline.
    pub outer: f64,
    /// Cut into every hole.
    pub holes: f64,
}

impl Chamfer {
    /// No chamfer.
    pub const NONE: Chamfer = Chamfer {
        outer: 0.0,
        holes: 0.0,
    };

    /// The same cut on the outline and the holes.
    ///
    /// ```
    /// use gapgauge::geom::kit::Chamfer;
    /// assert_eq!(Chamfer::all(0.4).holes, 0.4);
    /// ```
    pub fn all(c: f64) -> Chamfer {
        Chamfer { outer: c, holes: c }
    }

    /// A cut on the outline only.
    ///
    /// ```
    /// use gapgauge::geom::kit::Chamfer;
    /// assert_eq!(Chamfer::outer(0.4).holes, 0.0);
    /// ```
    pub fn outer(c: f64) -> Chamfer {
        Chamfer {
            outer: c,
            holes: 0.0,
        }
    }

    /// A cut on the holes only.
    ///
    /// ```
    /// use gapgauge::geom::kit::Chamfer;
    /// assert_eq!(Chamfer::holes(0.4).outer, 0.0);
    /// ```
    pub fn holes(c: f64) -> Chamfer {
        Chamfer {
            outer: 0.0,
            holes: c,
        }
    }

    /// The cut on loop `k` (0 is the outline).
    fn of(self, k: usize) -> f64 {
        if k == 0 { self.outer } else { self.holes }
    }
}

/// A region swept along `frame.w()` from height `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Prism {
    /// The cross-section, in the frame's 2D coordinates.
    pub region: Region,
    /// Where the region lies and which way it is swept.
    pub frame: Frame,
    /// Start height along the frame's axis.
    pub from: f64,
    /// End height (greater than `from`).
    pub to: f64,
    /// Chamfer at `from`.
    pub bottom: Chamfer,
    /// Chamfer at `to`.
    pub top: Chamfer,
}

/// The faces a [`Prism`] pushed, for adding holes (labels) to them.
#[derive(Debug, Clone, PartialEq)]
pub struct PrismFaces {
    /// The end face at `from`.
    pub bottom: FaceId,
    /// The end face at `to`.
    pub top: FaceId,
    /// The straight side faces, per loop (outline first) and edge (edge k
    /// runs from point k to point k + 1 of the loop, material on its left).
    pub sides: Vec<Vec<FaceId>>,
}

impl Prism {
    /// A prism with square edges.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Frame, Prism, Region, Shell};
    /// use gapgauge::geom::Point2;
    /// let r = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(2.0, 3.0));
    /// let mut s = Shell::new("bar");
    /// Prism::new(r, Frame::xy(), 1.0, 2.0).push(&mut s, "bar");
    /// assert!((s.finish().unwrap().signed_volume() - 6.0).abs() < 1e-12);
    /// ```
    pub fn new(region: Region, frame: Frame, from: f64, to: f64) -> Prism {
        Prism {
            region,
            frame,
            from,
            to,
            bottom: Chamfer::NONE,
            top: Chamfer::NONE,
        }
    }

    /// The same prism with chamfers at its ends.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Chamfer, Frame, Prism, Region, Shell};
    /// use gapgauge::geom::Point2;
    /// // A 2 x 2 x 2 peg with a 0.5 bed relief: a frustum of 1 x 1 to 2 x 2
    /// // (0.5 high, volume 7/6) under a 1.5 high block.
    /// let r = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(2.0, 2.0));
    /// let mut s = Shell::new("peg");
    /// Prism::new(r, Frame::xy(), 0.0, 2.0)
    ///     .chamfered(Chamfer::outer(0.5), Chamfer::NONE)
    ///     .push(&mut s, "peg");
    /// let v = s.finish().unwrap().signed_volume();
    /// assert!((v - (7.0 / 6.0 + 6.0)).abs() < 1e-12, "{v}");
    /// ```
    pub fn chamfered(self, bottom: Chamfer, top: Chamfer) -> Prism {
        Prism {
            bottom,
            top,
            ..self
        }
    }

    /// Push the prism's faces into `shell`, named after `name`.
    ///
    /// ```
    /// use gapgauge::geom::kit::{Frame, Prism, Region, Shell};
    /// use gapgauge::geom::Point2;
    /// let r = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(1.0, 1.0));
    /// let mut s = Shell::new("p");
    /// let f = Prism::new(r, Frame::xy(), 0.0, 1.0).push(&mut s, "cube");
    /// assert_eq!(s.face(f.top).name, "cube top");
    /// assert_eq!(f.sides[0].len(), 4);
    /// ```
    pub fn push(&self, shell: &mut Shell, name: &str) -> PrismFaces {
        let loops = self.region.material_left();
        let bottom_loops = self.cut_loops(&loops, self.bottom);
        let top_loops = self.cut_loops(&loops, self.top);
        let bottom = self.end_face(shell, &format!("{name} bottom"), &bottom_loops, self.from);
        let top = self.end_face(shell, &format!("{name} top"), &top_loops, self.to);
        let mut sides = Vec::with_capacity(loops.len());
        for (k, l) in loops.iter().enumerate() {
            let what = if k == 0 {
                format!("{name} outline")
            } else {
                format!("{name} hole {k}")
            };
            let (low, high) = (self.from + self.bottom.of(k), self.to - self.top.of(k));
            assert!(low < high, "{what}: the chamfers meet");
            if low > self.from {
                let name = format!("{what} bottom chamfer");
                self.band(shell, &name, (&bottom_loops[k], self.from), (l, low));
            }
            sides.push(self.band(shell, &format!("{what} side"), (l, low), (l, high)));
            if high < self.to {
                let name = format!("{what} top chamfer");
                self.band(shell, &name, (l, high), (&top_loops[k], self.to));
            }
        }
        PrismFaces { bottom, top, sides }
    }

    /// The loops at an end, each moved into the material by its cut.
    fn cut_loops(&self, loops: &[Vec<Point2>], c: Chamfer) -> Vec<Vec<Point2>> {
        loops
            .iter()
            .enumerate()
            .map(|(k, l)| offset_left(l, c.of(k)))
            .collect()
    }

    /// An end face at height `h`; it faces away from the prism.
    fn end_face(&self, shell: &mut Shell, name: &str, loops: &[Vec<Point2>], h: f64) -> FaceId {
        let w = self.frame.w();
        let out = if h == self.from { -w } else { w };
        let mut face = Face::new(name, self.frame.lift(&loops[0], h), out);
        for l in &loops[1..] {
            face = face.with_hole(self.frame.lift(l, h));
        }
        shell.push(face)
    }

    /// The side faces between loop `a` at height `ha` and loop `b` (the
    /// same points moved) at `hb`, one face per edge, facing out of the
    /// material (to the right of each edge).
    fn band(
        &self,
        shell: &mut Shell,
        name: &str,
        (a, ha): (&[Point2], f64),
        (b, hb): (&[Point2], f64),
    ) -> Vec<FaceId> {
        let n = a.len();
        (0..n)
            .map(|k| {
                let j = (k + 1) % n;
                let (p, q) = (a[k], a[j]);
                let right: Vector = self.frame.u * (q.y - p.y) - self.frame.v * (q.x - p.x);
                let quad = vec![
                    self.frame.at(a[k].x, a[k].y, ha),
                    self.frame.at(a[j].x, a[j].y, ha),
                    self.frame.at(b[j].x, b[j].y, hb),
                    self.frame.at(b[k].x, b[k].y, hb),
                ];
                shell.push(Face::new(format!("{name} {k}"), quad, right))
            })
            .collect()
    }
}

/// The loop moved `d` to its left: each edge parallel to itself, corners
/// mitred (each vertex moved along the bisector so that both edges keep
/// their distance `d`). Exact for the rectangles and regular polygons the
/// coupons chamfer; `d` must be smaller than any edge collapse distance.
fn offset_left(l: &[Point2], d: f64) -> Vec<Point2> {
    if d == 0.0 {
        return l.to_vec();
    }
    let n = l.len();
    let left = |a: Point2, b: Point2| {
        let e = (b - a).normalize();
        nalgebra::Vector2::new(-e.y, e.x)
    };
    (0..n)
        .map(|k| {
            let (prev, p, next) = (l[(k + n - 1) % n], l[k], l[(k + 1) % n]);
            let (n1, n2) = (left(prev, p), left(p, next));
            p + (n1 + n2) * (d / (1.0 + n1.dot(&n2)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::circle::{Fit, polygon};

    #[test]
    fn plate_with_relieved_holes_has_frustum_mouths() {
        let sq = |c: f64, a: f64| {
            Region::rectangle(Point2::new(c - a, 5.0 - a), Point2::new(c + a, 5.0 + a)).outer
        };
        let region = Region::rectangle(Point2::new(0.0, 0.0), Point2::new(20.0, 10.0))
            .with_hole(sq(5.0, 2.0))
            .with_hole(sq(15.0, 2.0));
        let mut s = Shell::new("plate");
        Prism::new(region, Frame::xy(), 0.0, 3.0)
            .chamfered(Chamfer::holes(0.5), Chamfer::NONE)
            .push(&mut s, "plate");
        let m = s.finish().unwrap();
        // Each mouth: a frustum from 5 x 5 down to 4 x 4 over 0.5.
        let mouth = 0.5 / 3.0 * (25.0 + 16.0 + 20.0);
        let expect = 600.0 - 2.0 * (16.0 * 2.5 + mouth);
        assert!(
            (m.signed_volume() - expect).abs() < 1e-9,
            "{}",
            m.signed_volume()
        );
    }

    #[test]
    fn a_round_bar_along_x_is_closed() {
        let region = Region::new(polygon(Point2::new(1.0, 2.0), 1.5, 24, Fit::Inscribed));
        let mut s = Shell::new("bar");
        Prism::new(region, Frame::yz(), -1.0, 4.0)
            .chamfered(Chamfer::all(0.2), Chamfer::all(0.2))
            .push(&mut s, "bar");
        let m = s.finish().unwrap();
        let bb = m.bbox();
        assert_eq!((bb.min.x, bb.max.x), (-1.0, 4.0));
    }

    #[test]
    fn non_convex_outline_with_a_hole_has_exact_volume() {
        // An L-shaped outline (not convex) around a square hole.
        let outline: Vec<Point2> = [
            (0.0, 0.0),
            (6.0, 0.0),
            (6.0, 3.0),
            (3.0, 3.0),
            (3.0, 6.0),
            (0.0, 6.0),
        ]
        .iter()
        .map(|&(x, y)| Point2::new(x, y))
        .collect();
        let hole = Region::rectangle(Point2::new(1.0, 1.0), Point2::new(2.0, 2.0)).outer;
        let mut s = Shell::new("ell");
        Prism::new(Region::new(outline).with_hole(hole), Frame::xy(), 0.2, 1.2).push(&mut s, "ell");
        let m = s.finish().unwrap();
        assert!((m.signed_volume() - (27.0 - 1.0)).abs() < 1e-12);
    }
}
