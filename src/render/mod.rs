//! Pictures of coupons: a shaded, outlined view from the front-left and
//! above, drawn on the CPU and written as PNG, the same bytes on every run
//! and every machine.
//!
//! Why hand-written and not a drawing library: a coupon is a few thousand
//! triangles that need a depth buffer; 2D path fillers (`tiny-skia`) have
//! none and would need sorting plus anti-aliased seams between neighbouring
//! triangles, and their float pipelines differ by SIMD backend. So the
//! projection is one step of IEEE-exact f64 arithmetic with literal angles
//! ([`view`]), rasterisation and shading are integer ([`raster`],
//! [`shade`]), and only the PNG encoding is borrowed (the `png` crate).
//!
//! Entry points: [`render_coupon`] for a [`Picture`] (pixels plus the view,
//! for tests and overlays), [`coupon_png`] for PNG bytes at a given size
//! (previews, batch pictures, 3MF thumbnails), [`mesh_png`] for any mesh.

pub mod encode;
pub mod raster;
pub mod shade;
pub mod view;

use crate::coupon::registry::ViewFrom;
use crate::coupon::{Coupon, Family};
use crate::error::ParamError;
use crate::geom::Mesh;
use raster::Canvas;
use shade::Facet;
use view::{Bounds, Fit, View};

/// Samples per output pixel along each axis (4 per pixel in all).
const SUPERSAMPLE: u32 = 2;

/// The width of `make --preview` and batch pictures, in pixels: station
/// labels on a 100 mm coupon come out about 40 pixels tall.
pub const PREVIEW_WIDTH: u32 = 1200;

/// Canvas rows drawn at a time (a multiple of [`SUPERSAMPLE`]): a band of
/// a 1200 px picture's buffers is about 700 kB, which stays in cache.
const BAND_ROWS: usize = 32;

/// The size of a 3MF package thumbnail: PrusaSlicer writes 256 x 256 for
/// its own projects, and file browsers scale it from there.
pub const THUMBNAIL_SIZE: Size = Size::Exact {
    width: 256,
    height: 256,
};

/// Smallest picture side accepted, in pixels.
pub const MIN_SIDE: u32 = 16;
/// Largest picture side accepted, in pixels.
pub const MAX_SIDE: u32 = 4096;

/// The carrier's colour (part 0): a light grey-blue.
const CARRIER: [u8; 3] = [172, 188, 204];
/// The moving parts' colour: orange, so pins and tabs stand out.
const MOVING: [u8; 3] = [240, 150, 60];

/// The size of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// This wide; as tall as the coupon's shape needs.
    Width(u32),
    /// Exactly this size (a square thumbnail, say); the coupon is centred.
    Exact {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// Pixels: RGBA, 8 bits per channel, rows top to bottom. The background is
/// transparent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

impl Image {
    /// The RGBA value at (x, y).
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }
}

/// A rendered picture and the view that made it.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The pixels.
    pub image: Image,
    /// How world points map to the image.
    pub fit: Fit,
    /// Visible samples (4 per pixel) of each part, by part index: how much
    /// of each part the picture shows.
    pub part_samples: Vec<usize>,
    /// Output pixels drawn as outline (folds, steps, silhouettes), row by
    /// row: where the picture shows detail.
    pub outline: Vec<bool>,
    /// Every input triangle, in order (parts one after another): how much
    /// of it is in sight.
    pub faces: Vec<FaceView>,
}

/// How much of one triangle the picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceView {
    /// Index of its part.
    pub part: u32,
    /// Unit outward normal times 127, rounded.
    pub normal: [i32; 3],
    /// Samples inside it, hidden or not (0 for faces turned away).
    pub covered: u32,
    /// Samples where it is the nearest surface.
    pub visible: u32,
}

impl Picture {
    /// Whether any output pixel within `radius` of (x, y) is an outline.
    pub fn outline_near(&self, x: i64, y: i64, radius: i64) -> bool {
        let (w, h) = (i64::from(self.image.width), i64::from(self.image.height));
        (y - radius..=y + radius).any(|py| {
            (x - radius..=x + radius).any(|px| {
                (0..w).contains(&px) && (0..h).contains(&py) && self.outline[(py * w + px) as usize]
            })
        })
    }
}

