//! The built-in rubrics, compiled into the binary so markpoint works from any folder.
//!
//! `build.rs` indexes them at build time (id, topic, question, number of
//! points, pass mark): `list` shows them without parsing any, and `check`
//! parses only the one asked for.

use super::Source;
use std::path::PathBuf;

/// A shipped rubric file and what `build.rs` read from it.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRubric {
    /// The file name under `rubrics/`.
    pub file: &'static str,
    /// The whole file.
    pub text: &'static str,
    /// The question id.
    pub id: &'static str,
    /// The topic.
    pub topic: &'static str,
    /// The question as a student sees it.
    pub question: &'static str,
    /// How many mark points it has.
    pub points: usize,
    /// Its pass mark, a percentage.
    pub pass_mark: f64,
}

/// The shipped rubrics, in the order `list` shows them.
pub const BUILTIN: &[BuiltinRubric] = include!(concat!(env!("OUT_DIR"), "/builtin_rubrics.rs"));

impl BuiltinRubric {
    /// The rubric file as a source, named `builtin:rubrics/NAME`.
    pub fn source(&self) -> Source {
        Source {
            path: self.path(),
            text: self.text.to_string(),
        }
    }

    /// The name the file goes by in messages: `builtin:rubrics/NAME`.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(format!("builtin:rubrics/{}", self.file))
    }
}

/// The built-in rubric files as sources, named `builtin:rubrics/NAME`.
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN.iter().map(BuiltinRubric::source).collect()
}

/// The built-in questions as (id, question text), in shipped order, for
/// shell completion, from the index `build.rs` made.
pub fn builtin_questions() -> Vec<(&'static str, String)> {
    BUILTIN
        .iter()
        .map(|b| (b.id, b.question.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_index_says_what_parsing_each_rubric_says() {
        let parsed = crate::rubric::load_builtin().expect("built-in rubrics load and validate");
        assert_eq!(parsed.len(), BUILTIN.len());
        for (builtin, rubric) in BUILTIN.iter().zip(&parsed) {
            assert_eq!(builtin.id, rubric.id);
            assert_eq!(builtin.topic, rubric.topic);
            assert_eq!(builtin.question, rubric.question);
            assert_eq!(builtin.points, rubric.points.len());
            assert_eq!(builtin.pass_mark, rubric.pass_mark);
            let alone = crate::rubric::load_builtin_question(builtin.id).expect("loads alone");
            assert_eq!(alone.path, rubric.path);
        }
    }
}
