//! Reading a batch's inputs one answer at a time, in order: folders of
//! `.txt`/`.md` answers, JSON Lines files (or `-`, standard input) and CSV
//! files.
//!
//! Nothing here reads a whole input into memory: files of a folder are only
//! listed (the grading workers read them), JSON Lines are read line by line
//! (parsed by the workers) and CSV record by record, each record bounded in
//! size. Whatever cannot be read becomes an [`Body::Bad`] item in its place,
//! so that it is reported in order and counted.

use crate::commands::MAX_ANSWER_BYTES;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Longest JSON Lines or CSV record read, in bytes: room for an answer of
/// [`MAX_ANSWER_BYTES`] even when JSON escapes every character.
pub const MAX_RECORD_BYTES: usize = 8 * MAX_ANSWER_BYTES;

/// One answer to grade, as read.
#[derive(Debug)]
pub struct Item {
    /// Its position among all items read (from 1).
    pub seq: usize,
    /// Where it stands, for messages: `file` or `file:line`.
    pub place: String,
    /// Input bytes it accounts for (for progress).
    pub bytes: u64,
    /// What was read.
    pub body: Body,
}

/// What was read for one answer.
#[derive(Debug)]
pub enum Body {
    /// A file of a folder; the worker reads it.
    File {
        /// The file name without its extension.
        id: String,
        /// The file.
        path: PathBuf,
    },
    /// One JSON Lines record, not yet parsed.
    Json(Vec<u8>),
    /// The cells of one CSV record.
    Cells {
        /// The id cell.
        id: String,
        /// The answer cell's bytes (checked by the worker).
        answer: Vec<u8>,
        /// The question cell, when there is one and it is not empty.
        question: Option<String>,
        /// The other columns' names and cells, in order, when they are kept.
        extra: Vec<(String, String)>,
    },
    /// Something that could not be read: the message, naming where.
    Bad(String),
}

/// The names of the CSV columns to read.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The id column.
    pub id: String,
    /// The answer column.
    pub answer: String,
    /// Whether to keep the other columns (to pass them through to the output).
    pub keep_extra: bool,
}

/// The inputs of a batch, read in turn.
pub struct Inputs {
    queue: std::vec::IntoIter<PathBuf>,
    current: Option<Source>,
    /// The current input's name, and how many items it has given.
    current_name: String,
    from_current: usize,
    columns: Columns,
    seq: usize,
}

/// The input being read.
enum Source {
    Folder(std::vec::IntoIter<PathBuf>),
    Lines(LineSource),
    Csv(Box<CsvSource>),
}

impl Inputs {
    /// Prepares to read `paths` in order.
    pub fn new(paths: Vec<PathBuf>, columns: Columns) -> Inputs {
        Inputs {
            queue: paths.into_iter(),
            current: None,
            current_name: String::new(),
            from_current: 0,
            columns,
            seq: 0,
        }
    }

    /// The total size of the inputs in bytes, when it can be known (not for stdin).
    pub fn total_bytes(paths: &[PathBuf]) -> Option<u64> {
        let mut total = 0;
        for path in paths {
            if path == Path::new("-") {
                return None;
            }
            if path.is_dir() {
                if let Ok(files) = answer_files(path) {
                    total += files
                        .iter()
                        .filter_map(|f| f.metadata().ok())
                        .map(|m| m.len())
                        .sum::<u64>();
                }
            } else if let Ok(metadata) = path.metadata() {
                total += metadata.len();
            }
        }
        Some(total)
    }

