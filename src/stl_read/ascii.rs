//! The body of an ASCII STL file: `solid name`, then facets, then
//! `endsolid`, possibly repeated; every error names its line.

use super::weld::{Corner, corner};
use super::{MAX_TRIANGLES, StlReadError};
use std::io::{BufRead, BufReader, Read};

/// The corners of an ASCII file, three per facet in file order.
/// `capacity` is a guess at the triangle count (from the file size).
pub(super) fn read_corners<R: Read>(
    r: R,
    capacity: usize,
    file: &str,
) -> Result<Vec<Corner>, StlReadError> {
    let mut p = Parser {
        tk: Tokens {
            r: BufReader::with_capacity(1 << 16, r),
            line: 1,
            file: file.into(),
        },
    };
    // A facet takes at least ~60 bytes of text, so a guess from the file
    // size cannot exceed memory the file would need.
    let mut corners = Vec::with_capacity(3 * capacity.min(MAX_TRIANGLES));
    p.expect("solid")?;
    p.tk.skip_line()?;
    while p.next_facet()? {
        if corners.len() >= 3 * MAX_TRIANGLES {
            return Err(StlReadError::TooManyTriangles {
                file: file.into(),
                limit: MAX_TRIANGLES,
            });
        }
        corners.extend(p.facet()?);
    }
    Ok(corners)
}

/// A token and the line it is on; `None` at the end of the file.
type Token = Option<(String, usize)>;

/// The ASCII grammar over [`Tokens`].
struct Parser<R> {
    tk: Tokens<R>,
}

impl<R: BufRead> Parser<R> {
    /// A syntax or value error at `line`.
    fn err(&self, line: usize, message: String) -> StlReadError {
        StlReadError::Ascii {
            file: self.tk.file.clone(),
            line,
            message,
        }
    }

    /// "expected `what`, found `t`", at `t`'s line (the current line at
    /// the end of the file).
    fn unexpected(&self, t: &Token, what: &str) -> StlReadError {
        let line = t.as_ref().map_or(self.tk.line, |o| o.1);
        let found = match t {
            Some((s, _)) => format!("{:?}", truncate(s)),
            None => "the end of the file".to_string(),
        };
        self.err(line, format!("expected {what}, found {found}"))
    }

    /// The keyword `word` (any case), or an error; its line.
    fn expect(&mut self, word: &str) -> Result<usize, StlReadError> {
        match self.tk.next()? {
            Some((t, line)) if t.eq_ignore_ascii_case(word) => Ok(line),
            other => Err(self.unexpected(&other, &format!("`{word}`"))),
        }
    }

    /// A finite number (`what` names it in errors).
    fn number(&mut self, what: &str) -> Result<f32, StlReadError> {
        let Some((t, line)) = self.tk.next()? else {
            let line = self.tk.line;
            return Err(self.err(
                line,
                format!("expected a number for {what}, found the end of the file"),
            ));
        };
        match t.parse::<f32>() {
            Ok(x) if x.is_finite() => Ok(x),
            Ok(x) => Err(self.err(
                line,
                format!("{what} {x} is not finite; coordinates must be finite numbers"),
            )),
            Err(_) => Err(self.err(
                line,
                format!("expected a number for {what}, found {:?}", truncate(&t)),
            )),
        }
    }

    /// Past the next `facet` keyword: true; at the end of the last
    /// solid: false.
    fn next_facet(&mut self) -> Result<bool, StlReadError> {
        loop {
            let t = self.tk.next()?;
            match &t {
                Some((w, _)) if w.eq_ignore_ascii_case("facet") => return Ok(true),
                Some((w, _)) if w.eq_ignore_ascii_case("endsolid") => {
                    if !self.another_solid()? {
                        return Ok(false);
                    }
                }
                _ => return Err(self.unexpected(&t, "`facet` or `endsolid`")),
            }
        }
    }

    /// After `endsolid`: is there another solid (some exporters write
    /// several into one file), or the end of the file?
    fn another_solid(&mut self) -> Result<bool, StlReadError> {
        self.tk.skip_line()?;
        let t = self.tk.next()?;
        match &t {
            None => Ok(false),
            Some((w, _)) if w.eq_ignore_ascii_case("solid") => {
                self.tk.skip_line()?;
                Ok(true)
            }
            _ => Err(self.unexpected(&t, "`solid` or the end of the file after `endsolid`")),
        }
    }

    /// One facet after its `facet` keyword, up to `endfacet`.
    fn facet(&mut self) -> Result<[Corner; 3], StlReadError> {
        self.expect("normal")?;
        for _ in 0..3 {
            // Normals are ignored, but must still be numbers.
            self.number("the normal")?;
        }
        self.expect("outer")?;
        self.expect("loop")?;
        let mut tri = [[0f32; 3]; 3];
        for v in &mut tri {
            self.expect("vertex")?;
            for x in v.iter_mut() {
                *x = self.number("a vertex coordinate")?;
            }
        }
        self.expect("endloop")?;
        self.expect("endfacet")?;
        Ok(tri.map(corner))
    }
}

/// Whitespace-separated tokens with their line numbers, read from a
/// buffered stream.
struct Tokens<R> {
    r: R,
    line: usize,
    file: String,
}

/// Tokens longer than this are cut (no STL keyword or number is near it).
const MAX_TOKEN: usize = 256;

impl<R: BufRead> Tokens<R> {
    fn peek(&mut self) -> Result<Option<u8>, StlReadError> {
        match self.r.fill_buf() {
            Ok(buf) => Ok(buf.first().copied()),
            Err(e) => Err(super::io_error(&self.file, e)),
        }
    }

    fn next(&mut self) -> Result<Token, StlReadError> {
        while let Some(b) = self.peek()? {
            if !b.is_ascii_whitespace() {
                break;
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.r.consume(1);
        }
        let mut tok = Vec::new();
        while let Some(b) = self.peek()? {
            if b.is_ascii_whitespace() {
                break;
            }
            if tok.len() < MAX_TOKEN {
                tok.push(b);
            }
            self.r.consume(1);
        }
        if tok.is_empty() {
            return Ok(None);
        }
        // Non-UTF-8 tokens become a replacement that no keyword matches.
        let tok = String::from_utf8(tok).unwrap_or_else(|_| "\u{fffd}".into());
        Ok(Some((tok, self.line)))
    }

    /// Skip to the end of the current line (solid and endsolid names).
    fn skip_line(&mut self) -> Result<(), StlReadError> {
        while let Some(b) = self.peek()? {
            if b == b'\n' {
                break;
            }
            self.r.consume(1);
        }
        Ok(())
    }
}

/// At most 40 characters of a token, for messages.
fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}
