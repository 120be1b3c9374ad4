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
