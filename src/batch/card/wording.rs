//! Every word the results card says about one coupon, in one place: what
//! its clearance number means, how its labels read, which boxes to tick,
//! how to work it and what to write down. The card (and anything else that
//! explains a coupon to a person) asks here, so the facts cannot drift apart
//! between coupons or between two-digit and three-digit labels.

use crate::coupon::{ClearanceMeaning, Family};
use crate::label;
use crate::plan::sweep::Outcome;
use crate::units::Microns;

/// How a station label writes its clearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelUnit {
    /// Two digits in hundredths of a millimetre: `25` is 0.25 mm.
    Hundredths,
    /// Three digits in thousandths: `025` is 0.025 mm, `275` is 0.275 mm.
    Thousandths,
}

impl LabelUnit {
    /// The unit a coupon with these clearances uses: the same rule the
    /// coupon builders label with ([`label::needs_fine`]).
    pub fn of(clearances_um: &[u32]) -> LabelUnit {
        if label::needs_fine(clearances_um) {
            LabelUnit::Thousandths
        } else {
            LabelUnit::Hundredths
        }
    }

    /// "hundredths" or "thousandths".
    pub fn name(self) -> &'static str {
        match self {
            LabelUnit::Hundredths => "hundredths",
            LabelUnit::Thousandths => "thousandths",
        }
    }

    fn fine(self) -> bool {
        self == LabelUnit::Thousandths
    }
}

/// The wording for one coupon on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// Which coupon.
    pub family: Family,
    /// What its clearance number measures.
    pub meaning: ClearanceMeaning,
    /// How its labels write the number.
    pub unit: LabelUnit,
}

impl Wording {
    /// The wording for `family` built with these clearances.
    pub fn new(family: Family, clearances_um: &[u32]) -> Wording {
        Wording {
            family,
            meaning: family.clearance_meaning(),
            unit: LabelUnit::of(clearances_um),
        }
    }

