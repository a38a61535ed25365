//! Integer triangle rasterisation with a depth buffer.
//!
//! Vertices arrive in fixed point ([`ScreenPoint`]); coverage is decided by
//! exact integer edge functions at pixel centres and depth by an integer
//! plane equation, so the result is the same on every machine. A pixel
//! keeps the nearest triangle; on a tie the one drawn first stays, and
//! triangles are drawn in mesh order, so ties are deterministic too.

use super::view::{SUBPIXEL, ScreenPoint};

/// Marks a pixel no triangle covers.
pub const EMPTY: u32 = u32::MAX;

/// Fractional bits of the depth plane's gradients.
const PLANE_FRAC: u32 = 16;

/// A triangle's depth as a plane over the canvas: depth at `origin` plus
/// the gradients (in 1/2^16 depth steps per sub-pixel step) along x and y.
#[derive(Debug, Clone, Copy)]
pub struct DepthPlane {
    origin: ScreenPoint,
    gx: i128,
    gy: i128,
}

impl DepthPlane {
    /// The plane through three vertices whose doubled signed area is `area2`
    /// (non-zero).
    fn through(v: [ScreenPoint; 3], area2: i64) -> DepthPlane {
        let (dx1, dy1, dz1) = (v[1].x - v[0].x, v[1].y - v[0].y, v[1].z - v[0].z);
        let (dx2, dy2, dz2) = (v[2].x - v[0].x, v[2].y - v[0].y, v[2].z - v[0].z);
        let a = i128::from(area2);
        let gx = ((i128::from(dz1) * i128::from(dy2) - i128::from(dz2) * i128::from(dy1))
            << PLANE_FRAC)
            / a;
        let gy = ((i128::from(dx1) * i128::from(dz2) - i128::from(dx2) * i128::from(dz1))
            << PLANE_FRAC)
            / a;
        DepthPlane {
            origin: v[0],
            gx,
            gy,
        }
    }

    /// Depth of the plane at sub-pixel position (x, y).
    pub fn depth_at(&self, x: i64, y: i64) -> i64 {
        let d = self.gx * i128::from(x - self.origin.x) + self.gy * i128::from(y - self.origin.y);
        let z = i128::from(self.origin.z) + (d >> PLANE_FRAC);
        z.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }
}

/// The supersampled canvas, or a band of its rows: for each pixel the
/// nearest depth and which triangle is there. Pictures are drawn one band
/// at a time so the buffers stay small enough for the CPU's caches; every
/// value is computed from the pixel's own position in exact integers, so a
/// band holds the same values the whole canvas would.
#[derive(Debug, Clone)]
pub struct Canvas {
    /// Width in (supersampled) pixels.
    pub width: usize,
    /// Height of the whole canvas in (supersampled) pixels.
    pub height: usize,
    /// First canvas row this band holds.
    pub top: usize,
    /// Rows this band holds.
    pub rows: usize,
    /// Depth of the nearest triangle (larger is nearer), band rows.
    pub depth: Vec<i32>,
    /// Index of the nearest triangle, or [`EMPTY`], band rows.
    pub triangle: Vec<u32>,
    /// Depth plane of every triangle added, by index (`None` for back
    /// faces, so indices follow the input order).
    pub planes: Vec<Option<DepthPlane>>,
    /// Pixels inside each triangle, hidden or not, by index (0 for back
    /// faces): with the visible count, how much of a face is in sight.
    pub covered: Vec<u32>,
    /// Every front-facing triangle added: corners (front-facing order) and
    /// the canvas rows its pixel centres can lie on.
    prepared: Vec<Option<([ScreenPoint; 3], i64, i64)>>,
}

/// Sub-pixel position of the centre of pixel `i`.
pub fn centre(i: usize) -> i64 {
    i as i64 * SUBPIXEL + SUBPIXEL / 2
}

/// The edge function: twice the signed area of triangle (a, b, p); which
/// side of the line a-b the point p is on.
fn edge(a: ScreenPoint, b: ScreenPoint, px: i64, py: i64) -> i64 {
    (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x)
}

