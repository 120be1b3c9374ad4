//! `markpoint batch` without `--question`: a whole test. A wide file (a
//! Google Forms, Microsoft Forms, Moodle or Canvas export: one row per
//! student, one column per question) has its columns mapped to questions
//! by their headers ([`mapping`]); a long file (rows of id, question,
//! answer) is grouped by student ([`long`]). Each student's answers are
//! graded as `check` grades them, added up by the `exam` stage, and
//! written as a table, a gradebook CSV, JSON Lines or an HTML test view.
//!
//! Wide files stream through the same chunked pipeline as `batch`, so
//! memory stays flat; a student who submitted twice is found by a first
//! pass that keeps only each student's last row number.

mod long;
mod mapping;
mod output;
mod sheet;
mod wide;

use super::progress::Progress;
use super::{pipeline, BatchFormat, BatchOptions};
use crate::commands::{answer_from_bytes, load_rubrics_adding, stderr_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::exam::{self, Answer, StudentResult, TestQuestion};
use crate::matching::{self, CompiledRubric};
use crate::report::class::ClassRow;
use crate::report::feedback::FeedbackFormat;
use crate::report::{exam as exam_report, exam_feedback, exam_html, gradebook, html};
use crate::rubric::Rubric;
use crate::score::{grade, Report};
use crate::text::sanitize::for_terminal;
use output::TestSink;
use rayon::prelude::*;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Students graded together in one chunk: enough for long runs of answers
/// to one question (see [`grade_chunk`]), few enough for flat memory (256
/// reached 68 MB on the 100,000-answer bench; 128 stays under 60 MB).
const CHUNK_STUDENTS: usize = 128;

/// A test: its questions in order, compiled, and where their answers come from.
pub(super) struct Test {
    /// The questions, in test order.
    questions: Vec<TestQuestion>,
    /// Their compiled rubrics.
    compiled: Vec<CompiledRubric>,
    /// The column (or question value) each question's answers come from.
    columns: Vec<String>,
    /// The identity columns' headers, in input order.
    identity: Vec<String>,
}

impl Test {
    fn new(
        rubrics: &[Rubric],
        chosen: &[usize],
        columns: Vec<String>,
        identity: Vec<String>,
    ) -> Result<Test> {
        Ok(Test {
            questions: chosen
                .iter()
                .map(|&n| TestQuestion::of(&rubrics[n]))
                .collect(),
            compiled: chosen
                .iter()
                .map(|&n| matching::compile(&rubrics[n]))
                .collect::<Result<_>>()?,
            columns,
            identity,
        })
    }
}

/// One student's answers, read but not graded.
pub(super) struct Submission {
    /// Where it was read (file:line), for messages.
    place: String,
    /// What tells the student apart.
    id: String,
    /// The identity cells, one per [`Test::identity`] header.
    identity: Vec<String>,
    /// One answer per question, `None` where the student gave none.
    answers: Vec<Option<Cell>>,
    /// Why the submission cannot be graded, if it cannot.
    bad: Option<String>,
}

impl Submission {
    fn bad(place: String, message: String) -> Submission {
        Submission {
            place,
            id: String::new(),
            identity: Vec::new(),
            answers: Vec::new(),
            bad: Some(message),
        }
    }
}

/// One answer's text and where it is (file:line: column), for messages.
pub(super) struct Cell {
    place: String,
    text: Vec<u8>,
}

/// A graded student, and what the workers rendered for them.
pub(super) struct Graded {
    /// Their totals and per-question marks.
    student: StudentResult,
    /// Their gradebook row or JSON line.
    rendered: Vec<u8>,
    /// Their HTML table row and answers, when there is an HTML report.
    html: Option<(Vec<u8>, Vec<u8>)>,
    /// Their feedback file's contents, with `--feedback`.
    feedback: Option<Vec<u8>>,
}

/// A student graded in order (`seq` from 1), or why they were skipped.
pub(super) type Done = (usize, std::result::Result<Graded, String>);

/// Grades a whole test; exit 2 if any student's row was bad.
pub(super) fn run(options: &BatchOptions, console: &mut Console) -> Result<Outcome> {
    if options.feedback.is_some() && options.feedback_format != FeedbackFormat::Text {
        return Err(Error::Usage(
            "a whole test's feedback files are plain text: leave out --feedback-format".to_string(),
        ));
    }
    let rubrics = {
        let mut sink = std::io::sink();
        let notes: &mut dyn Write = if options.quiet {
            &mut sink
        } else {
            &mut *console.err
        };
        load_rubrics_adding(options.rubrics.as_deref(), &options.add_rubrics, notes)?
    };
    let overrides = options
        .maps
        .iter()
        .map(|m| mapping::parse_override(m))
        .collect::<Result<Vec<_>>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the grading threads: {e}")))?;
    let Console {
        out, err, input, ..
    } = console;
    let mut notes = Notes {
        err: &mut **err,
        quiet: options.quiet,
    };
    let (test, mut source) = match wide::input(options)? {
        Some(path) => {
            let (test, wide) = wide::open(path, options, &rubrics, &overrides, &mut notes)?;
            (test, Source::Wide(Box::new(wide)))
        }
        None => {
            let (test, long) = long::read(options, &rubrics, &overrides, &mut **input, &mut notes)?;
            (test, Source::Long(long.into_iter()))
        }
    };
    let mut sink = TestSink::new(options, &test, &mut **out)?;
    let mut progress = Progress::new(options.progress, None);
    let mut next_seq = 1;
    let streamed = pipeline::stream(
        &pool,
        || {
            let chunk = source.read_chunk(CHUNK_STUDENTS);
            let first = next_seq;
            next_seq += chunk.len();
            if chunk.is_empty() {
                Vec::new()
            } else {
                vec![(first, chunk)]
            }
        },
        |(first, chunk)| grade_chunk(first, chunk, &test, options),
        |chunks| {
            for results in chunks {
                sink.write(results, &mut **out, &mut **err, &mut progress)?;
            }
            Ok(())
        },
    );
    progress.finish();
    streamed?;
    let skipped = sink.skipped_any();
    sink.finish(&mut **out, &mut **err)?;
    Ok(if skipped {
        Outcome::SomeInputsBad
    } else {
        Outcome::Success
    })
}

/// Where the students come from.
enum Source {
    Wide(Box<wide::Wide>),
    Long(std::vec::IntoIter<Submission>),
}

impl Source {
    fn read_chunk(&mut self, students: usize) -> Vec<Submission> {
        match self {
            Source::Wide(wide) => wide.read_chunk(students),
            Source::Long(long) => long.by_ref().take(students).collect(),
        }
    }
}

/// Notes and warnings on stderr (notes are left out with `--quiet`).
pub(super) struct Notes<'e> {
    err: &'e mut dyn Write,
    quiet: bool,
}

