//! Candidate rubric edits, mined from the answers markpoint marks wrongly:
//! words near a point's nearest miss (terms to add), terms that earned
//! undeserved credit (terms to drop), and a band table for a rubric that
//! has no mark scheme.

use super::{Graded, Target};
use crate::matching::{term_words, Decision};
use crate::rubric::{Band, Rubric};
use crate::text::{analyse, Text};
use std::collections::{BTreeMap, BTreeSet};

/// One change to a rubric.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// Add a term to a concept, so that a point is earned where it was missed.
    AddTerm {
        /// The concept.
        concept: String,
        /// The new term.
        term: String,
        /// The point whose misses suggested it.
        point: String,
    },
    /// Drop a term from a concept, so that it stops earning undeserved credit.
    RemoveTerm {
        /// The concept.
        concept: String,
        /// The term.
        term: String,
        /// The point whose false credit suggested it.
        point: String,
    },
    /// Give the rubric a band table from points covered to marks.
    Bands {
        /// The bands.
        bands: Vec<Band>,
    },
}

impl Edit {
    /// The rubric with the edit applied, or None when it does not apply.
    pub fn apply(&self, rubric: &Rubric) -> Option<Rubric> {
        let mut edited = rubric.clone();
        match self {
            Edit::AddTerm { concept, term, .. } => {
                let terms = edited.concepts.get_mut(concept)?;
                if terms.iter().any(|t| t.eq_ignore_ascii_case(term)) {
                    return None;
                }
                terms.push(term.clone());
            }
            Edit::RemoveTerm { concept, term, .. } => {
                let terms = edited.concepts.get_mut(concept)?;
                let before = terms.len();
                terms.retain(|t| t != term);
                if terms.len() == before || terms.is_empty() {
                    return None;
                }
            }
            Edit::Bands { bands } => {
                if rubric.has_mark_scheme() {
                    return None;
                }
                edited.bands = bands.clone();
            }
        }
        Some(edited)
    }

    /// The edit in words, for people.
    pub fn describe(&self) -> String {
        match self {
            Edit::AddTerm {
                concept,
                term,
                point,
            } => format!("add {term:?} to concept {concept:?} (point {point})"),
            Edit::RemoveTerm {
                concept,
                term,
                point,
            } => format!("drop {term:?} from concept {concept:?} (point {point})"),
            Edit::Bands { bands } => {
                let rows: Vec<String> = bands
                    .iter()
                    .map(|b| format!("{} covered: {}", b.covered, b.marks))
                    .collect();
                format!("mark scheme bands: {}", rows.join("; "))
            }
        }
    }
}

/// What one learning answer suggests: which points it was wrongly denied
/// (`under`) or wrongly given (`over`).
fn wrong_points(answer: &Graded, target: &Target) -> (Vec<usize>, Vec<usize>) {
    let covered = &answer.outcome.covered;
    match (&answer.labels, target) {
        (Some(labels), Target::Points) => {
            let under = (0..covered.len())
                .filter(|&p| labels[p] && !covered[p])
                .collect();
            let over = (0..covered.len())
                .filter(|&p| covered[p] && !labels[p])
                .collect();
            (under, over)
        }
        _ => {
            let missed = (0..covered.len()).filter(|&p| !covered[p]).collect();
            let given = (0..covered.len()).filter(|&p| covered[p]).collect();
            let examiner = answer.score.unwrap_or_default();
            if answer.outcome.marks < examiner {
                (missed, Vec::new())
            } else if answer.outcome.marks > examiner {
                (Vec::new(), given)
            } else {
                (Vec::new(), Vec::new())
            }
        }
    }
}

/// Candidate edits from the learning answers, most supported first, at most
/// `limit` of each kind, each seen in at least `min_support` answers.
pub fn propose(
    rubric: &Rubric,
    learning: &[Graded],
    target: &Target,
    question_stems: &BTreeSet<String>,
    min_support: usize,
    limit: usize,
) -> Vec<Edit> {
    let mut adds: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut drops: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for answer in learning {
        let (under, over) = wrong_points(answer, target);
        if under.is_empty() && over.is_empty() {
            continue;
        }
        let text = analyse(&answer.answer);
        let mut seen_adds = BTreeSet::new();
        // An overall mark does not say which missed point the marker saw, so
        // only points already half found are completed; ticks say which.
        let whole_answer = answer.labels.is_some() && *target == Target::Points;
        for &p in &under {
            let point = &rubric.points[p];
            let terms = terms_to_add(
                rubric,
                p,
                &answer.decisions[p],
                &text,
                question_stems,
                whole_answer,
            );
            for (concept, term) in terms {
                if seen_adds.insert((concept.clone(), term.clone())) {
                    *adds.entry((concept, term, point.id.clone())).or_default() += 1;
                }
            }
        }
        let mut seen_drops = BTreeSet::new();
        for &p in &over {
            if let Decision::Covered { found, .. } = &answer.decisions[p] {
                for f in found
                    .iter()
                    .filter(|f| rubric.concepts.contains_key(&f.concept))
                {
                    if seen_drops.insert((f.concept.clone(), f.term.clone())) {
                        let key = (
                            f.concept.clone(),
                            f.term.clone(),
                            rubric.points[p].id.clone(),
                        );
                        *drops.entry(key).or_default() += 1;
                    }
                }
            }
        }
    }
    let ranked = |counts: BTreeMap<(String, String, String), usize>| {
        let mut list: Vec<((String, String, String), usize)> = counts
            .into_iter()
            .filter(|(_, n)| *n >= min_support)
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list.truncate(limit);
        list.into_iter().map(|(key, _)| key)
    };
    let mut edits: Vec<Edit> = ranked(adds)
        .map(|(concept, term, point)| Edit::AddTerm {
            concept,
            term,
            point,
        })
        .collect();
    edits.extend(
        ranked(drops).map(|(concept, term, point)| Edit::RemoveTerm {
            concept,
            term,
            point,
        }),
    );
    edits
}

