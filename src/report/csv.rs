//! Reports as CSV rows for a spreadsheet: id, then the input's own extra
//! columns passed through unchanged (a class list's `name`, `class`, …),
//! then question, score, percent, passed (1 or 0), marks and max_marks when
//! the batch's question has a mark scheme, one 0/1 column per point id of
//! that question, on request one `<point> evidence` column per point (the
//! sentence quoted) and a `hints` column (what to add for the points
//! missed), the answer's warnings in a few words each ("the answer copies
//! the model answer (27 words in a row)"), separated by "; ", and last
//! `status` (`graded` or `skipped`) and `reason` (why an answer was skipped,
//! naming its file and line). A skipped answer has a row too: its id (empty
//! when it could not be read), empty cells, `skipped` and the reason.
//!
//! A row is written in two parts, so that the grading threads can render
//! the bulk of it before the extra columns are known: [`render_row_start`]
//! (id and extra cells) and [`render_row_rest`] (the rest).
//!
//! Quoting is left to the `csv` crate. Cells a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! are neutralised with a leading `'`, since ids and answers come from
//! untrusted input, and control characters are shown as visible escapes
//! (`\e`, `\x07`).

use super::text::number;
use crate::score::Report;
use crate::text::sanitize::for_cell;
use std::borrow::Cow;
use std::io::{self, Write};

/// The fixed columns after the id and the extra columns, before the marks and points.
pub const FIXED_COLUMNS: [&str; 4] = ["question", "score", "percent", "passed"];

/// A cell made safe from spreadsheet formula injection, its control
/// characters shown as visible escapes.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let visible = for_cell(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{visible}"))
    } else {
        visible
    }
}

/// The last columns: whether the answer was graded, and why not.
pub const STATUS_COLUMNS: [&str; 2] = ["status", "reason"];

/// The columns a question with a mark scheme adds after the fixed ones.
pub const MARK_COLUMNS: [&str; 2] = ["marks", "max_marks"];

/// Writes the header row; `extra` are the input's own columns passed through.
pub fn render_header(
    out: &mut dyn Write,
    columns: &PointColumns,
    extra: &[String],
) -> io::Result<()> {
    let marks: &[&str] = if columns.marks { &MARK_COLUMNS } else { &[] };
    let evidence: Vec<Cow<str>> = if columns.evidence {
        columns
            .point_ids
            .iter()
            .map(|id| Cow::Owned(neutralise(&format!("{id} evidence")).into_owned()))
            .collect()
    } else {
        Vec::new()
    };
    let cells = std::iter::once(Cow::Borrowed("id"))
        .chain(extra.iter().map(|c| neutralise(c)))
        .chain(FIXED_COLUMNS.iter().chain(marks).map(|c| Cow::Borrowed(*c)))
        .chain(columns.point_ids.iter().map(|id| neutralise(id)))
        .chain(evidence)
        .chain(columns.hints.then_some(Cow::Borrowed("hints")))
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
    /// Whether to add an evidence column per point (`--csv-evidence`).
    pub evidence: bool,
    /// Whether to add the `hints` column (`--csv-hints`).
    pub hints: bool,
}

/// Writes one answer's whole row: [`render_row_start`] then [`render_row_rest`].
pub fn render_row(
    out: &mut dyn Write,
    id: &str,
    extra: &[&str],
    report: &Report,
    columns: &PointColumns,
) -> io::Result<()> {
    render_row_start(out, id, extra)?;
    render_row_rest(out, report, columns)
}

/// Writes the start of a row: the id and the extra cells, each followed by a comma.
pub fn render_row_start(out: &mut dyn Write, id: &str, extra: &[&str]) -> io::Result<()> {
    let mut cells = Vec::with_capacity(64);
    write_record(
        &mut cells,
        std::iter::once(neutralise(id)).chain(extra.iter().map(|c| neutralise(c))),
    )?;
    if cells.last() == Some(&b'\n') {
        cells.pop();
    }
    cells.push(b',');
    out.write_all(&cells)
}

