//! `markpoint progress`: the practice history summarised per question
//! (attempts, best and latest score, a sparkline trend, the points missed
//! most often), as a table or JSON. Broken history lines are skipped with a
//! warning on stderr; the rest still count.

use super::{stderr_error, stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::history::{self, Progress, Score};
use crate::report::text::number;
use crate::report::Format;
use crate::text::columns::{pad_end, pad_start};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::path::PathBuf;

/// Options of `progress`.
#[derive(Debug, Clone, Default)]
pub struct ProgressOptions {
    /// The history file; `None` when there is nowhere to keep one.
    pub history: Option<PathBuf>,
    /// Text, JSON, or JSON Lines (one question per line).
    pub format: Format,
}

/// The JSON document of `progress --format json`.
#[derive(Debug, serde::Serialize)]
struct JsonProgress<'a> {
    /// The history file read.
    history: &'a std::path::Path,
    /// One summary per question, by question id.
    questions: &'a [Progress],
}

/// Reads the history and writes the per-question summaries.
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
    let progress = history::summarise(&loaded.attempts);
    let encode = |result: serde_json::Result<String>| {
        result.map_err(|e| stdout_error(std::io::Error::other(e)))
    };
    match options.format {
        Format::Json => {
            let document = JsonProgress {
                history: path,
                questions: &progress,
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
                for_terminal(&path.display().to_string(), false)
            )
            .map_err(stderr_error)?;
        }
        Format::Text => render_table(console.out, &progress).map_err(stdout_error)?,
    }
    Ok(Outcome::Success)
}

/// The summaries as an aligned table, one question per row.
fn render_table(out: &mut dyn std::io::Write, progress: &[Progress]) -> std::io::Result<()> {
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
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 6]| -> String {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(n, (cell, width))| match n {
                1 => pad_start(cell, width),
                5 => cell.clone(),
                _ => pad_end(cell, width),
            })
            .collect();
        cells.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(&header).bold())?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
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
        render_table(&mut out, &progress).expect("renders");
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
