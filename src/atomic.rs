//! Atomic file output: write a temporary file beside the target, then rename.
//!
//! A failed or interrupted run never leaves a half-written file, and an
//! existing file is replaced only once the new one is complete and synced.
//!
//! Only a regular file (or nothing) is ever replaced: a directory, FIFO,
//! device node, socket or symbolic link at the target is refused with a
//! named error, because renaming over it would silently take it away.
//!
//! Temporary names are `.NAME.<16 random hex>.gapgauge-tmp`, with NAME cut
//! so that the whole name stays within the 255-byte limit of common file
//! systems. The writer holds an advisory lock on its temp file; a later
//! write to the same target removes temps whose lock is free and that are
//! older than [`STALE_AFTER`] (left by a killed run), so leftovers never
//! pile up and never make a later run fail.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Suffix of every temporary file this module creates.
pub const TEMP_SUFFIX: &str = ".gapgauge-tmp";

/// How long an unlocked temporary file must be untouched before a later run
/// removes it. The writer locks its temp right after creating it; the age
/// covers the instant between the two.
pub const STALE_AFTER: Duration = Duration::from_secs(10);

/// Bytes of the target's name kept in the temp name: 1 + 200 + 1 + 16 + 13
/// = 231, inside the 255-byte limit.
const NAME_BYTES_KEPT: usize = 200;

/// Removes the temporary file unless the write was committed.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Write `path` atomically: `fill` writes the content into a buffered temp
/// file in the same directory, which is then synced and renamed over `path`.
/// On any error the temp file is removed and `path` is untouched. A `path`
/// that exists and is not a regular file is refused (`InvalidInput`).
pub fn write_atomic<E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    write(path, Durability::PowerLoss, fill)
}

/// [`write_atomic`] without the syncs: a killed or failing run still
/// leaves either the old file or the new one, complete, but a power cut
/// right after may lose the new content. For writing many generated files
/// at once (a batch folder), where a sync per file costs far more than
/// building them and regenerating is the remedy.
pub fn write_atomic_unsynced<E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    write(path, Durability::ProcessDeath, fill)
}

/// What a finished write survives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Durability {
    /// The process being killed.
    ProcessDeath,
    /// A power cut too: the file and its directory are synced.
    PowerLoss,
}

fn write<E>(
    path: &Path,
    durability: Durability,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    let sync = durability == Durability::PowerLoss;
    let (dir, name) = split(path)?;
    refuse_non_regular(path)?;
    remove_unlocked_temps(&dir, &name, STALE_AFTER);
    let (file, tmp) = create_temp(&dir, &name)?;
    let mut guard = TempGuard {
        path: tmp,
        armed: true,
    };
    let mut w = BufWriter::new(file);
    fill(&mut w)?;
    w.flush()?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    if sync {
        file.sync_all()?;
    }
    // Checked again just before the rename: something may have appeared.
    refuse_non_regular(path)?;
    fs::rename(&guard.path, path)?;
    guard.armed = false;
    drop(file);
    // Make the rename itself durable; a failure here loses nothing.
    if sync && let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The directory and file name of `path`.
fn split(path: &Path) -> io::Result<(PathBuf, OsString)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    Ok((dir, name.to_os_string()))
}

