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
        self.family.entry().title
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
                "Labels give the full width of the slit in {} of a millimetre: {text} = a {mm} mm slit, the whole gap between two fins.",
                self.unit.name()
            ),
            ClearanceMeaning::Vertical => "Labels give the vertical air gap under each tunnel's roof in layers, not millimetres: 2 = two layers of air. The legend gives the layer height (L X.20: layers of 0.20 mm); the table gives the gap in mm.".to_string(),
        }
    }

    /// The boxes to tick for each station, one of which applies.
    pub fn boxes(&self) -> &'static [&'static str] {
        self.family.entry().reading.boxes
    }

    /// How to work the coupon and what each box means.
    pub fn how_to_read(&self) -> &'static str {
        self.family.entry().reading.how_to
    }

    /// The planner's expectation for a station in this coupon's terms: a
    /// slit closes or stays open, a moving part fuses or moves.
    pub fn expected(&self, outcome: Outcome) -> &'static str {
        match (self.meaning, outcome) {
            (ClearanceMeaning::FullWidth, Outcome::LikelyFused) => "likely closed",
            (ClearanceMeaning::FullWidth, Outcome::Tight) => "may close",
            (ClearanceMeaning::FullWidth, Outcome::Target) => "target",
            (ClearanceMeaning::FullWidth, Outcome::Loose) => "open",
            (_, o) => o.label(),
        }
    }

    /// What to write down under the table: one or two prompts.
    pub fn results(&self) -> &'static [&'static str] {
        self.family.entry().reading.results
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slits_are_full_width_with_open_closed_boxes() {
        let w = Wording::new(Family::SLOTS, &[150, 200, 250]);
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
            (Family::PIN, "turns"),
            (Family::HINGE, "swings"),
            (Family::PLUGS, "pushes out"),
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
    fn vertical_gaps_read_as_layers_of_air_without_a_diametral() {
        let w = Wording {
            meaning: ClearanceMeaning::Vertical,
            ..Wording::new(Family::PIN, &[200, 400])
        };
        assert_eq!(
            w.clearance_heading(),
            "gap under the bridge, mm (whole layers)"
        );
        let l = w.labels(200);
        assert!(
            l.contains("in layers") && l.contains("2 = two layers of air"),
            "{l}"
        );
        assert!(!l.contains("diametral"), "{l}");
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
        let w = Wording::new(Family::PIN, &[100, 150]);
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
