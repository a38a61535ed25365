//! The shape of one ball-and-socket station, as two (r, z) profiles turned
//! about the station's vertical axis (docs/ball.md).
//!
//! Ball stud (material): a stem on the bed, a 45-degree cone tangent to the
//! ball at latitude -45 (a sphere's underside overhangs past 45 degrees,
//! the cone does not), and the sphere from -45 degrees to the top pole. The
//! stem has no foot chamfer: the opening cone leaves it about 2 mm of air
//! at the bed, where a chamfer would only shrink its footing.
//!
//! Cavity (air), bottom up: an opening cone from the bed to the lip (30
//! degrees from vertical by default), the seat, the sphere band, the top
//! cone.
//! - The **sphere band** is the ball offset by the clearance `c`: radius
//!   `R + c`. Its two halves are moved apart (upper up by `stretch_up`,
//!   lower down by `stretch_down`) with a short cylinder between them, so
//!   that a layer's outline of one part never lands on the other's outline
//!   of the layer below or above (docs/design-rules.md R5); at the equator
//!   the gap is exactly `c`.
//! - The **seat** carries the ball's underside cone. It is the line
//!   tangent to the lower band at latitude `-(45 - tilt)` degrees: the
//!   ball's cone turned up by the tilt stop and pushed out by `c`. So the
//!   stud tilts by `tilt` in any direction before its cone comes within `c`
//!   of the seat; untilted, the cone has at least `max(c, h)` of air under
//!   it (the cone rule of the pin gauge's collar).
//! - The **lip** ends the seat where the stem, tilted by `tilt`, is exactly
//!   `c` from it: the tilt stop is where stem and cone both reach the
//!   clearance. Below it the opening cone widens to the bed, steeper than
//!   45 degrees but not steeper than the tilt.
//! - The **top cone** is tangent to the upper band at latitude +45 and
//!   closes the socket at 45 degrees up to the top face, leaving an
//!   opening smaller than the ball (it is captive both ways).

use crate::geom::Point2;
use crate::geom::math::MIN_EDGE_LENGTH;
use std::f64::consts::{FRAC_PI_4, SQRT_2};

/// Smallest top opening (radius, mm): room for a finger nail or a pen tip
/// on the ball's cap.
pub const MIN_TOP_OPENING: f64 = 1.5;

/// Shortest cylinder (mm) the cavity keeps above its top cone: ten times
/// the validator's shortest edge ([`MIN_EDGE_LENGTH`]), so a top face a
/// hair above the cone's narrowing to [`MIN_TOP_OPENING`] leaves no needle
/// triangles, and far below anything a slicer sees. A shorter one is left
/// out, the opening that much under [`MIN_TOP_OPENING`].
const MIN_TOP_RISE: f64 = 10.0 * MIN_EDGE_LENGTH;

/// The fixed sizes of a ball joint (mm, radians), shared by every station.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JointSizes {
    /// Ball radius.
    pub ball_radius: f64,
    /// Stem radius.
    pub stem_radius: f64,
    /// Height of the ball's centre above the bed.
    pub centre_z: f64,
    /// Tilt stop: how far the stud leans in any direction.
    pub tilt: f64,
    /// Half-angle of the opening cone under the lip, from vertical: at
    /// least the tilt (the leaning stem moves away from it), at most 45
    /// degrees (the socket's face over it is an overhang).
    pub opening: f64,
    /// Layer height the vertical gaps are sized for.
    pub layer_height: f64,
}

/// One station's joint: the sizes, its clearance and what follows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Joint {
    /// The shared sizes.
    pub sizes: JointSizes,
    /// The tested clearance: the normal gap around the sphere band.
    pub clearance: f64,
    /// How far the upper half of the band is raised (docs/design-rules.md R5).
    pub stretch_up: f64,
    /// How far the lower half of the band and the seat are lowered (R5 and
    /// the cone rule).
    pub stretch_down: f64,
    /// Where the seat touches the lower band, (r, z).
    pub seat_top: Point2,
    /// The lip: the seat's lower end, (r, z).
    pub lip: Point2,
}

