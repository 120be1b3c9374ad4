//! Rubrics: the JSON files teachers write, loaded and checked.
//!
//! A rubric file in, a [`Rubric`] out (or an [`Error::Rubric`] naming the file,
//! line, column and point). The format is made to be written by hand: synonym
//! groups (`concepts`) are defined once and points say which groups earn them
//! together (`"match": ["stakhanov + record"]`). `rubrics/schema.json`
//! describes it for editors.

mod builtin;
mod locate;
mod model;

pub use builtin::{builtin_questions, builtin_sources, BuiltinRubric, BUILTIN};
pub use locate::Locator;
pub use model::{Band, Example, Misconception, Point, Rubric};

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Longest rubric regex, in bytes of compiled program, that markpoint accepts.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A rubric file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in messages (`builtin:rubrics/x.json` for built-in ones).
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
}

/// Parses and validates one rubric file (the first problem, if any, is the error).
pub fn parse(source: &Source) -> Result<Rubric> {
    let (rubric, problems) = parse_checked(source)?;
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(rubric),
    }
}

/// Parses one rubric file and finds every validation problem in it, so that
/// `rubric lint` can report them all at once. The error is for a file that
/// does not parse as a rubric at all (syntax, unknown or mistyped fields),
/// where only the first problem is known.
pub fn parse_checked(source: &Source) -> Result<(Rubric, Vec<Error>)> {
    parse_as(&source.path, &source.text, Validation::Full)
}

/// How much of validation a rubric gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validation {
    /// Every check: a rubric a user gives, or `rubric lint`.
    Full,
    /// Every check but those that cost more than the rest of a one-answer
    /// check (compiling each regex, splitting each term into words): for the
    /// built-in rubrics, which the tests validate in full and whose regexes
    /// grading compiles only when an answer needs them.
    Builtin,
}

/// Parses one rubric file and finds its validation problems, as fully as asked.
/// Takes the file's path and text apart, so that a built-in rubric is parsed
/// where the binary holds it, not from a copy.
fn parse_as(path: &Path, text: &str, validation: Validation) -> Result<(Rubric, Vec<Error>)> {
    let mut rubric: Rubric = serde_json::from_str(text).map_err(|e| {
        let message = with_field_hint(e.to_string().split(" at line ").next().unwrap_or_default());
        let (line, column) = Locator::new(text).start_of_key_before(e.line(), e.column(), &message);
        Error::Rubric {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    })?;
    rubric.path = path.to_path_buf();
    let problems = validate(&rubric, text, validation);
    Ok((rubric, problems))
}

/// serde's "unknown field `wieght`, expected one of `id`, …" with a
/// did-you-mean when one of the expected fields is close.
fn with_field_hint(message: &str) -> String {
    let hint = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once("`, expected one of "))
        .and_then(|(field, expected)| {
            crate::suggest::did_you_mean(
                field,
                expected.split(", ").map(|name| name.trim_matches('`')),
            )
        });
    match hint {
        Some(name) => format!("{message}; did you mean `{name}`?"),
        None => message.to_string(),
    }
}

/// Loads rubrics from a file or a folder of `.json` files (`schema.json` excepted), sorted by path.
pub fn load_path(path: &Path) -> Result<Vec<Rubric>> {
    let mut sources = Vec::new();
    for file in rubric_files(path)? {
        sources.push(read_source(&file)?);
    }
    load_sources(&sources)
}

/// The rubric files a path names: itself, or a folder's rubric files sorted by name.
pub fn rubric_files(path: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if !std::fs::metadata(path).map_err(io)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        if is_rubric_file(&file) {
            files.push(file);
        }
    }
    files.sort();
    Ok(files)
}

/// Whether a file in a rubric folder is a rubric: `.json`, but not the schema.
pub fn is_rubric_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        && path.file_name().is_some_and(|n| n != "schema.json")
}

/// Reads a rubric file as UTF-8 text.
pub fn read_source(path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(Source {
        path: path.to_path_buf(),
        text,
    })
}

/// Parses several rubric files and checks that their question ids are unique.
pub fn load_sources(sources: &[Source]) -> Result<Vec<Rubric>> {
    let mut rubrics: Vec<Rubric> = Vec::new();
    for source in sources {
        let rubric = parse(source)?;
        if let Some(first) = rubrics.iter().find(|r| r.id == rubric.id) {
            return Err(duplicate_id(source, &rubric.id, &first.path));
        }
        rubrics.push(rubric);
    }
    if rubrics.is_empty() {
        return Err(Error::Usage("no rubric files found".to_string()));
    }
    Ok(rubrics)
}

