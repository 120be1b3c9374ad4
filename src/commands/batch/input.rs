//! Reading a batch's inputs one answer at a time, in order: folders of
//! `.txt`/`.md`/`.docx` answers, JSON Lines files (or `-`, standard input)
//! and CSV/TSV files, in the encodings and dialects [`crate::commands::input`]
//! reads.
//!
//! Nothing here reads a whole input into memory: files of a folder are only
//! listed (the grading workers read them), JSON Lines are read line by line
//! (parsed by the workers) and CSV record by record, each record bounded in
//! size. Whatever cannot be read becomes an [`Body::Bad`] item in its place,
//! so that it is reported in order, counted and listed in every output.

use super::csv_input::CsvSource;
use crate::commands::input::{self, table};
use crate::commands::is_word_document;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Longest JSON Lines or CSV record read, in bytes.
pub const MAX_RECORD_BYTES: usize = table::MAX_RECORD_BYTES;

/// One answer to grade, as read.
#[derive(Debug)]
pub struct Item {
    /// Its position among all items read (from 1).
    pub seq: usize,
    /// Where it stands, for messages: `file` or `file:line`.
    pub place: String,
    /// The file it comes from, for notes about the whole file.
    pub file: Arc<str>,
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
    /// One JSON Lines record, not yet decoded or parsed.
    Json(Vec<u8>),
    /// The cells of one CSV record.
    Cells {
        /// The id cell.
        id: String,
        /// The answer cell's bytes (decoded and checked by the worker).
        answer: Vec<u8>,
        /// The question cell, when there is one and it is not empty.
        question: Option<String>,
        /// The other columns' names and cells, in order, when they are kept.
        extra: Vec<(String, String)>,
        /// Whether the id or question cell had to be read as
        /// [`input::GUESSED_ENCODING`].
        guessed: bool,
    },
    /// Something that could not be read.
    Bad {
        /// Its id, when it is known.
        id: Option<String>,
        /// The message, naming where.
        message: String,
    },
}

impl Body {
    /// Something that could not be read and has no id.
    pub(super) fn bad(message: String) -> Body {
        Body::Bad { id: None, message }
    }
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
    /// The cell delimiter, when `--delimiter` gives it (else told from the header).
    pub delimiter: Option<u8>,
}

/// The inputs of a batch, read in turn.
pub struct Inputs {
    queue: std::vec::IntoIter<PathBuf>,
    current: Option<Source>,
    /// The current input's name, and how many items it has given.
    current_name: Arc<str>,
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
            current_name: Arc::from(""),
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
                    self.current_name = Arc::from(if path == Path::new("-") {
                        "<stdin>".to_string()
                    } else {
                        path_name(&path)
                    });
                    self.from_current = 0;
                    match open(&path, &self.columns) {
                        Ok(source) => self.current.insert(source),
                        Err(message) => {
                            let file = self.current_name.clone();
                            return Some(self.item(path_name(&path), file, 0, Body::bad(message)));
                        }
                    }
                }
            };
            let read = match source {
                Source::Folder(files) => files.next().map(|path| {
                    let place = path_name(&path);
                    let file = Arc::from(place.as_str());
                    (place, 0, folder_entry(path), Some(file))
                }),
                Source::Lines(lines) => lines.next(stdin).map(|(p, b, body)| (p, b, body, None)),
                Source::Csv(csv) => csv.next().map(|(p, b, body)| (p, b, body, None)),
            };
            match read {
                Some((place, bytes, body, file)) => {
                    self.from_current += 1;
                    let file = file.unwrap_or_else(|| self.current_name.clone());
                    return Some(self.item(place, file, bytes, body));
                }
                None => {
                    self.current = None;
                    if self.from_current == 0 {
                        let name = self.current_name.clone();
                        let message = format!("{name}: there are no answers in this input");
                        return Some(self.item(name.to_string(), name, 0, Body::bad(message)));
                    }
                }
            }
        }
    }

    fn item(&mut self, place: String, file: Arc<str>, bytes: u64, body: Body) -> Item {
        self.seq += 1;
        Item {
            seq: self.seq,
            place,
            file,
            bytes,
            body,
        }
    }
}

