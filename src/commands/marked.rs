//! Reading marked responses for `rubric test` and `rubric learn`: JSON Lines records, or rows
//! of a CSV or TSV file (an examiner's marks exported from a spreadsheet).
//!
//! Each record becomes a [`Response`] or a message naming what is wrong with
//! it; the caller reports bad records with their file and line and goes on.

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
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".to_string(),
            answer: "answer".to_string(),
            question: "question".to_string(),
            score: "score".to_string(),
            only: Vec::new(),
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

/// The kinds of response file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    JsonLines,
    Table(u8),
}

fn kind(path: &Path) -> Kind {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Kind::Table(b','),
        Some(e) if e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab") => {
            Kind::Table(b'\t')
        }
        _ => Kind::JsonLines,
    }
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

/// Reads every record of a file, handing each to `each` in order.
pub fn read_file(
    path: &Path,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match kind(path) {
        Kind::JsonLines => read_json_lines(path, std::io::BufReader::new(file), fields, each),
        Kind::Table(delimiter) => read_table(path, file, delimiter, fields, each),
    }
}

fn read_json_lines(
    path: &Path,
    reader: impl BufRead,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    for (n, line) in reader.split(b'\n').enumerate() {
        let at = format!("{}:{}", path.display(), n + 1);
        let line = line.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let response = match std::str::from_utf8(&line) {
            Err(_) => Err("the line is not valid UTF-8".to_string()),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => match from_json(text, fields) {
                Ok(Some(response)) => Ok(response),
                Ok(None) => continue,
                Err(message) => Err(message),
            },
        };
        each(Record { at, response })?;
    }
    Ok(())
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

fn read_table(
    path: &Path,
    file: std::fs::File,
    delimiter: u8,
    fields: &Fields,
    each: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // A TSV has no quoting: a quote is part of the answer.
        .quoting(delimiter != b'\t')
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let bad_header = |message: String| Error::Usage(format!("{}: {message}", path.display()));
    let header = reader
        .byte_headers()
        .map_err(|e| bad_header(e.to_string()))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let required = |name: &str, option: &str| {
        column(name).ok_or_else(|| {
            bad_header(format!(
                "no column {name:?} (give it with {option}); the columns are: {}",
                names.join(", ")
            ))
        })
    };
    let answer = required(&fields.answer, "--answer-column")?;
    let score = required(&fields.score, "--score-column")?;
    let id = column(&fields.id);
    let question = column(&fields.question);
    let mut only = Vec::new();
    for (name, wanted) in &fields.only {
        only.push((required(name, "--where")?, wanted.as_str()));
    }
    let mut record = ::csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + 1;
        let at = format!("{}:{line}", path.display());
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                each(Record {
                    at,
                    response: Err(e.to_string()),
                })?;
                continue;
            }
        }
        let at = format!(
            "{}:{}",
            path.display(),
            record.position().map_or(line, |p| p.line())
        );
        let cell = |n: usize| -> std::result::Result<String, String> {
            let bytes = record.get(n).unwrap_or_default();
            String::from_utf8(bytes.to_vec())
                .map_err(|_| format!("column {:?} is not valid UTF-8", names[n]))
        };
        if only
            .iter()
            .any(|(n, wanted)| cell(*n).map(|c| c.trim() != *wanted).unwrap_or(true))
        {
            continue;
        }
        let response = (|| {
            Ok(Response {
                id: match id {
                    Some(n) => cell(n)?,
                    None => record.position().map_or(line, |p| p.line()).to_string(),
                },
                question: question
                    .map(cell)
                    .transpose()?
                    .filter(|q| !q.trim().is_empty()),
                answer: cell(answer)?,
                covered: None,
                score: Some(mark(&cell(score)?).map_err(|m| format!("{:?}: {m}", fields.score))?),
                max_score: None,
            })
        })();
        each(Record { at, response })?;
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
