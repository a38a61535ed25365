//! Writing one filament's folder without ever losing what the user put in
//! it, and without a moment where the folder is missing.
//!
//! Rules (stated in `gapgauge batch --help`):
//! - The folder is never moved, renamed or replaced whole. gapgauge's own
//!   files (one STL per coupon, `manifest.json`) are replaced one at a time,
//!   each atomically, so every file in the folder is always complete.
//!   Anything else in the folder (photos, notes) is never touched.
//! - Editable files (the results card, `card.html`) are where results are
//!   written. The manifest records a hash of each as gapgauge generated
//!   it; one that matches neither that hash nor the new content was edited,
//!   so it is kept and the new one is written beside it (`card.new.html`),
//!   and the run says so.
//! - Files are not synced one by one (a sync each cost ten times the
//!   build): the guarantee is against a killed or crashed run; after a
//!   power cut, rerun the batch.
//! - A run holds an advisory lock on the folder while writing it, so two
//!   batches into one out-dir take turns instead of failing.
//! - A marker file `.gapgauge-writing` exists only while a run writes; a
//!   later run that finds it says the earlier run was interrupted and
//!   regenerates the files. Folders hidden by older gapgauge versions
//!   (`.ID.old-PID`) are restored to their name, and said so.
//! - Whatever is at the folder's path and is not a folder is the user's: it
//!   is refused with an error, never moved.

use crate::atomic::{self, write_atomic_unsynced as write_atomic};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The manifest, written last.
pub const MANIFEST: &str = "manifest.json";
/// Present only while a run is writing the folder.
pub const MARKER: &str = ".gapgauge-writing";

/// A folder's content as generated for this run: (file name, bytes).
#[derive(Debug)]
pub struct Content {
    /// gapgauge's own files, replaced on every run (the STLs).
    pub files: Vec<(String, Vec<u8>)>,
    /// Files the user may edit (the results card): replaced only while
    /// unedited.
    pub editable: Vec<(String, Vec<u8>)>,
    /// The manifest; must carry [`editable_record`] of `editable` under
    /// the key [`EDITABLE_KEY`].
    pub manifest: String,
}

/// The manifest key holding [`editable_record`].
pub const EDITABLE_KEY: &str = "editable_files";

/// What happened to a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The folder.
    pub path: PathBuf,
    /// Things the user should know (a kept card, a recovered folder).
    pub notes: Vec<String>,
}

/// FNV-1a, 64 bit: enough to tell "the file we wrote" from "edited", with
/// no dependency for ten lines.
pub fn fnv1a64(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The manifest record of the editable files: name -> hash as generated.
/// A file that no longer matches was edited; reruns keep it.
pub fn editable_record(editable: &[(String, Vec<u8>)]) -> serde_json::Value {
    editable
        .iter()
        .map(|(name, bytes)| {
            (
                name.clone(),
                serde_json::json!({ "fnv1a64": fnv1a64(bytes) }),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Where the new version of an edited file goes: `card.md` ->
/// `card.new.md`.
pub fn beside(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.new.{ext}"),
        _ => format!("{name}.new"),
    }
}

/// Write `content` into `out/id` by the rules in the module docs.
pub fn write(out: &Path, id: &str, content: &Content) -> io::Result<Written> {
    ensure_out_dir(out)?;
    let dest = out.join(id);
    let mut notes = restore_legacy(out, id, &dest);
    ensure_dir(&dest)?;
    // Held until this function returns: another batch waits here.
    let lock = File::open(&dest)?;
    lock.lock()?;
    remove_dead_temps(&dest, content);
    let marker = dest.join(MARKER);
    if marker.exists() {
        notes.push(format!(
            "{}: an earlier run was interrupted while writing here; its files are regenerated now",
            dest.display()
        ));
    }
    File::create(&marker)?;
    for (name, bytes) in &content.files {
        write_atomic::<io::Error>(&dest.join(name), |w| w.write_all(bytes))?;
    }
    let previous = previous_hashes(&dest);
    for (name, bytes) in &content.editable {
        write_editable(&dest, name, bytes, previous.get(name), &mut notes)?;
    }
    write_atomic::<io::Error>(&dest.join(MANIFEST), |w| {
        w.write_all(content.manifest.as_bytes())
    })?;
    fs::remove_file(&marker)?;
    Ok(Written { path: dest, notes })
}

/// Create the out-dir, or refuse a file standing where it should be.
fn ensure_out_dir(out: &Path) -> io::Result<()> {
    if let Ok(m) = fs::metadata(out)
        && !m.is_dir()
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "the output folder {} is {}, not a folder",
                out.display(),
                atomic::describe(&m.file_type())
            ),
        ));
    }
    fs::create_dir_all(out)
}

