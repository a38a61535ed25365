//! The bridge-gap sweep (docs/bridge.md): the vertical air under a bridge,
//! in whole layers, with one fixed side gap.
//!
//! A bar along X has one tunnel per station, open to the bed and running
//! through the bar along Y; its flat roof is printed as a bridge. A key lies
//! on the bed in each tunnel, sticking out in front and behind, `k` layers
//! under the roof. Every station has the same side gap and the same roof
//! height; only the key's height changes, so the air under the roof is the
//! one thing the sweep varies. The bar's cross-section (X, Z) is constant
//! along Y, so bar and keys are kit prisms of that section swept along Y
//! ([`crate::geom::kit::Prism`]); the labels are cut into the bar's top
//! face ([`crate::geom::kit::push_label`]).

use super::registry::{Entry, Reading, ViewFrom};
use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::clearance::ClearanceMeaning;
use crate::error::{ParamError, Result};
use crate::geom::kit::{
    Frame, Prism, Region, Shell, Span, along_x, centred_label_frame, push_label,
};
use crate::geom::{Point, Point2, Vector};
use crate::label::{self, Legend};
use crate::plan::{Joint, SweepLimits};
use crate::units::Microns;

pub use crate::plan::bridge::MAX_LAYERS;

/// The bridge-gap sweep's registry entry.
pub const ENTRY: Entry = Entry {
    name: "bridge",
    title: "Bridge-gap sweep",
    about: "Bridge-gap sweep: a bar with one tunnel per station and a loose key in each, the \
            tunnel's flat roof (a bridge) 1, 2, 3 ... layers above the key, at one fixed 0.4 mm \
            side gap. The clearance is vertical, in whole layers: labels count layers and the \
            legend L X.20 gives the layer height. --clearances and --sweep take the gaps in mm, \
            each a whole number of layers (0.2,0.4,0.6 at 0.2 mm layers); by default the \
            planner sweeps one layer up to three past max(2 x layer, nozzle). Push each key out; \
            the fewest layers whose key moves is the air a bridge needs over another part \
            (chain links, hinge bores).",
    joint: Joint::Bridge,
    clearance: ClearanceMeaning::Vertical,
    in_default_batch: false,
    limits: SweepLimits::NONE,
    build: |c, p| build(&BridgeSpec::from_gaps(&c, p)?),
    growth,
    reading: Reading {
        boxes: &["pushes out", "stiff", "fused"],
        how_to: "Push each key out of its tunnel with a fingertip or a pen, from the front. \
                 Pushes out: it slides with light pressure. Stiff: it moves only after a firm \
                 push (the sagging roof touched it). Fused: it will not move without breaking.",
        results: &[
            "Fewest layers whose key pushes out (the air to leave under a bridge)",
            "Fewest that move at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

/// Label cells grow with a coarse nozzle; the bar deepens and the pitch
/// widens to hold them.
fn growth(_: &[Microns], profile: PrintProfile) -> Vec<String> {
    let cell = label::cell_for(profile.nozzle);
    (cell > label::DEFAULT_CELL + 1e-9)
        .then(|| {
            format!(
                "label cells {cell:.2} mm (not 0.80) so they print with the {} mm nozzle; the bar is deeper",
                profile.nozzle
            )
        })
        .into_iter()
        .collect()
}

/// Everything that shapes a bridge-gap sweep. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct BridgeSpec {
    /// Air under each station's roof in whole layers, in order along +X.
    pub layers: Vec<u32>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Gap per side between key and tunnel wall, the same at every station.
    pub side: f64,
    /// Key width (X).
    pub key_width: f64,
    /// How far each key sticks out of the bar in front and behind.
    pub stick_out: f64,
    /// Height of the lowest key.
    pub key_min: f64,
    /// Least roof thickness over a tunnel.
    pub roof: f64,
    /// Least wall between two tunnels.
    pub wall: f64,
    /// 45-degree bed relief on the key's long bottom edges and the tunnel
    /// walls' feet (docs/design-rules.md R6).
    pub bed_relief: f64,
    /// Label cell.
    pub label_cell: f64,
    /// Label deboss depth (rounded up to whole layers).
    pub label_relief: f64,
    /// Text clearance from any edge.
    pub label_clearance: f64,
}

impl BridgeSpec {
    /// The reference geometry for these layer counts and profile.
    pub fn new(layers: Vec<u32>, profile: PrintProfile) -> Self {
        BridgeSpec {
            layers,
            profile,
            side: 0.4,
            key_width: 4.0,
            stick_out: 4.0,
            key_min: 1.2,
            roof: 1.2,
            wall: 3.0,
            bed_relief: 0.4,
            label_cell: label::cell_for(profile.nozzle),
            label_relief: 0.4,
            label_clearance: 1.0,
        }
    }

    /// The spec for vertical gaps given in mm (`Family::build`'s
    /// clearances): each must be a whole number of layers.
    pub fn from_gaps(gaps: &[Microns], profile: PrintProfile) -> Result<Self, ParamError> {
        let profile = profile.validated()?;
        let h = profile.layer_height;
        let n = gaps.len();
        let layers = gaps
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let k = (g.mm() / h).round();
                if k < 1.0 || (g.mm() - k * h).abs() > 1e-6 {
                    return Err(ParamError::new(
                        format!("clearance {} of {n}", i + 1),
                        g,
                        format!(
                            "the bridge coupon's gaps are vertical, whole layers of {h} mm ({}, {}, {} ...)",
                            Microns(gap_um(1, &profile)),
                            Microns(gap_um(2, &profile)),
                            Microns(gap_um(3, &profile))
                        ),
                    ));
                }
                Ok(k as u32)
            })
            .collect::<Result<Vec<u32>, _>>()?;
        Ok(BridgeSpec::new(layers, profile))
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let n = self.layers.len();
        if n == 0 || n > crate::sweep::MAX_STATIONS {
            return Err(ParamError::new(
                "stations",
                n,
                format!(
                    "a bridge coupon holds 1 to {} stations",
                    crate::sweep::MAX_STATIONS
                ),
            ));
        }
        for (i, &k) in self.layers.iter().enumerate() {
            if !(1..=MAX_LAYERS).contains(&k) {
                return Err(ParamError::new(
                    format!("clearance {} of {n}", i + 1),
                    format!("{k} layers"),
                    format!("must be 1 to {MAX_LAYERS} layers of air"),
                ));
            }
        }
        if !(0.1..=1.0).contains(&self.side) {
            return Err(ParamError::new(
                "side",
                self.side,
                "must be 0.10 to 1.00 mm per side (under 0.10 slicers close the gap; the side gap should stay open so only the vertical gap is tested)",
            ));
        }
        Ok(BridgeSpec { profile, ..self })
    }

    /// Distance from the text to the edge of its face.
    fn text_margin(&self) -> f64 {
        self.label_clearance.max(self.label_cell + 0.2)
    }

    /// Half-width of a tunnel above its mouth.
    fn tunnel_half(&self) -> f64 {
        self.key_width / 2.0 + self.side
    }

    /// Station pitch: a tunnel and a wall, or a two-digit label with its
    /// margins when that is wider.
    fn pitch(&self) -> f64 {
        let text = 7.0 * self.label_cell + 2.0 * self.text_margin();
        (2.0 * self.tunnel_half() + self.wall).max(text)
    }

    /// Bar depth (Y): the tunnel length, deep enough for a label.
    fn depth(&self) -> f64 {
        (5.0 * self.label_cell + 2.0 * self.text_margin()).max(8.0)
    }
}

