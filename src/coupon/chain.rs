//! The chain-link pair (docs/chain.md): a flat ring lying on the bed and a
//! link bridging its back bar, one pair per station.
//!
//! The link is part of the carrier: a spine along X behind the rings holds
//! one bridge per station, which crosses the ring's back bar and comes
//! down on a foot inside the ring's window. The ring is the moving part and
//! is captive (held down by the bridge, kept in place by the foot). The
//! station's clearance is the side gap on both sides of the ring's back
//! bar (foot to bar, bar to spine); the air under the bridge is whole
//! layers by rule ([`under_bridge`]) and stated. All bridge undersides are
//! at one height; each ring's height sets its own gap.
//!
//! The carrier's cross-section (Y, Z) is the spine's, changing to the arch
//! (spine, bridge and foot) over each bridge, so it is built as prism
//! sections along X ([`super::prism`]) with the top as label cells.

use super::prism::{self, Axis, Section};
use super::registry::{Entry, Reading, ViewFrom};
use super::{Bridge, Coupon, Part, PrintProfile, face_around_label, station};
use crate::clearance::ClearanceMeaning;
use crate::error::{ParamError, Result};
use crate::geom::{MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame, Legend};
use crate::plan::{Joint, SweepLimits};
use crate::units::Microns;

/// The chain coupon's registry entry.
pub const ENTRY: Entry = Entry {
    name: "chain",
    title: "Chain-link pair",
    about: "Chain-link pair: per station a flat ring on the bed, captive under a bridge that \
            crosses its back bar and comes down on a foot inside its window, like two links of a \
            print-in-place chain. The clearance is the side gap per side on both sides of the \
            bar; the air under the bridge is whole layers, at least one layer more than the \
            clearance, and stated per station. Slide and swing each ring; the smallest clearance \
            that moves freely is your chain's side gap.",
    joint: Joint::Rotating,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: false,
    limits: SweepLimits::NONE,
    build: |c, p| build(&ChainSpec::new(c, p)),
    growth,
    reading: Reading {
        boxes: &["moves", "stiff", "fused"],
        how_to: "Slide each ring left and right along its foot, then lift its front and let it \
                 drop. Moves: it slides and swings with a light touch. Stiff: it moves only \
                 after being forced. Fused: it will not move without breaking.",
        results: &[
            "Smallest clearance that moves freely (your chain links' side gap)",
            "Smallest that moves at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

fn growth(_: &[Microns], profile: PrintProfile) -> Vec<String> {
    let cell = label::cell_for(profile.nozzle);
    (cell > label::DEFAULT_CELL + 1e-9)
        .then(|| {
            format!(
                "label cells {cell:.2} mm (not 0.80) so they print with the {} mm nozzle; the spine is deeper",
                profile.nozzle
            )
        })
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
    /// Ring outside, along X and Y.
    pub ring: f64,
    /// Ring bar width.
    pub bar: f64,
    /// Lowest ring height.
    pub ring_min: f64,
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

/// Largest side gap: the foot keeps 1 mm from the window's front and the
/// bridge stays a short span.
pub const MAX_CLEARANCE: f64 = 1.0;

impl ChainSpec {
    /// The reference geometry with these clearances and profile.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        ChainSpec {
            clearances,
            profile,
            ring: 10.0,
            bar: 2.0,
            ring_min: 1.6,
            foot: 2.0,
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
            Some((
                MAX_CLEARANCE,
                "(the foot must keep 1 mm from the ring's front bar)".into(),
            )),
        )?;
        Ok(ChainSpec { profile, ..self })
    }

    fn text_margin(&self) -> f64 {
        self.label_clearance.max(self.label_cell + 0.2)
    }

    /// Spine depth: a label and its margins.
    fn spine_depth(&self) -> f64 {
        (5.0 * self.label_cell + 2.0 * self.text_margin()).max(8.0)
    }

    /// Station pitch: a ring and the gap to the next, or a three-digit
    /// label with its margins when that is wider.
    fn pitch(&self) -> f64 {
        (self.ring + self.ring_gap).max(11.0 * self.label_cell + 2.0 * self.text_margin())
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
    /// Every bridge's underside.
    under: f64,
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
    let under = p.snap_up(spec.ring_min + most);
    let relief = p.whole_layers(spec.label_relief);
    let top = p.snap_up(under + spec.bridge.max(relief + 0.8));
    Heights { under, top, relief }
}

/// Where one station's parts stand along Y (the spine's front is `ys0`).
struct Station1 {
    c: f64,
    /// Ring back face (`ys0 - c`).
    ring_back: f64,
    /// Foot front and back faces.
    foot: (f64, f64),
}

fn station_y(spec: &ChainSpec, c: f64, ys0: f64) -> Station1 {
    let ring_back = ys0 - c;
    let foot_back = ring_back - spec.bar - c;
    Station1 {
        c,
        ring_back,
        foot: (foot_back - spec.foot, foot_back),
    }
}

/// The spine's cross-section (y, z), counter-clockwise.
fn spine_profile(spec: &ChainSpec, h: &Heights, ys0: f64, ys1: f64) -> Vec<Point2> {
    let br = spec.bed_relief;
    [
        (ys0 + br, 0.0),
        (ys1, 0.0),
        (ys1, h.top),
        (ys0, h.top),
        (ys0, h.under),
        (ys0, br),
    ]
    .map(|(y, z)| Point2::new(y, z))
    .to_vec()
}

/// The step from spine to arch: bridge and foot, counter-clockwise.
fn arch_step(spec: &ChainSpec, h: &Heights, ys0: f64, s: &Station1) -> Vec<Point2> {
    let br = spec.bed_relief;
    let (f0, f1) = s.foot;
    [
        (ys0, h.top),
        (f0, h.top),
        (f0, br),
        (f0 + br, 0.0),
        (f1 - br, 0.0),
        (f1, br),
        (f1, h.under),
        (ys0, h.under),
    ]
    .map(|(y, z)| Point2::new(y, z))
    .to_vec()
}

/// The arch's cross-section: the spine with the step in place of its
/// front face above the bridge's underside.
fn arch_profile(spine: &[Point2], step: &[Point2]) -> Vec<Point2> {
    // spine[3] = (ys0, top) and spine[4] = (ys0, under) bound the edge the
    // step replaces; the step starts and ends on them.
    let mut out = spine[..3].to_vec();
    out.extend_from_slice(step);
    out.extend_from_slice(&spine[5..]);
    out
}

/// Build the carrier and rings. The spec is validated first.
pub fn build(spec: &ChainSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let h = heights(&spec);
    let n = spec.clearances.len();
    let cell = spec.label_cell;
    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let legend = Legend::for_clearances(ClearanceMeaning::PerSide, &um);
    let legend_text = legend.text();
    let legend_bm = label::render(&legend_text).expect("legend glyphs exist");
    let legend_cell = label::patch_size(&legend_bm, cell, cell).0 + 2.0 * spec.label_clearance;
    let pitch = spec.pitch();
    let ys0 = spec.ring + MAX_CLEARANCE;
    let ys1 = ys0 + spec.spine_depth();

    let cells: Vec<f64> = std::iter::once(0.0)
        .chain((0..=n).map(|i| legend_cell + i as f64 * pitch))
        .collect();
    let centres: Vec<f64> = (0..n)
        .map(|i| legend_cell + (i as f64 + 0.5) * pitch)
        .collect();
    let half = spec.foot / 2.0;
    let stations: Vec<Station1> = spec
        .clearances
        .iter()
        .map(|c| station_y(&spec, c.mm(), ys0))
        .collect();

    // The carrier: spine sections with an arch over each bridge.
    let spine = spine_profile(&spec, &h, ys0, ys1);
    let steps: Vec<Vec<Point2>> = stations
        .iter()
        .map(|s| arch_step(&spec, &h, ys0, s))
        .collect();
    let arches: Vec<Vec<Point2>> = steps.iter().map(|st| arch_profile(&spine, st)).collect();
    let mut cuts: Vec<(f64, Option<usize>)> = cells.iter().map(|&x| (x, None)).collect();
    for (i, &xc) in centres.iter().enumerate() {
        cuts.push((xc - half, Some(i)));
        cuts.push((xc + half, None));
    }
    cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let sections: Vec<Section<'_>> = cuts
        .windows(2)
        .map(|w| Section {
            from: w[0].0,
            to: w[1].0,
            profile: match w[0].1 {
                Some(i) => &arches[i],
                None => &spine,
            },
        })
        .collect();
    let mut mb = MeshBuilder::new();
    let spine_top = |a: Point2, b: Point2| a.y == h.top && b.y == h.top && a.x >= ys0 && b.x >= ys0;
    prism::walls(&mut mb, Axis::X, &sections, spine_top);
    let end = *cells.last().expect("cells");
    prism::cap(&mut mb, Axis::X, 0.0, &spine, false);
    prism::cap(&mut mb, Axis::X, end, &spine, true);
    for (step, &xc) in steps.iter().zip(&centres) {
        prism::cap(&mut mb, Axis::X, xc - half, step, false);
        prism::cap(&mut mb, Axis::X, xc + half, step, true);
    }
    let texts: Vec<String> = std::iter::once(legend_text.clone())
        .chain(um.iter().map(|&c| legend.station(c)))
        .collect();
    for (k, (w, text)) in cells.windows(2).zip(&texts).enumerate() {
        let inner: Vec<f64> = if k == 0 {
            vec![]
        } else {
            vec![centres[k - 1] - half, centres[k - 1] + half]
        };
        spine_cell(
            &mut mb,
            &spec,
            (w[0], w[1]),
            &inner,
            (ys0, ys1),
            h.top,
            h.relief,
            text,
        );
    }
    let mut parts = vec![Part {
        name: "spine and links".to_string(),
        mesh: mb.finish(),
    }];

    let (rings, out, bridges) = rings_and_bridges(&spec, &h, &stations, &centres, &legend);
    parts.extend(rings);
    Coupon {
        kind: "chain",
        parts,
        stations: out,
        bridges,
        legend: legend_text,
        profile: p,
    }
    .validated()
}

/// The moving rings, one per station (part `i + 1`), with their station
/// records and the carrier's link bridge over each ring's bar.
fn rings_and_bridges(
    spec: &ChainSpec,
    h: &Heights,
    stations: &[Station1],
    centres: &[f64],
    legend: &Legend,
) -> (Vec<Part>, Vec<super::Station>, Vec<Bridge>) {
    let p = spec.profile;
    let half = spec.foot / 2.0;
    let ys0 = spec.ring + MAX_CLEARANCE;
    let mut parts = Vec::with_capacity(stations.len());
    let mut out = Vec::with_capacity(stations.len());
    let mut bridges = Vec::with_capacity(stations.len());
    for (i, (s, &xc)) in stations.iter().zip(centres).enumerate() {
        let c = spec.clearances[i];
        let g = under_bridge(s.c, &p);
        let height = p.snap_down(h.under - g);
        let back = s.ring_back;
        parts.push(Part {
            name: format!("ring {} ({c} mm, {g:.2} mm under the bridge)", i + 1),
            mesh: ring(spec, xc, back, height),
        });
        // On the ring's front bar, where a slicer check finds the ring alone.
        let at = Point::new(xc, back - spec.ring + spec.bar / 2.0, 0.0);
        out.push(station(i, c, legend.station(c.0), at, Some(i + 1)));
        bridges.push(Bridge {
            part: 0,
            z: h.under,
            min: [xc - half, s.foot.0],
            max: [xc + half, ys0],
            what: "link bridge over the ring's bar",
        });
    }
    (parts, out, bridges)
}

/// A ring around the window, `height` tall, its back face at `back`, with
/// 45-degree bed relief on every bottom edge.
fn ring(spec: &ChainSpec, xc: f64, back: f64, height: f64) -> crate::geom::Mesh {
    let (w, b, br) = (spec.ring / 2.0, spec.bar, spec.bed_relief);
    let front = back - spec.ring;
    let rect = |x0: f64, y0: f64, x1: f64, y1: f64, z: f64| {
        [
            Point::new(x0, y0, z),
            Point::new(x1, y0, z),
            Point::new(x1, y1, z),
            Point::new(x0, y1, z),
        ]
    };
    let mut mb = MeshBuilder::new();
    let outer = [
        mb.vertices(&rect(xc - w + br, front + br, xc + w - br, back - br, 0.0)),
        mb.vertices(&rect(xc - w, front, xc + w, back, br)),
        mb.vertices(&rect(xc - w, front, xc + w, back, height)),
    ];
    let (wx, wy0, wy1) = (w - b, front + b, back - b);
    let window = [
        mb.vertices(&rect(xc - wx - br, wy0 - br, xc + wx + br, wy1 + br, 0.0)),
        mb.vertices(&rect(xc - wx, wy0, xc + wx, wy1, br)),
        mb.vertices(&rect(xc - wx, wy0, xc + wx, wy1, height)),
    ];
    for k in 0..2 {
        for j in 0..4 {
            let (a, c) = (j, (j + 1) % 4);
            let (lo, hi) = (&outer[k], &outer[k + 1]);
            mb.quad(lo[a], lo[c], hi[c], hi[a]);
            let (lo, hi) = (&window[k], &window[k + 1]);
            mb.quad(lo[c], lo[a], hi[a], hi[c]);
        }
    }
    let centre = Point2::new(xc, (front + back) / 2.0);
    mb.annulus(&outer[2], &window[2], centre, true);
    mb.annulus(&outer[0], &window[0], centre, false);
    mb.finish()
}

/// One cell of the spine's top from `x0` to `x1` over `ys0..ys1`, with the
/// section boundaries `inner` on its front and back edges and `text`
/// debossed in its middle.
#[allow(clippy::too_many_arguments)]
fn spine_cell(
    mb: &mut MeshBuilder,
    spec: &ChainSpec,
    (x0, x1): (f64, f64),
    inner: &[f64],
    (ys0, ys1): (f64, f64),
    top: f64,
    relief: f64,
    text: &str,
) {
    let pt = |x: f64, y: f64| Point::new(x, y, top);
    let corners = [pt(x0, ys0), pt(x1, ys0), pt(x1, ys1), pt(x0, ys1)];
    let front: Vec<Point> = inner.iter().map(|&x| pt(x, ys0)).collect();
    let back: Vec<Point> = inner.iter().rev().map(|&x| pt(x, ys1)).collect();
    let cell = spec.label_cell;
    let bm = label::render(text).expect("label glyphs exist");
    let (pw, ph) = label::patch_size(&bm, cell, cell);
    let frame = Frame {
        origin: Point::new(
            (x0 + x1) / 2.0 - pw / 2.0,
            (ys0 + ys1) / 2.0 - ph / 2.0,
            top,
        ),
        u: Vector::x(),
        v: Vector::y(),
    };
    let patch = label::build(mb, &frame, &bm, cell, cell, -relief);
    face_around_label(mb, corners, [&front, &[], &back, &[]], &patch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;

    #[test]
    fn default_pair_builds_closed_parts_with_stated_gaps() {
        let p = PrintProfile::default();
        let c = build(&ChainSpec::new(
            vec![Microns(100), Microns(300), Microns(500)],
            p,
        ))
        .unwrap();
        assert_eq!(c.parts.len(), 4);
        for part in &c.parts {
            assert_eq!(defects(&part.mesh), vec![], "{}", part.name);
        }
        assert!((under_bridge(0.2, &p) - 0.4).abs() < 1e-9);
        assert!((under_bridge(0.3, &p) - 0.6).abs() < 1e-9);
        assert!((under_bridge(0.5, &p) - 0.8).abs() < 1e-9);
        let coarse = PrintProfile {
            layer_height: 0.28,
            ..p
        };
        assert!((under_bridge(0.2, &coarse) - 0.56).abs() < 1e-9);
    }
}
