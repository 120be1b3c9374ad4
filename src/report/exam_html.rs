//! The HTML report of a whole test: the test summary (per question and for
//! the whole test, and the points most missed), each question's coverage
//! chart, then the test view: students by questions, each cell linking to
//! the answer below with its evidence highlighted ([`html::render_answer`]).
//!
//! Written in pieces like the class report, so that a batch of any size
//! streams through it; everything from an answer, an identity cell or a
//! rubric is escaped by [`escape`].

use super::exam::MOST_MISSED;
use super::html::{self, escape};
use super::text::number;
use crate::exam::{Answer, StudentResult, TestQuestion, TestSummary};
use std::io::{self, Write};

/// Extra style of the test view.
const STYLE: &str = "<style>\
td.cell a { text-decoration: none; } td.none { color: #8a8f99; font-style: italic; } \
table.bands td, table.bands th { text-align: right; } table.bands td:first-child { text-align: left; }\
</style>";

/// Writes the test summary: counts, a table of the questions, the points
/// most missed across the test, then each question's chart.
pub fn render_summary(
    out: &mut dyn Write,
    summary: &TestSummary,
    skipped: usize,
) -> io::Result<()> {
    writeln!(out, "{STYLE}")?;
    write!(
        out,
        "<p class=\"lead\">{} students · mean {}/{} ({}%) · {} passed",
        summary.students,
        number((summary.mean_total() * 10.0).round() / 10.0),
        number(summary.max_total()),
        number(summary.mean_percent()),
        summary.passed
    )?;
    if skipped > 0 {
        write!(
            out,
            " · {skipped} skipped (bad input; see the messages markpoint printed)"
        )?;
    }
    writeln!(out, "</p>")?;
    writeln!(
        out,
        "<div class=\"table-wrap\"><table class=\"bands\">\n<thead><tr><th>question</th>\
         <th>mean</th><th>answered</th><th>not answered</th><th>excellent</th><th>good</th>\
         <th>pass</th><th>not yet</th></tr></thead>\n<tbody>"
    )?;
    for (n, stats) in summary.questions.iter().enumerate() {
        write!(
            out,
            "<tr><td>Q{} <code>{}</code> {}</td><td>{}/{}</td><td>{}</td><td>{}</td>",
            n + 1,
            escape(&stats.question.id),
            escape(&stats.question.text),
            number((stats.mean_marks() * 10.0).round() / 10.0),
            number(stats.question.max),
            stats.answered,
            stats.not_answered
        )?;
        for (_, count) in stats.bands.counts() {
            write!(out, "<td>{count}</td>")?;
        }
        writeln!(out, "</tr>")?;
    }
    write!(
        out,
        "<tr><th>whole test</th><th>{}/{}</th><th>{}</th><th></th>",
        number((summary.mean_total() * 10.0).round() / 10.0),
        number(summary.max_total()),
        summary.students
    )?;
    for (_, count) in summary.bands.counts() {
        write!(out, "<th>{count}</th>")?;
    }
    writeln!(out, "</tr>\n</tbody></table></div>")?;
    let missed = summary.most_missed(MOST_MISSED);
    if !missed.is_empty() {
        writeln!(
            out,
            "<section class=\"question\"><h2>Points most often missed across the test</h2><ul>"
        )?;
        for point in missed {
            writeln!(
                out,
                "<li>{} of {} missed <code>{}/{}</code> {} — <em>add:</em> {}</li>",
                point.missed,
                summary.students,
                escape(&point.question),
                escape(&point.point),
                escape(&point.label),
                escape(&point.hint)
            )?;
        }
        writeln!(out, "</ul></section>")?;
    }
    for question in &summary.class.questions {
        html::render_question(out, question)?;
    }
    Ok(())
}

/// Opens the test view: a column per question.
pub fn render_table_start(out: &mut dyn Write, questions: &[TestQuestion]) -> io::Result<()> {
    write!(
        out,
        "<h2>Students</h2>\n<div class=\"table-wrap\">\n<table class=\"students\">\n\
         <thead><tr><th>#</th><th>id</th>"
    )?;
    for (n, q) in questions.iter().enumerate() {
        write!(
            out,
            "<th title=\"{}\">Q{} {}</th>",
            escape(&q.text),
            n + 1,
            escape(&q.id)
        )?;
    }
    writeln!(
        out,
        "<th>total</th><th>%</th><th>grade</th></tr></thead>\n<tbody>"
    )
}

/// One student's row; the answer to question `n` (from 0) is the article
/// `first_answer + n` written by [`html::render_answer`].
pub fn render_table_row(
    out: &mut dyn Write,
    index: usize,
    first_answer: usize,
    student: &StudentResult,
) -> io::Result<()> {
    write!(
        out,
        "<tr{}><td class=\"num\">{index}</td><td>{}</td>",
        if student.passed {
            ""
        } else {
            " class=\"fail\""
        },
        escape(&student.id)
    )?;
    for (n, answer) in student.answers.iter().enumerate() {
        match answer {
            Answer::Graded(row) => write!(
                out,
                "<td class=\"num cell\"><a href=\"#a{}\" title=\"{}%, {}\">{}/{}</a></td>",
                first_answer + n,
                number(row.percent),
                row.grade.name(),
                number(answer.marks()),
                number(crate::score::scheme::headline(row.marks, row.score, row.max_score).1)
            )?,
            Answer::NotAnswered => write!(out, "<td class=\"none\">not answered</td>")?,
        }
    }
    writeln!(
        out,
        "<td class=\"num\">{}/{}</td><td class=\"num\">{}%</td><td class=\"grade\">{}</td></tr>",
        number(student.total),
        number(student.max_total),
        number(student.percent),
        student.grade.name()
    )
}
