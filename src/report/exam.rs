//! A whole test for people and programs: the table of students by
//! questions (marks per question, total, percent, grade band) with the test
//! summary after it, and one JSON object per student with the per-question
//! reports inside.
//!
//! Students' ids and identity cells are untrusted: they pass through
//! [`for_terminal`] before a terminal sees them.

use super::class;
use super::json::{self, JsonReport};
use super::text::number;
use crate::exam::{Answer, StudentResult, TestQuestion, TestSummary};
use crate::score::Report;
use crate::text::columns::{pad_end, width};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How a question left empty shows in the table.
pub const NOT_ANSWERED: &str = "–";

/// Widest id column the table pads to (emails are long); longer ids are written in full.
pub const MAX_ID_WIDTH: usize = 36;

/// The width to pad ids to: their longest, within limits.
pub fn id_width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|id| width(&for_terminal(id, false)))
        .max()
        .unwrap_or(0)
        .clamp(2, MAX_ID_WIDTH)
}

/// How many of the points most missed across the test the summary lists.
pub const MOST_MISSED: usize = 5;

/// One student's whole test, as `batch --format jsonl` writes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonStudent {
    /// What tells the student apart (the id column's cell).
    pub id: String,
    /// The input's identity columns: header to cell.
    pub identity: BTreeMap<String, String>,
    /// The sum of the questions' marks.
    pub total: f64,
    /// The most marks the test gives.
    pub max_total: f64,
    /// `total` as a percentage of `max_total`.
    pub percent: f64,
    /// Whether the test's pass mark was reached.
    pub passed: bool,
    /// The band of the whole test: excellent, good, pass, not-yet.
    pub grade: String,
    /// One entry per question, in test order.
    pub questions: Vec<JsonTestAnswer>,
}

/// A student's answer to one question of the test.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonTestAnswer {
    /// The question id.
    pub question: String,
    /// The column (or question value) the answer came from.
    pub column: String,
    /// Whether there was an answer; an empty one earns 0 marks.
    pub answered: bool,
    /// The marks earned (the mark scheme's, or the score).
    pub marks: f64,
    /// The most marks the question gives.
    pub max_marks: f64,
    /// The full report, as `check --format json` gives it (null when not answered).
    pub report: Option<JsonReport>,
}

/// A student's whole test as its wire type; `reports` holds one report per
/// answered question, `None` for those left empty.
pub fn to_json(
    student: &StudentResult,
    identity: BTreeMap<String, String>,
    questions: &[TestQuestion],
    columns: &[String],
    reports: &[Option<Report>],
) -> JsonStudent {
    JsonStudent {
        id: student.id.clone(),
        identity,
        total: student.total,
        max_total: student.max_total,
        percent: student.percent,
        passed: student.passed,
        grade: json::grade_name(student.grade).to_string(),
        questions: questions
            .iter()
            .zip(columns)
            .zip(&student.answers)
            .zip(reports)
            .map(|(((question, column), answer), report)| JsonTestAnswer {
                question: question.id.clone(),
                column: column.clone(),
                answered: matches!(answer, Answer::Graded(_)),
                marks: answer.marks(),
                max_marks: question.max,
                report: report.as_ref().map(|r| json::to_json(r, false)),
            })
            .collect(),
    }
}

/// Writes the table's heading: the questions numbered, then the column names.
pub fn render_heading(
    out: &mut dyn Write,
    questions: &[TestQuestion],
    id_width: usize,
) -> io::Result<()> {
    writeln!(out, "{}", "Test:".bold())?;
    for (n, q) in questions.iter().enumerate() {
        writeln!(
            out,
            "  Q{} {} ({} marks): {}",
            n + 1,
            q.id,
            number(q.max),
            for_terminal(&q.text, false)
        )?;
    }
    writeln!(out, "  {NOT_ANSWERED} not answered (0 marks)")?;
    writeln!(out)?;
    let names: String = (1..=questions.len())
        .map(|n| format!("{:>6}", format!("Q{n}")))
        .collect();
    writeln!(
        out,
        "{}",
        format!(
            "{}{names}  {:>9}  {:>6}  grade",
            pad_end("id", id_width),
            "total",
            "%"
        )
        .bold()
    )
}

/// Writes one student's row: marks per question, total, percent, grade band.
pub fn render_row(out: &mut dyn Write, student: &StudentResult, id_width: usize) -> io::Result<()> {
    let cells: String = student
        .answers
        .iter()
        .map(|answer| match answer {
            Answer::Graded(_) => format!("{:>6}", number(answer.marks())),
            Answer::NotAnswered => format!("{NOT_ANSWERED:>6}"),
        })
        .collect();
    let total = format!("{}/{}", number(student.total), number(student.max_total));
    let grade = student.grade.name();
    writeln!(
        out,
        "{}{cells}  {total:>9}  {:>6}  {}",
        pad_end(&for_terminal(&student.id, false), id_width),
        format!("{}%", number(student.percent)),
        if student.passed {
            grade.normal()
        } else {
            grade.red()
        }
    )
}

/// Writes the test summary: per question (answered, mean marks, bands) and
/// the points behind them, then the whole test and the points most missed.
pub fn render_summary(out: &mut dyn Write, summary: &TestSummary) -> io::Result<()> {
    writeln!(out, "{}", "Per question:".bold())?;
    for (n, stats) in summary.questions.iter().enumerate() {
        let q = &stats.question;
        let bands: Vec<String> = stats
            .bands
            .counts()
            .iter()
            .map(|(grade, count)| format!("{} {count}", grade.name()))
            .collect();
        writeln!(
            out,
            "  Q{} {}: mean {}/{} · answered {}, not answered {} · {}",
            n + 1,
            q.id,
            number((stats.mean_marks() * 10.0).round() / 10.0),
            number(q.max),
            stats.answered,
            stats.not_answered,
            bands.join(" · ")
        )?;
    }
    writeln!(out)?;
    class::render_summary(out, &summary.class)?;
    let bands: Vec<String> = summary
        .bands
        .counts()
        .iter()
        .map(|(grade, count)| format!("{} {count}", grade.name()))
        .collect();
    writeln!(out, "{}", "Whole test:".bold())?;
    writeln!(
        out,
        "  {} students, mean {}/{} ({}%), {} passed · {}",
        summary.students,
        number((summary.mean_total() * 10.0).round() / 10.0),
        number(summary.max_total()),
        number(summary.mean_percent()),
        summary.passed,
        bands.join(" · ")
    )?;
    let missed = summary.most_missed(MOST_MISSED);
    if !missed.is_empty() {
        writeln!(
            out,
            "  {}",
            "Points most often missed across the test:".bold()
        )?;
        for point in missed {
            writeln!(
                out,
                "  {:>5} of {}  {}/{}  {}",
                point.missed,
                summary.students,
                point.question,
                point.point,
                for_terminal(&point.label, false)
            )?;
        }
    }
    writeln!(out)
}
