//! The loop closing: recorded results steer `plan`, `make` and `check`.
//!
//! With a matching result in the ledger, the next plan is a fine sweep
//! (step 0.025) centred on the recorded clearance instead of the wide sweep
//! that spans every published rule; `check --material` holds a model's gaps
//! to the recorded clearance instead of the rules' estimate.

use crate::calib::ledger::{self, LedgerError};
use crate::calib::recommend::{Query, Recommendation, recommend};
use crate::plan::fine::{FINE_MAX, fine_clearances as fine_sweep};
pub use crate::plan::fine::{FINE_STATIONS, FINE_STEP};
use crate::plan::{Outcome, Plan, PlanInput};
use crate::units::Microns;
use std::path::Path;

/// A recorded recommendation for `input` (material, joint, nozzle and layer
/// height; `printer` preferred), plus warnings about corrupt ledger lines.
pub fn recorded_for(
    ledger_path: &Path,
    input: &PlanInput,
    printer: &str,
) -> Result<(Option<Recommendation>, Vec<String>), LedgerError> {
    let contents = ledger::read(ledger_path)?;
    let warnings = ledger::corrupt_warnings(ledger_path, &contents);
    let q = Query {
        material: input.material.name.clone(),
        printer: Some(printer.to_string()),
        nozzle_mm: Some(input.nozzle_mm),
        joint: Some(input.joint),
        layer_height_mm: Some(input.layer_height_mm),
    };
    let rec = recommend(
        &contents.records,
        &q,
        crate::calib::clock::today_epoch_days(),
    )
    .ok()
    .and_then(|mut v| v.pop());
    Ok((rec, warnings))
}

/// The clearances of a fine sweep centred on `centre`: `centre + k * step`
/// for k = -3..=3, moved up as a whole when it would dip under the slicer
/// floor and down when it would pass 0.99.
pub fn fine_clearances(centre: Microns) -> Vec<Microns> {
    fine_sweep(centre, FINE_STEP, FINE_STATIONS, FINE_MAX)
}

/// Replace `plan`'s sweep with a fine one centred on `rec`, and say so in
/// the notes. Returns the sentence said. Stations below the result are
/// expected tight, up to 0.05 above it target, beyond that loose.
pub fn refine(plan: &mut Plan, rec: &Recommendation) -> String {
    let c = rec.clearance_um;
    *plan = plan.resweep(fine_clearances(rec.clearance()), FINE_STEP, |_, _, _| {
        "the sweep is centred on the recorded result, not on the rules".into()
    });
    // Judged by the recorded result, not by the rules' estimates.
    for s in &mut plan.stations {
        s.expected = if s.clearance.0 < c {
            Outcome::Tight
        } else if s.clearance.0 <= c + 2 * FINE_STEP.0 {
            Outcome::Target
        } else {
            Outcome::Loose
        };
        s.control = false;
    }
    let carried = if rec.exact {
        String::new()
    } else {
        format!("; {}", rec.carried_over.join("; "))
    };
    let said = format!(
        "fine sweep (step {FINE_STEP}) centred on the recorded {} {}: {}{carried}",
        rec.clearance(),
        rec.clearance_is,
        rec.evidence_line()
    );
    plan.notes.insert(0, said.clone());
    said
}

/// Refine `plan` from the ledger (`flag`, else the default path) when it
/// holds a matching result. Returns what the user should be told, one line
/// each, starting `note:` or `warning:` (the front end prints them): the
/// refinement, corrupt ledger lines, or a ledger that cannot be read, which
/// leaves the plan as it is, since the rules still give a usable sweep.
/// No ledger path at all (no home folder) says nothing.
pub fn refine_from_ledger(plan: &mut Plan, flag: Option<&Path>, printer: &str) -> Vec<String> {
    let Ok(path) = ledger::resolve(flag) else {
        return Vec::new();
    };
    match recorded_for(&path, &plan.input, printer) {
        Ok((rec, mut said)) => {
            if let Some(rec) = rec {
                said.push(format!("note: {}", refine(plan, &rec)));
            }
            said
        }
        Err(e) => vec![format!("warning: {e}; planning from the rules only")],
    }
}

/// A recorded clearance to hold a model's gaps to, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedMinimum {
    /// The clearance.
    pub clearance: Microns,
    /// The record(s), named for the report.
    pub source: String,
}

