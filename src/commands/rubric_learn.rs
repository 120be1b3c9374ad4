//! `markpoint rubric learn`: a rubric and marked answers in, proposed edits
//! with their measured effect out, and with `--out` the edited rubric.

use super::marked::{self, Fields};
use super::{stdout_error, Console, Outcome};
use crate::draft::to_json;
use crate::error::{Error, Result};
use crate::learn::{learn, Change, LearnOptions, Learned, MarkedAnswer, Proposal};
use crate::report::Format;
use crate::rubric::{self, Rubric};
use colored::Colorize;
use std::path::{Path, PathBuf};

/// Options of `rubric learn`.
#[derive(Debug, Clone)]
pub struct LearnCommandOptions {
    /// The rubric file to learn edits for.
    pub rubric: PathBuf,
    /// Marked answers: JSON Lines, CSV or TSV files, or folders of them.
    pub responses: Vec<PathBuf>,
    /// Which fields or columns hold what, and which rows to keep.
    pub fields: Fields,
    /// How to learn.
    pub learning: LearnOptions,
    /// Write the edited rubric here (never over the rubric learned from).
    pub out: Option<PathBuf>,
    /// Replace `out` if it exists.
    pub force: bool,
    /// Text or JSON.
    pub format: Format,
}

/// Learns the edits, prints them, and writes the edited rubric when asked.
pub fn run(options: &LearnCommandOptions, console: &mut Console) -> Result<Outcome> {
    let rubric = rubric::parse(&rubric::read_source(&options.rubric)?)?;
    if let Some(out) = &options.out {
        if same_file(out, &options.rubric) {
            return Err(Error::Usage(format!(
                "{}: --out must name a new file, not the rubric learned from",
                out.display()
            )));
        }
        // Refused now, not after learning: write_new would refuse it too.
        if out.exists() && !options.force {
            return Err(super::save::already_exists(out));
        }
    }
    let (answers, bad) = read_answers(options, &rubric, console)?;
    if answers.is_empty() {
        let files: Vec<String> = options
            .responses
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::Usage(format!(
            "{}: no marked answers to question {:?} were found",
            files.join(", "),
            rubric.id
        )));
    }
    let learned = learn(&rubric, &answers, &options.learning)?;
    match options.format {
        Format::Text => render_text(console, &rubric, &learned, options).map_err(stdout_error)?,
        Format::Json | Format::Jsonl => {
            let value = serde_json::json!({
                "question": rubric.id,
                "target": learned.target,
                "learning_answers": learned.sizes.0,
                "held_out_answers": learned.sizes.1,
                "start": {"learning": learned.start.0, "held_out": learned.start.1},
                "end": {"learning": learned.end.0, "held_out": learned.end.1},
                "proposals": learned.proposals,
            });
            let text =
                serde_json::to_string_pretty(&value).map_err(|e| Error::Usage(e.to_string()))?;
            writeln!(console.out, "{text}").map_err(stdout_error)?;
        }
    }
    if let Some(out) = &options.out {
        super::rubric_draft::write_new(out, &to_json(&learned.rubric), options.force)?;
    }
    Ok(if bad > 0 {
        Outcome::SomeInputsBad
    } else {
        Outcome::Success
    })
}

/// Whether two paths name the same file (when the second exists).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The marked answers to this rubric's question; bad records are reported
/// on stderr and counted.
fn read_answers(
    options: &LearnCommandOptions,
    rubric: &Rubric,
    console: &mut Console,
) -> Result<(Vec<MarkedAnswer>, usize)> {
    let mut answers = Vec::new();
    let mut bad = 0;
    for file in marked::response_files(&options.responses)? {
        let note = marked::read_file(&file, &options.fields, &mut |record| {
            match record.response {
                Ok(r) if r.question.as_deref().is_none_or(|q| q == rubric.id) => {
                    answers.push(MarkedAnswer {
                        id: r.id,
                        answer: r.answer,
                        covered: r.covered,
                        score: r.score,
                    });
                }
                Ok(_) => {}
                Err(message) => {
                    bad += 1;
                    marked::report_bad(console, &record.at, &message)?;
                }
            }
            Ok(())
        })?;
        if let Some(note) = note {
            marked::report_note(console, &note)?;
        }
    }
    Ok((answers, bad))
}

