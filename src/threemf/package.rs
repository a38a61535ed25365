//! The OPC zip container: fixed entry order, timestamps and permissions,
//! so the same plate always gives the same bytes.

use super::{Plate, ThreeMfError, model, slicer_config};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Where the model lives: the one path Cura reads (PrusaSlicer's and
/// OrcaSlicer's sources say so next to their `MODEL_FILE` constant).
pub const MODEL_PATH: &str = "3D/3dmodel.model";

/// Where the package thumbnail lives (PrusaSlicer's path for it).
pub const THUMBNAIL_PATH: &str = "Metadata/thumbnail.png";

/// OPC content types: every part's extension has one.
fn content_types(thumbnail: bool) -> String {
    let png = if thumbnail {
        " <Default Extension=\"png\" ContentType=\"image/png\"/>\n"
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n \
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\n \
         <Default Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\"/>\n \
         <Default Extension=\"config\" ContentType=\"application/xml\"/>\n\
         {png}</Types>\n"
    )
}

/// The package relationships: the model part, and the thumbnail if any.
fn rels(thumbnail: bool) -> String {
    let thumb = if thumbnail {
        " <Relationship Target=\"/Metadata/thumbnail.png\" Id=\"rel1\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail\"/>\n"
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n \
         <Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\"/>\n\
         {thumb}</Relationships>\n"
    )
}

/// Deflate level: zlib's default, a good size/speed balance.
const LEVEL: i64 = 6;

/// The whole package as bytes, entries in a fixed order.
pub fn build(plate: &Plate<'_>) -> Result<Vec<u8>, ThreeMfError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let has_thumbnail = plate.thumbnail.is_some();
    let entries: [(&str, String); 6] = [
        ("[Content_Types].xml", content_types(has_thumbnail)),
        ("_rels/.rels", rels(has_thumbnail)),
        (MODEL_PATH, model::model_xml(plate)),
        (
            "Metadata/Slic3r_PE.config",
            slicer_config::prusa_print_config(plate),
        ),
        (
            "Metadata/Slic3r_PE_model.config",
            slicer_config::prusa_model_config(plate),
        ),
        (
            "Metadata/model_settings.config",
            slicer_config::orca_model_config(plate),
        ),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in entries {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    if let Some(png) = &plate.thumbnail {
        // PNG is compressed already: stored, not deflated again.
        zip.start_file(
            THUMBNAIL_PATH,
            options
                .compression_method(CompressionMethod::Stored)
                .compression_level(None),
        )?;
        zip.write_all(png)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::fixtures::tetrahedron;
    use crate::threemf::{Object, Part, SliceSettings};
    use std::io::Read;

    fn plate(mesh: &crate::geom::Mesh, thumbnail: Option<Vec<u8>>) -> Plate<'_> {
        Plate {
            title: "t".into(),
            objects: vec![Object {
                name: "o".into(),
                parts: vec![Part { name: "p", mesh }],
                offset: [0.0; 3],
            }],
            settings: SliceSettings {
                layer_height: 0.2,
                first_layer_height: 0.3,
            },
            thumbnail,
        }
    }

    fn names_and_text(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut v = Vec::new();
                f.read_to_end(&mut v).unwrap();
                (f.name().unwrap().into_owned(), v)
            })
            .collect()
    }

    #[test]
    fn thumbnail_only_when_given_with_its_type_and_relationship() {
        let m = tetrahedron();
        let without = names_and_text(build(&plate(&m, None)).unwrap());
        assert_eq!(without.len(), 6);
        assert!(!String::from_utf8_lossy(&without[0].1).contains("png"));
        assert!(!String::from_utf8_lossy(&without[1].1).contains("thumbnail"));
        let png = b"\x89PNG fake".to_vec();
        let with = names_and_text(build(&plate(&m, Some(png.clone()))).unwrap());
        assert_eq!(with.len(), 7);
        assert_eq!(with[6], (THUMBNAIL_PATH.to_string(), png));
        assert!(
            String::from_utf8_lossy(&with[0].1)
                .contains("Extension=\"png\" ContentType=\"image/png\"")
        );
        assert!(String::from_utf8_lossy(&with[1].1).contains("Target=\"/Metadata/thumbnail.png\""));
        assert!(String::from_utf8_lossy(&with[1].1).contains("relationships/metadata/thumbnail"));
    }

    #[test]
    fn same_plate_same_bytes() {
        let m = tetrahedron();
        assert_eq!(
            build(&plate(&m, None)).unwrap(),
            build(&plate(&m, None)).unwrap()
        );
    }
}
