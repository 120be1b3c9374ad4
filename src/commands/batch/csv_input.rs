//! A batch's CSV and TSV inputs, record by record: the dialect and
//! encoding come from [`crate::commands::input::table`], which also gives
//! each record's physical line and finds a quote left open to the end of
//! the file (reported where it opened; the rows before it are graded).

use super::input::{path_name, Body, Columns, Read1, MAX_RECORD_BYTES};
use crate::commands::input::{self, table, table::RecordRead};
use std::path::Path;

/// A CSV or TSV input with a header row.
pub(super) struct CsvSource {
    name: String,
    reader: ::csv::Reader<table::Tracked>,
    record: ::csv::ByteRecord,
    id: usize,
    answer: usize,
    question: Option<usize>,
    /// The other columns, when kept: index and name.
    extra: Vec<(usize, String)>,
    last_byte: u64,
    done: bool,
}

impl CsvSource {
    /// Opens a CSV or TSV file and finds its columns.
    pub(super) fn open(path: &Path, columns: &Columns) -> Result<CsvSource, String> {
        let name = path_name(path);
        let table = table::Table::open(path, columns.delimiter, MAX_RECORD_BYTES)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut reader = table.builder().flexible(false).from_reader(table.reader);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| format!("{name}:1: {}", csv_message(&e)))?
            .iter()
            .map(|cell| cell_text(cell).0.trim().to_string())
            .collect();
        let find = |wanted: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted));
        let other_delimiter = if headers.len() == 1 {
            "; if the cells are separated by something else, give it with --delimiter"
        } else {
            ""
        };
        let column = |wanted: &str, option: &str| {
            find(wanted).ok_or_else(|| {
                format!(
                    "{name}:1: no {wanted:?} column (the columns are: {}); name it with \
                     {option}{other_delimiter}",
                    headers.join(", ")
                )
            })
        };
        let id = column(&columns.id, "--id-column")?;
        let answer = column(&columns.answer, "--answer-column")?;
        let last_byte = reader.position().byte();
        let question = find("question");
        let extra = headers
            .iter()
            .enumerate()
            .filter(|&(n, _)| columns.keep_extra && n != id && n != answer && Some(n) != question)
            .map(|(n, name)| (n, name.clone()))
            .collect();
        Ok(CsvSource {
            question,
            extra,
            name,
            reader,
            record: ::csv::ByteRecord::new(),
            id,
            answer,
            last_byte,
            done: false,
        })
    }

    /// The next record, or `None` at the end.
    pub(super) fn next(&mut self) -> Option<Read1> {
        if self.done {
            return None;
        }
        let read = table::read_record(&mut self.reader, &mut self.record);
        let end = self.reader.position().byte();
        let bytes = end.saturating_sub(std::mem::replace(&mut self.last_byte, end));
        Some(match read {
            RecordRead::End => {
                self.done = true;
                return None;
            }
            RecordRead::Record { line } => self.cells(format!("{}:{line}", self.name), bytes),
            RecordRead::Bad { line, error } => {
                if error.is_io_error() {
                    self.done = true;
                }
                let place = format!("{}:{line}", self.name);
                let message = format!("{place}: {}", csv_message(&error));
                (place, bytes, Body::bad(message))
            }
            RecordRead::UnclosedQuote { line, open } => self.unclosed_quote(line, open),
        })
    }

    /// The record read when it runs to the end of the file from a quote
    /// that is never closed: reported where the quote opened.
    fn unclosed_quote(&mut self, line: u64, open: u64) -> Read1 {
        self.done = true;
        let place = format!("{}:{line}", self.name);
        let message = format!(
            "{}:{open}: a quote opened on this line is never closed, so the rest of the file \
             was read as one cell and skipped (the rows before it were read)",
            self.name
        );
        // The id cell, unless the open quote swallowed it too (an id has no line break).
        let id = self
            .record
            .get(self.id)
            .map(|cell| cell_text(cell).0.trim().to_string())
            .filter(|id| !id.is_empty() && !id.contains(['\n', '\r']));
        (place, 0, Body::Bad { id, message })
    }

    /// The cells of the record read.
    fn cells(&self, place: String, bytes: u64) -> Read1 {
        let cell = |n: usize| self.record.get(n).unwrap_or_default();
        let (id, id_guessed) = cell_text(cell(self.id));
        let id = id.trim().to_string();
        if id.is_empty() {
            let message = format!("{place}: the id is empty");
            return (place, bytes, Body::bad(message));
        }
        let (question, question_guessed) = match self.question {
            Some(n) => {
                let (text, guessed) = cell_text(cell(n));
                (
                    Some(text.trim().to_string()).filter(|q| !q.is_empty()),
                    guessed,
                )
            }
            None => (None, false),
        };
        let answer = cell(self.answer).to_vec();
        let extra = self
            .extra
            .iter()
            .map(|(n, name)| (name.clone(), cell_text(cell(*n)).0))
            .collect();
        (
            place,
            bytes,
            Body::Cells {
                id,
                answer,
                question,
                extra,
                guessed: id_guessed || question_guessed,
            },
        )
    }
}

/// A short cell as text (its encoding guessed if it is not UTF-8), and whether it was guessed.
pub(crate) fn cell_text(cell: &[u8]) -> (String, bool) {
    match input::decode_unmarked(cell.to_vec()) {
        Ok(decoded) => (decoded.text, decoded.guessed),
        Err(_) => (String::from_utf8_lossy(cell).into_owned(), false),
    }
}

/// A CSV error in words, without the crate's own position prefix.
pub(crate) fn csv_message(error: &::csv::Error) -> String {
    match error.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the record has {len} fields where the header has {expected_len}"),
        ::csv::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    }
}