/// The error for a question id that `first` already uses, placed at the id.
pub fn duplicate_id(source: &Source, id: &str, first: &Path) -> Error {
    let (line, column) = Locator::new(&source.text).field_value("id", None);
    Error::Rubric {
        path: source.path.clone(),
        line,
        column,
        message: format!("question id {id:?} is already used by {}", first.display()),
    }
}

/// Adds rubrics to a set: an added rubric whose question id is already in
/// the set takes that one's place (the added one wins, so a teacher's own
/// version of a question replaces the built-in one). Returns a note for
/// each replacement, naming both files.
pub fn merge(rubrics: &mut Vec<Rubric>, added: Vec<Rubric>) -> Vec<String> {
    let mut notes = Vec::new();
    for rubric in added {
        match rubrics.iter_mut().find(|r| r.id == rubric.id) {
            Some(old) => {
                notes.push(format!(
                    "question {:?} from {} replaces the one from {}",
                    rubric.id,
                    rubric.path.display(),
                    old.path.display()
                ));
                *old = rubric;
            }
            None => rubrics.push(rubric),
        }
    }
    notes
}

/// The rubrics built into the binary.
pub fn load_builtin() -> Result<Vec<Rubric>> {
    load_sources(&builtin_sources())
}

/// The built-in rubric for one question, parsing no other.
pub fn load_builtin_question(id: &str) -> Result<Rubric> {
    let Some(builtin) = BUILTIN.iter().find(|b| b.id == id) else {
        return Err(Error::UnknownQuestion {
            id: id.to_string(),
            available: BUILTIN.iter().map(|b| b.id.to_string()).collect(),
        });
    };
    let (rubric, problems) = parse_as(&builtin.path(), builtin.text, Validation::Builtin)?;
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(rubric),
    }
}

/// Finds a rubric by question id, or says which ids there are.
pub fn find<'r>(rubrics: &'r [Rubric], id: &str) -> Result<&'r Rubric> {
    rubrics
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::UnknownQuestion {
            id: id.to_string(),
            available: rubrics.iter().map(|r| r.id.clone()).collect(),
        })
}

/// Splits a `match` alternative ("a + b ~ c") into its concept names.
pub fn alternative_concepts(alternative: &str) -> impl Iterator<Item = &str> {
    alternative.split(['+', '~']).map(str::trim)
}

/// The pairs of concepts (positions in [`alternative_concepts`] order) that an
/// alternative joins with `~`: they must stand within a few words of each other.
pub fn near_pairs(alternative: &str) -> Vec<(usize, usize)> {
    alternative
        .chars()
        .filter(|c| matches!(c, '+' | '~'))
        .enumerate()
        .filter(|(_, c)| *c == '~')
        .map(|(i, _)| (i, i + 1))
        .collect()
}