    /// Reads items until `max_items` or about `max_bytes` are read, or the inputs end.
    pub fn read_chunk(
        &mut self,
        stdin: &mut dyn BufRead,
        max_items: usize,
        max_bytes: u64,
    ) -> Vec<Item> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < max_items && bytes < max_bytes {
            let Some(item) = self.next(stdin) else {
                break;
            };
            bytes += item.bytes;
            chunk.push(item);
        }
        chunk
    }

    /// The next item, or `None` when every input is done.
    pub fn next(&mut self, stdin: &mut dyn BufRead) -> Option<Item> {
        loop {
            let source = match &mut self.current {
                Some(source) => source,
                None => {
                    let path = self.queue.next()?;
                    self.current_name = if path == Path::new("-") {
                        "<stdin>".to_string()
                    } else {
                        path_name(&path)
                    };
                    self.from_current = 0;
                    match open(&path, &self.columns) {
                        Ok(source) => self.current.insert(source),
                        Err(message) => {
                            return Some(self.item(path_name(&path), 0, Body::Bad(message)))
                        }
                    }
                }
            };
            let read = match source {
                Source::Folder(files) => files.next().map(|path| {
                    let id = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (path_name(&path), 0, Body::File { id, path })
                }),
                Source::Lines(lines) => lines.next(stdin),
                Source::Csv(csv) => csv.next(),
            };
            match read {
                Some((place, bytes, body)) => {
                    self.from_current += 1;
                    return Some(self.item(place, bytes, body));
                }
                None => {
                    self.current = None;
                    if self.from_current == 0 {
                        let name = self.current_name.clone();
                        let message = format!("{name}: there are no answers in this input");
                        return Some(self.item(name, 0, Body::Bad(message)));
                    }
                }
            }
        }
    }

    fn item(&mut self, place: String, bytes: u64, body: Body) -> Item {
        self.seq += 1;
        Item {
            seq: self.seq,
            place,
            bytes,
            body,
        }
    }
}

fn path_name(path: &Path) -> String {
    path.display().to_string()
}

