//! STL input: binary and ASCII files into an indexed [`Mesh`].
//!
//! Written here rather than taken from `stl_io::read_stl` because `check`
//! reads files from anywhere and must say exactly what is wrong with them.
//! stl_io 0.11 (src/lib.rs, src/binary_reader.rs, src/ascii_reader.rs)
//! never allocates by the declared count, which is good, but: it picks
//! ASCII whenever the first line starts with `"solid "`, so a binary file
//! whose free-text header says "solid ..." fails to read; it does not
//! compare the declared triangle count with the file length, so trailing
//! bytes are silently ignored; it accepts NaN and infinite coordinates in
//! binary files; and its `io::Error`s name neither the file nor the
//! triangle or line at fault.
//!
//! Rules applied here:
//! - the file is streamed (64 KiB at a time; a binary file by offset,
//!   one run of triangles per core), never held whole (only its corners,
//!   36 of every 50 bytes, until they are welded); a
//!   regular file's real size is checked against the limit
//!   ([`MAX_FILE_BYTES`]) and against the binary triangle count before
//!   the body is read; a device or pipe is read no further than its
//!   declared count, plus one byte to refuse trailing data (so
//!   `check /dev/zero` fails at once);
//! - ASCII when the file starts with `solid`, looks like text and parses
//!   as ASCII; binary when `84 + 50 * count == file length`, whatever the
//!   header says; otherwise, when it starts with `solid` and is text, the
//!   ASCII syntax error; otherwise a binary file with the wrong length (the
//!   error gives the declared count, the length it implies and the real
//!   length);
//! - nothing is allocated from the declared count before that check; ASCII
//!   growth is bounded by [`MAX_TRIANGLES`] and by the file size;
//! - vertices are merged by exact f32 value (bit pattern, with -0.0 taken
//!   as +0.0) on every core, numbered in order of first use whatever the
//!   number of threads (module `weld`), then widened to f64; the stored
//!   normals are ignored (the winding is what the validator checks);
//! - any NaN or infinite coordinate is an error naming the triangle (or
//!   line), because no later stage can give it a meaning.

mod ascii;
mod binary;
mod weld;

use crate::check::phases::{Cores, Phases};
use crate::geom::Mesh;
use binary::ReadAt;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use thiserror::Error;
use weld::Corner;

/// Length of the binary header plus the triangle count.
const BINARY_PREFIX: usize = 84;
/// Bytes per binary triangle: normal, three vertices, attribute count.
const BINARY_TRIANGLE: usize = 50;

/// Largest file `check` reads (4 GiB, about 86 million binary triangles).
/// Beyond this the file is almost certainly not a mesh a printer can use,
/// and reading it would exhaust memory on small machines.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// Most triangles accepted from one file: the index buffer is `u32`, and
/// this keeps an ASCII file from growing the mesh without bound.
pub const MAX_TRIANGLES: usize = 100_000_000;

/// Why an STL file could not be read. Every variant names the file.
#[derive(Debug, Error)]
pub enum StlReadError {
    /// The file could not be opened or read.
    // The OS error is the source, not part of the message: printed with
    // its chain (`{:#}`) it would otherwise appear twice.
    #[error("{file}: cannot read")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file has no bytes.
    #[error("{file}: the file is empty (0 bytes); an STL file has at least an 84-byte header")]
    Empty {
        /// The file.
        file: String,
    },
    /// The file is bigger than [`MAX_FILE_BYTES`].
    #[error("{file}: the file is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// Not ASCII STL, and too short for the binary header.
    #[error(
        "{file}: {len} bytes is shorter than the 84-byte binary STL header, and the file is not ASCII STL (it does not start with \"solid\")"
    )]
    TooShort {
        /// The file.
        file: String,
        /// Its length in bytes.
        len: usize,
    },
    /// A binary file whose length does not match its declared triangle
    /// count: truncated, padded, a garbage count, or not an STL at all.
    #[error(
        "{file}: binary STL header declares {declared} triangles, which need 84 + 50 x {declared} = {expected} bytes, but the file has {len} bytes ({hint})"
    )]
    LengthMismatch {
        /// The file.
        file: String,
        /// Triangle count in the header.
        declared: u32,
        /// Length that count implies.
        expected: u64,
        /// Actual length.
        len: usize,
        /// "truncated", "trailing bytes" or "not a whole number of triangles".
        hint: &'static str,
    },
    /// A binary triangle with a NaN or infinite vertex coordinate.
    #[error(
        "{file}: triangle {triangle} has a non-finite vertex coordinate ({value}); coordinates must be finite numbers"
    )]
    NonFiniteBinary {
        /// The file.
        file: String,
        /// Triangle index (0-based).
        triangle: usize,
        /// The offending value.
        value: f32,
    },
    /// A syntax or value error in an ASCII file.
    #[error("{file}: line {line}: {message}")]
    Ascii {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was expected or found.
        message: String,
    },
    /// A stream (device or pipe) that goes on after the triangles its
    /// binary header declares.
    #[error(
        "{file}: binary STL header declares {declared} triangles ({expected} bytes), but more data follows (not an STL file?)"
    )]
    TrailingData {
        /// The file.
        file: String,
        /// Triangle count in the header.
        declared: u32,
        /// Length that count implies.
        expected: u64,
    },
    /// More triangles than [`MAX_TRIANGLES`].
    #[error("{file}: more than {limit} triangles")]
    TooManyTriangles {
        /// The file.
        file: String,
        /// The limit.
        limit: usize,
    },
}

