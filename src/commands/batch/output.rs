//! Writing a batch's results, in input order, as they come: the table (or
//! the JSON Lines / CSV rows the workers rendered) on stdout, bad answers on
//! stderr and as `skipped` rows in every output, notes about guessed
//! encodings and warnings about duplicate ids on stderr, and the HTML report
//! through spool files, because its summary comes first but is only known at
//! the end.
//!
//! The HTML report is assembled in a temporary file beside the target and
//! renamed over it only when complete, so a crash never leaves half a
//! report; the spool and temporary files are removed whatever happens.

use super::progress::Progress;
use super::{BatchFormat, BatchOptions, Done, Skipped};
use crate::commands::stdout_error;
use crate::error::{Error, Result};
use crate::report::class::{self, ClassSummary};
use crate::report::{csv, html, json};
use crate::text::sanitize::for_terminal;
use rustc_hash::{FxHashMap, FxHashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// Where the results go, and what has been counted so far.
pub struct Sink<'o> {
    options: &'o BatchOptions,
    summary: ClassSummary,
    graded: usize,
    skipped: usize,
    /// The question whose table heading was written last (text format).
    heading: Option<String>,
    /// The width of the id column (text format), fixed by the first results.
    id_width: Option<usize>,
    html: Option<HtmlSpool>,
    /// Whether the note about CSV point columns of other questions was given.
    noted_other_question: bool,
    /// The CSV point columns (for skipped rows).
    columns: csv::PointColumns,
    /// Where each question's ids were first seen (keyed `question NUL id`),
    /// to warn about duplicates.
    seen_ids: FxHashMap<Box<str>, Box<str>>,
    /// The notes given, so that a file's note is given once.
    notes: FxHashSet<String>,
}

impl<'o> Sink<'o> {
    /// Prepares the outputs: the CSV header, the HTML spool files.
    pub fn new(
        options: &'o BatchOptions,
        columns: &csv::PointColumns,
        out: &mut dyn Write,
    ) -> Result<Sink<'o>> {
        let html = match &options.html {
            Some(target) => Some(HtmlSpool::create(target)?),
            None => None,
        };
        if options.format == BatchFormat::Csv {
            csv::render_header(out, columns).map_err(stdout_error)?;
        }
        Ok(Sink {
            options,
            summary: ClassSummary::default(),
            graded: 0,
            skipped: 0,
            heading: None,
            id_width: None,
            html,
            noted_other_question: false,
            columns: columns.clone(),
            seen_ids: FxHashMap::default(),
            notes: FxHashSet::default(),
        })
    }

    /// Whether any answer was skipped.
    pub fn skipped_any(&self) -> bool {
        self.skipped > 0
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
        let id_width = self.id_width.unwrap_or(class::MAX_ID_WIDTH);
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
            if let Ok(graded) = &done.result {
                let question = graded.row.question.as_str();
                self.check_duplicate(question, &graded.id, &done.place, err, progress)?;
            }
            let graded = match done.result {
                Ok(graded) => graded,
                Err(skipped) => {
                    self.write_skipped(done.seq, &skipped, out, err, progress, id_width)?;
                    continue;
                }
            };
            self.graded += 1;
            self.summary.add(&graded.row);
            match self.options.format {
                BatchFormat::Text => {
                    if self.heading.as_deref() != Some(graded.row.question.as_str()) {
                        if self.heading.is_some() {
                            writeln!(out).map_err(stdout_error)?;
                        }
                        class::render_table_heading(out, &graded.row, id_width)
                            .map_err(stdout_error)?;
                        self.heading = Some(graded.row.question.clone());
                    }
                    class::render_table_row(out, &graded.id, &graded.row, id_width)
                        .map_err(stdout_error)?;
                }
                BatchFormat::Jsonl | BatchFormat::Csv => {
                    out.write_all(&graded.rendered).map_err(stdout_error)?;
                }
            }
            let other_question = graded.row.question != self.options.question;
            if self.options.format == BatchFormat::Csv
                && other_question
                && !self.noted_other_question
                && !self.options.quiet
            {
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
            if let (Some(spool), Some((row, answer))) = (&mut self.html, &graded.html) {
                spool.append(row, answer)?;
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
        skipped: &Skipped,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
        id_width: usize,
    ) -> Result<()> {
        self.skipped += 1;
        let Skipped { id, message } = skipped;
        progress
            .suspend(|| writeln!(err, "markpoint: error: {}", for_terminal(message, false)))
            .map_err(stderr_error)?;
        let id = id.as_deref();
        match self.options.format {
            BatchFormat::Text => class::render_skipped_row(out, id, message, id_width),
            BatchFormat::Jsonl => {
                let line = json::JsonSkipped::new(id, message);
                serde_json::to_writer(&mut *out, &line)
                    .map_err(io::Error::other)
                    .and_then(|()| writeln!(out))
            }
            BatchFormat::Csv => csv::render_skipped_row(out, id, message, &self.columns),
        }
        .map_err(stdout_error)?;
        if let Some(spool) = &mut self.html {
            let mut row = Vec::new();
            html::render_skipped_row(&mut row, seq, id, message).map_err(stdout_error)?;
            spool.append(&row, &[])?;
        }
        Ok(())
    }

    /// Writes the class summary and the totals, and completes the HTML report.
    pub fn finish(mut self, out: &mut dyn Write, err: &mut dyn Write, title: &str) -> Result<()> {
        let totals = format!(
            "graded {} answer{}, skipped {}",
            self.graded,
            if self.graded == 1 { "" } else { "s" },
            self.skipped
        );
        if self.options.format == BatchFormat::Text {
            if self.graded > 0 {
                writeln!(out).map_err(stdout_error)?;
                class::render_summary(out, &self.summary).map_err(stdout_error)?;
            }
            let note = if self.skipped > 0 {
                " (the errors are on stderr)"
            } else {
                ""
            };
            writeln!(out, "Batch: {totals}{note}.").map_err(stdout_error)?;
        } else if !self.options.quiet {
            writeln!(err, "markpoint: {totals}").map_err(stderr_error)?;
        }
        if let Some(spool) = self.html.take() {
            let target = spool.finish(&self.summary, self.graded, self.skipped, title)?;
            if !self.options.quiet {
                writeln!(
                    err,
                    "markpoint: wrote {}",
                    for_terminal(&target.display().to_string(), false)
                )
                .map_err(stderr_error)?;
            }
        }
        Ok(())
    }
}

fn stderr_error(source: io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    }
}

