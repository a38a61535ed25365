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
///
/// The byte layout is stl_io's (`stl_io::write_stl`), which a test checks
/// facet for facet; each 50-byte facet is assembled here and written in one
/// call, because stl_io's thirteen small writes per facet measured at a
/// third of a plain buffered write's speed.
pub fn write_stl<W: Write>(out: W, mesh: &Mesh, header: &str) -> Result<(), StlWriteError> {
    let count =
        u32::try_from(mesh.triangles.len()).map_err(|_| StlWriteError::TooManyTriangles {
            count: mesh.triangles.len(),
        })?;
    let v32: Vec<stl_io::Vertex> = mesh
        .vertices
        .iter()
        .map(|p| stl_io::Vertex::new([p.x as f32, p.y as f32, p.z as f32]))
        .collect();
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    w.write_all(&header_bytes(header))?;
    w.write_all(&count.to_le_bytes())?;
    for tri in &mesh.triangles {
        let vertices = [
            v32[tri[0] as usize],
            v32[tri[1] as usize],
            v32[tri[2] as usize],
        ];
        w.write_all(&facet_bytes(&stl_io::Triangle {
            normal: unit_normal(&vertices),
            vertices,
        }))?;
    }
    w.flush()?;
    Ok(())
}

/// One binary STL facet: normal, three vertices (12 little-endian f32) and
/// a zero attribute count.
fn facet_bytes(t: &stl_io::Triangle) -> [u8; 50] {
    let mut rec = [0u8; 50];
    let vectors = [
        t.normal.0,
        t.vertices[0].0,
        t.vertices[1].0,
        t.vertices[2].0,
    ];
    for (i, v) in vectors.iter().enumerate() {
        for (j, c) in v.iter().enumerate() {
            let at = 12 * i + 4 * j;
            rec[at..at + 4].copy_from_slice(&c.to_le_bytes());
        }
    }
    rec
}

/// The unit normal of a triangle from its winding, computed from the f32
/// vertices as written, so a reader recomputing it from the file agrees.
/// A degenerate triangle gets a zero normal (the validator rejects those
/// before anything is written).
fn unit_normal(v: &[stl_io::Vertex; 3]) -> stl_io::Normal {
    let [a, b, c] = [v[0].0, v[1].0, v[2].0];
    let (u, w) = (
        [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
        [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
    );
    let n = [
        u[1] * w[2] - u[2] * w[1],
        u[2] * w[0] - u[0] * w[2],
        u[0] * w[1] - u[1] * w[0],
    ];
    let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
    if len > 0.0 {
        stl_io::Normal::new([n[0] / len, n[1] / len, n[2] / len])
    } else {
        stl_io::Normal::new([0.0; 3])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tetra() -> Mesh {
        crate::geom::fixtures::tetrahedron()
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
    fn bytes_match_stl_io_facet_for_facet() {
        let m = tetra();
        let mut ours = Vec::new();
        write_stl(&mut ours, &m, "x").unwrap();
        let v32: Vec<stl_io::Vertex> = m
            .vertices
            .iter()
            .map(|p| stl_io::Vertex::new([p.x as f32, p.y as f32, p.z as f32]))
            .collect();
        let tris: Vec<stl_io::Triangle> = m
            .triangles
            .iter()
            .map(|t| {
                let vertices = [v32[t[0] as usize], v32[t[1] as usize], v32[t[2] as usize]];
                stl_io::Triangle {
                    normal: unit_normal(&vertices),
                    vertices,
                }
            })
            .collect();
        let mut theirs = Vec::new();
        stl_io::write_stl(&mut theirs, tris.iter()).unwrap();
        assert_eq!(ours[80..], theirs[80..]);
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
