//! Every coupon gapgauge can make, and everything the rest of the program
//! needs to know about each: one [`Entry`] per coupon.
//!
//! `make`, `plan`, `batch`, the results card, the JSON reports, the STL
//! header, the 3MF plate, the preview and `record` all read a coupon's
//! facts from its entry through a [`Family`] handle; none of them names a
//! coupon or keeps a table of its own. So the name on the command line, the
//! planner's joint, what the clearance number means and the words on the
//! card cannot drift apart.
//!
//! # Adding a coupon
//!
//! 1. Write `src/coupon/NAME.rs`: a spec built from the clearances and a
//!    [`PrintProfile`], validated before any geometry
//!    (`coupon::check_stations` checks the station list the same way for
//!    every coupon), a `build` returning a [`Coupon`] with
//!    `kind: "NAME"`, its tests, and its entry:
//!    `pub const ENTRY: Entry = Entry { name: "NAME", .. }`. Declare the
//!    module in `src/coupon/mod.rs`.
//! 2. Add one line to [`ALL`]: `Family::new(&super::NAME::ENTRY),`.
//!
//! (The first four coupons' entries are defined at the end of this file,
//! written before their builders moved onto the kit; new coupons keep
//! their entry beside their builder.)
//!
//! That is all: `gapgauge make NAME` (its `--help` is [`Entry::about`]),
//! `batch --coupons NAME`, the planner's sweep for its [`Joint`], the card's
//! section and `record --coupon NAME` follow from the entry. The shared
//! tests (geometry snapshot, invariant harness, plans that build) iterate
//! [`Family::ALL`], so the new coupon is checked with the others.

use super::{Coupon, PrintProfile, hinge, pin, plugs, slots};
use crate::clearance::ClearanceMeaning;
use crate::error::Result;
use crate::label::{self, Legend};
use crate::plan::{Joint, Plan, PlanInput, SweepLimits};
use crate::preset::{Material, PresetError, Printer};
use crate::units::Microns;

/// Anything that can stop [`Family::default_plan`].
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A material or printer preset could not be loaded.
    #[error(transparent)]
    Preset(#[from] PresetError),
    /// A print setting is out of range.
    #[error(transparent)]
    Param(#[from] crate::error::ParamError),
}

/// What a coupon is and how to build it.
#[derive(Debug)]
pub struct Entry {
    /// The name on the command line, in file names and in
    /// [`Coupon::kind`]: lowercase, one word.
    pub name: &'static str,
    /// A heading for people: "Captive-pin gauge".
    pub title: &'static str,
    /// What it is and how to read it, one paragraph: `make NAME --help`.
    pub about: &'static str,
    /// The joint it stands in for: which of the planner's rules apply.
    pub joint: Joint,
    /// What its clearance number measures.
    pub clearance: ClearanceMeaning,
    /// In the set `batch` makes when no `--coupons` is given.
    pub in_default_batch: bool,
    /// What the coupon can hold; the planner's sweep stays within it.
    pub limits: SweepLimits,
    /// Build the coupon for these clearances (in order along +X).
    pub build: fn(Vec<Microns>, PrintProfile) -> Result<Coupon>,
    /// What grows from the reference size to hold these clearances on
    /// this profile, one sentence each (see [`Family::growth`]).
    pub growth: fn(&[Microns], PrintProfile) -> Vec<String>,
    /// How a person works the printed coupon and records it (the card).
    pub reading: Reading,
    /// Where its preview looks from so the labels can be read.
    pub view: ViewFrom,
}

/// How a person works a printed coupon and what they write down.
#[derive(Debug)]
pub struct Reading {
    /// The boxes to tick per station, one of which applies.
    pub boxes: &'static [&'static str],
    /// How to work the coupon and what each box means.
    pub how_to: &'static str,
    /// What to write down under the table: one or two prompts.
    pub results: &'static [&'static str],
}

/// The direction a coupon's picture is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewFrom {
    /// From the front-left at the isometric elevation.
    FrontLeft,
    /// Steeper from above: for labels that sit behind moving parts.
    Steep,
}

