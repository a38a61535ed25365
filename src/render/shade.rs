//! From the depth buffer to pixels: flat shading per triangle, dark outlines
//! where the surface folds or steps (so relief labels and slits read at any
//! size), and a box filter down to the output size.
//!
//! The light is computed once per triangle from its normal with IEEE-exact
//! operations (square root included) and rounded to an integer level; all
//! per-pixel work is integer.

use super::raster::{Canvas, EMPTY, centre};
use super::view::View;
use crate::geom::Vector;

/// How one triangle looks: its lit colour, its normal rounded to integers
/// (for fold detection) and which part it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Facet {
    /// Colour after lighting.
    pub colour: [u8; 3],
    /// Unit normal times 127, rounded.
    pub normal: [i32; 3],
    /// Index of the part it belongs to.
    pub part: u32,
}

/// Two faces meeting at more than this angle get an outline: cos 25 degrees
/// times 127^2. Facets of a tessellated circle (about 10 degrees apart at
/// the default chord tolerance) stay smooth; label walls and chamfers do not.
const FOLD_COS: i32 = 14_618;

/// An outline pixel keeps this much of its colour, in 1/256.
const OUTLINE_KEEP: u32 = 70;

/// Main light: from the front-left, above; (-0.6, -0.8, 1) / sqrt 2.
const KEY_LIGHT: [f64; 3] = [
    -0.424_264_068_711_928_5,
    -0.565_685_424_949_238,
    std::f64::consts::FRAC_1_SQRT_2,
];

impl Facet {
    /// A facet of `part` with outward normal `n` (any length) in `base`
    /// colour, lit for `view`.
    pub fn new(view: &View, n: Vector, base: [u8; 3], part: u32) -> Facet {
        let len = (n.x * n.x + n.y * n.y + n.z * n.z).sqrt();
        let u = if len > 0.0 {
            [n.x / len, n.y / len, n.z / len]
        } else {
            [0.0, 0.0, 1.0]
        };
        let dot = |l: [f64; 3]| (u[0] * l[0] + u[1] * l[1] + u[2] * l[2]).max(0.0);
        // Ambient, the key light, and a little light from the viewer so no
        // visible face is black.
        let level = 0.30 + 0.55 * dot(KEY_LIGHT) + 0.20 * dot(view.toward_viewer());
        let level = (level.min(1.0) * 256.0).round() as u32;
        Facet {
            colour: base.map(|c| ((u32::from(c) * level) >> 8).min(255) as u8),
            normal: u.map(|c| (c * 127.0).round() as i32),
            part,
        }
    }
}

/// Which pixels of the band are outlines: the edge of the coupon against
/// the background, where two parts meet, where the surface folds by more
/// than 25 degrees, and where it steps (a nearer face beside a farther one,
/// more than `step` depth units off its plane). Every pair of neighbours in
/// the band is looked at; only pixels on band rows `core` are marked (the
/// rows above and below are there so the core's pairs are complete).
pub fn outlines(canvas: &Canvas, facets: &[Facet], step: i64, core: (usize, usize)) -> Vec<bool> {
    let (w, h) = (canvas.width, canvas.rows);
    let mut edge = vec![false; w * h];
    let tri = &canvas.triangle;
    let mut mark = |k: usize| {
        if (core.0..core.1).contains(&(k / w)) {
            edge[k] = true;
        }
    };
    for y in 0..h {
        let row = y * w;
        // Neighbours to the right, then below; most pairs are the same
        // triangle, so that test comes first and is all most pixels cost.
        for i in row..row + w - 1 {
            if tri[i] != tri[i + 1]
                && let Some(k) = boundary(canvas, facets, step, i, i + 1)
            {
                mark(k);
            }
        }
        if y + 1 < h {
            for i in row..row + w {
                if tri[i] != tri[i + w]
                    && let Some(k) = boundary(canvas, facets, step, i, i + w)
                {
                    mark(k);
                }
            }
        }
    }
    edge
}