/// The largest shift `s` of the ball along Z that keeps it inside the
/// offset band `R + c` up to latitude `lat` (radians): the root of
/// `s^2 + 2 R s sin(lat) = 2 R c + c^2`.
fn band_shift(r: f64, c: f64, lat: f64) -> f64 {
    let a = r * lat.sin();
    -a + (a * a + 2.0 * r * c + c * c).sqrt()
}

impl Joint {
    /// The joint for clearance `c` (mm).
    pub fn new(sizes: JointSizes, c: f64) -> Joint {
        let r = sizes.ball_radius;
        let h = sizes.layer_height;
        let rho = r + c;
        // Latitude (magnitude) where the seat meets the lower band.
        let seat_lat = FRAC_PI_4 - sizes.tilt;
        // A layer's outline of the ball, shifted one layer up or down, must
        // stay inside the cavity: the band halves move apart by whatever
        // the offset alone does not cover.
        let stretch_up = (h - band_shift(r, c, FRAC_PI_4)).max(0.0);
        let mut stretch_down = (h - band_shift(r, c, seat_lat)).max(0.0);
        // The cone rule: untilted, the ball's cone has max(c, h) of air
        // normal to the seat (its nearest point is the cone's top, latitude
        // -45; lowering the seat by d moves it d sin(seat_lat) away).
        let cone_gap = rho + stretch_down * seat_lat.sin() - r * sizes.tilt.cos();
        let cone_clearance = c.max(h);
        if cone_gap < cone_clearance {
            stretch_down += (cone_clearance - cone_gap) / seat_lat.sin();
        }
        let centre = sizes.centre_z - stretch_down;
        let seat_top = Point2::new(rho * seat_lat.cos(), centre - rho * seat_lat.sin());
        // Down the seat (direction (-sin, -cos) of seat_lat) to where the
        // stem, tilted by `tilt`, is r_s + c from it. The distance from a
        // point (r, z') to the tilted stem's axis is r cos t + z' sin t;
        // along the seat it falls by t / sqrt2 per unit length (the seat and
        // the tilted axis meet at 45 degrees).
        let t = sizes.tilt;
        let run = rho - SQRT_2 * (stretch_down * t.sin() + sizes.stem_radius + c);
        let lip = Point2::new(
            seat_top.x - run * seat_lat.sin(),
            seat_top.y - run * seat_lat.cos(),
        );
        Joint {
            sizes,
            clearance: c,
            stretch_up,
            stretch_down,
            seat_top,
            lip,
        }
    }

    /// Radius of the offset sphere band.
    pub fn band_radius(&self) -> f64 {
        self.sizes.ball_radius + self.clearance
    }

    /// Height where the stem meets the ball's underside cone.
    pub fn neck_z(&self) -> f64 {
        let s = &self.sizes;
        s.centre_z + s.stem_radius - s.ball_radius * SQRT_2
    }

    /// Where the top cone starts: the upper band's point at latitude +45,
    /// (r, z). The cone only narrows from here, so no top opening can be
    /// wider than its `r`.
    pub fn top_cone_start(&self) -> Point2 {
        let r = self.band_radius() / SQRT_2;
        Point2::new(r, self.top_cone_z(r))
    }

    /// Height of the top cone's radius `r` (the cone closes the cavity
    /// above latitude +45 at 45 degrees).
    pub fn top_cone_z(&self, r: f64) -> f64 {
        self.sizes.centre_z + self.stretch_up + self.band_radius() * SQRT_2 - r
    }

    /// Radius of the top cone at height `z`: the top opening when `z` is
    /// the socket's top face.
    pub fn top_cone_r(&self, z: f64) -> f64 {
        self.sizes.centre_z + self.stretch_up + self.band_radius() * SQRT_2 - z
    }

    /// Radius of the top opening when the socket's top face is at `top`:
    /// the top cone's radius there, but at least [`MIN_TOP_OPENING`] (the
    /// cavity rises as a cylinder above the cone's narrowing to it, so a
    /// station much tighter than the widest still shows its ball). A
    /// cylinder shorter than 1 µm (`MIN_TOP_RISE`) would only mesh as needles:
    /// then the cone runs on to the top face instead.
    pub fn top_opening(&self, top: f64) -> f64 {
        let cone = self.top_cone_r(top);
        if MIN_TOP_OPENING - cone > MIN_TOP_RISE {
            MIN_TOP_OPENING
        } else {
            cone
        }
    }

