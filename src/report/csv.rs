//! Reports as CSV rows for a spreadsheet: id, question, score, percent,
//! passed (1 or 0), marks and max_marks when the batch's question has a mark
//! scheme, then one 0/1 column per point id of that question, then the
//! answer's warnings in a few words each ("the answer copies the model answer
//! (27 words in a row)"), separated by "; ", then `status` (`graded` or
//! `skipped`) and `reason` (why an answer was skipped, naming its file and
//! line). A skipped answer has a row too: its id (empty when it could not be
//! read), empty score cells, `skipped` and the reason.
//!
//! Quoting is left to the `csv` crate. Cells a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! are neutralised with a leading `'`, since ids come from untrusted input.

use super::text::number;
use crate::score::Report;
use std::borrow::Cow;
use std::io::{self, Write};

/// The fixed columns before the point columns.
pub const FIXED_COLUMNS: [&str; 5] = ["id", "question", "score", "percent", "passed"];

/// A cell made safe from spreadsheet formula injection.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The last columns: whether the answer was graded, and why not.
pub const STATUS_COLUMNS: [&str; 2] = ["status", "reason"];

/// The columns a question with a mark scheme adds after the fixed ones.
pub const MARK_COLUMNS: [&str; 2] = ["marks", "max_marks"];

/// Writes the header row.
pub fn render_header(out: &mut dyn Write, columns: &PointColumns) -> io::Result<()> {
    let marks: &[&str] = if columns.marks { &MARK_COLUMNS } else { &[] };
    let cells = FIXED_COLUMNS
        .iter()
        .chain(marks)
        .map(|c| Cow::Borrowed(*c))
        .chain(columns.point_ids.iter().map(|id| neutralise(id)))
        .chain(std::iter::once(Cow::Borrowed("warnings")))
        .chain(STATUS_COLUMNS.iter().map(|c| Cow::Borrowed(*c)));
    write_record(out, cells)
}

/// The point columns of a CSV: the question they belong to and its point ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointColumns {
    /// The question id.
    pub question: String,
    /// Its point ids, in rubric order.
    pub point_ids: Vec<String>,
    /// Whether it has a mark scheme (and so marks columns).
    pub marks: bool,
}

/// Writes one answer's row. An answer to another question than the
/// columns' leaves the point columns empty: a point id shared by two
/// rubrics need not mean the same point.
pub fn render_row(
    out: &mut dyn Write,
    id: &str,
    report: &Report,
    columns: &PointColumns,
) -> io::Result<()> {
    let fixed = [
        neutralise(id),
        neutralise(&report.question),
        Cow::Owned(number(report.score)),
        Cow::Owned(number(report.percent)),
        Cow::Borrowed(if report.passed { "1" } else { "0" }),
    ];
    let marks = columns.marks.then(|| match report.marks {
        Some(m) => [Cow::Owned(number(m.marks)), Cow::Owned(number(m.max_marks))],
        None => [Cow::Borrowed(""), Cow::Borrowed("")],
    });
    let same_question = report.question == columns.question;
    let points = columns.point_ids.iter().map(|id| {
        let covered = report
            .points
            .iter()
            .find(|p| &p.id == id)
            .filter(|_| same_question)
            .map(|p| p.covered);
        Cow::Borrowed(match covered {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        })
    });
    let warnings: Vec<&str> = report
        .warnings
        .iter()
        .map(|w| super::short_warning(w))
        .collect();
    let warnings = Cow::Owned(neutralise(&warnings.join("; ")).into_owned());
    write_record(
        out,
        fixed
            .into_iter()
            .chain(marks.into_iter().flatten())
            .chain(points)
            .chain([warnings, Cow::Borrowed("graded"), Cow::Borrowed("")]),
    )
}

/// Writes the row of an answer that was skipped: its id (empty when
/// unknown), empty cells up to `warnings`, then `skipped` and the reason.
pub fn render_skipped_row(
    out: &mut dyn Write,
    id: Option<&str>,
    reason: &str,
    columns: &PointColumns,
) -> io::Result<()> {
    let marks = if columns.marks { MARK_COLUMNS.len() } else { 0 };
    let empty = FIXED_COLUMNS.len() - 1 + marks + columns.point_ids.len() + 1;
    write_record(
        out,
        std::iter::once(neutralise(id.unwrap_or_default()))
            .chain(std::iter::repeat_n(Cow::Borrowed(""), empty))
            .chain([Cow::Borrowed("skipped"), neutralise(reason)]),
    )
}

fn write_record<'c>(
    out: &mut dyn Write,
    cells: impl Iterator<Item = Cow<'c, str>>,
) -> io::Result<()> {
    let cells: Vec<Cow<'c, str>> = cells.collect();
    let mut writer = ::csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(out);
    writer
        .write_record(cells.iter().map(|c| c.as_bytes()))
        .map_err(into_io)?;
    writer.flush()
}

fn into_io(error: ::csv::Error) -> io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["alice", "1", "", "a=b"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    fn header(marks: bool) -> String {
        let columns = PointColumns {
            question: "q".to_string(),
            point_ids: vec!["a".to_string(), "=b".to_string()],
            marks,
        };
        let mut out = Vec::new();
        render_header(&mut out, &columns).expect("writes");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn header_lists_fixed_columns_then_points() {
        assert_eq!(
            header(false),
            "id,question,score,percent,passed,a,'=b,warnings,status,reason\n"
        );
    }

    #[test]
    fn a_mark_scheme_adds_marks_columns_before_the_points() {
        assert_eq!(
            header(true),
            "id,question,score,percent,passed,marks,max_marks,a,'=b,warnings,status,reason\n"
        );
    }

    #[test]
    fn a_skipped_row_has_as_many_cells_as_the_header() {
        let columns = PointColumns {
            question: "q".to_string(),
            point_ids: vec!["a".to_string(), "b".to_string()],
            marks: true,
        };
        let mut out = Vec::new();
        render_skipped_row(
            &mut out,
            Some("bob"),
            "bob.txt: the answer is empty",
            &columns,
        )
        .expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "bob,,,,,,,,,,skipped,bob.txt: the answer is empty\n"
        );
    }
}
