//! The built-in rubrics, compiled into the binary so markpoint works from any folder.

use super::Source;
use std::path::PathBuf;

/// The shipped rubric files: (file name, contents).
const FILES: &[(&str, &str)] = &[
    (
        "definition.json",
        include_str!("../../rubrics/definition.json"),
    ),
    (
        "five-year-plans.json",
        include_str!("../../rubrics/five-year-plans.json"),
    ),
    (
        "soviet-society.json",
        include_str!("../../rubrics/soviet-society.json"),
    ),
    (
        "long-term-effects.json",
        include_str!("../../rubrics/long-term-effects.json"),
    ),
];

/// The built-in rubric files as sources, named `builtin:rubrics/NAME`.
pub fn builtin_sources() -> Vec<Source> {
    FILES
        .iter()
        .map(|(name, text)| Source {
            path: PathBuf::from(format!("builtin:rubrics/{name}")),
            text: (*text).to_string(),
        })
        .collect()
}

/// The built-in questions as (id, question text), in shipped order, for
/// shell completion; a file that does not parse is left out (the tests
/// load every built-in rubric fully).
pub fn builtin_questions() -> Vec<(&'static str, String)> {
    /// The two fields wanted; the id is borrowed from the built-in text.
    #[derive(serde::Deserialize)]
    struct Heading<'a> {
        id: &'a str,
        question: String,
    }
    FILES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str::<Heading<'static>>(text).ok())
        .map(|h| (h.id, h.question))
        .collect()
}