/// Render `parts` (part 0 in the carrier colour, the others in the moving
/// colour). Fails only on a size outside [`MIN_SIDE`]..=[`MAX_SIDE`] or on
/// an empty scene.
pub fn render_parts(parts: &[&Mesh], view: View, size: Size) -> Result<Picture, ParamError> {
    let bounds = Bounds::of(&view, parts)
        .ok_or_else(|| ParamError::new("picture", "no triangles", "needs something to draw"))?;
    let (width, height) = dimensions(size, &bounds)?;
    let margin = (width.min(height) / 40).max(2);
    let fit = Fit::new(view, &bounds, width, height, margin, SUPERSAMPLE);
    let ss = SUPERSAMPLE as usize;
    let (cw, ch) = (width as usize * ss, height as usize * ss);
    let mut canvas = Canvas::banded(cw, ch);
    let mut facets = Vec::new();
    for (p, mesh) in parts.iter().enumerate() {
        let base = if p == 0 { CARRIER } else { MOVING };
        let part = u32::try_from(p).expect("fewer than 2^32 parts");
        for t in 0..mesh.triangles.len() {
            facets.push(Facet::new(&view, mesh.area_normal(t), base, part));
            canvas.add(mesh.corners(t).map(|c| fit.screen(&c)));
        }
    }
    // A step of 0.1 mm in depth (plus rounding) separates a relief face or
    // the far side of a slit from the face in front of it.
    let step = (fit.depth_per_mm() * 0.1).round() as i64 + 2;
    let ow = width as usize;
    let mut rgba = vec![0u8; ow * height as usize * 4];
    let mut outline = vec![false; ow * height as usize];
    let mut triangle_samples = vec![0u32; facets.len()];
    // Band by band, each with one halo row above and below for outlines.
    for b0 in (0..ch).step_by(BAND_ROWS) {
        let b1 = (b0 + BAND_ROWS).min(ch);
        let top = b0.saturating_sub(1);
        canvas.clear_band(top, b1 + 1 - top);
        canvas.draw_band((b0 as i64, b1 as i64));
        let core = (b0 - top, b1 - top);
        let edges = shade::outlines(&canvas, &facets, step, core);
        let (o0, o1) = (b0 / ss, b1 / ss);
        shade::resolve(
            &canvas,
            &facets,
            &edges,
            ss,
            core,
            shade::Output {
                rgba: &mut rgba[o0 * ow * 4..o1 * ow * 4],
                outline: &mut outline[o0 * ow..o1 * ow],
                triangle_samples: &mut triangle_samples,
            },
        );
    }
    let mut part_samples = vec![0; parts.len()];
    let faces: Vec<FaceView> = facets
        .iter()
        .zip(&triangle_samples)
        .zip(&canvas.covered)
        .map(|((f, &visible), &covered)| {
            part_samples[f.part as usize] += visible as usize;
            FaceView {
                part: f.part,
                normal: f.normal,
                covered,
                visible,
            }
        })
        .collect();
    Ok(Picture {
        image: Image {
            width,
            height,
            rgba,
        },
        fit,
        part_samples,
        outline,
        faces,
    })
}

/// The output size in pixels, checked.
fn dimensions(size: Size, bounds: &Bounds) -> Result<(u32, u32), ParamError> {
    let check = |name: &str, v: u32| {
        if (MIN_SIDE..=MAX_SIDE).contains(&v) {
            Ok(v)
        } else {
            Err(ParamError::new(
                format!("picture {name}"),
                format!("{v} px"),
                format!("must be {MIN_SIDE} to {MAX_SIDE} px"),
            ))
        }
    };
    match size {
        Size::Exact { width, height } => Ok((check("width", width)?, check("height", height)?)),
        Size::Width(width) => {
            let width = check("width", width)?;
            let margin = 2.0 * f64::from((width / 40).max(2));
            let inner = (f64::from(width) - margin) / bounds.aspect();
            let height = (inner + margin)
                .round()
                .clamp(f64::from(MIN_SIDE), f64::from(MAX_SIDE));
            Ok((width, height as u32))
        }
    }
}

/// Render a coupon: the carrier and its moving parts, from the view that
/// shows its station labels ([`view_for`]).
pub fn render_coupon(coupon: &Coupon, size: Size) -> Result<Picture, ParamError> {
    let meshes: Vec<&Mesh> = coupon.parts.iter().map(|p| &p.mesh).collect();
    render_parts(&meshes, view_for(coupon.kind), size)
}

/// The view for a coupon: the one its registry entry asks for (from the
/// front-left at the isometric elevation, or steeper where the labels sit
/// behind moving parts, as on the hinge ladder's tabs).
pub fn view_for(kind: &str) -> View {
    match Family::from_name(kind).map(|f| f.entry().view) {
        Some(ViewFrom::Steep) => View::STEEP,
        Some(ViewFrom::FrontLeft) | None => View::FRONT_LEFT,
    }
}

/// A coupon's picture as PNG bytes: for `make --preview`, the batch
/// pictures and 3MF thumbnails (`Size::Exact` square).
pub fn coupon_png(coupon: &Coupon, size: Size) -> Result<Vec<u8>, ParamError> {
    Ok(encode::png(&render_coupon(coupon, size)?.image))
}

/// Any mesh as PNG bytes, drawn in one colour.
pub fn mesh_png(mesh: &Mesh, size: Size) -> Result<Vec<u8>, ParamError> {
    Ok(encode::png(
        &render_parts(&[mesh], View::FRONT_LEFT, size)?.image,
    ))
}
