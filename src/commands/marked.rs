//! Reading marked responses for `rubric test` and `rubric learn`: JSON Lines records, or rows
//! of a CSV or TSV file (an examiner's marks exported from a spreadsheet).
//!
//! Files are read through [`super::input`], so any encoding and CSV dialect
//! it reads will do. Each record becomes a [`Response`] or a message naming
//! what is wrong with it; the caller reports bad records with their file and
//! (physical) line and goes on.

use super::input::{self, table, table::RecordRead};
use crate::error::{Error, Result};
use crate::text::sanitize::for_terminal;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One marked response, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Its id, as text.
    pub id: String,
    /// The question it answers, when the record says.
    pub question: Option<String>,
    /// The answer text.
    pub answer: String,
    /// The point ids a person marked as covered, when labelled per point.
    pub covered: Option<Vec<String>>,
    /// The examiner's overall mark, when marked holistically.
    pub score: Option<f64>,
    /// The most that mark could be, when the record says.
    pub max_score: Option<f64>,
    /// What kind of answer it is ("negation", "off-topic"), when the record says.
    pub kind: Option<String>,
}

/// Which fields (JSON Lines) or columns (CSV, TSV) hold what, and which rows to keep.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The id field.
    pub id: String,
    /// The answer field.
    pub answer: String,
    /// The question field (optional in the data).
    pub question: String,
    /// The examiner's mark field.
    pub score: String,
    /// Keep only records whose field (first) has this value (second).
    pub only: Vec<(String, String)>,
    /// The CSV cell delimiter; `None` to tell it from the header line.
    pub delimiter: Option<u8>,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".to_string(),
            answer: "answer".to_string(),
            question: "question".to_string(),
            score: "score".to_string(),
            only: Vec::new(),
            delimiter: None,
        }
    }
}

/// One record read: where it stands (`file:line`) and what it holds.
pub struct Record {
    /// `file:line`, for messages.
    pub at: String,
    /// The response, or what is wrong with the record.
    pub response: std::result::Result<Response, String>,
}

/// Whether a response file is a table (CSV, TSV) rather than JSON Lines.
fn is_table(path: &Path) -> bool {
    table::is_tsv(path)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Whether a file in a folder of responses is one: `.jsonl`, `.csv` or `.tsv`.
pub fn is_response_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["jsonl", "csv", "tsv"]
            .iter()
            .any(|k| e.eq_ignore_ascii_case(k))
    })
}

/// Expands folders to their response files, sorted.
pub fn response_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        return Err(Error::Usage(
            "give marked responses with --responses FILE".to_string(),
        ));
    }
    let mut files = Vec::new();
    for path in paths {
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if std::fs::metadata(path).map_err(io)?.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_response_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reports a bad record on stderr, naming where it stands (`file:line`).
pub fn report_bad(console: &mut super::Console, at: &str, message: &str) -> Result<()> {
    let line = for_terminal(&format!("{at}: {message}"), false);
    writeln!(console.err, "markpoint: error: {line}").map_err(|source| Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    })
}

/// Gives a note on stderr (`read_file` returns one when it had to guess an encoding).
pub fn report_note(console: &mut super::Console, note: &str) -> Result<()> {
    writeln!(console.err, "markpoint: note: {note}").map_err(|source| Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    })
}

/// Reads every record of a file, handing each to `each` in order. Returns
/// the note to give when some of it was not UTF-8 and its encoding was guessed.
pub fn read_file(
    path: &Path,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<Option<String>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let guessed = if is_table(path) {
        let table =
            table::Table::open(path, fields.delimiter, table::MAX_RECORD_BYTES).map_err(io)?;
        read_table(path, table, fields, each)?
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        read_json_lines(
            path,
            std::io::BufReader::new(input::stream(file)),
            fields,
            each,
        )?
    };
    Ok(guessed.then(|| input::guessed_note(&path.display().to_string())))
}

