//! Where slicers cut a model into layers.

use crate::coupon::PrintProfile;
use thiserror::Error;

/// The most layers a plan may hold: a 1 m tall model at 0.01 mm layers.
/// Keeps a nonsense layer height from allocating without bound.
pub const MAX_LAYERS: usize = 100_000;

/// A layer plan that cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SliceError {
    /// A height that is not a positive, finite number.
    #[error("{what} = {value} mm: must be a positive, finite height")]
    BadHeight {
        /// Which height ("layer height", "first layer height").
        what: &'static str,
        /// The value given.
        value: f64,
    },
    /// More layers than `MAX_LAYERS`.
    #[error("{layers} layers of {layer_height} mm to reach {top} mm: at most {MAX_LAYERS}")]
    TooManyLayers {
        /// Layers needed.
        layers: f64,
        /// Layer height.
        layer_height: f64,
        /// Height to reach.
        top: f64,
    },
}

/// One printed layer: the slab it fills and the height it is cut at.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Layer {
    /// 0-based layer number (0 is the first layer).
    pub index: usize,
    /// Bottom of the slab (the previous layer's top; 0 for the first).
    pub bottom: f64,
    /// Top of the slab (the nozzle height when printing it).
    pub top: f64,
    /// The height the model is sectioned at: the slab's middle.
    pub cut: f64,
}

impl Layer {
    /// Slab thickness.
    pub fn height(&self) -> f64 {
        self.top - self.bottom
    }
}

/// Layer heights of a print: a first layer, then equal layers.
///
/// PrusaSlicer (`PrintObject::slice`: `slice_z = print_z - height / 2`) and
/// CuraEngine in its default "middle" slicing tolerance
/// (`Slicer::buildLayersWithHeight`: layer 0 at `initial / 2`, layer n at
/// `initial + h / 2 + (n - 1) h`) cut at the same heights, so one plan
/// models both. Cura's "inclusive"/"exclusive" modes (cut at layer
/// boundaries and unite or intersect neighbours) are not modelled.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LayerPlan {
    first: f64,
    height: f64,
}

impl LayerPlan {
    /// A plan with a first layer of `first` mm and layers of `height` mm.
    pub fn new(first: f64, height: f64) -> Result<Self, SliceError> {
        for (what, value) in [("first layer height", first), ("layer height", height)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(SliceError::BadHeight { what, value });
            }
        }
        Ok(LayerPlan { first, height })
    }

    /// The plan a coupon was built for.
    pub fn from_profile(p: &PrintProfile) -> Result<Self, SliceError> {
        LayerPlan::new(p.first_layer_height, p.layer_height)
    }

    /// First-layer height.
    pub fn first(&self) -> f64 {
        self.first
    }

    /// Height of every later layer.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// Layer `k`.
    pub fn layer(&self, k: usize) -> Layer {
        if k == 0 {
            return Layer {
                index: 0,
                bottom: 0.0,
                top: self.first,
                cut: self.first / 2.0,
            };
        }
        let bottom = self.first + (k - 1) as f64 * self.height;
        Layer {
            index: k,
            bottom,
            top: bottom + self.height,
            cut: bottom + self.height / 2.0,
        }
    }

    /// Every layer whose cut lies below `top` (a model's height): the layers
    /// a slicer prints for it.
    pub fn layers_below(&self, top: f64) -> Result<Vec<Layer>, SliceError> {
        if !(top.is_finite() && top > 0.0) {
            return Ok(Vec::new());
        }
        let count = if top <= self.first / 2.0 {
            0.0
        } else {
            1.0 + ((top - self.first) / self.height + 0.5).ceil().max(0.0)
        };
        if count > MAX_LAYERS as f64 {
            return Err(SliceError::TooManyLayers {
                layers: count,
                layer_height: self.height,
                top,
            });
        }
        Ok((0..count as usize)
            .map(|k| self.layer(k))
            .filter(|l| l.cut < top)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_layer_middles() {
        let p = LayerPlan::new(0.3, 0.2).unwrap();
        let l = p.layers_below(1.0).unwrap();
        let cuts: Vec<f64> = l.iter().map(|l| l.cut).collect();
        let want = [0.15, 0.4, 0.6, 0.8];
        assert_eq!(cuts.len(), want.len(), "{cuts:?}");
        for (c, w) in cuts.iter().zip(want) {
            assert!((c - w).abs() < 1e-12, "{cuts:?}");
        }
        assert!((l[1].bottom - 0.3).abs() < 1e-12 && (l[1].top - 0.5).abs() < 1e-12);
    }

    #[test]
    fn refuses_bad_heights_and_runaway_counts() {
        assert!(LayerPlan::new(0.0, 0.2).is_err());
        assert!(LayerPlan::new(0.2, f64::NAN).is_err());
        let tiny = LayerPlan::new(0.2, 1e-9).unwrap();
        assert!(matches!(
            tiny.layers_below(10.0),
            Err(SliceError::TooManyLayers { .. })
        ));
    }
}
