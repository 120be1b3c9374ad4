//! Rubric lint: the checks a rubric must pass before it grades anyone.
//!
//! Rubric sources in, located diagnostics out. Beyond what loading already
//! rejects (syntax, unknown fields, unknown concepts, bad regexes, duplicate
//! ids), lint finds terms that cannot work (function words, words too short
//! to mean anything), terms that collide after stemming, points that no term
//! can reach, a model answer that does not earn its own points, and examples
//! whose points differ from what they claim. It also warns (without failing)
//! about points a generic sentence could earn: every concept of one of their
//! alternatives can be met by general words ("takes", "place", "thing").

use crate::error::Error;
use crate::matching::terms::Mode;
use crate::matching::{compile, term_words, CompiledRubric};
use crate::report::text::number;
use crate::rubric::{alternative_concepts, duplicate_id, parse_checked, Locator, Rubric, Source};
use crate::score::{grade, scheme};
use crate::text::analyse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

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
    /// Whether it is a warning: worth a look, but the rubric works.
    pub warning: bool,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}{}",
            self.path.display(),
            self.line,
            self.column,
            if self.warning { "warning: " } else { "" },
            self.message
        )
    }
}

/// Lints several rubric files together (question ids must be unique across them).
pub fn lint_sources(sources: &[Source]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for source in sources {
        let first = diagnostics.len();
        // Every validation problem of a file at once; only a file that does
        // not parse as a rubric at all stops at its first.
        let rubric = match parse_checked(source) {
            Ok((rubric, problems)) => {
                diagnostics.extend(problems.into_iter().map(|p| diagnostic(source, p)));
                rubric
            }
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
        // A file's errors in file order, then its warnings.
        diagnostics[first..].sort_by_key(|d| (d.warning, d.line, d.column));
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
            warning: false,
        },
        other => Diagnostic {
            path: source.path.clone(),
            line: 1,
            column: 1,
            message: other.to_string(),
            warning: false,
        },
    }
}

/// The semantic checks of one parsed rubric.
pub fn lint_rubric(rubric: &Rubric, source: &Source) -> Vec<Diagnostic> {
    let locator = Locator::new(&source.text);
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for point in &rubric.points {
        if let Some(sentence) = generic_sentence(rubric, &point.matches) {
            let position = locator.field_value("match", Some(&point.id));
            warnings.push(Diagnostic {
                path: source.path.clone(),
                line: position.0,
                column: position.1,
                message: format!("point {:?}: a generic sentence could earn it ({sentence:?}): one of its alternatives asks only for general words; add a concept that says what is specific to the idea", point.id),
                warning: true,
            });
        }
    }
    let mut at = |position: (usize, usize), message: String| {
        out.push(Diagnostic {
            path: source.path.clone(),
            line: position.0,
            column: position.1,
            message,
            warning: false,
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
            // Each pair of concepts once, however often the alternative names
            // them: a concept named a thousand times made this cubic.
            let mut concepts: Vec<&str> = Vec::new();
            let mut repeated: Vec<&str> = Vec::new();
            for concept in alternative_concepts(alternative) {
                if !concepts.contains(&concept) {
                    concepts.push(concept);
                } else if !repeated.contains(&concept) {
                    repeated.push(concept);
                }
            }
            let pairs = concepts.iter().enumerate().flat_map(|(i, a)| {
                let same = repeated.contains(a).then_some((*a, *a));
                same.into_iter()
                    .chain(concepts[i + 1..].iter().map(move |b| (*a, *b)))
            });
            let stems: HashMap<&str, Option<TermStems>> = concepts
                .iter()
                .map(|&c| (c, term_stems(rubric, c)))
                .collect();
            let mut position = None;
            for (a, b) in pairs {
                let (Some(Some(sa)), Some(Some(sb))) = (stems.get(a), stems.get(b)) else {
                    continue;
                };
                if let Some((ta, tb)) = colliding_terms(sa, sb) {
                    at(
                        *position.get_or_insert_with(|| locator.string(alternative, Some(&point.id))),
                        format!("point {:?}: concepts {a:?} and {b:?} share a term after stemming ({ta:?}, {tb:?}), so one word could count twice", point.id),
                    );
                }
            }
        }
    }
    for (position, message) in unreachable_marks(rubric, &locator) {
        at(position, message);
    }
    let Ok(compiled) = compile(rubric) else {
        out.extend(warnings);
        return out;
    };
    let earned = model_answer_earns(&compiled, &rubric.model_answer);
    for (point, earned) in rubric.points.iter().zip(earned) {
        if !earned {
            at(
                locator.field_value("id", Some(&point.id)),
                format!("point {:?}: the model answer does not earn it", point.id),
            );
        }
    }
    for (n, example) in rubric.examples.iter().enumerate() {
        let report = grade(&compiled, &example.answer);
        let got: Vec<&str> = report
            .points
            .iter()
            .filter(|p| p.covered)
            .map(|p| &*p.id)
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
    out.extend(warnings);
    out
}

/// Which points (in rubric order) the model answer earns.
///
/// Answers earn points only in sentences, so a model answer written as a
/// fragment or in note form ("File scope.", "mRNA exits nucleus via nuclear
/// pore", one key element a line) is also read line by line and, where a
/// line is not a sentence, as one ("It is file scope."): a point that any
/// of these readings earns, the model answer earns.
pub fn model_answer_earns(compiled: &CompiledRubric, model_answer: &str) -> Vec<bool> {
    let covered = |answer: &str| -> Vec<bool> {
        grade(compiled, answer)
            .points
            .iter()
            .map(|p| p.covered)
            .collect()
    };
    let mut earned = covered(model_answer);
    if earned.iter().all(|&e| e) {
        return earned;
    }
    let mut readings: Vec<String> = Vec::new();
    let lines: Vec<&str> = model_answer
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '\u{2022}']).trim())
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 1 {
        readings.extend(lines.iter().map(|l| l.to_string()));
    }
    let text = analyse(model_answer);
    for sentence in text.sentences.iter().filter(|s| s.list_like) {
        readings.push(format!("It is {}", text.slice(sentence.span)));
    }
    if lines.len() > 1 {
        readings.extend(lines.iter().map(|l| format!("It is {l}")));
    }
    for reading in readings {
        if earned.iter().all(|&e| e) {
            break;
        }
        for (e, now) in earned.iter_mut().zip(covered(&reading)) {
            *e |= now;
        }
    }
    earned
}