/// Checks what serde cannot: ids, references between fields, numbers and
/// regexes. Every problem found, in file order as far as the checks go.
fn validate(rubric: &Rubric, text: &str, validation: Validation) -> Vec<Error> {
    let full = validation == Validation::Full;
    let locator = Locator::new(text);
    let mut problems = Vec::new();
    let mut fail = |at: (usize, usize), message: String| {
        problems.push(Error::Rubric {
            path: rubric.path.clone(),
            line: at.0,
            column: at.1,
            message,
        })
    };
    if rubric.id.trim().is_empty() {
        fail(
            locator.field_value("id", None),
            "the question id is empty".into(),
        );
    }
    if !(0.0..=100.0).contains(&rubric.pass_mark) {
        fail(
            locator.field_value("pass_mark", None),
            format!(
                "pass_mark must be a percentage from 0 to 100, not {}",
                rubric.pass_mark
            ),
        );
    }
    for (at, message) in check_mark_scheme(rubric, &locator) {
        fail(at, message);
    }
    if rubric.points.is_empty() {
        fail(
            locator.field_value("points", None),
            "the rubric has no points".into(),
        );
    }
    for (name, terms) in &rubric.concepts {
        let at = || locator.key(name, None);
        if terms.is_empty() {
            fail(at(), format!("concept {name:?} has no terms"));
        }
        for bad in terms
            .iter()
            .filter(|t| full && crate::matching::term_words(t).is_empty())
        {
            fail(
                locator.string(bad, Some(name)),
                format!("concept {name:?}: term {bad:?} has no words"),
            );
        }
    }
    for (field, names) in [
        ("subject", &rubric.subject),
        ("other_topics", &rubric.other_topics),
        ("core_subject", &rubric.core_subject),
    ] {
        for (at, message) in check_alternatives(rubric, "the rubric", field, field, names, &locator)
        {
            fail(at, message);
        }
    }
    if !rubric.other_topics.is_empty() && rubric.subject.is_empty() {
        fail(
            locator.field_value("other_topics", None),
            "other_topics needs \"subject\": the concepts that keep a sentence on the question"
                .into(),
        );
    }
    let mut point_ids = BTreeSet::new();
    for point in &rubric.points {
        let anchor = Some(point.id.as_str());
        let at_point = |field: &str| locator.field_value(field, anchor);
        if point.id.trim().is_empty() {
            fail(
                locator.field_value("id", Some("points")),
                "a point has an empty id".into(),
            );
        }
        if !point_ids.insert(point.id.as_str()) {
            let at = locator.nth_field_value("id", &point.id, 2);
            fail(at, format!("point {:?}: the id is used twice", point.id));
        }
        if !(point.weight.is_finite() && point.weight > 0.0) {
            fail(
                at_point("weight"),
                format!("point {:?}: weight must be a positive number", point.id),
            );
        }
        if point.matches.is_empty() && point.regex.is_none() {
            fail(
                at_point("id"),
                format!(
                    "point {:?}: give \"match\" or \"regex\" so it can be earned",
                    point.id
                ),
            );
        }
        let owner = format!("point {:?}", point.id);
        for (field, names) in [
            ("match", &point.matches),
            ("unless", &point.unless),
            ("denied_by", &point.denied_by),
        ] {
            for (at, message) in
                check_alternatives(rubric, &owner, field, &point.id, names, &locator)
            {
                fail(at, message);
            }
        }
        if let Some(Err(m)) = point.regex.as_deref().filter(|_| full).map(compile_regex) {
            fail(at_point("regex"), format!("point {:?}: {m}", point.id));
        }
        let mut misconception_ids = BTreeSet::new();
        for misconception in &point.misconceptions {
            let where_ = format!("point {:?}, misconception {:?}", point.id, misconception.id);
            // Found only for a problem: each search reads the whole file.
            let at = || locator.field_value("id", Some(&misconception.id));
            if !misconception_ids.insert(misconception.id.as_str()) {
                fail(at(), format!("{where_}: the id is used twice"));
            }
            if misconception.matches.is_empty() && misconception.regex.is_none() {
                fail(at(), format!("{where_}: give \"match\" or \"regex\""));
            }
            for (at, message) in check_alternatives(
                rubric,
                &where_,
                "match",
                &misconception.id,
                &misconception.matches,
                &locator,
            ) {
                fail(at, message);
            }
            if let Some(Err(m)) = misconception
                .regex
                .as_deref()
                .filter(|_| full)
                .map(compile_regex)
            {
                fail(at(), format!("{where_}: {m}"));
            }
        }
    }
    let mut point_ids_in_order: Vec<&str> = Vec::new();
    for point in &rubric.points {
        if !point_ids_in_order.contains(&point.id.as_str()) {
            point_ids_in_order.push(&point.id);
        }
    }
    for (n, example) in rubric.examples.iter().enumerate() {
        for unknown in example
            .covers
            .iter()
            .filter(|id| !point_ids.contains(id.as_str()))
        {
            fail(
                locator.string(unknown, Some("examples")),
                format!(
                    "example {}: no point has the id {unknown:?}; {}the points are: {}",
                    n + 1,
                    crate::suggest::hint(unknown, point_ids_in_order.iter().copied()),
                    point_ids_in_order.join(", ")
                ),
            );
        }
    }
    problems
}