/// If band pixels `i` and `j` (neighbours, different triangles) are on two
/// sides of an outline, the one to darken: the nearer, or the covered one
/// against the background.
fn boundary(canvas: &Canvas, facets: &[Facet], step: i64, i: usize, j: usize) -> Option<usize> {
    let (ti, tj) = (canvas.triangle[i], canvas.triangle[j]);
    if ti == EMPTY {
        return Some(j);
    }
    if tj == EMPTY {
        return Some(i);
    }
    let nearer = if canvas.depth[i] >= canvas.depth[j] {
        i
    } else {
        j
    };
    let (fi, fj) = (&facets[ti as usize], &facets[tj as usize]);
    let dot: i32 = (0..3).map(|k| fi.normal[k] * fj.normal[k]).sum();
    if fi.part != fj.part || dot < FOLD_COS {
        return Some(nearer);
    }
    // Same direction: one surface, or a parallel face stepped in front of
    // another (a label's relief, a slit seen from above)?
    let plane = canvas.planes[ti as usize].expect("a drawn triangle has a plane");
    let (xj, yj) = (
        centre(j % canvas.width),
        centre(canvas.top + j / canvas.width),
    );
    if (plane.depth_at(xj, yj) - i64::from(canvas.depth[j])).abs() > step {
        return Some(nearer);
    }
    None
}

/// Where [`resolve`] writes one band's output rows.
#[derive(Debug)]
pub struct Output<'a> {
    /// RGBA pixels of those rows.
    pub rgba: &'a mut [u8],
    /// Output pixels of those rows holding an outline sample.
    pub outline: &'a mut [bool],
    /// Visible samples of each triangle, by index (added to).
    pub triangle_samples: &'a mut [u32],
}

/// Average `ss` x `ss` blocks of the band's rows `core` (a whole number of
/// blocks) into RGBA output pixels. Alpha is the covered fraction, colour
/// the mean of the covered samples, so the coupon's edge is smooth over any
/// background.
pub fn resolve(
    canvas: &Canvas,
    facets: &[Facet],
    edge: &[bool],
    ss: usize,
    core: (usize, usize),
    out: Output,
) {
    let ow = canvas.width / ss;
    let full = (ss * ss) as u32;
    // One row of output pixels at a time: colour sums and covered counts.
    let mut sums = vec![[0u32; 4]; ow];
    for oy in 0..(core.1 - core.0) / ss {
        sums.fill([0; 4]);
        for sy in 0..ss {
            let row = (core.0 + oy * ss + sy) * canvas.width;
            let tris = &canvas.triangle[row..row + ow * ss];
            let edges = &edge[row..row + ow * ss];
            for (x, (&t, &e)) in tris.iter().zip(edges).enumerate() {
                if t == EMPTY {
                    continue;
                }
                out.outline[oy * ow + x / ss] |= e;
                let keep = if e { OUTLINE_KEEP } else { 256 };
                out.triangle_samples[t as usize] += 1;
                let c = facets[t as usize].colour;
                let s = &mut sums[x / ss];
                for k in 0..3 {
                    s[k] += (u32::from(c[k]) * keep) >> 8;
                }
                s[3] += 1;
            }
        }
        let out_row = &mut out.rgba[oy * ow * 4..(oy + 1) * ow * 4];
        for (px, s) in out_row.chunks_exact_mut(4).zip(&sums) {
            let covered = s[3];
            if covered == 0 {
                continue;
            }
            for k in 0..3 {
                px[k] = ((s[k] + covered / 2) / covered) as u8;
            }
            px[3] = ((covered * 255 + full / 2) / full) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lit_faces_are_brighter_than_faces_turned_away() {
        let top = Facet::new(
            &View::FRONT_LEFT,
            Vector::new(0.0, 0.0, 1.0),
            [200, 200, 200],
            0,
        );
        let back = Facet::new(
            &View::FRONT_LEFT,
            Vector::new(0.3, 1.0, -0.2),
            [200, 200, 200],
            0,
        );
        assert!(top.colour[0] > back.colour[0]);
        assert!(back.colour[0] > 0, "ambient keeps every face visible");
        assert_eq!(top.normal, [0, 0, 127]);
    }

    #[test]
    fn key_light_is_a_unit_vector() {
        let n: f64 = KEY_LIGHT.iter().map(|c| c * c).sum();
        assert!((n - 1.0).abs() < 1e-12);
    }

    #[test]
    fn fold_threshold_is_cos_25_degrees() {
        let want = (25f64.to_radians().cos() * 127.0 * 127.0).round() as i32;
        assert_eq!(FOLD_COS, want);
    }
}
