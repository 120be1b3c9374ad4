//! `markpoint list`: the questions available.

use super::{load_rubrics_adding, stdout_error, Console, Outcome};
use crate::error::Result;
use crate::report::Format;
use crate::rubric::{Rubric, BUILTIN};
use crate::text::columns::{pad_end, width};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::path::PathBuf;

/// Options of `list`.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// Text or JSON.
    pub format: Format,
}

/// What `list` shows of a rubric.
struct Entry<'a> {
    id: &'a str,
    topic: &'a str,
    question: &'a str,
    points: usize,
    pass_mark: f64,
}

impl<'a> From<&'a Rubric> for Entry<'a> {
    fn from(r: &'a Rubric) -> Self {
        Entry {
            id: &r.id,
            topic: &r.topic,
            question: &r.question,
            points: r.points.len(),
            pass_mark: r.pass_mark,
        }
    }
}

/// Writes the id, topic and question text of every rubric. The built-in
/// ones come from the index `build.rs` made, without parsing them.
pub fn run(options: &ListOptions, console: &mut Console) -> Result<Outcome> {
    let loaded;
    let rubrics: Vec<Entry> = if options.rubrics.is_none() && options.add_rubrics.is_empty() {
        BUILTIN
            .iter()
            .map(|b| Entry {
                id: b.id,
                topic: b.topic,
                question: b.question,
                points: b.points,
                pass_mark: b.pass_mark,
            })
            .collect()
    } else {
        loaded = load_rubrics_adding(
            options.rubrics.as_deref(),
            &options.add_rubrics,
            console.err,
        )?;
        loaded.iter().map(Entry::from).collect()
    };
    let io = stdout_error;
    match options.format {
        Format::Json | Format::Jsonl => {
            let items: Vec<serde_json::Value> = rubrics
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "topic": r.topic, "question": r.question,
                        "points": r.points, "pass_mark": r.pass_mark,
                    })
                })
                .collect();
            if options.format == Format::Json {
                let text = serde_json::to_string_pretty(&items).unwrap_or_default();
                writeln!(console.out, "{text}").map_err(io)?;
            } else {
                for item in items {
                    writeln!(console.out, "{item}").map_err(io)?;
                }
            }
        }
        Format::Text => {
            let width = rubrics
                .iter()
                .map(|r| width(&for_terminal(r.id, false)))
                .max()
                .unwrap_or(0);
            for r in &rubrics {
                writeln!(
                    console.out,
                    "{}  {}  {}",
                    pad_end(&for_terminal(r.id, false), width).bold(),
                    for_terminal(r.topic, false).dimmed(),
                    for_terminal(r.question, false)
                )
                .map_err(io)?;
            }
        }
    }
    Ok(Outcome::Success)
}
