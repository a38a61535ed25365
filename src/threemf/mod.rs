//! 3MF output: one plate of named objects that carries its slicer settings.
//!
//! An STL is bare geometry, so a gauge printed from it is only right if the
//! user remembers the layer heights it was built for. A 3MF package carries
//! them: each coupon is one named object (its parts kept together as named
//! volumes), and the layer height, first-layer height and "leave holes
//! alone" options travel with it, written for PrusaSlicer
//! (`Metadata/Slic3r_PE.config`, `Metadata/Slic3r_PE_model.config`) and for
//! OrcaSlicer / Bambu Studio (`Metadata/model_settings.config`). The model
//! lives at `3D/3dmodel.model`, the one path Cura reads. Key names and the
//! file layout are checked against the slicers' sources; see
//! `docs/3mf.md`.
//!
//! Output is deterministic: same plate, same bytes (fixed zip timestamps,
//! permissions, entry order and compression level; vertices written as the
//! shortest decimal that reads back to the STL route's `f32`).

mod model;
mod package;
mod slicer_config;
mod xml;

use crate::geom::Mesh;
use std::io::{self, Write};
use thiserror::Error;

pub use package::MODEL_PATH;

/// What can go wrong while writing a 3MF.
#[derive(Debug, Error)]
pub enum ThreeMfError {
    /// 3MF triangle indices and PrusaSlicer's volume ranges are 32-bit.
    #[error("object {object:?} has {count} triangles or vertices; 3MF as written here holds at most {max}", max = u32::MAX)]
    TooLarge {
        /// The object's name.
        object: String,
        /// Its triangle or vertex count.
        count: usize,
    },
    /// An object without parts, or a part without triangles, cannot be
    /// written (slicers reject it).
    #[error("object {object:?} has no parts, or a part without triangles")]
    Empty {
        /// The object's name.
        object: String,
    },
    /// The zip container failed.
    #[error("cannot build the 3MF package: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The underlying writer failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The slicer settings a gauge is only right with: it was built for these
/// layer heights, and its holes must reach the slicer as drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SliceSettings {
    /// Layer height, mm.
    pub layer_height: f64,
    /// First-layer height, mm.
    pub first_layer_height: f64,
}

/// One closed shell of an object, shown under this name where slicers
/// show part names.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// Part name ("pin 3 (0.25 mm)").
    pub name: &'a str,
    /// The shell, in the object's coordinates.
    pub mesh: &'a Mesh,
}

/// One object on the plate: a whole coupon.
#[derive(Debug, Clone)]
pub struct Object<'a> {
    /// Object name ("pin gauge, PLA, 0.15-0.50 mm").
    pub name: String,
    /// Its parts, kept together as one object.
    pub parts: Vec<Part<'a>>,
    /// Where the build item puts it on the bed (a translation, mm).
    pub offset: [f64; 3],
}

/// A plate: the objects printed together and the settings they share.
#[derive(Debug, Clone)]
pub struct Plate<'a> {
    /// The package title (3MF `Title` metadata).
    pub title: String,
    /// The objects, in build order.
    pub objects: Vec<Object<'a>>,
    /// Settings every object is built for.
    pub settings: SliceSettings,
    /// A PNG picture of the plate, written as `Metadata/thumbnail.png` (the
    /// OPC package thumbnail, shown by file browsers and slicers' recent
    /// lists), if there is one.
    pub thumbnail: Option<Vec<u8>>,
}