/// A temporary file beside the HTML target, removed when dropped unless renamed.
struct TempFile {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl TempFile {
    fn create(path: PathBuf) -> Result<TempFile> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        Ok(TempFile {
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            path,
        })
    }

    fn io(&self) -> impl Fn(io::Error) -> Error + '_ {
        |source| Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let result = match &mut self.writer {
            Some(writer) => writer.write_all(bytes),
            None => Ok(()),
        };
        result.map_err(self.io())
    }

    /// Copies everything written so far to `out`.
    fn copy_to(&mut self, out: &mut dyn Write) -> Result<()> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let mut file = writer
            .into_inner()
            .map_err(|e| (self.io())(e.into_error()))?;
        file.rewind().map_err(self.io())?;
        io::copy(&mut file, out).map_err(self.io())?;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.writer = None;
        // Renamed away on success; otherwise a leftover to clean up.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The HTML report being written: table rows and answers spooled apart.
struct HtmlSpool {
    target: PathBuf,
    rows: TempFile,
    answers: TempFile,
    page: TempFile,
}

impl HtmlSpool {
    fn create(target: &Path) -> Result<HtmlSpool> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--html {}: give a file name for the report",
                    target.display()
                ))
            })?;
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = |part: &str| dir.join(format!(".{name}.{}.{part}", std::process::id()));
        Ok(HtmlSpool {
            target: target.to_path_buf(),
            rows: TempFile::create(temp("rows"))?,
            answers: TempFile::create(temp("answers"))?,
            page: TempFile::create(temp("tmp"))?,
        })
    }

    fn append(&mut self, row: &[u8], answer: &[u8]) -> Result<()> {
        self.rows.write_all(row)?;
        self.answers.write_all(answer)
    }

    /// Assembles the page and renames it over the target.
    fn finish(
        mut self,
        summary: &ClassSummary,
        graded: usize,
        skipped: usize,
        title: &str,
    ) -> Result<PathBuf> {
        let Some(mut page) = self.page.writer.take() else {
            return Err(Error::Usage(
                "the HTML report was already written".to_string(),
            ));
        };
        let page_path = self.page.path.clone();
        let io = |source| Error::Io {
            path: page_path.clone(),
            source,
        };
        html::render_head(&mut page, title).map_err(io)?;
        html::render_summary(&mut page, summary, graded, skipped).map_err(io)?;
        html::render_table_start(&mut page).map_err(io)?;
        self.rows.copy_to(&mut page)?;
        html::render_table_end(&mut page).map_err(io)?;
        html::render_answers_start(&mut page).map_err(io)?;
        self.answers.copy_to(&mut page)?;
        html::render_end(&mut page).map_err(io)?;
        let file = page.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&page_path, &self.target).map_err(|source| Error::Io {
            path: self.target.clone(),
            source,
        })?;
        Ok(self.target.clone())
    }
}