/// The first pixel whose centre is at or after sub-pixel position `lo`.
fn first_pixel(lo: i64) -> i64 {
    (lo - SUBPIXEL / 2 + SUBPIXEL - 1).div_euclid(SUBPIXEL)
}

/// The last pixel whose centre is at or before sub-pixel position `hi`.
fn last_pixel(hi: i64) -> i64 {
    (hi - SUBPIXEL / 2).div_euclid(SUBPIXEL)
}

impl Canvas {
    /// An empty canvas holding all its rows.
    pub fn new(width: usize, height: usize) -> Canvas {
        let mut c = Canvas::banded(width, height);
        c.clear_band(0, height);
        c
    }

    /// A canvas holding no rows yet: call [`Canvas::clear_band`] before
    /// drawing.
    pub fn banded(width: usize, height: usize) -> Canvas {
        Canvas {
            width,
            height,
            top: 0,
            rows: 0,
            depth: Vec::new(),
            triangle: Vec::new(),
            planes: Vec::new(),
            covered: Vec::new(),
            prepared: Vec::new(),
        }
    }

    /// Hold rows `top .. top + rows` (clipped to the canvas), empty.
    pub fn clear_band(&mut self, top: usize, rows: usize) {
        self.top = top.min(self.height);
        self.rows = rows.min(self.height - self.top);
        let n = self.width * self.rows;
        self.depth.clear();
        self.depth.resize(n, i32::MIN);
        self.triangle.clear();
        self.triangle.resize(n, EMPTY);
    }

    /// Add one triangle (outward winding) with the next index, without
    /// drawing it. Back faces and triangles with no area are kept as `None`:
    /// every part is a closed shell, so its front faces hide its back faces.
    pub fn add(&mut self, v: [ScreenPoint; 3]) -> u32 {
        let id = u32::try_from(self.planes.len()).expect("fewer than 2^32 triangles");
        // A front face is counter-clockwise as displayed, which is a
        // negative signed area with y pointing down: swap two corners so
        // front faces come out positive.
        let v = [v[0], v[2], v[1]];
        let area2 = edge(v[0], v[1], v[2].x, v[2].y);
        self.covered.push(0);
        if area2 <= 0 {
            self.planes.push(None);
            self.prepared.push(None);
            return id;
        }
        self.planes.push(Some(DepthPlane::through(v, area2)));
        let min_y = v.iter().map(|p| p.y).min().unwrap_or(0);
        let max_y = v.iter().map(|p| p.y).max().unwrap_or(0);
        self.prepared
            .push(Some((v, first_pixel(min_y), last_pixel(max_y))));
        id
    }

    /// Add one triangle and draw it into the band, counting all its rows.
    pub fn draw(&mut self, v: [ScreenPoint; 3]) {
        let id = self.add(v);
        self.fill(id, (0, self.height as i64));
    }

    /// Draw every triangle added into the current band, in order, counting
    /// covered pixels on canvas rows `count.0 .. count.1` only (a band's
    /// halo rows belong to its neighbour).
    pub fn draw_band(&mut self, count: (i64, i64)) {
        let (lo, hi) = (self.top as i64, (self.top + self.rows) as i64 - 1);
        for id in 0..self.prepared.len() {
            if let Some((_, y0, y1)) = self.prepared[id]
                && y1 >= lo
                && y0 <= hi
            {
                self.fill(id as u32, count);
            }
        }
    }

