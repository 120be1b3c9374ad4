//! A test's file as a table: a header row, then one row per student. CSV
//! and TSV are streamed record by record through the shared table reader
//! ([`table`]: encodings, delimiters, physical lines, a record's size
//! bounded, an unclosed quote found), so a UTF-8 BOM, CRLF line ends and
//! quoted multi-line cells are read as Excel and the forms tools write
//! them; `.xlsx`, `.xls` and `.ods` downloads are read with calamine, first
//! sheet, which holds the sheet in memory (a spreadsheet of 25,000 rows is
//! a few MB).

use super::super::csv_input::{cell_text, csv_message};
use super::super::input::MAX_RECORD_BYTES;
use crate::commands::input::table::{self, RecordRead};
use calamine::{Data, Reader};
use std::path::Path;

/// One row: its line (CSV) or row number (spreadsheet), and its cells or
/// why it cannot be read (the message names the file and line).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where it starts, for messages.
    pub line: u64,
    /// The cells' bytes, one per header (decoded by whoever needs them:
    /// answers on the grading threads), or the error.
    pub cells: Result<Vec<Vec<u8>>, String>,
}

/// An open table.
pub struct Sheet {
    /// The file's name, for messages.
    pub name: String,
    /// The header row, trimmed.
    pub headers: Vec<String>,
    rows: Rows,
}

enum Rows {
    Csv(Box<CsvRows>),
    Cells(std::vec::IntoIter<Row>),
}

/// A CSV or TSV being read.
struct CsvRows {
    reader: ::csv::Reader<table::Tracked>,
    record: ::csv::ByteRecord,
    done: bool,
}

/// A path's extension, in lower case.
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether a file is a spreadsheet that [`Sheet::open`] reads with calamine.
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    )
}

/// Whether a file is a CSV or TSV table.
pub fn is_table(path: &Path) -> bool {
    matches!(extension(path).as_str(), "csv" | "tsv" | "tab")
}

impl Sheet {
    /// Opens a CSV/TSV file (cells separated by `delimiter`, or as its
    /// header line says) or a spreadsheet, and reads its header row.
    pub fn open(path: &Path, delimiter: Option<u8>) -> Result<Sheet, String> {
        if is_spreadsheet(path) {
            Sheet::open_spreadsheet(path)
        } else {
            Sheet::open_csv(path, delimiter)
        }
    }

    fn open_csv(path: &Path, delimiter: Option<u8>) -> Result<Sheet, String> {
        let name = path.display().to_string();
        let table = table::Table::open(path, delimiter, MAX_RECORD_BYTES)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut reader = table.builder().flexible(false).from_reader(table.reader);
        let headers = reader
            .byte_headers()
            .map_err(|e| format!("{name}:1: {}", csv_message(&e)))?
            .iter()
            .map(|cell| cell_text(cell).0.trim().to_string())
            .collect();
        Ok(Sheet {
            name,
            headers,
            rows: Rows::Csv(Box::new(CsvRows {
                reader,
                record: ::csv::ByteRecord::new(),
                done: false,
            })),
        })
    }