/// A registered coupon: a cheap handle on its [`Entry`].
#[derive(Clone, Copy)]
pub struct Family(&'static Entry);

/// Every registered coupon, in the order lists, batch sets and cards show
/// them. One line per coupon (see the module doc).
pub const ALL: &[Family] = &[
    Family::PIN,
    Family::HINGE,
    Family::SLOTS,
    Family::PLUGS,
    Family::new(&super::ball::ENTRY),
    Family::new(&super::bridge::ENTRY),
    Family::new(&super::chain::ENTRY),
];

impl Family {
    /// The captive-pin gauge.
    pub const PIN: Family = Family(&PIN);
    /// The hinge ladder.
    pub const HINGE: Family = Family(&HINGE);
    /// The slot comb.
    pub const SLOTS: Family = Family(&SLOTS);
    /// The push-out plugs.
    pub const PLUGS: Family = Family(&PLUGS);

    /// Every registered coupon ([`ALL`]).
    pub const ALL: &'static [Family] = ALL;

    /// The handle of an entry (for the line in [`ALL`]).
    pub const fn new(entry: &'static Entry) -> Family {
        Family(entry)
    }

    /// The coupons a batch set holds by default.
    pub fn batch_default() -> Vec<Family> {
        ALL.iter()
            .copied()
            .filter(|f| f.0.in_default_batch)
            .collect()
    }

    /// The coupon with this name ([`Coupon::kind`]), if any.
    pub fn from_name(name: &str) -> Option<Family> {
        ALL.iter().copied().find(|f| f.0.name == name)
    }

    /// Every coupon's name, comma-separated, for messages.
    pub fn names() -> String {
        ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }

    /// Its entry.
    pub fn entry(self) -> &'static Entry {
        self.0
    }

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The joint the planner plans it for.
    pub fn joint(self) -> Joint {
        self.0.joint
    }

    /// What its clearance number measures.
    pub fn clearance_meaning(self) -> ClearanceMeaning {
        self.0.clearance
    }

    /// Its legend for these clearances (µm) at `profile`: the meaning and
    /// the unit the labels write (a vertical gap counts layers of the
    /// profile's height).
    pub fn legend(self, clearances_um: &[u32], profile: &PrintProfile) -> Legend {
        match self.0.clearance {
            ClearanceMeaning::Vertical => Legend::for_layers(profile.layer_um(), clearances_um),
            meaning => Legend::for_clearances(meaning, clearances_um),
        }
    }

    /// What the coupon can hold.
    pub fn limits(self) -> SweepLimits {
        self.0.limits
    }

    /// Build its coupon.
    pub fn build(self, clearances: Vec<Microns>, profile: PrintProfile) -> Result<Coupon> {
        (self.0.build)(clearances, profile)
    }

    /// The planner's input for this coupon's joint and limits, printed
    /// with `material` on `printer`.
    pub fn plan_input(self, material: Material, printer: &Printer) -> PlanInput {
        let mut input = PlanInput::new(material, printer, self.joint());
        input.limits = self.limits();
        input
    }

    /// The default plan for this coupon: what `make` uses when no
    /// clearances are given. `material` and `printer` are built-in names
    /// or TOML file paths; `layer_height_mm` overrides the printer's layer
    /// (and, if the printer names no first layer, the first layer too).
    pub fn default_plan(
        self,
        material: &str,
        printer: &str,
        layer_height_mm: Option<f64>,
    ) -> std::result::Result<Plan, PlanError> {
        let printer = Printer::load(printer)?;
        let mut input = self.plan_input(Material::load(material)?, &printer);
        if let Some(h) = layer_height_mm {
            if printer.first_layer_height_mm.is_none() {
                input.first_layer_height_mm = h;
            }
            input.layer_height_mm = h;
        }
        Ok(input.plan()?)
    }

    /// What its coupon changes from its reference size to hold
    /// `clearances` at `profile`, one sentence each; empty when nothing
    /// grows. `make` prints these so a user knows why a coupon is larger
    /// (the alternative, bounding the plan, would hide stations).
    pub fn growth(self, clearances: &[Microns], profile: PrintProfile) -> Vec<String> {
        (self.0.growth)(clearances, profile)
    }
}

