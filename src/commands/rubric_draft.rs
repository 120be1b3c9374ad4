//! `markpoint rubric draft`: a model answer or a study guide in, draft
//! rubric files (or JSON on stdout) out.
//!
//! With `--from-answer` one rubric is printed, or written to `--out`. With
//! `--from-guide` the drafts are written to `--out-dir`, one `ID.json` per
//! question, or printed as one JSON array. Existing files are never
//! overwritten without `--force`: a teacher may have edited them.

use super::save::{already_exists, save, Existing, Links, SaveRule};
use super::{stdout_error, Console, Outcome};
use crate::draft::{self, DraftOptions};
use crate::error::{Error, Result};
use crate::rubric::Rubric;
use crate::text::sanitize::for_terminal;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What to draft from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftSource {
    /// A model answer (`-` for stdin) and its question.
    Answer {
        /// The model answer file.
        file: PathBuf,
        /// The question it answers.
        question: String,
    },
    /// A study guide.
    Guide {
        /// The guide file.
        file: PathBuf,
    },
}

/// Options of `rubric draft`.
#[derive(Debug, Clone)]
pub struct DraftCommandOptions {
    /// What to draft from.
    pub source: DraftSource,
    /// The question id (`--from-answer` only).
    pub id: Option<String>,
    /// The topic; from the answer's file name or the guide's definition when absent.
    pub topic: Option<String>,
    /// Write the rubric here instead of stdout (`--from-answer`).
    pub out: Option<PathBuf>,
    /// Write one file per rubric into this folder (`--from-guide`).
    pub out_dir: Option<PathBuf>,
    /// Overwrite existing files.
    pub force: bool,
    /// How to draft (its `id` and `topic` come from the fields above).
    pub drafting: DraftOptions,
}

/// Drafts the rubrics and writes them.
pub fn run(options: &DraftCommandOptions, console: &mut Console) -> Result<Outcome> {
    match &options.source {
        DraftSource::Answer { file, question } => {
            let text = read_text(file, console)?;
            let topic = options.topic.clone().or_else(|| {
                (file != Path::new("-"))
                    .then(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .flatten()
            });
            let draft_options = DraftOptions {
                id: options.id.clone(),
                topic,
                ..options.drafting.clone()
            };
            let rubric = draft::draft_rubric(question, &text, &draft_options)
                .map_err(|e| Error::Usage(format!("{}: {e}", display(file))))?;
            let json = draft::to_json(&rubric);
            match &options.out {
                Some(out) => {
                    write_new(out, &json, options.force)?;
                    summary(console, std::slice::from_ref(&rubric), Some(out))?;
                }
                None => console
                    .out
                    .write_all(json.as_bytes())
                    .map_err(stdout_error)?,
            }
        }
        DraftSource::Guide { file } => {
            let text = read_text(file, console)?;
            let fallback = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "the topic".to_string());
            let fail = |e: draft::DraftError| Error::Usage(format!("{}: {e}", display(file)));
            let mut guide = draft::parse_guide(&text, &fallback).map_err(fail)?;
            if let Some(topic) = &options.topic {
                guide.topic = topic.clone();
            }
            let rubrics = draft::draft_guide(&guide, &options.drafting).map_err(fail)?;
            match &options.out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                        path: dir.clone(),
                        source,
                    })?;
                    let paths: Vec<PathBuf> = rubrics
                        .iter()
                        .map(|r| dir.join(format!("{}.json", r.id)))
                        .collect();
                    if !options.force {
                        if let Some(taken) = paths.iter().find(|p| p.exists()) {
                            return Err(already_exists(taken));
                        }
                    }
                    for (rubric, path) in rubrics.iter().zip(&paths) {
                        write_new(path, &draft::to_json(rubric), true)?;
                    }
                    summary(console, &rubrics, Some(dir))?;
                    if !guide.key_facts.is_empty() {
                        note(
                            console,
                            &format!(
                                "{} key facts were read but not drafted: they answer no question",
                                guide.key_facts.len()
                            ),
                        )?;
                    }
                }
                None => console
                    .out
                    .write_all(draft::to_json_array(&rubrics).as_bytes())
                    .map_err(stdout_error)?,
            }
        }
    }
    Ok(Outcome::Success)
}

/// Reads a UTF-8 text file, or stdin for `-`.
fn read_text(file: &Path, console: &mut Console) -> Result<String> {
    let name = display(file);
    let mut bytes = Vec::new();
    let io = |source| Error::Io {
        path: PathBuf::from(&name),
        source,
    };
    if file == Path::new("-") {
        console
            .input
            .take(super::MAX_ANSWER_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| {
                f.take(super::MAX_ANSWER_BYTES as u64 + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(io)?;
    }
    if bytes.len() > super::MAX_ANSWER_BYTES {
        return Err(Error::Usage(format!(
            "{name}: the file is too large (the limit is {} bytes)",
            super::MAX_ANSWER_BYTES
        )));
    }
    let decoded = super::input::decode(&bytes).map_err(|reason| Error::NotText {
        path: PathBuf::from(&name),
        reason,
    })?;
    if decoded.guessed {
        writeln!(
            console.err,
            "markpoint: note: {}",
            super::input::guessed_note(&name)
        )
        .map_err(super::stderr_error)?;
    }
    Ok(decoded.text.trim_start_matches('\u{feff}').to_string())
}

fn display(file: &Path) -> String {
    if file == Path::new("-") {
        "<stdin>".to_string()
    } else {
        file.display().to_string()
    }
}

/// Writes a file whole (see [`save`](super::save)), refusing to replace one unless `force`.
pub(super) fn write_new(path: &Path, text: &str, force: bool) -> Result<()> {
    let rule = SaveRule {
        existing: if force {
            Existing::Replace
        } else {
            Existing::Refuse
        },
        links: Links::WriteThrough,
        durable: true,
    };
    save(path, rule, |out| out.write_all(text.as_bytes())).map(|_| ())
}

/// Tells the teacher what was written and what to do next (on stderr).
fn summary(console: &mut Console, rubrics: &[Rubric], place: Option<&Path>) -> Result<()> {
    for rubric in rubrics {
        note(
            console,
            &format!(
                "drafted {:?}: {} point{}",
                rubric.id,
                rubric.points.len(),
                if rubric.points.len() == 1 { "" } else { "s" }
            ),
        )?;
    }
    if let Some(place) = place {
        note(
            console,
            &format!(
                "next: edit the synonyms in \"concepts\", then run `markpoint rubric lint {}`",
                place.display()
            ),
        )?;
    }
    Ok(())
}

fn note(console: &mut Console, message: &str) -> Result<()> {
    let message = for_terminal(message, false);
    writeln!(console.err, "markpoint: {message}").map_err(|source| Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    })
}
