//! Exact lengths: clearances are whole micrometres.
//!
//! Sweeps are computed by index in integer micrometres, never by adding
//! floats, so `0.10:0.50:0.05` gives exactly nine stations and the label of
//! each is exact.

use std::fmt;

/// A length in whole micrometres (1 mm = 1000).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Microns(pub u32);

impl Microns {
    /// The value in millimetres.
    pub fn mm(self) -> f64 {
        f64::from(self.0) / 1000.0
    }

    /// Round a millimetre value to the nearest micrometre. `None` when the
    /// value is negative, NaN, infinite or over 1 m.
    pub fn from_mm(mm: f64) -> Option<Microns> {
        if !mm.is_finite() || !(0.0..=1000.0).contains(&mm) {
            return None;
        }
        Some(Microns((mm * 1000.0).round() as u32))
    }
}

impl fmt::Display for Microns {
    /// Millimetres with as many decimals as needed, at least two: 0.10, 0.025.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 1000;
        let frac = self.0 % 1000;
        if frac.is_multiple_of(10) {
            write!(f, "{whole}.{:02}", frac / 10)
        } else {
            write!(f, "{whole}.{frac:03}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_round_trip() {
        assert_eq!(Microns(100).to_string(), "0.10");
        assert_eq!(Microns(25).to_string(), "0.025");
        assert_eq!(Microns(1500).to_string(), "1.50");
        assert_eq!(Microns::from_mm(0.15), Some(Microns(150)));
        assert_eq!(Microns::from_mm(0.1 + 0.2), Some(Microns(300)));
        assert_eq!(Microns::from_mm(-0.1), None);
        assert_eq!(Microns::from_mm(f64::NAN), None);
    }
}
