//! The ladder's labels: the legend on A's first leaf, each station's
//! clearance on its tab, debossed into the leaf top (`docs/design-rules.md`,
//! Labels), and the knuckle lengths they need.

use super::HingeSpec;
use super::sections::Sections;
use crate::coupon::Family;
use crate::error::{ParamError, Result};
use crate::geom::{MeshBuilder, Point, Vector};
use crate::label::{self, Bitmap, Frame, Patch};

/// Least flat top between a label patch and the edge it faces.
const PATCH_GAP: f64 = 0.1;

/// The rendered labels and the knuckle lengths that hold them.
pub(super) struct Labels {
    /// The legend text (what the numbers mean).
    pub legend: String,
    legend_bitmap: Bitmap,
    /// Each station's text and bitmap, in station order.
    pub texts: Vec<String>,
    bitmaps: Vec<Bitmap>,
    /// Length along X of A's first knuckle, which carries the legend.
    pub first_knuckle: f64,
    /// Length along X of every tab: the widest station label plus half a
    /// cell of flat top on each side, which keeps its margin off the gap.
    pub tab_width: f64,
}

impl Labels {
    /// Render the labels; refuse a cell size whose labels are deeper than
    /// the leaves that carry them.
    pub fn new(spec: &HingeSpec, sec: &Sections) -> Result<Self> {
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(Family::Hinge.clearance_meaning(), &um);
        let legend = lg.text();
        let cell = spec.label_cell;
        let texts: Vec<String> = um.iter().map(|&c| lg.station(c)).collect();
        let bitmap = |s: &str| label::render(s).expect("label glyphs exist");
        let legend_bitmap = bitmap(&legend);
        let bitmaps: Vec<Bitmap> = texts.iter().map(|s| bitmap(s)).collect();
        let (legend_w, legend_h) = label::patch_size(&legend_bitmap, cell, cell);
        let widest = bitmaps
            .iter()
            .map(|b| label::patch_size(b, cell, cell).0)
            .fold(0.0, f64::max);
        // The legend lies on A0's leaf in front of the cut-back line,
        // strictly inside: a patch edge on y_cut would put two vertices in
        // one place.
        if legend_h + PATCH_GAP > sec.y_cut - sec.y_a
            || legend_h + PATCH_GAP > sec.y_b - (sec.rk + spec.swing_gap)
        {
            return Err(ParamError::new(
                "label cell",
                cell,
                "makes the labels wider than the leaves",
            )
            .into());
        }
        Ok(Labels {
            legend,
            legend_bitmap,
            texts,
            bitmaps,
            first_knuckle: spec.a_knuckle.max(legend_w + 2.0 * cell),
            tab_width: spec.b_knuckle.max(widest + cell),
        })
    }

    /// Deboss the legend into the top at height `z`, centred in `xs` x `ys`.
    pub fn place_legend(
        &self,
        mb: &mut MeshBuilder,
        spec: &HingeSpec,
        (xs, ys): ((f64, f64), (f64, f64)),
        z: f64,
        relief: f64,
    ) -> Patch {
        place(
            mb,
            &self.legend_bitmap,
            spec.label_cell,
            (xs, ys),
            z,
            relief,
        )
    }

    /// Deboss station `i`'s label into the top at height `z`, centred in
    /// `xs` x `ys`.
    pub fn place_station(
        &self,
        mb: &mut MeshBuilder,
        spec: &HingeSpec,
        i: usize,
        (xs, ys): ((f64, f64), (f64, f64)),
        z: f64,
        relief: f64,
    ) -> Patch {
        place(mb, &self.bitmaps[i], spec.label_cell, (xs, ys), z, relief)
    }
}

/// A label debossed `relief` deep into an upward face at height `z`,
/// centred in the rectangle `x0..x1` x `y0..y1`, reading along +X.
fn place(
    mb: &mut MeshBuilder,
    bitmap: &Bitmap,
    cell: f64,
    ((x0, x1), (y0, y1)): ((f64, f64), (f64, f64)),
    z: f64,
    relief: f64,
) -> Patch {
    let (w, h) = label::patch_size(bitmap, cell, cell);
    let frame = Frame {
        origin: Point::new((x0 + x1 - w) / 2.0, (y0 + y1 - h) / 2.0, z),
        u: Vector::x(),
        v: Vector::y(),
    };
    label::build(mb, &frame, bitmap, cell, cell, -relief)
}
