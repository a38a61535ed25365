//! The view: a fixed axonometric projection, fitted to the canvas and
//! rounded to fixed-point screen coordinates.
//!
//! This is the renderer's floating-point step (with the one light level per
//! triangle in [`super::shade`]), and it uses nothing but IEEE-754 addition,
//! multiplication, division and `round`, which give the same bits on every
//! conforming CPU (Rust never fuses a multiply and an add unless asked with
//! `mul_add`, and no `sin`/`cos` is called at run time: the angles are
//! literal constants). Everything per pixel is integer.
//!
//! The picture is as deterministic as the mesh it is given: coupons use
//! `sin`/`cos` to place circle vertices, so their bytes are the same on
//! every machine whose maths library rounds those the same way.

use crate::geom::{Mesh, Point};

/// Sub-pixel steps per (supersampled) pixel: vertex positions are rounded to
/// 1/16 of a pixel.
pub const SUBPIXEL: i64 = 16;

/// Depth is rounded to this many steps over the coupon's depth span.
pub const DEPTH_STEPS: f64 = (1u64 << 24) as f64;

/// A viewing direction, by the cosines and sines of its angles. The angles
/// are written as literal constants, never computed with `sin`/`cos` at run
/// time (libm results differ between platforms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// cos and sin of the azimuth: how far the camera is turned from
    /// straight in front (-Y) towards the left (-X).
    az: (f64, f64),
    /// cos and sin of the elevation above the bed.
    el: (f64, f64),
}

impl View {
    /// 30 degrees round from the front, at the isometric elevation of
    /// 35.26 degrees (sin = 1/sqrt 3). Turned less than the isometric 45
    /// degrees so that a long coupon and the labels on its front faces are
    /// seen nearly face-on; top faces and front faces are both readable.
    pub const FRONT_LEFT: View = View {
        az: (0.866_025_403_784_438_6, 0.5),
        el: (0.816_496_580_927_726, 0.577_350_269_189_625_8),
    };

    /// 30 degrees round from the front, 65 degrees above the bed: for
    /// coupons whose labels lie on low faces behind something tall (the
    /// hinge ladder's tabs behind its knuckles).
    pub const STEEP: View = View {
        az: (0.866_025_403_784_438_6, 0.5),
        el: (0.422_618_261_740_699_4, 0.906_307_787_036_649_9),
    };

    /// Screen coordinates of a world point before fitting: right, up, and
    /// towards the viewer (larger is nearer).
    pub fn project(&self, p: &Point) -> [f64; 3] {
        let (ca, sa) = self.az;
        let (ce, se) = self.el;
        let right = p.x * ca - p.y * sa;
        let depthwise = p.x * sa + p.y * ca;
        let up = depthwise * se + p.z * ce;
        let toward = -depthwise * ce + p.z * se;
        [right, up, toward]
    }

    /// The direction from the scene towards the viewer, in world axes.
    pub fn toward_viewer(&self) -> [f64; 3] {
        let (ca, sa) = self.az;
        let (ce, se) = self.el;
        [-sa * ce, -ca * ce, se]
    }
}

/// A vertex on the supersampled canvas: x right and y down in 1/16 pixel,
/// depth in steps (larger is nearer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenPoint {
    /// Right, in sub-pixel steps.
    pub x: i64,
    /// Down, in sub-pixel steps.
    pub y: i64,
    /// Nearness, in depth steps.
    pub z: i64,
}

/// How the scene's projected bounds map onto a canvas.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    view: View,
    min_right: f64,
    max_up: f64,
    min_toward: f64,
    /// Supersampled pixels per millimetre.
    scale: f64,
    depth_scale: f64,
    /// Offset of the scene on the canvas, supersampled pixels.
    offset: [f64; 2],
    /// Supersampling factor (canvas pixels per output pixel).
    supersample: u32,
}

/// Projected bounds: min and max of (right, up, toward).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    min: [f64; 3],
    max: [f64; 3],
}

impl Bounds {
    /// Bounds of every vertex of `meshes`; `None` when there is none.
    pub fn of(view: &View, meshes: &[&Mesh]) -> Option<Bounds> {
        let mut b: Option<Bounds> = None;
        for p in meshes.iter().flat_map(|m| &m.vertices) {
            let s = view.project(p);
            let nb = b.get_or_insert(Bounds { min: s, max: s });
            for (i, v) in s.into_iter().enumerate() {
                nb.min[i] = nb.min[i].min(v);
                nb.max[i] = nb.max[i].max(v);
            }
        }
        b
    }

