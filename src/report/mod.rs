//! Rendering: a [`Report`](crate::score::Report) in, text for people, JSON
//! for programs, CSV rows or an HTML class report out. Every renderer
//! writes to a `&mut dyn Write` and works from the same report, so the
//! formats cannot disagree.

pub mod class;
pub mod csv;
pub mod exam;
pub mod exam_feedback;
pub mod exam_html;
pub mod feedback;
pub mod gradebook;
pub mod html;
pub mod json;
pub mod text;
pub mod wrap;

/// A whole-answer warning in a few words, for a table cell: the part
/// before its advice ("the answer copies the model answer (27 words in a row)").
pub fn short_warning(warning: &str) -> &str {
    warning.split(':').next().unwrap_or(warning).trim()
}

/// How a report introduces a missed point's hint: "add:", or at full
/// marks under a mark scheme ("any two of the four"), where a point missed
/// is another way to earn them, "also:".
pub fn missed_point_label(report: &crate::score::Report) -> &'static str {
    if at_full_marks(report) {
        "also:"
    } else {
        "add:"
    }
}

/// The heading of a feedback sheet's missed points (see [`missed_point_label`]).
pub fn missed_points_heading(report: &crate::score::Report) -> &'static str {
    if at_full_marks(report) {
        "Other ways to earn these marks"
    } else {
        "What to add"
    }
}

/// Whether an answer has every mark its rubric's mark scheme gives.
fn at_full_marks(report: &crate::score::Report) -> bool {
    report.marks.is_some_and(|m| m.marks >= m.max_marks)
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