/// Reads JSON Lines records; returns whether an encoding was guessed.
fn read_json_lines(
    path: &Path,
    reader: impl BufRead,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<bool> {
    let mut guessed = false;
    for (n, line) in reader.split(b'\n').enumerate() {
        let at = format!("{}:{}", path.display(), n + 1);
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let response = match input::decode_unmarked(line) {
            Err(message) => Err(message),
            Ok(decoded) if decoded.text.trim().is_empty() => continue,
            Ok(decoded) => {
                guessed |= decoded.guessed;
                match from_json(&decoded.text, fields) {
                    Ok(Some(response)) => Ok(response),
                    Ok(None) => continue,
                    Err(message) => Err(message),
                }
            }
        };
        each(Record { at, response })?;
    }
    Ok(guessed)
}

/// A JSON Lines record as a response (None when `only` leaves it out).
fn from_json(text: &str, fields: &Fields) -> std::result::Result<Option<Response>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let object = value
        .as_object()
        .ok_or_else(|| "a response must be a JSON object".to_string())?;
    let text_of = |name: &str| object.get(name).map(json_text);
    if fields
        .only
        .iter()
        .any(|(name, wanted)| text_of(name).as_deref() != Some(wanted.as_str()))
    {
        return Ok(None);
    }
    let answer = match object.get(&fields.answer) {
        Some(serde_json::Value::String(answer)) => answer.clone(),
        Some(_) => return Err(format!("{:?} must be a string", fields.answer)),
        None => return Err(format!("the response has no {:?}", fields.answer)),
    };
    let covered = match object.get("covered") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Array(items)) => Some(
            items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
                .ok_or_else(|| "\"covered\" must list point ids as strings".to_string())?,
        ),
        Some(_) => return Err("\"covered\" must be a list of point ids".to_string()),
    };
    let number = |name: &str| -> std::result::Result<Option<f64>, String> {
        match object.get(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(value) => mark(&json_text(value))
                .map(Some)
                .map_err(|m| format!("{name:?}: {m}")),
        }
    };
    Ok(Some(Response {
        id: text_of(&fields.id).unwrap_or_default(),
        question: text_of(&fields.question).filter(|q| !q.is_empty()),
        answer,
        covered,
        score: number(&fields.score)?,
        max_score: number("max_score")?,
        kind: text_of("kind").filter(|k| !k.trim().is_empty()),
    }))
}

/// A JSON value as the text a person would type for it.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A mark written as text: a finite number.
fn mark(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("{text:?} is not a mark (a number)")),
    }
}

/// Reads the rows of a CSV or TSV file; returns whether an encoding was guessed.
fn read_table(
    path: &Path,
    table: table::Table,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<bool> {
    let mut reader = table.builder().flexible(true).from_reader(table.reader);
    let bad_header = |message: String| Error::Usage(format!("{}: {message}", path.display()));
    let header = reader
        .byte_headers()
        .map_err(|e| bad_header(e.to_string()))?
        .clone();
    let mut guessed = false;
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            let (name, was_guessed) = text_of(h);
            guessed |= was_guessed;
            name.trim().trim_start_matches('\u{feff}').to_string()
        })
        .collect();
    let other_delimiter = if names.len() == 1 {
        "; if the cells are separated by something else, give it with --delimiter"
    } else {
        ""
    };
    let column = |name: &str| names.iter().position(|n| n == name);
    let required = |name: &str, option: &str| {
        column(name).ok_or_else(|| {
            bad_header(format!(
                "no column {name:?} (give it with {option}); the columns are: {}{other_delimiter}",
                names.join(", ")
            ))
        })
    };
    let answer = required(&fields.answer, "--answer-column")?;
    let score = required(&fields.score, "--score-column")?;
    let id = column(&fields.id);
    let question = column(&fields.question);
    let kind = column("kind");
    let mut only = Vec::new();
    for (name, wanted) in &fields.only {
        only.push((required(name, "--where")?, wanted.as_str()));
    }
    let mut record = ::csv::ByteRecord::new();
    loop {
        let (line, problem) = match table::read_record(&mut reader, &mut record) {
            RecordRead::End => return Ok(guessed),
            RecordRead::Record { line } => (line, None),
            RecordRead::Bad { line, error } => (line, Some(error)),
            RecordRead::UnclosedQuote { line, open } => {
                let response = Err(format!(
                    "a quote opened on line {open} is never closed, so the rest of the file was \
                     read as one cell and skipped (the rows before it were read)"
                ));
                let at = format!("{}:{line}", path.display());
                each(Record { at, response })?;
                return Ok(guessed);
            }
        };
        let at = format!("{}:{line}", path.display());
        if let Some(error) = problem {
            let stop = error.is_io_error();
            each(Record {
                at,
                response: Err(error.to_string()),
            })?;
            if stop {
                return Ok(guessed);
            }
            continue;
        }
        let mut cell = |n: usize| -> String {
            let (text, was_guessed) = text_of(record.get(n).unwrap_or_default());
            guessed |= was_guessed;
            text
        };
        if only.iter().any(|(n, wanted)| cell(*n).trim() != *wanted) {
            continue;
        }
        let response = (|| {
            Ok(Response {
                id: match id {
                    Some(n) => cell(n),
                    None => line.to_string(),
                },
                question: question.map(&mut cell).filter(|q| !q.trim().is_empty()),
                answer: cell(answer),
                covered: None,
                score: Some(mark(&cell(score)).map_err(|m| format!("{:?}: {m}", fields.score))?),
                max_score: None,
                kind: kind.map(&mut cell).filter(|k| !k.trim().is_empty()),
            })
        })();
        each(Record { at, response })?;
    }
}

