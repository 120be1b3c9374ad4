//! CSV and TSV files as spreadsheets write them: in any encoding
//! [`super::stream`] reads, with cells separated by commas, semicolons (the
//! CSV of European spreadsheets) or tabs, told from the header line unless
//! `--delimiter` says; a `.tsv` file is tab-separated and has no quoting.
//!
//! The `csv` crate parses; [`Tracked`] sits under it to say on which
//! physical line a record starts (the crate's own line count goes wrong
//! after cells that hold line breaks), to bound the bytes one record may
//! take, and to find a quote that is never closed (the crate would
//! otherwise read the rest of the file as one cell without a word).

use crate::commands::MAX_ANSWER_BYTES;
use std::io::{self, Cursor, Read};
use std::path::Path;

/// The most bytes one record may take: room for an answer of
/// [`MAX_ANSWER_BYTES`] even when every character is escaped.
pub const MAX_RECORD_BYTES: usize = 8 * MAX_ANSWER_BYTES;

/// The delimiters told apart from the header line, in order of preference on a tie.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The bytes read at most to find the header line.
const HEADER_PEEK: usize = 64 << 10;

/// A CSV or TSV file opened for reading.
pub struct Table {
    /// The bytes, decoded and tracked; hand it to a `csv` reader.
    pub reader: Tracked,
    /// The cell delimiter.
    pub delimiter: u8,
    /// Whether double quotes quote cells (not in TSV).
    pub quoting: bool,
}

impl Table {
    /// Opens `path`: decodes it, and finds its delimiter unless `forced`.
    /// One record may take at most `limit` bytes.
    pub fn open(path: &Path, forced: Option<u8>, limit: usize) -> io::Result<Table> {
        let file = std::fs::File::open(path)?;
        let tsv = is_tsv(path);
        Table::from_reader(Box::new(super::stream(file)), forced, tsv, limit)
    }

    /// Reads a table from `reader` (see [`Table::open`]).
    pub fn from_reader(
        mut reader: Box<dyn Read + Send>,
        forced: Option<u8>,
        tsv: bool,
        limit: usize,
    ) -> io::Result<Table> {
        let mut first = Vec::new();
        let mut chunk = [0; 8192];
        while !first.contains(&b'\n') && first.len() < HEADER_PEEK {
            let read = match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            first.extend_from_slice(&chunk[..read]);
        }
        let header_line = first
            .split(|&b| b == b'\n')
            .next()
            .unwrap_or_default()
            .to_vec();
        let quoting = !tsv;
        let delimiter = forced.unwrap_or_else(|| {
            if tsv {
                b'\t'
            } else {
                detect_delimiter(&header_line)
            }
        });
        let inner: Box<dyn Read + Send> = Box::new(Cursor::new(first).chain(reader));
        Ok(Table {
            reader: Tracked::new(inner, delimiter, quoting, limit),
            delimiter,
            quoting,
        })
    }

    /// A `csv` reader builder set up for this table's dialect.
    pub fn builder(&self) -> ::csv::ReaderBuilder {
        let mut builder = ::csv::ReaderBuilder::new();
        builder
            .delimiter(self.delimiter)
            .quoting(self.quoting)
            .has_headers(true);
        builder
    }
}

/// Whether a file's extension says it is tab-separated (`.tsv`, `.tab`).
pub fn is_tsv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"))
}

/// The delimiter of a header line: whichever of [`DELIMITERS`] occurs most
/// outside double quotes (a comma when none does).
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &byte in header {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(n) = DELIMITERS.iter().position(|&d| d == byte) {
                counts[n] += 1;
            }
        }
    }
    let mut best = 0;
    for n in 1..DELIMITERS.len() {
        if counts[n] > counts[best] {
            best = n;
        }
    }
    DELIMITERS[best]
}

/// What reading one CSV record gave, with the physical line it begins on.
#[derive(Debug)]
pub enum RecordRead {
    /// No more records.
    End,
    /// A record, now in the `ByteRecord` given to [`read_record`].
    Record {
        /// Its physical line.
        line: u64,
    },
    /// A record the `csv` crate could not read (an I/O error ends the file).
    Bad {
        /// Its physical line.
        line: u64,
        /// Why.
        error: ::csv::Error,
    },
    /// A record that runs to the end of the file inside a quote never closed.
    UnclosedQuote {
        /// The physical line the record begins on.
        line: u64,
        /// The physical line where the quote opened.
        open: u64,
    },
}

