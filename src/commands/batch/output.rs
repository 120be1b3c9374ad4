//! Writing a batch's results, in input order, as they come: the table (or
//! the JSON Lines / CSV rows the workers rendered) on stdout, bad answers on
//! stderr and as `skipped` rows in every output, notes about guessed
//! encodings and warnings about duplicate ids on stderr, one feedback file
//! per answer, and the HTML report through spool files, because its summary
//! comes first but is only known at the end.
//!
//! The HTML report is assembled in a temporary file beside the target
//! ([`NewFile`]) and renamed over it only when complete, so a crash never
//! leaves half a report. Its spools have no name in the file system at
//! all ([`save::scratch_file`]), so nothing can be planted in their place
//! and nothing is left behind however the batch ends.
//!
//! A closed stdout (`markpoint batch … --html r.html | head`) stops the
//! batch at once when stdout was all it wrote; when it also writes the
//! HTML report or feedback files, those are finished and stdout is left
//! alone.

use super::progress::Progress;
use super::{BatchFormat, BatchOptions, Done, Graded, Skipped};
use crate::commands::feedback::FeedbackFolder;
use crate::commands::save::{self, NewFile, SaveRule};
use crate::commands::{stderr_error, stdout_error, Outcome};
use crate::error::Result;
use crate::report::class::{self, ClassSummary};
use crate::report::text::number;
use crate::report::{csv, html, json};
use crate::text::sanitize::for_terminal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// Where the results go, and what has been counted so far.
pub struct Sink<'o> {
    options: &'o BatchOptions,
    columns: &'o csv::PointColumns,
    summary: ClassSummary,
    graded: usize,
    skipped: usize,
    /// Answers below `--min-score`.
    below_min: usize,
    /// The question whose table heading was written last (text format).
    heading: Option<String>,
    /// The width of the id column (text format), fixed by the first results.
    id_width: Option<usize>,
    /// The input's own columns passed through to the CSV, fixed (and the
    /// header written) at the first answer graded.
    extra_columns: Option<Vec<String>>,
    html: Option<HtmlReport>,
    feedback: Option<FeedbackFolder>,
    /// Feedback files written, and those that could not be.
    feedback_written: usize,
    feedback_failed: usize,
    /// Whether stdout was closed by its reader while files are still being written.
    stdout_closed: bool,
    /// Whether the note about CSV point columns of other questions was given.
    noted_other_question: bool,
    /// Whether the note about extra columns not in the CSV header was given.
    noted_extra_columns: bool,
    /// CSV rows of answers skipped before any was graded (their ids and
    /// reasons), held until the header's extra columns are known.
    early_skipped: Vec<(Option<String>, String)>,
    /// Where each question's ids were first seen (keyed `question NUL id`),
    /// to warn about duplicates.
    seen_ids: FxHashMap<Box<str>, Box<str>>,
    /// The notes given, so that a file's note is given once.
    notes: FxHashSet<String>,
}

/// The files a batch writes beside its output: the HTML report (`--html`)
/// and the feedback folder (`--feedback`), each when asked for.
pub fn open_files(options: &BatchOptions) -> Result<(Option<HtmlReport>, Option<FeedbackFolder>)> {
    let html = match &options.html {
        Some(target) => Some(HtmlReport::create(target)?),
        None => None,
    };
    let feedback = match &options.feedback {
        Some(folder) => Some(FeedbackFolder::create(folder, options.feedback_format)?),
        None => None,
    };
    Ok((html, feedback))
}

/// Most CSV rows of skipped answers held before the header is written
/// without extra columns.
const MAX_EARLY_SKIPPED: usize = 1000;

