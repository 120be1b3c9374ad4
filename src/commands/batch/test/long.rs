//! A long test file: rows of id, question, answer (JSON Lines or CSV,
//! several files or standard input), several rows per student, in any
//! order. The rows are grouped by student in memory (a student's answers
//! may be anywhere in the file), so memory grows with the input; the
//! questions are those the rows name, in order of first appearance.

use super::mapping::{self, Override};
use super::{announce, Cell, Notes, Submission, Test};
use crate::commands::batch::input::{Body, Columns, Inputs};
use crate::commands::batch::record::parse_record;
use crate::commands::batch::BatchOptions;
use crate::commands::input::decode_unmarked;
use crate::error::Result;
use crate::rubric::Rubric;
use std::collections::HashMap;
use std::io::BufRead;

/// One student's answers as read: (rubric, place, text) each.
struct Student {
    place: String,
    id: String,
    answers: Vec<(usize, String, Vec<u8>)>,
}

/// Reads every row, groups the rest by student and says which question value went
/// to which question. Bad rows come first, as submissions that cannot be
/// graded, so that they are reported and counted.
pub fn read(
    options: &BatchOptions,
    rubrics: &[Rubric],
    overrides: &[Override],
    stdin: &mut dyn BufRead,
    notes: &mut Notes,
) -> Result<(Test, Vec<Submission>)> {
    let id_header = if options.id_column_given {
        options.id_column.clone()
    } else {
        "id".to_string()
    };
    let mut inputs = Inputs::new(
        options.inputs.clone(),
        Columns {
            id: id_header.clone(),
            answer: options.answer_column.clone(),
            delimiter: options.delimiter,
            keep_extra: false,
        },
    );
    let mut students: Vec<Student> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut bad = Vec::new();
    let mut questions: Vec<usize> = Vec::new();
    let mut values: Vec<(String, usize)> = Vec::new();
    let mut known: HashMap<String, Option<usize>> = HashMap::new();
    while let Some(item) = inputs.next(stdin) {
        let place = item.place;
        let (id, question, answer) = match item.body {
            Body::Bad { message, .. } => {
                bad.push(Submission::bad(place, message));
                continue;
            }
            Body::File { .. } => {
                let message = format!(
                    "{place}: a file's answer names no question: a whole test needs rows of \
                     id, question and answer (or give --question)"
                );
                bad.push(Submission::bad(place, message));
                continue;
            }
            Body::Json(line) => {
                let record = decode_unmarked(line)
                    .map_err(|reason| format!("{place}: {reason}"))
                    .and_then(|decoded| {
                        parse_record(&place, &decoded.text, false).map_err(|(_, m)| m)
                    });
                match record {
                    Ok(record) => (record.id, record.question, record.answer.into_bytes()),
                    Err(message) => {
                        bad.push(Submission::bad(place, message));
                        continue;
                    }
                }
            }
            Body::Cells {
                id,
                answer,
                question,
                ..
            } => (id, question, answer),
        };
        let Some(question) = question else {
            let message = format!("{place}: the row names no question");
            bad.push(Submission::bad(place, message));
            continue;
        };
        let rubric = *known
            .entry(question.clone())
            .or_insert_with(|| question_of(&question, rubrics, overrides));
        let Some(rubric) = rubric else {
            let ids: Vec<&str> = rubrics.iter().map(|r| r.id.as_str()).collect();
            let message = format!(
                "{place}: {question:?} is none of the questions ({}); map it with --map",
                ids.join(", ")
            );
            bad.push(Submission::bad(place, message));
            continue;
        };
        if !questions.contains(&rubric) {
            questions.push(rubric);
            values.push((question.clone(), rubric));
        }
        let index = *by_id.entry(id.clone()).or_insert_with(|| {
            students.push(Student {
                place: place.clone(),
                id: id.clone(),
                answers: Vec::new(),
            });
            students.len() - 1
        });
        let student = &mut students[index];
        if let Some(earlier) = student.answers.iter_mut().find(|a| a.0 == rubric) {
            notes.warn(&format!(
                "{place}: {id} answered {} again (first at {}): the last answer counts",
                rubrics[rubric].id, earlier.1
            ))?;
            *earlier = (rubric, place, answer);
        } else {
            student.answers.push((rubric, place, answer));
        }
    }
    let lines: Vec<String> = values
        .iter()
        .map(|(value, rubric)| format!("{value:?} → {}", rubrics[*rubric].id))
        .collect();
    announce(notes, "the rows", &lines, &[])?;
    let test = Test::new(
        rubrics,
        &questions,
        values.into_iter().map(|(value, _)| value).collect(),
        vec![id_header],
    )?;
    let graded = students.into_iter().map(|student| {
        let mut answers: Vec<Option<Cell>> = questions.iter().map(|_| None).collect();
        for (rubric, place, text) in student.answers {
            if let Some(slot) = questions.iter().position(|&q| q == rubric) {
                answers[slot] = Some(Cell { place, text });
            }
        }
        Submission {
            place: student.place,
            identity: vec![student.id.clone()],
            id: student.id,
            answers,
            bad: None,
        }
    });
    Ok((test, bad.into_iter().chain(graded).collect()))
}

/// The rubric a row's question names: a `--map` for that value, else the
/// value matched like a column header (id or question text).
fn question_of(value: &str, rubrics: &[Rubric], overrides: &[Override]) -> Option<usize> {
    let wanted = mapping::normalise(value);
    if let Some(o) = overrides
        .iter()
        .find(|o| mapping::normalise(&o.column) == wanted)
    {
        return o
            .question
            .as_ref()
            .and_then(|id| rubrics.iter().position(|r| &r.id == id));
    }
    mapping::match_question(value, rubrics).map(|(n, _)| n)
}