    /// Set every band pixel whose centre is inside triangle `id` (edges
    /// included) and nearer than what is there.
    fn fill(&mut self, id: u32, count: (i64, i64)) {
        let Some((v, y0, y1)) = self.prepared[id as usize] else {
            return;
        };
        let plane = self.planes[id as usize].expect("a prepared triangle has a plane");
        let min_x = v.iter().map(|p| p.x).min().unwrap_or(0);
        let max_x = v.iter().map(|p| p.x).max().unwrap_or(0);
        let x0 = first_pixel(min_x).max(0);
        let x1 = last_pixel(max_x).min(self.width as i64 - 1);
        let y0 = y0.max(self.top as i64);
        let y1 = y1.min((self.top + self.rows) as i64 - 1);
        if x0 > x1 || y0 > y1 {
            return;
        }
        let (cx0, cy0) = (centre(x0 as usize), centre(y0 as usize));
        let pairs = [(v[1], v[2]), (v[2], v[0]), (v[0], v[1])];
        // Edge values at the first pixel and their steps per pixel.
        let mut row_w = pairs.map(|(a, b)| edge(a, b, cx0, cy0));
        let step_x = pairs.map(|(a, b)| -(b.y - a.y) * SUBPIXEL);
        let step_y = pairs.map(|(a, b)| (b.x - a.x) * SUBPIXEL);
        let dz_x = plane.gx * i128::from(SUBPIXEL);
        let dz_y = plane.gy * i128::from(SUBPIXEL);
        let mut row_z = (i128::from(plane.origin.z) << PLANE_FRAC)
            + plane.gx * i128::from(cx0 - plane.origin.x)
            + plane.gy * i128::from(cy0 - plane.origin.y);
        for y in y0..=y1 {
            if let Some((from, to)) = span(&row_w, &step_x, x1 - x0) {
                let row = (y as usize - self.top) * self.width + x0 as usize;
                let z = row_z + dz_x * i128::from(from);
                let pixels = row + from as usize..=row + to as usize;
                self.fill_span(pixels, z, dz_x, id);
                if (count.0..count.1).contains(&y) {
                    self.covered[id as usize] += (to - from + 1) as u32;
                }
            }
            for k in 0..3 {
                row_w[k] += step_y[k];
            }
            row_z += dz_y;
        }
    }
}

impl Canvas {
    /// Depth-test and set the pixels `pixels` of one row, the depth starting
    /// at `z` (fixed point) and growing by `dz` per pixel.
    fn fill_span(&mut self, pixels: std::ops::RangeInclusive<usize>, z: i128, dz: i128, id: u32) {
        let n = (pixels.end() - pixels.start()) as i128;
        let depth = &mut self.depth[pixels.clone()];
        let triangle = &mut self.triangle[pixels];
        // Depth is linear along the span, so if both ends and the step fit
        // in i64 every value between does: the common case, done in i64.
        let fits = |v: i128| i64::try_from(v).is_ok();
        if let (true, true, Ok(mut z), Ok(dz)) = (
            fits(z),
            fits(z + dz * n),
            i64::try_from(z),
            i64::try_from(dz),
        ) {
            for (d, t) in depth.iter_mut().zip(triangle.iter_mut()) {
                let here = (z >> PLANE_FRAC) as i32;
                if here > *d {
                    *d = here;
                    *t = id;
                }
                z += dz;
            }
        } else {
            let mut z = z;
            let (lo, hi) = (i128::from(i32::MIN), i128::from(i32::MAX));
            for (d, t) in depth.iter_mut().zip(triangle.iter_mut()) {
                let here = (z >> PLANE_FRAC).clamp(lo, hi) as i32;
                if here > *d {
                    *d = here;
                    *t = id;
                }
                z += dz;
            }
        }
    }
}

