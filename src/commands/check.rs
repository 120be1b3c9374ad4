//! `markpoint check`: grades one answer (or several files, each in turn).

use super::{
    compiled_question, input::guessed_note, load_rubrics_adding, prompt_answer, read_answer,
    stdout_error, AnswerSource, Console, Outcome,
};
use crate::error::{Error, Result};
use crate::report::{json, text, Format};
use crate::score::{grade, Report};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::path::PathBuf;

/// Options of `check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// The question id.
    pub question: String,
    /// Answer files (`-` for stdin); none means stdin or, at a terminal, a prompt.
    pub files: Vec<PathBuf>,
    /// Text, JSON or JSON Lines.
    pub format: Format,
    /// Exit 1 when an answer scores below this percentage.
    pub min_score: Option<f64>,
    /// Show how each decision was made.
    pub explain: bool,
    /// The width to wrap text reports to; `None`: no wrapping.
    pub width: Option<usize>,
}

/// Grades the answers and writes their reports.
pub fn run(options: &CheckOptions, console: &mut Console) -> Result<Outcome> {
    let compiled = if options.rubrics.is_none() && options.add_rubrics.is_empty() {
        compiled_question(None, &options.question)?
    } else {
        let rubrics = load_rubrics_adding(
            options.rubrics.as_deref(),
            &options.add_rubrics,
            console.err,
        )?;
        crate::matching::compile(crate::rubric::find(&rubrics, &options.question)?)?
    };
    let sources: Vec<AnswerSource> = if options.files.is_empty() {
        vec![AnswerSource::Stdin]
    } else {
        options
            .files
            .iter()
            .map(|f| AnswerSource::from_arg(f))
            .collect()
    };
    if options.format == Format::Json && sources.len() > 1 {
        return Err(Error::Usage(
            "--format json prints one object: use --format jsonl for several files".to_string(),
        ));
    }
    let several = sources.len() > 1;
    let mut outcome = Outcome::Success;
    for (n, source) in sources.iter().enumerate() {
        let answer = if *source == AnswerSource::Stdin
            && options.files.is_empty()
            && console.input_is_terminal
        {
            prompt_answer(console, &compiled.rubric)
        } else {
            read_answer(source, console.input)
        };
        let answer = match answer {
            Ok(answer) => {
                if answer.guessed {
                    let note = guessed_note(&source.name().display().to_string());
                    writeln!(
                        console.err,
                        "markpoint: note: {}",
                        for_terminal(&note, false)
                    )
                    .map_err(stderr_error)?;
                }
                answer.text
            }
            Err(error) if several => {
                let message = for_terminal(&error.to_string(), false);
                writeln!(console.err, "markpoint: error: {message}").map_err(stderr_error)?;
                outcome = outcome.worst(Outcome::SomeInputsBad);
                continue;
            }
            Err(error) => return Err(error),
        };
        let report = grade(&compiled, &answer);
        write_report(options, console, source, &report, several && n > 0).map_err(stdout_error)?;
        if options.min_score.is_some_and(|min| report.percent < min) {
            outcome = outcome.worst(Outcome::Failing);
        }
    }
    // `check` ends when this returns (`main` calls it once): the compiled
    // rubric's thousands of allocations are left to the exit instead of
    // freed one by one, which was 4% of a one-answer check.
    std::mem::forget(compiled);
    Ok(outcome)
}

fn write_report(
    options: &CheckOptions,
    console: &mut Console,
    source: &AnswerSource,
    report: &Report,
    separate: bool,
) -> std::io::Result<()> {
    match options.format {
        Format::Text => {
            if options.files.len() > 1 {
                if separate {
                    writeln!(console.out)?;
                }
                let name = source.name().display().to_string();
                writeln!(
                    console.out,
                    "{}",
                    format!("== {} ==", for_terminal(&name, false)).bold()
                )?;
            }
            text::render_wrapped(console.out, report, options.explain, options.width)
        }
        Format::Json | Format::Jsonl => {
            let mut wire = json::to_json(report, options.explain);
            // A line of JSON Lines always says which answer it is, even alone;
            // a single JSON object (one answer only) needs no id.
            if options.format == Format::Jsonl {
                wire.id = Some(source.name().display().to_string());
            }
            let encoded = if options.format == Format::Json {
                serde_json::to_string_pretty(&wire)
            } else {
                serde_json::to_string(&wire)
            };
            writeln!(console.out, "{}", encoded.map_err(std::io::Error::other)?)
        }
    }
}

fn stderr_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    }
}
