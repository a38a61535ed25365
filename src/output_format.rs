//! Which file format a command writes: the `-o` file's extension decides;
//! `--format` chooses where there is no file name to decide it.

use crate::error::ParamError;
use std::path::Path;

/// A mesh file format gapgauge writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
pub enum OutputFormat {
    /// Binary STL: geometry only, read by everything.
    #[value(name = "stl")]
    #[serde(rename = "stl")]
    Stl,
    /// 3MF: named objects and parts, with the layer heights and hole
    /// settings the gauge needs.
    #[value(name = "3mf")]
    #[serde(rename = "3mf")]
    ThreeMf,
}

/// What the accepted formats are, for error messages.
const ACCEPTED: &str = "accepted formats are .stl and .3mf";

impl OutputFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Stl => "stl",
            OutputFormat::ThreeMf => "3mf",
        }
    }

    /// The format a file name's extension names (any letter case), if any.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "stl" => Some(OutputFormat::Stl),
            "3mf" => Some(OutputFormat::ThreeMf),
            _ => None,
        }
    }

    /// The format to write: `-o`'s extension if there is a file name,
    /// else `--format`, else STL. A file name with no or an unknown
    /// extension is refused (naming the accepted ones), and so is a
    /// `--format` that contradicts the extension. `-o -` (standard output)
    /// has no extension and takes `--format`.
    pub fn resolve(
        output: Option<&Path>,
        format: Option<OutputFormat>,
    ) -> Result<OutputFormat, ParamError> {
        let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
            return Ok(format.unwrap_or(OutputFormat::Stl));
        };
        let shown = path.display().to_string();
        let named = match path.extension() {
            None => {
                return Err(ParamError::new(
                    "-o",
                    &shown,
                    format!("the file name has no extension; {ACCEPTED}"),
                ));
            }
            Some(ext) => Self::from_path(path).ok_or_else(|| {
                ParamError::new(
                    "-o",
                    &shown,
                    format!("unknown extension .{}; {ACCEPTED}", ext.to_string_lossy()),
                )
            })?,
        };
        match format {
            Some(f) if f != named => Err(ParamError::new(
                "--format",
                f.extension(),
                format!(
                    "contradicts -o {shown}, whose extension says {}; drop --format or change the extension",
                    named.extension()
                ),
            )),
            _ => Ok(named),
        }
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::OutputFormat::{self, *};
    use std::path::Path;

    fn resolve(o: Option<&str>, f: Option<OutputFormat>) -> Result<OutputFormat, String> {
        OutputFormat::resolve(o.map(Path::new), f).map_err(|e| e.to_string())
    }

    #[test]
    fn extension_decides_and_format_fills_in() {
        assert_eq!(resolve(Some("g.3mf"), None), Ok(ThreeMf));
        assert_eq!(resolve(Some("dir/G.3MF"), Some(ThreeMf)), Ok(ThreeMf));
        assert_eq!(resolve(Some("g.stl"), None), Ok(Stl));
        assert_eq!(resolve(None, Some(ThreeMf)), Ok(ThreeMf));
        assert_eq!(resolve(None, None), Ok(Stl));
        assert_eq!(resolve(Some("-"), Some(ThreeMf)), Ok(ThreeMf));
    }

    #[test]
    fn bad_names_and_contradictions_say_what_is_accepted() {
        let e = resolve(Some("g.obj"), None).unwrap_err();
        assert!(
            e.contains("-o = g.obj") && e.contains(".obj") && e.contains(".stl and .3mf"),
            "{e}"
        );
        let e = resolve(Some("gauge"), Some(Stl)).unwrap_err();
        assert!(e.contains("no extension") && e.contains(".3mf"), "{e}");
        let e = resolve(Some("g.3mf"), Some(Stl)).unwrap_err();
        assert!(
            e.contains("--format = stl") && e.contains("-o g.3mf") && e.contains("3mf"),
            "{e}"
        );
    }
}
