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

use super::{pipeline, BatchFormat, BatchOptions};
use crate::commands::{answer_from_bytes, load_rubrics, stderr_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::exam::{self, Answer, StudentResult, TestQuestion};
use crate::matching::{self, CompiledRubric};
use crate::report::class::ClassRow;
use crate::report::{exam as exam_report, exam_html, gradebook, html};
use crate::rubric::Rubric;
use crate::score::{grade, Report};
use crate::text::sanitize::for_terminal;
use output::TestSink;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Students graded together in one chunk (about 256 answers for a 4-question test).
const CHUNK_STUDENTS: usize = 64;

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
}

/// A student graded in order (`seq` from 1), or why they were skipped.
pub(super) type Done = (usize, std::result::Result<Graded, String>);

/// Grades a whole test; exit 2 if any student's row was bad.
pub(super) fn run(options: &BatchOptions, console: &mut Console) -> Result<Outcome> {
    let rubrics = load_rubrics(options.rubrics.as_deref())?;
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
    let mut seq = 0;
    let streamed = pipeline::stream(
        &pool,
        || {
            let chunk = source.read_chunk(CHUNK_STUDENTS);
            chunk
                .into_iter()
                .map(|s| {
                    seq += 1;
                    (seq, s)
                })
                .collect()
        },
        |(seq, submission)| (seq, grade_student(seq, submission, &test, options)),
        |results| sink.write(results, &mut **out, &mut **err),
    );
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

/// Reads, grades and renders one student's answers.
fn grade_student(
    seq: usize,
    submission: Submission,
    test: &Test,
    options: &BatchOptions,
) -> std::result::Result<Graded, String> {
    if let Some(message) = submission.bad {
        return Err(message);
    }
    let mut graded: Vec<Option<(String, Report)>> = Vec::with_capacity(test.questions.len());
    for (slot, cell) in submission.answers.into_iter().enumerate() {
        let Some(cell) = cell else {
            graded.push(None);
            continue;
        };
        let answer = match answer_from_bytes(Path::new(&cell.place), cell.text) {
            Ok(answer) => answer,
            Err(Error::EmptyAnswer { .. }) => {
                graded.push(None);
                continue;
            }
            Err(e) => return Err(e.to_string()),
        };
        let report = catch_unwind(AssertUnwindSafe(|| grade(&test.compiled[slot], &answer)))
            .map_err(|_| {
                format!(
                    "{}: internal error while grading this answer (please report it)",
                    cell.place
                )
            })?;
        graded.push(Some((answer, report)));
    }
    let rows = graded
        .iter()
        .map(|g| match g {
            Some((_, report)) => Answer::Graded(ClassRow::from(report.clone())),
            None => Answer::NotAnswered,
        })
        .collect();
    let student = exam::total(&test.questions, submission.id, rows);
    render(seq, test, options, student, submission.identity, graded)
        .map_err(|e| format!("{}: cannot render the report: {e}", submission.place))
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
    Ok(Graded {
        student,
        rendered,
        html,
    })
}
