//! A whole test as a gradebook CSV, one row per student, ready to import
//! into a spreadsheet or an LMS gradebook: the input's identity columns
//! unchanged and in order (Moodle's grade import matches on email or ID
//! number), then one column per question headed by its id holding the
//! marks (the mark scheme's marks where the rubric has one, otherwise the
//! score), then `total`, `max_total` and `percent`.
//!
//! Cells a spreadsheet would run as a formula are neutralised as in every
//! CSV markpoint writes ([`neutralise`]).

use super::csv::{neutralise, write_record};
use super::text::number;
use crate::exam::{StudentResult, TestQuestion};
use std::borrow::Cow;
use std::io::{self, Write};

/// The columns after the questions'.
pub const TOTAL_COLUMNS: [&str; 3] = ["total", "max_total", "percent"];

/// Writes the header row: identity headers, question ids, the totals.
pub fn render_header(
    out: &mut dyn Write,
    identity: &[String],
    questions: &[TestQuestion],
) -> io::Result<()> {
    let cells = identity
        .iter()
        .map(|h| neutralise(h))
        .chain(questions.iter().map(|q| neutralise(&q.id)))
        .chain(TOTAL_COLUMNS.iter().map(|c| Cow::Borrowed(*c)));
    write_record(out, cells)
}

/// Writes one student's row: their identity cells, marks per question
/// (0 for a question not answered), total, the test's maximum, percent.
pub fn render_row(
    out: &mut dyn Write,
    identity: &[String],
    student: &StudentResult,
) -> io::Result<()> {
    let cells = identity
        .iter()
        .map(|c| neutralise(c))
        .chain(
            student
                .answers
                .iter()
                .map(|a| Cow::Owned(number(a.marks()))),
        )
        .chain([
            Cow::Owned(number(student.total)),
            Cow::Owned(number(student.max_total)),
            Cow::Owned(number(student.percent)),
        ]);
    write_record(out, cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::{self, Answer};

    #[test]
    fn a_row_passes_identity_through_then_marks_and_totals() {
        let questions = [TestQuestion {
            id: "q1".to_string(),
            text: "?".to_string(),
            max: 4.0,
            pass_mark: 50.0,
        }];
        let identity = ["=HYPERLINK(x)".to_string(), "a@x.org".to_string()];
        let student = exam::total(&questions, "a".to_string(), vec![Answer::NotAnswered]);
        let mut out = Vec::new();
        render_header(
            &mut out,
            &["Name".to_string(), "Email".to_string()],
            &questions,
        )
        .expect("writes");
        render_row(&mut out, &identity, &student).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "Name,Email,q1,total,max_total,percent\n'=HYPERLINK(x),a@x.org,0,0,4,0\n"
        );
    }
}