/// Checks the mark scheme's numbers: marks are finite and not negative, the
/// cap is positive, and bands are distinct, within the cap, and never give
/// fewer marks for more points covered.
fn check_mark_scheme(rubric: &Rubric, locator: &Locator) -> Vec<((usize, usize), String)> {
    let mut problems = Vec::new();
    let usable = |x: f64| x.is_finite() && x >= 0.0;
    if let Some(cap) = rubric.max_marks {
        if !(cap.is_finite() && cap > 0.0) {
            problems.push((
                locator.field_value("max_marks", None),
                format!("max_marks must be a positive number, not {cap}"),
            ));
        }
    }
    for point in &rubric.points {
        if let Some(marks) = point.marks.filter(|m| !usable(*m)) {
            problems.push((
                locator.field_value("marks", Some(&point.id)),
                format!(
                    "point {:?}: marks must be a number of at least 0, not {marks}",
                    point.id
                ),
            ));
        }
    }
    let mut bands = rubric.bands.clone();
    bands.sort_by(|a, b| a.covered.total_cmp(&b.covered));
    for (n, band) in bands.iter().enumerate() {
        let at = || locator.field_value("bands", None);
        if !usable(band.covered) || !usable(band.marks) {
            problems.push((
                at(),
                format!(
                    "band {{covered: {}, marks: {}}}: both must be numbers of at least 0",
                    band.covered, band.marks
                ),
            ));
        }
        if let Some(cap) = rubric.max_marks.filter(|cap| band.marks > *cap) {
            problems.push((
                at(),
                format!(
                    "band for {} covered gives {}, more than max_marks {cap}",
                    band.covered,
                    marks_text(band.marks)
                ),
            ));
        }
        if let Some(lower) = n.checked_sub(1).map(|m| bands[m]) {
            if lower.covered == band.covered {
                problems.push((at(), format!("two bands are for {} covered", band.covered)));
            }
            if lower.marks > band.marks {
                problems.push((at(), format!(
                    "band for {} covered gives {}, fewer than the {} for {} covered: more points must never earn fewer marks",
                    band.covered, marks_text(band.marks), marks_text(lower.marks), lower.covered
                )));
            }
        }
    }
    problems
}

/// "1 mark", "2 marks".
fn marks_text(marks: f64) -> String {
    format!("{marks} mark{}", if marks == 1.0 { "" } else { "s" })
}

/// Checks that every concept named in a `match` (or `unless`, `denied_by`) list exists.
///
/// `owner` names the point (and misconception) and `field` the list in
/// messages; `anchor` is the id after which the locator looks for the
/// offending string.
fn check_alternatives(
    rubric: &Rubric,
    owner: &str,
    field: &str,
    anchor: &str,
    alternatives: &[String],
    locator: &Locator,
) -> Vec<((usize, usize), String)> {
    let mut problems = Vec::new();
    for alternative in alternatives {
        for name in alternative_concepts(alternative) {
            if rubric.concepts.contains_key(name) {
                continue;
            }
            let at = locator.string(alternative, Some(anchor));
            if name.is_empty() {
                problems.push((
                    at,
                    format!("{owner}: {field} {alternative:?} has an empty concept name"),
                ));
                continue;
            }
            let known: Vec<&str> = rubric.concepts.keys().map(String::as_str).collect();
            problems.push((
                at,
                format!(
                    "{owner}: {field} {alternative:?} names concept {name:?}, which is not in \"concepts\"; {}the concepts are: {}",
                    crate::suggest::hint(name, known.iter().copied()),
                    known.join(", ")
                ),
            ));
        }
    }
    problems
}

/// Compiles a rubric regex case-insensitively and within [`REGEX_SIZE_LIMIT`].
pub fn compile_regex(pattern: &str) -> std::result::Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let detail = e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            format!("regex does not compile: {detail}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, path: &str) -> Rubric {
        let mut rubric = load_builtin().expect("built-in rubrics")[0].clone();
        rubric.id = id.to_string();
        rubric.path = PathBuf::from(path);
        rubric
    }

    #[test]
    fn merged_rubrics_add_new_questions_and_replace_same_ids() {
        let mut rubrics = vec![named("a", "builtin:a.json"), named("b", "builtin:b.json")];
        let notes = merge(
            &mut rubrics,
            vec![named("b", "mine/b.json"), named("c", "mine/c.json")],
        );
        let ids: Vec<(&str, String)> = rubrics
            .iter()
            .map(|r| (r.id.as_str(), r.path.display().to_string()))
            .collect();
        assert_eq!(
            ids,
            [
                ("a", "builtin:a.json".to_string()),
                ("b", "mine/b.json".to_string()),
                ("c", "mine/c.json".to_string())
            ]
        );
        assert_eq!(
            notes,
            ["question \"b\" from mine/b.json replaces the one from builtin:b.json"]
        );
    }

    #[test]
    fn unknown_fields_get_a_suggestion_when_one_is_close() {
        assert_eq!(
            with_field_hint("unknown field `wieght`, expected one of `id`, `weight`"),
            "unknown field `wieght`, expected one of `id`, `weight`; did you mean `weight`?"
        );
        assert_eq!(
            with_field_hint("unknown field `zzz`, expected one of `id`, `weight`"),
            "unknown field `zzz`, expected one of `id`, `weight`"
        );
    }
}
