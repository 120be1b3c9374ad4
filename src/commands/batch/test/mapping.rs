//! Which column of a test's file answers which question: each header is
//! matched against the rubrics' question texts and ids after normalisation
//! (case, punctuation, curly quotes, a leading number such as "1." or
//! "Q1)", a trailing "(5 marks)" or "[3 pts]"), tolerating small edits;
//! `--map COLUMN=QUESTION` sets or overrides a column's question.
//!
//! A header that matches no question passes through (identity columns,
//! timestamps, an export's own score columns). Two columns that match one
//! question are an error naming both: grading both would count the
//! question twice.

use crate::error::{Error, Result};
use crate::rubric::Rubric;
use regex::Regex;
use std::sync::OnceLock;

/// How close (normalised Levenshtein similarity, 0 to 1) a header must be
/// to a question's text to count as that question, with small edits
/// ("labour"/"labor", a dropped word, a typo).
const CLOSE_ENOUGH: f64 = 0.85;

/// Shortest normalised header tried for a close (not exact) match: short
/// headers ("Name", "Score") are too easily close to something.
const CLOSE_MIN_CHARS: usize = 12;

/// Prefixes and suffixes of the columns that quiz exports put beside a
/// question's answers (Microsoft Forms' "Points - Q" and "Feedback - Q",
/// Google Forms' "Q [Score]" and "Q [Feedback]"): never answers.
const BESIDE_ANSWERS: [&str; 2] = ["points - ", "feedback - "];
const AFTER_ANSWERS: [&str; 2] = ["[score]", "[feedback]"];

/// How a column came to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Its header is the question's text.
    Text,
    /// Its header is the question's id.
    Id,
    /// Its header is close to the question's text.
    Close,
    /// `--map` said so.
    Map,
}

impl How {
    /// A few words for the mapping notice ("" for an exact match).
    pub fn note(self) -> &'static str {
        match self {
            How::Text | How::Id => "",
            How::Close => " (close match)",
            How::Map => " (--map)",
        }
    }
}

/// One `--map COLUMN=QUESTION`: a question id, or `-` to pass the column through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The column's header, as written in the file.
    pub column: String,
    /// The question id, or `None` for `-`.
    pub question: Option<String>,
}

/// Parses `COLUMN=QUESTION` (split at the last `=`, since a header may hold one).
pub fn parse_override(arg: &str) -> Result<Override> {
    let (column, question) = arg.rsplit_once('=').ok_or_else(|| {
        Error::Usage(format!(
            "--map {arg:?}: write COLUMN=QUESTION, e.g. --map \"Response 1=definition\""
        ))
    })?;
    let (column, question) = (column.trim(), question.trim());
    if column.is_empty() || question.is_empty() {
        return Err(Error::Usage(format!(
            "--map {arg:?}: write COLUMN=QUESTION (QUESTION - passes the column through)"
        )));
    }
    Ok(Override {
        column: column.to_string(),
        question: (question != "-").then(|| question.to_string()),
    })
}

/// A header or question text reduced to what matters for matching: lower
/// case words without punctuation, numbering or a marks annotation.
pub fn normalise(header: &str) -> String {
    static NUMBERING: OnceLock<Regex> = OnceLock::new();
    static MARKS: OnceLock<Regex> = OnceLock::new();
    let numbering = NUMBERING.get_or_init(|| {
        Regex::new(r"^(?:(?:q|question)\s*\d+[a-z]?|\d+[a-z]?)\s*(?:[.):\-]\s*|\s+)")
            .expect("valid numbering regex")
    });
    let marks = MARKS.get_or_init(|| {
        Regex::new(r"[(\[]\s*\d+(?:\.\d+)?\s*(?:marks?|pts?|points?)\s*[)\]]\s*$")
            .expect("valid marks regex")
    });
    let lower: String = header.trim().to_lowercase();
    let without_marks = marks.replace(&lower, "");
    let without_number = numbering.replace(without_marks.trim(), "");
    without_number
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rubric (index) a header or question value names, and how; `None`
/// when it names none. Exact matches win over close ones.
pub fn match_question(header: &str, rubrics: &[Rubric]) -> Option<(usize, How)> {
    let lower = header.trim().to_lowercase();
    if BESIDE_ANSWERS.iter().any(|p| lower.starts_with(p))
        || AFTER_ANSWERS.iter().any(|s| lower.ends_with(s))
    {
        return None;
    }
    let wanted = normalise(header);
    if wanted.is_empty() {
        return None;
    }
    for (n, rubric) in rubrics.iter().enumerate() {
        if normalise(&rubric.question) == wanted {
            return Some((n, How::Text));
        }
        if normalise(&rubric.id) == wanted {
            return Some((n, How::Id));
        }
    }
    if wanted.chars().count() < CLOSE_MIN_CHARS {
        return None;
    }
    rubrics
        .iter()
        .enumerate()
        .map(|(n, r)| {
            (
                n,
                strsim::normalized_levenshtein(&wanted, &normalise(&r.question)),
            )
        })
        .filter(|(_, similarity)| *similarity >= CLOSE_ENOUGH)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| (n, How::Close))
}

