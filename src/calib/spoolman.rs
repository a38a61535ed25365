//! Spoolman spool exports: the inventory of a print farm as gauge sets.
//!
//! Spoolman's `GET /api/v1/export/spools?fmt=json|csv` flattens each spool
//! into one object with dot-separated keys (`id`, `filament.name`,
//! `filament.material`, `filament.vendor.name`, `lot_nr`, `location`,
//! `extra.<key>`, ...; see docs/calibration.md). JSON writes an array of those
//! objects; CSV writes one column per key, sorted, with empty cells for
//! missing values and a `'` in front of text a spreadsheet would take for a
//! formula. Both are read here without any network access.
//!
//! Spools of the same filament share one gauge set: a gauge measures the
//! filament, not the spool, but the spool ids travel with the set so a
//! recorded result can name the spool it was printed from.

use crate::batch::filament::FilamentEntry;
pub use crate::batch::filament::SpoolRef;
use std::collections::BTreeMap;
use std::path::Path;
use thiserror::Error;

/// One spool row of an export, with the fields gapgauge reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpoolRow {
    /// 1-based row (JSON array index + 1, or CSV data row).
    pub row: usize,
    /// `id`.
    pub id: u64,
    /// `filament.id`, when present: the key that groups spools.
    pub filament_id: Option<String>,
    /// `filament.name`.
    pub name: Option<String>,
    /// `filament.material` as typed in Spoolman.
    pub material: Option<String>,
    /// `filament.vendor.name`.
    pub vendor: Option<String>,
    /// `filament.external_id` (SpoolmanDB id).
    pub external_id: Option<String>,
    /// `lot_nr`.
    pub lot_nr: Option<String>,
    /// `location`.
    pub location: Option<String>,
    /// `archived`.
    pub archived: bool,
    /// `extra.*` of the spool, values as exported (JSON-encoded strings).
    pub extra: BTreeMap<String, String>,
}

/// Why an export could not be read.
#[derive(Debug, Error)]
pub enum SpoolmanError {
    /// The file could not be read.
    #[error("Spoolman export {path}: cannot read: {error}")]
    Io {
        /// The file.
        path: String,
        /// The error (in the message, not chained: said once).
        error: std::io::Error,
    },
    /// The content is not an export.
    #[error("Spoolman export {path}: {what}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong, with the row.
        what: String,
    },
}

/// A spool whose material maps to no preset.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmapped {
    /// Spool id.
    pub spool: u64,
    /// The material string as exported (empty when missing).
    pub material: String,
    /// Vendor and name, for the report.
    pub filament: String,
}

/// An export turned into batch filaments.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// One entry per distinct filament: (source for reports, entry).
    pub filaments: Vec<(String, FilamentEntry)>,
    /// Spools whose material maps to no preset (no gauge made).
    pub unmapped: Vec<Unmapped>,
    /// Archived spools, skipped.
    pub archived: Vec<u64>,
}

/// The built-in material preset for a Spoolman material string, if any.
///
/// Spoolman's material is free text; the common spellings map here. A PLA
/// whose filament name says "silk" is silk PLA (Spoolman has no tag for
/// it). Anything else (PC, PCTG, PA without fibre, PETG-CF, ...) maps to
/// nothing: a wrong preset would plan the wrong sweep.
pub fn preset_for(material: &str, filament_name: Option<&str>) -> Option<&'static str> {
    let key: String = material
        .to_ascii_uppercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '/'))
        .collect();
    let silk_name = filament_name.is_some_and(|n| n.to_ascii_lowercase().contains("silk"));
    let preset = match key.as_str() {
        "PLA" | "PLABASIC" | "PLAMATTE" if silk_name => "silk-pla",
        "PLA" | "PLABASIC" | "PLAMATTE" => "pla",
        "PLA+" | "PLAPLUS" | "PLAPRO" | "PLATOUGH" => "pla-plus",
        "SILKPLA" | "PLASILK" | "SILK" => "silk-pla",
        "PETG" | "PET" | "PETGBASIC" => "petg",
        "ABS" => "abs",
        "ASA" => "asa",
        "TPU" | "TPU95A" | "TPU98A" | "TPE" | "FLEX" => "tpu",
        "PACF" | "PA6CF" | "PA12CF" | "PAHTCF" | "NYLONCF" | "PA6CF20" => "pa-cf",
        _ => return None,
    };
    Some(preset)
}

/// Read an export file: JSON when it ends in `.json` or starts with `[`,
/// else CSV.
pub fn read_export(path: &Path) -> Result<Vec<SpoolRow>, SpoolmanError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| SpoolmanError::Io {
        path: shown.clone(),
        error,
    })?;
    let json = path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('[');
    let rows = if json {
        rows_from_json(&text)
    } else {
        rows_from_csv(&text)
    };
    rows.map_err(|what| SpoolmanError::Format { path: shown, what })
}

/// Rows of a JSON export (an array of flat objects).
pub fn rows_from_json(text: &str) -> Result<Vec<SpoolRow>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let arr = v
        .as_array()
        .ok_or("expected a JSON array of spools, as /api/v1/export/spools?fmt=json writes")?;
    arr.iter()
        .enumerate()
        .map(|(i, obj)| {
            let obj = obj
                .as_object()
                .ok_or_else(|| format!("spool {}: not an object", i + 1))?;
            let cells: BTreeMap<String, String> = obj
                .iter()
                .filter_map(|(k, v)| json_text(v).map(|t| (k.clone(), t)))
                .collect();
            row_from_cells(i + 1, &cells)
        })
        .collect()
}

