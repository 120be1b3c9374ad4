//! `markpoint progress`: the practice history summarised per question
//! (attempts, best and latest score, a sparkline trend, the points missed
//! most often), the questions never tried and what to practise next, as a
//! table or JSON; with `--question`, every attempt at one question, and with
//! `--compare`, the latest answer beside an earlier one ([`attempts`]).
//! Broken history lines are skipped with a warning on stderr; the rest
//! still count.

pub mod attempts;

use super::{load_rubrics_adding, stderr_error, stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::history::advice::{self, Suggestion};
use crate::history::{self, Progress, Score};
use crate::report::text::number;
use crate::report::wrap::{fill, Piece};
use crate::report::Format;
use crate::rubric::Rubric;
use crate::text::columns::{self, pad_end, pad_start};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::io::Write;
use std::path::PathBuf;

/// Options of `progress`.
#[derive(Debug, Clone, Default)]
pub struct ProgressOptions {
    /// `--rubrics PATH`, or the built-in rubrics: the questions there are to try.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// The history file; `None` when there is nowhere to keep one.
    pub history: Option<PathBuf>,
    /// Text, JSON, or JSON Lines (one question, or one attempt, per line).
    pub format: Format,
    /// Show every attempt at this question instead of the summary.
    pub question: Option<String>,
    /// With `question`, show the latest answer beside an earlier one: `Some(None)`
    /// the attempt before the latest, `Some(Some(n))` attempt n (from 1).
    pub compare: Option<Option<usize>>,
    /// The width to wrap text to; `None`: no wrapping.
    pub width: Option<usize>,
}

/// The JSON document of `progress --format json`.
#[derive(Debug, serde::Serialize)]
struct JsonProgress<'a> {
    /// The history file read.
    history: &'a std::path::Path,
    /// One summary per question, by question id.
    questions: &'a [Progress],
    /// The questions of the rubrics that no attempt answers, in rubric order.
    never_tried: &'a [String],
    /// What to practise next, if anything.
    suggestion: Option<&'a Suggestion>,
}

/// Reads the history and writes the per-question summaries (or one question's attempts).
pub fn run(options: &ProgressOptions, console: &mut Console) -> Result<Outcome> {
    let Some(path) = &options.history else {
        return Err(Error::Usage(format!(
            "there is no data folder for the history: use --history PATH or {}",
            history::HISTORY_ENV
        )));
    };
    let loaded = history::load(path)?;
    for warning in &loaded.warnings {
        let warning = for_terminal(&warning.to_string(), false);
        writeln!(console.err, "markpoint: warning: {warning}").map_err(stderr_error)?;
    }
    let rubrics = load_rubrics_adding(
        options.rubrics.as_deref(),
        &options.add_rubrics,
        console.err,
    )?;
    if let Some(question) = &options.question {
        return attempts::run(options, console, path, &loaded.attempts, &rubrics, question);
    }
    let progress = history::summarise(&loaded.attempts);
    let ids: Vec<&str> = rubrics.iter().map(|r| r.id.as_str()).collect();
    let never_tried = advice::never_tried(&ids, &loaded.attempts);
    // Only questions that can be practised with these rubrics are suggested.
    let practisable: Vec<history::Attempt> = loaded
        .attempts
        .iter()
        .filter(|a| ids.contains(&a.question.as_str()))
        .cloned()
        .collect();
    let suggestion = advice::suggest(&practisable, &never_tried);
    let encode = |result: serde_json::Result<String>| {
        result.map_err(|e| stdout_error(std::io::Error::other(e)))
    };
    match options.format {
        Format::Json => {
            let document = JsonProgress {
                history: path,
                questions: &progress,
                never_tried: &never_tried,
                suggestion: suggestion.as_ref(),
            };
            let text = encode(serde_json::to_string_pretty(&document))?;
            writeln!(console.out, "{text}").map_err(stdout_error)?;
        }
        Format::Jsonl => {
            for question in &progress {
                let line = encode(serde_json::to_string(question))?;
                writeln!(console.out, "{line}").map_err(stdout_error)?;
            }
        }
        Format::Text if progress.is_empty() => {
            writeln!(
                console.err,
                "No practice yet in {}: start with `markpoint practice`.",
                path.display()
            )
            .map_err(stderr_error)?;
        }
        Format::Text => {
            render_table(console.out, &progress, options.width).map_err(stdout_error)?;
            render_advice(
                console.out,
                &never_tried,
                suggestion.as_ref(),
                &rubrics,
                options.width,
            )
            .map_err(stdout_error)?;
        }
    }
    Ok(Outcome::Success)
}

