//! Reading the small text files users hand us (presets, spools, batch
//! lists): regular files only, and never more than [`MAX_TEXT_BYTES`].
//!
//! A FIFO or device given as a file would block the run forever or feed it
//! without end, and a huge TOML file costs many times its size in memory
//! while parsing; both are refused with a named error before reading.

use std::io::{self, Read};
use std::path::Path;

/// Largest text file read: 1 MiB. A preset is a few hundred bytes and a
/// batch file of a thousand spools stays well under this.
pub const MAX_TEXT_BYTES: u64 = 1 << 20;

/// Read `path` as UTF-8 text: a regular file (symbolic links followed) of
/// at most [`MAX_TEXT_BYTES`].
pub fn read_small_text(path: &Path) -> io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {}, not a regular file",
                path.display(),
                crate::atomic::describe(&meta.file_type())
            ),
        ));
    }
    let too_big = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is larger than {} KiB; a preset or spool file is a few hundred bytes",
                path.display(),
                MAX_TEXT_BYTES / 1024
            ),
        )
    };
    if meta.len() > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    let mut text = String::new();
    // The cap is enforced while reading too: the file may grow meanwhile.
    std::fs::File::open(path)?
        .take(MAX_TEXT_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    Ok(text)
}

/// `s` with every control character except newline and tab written as an
/// escape (`\u{1b}`), so text from a file cannot drive the terminal when
/// it is echoed in a message.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_only() {
        assert_eq!(
            escape_controls("a\x1b]0;title\x07b\r\u{9b}c\nd\té"),
            "a\\u{1b}]0;title\\u{7}b\\r\\u{9b}c\nd\té"
        );
    }

    #[test]
    fn refuses_big_files_and_non_files() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let big = d.join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_TEXT_BYTES as usize + 1]).unwrap();
        let e = read_small_text(&big).unwrap_err();
        assert!(e.to_string().contains("larger than 1024 KiB"), "{e}");
        let e = read_small_text(d).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        let ok = d.join("ok.toml");
        std::fs::write(&ok, "a = 1\n").unwrap();
        assert_eq!(read_small_text(&ok).unwrap(), "a = 1\n");
    }
}