/// The vertical gaps in µm of `layers` counts (the stations' clearances).
pub fn gaps_um(layers: &[u32], p: &PrintProfile) -> Vec<Microns> {
    layers.iter().map(|&k| Microns(gap_um(k, p))).collect()
}

/// The vertical gap of `layers` layers in µm (a station's clearance).
fn gap_um(layers: u32, p: &PrintProfile) -> u32 {
    (f64::from(layers) * p.layer_height * 1000.0).round() as u32
}

/// True when PrusaSlicer's thick bridge reaches a key `gap` mm under its
/// roof ([`crate::plan::bridge::thick_bridge_reaches`]): a control.
pub fn thick_bridge_reaches(gap: f64, p: &PrintProfile) -> bool {
    crate::plan::bridge::thick_bridge_reaches(gap, p.nozzle, p.layer_height)
}

/// Heights of the coupon, all on layer boundaries.
struct Heights {
    /// Underside of every tunnel roof.
    roof: f64,
    /// Bar top.
    top: f64,
    /// Label deboss depth.
    relief: f64,
}

fn heights(spec: &BridgeSpec) -> Heights {
    let p = &spec.profile;
    let most = spec.layers.iter().copied().max().unwrap_or(1);
    let roof = p.snap_up(spec.key_min + f64::from(most) * p.layer_height);
    let (top, relief) = p.labelled_roof(roof, spec.roof, spec.label_relief);
    Heights { roof, top, relief }
}

