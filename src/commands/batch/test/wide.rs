//! A wide test file: one row per student, identity columns and one column
//! per question. Its columns are mapped to questions, the column telling
//! students apart is chosen, and a first pass finds students who submitted
//! more than once (the last row counts) before the rows stream out as
//! [`Submission`]s.

use super::mapping::{self, Override};
use super::sheet::{is_spreadsheet, is_table, Row, Sheet};
use super::{announce, Cell, Notes, Submission, Test};
use crate::commands::batch::csv_input::cell_text;
use crate::commands::batch::BatchOptions;
use crate::error::{Error, Result};
use crate::rubric::Rubric;
use std::collections::HashMap;
use std::path::Path;

/// Headers that tell students apart, most telling first; the first the
/// file has is used unless `--id-column` names one. An email is what LMS
/// gradebooks match on; Microsoft Forms' "ID" numbers responses, not students,
/// and comes after it.
const ID_HEADERS: [&str; 12] = [
    "email address",
    "email",
    "e-mail",
    "e-mail address",
    "username",
    "id number",
    "student id",
    "student number",
    "id",
    "sis_id",
    "sis user id",
    "name",
];

/// The wide file of a batch, if its input is one: a spreadsheet, or a CSV
/// or TSV without `question` and answer columns (those are long files).
pub fn input(options: &BatchOptions) -> Result<Option<&Path>> {
    let mut wide = None;
    for path in &options.inputs {
        let is_wide = if is_spreadsheet(path) {
            true
        } else if is_table(path) && path.is_file() {
            let sheet = Sheet::open(path, options.delimiter).map_err(Error::Usage)?;
            let has = |name: &str| sheet.headers.iter().any(|h| h.eq_ignore_ascii_case(name));
            !(has("question") && has(&options.answer_column))
        } else {
            false
        };
        if is_wide {
            wide = Some(path.as_path());
        }
    }
    match wide {
        Some(path) if options.inputs.len() > 1 => Err(Error::Usage(format!(
            "{}: a test with a column per question is graded one file at a time",
            path.display()
        ))),
        other => Ok(other),
    }
}

/// The students of a wide file, read in order, resubmissions left out.
pub struct Wide {
    sheet: Sheet,
    id_column: usize,
    identity: Vec<usize>,
    questions: Vec<usize>,
    /// For each student (id in lower case), the line of the row that counts.
    last: HashMap<String, u64>,
}

