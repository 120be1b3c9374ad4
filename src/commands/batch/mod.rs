//! `markpoint batch`: grades many answers (folders of `.txt`/`.md` files,
//! JSON Lines, CSV) and summarises the class.
//!
//! The inputs are streamed in chunks: while the rayon pool grades one chunk
//! (in parallel, results kept in input order), this thread reads the next
//! and writes the one before. Memory therefore stays flat however large the
//! input is: a few chunks are alive at any time, never the whole batch. A
//! bad answer is reported on stderr with its file and line, counted and
//! skipped; the batch exits 2 at the end if there was any.

mod csv_input;
mod input;
mod output;
mod pipeline;
mod progress;
mod record;
mod test;
mod threads;

use super::input::{decode_unmarked, guessed_note};
use super::{answer_from_text, load_rubrics_adding, read_answer, AnswerSource, Console, Outcome};
use crate::error::{Error, Result};
use crate::matching::{self, CompiledRubric};
use crate::report::class::ClassRow;
use crate::report::feedback::{self, FeedbackFormat};
use crate::report::{csv, html, json};
use crate::rubric::{self, Rubric};
use crate::score::{grade, Report};
use input::{Body, Columns, Inputs, Item};
use output::Sink;
use progress::Progress;
use rayon::prelude::*;
use record::parse_record;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use threads::Threads;

/// Most answers graded together in one chunk.
const CHUNK_ANSWERS: usize = 256;

/// About the most input bytes read into one chunk.
const CHUNK_BYTES: u64 = 1 << 20;

/// What `batch` writes on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchFormat {
    /// A table for people, then the class summary.
    #[default]
    Text,
    /// One JSON report per answer (with its `"id"`), in input order.
    Jsonl,
    /// One CSV row per answer (for a whole test, the gradebook).
    Csv,
    /// A whole test: one CSV row per student, identity columns, marks per
    /// question, total, max_total, percent.
    Gradebook,
}

/// Options of `batch`.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// The question id, unless a record names its own; empty for a whole
    /// test (a column per question, or rows naming their question).
    pub question: String,
    /// Folders, JSON Lines files, CSV files; `-` for JSON Lines on stdin.
    pub inputs: Vec<PathBuf>,
    /// What to write on stdout.
    pub format: BatchFormat,
    /// Where to write the HTML report, if anywhere.
    pub html: Option<PathBuf>,
    /// The folder to write one feedback file per answer to, if any.
    pub feedback: Option<PathBuf>,
    /// The form of the feedback files.
    pub feedback_format: FeedbackFormat,
    /// CSV: add an evidence column per point.
    pub csv_evidence: bool,
    /// CSV: add a column of hints for the points missed.
    pub csv_hints: bool,
    /// Exit with status 1 when an answer scores below this percentage.
    pub min_score: Option<f64>,
    /// The CSV column holding ids.
    pub id_column: String,
    /// Whether `--id-column` was given (a whole test otherwise looks for an
    /// email or id column).
    pub id_column_given: bool,
    /// `--map COLUMN=QUESTION` of a whole test, as given.
    pub maps: Vec<String>,
    /// The CSV column holding answers.
    pub answer_column: String,
    /// The CSV cell delimiter (`--delimiter`); `None` to tell it from the header.
    pub delimiter: Option<u8>,
    /// No summary or notes on stderr (errors are still reported).
    pub quiet: bool,
    /// Whether to show a progress bar (stderr is a terminal and not `--quiet`).
    pub progress: bool,
    /// Grading threads; `None` for one per core.
    pub jobs: Option<usize>,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            rubrics: None,
            add_rubrics: Vec::new(),
            question: String::new(),
            inputs: Vec::new(),
            format: BatchFormat::Text,
            html: None,
            feedback: None,
            feedback_format: FeedbackFormat::Text,
            csv_evidence: false,
            csv_hints: false,
            min_score: None,
            id_column: "id".to_string(),
            id_column_given: false,
            maps: Vec::new(),
            answer_column: "answer".to_string(),
            delimiter: None,
            quiet: false,
            progress: false,
            jobs: None,
        }
    }
}

