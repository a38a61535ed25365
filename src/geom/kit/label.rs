//! Labels as holes in a face.
//!
//! A label ([`crate::label::build`]) is a patch of relief cells whose
//! border lies at the face level. In the kit the patch's cells join the
//! shell as faces of their own and its border is cut as a hole into the
//! face it sits on; the finishing pass makes the face meet every border
//! lattice point. This replaces the hand-made "four trapezoids around the
//! patch" each coupon used to write.

use super::shell::{FaceId, Shell};
use crate::geom::{MeshBuilder, Point, Vector};
use crate::label::{Bitmap, Frame, Patch, build, patch_size};

/// The label frame that centres `bitmap` (with its one-cell margin) on
/// `centre`, reading along `u` with `v` up the text (`u x v` is the face's
/// outward normal).
///
/// ```
/// use gapgauge::geom::kit::centred_label_frame;
/// use gapgauge::geom::{Point, Vector};
/// use gapgauge::label::render;
/// let bm = render("25").unwrap();
/// let f = centred_label_frame(Point::new(10.0, 0.0, 2.0), Vector::x(), Vector::y(), &bm, 0.8);
/// // "25": 7 columns of text, 9 with the margin; 5 rows, 7 with it.
/// assert!((f.origin.x - (10.0 - 9.0 * 0.4)).abs() < 1e-12);
/// assert!((f.origin.y + 7.0 * 0.4).abs() < 1e-12);
/// ```
pub fn centred_label_frame(
    centre: Point,
    u: Vector,
    v: Vector,
    bitmap: &Bitmap,
    cell: f64,
) -> Frame {
    let (w, h) = patch_size(bitmap, cell, cell);
    Frame {
        origin: centre - u * (w / 2.0) - v * (h / 2.0),
        u,
        v,
    }
}

/// Put `bitmap` on face `face` of `shell` at `frame`, in square cells of
/// `cell`, raised by `relief` (> 0 emboss, < 0 deboss). The relief cells
/// are pushed as faces named `name`; the patch border becomes a hole in
/// `face`. The patch must lie strictly inside the face.
///
/// ```
/// use gapgauge::geom::kit::{Shell, centred_label_frame, push_block, push_label};
/// use gapgauge::geom::{Point, Vector};
/// use gapgauge::label::render;
/// let mut s = Shell::new("tag");
/// let b = push_block(&mut s, "tag", Point::new(0.0, 0.0, 0.0), Point::new(12.0, 8.0, 2.0));
/// let bm = render("25").unwrap();
/// let f = centred_label_frame(Point::new(6.0, 4.0, 2.0), Vector::x(), Vector::y(), &bm, 0.8);
/// push_label(&mut s, b.top, "label 25", &f, &bm, 0.8, -0.4);
/// let m = s.finish().unwrap();
/// assert!(m.signed_volume() < 12.0 * 8.0 * 2.0);
/// ```
pub fn push_label(
    shell: &mut Shell,
    face: FaceId,
    name: &str,
    frame: &Frame,
    bitmap: &Bitmap,
    cell: f64,
    relief: f64,
) -> Patch {
    let mut cells = MeshBuilder::new();
    let patch = build(&mut cells, frame, bitmap, cell, cell, relief);
    shell.push_mesh(name, cells.mesh());
    shell.add_hole(face, patch.border.clone());
    patch
}
