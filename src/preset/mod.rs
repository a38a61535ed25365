//! Material and printer presets: plain TOML data, embedded and listable.
//!
//! A preset is named either by a built-in short name (`pla`, `prusa-mk4`)
//! or by the path of a user TOML file in the same format; every place that
//! accepts one accepts the other. Parsing is strict (`deny_unknown_fields`)
//! because a misspelt key silently falling back to a default would plan the
//! wrong sweep. Errors name the file, the line and the key.
//!
//! Material numbers are the published ones (docs/sources.md), with the
//! source of each value in a comment of the bundled file. Joint-table values
//! keep their published (diametral) basis in keys ending `_diametral_mm`;
//! the planner converts them to per-face clearance.

pub mod builtin;
pub mod speeds;

use crate::error::ParamError;
use crate::limits;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

pub use speeds::Speeds;

/// A filament's clearance parameters, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Short name (`petg`).
    pub name: String,
    /// One line for `gapgauge presets`.
    pub description: String,
    /// Added to the layer formula `1.5*h + 0.05` (`42studio`), mm per face.
    pub layer_offset_mm: f64,
    /// Bead model (`flexi-chain`): per-face starting gap `[low, high]` at a
    /// 0.45 mm bead. `None` when no source gives one for the material.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pair"
    )]
    pub bead_per_face_mm: Option<[f64; 2]>,
    /// Joint table (`uavmodel`) for an open printer, or for any printer when
    /// there is no enclosed row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joint_table: Option<JointTable>,
    /// Joint table row measured in an enclosure (ASA in `uavmodel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joint_table_enclosed: Option<JointTable>,
    /// Shrink and expansion figures; informative, not used by the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thermal: Option<Thermal>,
    /// Filament density (g/cm³), for the grams of a print-cost estimate
    /// ([`crate::cost`]); PLA's 1.24 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub density_g_cm3: Option<f64>,
}

/// PLA's density (g/cm³), PrusaSlicer's "Generic PLA": the density of a
/// material file that gives none.
pub const PLA_DENSITY_G_CM3: f64 = 1.24;

/// One row of the `uavmodel` joint table. The source calls these values
/// "clearance" without a basis; gapgauge reads them as diametral (hole minus
/// pin), see `plan::rules::joint_table` for why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointTable {
    /// Sliding joints (axles, pistons), diametral mm.
    pub sliding_diametral_mm: f64,
    /// Rotating joints (hinges, bearings), diametral mm.
    pub rotating_diametral_mm: f64,
    /// Snap fits, diametral mm.
    pub snap_fit_diametral_mm: f64,
    /// Longest flat bridge at 0.2 mm layers; `None` = not recommended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bridge_mm: Option<f64>,
}

/// Thermal figures kept with the material for the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thermal {
    /// Linear shrink on cooling (or annealing), percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrink_percent: Option<f64>,
    /// Thermal expansion, micrometres per metre and kelvin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion_um_per_m_k: Option<f64>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A printer profile: the process numbers the rules read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Printer {
    /// Short name (`prusa-mk4`).
    pub name: String,
    /// One line for `gapgauge presets`.
    pub description: String,
    /// Nozzle diameter, mm.
    pub nozzle_mm: f64,
    /// Extrusion line width, mm; default 1.125 x nozzle (PrusaSlicer auto).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_width_mm: Option<f64>,
    /// Layer height, mm.
    pub layer_height_mm: f64,
    /// First layer height, mm; default the layer height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_layer_height_mm: Option<f64>,
    /// Bed size X, Y in mm; informative.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "pair"
    )]
    pub bed_mm: Option<[f64; 2]>,
    /// Enclosed build chamber (selects enclosed joint-table rows).
    #[serde(default)]
    pub enclosed: bool,
    /// Print speeds for the print-cost estimate (`[speeds]`); every key
    /// left out keeps PrusaSlicer 2.5's default.
    #[serde(default, skip_serializing_if = "Speeds::is_empty")]
    pub speeds: Speeds,
}

/// Exactly two numbers. Read through a `Vec<f64>` because a fixed-size
/// array stops after two elements and silently accepted
/// `[0.2, 0.3, "x", {a = 1}]`.
fn pair<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<[f64; 2]>, D::Error> {
    let v: Vec<f64> = Vec::deserialize(d)?;
    match v[..] {
        [a, b] => Ok(Some([a, b])),
        _ => Err(serde::de::Error::invalid_length(v.len(), &"two numbers")),
    }
}

