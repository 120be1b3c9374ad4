//! Padding and cutting text into columns for the terminal, by hand.
//!
//! Widths are in terminal cells ([`unicode_width`]), not characters: a CJK
//! character takes two, a combining accent none. `format!("{:<width$}")`
//! counts characters and panics when `width` exceeds 65,535, and an id can
//! be that long: these pad with spaces instead, and never cut the text
//! unless asked to ([`fit`]).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many terminal cells `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` followed by spaces up to `width` cells (wider text is left as it is).
pub fn pad_end(text: &str, width: usize) -> String {
    let mut out = String::from(text);
    out.extend(std::iter::repeat_n(' ', padding(text, width)));
    out
}

/// Spaces up to `width` cells, then `text`.
pub fn pad_start(text: &str, width: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', padding(text, width)).collect();
    out.push_str(text);
    out
}

/// Text cut to at most `width` cells, ending in "…" where it was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut fitted = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        fitted.push(c);
    }
    fitted.push('…');
    fitted
}

/// How many spaces bring `text` to `width` cells.
fn padding(text: &str, width: usize) -> usize {
    width.saturating_sub(text.width())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_width_and_never_cuts() {
        assert_eq!(pad_end("ab", 4), "ab  ");
        assert_eq!(pad_start("ab", 4), "  ab");
        assert_eq!(pad_end("é", 2), "é ");
        assert_eq!(pad_end("abcdef", 3), "abcdef");
    }

    #[test]
    fn text_is_measured_in_terminal_cells() {
        assert_eq!(pad_end("学生", 6), "学生  ");
        assert_eq!(pad_end("e\u{301}", 3), "e\u{301}  ");
        assert_eq!(pad_end("toolong", 3), "toolong");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("学生学生", 5), "学生…");
        assert_eq!(fit("学生学生", 4), "学…");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(width("学生一"), 6);
    }

    #[test]
    fn widths_beyond_what_format_allows_are_padded() {
        let wide = pad_end("x", 70_000);
        assert_eq!(wide.chars().count(), 70_000);
        assert_eq!(pad_start("x", 70_000).chars().count(), 70_000);
    }
}
