//! What a coupon's clearance number measures.
//!
//! One answer per coupon (its registry entry, [`crate::coupon::registry`]),
//! read by everything that states a clearance to the user: the printed
//! legend, the STL header, JSON, the manifest and the card, so they cannot
//! disagree. It lives apart from both `coupon` and `label` because both
//! speak it and neither should import the other for it.

/// What a coupon's clearance number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClearanceMeaning {
    /// A moving part with air on each side: the number is the gap on one
    /// side; the diametral (hole minus shaft) value is twice it.
    PerSide,
    /// A slit with one gap across it: the number is the slit's full width.
    FullWidth,
    /// Air above a part, under a face of another (a bridge): the number is
    /// the vertical gap, printed as whole layers
    /// (`docs/design-rules.md R3`).
    Vertical,
}

impl ClearanceMeaning {
    /// Two or three words for tables and headers: "per side", "full width".
    pub fn short(self) -> &'static str {
        match self {
            ClearanceMeaning::PerSide => "per side",
            ClearanceMeaning::FullWidth => "full width",
            ClearanceMeaning::Vertical => "vertical",
        }
    }

    /// One sentence for JSON, manifests and cards.
    pub fn sentence(self) -> &'static str {
        match self {
            ClearanceMeaning::PerSide => "per side (radial); diametral = 2x",
            ClearanceMeaning::FullWidth => "full slit width (one gap across the slit)",
            ClearanceMeaning::Vertical => "vertical gap under the bridge, a whole number of layers",
        }
    }

    /// True when the diametral value (twice the number) means something:
    /// only for a moving part with air on both sides.
    pub fn has_diametral(self) -> bool {
        self == ClearanceMeaning::PerSide
    }
}