impl<'o> Sink<'o> {
    /// Prepares the outputs: the HTML report's files, the feedback folder.
    pub fn new(options: &'o BatchOptions, columns: &'o csv::PointColumns) -> Result<Sink<'o>> {
        let (html, feedback) = open_files(options)?;
        Ok(Sink {
            options,
            columns,
            summary: ClassSummary::default(),
            graded: 0,
            skipped: 0,
            below_min: 0,
            heading: None,
            id_width: None,
            extra_columns: None,
            html,
            feedback,
            feedback_written: 0,
            feedback_failed: 0,
            stdout_closed: false,
            noted_other_question: false,
            noted_extra_columns: false,
            early_skipped: Vec::new(),
            seen_ids: FxHashMap::default(),
            notes: FxHashSet::default(),
        })
    }

    /// Writes to stdout, unless its reader has gone while files are being written.
    fn write_stdout(
        &mut self,
        out: &mut dyn Write,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        if self.stdout_closed {
            return Ok(());
        }
        match write(out) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.writes_files() => {
                self.stdout_closed = true;
                Ok(())
            }
            result => result.map_err(stdout_error),
        }
    }

    /// Whether the batch writes files besides stdout (which a closed stdout must not stop).
    fn writes_files(&self) -> bool {
        self.html.is_some() || self.feedback.is_some()
    }

    /// Writes one chunk of results, in order.
    pub fn write(
        &mut self,
        results: Vec<Done>,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        progress.advance(results.len() as u64, results.iter().map(|d| d.bytes).sum());
        if self.id_width.is_none() {
            let ids = results
                .iter()
                .filter_map(|d| d.result.as_ref().ok())
                .map(|g| g.id.as_str());
            self.id_width = Some(class::id_width(ids));
        }
        for done in results {
            if let Some(note) = done.note {
                if !self.options.quiet && self.notes.insert(note.clone()) {
                    progress
                        .suspend(|| {
                            writeln!(err, "markpoint: note: {}", for_terminal(&note, false))
                        })
                        .map_err(stderr_error)?;
                }
            }
            match done.result {
                Ok(graded) => {
                    let question = graded.row.question.clone();
                    self.check_duplicate(&question, &graded.id, &done.place, err, progress)?;
                    self.write_graded(graded, out, err, progress)?
                }
                Err(skipped) => self.write_skipped(done.seq, skipped, out, err, progress)?,
            }
        }
        Ok(())
    }

    /// Warns when `id` was graded before for the same question, naming
    /// both places (one student may answer several questions).
    fn check_duplicate(
        &mut self,
        question: &str,
        id: &str,
        place: &str,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        let key = format!("{question}\0{id}");
        match self.seen_ids.get(key.as_str()) {
            Some(first) => progress
                .suspend(|| {
                    writeln!(
                        err,
                        "markpoint: warning: duplicate id {}: {} and {}",
                        for_terminal(&format!("{id:?}"), false),
                        for_terminal(first, false),
                        for_terminal(place, false)
                    )
                })
                .map_err(stderr_error),
            None => {
                self.seen_ids.insert(key.into(), place.into());
                Ok(())
            }
        }
    }

    /// Reports a skipped answer on stderr and writes its row in every output.
    fn write_skipped(
        &mut self,
        seq: usize,
        skipped: Skipped,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        self.skipped += 1;
        let Skipped { id, message } = skipped;
        progress
            .suspend(|| writeln!(err, "markpoint: error: {}", for_terminal(&message, false)))
            .map_err(stderr_error)?;
        if let Some(spool) = &mut self.html {
            let mut row = Vec::new();
            html::render_skipped_row(&mut row, seq, id.as_deref(), &message)
                .map_err(|e| spool.page.error(e))?;
            spool.append(&row, &[])?;
        }
        let id_width = self.id_width.unwrap_or(class::MAX_ID_WIDTH);
        match self.options.format {
            BatchFormat::Text => self.write_stdout(out, |out| {
                class::render_skipped_row(out, id.as_deref(), &message, id_width)
            }),
            BatchFormat::Jsonl => self.write_stdout(out, |out| {
                let line = json::JsonSkipped::new(id.as_deref(), &message);
                serde_json::to_writer(&mut *out, &line)
                    .map_err(io::Error::other)
                    .and_then(|()| writeln!(out))
            }),
            BatchFormat::Csv | BatchFormat::Gradebook if self.extra_columns.is_none() => {
                // The header waits for the first answer graded, whose extra
                // columns it names; so do the rows before it, within reason.
                self.early_skipped.push((id, message));
                if self.early_skipped.len() >= MAX_EARLY_SKIPPED {
                    self.write_csv_header(out, Vec::new())?;
                }
                Ok(())
            }
            BatchFormat::Csv | BatchFormat::Gradebook => {
                let (columns, extra) = (
                    self.columns,
                    self.extra_columns.as_ref().map_or(0, Vec::len),
                );
                self.write_stdout(out, |out| {
                    csv::render_skipped_row(out, id.as_deref(), extra, &message, columns)
                })
            }
        }
    }

    /// Writes the CSV header with the extra columns passed through, then
    /// the rows of answers skipped while it waited.
    fn write_csv_header(&mut self, out: &mut dyn Write, extra: Vec<String>) -> Result<()> {
        let columns = self.columns;
        let early = std::mem::take(&mut self.early_skipped);
        let count = extra.len();
        self.write_stdout(out, |out| {
            csv::render_header(out, columns, &extra)?;
            for (id, message) in &early {
                csv::render_skipped_row(out, id.as_deref(), count, message, columns)?;
            }
            Ok(())
        })?;
        self.extra_columns = Some(extra);
        Ok(())
    }

    fn write_graded(
        &mut self,
        graded: Graded,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        self.graded += 1;
        self.summary.add(&graded.row);
        if self
            .options
            .min_score
            .is_some_and(|min| graded.row.percent < min)
        {
            self.below_min += 1;
        }
        match self.options.format {
            BatchFormat::Text => {
                let id_width = self.id_width.unwrap_or(class::MAX_ID_WIDTH);
                if self.heading.as_deref() != Some(&*graded.row.question) {
                    let first = self.heading.is_none();
                    self.write_stdout(out, |out| {
                        if !first {
                            writeln!(out)?;
                        }
                        class::render_table_heading(out, &graded.row, id_width)
                    })?;
                    self.heading = Some(graded.row.question.to_string());
                }
                self.write_stdout(out, |out| {
                    class::render_table_row(out, &graded.id, &graded.row, id_width)
                })?;
            }
            BatchFormat::Jsonl => self.write_stdout(out, |out| out.write_all(&graded.rendered))?,
            BatchFormat::Csv | BatchFormat::Gradebook => {
                self.write_csv_row(&graded, out, err, progress)?
            }
        }
        if let (Some(spool), Some((row, answer))) = (&mut self.html, &graded.html) {
            spool.append(row, answer)?;
        }
        if let (Some(folder), Some(content)) = (&mut self.feedback, &graded.feedback) {
            match folder.write_rendered(&graded.id, content) {
                Ok(_) => self.feedback_written += 1,
                Err(error) => {
                    self.feedback_failed += 1;
                    progress
                        .suspend(|| writeln!(err, "markpoint: error: feedback: {error}"))
                        .map_err(stderr_error)?;
                }
            }
        }
        Ok(())
    }

    /// Writes one CSV row: the header first, when this is the first answer
    /// graded (its extra columns become the header's), then the row with
    /// the extra cells under their names.
    fn write_csv_row(
        &mut self,
        graded: &Graded,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        if self.extra_columns.is_none() {
            let names: Vec<String> = graded.extra.iter().map(|(name, _)| name.clone()).collect();
            self.write_csv_header(out, names)?;
        }
        let names = self.extra_columns.as_deref().unwrap_or_default();
        let same_columns = graded.extra.len() == names.len()
            && graded
                .extra
                .iter()
                .zip(names)
                .all(|((name, _), n)| name == n);
        let mut unknown = None;
        if same_columns {
            self.write_stdout(out, |out| out.write_all(&graded.rendered))?;
        } else {
            unknown = graded
                .extra
                .iter()
                .find(|(name, _)| !names.contains(name))
                .map(|(name, _)| name.clone());
            // The record's extra cells are not the header's: put them under it.
            let cells: Vec<&str> = names
                .iter()
                .map(|name| {
                    graded
                        .extra
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or("", |(_, cell)| cell.as_str())
                })
                .collect();
            let rest = graded.rendered.get(graded.row_start..).unwrap_or_default();
            self.write_stdout(out, |out| {
                csv::render_row_start(out, &graded.id, &cells)?;
                out.write_all(rest)
            })?;
        }
        if let Some(unknown) = unknown.filter(|_| !self.noted_extra_columns && !self.options.quiet)
        {
            self.noted_extra_columns = true;
            progress
                .suspend(|| {
                    writeln!(
                        err,
                        "markpoint: note: the CSV passes through the columns of the first answer \
                         graded; other columns, such as {:?}, are left out",
                        for_terminal(&unknown, false)
                    )
                })
                .map_err(stderr_error)?;
        }
        let other_question = *graded.row.question != *self.options.question;
        if other_question && !self.noted_other_question && !self.options.quiet {
            self.noted_other_question = true;
            progress
                .suspend(|| {
                    writeln!(
                        err,
                        "markpoint: note: the point columns are those of {:?}; answers to other \
                         questions leave them empty (--format jsonl has all their points)",
                        self.options.question
                    )
                })
                .map_err(stderr_error)?;
        }
        Ok(())
    }

    /// Writes the class summary and the totals, completes the HTML report,
    /// and says how the batch ended.
    pub fn finish(mut self, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
        if self.options.format == BatchFormat::Csv && self.extra_columns.is_none() {
            self.write_csv_header(out, Vec::new())?;
        }
        let mut totals = format!(
            "graded {} answer{}, skipped {}",
            self.graded,
            if self.graded == 1 { "" } else { "s" },
            self.skipped
        );
        if let Some(min) = self.options.min_score {
            totals.push_str(&format!(", {} below {}%", self.below_min, number(min)));
        }
        if self.options.format == BatchFormat::Text {
            let note = if self.skipped > 0 {
                " (the errors are on stderr)"
            } else {
                ""
            };
            let mut ending = Vec::new();
            if self.graded > 0 {
                writeln!(ending).map_err(stdout_error)?;
                class::render_summary(&mut ending, &self.summary).map_err(stdout_error)?;
            }
            writeln!(ending, "Batch: {totals}{note}.").map_err(stdout_error)?;
            self.write_stdout(out, |out| out.write_all(&ending))?;
        } else if !self.options.quiet {
            writeln!(err, "markpoint: {totals}").map_err(stderr_error)?;
        }
        if let Some(spool) = self.html.take() {
            let title = html::class_title(&self.summary, &self.options.question);
            let target = spool.finish(&self.summary, self.graded, self.skipped, &title)?;
            if !self.options.quiet {
                writeln!(
                    err,
                    "markpoint: wrote {}",
                    for_terminal(&target.display().to_string(), false)
                )
                .map_err(stderr_error)?;
            }
        }
        if let Some(folder) = &self.feedback {
            if !self.options.quiet {
                writeln!(
                    err,
                    "markpoint: wrote {} feedback file{} in {}",
                    self.feedback_written,
                    if self.feedback_written == 1 { "" } else { "s" },
                    for_terminal(&folder.folder().display().to_string(), false)
                )
                .map_err(stderr_error)?;
            }
        }
        Ok(if self.skipped > 0 || self.feedback_failed > 0 {
            Outcome::SomeInputsBad
        } else if self.below_min > 0 {
            Outcome::Failing
        } else {
            Outcome::Success
        })
    }
}

