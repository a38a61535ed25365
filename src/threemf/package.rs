//! The OPC zip container: fixed entry order, timestamps and permissions,
//! so the same plate always gives the same bytes.

use super::{Plate, ThreeMfError, model, slicer_config};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Where the model lives: the one path Cura reads (PrusaSlicer's and
/// OrcaSlicer's sources say so next to their `MODEL_FILE` constant).
pub const MODEL_PATH: &str = "3D/3dmodel.model";

/// OPC content types: every part's extension has one.
const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n",
    " <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\n",
    " <Default Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\"/>\n",
    " <Default Extension=\"config\" ContentType=\"application/xml\"/>\n",
    "</Types>\n"
);

/// The package relationship that names the model part.
const RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n",
    " <Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\"/>\n",
    "</Relationships>\n"
);

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
    let entries: [(&str, String); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", RELS.into()),
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
    Ok(zip.finish()?.into_inner())
}
