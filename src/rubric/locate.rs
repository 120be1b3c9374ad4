//! Finding where a value stands in a rubric file, for error messages.
//!
//! serde reports positions only for syntax and type errors; the semantic
//! checks (an unknown concept, a duplicate id) find the offending text here.
//! The search is textual: the first match after an anchor (a point id), which
//! is exact for the way rubric files are written.

/// Answers "which line and column is this value on?" for one file.
#[derive(Debug, Clone, Copy)]
pub struct Locator<'a> {
    text: &'a str,
}

impl<'a> Locator<'a> {
    /// A locator over a file's text.
    pub fn new(text: &'a str) -> Self {
        Locator { text }
    }

    /// Where `"key":` stands, searching after the string `anchor` if given.
    pub fn key(&self, key: &str, anchor: Option<&str>) -> (usize, usize) {
        self.find(&json_string(key), anchor)
    }

    /// Where the value of the field `"field":` starts, after `anchor` if given.
    pub fn field_value(&self, field: &str, anchor: Option<&str>) -> (usize, usize) {
        let start = self.anchor_offset(anchor);
        let needle = json_string(field);
        match self.text[start..].find(&needle) {
            Some(at) => {
                let after_key = start + at + needle.len();
                let rest = &self.text[after_key..];
                let value = rest
                    .find(|c: char| c != ':' && !c.is_whitespace())
                    .map_or(after_key, |v| after_key + v);
                self.position(value)
            }
            None => self.position(start),
        }
    }

    /// Where the JSON string `value` stands, after `anchor` if given.
    pub fn string(&self, value: &str, anchor: Option<&str>) -> (usize, usize) {
        self.find(&json_string(value), anchor)
    }

    /// Where the `n`th (1-based) `"field": "value"` pair has its value.
    pub fn nth_field_value(&self, field: &str, value: &str, n: usize) -> (usize, usize) {
        let key = json_string(field);
        let wanted = json_string(value);
        let found = self
            .text
            .match_indices(&key)
            .filter_map(|(at, _)| {
                let rest = &self.text[at + key.len()..];
                let value_at = rest.find(|c: char| c != ':' && !c.is_whitespace())?;
                let is_pair =
                    rest[..value_at].contains(':') && rest[value_at..].starts_with(&wanted);
                is_pair.then_some(at + key.len() + value_at)
            })
            .nth(n.saturating_sub(1));
        self.position(found.unwrap_or(0))
    }

    /// serde places "unknown field `x`" errors after the key; this moves such
    /// a position back to the start of the key `"x"`. Others are kept.
    pub fn start_of_key_before(&self, line: usize, column: usize, message: &str) -> (usize, usize) {
        let (line, column) = (line.max(1), column.max(1));
        let key = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next());
        let Some(key) = key else {
            return (line, column);
        };
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let line_text = self.text[line_start..]
            .split('\n')
            .next()
            .unwrap_or_default();
        let end = line_text
            .char_indices()
            .nth(column)
            .map_or(line_text.len(), |(i, _)| i);
        match line_text[..end].rfind(&json_string(key)) {
            Some(at) => self.position(line_start + at),
            None => (line, column),
        }
    }

    fn find(&self, needle: &str, anchor: Option<&str>) -> (usize, usize) {
        let start = self.anchor_offset(anchor);
        let at = self.text[start..].find(needle).map_or(start, |i| start + i);
        self.position(at)
    }

    fn anchor_offset(&self, anchor: Option<&str>) -> usize {
        anchor
            .and_then(|a| self.text.find(&json_string(a)))
            .unwrap_or(0)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "{\n  \"points\": [\n    {\"id\": \"a\", \"weight\": 1},\n    {\"id\": \"b\", \"weight\": -1}\n  ]\n}";

    #[test]
    fn finds_fields_after_their_point() {
        let locator = Locator::new(FILE);
        assert_eq!(locator.field_value("weight", Some("b")), (4, 27));
        assert_eq!(locator.field_value("weight", Some("a")), (3, 27));
        assert_eq!(locator.key("points", None), (2, 3));
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(Locator::new("é\n  x").position(5), (2, 3));
        assert_eq!(Locator::new("éx").position(2), (1, 2));
    }
}