/// A spool: a scratch file written in turn and read back once.
struct Spool {
    writer: BufWriter<File>,
}

impl Spool {
    fn create(folder: &Path) -> io::Result<Spool> {
        Ok(Spool {
            writer: BufWriter::with_capacity(1 << 16, save::scratch_file(folder)?),
        })
    }

    /// Copies everything written to `out`.
    fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        let mut file = self.writer.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        io::copy(&mut file, out)?;
        Ok(())
    }
}

/// The HTML report being written: table rows and answers spooled apart,
/// the page assembled at the end.
pub(super) struct HtmlReport {
    target: PathBuf,
    page: NewFile,
    rows: Spool,
    answers: Spool,
}

impl HtmlReport {
    /// Opens the report's file and spools beside `target`.
    pub(super) fn create(target: &Path) -> Result<HtmlReport> {
        let page = NewFile::create(target, SaveRule::REPLACE)?;
        let folder = save::folder_of(target);
        let spool = || Spool::create(&folder).map_err(|e| page.error(e));
        Ok(HtmlReport {
            target: target.to_path_buf(),
            rows: spool()?,
            answers: spool()?,
            page,
        })
    }

    /// Adds table rows and the answers they link to.
    pub(super) fn append(&mut self, row: &[u8], answer: &[u8]) -> Result<()> {
        let written = self
            .rows
            .writer
            .write_all(row)
            .and_then(|()| self.answers.writer.write_all(answer));
        written.map_err(|e| self.page.error(e))
    }