/// General words: verbs and nouns that fit any topic ("takes", "place",
/// "thing"). Words from them, with function words, say nothing specific,
/// so no mark point should be earned by them alone. Sorted.
const GENERIC: &[&str] = &[
    "allow",
    "amount",
    "answer",
    "area",
    "aspect",
    "become",
    "call",
    "case",
    "cause",
    "change",
    "come",
    "contain",
    "deal",
    "different",
    "do",
    "end",
    "example",
    "fact",
    "factor",
    "find",
    "form",
    "get",
    "give",
    "go",
    "good",
    "happen",
    "have",
    "help",
    "idea",
    "include",
    "information",
    "involve",
    "item",
    "keep",
    "kind",
    "know",
    "let",
    "like",
    "look",
    "lot",
    "make",
    "mean",
    "method",
    "need",
    "new",
    "number",
    "object",
    "occur",
    "part",
    "people",
    "person",
    "place",
    "point",
    "process",
    "product",
    "provide",
    "put",
    "question",
    "reason",
    "release",
    "result",
    "role",
    "say",
    "see",
    "seem",
    "set",
    "show",
    "side",
    "size",
    "something",
    "space",
    "stuff",
    "take",
    "tell",
    "thing",
    "think",
    "time",
    "try",
    "type",
    "use",
    "want",
    "way",
    "work",
];

/// The forms of [`GENERIC`] words: their regular inflections and irregular forms.
fn generic_forms() -> &'static BTreeSet<String> {
    static FORMS: OnceLock<BTreeSet<String>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let irregular = [
            "took", "taken", "made", "got", "gotten", "gave", "given", "went", "gone", "did",
            "does", "done", "had", "has", "came", "kept", "knew", "known", "meant", "said", "saw",
            "seen", "told", "thought", "found", "became", "tried", "tries", "people", "things",
        ];
        let mut forms: BTreeSet<String> = irregular.iter().map(|w| w.to_string()).collect();
        for word in GENERIC {
            let stem = word.strip_suffix('e').unwrap_or(word);
            let last = word.chars().last().map(String::from).unwrap_or_default();
            for form in [
                word.to_string(),
                format!("{word}s"),
                format!("{word}es"),
                format!("{stem}ed"),
                format!("{stem}ing"),
                format!("{word}{last}ing"),
                format!("{word}{last}ed"),
            ] {
                forms.insert(form);
            }
        }
        forms
    })
}

/// Whether a normalised word is a general one (see [`GENERIC`]), in any inflection.
pub fn is_generic_word(norm: &str) -> bool {
    generic_forms().contains(norm)
}

/// A sentence of general words that meets every concept of one of these
/// alternatives, if there is such an alternative.
fn generic_sentence(rubric: &Rubric, matches: &[String]) -> Option<String> {
    // A concept's first term that has only general and function words.
    let generic_term = |concept: &str| -> Option<String> {
        rubric.concepts.get(concept)?.iter().find_map(|term| {
            // A phrase of two general words ("set an example", "looked up
            // to") is an idiom with a meaning of its own; one general word
            // with function words is not.
            // A phrase ("looked up to", "set an example") is an idiom with
            // a meaning of its own; a general word, with an article or
            // not, is not.
            let words = term_words(term);
            let bare: Vec<_> = words
                .iter()
                .filter(|w| !["a", "an", "the"].contains(&w.norm.as_str()))
                .collect();
            // (A term of function words alone is an error of its own.)
            let general = match bare.as_slice() {
                [word] => {
                    crate::text::is_negation_word(&word.norm)
                        || (!word.is_stop
                            && word.mode != Mode::Exact
                            && is_generic_word(&word.norm))
                }
                _ => false,
            };
            general.then(|| {
                term.split_whitespace()
                    .map(|w| w.trim_start_matches('=').trim_end_matches('*'))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
    };
    matches.iter().find_map(|alternative| {
        let terms: Option<Vec<String>> = alternative_concepts(alternative)
            .map(generic_term)
            .collect();
        let terms = terms?;
        (!terms.is_empty()).then(|| format!("It {} there.", terms.join(" and ")))
    })
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

/// A concept's terms, each with what its words match: the stem, or the
/// exact form or prefix when so marked (function words left out).
type TermStems<'r> = Vec<(&'r String, Vec<String>)>;

/// The [`TermStems`] of a concept, if the rubric defines it.
fn term_stems<'r>(rubric: &'r Rubric, concept: &str) -> Option<TermStems<'r>> {
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
    let terms = rubric.concepts.get(concept)?;
    Some(terms.iter().map(|t| (t, stems(t))).collect())
}

/// Two terms, one from each concept, with the same stems.
fn colliding_terms(a: &TermStems, b: &TermStems) -> Option<(String, String)> {
    for (ta, sa) in a {
        for (tb, sb) in b {
            if sa == sb {
                return Some(((*ta).clone(), (*tb).clone()));
            }
        }
    }
    None
}
