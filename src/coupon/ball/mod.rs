//! The ball-and-socket coupon (docs/ball.md): a multi-axis joint per
//! station.
//!
//! A socket bar with one cavity per station and a ball stud in each: a
//! stem on the bed carrying a 5 mm ball whose underside is a 45-degree
//! cone. The cavity is the ball offset by the station's clearance around
//! the sphere band, with a seat under the cone, an opening cone below
//! for the stem and a 45-degree top cone that keeps the ball captive. Push
//! the stem's foot (from below) or the ball's cap (from above): the
//! smallest clearance whose ball tilts and turns freely is the one to
//! design multi-axis joints with.
//!
//! Stud rings are inscribed and cavity rings circumscribed with one segment
//! count at the half-step phase, as for the pin gauge, so the smallest mesh
//! gap is the nominal clearance, at the equator, at any rotation of the
//! stud, and the stud keeps it when tilted up to its stop.

pub mod shape;

use super::registry::{Entry, Reading, ViewFrom};
use super::{Bridge, Coupon, Part, PrintProfile, station};
use crate::clearance::ClearanceMeaning;
use crate::error::{ParamError, Result};
use crate::geom::circle::{Fit, segments_for, segments_for_sliced};
use crate::geom::kit::{FaceId, Frame as KitFrame, Revolution, Shell, pitched, push_block};
use crate::geom::{MeshBuilder, Point, Point2, Vector};
use crate::label::{self, Frame};
use crate::plan::{self, SweepLimits};
use crate::units::Microns;
pub use shape::{Joint, JointSizes};

