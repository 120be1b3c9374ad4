//! Making untrusted answer text safe to show on a terminal.
//!
//! Answers come from anywhere: an escape sequence in one could move the
//! cursor, rewrite the screen or set the window title. Control characters are
//! shown as visible escapes instead (`\u{1b}` as `\e`, others as `\xNN`),
//! on the terminal and in CSV cells alike; JSON has escaping of its own.

use std::borrow::Cow;

/// Text with every control character (except tab, and newline when `keep_newlines`) made visible.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push(' '),
            '\t' => out.push('\t'),
            '\r' => {}
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// A spreadsheet cell with every control character made visible, tabs and
/// line breaks included, so that ids differing only in them stay apart;
/// unchanged text is not copied.
pub fn for_cell(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Whether a character is shown as an escape rather than as itself.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Pushes a character, or the visible escape standing for it.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
        // Bidirectional overrides can make text read differently from what it is.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32))
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(for_terminal("a\u{1b}[31mred", false), "a\\e[31mred");
        assert_eq!(for_terminal("bell\u{7}", false), "bell\\x07");
        assert_eq!(for_terminal("x\u{202e}y", false), "x\\u{202e}y");
    }

    #[test]
    fn cells_show_every_control_character_and_keep_plain_text() {
        assert_eq!(for_cell("id\u{1b}]52;c;aGk=\u{7}"), "id\\e]52;c;aGk=\\x07");
        assert_eq!(for_cell("a\tb\r\nc"), "a\\x09b\\x0d\\x0ac");
        assert!(matches!(for_cell("plain, text"), Cow::Borrowed(_)));
    }

    #[test]
    fn newlines_fold_unless_kept() {
        assert_eq!(for_terminal("a\r\nb", false), "a b");
        assert_eq!(for_terminal("a\nb", true), "a\nb");
    }
}