/// Opens a wide file: maps its columns (and says how on stderr), chooses the
/// id column, and warns about students who submitted more than once.
pub fn open(
    path: &Path,
    options: &BatchOptions,
    rubrics: &[Rubric],
    overrides: &[Override],
    notes: &mut Notes,
) -> Result<(Test, Wide)> {
    let sheet = Sheet::open(path, options.delimiter).map_err(Error::Usage)?;
    let name = sheet.name.clone();
    let headers = &sheet.headers;
    let id_column = id_column(
        &name,
        headers,
        options.id_column_given.then_some(&options.id_column),
    )?;
    let mapped = mapping::map_columns(&name, headers, rubrics, overrides, Some(id_column))?;
    let questions: Vec<usize> = (0..headers.len())
        .filter(|&n| mapped[n].is_some())
        .collect();
    if questions.is_empty() {
        let example = headers
            .iter()
            .find(|h| h.to_lowercase().starts_with("response"))
            .map_or("COLUMN", String::as_str);
        let first = rubrics.first().map_or("QUESTION", |r| r.id.as_str());
        return Err(Error::Usage(format!(
            "{name}: no column is headed by a question (the columns are: {}; the questions \
             are: {}): map each answer column to its question, e.g. --map \"{example}={first}\", \
             or give --question to grade one column",
            headers.join(", "),
            rubrics
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let identity: Vec<usize> = (0..headers.len())
        .filter(|&n| mapped[n].is_none())
        .collect();
    let lines: Vec<String> = questions
        .iter()
        .filter_map(|&n| {
            let (rubric, how) = mapped[n]?;
            Some(format!(
                "{:?} → {}{}",
                headers[n],
                rubrics[rubric].id,
                how.note()
            ))
        })
        .collect();
    let passed: Vec<String> = identity
        .iter()
        .map(|&n| format!("{:?}", headers[n]))
        .collect();
    announce(notes, &name, &lines, &passed)?;
    notes.note(&format!(
        "{name}: students are told apart by {:?} (--id-column)",
        headers[id_column]
    ))?;
    let chosen: Vec<usize> = questions
        .iter()
        .filter_map(|&n| mapped[n].map(|(r, _)| r))
        .collect();
    let test = Test::new(
        rubrics,
        &chosen,
        questions.iter().map(|&n| headers[n].clone()).collect(),
        identity.iter().map(|&n| headers[n].clone()).collect(),
    )?;
    let last = last_rows(path, options.delimiter, id_column, notes)?;
    Ok((
        test,
        Wide {
            sheet,
            id_column,
            identity,
            questions,
            last,
        },
    ))
}

/// The column telling students apart: `--id-column`, else the first of [`ID_HEADERS`].
fn id_column(name: &str, headers: &[String], given: Option<&String>) -> Result<usize> {
    if let Some(given) = given {
        return mapping::find_column(headers, given).ok_or_else(|| {
            Error::Usage(format!(
                "{name}:1: no {given:?} column (the columns are: {}); name it with --id-column",
                headers.join(", ")
            ))
        });
    }
    ID_HEADERS
        .iter()
        .find_map(|wanted| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{name}:1: which column names the student? (the columns are: {}); \
                 name it with --id-column",
                headers.join(", ")
            ))
        })
}

/// A student's id as compared for resubmissions: trimmed, lower case.
fn key(id: &str) -> String {
    id.trim().to_lowercase()
}

/// The first pass: each student's last row, with a warning for each
/// student who has more than one.
fn last_rows(
    path: &Path,
    delimiter: Option<u8>,
    id_column: usize,
    notes: &mut Notes,
) -> Result<HashMap<String, u64>> {
    let mut sheet = Sheet::open(path, delimiter).map_err(Error::Usage)?;
    let mut rows: HashMap<String, (usize, Vec<u64>)> = HashMap::new();
    let mut order = Vec::new();
    while let Some((line, id)) = sheet.next_cell(id_column) {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        let entry = rows.entry(key(id)).or_insert_with(|| {
            order.push(id.to_string());
            (order.len() - 1, Vec::new())
        });
        entry.1.push(line);
    }
    let mut last = HashMap::with_capacity(rows.len());
    let mut repeated: Vec<(usize, String, Vec<u64>)> = Vec::new();
    for (key, (first, lines)) in rows {
        if lines.len() > 1 {
            repeated.push((first, order[first].clone(), lines.clone()));
        }
        last.insert(key, lines.last().copied().unwrap_or_default());
    }
    repeated.sort();
    for (_, id, lines) in repeated {
        let listed: Vec<String> = lines.iter().map(u64::to_string).collect();
        notes.warn(&format!(
            "{}: {id} submitted {} times (lines {}): the last, line {}, counts",
            sheet.name,
            lines.len(),
            listed.join(", "),
            lines.last().copied().unwrap_or_default()
        ))?;
    }
    Ok(last)
}

impl Wide {
    /// Up to `students` submissions, in file order.
    pub fn read_chunk(&mut self, students: usize) -> Vec<Submission> {
        let mut chunk = Vec::with_capacity(students);
        while chunk.len() < students {
            let Some(Row { line, cells }) = self.sheet.next_row() else {
                break;
            };
            let place = format!("{}:{line}", self.sheet.name);
            let cells = match cells {
                Ok(cells) => cells,
                Err(message) => {
                    chunk.push(Submission::bad(place, message));
                    continue;
                }
            };
            let id = cells
                .get(self.id_column)
                .map(|c| cell_text(c).0.trim().to_string())
                .unwrap_or_default();
            if id.is_empty() {
                let message = format!(
                    "{place}: the student's {:?} is empty",
                    self.sheet.headers[self.id_column]
                );
                chunk.push(Submission::bad(place, message));
                continue;
            }
            if self.last.get(&key(&id)) != Some(&line) {
                continue;
            }
            let mut cells = cells;
            let mut cell = |n: usize| cells.get_mut(n).map(std::mem::take).unwrap_or_default();
            let identity = self
                .identity
                .iter()
                .map(|&n| cell_text(&cell(n)).0)
                .collect();
            let answers = self
                .questions
                .iter()
                .map(|&n| {
                    Some(Cell {
                        place: format!("{place}: column {:?}", self.sheet.headers[n]),
                        text: cell(n),
                    })
                })
                .collect();
            chunk.push(Submission {
                identity,
                place,
                id,
                answers,
                bad: None,
            });
        }
        chunk
    }
}
