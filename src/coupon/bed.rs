//! Does a coupon fit the printer's bed?
//!
//! A sweep may ask for up to 30 stations, and 30 pin stations make a bar
//! 378 mm long: more than most beds. Writing that file without a word
//! leaves the user to find out in the slicer; [`check_fits`] refuses it
//! before anything is written, with the bed size and the two ways out:
//! fewer stations (and how many fit) or a larger printer.

use super::Coupon;
use thiserror::Error;

/// Room kept free at each bed edge (mm), for a skirt or brim: the same as
/// `batch` keeps when it lays coupons out.
pub const EDGE_MARGIN: f64 = 5.0;

/// A coupon larger than the bed, either way round. The message says so
/// and how many stations would fit; the front end adds how to ask for
/// fewer stations or another bed in its own terms (its flags).
#[derive(Debug, Clone, PartialEq, Error)]
#[error(
    "the {kind} coupon with {stations} stations is {length:.1} x {width:.1} mm and does not fit the {bed_w} x {bed_d} mm bed ({bed_from}) with {EDGE_MARGIN} mm margins, even turned 90 degrees; {}",
    advice(*fits)
)]
pub struct TooBig {
    /// Coupon family.
    pub kind: &'static str,
    /// Stations asked for.
    pub stations: usize,
    /// Footprint along X (the station axis), mm.
    pub length: f64,
    /// Footprint along Y, mm.
    pub width: f64,
    /// Bed width, mm.
    pub bed_w: f64,
    /// Bed depth, mm.
    pub bed_d: f64,
    /// Where the bed size came from ("printer prusa-mk4", or how the
    /// front end named the size it was given).
    pub bed_from: String,
    /// How many stations of this coupon fit the bed (0: none, the coupon
    /// is too wide even with one).
    pub fits: usize,
}

/// The two ways out: fewer stations (when some fit) or a larger bed.
fn advice(fits: usize) -> String {
    let printer = "a printer with a larger bed";
    match fits {
        0 => format!("use {printer}"),
        n => format!("use fewer stations (about {n} fit) or {printer}"),
    }
}

/// Refuse `coupon` when its footprint fits `bed` (width, depth) in neither
/// orientation, keeping [`EDGE_MARGIN`] at every edge.
pub fn check_fits(coupon: &Coupon, bed: (f64, f64), bed_from: &str) -> Result<(), TooBig> {
    let size = coupon.bbox().size();
    let (length, width) = (size.x, size.y);
    let room = |d: f64| d - 2.0 * EDGE_MARGIN;
    let (bw, bd) = (room(bed.0), room(bed.1));
    if (length <= bw && width <= bd) || (length <= bd && width <= bw) {
        return Ok(());
    }
    // The station axis may run along either bed side the width fits across.
    let along = [(bw, bd), (bd, bw)]
        .into_iter()
        .filter(|&(_, across)| width <= across)
        .map(|(along, _)| along)
        .fold(f64::NAN, f64::max);
    Err(TooBig {
        kind: coupon.kind,
        stations: coupon.stations.len(),
        length,
        width,
        bed_w: bed.0,
        bed_d: bed.1,
        bed_from: bed_from.to_string(),
        fits: if along.is_nan() {
            0
        } else {
            stations_within(coupon, along)
        },
    })
}

/// How many stations fit in `along` mm, from the coupon's station pitch
/// and the length it needs besides its stations (ends, legend).
fn stations_within(coupon: &Coupon, along: f64) -> usize {
    let n = coupon.stations.len();
    let xs: Vec<f64> = coupon.stations.iter().map(|s| s.position[0]).collect();
    let (Some(first), Some(last)) = (xs.first(), xs.last()) else {
        return 0;
    };
    if n < 2 {
        return usize::from(coupon.bbox().size().x <= along);
    }
    let pitch = (last - first) / (n - 1) as f64;
    let fixed = coupon.bbox().size().x - (n - 1) as f64 * pitch;
    if along < fixed {
        return 0;
    }
    ((along - fixed) / pitch).floor() as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupon::{Family, PrintProfile};
    use crate::units::Microns;

    fn sweep(n: u32) -> Vec<Microns> {
        (0..n).map(|k| Microns(100 + 10 * k)).collect()
    }

    fn profile() -> PrintProfile {
        PrintProfile {
            nozzle: 0.4,
            layer_height: 0.2,
            first_layer_height: 0.2,
            chord_tolerance: 0.01,
        }
    }

    /// The count the refusal suggests is exact: that many stations fit and
    /// one more does not, for every coupon, on the MK4's bed.
    #[test]
    fn the_suggested_station_count_fits_and_one_more_does_not() {
        let bed = (250.0, 210.0);
        for family in [Family::PIN, Family::HINGE, Family::SLOTS, Family::PLUGS] {
            let big = family.build(sweep(30), profile()).unwrap();
            let Err(e) = check_fits(&big, bed, "printer prusa-mk4") else {
                // This family's 30 stations fit the bed: nothing to suggest.
                continue;
            };
            assert!(e.fits >= 1, "{e}");
            let fits = family.build(sweep(e.fits as u32), profile()).unwrap();
            assert_eq!(check_fits(&fits, bed, "x"), Ok(()), "{}", family.name());
            let over = family.build(sweep(e.fits as u32 + 1), profile()).unwrap();
            assert!(check_fits(&over, bed, "x").is_err(), "{}", family.name());
        }
    }

    #[test]
    fn the_refusal_names_the_bed_and_both_ways_out() {
        let big = Family::PIN.build(sweep(30), profile()).unwrap();
        let e = check_fits(&big, (250.0, 210.0), "printer prusa-mk4").unwrap_err();
        let msg = e.to_string();
        for part in [
            "30 stations",
            "250 x 210 mm bed (printer prusa-mk4)",
            "fewer stations (about ",
            "a printer with a larger bed",
        ] {
            assert!(msg.contains(part), "{part}: {msg}");
        }
        assert_eq!(check_fits(&big, (400.0, 100.0), "bed"), Ok(()));
        assert_eq!(check_fits(&big, (100.0, 400.0), "bed"), Ok(()), "turned");
    }

    #[test]
    fn a_coupon_wider_than_the_bed_suggests_only_another_printer() {
        let big = Family::PIN.build(sweep(3), profile()).unwrap();
        let e = check_fits(&big, (12.0, 12.0), "bed").unwrap_err();
        assert_eq!(e.fits, 0);
        assert!(!e.to_string().contains("fewer stations"), "{e}");
    }
}
