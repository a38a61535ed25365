//! The body of a binary STL file: 50-byte triangle records, read in
//! blocks of about 64 KiB and no further than the declared count.
//!
//! A stream (a pipe, a device) is read in order on one thread. A file
//! whose length matched its count is read by positional reads: each
//! core reads and parses its own run of triangles into its own piece of
//! the corner list, so reading, parsing and the page faults of the list
//! are spread over every core.

use super::weld::{Corner, corner};
use super::{BINARY_PREFIX, BINARY_TRIANGLE, MAX_TRIANGLES, StlReadError, binary_len, io_error};
use crate::parallel;
use std::io::Read;

/// Triangle records per block read: about 64 KiB.
const BLOCK_TRIANGLES: usize = (1 << 16) / BINARY_TRIANGLE;

/// The declared triangle count, refused above [`MAX_TRIANGLES`] before
/// anything is allocated for it.
fn checked_count(count: u32, file: &str) -> Result<usize, StlReadError> {
    let count = count as usize;
    if count > MAX_TRIANGLES {
        return Err(StlReadError::TooManyTriangles {
            file: file.into(),
            limit: MAX_TRIANGLES,
        });
    }
    Ok(count)
}

/// The corners of a binary file from its start: header, then `count`
/// triangles; then nothing more may follow. `reserve` is how many
/// triangles to make room for at once (the count, when the file's length
/// has confirmed it).
pub(super) fn read_corners<R: Read>(
    mut r: R,
    count: u32,
    reserve: usize,
    file: &str,
) -> Result<Vec<Corner>, StlReadError> {
    let count = checked_count(count, file)?;
    let io = |e| io_error(file, e);
    let mut header = [0u8; BINARY_PREFIX];
    r.read_exact(&mut header).map_err(io)?;
    let mut corners = Vec::with_capacity(3 * reserve.min(count));
    let mut block = vec![0u8; BLOCK_TRIANGLES * BINARY_TRIANGLE];
    let mut done = 0;
    while done < count {
        let n = BLOCK_TRIANGLES.min(count - done);
        let bytes = &mut block[..n * BINARY_TRIANGLE];
        let got = fill(&mut r, bytes).map_err(io)?;
        if got < bytes.len() {
            // Only a stream can end early: a file's length was checked.
            return Err(truncated(count, done + got / BINARY_TRIANGLE, file));
        }
        corners.resize(3 * (done + n), [0; 3]);
        parse_block(bytes, done, &mut corners[3 * done..], file)?;
        done += n;
    }
    let mut more = [0u8; 1];
    if r.read(&mut more).map_err(io)? > 0 {
        return Err(trailing(count, file));
    }
    Ok(corners)
}

/// The error for bytes after the `count` declared triangles.
fn trailing(count: usize, file: &str) -> StlReadError {
    StlReadError::TrailingData {
        file: file.into(),
        declared: count as u32,
        expected: binary_len(count),
    }
}

/// The error for a stream that ended after `read` of `count` triangles.
fn truncated(count: usize, read: usize, file: &str) -> StlReadError {
    StlReadError::LengthMismatch {
        file: file.into(),
        declared: count as u32,
        expected: binary_len(count),
        len: BINARY_PREFIX + read * BINARY_TRIANGLE,
        hint: "truncated, or the count is wrong",
    }
}

/// Read into all of `buf` unless the stream ends first; the bytes read.
fn fill<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    fill_with(buf, |rest, _| r.read(rest))
}

/// [`fill`] from `offset` of a positional source.
fn fill_at(src: &dyn ReadAt, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    fill_with(buf, |rest, got| src.read_at(rest, offset + got as u64))
}