/// Read an STL file from disk, streamed.
pub fn read_stl_file(path: &Path) -> Result<Mesh, StlReadError> {
    read_stl_file_timed(path, &mut Phases::new())
}

/// [`read_stl_file`], recording the wall time of each phase in `phases`.
pub fn read_stl_file_timed(path: &Path, phases: &mut Phases) -> Result<Mesh, StlReadError> {
    let file = path.display().to_string();
    let io = |e| io_error(&file, e);
    let f = std::fs::File::open(path).map_err(io)?;
    let meta = f.metadata().map_err(io)?;
    // Only a regular file has a size to trust; a device or pipe is read
    // up to what its header declares (and the byte limit).
    let len = meta.is_file().then_some(meta.len());
    if let Some(n) = len
        && n > MAX_FILE_BYTES
    {
        return Err(StlReadError::TooLarge {
            file,
            limit: MAX_FILE_BYTES,
        });
    }
    read_stl(&f, Some(&f), len, &file, phases)
}

/// Read STL from memory; `file` names the source in errors.
///
/// ```
/// use gapgauge::stl_read::read_stl_bytes;
/// let err = read_stl_bytes(&[0u8; 90], "part.stl").unwrap_err();
/// assert!(err.to_string().starts_with("part.stl: binary STL header declares 0 triangles"));
/// ```
pub fn read_stl_bytes(bytes: &[u8], file: &str) -> Result<Mesh, StlReadError> {
    let len = Some(bytes.len() as u64);
    let mut phases = Phases::new();
    read_stl(
        std::io::Cursor::new(bytes),
        Some(&bytes),
        len,
        file,
        &mut phases,
    )
}

/// Bytes looked at to tell ASCII from binary.
const PREFIX: usize = 1024;

/// Triangles reserved at once for a stream (a device or pipe), whose
/// declared count no file length confirms: more grow as they are read.
const STREAM_RESERVE: usize = 1 << 16;

/// Read STL from `r`, whose length is `len` when known, and weld it.
/// `at` reads the same bytes by offset, from every core, when the source
/// allows it (a file, memory).
fn read_stl<R: Read + Seek>(
    r: R,
    at: Option<&dyn ReadAt>,
    len: Option<u64>,
    file: &str,
    phases: &mut Phases,
) -> Result<Mesh, StlReadError> {
    let (corners, cores) = read_corners(r, at, len, file)?;
    phases.lap("read", cores);
    Ok(weld::weld(&corners, phases))
}

/// The corners of every triangle, in file order, from either format, and
/// whether every core read them. Seeks only to re-read a file of known
/// length whose header says "solid" but whose ASCII parse failed and
/// whose length fits binary.
fn read_corners<R: Read + Seek>(
    mut r: R,
    at: Option<&dyn ReadAt>,
    len: Option<u64>,
    file: &str,
) -> Result<(Vec<Corner>, Cores), StlReadError> {
    let prefix = read_prefix(&mut r, file)?;
    let ascii = starts_with_solid(&prefix) && looks_like_text(&prefix);
    let declared = (prefix.len() >= BINARY_PREFIX)
        .then(|| u32::from_le_bytes([prefix[80], prefix[81], prefix[82], prefix[83]]));
    // The prefix was consumed: read it again in front of the rest, so a
    // stream that cannot seek reads just the same.
    fn again<'a, R: Read>(prefix: &'a [u8], r: &'a mut R) -> impl Read + 'a {
        prefix.chain(r)
    }
    if ascii {
        let capacity = len.map_or(0, |n| (n / 64) as usize);
        match ascii::read_corners(again(&prefix, &mut r), capacity, file) {
            Ok(c) => return Ok((c, Cores::One)),
            // The length fits binary: a binary file whose free-text
            // header happens to start with "solid".
            Err(_) if declared.is_some_and(|n| Some(binary_len(n as usize)) == len) => {}
            Err(e) => return Err(e),
        }
    }
    let Some(declared) = declared else {
        return Err(StlReadError::TooShort {
            file: file.into(),
            len: prefix.len(),
        });
    };
    check_binary_len(declared, len, file)?;
    if let (Some(src), Some(_)) = (at, len) {
        // The length matched the count: read by offset, on every core.
        return Ok((binary::read_corners_at(src, declared, file)?, Cores::All));
    }
    let reserve = match len {
        Some(_) => declared as usize,
        None => (declared as usize).min(STREAM_RESERVE),
    };
    if ascii {
        // The ASCII attempt read on: start again (a file of known
        // length, so it can seek).
        r.seek(SeekFrom::Start(0)).map_err(|e| io_error(file, e))?;
        return Ok((
            binary::read_corners(r, declared, reserve, file)?,
            Cores::One,
        ));
    }
    let corners = binary::read_corners(again(&prefix, &mut r), declared, reserve, file)?;
    Ok((corners, Cores::One))
}

