//! Making untrusted answer text safe to show on a terminal.
//!
//! Answers come from anywhere: an escape sequence in one could move the
//! cursor, rewrite the screen or set the window title. Control characters are
//! shown as visible escapes instead (`\u{1b}` as `\e`, others as `\xNN`).

/// Text with every control character (except tab, and newline when `keep_newlines`) made visible.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push(' '),
            '\t' => out.push('\t'),
            '\r' => {}
            '\u{1b}' => out.push_str("\\e"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // Bidirectional overrides can make text read differently from what it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
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
    fn newlines_fold_unless_kept() {
        assert_eq!(for_terminal("a\r\nb", false), "a b");
        assert_eq!(for_terminal("a\nb", true), "a\nb");
    }
}