    /// Assembles the page and renames it over the target; returns where it went.
    fn finish(
        self,
        summary: &ClassSummary,
        graded: usize,
        skipped: usize,
        title: &str,
    ) -> Result<PathBuf> {
        self.assemble(
            title,
            &|out| html::render_summary(out, summary, graded, skipped),
            &|out| html::render_table_start(out),
        )
    }

    /// Assembles a page (head, `summary`, `table_start`, the spooled rows,
    /// the spooled answers) and renames it over the target.
    pub(super) fn assemble(
        self,
        title: &str,
        summary: &dyn Fn(&mut dyn Write) -> io::Result<()>,
        table_start: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<PathBuf> {
        let HtmlReport {
            target,
            mut page,
            rows,
            answers,
        } = self;
        let written = (|| {
            let mut out = BufWriter::with_capacity(1 << 16, page.file());
            html::render_head(&mut out, title)?;
            summary(&mut out)?;
            table_start(&mut out)?;
            rows.copy_to(&mut out)?;
            html::render_table_end(&mut out)?;
            html::render_answers_start(&mut out)?;
            answers.copy_to(&mut out)?;
            html::render_end(&mut out)?;
            out.flush()
        })();
        written.map_err(|e| page.error(e))?;
        page.commit()?;
        Ok(target)
    }
}
