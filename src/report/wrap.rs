//! Wrapping text output to a width: lines break only at spaces, never inside
//! a word (so "1935" never becomes "193" and "5"), continuation lines get a
//! hanging indent, and a quotation from the answer stays on one line whenever
//! it fits in one.
//!
//! A line is given as pieces: [`Piece::Words`] may break at any space,
//! [`Piece::Quote`] only when the whole quotation is wider than a line. Pieces
//! may carry colour codes: widths ignore them (textwrap's `display_width`),
//! and a style open at a break is closed at the end of the line and opened
//! again after the indent of the next, so the indent is never underlined or
//! coloured. With no width, a line is the pieces joined, unchanged.

use textwrap::core::{display_width, Word};
use textwrap::wrap_algorithms::wrap_first_fit;

/// Narrowest width wrapped to; a narrower one (a tiny `COLUMNS`) would leave a word a line.
pub const MIN_WIDTH: usize = 20;

/// The width to wrap to: `COLUMNS` when it holds a positive number (so a
/// user or a script can ask for any width, even on a pipe), else the width
/// of the terminal the text goes to, else `None`: text for a pipe or a file
/// is not wrapped, one line per item, for `grep` and for other programs.
pub fn choose_width(columns: Option<&str>, terminal: Option<usize>) -> Option<usize> {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or(terminal.filter(|&t| t > 0))
}

/// A piece of a line to wrap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text that may break at any space.
    Words(String),
    /// A quotation, or any phrase not to be split (a command, "oxygen ×2"):
    /// kept whole when it fits on a line, else broken only between its words.
    Quote(String),
}

/// `lead` and the pieces as lines no wider than `width` (columns), where
/// words allow: the first line starts with `lead`, the others with `hang`
/// spaces. A word wider than a line is left whole on a line of its own.
/// With `width` `None`, one line: `lead` and the pieces joined.
pub fn fill(lead: &str, pieces: &[Piece], hang: usize, width: Option<usize>) -> Vec<String> {
    let Some(width) = width.map(|w| w.max(MIN_WIDTH)) else {
        let mut line = lead.to_string();
        for piece in pieces {
            let (Piece::Words(part) | Piece::Quote(part)) = piece;
            line.push_str(part);
        }
        return vec![line];
    };
    let mut text = String::new();
    // Byte offsets of the spaces a line may break at.
    let mut breaks: Vec<usize> = Vec::new();
    let narrowest = width.saturating_sub(hang).max(1);
    for piece in pieces {
        let (part, breakable) = match piece {
            Piece::Words(part) => (part, true),
            Piece::Quote(part) => (part, display_width(part) > narrowest),
        };
        if breakable {
            breaks.extend(part.match_indices(' ').map(|(at, _)| text.len() + at));
        }
        text.push_str(part);
    }
    let words = split_words(&text, &breaks);
    let first = width.saturating_sub(display_width(lead)).max(1);
    let rest = width.saturating_sub(hang).max(1);
    let lines = wrap_first_fit(&words, &[first as f64, rest as f64]);
    let indent = " ".repeat(hang);
    let mut open = String::new();
    let mut out = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let mut body = open.clone();
        for (k, word) in line.iter().enumerate() {
            body.push_str(word.word);
            if k + 1 < line.len() {
                body.push_str(word.whitespace);
            }
        }
        open = styles_open_after(&open, &body);
        if !open.is_empty() && n + 1 < lines.len() {
            body.push_str("\x1b[0m");
        }
        let start = if n == 0 { lead } else { indent.as_str() };
        out.push(format!("{start}{body}"));
    }
    if out.is_empty() {
        out.push(lead.to_string());
    }
    out
}

/// The text as textwrap words, split at the given spaces (runs of them kept
/// as the words' trailing whitespace).
fn split_words<'a>(text: &'a str, breaks: &[usize]) -> Vec<Word<'a>> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut n = 0;
    while n < breaks.len() {
        let end = breaks[n];
        let mut after = end + 1;
        while n + 1 < breaks.len() && breaks[n + 1] == after {
            n += 1;
            after += 1;
        }
        push_word(&mut words, &text[start..end], &text[end..after]);
        start = after;
        n += 1;
    }
    push_word(&mut words, &text[start..], "");
    words
}