/// Write `plate` as a 3MF package to `out`.
///
/// The package is assembled in memory (the zip format needs to seek, and a
/// gauge's 3MF is a few hundred kB) and then written in one go, so `out`
/// can be a file, a pipe or a buffer.
pub fn write_3mf<W: Write>(mut out: W, plate: &Plate<'_>) -> Result<(), ThreeMfError> {
    check(plate)?;
    let bytes = package::build(plate)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

/// Refuse what the writer cannot express.
fn check(plate: &Plate<'_>) -> Result<(), ThreeMfError> {
    for o in &plate.objects {
        if o.parts.is_empty() || o.parts.iter().any(|p| p.mesh.triangles.is_empty()) {
            return Err(ThreeMfError::Empty {
                object: o.name.clone(),
            });
        }
        let tris: usize = o.parts.iter().map(|p| p.mesh.triangles.len()).sum();
        let verts: usize = o.parts.iter().map(|p| p.mesh.vertices.len()).sum();
        let count = tris.max(verts);
        if u32::try_from(count).is_err() {
            return Err(ThreeMfError::TooLarge {
                object: o.name.clone(),
                count,
            });
        }
    }
    Ok(())
}

/// The number as slicers read it back: shortest round-trip decimal.
pub(crate) fn num(x: f64) -> String {
    format!("{x}")
}

impl<'a> Object<'a> {
    /// A coupon as one object: its parts under their own names (each moving
    /// part's name carries its station's clearance), the object named after
    /// the coupon, the filament when known, and its clearance range, e.g.
    /// "pin gauge, petg, 0.15-0.50 mm".
    pub fn from_coupon(
        coupon: &'a crate::coupon::Coupon,
        material: Option<&str>,
        offset: [f64; 3],
    ) -> Object<'a> {
        Object {
            name: coupon_name(coupon, material),
            parts: coupon
                .parts
                .iter()
                .map(|p| Part {
                    name: &p.name,
                    mesh: &p.mesh,
                })
                .collect(),
            offset,
        }
    }
}

/// "pin gauge, petg, 0.15–0.50 mm": what a slicer's object list shows.
pub fn coupon_name(coupon: &crate::coupon::Coupon, material: Option<&str>) -> String {
    let range = |f: fn(u32, u32) -> u32| {
        coupon
            .stations
            .iter()
            .map(|s| s.clearance_um)
            .reduce(f)
            .map(crate::units::Microns)
    };
    let mut name = format!("{} gauge", coupon.kind);
    if let Some(m) = material {
        name.push_str(", ");
        name.push_str(m);
    }
    if let (Some(lo), Some(hi)) = (range(u32::min), range(u32::max)) {
        name.push_str(&format!(", {lo}–{hi} mm"));
    }
    name
}

impl SliceSettings {
    /// The layer heights a coupon was built for.
    pub fn of(coupon: &crate::coupon::Coupon) -> SliceSettings {
        SliceSettings {
            layer_height: coupon.profile.layer_height,
            first_layer_height: coupon.profile.first_layer_height,
        }
    }
}

impl<'a> Plate<'a> {
    /// One coupon, centred on a bed of `bed` = (width, depth) mm.
    pub fn single(
        coupon: &'a crate::coupon::Coupon,
        material: Option<&str>,
        bed: (f64, f64),
    ) -> Plate<'a> {
        let b = coupon.bbox();
        let offset = [
            bed.0 / 2.0 - (b.min.x + b.max.x) / 2.0,
            bed.1 / 2.0 - (b.min.y + b.max.y) / 2.0,
            -b.min.z,
        ];
        let object = Object::from_coupon(coupon, material, offset);
        Plate {
            title: object.name.clone(),
            objects: vec![object],
            settings: SliceSettings::of(coupon),
            thumbnail: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures::tetrahedron;

    fn plate(parts: Vec<Part<'_>>) -> Plate<'_> {
        Plate {
            title: "t".into(),
            objects: vec![Object {
                name: "o".into(),
                parts,
                offset: [0.0; 3],
            }],
            settings: SliceSettings {
                layer_height: 0.2,
                first_layer_height: 0.2,
            },
            thumbnail: None,
        }
    }

    #[test]
    fn objects_without_triangles_are_refused() {
        let (m, empty) = (tetrahedron(), Mesh::new());
        let a = Part {
            name: "a",
            mesh: &m,
        };
        let b = Part {
            name: "b",
            mesh: &empty,
        };
        assert!(write_3mf(Vec::new(), &plate(vec![a])).is_ok());
        for parts in [vec![], vec![a, b]] {
            let e = write_3mf(Vec::new(), &plate(parts)).unwrap_err();
            assert!(matches!(e, ThreeMfError::Empty { .. }), "{e}");
        }
    }
}
