//! The ladder's labels: the legend on A's first leaf, each station's
//! clearance on its tab, debossed into the leaf top (`docs/design-rules.md`,
//! Labels), and the knuckle lengths they need.

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
    /// Length along X of A's first knuckle, which carries the legend.
    pub first_knuckle: f64,
    /// Length along X of every tab: the widest station label plus half a
    /// cell of flat top on each side, which keeps its margin off the gap.
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
        // The legend lies on A0's leaf in front of the cut-back line,
        // strictly inside, and the station labels on the tabs beyond the
        // swing gap.
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
            cell,
            relief: lv.relief,
            first_knuckle: spec.a_knuckle.max(legend_w + 2.0 * cell),
            tab_width: spec.b_knuckle.max(widest + cell),
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