/// Opens one input, telling its kind by what it is and its extension.
fn open(path: &Path, columns: &Columns) -> Result<Source, String> {
    let name = path_name(path);
    if path == Path::new("-") {
        return Ok(Source::Lines(LineSource::new("<stdin>".to_string(), None)));
    }
    let metadata = path.metadata().map_err(|e| format!("{name}: {e}"))?;
    if metadata.is_dir() {
        let files = answer_files(path).map_err(|e| format!("{name}: {e}"))?;
        if files.is_empty() {
            return Err(format!("{name}: the folder has no .txt or .md answers"));
        }
        return Ok(Source::Folder(files.into_iter()));
    }
    match extension(path).as_str() {
        "jsonl" | "ndjson" | "json" => {
            let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
            Ok(Source::Lines(LineSource::new(
                name,
                Some(BufReader::with_capacity(1 << 16, file)),
            )))
        }
        "csv" => Ok(Source::Csv(Box::new(CsvSource::open(path, columns)?))),
        "txt" | "md" => Ok(Source::Folder(vec![path.to_path_buf()].into_iter())),
        _ => Err(format!(
            "{name}: cannot tell what this input holds: give a folder of .txt or .md answers, \
             a .jsonl or a .csv file, or - for JSON Lines on standard input"
        )),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The `.txt` and `.md` files of a folder (not hidden ones), sorted by name.
fn answer_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && matches!(extension(&path).as_str(), "txt" | "md") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// What one read produced: where, how many bytes, what.
type Read1 = (String, u64, Body);

/// A JSON Lines input: a file, or standard input when `reader` is `None`.
struct LineSource {
    name: String,
    reader: Option<BufReader<File>>,
    line: usize,
    done: bool,
}

impl LineSource {
    fn new(name: String, reader: Option<BufReader<File>>) -> LineSource {
        LineSource {
            name,
            reader,
            line: 0,
            done: false,
        }
    }

    fn next(&mut self, stdin: &mut dyn BufRead) -> Option<Read1> {
        let mut skipped = 0;
        while !self.done {
            let reader: &mut dyn BufRead = match &mut self.reader {
                Some(reader) => reader,
                None => stdin,
            };
            let mut buf = Vec::new();
            let (read, too_long) = match read_line_limited(reader, &mut buf, MAX_RECORD_BYTES) {
                Ok(read) => read,
                Err(e) => {
                    self.done = true;
                    let place = format!("{}:{}", self.name, self.line + 1);
                    return Some((place.clone(), skipped, Body::Bad(format!("{place}: {e}"))));
                }
            };
            if read == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            let place = format!("{}:{}", self.name, self.line);
            let bytes = skipped + read as u64;
            if too_long {
                let message = format!(
                    "{place}: the record is longer than {} MiB",
                    MAX_RECORD_BYTES >> 20
                );
                return Some((place, bytes, Body::Bad(message)));
            }
            if self.line == 1 && buf.starts_with(b"\xef\xbb\xbf") {
                buf.drain(..3);
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                skipped = bytes;
                continue;
            }
            return Some((place, bytes, Body::Json(buf)));
        }
        None
    }
}

/// Reads one line (with its newline) into `buf`, keeping at most `limit`
/// bytes: returns the bytes consumed (0 at the end) and whether the line
/// was longer than `limit` (then `buf` is left empty and the line skipped).
pub fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, too_long));
        }
        // memchr looks at many bytes at once: a byte-by-byte search for the
        // newline was 2% of a batch.
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + take > limit {
                too_long = true;
                buf.clear();
                buf.shrink_to_fit();
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        reader.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

/// A reader that fails once more than `limit` bytes are read since the last
/// [`Limited::reset`]: it bounds the memory a single CSV record can take
/// (an unclosed quote would otherwise swallow the rest of the file).
struct Limited<R> {
    inner: R,
    since_reset: u64,
    limit: u64,
}

impl<R> Limited<R> {
    fn reset(&mut self) {
        self.since_reset = 0;
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.since_reset += read as u64;
        if self.since_reset > self.limit {
            return Err(io::Error::other(format!(
                "a record is longer than {} MiB (an unclosed quote?); the rest of the file is skipped",
                self.limit >> 20
            )));
        }
        Ok(read)
    }
}

/// A CSV input with a header row.
struct CsvSource {
    name: String,
    reader: ::csv::Reader<Limited<File>>,
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
    fn open(path: &Path, columns: &Columns) -> Result<CsvSource, String> {
        let name = path_name(path);
        let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(Limited {
                inner: file,
                since_reset: 0,
                limit: MAX_RECORD_BYTES as u64,
            });
        let headers: Vec<String> = reader
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
        let find = |wanted: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted));
        let column = |wanted: &str, option: &str| {
            find(wanted).ok_or_else(|| {
                format!(
                    "{name}:1: no {wanted:?} column (the columns are: {}); name it with {option}",
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

    fn next(&mut self) -> Option<Read1> {
        if self.done {
            return None;
        }
        self.reader.get_mut().reset();
        let result = self.reader.read_byte_record(&mut self.record);
        let end = self.reader.position().byte();
        let bytes = end.saturating_sub(self.last_byte);
        self.last_byte = end;
        match result {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                let place = format!("{}:{line}", self.name);
                let cell = |n: usize| self.record.get(n).unwrap_or_default();
                let id = String::from_utf8_lossy(cell(self.id)).trim().to_string();
                if id.is_empty() {
                    let message = format!("{place}: the id is empty");
                    return Some((place, bytes, Body::Bad(message)));
                }
                let question = self
                    .question
                    .map(|n| String::from_utf8_lossy(cell(n)).trim().to_string())
                    .filter(|q| !q.is_empty());
                let answer = cell(self.answer).to_vec();
                let extra = self
                    .extra
                    .iter()
                    .map(|(n, name)| (name.clone(), String::from_utf8_lossy(cell(*n)).into_owned()))
                    .collect();
                Some((
                    place,
                    bytes,
                    Body::Cells {
                        id,
                        answer,
                        question,
                        extra,
                    },
                ))
            }
            Err(error) => {
                let line = error
                    .position()
                    .map_or_else(|| self.reader.position().line(), |p| p.line());
                let place = format!("{}:{line}", self.name);
                if error.is_io_error() {
                    self.done = true;
                }
                let message = format!("{place}: {}", csv_message(&error));
                Some((place, bytes, Body::Bad(message)))
            }
        }
    }
}

/// A CSV error in words, without the crate's own position prefix.
fn csv_message(error: &::csv::Error) -> String {
    match error.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the record has {len} fields where the header has {expected_len}"),
        ::csv::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_whole() {
        let mut input: &[u8] = b"short\nthis one is far too long\nok\n";
        let mut lines = Vec::new();
        loop {
            let mut buf = Vec::new();
            let (read, too_long) = read_line_limited(&mut input, &mut buf, 10).expect("reads");
            if read == 0 {
                break;
            }
            lines.push((String::from_utf8(buf).expect("utf8"), too_long));
        }
        assert_eq!(
            lines,
            [
                ("short\n".to_string(), false),
                (String::new(), true),
                ("ok\n".to_string(), false)
            ]
        );
    }

    #[test]
    fn a_last_line_without_newline_is_read() {
        let mut input: &[u8] = b"a\nb";
        let mut buf = Vec::new();
        read_line_limited(&mut input, &mut buf, 10).expect("reads");
        buf.clear();
        let (read, _) = read_line_limited(&mut input, &mut buf, 10).expect("reads");
        assert_eq!((read, buf.as_slice()), (1, b"b".as_slice()));
    }
}
