//! `markpoint progress --question ID`: every attempt at one question (when,
//! score, points missed), and with `--compare` the latest answer beside an
//! earlier one, with the points only one of them earned.
//!
//! Side by side needs room: two columns of at least [`MIN_COLUMN`] characters.
//! On a narrower terminal, or on a pipe (no width), the two answers are shown
//! one after the other instead. Answers are untrusted text: they pass through
//! [`for_terminal`] (newlines kept) before they are shown.

use super::ProgressOptions;
use crate::commands::{stderr_error, stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::history::Attempt;
use crate::report::text::number;
use crate::report::wrap::{fill, Piece};
use crate::report::Format;
use crate::rubric::{self, Rubric};
use crate::text::columns::{self, pad_end, pad_start};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::io::Write;
use std::path::Path;
use textwrap::core::display_width;

/// Narrowest column an answer is shown in side by side.
pub const MIN_COLUMN: usize = 30;

/// Between the two columns.
const GUTTER: &str = " │ ";

/// The JSON document of `progress --question ID --format json`.
#[derive(Debug, serde::Serialize)]
struct JsonAttempts<'a> {
    /// The history file read.
    history: &'a Path,
    /// The question id.
    question: &'a str,
    /// Every attempt at it, oldest first, answers included where kept.
    attempts: &'a [&'a Attempt],
}

