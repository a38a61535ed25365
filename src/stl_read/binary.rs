//! The body of a binary STL file: 50-byte triangle records, read in
//! blocks of about 64 KiB and no further than the declared count.

use super::weld::{Corner, corner};
use super::{BINARY_PREFIX, BINARY_TRIANGLE, MAX_TRIANGLES, StlReadError};
use std::io::Read;

/// Triangle records per block read: about 64 KiB.
const BLOCK_TRIANGLES: usize = (1 << 16) / BINARY_TRIANGLE;

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
    let count = count as usize;
    if count > MAX_TRIANGLES {
        return Err(StlReadError::TooManyTriangles {
            file: file.into(),
            limit: MAX_TRIANGLES,
        });
    }
    let io = |source| StlReadError::Io {
        file: file.into(),
        source,
    };
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
        parse_block(bytes, done, &mut corners, file)?;
        done += n;
    }
    let mut more = [0u8; 1];
    if r.read(&mut more).map_err(io)? > 0 {
        return Err(StlReadError::TrailingData {
            file: file.into(),
            declared: count as u32,
            expected: expected_len(count),
        });
    }
    Ok(corners)
}

/// Length of a binary file of `count` triangles.
fn expected_len(count: usize) -> u64 {
    BINARY_PREFIX as u64 + BINARY_TRIANGLE as u64 * count as u64
}

/// The error for a stream that ended after `read` of `count` triangles.
fn truncated(count: usize, read: usize, file: &str) -> StlReadError {
    StlReadError::LengthMismatch {
        file: file.into(),
        declared: count as u32,
        expected: expected_len(count),
        len: BINARY_PREFIX + read * BINARY_TRIANGLE,
        hint: "truncated, or the count is wrong",
    }
}

/// Read into all of `buf` unless the stream ends first; the bytes read.
fn fill<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Append the corners of whole records `bytes`, the first of which is
/// triangle `first` of the file; a NaN or infinite coordinate is an error
/// naming its triangle.
fn parse_block(
    bytes: &[u8],
    first: usize,
    corners: &mut Vec<Corner>,
    file: &str,
) -> Result<(), StlReadError> {
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
            corners.push(corner(xyz));
        }
    }
    Ok(())
}