/// The questions never tried and the suggestion, under the table.
fn render_advice(
    out: &mut dyn Write,
    never_tried: &[String],
    suggestion: Option<&Suggestion>,
    rubrics: &[Rubric],
    width: Option<usize>,
) -> std::io::Result<()> {
    let mut line = |lead: &str, pieces: &[Piece], hang: usize| -> std::io::Result<()> {
        for line in fill(lead, pieces, hang, width) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    };
    let words = |text: String| Piece::Words(text);
    if !never_tried.is_empty() {
        let ids: Vec<String> = never_tried
            .iter()
            .map(|id| for_terminal(id, false))
            .collect();
        line("", &[], 0)?;
        let text = format!("{} {}", "Never tried:".bold(), ids.join(", "));
        line("", &[words(text)], 2)?;
    }
    let Some(suggestion) = suggestion else {
        return Ok(());
    };
    let id = for_terminal(&suggestion.question, false);
    let why = if suggestion.points.is_empty() {
        ", never tried yet"
    } else {
        ", whose latest answer still misses"
    };
    line("", &[], 0)?;
    let pieces = [
        words(format!("{} {id}{why}: ", "Practise next:".bold())),
        // The command is kept on one line, to be copied whole.
        Piece::Quote(format!("`markpoint practice --question {id}`")),
    ];
    line("", &pieces, 2)?;
    let rubric = rubrics.iter().find(|r| r.id == suggestion.question);
    for missed in &suggestion.points {
        let point = rubric.and_then(|r| r.points.iter().find(|p| p.id == missed.id));
        let label = point.map(|p| format!("  {}", p.label)).unwrap_or_default();
        let text = format!(
            "{} {}{label} (missed in {} of {} attempts)",
            "✘".red().bold(),
            for_terminal(&missed.id, false).red(),
            missed.times,
            suggestion.attempts
        );
        line("  ", &[words(text)], 6)?;
        if let Some(point) = point {
            line(
                "      ",
                &[words(format!("{} {}", "add:".bold(), point.hint))],
                11,
            )?;
        }
    }
    Ok(())
}

/// The summaries as an aligned table, one question per row.
fn render_table(
    out: &mut dyn std::io::Write,
    progress: &[Progress],
    width: Option<usize>,
) -> std::io::Result<()> {
    let header = [
        "question",
        "attempts",
        "best",
        "latest",
        "trend",
        "most missed",
    ]
    .map(String::from);
    let rows: Vec<[String; 6]> = progress
        .iter()
        .map(|p| {
            [
                for_terminal(&p.question, false),
                p.attempts.to_string(),
                score(&p.best),
                score(&p.latest),
                p.trend.clone(),
                p.most_missed
                    .iter()
                    .map(|m| format!("{} ×{}", for_terminal(&m.id, false), m.times))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| columns::width(&h));
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(columns::width(cell));
        }
    }
    // The last column, the longest, wraps under itself; the others line up.
    let last_column: usize = widths[..5].iter().map(|w| w + 2).sum();
    let mut line = |row: &[String; 6], bold: bool| -> std::io::Result<()> {
        let cells: Vec<String> = row[..5]
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(n, (cell, width))| match n {
                1 => pad_start(cell, width) + "  ",
                _ => pad_end(cell, width) + "  ",
            })
            .collect();
        let lead = cells.concat();
        // "oxygen ×2" stays together: each item is kept whole.
        let mut pieces = Vec::new();
        for (n, item) in row[5].split(", ").enumerate() {
            if n > 0 {
                pieces.push(Piece::Words(", ".to_string()));
            }
            pieces.push(Piece::Quote(item.to_string()));
        }
        for text in fill(&lead, &pieces, last_column, width) {
            let text = text.trim_end();
            if bold {
                writeln!(out, "{}", text.bold())?;
            } else {
                writeln!(out, "{text}")?;
            }
        }
        Ok(())
    };
    line(&header, true)?;
    for row in &rows {
        line(row, false)?;
    }
    Ok(())
}

/// A score as `3/4 (75%)`.
fn score(score: &Score) -> String {
    format!(
        "{}/{} ({}%)",
        number(score.score),
        number(score.max_score),
        number(score.percent)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Attempt;

    fn attempt(percent: f64, missed: &[&str]) -> Attempt {
        Attempt {
            timestamp: "2025-01-01T00:00:00Z".to_string(),
            question: "photosynthesis".to_string(),
            score: percent / 25.0,
            max_score: 4.0,
            percent,
            covered: Vec::new(),
            missed: missed.iter().map(|s| s.to_string()).collect(),
            answer: None,
        }
    }

    #[test]
    fn the_table_lines_up_and_shows_trend_and_misses() {
        let progress = history::summarise(&[
            attempt(25.0, &["oxygen", "inputs"]),
            attempt(50.0, &["oxygen"]),
            attempt(100.0, &[]),
        ]);
        let mut out = Vec::new();
        render_table(&mut out, &progress, None).expect("renders");
        // The header may be bold, depending on colour settings elsewhere.
        let ansi = regex::Regex::new("\x1b\\[[0-9;]*m").expect("regex");
        let text = ansi
            .replace_all(&String::from_utf8(out).expect("utf-8"), "")
            .into_owned();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "question        attempts  best        latest      trend  most missed"
        );
        assert_eq!(
            lines[1],
            "photosynthesis         3  4/4 (100%)  4/4 (100%)  ▃▅█    oxygen ×2, inputs ×1"
        );
    }
}
