//! Limits on the print settings: nozzle, layers, line width, flow,
//! tessellation, bed.
//!
//! The one place they are checked, so a preset file, a CLI flag, a spool
//! override and a library caller get the same answer and the same message:
//! the parameter (named as in preset files, `layer_height_mm`; the CLI
//! renames it to the flag the user typed), the value and the limit. The
//! limits are deliberately wide (they reject mistakes such as a layer height
//! in microns or a flow in percent), not opinions about good settings.

use crate::error::ParamError;

/// Smallest nozzle (mm): nothing FDM prints with less.
pub const MIN_NOZZLE_MM: f64 = 0.1;
/// Largest nozzle (mm).
pub const MAX_NOZZLE_MM: f64 = 2.0;
/// Thinnest layer (mm): no slicer profile goes below 0.04 mm; 0.001 is a
/// unit mistake, and each gap is a whole number of layers, so a thinner
/// layer would only multiply the geometry.
pub const MIN_LAYER_MM: f64 = 0.04;
/// Thickest layer as a fraction of the nozzle: thicker layers are not
/// squeezed onto the one below and do not bond.
pub const MAX_LAYER_PER_NOZZLE: f64 = 0.8;
/// Finest chord tolerance (mm): 1 µm is below any printer's resolution;
/// finer only multiplies triangles.
pub const MIN_CHORD_TOLERANCE_MM: f64 = 0.001;
/// Coarsest chord tolerance (mm): coarser polygons eat visibly into gaps.
pub const MAX_CHORD_TOLERANCE_MM: f64 = 0.1;
/// Bed sides (mm) accepted.
pub const BED_RANGE_MM: (f64, f64) = (50.0, 2000.0);

const EPS: f64 = 1e-9;

/// A number as messages show it: plain for ordinary values, scientific for
/// tiny or huge ones (5e-324 rather than 324 zeros).
pub fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e7).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn fail(param: &str, value: f64, limit: String) -> Result<(), ParamError> {
    Err(ParamError::new(param, show(value), limit))
}

/// Nozzle diameter in [0.1, 2] mm.
pub fn check_nozzle(nozzle: f64) -> Result<(), ParamError> {
    if !(nozzle.is_finite() && (MIN_NOZZLE_MM..=MAX_NOZZLE_MM).contains(&nozzle)) {
        return fail(
            "nozzle_mm",
            nozzle,
            format!("must be between {MIN_NOZZLE_MM} and {MAX_NOZZLE_MM} mm"),
        );
    }
    Ok(())
}

/// A layer must be at least [`MIN_LAYER_MM`] and at
/// most 0.8 x nozzle.
pub fn check_layer(param: &str, h: f64, nozzle: f64) -> Result<(), ParamError> {
    let max = MAX_LAYER_PER_NOZZLE * nozzle;
    if !(h.is_finite() && h >= MIN_LAYER_MM - EPS && h <= max + EPS) {
        return fail(
            param,
            h,
            format!("must be between {MIN_LAYER_MM} mm and 0.8 x nozzle = {max:.3} mm"),
        );
    }
    Ok(())
}

