//! `rubric test` results as text for people: per-point tables, mark
//! agreement with its confusion matrix, and the disagreements.

use super::{PointFigures, TestResult};
use crate::commands::{stdout_error, Console};
use crate::error::Result;
use crate::evaluate::MarkAgreement;
use crate::report::text::number;
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::io::Write;

/// Writes the result; `show` caps the disagreements listed.
pub fn text(console: &mut Console, result: &TestResult, show: Option<usize>) -> Result<()> {
    write_text(&mut *console.out, result, show).map_err(stdout_error)
}

fn write_text(
    out: &mut dyn Write,
    result: &TestResult,
    show: Option<usize>,
) -> std::io::Result<()> {
    let row = |f: &PointFigures| {
        format!(
            "  {:<22} {:>5.2} {:>5.2} {:>5.2}  {:>4} {:>4} {:>4} {:>4}",
            f.id,
            f.precision,
            f.recall,
            f.f1,
            f.counts.true_positives,
            f.counts.false_positives,
            f.counts.false_negatives,
            f.counts.true_negatives
        )
    };
    for q in &result.questions {
        writeln!(out, "{} ({} responses)", q.question.bold(), q.responses)?;
        if !q.points.is_empty() {
            writeln!(
                out,
                "  {:<22} {:>5} {:>5} {:>5}  {:>4} {:>4} {:>4} {:>4}",
                "point", "P", "R", "F1", "TP", "FP", "FN", "TN"
            )?;
            for p in &q.points {
                writeln!(out, "{}", row(p))?;
            }
            if let Some(all) = &q.all_points {
                writeln!(out, "{}", row(all).bold())?;
            }
        }
        if let Some(s) = &q.scores {
            writeln!(
                out,
                "  scores: Pearson {} Spearman {} pass accuracy {:.3} ({} responses)",
                three(s.pearson),
                three(s.spearman),
                s.pass_accuracy,
                s.responses
            )?;
            if let Some(marks) = &s.marks {
                write_marks(out, marks)?;
            }
        }
        writeln!(out)?;
    }
    if let Some(o) = &result.overall {
        writeln!(
            out,
            "{} precision {:.3} recall {:.3} F1 {:.3} over {} point decisions",
            "overall:".bold(),
            o.precision,
            o.recall,
            o.f1,
            o.counts.total()
        )?;
    }
    if !result.kinds.is_empty() {
        writeln!(
            out,
            "\n{}",
            "by kind (exactly right: every point as labelled)".bold()
        )?;
        for k in &result.kinds {
            writeln!(
                out,
                "  {:<22} {:>4} of {:<4} exactly right  P {:.3} R {:.3} F1 {:.3}",
                for_terminal(&k.kind, false),
                k.exact,
                k.responses,
                k.points.precision,
                k.points.recall,
                k.points.f1
            )?;
        }
    }
    if !result.disagreements.is_empty() {
        let listed = show.unwrap_or(usize::MAX).min(result.disagreements.len());
        let of = if listed < result.disagreements.len() {
            format!("{listed} of {}", result.disagreements.len())
        } else {
            listed.to_string()
        };
        writeln!(out, "\n{} ({of})", "disagreements".bold())?;
        for d in &result.disagreements[..listed] {
            writeln!(
                out,
                "  {} {} {}: markpoint {}, label {}: {}",
                for_terminal(&d.id, false),
                d.question,
                d.point.bold(),
                d.markpoint,
                d.label,
                for_terminal(&d.detail, false)
            )?;
        }
    }
    if result.skipped > 0 {
        writeln!(
            out,
            "skipped {} bad responses (see errors above)",
            number(result.skipped as f64)
        )?;
    }
    Ok(())
}

/// Mark agreement and the confusion matrix, examiner's marks down the side.
fn write_marks(out: &mut dyn Write, marks: &MarkAgreement) -> std::io::Result<()> {
    writeln!(
        out,
        "  marks: exact agreement {:.3} quadratic weighted kappa {} Pearson {} ({} responses)",
        marks.exact,
        three(marks.qwk),
        three(marks.pearson),
        marks.responses
    )?;
    let width = marks
        .confusion
        .iter()
        .flatten()
        .map(|n| n.to_string().len())
        .chain(marks.marks.iter().map(|m| m.to_string().len()))
        .max()
        .unwrap_or(1)
        .max(4);
    let header: Vec<String> = marks.marks.iter().map(|m| format!("{m:>width$}")).collect();
    writeln!(out, "    examiner \\ markpoint {}", header.join(" "))?;
    for (mark, counts) in marks.marks.iter().zip(&marks.confusion) {
        let cells: Vec<String> = counts.iter().map(|n| format!("{n:>width$}")).collect();
        writeln!(out, "    {mark:>20} {}", cells.join(" "))?;
    }
    Ok(())
}

fn three(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{v:.3}"))
}