/// Grades every readable answer and writes the results; exit 2 if any was
/// bad, else 1 if any scored below `--min-score`.
pub fn run(options: &BatchOptions, console: &mut Console) -> Result<Outcome> {
    if options.inputs.is_empty() {
        return Err(Error::Usage(
            "batch needs an INPUT: a folder, a .jsonl or .csv file, or - for stdin".to_string(),
        ));
    }
    if options.question.is_empty() {
        return test::run(options, console);
    }
    if options.format == BatchFormat::Gradebook || !options.maps.is_empty() {
        return Err(Error::Usage(
            "--format gradebook and --map grade a whole test: leave out --question".to_string(),
        ));
    }
    if (options.csv_evidence || options.csv_hints) && options.format != BatchFormat::Csv {
        return Err(Error::Usage(
            "--csv-evidence and --csv-hints add CSV columns: use them with --format csv"
                .to_string(),
        ));
    }
    let rubrics = {
        let mut notes = std::io::sink();
        let notes: &mut dyn std::io::Write = if options.quiet {
            &mut notes
        } else {
            &mut *console.err
        };
        let rubrics = load_rubrics_adding(options.rubrics.as_deref(), &options.add_rubrics, notes)?;
        RubricSet::new(rubrics, &options.question)?
    };
    let threads = Threads::start(options.jobs);
    if let Some(note) = &threads.note {
        writeln!(console.err, "markpoint: note: {note}").map_err(|source| Error::Io {
            path: PathBuf::from("<stderr>"),
            source,
        })?;
    }
    let render = Render {
        format: options.format,
        html: options.html.is_some(),
        feedback: options.feedback.as_ref().map(|_| options.feedback_format),
        columns: csv::PointColumns {
            evidence: options.csv_evidence,
            hints: options.csv_hints,
            ..rubrics.default_columns()
        },
    };
    let Console {
        out, err, input, ..
    } = console;
    let mut sink = Sink::new(options, &render.columns)?;
    let mut inputs = Inputs::new(
        options.inputs.clone(),
        Columns {
            id: options.id_column.clone(),
            answer: options.answer_column.clone(),
            keep_extra: options.format == BatchFormat::Csv,
            delimiter: options.delimiter,
        },
    );
    let total = if options.progress {
        Inputs::total_bytes(&options.inputs)
    } else {
        None
    };
    let mut progress = Progress::new(options.progress, total);
    let (rubrics_ref, render_ref, threads_ref) = (&rubrics, &render, &threads);
    let grade_chunk = move |chunk: Vec<Item>| -> Vec<Done> {
        let grade_all = || {
            chunk
                .into_par_iter()
                .map(|item| grade_item(item, rubrics_ref, render_ref))
                .collect()
        };
        match &threads_ref.pool {
            Some(pool) => pool.install(grade_all),
            None => grade_all(),
        }
    };
    let streamed = std::thread::scope(|scope| -> Result<()> {
        let mut pending: Option<std::thread::ScopedJoinHandle<Vec<Done>>> = None;
        loop {
            let chunk = inputs.read_chunk(*input, CHUNK_ANSWERS, CHUNK_BYTES);
            let last = chunk.is_empty();
            let finished = pending.take().map(|handle| handle.join());
            // Graded beside the reading when a thread can be started, here
            // (after the chunk before is written) when not. A refused spawn
            // drops what it was given, so the chunk is handed over shared.
            let mut graded_here = None;
            if !last {
                let shared = Arc::new(Mutex::new(Some(chunk)));
                let handed = Arc::clone(&shared);
                let take = |c: &Mutex<Option<Vec<Item>>>| c.lock().ok().and_then(|mut c| c.take());
                match threads_ref.spawn_scoped(scope, move || {
                    grade_chunk(take(&handed).unwrap_or_default())
                }) {
                    Ok(handle) => pending = Some(handle),
                    Err(_) => graded_here = Some(shared),
                }
            }
            match finished {
                Some(Ok(results)) => sink.write(results, *out, *err, &mut progress)?,
                Some(Err(_)) => {
                    return Err(Error::Usage(
                        "internal error: a grading thread stopped".to_string(),
                    ))
                }
                None => {}
            }
            if let Some(shared) = graded_here {
                let chunk = shared.lock().ok().and_then(|mut c| c.take());
                let results = grade_chunk(chunk.unwrap_or_default());
                sink.write(results, *out, *err, &mut progress)?;
            }
            if last && pending.is_none() {
                return Ok(());
            }
        }
    });
    progress.finish();
    streamed?;
    sink.finish(*out, *err)
}