/// Lists the attempts at `question` (and compares two when asked).
pub fn run(
    options: &ProgressOptions,
    console: &mut Console,
    path: &Path,
    all: &[Attempt],
    rubrics: &[Rubric],
    question: &str,
) -> Result<Outcome> {
    let attempts: Vec<&Attempt> = all.iter().filter(|a| a.question == question).collect();
    if attempts.is_empty() {
        // A question of the rubrics not tried yet is no error; an unknown one is.
        rubric::find(rubrics, question)?;
    }
    let compared = match options.compare {
        Some(wanted) => Some(earlier_to_compare(&attempts, question, wanted)?),
        None => None,
    };
    let encode = |result: serde_json::Result<String>| {
        result.map_err(|e| stdout_error(std::io::Error::other(e)))
    };
    let out = &mut *console.out;
    match options.format {
        Format::Json => {
            let document = JsonAttempts {
                history: path,
                question,
                attempts: &attempts,
            };
            let text = encode(serde_json::to_string_pretty(&document))?;
            writeln!(out, "{text}").map_err(stdout_error)?;
        }
        Format::Jsonl => {
            for attempt in &attempts {
                let line = encode(serde_json::to_string(attempt))?;
                writeln!(out, "{line}").map_err(stdout_error)?;
            }
        }
        Format::Text if attempts.is_empty() => {
            writeln!(
                console.err,
                "No attempts at {q} yet: start with `markpoint practice --question {q}`.",
                q = for_terminal(question, false)
            )
            .map_err(stderr_error)?;
        }
        Format::Text => {
            let text = rubrics.iter().find(|r| r.id == question);
            render_list(out, question, text, &attempts, options.width).map_err(stdout_error)?;
            if let Some(earlier) = compared {
                writeln!(out).map_err(stdout_error)?;
                render_comparison(out, &attempts, earlier, options.width).map_err(stdout_error)?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// The index of the attempt to compare with the latest: attempt `wanted`
/// (from 1), or the one before the latest.
fn earlier_to_compare(
    attempts: &[&Attempt],
    question: &str,
    wanted: Option<usize>,
) -> Result<usize> {
    let count = attempts.len();
    let question = for_terminal(question, false);
    match wanted {
        _ if count < 2 => Err(Error::Usage(format!(
            "--compare needs two attempts at {question}; there {}",
            if count == 1 { "is one" } else { "are none" }
        ))),
        None => Ok(count - 2),
        Some(n) if n >= 1 && n < count => Ok(n - 1),
        Some(n) if n == count => Err(Error::Usage(format!(
            "attempt {n} is the latest at {question}: compare it with an earlier one (1 to {})",
            count - 1
        ))),
        Some(n) => Err(Error::Usage(format!(
            "there is no attempt {n} at {question}: there are {count}"
        ))),
    }
}

/// One row per attempt: number, time, score, points missed.
fn render_list(
    out: &mut dyn Write,
    question: &str,
    rubric: Option<&Rubric>,
    attempts: &[&Attempt],
    width: Option<usize>,
) -> std::io::Result<()> {
    let mut title = format!("{}:", for_terminal(question, false))
        .bold()
        .to_string();
    if let Some(rubric) = rubric {
        title = format!("{title} {}", for_terminal(&rubric.question, false));
    }
    for line in fill("", &[Piece::Words(title)], 2, width) {
        writeln!(out, "{line}")?;
    }
    let number_width = attempts.len().to_string().len().max(1);
    let scores: Vec<String> = attempts.iter().map(|a| score(a)).collect();
    let score_width = scores
        .iter()
        .map(|s| columns::width(s))
        .max()
        .unwrap_or(0)
        .max(5);
    let when_width = attempts
        .iter()
        .map(|a| columns::width(&for_terminal(&a.timestamp, false)))
        .max()
        .unwrap_or(0)
        .max(4);
    let header = format!(
        "{}  {}  {}  missed",
        pad_start("#", number_width),
        pad_end("when", when_width),
        pad_end("score", score_width)
    );
    writeln!(out, "{}", header.bold())?;
    let hang = number_width + when_width + score_width + 6;
    for (n, (attempt, score)) in attempts.iter().zip(&scores).enumerate() {
        let lead = format!(
            "{}  {}  {}  ",
            pad_start(&(n + 1).to_string(), number_width),
            pad_end(&for_terminal(&attempt.timestamp, false), when_width),
            pad_end(score, score_width)
        );
        let missed = if attempt.missed.is_empty() {
            "nothing".to_string()
        } else {
            for_terminal(&attempt.missed.join(", "), false)
        };
        for line in fill(&lead, &[Piece::Words(missed)], hang, width) {
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

/// The answer of attempt `earlier` beside the latest one, then the points
/// only one of them earned.
fn render_comparison(
    out: &mut dyn Write,
    attempts: &[&Attempt],
    earlier: usize,
    width: Option<usize>,
) -> std::io::Result<()> {
    let latest = attempts.len() - 1;
    let heading = |n: usize| {
        let attempt = attempts[n];
        let which = if n == latest { ", the latest" } else { "" };
        format!(
            "attempt {}{which}: {} ({})",
            n + 1,
            score(attempt),
            for_terminal(&attempt.timestamp, false)
        )
    };
    let text = |n: usize| match &attempts[n].answer {
        Some(answer) => for_terminal(answer.trim(), true),
        None => "(not kept: this attempt was recorded before markpoint kept answers)".to_string(),
    };
    let (left, right) = (
        (heading(earlier), text(earlier)),
        (heading(latest), text(latest)),
    );
    match width.map(|w| w.saturating_sub(GUTTER.len()) / 2) {
        Some(column) if column >= MIN_COLUMN => side_by_side(out, &left, &right, column)?,
        _ => {
            for (n, (heading, text)) in [left, right].iter().enumerate() {
                if n > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{}", format!("== {heading} ==").bold())?;
                for line in wrap_answer(text, width) {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    writeln!(out)?;
    let only = |a: &Attempt, b: &Attempt| -> Vec<String> {
        a.covered
            .iter()
            .filter(|id| !b.covered.contains(id))
            .map(|id| for_terminal(id, false))
            .collect()
    };
    let (first, last) = (attempts[earlier], attempts[latest]);
    let lost = only(first, last);
    let gained = only(last, first);
    let mut line = |text: String| -> std::io::Result<()> {
        for line in fill("", &[Piece::Words(text)], 2, width) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    };
    if lost.is_empty() && gained.is_empty() {
        line("Both earned the same points.".to_string())?;
    }
    if !gained.is_empty() {
        line(format!(
            "{} {}",
            "Earned only in the latest:".green(),
            gained.join(", ")
        ))?;
    }
    if !lost.is_empty() {
        line(format!(
            "{} {}",
            format!("Earned only in attempt {}:", earlier + 1).yellow(),
            lost.join(", ")
        ))?;
    }
    Ok(())
}

/// Two (heading, answer) pairs in columns `column` wide.
fn side_by_side(
    out: &mut dyn Write,
    left: &(String, String),
    right: &(String, String),
    column: usize,
) -> std::io::Result<()> {
    // The headings take as many lines on both sides, so that the rules and
    // the answers below them start on the same row.
    let headings = (
        wrap_answer(&left.0, Some(column)),
        wrap_answer(&right.0, Some(column)),
    );
    let rows = headings.0.len().max(headings.1.len());
    let lines = |mut heading: Vec<String>, text: &str| -> Vec<String> {
        heading.resize(rows, String::new());
        heading.push("─".repeat(column));
        heading.extend(wrap_answer(text, Some(column)));
        heading
    };
    let (left, right) = (lines(headings.0, &left.1), lines(headings.1, &right.1));
    for n in 0..left.len().max(right.len()) {
        let l = left.get(n).map_or("", String::as_str);
        let r = right.get(n).map_or("", String::as_str);
        let pad = column.saturating_sub(display_width(l));
        let gap = " ".repeat(pad);
        writeln!(out, "{}", format!("{l}{gap}{GUTTER}{r}").trim_end())?;
    }
    Ok(())
}

/// An answer's lines (its own line breaks kept) wrapped to `width`; a word
/// wider than the column is broken, so that columns stay aligned.
fn wrap_answer(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return text.lines().map(str::to_string).collect();
    };
    let options = textwrap::Options::new(width.max(1))
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    text.lines()
        .flat_map(|line| {
            if line.trim().is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(line, &options)
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect()
            }
        })
        .collect()
}

/// A score as `3/4 (75%)`.
fn score(attempt: &Attempt) -> String {
    format!(
        "{}/{} ({}%)",
        number(attempt.score + 0.0),
        number(attempt.max_score),
        number(attempt.percent + 0.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(answer: Option<&str>, covered: &[&str]) -> Attempt {
        Attempt {
            timestamp: "2025-01-01T00:00:00Z".to_string(),
            question: "q".to_string(),
            score: covered.len() as f64,
            max_score: 3.0,
            percent: covered.len() as f64 * 100.0 / 3.0,
            covered: covered.iter().map(|s| s.to_string()).collect(),
            missed: Vec::new(),
            answer: answer.map(str::to_string),
        }
    }

    /// Rendered text without colour codes (colour depends on settings elsewhere).
    fn plain(bytes: Vec<u8>) -> String {
        let ansi = regex::Regex::new("\x1b\\[[0-9;]*m").expect("regex");
        ansi.replace_all(&String::from_utf8(bytes).expect("utf-8"), "")
            .into_owned()
    }

    #[test]
    fn compare_picks_the_attempt_before_the_latest_or_the_one_named() {
        let a = attempt(None, &[]);
        let three = [&a, &a, &a];
        assert_eq!(earlier_to_compare(&three, "q", None).ok(), Some(1));
        assert_eq!(earlier_to_compare(&three, "q", Some(1)).ok(), Some(0));
        let latest = earlier_to_compare(&three, "q", Some(3)).expect_err("the latest");
        assert!(latest.to_string().contains("is the latest"), "{latest}");
        let beyond = earlier_to_compare(&three, "q", Some(9)).expect_err("no such attempt");
        assert!(beyond.to_string().contains("there are 3"), "{beyond}");
        assert!(earlier_to_compare(&[&a], "q", None).is_err());
    }

    #[test]
    fn answers_stand_side_by_side_when_there_is_room_and_one_after_the_other_when_not() {
        let first = attempt(Some("Plants make sugar."), &["sugar"]);
        let second = attempt(Some("Plants release oxygen\nfrom water."), &["oxygen"]);
        let attempts = [&first, &second];
        let mut wide = Vec::new();
        render_comparison(&mut wide, &attempts, 0, Some(80)).expect("renders");
        let wide = plain(wide);
        let row = wide
            .lines()
            .find(|l| l.contains("Plants make sugar."))
            .expect("a row with the earlier answer");
        assert!(row.contains(" │ Plants release oxygen"), "{wide}");
        assert!(wide.contains("Earned only in the latest: oxygen"), "{wide}");
        assert!(wide.contains("Earned only in attempt 1: sugar"), "{wide}");

        let mut narrow = Vec::new();
        render_comparison(&mut narrow, &attempts, 0, None).expect("renders");
        let narrow = plain(narrow);
        assert!(!narrow.contains('│'), "{narrow}");
        let earlier = narrow.find("== attempt 1").expect("earlier heading");
        let latest = narrow
            .find("== attempt 2, the latest")
            .expect("latest heading");
        assert!(earlier < latest);
        assert!(
            narrow.contains("Plants release oxygen\nfrom water."),
            "{narrow}"
        );
    }

    #[test]
    fn an_attempt_without_its_answer_says_so() {
        let old = attempt(None, &[]);
        let new = attempt(Some("New answer."), &[]);
        let mut out = Vec::new();
        render_comparison(&mut out, &[&old, &new], 0, None).expect("renders");
        let out = plain(out);
        assert!(out.contains("(not kept"), "{out}");
        assert!(out.contains("Both earned the same points."), "{out}");
    }
}
