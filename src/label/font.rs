//! The built-in pixel font (`docs/design-rules.md`, Labels).
//!
//! Glyphs are drawn on a square grid, five rows tall; digits are three
//! columns wide, a few letters four. No glyph has two cells touching only at
//! a corner, because a relief cell that meets another only at a corner makes
//! a non-manifold vertex. One empty column separates glyphs.

/// Rows of a glyph, top first; `#` is a set cell.
fn glyph(c: char) -> Option<&'static [&'static str; 5]> {
    Some(match c {
        '0' => &["###", "#.#", "#.#", "#.#", "###"],
        '1' => &[".#.", "##.", ".#.", ".#.", "###"],
        '2' => &["###", "..#", "###", "#..", "###"],
        '3' => &["###", "..#", "###", "..#", "###"],
        '4' => &["#.#", "#.#", "###", "..#", "..#"],
        '5' => &["###", "#..", "###", "..#", "###"],
        '6' => &["###", "#..", "###", "#.#", "###"],
        '7' => &["###", "..#", "..#", "..#", "..#"],
        '8' => &["###", "#.#", "###", "#.#", "###"],
        '9' => &["###", "#.#", "###", "..#", "###"],
        'R' => &["####", "#..#", "####", "#.#.", "#.##"],
        'D' => &["###.", "#.##", "#..#", "#.##", "###."],
        'X' => &["#.#", "###", ".#.", "###", "#.#"],
        'H' => &["#.#", "#.#", "###", "#.#", "#.#"],
        'L' => &["#..", "#..", "#..", "#..", "###"],
        'C' => &["###", "#..", "#..", "#..", "###"],
        // Legend words (SIDE, WIDE, VERT): the S is drawn like a 5, as any 3 x 5
        // S without diagonal-only contacts must be; the word reads it.
        'S' => &["###", "#..", "###", "..#", "###"],
        'I' => &["###", ".#.", ".#.", ".#.", "###"],
        'E' => &["###", "#..", "##.", "#..", "###"],
        'W' => &["#.#.#", "#.#.#", "#.#.#", "#.#.#", "#####"],
        // VERT: a V closes at its foot, since its point would touch the
        // arms only at corners.
        'V' => &["#.#", "#.#", "#.#", "###", ".#."],
        'T' => &["###", ".#.", ".#.", ".#.", ".#."],
        ' ' => &[".", ".", ".", ".", "."],
        '.' => &[".", ".", ".", ".", "#"],
        '-' => &["...", "...", "###", "...", "..."],
        '+' => &["...", ".#.", "###", ".#.", "..."],
        _ => return None,
    })
}

/// Characters the font can draw.
pub const CHARSET: &str = "0123456789RDXHLCSIEWVT.-+ ";

/// A rendered text: `rows[r][c]` is true where a cell is set, row 0 on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    /// Cells, top row first.
    pub rows: Vec<Vec<bool>>,
}

impl Bitmap {
    /// Number of columns.
    pub fn width(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// True when some 2x2 block has exactly its two diagonal cells set.
    pub fn has_diagonal_contact(&self) -> bool {
        let (h, w) = (self.height(), self.width());
        (0..h.saturating_sub(1)).any(|r| {
            (0..w.saturating_sub(1)).any(|c| {
                let (a, b) = (self.rows[r][c], self.rows[r][c + 1]);
                let (d, e) = (self.rows[r + 1][c], self.rows[r + 1][c + 1]);
                (a && e && !b && !d) || (b && d && !a && !e)
            })
        })
    }
}

/// Render `text` with one empty column between glyphs. `None` names the first
/// character the font cannot draw.
pub fn render(text: &str) -> Result<Bitmap, char> {
    let mut rows = vec![Vec::new(); 5];
    for (i, ch) in text.chars().enumerate() {
        let g = glyph(ch).ok_or(ch)?;
        for (r, line) in g.iter().enumerate() {
            if i > 0 {
                rows[r].push(false);
            }
            rows[r].extend(line.chars().map(|c| c == '#'));
        }
    }
    Ok(Bitmap { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_is_five_rows_of_equal_width_without_diagonal_contacts() {
        for ch in CHARSET.chars() {
            let g = glyph(ch).unwrap();
            assert!(g.iter().all(|l| l.len() == g[0].len()), "{ch}");
            let b = render(&ch.to_string()).unwrap();
            assert!(
                !b.has_diagonal_contact(),
                "glyph {ch:?} has a diagonal-only contact"
            );
            assert!(
                ch == ' ' || b.rows.iter().flatten().any(|&c| c),
                "{ch} is blank"
            );
        }
    }

    #[test]
    fn strings_render_with_gaps() {
        let b = render("10").unwrap();
        assert_eq!(b.width(), 7);
        assert_eq!(b.height(), 5);
        assert!(!b.has_diagonal_contact());
        assert_eq!(render("1a"), Err('a'));
    }

    #[test]
    fn diagonal_detector_detects() {
        let b = Bitmap {
            rows: vec![vec![true, false], vec![false, true]],
        };
        assert!(b.has_diagonal_contact());
    }
}
