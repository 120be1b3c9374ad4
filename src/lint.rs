//! Rubric lint: the checks a rubric must pass before it grades anyone.
//!
//! Rubric sources in, located diagnostics out. Beyond what loading already
//! rejects (syntax, unknown fields, unknown concepts, bad regexes, duplicate
//! ids), lint finds terms that cannot work (function words, words too short
//! to mean anything), terms that collide after stemming, points that no term
//! can reach, a model answer that does not earn its own points, and examples
//! whose points differ from what they claim.

use crate::error::Error;
use crate::matching::terms::Mode;
use crate::matching::{compile, term_words};
use crate::report::text::number;
use crate::rubric::{alternative_concepts, duplicate_id, parse, Locator, Rubric, Source};
use crate::score::{grade, scheme};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Shortest term (in characters) that is not an error, unless written `=term`.
pub const MIN_TERM_CHARS: usize = 3;

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rubric file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong (naming the point where there is one).
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Lints several rubric files together (question ids must be unique across them).
pub fn lint_sources(sources: &[Source]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for source in sources {
        let rubric = match parse(source) {
            Ok(rubric) => rubric,
            Err(error) => {
                diagnostics.push(diagnostic(source, error));
                continue;
            }
        };
        if let Some(first) = seen.get(&rubric.id) {
            diagnostics.push(diagnostic(source, duplicate_id(source, &rubric.id, first)));
        } else {
            seen.insert(rubric.id.clone(), source.path.clone());
        }
        diagnostics.extend(lint_rubric(&rubric, source));
    }
    diagnostics
}

/// A loading error as a diagnostic (errors without a position point at the file's start).
fn diagnostic(source: &Source, error: Error) -> Diagnostic {
    match error {
        Error::Rubric {
            path,
            line,
            column,
            message,
        } => Diagnostic {
            path,
            line,
            column,
            message,
        },
        other => Diagnostic {
            path: source.path.clone(),
            line: 1,
            column: 1,
            message: other.to_string(),
        },
    }
}

/// The semantic checks of one parsed rubric.
pub fn lint_rubric(rubric: &Rubric, source: &Source) -> Vec<Diagnostic> {
    let locator = Locator::new(&source.text);
    let mut out = Vec::new();
    let mut at = |position: (usize, usize), message: String| {
        out.push(Diagnostic {
            path: source.path.clone(),
            line: position.0,
            column: position.1,
            message,
        });
    };
    let mut dead_concepts = Vec::new();
    for (name, terms) in &rubric.concepts {
        let mut live = 0;
        for term in terms {
            let words = term_words(term);
            let position = locator.string(term, Some(name));
            if words.iter().all(|w| w.is_stop) {
                at(position, format!("concept {name:?}: term {term:?} is only function words, which say nothing on their own"));
                continue;
            }
            let letters: usize = words.iter().map(|w| w.norm.chars().count()).sum();
            let exact = term.trim_start().starts_with('=');
            let digits = words
                .iter()
                .all(|w| w.norm.chars().all(|c| c.is_ascii_digit()));
            if letters < MIN_TERM_CHARS && !exact && !digits {
                at(position, format!("concept {name:?}: term {term:?} is too short to mean one thing; write it as \"={term}\" if you mean it"));
                continue;
            }
            live += 1;
        }
        if live == 0 {
            dead_concepts.push(name.as_str());
        }
    }
    for point in &rubric.points {
        let reachable = point.regex.is_some()
            || point
                .matches
                .iter()
                .any(|alt| alternative_concepts(alt).all(|c| !dead_concepts.contains(&c)));
        if !reachable {
            at(locator.field_value("match", Some(&point.id)), format!("point {:?}: no term can reach it (every alternative needs a concept with no usable term)", point.id));
        }
        for alternative in &point.matches {
            let concepts: Vec<&str> = alternative_concepts(alternative).collect();
            for (i, a) in concepts.iter().enumerate() {
                for b in &concepts[i + 1..] {
                    if let Some((ta, tb)) = colliding_terms(rubric, a, b) {
                        at(
                            locator.string(alternative, Some(&point.id)),
                            format!("point {:?}: concepts {a:?} and {b:?} share a term after stemming ({ta:?}, {tb:?}), so one word could count twice", point.id),
                        );
                    }
                }
            }
        }
    }
    for (position, message) in unreachable_marks(rubric, &locator) {
        at(position, message);
    }
    let Ok(compiled) = compile(rubric) else {
        return out;
    };
    let model = grade(&compiled, &rubric.model_answer);
    for point in model.points.iter().filter(|p| !p.covered) {
        at(
            locator.field_value("id", Some(&point.id)),
            format!("point {:?}: the model answer does not earn it", point.id),
        );
    }
    for (n, example) in rubric.examples.iter().enumerate() {
        let report = grade(&compiled, &example.answer);
        let got: Vec<&str> = report
            .points
            .iter()
            .filter(|p| p.covered)
            .map(|p| p.id.as_str())
            .collect();
        let mut want: Vec<&str> = example.covers.iter().map(String::as_str).collect();
        want.sort_unstable();
        let mut got_sorted = got.clone();
        got_sorted.sort_unstable();
        if got_sorted != want {
            at(
                locator.string(&example.answer, Some("examples")),
                format!(
                    "example {}: covers {:?} but the rubric gives {:?}",
                    n + 1,
                    want,
                    got_sorted
                ),
            );
        }
    }
    out
}

/// Mark-scheme numbers no answer can reach: a band above what all the
/// points add up to, or a cap above what covering every point earns.
fn unreachable_marks(rubric: &Rubric, locator: &Locator) -> Vec<((usize, usize), String)> {
    let mut out = Vec::new();
    let total = scheme::reachable(rubric);
    for band in rubric.bands.iter().filter(|b| b.covered > total) {
        out.push((
            locator.field_value("bands", None),
            format!(
                "band for {} covered can never be reached: the points' marks add up to {}",
                number(band.covered),
                number(total)
            ),
        ));
    }
    if let (Some(cap), Some(best)) = (
        rubric.max_marks,
        scheme::award(rubric, rubric.points.iter().map(|_| true)),
    ) {
        if best.marks < cap {
            out.push((
                locator.field_value("max_marks", None),
                format!(
                    "max_marks is {} but an answer covering every point earns {}",
                    number(cap),
                    number(best.marks)
                ),
            ));
        }
    }
    out
}

/// Two terms, one from each concept, with the same stems.
fn colliding_terms(rubric: &Rubric, a: &str, b: &str) -> Option<(String, String)> {
    // What a word matches: its stem, or its exact form or prefix when so marked.
    let stems = |term: &str| -> Vec<String> {
        term_words(term)
            .into_iter()
            .filter(|w| !w.is_stop)
            .map(|w| match w.mode {
                Mode::Normal => w.stem,
                Mode::Exact => format!("={}", w.norm),
                Mode::Prefix => format!("{}*", w.norm),
            })
            .collect()
    };
    let terms_a = rubric.concepts.get(a)?;
    let terms_b = rubric.concepts.get(b)?;
    for ta in terms_a {
        for tb in terms_b {
            if stems(ta) == stems(tb) {
                return Some((ta.clone(), tb.clone()));
            }
        }
    }
    None
}
