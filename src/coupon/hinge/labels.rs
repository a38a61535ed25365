//! The ladder's labels: one row on the carrier's leaf, in front of the
//! cut-back line, debossed into the leaf top (`docs/design-rules.md`,
//! Labels): the legend where the leaf runs on before the first knuckle,
//! then each station's clearance in front of its tab. The tabs stay bare,
//! so their knuckles are only as long as the row needs, and the lengths
//! this takes are worked out here.

use super::HingeSpec;
use super::sections::Sections;
use super::sizing::Levels;
use crate::coupon::Family;
use crate::error::{ParamError, Result};
use crate::geom::kit::{FaceId, Shell, centred_label_frame, push_label};
use crate::geom::{Point, Vector};
use crate::label::{self, Bitmap};

/// Least flat top between a label patch and the edge it faces.
const PATCH_GAP: f64 = 0.1;

/// The rendered labels and the knuckle lengths that hold them.
pub(super) struct Labels {
    /// The legend text (what the numbers mean).
    pub legend: String,
    legend_bitmap: Bitmap,
    /// Each station's text, in station order.
    pub texts: Vec<String>,
    bitmaps: Vec<Bitmap>,
    /// Cell size and deboss depth (whole layers).
    cell: f64,
    relief: f64,
    /// Length along X of the leaf before the first knuckle, which carries
    /// the legend.
    pub legend_room: f64,
    /// Length along X of every tab: at least the spec's, and long enough
    /// that neighbouring station labels, one per station pitch, keep
    /// `2 PATCH_GAP` of flat leaf between them.
    pub tab_width: f64,
}

impl Labels {
    /// Render the labels; refuse a cell size whose labels are deeper than
    /// the leaves that carry them.
    pub fn new(spec: &HingeSpec, lv: &Levels, sec: &Sections) -> Result<Self> {
        let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(Family::HINGE.clearance_meaning(), &um);
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
        // The row lies on the leaf in front of the cut-back line, strictly
        // inside.
        if legend_h + 2.0 * PATCH_GAP > sec.y_cut - sec.y_a {
            return Err(ParamError::new(
                "label cell",
                cell,
                "makes the labels wider than the leaves",
            )
            .into());
        }
        // Station pitch: a tab, an A knuckle and the two axial gaps of its
        // station and the next; the narrowest pitch has the two smallest.
        let c_min = spec
            .clearances
            .iter()
            .map(|c| c.mm())
            .fold(f64::INFINITY, f64::min);
        let row = widest + 2.0 * PATCH_GAP - spec.a_knuckle - 2.0 * c_min;
        Ok(Labels {
            legend,
            legend_bitmap,
            texts,
            bitmaps,
            cell,
            relief: lv.relief,
            legend_room: legend_w + 2.0 * PATCH_GAP,
            tab_width: spec.b_knuckle.max(row),
        })
    }

    /// Deboss the legend into the upward face `top`, centred on `centre`.
    pub fn push_legend(&self, shell: &mut Shell, top: FaceId, centre: Point) {
        self.push(shell, top, "legend", &self.legend_bitmap, centre);
    }

    /// Deboss station `i`'s label into the upward face `top`, centred on
    /// `centre`.
    pub fn push_station(&self, shell: &mut Shell, top: FaceId, i: usize, centre: Point) {
        let name = format!("label {}", self.texts[i]);
        self.push(shell, top, &name, &self.bitmaps[i], centre);
    }

    /// A label reading along +X, debossed into an upward face.
    fn push(&self, shell: &mut Shell, top: FaceId, name: &str, bitmap: &Bitmap, centre: Point) {
        let frame = centred_label_frame(centre, Vector::x(), Vector::y(), bitmap, self.cell);
        push_label(shell, top, name, &frame, bitmap, self.cell, -self.relief);
    }
}