/// A path as messages name it.
pub(super) fn path_name(path: &Path) -> String {
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
        let files = folder_files(path).map_err(|e| format!("{name}: {e}"))?;
        if files.is_empty() {
            return Err(format!(
                "{name}: the folder has no answers (.txt, .md or .docx files)"
            ));
        }
        return Ok(Source::Folder(files.into_iter()));
    }
    match extension(path).as_str() {
        "jsonl" | "ndjson" | "json" => {
            let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
            let reader: Box<dyn Read + Send> = Box::new(input::stream(file));
            Ok(Source::Lines(LineSource::new(
                name,
                Some(BufReader::with_capacity(1 << 16, reader)),
            )))
        }
        "csv" | "tsv" | "tab" => Ok(Source::Csv(Box::new(CsvSource::open(path, columns)?))),
        "txt" | "md" | "docx" => Ok(Source::Folder(vec![path.to_path_buf()].into_iter())),
        _ => Err(format!(
            "{name}: cannot tell what this input holds: give a folder of .txt, .md or .docx \
             answers, a .jsonl, .csv or .tsv file, or - for JSON Lines on standard input"
        )),
    }
}

/// What a file of a folder gives: an answer file to read, or why it is skipped.
fn folder_entry(path: PathBuf) -> Body {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path_name(&path);
    if path.is_dir() {
        let message = format!(
            "{name}: a folder inside the folder (batch does not look in sub-folders; \
             give it as an INPUT of its own)"
        );
        return Body::Bad {
            id: Some(id),
            message,
        };
    }
    if is_answer_file(&path) {
        return Body::File { id, path };
    }
    let message = format!(
        "{name}: not an answer file markpoint reads (.txt, .md or .docx); \
         save it as one of those"
    );
    Body::Bad {
        id: Some(id),
        message,
    }
}

/// Whether markpoint reads a file of a folder as an answer.
fn is_answer_file(path: &Path) -> bool {
    matches!(extension(path).as_str(), "txt" | "md") || is_word_document(path)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The entries of a folder, sorted by name, less those no one means as an
/// answer: hidden files, Word's lock files (`~$…`) and the files Windows
/// leaves (`Thumbs.db`, `desktop.ini`). Every other entry is an answer or
/// is reported as skipped.
fn folder_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let ignored = name.starts_with('.')
            || name.starts_with("~$")
            || name == "thumbs.db"
            || name == "desktop.ini";
        if !ignored {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The answer files of a folder (for the progress bar's total).
fn answer_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    Ok(folder_files(dir)?
        .into_iter()
        .filter(|p| is_answer_file(p))
        .collect())
}

/// What one read produced: where, how many bytes, what.
pub(super) type Read1 = (String, u64, Body);

/// A JSON Lines input: a file, or standard input when `reader` is `None`.
struct LineSource {
    name: String,
    reader: Option<BufReader<Box<dyn Read + Send>>>,
    line: usize,
    /// Whether a record was given (the first is checked for plain text).
    given: bool,
    done: bool,
}

impl LineSource {
    fn new(name: String, reader: Option<BufReader<Box<dyn Read + Send>>>) -> LineSource {
        LineSource {
            name,
            reader,
            line: 0,
            given: false,
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
                    return Some((place.clone(), skipped, Body::bad(format!("{place}: {e}"))));
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
                return Some((place, bytes, Body::bad(message)));
            }
            if self.line == 1 && buf.starts_with(b"\xef\xbb\xbf") {
                buf.drain(..3);
            }
            let Some(&first) = buf.iter().find(|b| !b.is_ascii_whitespace()) else {
                skipped = bytes;
                continue;
            };
            if !self.given && !matches!(first, b'{' | b'[' | b'"') {
                // Plain text, most likely: one message, not one per line.
                self.done = true;
                let message = format!("{place}: {}", self.not_json_lines());
                return Some((place, bytes, Body::bad(message)));
            }
            self.given = true;
            return Some((place, bytes, Body::Json(buf)));
        }
        None
    }

    /// What to say when the input is not JSON Lines at all.
    fn not_json_lines(&self) -> String {
        let what = if self.reader.is_none() {
            "`batch -` reads JSON Lines from standard input"
        } else {
            "this file should be JSON Lines"
        };
        format!(
            "not JSON Lines: {what}, one {{\"id\": …, \"answer\": …}} object per line; \
             to grade plain text, give a .txt file or a folder of them, or use `markpoint check -`"
        )
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