/// Reads the next record of a [`Tracked`] CSV reader into `record`, and
/// says on which physical line it begins and whether it ran off the end of
/// the file from an unclosed quote (every reader of CSV tables uses this).
pub fn read_record(
    reader: &mut ::csv::Reader<Tracked>,
    record: &mut ::csv::ByteRecord,
) -> RecordRead {
    let before = reader.position().byte();
    let result = reader.read_byte_record(record);
    let end = reader.position().byte();
    let start = match &result {
        Ok(_) => record.position().map_or(before, |p| p.byte()),
        Err(error) => error.position().map_or(before, |p| p.byte()),
    };
    if let Ok(false) = result {
        return RecordRead::End;
    }
    let line = reader.get_mut().record_line(start);
    let unclosed = reader.get_ref().unclosed_quote(end);
    reader.get_mut().line_at(end);
    match (unclosed, result) {
        (Some(open), _) => RecordRead::UnclosedQuote { line, open },
        (None, Ok(_)) => RecordRead::Record { line },
        (None, Err(error)) => RecordRead::Bad { line, error },
    }
}

/// A reader that keeps the bytes since the record being read began, so as
/// to count physical lines (`\n`, `\r\n` or a lone `\r` end one) up to any
/// byte offset, to bound a record's size, and to find an unclosed quote.
///
/// Offsets are in the decoded stream, which is what the `csv` crate counts.
pub struct Tracked {
    inner: Box<dyn Read + Send>,
    /// Bytes read and not yet forgotten; `kept[start..]` begins at offset `base`.
    kept: Vec<u8>,
    start: usize,
    base: u64,
    /// Line breaks before `base`.
    breaks: u64,
    /// Whether the byte before `base` was a carriage return.
    after_cr: bool,
    delimiter: u8,
    quoting: bool,
    limit: usize,
    /// Whether the stream has ended.
    ended: bool,
}

impl Tracked {
    fn new(inner: Box<dyn Read + Send>, delimiter: u8, quoting: bool, limit: usize) -> Tracked {
        Tracked {
            inner,
            kept: Vec::new(),
            start: 0,
            base: 0,
            breaks: 0,
            after_cr: false,
            delimiter,
            quoting,
            limit,
            ended: false,
        }
    }

    /// The physical line (from 1) of byte `offset`, which must not be
    /// before the last offset asked for: the bytes before it are forgotten.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let ahead = offset.saturating_sub(self.base);
        let upto = (self.start as u64 + ahead).min(self.kept.len() as u64) as usize;
        let passed = &self.kept[self.start..upto];
        self.breaks += count_breaks(passed, self.after_cr);
        if let Some(&last) = passed.last() {
            self.after_cr = last == b'\r';
        }
        self.base += passed.len() as u64;
        self.start = upto;
        if self.start > (64 << 10) && self.start > self.kept.len() / 2 {
            self.kept.drain(..self.start);
            self.start = 0;
        }
        self.breaks + 1
    }

    /// The physical line where the record read from byte `offset` begins:
    /// past the blank lines the `csv` crate skips as part of it.
    pub fn record_line(&mut self, offset: u64) -> u64 {
        let from = self.start + offset.saturating_sub(self.base) as usize;
        let blank = self.kept.get(from..).map_or(0, |rest| {
            rest.iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count()
        });
        self.line_at(offset + blank as u64)
    }

    /// For a record that begins at the last offset asked for and ends at
    /// `end`: when it runs to the end of the stream inside a quoted cell,
    /// the physical line where that quote opened.
    pub fn unclosed_quote(&self, end: u64) -> Option<u64> {
        let kept = (self.kept.len() - self.start) as u64;
        if !self.ended || end.saturating_sub(self.base) != kept {
            return None;
        }
        self.open_quote_line()
    }

    /// The physical line of a quote that opens a cell after the last offset
    /// asked for and is not closed in the bytes read since.
    fn open_quote_line(&self) -> Option<u64> {
        if !self.quoting {
            return None;
        }
        let rest = &self.kept[self.start..];
        let open = unclosed_quote(rest, self.delimiter)?;
        Some(self.breaks + count_breaks(&rest[..open], self.after_cr) + 1)
    }
}