/// One answer's result, with the input bytes it took.
pub(crate) struct Done {
    /// Input bytes (for progress).
    bytes: u64,
    /// Its position among all items read (from 1).
    seq: usize,
    /// Where it stands: `file` or `file:line`.
    place: String,
    /// A note about the file it came from (its encoding was guessed).
    note: Option<String>,
    /// The graded answer, or why it was skipped.
    result: std::result::Result<Graded, Skipped>,
}

/// An answer that was not graded.
pub(crate) struct Skipped {
    /// Its id, when it could be read.
    id: Option<String>,
    /// Why, naming where (`file:line: …`).
    message: String,
}

/// A graded answer and what the workers rendered for it.
pub(crate) struct Graded {
    /// The answer's id.
    id: String,
    /// The input's other columns (names and cells, in order), kept for CSV.
    extra: Vec<(String, String)>,
    /// What the class table and summary need of its report.
    row: ClassRow,
    /// Its JSON Lines or CSV line (empty for the text table).
    rendered: Vec<u8>,
    /// CSV: where the line's question cell starts, after the id and the
    /// extra cells in the record's own order.
    row_start: usize,
    /// Its HTML table row and answer section, when there is an HTML report.
    html: Option<(Vec<u8>, Vec<u8>)>,
    /// Its feedback file's content, when feedback is written.
    feedback: Option<Vec<u8>>,
}

/// What the workers render, besides grading.
struct Render {
    format: BatchFormat,
    html: bool,
    feedback: Option<FeedbackFormat>,
    columns: csv::PointColumns,
}

/// The rubrics of a batch: the default question compiled at the start,
/// others compiled once, on first use, by whichever worker needs them.
struct RubricSet {
    rubrics: Vec<Rubric>,
    compiled: Vec<OnceLock<std::result::Result<CompiledRubric, String>>>,
    default: usize,
}

impl RubricSet {
    fn new(rubrics: Vec<Rubric>, question: &str) -> Result<RubricSet> {
        let found = rubric::find(&rubrics, question)?;
        let default = rubrics
            .iter()
            .position(|r| std::ptr::eq(r, found))
            .unwrap_or_default();
        let compiled: Vec<_> = rubrics.iter().map(|_| OnceLock::new()).collect();
        let first = matching::compile(&rubrics[default])?;
        let _ = compiled[default].set(Ok(first));
        Ok(RubricSet {
            rubrics,
            compiled,
            default,
        })
    }

    fn default_columns(&self) -> csv::PointColumns {
        let rubric = &self.rubrics[self.default];
        csv::PointColumns {
            question: rubric.id.clone(),
            point_ids: rubric.points.iter().map(|p| p.id.clone()).collect(),
            marks: rubric.has_mark_scheme(),
            ..csv::PointColumns::default()
        }
    }