/// Line width between 0.6x and 2x the nozzle: slicers refuse narrower lines
/// and a wider one is not a bead the nozzle can lay.
pub fn check_line_width(w: f64, nozzle: f64) -> Result<(), ParamError> {
    let (lo, hi) = (0.6 * nozzle, 2.0 * nozzle);
    if !(w.is_finite() && w >= lo - EPS && w <= hi + EPS) {
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

/// Largest distance between a true circle and its polygon.
pub fn check_chord_tolerance(t: f64) -> Result<(), ParamError> {
    let (lo, hi) = (MIN_CHORD_TOLERANCE_MM, MAX_CHORD_TOLERANCE_MM);
    if !(t.is_finite() && (lo..=hi).contains(&t)) {
        return fail(
            "chord_tolerance_mm",
            t,
            format!("must be between {lo} and {hi} mm"),
        );
    }
    Ok(())
}

/// One side of a bed, in [`BED_RANGE_MM`].
pub fn check_bed(param: &str, side: f64) -> Result<(), ParamError> {
    check_mm(param, side, BED_RANGE_MM.0, BED_RANGE_MM.1)
}

/// A length in millimetres within `[lo, hi]` (NaN and infinities refused).
pub fn check_mm(param: &str, v: f64, lo: f64, hi: f64) -> Result<(), ParamError> {
    if !(v.is_finite() && v >= lo && v <= hi) {
        return fail(param, v, format!("must be between {lo} and {hi} mm"));
    }
    Ok(())
}

/// The first layer: at least [`MIN_LAYER_MM`] and at most the nozzle
/// diameter (PrusaSlicer's own check: "First layer height can't be greater
/// than nozzle diameter"; a thick first layer is squashed into the bed).
pub fn check_first_layer(h: f64, nozzle: f64) -> Result<(), ParamError> {
    if !(h.is_finite() && h >= MIN_LAYER_MM - EPS && h <= nozzle + EPS) {
        return fail(
            "first_layer_height_mm",
            h,
            format!("must be between {MIN_LAYER_MM} mm and the nozzle diameter {nozzle} mm"),
        );
    }
    Ok(())
}

/// Longest gap `check` measures or enforces (mm): larger values are typos,
/// a coupon is a few centimetres across.
pub const MAX_GAP_MM: f64 = 100.0;

/// Thickest layer `check` slices any STL with (mm). Wider than
/// [`check_layer`]: `check` reads models made for any nozzle, and no FDM
/// layer is over 2 mm.
pub const MAX_SLICE_LAYER_MM: f64 = 2.0;

/// A gap length for `check`: above zero (or zero when `allow_zero`) and at
/// most [`MAX_GAP_MM`].
pub fn check_gap(param: &str, v: f64, allow_zero: bool) -> Result<(), ParamError> {
    let low_ok = if allow_zero { v >= 0.0 } else { v > 0.0 };
    if !(v.is_finite() && low_ok && v <= MAX_GAP_MM) {
        let low = if allow_zero { "0 <= " } else { "0 < " };
        return fail(param, v, format!("must be {low}value <= {MAX_GAP_MM} mm"));
    }
    Ok(())
}

/// A layer height `check` slices with: above zero, at most
/// [`MAX_SLICE_LAYER_MM`].
pub fn check_slice_layer(param: &str, h: f64) -> Result<(), ParamError> {
    if !(h.is_finite() && h > 0.0 && h <= MAX_SLICE_LAYER_MM) {
        return fail(
            param,
            h,
            format!("must be 0 < value <= {MAX_SLICE_LAYER_MM} mm"),
        );
    }
    Ok(())
}

/// Nozzle, layer and first layer in one call: what printer presets,
/// `PrintProfile::validated` and the planner all use.
pub fn check_process(nozzle: f64, layer: f64, first_layer: f64) -> Result<(), ParamError> {
    check_nozzle(nozzle)?;
    check_layer("layer_height_mm", layer, nozzle)?;
    check_first_layer(first_layer, nozzle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_accept_normal_and_reject_mistakes() {
        assert!(check_nozzle(0.4).is_ok());
        assert!(check_nozzle(2.0).is_ok());
        assert!(check_nozzle(0.0).is_err());
        assert!(
            check_nozzle(0.05).is_err(),
            "plan and make agree: 0.1 is the floor"
        );
        assert!(
            check_layer("layer_height_mm", 0.001, 0.4).is_err(),
            "1 um layers"
        );
        let tiny = check_first_layer(5e-324, 0.4).unwrap_err();
        assert_eq!(tiny.value, "5e-324");
        assert!(check_bed("bed_mm", f64::NAN).is_err());
        assert!(check_bed("bed_mm", -5.0).is_err());
        assert!(check_bed("bed_mm", 220.0).is_ok());
        assert!(check_chord_tolerance(0.0001).is_err());
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
