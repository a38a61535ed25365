//! The presets shipped inside the binary.
//!
//! Embedded with `include_str!` so `gapgauge` works from any directory and a
//! preset cannot go missing at run time. No `build.rs`: the table is short
//! and a test (`embedded_table_matches_directory`) fails if a file in
//! `presets/` is not listed here, so nothing is forgotten.

/// Built-in materials: (short name, TOML text), sorted by name.
pub const MATERIALS: &[(&str, &str)] = &[
    ("abs", include_str!("../../presets/materials/abs.toml")),
    ("asa", include_str!("../../presets/materials/asa.toml")),
    ("pa-cf", include_str!("../../presets/materials/pa-cf.toml")),
    ("petg", include_str!("../../presets/materials/petg.toml")),
    ("pla", include_str!("../../presets/materials/pla.toml")),
    (
        "pla-plus",
        include_str!("../../presets/materials/pla-plus.toml"),
    ),
    (
        "silk-pla",
        include_str!("../../presets/materials/silk-pla.toml"),
    ),
    ("tpu", include_str!("../../presets/materials/tpu.toml")),
];

/// Built-in printers: (short name, TOML text), sorted by name.
pub const PRINTERS: &[(&str, &str)] = &[
    (
        "bambu-x1c",
        include_str!("../../presets/printers/bambu-x1c.toml"),
    ),
    (
        "ender-3",
        include_str!("../../presets/printers/ender-3.toml"),
    ),
    (
        "generic-0.2",
        include_str!("../../presets/printers/generic-0.2.toml"),
    ),
    (
        "generic-0.4",
        include_str!("../../presets/printers/generic-0.4.toml"),
    ),
    (
        "generic-0.6",
        include_str!("../../presets/printers/generic-0.6.toml"),
    ),
    (
        "generic-0.8",
        include_str!("../../presets/printers/generic-0.8.toml"),
    ),
    (
        "prusa-mk4",
        include_str!("../../presets/printers/prusa-mk4.toml"),
    ),
    (
        "voron-2.4",
        include_str!("../../presets/printers/voron-2.4.toml"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn names_on_disk(dir: &str) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn embedded_table_matches_directory() {
        for (dir, table) in [
            ("presets/materials", MATERIALS),
            ("presets/printers", PRINTERS),
        ] {
            let embedded: Vec<String> = table.iter().map(|(n, _)| n.to_string()).collect();
            assert_eq!(embedded, names_on_disk(dir), "{dir} and builtin.rs differ");
            for (name, text) in table {
                let on_disk = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join(dir)
                        .join(format!("{name}.toml")),
                )
                .unwrap();
                assert_eq!(*text, on_disk, "{name} embeds the wrong file");
            }
        }
    }
}