/// Error unless `path` is missing or a regular file.
pub fn refuse_non_regular(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(m) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {}; only regular files are replaced",
                path.display(),
                describe(&m.file_type())
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// "a directory", "a FIFO", ... for messages.
pub fn describe(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device node";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The temp-name prefix for target `name`: `.` + at most
/// [`NAME_BYTES_KEPT`] bytes of it + `.`.
fn temp_prefix(name: &OsStr) -> Vec<u8> {
    let bytes = name.as_encoded_bytes();
    let mut p = vec![b'.'];
    p.extend_from_slice(&bytes[..bytes.len().min(NAME_BYTES_KEPT)]);
    p.push(b'.');
    p
}

/// 64 random bits from the standard library's per-process random hasher
/// keys, mixed with the time and a counter.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    if let Ok(t) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// Create and lock a fresh temp file for `name` in `dir`.
fn create_temp(dir: &Path, name: &OsStr) -> io::Result<(File, PathBuf)> {
    let prefix = temp_prefix(name);
    let mut last = None;
    for _ in 0..8 {
        let mut n = prefix.clone();
        n.extend_from_slice(format!("{:016x}{TEMP_SUFFIX}", random_u64()).as_bytes());
        let tmp = dir.join(os_string_from_bytes(n));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                // Held until the file is closed: tells a later run it is live.
                let _ = f.try_lock();
                return Ok((f, tmp));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Bytes taken from an `OsString` plus ASCII back into an `OsString`.
fn os_string_from_bytes(bytes: Vec<u8>) -> OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        OsString::from_vec(bytes)
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// True when `file_name` is the temp name gapgauge 0.1 used for `name`:
/// `.NAME.tmp-PID-N` (never locked, so only its age tells it is stale).
fn is_legacy_temp(file_name: &[u8], name: &OsStr) -> bool {
    let mut prefix = vec![b'.'];
    prefix.extend_from_slice(name.as_encoded_bytes());
    prefix.extend_from_slice(b".tmp-");
    let Some(rest) = file_name.strip_prefix(prefix.as_slice()) else {
        return false;
    };
    let mut parts = rest.split(|&b| b == b'-');
    let digits =
        |p: Option<&[u8]>| p.is_some_and(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// True when `entry` is one of our temp names for a target with `prefix`.
fn is_our_temp(file_name: &[u8], prefix: &[u8]) -> bool {
    let Some(rest) = file_name.strip_prefix(prefix) else {
        return false;
    };
    let Some(hex) = rest.strip_suffix(TEMP_SUFFIX.as_bytes()) else {
        return false;
    };
    hex.len() == 16 && hex.iter().all(u8::is_ascii_hexdigit)
}

/// Remove temps for target `name` in `dir` that no live writer holds and
/// that are at least `min_age` old ([`STALE_AFTER`] for a plain write; a
/// caller that holds a lock on the whole folder may pass zero). Best
/// effort: errors are ignored.
pub fn remove_unlocked_temps(dir: &Path, name: &OsStr, min_age: Duration) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let bytes = file_name.as_encoded_bytes();
        if is_our_temp(bytes, &prefix) {
            remove_if_stale(&e.path(), min_age);
        } else if is_legacy_temp(bytes, name) {
            remove_if_stale(&e.path(), min_age.max(STALE_AFTER));
        }
    }
}

/// Remove one temp file if its lock is free and it is old enough.
fn remove_if_stale(p: &Path, min_age: Duration) {
    let Ok(m) = fs::symlink_metadata(p) else {
        return;
    };
    if !m.file_type().is_file() {
        return;
    }
    let old = min_age.is_zero()
        || m.modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= min_age);
    if !old {
        return;
    }
    if let Ok(f) = File::open(p)
        && f.try_lock().is_ok()
    {
        let _ = fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_on_success() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let p = d.join("out.stl");
        fs::write(&p, b"old").unwrap();
        let r: io::Result<()> = write_atomic(&p, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(d).unwrap().count(), 1, "temp file left behind");
        write_atomic::<io::Error>(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::read_dir(d).unwrap().count(), 1);
    }

    #[test]
    fn missing_directory_is_an_error() {
        let p = std::env::temp_dir().join("gapgauge-no-such-dir/x/out.stl");
        assert!(write_atomic::<io::Error>(&p, |w| w.write_all(b"x")).is_err());
    }

    #[test]
    fn refuses_directories_and_fifos() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let sub = d.join("sub");
        fs::create_dir(&sub).unwrap();
        let e = write_atomic::<io::Error>(&sub, |w| w.write_all(b"x")).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        assert!(sub.is_dir());
        #[cfg(unix)]
        {
            let fifo = d.join("fifo");
            let ok = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(ok.success());
            let e = write_atomic::<io::Error>(&fifo, |w| w.write_all(b"x")).unwrap_err();
            assert!(e.to_string().contains("FIFO"), "{e}");
            let link = d.join("link");
            std::os::unix::fs::symlink(d.join("target"), &link).unwrap();
            let e = write_atomic::<io::Error>(&link, |w| w.write_all(b"x")).unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
            // Only asked, never written: a regression must not replace the
            // machine's /dev/null.
            let e = refuse_non_regular(Path::new("/dev/null")).unwrap_err();
            assert!(e.to_string().contains("device node"), "{e}");
        }
        // Nothing but what the test made.
        assert_eq!(fs::read_dir(d).unwrap().count(), 3);
    }

    #[test]
    fn a_255_byte_name_works() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let name = format!("{}.stl", "é".repeat(125)); // 250 + 4 bytes
        let name = format!("{name}x");
        assert_eq!(name.len(), 255);
        let p = d.join(&name);
        write_atomic::<io::Error>(&p, |w| w.write_all(b"ok")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"ok");
    }

    #[test]
    fn stale_temps_are_removed_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let p = d.join("out.stl");
        let prefix = String::from_utf8(temp_prefix(OsStr::new("out.stl"))).unwrap();
        let stale = d.join(format!("{prefix}00000000deadbeef{TEMP_SUFFIX}"));
        let fresh = d.join(format!("{prefix}00000000feedf00d{TEMP_SUFFIX}"));
        let live = d.join(format!("{prefix}00000000cafecafe{TEMP_SUFFIX}"));
        let foreign = d.join(".out.stl.mine");
        let legacy = d.join(".out.stl.tmp-1-0");
        let old = SystemTime::now() - Duration::from_secs(3600);
        for f in [&stale, &fresh, &live, &foreign, &legacy] {
            fs::write(f, b"junk").unwrap();
        }
        for f in [&stale, &live, &foreign, &legacy] {
            File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let held = File::open(&live).unwrap();
        held.lock().unwrap();
        write_atomic::<io::Error>(&p, |w| w.write_all(b"new")).unwrap();
        assert!(!stale.exists(), "stale temp of a killed run kept");
        assert!(!legacy.exists(), "gapgauge 0.1's leftover (PID 1) kept");
        assert!(fresh.exists(), "a just-created temp may be a live writer's");
        assert!(live.exists(), "a locked temp belongs to a live writer");
        assert!(foreign.exists(), "not our name: never removed");
        drop(held);
    }
}
