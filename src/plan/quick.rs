//! The quick sweep (`--quick`): a first answer from a short print.
//!
//! A full sweep brackets every rule's estimate at the finest step that fits
//! in 9 stations, which costs an hour or more of printing. The quick sweep
//! asks only "roughly where": 4 or 5 stations at a coarse 0.10 mm step
//! over the same estimates. The first station that moves freely then
//! centres a fine sweep ([`Plan::around`], step 0.025), which narrows the
//! answer to one fine step: coarse, then fine.

use super::{Plan, SLICER_FLOOR};
use crate::units::Microns;

/// Step of the quick sweep.
pub const QUICK_STEP: Microns = Microns(100);
/// Fewest stations of a quick sweep: fewer could miss the answer.
pub const QUICK_MIN_STATIONS: u32 = 4;
/// Most stations of a quick sweep: more is no longer quick.
pub const QUICK_MAX_STATIONS: u32 = 5;

impl Plan {
    /// The quick version of this plan: stations at multiples of
    /// [`QUICK_STEP`] from the lowest estimate to the highest, padded to
    /// [`QUICK_MIN_STATIONS`] and, where the estimates spread wider than
    /// [`QUICK_MAX_STATIONS`] stations, centred where they agree. No
    /// station goes below the slicer floor (there is no control station)
    /// or past what the coupon holds. The first note says what the sweep
    /// is for and what to do next.
    pub fn quick(&self) -> Plan {
        let s = QUICK_STEP.0;
        let lowest = SLICER_FLOOR.0.div_ceil(s).max(1);
        let top = self
            .input
            .limits
            .max_clearance
            .map_or(u32::MAX, |m| (m.0 / s).max(lowest));
        let cap = (self.input.limits.max_stations as u32).clamp(1, QUICK_MAX_STATIONS);
        let lo = self.estimates.iter().map(|e| e.low.0).min().unwrap_or(0);
        let hi = self.estimates.iter().map(|e| e.high.0).max().unwrap_or(0);
        let mut a = (lo / s).clamp(lowest, top);
        let mut b = hi.div_ceil(s).clamp(a, top);
        if b - a + 1 > cap {
            let centre = (self.middle() + s / 2) / s;
            a = centre.saturating_sub((cap - 1) / 2).clamp(lowest, top);
            b = (a + cap - 1).min(top);
            a = b + 1 - cap.min(b + 1 - lowest);
        }
        // Pad above first (a gap too wide still moves), then below.
        let want = QUICK_MIN_STATIONS.min(cap);
        while b - a + 1 < want {
            if b < top {
                b += 1;
            } else if a > lowest {
                a -= 1;
            } else {
                break;
            }
        }
        let clearances = (a..=b).map(|k| Microns(k * s));
        let mut plan = self.resweep(clearances, QUICK_STEP, |e, first, last| {
            format!(
                "{}-{} reaches outside the quick sweep {first}-{last}; the full sweep (no --quick) covers it",
                e.low, e.high
            )
        });
        plan.notes.insert(0, quick_note(plan.stations.len()));
        plan
    }

    /// Where the estimates agree: the median of their middles.
    fn middle(&self) -> u32 {
        let mut mids: Vec<u32> = self
            .estimates
            .iter()
            .map(|e| (e.low.0 + e.high.0) / 2)
            .collect();
        mids.sort_unstable();
        mids.get(mids.len() / 2).copied().unwrap_or(SLICER_FLOOR.0)
    }
}

/// What a quick sweep is for and what to do next, said once.
fn quick_note(stations: usize) -> String {
    format!(
        "quick sweep: {stations} stations {QUICK_STEP} mm apart, for a first answer from a short print; \
         then print a fine sweep (step 0.025) around the first station that moves freely: --around C"
    )
}

#[cfg(test)]
mod tests {
    use crate::plan::{Joint, PlanInput, SweepLimits};
    use crate::preset::{Material, Printer};
    use crate::units::Microns;

    fn plan(material: &str, joint: Joint) -> crate::plan::Plan {
        let printer = Printer::load("generic-0.4").unwrap();
        PlanInput::new(Material::load(material).unwrap(), &printer, joint)
            .plan()
            .unwrap()
    }

    fn um(p: &crate::plan::Plan) -> Vec<u32> {
        p.clearances().iter().map(|c| c.0).collect()
    }

    #[test]
    fn a_quick_sweep_brackets_the_estimates_in_four_or_five_coarse_stations() {
        for m in [
            "pla", "petg", "abs", "tpu", "pla-plus", "silk-pla", "asa", "pa-cf",
        ] {
            for j in [Joint::Rotating, Joint::Hinge, Joint::Sliding, Joint::Slit] {
                let full = plan(m, j);
                let q = full.quick();
                let c = um(&q);
                assert!((4..=5).contains(&c.len()), "{m} {j}: {c:?}");
                assert!(c.windows(2).all(|w| w[1] - w[0] == 100), "{m} {j}: {c:?}");
                assert!(
                    c[0] >= 100 && c.iter().all(|x| x % 100 == 0),
                    "{m} {j}: {c:?}"
                );
                assert!(q.stations.iter().all(|s| !s.control));
                assert_eq!(q.step, Microns(100));
                assert!(q.summary().ends_with("/0.10"), "{}", q.summary());
                assert!(q.notes[0].starts_with("quick sweep:"), "{:?}", q.notes);
                // Fewer stations than the full sweep, never more.
                assert!(c.len() <= full.stations.len(), "{m} {j}");
                // Every estimate reached, or said to be left out.
                for e in &q.estimates {
                    let inside = e.low.0 >= c[0] && e.high.0 <= c[c.len() - 1];
                    assert!(
                        inside || q.left_out.iter().any(|l| l.rule == e.rule),
                        "{m} {j}: {:?} {c:?}",
                        e.rule
                    );
                }
            }
        }
    }

    #[test]
    fn pla_rotating_is_four_stations_from_0_2_to_0_5() {
        // Estimates 0.20-0.43: stations 0.20 (tight) to 0.50 (loose).
        let q = plan("pla", Joint::Rotating).quick();
        assert_eq!(um(&q), vec![200, 300, 400, 500]);
        assert!(q.left_out.is_empty(), "{:?}", q.left_out);
    }

    #[test]
    fn a_coupon_that_holds_fewer_or_narrower_stations_is_respected() {
        let mut input = PlanInput::new(
            Material::load("pla").unwrap(),
            &Printer::load("generic-0.4").unwrap(),
            Joint::Rotating,
        );
        input.limits = SweepLimits {
            max_stations: 3,
            max_clearance: Some(Microns(350)),
        };
        let q = input.plan().unwrap().quick();
        assert_eq!(um(&q), vec![100, 200, 300]);
        assert!(!q.left_out.is_empty());
    }
}
