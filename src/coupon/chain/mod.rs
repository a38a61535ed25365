//! The chain-link pair (docs/chain.md): a flat ring lying on the bed and a
//! link bridging its back bar, one pair per station.
//!
//! The link is part of the carrier: a spine along X behind the rings holds
//! one bridge per station, which crosses the ring's back bar and comes
//! down on a foot inside the ring's window (built in `carrier`). The
//! ring is the moving part and is captive (held down by the bridge, kept
//! in place by the foot). The station's clearance is the side gap on both sides of the
//! ring's back bar (foot to bar, bar to spine); the air under the bridge
//! is whole layers by rule ([`under_bridge`]) and stated. Every ring is
//! the same height; each bridge's underside is as high as its gap needs.

mod carrier;

use super::registry::{Entry, Reading, ViewFrom};
use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::clearance::ClearanceMeaning;
use crate::error::{ParamError, Result};
use crate::geom::kit::{Chamfer, Frame, Prism, Region, Shell, Span, along_x, pitched};
use crate::geom::{Mesh, Point, Point2};
use crate::label::{self, Legend};
use crate::plan::{Joint, SweepLimits};
use crate::units::Microns;

/// The chain coupon's registry entry.
///
/// Its joint is the hinge's: a chain link is a print-in-place hinge, a bar
/// swinging in a loop, read in the joint table's rotating column. Its side
/// gaps are between vertical faces, so the multi-axis rule (2.0 x layer,
/// for droop on tilted faces) does not apply; the air under the bridge has
/// its own rule ([`under_bridge`]).
pub const ENTRY: Entry = Entry {
    name: "chain",
    title: "Chain-link pair",
    about: "Chain-link pair: per station a flat ring on the bed, captive under a bridge that \
            crosses its back bar and comes down on a foot inside its window, like two links of a \
            print-in-place chain. The clearance is the side gap per side on both sides of the \
            bar. The air under the bridge is the side gap rounded up to whole layers plus one \
            layer, and at least max(2 x layer, nozzle); make states it per station \
            (under_bridge_mm in --json). Slide and swing each ring; the smallest clearance that \
            moves freely is your chain's side gap.",
    joint: Joint::Hinge,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: false,
    limits: SweepLimits::NONE,
    build: |c, p| build(&ChainSpec::new(c, p)),
    growth,
    reading: Reading {
        boxes: &["moves", "stiff", "fused"],
        how_to: "Slide each ring left and right along its foot, then lift its front and let it \
                 drop. Moves: it slides and swings with a light touch. Stiff: it moves only \
                 after being forced. Fused: it will not move without breaking. The label is the \
                 side gap; the air under each bridge is that gap rounded up to whole layers plus \
                 one layer (at least two layers and a nozzle width), so a chain designed with \
                 the free station's side gap needs that much under its bridges too.",
        results: &[
            "Smallest clearance that moves freely (your chain links' side gap)",
            "Smallest that moves at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

/// What grows at a coarse nozzle: label cells, and the bars and feet to
/// two line widths (the ring grows around a window of the same size).
pub fn growth(_: &[Microns], profile: PrintProfile) -> Vec<String> {
    super::registry::coarse_cells_and_walls(profile)
        .into_iter()
        .collect()
}

/// Everything that shapes a chain-link coupon. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainSpec {
    /// Side gap per side of each station, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// The ring's window, along X and Y.
    pub window: f64,
    /// Ring bar width.
    pub bar: f64,
    /// Ring height (snapped up to a layer boundary).
    pub ring_height: f64,
    /// Foot size (X and Y) and bridge width (X).
    pub foot: f64,
    /// Least bridge thickness.
    pub bridge: f64,
    /// Gap between neighbouring rings.
    pub ring_gap: f64,
    /// 45-degree bed relief on the ring's bottom edges, the foot's front
    /// and back and the spine's front (docs/design-rules.md R6).
    pub bed_relief: f64,
    /// Label cell.
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Text clearance from any edge.
    pub label_clearance: f64,
}

/// Largest side gap: the bridge stays a short span (at most 2 mm plus
/// twice the gap over the bar).
pub const MAX_CLEARANCE: f64 = 1.0;

impl ChainSpec {
    /// The reference geometry with these clearances and profile; bars and
    /// feet are at least two line widths at coarse nozzles.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        let wall = label::min_wall(profile.nozzle).max(2.0);
        ChainSpec {
            clearances,
            profile,
            window: 6.0,
            bar: wall,
            ring_height: 1.2,
            foot: wall,
            bridge: 1.2,
            ring_gap: 2.0,
            bed_relief: 0.4,
            label_cell: label::cell_for(profile.nozzle),
            label_relief: 0.4,
            label_clearance: 1.0,
        }
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        super::check_stations(
            &self.clearances,
            "chain coupon",
            ClearanceMeaning::PerSide,
            Some((MAX_CLEARANCE, "(the bridge must stay a short span)".into())),
        )?;
        Ok(ChainSpec { profile, ..self })
    }

    /// The ring's outside, along X and Y.
    pub fn ring(&self) -> f64 {
        self.window + 2.0 * self.bar
    }

    /// How far the ring of side gap `c` slides along X either way while
    /// keeping `c` from the carrier: until its window's side is `c` from
    /// the foot's side.
    pub fn slide_stop(&self, c: f64) -> f64 {
        (self.window - self.foot) / 2.0 - c
    }

    /// How far the ring of side gap `c` lifts while keeping `c` from the
    /// carrier: until its top is `c` under the bridge.
    pub fn lift_stop(&self, c: f64) -> f64 {
        under_bridge(c, &self.profile) - c
    }

    fn text_margin(&self) -> f64 {
        self.label_clearance.max(self.label_cell + 0.2)
    }

    /// Spine depth: a label's five rows of glyphs and their margins.
    fn spine_depth(&self) -> f64 {
        5.0 * self.label_cell + 2.0 * self.text_margin()
    }

    /// Station pitch: a ring and the gap to the next, or a three-digit
    /// label with its margins when that is wider.
    fn pitch(&self) -> f64 {
        (self.ring() + self.ring_gap).max(11.0 * self.label_cell + 2.0 * self.text_margin())
    }
}

/// The air under the bridge for side gap `c` mm: whole layers, at least
/// the side gap rounded up plus one layer for sag, and at least a thick
/// bridge's strand (the nozzle) and two layers
/// (docs/design-rules.md R3, R4).
pub fn under_bridge(c: f64, p: &PrintProfile) -> f64 {
    let layers = |mm: f64| (mm / p.layer_height - 1e-9).ceil().max(1.0);
    let k = (layers(c.max(p.layer_height)) + 1.0).max(layers((2.0 * p.layer_height).max(p.nozzle)));
    k * p.layer_height
}

/// Heights shared by every station, on layer boundaries.
struct Heights {
    /// Every ring's top.
    ring: f64,
    /// Spine and bridge top.
    top: f64,
    /// Label deboss depth.
    relief: f64,
}

fn heights(spec: &ChainSpec) -> Heights {
    let p = &spec.profile;
    let most = spec
        .clearances
        .iter()
        .map(|c| under_bridge(c.mm(), p))
        .fold(0.0, f64::max);
    let ring = p.snap_up(spec.ring_height);
    let (top, relief) = p.labelled_roof(ring + most, spec.bridge, spec.label_relief);
    Heights { ring, top, relief }
}

/// One station's link and ring: the link's X span, the foot's front and
/// back, the bridge's underside, the ring's back face.
struct Link {
    /// The bridge and foot, from x to x.
    x: (f64, f64),
    /// The bridge's underside: the air under it over the ring's top.
    under: f64,
    /// The foot's front and back faces.
    foot: (f64, f64),
    /// The ring's back face (`c` in front of the spine).
    ring_back: f64,
}

impl Link {
    /// The link of side gap `c` centred on `xc`, the spine's front at `y0`,
    /// over a ring whose top is at `ring`.
    fn new(spec: &ChainSpec, c: f64, xc: f64, y0: f64, ring: f64) -> Link {
        let ring_back = y0 - c;
        let foot_back = ring_back - spec.bar - c;
        let p = &spec.profile;
        Link {
            x: (xc - spec.foot / 2.0, xc + spec.foot / 2.0),
            // Both on layer boundaries, so the air is whole layers.
            under: p.snap_down(ring + under_bridge(c, p)),
            foot: (foot_back - spec.foot, foot_back),
            ring_back,
        }
    }
}

/// Build the carrier and rings. The spec is validated first.
pub fn build(spec: &ChainSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let z = heights(&spec);
    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let legend = Legend::for_clearances(ClearanceMeaning::PerSide, &um);
    let legend_text = legend.text();
    let cell = spec.label_cell;
    let legend_bm = label::render(&legend_text).expect("legend glyphs exist");
    let legend_w = label::patch_size(&legend_bm, cell, cell).0 + 2.0 * spec.label_clearance;
    let spans = pitched(legend_w, spec.pitch(), spec.clearances.len());
    let y0 = spec.ring() + MAX_CLEARANCE;
    let links: Vec<Link> = spec
        .clearances
        .iter()
        .zip(&spans)
        .map(|(c, s)| Link::new(&spec, c.mm(), s.centre(), y0, z.ring))
        .collect();
    let labels: Vec<(Span, String)> = along_x(0.0, [legend_w])
        .into_iter()
        .map(|s| (s, legend_text.clone()))
        .chain(spans.iter().zip(&um).map(|(s, &c)| (*s, legend.station(c))))
        .collect();
    let layout = carrier::Layout {
        x_end: spans.last().expect("at least one station").hi,
        y_front: y0,
        y_back: y0 + spec.spine_depth(),
        z: &z,
        bed_relief: spec.bed_relief,
        links: &links,
        labels: &labels,
        cell,
    };
    let mut parts = vec![Part {
        name: "spine and links".to_string(),
        mesh: carrier::build(&layout)?,
    }];
    let mut stations = Vec::with_capacity(links.len());
    let mut bridges = Vec::with_capacity(links.len());
    for (i, ((link, span), &c)) in links.iter().zip(&spans).zip(&spec.clearances).enumerate() {
        // Stated to the micrometre, as built.
        let g = ((link.under - z.ring) * 1e6).round() / 1e6;
        let name = format!("ring {} ({c} mm, {g:.2} mm under the bridge)", i + 1);
        parts.push(Part {
            mesh: ring(&spec, &name, span.centre(), link.ring_back, z.ring)?,
            name,
        });
        // On the ring's front bar, where a slicer check finds the ring alone.
        let front = link.ring_back - spec.ring() + spec.bar / 2.0;
        let mut s = station(
            i,
            c,
            legend.station(c.0),
            Point::new(span.centre(), front, 0.0),
            Some(i + 1),
        );
        s.under_bridge_mm = Some(g);
        // The foot stands inside the ring's box: a slicer check tells the
        // carrier's island from the ring's there.
        let foot_y = (link.foot.0 + link.foot.1) / 2.0;
        s.carrier_probe = Some([span.centre(), foot_y, 0.0]);
        stations.push(s);
        bridges.push(Bridge {
            part: 0,
            z: link.under,
            min: [link.x.0, link.foot.1],
            max: [link.x.1, y0],
            what: "link bridge over the ring's bar",
        });
    }
    Coupon {
        kind: "chain",
        parts,
        stations,
        bridges,
        legend: legend_text,
        profile: p,
    }
    .validated()
}

/// A ring around the window, `height` tall, centred on `xc` with its back
/// face at `back`, with 45-degree bed relief on every bottom edge (outside
/// and window).
fn ring(spec: &ChainSpec, name: &str, xc: f64, back: f64, height: f64) -> Result<Mesh> {
    let (w, b) = (spec.ring() / 2.0, spec.bar);
    let front = back - spec.ring();
    let outline = Region::rectangle(Point2::new(xc - w, front), Point2::new(xc + w, back));
    let window = Region::rectangle(
        Point2::new(xc - w + b, front + b),
        Point2::new(xc + w - b, back - b),
    );
    let mut shell = Shell::new(name);
    Prism::new(outline.with_hole(window.outer), Frame::xy(), 0.0, height)
        .chamfered(Chamfer::all(spec.bed_relief), Chamfer::NONE)
        .push(&mut shell, "ring");
    Ok(shell.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;

    fn um(v: &[u32]) -> Vec<Microns> {
        v.iter().map(|&x| Microns(x)).collect()
    }

    #[test]
    fn default_pair_keeps_every_printability_rule() {
        let p = PrintProfile::default();
        let c = build(&ChainSpec::new(um(&[100, 300, 500]), p)).unwrap();
        assert_eq!(c.parts.len(), 4);
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
        let stated: Vec<f64> = c
            .stations
            .iter()
            .filter_map(|s| s.under_bridge_mm)
            .collect();
        for (got, want) in stated.iter().zip([0.4, 0.6, 0.8]) {
            assert!((got - want).abs() < 1e-9, "{stated:?}");
        }
    }

    #[test]
    fn the_gap_under_the_bridge_is_whole_layers_over_the_side_gap() {
        let p = PrintProfile::default();
        assert!((under_bridge(0.2, &p) - 0.4).abs() < 1e-9);
        assert!((under_bridge(0.3, &p) - 0.6).abs() < 1e-9);
        assert!((under_bridge(0.5, &p) - 0.8).abs() < 1e-9);
        let coarse = PrintProfile {
            layer_height: 0.28,
            ..p
        };
        assert!((under_bridge(0.2, &coarse) - 0.56).abs() < 1e-9);
        // A 0.8 mm nozzle's thick bridge: at least the nozzle.
        let wide = PrintProfile {
            nozzle: 0.8,
            layer_height: 0.2,
            ..p
        };
        assert!((under_bridge(0.1, &wide) - 0.8).abs() < 1e-9);
    }

    #[test]
    fn too_wide_a_side_gap_is_refused_by_name() {
        let e = build(&ChainSpec::new(um(&[200, 1200]), PrintProfile::default()))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("clearance 2 of 2") && e.contains("at most 1.000"),
            "{e}"
        );
    }
}