    /// Radius of the opening at the bed (the cone under the lip).
    pub fn bed_opening(&self) -> f64 {
        self.lip.x + self.lip.y * self.sizes.opening.tan()
    }

    /// Largest radius of the cavity (before faceting): the bed opening or
    /// the band, whichever is wider.
    pub fn max_radius(&self) -> f64 {
        self.bed_opening().max(self.band_radius())
    }

    /// The ball stud's profile, bottom up, as (r, z): stem, cone, and the
    /// sphere in `steps` equal steps per 45 degrees, the top pole last
    /// (r = 0). The equator is a profile point, so a ring of the
    /// stud lies exactly `c` inside the cavity's band there.
    pub fn stud_profile(&self, steps: usize) -> Vec<Point2> {
        let s = &self.sizes;
        let r = s.ball_radius;
        let mut p = vec![
            Point2::new(s.stem_radius, 0.0),
            Point2::new(s.stem_radius, self.neck_z()),
        ];
        let n = 3 * steps;
        for i in 0..=n {
            let lat = -FRAC_PI_4 + FRAC_PI_4 * i as f64 / steps as f64;
            let rr = if i == n { 0.0 } else { r * lat.cos() };
            let z = if i == steps {
                s.centre_z
            } else {
                s.centre_z + r * lat.sin()
            };
            p.push(Point2::new(rr, z));
        }
        p
    }

    /// The cavity's profile, bottom up, as (r, z), from the bed opening to
    /// the top face at `top`. Arcs are circumscribed (every edge tangent to
    /// the nominal band, end points on it), so the faceted air contains the
    /// nominal air; `steps` per 45 degrees at most.
    pub fn cavity_profile(&self, top: f64, steps: usize) -> Vec<Point2> {
        let s = &self.sizes;
        let rho = self.band_radius();
        let seat_lat = FRAC_PI_4 - s.tilt;
        let low = Point2::new(0.0, s.centre_z - self.stretch_down);
        let high = Point2::new(0.0, s.centre_z + self.stretch_up);
        let mut p = vec![
            Point2::new(self.bed_opening(), 0.0),
            self.lip,
            self.seat_top,
        ];
        let arc = |centre: Point2, a0: f64, a1: f64| {
            let k = (((a1 - a0) / FRAC_PI_4) * steps as f64 - 1e-9)
                .ceil()
                .max(1.0) as usize;
            let d = (a1 - a0) / k as f64;
            let rr = rho / (d / 2.0).cos();
            let at = |a: f64, r: f64| Point2::new(centre.x + r * a.cos(), centre.y + r * a.sin());
            let mut pts: Vec<Point2> = (0..k).map(|i| at(a0 + d * (i as f64 + 0.5), rr)).collect();
            // The equator's end point exactly, so the band meets the
            // cylinder (or the other half) without a sliver.
            pts.push(if a1 == 0.0 {
                Point2::new(centre.x + rho, centre.y)
            } else {
                at(a1, rho)
            });
            pts
        };
        p.extend(arc(low, -seat_lat, 0.0));
        if self.stretch_up + self.stretch_down > 0.0 {
            p.push(Point2::new(rho, high.y));
        }
        let upper = arc(high, 0.0, FRAC_PI_4);
        p.extend(upper);
        self.close_top(&mut p, top);
        p
    }

    /// The cavity from the band's 45-degree point up to the top face at
    /// `top`: the top cone, then a cylinder where the opening is held at
    /// [`MIN_TOP_OPENING`].
    ///
    /// The band's last edge lies on its tangent at +45 degrees, which is
    /// the cone's line, so the band's end point is replaced by the cone's
    /// points instead of kept: the air is the same, and a top face that
    /// lies on the band's end or a hair above it (a tight station's, which
    /// the spec starts at the band's end and snaps up to a layer) makes no
    /// cone too short to mesh. A hair below it (the layer snap's
    /// tolerance) moves the end along the same line.
    fn close_top(&self, p: &mut Vec<Point2>, top: f64) {
        p.pop().expect("the profile ends with the band");
        let open = self.top_opening(top);
        if open > self.top_cone_r(top) {
            p.push(Point2::new(open, self.top_cone_z(open)));
        }
        p.push(Point2::new(open, top));
    }
}
