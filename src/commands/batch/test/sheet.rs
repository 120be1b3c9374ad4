//! A test's file as a table: a header row, then one row per student (or,
//! in a long file, per answer). CSV is streamed record by record, each
//! record bounded in size (a UTF-8 BOM, CRLF line ends and quoted
//! multi-line cells are read as Excel and the forms tools write them);
//! `.xlsx`, `.xls` and `.ods` downloads are read with calamine, first
//! sheet, which holds the sheet in memory (a spreadsheet of 25,000 rows
//! is a few MB).

use super::super::input::{csv_message, extension, Limited, MAX_RECORD_BYTES};
use calamine::{Data, Reader};
use std::fs::File;
use std::path::Path;

/// One row: its line (CSV) or row number (spreadsheet), and its cells or
/// why it cannot be read (the message names the file and line).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where it starts, for messages.
    pub line: u64,
    /// The cells, one per header, or the error.
    pub cells: Result<Vec<String>, String>,
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
    Csv {
        reader: Box<::csv::Reader<Limited<File>>>,
        record: ::csv::ByteRecord,
        done: bool,
        /// Lines to add to the csv crate's record lines: 1 in a file with
        /// CRLF line ends, where it counts a record from the `\n` that ends
        /// the line before.
        crlf: u64,
    },
    Cells(std::vec::IntoIter<Row>),
}

/// Whether a file is a spreadsheet that [`Sheet::open`] reads with calamine.
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    )
}

impl Sheet {
    /// Opens a CSV file or a spreadsheet and reads its header row.
    pub fn open(path: &Path) -> Result<Sheet, String> {
        if is_spreadsheet(path) {
            Sheet::open_spreadsheet(path)
        } else {
            Sheet::open_csv(path)
        }
    }

    fn open_csv(path: &Path) -> Result<Sheet, String> {
        let name = path.display().to_string();
        let crlf = u64::from(first_line_ends_in_crlf(path).map_err(|e| format!("{name}: {e}"))?);
        let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(Limited::new(file, MAX_RECORD_BYTES as u64));
        let headers = reader
            .byte_headers()
            .map_err(|e| format!("{name}:1: {}", csv_message(&e)))?
            .iter()
            .enumerate()
            .map(|(n, cell)| {
                let cell = if n == 0 {
                    cell.strip_prefix(b"\xef\xbb\xbf").unwrap_or(cell)
                } else {
                    cell
                };
                String::from_utf8_lossy(cell).trim().to_string()
            })
            .collect();
        Ok(Sheet {
            name,
            headers,
            rows: Rows::Csv {
                reader: Box::new(reader),
                record: ::csv::ByteRecord::new(),
                done: false,
                crlf,
            },
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
            cells: Ok(cells.iter().map(cell_text).collect()),
        });
        let headers = match rows.next() {
            Some(Row {
                cells: Ok(cells), ..
            }) => cells.into_iter().map(|c| c.trim().to_string()).collect(),
            _ => return Err(format!("{name}: the first sheet is empty")),
        };
        let rest: Vec<Row> = rows
            .filter(|row| {
                row.cells
                    .as_ref()
                    .is_ok_and(|c| c.iter().any(|c| !c.trim().is_empty()))
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
                    .and_then(|mut cells| cells.get_mut(column).map(std::mem::take));
                (row.line, cell.unwrap_or_default())
            }),
            Rows::Csv {
                reader,
                record,
                done,
                crlf,
            } => loop {
                if *done {
                    return None;
                }
                reader.get_mut().reset();
                match reader.read_byte_record(record) {
                    Ok(false) => *done = true,
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line()) + *crlf;
                        let cell = record.get(column).unwrap_or_default();
                        return Some((line, String::from_utf8_lossy(cell).into_owned()));
                    }
                    Err(error) => {
                        if error.is_io_error() {
                            *done = true;
                        }
                    }
                }
            },
        }
    }

    /// The next row, `None` at the end. A CSV that cannot be read further
    /// (an unclosed quote, a read error) gives one error row, then ends.
    pub fn next_row(&mut self) -> Option<Row> {
        match &mut self.rows {
            Rows::Cells(rows) => rows.next(),
            Rows::Csv {
                reader,
                record,
                done,
                crlf,
            } => {
                if *done {
                    return None;
                }
                reader.get_mut().reset();
                match reader.read_byte_record(record) {
                    Ok(false) => {
                        *done = true;
                        None
                    }
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line()) + *crlf;
                        let cells = record
                            .iter()
                            .enumerate()
                            .map(|(n, cell)| {
                                String::from_utf8(cell.to_vec()).map_err(|e| {
                                    format!(
                                        "{}:{line}: column {:?} is not valid UTF-8 (byte {})",
                                        self.name,
                                        self.headers.get(n).map_or("", String::as_str),
                                        e.utf8_error().valid_up_to()
                                    )
                                })
                            })
                            .collect();
                        Some(Row { line, cells })
                    }
                    Err(error) => {
                        let line = error
                            .position()
                            .map_or_else(|| reader.position().line(), |p| p.line())
                            + *crlf;
                        if error.is_io_error() {
                            *done = true;
                        }
                        Some(Row {
                            line,
                            cells: Err(format!("{}:{line}: {}", self.name, csv_message(&error))),
                        })
                    }
                }
            }
        }
    }
}

/// Whether the file's first line ends in CRLF (as Excel and the forms tools write).
fn first_line_ends_in_crlf(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut start = Vec::new();
    File::open(path)?.take(1 << 16).read_to_end(&mut start)?;
    Ok(memchr::memchr(b'\n', &start).is_some_and(|n| n > 0 && start[n - 1] == b'\r'))
}

/// A spreadsheet cell as the text a CSV export would hold: whole numbers
/// without a decimal point (ID 7, not 7.0), dates as `YYYY-MM-DD HH:MM:SS`.
fn cell_text(cell: &Data) -> String {
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
        let mut sheet = Sheet::open(&path).expect("opens");
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
                "a@x.org".to_string(),
                "One line.\r\nTwo lines.".to_string()
            ])
        );
        assert_eq!(
            (rows[1].line, rows[1].cells.clone()),
            (4, Ok(vec!["b@x.org".to_string(), String::new()]))
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
