//! Arranging one filament's coupons on the bed.
//!
//! Each coupon stays its own STL (its own object in the slicer): a coupon's
//! parts must stay together, and slicers arrange and rotate whole objects
//! well, while a merged plate would become one object whose coupons cannot
//! be moved apart. The layout places each coupon's STL at its spot on the
//! bed (shelf packing in the given order, a margin from the bed edge and a
//! gap between coupons) and the manifest records it, so slicers that keep
//! file coordinates print it as planned and the rest can re-arrange freely.

use thiserror::Error;

/// Space between coupons and from the bed edge (mm): room for a skirt.
pub const SPACING: f64 = 5.0;

/// The coupons do not fit. The message states the fact; the front end
/// adds the way out in its own terms (its flags).
#[derive(Debug, Error, PartialEq)]
pub enum LayoutError {
    /// One coupon is larger than the bed.
    #[error(
        "coupon {name} ({w:.1} x {d:.1} mm) does not fit the {bw} x {bd} mm bed with {SPACING} mm margins"
    )]
    TooLarge {
        /// Coupon name.
        name: String,
        /// Its width (X).
        w: f64,
        /// Its depth (Y).
        d: f64,
        /// Bed width.
        bw: f64,
        /// Bed depth.
        bd: f64,
    },
    /// Together they do not fit.
    #[error("the coupons need more room than the {bw} x {bd} mm bed has")]
    Full {
        /// Bed width.
        bw: f64,
        /// Bed depth.
        bd: f64,
    },
}

/// Bottom-left corners (x, y) for footprints `(name, width, depth)` on a
/// `bed` of (width, depth), in order, shelf by shelf.
pub fn arrange(
    items: &[(&str, f64, f64)],
    bed: (f64, f64),
) -> Result<Vec<(f64, f64)>, LayoutError> {
    let (bw, bd) = bed;
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut y, mut shelf) = (SPACING, SPACING, 0.0f64);
    for &(name, w, d) in items {
        if w > bw - 2.0 * SPACING || d > bd - 2.0 * SPACING {
            return Err(LayoutError::TooLarge {
                name: name.into(),
                w,
                d,
                bw,
                bd,
            });
        }
        if x + w > bw - SPACING {
            x = SPACING;
            y += shelf + SPACING;
            shelf = 0.0;
        }
        if y + d > bd - SPACING {
            return Err(LayoutError::Full { bw, bd });
        }
        out.push((x, y));
        x += w + SPACING;
        shelf = shelf.max(d);
    }
    Ok(out)
}

/// Parse `220x220` into (width, depth); errors name the parameter `bed`.
pub fn parse_bed(s: &str) -> Result<(f64, f64), crate::error::ParamError> {
    let bad = || {
        crate::error::ParamError::new(
            "bed",
            s,
            "expected WIDTHxDEPTH in mm, each 50 to 2000, like 220x220",
        )
    };
    let (a, b) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, d): (f64, f64) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    for side in [w, d] {
        crate::limits::check_bed("bed", side).map_err(|_| bad())?;
    }
    Ok((w, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelves_fill_and_never_overlap() {
        let items = [("a", 120.0, 14.0), ("b", 80.0, 30.0), ("c", 60.0, 20.0)];
        let pos = arrange(&items, (220.0, 220.0)).unwrap();
        assert_eq!(pos[0], (5.0, 5.0));
        assert_eq!(pos[1], (5.0 + 120.0 + 5.0, 5.0));
        assert_eq!(pos[2], (5.0, 5.0 + 30.0 + 5.0));
        for (i, a) in items.iter().enumerate() {
            for (j, b) in items.iter().enumerate().skip(i + 1) {
                let (pa, pb) = (pos[i], pos[j]);
                let apart = pa.0 + a.1 <= pb.0
                    || pb.0 + b.1 <= pa.0
                    || pa.1 + a.2 <= pb.1
                    || pb.1 + b.2 <= pa.1;
                assert!(apart, "{i} and {j} overlap");
            }
        }
    }

    #[test]
    fn too_large_and_full_are_errors() {
        assert!(matches!(
            arrange(&[("a", 300.0, 10.0)], (220.0, 220.0)),
            Err(LayoutError::TooLarge { .. })
        ));
        let many = vec![("a", 100.0, 100.0); 5];
        assert_eq!(
            arrange(&many, (220.0, 220.0)),
            Err(LayoutError::Full {
                bw: 220.0,
                bd: 220.0
            })
        );
        assert_eq!(parse_bed("220x250").unwrap(), (220.0, 250.0));
        assert!(
            parse_bed("220").is_err() && parse_bed("0x0").is_err() && parse_bed("nanxnan").is_err()
        );
    }
}