    /// The compiled rubric of a question (the default one for `None`).
    fn get(&self, question: Option<&str>) -> std::result::Result<&CompiledRubric, String> {
        let index = match question {
            None => self.default,
            Some(id) => {
                let found = rubric::find(&self.rubrics, id).map_err(|e| e.to_string())?;
                self.rubrics
                    .iter()
                    .position(|r| std::ptr::eq(r, found))
                    .unwrap_or(self.default)
            }
        };
        self.compiled[index]
            .get_or_init(|| matching::compile(&self.rubrics[index]).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Reads (where the reader left that to the workers), checks, grades and
/// renders one answer.
fn grade_item(item: Item, rubrics: &RubricSet, render: &Render) -> Done {
    let Item {
        seq,
        place,
        file,
        mut bytes,
        body,
    } = item;
    let mut guessed = false;
    let mut known_id = None;
    let result = (|| {
        let (id, question, answer, extra) = match body {
            Body::Bad { id, message } => {
                known_id = id;
                return Err(message);
            }
            Body::File { id, path } => {
                known_id = Some(id.clone());
                let answer = read_answer(&AnswerSource::File(path), &mut std::io::empty())
                    .map_err(|e| e.to_string())?;
                bytes += answer.text.len() as u64;
                guessed = answer.guessed;
                (id, None, answer.text, Vec::new())
            }
            Body::Json(line) => {
                let decoded =
                    decode_unmarked(line).map_err(|reason| format!("{place}: {reason}"))?;
                guessed = decoded.guessed;
                let keep_extra = render.format == BatchFormat::Csv;
                let record =
                    parse_record(&place, &decoded.text, keep_extra).map_err(|(id, message)| {
                        known_id = id;
                        message
                    })?;
                known_id = Some(record.id.clone());
                let answer = answer_from_text(Path::new(&place), record.answer)
                    .map_err(|e| e.to_string())?;
                (record.id, record.question, answer, record.extra)
            }
            Body::Cells {
                id,
                answer,
                question,
                extra,
                guessed: cells_guessed,
            } => {
                known_id = Some(id.clone());
                guessed = cells_guessed;
                let decoded =
                    decode_unmarked(answer).map_err(|reason| format!("{place}: {reason}"))?;
                guessed |= decoded.guessed;
                let answer =
                    answer_from_text(Path::new(&place), decoded.text).map_err(|e| e.to_string())?;
                (id, question, answer, extra)
            }
        };
        let compiled = rubrics
            .get(question.as_deref())
            .map_err(|message| format!("{place}: {message}"))?;
        let report = catch_unwind(AssertUnwindSafe(|| grade(compiled, &answer))).map_err(|_| {
            format!("{place}: internal error while grading this answer (please report it)")
        })?;
        render_graded(render, seq, id, extra, &answer, report)
            .map_err(|e| format!("{place}: cannot render the report: {e}"))
    })();
    Done {
        bytes,
        seq,
        place,
        note: guessed.then(|| guessed_note(&file)),
        result: result.map_err(|message| Skipped {
            id: known_id,
            message,
        }),
    }
}

/// Renders what the workers render for one graded answer.
fn render_graded(
    render: &Render,
    seq: usize,
    id: String,
    extra: Vec<(String, String)>,
    answer: &str,
    report: Report,
) -> std::io::Result<Graded> {
    let mut rendered = Vec::new();
    let mut row_start = 0;
    match render.format {
        BatchFormat::Text => {}
        BatchFormat::Jsonl => {
            // A report takes about 2 KB, and the quotes come from the answer:
            // room made at once spares the growing and copying.
            rendered.reserve(2048 + 2 * answer.len());
            let mut wire = json::to_json(&report, false);
            wire.id = Some(id.clone());
            wire.status = Some("graded".to_string());
            serde_json::to_writer(&mut rendered, &wire)?;
            rendered.push(b'\n');
        }
        BatchFormat::Csv | BatchFormat::Gradebook => {
            // A row takes a hundred bytes or so: room made at once spares
            // growing the line four or five times.
            rendered.reserve(256);
            let cells: Vec<&str> = extra.iter().map(|(_, cell)| cell.as_str()).collect();
            csv::render_row_start(&mut rendered, &id, &cells)?;
            row_start = rendered.len();
            csv::render_row_rest(&mut rendered, &report, &render.columns)?;
        }
    }
    let html = if render.html {
        let mut row = Vec::new();
        html::render_table_row(&mut row, seq, &id, &report)?;
        let mut section = Vec::new();
        html::render_answer(&mut section, seq, &id, answer, &report)?;
        Some((row, section))
    } else {
        None
    };
    let feedback = match render.feedback {
        Some(format) => {
            let mut file = Vec::new();
            feedback::render(&mut file, format, &id, std::slice::from_ref(&report))?;
            Some(file)
        }
        None => None,
    };
    Ok(Graded {
        id,
        extra,
        row: ClassRow::from(report),
        rendered,
        row_start,
        html,
        feedback,
    })
}