/// `check --material`: the recorded clearance for this input, when the
/// ledger has one, plus warnings about corrupt ledger lines.
pub fn recorded_minimum(
    ledger_path: &Path,
    input: &PlanInput,
    printer: &str,
) -> Result<(Option<RecordedMinimum>, Vec<String>), LedgerError> {
    let (rec, warnings) = recorded_for(ledger_path, input, printer)?;
    let found = rec.map(|r| {
        let carried = if r.exact { "" } else { ", carried over" };
        RecordedMinimum {
            clearance: r.clearance(),
            source: format!(
                "recorded result for {} {} in {}: {}{carried}",
                r.material,
                r.joint,
                ledger_path.display(),
                r.evidence_line()
            ),
        }
    });
    Ok((found, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules' plan for PLA, rotating joint, on the generic 0.4 printer.
    fn pla_plan() -> Plan {
        use crate::plan::Joint;
        use crate::preset::{Material, Printer};
        let input = PlanInput::new(
            Material::load("pla").unwrap(),
            &Printer::load("generic-0.4").unwrap(),
            Joint::Rotating,
        );
        input.plan().unwrap()
    }

    #[test]
    fn refining_a_plan_centres_it_and_keeps_it_consistent() {
        let mut plan = pla_plan();
        let rec = Recommendation {
            material: "pla".into(),
            joint: crate::plan::Joint::Rotating,
            clearance_um: 250,
            clearance_is: "per side",
            diametral_um: Some(500),
            nozzle_mm: 0.4,
            layer_height_mm: 0.2,
            printer: None,
            exact: true,
            carried_over: Vec::new(),
            evidence: Vec::new(),
            spread_um: 0,
            newest_days: None,
            oldest_days: None,
            also: Vec::new(),
        };
        let said = refine(&mut plan, &rec);
        assert_eq!(plan.step, FINE_STEP);
        let c: Vec<u32> = plan.clearances().iter().map(|m| m.0).collect();
        assert_eq!(c, vec![175, 200, 225, 250, 275, 300, 325]);
        assert!(
            plan.summary().ends_with("0.175-0.325/0.025"),
            "{}",
            plan.summary()
        );
        assert_eq!(plan.notes[0], said);
        let at = |um: u32| {
            plan.stations
                .iter()
                .find(|s| s.clearance.0 == um)
                .unwrap()
                .expected
        };
        assert_eq!(
            (at(225), at(250), at(300), at(325)),
            (
                Outcome::Tight,
                Outcome::Target,
                Outcome::Target,
                Outcome::Loose
            )
        );
        for e in &plan.estimates {
            let covered = e.low.0 >= 175 && e.high.0 <= 325;
            assert!(
                covered || plan.left_out.iter().any(|l| l.rule == e.rule),
                "{:?}",
                e.rule
            );
        }
    }

    #[test]
    fn fine_sweeps_centre_and_stay_in_range() {
        let c = |v: u32| {
            fine_clearances(Microns(v))
                .iter()
                .map(|m| m.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(c(350), vec![275, 300, 325, 350, 375, 400, 425]);
        assert_eq!(c(120)[0], 100);
        assert_eq!(*c(980).last().unwrap(), 990);
        assert_eq!(c(230)[3], 230);
    }

    /// The library says nothing itself: what the ledger gave comes back
    /// as lines for the front end to print.
    #[test]
    fn refining_from_the_ledger_returns_what_to_say() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = pla_plan();
        let before = plan.clearances();
        // No ledger yet: nothing to say, the plan stands.
        let missing = dir.path().join("none.jsonl");
        assert!(refine_from_ledger(&mut plan, Some(&missing), "generic-0.4").is_empty());
        // A folder where the ledger should be cannot be read: one warning.
        let said = refine_from_ledger(&mut plan, Some(dir.path()), "generic-0.4");
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].starts_with("warning: ") && said[0].ends_with("planning from the rules only"),
            "{said:?}"
        );
        assert_eq!(plan.clearances(), before);
        // A corrupt line: its warning, and still the rules' plan.
        let corrupt = dir.path().join("corrupt.jsonl");
        std::fs::write(&corrupt, "not json\n").unwrap();
        let said = refine_from_ledger(&mut plan, Some(&corrupt), "generic-0.4");
        assert!(
            said.len() == 1 && said[0].contains("line 1: skipped"),
            "{said:?}"
        );
        assert_eq!(plan.clearances(), before);
    }
}