    /// A heading for the coupon: "Captive-pin gauge".
    pub fn title(&self) -> &'static str {
        match self.family {
            Family::Pin => "Captive-pin gauge",
            Family::Hinge => "Hinge ladder",
            Family::Slots => "Slot comb",
            Family::Plugs => "Push-out plugs",
            Family::Bridge => "Bridge-gap sweep",
        }
    }

    /// The clearance column's heading.
    pub fn clearance_heading(&self) -> &'static str {
        match self.meaning {
            ClearanceMeaning::PerSide => "clearance, mm per side",
            ClearanceMeaning::FullWidth => "slit width, mm",
            ClearanceMeaning::Vertical => "gap under the bridge, mm (whole layers)",
        }
    }

    /// A clearance as the card's table shows it: three decimals when the
    /// labels have three digits, so the table and the part agree.
    pub fn clearance(&self, um: u32) -> String {
        match self.unit {
            LabelUnit::Hundredths => Microns(um).to_string(),
            LabelUnit::Thousandths => format!("{}.{:03}", um / 1000, um % 1000),
        }
    }

    /// How to read a label, with an example taken from this coupon's own
    /// smallest clearance: "Labels give the clearance per side in hundredths
    /// of a millimetre: 15 = 0.15 mm per side (0.30 mm diametral)."
    pub fn labels(&self, example_um: u32) -> String {
        let text = label::station_text(example_um, self.unit.fine());
        let mm = self.clearance(example_um);
        match self.meaning {
            ClearanceMeaning::PerSide => format!(
                "Labels give the clearance per side in {} of a millimetre: {text} = {mm} mm on each side of the moving part ({} mm diametral).",
                self.unit.name(),
                self.clearance(2 * example_um)
            ),
            ClearanceMeaning::FullWidth => format!(
                "Labels give the full width of the slit in {} of a millimetre: {text} = a {mm} mm slit, the whole gap between two teeth.",
                self.unit.name()
            ),
            ClearanceMeaning::Vertical => "Labels give the vertical air gap under each tunnel's roof in layers, not millimetres: 2 = two layers of air. The legend gives the layer height (L X.20: layers of 0.20 mm); the table gives the gap in mm.".to_string(),
        }
    }

    /// The boxes to tick for each station, one of which applies.
    pub fn boxes(&self) -> &'static [&'static str] {
        match self.family {
            Family::Pin => &["turns", "stiff", "fused"],
            Family::Hinge => &["swings", "stiff", "fused"],
            Family::Plugs => &["pushes out", "stiff", "fused"],
            Family::Slots => &["open", "closed"],
            Family::Bridge => &["pushes out", "stiff", "fused"],
        }
    }

    /// How to work the coupon and what each box means.
    pub fn how_to_read(&self) -> &'static str {
        match self.family {
            Family::Pin => {
                "Turn each pin with a small flat screwdriver in its slot. Turns: it turns with \
                 finger force on the screwdriver. Stiff: it needs a hard twist to break free, then \
                 turns. Fused: it will not turn without breaking."
            }
            Family::Hinge => {
                "Lift each tab by its free end and swing it up and back. Swings: it moves under \
                 its own weight or a light push. Stiff: it swings only when forced, or after \
                 breaking free. Fused: it will not swing without breaking."
            }
            Family::Plugs => {
                "Press each peg down out of its hole with a finger or the blunt end of a pen. \
                 Pushes out: it drops or slides out with light pressure. Stiff: it comes out only \
                 with hard pressure. Fused: it will not come out without breaking."
            }
            Family::Slots => {
                "Hold the comb against a bright light and look through each slit, then slide a \
                 0.05 mm feeler gauge or a sheet of thin paper down it. Open: light shows along \
                 the whole slit and the feeler reaches the floor. Closed: plastic bridges the \
                 slit anywhere along it."
            }
            Family::Bridge => {
                "Push each key out of its tunnel with a fingertip or a pen, from the front. \
                 Pushes out: it slides with light pressure. Stiff: it moves only after a firm \
                 push (the sagging roof touched it). Fused: it will not move without breaking."
            }
        }
    }

    /// The planner's expectation for a station in this coupon's terms: a
    /// slit closes or stays open, a moving part fuses or moves.
    pub fn expected(&self, outcome: Outcome) -> &'static str {
        match (self.family, outcome) {
            (Family::Slots, Outcome::LikelyFused) => "likely closed",
            (Family::Slots, Outcome::Tight) => "may close",
            (Family::Slots, Outcome::Target) => "target",
            (Family::Slots, Outcome::Loose) => "open",
            (_, o) => o.label(),
        }
    }

    /// What to write down under the table: one or two prompts.
    pub fn results(&self) -> &'static [&'static str] {
        match self.family {
            Family::Pin => &[
                "Smallest clearance that turns freely (design with it)",
                "Smallest that turns at all",
            ],
            Family::Hinge => &[
                "Smallest clearance that swings freely (design with it)",
                "Smallest that swings at all",
            ],
            Family::Plugs => &[
                "Smallest clearance that pushes out (your sliding fit)",
                "Smallest that comes out at all",
            ],
            Family::Slots => {
                &["Narrowest slit that stays open (the smallest air gap your slicer keeps)"]
            }
            Family::Bridge => &[
                "Fewest layers whose key pushes out (the air to leave under a bridge)",
                "Fewest that move at all",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slits_are_full_width_with_open_closed_boxes() {
        let w = Wording::new(Family::Slots, &[150, 200, 250]);
        assert_eq!(w.boxes(), &["open", "closed"]);
        assert_eq!(w.clearance_heading(), "slit width, mm");
        let l = w.labels(150);
        assert!(l.contains("full width of the slit"), "{l}");
        assert!(l.contains("15 = a 0.15 mm slit"), "{l}");
        assert!(!l.contains("diametral") && !w.how_to_read().contains("per side"));
        for o in [
            Outcome::LikelyFused,
            Outcome::Tight,
            Outcome::Target,
            Outcome::Loose,
        ] {
            assert!(
                !w.expected(o).contains("fused"),
                "a slit closes, it does not fuse"
            );
        }
    }

    #[test]
    fn moving_parts_are_per_side_with_three_boxes() {
        for (family, first) in [
            (Family::Pin, "turns"),
            (Family::Hinge, "swings"),
            (Family::Plugs, "pushes out"),
        ] {
            let w = Wording::new(family, &[150, 200]);
            assert_eq!(w.boxes(), &[first, "stiff", "fused"]);
            assert_eq!(w.clearance_heading(), "clearance, mm per side");
            let l = w.labels(150);
            assert!(l.contains("per side in hundredths"), "{l}");
            assert!(l.contains("15 = 0.15 mm on each side"), "{l}");
            assert!(l.contains("(0.30 mm diametral)"), "{l}");
            assert!(w.results()[0].contains(first.split(' ').next().unwrap()));
        }
    }

    #[test]
    fn three_digit_labels_are_thousandths() {
        // 0.275 is labelled 275: it must read 0.275 mm, never 2.75.
        let mm = |f: &Family| f.clearance_meaning() != ClearanceMeaning::Vertical;
        for family in Family::ALL.iter().copied().filter(mm) {
            let w = Wording::new(family, &[100, 125, 275]);
            assert_eq!(w.unit, LabelUnit::Thousandths);
            let l = w.labels(275);
            assert!(
                l.contains("thousandths") && !l.contains("hundredths"),
                "{l}"
            );
            assert!(l.contains("275 = ") && l.contains("0.275 mm"), "{l}");
            assert_eq!(w.clearance(100), "0.100");
            assert_eq!(w.clearance(275), "0.275");
        }
        let w = Wording::new(Family::Pin, &[100, 150]);
        assert_eq!(w.unit, LabelUnit::Hundredths);
        assert_eq!(w.clearance(100), "0.10");
    }

    #[test]
    fn the_label_unit_follows_the_coupon_builders_rule() {
        // The card and the printed part decide the label width the same way.
        for (c, fine) in [(vec![100, 150], false), (vec![100, 125], true)] {
            assert_eq!(LabelUnit::of(&c).fine(), label::needs_fine(&c));
            assert_eq!(LabelUnit::of(&c).fine(), fine);
        }
    }
}
