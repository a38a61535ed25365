//! The print cost of a planned sweep: the coupon `plan` would have `make`
//! build, estimated before anyone builds it, and the total of a `batch`
//! set. `plan` and `batch` only print what these functions return.

use super::estimate::{Estimator, PrintCost};
use super::summary::CostSummary;
use crate::coupon::{Coupon, Family, PrintProfile};
use crate::plan::{Joint, Plan};
use crate::slice::SliceError;
use serde::Serialize;

/// Why a planned sweep's print cost could not be estimated.
#[derive(Debug, thiserror::Error)]
pub enum CostError {
    /// No registered coupon stands in for the plan's joint.
    #[error("no coupon stands in for {0} joints")]
    NoCoupon(Joint),
    /// The coupon refused the sweep (its limits, the bed of its geometry).
    #[error("the {coupon} coupon does not build for this sweep: {source}")]
    Build {
        /// The coupon.
        coupon: &'static str,
        /// Its builder's error.
        #[source]
        source: crate::error::Error,
    },
    /// The coupon's layers could not be planned.
    #[error("the {coupon} coupon cannot be sliced: {source}")]
    Slice {
        /// The coupon.
        coupon: &'static str,
        /// The slice model's error.
        #[source]
        source: SliceError,
    },
}

/// The estimate of one coupon, naming the coupon and its stations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CouponCost {
    /// The coupon's name (`pin`).
    pub coupon: Family,
    /// Its stations.
    pub stations: usize,
    /// Minutes, grams and where the time goes.
    #[serde(flatten)]
    pub summary: CostSummary,
    /// The unrounded estimate, for totals.
    #[serde(skip)]
    pub raw: PrintCost,
}

/// The coupon that stands in for `joint`: the first registered one, in
/// the order of [`Family::ALL`] (`rotating` is the pin gauge).
pub fn coupon_for(joint: Joint) -> Option<Family> {
    Family::ALL.iter().copied().find(|f| f.joint() == joint)
}

/// The cost of the coupon `make` builds for `plan`'s sweep (the coupon
/// for its joint, at its clearances) at `print`'s layers.
pub fn plan_cost(
    plan: &Plan,
    print: PrintProfile,
    estimator: &Estimator,
) -> Result<CouponCost, CostError> {
    let family = coupon_for(plan.input.joint).ok_or(CostError::NoCoupon(plan.input.joint))?;
    let coupon = family
        .build(plan.clearances(), print)
        .map_err(|source| CostError::Build {
            coupon: family.name(),
            source,
        })?;
    coupon_cost(family, &coupon, estimator)
}

/// The cost of a coupon already built.
pub fn coupon_cost(
    family: Family,
    coupon: &Coupon,
    estimator: &Estimator,
) -> Result<CouponCost, CostError> {
    let raw = estimator
        .estimate(coupon)
        .map_err(|source| CostError::Slice {
            coupon: family.name(),
            source,
        })?;
    Ok(CouponCost {
        coupon: family,
        stations: coupon.stations.len(),
        summary: CostSummary::new(&raw, estimator.density, estimator.basis),
        raw,
    })
}

/// The cost of a set of coupons printed one after another: the sum of
/// their estimates (each coupon's own layers and cooling, so a set printed
/// on one plate takes a little less).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SetCost {
    /// How many coupons.
    pub coupons: usize,
    /// Their stations together.
    pub stations: usize,
    /// Minutes, grams and where the time goes, summed.
    #[serde(flatten)]
    pub summary: CostSummary,
}

/// The total of `costs`, each estimated by `estimator`.
pub fn set_cost(costs: &[CouponCost], estimator: &Estimator) -> SetCost {
    let total = costs
        .iter()
        .map(|c| c.raw)
        .fold(PrintCost::default(), |a, b| a.plus(&b));
    SetCost {
        coupons: costs.len(),
        stations: costs.iter().map(|c| c.stations).sum(),
        summary: CostSummary::new(&total, estimator.density, estimator.basis),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::{Material, Printer};

    fn setup(joint: Joint) -> (Plan, Estimator) {
        let printer = Printer::load("generic-0.4").unwrap();
        let material = Material::load("pla").unwrap();
        let estimator = Estimator::for_print(&printer, &material);
        let family = coupon_for(joint).unwrap();
        let plan = family.plan_input(material, &printer).plan().unwrap();
        (plan, estimator)
    }

    #[test]
    fn a_plan_costs_what_its_coupon_costs_when_made() {
        let (plan, e) = setup(Joint::Rotating);
        let c = plan_cost(&plan, PrintProfile::default(), &e).unwrap();
        assert_eq!(c.coupon, Family::PIN);
        assert_eq!(c.stations, plan.stations.len());
        let built = Family::PIN
            .build(plan.clearances(), PrintProfile::default())
            .unwrap();
        assert_eq!(c.summary, e.summary(&built).unwrap());
        assert!(c.summary.minutes > 1.0 && c.summary.grams > 0.5, "{c:?}");
    }

    #[test]
    fn fewer_stations_cost_less() {
        let (mut plan, e) = setup(Joint::Hinge);
        let all = plan_cost(&plan, PrintProfile::default(), &e).unwrap();
        plan.stations.truncate(3);
        let three = plan_cost(&plan, PrintProfile::default(), &e).unwrap();
        assert!(
            three.summary.minutes < all.summary.minutes,
            "{three:?} {all:?}"
        );
        assert!(three.summary.grams < all.summary.grams);
    }

    #[test]
    fn a_joint_without_a_coupon_is_named() {
        let (mut plan, e) = setup(Joint::Rotating);
        plan.input.joint = Joint::SnapFit;
        let err = plan_cost(&plan, PrintProfile::default(), &e).unwrap_err();
        assert_eq!(err.to_string(), "no coupon stands in for snap-fit joints");
    }

    #[test]
    fn a_set_costs_the_sum_of_its_coupons() {
        let (pin, e) = setup(Joint::Rotating);
        let (hinge, _) = setup(Joint::Hinge);
        let p = plan_cost(&pin, PrintProfile::default(), &e).unwrap();
        let h = plan_cost(&hinge, PrintProfile::default(), &e).unwrap();
        let set = set_cost(&[p, h], &e);
        assert_eq!((set.coupons, set.stations), (2, p.stations + h.stations));
        let sum = p.raw.seconds + h.raw.seconds;
        assert!((set.summary.minutes - sum / 60.0).abs() <= 0.05, "{set:?}");
        let grams = p.raw.grams + h.raw.grams;
        assert!((set.summary.grams - grams).abs() <= 0.005, "{set:?}");
    }
}