/// The frame of every prism: the cross-section in (x, z), swept along -Y
/// (height h lies at y = -h), so the bar runs from y = 0 to y = depth as
/// heights -depth to 0.
fn along_y() -> Frame {
    Frame {
        origin: Point::origin(),
        u: Vector::x(),
        v: Vector::z(),
    }
}

/// The bar's cross-section (x, z), counter-clockwise: bottom edge left to
/// right with a notch per tunnel, then up the right end, along the top
/// (one edge, the last but one) and down the left end.
fn bar_profile(
    spec: &BridgeSpec,
    centres: &[f64],
    length: f64,
    roof: f64,
    top: f64,
) -> Vec<Point2> {
    let (a, br) = (spec.tunnel_half(), spec.bed_relief);
    let pt = Point2::new;
    let mut out = vec![pt(0.0, 0.0)];
    for &xc in centres {
        out.extend([
            pt(xc - a - br, 0.0),
            pt(xc - a, br),
            pt(xc - a, roof),
            pt(xc + a, roof),
            pt(xc + a, br),
            pt(xc + a + br, 0.0),
        ]);
    }
    out.extend([pt(length, 0.0), pt(length, top), pt(0.0, top)]);
    out
}

/// A key's cross-section (x, z) centred on `xc`, `height` tall.
fn key_profile(spec: &BridgeSpec, xc: f64, height: f64) -> Vec<Point2> {
    let (w, br) = (spec.key_width / 2.0, spec.bed_relief);
    [
        (xc - w + br, 0.0),
        (xc + w - br, 0.0),
        (xc + w, br),
        (xc + w, height),
        (xc - w, height),
        (xc - w, br),
    ]
    .map(|(x, z)| Point2::new(x, z))
    .to_vec()
}