/// The ball and socket in the coupon registry.
pub const ENTRY: Entry = Entry {
    name: "ball",
    title: "Ball and socket",
    about: "Ball and socket: a bar of sockets, each holding a ball on a stem with one clearance \
            around the ball (the multi-axis joint of flexi toys and figures). Lean each ball by \
            its cap or its stem's foot; the smallest clearance that tilts and turns freely is \
            your number.",
    joint: plan::Joint::MultiAxis,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: false,
    // Five stations: the planner's cover of the estimates at the coarsest
    // step, so a default gauge prints in about half an hour.
    limits: SweepLimits {
        max_stations: 5,
        max_clearance: None,
    },
    build: |c, p| build(&BallSocketSpec::new(c, p).sized_for_clearances()),
    growth,
    reading: Reading {
        boxes: &["tilts", "stiff", "fused"],
        how_to: "Push each ball's cap sideways from above, or its stem's foot from below (a pen \
                 tip fits the opening), and lean it every way, then turn it. Tilts: it leans about \
                 15 degrees each way and turns with light pressure. Stiff: it moves only when \
                 forced, or after breaking free. Fused: it will not move without breaking.",
        results: &[
            "Smallest clearance that tilts and turns freely (design multi-axis joints with it)",
            "Smallest that moves at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

/// The ball grows no further than this (mm) to hold a wide sweep.
const MAX_BALL_DIAMETER: f64 = 20.0;

/// Height of the stem (bed to the ball's cone) before it grows for the
/// labels: at 0.2 mm layers the bar is then just tall enough for them.
const STEM_HEIGHT: f64 = 1.4;

/// Everything that shapes a ball-and-socket coupon. Lengths in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct BallSocketSpec {
    /// Clearance per side of each station, in order along +X.
    pub clearances: Vec<Microns>,
    /// Printer settings.
    pub profile: PrintProfile,
    /// Ball diameter.
    pub ball_diameter: f64,
    /// Stem diameter.
    pub stem_diameter: f64,
    /// Height of the stem (the bed to the ball's underside cone).
    pub stem_height: f64,
    /// Tilt stop in degrees: the stud leans this far in any direction.
    pub tilt_deg: f64,
    /// Half-angle of the opening cone under the lip, degrees from vertical
    /// (from the tilt up to 45).
    pub opening_deg: f64,
    /// Largest top opening radius (the top face is snapped up to a layer
    /// boundary, which only narrows it).
    pub top_opening: f64,
    /// How much smaller than the ball the lip and the top opening must be
    /// (radius), so the ball cannot be pulled out.
    pub captive_margin: f64,
    /// Socket bar depth along Y.
    pub depth: f64,
    /// Distance between stations.
    pub pitch: f64,
    /// Label cell width.
    pub label_cell: f64,
    /// Label emboss height.
    pub label_relief: f64,
    /// Thinnest wall allowed between a cavity and a face or its neighbour.
    pub min_wall: f64,
}

impl BallSocketSpec {
    /// The reference geometry with these clearances and profile: a 5 mm
    /// ball on a 1.5 mm stem, the stem as short and the bar as small as the
    /// labels and the widest cavity allow.
    pub fn new(clearances: Vec<Microns>, profile: PrintProfile) -> Self {
        let cell = label::cell_for(profile.nozzle);
        let wall = label::min_wall(profile.nozzle);
        let mut spec = BallSocketSpec {
            clearances,
            profile,
            ball_diameter: 5.0,
            stem_diameter: 1.5,
            stem_height: STEM_HEIGHT,
            tilt_deg: 15.0,
            opening_deg: 30.0,
            top_opening: 1.8,
            captive_margin: 0.4,
            depth: 0.0,
            pitch: 0.0,
            label_cell: cell,
            label_relief: 0.4,
            min_wall: wall,
        };
        spec.fit_stem();
        spec.fit_bar();
        spec
    }

    /// Pitch and depth for the widest cavity: a wall between neighbours
    /// and to the front and back, rounded up to 0.5 mm; the pitch also
    /// holds the widest station label with 0.5 mm either side.
    fn fit_bar(&mut self) {
        let cavity = self
            .clearances
            .iter()
            .map(|c| Joint::new(self.sizes(), c.mm()).max_radius())
            .fold(0.0, f64::max)
            + self.profile.chord_tolerance;
        let round = |v: f64| (v * 2.0).ceil() / 2.0;
        let (pitch, depth) = (
            round(2.0 * cavity + self.min_wall),
            round(2.0 * cavity + 2.0 * self.min_wall),
        );
        if !(depth.is_finite() && depth < 1000.0) {
            return;
        }
        let um: Vec<u32> = self.clearances.iter().map(|c| c.0).collect();
        let lg = label::Legend::for_clearances(ClearanceMeaning::PerSide, &um);
        let (cu, cv, _) = self.label_cells();
        let label = um
            .iter()
            .filter_map(|&c| label::render(&lg.station(c)).ok())
            .map(|bm| label::patch_size(&bm, cu, cv).0)
            .fold(0.0, f64::max);
        self.pitch = pitch.max(label + 1.0);
        self.depth = depth;
    }

    /// The sizes every station shares.
    pub fn sizes(&self) -> JointSizes {
        let r = self.ball_diameter / 2.0;
        let rs = self.stem_diameter / 2.0;
        JointSizes {
            ball_radius: r,
            stem_radius: rs,
            centre_z: self.stem_height + r * std::f64::consts::SQRT_2 - rs,
            tilt: self.tilt_deg.to_radians(),
            opening: self.opening_deg.to_radians(),
            layer_height: self.profile.layer_height,
        }
    }

    /// The reference geometry grown to hold its clearances: the ball by
    /// 1 mm steps until its lip holds the widest station's ball by the
    /// captive margin, then the stem and the bar as [`BallSocketSpec::new`]
    /// fits them. What grew is said by [`super::Family::growth`].
    pub fn sized_for_clearances(mut self) -> Self {
        let widest = self.clearances.iter().map(|c| c.mm()).fold(0.0, f64::max);
        if !widest.is_finite() {
            return self;
        }
        while self.lip_misfit(widest).is_some() && self.ball_diameter < MAX_BALL_DIAMETER {
            self.ball_diameter += 1.0;
        }
        self.fit_stem();
        self.fit_bar();
        self
    }

    /// The stem from its reference height up by whole layers until the bar
    /// is tall enough for its labels (coarse layers make label cells
    /// taller).
    fn fit_stem(&mut self) {
        self.stem_height = STEM_HEIGHT;
        let h = self.profile.layer_height;
        if h > 0.0 {
            for _ in 0..200 {
                if self.labels_fit() {
                    break;
                }
                self.stem_height += h;
            }
        }
    }

    /// Height of the bar's top: where the widest station's top cone has
    /// narrowed to the opening, snapped up (narrower still). A station's
    /// cone starts at the band's 45-degree point, so an opening wider than
    /// that point (a tight station: the band's radius over sqrt 2 is less
    /// than 1.8 mm below c = 0.046 mm) starts the top there instead.
    pub fn top(&self) -> f64 {
        let p = self.profile;
        self.clearances
            .iter()
            .map(|c| {
                let joint = Joint::new(self.sizes(), c.mm());
                let opening = self.top_opening.min(joint.top_cone_start().x);
                p.snap_up(joint.top_cone_z(opening))
            })
            .fold(0.0, f64::max)
    }

    /// Label lattice: cell width, cell height (whole layers), patch height.
    fn label_cells(&self) -> (f64, f64, f64) {
        let cu = self.label_cell;
        let cv = self.profile.whole_layers(cu);
        // Seven rows: five of glyph and the margin cell above and below.
        (cu, cv, 7.0 * cv)
    }

    /// The lowest layer boundary a label may start at on the front face,
    /// if the labels fit under the top with a margin of their relief.
    fn label_floor(&self) -> Option<f64> {
        let (_, _, patch_h) = self.label_cells();
        let top = self.top();
        let z0 = self.profile.snap_up((top - patch_h) / 2.0);
        (z0 + patch_h <= top - self.label_relief).then_some(z0)
    }

    fn labels_fit(&self) -> bool {
        self.label_floor().is_some()
    }

    /// Why the lip of clearance `c` (mm) does not hold the ball, if not.
    fn lip_misfit(&self, c: f64) -> Option<String> {
        let j = Joint::new(self.sizes(), c);
        let r = self.ball_diameter / 2.0;
        (j.lip.x > r - self.captive_margin).then(|| {
            format!(
                "the lip under the ball ({:.2} mm radius) would hold the {r} mm ball by less than {} mm",
                j.lip.x, self.captive_margin
            )
        })
    }

    /// Why clearance `c` (mm) does not fit this socket, if it does not.
    fn misfit(&self, c: f64) -> Option<String> {
        let j = Joint::new(self.sizes(), c);
        // A wall between neighbours, and one to the front and back faces.
        let room = (self.pitch - self.min_wall).min(self.depth - 2.0 * self.min_wall) / 2.0;
        // Faceting can push the circumscribed cavity out by its sagitta.
        let widest = j.max_radius() + self.profile.chord_tolerance;
        if widest > room {
            return Some(format!(
                "the cavity ({widest:.2} mm radius) leaves less than a {} mm wall at a {} mm pitch and {} mm depth",
                self.min_wall, self.pitch, self.depth
            ));
        }
        self.lip_misfit(c)
    }

    /// Largest clearance (mm, to the micrometre) that fits the socket.
    /// Bisected over whole micrometres, the unit clearances come in, so
    /// the limit a refusal states is exactly the widest station it builds
    /// (bisecting in millimetres and flooring could state 0.539 for a
    /// socket that holds 0.540).
    pub fn max_clearance(&self) -> f64 {
        let fits = |um: u32| self.misfit(f64::from(um) / 1000.0).is_none();
        let (mut lo, mut hi) = (0u32, 5000u32);
        if !fits(lo) {
            return 0.0;
        }
        if fits(hi) {
            return f64::from(hi) / 1000.0;
        }
        // Invariant: fits(lo) and !fits(hi).
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        f64::from(lo) / 1000.0
    }

    /// Check the spec; every error names the parameter, value and limit.
    pub fn validated(self) -> Result<Self, ParamError> {
        let profile = self.profile.validated()?;
        let spec = BallSocketSpec { profile, ..self };
        if !(spec.tilt_deg > 0.0 && spec.tilt_deg < 45.0) {
            return Err(ParamError::new(
                "tilt_deg",
                spec.tilt_deg,
                "must be more than 0 and less than 45 degrees",
            ));
        }
        if !(spec.opening_deg >= spec.tilt_deg && spec.opening_deg <= 45.0) {
            return Err(ParamError::new(
                "opening_deg",
                spec.opening_deg,
                format!(
                    "must be from the tilt stop ({} degrees, or the leaning stem would close on it) to 45 degrees (steeper overhangs do not print)",
                    spec.tilt_deg
                ),
            ));
        }
        let max = spec.max_clearance();
        let why = spec
            .clearances
            .iter()
            .find_map(|c| spec.misfit(c.mm()))
            .map_or_else(String::new, |w| format!("({w})"));
        super::check_stations(
            &spec.clearances,
            "socket bar",
            ClearanceMeaning::PerSide,
            Some((max, why)),
        )?;
        Ok(spec)
    }
}

/// What [`BallSocketSpec::sized_for_clearances`] changes from the reference
/// size to hold `clearances` at `profile`, one sentence each.
pub fn growth(clearances: &[Microns], profile: PrintProfile) -> Vec<String> {
    let base = BallSocketSpec::new(clearances.to_vec(), profile);
    let sized = base.clone().sized_for_clearances();
    let mut notes: Vec<String> = super::registry::coarse_cells_and_walls(profile)
        .into_iter()
        .collect();
    if sized.ball_diameter > base.ball_diameter + 1e-9 {
        notes.push(format!(
            "ball diameter {:.0} mm (not {:.0}) so the lip under the widest station's ball still holds it by {} mm",
            sized.ball_diameter, base.ball_diameter, base.captive_margin
        ));
    }
    for (what, grown, was) in [
        ("pitch", sized.pitch, base.pitch),
        ("depth", sized.depth, base.depth),
    ] {
        if grown > was + 1e-9 {
            notes.push(format!(
                "socket {what} {grown:.1} mm (not {was:.1}) to keep the walls around the widest cavity"
            ));
        }
    }
    if sized.stem_height > base.stem_height + 1e-9 {
        notes.push(format!(
            "stem {:.2} mm tall (not {:.2}) so the bar is tall enough for its labels",
            sized.stem_height, base.stem_height
        ));
    }
    notes
}

/// Heights shared by every station.
struct Levels {
    /// Socket bar top.
    top: f64,
}

/// One label on a vertical face of the bar, centred on `at` (its foot),
/// reading along `u` (+X on the front face, -X on the back): cells a
/// whole number of layers tall on this vertical face, so the kit's
/// square-cell label does not fit; the same patch by hand, its border a
/// hole in the face. Returns the emboss undersides, listed as bridges.
fn push_face_label(
    bar: &mut Shell,
    face: FaceId,
    text: &str,
    at: Point,
    u: Vector,
    spec: &BallSocketSpec,
) -> Vec<Bridge> {
    let (cu, cv, _) = spec.label_cells();
    let bm = label::render(text).expect("glyphs exist");
    let (pw, _) = label::patch_size(&bm, cu, cv);
    let frame = Frame {
        origin: at - u * (pw / 2.0),
        u,
        v: Vector::z(),
    };
    let mut cells = MeshBuilder::new();
    let patch = label::build(&mut cells, &frame, &bm, cu, cv, spec.label_relief);
    bar.push_mesh(&format!("label {text}"), cells.mesh());
    bar.add_hole(face, patch.border.clone());
    patch
        .overhangs
        .iter()
        .map(|(z, lo, hi)| Bridge {
            part: 0,
            z: *z,
            min: [lo.x, lo.y],
            max: [hi.x, hi.y],
            what: "label emboss underside",
        })
        .collect()
}

/// Build the coupon. The spec is validated first.
pub fn build(spec: &BallSocketSpec) -> Result<Coupon> {
    let spec = spec.clone().validated()?;
    let p = spec.profile;
    let h = p.layer_height;
    let sizes = spec.sizes();
    let joints: Vec<Joint> = spec
        .clearances
        .iter()
        .map(|c| Joint::new(sizes, c.mm()))
        .collect();
    // One top face for all stations.
    let lv = Levels { top: spec.top() };

    let um: Vec<u32> = spec.clearances.iter().map(|c| c.0).collect();
    let lg = label::Legend::for_clearances(ClearanceMeaning::PerSide, &um);
    let legend = lg.text();
    let (cu, cv, _) = spec.label_cells();
    let legend_bm = label::render(&legend).expect("legend glyphs exist");
    let (legend_w, _) = label::patch_size(&legend_bm, cu, cv);
    let Some(z0) = spec.label_floor() else {
        // Named as a preset names it: the front end maps it to its flag.
        return Err(ParamError::new(
            "layer_height_mm",
            h,
            "makes the labels taller than the socket bar",
        )
        .into());
    };

    // The stations side by side with a wall at either end; the legend on
    // the back face, so the bar is longer only when the legend needs it.
    let n = spec.clearances.len();
    let row = n as f64 * spec.pitch + spec.min_wall;
    let length = row.max(legend_w + 1.0);
    let cells = pitched((length - n as f64 * spec.pitch) / 2.0, spec.pitch, n);
    let d = spec.depth / 2.0;
    let mut bar = Shell::new("socket bar");
    let block = push_block(
        &mut bar,
        "socket bar",
        Point::new(0.0, -d, 0.0),
        Point::new(length, d, lv.top),
    );
    let back = Point::new(length / 2.0, d, z0);
    let mut bridges = push_face_label(&mut bar, block.back, &legend, back, -Vector::x(), &spec);
    let mut parts = vec![];
    let mut stations = Vec::with_capacity(n);
    for (i, cell) in cells.iter().enumerate() {
        let xc = cell.centre();
        let text = lg.station(spec.clearances[i].0);
        let front = Point::new(xc, -d, z0);
        bridges.extend(push_face_label(
            &mut bar,
            block.front,
            &text,
            front,
            Vector::x(),
            &spec,
        ));
        let c = spec.clearances[i];
        let axis = KitFrame::xy().moved_to(Point::new(xc, 0.0, 0.0));
        let st = StationMesh::new(&spec, joints[i], lv.top);
        let mouths = Revolution::new(axis, st.cavity, st.segments, Fit::Circumscribed)
            .push_cavity(&mut bar, &format!("cavity {}", i + 1));
        for (face, mouth) in [(block.top, mouths.top), (block.bottom, mouths.bottom)] {
            bar.add_hole(
                face,
                mouth.expect("the cavity opens at the top and the bed"),
            );
        }
        let name = format!("ball {} ({} mm)", i + 1, c);
        let mut stud = Shell::new(name.clone());
        Revolution::new(axis, st.stud, st.segments, Fit::Inscribed).push_solid(&mut stud, "stud");
        parts.push(Part {
            name,
            mesh: stud.finish()?,
        });
        stations.push(station(i, c, text, Point::new(xc, 0.0, 0.0), Some(i + 1)));
    }
    parts.insert(
        0,
        Part {
            name: "socket bar".into(),
            mesh: bar.finish()?,
        },
    );
    Coupon {
        kind: "ball",
        parts,
        stations,
        bridges,
        legend,
        profile: p,
    }
    .validated()
}

/// One station's profiles and segment count.
struct StationMesh {
    /// Stud profile (r, z), bottom up.
    stud: Vec<(f64, f64)>,
    /// Cavity profile (r, z), bottom up.
    cavity: Vec<(f64, f64)>,
    /// Segments of every ring.
    segments: usize,
}

impl StationMesh {
    fn new(spec: &BallSocketSpec, joint: Joint, top: f64) -> Self {
        let tol = spec.profile.chord_tolerance;
        let r = spec.ball_diameter / 2.0;
        // The smallest circles every layer cuts through the cavity are the
        // lip and the top opening; keep their edges long enough that
        // slicers keep them (MIN_SLICED_EDGE), as the pin gauge does.
        let smallest = joint.lip.x.min(joint.top_opening(top));
        let segments = segments_for_sliced(smallest, joint.max_radius(), tol);
        // Profile arcs: the sphere's own chord tolerance, per 45 degrees.
        let steps = segments_for(r, tol).div_ceil(8);
        StationMesh {
            stud: rz(&joint.stud_profile(steps)),
            cavity: rz(&joint.cavity_profile(top, steps)),
            segments,
        }
    }
}

/// Profile points as the kit's (r, z) pairs.
fn rz(profile: &[Point2]) -> Vec<(f64, f64)> {
    profile.iter().map(|q| (q.x, q.y)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::inspect;

    fn um(v: &[u32]) -> Vec<Microns> {
        v.iter().map(|&x| Microns(x)).collect()
    }

    #[test]
    fn default_coupon_keeps_every_printability_rule() {
        let spec = BallSocketSpec::new(
            um(&[100, 150, 200, 250, 300, 350, 400, 450, 500]),
            PrintProfile::default(),
        );
        let c = build(&spec).unwrap();
        assert_eq!(c.parts.len(), 10);
        assert_eq!(inspect::self_check(&c), Vec::<String>::new());
        assert_eq!(c.bbox(), c.merged_mesh().bbox());
    }

    #[test]
    fn bad_shapes_are_refused_by_name() {
        let base = BallSocketSpec::new(um(&[200]), PrintProfile::default());
        let e = BallSocketSpec {
            opening_deg: 60.0,
            ..base.clone()
        }
        .validated()
        .unwrap_err();
        assert_eq!(e.param, "opening_deg");
        assert!(e.limit.contains("45 degrees"), "{}", e.limit);
        let e = BallSocketSpec {
            tilt_deg: f64::NAN,
            ..base
        }
        .validated()
        .unwrap_err();
        assert_eq!(e.param, "tilt_deg");
    }

    #[test]
    fn labels_taller_than_the_bar_are_refused_by_the_layer_height() {
        // A stem too short for the labels (fit_stem grows it; a spec made
        // by hand may not): the library names the setting, not a flag.
        let spec = BallSocketSpec {
            stem_height: 0.2,
            ..BallSocketSpec::new(um(&[200]), PrintProfile::default())
        };
        let Err(crate::error::Error::Param(e)) = build(&spec) else {
            panic!("a 0.2 mm stem leaves no room for the labels");
        };
        assert_eq!(e.param, "layer_height_mm");
        assert!(e.limit.contains("labels"), "{}", e.limit);
    }

    #[test]
    fn wide_sweeps_grow_the_ball_and_say_so() {
        let wide = um(&[200, 1000]);
        let sized =
            BallSocketSpec::new(wide.clone(), PrintProfile::default()).sized_for_clearances();
        assert!(sized.ball_diameter > 5.0);
        assert!(build(&sized).is_ok());
        let notes = growth(&wide, PrintProfile::default());
        assert!(
            notes.iter().any(|n| n.contains("ball diameter")),
            "{notes:?}"
        );
        // The stem's fit to the labels is part of the reference size, not
        // growth: narrow sweeps and the planner's grow nothing.
        assert!(growth(&um(&[200, 300]), PrintProfile::default()).is_empty());
        assert!(growth(&um(&[200, 300, 400, 500, 600]), PrintProfile::default()).is_empty());
    }
}