/// The pixels of one row inside all three edges: the k in 0..=last with
/// `w[e] + k * step[e] >= 0` for every edge e, solved exactly in integers
/// (the same pixels a test of every pixel would find).
fn span(w: &[i64; 3], step: &[i64; 3], last: i64) -> Option<(i64, i64)> {
    let (mut from, mut to) = (0, last);
    for e in 0..3 {
        let (w, s) = (w[e], step[e]);
        match s.cmp(&0) {
            // w + k s >= 0  <=>  k >= -w / s, rounded up.
            std::cmp::Ordering::Greater => {
                from = from.max((-w).div_euclid(s) + i64::from((-w).rem_euclid(s) != 0))
            }
            // k <= w / -s, rounded down.
            std::cmp::Ordering::Less => to = to.min(w.div_euclid(-s)),
            std::cmp::Ordering::Equal if w < 0 => return None,
            std::cmp::Ordering::Equal => {}
        }
    }
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(x: i64, y: i64, z: i64) -> ScreenPoint {
        ScreenPoint {
            x: x * SUBPIXEL,
            y: y * SUBPIXEL,
            z,
        }
    }

    #[test]
    fn a_front_face_covers_its_pixels_and_a_back_face_none() {
        let mut c = Canvas::new(10, 10);
        // Counter-clockwise as displayed (down the left, then up-right): front.
        c.draw([sp(0, 0, 5), sp(0, 10, 5), sp(10, 0, 5)]);
        let covered = c.triangle.iter().filter(|&&t| t == 0).count();
        // The pixels whose centres are on or under the diagonal x + y = 10.
        assert_eq!(covered, 55);
        let mut back = Canvas::new(10, 10);
        back.draw([sp(0, 0, 5), sp(10, 0, 5), sp(0, 10, 5)]);
        assert!(back.triangle.iter().all(|&t| t == EMPTY));
    }

    #[test]
    fn two_triangles_sharing_an_edge_leave_no_crack() {
        let mut c = Canvas::new(16, 16);
        c.draw([sp(0, 0, 1), sp(0, 16, 1), sp(16, 0, 1)]);
        c.draw([sp(16, 0, 1), sp(0, 16, 1), sp(16, 16, 1)]);
        assert!(c.triangle.iter().all(|&t| t != EMPTY));
    }

    #[test]
    fn bands_hold_what_the_whole_canvas_holds() {
        let tris = [
            [sp(0, 0, 100), sp(1, 23, 400), sp(19, 2, 900)],
            [sp(3, 1, 500), sp(2, 22, 500), sp(20, 21, 500)],
            [sp(20, 0, 700), sp(0, 11, 50), sp(20, 23, 60)],
        ];
        let mut whole = Canvas::new(20, 24);
        for t in tris {
            whole.draw(t);
        }
        let mut band = Canvas::banded(20, 24);
        for t in tris {
            band.add(t);
        }
        for top in (0..24).step_by(5) {
            band.clear_band(top, 5);
            band.draw_band((top as i64, top as i64 + 5));
            let rows = top * 20..(top + band.rows) * 20;
            assert_eq!(
                band.triangle[..],
                whole.triangle[rows.clone()],
                "band at {top}"
            );
            assert_eq!(band.depth[..], whole.depth[rows], "band at {top}");
        }
        assert_eq!(band.covered, whole.covered);
    }

    #[test]
    fn spans_match_testing_every_pixel() {
        let cases = [
            ([5, -30, 7], [-3, 4, 0]),
            ([0, 0, 0], [1, -1, 2]),
            ([-1, 10, 10], [0, 1, -1]),
            ([12, -7, 3], [-4, 3, -1]),
        ];
        for (w, s) in cases {
            let brute: Vec<i64> = (0..=20)
                .filter(|&k| (0..3).all(|e| w[e] + k * s[e] >= 0))
                .collect();
            let want = brute.first().map(|&a| (a, *brute.last().unwrap()));
            assert_eq!(span(&w, &s, 20), want, "w {w:?} step {s:?}");
        }
    }

    #[test]
    fn the_nearer_triangle_wins_and_depth_follows_the_plane() {
        let mut c = Canvas::new(8, 8);
        c.draw([sp(0, 0, 100), sp(0, 8, 100), sp(8, 0, 900)]);
        c.draw([sp(0, 0, 500), sp(0, 8, 500), sp(8, 0, 500)]);
        // Depth grows with x on the first triangle: it wins on the right.
        let row = 1;
        assert_eq!(c.triangle[row * 8], 1);
        assert_eq!(c.triangle[row * 8 + 6], 0);
        let p = c.planes[0].unwrap();
        assert_eq!(p.depth_at(4 * SUBPIXEL, 0), 500);
    }
}
