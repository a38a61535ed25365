//! Two decisions the commands share, made here so every front end makes
//! them the same way: which clearances a gauge gets ([`gauge_sweep`]), and
//! the smallest gap `check` enforces for a filament ([`check_minimum`]).
//! Both prefer what the user gave, then a result recorded in the ledger,
//! then the planner.

use super::{feedback, ledger};
use crate::check::MinGap;
use crate::error::ParamError;
use crate::plan::{Outcome, Plan, PlanInput, Stage};
use crate::units::Microns;
use std::path::Path;

/// The clearances of a gauge and the plan that judges them.
#[derive(Debug)]
pub struct GaugeSweep {
    /// Stations in order along +X.
    pub clearances: Vec<Microns>,
    /// True when the planner chose the clearances.
    pub planned: bool,
    /// The sweep asked for (full, quick or fine around a value).
    pub stage: Stage,
    /// The planner's view of this material, printer and joint: the sweep
    /// when `planned`, and what each station is expected to do either way.
    pub plan: Plan,
    /// What the ledger said (a result it centred the sweep on, corrupt
    /// lines, a ledger it could not read): lines for the user, each
    /// starting `note:` or `warning:`.
    pub ledger_notes: Vec<String>,
}

impl GaugeSweep {
    /// The plan that chose the clearances, if the planner did.
    pub fn chosen_by(&self) -> Option<&Plan> {
        self.planned.then_some(&self.plan)
    }

    /// What each station is expected to do, in station order.
    pub fn expected(&self) -> Vec<Outcome> {
        self.clearances
            .iter()
            .map(|&c| self.plan.judge(c).expected)
            .collect()
    }
}

/// The clearances a gauge gets: `given` when the user gave some, else the
/// plan for `input` as `stage` asks (quick, or fine around a value), else
/// the full plan refined by a matching result in the default ledger
/// (`printer` is the preset name the record is matched on). The plan is
/// made either way, so given clearances are judged too and bad settings are
/// refused whatever the clearances.
pub fn gauge_sweep(
    input: &PlanInput,
    given: Option<Vec<Microns>>,
    stage: Stage,
    printer: &str,
) -> Result<GaugeSweep, ParamError> {
    let mut plan = input.plan()?;
    let mut ledger_notes = Vec::new();
    if given.is_none() {
        if stage == Stage::Full {
            ledger_notes = feedback::refine_from_ledger(&mut plan, None, printer);
        } else {
            plan = plan.staged(stage)?;
        }
    }
    Ok(GaugeSweep {
        stage: if given.is_none() { stage } else { Stage::Full },
        planned: given.is_none(),
        clearances: given.unwrap_or_else(|| plan.clearances()),
        plan,
        ledger_notes,
    })
}

/// The planner's minimum for a filament: the plan's first station that
/// every rule accepts ("target"), else the highest rule minimum.
pub fn planned_minimum(plan: &Plan) -> MinGap {
    let lowest_rule_minimum = plan
        .estimates
        .iter()
        .map(|e| e.low)
        .max()
        .unwrap_or(plan.floor);
    let target = plan
        .stations
        .iter()
        .find(|s| s.expected == Outcome::Target)
        .map_or(lowest_rule_minimum, |s| s.clearance);
    MinGap {
        mm: target.mm(),
        source: format!("planner: {}", plan.summary()),
    }
}

/// The minimum `check` enforces for the filament `plan` was made for: a
/// result recorded in the ledger (`ledger_flag`, else the default path)
/// for this input and `printer`, else [`planned_minimum`]. Returns the
/// warnings to show: corrupt ledger lines, or a ledger that cannot be read
/// (the planner's minimum then stands).
pub fn check_minimum(
    plan: &Plan,
    ledger_flag: Option<&Path>,
    printer: &str,
) -> (MinGap, Vec<String>) {
    let Ok(path) = ledger::resolve(ledger_flag) else {
        return (planned_minimum(plan), Vec::new());
    };
    match feedback::recorded_minimum(&path, &plan.input, printer) {
        Ok((Some(r), warnings)) => (
            MinGap {
                mm: r.clearance.mm(),
                source: r.source,
            },
            warnings,
        ),
        Ok((None, warnings)) => (planned_minimum(plan), warnings),
        Err(e) => (
            planned_minimum(plan),
            vec![format!("warning: {e}; using the planner's minimum")],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Joint;
    use crate::preset::{Material, Printer};

    fn input() -> PlanInput {
        let printer = Printer::load("generic-0.4").unwrap();
        PlanInput::new(Material::load("pla").unwrap(), &printer, Joint::Rotating)
    }

    #[test]
    fn given_clearances_are_kept_and_judged_by_the_plan() {
        let given = vec![Microns(150), Microns(350)];
        let s = gauge_sweep(&input(), Some(given.clone()), Stage::Full, "generic-0.4").unwrap();
        assert!(!s.planned && s.chosen_by().is_none());
        assert_eq!(s.clearances, given);
        assert_eq!(s.expected().len(), 2);
        let mut bad = input();
        bad.flow = 95.0;
        let e = gauge_sweep(&bad, Some(given), Stage::Full, "generic-0.4").unwrap_err();
        assert_eq!(e.param, "flow");
    }

    #[test]
    fn the_planned_minimum_is_the_first_target_station() {
        let plan = input().plan().unwrap();
        let first_target = plan
            .stations
            .iter()
            .find(|s| s.expected == Outcome::Target)
            .unwrap()
            .clearance;
        let m = planned_minimum(&plan);
        assert_eq!(m.mm, first_target.mm());
        assert!(
            m.source.starts_with("planner: pla rotating"),
            "{}",
            m.source
        );
        // An empty ledger leaves the planner's minimum, without warnings.
        let dir = std::env::temp_dir().join(format!("gapgauge-choice-{}", std::process::id()));
        let (m2, warnings) = check_minimum(&plan, Some(&dir.join("none.jsonl")), "generic-0.4");
        assert_eq!((m2, warnings), (m, Vec::new()));
    }
}