impl PartialEq for Family {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Family {}

impl std::hash::Hash for Family {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl std::fmt::Debug for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Family({})", self.0.name)
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

impl serde::Serialize for Family {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name)
    }
}

/// `--coupons pin,hinge`: every registered name, with its title as help.
impl clap::ValueEnum for Family {
    fn value_variants<'a>() -> &'a [Self] {
        ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = format!("{} ({} joint)", self.0.title, self.0.joint);
        Some(clap::builder::PossibleValue::new(self.0.name).help(help))
    }
}

/// A moving part's growth note: label cells and walls scaled for a coarse
/// nozzle (the pin gauge, plugs and hinge scale both; the coupon grows).
pub(crate) fn coarse_cells_and_walls(profile: PrintProfile) -> Option<String> {
    let cell = label::cell_for(profile.nozzle);
    (cell > label::DEFAULT_CELL + 1e-9).then(|| {
        format!(
            "label cells {cell:.2} mm (not 0.80) and walls {:.2} mm (not 1.20) so they print with the {} mm nozzle; the coupon is larger",
            label::min_wall(profile.nozzle),
            profile.nozzle
        )
    })
}

fn pin_growth(_: &[Microns], profile: PrintProfile) -> Vec<String> {
    coarse_cells_and_walls(profile).into_iter().collect()
}

/// The plugs scale cells and walls, and their rings grow around a hole
/// wider than the reference sweep's widest.
fn plugs_growth(clearances: &[Microns], profile: PrintProfile) -> Vec<String> {
    let mut notes: Vec<String> = coarse_cells_and_walls(profile).into_iter().collect();
    let sized = plugs::PlugPlateSpec::new(clearances.to_vec(), profile);
    let reference = plugs::PlugPlateSpec::new(Vec::new(), profile);
    if sized.ring > reference.ring + 1e-9 {
        notes.push(format!(
            "rings {:.1} mm (not {:.1}) to keep the walls around the widest hole",
            sized.ring, reference.ring
        ));
    }
    notes
}

/// The slot comb's fins are two lines wide at every nozzle and its label
/// cells the smallest that print; both grow with coarse nozzles, and the
/// stations and ledge with them.
fn slots_growth(_: &[Microns], profile: PrintProfile) -> Vec<String> {
    let (base_cell, base_fin) = (label::min_cell(0.4), slots::min_fin(0.4));
    let (cell, fin) = (
        label::min_cell(profile.nozzle),
        slots::min_fin(profile.nozzle),
    );
    (cell > base_cell + 1e-9 || fin > base_fin + 1e-9)
        .then(|| {
            format!(
                "label cells {cell:.2} mm (not {base_cell:.2}) and fins {fin:.2} mm (not {base_fin:.2}) so they print with the {} mm nozzle; the comb is longer and its ledge deeper",
                profile.nozzle
            )
        })
        .into_iter()
        .collect()
}

/// The hinge scales cells and walls (its leaf and tabs lengthen), and its
/// knuckle and leaf grow around the widest bore.
fn hinge_growth(clearances: &[Microns], profile: PrintProfile) -> Vec<String> {
    let mut notes: Vec<String> = coarse_cells_and_walls(profile).into_iter().collect();
    let base = hinge::HingeSpec::new(clearances.to_vec(), profile);
    let sized = base.clone().sized_for_clearances();
    let (r0, r) = (base.knuckle_radius, sized.knuckle_radius);
    if r > r0 + 1e-9 {
        notes.push(format!(
            "knuckle radius {r:.1} mm (not {r0:.1}) to keep the walls around the widest bore"
        ));
    }
    let t = sized.leaf_thickness;
    if t > base.leaf_thickness + 1e-9 {
        notes.push(format!(
            "leaf thickness {t:.2} mm (not {:.2}) so the leaf meets the grown knuckle on its side",
            base.leaf_thickness
        ));
    }
    notes
}