fn push_word<'a>(words: &mut Vec<Word<'a>>, word: &'a str, whitespace: &'a str) {
    if word.is_empty() && whitespace.is_empty() {
        return;
    }
    words.push(Word {
        word,
        whitespace,
        penalty: "",
        width: display_width(word),
    });
}

/// The SGR (colour and style) codes still in force after `body`, given
/// those in force before it: everything since the last reset.
fn styles_open_after(before: &str, body: &str) -> String {
    let mut open = before.to_string();
    let mut rest = body;
    while let Some(at) = rest.find("\x1b[") {
        let code = &rest[at..];
        let Some(end) = code.find(|c: char| c.is_ascii_alphabetic()) else {
            break;
        };
        let sequence = &code[..=end];
        if sequence.ends_with('m') {
            if sequence == "\x1b[0m" || sequence == "\x1b[m" {
                open.clear();
            } else {
                open.push_str(sequence);
            }
        }
        rest = &code[end + 1..];
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Piece {
        Piece::Words(text.to_string())
    }

    fn quote(text: &str) -> Piece {
        Piece::Quote(text.to_string())
    }

    #[track_caller]
    fn assert_fills(lead: &str, pieces: &[Piece], hang: usize, width: usize, expected: &[&str]) {
        assert_eq!(fill(lead, pieces, hang, Some(width)), expected);
    }

    #[test]
    fn columns_wins_then_the_terminal_then_no_wrapping() {
        assert_eq!(choose_width(Some("70"), Some(120)), Some(70));
        assert_eq!(choose_width(Some(" 90 "), None), Some(90));
        assert_eq!(choose_width(Some("wide"), Some(120)), Some(120));
        assert_eq!(choose_width(Some("0"), None), None);
        assert_eq!(choose_width(None, Some(0)), None);
        assert_eq!(choose_width(None, None), None);
    }

    #[test]
    fn without_a_width_the_line_is_unchanged() {
        let pieces = [words("a  b "), quote("\"c d\""), words(" e")];
        assert_eq!(fill("  ", &pieces, 4, None), ["  a  b \"c d\" e"]);
    }

    #[test]
    fn lines_break_between_words_with_a_hanging_indent() {
        assert_fills(
            "  ",
            &[words(
                "Stakhanov dug 102 tonnes of coal in 1935 in one shift",
            )],
            4,
            24,
            &[
                "  Stakhanov dug 102",
                "    tonnes of coal in",
                "    1935 in one shift",
            ],
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_left_whole() {
        assert_fills(
            "",
            &[words("see https://example.org/a/very/long/path/indeed now")],
            2,
            20,
            &[
                "see",
                "  https://example.org/a/very/long/path/indeed",
                "  now",
            ],
        );
    }

    #[test]
    fn a_quotation_that_fits_is_never_split() {
        let pieces = [
            words("denied: "),
            quote("\"not\""),
            words(" denies it in "),
            quote("\"it did not raise output\""),
        ];
        assert_fills(
            "",
            &pieces,
            2,
            30,
            &[
                "denied: \"not\" denies it in",
                "  \"it did not raise output\"",
            ],
        );
    }

    #[test]
    fn a_quotation_wider_than_a_line_breaks_only_between_its_words() {
        assert_fills(
            "    ",
            &[quote("\"one two three four five six\"")],
            5,
            20,
            &["    \"one two three", "     four five six\""],
        );
    }

    #[test]
    fn styles_are_closed_at_a_break_and_reopened_after_the_indent() {
        let lines = fill(
            "",
            &[words("\x1b[3mone two three four five\x1b[0m end")],
            2,
            Some(20),
        );
        assert_eq!(
            lines,
            [
                "\x1b[3mone two three four\x1b[0m",
                "  \x1b[3mfive\x1b[0m end",
            ]
        );
    }

    #[test]
    fn colour_codes_take_no_width() {
        let lines = fill("", &[words("\x1b[1;32mabcde\x1b[0m fghij")], 0, Some(20));
        assert_eq!(lines, ["\x1b[1;32mabcde\x1b[0m fghij"]);
    }
}
