//! Station layout along X: where each cell of a coupon starts and ends.

/// One cell of a row along X.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Left edge.
    pub lo: f64,
    /// Right edge.
    pub hi: f64,
}

impl Span {
    /// The middle of the span.
    ///
    /// ```
    /// use gapgauge::geom::kit::Span;
    /// assert_eq!(Span { lo: 2.0, hi: 4.0 }.centre(), 3.0);
    /// ```
    pub fn centre(&self) -> f64 {
        (self.lo + self.hi) / 2.0
    }

    /// The width of the span.
    ///
    /// ```
    /// use gapgauge::geom::kit::Span;
    /// assert_eq!(Span { lo: 2.0, hi: 4.5 }.width(), 2.5);
    /// ```
    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// Cells of the given widths side by side from `start`: each starts where
/// the last ended (the same sum, so neighbours share their edge's bits).
///
/// ```
/// use gapgauge::geom::kit::along_x;
/// let s = along_x(1.0, [2.0, 0.5, 3.0]);
/// assert_eq!((s[1].lo, s[1].hi, s[2].hi), (3.0, 3.5, 6.5));
/// ```
pub fn along_x(start: f64, widths: impl IntoIterator<Item = f64>) -> Vec<Span> {
    let mut x = start;
    widths
        .into_iter()
        .map(|w| {
            let lo = x;
            x += w;
            Span { lo, hi: x }
        })
        .collect()
}

/// `n` cells of one `pitch` from `start`; cell i spans
/// `start + i pitch .. start + (i + 1) pitch`, each edge computed from its
/// index, so round-off does not build up along a long row.
///
/// ```
/// use gapgauge::geom::kit::pitched;
/// let s = pitched(5.0, 12.0, 3);
/// assert_eq!((s[0].lo, s[2].hi, s[1].centre()), (5.0, 41.0, 23.0));
/// ```
pub fn pitched(start: f64, pitch: f64, n: usize) -> Vec<Span> {
    (0..n)
        .map(|i| Span {
            lo: start + i as f64 * pitch,
            hi: start + (i + 1) as f64 * pitch,
        })
        .collect()
}