/// Rows of a CSV export (header line, one spool per row).
pub fn rows_from_csv(text: &str) -> Result<Vec<SpoolRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("not valid CSV: {e}"))?
        .clone();
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("row {}: not valid CSV: {e}", i + 1))?;
        let cells: BTreeMap<String, String> = headers
            .iter()
            .zip(rec.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), unescape_formula(v).to_string()))
            .collect();
        rows.push(row_from_cells(i + 1, &cells)?);
    }
    Ok(rows)
}

/// Spoolman puts `'` before text starting with `= + - @ TAB CR` so a
/// spreadsheet does not run it; the quote is not part of the value.
fn unescape_formula(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => v,
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn row_from_cells(row: usize, cells: &BTreeMap<String, String>) -> Result<SpoolRow, String> {
    let get = |k: &str| {
        cells
            .get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let id_text = get("id").ok_or_else(|| format!("spool {row}: no `id`"))?;
    let id = id_text
        .parse::<u64>()
        .map_err(|_| format!("spool {row}: id = {id_text}: not a whole number"))?;
    Ok(SpoolRow {
        row,
        id,
        filament_id: get("filament.id"),
        name: get("filament.name"),
        material: get("filament.material"),
        vendor: get("filament.vendor.name"),
        external_id: get("filament.external_id"),
        lot_nr: get("lot_nr"),
        location: get("location"),
        archived: get("archived").is_some_and(|a| a.eq_ignore_ascii_case("true")),
        extra: cells
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("extra.").map(|x| (x.to_string(), v.clone())))
            .collect(),
    })
}

/// Group spools into distinct filaments (by `filament.id`, else vendor,
/// name and material) and turn each into a batch entry with its spools.
/// `file` names the export in the entries' sources.
pub fn import(rows: &[SpoolRow], file: &str) -> Import {
    let mut out = Import::default();
    let mut groups: BTreeMap<String, Vec<&SpoolRow>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in rows {
        if r.archived {
            out.archived.push(r.id);
            continue;
        }
        let key = match &r.filament_id {
            Some(id) => format!("id:{id}"),
            None => format!("{:?}|{:?}|{:?}", r.vendor, r.name, r.material),
        };
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(r);
    }
    for key in order {
        let spools = &groups[&key];
        let first = spools[0];
        let material = first.material.clone().unwrap_or_default();
        let Some(preset) = preset_for(&material, first.name.as_deref()) else {
            for s in spools {
                out.unmapped.push(Unmapped {
                    spool: s.id,
                    material: material.clone(),
                    filament: describe(first),
                });
            }
            continue;
        };
        let ids: Vec<String> = spools.iter().map(|s| s.id.to_string()).collect();
        let entry = FilamentEntry {
            brand: first.vendor.clone(),
            name: first.name.clone().or_else(|| Some(material.clone())),
            material: preset.to_string(),
            notes: Some(format!("Spoolman material {material:?}")),
            external_id: first.external_id.clone(),
            spools: spools
                .iter()
                .map(|s| SpoolRef {
                    id: s.id,
                    lot_nr: s.lot_nr.clone(),
                    location: s.location.clone(),
                })
                .collect(),
            ..Default::default()
        };
        out.filaments
            .push((format!("{file} spool {}", ids.join(",")), entry));
    }
    out
}

fn describe(r: &SpoolRow) -> String {
    [r.vendor.as_deref(), r.name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn materials_map_to_presets_or_to_nothing() {
        assert_eq!(preset_for("PLA", None), Some("pla"));
        assert_eq!(preset_for("pla+", None), Some("pla-plus"));
        assert_eq!(preset_for("PLA", Some("Silk Gold")), Some("silk-pla"));
        assert_eq!(preset_for("PETG", None), Some("petg"));
        assert_eq!(preset_for("PA12-CF", None), Some("pa-cf"));
        assert_eq!(preset_for("TPU 95A", None), Some("tpu"));
        assert_eq!(preset_for("PC", None), None);
        assert_eq!(preset_for("PETG-CF", None), None);
        assert_eq!(preset_for("", None), None);
    }

    #[test]
    fn csv_and_json_give_the_same_rows() {
        let json = r#"[{"id": 3, "filament.id": 1, "filament.name": "Galaxy Black",
            "filament.material": "PETG", "filament.vendor.name": "Prusament",
            "lot_nr": "L-17", "location": null, "archived": false,
            "extra.dried": "\"2026-11-01\""}]"#;
        let csv = "archived,extra.dried,filament.id,filament.material,filament.name,filament.vendor.name,id,location,lot_nr\n\
                   False,\"\"\"2026-11-01\"\"\",1,PETG,Galaxy Black,Prusament,3,,L-17\n";
        let a = rows_from_json(json).unwrap();
        let b = rows_from_csv(csv).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].extra["dried"], "\"2026-11-01\"");
        assert_eq!(a[0].lot_nr.as_deref(), Some("L-17"));
        assert_eq!(a[0].location, None);
    }

    #[test]
    fn formula_escape_is_removed_but_plain_quotes_stay() {
        assert_eq!(unescape_formula("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape_formula("'quoted"), "'quoted");
    }

    #[test]
    fn a_row_without_an_id_names_the_row() {
        let e = rows_from_json(r#"[{"id": 1}, {"filament.name": "x"}]"#).unwrap_err();
        assert!(e.contains("spool 2: no `id`"), "{e}");
    }
}