impl Notes<'_> {
    /// A note, unless `--quiet`.
    fn note(&mut self, text: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(self.err, "markpoint: {}", for_terminal(text, false)).map_err(stderr_error)
    }

    /// A warning, always.
    fn warn(&mut self, text: &str) -> Result<()> {
        writeln!(
            self.err,
            "markpoint: warning: {}",
            for_terminal(text, false)
        )
        .map_err(stderr_error)
    }
}

/// Says which column (or question value) went to which question.
fn announce(notes: &mut Notes, name: &str, lines: &[String], passed: &[String]) -> Result<()> {
    notes.note(&format!("{name}: the test's questions:"))?;
    for line in lines {
        notes.note(&format!("  {line}"))?;
    }
    if !passed.is_empty() {
        notes.note(&format!("{name}: passed through: {}", passed.join(", ")))?;
    }
    Ok(())
}

/// A graded answer, `None` for one left empty: what the class view needs
/// of its report, and the answer and report themselves when an output
/// shows them (JSON Lines, HTML), so that the rest is freed at once.
type GradedAnswer = Option<(ClassRow, Option<(String, Report)>)>;

/// Grades a chunk of students and renders each. The answers are graded
/// question by question (all the chunk's answers to the first question,
/// then the second…), not student by student: a grading thread's word
/// caches then serve one rubric at a time, as in a single-question batch,
/// where interleaving four rubrics cost a third more time.
fn grade_chunk(
    first_seq: usize,
    chunk: Vec<Submission>,
    test: &Test,
    options: &BatchOptions,
) -> Vec<Done> {
    let questions = test.questions.len();
    let keep = options.format == BatchFormat::Jsonl
        || options.html.is_some()
        || options.feedback.is_some();
    let mut jobs: Vec<(usize, usize, Cell)> = Vec::with_capacity(chunk.len() * questions);
    let mut students = Vec::with_capacity(chunk.len());
    for (n, mut submission) in chunk.into_iter().enumerate() {
        for (slot, cell) in std::mem::take(&mut submission.answers)
            .into_iter()
            .enumerate()
        {
            if let Some(cell) = cell {
                jobs.push((n, slot, cell));
            }
        }
        students.push(submission);
    }
    jobs.sort_by_key(|(_, slot, _)| *slot);
    let graded: Vec<(usize, usize, std::result::Result<GradedAnswer, String>)> = jobs
        .into_par_iter()
        .map(|(n, slot, cell)| (n, slot, grade_answer(&test.compiled[slot], cell, keep)))
        .collect();
    let mut answers: Vec<Vec<GradedAnswer>> = students
        .iter()
        .map(|_| (0..questions).map(|_| None).collect())
        .collect();
    let mut errors: Vec<Option<String>> = students.iter().map(|_| None).collect();
    for (n, slot, result) in graded {
        match result {
            Ok(answer) => answers[n][slot] = answer,
            Err(message) => {
                errors[n].get_or_insert(message);
            }
        }
    }
    students
        .into_par_iter()
        .zip(answers)
        .zip(errors)
        .enumerate()
        .map(|(n, ((submission, graded), error))| {
            let seq = first_seq + n;
            let result = match (submission.bad, error) {
                (Some(message), _) | (None, Some(message)) => Err(message),
                (None, None) => {
                    let place = submission.place;
                    total_and_render(
                        seq,
                        test,
                        options,
                        submission.id,
                        submission.identity,
                        graded,
                    )
                    .map_err(|e| format!("{place}: cannot render the report: {e}"))
                }
            };
            (seq, result)
        })
        .collect()
}

