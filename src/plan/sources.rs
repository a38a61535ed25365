//! The sources the planner cites, by key.
//!
//! `plan` prints these keys in its `source` column and JSON; each is a
//! section of `docs/sources.md`, which says what the source is, who
//! published it and which facts gapgauge takes from it. A test keeps the
//! keys and the page in step, so no key the planner prints is unexplained.

/// The page that explains every key, as `plan` points to it.
pub const DOC: &str = "docs/sources.md";

/// 42 STUDIO's article on the joint-gap formula: the layer formula, its
/// material offsets and variants, and the large-print addition.
pub const GAP_FORMULA: &str = "42studio";

/// The "Print-in-place flexi chain" guide: the bead model, and why Z gaps
/// are whole layers.
pub const FLEXI_CHAIN: &str = "flexi-chain";

/// uavmodel.com's print-in-place clearance guide: the joint table and the
/// flow correction.
pub const CLEARANCE_GUIDE: &str = "uavmodel";

/// A flexi-model seller's printer-settings guide: process notes only.
pub const FLEXI_SETTINGS: &str = "flexi-settings";

/// gapgauge's own slicer measurement: the slicer floor, mid-layer slicing.
pub const SLICER_TEST: &str = "slicer-test";

/// Every key, in the order `docs/sources.md` lists them.
pub const ALL: [&str; 5] = [
    GAP_FORMULA,
    FLEXI_CHAIN,
    CLEARANCE_GUIDE,
    FLEXI_SETTINGS,
    SLICER_TEST,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Joint, PlanInput, SizeClass};
    use crate::preset::{Kind, Material, Printer, builtin_names};

    const PAGE: &str = include_str!("../../docs/sources.md");

    #[test]
    fn every_key_has_a_section_with_title_and_publisher() {
        for key in ALL {
            let heading = format!("### `{key}`");
            let at = PAGE
                .find(&heading)
                .unwrap_or_else(|| panic!("{DOC} has no section {heading}"));
            let section = &PAGE[at + heading.len()..];
            let section = &section[..section.find("\n### ").unwrap_or(section.len())];
            for field in ["**What it is:**", "**Publisher:**"] {
                assert!(section.contains(field), "{key}: no {field}");
            }
        }
    }

    /// Every source any plan cites (estimates, adjustments, notes) is a key
    /// of the page, and no plan cites a bare seed number.
    #[test]
    fn every_plan_cites_only_known_keys() {
        let printer = Printer::load("generic-0.4").unwrap();
        for name in builtin_names(Kind::Material) {
            for joint in Joint::ALL {
                let mut input = PlanInput::new(Material::load(name).unwrap(), &printer, joint);
                input.flow = 1.1;
                input.size = SizeClass::Large;
                input.layer_height_mm = 0.28;
                let plan = input.plan().unwrap();
                let cited = plan
                    .estimates
                    .iter()
                    .map(|e| e.source)
                    .chain(plan.adjustments.iter().map(|a| a.source));
                for source in cited {
                    assert!(ALL.contains(&source), "{name} {joint}: {source}");
                }
                for note in &plan.notes {
                    for seed in ["000", "001", "002", "003", "R2"] {
                        assert!(!note.contains(seed), "{name} {joint}: {note}");
                    }
                    let (_, cite) = note.rsplit_once('(').expect("a note cites its source");
                    for key in cite.trim_end_matches(')').split(", ") {
                        assert!(ALL.contains(&key), "{name} {joint}: {note}");
                    }
                }
            }
        }
    }
}
