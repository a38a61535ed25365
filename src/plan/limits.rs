//! Limits on the process parameters a plan is computed from.
//!
//! Checked in one place so a preset file, a CLI flag and a library caller get
//! the same message: the parameter, the value and the limit. The limits are
//! deliberately wide (they reject mistakes such as a layer height in microns
//! or a flow in percent), not opinions about good settings.

/// A process parameter outside the range the planner accepts.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{param} = {value} is out of range: {limit}")]
pub struct ParamError {
    /// The parameter, spelled as in preset files (`layer_height_mm`).
    pub param: &'static str,
    /// The rejected value.
    pub value: f64,
    /// The rule it broke, with the numbers.
    pub limit: String,
}

fn fail(param: &'static str, value: f64, limit: String) -> Result<(), ParamError> {
    Err(ParamError {
        param,
        value,
        limit,
    })
}

/// Nozzle diameter in (0, 2] mm: nothing FDM prints outside it.
pub fn check_nozzle(nozzle: f64) -> Result<(), ParamError> {
    if !(nozzle.is_finite() && nozzle > 0.0 && nozzle <= 2.0) {
        return fail("nozzle_mm", nozzle, "must be > 0 and <= 2 mm".into());
    }
    Ok(())
}

/// A layer (also the first layer) must be > 0 and at most 0.8 x nozzle:
/// thicker layers are not squeezed onto the one below and do not bond.
pub fn check_layer(param: &'static str, h: f64, nozzle: f64) -> Result<(), ParamError> {
    let max = 0.8 * nozzle;
    if !(h.is_finite() && h > 0.0 && h <= max + 1e-9) {
        return fail(
            param,
            h,
            format!("must be > 0 and <= 0.8 x nozzle = {max:.3} mm"),
        );
    }
    Ok(())
}

/// Line width between 0.6x and 2x the nozzle: slicers refuse narrower lines
/// and a wider one is not a bead the nozzle can lay.
pub fn check_line_width(w: f64, nozzle: f64) -> Result<(), ParamError> {
    let (lo, hi) = (0.6 * nozzle, 2.0 * nozzle);
    if !(w.is_finite() && w >= lo - 1e-9 && w <= hi + 1e-9) {
        return fail(
            "line_width_mm",
            w,
            format!("must be between 0.6 x and 2 x nozzle = {lo:.3}..{hi:.3} mm"),
        );
    }
    Ok(())
}

/// Flow (extrusion multiplier) as a ratio in [0.5, 1.5]; 1.0 = 100 %.
/// A value like 95 is almost surely a percentage typed by mistake.
pub fn check_flow(flow: f64) -> Result<(), ParamError> {
    if !(flow.is_finite() && (0.5..=1.5).contains(&flow)) {
        return fail(
            "flow",
            flow,
            "must be a ratio in [0.5, 1.5] (1.0 = 100 %)".into(),
        );
    }
    Ok(())
}

/// A clearance-like preset value in millimetres, within `[lo, hi]`.
pub fn check_mm(param: &'static str, v: f64, lo: f64, hi: f64) -> Result<(), ParamError> {
    if !(v.is_finite() && v >= lo && v <= hi) {
        return fail(param, v, format!("must be between {lo} and {hi} mm"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_accept_normal_and_reject_mistakes() {
        assert!(check_nozzle(0.4).is_ok());
        assert!(check_nozzle(2.0).is_ok());
        assert!(check_nozzle(0.0).is_err());
        assert!(check_nozzle(2.5).is_err());
        assert!(check_nozzle(f64::NAN).is_err());
        assert!(check_layer("layer_height_mm", 0.32, 0.4).is_ok());
        let e = check_layer("layer_height_mm", 0.36, 0.4).unwrap_err();
        assert_eq!(e.param, "layer_height_mm");
        assert!(e.to_string().contains("0.36"), "{e}");
        assert!(e.to_string().contains("0.320"), "{e}");
        assert!(check_layer("layer_height_mm", 0.0, 0.4).is_err());
        assert!(check_flow(1.0).is_ok());
        assert!(check_flow(95.0).is_err());
        assert!(check_flow(0.49).is_err());
        assert!(check_line_width(0.45, 0.4).is_ok());
        assert!(check_line_width(0.2, 0.4).is_err());
        assert!(check_line_width(0.9, 0.4).is_err());
    }
}