/// Grades one answer as `check` would; an empty one is not answered.
/// `keep` keeps the answer and its report.
fn grade_answer(
    compiled: &CompiledRubric,
    cell: Cell,
    keep: bool,
) -> std::result::Result<GradedAnswer, String> {
    let answer = match answer_from_bytes(Path::new(&cell.place), cell.text) {
        Ok(answer) => answer.text,
        Err(Error::EmptyAnswer { .. }) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let report = catch_unwind(AssertUnwindSafe(|| grade(compiled, &answer))).map_err(|_| {
        format!(
            "{}: internal error while grading this answer (please report it)",
            cell.place
        )
    })?;
    Ok(Some(if keep {
        (ClassRow::from(report.clone()), Some((answer, report)))
    } else {
        (ClassRow::from(report), None)
    }))
}

/// Adds up a student's graded answers and renders the result.
fn total_and_render(
    seq: usize,
    test: &Test,
    options: &BatchOptions,
    id: String,
    identity: Vec<String>,
    graded: Vec<GradedAnswer>,
) -> std::io::Result<Graded> {
    let mut rows = Vec::with_capacity(graded.len());
    let mut full = Vec::with_capacity(graded.len());
    for answer in graded {
        match answer {
            Some((row, kept)) => {
                rows.push(Answer::Graded(row));
                full.push(kept);
            }
            None => {
                rows.push(Answer::NotAnswered);
                full.push(None);
            }
        }
    }
    let student = exam::total(&test.questions, id, rows);
    render(seq, test, options, student, identity, full)
}

/// Renders what the workers render for one graded student.
fn render(
    seq: usize,
    test: &Test,
    options: &BatchOptions,
    student: StudentResult,
    identity: Vec<String>,
    graded: Vec<Option<(String, Report)>>,
) -> std::io::Result<Graded> {
    let reports: Vec<Option<Report>> =
        if options.format == BatchFormat::Jsonl || options.feedback.is_some() {
            graded
                .iter()
                .map(|g| g.as_ref().map(|(_, r)| r.clone()))
                .collect()
        } else {
            Vec::new()
        };
    let mut rendered = Vec::new();
    match options.format {
        BatchFormat::Text => {}
        BatchFormat::Gradebook | BatchFormat::Csv => {
            gradebook::render_row(&mut rendered, &identity, &student)?;
        }
        BatchFormat::Jsonl => {
            let reports: Vec<Option<Report>> = graded
                .iter()
                .map(|g| g.as_ref().map(|(_, r)| r.clone()))
                .collect();
            let named = test
                .identity
                .iter()
                .cloned()
                .zip(identity.iter().cloned())
                .collect();
            let wire =
                exam_report::to_json(&student, named, &test.questions, &test.columns, &reports);
            serde_json::to_writer(&mut rendered, &wire)?;
            rendered.push(b'\n');
        }
    }
    let html = if options.html.is_some() {
        let first_answer = (seq - 1) * test.questions.len() + 1;
        let mut row = Vec::new();
        exam_html::render_table_row(&mut row, seq, first_answer, &student)?;
        let mut answers = Vec::new();
        for (n, g) in graded.iter().enumerate() {
            if let Some((answer, report)) = g {
                html::render_answer(&mut answers, first_answer + n, &student.id, answer, report)?;
            }
        }
        Some((row, answers))
    } else {
        None
    };
    let feedback = match options.feedback {
        Some(_) => {
            let mut text = Vec::new();
            exam_feedback::render(&mut text, &student, &test.questions, &reports)?;
            Some(text)
        }
        None => None,
    };
    Ok(Graded {
        student,
        rendered,
        html,
        feedback,
    })
}