/// Remove temp files of a killed run for every name this run writes. The
/// caller holds the folder lock, so no other batch is writing them; a temp
/// a live writer holds is locked and kept.
fn remove_dead_temps(dest: &Path, content: &Content) {
    let mut names: Vec<String> = content.files.iter().map(|(n, _)| n.clone()).collect();
    for (n, _) in &content.editable {
        names.push(n.clone());
        names.push(beside(n));
    }
    names.push(MANIFEST.to_string());
    for name in &names {
        atomic::remove_unlocked_temps(dest, name.as_ref(), Duration::ZERO);
    }
}

/// Create `dest` as a folder unless it is one; refuse anything else there.
fn ensure_dir(dest: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dest) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is {}, not a folder; gapgauge never moves it: move it away or choose another output folder",
                dest.display(),
                atomic::describe(&m.file_type())
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::create_dir(dest) {
            // Another batch made it meanwhile: fine.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dest.is_dir() => Ok(()),
            r => r,
        },
        Err(e) => Err(e),
    }
}

/// Replace an editable file if it is ours (missing, equal to the new
/// content, or equal to what the last run generated); otherwise keep it and
/// write the new content beside it.
fn write_editable(
    dest: &Path,
    name: &str,
    bytes: &[u8],
    previous_hash: Option<&String>,
    notes: &mut Vec<String>,
) -> io::Result<()> {
    let path = dest.join(name);
    let existing = match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
        // Not a plain file (a FIFO would block a read): the user's.
        Ok(m) if !m.file_type().is_file() => Some(None),
        Ok(_) => Some(Some(fs::read(&path)?)),
    };
    let ours = match &existing {
        None => true,
        Some(None) => false,
        Some(Some(b)) => b.as_slice() == bytes || previous_hash.is_some_and(|h| *h == fnv1a64(b)),
    };
    if ours {
        if existing.flatten().as_deref() != Some(bytes) {
            write_atomic::<io::Error>(&path, |w| w.write_all(bytes))?;
        }
        return Ok(());
    }
    let new = beside(name);
    write_atomic::<io::Error>(&dest.join(&new), |w| w.write_all(bytes))?;
    notes.push(format!(
        "{}: kept your edited {name}; the new one is {new}",
        dest.display()
    ));
    Ok(())
}

/// The hashes of the editable files as the folder's current manifest
/// recorded them.
fn previous_hashes(dest: &Path) -> std::collections::HashMap<String, String> {
    let Some(v) = crate::textfile::read_small_text(&dest.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return Default::default();
    };
    v[EDITABLE_KEY]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, r)| Some((name.clone(), r["fnv1a64"].as_str()?.to_string())))
        .collect()
}