/// Refuse control characters in a name or description: they are printed
/// to the terminal by `plan` and `presets`.
fn check_text(param: &str, s: &str) -> Result<(), ParamError> {
    if s.chars().any(char::is_control) {
        return Err(ParamError::new(
            param,
            format!("{:?}", crate::textfile::escape_controls(s)),
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Which kind of preset an error or a listing is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `presets/materials/`.
    Material,
    /// `presets/printers/`.
    Printer,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Material => "material",
            Kind::Printer => "printer",
        })
    }
}

impl Kind {
    /// The embedded (name, TOML) table for this kind.
    pub fn builtin(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Material => builtin::MATERIALS,
            Kind::Printer => builtin::PRINTERS,
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Kind::Material => "materials",
            Kind::Printer => "printers",
        }
    }
}

/// Where in a preset file something went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The file (`presets/materials/pla.toml (built-in)` or a user path).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The key, when known.
    pub key: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        Ok(())
    }
}

/// Why a preset could not be loaded. All are "your input is wrong" errors.
#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    /// Neither a built-in name nor an existing file.
    #[error("unknown {kind} `{name}` (not a built-in name nor a file); built-in {kind}s: {known}")]
    UnknownName {
        /// Material or printer.
        kind: Kind,
        /// What was asked for.
        name: String,
        /// Comma-separated built-in names.
        known: String,
    },
    /// The file exists but cannot be read.
    #[error("cannot read {kind} preset {}", path.display())]
    Read {
        /// Material or printer.
        kind: Kind,
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, a missing key or a value of the wrong type.
    #[error("{at}: {message}")]
    Parse {
        /// File, line and key.
        at: Location,
        /// What the TOML reader said.
        message: String,
    },
    /// Well-formed, but a value is out of range.
    #[error("{at}: {problem}")]
    Invalid {
        /// File, line and key.
        at: Location,
        /// Parameter, value and limit (boxed: keeps the error small).
        problem: Box<ParamError>,
    },
}

/// A preset type that can be parsed and checked.
trait Preset: Sized + serde::de::DeserializeOwned {
    const KIND: Kind;
    fn validate(&self) -> Result<(), ParamError>;
}

impl Preset for Material {
    const KIND: Kind = Kind::Material;
    fn validate(&self) -> Result<(), ParamError> {
        check_text("name", &self.name)?;
        check_text("description", &self.description)?;
        if let Some(notes) = self.thermal.as_ref().and_then(|t| t.notes.as_deref()) {
            check_text("notes", notes)?;
        }
        limits::check_mm("layer_offset_mm", self.layer_offset_mm, -0.2, 0.5)?;
        if let Some(d) = self.density_g_cm3
            && !(d.is_finite() && (0.5..=3.0).contains(&d))
        {
            return Err(ParamError::new(
                "density_g_cm3",
                d,
                "must be between 0.5 and 3.0 g/cm³",
            ));
        }
        if let Some([lo, hi]) = self.bead_per_face_mm {
            limits::check_mm("bead_per_face_mm", lo, 0.0, 2.0)?;
            limits::check_mm("bead_per_face_mm", hi, lo, 2.0)?;
        }
        for t in [&self.joint_table, &self.joint_table_enclosed]
            .into_iter()
            .flatten()
        {
            limits::check_mm("sliding_diametral_mm", t.sliding_diametral_mm, 0.0, 4.0)?;
            limits::check_mm("rotating_diametral_mm", t.rotating_diametral_mm, 0.0, 4.0)?;
            limits::check_mm("snap_fit_diametral_mm", t.snap_fit_diametral_mm, 0.0, 4.0)?;
            if let Some(b) = t.max_bridge_mm {
                limits::check_mm("max_bridge_mm", b, 0.0, 500.0)?;
            }
        }
        Ok(())
    }
}