/// Writes the rest of one answer's row, from the question on, with its
/// line end. An answer to another question than the columns' leaves the
/// point columns empty: a point id shared by two rubrics need not mean the
/// same point.
pub fn render_row_rest(
    out: &mut dyn Write,
    report: &Report,
    columns: &PointColumns,
) -> io::Result<()> {
    let fixed = [
        neutralise(&report.question),
        Cow::Owned(number(report.score)),
        Cow::Owned(number(report.percent)),
        Cow::Borrowed(if report.passed { "1" } else { "0" }),
    ];
    let marks = columns.marks.then(|| match report.marks {
        Some(m) => [Cow::Owned(number(m.marks)), Cow::Owned(number(m.max_marks))],
        None => [Cow::Borrowed(""), Cow::Borrowed("")],
    });
    let same_question = *report.question == *columns.question;
    let point = |id: &String| {
        report
            .points
            .iter()
            .find(|p| *p.id == **id)
            .filter(|_| same_question)
    };
    let points = columns.point_ids.iter().map(|id| {
        Cow::Borrowed(match point(id).map(|p| p.covered) {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        })
    });
    let evidence = columns
        .point_ids
        .iter()
        .filter(|_| columns.evidence)
        .map(|id| {
            let quote = point(id).and_then(|p| p.evidence.as_ref());
            quote.map_or(Cow::Borrowed(""), |q| neutralise(&q.text))
        });
    let hints = columns.hints.then(|| {
        let hints: Vec<&str> = report
            .points
            .iter()
            .filter(|p| !p.covered)
            .map(|p| &*p.hint)
            .collect();
        Cow::Owned(neutralise(&hints.join("; ")).into_owned())
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
            .chain(evidence)
            .chain(hints)
            .chain([warnings, Cow::Borrowed("graded"), Cow::Borrowed("")]),
    )
}

/// Writes the row of an answer that was skipped: its id (empty when
/// unknown), empty cells for the `extra` columns and up to `warnings`, then
/// `skipped` and the reason.
pub fn render_skipped_row(
    out: &mut dyn Write,
    id: Option<&str>,
    extra: usize,
    reason: &str,
    columns: &PointColumns,
) -> io::Result<()> {
    let marks = if columns.marks { MARK_COLUMNS.len() } else { 0 };
    let points = columns.point_ids.len();
    let evidence = if columns.evidence { points } else { 0 };
    let empty =
        extra + FIXED_COLUMNS.len() + marks + points + evidence + usize::from(columns.hints) + 1;
    write_record(
        out,
        std::iter::once(neutralise(id.unwrap_or_default()))
            .chain(std::iter::repeat_n(Cow::Borrowed(""), empty))
            .chain([Cow::Borrowed("skipped"), neutralise(reason)]),
    )
}

/// Writes one CSV record (quoting left to the csv crate).
pub(crate) fn write_record<'c>(
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
            assert_eq!(neutralise(cell), format!("'{}", for_cell(cell)));
        }
        assert_eq!(neutralise("\tx"), "'\\x09x");
        for cell in ["alice", "1", "", "a=b"] {
            assert_eq!(neutralise(cell), cell);
        }
        assert_eq!(neutralise("a\u{1b}[2Jb\u{7}"), "a\\e[2Jb\\x07");
    }

    fn columns(marks: bool) -> PointColumns {
        PointColumns {
            question: "q".to_string(),
            point_ids: vec!["a".to_string(), "=b".to_string()],
            marks,
            ..PointColumns::default()
        }
    }

    fn header(columns: &PointColumns, extra: &[&str]) -> String {
        let extra: Vec<String> = extra.iter().map(|c| c.to_string()).collect();
        let mut out = Vec::new();
        render_header(&mut out, columns, &extra).expect("writes");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn header_lists_fixed_columns_then_points() {
        assert_eq!(
            header(&columns(false), &[]),
            "id,question,score,percent,passed,a,'=b,warnings,status,reason\n"
        );
    }

    #[test]
    fn a_mark_scheme_adds_marks_columns_before_the_points() {
        assert_eq!(
            header(&columns(true), &[]),
            "id,question,score,percent,passed,marks,max_marks,a,'=b,warnings,status,reason\n"
        );
    }

    #[test]
    fn a_skipped_row_has_as_many_cells_as_the_header() {
        for (columns, extra) in [
            (columns(true), 0),
            (
                PointColumns {
                    evidence: true,
                    hints: true,
                    ..columns(false)
                },
                2,
            ),
        ] {
            let names: Vec<&str> = ["name", "class"][..extra].to_vec();
            let header = header(&columns, &names);
            let mut out = Vec::new();
            render_skipped_row(
                &mut out,
                Some("bob"),
                extra,
                "bob.txt: the answer is empty",
                &columns,
            )
            .expect("writes");
            let row = String::from_utf8(out).expect("utf8");
            assert!(
                row.starts_with("bob,") && row.ends_with(",skipped,bob.txt: the answer is empty\n")
            );
            assert_eq!(
                row.matches(',').count(),
                header.matches(',').count(),
                "{header}{row}"
            );
        }
    }

    #[test]
    fn extra_evidence_and_hint_columns_take_their_places() {
        let columns = PointColumns {
            evidence: true,
            hints: true,
            ..columns(false)
        };
        assert_eq!(
            header(&columns, &["name", "=x"]),
            "id,name,'=x,question,score,percent,passed,a,'=b,a evidence,'=b evidence,hints,warnings,status,reason\n"
        );
    }

    #[test]
    fn a_row_start_is_quoted_cells_each_with_a_comma() {
        let mut out = Vec::new();
        render_row_start(&mut out, "a,b", &["Zoë", "=1", ""]).expect("writes");
        assert_eq!(String::from_utf8(out).expect("utf8"), "\"a,b\",Zoë,'=1,,");
    }
}
