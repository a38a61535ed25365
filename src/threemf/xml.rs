//! Escaping text for XML attributes and element content.

/// `s` made safe inside a double-quoted XML attribute or element text.
///
/// The five markup characters become entities. Control characters other
/// than tab, newline and carriage return cannot appear in XML 1.0 at all,
/// not even as character references, so they become U+FFFD; tab, newline
/// and carriage return become character references so attribute-value
/// normalisation does not turn them into spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c.is_control() && (c as u32) < 0x20 || c == '\u{7f}' => out.push('\u{fffd}'),
            // Non-characters and the surrogate range cannot reach a Rust
            // `str`; U+FFFE/U+FFFF are excluded by XML too.
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("x\ty\nz"), "x&#9;y&#10;z");
        assert_eq!(escape("bell\u{7}"), "bell\u{fffd}");
        assert_eq!(escape("0.15–0.50 mm"), "0.15–0.50 mm");
    }
}
