//! Filaments for a batch: a built-in material name, or a TOML file that
//! names a spool (brand, name, material, optional printer overrides, notes).
//!
//! ```toml
//! brand = "Prusament"
//! name = "Galaxy Black"
//! material = "petg"        # built-in name or a material TOML path
//! layer_height = 0.16      # optional: nozzle, layer_height, first_layer_height, printer
//! notes = "dried 6 h at 65 C"
//! ```
//!
//! A batch file lists several under `[[filament]]`.

use crate::preset::{Kind, Material, Printer, builtin_names};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A Spoolman spool a gauge set was made for (`calib::spoolman` reads
/// them from an export; kept here so a filament entry does not depend on
/// the reader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpoolRef {
    /// Spoolman spool id.
    pub id: u64,
    /// Manufacturer lot, when recorded in Spoolman.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_nr: Option<String>,
    /// Where the spool is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A filament entry as written in a TOML file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilamentEntry {
    /// Maker of the spool.
    pub brand: Option<String>,
    /// Product or colour name.
    pub name: Option<String>,
    /// Built-in material name or a material TOML path (relative to the file).
    pub material: String,
    /// Printer preset or file for this spool (default: the batch's).
    pub printer: Option<String>,
    /// Nozzle override (mm).
    pub nozzle: Option<f64>,
    /// Layer height override (mm).
    pub layer_height: Option<f64>,
    /// First-layer height override (mm).
    pub first_layer_height: Option<f64>,
    /// Free text carried into the manifest and the card.
    pub notes: Option<String>,
    /// SpoolmanDB id of the filament (`filament.external_id`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Spoolman spools of this filament; records made from the set keep
    /// the spool id (`gapgauge record --spool`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spools: Vec<SpoolRef>,
}

/// A batch file: several filaments.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchFile {
    filament: Vec<FilamentEntry>,
}

/// A filament ready to plan for: its material and printer resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Filament {
    /// Folder name: lowercase letters, digits and `-` (see [`slug`]).
    pub id: String,
    /// Where it came from (the argument, or `file.toml#3`).
    pub source: String,
    /// The entry as given.
    pub entry: FilamentEntry,
    /// Resolved material.
    #[serde(skip)]
    pub material: Material,
    /// Resolved printer, overrides applied.
    #[serde(skip)]
    pub printer: Printer,
}

/// Why a filament could not be loaded.
#[derive(Debug, Error)]
#[error("{source_name}: {message}")]
pub struct FilamentError {
    /// The argument or file entry.
    pub source_name: String,
    /// What is wrong.
    pub message: String,
}

/// Resolve one command-line argument into filaments (a batch file gives
/// several). Errors name the argument and what is wrong.
pub fn load_arg(arg: &str, default_printer: &str) -> Vec<Result<Filament, FilamentError>> {
    let err = |message: String| FilamentError {
        source_name: arg.to_string(),
        message,
    };
    let path = Path::new(arg);
    // A built-in name wins over a file of that name (as everywhere presets
    // are named); anything that is not a file is resolved as a name, so an
    // unknown one gets the preset loader's "unknown material" error.
    if builtin_names(Kind::Material).contains(&arg) || !path.exists() {
        let entry = FilamentEntry {
            material: arg.to_string(),
            ..Default::default()
        };
        return vec![resolve(arg.to_string(), entry, None, default_printer).map_err(err)];
    }
    let text = match crate::textfile::read_small_text(path) {
        Ok(t) => t,
        Err(e) => return vec![Err(err(format!("cannot read: {e}")))],
    };
    let table: toml::Table = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            return vec![Err(err(format!(
                "not valid TOML: {}",
                e.to_string().trim()
            )))];
        }
    };
    let dir = path.parent().map(Path::to_path_buf);
    if table.contains_key("filament") {
        return match toml::from_str::<BatchFile>(&text) {
            Ok(b) => b
                .filament
                .into_iter()
                .enumerate()
                .map(|(i, e)| {
                    let src = format!("{arg}#{}", i + 1);
                    resolve(src.clone(), e, dir.clone(), default_printer).map_err(|m| {
                        FilamentError {
                            source_name: src,
                            message: m,
                        }
                    })
                })
                .collect(),
            Err(e) => vec![Err(err(e.to_string().trim().to_string()))],
        };
    }
    match toml::from_str::<FilamentEntry>(&text) {
        Ok(e) => vec![resolve(arg.to_string(), e, dir, default_printer).map_err(err)],
        Err(e) => vec![Err(err(e.to_string().trim().to_string()))],
    }
}

/// Resolve an entry into a filament ready to plan for (`dir` resolves
/// relative preset paths). Errors are messages for the batch report.
pub fn resolve(
    source: String,
    entry: FilamentEntry,
    dir: Option<PathBuf>,
    default_printer: &str,
) -> Result<Filament, String> {
    let rel = |s: &str| -> String {
        match &dir {
            Some(d) if d.join(s).exists() => d.join(s).display().to_string(),
            _ => s.to_string(),
        }
    };
    let material = Material::load(&rel(&entry.material)).map_err(|e| chain(&e))?;
    let printer = Printer::load(&rel(entry.printer.as_deref().unwrap_or(default_printer)))
        .map_err(|e| chain(&e))?
        .overridden(
            entry.nozzle,
            None,
            entry.layer_height,
            entry.first_layer_height,
        );
    let id = slug(&match (&entry.brand, &entry.name) {
        (Some(b), Some(n)) => format!("{b}-{n}"),
        (None, Some(n)) => n.clone(),
        (Some(b), None) => format!("{b}-{}", entry.material),
        (None, None) => match Path::new(&source).file_stem() {
            Some(stem) if source.ends_with(".toml") => stem.to_string_lossy().into_owned(),
            _ => entry.material.clone(),
        },
    });
    if id.is_empty() {
        return Err("gives an empty folder name; set `name`".into());
    }
    Ok(Filament {
        id,
        source,
        entry,
        material,
        printer,
    })
}

/// An error and its sources on one line ("cannot read x: is a FIFO").
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Longest folder name in bytes: well inside the 255-byte limit, with room
/// for the names gapgauge puts beside it.
pub const MAX_SLUG_BYTES: usize = 100;

/// Lowercase letters and digits of any script, runs of anything else
/// turned into one `-`, at most [`MAX_SLUG_BYTES`] (cut at a character).
/// "Чёрный PETG" gives "чёрный-petg": a name in Cyrillic or Chinese is a
/// name.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if out.len() + l.len_utf8() <= MAX_SLUG_BYTES {
                    out.push(l);
                }
            }
        } else if !out.ends_with('-') && !out.is_empty() && out.len() < MAX_SLUG_BYTES {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Prusament PETG / Galaxy Black!"),
            "prusament-petg-galaxy-black"
        );
        assert_eq!(slug("--"), "");
        assert_eq!(slug("Чёрный PETG"), "чёрный-petg");
        assert_eq!(slug("黑色"), "黑色");
        let long = slug(&"é".repeat(300));
        assert!(long.len() <= MAX_SLUG_BYTES && long.len() >= MAX_SLUG_BYTES - 1);
    }

    #[test]
    fn builtin_names_and_unknowns() {
        let f = load_arg("petg", "generic-0.4");
        assert_eq!(f[0].as_ref().unwrap().id, "petg");
        let e = load_arg("unobtainium", "generic-0.4");
        let msg = e[0].as_ref().unwrap_err().to_string();
        assert!(msg.starts_with("unobtainium: "), "{msg}");
    }
}