    fn open_spreadsheet(path: &Path) -> Result<Sheet, String> {
        let name = path.display().to_string();
        let unreadable = |e: &dyn std::fmt::Display| {
            format!(
                "{name}: cannot read this spreadsheet ({e}); save its first sheet as \
                 \"CSV UTF-8 (Comma delimited)\" and give the .csv instead"
            )
        };
        let mut workbook = calamine::open_workbook_auto(path).map_err(|e| unreadable(&e))?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| format!("{name}: the spreadsheet has no sheet"))?
            .map_err(|e| unreadable(&e))?;
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        let mut rows = range.rows().enumerate().map(|(n, cells)| Row {
            line: first_row + n as u64 + 1,
            cells: Ok(cells
                .iter()
                .map(|c| spreadsheet_cell_text(c).into_bytes())
                .collect()),
        });
        let headers = match rows.next() {
            Some(Row {
                cells: Ok(cells), ..
            }) => cells
                .iter()
                .map(|c| String::from_utf8_lossy(c).trim().to_string())
                .collect(),
            _ => return Err(format!("{name}: the first sheet is empty")),
        };
        let rest: Vec<Row> = rows
            .filter(|row| {
                row.cells
                    .as_ref()
                    .is_ok_and(|c| c.iter().any(|c| !c.trim_ascii().is_empty()))
            })
            .collect();
        Ok(Sheet {
            name,
            headers,
            rows: Rows::Cells(rest.into_iter()),
        })
    }

    /// The next row's line and the text of one of its cells (empty when the
    /// row is short or cannot be read), decoding nothing else: for a first
    /// pass over a large file. `None` at the end.
    pub fn next_cell(&mut self, column: usize) -> Option<(u64, String)> {
        match &mut self.rows {
            Rows::Cells(rows) => rows.next().map(|row| {
                let cell = row
                    .cells
                    .ok()
                    .and_then(|cells| cells.get(column).map(|c| cell_text(c).0));
                (row.line, cell.unwrap_or_default())
            }),
            Rows::Csv(csv) => {
                let (line, read) = csv.read()?;
                let cell = match read {
                    Ok(()) => csv.record.get(column).map(|c| cell_text(c).0),
                    Err(_) => None,
                };
                Some((line, cell.unwrap_or_default()))
            }
        }
    }

    /// The next row, `None` at the end. A CSV that cannot be read further
    /// (a quote never closed, a read error) gives one error row, then ends.
    pub fn next_row(&mut self) -> Option<Row> {
        match &mut self.rows {
            Rows::Cells(rows) => rows.next(),
            Rows::Csv(csv) => {
                let (line, read) = csv.read()?;
                let cells = match read {
                    Ok(()) => Ok(csv.record.iter().map(<[u8]>::to_vec).collect()),
                    Err(message) => Err(format!("{}:{message}", self.name)),
                };
                Some(Row { line, cells })
            }
        }
    }
}

impl CsvRows {
    /// Reads the next record into `self.record`: its physical line, and
    /// `Ok` or why it cannot be read (`line: message`, or where a quote
    /// opened that is never closed). `None` at the end.
    fn read(&mut self) -> Option<(u64, Result<(), String>)> {
        if self.done {
            return None;
        }
        Some(
            match table::read_record(&mut self.reader, &mut self.record) {
                RecordRead::End => {
                    self.done = true;
                    return None;
                }
                RecordRead::Record { line } => (line, Ok(())),
                RecordRead::Bad { line, error } => {
                    if error.is_io_error() {
                        self.done = true;
                    }
                    (line, Err(format!("{line}: {}", csv_message(&error))))
                }
                RecordRead::UnclosedQuote { line, open } => {
                    self.done = true;
                    let message = format!(
                        "{open}: a quote opened on this line is never closed, so the rest of the \
                     file was read as one cell and skipped (the rows before it were read)"
                    );
                    (line, Err(message))
                }
            },
        )
    }
}

/// A spreadsheet cell as the text a CSV export would hold: whole numbers
/// without a decimal point (ID 7, not 7.0), dates as `YYYY-MM-DD HH:MM:SS`.
fn spreadsheet_cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(date) if date.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = date.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(contents: &[u8]) -> (Vec<String>, Vec<Row>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.csv");
        std::fs::write(&path, contents).expect("write");
        let mut sheet = Sheet::open(&path, None).expect("opens");
        let mut rows = Vec::new();
        while let Some(row) = sheet.next_row() {
            rows.push(row);
        }
        (sheet.headers, rows)
    }

    #[test]
    fn a_bom_crlf_and_multi_line_cells_are_read_as_excel_writes_them() {
        let (headers, rows) = rows(
            b"\xef\xbb\xbfEmail,\"1. What was it?\"\r\na@x.org,\"One line.\r\nTwo lines.\"\r\nb@x.org,\r\n",
        );
        assert_eq!(headers, ["Email", "1. What was it?"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].cells,
            Ok(vec![
                b"a@x.org".to_vec(),
                b"One line.\r\nTwo lines.".to_vec()
            ])
        );
        assert_eq!(
            (rows[1].line, rows[1].cells.clone()),
            (4, Ok(vec![b"b@x.org".to_vec(), Vec::new()]))
        );
    }

    #[test]
    fn a_ragged_row_is_an_error_naming_its_line() {
        let (_, rows) = rows(b"a,b\n1,2\n3\n");
        let error = rows[1].cells.clone().expect_err("ragged");
        assert!(
            error.ends_with("t.csv:3: the record has 1 fields where the header has 2"),
            "{error}"
        );
    }
}