/// Terms that would complete the point's nearest alternative in this answer:
/// the content words (and pairs of them) of the sentence where its other
/// concepts were found, offered to the one concept still missing. With
/// `whole_answer`, a point with a one-concept alternative and nothing found
/// takes words from the whole answer.
fn terms_to_add(
    rubric: &Rubric,
    point: usize,
    decision: &Decision,
    text: &Text,
    question_stems: &BTreeSet<String>,
    whole_answer: bool,
) -> Vec<(String, String)> {
    let Decision::Missing { found, missing, .. } = decision else {
        return Vec::new();
    };
    let (concept, sentences): (&str, Vec<usize>) = match (found.is_empty(), missing.as_slice()) {
        (false, [one]) => {
            let sentences = found
                .iter()
                .filter_map(|f| {
                    text.tokens
                        .iter()
                        .find(|t| t.span.0 >= f.span.0 && t.span.1 <= f.span.1)
                        .map(|t| t.sentence)
                })
                .collect();
            (one.as_str(), sentences)
        }
        (true, _) if whole_answer => {
            let single = rubric.points[point]
                .matches
                .iter()
                .find(|alt| !alt.contains(['+', '~']))
                .map(|alt| alt.trim());
            match single {
                Some(concept) => (concept, (0..text.sentences.len()).collect()),
                None => return Vec::new(),
            }
        }
        _ => return Vec::new(),
    };
    let taken: Vec<(usize, usize)> = found.iter().map(|f| f.span).collect();
    let mut out = Vec::new();
    for s in sentences {
        let Some(sentence) = text.sentences.get(s) else {
            continue;
        };
        let words: Vec<&crate::text::Token> = text.tokens[sentence.tokens.clone()]
            .iter()
            .filter(|t| {
                !t.is_stop
                    && !t.is_negation
                    && t.norm.chars().count() >= 3
                    && t.norm.chars().all(char::is_alphabetic)
                    && !question_stems.contains(t.stem.as_ref())
                    && !taken
                        .iter()
                        .any(|span| t.span.0 < span.1 && span.0 < t.span.1)
            })
            .collect();
        for (i, word) in words.iter().enumerate() {
            out.push((concept.to_string(), word.norm.to_string()));
            if let Some(next) = words.get(i + 1) {
                // Only words that stand next to each other make a phrase.
                let between = &text.original[word.span.1..next.span.0];
                if between.trim().is_empty() {
                    out.push((concept.to_string(), format!("{} {}", word.norm, next.norm)));
                }
            }
        }
    }
    out
}

/// The band table that gives each number of points covered the mark the
/// examiners most often gave it, never fewer marks for more points.
pub fn fitted_bands(learning: &[Graded]) -> Option<Edit> {
    let mut by_count: BTreeMap<usize, BTreeMap<i64, usize>> = BTreeMap::new();
    for answer in learning {
        let score = answer.score?;
        let covered = answer.outcome.covered.iter().filter(|c| **c).count();
        *by_count
            .entry(covered)
            .or_default()
            .entry(score.round() as i64)
            .or_default() += 1;
    }
    let mut bands: Vec<Band> = Vec::new();
    let mut last = 0;
    for (count, marks) in &by_count {
        let Some((&mark, _)) = marks.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
            continue;
        };
        if mark > last {
            bands.push(Band {
                covered: *count as f64,
                marks: mark as f64,
            });
            last = mark;
        }
    }
    (!bands.is_empty()).then_some(Edit::Bands { bands })
}

/// The stems of the question's content words: terms made only of them
/// would let a student earn a point by repeating the question.
pub fn question_stems(rubric: &Rubric) -> BTreeSet<String> {
    term_words(&rubric.question)
        .into_iter()
        .filter(|w| !w.is_stop)
        .map(|w| w.stem)
        .collect()
}