impl Preset for Printer {
    const KIND: Kind = Kind::Printer;
    fn validate(&self) -> Result<(), ParamError> {
        check_text("name", &self.name)?;
        check_text("description", &self.description)?;
        limits::check_process(
            self.nozzle_mm,
            self.layer_height_mm,
            self.first_layer_height(),
        )?;
        if let Some(w) = self.line_width_mm {
            limits::check_line_width(w, self.nozzle_mm)?;
        }
        for side in self.bed_mm.into_iter().flatten() {
            limits::check_bed("bed_mm", side)?;
        }
        self.speeds.validate()
    }
}

impl Material {
    /// Filament density (g/cm³): the preset's, or PLA's.
    pub fn density(&self) -> f64 {
        self.density_g_cm3.unwrap_or(PLA_DENSITY_G_CM3)
    }

    /// Load by built-in short name or from a TOML file path.
    pub fn load(name_or_path: &str) -> Result<Material, PresetError> {
        load(name_or_path)
    }

    /// Parse TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Material, PresetError> {
        parse(text, file)
    }
}

impl Printer {
    /// The printer with command-line or spool overrides applied, the same
    /// way everywhere (`make`, `plan`, `check`, `batch`): a new nozzle
    /// drops the preset's line width (back to 1.125 x nozzle) and first
    /// layer; a new layer height carries the first layer along only when
    /// the preset's first layer equalled its layer height; explicit values
    /// win.
    pub fn overridden(
        mut self,
        nozzle: Option<f64>,
        line_width: Option<f64>,
        layer_height: Option<f64>,
        first_layer_height: Option<f64>,
    ) -> Printer {
        if let Some(n) = nozzle
            && n != self.nozzle_mm
        {
            self.nozzle_mm = n;
            self.line_width_mm = None;
            self.first_layer_height_mm = None;
        }
        if let Some(h) = layer_height {
            if self.first_layer_height_mm == Some(self.layer_height_mm) {
                self.first_layer_height_mm = None;
            }
            self.layer_height_mm = h;
        }
        if line_width.is_some() {
            self.line_width_mm = line_width;
        }
        if first_layer_height.is_some() {
            self.first_layer_height_mm = first_layer_height;
        }
        self
    }

    /// Load by built-in short name or from a TOML file path.
    pub fn load(name_or_path: &str) -> Result<Printer, PresetError> {
        load(name_or_path)
    }

    /// Parse TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Printer, PresetError> {
        parse(text, file)
    }

    /// Line width, or 1.125 x nozzle (PrusaSlicer's automatic
    /// value) when the profile leaves it out.
    pub fn line_width(&self) -> f64 {
        self.line_width_mm.unwrap_or(1.125 * self.nozzle_mm)
    }

    /// First layer height, or the layer height when left out.
    pub fn first_layer_height(&self) -> f64 {
        self.first_layer_height_mm.unwrap_or(self.layer_height_mm)
    }
}

/// The TOML text of a built-in preset, by kind and name.
pub fn builtin_text(kind: Kind, name: &str) -> Option<&'static str> {
    kind.builtin()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// The built-in names of one kind, sorted.
pub fn builtin_names(kind: Kind) -> Vec<&'static str> {
    kind.builtin().iter().map(|(n, _)| *n).collect()
}

