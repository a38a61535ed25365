//! Solids and cavities of revolution from an (r, z) profile.
//!
//! Rings are regular polygons from [`crate::geom::circle::polygon`], all
//! in one phase, so every band between two rings is a planar trapezoid and
//! every cross-section keeps the chosen [`Fit`]: inscribed for material
//! that turns inside a cavity (the mesh lies inside the nominal solid),
//! circumscribed for the cavity (the mesh air contains the nominal air). A
//! profile point with r = 0 is a pole: the band next to it is a fan of
//! triangles meeting on the axis (a cone's tip, a drill point).

use super::face::{Face, newell_normal};
use super::frame::Frame;
use super::shell::{FaceId, Shell};
use crate::geom::circle::{Fit, polygon};
use crate::geom::{Point, Point2};

/// An (r, z) profile turned about a frame's axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Revolution {
    /// The axis is `frame.w()` through `frame.origin`; angle 0 is `frame.u`.
    pub frame: Frame,
    /// (r, z) points, bottom first (z along the axis), r >= 0. The
    /// material is on the axis side of the profile walked in this order.
    pub profile: Vec<(f64, f64)>,
    /// Polygon segments per ring (see `circle::segments_for_sliced`).
    pub segments: usize,
    /// Inscribed (material) or circumscribed (air).
    pub fit: Fit,
}

/// The end caps a solid revolution pushed (none at a pole).
#[derive(Debug, Clone, PartialEq)]
pub struct SolidCaps {
    /// The cap at the profile's first point.
    pub bottom: Option<FaceId>,
    /// The cap at the profile's last point.
    pub top: Option<FaceId>,
}

/// The open ends of a cavity: loops to cut as holes into the faces the
/// cavity pierces (none at a pole: a blind end).
#[derive(Debug, Clone, PartialEq)]
pub struct CavityMouths {
    /// The ring at the profile's first point.
    pub bottom: Option<Vec<Point>>,
    /// The ring at the profile's last point.
    pub top: Option<Vec<Point>>,
}

impl Revolution {
    /// A revolution about `frame`'s axis.
    ///
    /// ```
    /// use gapgauge::geom::circle::Fit;
    /// use gapgauge::geom::kit::{Frame, Revolution};
    /// let r = Revolution::new(Frame::xy(), vec![(1.0, 0.0), (1.0, 2.0)], 16, Fit::Inscribed);
    /// assert_eq!(r.ring(0).len(), 16);
    /// ```
    pub fn new(frame: Frame, profile: Vec<(f64, f64)>, segments: usize, fit: Fit) -> Revolution {
        assert!(profile.len() >= 2, "a profile needs two points");
        Revolution {
            frame,
            profile,
            segments,
            fit,
        }
    }

    /// The ring at profile point `j`: one point at a pole, else the
    /// polygon counter-clockwise about the axis.
    ///
    /// ```
    /// use gapgauge::geom::circle::Fit;
    /// use gapgauge::geom::kit::{Frame, Revolution};
    /// let r = Revolution::new(Frame::xy(), vec![(0.0, 0.0), (1.0, 1.0)], 8, Fit::Inscribed);
    /// assert_eq!(r.ring(0).len(), 1);
    /// ```
    pub fn ring(&self, j: usize) -> Vec<Point> {
        let (r, z) = self.profile[j];
        if r == 0.0 {
            return vec![self.frame.at(0.0, 0.0, z)];
        }
        self.frame
            .lift(&polygon(Point2::origin(), r, self.segments, self.fit), z)
    }

    /// Push a solid: bands facing away from the axis, flat caps at ends
    /// with r > 0.
    ///
    /// ```
    /// use gapgauge::geom::circle::Fit;
    /// use gapgauge::geom::kit::{Frame, Revolution, Shell};
    /// // A cone on a cylinder (a pin with a pointed top).
    /// let pin = Revolution::new(Frame::xy(), vec![(1.0, 0.0), (1.0, 2.0), (0.0, 3.0)], 12, Fit::Inscribed);
    /// let mut s = Shell::new("pin");
    /// let caps = pin.push_solid(&mut s, "pin");
    /// assert!(caps.bottom.is_some() && caps.top.is_none());
    /// assert!(s.finish().unwrap().signed_volume() > 0.0);
    /// ```
    pub fn push_solid(&self, shell: &mut Shell, name: &str) -> SolidCaps {
        self.push_bands(shell, name, false);
        let w = self.frame.w();
        let last = self.profile.len() - 1;
        let mut cap = |j: usize, what: &str, out| {
            (self.profile[j].0 > 0.0)
                .then(|| shell.push(Face::new(format!("{name} {what}"), self.ring(j), out)))
        };
        SolidCaps {
            bottom: cap(0, "bottom", -w),
            top: cap(last, "top", w),
        }
    }