/// Call `read(rest, got)` for the rest of `buf` (after the `got` bytes
/// read so far) until it is full or `read` gives 0; retried when
/// interrupted. The bytes read.
fn fill_with(
    buf: &mut [u8],
    mut read: impl FnMut(&mut [u8], usize) -> std::io::Result<usize>,
) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match read(&mut buf[got..], got) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Write the corners of whole records `bytes`, the first of which is
/// triangle `first` of the file, into `corners`; a NaN or infinite
/// coordinate is an error naming its triangle.
fn parse_block(
    bytes: &[u8],
    first: usize,
    corners: &mut [Corner],
    file: &str,
) -> Result<(), StlReadError> {
    let mut out = corners.iter_mut();
    for (k, rec) in bytes.chunks_exact(BINARY_TRIANGLE).enumerate() {
        let f = |o: usize| f32::from_le_bytes([rec[o], rec[o + 1], rec[o + 2], rec[o + 3]]);
        for v in 0..3 {
            // The normal (bytes 0..12) is ignored: the winding is what
            // the validator checks.
            let xyz = [0, 1, 2].map(|i| f(12 + 12 * v + 4 * i));
            if let Some(&value) = xyz.iter().find(|x| !x.is_finite()) {
                return Err(StlReadError::NonFiniteBinary {
                    file: file.into(),
                    triangle: first + k,
                    value,
                });
            }
            *out.next().expect("room for every corner") = corner(xyz);
        }
    }
    Ok(())
}

/// A source read at any offset, by several threads at once.
pub(super) trait ReadAt: Sync {
    /// Read into `buf` from `offset`; the bytes read (0 at the end).
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize>;
}

#[cfg(unix)]
impl ReadAt for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }
}

impl ReadAt for &[u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let start = usize::try_from(offset).map_or(self.len(), |o| o.min(self.len()));
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// Below this many triangles a file is read on the calling thread.
const PARALLEL_TRIANGLES: usize = 50_000;

/// The corners of a binary file whose length matched its declared
/// `count` (so `count` can be allocated for), read by positional reads,
/// one run of triangles per core. The first error in file order wins,
/// as when reading in order.
pub(super) fn read_corners_at(
    src: &dyn ReadAt,
    count: u32,
    file: &str,
) -> Result<Vec<Corner>, StlReadError> {
    let count = checked_count(count, file)?;
    let threads = if count < PARALLEL_TRIANGLES {
        1
    } else {
        parallel::cores()
    };
    let runs = parallel::runs(count, threads);
    // Zeroed memory is mapped lazily: each thread faults in its own piece.
    let mut corners = vec![[0u32; 3]; 3 * count];
    let lengths: Vec<usize> = runs.iter().map(|r| 3 * r.len()).collect();
    let pieces = parallel::split_lengths(&mut corners, &lengths);
    let results = parallel::each_mut(pieces, |k, piece| {
        read_run(src, runs[k].clone(), count, piece, file)
    });
    results.into_iter().collect::<Result<(), _>>()?;
    let mut more = [0u8; 1];
    let read = src.read_at(&mut more, binary_len(count));
    if read.map_err(|e| io_error(file, e))? > 0 {
        return Err(trailing(count, file));
    }
    Ok(corners)
}

/// Read and parse triangles `run` of a file of `count` into `corners`.
fn read_run(
    src: &dyn ReadAt,
    run: std::ops::Range<usize>,
    count: usize,
    corners: &mut [Corner],
    file: &str,
) -> Result<(), StlReadError> {
    let mut block = vec![0u8; BLOCK_TRIANGLES * BINARY_TRIANGLE];
    let mut t = run.start;
    while t < run.end {
        let n = BLOCK_TRIANGLES.min(run.end - t);
        let bytes = &mut block[..n * BINARY_TRIANGLE];
        let got = fill_at(src, bytes, binary_len(t)).map_err(|e| io_error(file, e))?;
        if got < bytes.len() {
            // The file shrank after its length was checked.
            return Err(truncated(count, t + got / BINARY_TRIANGLE, file));
        }
        let at = 3 * (t - run.start);
        parse_block(bytes, t, &mut corners[at..at + 3 * n], file)?;
        t += n;
    }
    Ok(())
}