fn load<P: Preset>(name_or_path: &str) -> Result<P, PresetError> {
    let kind = P::KIND;
    if let Some(text) = builtin_text(kind, name_or_path) {
        let file = format!("presets/{}/{name_or_path}.toml (built-in)", kind.dir());
        return parse(text, &file);
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        return Err(PresetError::UnknownName {
            kind,
            name: name_or_path.to_string(),
            known: builtin_names(kind).join(", "),
        });
    }
    let text = crate::textfile::read_small_text(path).map_err(|source| PresetError::Read {
        kind,
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

fn parse<P: Preset>(text: &str, file: &str) -> Result<P, PresetError> {
    let preset: P = toml::from_str(text).map_err(|e| parse_error(text, file, &e))?;
    preset.validate().map_err(|problem| PresetError::Invalid {
        at: Location {
            file: file.to_string(),
            line: line_of_key(text, &problem.param),
            key: Some(problem.param.clone()),
        },
        problem: Box::new(problem),
    })?;
    Ok(preset)
}

/// Turn a toml error into file, line and key. A missing or unknown field
/// names its key in the message; otherwise the span covers the value and the
/// key is whatever precedes `=` on that line. A missing key has no line of
/// its own: the line is kept only when it is the header of the table that
/// lacks the key.
fn parse_error(text: &str, file: &str, e: &toml::de::Error) -> PresetError {
    let message = e.message().trim().to_string();
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| message.split_once(p))
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(key, _)| key.to_string());
    let missing = message.starts_with("missing field");
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        // A key missing from a [table] points at the table header: keep it.
        .filter(|&n| {
            !missing
                || text
                    .lines()
                    .nth(n - 1)
                    .is_some_and(|l| l.trim_start().starts_with('['))
        });
    let key = named.or_else(|| {
        let line_text = text.lines().nth(line? - 1)?;
        let (k, _) = line_text.split_once('=')?;
        let k = k.trim().trim_matches('"');
        (!k.is_empty() && !k.starts_with('[') && !k.starts_with('#')).then(|| k.to_string())
    });
    PresetError::Parse {
        at: Location {
            file: file.to_string(),
            line,
            key,
        },
        message,
    }
}

/// The 1-based line where `key = ...` is written, for value errors found
/// after deserialisation (which no longer carry spans).
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn overrides_follow_one_rule() {
        let mk4 = Printer::load("prusa-mk4").unwrap();
        // The preset's first layer equals its layer: it follows a new layer.
        let p = mk4.clone().overridden(None, None, Some(0.16), None);
        assert_eq!((p.layer_height_mm, p.first_layer_height_mm), (0.16, None));
        // An explicit first layer wins; a new nozzle resets line width.
        let p = mk4
            .clone()
            .overridden(Some(0.6), None, Some(0.3), Some(0.35));
        assert_eq!(
            (p.nozzle_mm, p.line_width_mm, p.first_layer_height_mm),
            (0.6, None, Some(0.35))
        );
        // A first layer that differed from the layer stays when only the
        // layer changes.
        let mut odd = mk4;
        odd.first_layer_height_mm = Some(0.3);
        let p = odd.overridden(None, None, Some(0.12), None);
        assert_eq!(p.first_layer_height_mm, Some(0.3));
    }

    #[test]
    fn every_builtin_preset_parses_and_is_named_after_its_file() {
        for (name, text) in builtin::MATERIALS {
            let m = Material::from_toml(text, name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&m.name, name);
            assert!(!m.description.is_empty());
        }
        for (name, text) in builtin::PRINTERS {
            let p = Printer::from_toml(text, name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&p.name, name);
            assert!(p.layer_height_mm <= 0.8 * p.nozzle_mm);
        }
    }

    #[test]
    fn load_by_name_and_unknown_name_lists_known() {
        assert_eq!(Material::load("petg").unwrap().layer_offset_mm, 0.05);
        assert_eq!(Printer::load("generic-0.6").unwrap().nozzle_mm, 0.6);
        let e = Material::load("unobtainium").unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, PresetError::UnknownName { .. }));
        for name in builtin_names(Kind::Material) {
            assert!(msg.contains(name), "{msg}");
        }
    }

    /// `text` written to `name` in a fresh temp dir, removed when the
    /// returned guard drops.
    fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn unknown_key_in_user_file_names_file_line_and_key() {
        let text = builtin_text(Kind::Material, "pla").unwrap().replace(
            "layer_offset_mm = 0.0",
            "layer_offset_mm = 0.0\nlayer_ofset_mm = 0.1",
        );
        let expected_line = text
            .lines()
            .position(|l| l.starts_with("layer_ofset_mm"))
            .unwrap()
            + 1;
        let (_dir, path) = temp_file("typo.toml", &text);
        let e = Material::load(path.to_str().unwrap()).unwrap_err();
        let PresetError::Parse { at, message } = &e else {
            panic!("expected a parse error, got {e}");
        };
        assert_eq!(at.file, path.display().to_string());
        assert_eq!(at.line, Some(expected_line));
        assert_eq!(at.key.as_deref(), Some("layer_ofset_mm"));
        assert!(message.contains("unknown field"), "{message}");
        let shown = e.to_string();
        assert!(shown.contains(&format!(":{expected_line}")), "{shown}");
    }

    #[test]
    fn unknown_key_in_nested_table_is_located() {
        let text = builtin_text(Kind::Material, "petg")
            .unwrap()
            .replace("max_bridge_mm = 25.0", "max_brige_mm = 25.0");
        let e = Material::from_toml(&text, "petg-copy.toml").unwrap_err();
        let PresetError::Parse { at, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(at.key.as_deref(), Some("max_brige_mm"));
        assert!(at.line.is_some());
    }

    #[test]
    fn missing_key_is_named_without_a_misleading_line() {
        let text = "# a = b\nname = \"x\"\nlayer_offset_mm = 0.0\n";
        let e = Material::from_toml(text, "m.toml").unwrap_err();
        let PresetError::Parse { at, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(at.key.as_deref(), Some("description"));
        assert_eq!(at.line, None);
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = builtin_text(Kind::Printer, "generic-0.4")
            .unwrap()
            .replace("nozzle_mm = 0.4", "nozzle_mm = \"0.4\"");
        let e = Printer::from_toml(&text, "p.toml").unwrap_err();
        let PresetError::Parse { at, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(at.key.as_deref(), Some("nozzle_mm"));
    }

    #[test]
    fn bad_values_are_rejected_with_parameter_value_and_limit() {
        let base = builtin_text(Kind::Printer, "generic-0.4").unwrap();
        for (from, to, key) in [
            ("nozzle_mm = 0.4", "nozzle_mm = 0.0", "nozzle_mm"),
            (
                "layer_height_mm = 0.2",
                "layer_height_mm = 0.36",
                "layer_height_mm",
            ),
            (
                "line_width_mm = 0.45",
                "line_width_mm = 1.2",
                "line_width_mm",
            ),
            (
                "first_layer_height_mm = 0.2",
                "first_layer_height_mm = -0.1",
                "first_layer_height_mm",
            ),
        ] {
            let text = base.replace(from, to);
            assert_ne!(text, base, "replacement {from} did not apply");
            let e = Printer::from_toml(&text, "p.toml").unwrap_err();
            let PresetError::Invalid { at, problem } = &e else {
                panic!("{e}")
            };
            assert_eq!(at.key.as_deref(), Some(key));
            assert_eq!(problem.param, key);
            let expected_line = text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
            assert_eq!(at.line, Some(expected_line));
            assert!(e.to_string().contains("must be between"), "{e}");
        }
        let text = builtin_text(Kind::Material, "pla")
            .unwrap()
            .replace("[0.20, 0.30]", "[0.30, 0.20]");
        assert!(matches!(
            Material::from_toml(&text, "m.toml"),
            Err(PresetError::Invalid { .. })
        ));
    }

    /// Issue 15 items 7 and 8: mixed arrays, NaN or negative beds and
    /// control characters are refused; huge files are not read.
    #[test]
    fn arrays_beds_and_names_are_checked() {
        let base = builtin_text(Kind::Printer, "generic-0.4").unwrap();
        for (extra, key) in [
            ("bed_mm = [220, 220, \"x\", {a = 1}]", "bed_mm"),
            ("bed_mm = [220]", "bed_mm"),
            ("bed_mm = [nan, 220]", "bed_mm"),
            ("bed_mm = [-5, 220]", "bed_mm"),
        ] {
            let text = format!("{base}\n{extra}\n");
            let e = Printer::from_toml(&text, "p.toml").unwrap_err();
            assert!(e.to_string().contains(key), "{extra}: {e}");
        }
        let pla = builtin_text(Kind::Material, "pla").unwrap();
        let mixed = pla.replace("[0.20, 0.30]", "[0.2, 0.3, \"x\", {a = 1}]");
        assert_ne!(mixed, pla);
        assert!(Material::from_toml(&mixed, "m.toml").is_err());
        let evil = pla.replace("name = \"pla\"", "name = \"pla\\u001b]0;pwned\\u0007\"");
        assert_ne!(evil, pla);
        let e = Material::from_toml(&evil, "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("control characters"), "{e}");
        assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
        // `plan` prints a material's thermal notes.
        let notes = format!("{pla}notes = \"dry \\u001b[2J first\"\n");
        assert!(
            notes.trim_end().ends_with("first\""),
            "notes land in [thermal]"
        );
        let e = Material::from_toml(&notes, "m.toml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("notes") && e.contains("control characters"),
            "{e}"
        );
    }
}
