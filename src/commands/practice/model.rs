//! The model answer as `practice` shows it: sentence by sentence, each
//! followed by the points it earns, the ones the student missed flagged.

use super::super::stdout_error;
use crate::error::Result;
use crate::matching::CompiledRubric;
use crate::report::wrap::{fill, Piece};
use crate::score::{grade, Report};
use crate::text::sanitize::for_terminal;
use crate::text::{analyse, Span};
use colored::Colorize;
use std::io::Write;

/// Writes the model answer: the rubric grades its own model answer, and
/// each point's evidence span says which sentence earns it. Lines are
/// wrapped to `width` when there is one.
pub fn show(
    out: &mut dyn Write,
    compiled: &CompiledRubric,
    student: &Report,
    width: Option<usize>,
) -> Result<()> {
    let model = &compiled.rubric.model_answer;
    let graded = grade(compiled, model);
    let sentences: Vec<Span> = analyse(model).sentences.iter().map(|s| s.span).collect();
    let marks = mark_sentences(&sentences, &graded);
    let student_missed = |id: &str| student.points.iter().any(|p| *p.id == *id && !p.covered);
    let io = stdout_error;
    let mut line = |lead: &str, pieces: &[Piece], hang: usize| -> Result<()> {
        for text in fill(lead, pieces, hang, width) {
            writeln!(out, "{text}").map_err(io)?;
        }
        Ok(())
    };
    line("", &[], 0)?;
    line("", &[Piece::Words("Model answer:".bold().to_string())], 0)?;
    let number_width = sentences.len().to_string().len();
    for (n, (span, points)) in sentences.iter().zip(&marks).enumerate() {
        let sentence = for_terminal(&model[span.0..span.1], false);
        let lead = format!("  {:>number_width$}. ", n + 1);
        line(&lead, &[Piece::Words(sentence)], number_width + 4)?;
        for &p in points {
            let point = &graded.points[p];
            let note = if student_missed(&point.id) {
                format!("  {}", "← you missed this".yellow())
            } else {
                String::new()
            };
            let lead = format!("  {:number_width$}    ", "");
            let text = format!(
                "{} {}  {}{note}",
                "✔".green().bold(),
                for_terminal(&point.id, false).green(),
                for_terminal(&point.label, false)
            );
            line(&lead, &[Piece::Words(text)], number_width + 8)?;
        }
    }
    let unmarked: Vec<&str> = graded
        .points
        .iter()
        .enumerate()
        .filter(|(p, _)| !marks.iter().any(|m| m.contains(p)))
        .map(|(_, point)| &*point.id)
        .collect();
    if !unmarked.is_empty() {
        let text = format!(
            "{} the model answer does not earn: {}",
            "note:".yellow(),
            for_terminal(&unmarked.join(", "), false)
        );
        line("  ", &[Piece::Words(text)], 4)?;
    }
    Ok(())
}

/// For each sentence, the indices of the covered points whose evidence
/// overlaps it (a point whose evidence spans two sentences marks both).
pub fn mark_sentences(sentences: &[Span], report: &Report) -> Vec<Vec<usize>> {
    sentences
        .iter()
        .map(|&(start, end)| {
            report
                .points
                .iter()
                .enumerate()
                .filter(|(_, p)| p.covered)
                .filter(|(_, p)| {
                    p.evidence
                        .as_ref()
                        .is_some_and(|e| e.span.0 < end && start < e.span.1)
                })
                .map(|(n, _)| n)
                .collect()
        })
        .collect()
}