    /// Push a cavity: bands facing the axis, ends with r > 0 left open and
    /// returned, to be cut as holes into the faces the cavity pierces.
    ///
    /// ```
    /// use gapgauge::geom::circle::Fit;
    /// use gapgauge::geom::kit::{Frame, Revolution, Shell, push_block};
    /// use gapgauge::geom::Point;
    /// // A 4 x 4 x 3 block with a round bore through it.
    /// let mut s = Shell::new("housing");
    /// let block = push_block(&mut s, "housing", Point::new(-2.0, -2.0, 0.0), Point::new(2.0, 2.0, 3.0));
    /// let bore = Revolution::new(Frame::xy(), vec![(1.0, 0.0), (1.0, 3.0)], 16, Fit::Circumscribed);
    /// let mouths = bore.push_cavity(&mut s, "bore");
    /// s.add_hole(block.bottom, mouths.bottom.unwrap());
    /// s.add_hole(block.top, mouths.top.unwrap());
    /// let v = s.finish().unwrap().signed_volume();
    /// assert!(v < 48.0 - 3.0 * std::f64::consts::PI);
    /// ```
    pub fn push_cavity(&self, shell: &mut Shell, name: &str) -> CavityMouths {
        self.push_bands(shell, name, true);
        let last = self.profile.len() - 1;
        let mouth = |j: usize| (self.profile[j].0 > 0.0).then(|| self.ring(j));
        CavityMouths {
            bottom: mouth(0),
            top: mouth(last),
        }
    }

    /// Push only the sides of a solid (the bands, facing away from the
    /// axis), no caps: for a part whose ends are shaped by other faces (a
    /// pin with a slotted head). Returns the first and last rings, the
    /// outlines those faces must close.
    ///
    /// ```
    /// use gapgauge::geom::circle::Fit;
    /// use gapgauge::geom::kit::{Face, Frame, Revolution, Shell};
    /// use gapgauge::geom::Vector;
    /// let r = Revolution::new(Frame::xy(), vec![(1.0, 0.0), (1.0, 2.0)], 12, Fit::Inscribed);
    /// let mut s = Shell::new("rod");
    /// let (bottom, top) = r.push_sides(&mut s, "rod");
    /// s.push(Face::new("rod bottom", bottom, -Vector::z()));
    /// s.push(Face::new("rod top", top, Vector::z()));
    /// assert!(s.finish().unwrap().signed_volume() > 0.0);
    /// ```
    pub fn push_sides(&self, shell: &mut Shell, name: &str) -> (Vec<Point>, Vec<Point>) {
        self.push_bands(shell, name, false);
        (self.ring(0), self.ring(self.profile.len() - 1))
    }

    /// The bands between consecutive rings, one face per segment, facing
    /// away from the axis (or towards it for a cavity).
    fn push_bands(&self, shell: &mut Shell, name: &str, cavity: bool) {
        let rings: Vec<Vec<Point>> = (0..self.profile.len()).map(|j| self.ring(j)).collect();
        for (j, w) in rings.windows(2).enumerate() {
            let (lo, hi) = (&w[0], &w[1]);
            for k in 0..self.segments {
                let at = |ring: &[Point], k: usize| ring[k % ring.len()];
                let quad = vec![at(lo, k), at(lo, k + 1), at(hi, k + 1), at(hi, k)];
                let n = newell_normal(&quad);
                let out = if cavity { -n } else { n };
                shell.push(Face::new(format!("{name} band {j} segment {k}"), quad, out));
            }
        }
    }
}

/// The profile moved `d` along its outward normal (away from the
/// material): each segment parallel to itself, corners mitred; an end on
/// the axis (a pole) slides along its segment to stay on it.
///
/// This is the clearance rule for a cone: the air around a cone of
/// material is the cone moved by the clearance along its normal, not
/// radially, so the gap measured square to the surface is the nominal one.
///
/// ```
/// use gapgauge::geom::kit::offset_normal;
/// // A cylinder grows radially.
/// assert_eq!(offset_normal(&[(1.0, 0.0), (1.0, 2.0)], 0.25), vec![(1.25, 0.0), (1.25, 2.0)]);
/// // A 45-degree cone's tip moves up by d * sqrt(2).
/// let c = offset_normal(&[(1.0, 0.0), (0.0, 1.0)], 0.1);
/// assert!((c[1].1 - (1.0 + 0.1 * 2f64.sqrt())).abs() < 1e-12 && c[1].0 == 0.0);
/// ```
pub fn offset_normal(profile: &[(f64, f64)], d: f64) -> Vec<(f64, f64)> {
    let n = profile.len();
    assert!(n >= 2, "a profile needs two points");
    // Outward unit normal of segment k (material on the axis side).
    let normal = |k: usize| {
        let (dr, dz) = (
            profile[k + 1].0 - profile[k].0,
            profile[k + 1].1 - profile[k].1,
        );
        let len = dr.hypot(dz);
        (dz / len, -dr / len)
    };
    let moved = |p: (f64, f64), m: (f64, f64)| (p.0 + d * m.0, p.1 + d * m.1);
    let end = |p: (f64, f64), k: usize| {
        let m = normal(k);
        let q = moved(p, m);
        if p.0 != 0.0 {
            return q;
        }
        // Slide along the segment's direction back to r = 0.
        let dir = (-m.1, m.0);
        if dir.0 == 0.0 {
            return (0.0, q.1);
        }
        (0.0, q.1 - q.0 / dir.0 * dir.1)
    };
    let mut out = vec![end(profile[0], 0)];
    for (k, p) in profile.iter().enumerate().take(n - 1).skip(1) {
        let (n1, n2) = (normal(k - 1), normal(k));
        let s = d / (1.0 + n1.0 * n2.0 + n1.1 * n2.1);
        out.push((p.0 + s * (n1.0 + n2.0), p.1 + s * (n1.1 + n2.1)));
    }
    out.push(end(profile[n - 1], n - 2));
    out
}