/// The error for an OS error while reading `file`.
fn io_error(file: &str, source: std::io::Error) -> StlReadError {
    StlReadError::Io {
        file: file.into(),
        source,
    }
}

/// The first [`PREFIX`] bytes (fewer in a shorter file; none is an error).
fn read_prefix<R: Read>(r: &mut R, file: &str) -> Result<Vec<u8>, StlReadError> {
    let mut prefix = Vec::with_capacity(PREFIX);
    r.take(PREFIX as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| io_error(file, e))?;
    if prefix.is_empty() {
        return Err(StlReadError::Empty { file: file.into() });
    }
    Ok(prefix)
}

/// Length of a binary file of `triangles` triangles.
fn binary_len(triangles: usize) -> u64 {
    BINARY_PREFIX as u64 + BINARY_TRIANGLE as u64 * triangles as u64
}

/// A binary file's declared count must match its length, when known,
/// and the length it implies must be under [`MAX_FILE_BYTES`]; checked
/// before anything is allocated by the count.
fn check_binary_len(declared: u32, len: Option<u64>, file: &str) -> Result<(), StlReadError> {
    let expected = binary_len(declared as usize);
    if let Some(len) = len
        && len != expected
    {
        let body = len - BINARY_PREFIX as u64;
        let hint = if !body.is_multiple_of(BINARY_TRIANGLE as u64) {
            "not a whole number of triangles"
        } else if len < expected {
            "truncated, or the count is wrong"
        } else {
            "trailing bytes, or the count is wrong"
        };
        return Err(StlReadError::LengthMismatch {
            file: file.into(),
            declared,
            expected,
            len: len as usize,
            hint,
        });
    }
    if expected > MAX_FILE_BYTES {
        return Err(StlReadError::TooLarge {
            file: file.into(),
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// ASCII STL begins with the keyword `solid` (leading blanks tolerated).
fn starts_with_solid(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes[start..]
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"solid"))
}

/// Text has no NUL or other control bytes besides whitespace in its first
/// kilobyte; a binary header plus float data almost always has some.
fn looks_like_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .take(1024)
        .all(|&b| b >= 0x20 || b == b'\n' || b == b'\r' || b == b'\t' || b == 0x0c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Point;

    const ASCII_TETRA: &str = "solid tetra
facet normal 0 0 -1
  outer loop
    vertex 0 0 0
    vertex 0 1 0
    vertex 1 0 0
  endloop
endfacet
facet normal 0 -1 0
  outer loop
    vertex 0 0 0
    vertex 1 0 0
    vertex 0 0 1
  endloop
endfacet
facet normal 1 1 1
  outer loop
    vertex 1 0 0
    vertex 0 1 0
    vertex 0 0 1
  endloop
endfacet
facet normal -1 0 0
  outer loop
    vertex 0 1 0
    vertex 0 0 0
    vertex 0 0 1
  endloop
endfacet
endsolid tetra
";

    fn tetra() -> Mesh {
        read_stl_bytes(ASCII_TETRA.as_bytes(), "t.stl").unwrap()
    }

    fn binary(mesh: &Mesh) -> Vec<u8> {
        let tris: Vec<stl_io::Triangle> = (0..mesh.triangles.len())
            .map(|t| {
                let c = mesh
                    .corners(t)
                    .map(|p| stl_io::Vertex::new([p.x as f32, p.y as f32, p.z as f32]));
                stl_io::Triangle {
                    normal: stl_io::Normal::new([0.0; 3]),
                    vertices: c,
                }
            })
            .collect();
        let mut buf = Vec::new();
        stl_io::write_stl(&mut buf, tris.iter()).unwrap();
        buf
    }

    #[test]
    fn ascii_tetra_is_welded_and_valid() {
        let m = tetra();
        assert_eq!((m.vertices.len(), m.triangles.len()), (4, 4));
        assert_eq!(crate::geom::validate::defects(&m), vec![]);
    }

    #[test]
    fn binary_round_trip_through_stl_io() {
        let m = tetra();
        let bytes = binary(&m);
        assert_eq!(read_stl_bytes(&bytes, "b.stl").unwrap(), m);
    }

    #[test]
    fn binary_with_solid_header_reads_as_binary() {
        let m = tetra();
        let mut bytes = binary(&m);
        bytes[..12].copy_from_slice(b"solid cube\n ");
        assert_eq!(read_stl_bytes(&bytes, "b.stl").unwrap(), m);
    }

    fn err(bytes: &[u8]) -> String {
        read_stl_bytes(bytes, "bad.stl").unwrap_err().to_string()
    }

    #[test]
    fn corrupt_files_give_clear_errors() {
        let good = binary(&tetra());
        assert!(err(b"").contains("bad.stl: the file is empty"));
        assert!(err(&good[..50]).contains("shorter than the 84-byte"));
        let e = err(&good[..good.len() - 50]);
        assert!(
            e.contains("declares 4 triangles") && e.contains("truncated"),
            "{e}"
        );
        let e = err(&good[..good.len() - 7]);
        assert!(e.contains("not a whole number"), "{e}");
        let mut padded = good.clone();
        padded.extend_from_slice(&[0; 50]);
        assert!(err(&padded).contains("trailing bytes"));
        // A huge count is caught by the length check, before allocating.
        let mut huge = good.clone();
        huge[80..84].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = err(&huge);
        assert!(e.contains("declares 4294967295 triangles"), "{e}");
        // NaN in binary, naming the triangle.
        let mut nan = good.clone();
        let at = 84 + 2 * 50 + 12 + 4;
        nan[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        let e = err(&nan);
        assert!(e.contains("triangle 2 has a non-finite"), "{e}");
        let mut inf = good;
        inf[at..at + 4].copy_from_slice(&f32::INFINITY.to_le_bytes());
        assert!(err(&inf).contains("non-finite vertex coordinate (inf)"));
        // Garbage that is neither.
        let e = err(&[0xAB; 300]);
        assert!(e.contains("binary STL header declares"), "{e}");
    }

    #[test]
    fn ascii_errors_name_the_line() {
        let bad = ASCII_TETRA.replacen("vertex 0 1 0", "vertex 0 x1 0", 1);
        let e = err(bad.as_bytes());
        assert!(
            e.contains("line 5: expected a number for a vertex coordinate, found \"x1\""),
            "{e}"
        );
        let nan = ASCII_TETRA.replacen("vertex 1 0 0", "vertex 1 nan 0", 1);
        assert!(err(nan.as_bytes()).contains("line 6: a vertex coordinate NaN is not finite"));
        let cut = &ASCII_TETRA[..ASCII_TETRA.find("endloop").unwrap()];
        let e = err(cut.as_bytes());
        assert!(
            e.contains("line 7: expected `endloop`, found the end of the file"),
            "{e}"
        );
        let e = err(b"solid x\nfacet normal 0 0 1\n outer loop\n vertex 0 0 0\n endloop\n");
        assert!(
            e.contains("line 5: expected `vertex`, found \"endloop\""),
            "{e}"
        );
        // Empty solid: no triangles, but syntactically fine.
        assert_eq!(
            read_stl_bytes(b"solid\nendsolid\n", "e.stl")
                .unwrap()
                .triangles
                .len(),
            0
        );
    }

    #[test]
    fn minus_zero_and_zero_weld() {
        // A closed cube whose corners at 0 are written as -0.0 in some
        // triangles and +0.0 in others: still 8 vertices, no open edges.
        let cube = crate::geom::fixtures::tessellated_box(
            Point::new(0.0, 0.0, 0.0),
            Point::new(1.0, 1.0, 1.0),
            1,
        );
        let mut bytes = binary(&cube);
        for t in (0..cube.triangles.len()).step_by(2) {
            for k in 0..9 {
                let at = 84 + 50 * t + 12 + 4 * k;
                let x = f32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
                if x == 0.0 {
                    bytes[at..at + 4].copy_from_slice(&(-0.0f32).to_le_bytes());
                }
            }
        }
        assert!(bytes.windows(4).any(|w| w == (-0.0f32).to_le_bytes()));
        let m = read_stl_bytes(&bytes, "z.stl").unwrap();
        assert_eq!(m.vertices.len(), 8);
        assert_eq!(crate::geom::validate::defects(&m), vec![]);
    }

    #[test]
    fn streams_refuse_trailing_data_without_reading_on() {
        // /dev/zero: a header declaring 0 triangles, then endless zeros.
        /// Zeros for ever, and no seeking: a device.
        struct Zeros;
        impl Read for Zeros {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                buf.fill(0);
                Ok(buf.len())
            }
        }
        impl Seek for Zeros {
            fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
                Err(std::io::Error::other("cannot seek"))
            }
        }
        let e = read_stl(Zeros, None, None, "/dev/zero", &mut Phases::new())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("declares 0 triangles") && e.contains("more data follows"),
            "{e}"
        );
        // A stream that ends early is truncated.
        let good = binary(&tetra());
        let short = std::io::Cursor::new(good[..good.len() - 50].to_vec());
        let e = read_stl(short, None, None, "pipe", &mut Phases::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("truncated"), "{e}");
        let m = read_stl(
            std::io::Cursor::new(good),
            None,
            None,
            "pipe",
            &mut Phases::new(),
        )
        .unwrap();
        assert_eq!(m, tetra());
    }

    #[test]
    fn a_big_mesh_welds_back_to_itself() {
        // 24 x 48 x 2 = 2,304 triangles and 1,106 vertices read in
        // file order: more corners than the table of recent vertices
        // holds, so it is filled, evicted and missed. Reading back gives
        // the same vertices, numbered in order of first use, as
        // welding through the map alone.
        let s = crate::geom::fixtures::uv_sphere(Point::new(1.0, -2.0, 3.0), 7.0, 24, 48);
        let m = read_stl_bytes(&binary(&s), "s.stl").unwrap();
        assert_eq!(m.triangles.len(), s.triangles.len());
        let mut map = std::collections::HashMap::new();
        let mut ids = Vec::new();
        for t in 0..s.triangles.len() {
            let c = s.corners(t).map(|p| {
                let key = [p.x as f32, p.y as f32, p.z as f32].map(f32::to_bits);
                let next = map.len() as u32;
                *map.entry(key).or_insert(next)
            });
            ids.push(c);
        }
        assert_eq!(m.triangles, ids);
        assert_eq!(m.vertices.len(), map.len());
        assert!(crate::geom::validate::defects(&m).is_empty());
    }

    #[test]
    fn files_read_on_every_core_read_as_streams_do() {
        // 2 x 160 x 320 = 102,400 triangles: above the size read in runs
        // by offset. The same bytes as a stream (one thread, in order)
        // give the same mesh, and the same first error.
        let s = crate::geom::fixtures::uv_sphere(Point::new(0.5, 0.0, -3.0), 9.0, 160, 320);
        let mut bytes = binary(&s);
        let stream = |b: &[u8]| {
            let cursor = std::io::Cursor::new(b.to_vec());
            read_stl(cursor, None, None, "s.stl", &mut Phases::new())
        };
        let m = read_stl_bytes(&bytes, "s.stl").unwrap();
        assert_eq!(m, stream(&bytes).unwrap());
        assert_eq!(m.triangles.len(), s.triangles.len());
        for t in [90_000, 70_000] {
            let at = 84 + t * 50 + 12 + 4;
            bytes[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        }
        let e = read_stl_bytes(&bytes, "s.stl").unwrap_err().to_string();
        assert!(e.contains("triangle 70000 has a non-finite"), "{e}");
        assert_eq!(e, stream(&bytes).unwrap_err().to_string());
    }

    #[test]
    fn short_garbage_never_panics() {
        use proptest::prelude::*;
        let mut runner = proptest::test_runner::TestRunner::default();
        let good = binary(&tetra());
        runner
            .run(
                &(
                    proptest::collection::vec(any::<u8>(), 0..400),
                    0usize..300,
                    any::<u8>(),
                ),
                |(junk, at, byte)| {
                    let _ = read_stl_bytes(&junk, "x");
                    let mut g = good.clone();
                    let at = at.min(g.len() - 1);
                    g[at] = byte;
                    let _ = read_stl_bytes(&g, "x");
                    let mut a = ASCII_TETRA.as_bytes().to_vec();
                    let n = a.len();
                    a[at % n] = byte;
                    let _ = read_stl_bytes(&a, "x");
                    Ok(())
                },
            )
            .unwrap();
    }
}
