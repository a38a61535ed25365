//! Which sweep the user asked for: the planner's full sweep, a quick coarse
//! one ([`Plan::quick`]) or a fine one around a value ([`Plan::around`]).
//! Coarse, then fine: a short first print says roughly where the answer
//! is, a second one narrows it.

use super::rules::Estimate;
use super::sweep::{LeftOut, station};
use super::{Joint, Plan};
use crate::error::ParamError;
use crate::units::Microns;

/// The kind of sweep asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// The planner's sweep over every estimate (refined by a recorded
    /// result when there is one).
    #[default]
    Full,
    /// 4 or 5 stations at a coarse step: a first answer from a short print.
    Quick,
    /// A fine sweep centred on `centre`, `step` apart.
    Around {
        /// The centre, per side as the coupon means it.
        centre: Microns,
        /// The step.
        step: Microns,
    },
}

impl Stage {
    /// Its name in reports: `full`, `quick` or `around`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::Quick => "quick",
            Stage::Around { .. } => "around",
        }
    }
}

impl Plan {
    /// This plan as `stage` asks. The bridge sweep counts whole layers and
    /// has no coarse or fine version: asking for one is an error naming
    /// the parameter (`quick` or `around`).
    pub fn staged(&self, stage: Stage) -> Result<Plan, ParamError> {
        if stage != Stage::Full && self.input.joint == Joint::Bridge {
            return Err(ParamError::new(
                stage.name(),
                "bridge",
                "the bridge sweep counts whole layers of air and has no quick or fine version; plan it without",
            ));
        }
        match stage {
            Stage::Full => Ok(self.clone()),
            Stage::Quick => Ok(self.quick()),
            Stage::Around { centre, step } => self.around(centre, step),
        }
    }
}

impl Plan {
    /// This plan swept over `clearances` at `step` instead: each station
    /// judged by the plan's estimates, every estimate that reaches outside
    /// the new sweep listed as left out with `why(estimate, first, last)`,
    /// and the summary remade. What the quick and the fine sweep share, and
    /// the ledger's refinement (`calib::feedback::refine`), which then
    /// judges the stations by the recorded result.
    pub(crate) fn resweep(
        &self,
        clearances: impl IntoIterator<Item = Microns>,
        step: Microns,
        why: impl Fn(&Estimate, Microns, Microns) -> String,
    ) -> Plan {
        let layer = Microns::from_mm(self.input.layer_height_mm).unwrap_or(Microns(1));
        let mut plan = self.clone();
        plan.stations = clearances
            .into_iter()
            .map(|c| station(c, &self.estimates, self.floor, layer))
            .collect();
        plan.step = step;
        let cs = plan.clearances();
        let (first, last) = (cs[0], cs[cs.len() - 1]);
        plan.left_out = self
            .estimates
            .iter()
            .filter(|e| e.low < first || e.high > last)
            .map(|e| LeftOut {
                rule: e.rule,
                reason: why(e, first, last),
            })
            .collect();
        plan.summary = plan.make_summary();
        plan
    }
}