/// Older gapgauge versions replaced a folder by renaming it to
/// `.ID.old-PID` and building `.ID.partial-PID`; a kill in between hid the
/// user's folder. Restore a hidden folder when its name is free, remove
/// partial ones (they hold only generated files) and say what was done.
fn restore_legacy(out: &Path, id: &str, dest: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(out) else {
        return notes;
    };
    let (old, partial) = (format!(".{id}.old-"), format!(".{id}.partial-"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if !path.is_dir() {
            continue;
        }
        if name.strip_prefix(&partial).is_some_and(digits) {
            if fs::remove_dir_all(&path).is_ok() {
                notes.push(format!(
                    "removed {} (generated files of an interrupted run)",
                    path.display()
                ));
            }
        } else if name.strip_prefix(&old).is_some_and(digits) {
            if !dest.exists() && fs::rename(&path, dest).is_ok() {
                notes.push(format!(
                    "restored {} from {} (hidden by an interrupted run)",
                    dest.display(),
                    path.display()
                ));
            } else {
                notes.push(format!(
                    "{} holds an earlier copy of {} hidden by an interrupted run; left for you to check",
                    path.display(),
                    dest.display()
                ));
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "card.md";
    const NEW_CARD: &str = "card.new.md";

    fn content(card: &str, stl: &[u8]) -> Content {
        let editable = vec![(CARD.to_string(), card.as_bytes().to_vec())];
        Content {
            files: vec![("pin.stl".into(), stl.to_vec())],
            manifest: serde_json::json!({ EDITABLE_KEY: editable_record(&editable) }).to_string(),
            editable,
        }
    }

    #[test]
    fn new_versions_go_beside() {
        assert_eq!(beside("card.md"), "card.new.md");
        assert_eq!(beside("card.html"), "card.new.html");
        assert_eq!(beside("notes"), "notes.new");
        assert_eq!(beside(".hidden"), ".hidden.new");
    }

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn user_files_and_edited_cards_survive_a_rerun() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        write(out, "pla", &content("card v1", b"stl1")).unwrap();
        let dir = out.join("pla");
        fs::write(dir.join("photo.jpg"), b"jpeg").unwrap();
        // Regenerated card, not edited: replaced without a note.
        let w = write(out, "pla", &content("card v2", b"stl2")).unwrap();
        assert!(w.notes.is_empty(), "{:?}", w.notes);
        assert_eq!(fs::read_to_string(dir.join(CARD)).unwrap(), "card v2");
        fs::write(dir.join(CARD), "card v2 [x] 0.25 moved").unwrap();
        let w = write(out, "pla", &content("card v3", b"stl3")).unwrap();
        assert_eq!(w.notes.len(), 1, "{:?}", w.notes);
        assert!(w.notes[0].contains("kept your edited card.md"));
        assert_eq!(
            fs::read_to_string(dir.join(CARD)).unwrap(),
            "card v2 [x] 0.25 moved"
        );
        assert_eq!(fs::read_to_string(dir.join(NEW_CARD)).unwrap(), "card v3");
        assert_eq!(fs::read(dir.join("photo.jpg")).unwrap(), b"jpeg");
        assert_eq!(fs::read(dir.join("pin.stl")).unwrap(), b"stl3");
        assert_eq!(
            names(&dir),
            vec![CARD, NEW_CARD, MANIFEST, "photo.jpg", "pin.stl"]
        );
        assert_eq!(names(out), vec!["pla"]);
        // A FIFO where the card goes is the user's: kept, never read.
        fs::remove_file(dir.join(CARD)).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join(CARD))
            .status()
            .unwrap();
        assert!(made.success());
        let w = write(out, "pla", &content("card v4", b"stl4")).unwrap();
        assert!(
            w.notes[0].contains("kept your edited card.md"),
            "{:?}",
            w.notes
        );
        assert_eq!(fs::read_to_string(dir.join(NEW_CARD)).unwrap(), "card v4");
    }

    #[test]
    fn a_file_at_the_folder_path_is_refused_not_moved() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::write(out.join("pla"), b"mine").unwrap();
        let e = write(out, "pla", &content("c", b"s")).unwrap_err();
        assert!(e.to_string().contains("not a folder"), "{e}");
        assert_eq!(fs::read(out.join("pla")).unwrap(), b"mine");
        assert_eq!(names(out), vec!["pla"]);
    }

    #[test]
    fn interrupted_runs_are_found_and_said() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        // What an older version left after a kill: the folder hidden.
        let hidden = out.join(".pla.old-4242");
        fs::create_dir(&hidden).unwrap();
        fs::write(hidden.join("photo.jpg"), b"jpeg").unwrap();
        fs::create_dir(out.join(".pla.partial-4242")).unwrap();
        let w = write(out, "pla", &content("c", b"s")).unwrap();
        assert!(
            w.notes.iter().any(|n| n.contains("restored")),
            "{:?}",
            w.notes
        );
        assert!(
            w.notes.iter().any(|n| n.contains("removed")),
            "{:?}",
            w.notes
        );
        assert_eq!(names(out), vec!["pla"]);
        assert_eq!(fs::read(out.join("pla/photo.jpg")).unwrap(), b"jpeg");
        // A run killed mid-write left its marker.
        fs::write(out.join("pla").join(MARKER), b"").unwrap();
        let w = write(out, "pla", &content("c", b"s")).unwrap();
        assert!(
            w.notes.iter().any(|n| n.contains("interrupted")),
            "{:?}",
            w.notes
        );
        assert!(!out.join("pla").join(MARKER).exists());
    }
}