/// A cell as text, and whether its encoding had to be guessed (see [`input::decode_unmarked`]).
fn text_of(cell: &[u8]) -> (String, bool) {
    match input::decode_unmarked(cell.to_vec()) {
        Ok(decoded) => (decoded.text, decoded.guessed),
        Err(_) => (String::from_utf8_lossy(cell).into_owned(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str, fields: &Fields) -> Vec<std::result::Result<Response, String>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("writes");
        let mut out = Vec::new();
        read_file(&path, fields, &mut |r| {
            out.push(r.response);
            Ok(())
        })
        .expect("reads");
        out
    }

    #[test]
    fn tsv_rows_keep_quotes_and_filter_by_column() {
        let fields = Fields {
            id: "Id".into(),
            answer: "EssayText".into(),
            score: "Score1".into(),
            only: vec![("Set".into(), "5".into())],
            ..Fields::default()
        };
        let got = read(
            "marks.tsv",
            "Id\tSet\tScore1\tEssayText\n1\t1\t2\tnot this one\n2\t5\t3\t\"tRNA\" brings it\n",
            &fields,
        );
        assert_eq!(got.len(), 1);
        let response = got[0].as_ref().expect("parsed");
        assert_eq!(response.id, "2");
        assert_eq!(response.answer, "\"tRNA\" brings it");
        assert_eq!(response.score, Some(3.0));
    }

    #[test]
    fn bad_marks_are_reported_per_record() {
        let fields = Fields::default();
        let got = read("m.csv", "id,answer,score\na,\"x, y\",two\nb,z,1\n", &fields);
        assert_eq!(
            got[0],
            Err("\"score\": \"two\" is not a mark (a number)".to_string())
        );
        assert_eq!(got[1].as_ref().map(|r| r.answer.as_str()), Ok("z"));
    }

    #[test]
    fn json_lines_take_the_named_score_field() {
        let fields = Fields {
            score: "Score1".into(),
            ..Fields::default()
        };
        let got = read(
            "m.jsonl",
            "{\"id\": 7, \"answer\": \"a\", \"Score1\": 2, \"covered\": [\"p\"]}\n\n[1]\n",
            &fields,
        );
        assert_eq!(got.len(), 2, "the blank line is skipped");
        let first = got[0].as_ref().expect("parsed");
        assert_eq!((first.id.as_str(), first.score), ("7", Some(2.0)));
        assert_eq!(first.covered, Some(vec!["p".to_string()]));
        assert_eq!(got[1], Err("a response must be a JSON object".to_string()));
    }
}
