//! Candidate rubric edits, mined from the answers markpoint marks wrongly:
//! words near a point's nearest miss (terms to add), terms that earned
//! undeserved credit (terms to drop), words the marker credited that no
//! point asks for (points to add), and a band table for a rubric that has
//! no mark scheme.

use super::{Graded, Target};
use crate::matching::{term_words, Decision, How};
use crate::report::text::number;
use crate::rubric::{Band, Rubric};
use crate::text::{analyse, Text, Token};
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
    /// Let a term match only its exact word (`=word`: no other forms, no
    /// typos), so that a word it was taken for stops earning credit.
    ExactTerm {
        /// The concept.
        concept: String,
        /// The term.
        term: String,
        /// The point whose false credit suggested it.
        point: String,
    },
    /// Let a point be earned by fewer of its concepts together.
    AddAlternative {
        /// The point.
        point: String,
        /// The new alternative ("a + b").
        alternative: String,
    },
    /// Keep a word's sentences from earning a point (`unless`).
    AddUnless {
        /// The point.
        point: String,
        /// The word.
        term: String,
    },
    /// Add a point earned by one term, for an idea the marker credited that
    /// the rubric has no point for ("Other acceptable responses").
    AddPoint {
        /// The new point's id.
        point: String,
        /// The term that earns it.
        term: String,
    },
    /// Stop one of a point's alternatives from earning it, so that a
    /// combination that also earns another point stops counting twice.
    DropAlternative {
        /// The point.
        point: String,
        /// The alternative dropped.
        alternative: String,
    },
    /// Keep only the alternatives of a point that name a concept, so that a
    /// statement without it (one that earns a neighbouring point) stops
    /// earning this one too.
    RequireConcept {
        /// The point.
        point: String,
        /// The concept every remaining alternative names.
        concept: String,
    },
    /// Let one of a point's alternatives earn it only with a word beside it
    /// in the sentence (a new concept joined to the alternative), so that
    /// it keeps the credit the marker gave with that word and stops the
    /// credit given without it ("ribosome" only with "travels").
    RequireTerm {
        /// The point.
        point: String,
        /// The alternative narrowed.
        alternative: String,
        /// The word it then needs.
        term: String,
    },
    /// Let a point (or, without one, every point) be earned by one concept
    /// fewer: each alternative of three or more concepts gives way to every
    /// alternative with one of them left out, so that a point the markers
    /// credit from fewer of its words than the rubric asks for (its
    /// "required share") learns how many they need.
    FewerConcepts {
        /// The point; every point when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        point: Option<String>,
    },
    /// Change the marks a point earns under the rubric's mark scheme, so
    /// that a point the markers value less (or more) counts for less (more).
    PointMarks {
        /// The point.
        point: String,
        /// Its new marks.
        marks: f64,
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
            Edit::ExactTerm { concept, term, .. } => {
                if !is_plain_word(term) {
                    return None;
                }
                let slot = edited
                    .concepts
                    .get_mut(concept)?
                    .iter_mut()
                    .find(|t| *t == term)?;
                *slot = format!("={term}");
            }
            Edit::AddAlternative { point, alternative } => {
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                if point
                    .matches
                    .iter()
                    .any(|m| same_alternative(m, alternative))
                {
                    return None;
                }
                point.matches.push(alternative.clone());
            }
            Edit::AddUnless { point, term } => {
                let concept = format!("not-{point}");
                let terms = edited.concepts.entry(concept.clone()).or_default();
                if terms.iter().any(|t| t.eq_ignore_ascii_case(term)) {
                    return None;
                }
                terms.push(term.clone());
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                if !point.unless.contains(&concept) {
                    point.unless.push(concept);
                }
            }
            Edit::AddPoint { point, term } => {
                if edited.points.iter().any(|p| &p.id == point)
                    || edited.concepts.contains_key(point)
                {
                    return None;
                }
                edited.concepts.insert(point.clone(), vec![term.clone()]);
                edited.points.push(crate::draft::new_point(
                    point,
                    &format!("Mentions {term}"),
                    &format!("Say what the answer needs about {term}."),
                    std::slice::from_ref(point),
                )?);
            }
            Edit::DropAlternative { point, alternative } => {
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                let before = point.matches.len();
                point.matches.retain(|m| m != alternative);
                if point.matches.len() == before
                    || (point.matches.is_empty() && point.regex.is_none())
                {
                    return None;
                }
            }
            Edit::RequireConcept { point, concept } => {
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                let before = point.matches.len();
                point
                    .matches
                    .retain(|m| crate::rubric::alternative_concepts(m).any(|c| c == concept));
                if point.matches.len() == before || point.matches.is_empty() {
                    return None;
                }
            }
            Edit::RequireTerm {
                point,
                alternative,
                term,
            } => {
                let concept = format!("with-{}", term.replace(' ', "-"));
                let terms = edited.concepts.entry(concept.clone()).or_default();
                if terms.is_empty() {
                    terms.push(term.clone());
                } else if terms != std::slice::from_ref(term) {
                    return None;
                }
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                let slot = point.matches.iter_mut().find(|m| *m == alternative)?;
                if crate::rubric::alternative_concepts(slot).any(|c| c == concept) {
                    return None;
                }
                *slot = format!("{alternative} + {concept}");
            }
            Edit::FewerConcepts { point } => {
                let mut changed = false;
                for p in edited
                    .points
                    .iter_mut()
                    .filter(|p| point.as_ref().is_none_or(|id| &p.id == id))
                {
                    let fewer = one_concept_fewer(&p.matches);
                    changed |= fewer != p.matches;
                    p.matches = fewer;
                }
                if !changed {
                    return None;
                }
            }
            Edit::PointMarks { point, marks } => {
                if !rubric.has_mark_scheme() {
                    return None;
                }
                let point = edited.points.iter_mut().find(|p| &p.id == point)?;
                if (point.marks() - marks).abs() < 1e-9 {
                    return None;
                }
                point.marks = Some(*marks);
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
            Edit::ExactTerm {
                concept,
                term,
                point,
            } => {
                format!("let {term:?} of concept {concept:?} match only that word (point {point})")
            }
            Edit::AddAlternative { point, alternative } => {
                format!("let {alternative:?} alone earn point {point}")
            }
            Edit::AddUnless { point, term } => {
                format!("no credit for point {point} in a sentence with {term:?}")
            }
            Edit::AddPoint { point, term } => {
                format!("add a point {point:?} earned by {term:?}")
            }
            Edit::DropAlternative { point, alternative } => {
                format!("stop {alternative:?} alone earning point {point}")
            }
            Edit::RequireConcept { point, concept } => {
                format!("let point {point} be earned only with concept {concept:?}")
            }
            Edit::RequireTerm {
                point,
                alternative,
                term,
            } => format!("let {alternative:?} earn point {point} only with {term:?}"),
            Edit::FewerConcepts { point: Some(point) } => {
                format!("let point {point} be earned by one concept fewer")
            }
            Edit::FewerConcepts { point: None } => {
                "let every point be earned by one concept fewer".to_string()
            }
            Edit::PointMarks { point, marks } => {
                format!("make point {point} worth {marks} marks")
            }
            Edit::Bands { bands } => {
                let count = |n: f64, one: &str, many: &str| {
                    format!("{} {}", number(n), if n == 1.0 { one } else { many })
                };
                let rows: Vec<String> = bands
                    .iter()
                    .map(|b| {
                        format!(
                            "{} from {} covered",
                            count(b.marks, "mark", "marks"),
                            count(b.covered, "point", "points")
                        )
                    })
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
    // Words of a whole answer offered to a point nothing of which was found:
    // weaker evidence than completing a point half found, so tried after it.
    let mut whole_adds: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut drops: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut relaxed: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    // Points missed by one concept: each may need fewer of its concepts.
    let mut fewer: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut unless: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut dropped: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut exact: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut required: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut new_points: BTreeMap<String, i64> = BTreeMap::new();
    let mut context = BTreeMap::new();
    let known = rubric_stems(rubric);
    for answer in learning {
        let (under, over) = wrong_points(answer, target);
        let agrees = under.is_empty() && over.is_empty();
        let text = analyse(&answer.answer);
        context_votes(rubric, answer, &text, &over, &mut context);
        // Every marked answer votes on new points and context words; only
        // disagreements suggest the other edits.
        if agrees && *target != Target::Marks {
            continue;
        }
        if *target == Target::Marks {
            // An overall mark above markpoint's says the marker credited
            // something; a mark at or below it says its words earned nothing more.
            let credited = answer.score.unwrap_or_default() - answer.outcome.marks;
            let vote = if credited > 0.0 { 1 } else { -1 };
            for term in unasked_terms(&text, question_stems, &known) {
                *new_points.entry(term).or_default() += vote;
            }
        }
        if agrees {
            continue;
        }
        let mut seen_adds = BTreeSet::new();
        // An overall mark does not say which missed point the marker saw:
        // every missed point is offered the answer's words, and measuring
        // each candidate on all the learning answers, then on the held-out
        // ones, sorts out which point (if any) they belong to.
        for &p in &under {
            let point = &rubric.points[p];
            let terms = terms_to_add(rubric, p, &answer.decisions[p], &text, question_stems);
            let nothing_found =
                matches!(&answer.decisions[p], Decision::Missing { found, .. } if found.is_empty());
            let counts = if nothing_found {
                &mut whole_adds
            } else {
                &mut adds
            };
            for (concept, term) in terms {
                if seen_adds.insert((concept.clone(), term.clone())) {
                    *counts.entry((concept, term, point.id.clone())).or_default() += 1;
                }
            }
        }
        for &p in &under {
            if let Decision::Missing {
                alternative: Some(_),
                found,
                missing,
            } = &answer.decisions[p]
            {
                let mut kept: Vec<&str> = found.iter().map(|f| &*f.concept).collect();
                kept.sort_unstable();
                kept.dedup();
                if missing.len() == 1 && !kept.is_empty() {
                    let key = (rubric.points[p].id.clone(), kept.join(" + "), String::new());
                    *relaxed.entry(key).or_default() += 1;
                    let key = (rubric.points[p].id.clone(), String::new(), String::new());
                    *fewer.entry(key).or_default() += 1;
                }
            }
        }
        let mut seen_drops = BTreeSet::new();
        let mut seen_unless = BTreeSet::new();
        for &p in &over {
            if let Decision::Covered {
                found,
                evidence,
                alternative,
            } = &answer.decisions[p]
            {
                // A point's only way to be earned cannot be dropped.
                let point = &rubric.points[p];
                if point.matches.len() > 1 || point.regex.is_some() {
                    let key = (point.id.clone(), alternative.to_string(), String::new());
                    *dropped.entry(key).or_default() += 1;
                }
                for concept in concepts_not_in(&point.matches, alternative) {
                    let key = (point.id.clone(), concept, String::new());
                    *required.entry(key).or_default() += 1;
                }
                for token in text.tokens.iter().filter(|t| {
                    t.span.0 >= evidence.0
                        && t.span.1 <= evidence.1
                        && content_word(t, question_stems)
                        && !found
                            .iter()
                            .any(|f| t.span.0 < f.span.1 && f.span.0 < t.span.1)
                }) {
                    let key = (point.id.clone(), token.norm.to_string());
                    if seen_unless.insert(key.clone()) {
                        *unless.entry((key.0, key.1, String::new())).or_default() += 1;
                    }
                }
                for f in found
                    .iter()
                    .filter(|f| rubric.concepts.contains_key(&*f.concept))
                {
                    if seen_drops.insert((f.concept.clone(), f.term.clone())) {
                        let key = (f.concept.to_string(), f.term.to_string(), point.id.clone());
                        if matches!(f.how, How::Stem | How::Typo { .. }) && is_plain_word(&f.term) {
                            *exact.entry(key.clone()).or_default() += 1;
                        }
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
    let add_terms = |counts| {
        ranked(counts).map(|(concept, term, point)| Edit::AddTerm {
            concept,
            term,
            point,
        })
    };
    let mut edits: Vec<Edit> = add_terms(adds).collect();
    edits.extend(
        ranked(drops).map(|(concept, term, point)| Edit::RemoveTerm {
            concept,
            term,
            point,
        }),
    );
    edits.extend(ranked(exact).map(|(concept, term, point)| Edit::ExactTerm {
        concept,
        term,
        point,
    }));
    edits.extend(
        ranked(relaxed).map(|(point, alternative, _)| Edit::AddAlternative { point, alternative }),
    );
    edits.extend(required_terms(context, min_support, limit));
    let every_point_fewer = fewer.values().sum::<usize>() >= min_support;
    edits.extend(ranked(fewer).map(|(point, _, _)| Edit::FewerConcepts { point: Some(point) }));
    if every_point_fewer {
        edits.push(Edit::FewerConcepts { point: None });
    }
    edits.extend(ranked(unless).map(|(point, term, _)| Edit::AddUnless { point, term }));
    edits.extend(
        ranked(dropped).map(|(point, alternative, _)| Edit::DropAlternative { point, alternative }),
    );
    edits.extend(
        ranked(required).map(|(point, concept, _)| Edit::RequireConcept { point, concept }),
    );
    if *target == Target::Marks && rubric.has_mark_scheme() {
        edits.extend(point_marks(rubric));
    }
    let mut added: Vec<(String, i64)> = new_points
        .into_iter()
        .filter(|(_, votes)| *votes >= min_support as i64)
        .collect();
    added.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    added.truncate(limit);
    edits.extend(added.into_iter().map(|(term, _)| Edit::AddPoint {
        point: format!("learned-{}", term.replace(' ', "-")),
        term,
    }));
    // Last, so that a tie goes to any edit with stronger evidence.
    edits.extend(add_terms(whole_adds));
    edits
}

/// For one alternative of a point: how many answers it earned the point in
/// rightly and wrongly, and per word of the sentences it was earned in, how
/// many of each had it.
#[derive(Debug, Default)]
struct Context {
    right: usize,
    wrong: usize,
    words: BTreeMap<String, (usize, usize)>,
}

/// Counts, for every point an answer earned, the words of the sentence it
/// was earned in (besides the words that earned it) against whether the
/// credit was right: wrong where the marker did not give it (`over`).
fn context_votes(
    rubric: &Rubric,
    answer: &Graded,
    text: &Text,
    over: &[usize],
    context: &mut BTreeMap<(String, String), Context>,
) {
    for (p, decision) in answer.decisions.iter().enumerate() {
        let Decision::Covered {
            found,
            evidence,
            alternative,
        } = decision
        else {
            continue;
        };
        let entry = context
            .entry((rubric.points[p].id.clone(), alternative.to_string()))
            .or_default();
        let wrong = over.contains(&p);
        *if wrong {
            &mut entry.wrong
        } else {
            &mut entry.right
        } += 1;
        let words: BTreeSet<String> = text
            .tokens
            .iter()
            .filter(|t| {
                t.span.0 >= evidence.0
                    && t.span.1 <= evidence.1
                    && content_word(t, &BTreeSet::new())
                    && !found
                        .iter()
                        .any(|f| t.span.0 < f.span.1 && f.span.0 < t.span.1)
            })
            .map(|t| t.norm.to_string())
            .collect();
        for word in words {
            let counts = entry.words.entry(word).or_default();
            *if wrong { &mut counts.1 } else { &mut counts.0 } += 1;
        }
    }
}

/// Words to require beside an alternative that earns false credit: those
/// in at least `min_support` of its right credits, ranked by the share of
/// right credits they keep less the share of wrong ones (at most `limit`).
fn required_terms(
    context: BTreeMap<(String, String), Context>,
    min_support: usize,
    limit: usize,
) -> impl Iterator<Item = Edit> {
    let mut scored: Vec<(f64, Edit)> = Vec::new();
    for ((point, alternative), c) in context {
        if c.wrong < min_support || c.right < min_support {
            continue;
        }
        for (term, (right, wrong)) in c.words {
            let gain = right as f64 / c.right as f64 - wrong as f64 / c.wrong as f64;
            if right >= min_support && gain > 0.0 {
                let edit = Edit::RequireTerm {
                    point: point.clone(),
                    alternative: alternative.clone(),
                    term,
                };
                scored.push((gain, edit));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.truncate(limit);
    scored.into_iter().map(|(_, edit)| edit)
}

/// A point's alternatives with one concept fewer: each alternative of three
/// or more concepts joined by `+` gives way to every alternative with one of
/// them left out, except a concept all the point's alternatives name (one
/// it cannot be earned without, such as a negation); the others are kept.
/// Alternatives (without `~`) that include another are dropped, as they add
/// nothing.
pub fn one_concept_fewer(alternatives: &[String]) -> Vec<String> {
    let concepts = |alt: &str| -> Vec<String> {
        crate::rubric::alternative_concepts(alt)
            .map(str::to_string)
            .collect()
    };
    let everywhere: BTreeSet<String> = match alternatives.split_first() {
        Some((first, rest)) if !rest.is_empty() => concepts(first)
            .into_iter()
            .filter(|c| rest.iter().all(|a| concepts(a).contains(c)))
            .collect(),
        _ => BTreeSet::new(),
    };
    let mut sets: Vec<(BTreeSet<String>, String)> = Vec::new();
    for alt in alternatives {
        let members = concepts(alt);
        if alt.contains('~') || members.len() < 3 {
            sets.push((members.into_iter().collect(), alt.clone()));
            continue;
        }
        for (n, left_out) in members.iter().enumerate() {
            if everywhere.contains(left_out) {
                continue;
            }
            let rest: Vec<String> = members
                .iter()
                .enumerate()
                .filter(|&(m, _)| m != n)
                .map(|(_, c)| c.clone())
                .collect();
            sets.push((rest.iter().cloned().collect(), rest.join(" + ")));
        }
        if members.iter().all(|c| everywhere.contains(c)) {
            sets.push((members.into_iter().collect(), alt.clone()));
        }
    }
    let plain = |alt: &str| !alt.contains('~');
    let mut out: Vec<String> = Vec::new();
    for (n, (set, alt)) in sets.iter().enumerate() {
        let redundant = plain(alt)
            && sets.iter().enumerate().any(|(m, (other, other_alt))| {
                m != n
                    && plain(other_alt)
                    && other.is_subset(set)
                    && (other.len() < set.len() || m < n)
            });
        if !redundant {
            out.push(alt.clone());
        }
    }
    out
}

/// Every point at half and at double its marks: the weights a mark scheme
/// could give a point the markers value less or more than the others.
fn point_marks(rubric: &Rubric) -> impl Iterator<Item = Edit> + '_ {
    rubric.points.iter().flat_map(|point| {
        [0.5, 2.0].map(|factor| Edit::PointMarks {
            point: point.id.clone(),
            marks: point.marks() * factor,
        })
    })
}

/// The concepts a point's other alternatives name that `alternative` does
/// not: each could be required of the point, so that `alternative` and its
/// like stop earning it.
fn concepts_not_in(alternatives: &[String], alternative: &str) -> BTreeSet<String> {
    let used: BTreeSet<&str> = crate::rubric::alternative_concepts(alternative).collect();
    alternatives
        .iter()
        .flat_map(|m| crate::rubric::alternative_concepts(m))
        .filter(|c| !used.contains(c))
        .map(str::to_string)
        .collect()
}

/// Whether a term is one plain word (not a phrase, a prefix `word*` or
/// already an exact `=word`).
fn is_plain_word(term: &str) -> bool {
    !term.is_empty()
        && term
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
}

/// The stems of every word the rubric's concepts already use.
fn rubric_stems(rubric: &Rubric) -> BTreeSet<String> {
    rubric
        .concepts
        .values()
        .flatten()
        .flat_map(|term| term_words(term))
        .map(|w| w.stem)
        .collect()
}

/// The content words of an answer (and pairs of them side by side) that
/// neither the question nor any concept of the rubric uses, once each.
fn unasked_terms(
    text: &Text,
    question_stems: &BTreeSet<String>,
    known: &BTreeSet<String>,
) -> BTreeSet<String> {
    let words: Vec<&Token> = text
        .tokens
        .iter()
        .filter(|t| content_word(t, question_stems) && !known.contains(t.stem.as_ref()))
        .collect();
    words_and_phrases(text, &words).into_iter().collect()
}

/// Each word as a term, and each pair of them that stands side by side in
/// the text (only words next to each other make a phrase).
fn words_and_phrases(text: &Text, words: &[&Token]) -> Vec<String> {
    let mut terms = Vec::new();
    for (i, word) in words.iter().enumerate() {
        terms.push(word.norm.to_string());
        if let Some(next) = words.get(i + 1) {
            let between = &text.original[word.span.1..next.span.0];
            if between.trim().is_empty() {
                terms.push(format!("{} {}", word.norm, next.norm));
            }
        }
    }
    terms
}

/// Terms that would complete the point's nearest alternative in this answer:
/// the content words (and pairs of them) of the sentence where its other
/// concepts were found, offered to the one concept still missing; for a
/// point with a one-concept alternative and nothing found, the words of the
/// whole answer.
fn terms_to_add(
    rubric: &Rubric,
    point: usize,
    decision: &Decision,
    text: &Text,
    question_stems: &BTreeSet<String>,
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
            (&**one, sentences)
        }
        (true, _) => {
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
        let words: Vec<&Token> = text.tokens[sentence.tokens.clone()]
            .iter()
            .filter(|t| {
                content_word(t, question_stems)
                    && !taken
                        .iter()
                        .any(|span| t.span.0 < span.1 && span.0 < t.span.1)
            })
            .collect();
        out.extend(
            words_and_phrases(text, &words)
                .into_iter()
                .map(|term| (concept.to_string(), term)),
        );
    }
    out
}

/// Whether a word could carry meaning in a term: not a function word or
/// negation, three letters or more, and not one of the question's words.
fn content_word(token: &Token, question_stems: &BTreeSet<String>) -> bool {
    !token.is_stop
        && !token.is_negation
        && token.norm.chars().count() >= 3
        && token.norm.chars().all(char::is_alphabetic)
        && !question_stems.contains(token.stem.as_ref())
}

/// Whether two alternatives name the same concepts, in any order.
fn same_alternative(a: &str, b: &str) -> bool {
    let concepts = |alt: &str| -> BTreeSet<String> {
        crate::rubric::alternative_concepts(alt)
            .map(str::to_string)
            .collect()
    };
    !a.contains('~') && concepts(a) == concepts(b)
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

/// The stems of the words the question asks with: terms made only of them
/// would let a student earn a point by repeating the question. The words of
/// a scene the question sets ("Topaz cannot be scratched by …") are often
/// what an answer must use, so they may be learned (see
/// [`crate::draft::concepts::question_stems`]).
pub fn question_stems(rubric: &Rubric) -> BTreeSet<String> {
    crate::draft::concepts::question_stems(&rubric.question)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{parse, Source};

    fn transport() -> Rubric {
        parse(&Source {
            path: "transport.json".into(),
            text: include_str!("../../tests/fixtures/schemes/transport.json").to_string(),
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_band_table_reads_as_marks_from_points_covered() {
        let bands = Edit::Bands {
            bands: vec![
                Band {
                    covered: 1.0,
                    marks: 1.0,
                },
                Band {
                    covered: 3.0,
                    marks: 2.5,
                },
            ],
        };
        assert_eq!(
            bands.describe(),
            "mark scheme bands: 1 mark from 1 point covered; 2.5 marks from 3 points covered"
        );
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_concept_fewer_leaves_out_each_concept_in_turn() {
        // Two of three concepts, and a rare word alone: one of three.
        let alternatives = strings(&["a + b", "a + c", "b + c", "rare"]);
        assert_eq!(one_concept_fewer(&alternatives), alternatives);
        let three = strings(&["a + b + c", "a + b + d", "a + c + d", "b + c + d", "e"]);
        assert_eq!(
            one_concept_fewer(&three),
            strings(&["b + c", "a + c", "a + b", "b + d", "a + d", "c + d", "e"])
        );
        // A concept every alternative needs (a negation) stays needed, and
        // an alternative another includes is dropped.
        let negated = strings(&["not + a + b", "not + a + c", "not + a"]);
        assert_eq!(one_concept_fewer(&negated), strings(&["not + a"]));
        assert_eq!(
            one_concept_fewer(&strings(&["not + a + b", "not + c + d"])),
            strings(&["not + b", "not + a", "not + d", "not + c"])
        );
        // Near pairs are kept as they are; so is a lone alternative's whole.
        let near = strings(&["a ~ b ~ c"]);
        assert_eq!(one_concept_fewer(&near), near);
        assert_eq!(
            one_concept_fewer(&strings(&["a + b + c"])),
            strings(&["b + c", "a + c", "a + b"])
        );
    }

    fn osmosis(rubric: &Rubric) -> &crate::rubric::Point {
        rubric
            .points
            .iter()
            .find(|p| p.id == "osmosis")
            .expect("point")
    }

    #[test]
    fn edits_apply_once_and_say_what_they_do() {
        let rubric = transport();
        let add = Edit::AddTerm {
            concept: "gradient".into(),
            term: "crowded".into(),
            point: "diffusion".into(),
        };
        let edited = add.apply(&rubric).expect("applies");
        assert!(edited.concepts["gradient"].contains(&"crowded".to_string()));
        assert!(
            add.apply(&edited).is_none(),
            "a term already there is no edit"
        );
        assert_eq!(
            add.describe(),
            "add \"crowded\" to concept \"gradient\" (point diffusion)"
        );

        let unless = Edit::AddUnless {
            point: "osmosis".into(),
            term: "plants".into(),
        };
        let edited = unless.apply(&rubric).expect("applies");
        let point = osmosis(&edited);
        assert_eq!(point.unless, ["not-osmosis"]);
        assert_eq!(edited.concepts["not-osmosis"], ["plants"]);

        let relax = Edit::AddAlternative {
            point: "osmosis".into(),
            alternative: "osmosis".into(),
        };
        let edited = relax.apply(&rubric).expect("applies");
        let point = osmosis(&edited);
        assert_eq!(point.matches, ["osmosis + water", "osmosis"]);
        let same = Edit::AddAlternative {
            point: "osmosis".into(),
            alternative: "water + osmosis".into(),
        };
        assert!(
            same.apply(&rubric).is_none(),
            "the same concepts in another order"
        );

        let only_term = Edit::RemoveTerm {
            concept: "osmosis".into(),
            term: "osmosis".into(),
            point: "osmosis".into(),
        };
        assert!(only_term.apply(&rubric).is_none(), "a concept keeps a term");
        let point = Edit::AddPoint {
            point: "learned-temperature".into(),
            term: "temperature".into(),
        };
        let edited = point.apply(&rubric).expect("applies");
        let added = edited.points.last().expect("a point");
        assert_eq!(added.id, "learned-temperature");
        assert_eq!(added.matches, ["learned-temperature"]);
        assert_eq!(edited.concepts["learned-temperature"], ["temperature"]);
        assert!(point.apply(&edited).is_none(), "the point is there already");
        assert_eq!(
            point.describe(),
            "add a point \"learned-temperature\" earned by \"temperature\""
        );
        let narrow = Edit::RequireTerm {
            point: "osmosis".into(),
            alternative: "osmosis + water".into(),
            term: "membrane".into(),
        };
        let edited = narrow.apply(&rubric).expect("applies");
        let point = osmosis(&edited);
        assert_eq!(point.matches, ["osmosis + water + with-membrane"]);
        assert_eq!(edited.concepts["with-membrane"], ["membrane"]);
        assert!(narrow.apply(&edited).is_none(), "narrowed already");
        assert_eq!(
            narrow.describe(),
            "let \"osmosis + water\" earn point osmosis only with \"membrane\""
        );
        let fewer = Edit::FewerConcepts { point: None };
        assert!(
            fewer.apply(&rubric).is_none(),
            "no point of the fixture has three concepts together"
        );
        assert_eq!(
            fewer.describe(),
            "let every point be earned by one concept fewer"
        );
        let bands = Edit::Bands { bands: vec![] };
        assert!(
            bands.apply(&rubric).is_none(),
            "a rubric with a scheme keeps it"
        );
    }
}
