//! Library errors.
//!
//! "Your input is wrong" ([`ParamError`]) is kept apart from "we could not
//! write" and from "the geometry we built is broken" (a bug: please report).

use crate::geom::validate::MeshDefect;
use thiserror::Error;

/// A parameter outside what the tool accepts: names the parameter, the value
/// and the limit, in one line. The one error type for bad settings: the
/// library names parameters as preset files do (`layer_height_mm`,
/// `clearance 3 of 9`); the CLI renames them to the flag the user typed.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{param} = {value}: {limit}")]
pub struct ParamError {
    /// The parameter (`layer_height_mm`, `--sweep step`, `clearance 3 of 9`).
    pub param: String,
    /// The offending value as given.
    pub value: String,
    /// What is allowed.
    pub limit: String,
}

impl ParamError {
    /// A new parameter error.
    pub fn new(param: impl Into<String>, value: impl ToString, limit: impl Into<String>) -> Self {
        ParamError {
            param: param.into(),
            value: value.to_string(),
            limit: limit.into(),
        }
    }

    /// The same error under another parameter name (a CLI flag).
    pub fn renamed(mut self, param: impl Into<String>) -> Self {
        self.param = param.into();
        self
    }
}

/// A part the coupon kit (`geom::kit`) could not close into a valid solid.
/// A bug in the coupon that declared it, never bad input: the message
/// names the part and the face behind the defect.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum KitError {
    /// A face's loops could not be triangulated in its plane.
    #[error("part {part}, face \"{face}\" cannot be triangulated: {why}")]
    Triangulation {
        /// The part.
        part: String,
        /// The face.
        face: String,
        /// What went wrong.
        why: String,
    },
    /// The closed mesh fails the validator.
    #[error("part {part}, face \"{face}\": {defect}{}", more(*others))]
    Defect {
        /// The part.
        part: String,
        /// A face behind the defect ("the whole part" when none is).
        face: String,
        /// The most serious defect.
        defect: MeshDefect,
        /// How many other defects the part has.
        others: usize,
    },
}

/// " (and N more defects)" when there are more.
fn more(others: usize) -> String {
    if others == 0 {
        String::new()
    } else {
        format!(" (and {others} more defects)")
    }
}

/// Everything the library can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// Bad input.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// Writing the output failed.
    #[error(transparent)]
    Write(#[from] crate::stl::StlWriteError),
    /// An I/O error outside the STL writer.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The kit could not close a part. This is a bug in gapgauge.
    ///
    /// Its message holds the kit's whole message once: the [`KitError`] is
    /// not also a `source`, or `{:#}` (how the CLI prints errors) would
    /// repeat it after the "please report" text.
    ///
    /// ```
    /// use gapgauge::error::{Error, KitError};
    /// let kit = KitError::Triangulation {
    ///     part: "bar".into(),
    ///     face: "cap".into(),
    ///     why: "loops cross".into(),
    /// };
    /// let shown = format!("{:#}", anyhow::Error::from(Error::from(kit)));
    /// assert_eq!(shown.matches("loops cross").count(), 1);
    /// ```
    #[error("internal error: {0}. {REPORT}")]
    Kit(KitError),
    /// A generated part failed validation. This is a bug in gapgauge.
    #[error("internal error: part {part} of the {coupon} coupon is not a valid solid ({}). {REPORT}", .defects.first().map(ToString::to_string).unwrap_or_default())]
    BrokenPart {
        /// Coupon kind.
        coupon: &'static str,
        /// Part name.
        part: String,
        /// What is wrong.
        defects: Vec<MeshDefect>,
    },
}

/// What an internal error asks of the user: it is our bug, and the
/// command line is what reproduces it.
const REPORT: &str = "This is a bug in gapgauge, not in your settings: please report it with the full command line that made it";

impl From<KitError> for Error {
    fn from(e: KitError) -> Self {
        Error::Kit(e)
    }
}

/// Library result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI prints `{:#}`: the defect once, then what to report.
    #[test]
    fn internal_error_says_it_once_and_what_to_report() {
        let kit = KitError::Defect {
            part: "socket bar".into(),
            face: "cavity 1 band 21 segment 0".into(),
            defect: MeshDefect::RepeatedVertex { triangle: 7 },
            others: 15,
        };
        let shown = format!("{:#}", anyhow::Error::from(Error::from(kit)));
        assert_eq!(shown.matches("socket bar").count(), 1, "{shown}");
        assert_eq!(shown.matches("15 more defects").count(), 1, "{shown}");
        assert!(
            shown.starts_with("internal error: part socket bar, face"),
            "{shown}"
        );
        assert!(
            shown.ends_with("please report it with the full command line that made it"),
            "{shown}"
        );
    }
}