impl Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.ended |= read == 0 && !buf.is_empty();
        self.kept.extend_from_slice(&buf[..read]);
        if self.kept.len() - self.start > self.limit {
            let at = match self.open_quote_line() {
                Some(line) => format!(" (the quote opened on line {line} is never closed?)"),
                None => String::new(),
            };
            return Err(io::Error::other(format!(
                "a record is longer than {} MiB{at}; the rest of the file is skipped",
                self.limit >> 20
            )));
        }
        Ok(read)
    }
}

/// How many line breaks `bytes` holds; `after_cr` says whether the byte
/// before it was a carriage return (so that a `\n` first ends no new line).
fn count_breaks(bytes: &[u8], after_cr: bool) -> u64 {
    let mut count = 0;
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let follows_cr = if at == 0 {
            after_cr
        } else {
            bytes[at - 1] == b'\r'
        };
        if bytes[at] == b'\r' || !follows_cr {
            count += 1;
        }
    }
    count
}

/// Where in `bytes` (which begin a record) a quoted cell opens and is
/// never closed, reading them as the `csv` crate does.
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<usize> {
    enum State {
        CellStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::CellStart;
    for (at, &byte) in bytes.iter().enumerate() {
        let ends_cell = byte == delimiter || byte == b'\n' || byte == b'\r';
        state = match state {
            State::CellStart if byte == b'"' => State::Quoted(at),
            State::CellStart | State::Unquoted if ends_cell => State::CellStart,
            State::CellStart | State::Unquoted => State::Unquoted,
            State::Quoted(open) if byte == b'"' => State::QuoteInQuoted(open),
            State::Quoted(open) => State::Quoted(open),
            State::QuoteInQuoted(open) if byte == b'"' => State::Quoted(open),
            State::QuoteInQuoted(_) if ends_cell => State::CellStart,
            State::QuoteInQuoted(_) => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_told_from_the_header_outside_quotes() {
        for (header, delimiter) in [
            ("id,answer", b','),
            ("id;answer;score", b';'),
            ("id\tanswer", b'\t'),
            ("\"a;b\",answer", b','),
            ("answer", b','),
            ("Nom;\"Réponse, complète\"", b';'),
        ] {
            assert_eq!(
                detect_delimiter(header.as_bytes()) as char,
                delimiter as char,
                "{header}"
            );
        }
    }

    #[test]
    fn lines_are_counted_for_every_kind_of_line_end() {
        assert_eq!(count_breaks(b"a\nb\r\nc\rd", false), 3);
        assert_eq!(count_breaks(b"\nb", true), 0);
        assert_eq!(count_breaks(b"\r\n\r\n", false), 2);
    }

    fn tracked(text: &str) -> Tracked {
        let mut tracked = Tracked::new(
            Box::new(Cursor::new(text.as_bytes().to_vec())),
            b',',
            true,
            1 << 20,
        );
        let mut all = Vec::new();
        tracked.read_to_end(&mut all).expect("reads");
        tracked
    }

    #[test]
    fn lines_of_offsets_follow_breaks_split_across_queries() {
        let mut tracked = tracked("h\r\na\r\nb\rc\n");
        assert_eq!(tracked.line_at(0), 1);
        assert_eq!(tracked.line_at(1), 1);
        assert_eq!(tracked.line_at(3), 2);
        assert_eq!(tracked.line_at(6), 3);
        assert_eq!(tracked.line_at(8), 4);
    }

    #[test]
    fn a_record_begins_after_the_blank_lines_before_it() {
        let mut tracked = tracked("h\n\r\n\na\n");
        assert_eq!(tracked.record_line(2), 4);
    }

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        let text = "id,answer\na,\"one\ntwo\"\nb,\"three\nc,four\n";
        let mut tracked = tracked(text);
        tracked.line_at(10);
        assert_eq!(tracked.unclosed_quote(text.len() as u64), Some(4));
        assert_eq!(tracked.unclosed_quote(20), None, "not at the end");
        let text = "id,answer\na,\"say \"\"hi\"\"\"\nb,x\"y\n";
        let mut closed = self::tracked(text);
        closed.line_at(0);
        assert_eq!(closed.unclosed_quote(text.len() as u64), None);
    }
}
