//! Binary STL output.
//!
//! Vertices are converted to f32 once and reused, so shared vertices stay
//! bit-identical in the file; normals are computed from the winding in f64
//! (stl_io writes whatever normal it is given); the 80-byte header carries a
//! description and never starts with "solid", which readers take for ASCII.
//! Triangles stream straight into stl_io's writer: no intermediate buffer.

use crate::geom::Mesh;
use std::io::{self, Write};
use thiserror::Error;

/// What can go wrong while writing an STL.
#[derive(Debug, Error)]
pub enum StlWriteError {
    /// Binary STL counts triangles in a u32.
    #[error("the mesh has {count} triangles; binary STL holds at most {max}", max = u32::MAX)]
    TooManyTriangles {
        /// Triangles in the mesh.
        count: usize,
    },
    /// The underlying writer failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Length of the STL header.
pub const HEADER_LEN: usize = 80;

/// The 80 header bytes for `text`: ASCII, cut to 80, padded with spaces, and
/// never starting with "solid".
pub fn header_bytes(text: &str) -> [u8; HEADER_LEN] {
    let mut h = [b' '; HEADER_LEN];
    let clean: Vec<u8> = text
        .bytes()
        .map(|b| {
            if b.is_ascii_graphic() || b == b' ' {
                b
            } else {
                b'?'
            }
        })
        .collect();
    let prefix: &[u8] = if clean.to_ascii_lowercase().starts_with(b"solid") {
        b"gapgauge "
    } else {
        b""
    };
    for (dst, src) in h.iter_mut().zip(prefix.iter().chain(clean.iter())) {
        *dst = *src;
    }
    h
}

/// Write `mesh` as binary STL with the given header text.
pub fn write_stl<W: Write>(out: W, mesh: &Mesh, header: &str) -> Result<(), StlWriteError> {
    if u32::try_from(mesh.triangles.len()).is_err() {
        return Err(StlWriteError::TooManyTriangles {
            count: mesh.triangles.len(),
        });
    }
    let v32: Vec<stl_io::Vertex> = mesh
        .vertices
        .iter()
        .map(|p| stl_io::Vertex::new([p.x as f32, p.y as f32, p.z as f32]))
        .collect();
    let triangles = mesh.triangles.iter().enumerate().map(|(t, tri)| {
        let n = mesh.area_normal(t).try_normalize(0.0).unwrap_or_default();
        stl_io::Triangle {
            normal: stl_io::Normal::new([n.x as f32, n.y as f32, n.z as f32]),
            vertices: [
                v32[tri[0] as usize],
                v32[tri[1] as usize],
                v32[tri[2] as usize],
            ],
        }
    });
    let mut patched = HeaderPatch {
        inner: out,
        header: header_bytes(header),
        pos: 0,
    };
    stl_io::write_stl(&mut patched, triangles)?;
    patched.flush()?;
    Ok(())
}

/// Replaces the first 80 bytes written (stl_io's zero header) with ours, so
/// the header is set while streaming, without seeking or buffering the file.
struct HeaderPatch<W> {
    inner: W,
    header: [u8; HEADER_LEN],
    pos: usize,
}

impl<W: Write> Write for HeaderPatch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pos >= HEADER_LEN {
            let n = self.inner.write(buf)?;
            self.pos += n;
            return Ok(n);
        }
        let take = buf.len().min(HEADER_LEN - self.pos);
        let n = self.inner.write(&self.header[self.pos..self.pos + take])?;
        self.pos += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Point;

    fn tetra() -> Mesh {
        let mut m = Mesh::new();
        let v = m.add_vertices([
            Point::new(0.0, 0.0, 0.0),
            Point::new(1.0, 0.0, 0.0),
            Point::new(0.0, 1.0, 0.0),
            Point::new(0.0, 0.0, 1.0),
        ]);
        m.add_triangle(v[0], v[2], v[1]);
        m.add_triangle(v[0], v[1], v[3]);
        m.add_triangle(v[1], v[2], v[3]);
        m.add_triangle(v[2], v[0], v[3]);
        m
    }

    #[test]
    fn layout_header_and_normals() {
        let mut buf = Vec::new();
        write_stl(&mut buf, &tetra(), "gapgauge test").unwrap();
        assert_eq!(buf.len(), 84 + 50 * 4);
        assert!(buf.starts_with(b"gapgauge test   "));
        assert_eq!(u32::from_le_bytes(buf[80..84].try_into().unwrap()), 4);
        // First facet: (0,0,0) (0,1,0) (1,0,0) faces -z.
        let f = |o: usize| f32::from_le_bytes(buf[o..o + 4].try_into().unwrap());
        assert_eq!([f(84), f(88), f(92)], [0.0, 0.0, -1.0]);
        let back = stl_io::read_stl(&mut std::io::Cursor::new(&buf)).unwrap();
        assert_eq!(back.vertices.len(), 4);
        back.validate().unwrap();
    }

    #[test]
    fn header_never_starts_with_solid() {
        assert!(!header_bytes("solid cube").starts_with(b"solid"));
        assert!(
            !header_bytes("SOLID cube")
                .to_ascii_lowercase()
                .starts_with(b"solid")
        );
        assert_eq!(&header_bytes(&"x".repeat(200))[..], &[b'x'; 80][..]);
        assert_eq!(header_bytes("é")[0], b'?');
    }
}
