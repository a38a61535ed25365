//! Naming a bad setting the way the user gave it.
//!
//! The library names print settings as preset files do (`layer_height_mm`);
//! a message should name what the user typed: the flag when they passed it,
//! else the preset the value came from and the flag that overrides it.

use crate::error::ParamError;

/// The command-line flag that sets a library parameter, if there is one.
pub fn flag_for(param: &str) -> Option<&'static str> {
    Some(match param {
        "nozzle_mm" => "--nozzle",
        "layer_height_mm" => "--layer-height",
        "first_layer_height_mm" => "--first-layer-height",
        "line_width_mm" => "--line-width",
        "flow" => "--flow",
        "chord_tolerance_mm" => "--chord-tolerance",
        _ => return None,
    })
}

/// `e` named by `flag` when the library named it `param`, or a part of it
/// (`sweep step` becomes `--sweep step`, `clearances (value 2)` becomes
/// `--clearances (value 2)`), and `param` named by `flag` where the limit
/// refers to it in backticks; anything else as it is. The library names
/// its parameters, never the CLI's flags: this is where they meet.
pub fn as_flag(mut e: ParamError, param: &str, flag: &str) -> ParamError {
    e.limit = flags_in(&e.limit, param, flag);
    match e.param.strip_prefix(param) {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            let named = format!("{flag}{rest}");
            e.renamed(named)
        }
        _ => e,
    }
}

/// `text` with the library's `` `param` `` named by `flag`.
pub fn flags_in(text: &str, param: &str, flag: &str) -> String {
    text.replace(&format!("`{param}`"), flag)
}

/// Which settings flags a command has and which the user passed.
#[derive(Debug, Clone)]
pub struct GivenFlags<'a> {
    /// Flags this command accepts.
    pub available: &'a [&'static str],
    /// Flags the user passed (or that always apply, like a default).
    pub given: Vec<&'static str>,
    /// The printer preset the other values came from.
    pub printer: &'a str,
}

impl<'a> GivenFlags<'a> {
    /// A command's settings flags: `always` apply whatever the user typed
    /// (they have defaults), each of `optional` counts when the user gave
    /// it a value; `available` lists every settings flag the command has.
    pub fn from_options(
        available: &'a [&'static str],
        always: &[&'static str],
        optional: &[(&'static str, Option<f64>)],
        printer: &'a str,
    ) -> Self {
        let mut given = always.to_vec();
        given.extend(
            optional
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(f, _)| *f),
        );
        GivenFlags {
            available,
            given,
            printer,
        }
    }

    /// `e` named as [`GivenFlags::name`] does when it is about a print
    /// setting (one with a flag); any other parameter (a coupon's own
    /// dimension, a clearance) as it is.
    pub fn name_setting(&self, e: ParamError) -> ParamError {
        if flag_for(&e.param).is_some() {
            self.name(e)
        } else {
            e
        }
    }

    /// `e` renamed to the flag the user typed, or to the preset key with
    /// the flag that would override it.
    pub fn name(&self, e: ParamError) -> ParamError {
        match flag_for(&e.param) {
            Some(flag) if self.given.contains(&flag) => e.renamed(flag),
            Some(flag) if self.available.contains(&flag) => {
                let p = format!(
                    "{} (from printer {}; set it with {flag})",
                    e.param, self.printer
                );
                e.renamed(p)
            }
            _ => {
                let p = format!("{} (from printer {})", e.param, self.printer);
                e.renamed(p)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_flag_typed_or_the_preset_and_its_flag() {
        let f = GivenFlags {
            available: &["--nozzle", "--layer-height"],
            given: vec!["--layer-height"],
            printer: "generic-0.4",
        };
        let e = ParamError::new("layer_height_mm", "0.001", "must be ...");
        assert_eq!(f.name(e).param, "--layer-height");
        let e = ParamError::new("nozzle_mm", "9", "must be ...");
        assert_eq!(
            f.name(e).param,
            "nozzle_mm (from printer generic-0.4; set it with --nozzle)"
        );
        let e = ParamError::new("line_width_mm", "9", "must be ...");
        assert_eq!(f.name(e).param, "line_width_mm (from printer generic-0.4)");
    }

    #[test]
    fn as_flag_renames_the_parameter_and_its_parts_only() {
        let e = |p: &str| ParamError::new(p, "x", "limit");
        assert_eq!(as_flag(e("sweep"), "sweep", "--sweep").param, "--sweep");
        assert_eq!(
            as_flag(e("sweep step"), "sweep", "--sweep").param,
            "--sweep step"
        );
        assert_eq!(as_flag(e("sweeps"), "sweep", "--sweep").param, "sweeps");
        assert_eq!(as_flag(e("bed"), "sweep", "--sweep").param, "bed");
        let e = ParamError::new("moves", "0.4", "must not exceed `free` = 0.3");
        let e = as_flag(as_flag(e, "moves", "--moves"), "free", "--free");
        assert_eq!(e.to_string(), "--moves = 0.4: must not exceed --free = 0.3");
    }

    #[test]
    fn from_options_counts_defaults_and_values_given() {
        let f = GivenFlags::from_options(
            &["--nozzle", "--layer-height", "--flow"],
            &["--flow"],
            &[("--nozzle", None), ("--layer-height", Some(0.2))],
            "generic-0.4",
        );
        assert_eq!(f.given, ["--flow", "--layer-height"]);
    }
}