/// The question (rubric index, and how) of each header, `None` for those
/// that pass through. `reserved` is the column telling students apart, which
/// is never a question. Errors: a `--map` naming no column or no question,
/// two columns for one question.
pub fn map_columns(
    name: &str,
    headers: &[String],
    rubrics: &[Rubric],
    overrides: &[Override],
    reserved: Option<usize>,
) -> Result<Vec<Option<(usize, How)>>> {
    let mut mapped: Vec<Option<(usize, How)>> = headers
        .iter()
        .enumerate()
        .map(|(n, h)| {
            if Some(n) == reserved {
                None
            } else {
                match_question(h, rubrics)
            }
        })
        .collect();
    for o in overrides {
        let column = find_column(headers, &o.column).ok_or_else(|| {
            Error::Usage(format!(
                "{name}: --map {:?}: no such column (the columns are: {})",
                o.column,
                headers.join(", ")
            ))
        })?;
        mapped[column] = match &o.question {
            None => None,
            Some(id) => {
                let index = rubrics.iter().position(|r| &r.id == id).ok_or_else(|| {
                    let ids: Vec<&str> = rubrics.iter().map(|r| r.id.as_str()).collect();
                    Error::Usage(format!(
                        "{name}: --map {:?}: no question {id:?} (the questions are: {})",
                        o.column,
                        ids.join(", ")
                    ))
                })?;
                Some((index, How::Map))
            }
        };
    }
    for (first, question) in mapped.iter().enumerate() {
        let Some((rubric, _)) = question else {
            continue;
        };
        if let Some(second) = (first + 1..mapped.len())
            .find(|&n| mapped[n].is_some_and(|(other, _)| other == *rubric))
        {
            return Err(Error::Usage(format!(
                "{name}: columns {:?} and {:?} both answer question {:?}: \
                 pass one through with --map \"{}=-\"",
                headers[first], headers[second], rubrics[*rubric].id, headers[second]
            )));
        }
    }
    Ok(mapped)
}

/// The column a `--map` names: its exact header, else one that is the same
/// after normalisation.
pub fn find_column(headers: &[String], column: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim() == column)
        .or_else(|| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(column))
        })
        .or_else(|| {
            let wanted = normalise(column);
            headers.iter().position(|h| normalise(h) == wanted)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric;

    #[track_caller]
    fn maps_to(header: &str, question: Option<&str>) {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let found = match_question(header, &rubrics).map(|(n, _)| rubrics[n].id.as_str());
        assert_eq!(found, question, "{header:?}");
    }

    #[test]
    fn headers_are_matched_after_normalisation() {
        maps_to("What was Stakhanovism?", Some("definition"));
        maps_to("1. What was Stakhanovism? (5 marks)", Some("definition"));
        maps_to("Q1) what was STAKHANOVISM [3 pts]", Some("definition"));
        maps_to("Question 2: definition", Some("definition"));
        maps_to("5-year plans", None);
        maps_to("Five-Year-Plans", Some("five-year-plans"));
        maps_to(
            "12345: How did Stakhanovism reflect the goals of Stalin\u{2019}s Five-Year \
             Plans in terms of labour productivity?",
            Some("five-year-plans"),
        );
        maps_to(
            "3. Evaluate the impact of Stakhanovism on Soviet society and its portrayal \
             of labour in the 1930s",
            Some("soviet-society"),
        );
    }

    #[test]
    fn other_headers_pass_through() {
        for header in [
            "Timestamp",
            "Email Address",
            "Response 1",
            "Grade/10.00",
            "Score",
            "1.0",
            "",
            "Points - How did Stakhanovism reflect the goals of Stalin's Five-Year Plans in terms of labor productivity?",
            "Feedback - What was Stakhanovism?",
            "What was Stakhanovism? [Score]",
            "What was Stakhanovism? [Feedback]",
        ] {
            maps_to(header, None);
        }
    }

    #[test]
    fn overrides_need_a_column_and_a_question() {
        assert_eq!(
            parse_override("a=b=definition").expect("parses"),
            Override {
                column: "a=b".to_string(),
                question: Some("definition".to_string())
            }
        );
        assert_eq!(parse_override("Score=-").expect("parses").question, None);
        assert!(parse_override("definition").is_err());
        assert!(parse_override("=definition").is_err());
    }

    #[test]
    fn two_columns_for_one_question_are_an_error_naming_both() {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let headers: Vec<String> = ["Email", "What was Stakhanovism?", "definition"]
            .map(String::from)
            .to_vec();
        let error = map_columns("f.csv", &headers, &rubrics, &[], Some(0))
            .expect_err("two columns")
            .to_string();
        assert!(
            error.contains("\"What was Stakhanovism?\" and \"definition\""),
            "{error}"
        );
        let fixed = map_columns(
            "f.csv",
            &headers,
            &rubrics,
            &[parse_override("definition=-").expect("parses")],
            Some(0),
        )
        .expect("maps");
        assert_eq!(fixed[0], None, "the id column is never a question");
        assert_eq!(fixed[1].map(|(_, how)| how), Some(How::Text));
        assert_eq!(fixed[2], None);
    }
}
