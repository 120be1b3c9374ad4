//! One student's feedback on a whole test, as a plain-text file to hand
//! back: the total, then per question the marks, the points earned (with
//! the words that earned them) and those missed (with what to add), and
//! the questions left empty.
//!
//! Plain text without colour, so that it reads the same in any editor or
//! e-mail; answers and ids are untrusted and pass through [`for_terminal`].

use super::text::number;
use crate::exam::{Answer, StudentResult, TestQuestion};
use crate::score::{scheme, Report};
use crate::text::sanitize::for_terminal;
use std::io::{self, Write};

/// Writes a student's feedback; `reports` holds one report per answered
/// question, `None` for those left empty.
pub fn render(
    out: &mut dyn Write,
    student: &StudentResult,
    questions: &[TestQuestion],
    reports: &[Option<Report>],
) -> io::Result<()> {
    writeln!(out, "Feedback for {}", for_terminal(&student.id, false))?;
    writeln!(
        out,
        "Test: {}/{} marks ({}%), {}.",
        number(student.total),
        number(student.max_total),
        number(student.percent),
        student.grade.name()
    )?;
    for (n, ((question, answer), report)) in questions
        .iter()
        .zip(&student.answers)
        .zip(reports)
        .enumerate()
    {
        writeln!(out)?;
        writeln!(
            out,
            "Q{} {}: {}",
            n + 1,
            question.id,
            for_terminal(&question.text, false)
        )?;
        let (Answer::Graded(_), Some(report)) = (answer, report) else {
            writeln!(out, "  Not answered: 0 of {} marks.", number(question.max))?;
            continue;
        };
        let (marks, out_of) = scheme::headline(report.marks, report.score, report.max_score);
        writeln!(
            out,
            "  {}/{} marks ({}%), {}.",
            number(marks),
            number(out_of),
            number(report.percent),
            report.grade.name()
        )?;
        for point in report.points.iter().filter(|p| p.covered) {
            let quote = point
                .evidence
                .as_ref()
                .map(|q| format!(": \"{}\"", for_terminal(q.text.trim(), false)))
                .unwrap_or_default();
            writeln!(out, "  + {}{quote}", for_terminal(&point.label, false))?;
        }
        for point in report.points.iter().filter(|p| !p.covered) {
            writeln!(
                out,
                "  - {}. Add: {}",
                for_terminal(&point.label, false),
                for_terminal(&point.hint, false)
            )?;
        }
        for misconception in &report.misconceptions {
            writeln!(out, "  ! {}", for_terminal(&misconception.message, false))?;
        }
        for warning in &report.warnings {
            writeln!(out, "  Note: {}", for_terminal(warning, false))?;
        }
    }
    Ok(())
}