    /// Width over height of the projected scene.
    pub fn aspect(&self) -> f64 {
        (self.max[0] - self.min[0]) / (self.max[1] - self.min[1]).max(1e-9)
    }
}

impl Fit {
    /// Fit `bounds` into `width` x `height` output pixels with `margin`
    /// pixels free on every side, centred, rendered at `supersample` times
    /// the output resolution.
    pub fn new(
        view: View,
        bounds: &Bounds,
        width: u32,
        height: u32,
        margin: u32,
        supersample: u32,
    ) -> Fit {
        let ss = f64::from(supersample);
        let span_r = (bounds.max[0] - bounds.min[0]).max(1e-9);
        let span_u = (bounds.max[1] - bounds.min[1]).max(1e-9);
        let span_t = (bounds.max[2] - bounds.min[2]).max(1e-9);
        let free_w = f64::from(width.saturating_sub(2 * margin).max(1)) * ss;
        let free_h = f64::from(height.saturating_sub(2 * margin).max(1)) * ss;
        let scale = (free_w / span_r).min(free_h / span_u);
        let offset = [
            (f64::from(width) * ss - span_r * scale) / 2.0,
            (f64::from(height) * ss - span_u * scale) / 2.0,
        ];
        Fit {
            view,
            min_right: bounds.min[0],
            max_up: bounds.max[1],
            min_toward: bounds.min[2],
            scale,
            depth_scale: DEPTH_STEPS / span_t,
            offset,
            supersample,
        }
    }

    /// A world point on the supersampled canvas, rounded to fixed point.
    pub fn screen(&self, p: &Point) -> ScreenPoint {
        let [r, u, t] = self.view.project(p);
        let sub = SUBPIXEL as f64;
        let x = ((r - self.min_right) * self.scale + self.offset[0]) * sub;
        let y = ((self.max_up - u) * self.scale + self.offset[1]) * sub;
        let z = (t - self.min_toward) * self.depth_scale;
        ScreenPoint {
            x: x.round() as i64,
            y: y.round() as i64,
            z: z.round() as i64,
        }
    }

    /// Where a world point lands in the output image (pixels, x right,
    /// y down); for tests and overlays.
    pub fn output_pixel(&self, p: &Point) -> (i64, i64) {
        let s = self.screen(p);
        let per_px = SUBPIXEL * i64::from(self.supersample);
        (s.x.div_euclid(per_px), s.y.div_euclid(per_px))
    }

    /// The view this fit projects with.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Depth steps per millimetre of nearness.
    pub fn depth_per_mm(&self) -> f64 {
        self.depth_scale
    }

    /// Output pixels per millimetre (in the screen plane).
    pub fn pixels_per_mm(&self) -> f64 {
        self.scale / f64::from(self.supersample)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_orthonormal() {
        // right, up and toward are the rows of a rotation: unit length and
        // perpendicular, so the view does not stretch the coupon.
        for view in [View::FRONT_LEFT, View::STEEP] {
            let axes = [
                Point::new(1.0, 0.0, 0.0),
                Point::new(0.0, 1.0, 0.0),
                Point::new(0.0, 0.0, 1.0),
            ];
            let rows: Vec<[f64; 3]> = axes.iter().map(|p| view.project(p)).collect();
            for i in 0..3 {
                for j in 0..3 {
                    let dot: f64 = (0..3).map(|k| rows[k][i] * rows[k][j]).sum();
                    let want = if i == j { 1.0 } else { 0.0 };
                    assert!((dot - want).abs() < 1e-12, "axes {i},{j}: {dot}");
                }
            }
            let t = view.toward_viewer();
            let z = view.project(&Point::new(t[0], t[1], t[2]));
            assert!((z[2] - 1.0).abs() < 1e-12 && z[0].abs() < 1e-12 && z[1].abs() < 1e-12);
        }
    }

    #[test]
    fn front_is_nearer_than_back_and_up_is_up() {
        let v = View::FRONT_LEFT;
        let front = v.project(&Point::new(0.0, -1.0, 0.0));
        let back = v.project(&Point::new(0.0, 1.0, 0.0));
        assert!(front[2] > back[2]);
        assert!(v.project(&Point::new(0.0, 0.0, 1.0))[1] > 0.0);
        assert!(v.project(&Point::new(1.0, 0.0, 0.0))[0] > 0.0);
    }
}
