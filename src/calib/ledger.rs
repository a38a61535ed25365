//! The results ledger: one JSON object per line, append-only.
//!
//! Where: `--ledger FILE`, else `$GAPGAUGE_LEDGER`, else
//! `$XDG_DATA_HOME/gapgauge/results.jsonl`, else
//! `~/.local/share/gapgauge/results.jsonl` (the XDG fallback).
//!
//! Appends are safe with several processes at once (a print farm recording
//! from several machines onto a shared disk, or a script): the file is
//! opened with `O_APPEND`, locked exclusively (`flock`), and each record is
//! written with one `write` of one whole line. Existing lines are never
//! rewritten, so a line gapgauge cannot read stays in the file; readers
//! report it with its line number and skip it.

use crate::calib::record::{RECORD_SCHEMA, Record};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Environment variable naming the ledger file.
pub const ENV: &str = "GAPGAUGE_LEDGER";

/// Ledger failures.
#[derive(Debug, Error)]
pub enum LedgerError {
    /// No flag, no `GAPGAUGE_LEDGER`, no `XDG_DATA_HOME` and no `HOME`.
    #[error(
        "cannot place the results ledger: no ledger file was given, GAPGAUGE_LEDGER is not set, and neither XDG_DATA_HOME nor HOME is set"
    )]
    NoHome,
    /// Reading or writing the file failed.
    #[error("ledger {path}: {error}")]
    Io {
        /// The ledger.
        path: String,
        /// The error (in the message, not chained: said once).
        error: std::io::Error,
    },
}

/// A line that is not a record.
#[derive(Debug, Clone, PartialEq)]
pub struct CorruptLine {
    /// 1-based line number.
    pub line: usize,
    /// Why it was skipped.
    pub error: String,
}

/// The ledger's readable records (with line numbers) and the lines skipped.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// `(line, record)` in file order.
    pub records: Vec<(usize, Record)>,
    /// Lines that are not records; they stay in the file.
    pub corrupt: Vec<CorruptLine>,
}

/// The ledger path: `flag`, else [`ENV`], else the XDG data directory.
pub fn resolve(flag: Option<&Path>) -> Result<PathBuf, LedgerError> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(p) = env(ENV) {
        return Ok(PathBuf::from(p));
    }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and is ignored.
    let base = match env("XDG_DATA_HOME").map(PathBuf::from) {
        Some(x) if x.is_absolute() => x,
        _ => PathBuf::from(env("HOME").ok_or(LedgerError::NoHome)?).join(".local/share"),
    };
    Ok(base.join("gapgauge").join("results.jsonl"))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> LedgerError + '_ {
    move |error| LedgerError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// Append one record as one line. The folder is created if needed. Under
/// the lock, a last line left without its newline (a crash mid-write by
/// another tool) gets one first, so the new record never joins it.
pub fn append(path: &Path, record: &Record) -> Result<(), LedgerError> {
    let mut line = serde_json::to_string(record).map_err(|e| io(path)(e.into()))?;
    line.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(path))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io(path))?;
    file.lock().map_err(io(path))?;
    if ends_without_newline(&mut file).map_err(io(path))? {
        line.insert(0, '\n');
    }
    // One write of the whole line: O_APPEND positions it at the end.
    file.write_all(line.as_bytes()).map_err(io(path))?;
    file.sync_data().map_err(io(path))?;
    file.unlock().map_err(io(path))?;
    Ok(())
}

fn ends_without_newline(file: &mut File) -> std::io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Read every record. A missing ledger is empty. Lines that do not parse
/// (or are another schema) are listed in [`Contents::corrupt`], never
/// dropped from the file.
pub fn read(path: &Path) -> Result<Contents, LedgerError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Contents::default()),
        Err(e) => return Err(io(path)(e)),
    };
    let mut out = Contents::default();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = i + 1;
        let text = String::from_utf8_lossy(raw);
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(&text) {
            Ok(r) => out.records.push((line, r)),
            Err(error) => out.corrupt.push(CorruptLine { line, error }),
        }
    }
    Ok(out)
}

fn parse_line(text: &str) -> Result<Record, String> {
    let r: Record = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if r.schema != RECORD_SCHEMA {
        return Err(format!("schema {:?}, expected {RECORD_SCHEMA}", r.schema));
    }
    Ok(r)
}

/// One warning line per corrupt line, naming the ledger.
pub fn corrupt_warnings(path: &Path, c: &Contents) -> Vec<String> {
    c.corrupt
        .iter()
        .map(|l| {
            format!(
                "warning: {} line {}: skipped, not a gapgauge record ({}); the line is kept",
                path.display(),
                l.line,
                l.error
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calib::gauge::FilamentIdentity;
    use crate::calib::record::RecordResult;

    pub(crate) fn record(material: &str, free: u32) -> Record {
        Record {
            schema: RECORD_SCHEMA.into(),
            recorded_at: "2026-11-30T06:00:00Z".into(),
            tool_version: "test".into(),
            filament: FilamentIdentity {
                material: material.into(),
                ..Default::default()
            },
            printer: "generic-0.4".into(),
            nozzle_mm: 0.4,
            layer_height_mm: 0.2,
            first_layer_height_mm: 0.2,
            flow: 1.0,
            coupon: "pin".into(),
            joint: "rotating".into(),
            clearance_is: "per side".into(),
            stations: Vec::new(),
            result: RecordResult {
                free_um: Some(free),
                moves_um: Some(free),
            },
            gauge: "g".into(),
            plan: None,
            note: None,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gapgauge-ledger-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn flag_wins_over_everything() {
        let p = resolve(Some(Path::new("x.jsonl"))).unwrap();
        assert_eq!(p, PathBuf::from("x.jsonl"));
    }

    #[test]
    fn threads_appending_at_once_lose_nothing_and_corrupt_lines_stay() {
        let d = scratch("threads");
        let p = d.join("sub/results.jsonl");
        append(&p, &record("pla", 350)).unwrap();
        // A torn line without its newline, as a crashed writer leaves it.
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"{\"schema\": \"gapgauge.res").unwrap();
        drop(f);
        std::thread::scope(|s| {
            for t in 0..4 {
                let p = &p;
                s.spawn(move || {
                    for i in 0..50 {
                        append(p, &record("petg", 100 + t * 100 + i)).unwrap();
                    }
                });
            }
        });
        let c = read(&p).unwrap();
        assert_eq!(c.records.len(), 201);
        assert_eq!(c.corrupt.len(), 1);
        assert_eq!(c.corrupt[0].line, 2);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .starts_with("{\"schema\": \"gapgauge.res")
        );
        let w = corrupt_warnings(&p, &c);
        assert!(w[0].contains("line 2") && w[0].contains("kept"), "{}", w[0]);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_missing_ledger_is_empty() {
        let d = scratch("missing");
        let c = read(&d.join("none.jsonl")).unwrap();
        assert!(c.records.is_empty() && c.corrupt.is_empty());
    }
}