fn render_text(
    console: &mut Console,
    rubric: &Rubric,
    learned: &Learned,
    options: &LearnCommandOptions,
) -> std::io::Result<()> {
    let o = &mut *console.out;
    let name = learned.target.name();
    writeln!(
        o,
        "{}: learning from {} marked answers, {} held out to judge each edit; agreement is {name}",
        rubric.id.bold(),
        learned.sizes.0,
        learned.sizes.1
    )?;
    // With nothing held out (`--held-out 0`) there is no held-out figure to give.
    let held_out = learned.sizes.1 > 0;
    let figure = |value: f64| {
        if held_out {
            format!("{value:.3}")
        } else {
            "none".to_string()
        }
    };
    writeln!(
        o,
        "  before   learning {:.3}  held out {}",
        learned.start.0,
        figure(learned.start.1)
    )?;
    for proposal in &learned.proposals {
        writeln!(o, "{}", proposal_line(proposal, held_out))?;
    }
    let kept = learned.proposals.iter().filter(|p| p.kept).count();
    writeln!(
        o,
        "  after    learning {:.3}  held out {}  ({kept} {} kept)",
        learned.end.0,
        figure(learned.end.1),
        if kept == 1 { "edit" } else { "edits" }
    )?;
    match options.out.as_deref() {
        Some(path) => writeln!(o, "wrote the edited rubric to {}", path.display()),
        None if kept > 0 => writeln!(
            o,
            "nothing written: review the edits, then rerun with --out NEW.json to write the edited rubric"
        ),
        // Say why there is nothing to review.
        None if learned.proposals.is_empty() => writeln!(
            o,
            "no edit to propose: no change is backed by {} or more of the answers markpoint marked \
             differently from their marker; more marked answers, or a lower --min-support, give it \
             more to learn from",
            options.learning.min_support
        ),
        None => writeln!(
            o,
            "no edit kept: none brought the learning part closer to its markers without taking the \
             held-out part further; the rubric stays as it is"
        ),
    }
}

/// A proposal: its verdict and edit, then its effect on each part (on the
/// held-out part only when answers were held out).
fn proposal_line(p: &Proposal, held_out: bool) -> String {
    let verdict = if p.kept {
        "kept".green()
    } else {
        "not kept".red()
    };
    let mut text = format!(
        "  {verdict:<8} {}\n{}",
        p.edit.describe(),
        effect_line("learning", &p.learning)
    );
    if held_out {
        text.push('\n');
        text.push_str(&effect_line("held out", &p.held_out));
    }
    text
}

/// One part's line of an edit's effect: agreement, the answers it moves
/// (with a few ids to read), and precision and recall where points are ticked.
fn effect_line(part: &str, change: &Change) -> String {
    let mut line = format!(
        "             {part} {:.3} -> {:.3}: {} {} closer, {} further",
        change.before,
        change.after,
        change.closer,
        if change.closer == 1 {
            "answer"
        } else {
            "answers"
        },
        change.further
    );
    if let (Some(precision), Some(recall)) = (change.precision, change.recall) {
        line.push_str(&format!(
            " (precision {:.3} -> {:.3}, recall {:.3} -> {:.3})",
            precision.before, precision.after, recall.before, recall.after
        ));
    }
    for (kind, ids) in [
        ("closer", &change.examples.closer),
        ("further", &change.examples.further),
    ] {
        if !ids.is_empty() {
            line.push_str(&format!("; {kind}: {}", ids.join(", ")));
        }
    }
    line
}
