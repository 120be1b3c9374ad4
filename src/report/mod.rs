//! Rendering: a [`Report`](crate::score::Report) in, text for people, JSON
//! for programs, CSV rows or an HTML class report out. Every renderer
//! writes to a `&mut dyn Write` and works from the same report, so the
//! formats cannot disagree.

pub mod class;
pub mod csv;
pub mod feedback;
pub mod html;
pub mod json;
pub mod text;
pub mod wrap;

/// A whole-answer warning in a few words, for a table cell: the part
/// before its advice ("the answer copies the model answer (27 words in a row)").
pub fn short_warning(warning: &str) -> &str {
    warning.split(':').next().unwrap_or(warning).trim()
}

/// Output formats of a single report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Coloured text for a terminal.
    #[default]
    Text,
    /// One JSON object (pretty-printed).
    Json,
    /// One JSON object per line.
    Jsonl,
}
