//! Atomic file output: write a temporary file beside the target, then rename.
//!
//! A failed or interrupted run never leaves a half-written STL, and an
//! existing file is replaced only once the new one is complete and synced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

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
/// On any error the temp file is removed and `path` is untouched.
pub fn write_atomic<E>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    static COUNTER: AtomicU32 = AtomicU32::new(0);
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
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let mut guard = TempGuard {
        path: tmp,
        armed: true,
    };
    let mut w = BufWriter::new(file);
    fill(&mut w)?;
    w.flush()?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    fs::rename(&guard.path, path)?;
    guard.armed = false;
    Ok(())
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
}
