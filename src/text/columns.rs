//! Padding text into columns for the terminal, by hand.
//!
//! `format!("{:<width$}")` panics when `width` exceeds 65,535, and a rubric
//! or question id can be that long: these pad with spaces instead, counting
//! characters, and never cut the text.

/// `text` followed by spaces up to `width` characters.
pub fn pad_end(text: &str, width: usize) -> String {
    let mut out = String::from(text);
    out.extend(std::iter::repeat_n(' ', padding(text, width)));
    out
}

/// Spaces up to `width` characters, then `text`.
pub fn pad_start(text: &str, width: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', padding(text, width)).collect();
    out.push_str(text);
    out
}

/// How many spaces bring `text` to `width` characters.
fn padding(text: &str, width: usize) -> usize {
    width.saturating_sub(text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_width_in_characters_and_never_cuts() {
        assert_eq!(pad_end("ab", 4), "ab  ");
        assert_eq!(pad_start("ab", 4), "  ab");
        assert_eq!(pad_end("é", 2), "é ");
        assert_eq!(pad_end("abcdef", 3), "abcdef");
    }

    #[test]
    fn widths_beyond_what_format_allows_are_padded() {
        let wide = pad_end("x", 70_000);
        assert_eq!(wide.chars().count(), 70_000);
        assert_eq!(pad_start("x", 70_000).chars().count(), 70_000);
    }
}