/// The captive-pin gauge: a pin turning in a bore.
const PIN: Entry = Entry {
    name: "pin",
    title: "Captive-pin gauge",
    about: "Captive-pin gauge: a bar of vertical pins, each captured by a collar in a bore of one \
            clearance. Turn each pin with a screwdriver in its slot; the smallest clearance that \
            turns freely is your number.",
    joint: Joint::Rotating,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: true,
    limits: SweepLimits::NONE,
    build: |c, p| pin::build(&pin::PinGaugeSpec::new(c, p)),
    growth: pin_growth,
    reading: Reading {
        boxes: &["turns", "stiff", "fused"],
        how_to: "Turn each pin with a small flat screwdriver in its slot. Turns: it turns with \
                 finger force on the screwdriver. Stiff: it needs a hard twist to break free, then \
                 turns. Fused: it will not turn without breaking.",
        results: &[
            "Smallest clearance that turns freely (design with it)",
            "Smallest that turns at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

/// The hinge ladder: tabs swinging on one horizontal pin.
const HINGE: Entry = Entry {
    name: "hinge",
    title: "Hinge ladder",
    about: "Hinge ladder: a carrier leaf whose knuckles hold one horizontal pin, and one tab per \
            clearance hinged on it (the clearance is used around the pin and at both ends of the \
            tab's knuckle). Lift each tab; the smallest clearance that swings freely is your \
            number.",
    joint: Joint::Hinge,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: true,
    limits: SweepLimits::NONE,
    build: |c, p| hinge::build(&hinge::HingeSpec::new(c, p).sized_for_clearances()),
    growth: hinge_growth,
    reading: Reading {
        boxes: &["swings", "stiff", "fused"],
        how_to: "Lift each tab by its free end and swing it up and back. Swings: it moves under \
                 its own weight or a light push. Stiff: it swings only when forced, or after \
                 breaking free. Fused: it will not swing without breaking.",
        results: &[
            "Smallest clearance that swings freely (design with it)",
            "Smallest that swings at all",
        ],
    },
    // The tabs lie behind the knuckles; seen from higher up, each shows.
    view: ViewFrom::Steep,
};

/// The slot comb: air slits inside one part.
const SLOTS: Entry = Entry {
    name: "slots",
    title: "Slot comb",
    about: "Slot comb: one part, a labelled ledge with a pair of thin fins per station and a slit \
            of the clearance between them (the clearance is the full slit width). The narrowest \
            slit that stays open (light, a feeler, paper) is the smallest air gap your slicer and \
            printer keep inside one object.",
    joint: Joint::Slit,
    clearance: ClearanceMeaning::FullWidth,
    in_default_batch: true,
    limits: SweepLimits::NONE,
    build: |c, p| slots::build(&slots::SlotCombSpec::new(c, p)),
    growth: slots_growth,
    reading: Reading {
        boxes: &["open", "closed"],
        how_to: "Hold the comb against a bright light and look through each slit, then slide a \
                 0.05 mm feeler gauge or a sheet of thin paper down it. Open: light shows along \
                 the whole slit and the feeler reaches the floor. Closed: plastic bridges the \
                 slit anywhere along it.",
        results: &["Narrowest slit that stays open (the smallest air gap your slicer keeps)"],
    },
    view: ViewFrom::FrontLeft,
};

/// The push-out plugs: square pegs sliding out of square holes.
const PLUGS: Entry = Entry {
    name: "plugs",
    title: "Push-out plugs",
    about: "Push-out plugs: a plate with square holes and a square peg printed in each, the \
            clearance on every side. The smallest clearance whose peg pushes out by finger or pen \
            is the sliding fit to design with.",
    joint: Joint::Sliding,
    clearance: ClearanceMeaning::PerSide,
    in_default_batch: false,
    limits: SweepLimits::NONE,
    build: |c, p| plugs::build(&plugs::PlugPlateSpec::new(c, p)),
    growth: plugs_growth,
    reading: Reading {
        boxes: &["pushes out", "stiff", "fused"],
        how_to: "Press each peg down out of its hole with a finger or the blunt end of a pen. \
                 Pushes out: it drops or slides out with light pressure. Stiff: it comes out only \
                 with hard pressure. Fused: it will not come out without breaking.",
        results: &[
            "Smallest clearance that pushes out (your sliding fit)",
            "Smallest that comes out at all",
        ],
    },
    view: ViewFrom::FrontLeft,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(nozzle: f64) -> PrintProfile {
        PrintProfile {
            nozzle,
            ..PrintProfile::default()
        }
    }

    #[test]
    fn names_are_unique_lowercase_words_and_find_their_family() {
        for (i, f) in ALL.iter().enumerate() {
            let name = f.name();
            assert!(name.chars().all(|c| c.is_ascii_lowercase()), "{name}");
            assert_eq!(Family::from_name(name), Some(*f));
            assert!(ALL[..i].iter().all(|g| g.name() != name), "{name} twice");
        }
        assert_eq!(Family::from_name("nope"), None);
    }

    #[test]
    fn every_coupon_builds_with_its_name_and_meaning() {
        let p = PrintProfile::default();
        for f in ALL {
            // A vertical gap is whole layers of 0.2 mm.
            let um = match f.clearance_meaning() {
                ClearanceMeaning::Vertical => [200, 400],
                _ => [150, 250],
            };
            let coupon = f.build(um.map(Microns).to_vec(), p).unwrap();
            assert_eq!(coupon.kind, f.name());
            assert_eq!(coupon.clearance_meaning(), f.clearance_meaning());
            assert_eq!(coupon.legend, f.legend(&um, &p).text(), "{f}");
        }
    }

    #[test]
    fn every_card_reading_has_boxes_a_method_and_a_prompt() {
        for f in ALL {
            let r = &f.entry().reading;
            assert!(r.boxes.len() >= 2, "{f}");
            assert!(r.how_to.len() > 40, "{f}");
            assert!(!r.results.is_empty(), "{f}");
            assert!(f.entry().about.starts_with(f.entry().title), "{f}");
        }
    }

    #[test]
    fn default_plans_use_presets_overrides_and_the_joint() {
        let p = Family::PIN
            .default_plan("petg", "prusa-mk4", Some(0.16))
            .unwrap();
        assert_eq!(p.input.joint, Joint::Rotating);
        assert_eq!(p.input.layer_height_mm, 0.16);
        assert_eq!(p.input.line_width_mm, 0.45);
        assert_eq!(
            Family::SLOTS
                .plan_input(
                    p.input.material.clone(),
                    &Printer::load("prusa-mk4").unwrap()
                )
                .joint,
            Joint::Slit
        );
        assert!(matches!(
            Family::PIN.default_plan("nope", "prusa-mk4", None),
            Err(PlanError::Preset(_))
        ));
        assert!(matches!(
            Family::PIN.default_plan("pla", "generic-0.4", Some(0.5)),
            Err(PlanError::Param(_))
        ));
    }

    #[test]
    fn the_default_batch_is_pin_hinge_slots() {
        let names: Vec<&str> = Family::batch_default().iter().map(|f| f.name()).collect();
        assert_eq!(names, ["pin", "hinge", "slots"]);
    }

    #[test]
    fn growth_names_what_grew_and_nothing_else() {
        let small = [Microns(100), Microns(300)];
        for &f in ALL {
            assert!(f.growth(&small, profile(0.4)).is_empty(), "{f}");
        }
        let coarse = Family::PIN.growth(&small, profile(0.8));
        assert_eq!(coarse.len(), 1, "{coarse:?}");
        assert!(coarse[0].contains("label cells 1.20") && coarse[0].contains("walls 1.80"));
        let plugs = Family::PLUGS.growth(&small, profile(1.0));
        assert!(plugs[0].contains("label cells 1.50") && plugs[0].contains("walls 2.25"));
        let slots = Family::SLOTS.growth(&small, profile(0.8));
        assert!(slots[0].contains("label cells 1.20"), "{slots:?}");
        let wide = Family::HINGE.growth(&[Microns(200), Microns(1000)], profile(0.4));
        assert!(
            wide.iter().any(|n| n.contains("knuckle radius")),
            "{wide:?}"
        );
    }
}