/// Build the bar and keys. The spec is validated first.
pub fn build(spec: &BridgeSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let h = heights(&spec);
    let (depth, pitch, cell) = (spec.depth(), spec.pitch(), spec.label_cell);

    let gaps: Vec<u32> = spec.layers.iter().map(|&k| gap_um(k, &p)).collect();
    let legend = Legend::for_layers(p.layer_um(), &gaps);
    let legend_text = legend.text();
    let legend_bm = label::render(&legend_text).expect("legend glyphs exist");
    let legend_cell = label::patch_size(&legend_bm, cell, cell).0 + 2.0 * spec.label_clearance;

    // Cells along X: the legend, one per station (tunnel centred), and an
    // end wall as thick as the walls between tunnels.
    let n = spec.layers.len();
    let end_wall = (pitch - 2.0 * spec.tunnel_half()) / 2.0;
    let widths = std::iter::once(legend_cell)
        .chain(std::iter::repeat_n(pitch, n))
        .chain(std::iter::once(end_wall));
    let cells: Vec<Span> = along_x(0.0, widths);
    let length = cells[n + 1].hi;
    let centres: Vec<f64> = cells[1..=n].iter().map(Span::centre).collect();

    let mut bar = Shell::new("bar");
    let outline = bar_profile(&spec, &centres, length, h.roof, h.top);
    let top_edge = outline.len() - 2;
    let faces = Prism::new(Region::new(outline), along_y(), -depth, 0.0).push(&mut bar, "bar");
    let top = faces.sides[0][top_edge];
    // The labels, debossed into the top: the legend, then one per station.
    let texts = std::iter::once(legend_text.clone())
        .chain(spec.layers.iter().map(|&k| legend.station(gap_um(k, &p))));
    for (span, text) in cells.iter().zip(texts) {
        let bm = label::render(&text).expect("label glyphs exist");
        let centre = Point::new(span.centre(), depth / 2.0, h.top);
        let frame = centred_label_frame(centre, Vector::x(), Vector::y(), &bm, cell);
        let name = format!("label {text}");
        push_label(&mut bar, top, &name, &frame, &bm, cell, -h.relief);
    }
    let mut parts = vec![Part {
        name: "bar".to_string(),
        mesh: bar.finish()?,
    }];

    let mut stations = Vec::with_capacity(n);
    let mut bridges = Vec::with_capacity(n);
    let a = spec.tunnel_half();
    for (i, (&k, &xc)) in spec.layers.iter().zip(&centres).enumerate() {
        let gap = gap_um(k, &p);
        let key_top = h.roof - f64::from(k) * p.layer_height;
        let section = Region::new(key_profile(&spec, xc, p.snap_down(key_top)));
        let name = format!("key {} ({k} layers, {} mm)", i + 1, Microns(gap));
        let mut key = Shell::new(name.clone());
        Prism::new(
            section,
            along_y(),
            -(depth + spec.stick_out),
            spec.stick_out,
        )
        .push(&mut key, "key");
        parts.push(Part {
            name,
            mesh: key.finish()?,
        });
        // The station sits on the key's front end, clear of the bar, where
        // a slicer check finds the key alone.
        let at = Point::new(xc, -spec.stick_out / 2.0, 0.0);
        let mut s = station(i, Microns(gap), legend.station(gap), at, Some(i + 1));
        s.control = thick_bridge_reaches(f64::from(gap) / 1000.0, &p);
        stations.push(s);
        bridges.push(Bridge {
            part: 0,
            z: h.roof,
            min: [xc - a, 0.0],
            max: [xc + a, depth],
            what: "tunnel roof over the key",
        });
    }
    Coupon {
        kind: "bridge",
        parts,
        stations,
        bridges,
        legend: legend_text,
        profile: p,
    }
    .validated()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::validate::defects;

    fn profile(h: f64) -> PrintProfile {
        PrintProfile {
            layer_height: h,
            ..PrintProfile::default()
        }
    }

    #[test]
    fn default_sweep_builds_closed_parts() {
        let c = build(&BridgeSpec::new(vec![1, 2, 3, 4, 5], profile(0.2))).unwrap();
        assert_eq!(c.parts.len(), 6);
        for part in &c.parts {
            assert_eq!(defects(&part.mesh), vec![], "{}", part.name);
            assert!(part.mesh.signed_volume() > 0.0);
        }
        assert_eq!(c.legend, "L X.20");
        let labels: Vec<&str> = c.stations.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "3", "4", "5"]);
        let controls: Vec<bool> = c.stations.iter().map(|s| s.control).collect();
        assert_eq!(controls, [true, false, false, false, false]);
    }

    #[test]
    fn gaps_that_are_not_whole_layers_are_refused_by_name() {
        let e = BridgeSpec::from_gaps(&[Microns(400), Microns(300)], profile(0.2)).unwrap_err();
        assert_eq!(e.param, "clearance 2 of 2");
        assert!(e.limit.contains("whole layers of 0.2 mm"), "{e}");
        let e = BridgeSpec::new(vec![13], profile(0.2))
            .validated()
            .unwrap_err();
        assert!(e.limit.contains("1 to 12"), "{e}");
        let mut s = BridgeSpec::new(vec![1], profile(0.2));
        s.side = 0.05;
        assert_eq!(s.validated().unwrap_err().param, "side");
    }
}
