//! Writing a whole test's results, student by student in input order: the
//! table, the gradebook rows or the JSON Lines on stdout, bad rows on
//! stderr, the HTML test view through the batch's spool files; and at the
//! end the test summary.

use super::super::output::{open_files, HtmlReport};
use super::super::progress::Progress;
use super::{Done, Test};
use crate::commands::batch::{BatchFormat, BatchOptions};
use crate::commands::feedback::FeedbackFolder;
use crate::commands::{stderr_error, stdout_error};
use crate::error::Result;
use crate::exam::TestSummary;
use crate::report::{exam as exam_report, exam_html, gradebook};
use crate::text::sanitize::for_terminal;
use std::io::Write;

/// Where a test's results go, and what has been counted so far.
pub struct TestSink<'t> {
    options: &'t BatchOptions,
    test: &'t Test,
    summary: TestSummary,
    graded: usize,
    skipped: usize,
    /// The width of the id column (text format), fixed by the first results.
    id_width: Option<usize>,
    html: Option<HtmlReport>,
    feedback: Option<FeedbackFolder>,
    feedback_written: usize,
}

impl<'t> TestSink<'t> {
    /// Prepares the outputs: the gradebook header, the HTML spool files.
    pub fn new(
        options: &'t BatchOptions,
        test: &'t Test,
        out: &mut dyn Write,
    ) -> Result<TestSink<'t>> {
        let (html, feedback) = open_files(options)?;
        if matches!(options.format, BatchFormat::Gradebook | BatchFormat::Csv) {
            gradebook::render_header(out, &test.identity, &test.questions).map_err(stdout_error)?;
        }
        Ok(TestSink {
            options,
            test,
            summary: TestSummary::new(&test.questions),
            graded: 0,
            skipped: 0,
            id_width: None,
            html,
            feedback,
            feedback_written: 0,
        })
    }

    /// Whether any student's row was skipped.
    pub fn skipped_any(&self) -> bool {
        self.skipped > 0
    }

    /// Writes one chunk of students, in order.
    pub fn write(
        &mut self,
        results: Vec<Done>,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: &mut Progress,
    ) -> Result<()> {
        let answers = results.len() * self.test.questions.len();
        progress.advance(answers as u64, 0);
        if self.id_width.is_none() && self.options.format == BatchFormat::Text {
            let ids = results
                .iter()
                .filter_map(|(_, d)| d.as_ref().ok())
                .map(|g| g.student.id.as_str());
            let width = exam_report::id_width(ids);
            exam_report::render_heading(out, &self.test.questions, width).map_err(stdout_error)?;
            self.id_width = Some(width);
        }
        for (_, done) in results {
            let graded = match done {
                Ok(graded) => graded,
                Err(message) => {
                    self.skipped += 1;
                    progress
                        .suspend(|| {
                            writeln!(err, "markpoint: error: {}", for_terminal(&message, false))
                        })
                        .map_err(stderr_error)?;
                    continue;
                }
            };
            self.graded += 1;
            self.summary.add(&graded.student);
            match self.options.format {
                BatchFormat::Text => {
                    let width = self.id_width.unwrap_or_default();
                    exam_report::render_row(out, &graded.student, width).map_err(stdout_error)?;
                }
                _ => out.write_all(&graded.rendered).map_err(stdout_error)?,
            }
            if let (Some(spool), Some((row, answers))) = (&mut self.html, &graded.html) {
                spool.append(row, answers)?;
            }
            if let (Some(folder), Some(text)) = (&mut self.feedback, &graded.feedback) {
                folder.write_rendered(&graded.student.id, text)?;
                self.feedback_written += 1;
            }
        }
        Ok(())
    }

    /// Writes the test summary and the totals, and completes the HTML report.
    pub fn finish(mut self, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
        let totals = format!(
            "graded {} student{}, skipped {}",
            self.graded,
            if self.graded == 1 { "" } else { "s" },
            self.skipped
        );
        if self.options.format == BatchFormat::Text {
            writeln!(out).map_err(stdout_error)?;
            if self.graded > 0 {
                exam_report::render_summary(out, &self.summary).map_err(stdout_error)?;
            }
            let note = if self.skipped > 0 {
                " (the errors are on stderr)"
            } else {
                ""
            };
            writeln!(out, "Test: {totals}{note}.").map_err(stdout_error)?;
        } else if !self.options.quiet {
            writeln!(err, "markpoint: {totals}").map_err(stderr_error)?;
        }
        if let (Some(folder), false) = (&self.feedback, self.options.quiet) {
            writeln!(
                err,
                "markpoint: wrote {} feedback file{} to {}",
                self.feedback_written,
                if self.feedback_written == 1 { "" } else { "s" },
                for_terminal(&folder.folder().display().to_string(), false)
            )
            .map_err(stderr_error)?;
        }
        if let Some(spool) = self.html.take() {
            let name = self
                .options
                .inputs
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let title = format!("markpoint test report: {name}");
            let (summary, skipped, questions) = (&self.summary, self.skipped, &self.test.questions);
            let target = spool.assemble(
                &title,
                &|page| exam_html::render_summary(page, summary, skipped),
                &|page| exam_html::render_table_start(page, questions),
            )?;
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
