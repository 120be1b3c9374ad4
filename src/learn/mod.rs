//! Learning rubric edits from marked answers: a rubric and answers a
//! person has marked (per point, or with an overall mark) in, a list of
//! proposed edits with their measured effect, and the edited rubric, out.
//!
//! The marked answers are split, by a hash of their ids, into a learning
//! part and a held-out part. Candidate edits come from the learning part's
//! disagreements only ([`candidates`]); each is measured on the learning
//! part, the best are measured on the held-out part, and an edit is kept
//! only when it improves the learning part and does not make the held-out
//! part worse. Both figures are reported, so a teacher sees what an edit
//! does to answers it was not learned from.

pub mod candidates;

pub use candidates::Edit;

use crate::error::{Error, Result};
use crate::evaluate::{mark_agreement, Confusion};
use crate::matching::{compile, term_words, CompiledRubric, Decision};
use crate::rubric::Rubric;
use crate::score::grade;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// One answer a person marked.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedAnswer {
    /// Its id (its hash decides whether it is held out).
    pub id: String,
    /// The answer text.
    pub answer: String,
    /// The point ids the marker ticked, when marked per point.
    pub covered: Option<Vec<String>>,
    /// The overall mark, when marked holistically.
    pub score: Option<f64>,
}

/// How learning goes.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// Share of the answers held out to judge edits (0 to 0.9).
    pub held_out_share: f64,
    /// Most edits kept.
    pub max_edits: usize,
    /// Fewest learning answers that must suggest a candidate.
    pub min_support: usize,
    /// Most candidates of each kind measured per round.
    pub candidates_per_round: usize,
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions {
            held_out_share: 0.3,
            max_edits: 30,
            min_support: 3,
            candidates_per_round: 40,
        }
    }
}

/// What agreement is measured as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Per-point F1 against the ticked points.
    Points,
    /// Quadratic weighted kappa of markpoint's marks against the overall marks.
    Marks,
}

impl Target {
    /// The measure's name, for people.
    pub fn name(self) -> &'static str {
        match self {
            Target::Points => "point F1",
            Target::Marks => "QWK",
        }
    }
}

/// markpoint's verdict on one answer, as learning needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Marks (under the scheme, else the percent on the examiners' scale).
    pub marks: f64,
    /// Per point, whether it was earned.
    pub covered: Vec<bool>,
}

/// A marked answer with markpoint's current decisions.
#[derive(Debug, Clone)]
pub struct Graded {
    /// Its id, to name it among an edit's examples.
    pub id: String,
    /// The answer text.
    pub answer: String,
    /// The ticked points, one flag per rubric point, when marked per point.
    pub labels: Option<Vec<bool>>,
    /// The overall mark, when marked holistically.
    pub score: Option<f64>,
    /// The stems of its words (to find the answers an added term can reach).
    pub stems: BTreeSet<String>,
    /// markpoint's current verdict.
    pub outcome: Outcome,
    /// markpoint's current decisions, one per point.
    pub decisions: Vec<Decision>,
}

/// An edit's effect on one part of the answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Agreement before the edit.
    pub before: f64,
    /// Agreement after it.
    pub after: f64,
    /// How many answers the edit brings closer to their marker: more of
    /// their points judged as ticked, or a mark nearer theirs.
    pub closer: usize,
    /// How many answers it takes further from their marker.
    pub further: usize,
    /// The ids of a few answers of each kind, for a teacher to read.
    pub examples: Examples,
    /// Per-point precision before and after, when the answers are marked per point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<BeforeAfter>,
    /// Per-point recall before and after, when the answers are marked per point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<BeforeAfter>,
}

/// A figure before and after an edit.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BeforeAfter {
    /// Before the edit.
    pub before: f64,
    /// After it.
    pub after: f64,
}

/// Answers an edit moves, by id (at most [`EXAMPLES`] of each kind).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Examples {
    /// Answers brought closer to their marker.
    pub closer: Vec<String>,
    /// Answers taken further from their marker.
    pub further: Vec<String>,
}

/// How many answers of each kind an edit's examples name.
pub const EXAMPLES: usize = 3;

/// A proposed edit, measured.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Proposal {
    /// The edit.
    pub edit: Edit,
    /// Its effect on the learning answers.
    pub learning: Change,
    /// Its effect on the held-out answers.
    pub held_out: Change,
    /// Whether it was kept.
    pub kept: bool,
}

/// The result of learning.
#[derive(Debug, Clone)]
pub struct Learned {
    /// The rubric with the kept edits applied.
    pub rubric: Rubric,
    /// What agreement was measured as.
    pub target: Target,
    /// How many answers were learned from, and how many held out.
    pub sizes: (usize, usize),
    /// Agreement before any edit: learning part, held-out part.
    pub start: (f64, f64),
    /// Agreement after the kept edits: learning part, held-out part.
    pub end: (f64, f64),
    /// Every edit measured on the held-out part, kept or not, in order.
    pub proposals: Vec<Proposal>,
}

/// Learns edits to `rubric` from marked answers.
pub fn learn(rubric: &Rubric, marked: &[MarkedAnswer], options: &LearnOptions) -> Result<Learned> {
    if let Some(bad) = marked
        .iter()
        .find(|m| m.score.is_some_and(|s| !s.is_finite()))
    {
        return Err(Error::Usage(format!(
            "answer {:?}: its mark is not a number",
            bad.id
        )));
    }
    let target = choose_target(marked)?;
    let scale = marked.iter().filter_map(|m| m.score).fold(0.0, f64::max);
    let labels = |m: &MarkedAnswer| -> Result<Option<Vec<bool>>> {
        let Some(covered) = &m.covered else {
            return Ok(None);
        };
        if let Some(bad) = covered
            .iter()
            .find(|id| !rubric.points.iter().any(|p| &p.id == *id))
        {
            return Err(Error::Usage(format!(
                "answer {:?}: question {:?} has no point {bad:?}",
                m.id, rubric.id
            )));
        }
        Ok(Some(
            rubric
                .points
                .iter()
                .map(|p| covered.contains(&p.id))
                .collect(),
        ))
    };
    let compiled = compile(rubric)?;
    let mut learning = Vec::new();
    let mut held_out = Vec::new();
    for m in marked {
        let graded = grade_one(&compiled, m, labels(m)?, scale);
        if held_out_by_id(&m.id, options.held_out_share) {
            held_out.push(graded);
        } else {
            learning.push(graded);
        }
    }
    if learning.is_empty() {
        return Err(Error::Usage(
            "no marked answers are left to learn from; hold out less".to_string(),
        ));
    }
    let question_stems = candidates::question_stems(rubric);
    let start = (agreement(&learning, target), agreement(&held_out, target));
    let mut current = rubric.clone();
    let mut now = start;
    let mut proposals = Vec::new();
    let mut tried: BTreeSet<String> = BTreeSet::new();
    while proposals.iter().filter(|p: &&Proposal| p.kept).count() < options.max_edits {
        let mut edits = candidates::propose(
            &current,
            &learning,
            &target,
            &question_stems,
            options.min_support,
            options.candidates_per_round,
        );
        if target == Target::Marks && !current.has_mark_scheme() {
            edits.extend(candidates::fitted_bands(&learning));
        }
        edits.retain(|e| !tried.contains(&e.describe()));
        // Measure every candidate on the learning part, in parallel.
        let mut measured: Vec<(Edit, Rubric, CompiledRubric, f64)> = edits
            .into_par_iter()
            .filter_map(|edit| {
                let edited = edit.apply(&current)?;
                let compiled = compile(&edited).ok()?;
                let regraded = measure(&compiled, &learning, &edit, scale);
                let after = agreement_after(&learning, &regraded, target);
                (after > now.0 + 1e-9).then_some((edit, edited, compiled, after))
            })
            .collect();
        // Best first; among equals, in the order proposed (the stronger
        // evidence first: a half-found point completed before a guess).
        measured.sort_by(|a, b| b.3.total_cmp(&a.3));
        let mut kept_one = false;
        for (edit, edited, compiled, _) in best_of_each_kind(measured) {
            tried.insert(edit.describe());
            let on_learning = change(
                &learning,
                &measure(&compiled, &learning, &edit, scale),
                target,
            );
            let on_held_out = change(
                &held_out,
                &measure(&compiled, &held_out, &edit, scale),
                target,
            );
            let kept = on_held_out.after >= now.1 - 1e-9;
            proposals.push(Proposal {
                edit,
                learning: on_learning,
                held_out: on_held_out,
                kept,
            });
            if kept {
                for part in [&mut learning, &mut held_out] {
                    for g in part.iter_mut() {
                        regrade(&compiled, g, scale);
                    }
                }
                now = (agreement(&learning, target), agreement(&held_out, target));
                current = edited;
                kept_one = true;
                break;
            }
        }
        if !kept_one {
            break;
        }
    }
    Ok(Learned {
        rubric: current,
        target,
        sizes: (learning.len(), held_out.len()),
        start,
        end: now,
        proposals,
    })
}

/// How many of a round's best candidates are tried on the held-out part.
const TRIED_PER_ROUND: usize = 5;

/// How many of them may be edits of one kind, so that one kind's many
/// near-copies ("only with 'ribosome'", "only with 'ribosomes'") cannot
/// crowd out the others.
const TRIED_OF_A_KIND: usize = 2;

/// The best measured candidates to try on the held-out part, best first,
/// at most [`TRIED_OF_A_KIND`] of each kind of edit.
fn best_of_each_kind<T>(
    measured: Vec<(Edit, T, CompiledRubric, f64)>,
) -> Vec<(Edit, T, CompiledRubric, f64)> {
    let mut kinds: Vec<std::mem::Discriminant<Edit>> = Vec::new();
    measured
        .into_iter()
        .filter(|(edit, ..)| {
            let kind = std::mem::discriminant(edit);
            let fits = kinds.iter().filter(|k| **k == kind).count() < TRIED_OF_A_KIND;
            if fits {
                kinds.push(kind);
            }
            fits
        })
        .take(TRIED_PER_ROUND)
        .collect()
}

/// Per-point labels when every answer has them and no overall mark is
/// given; overall marks when every answer has one.
fn choose_target(marked: &[MarkedAnswer]) -> Result<Target> {
    if marked.is_empty() {
        return Err(Error::Usage("no marked answers were found".to_string()));
    }
    if marked.iter().all(|m| m.score.is_some()) {
        Ok(Target::Marks)
    } else if marked.iter().all(|m| m.covered.is_some()) {
        Ok(Target::Points)
    } else {
        Err(Error::Usage(
            "every marked answer needs an overall mark, or every one its ticked points".to_string(),
        ))
    }
}

/// Whether an answer is held out: a stable hash of its id (FNV-1a), so the
/// same answers are held out on every run and machine.
fn held_out_by_id(id: &str, share: f64) -> bool {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash % 10_000) as f64 / 10_000.0 < share
}

fn grade_one(
    compiled: &CompiledRubric,
    marked: &MarkedAnswer,
    labels: Option<Vec<bool>>,
    scale: f64,
) -> Graded {
    let answer = &marked.answer;
    let stems = crate::text::analyse(answer)
        .tokens
        .iter()
        .map(|t| t.stem.to_string())
        .collect();
    let (outcome, decisions) = verdict(compiled, answer, scale);
    Graded {
        id: marked.id.clone(),
        answer: answer.to_string(),
        labels,
        score: marked.score,
        stems,
        outcome,
        decisions,
    }
}

fn regrade(compiled: &CompiledRubric, graded: &mut Graded, scale: f64) {
    let (outcome, decisions) = verdict(compiled, &graded.answer, scale);
    graded.outcome = outcome;
    graded.decisions = decisions;
}

/// markpoint's marks and decisions for an answer.
fn verdict(compiled: &CompiledRubric, answer: &str, scale: f64) -> (Outcome, Vec<Decision>) {
    let report = grade(compiled, answer);
    let marks = report
        .marks
        .map_or(report.percent / 100.0 * scale, |m| m.marks);
    let covered = report.points.iter().map(|p| p.covered).collect();
    let decisions = report.points.into_iter().map(|p| p.decision).collect();
    (Outcome { marks, covered }, decisions)
}

/// Agreement of the current outcomes with the marks or labels.
fn agreement(part: &[Graded], target: Target) -> f64 {
    agreement_of(part.iter().map(|g| (g, &g.outcome)), target)
}

fn agreement_of<'g>(pairs: impl Iterator<Item = (&'g Graded, &'g Outcome)>, target: Target) -> f64 {
    match target {
        Target::Marks => {
            let (examiner, markpoint): (Vec<f64>, Vec<f64>) = pairs
                .map(|(g, o)| (g.score.unwrap_or_default(), o.marks))
                .unzip();
            mark_agreement(&examiner, &markpoint)
                .and_then(|a| a.qwk)
                .unwrap_or(0.0)
        }
        Target::Points => point_counts(pairs).f1(),
    }
}

/// Per-point counts of outcomes against the ticked points.
fn point_counts<'g>(pairs: impl Iterator<Item = (&'g Graded, &'g Outcome)>) -> Confusion {
    let mut counts = Confusion::default();
    for (g, o) in pairs {
        for (p, &covered) in o.covered.iter().enumerate() {
            let labelled = g.labels.as_ref().is_some_and(|l| l[p]);
            counts.add(covered, labelled);
        }
    }
    counts
}

/// Agreement on a part with the outcomes an edit changed (`None`: unchanged).
fn agreement_after(part: &[Graded], regraded: &[Option<Outcome>], target: Target) -> f64 {
    agreement_of(after_edit(part, regraded), target)
}

/// Each answer with its outcome after an edit.
fn after_edit<'g>(
    part: &'g [Graded],
    regraded: &'g [Option<Outcome>],
) -> impl Iterator<Item = (&'g Graded, &'g Outcome)> + Clone {
    part.iter()
        .zip(regraded)
        .map(|(g, new)| (g, new.as_ref().unwrap_or(&g.outcome)))
}

/// How far an outcome is from its marker: points judged otherwise than
/// ticked, or the distance from the marker's mark.
fn distance(g: &Graded, o: &Outcome, target: Target) -> f64 {
    match target {
        Target::Points => o
            .covered
            .iter()
            .enumerate()
            .filter(|(p, &covered)| covered != g.labels.as_ref().is_some_and(|l| l[*p]))
            .count() as f64,
        Target::Marks => (o.marks - g.score.unwrap_or_default()).abs(),
    }
}

/// An edit's whole effect on a part: agreement, the answers it moves and,
/// for answers marked per point, precision and recall.
fn change(part: &[Graded], regraded: &[Option<Outcome>], target: Target) -> Change {
    let mut examples = Examples::default();
    let (mut closer, mut further) = (0, 0);
    for (g, new) in part.iter().zip(regraded) {
        let Some(new) = new else { continue };
        let (was, is) = (distance(g, &g.outcome, target), distance(g, new, target));
        let (count, ids) = if is < was - 1e-9 {
            (&mut closer, &mut examples.closer)
        } else if is > was + 1e-9 {
            (&mut further, &mut examples.further)
        } else {
            continue;
        };
        *count += 1;
        if ids.len() < EXAMPLES {
            ids.push(g.id.clone());
        }
    }
    let (precision, recall) = if target == Target::Points {
        let before = point_counts(part.iter().map(|g| (g, &g.outcome)));
        let after = point_counts(after_edit(part, regraded));
        (
            Some(BeforeAfter {
                before: before.precision(),
                after: after.precision(),
            }),
            Some(BeforeAfter {
                before: before.recall(),
                after: after.recall(),
            }),
        )
    } else {
        (None, None)
    };
    Change {
        before: agreement(part, target),
        after: agreement_after(part, regraded, target),
        closer,
        further,
        examples,
        precision,
        recall,
    }
}

/// The outcomes of a part after an edit, regrading only the answers it can
/// change (`None`: the answer's outcome is unchanged).
fn measure(
    compiled: &CompiledRubric,
    part: &[Graded],
    edit: &Edit,
    scale: f64,
) -> Vec<Option<Outcome>> {
    let reach: Option<Vec<String>> = match edit {
        // A new point changes every percent, but no mark under a scheme
        // that counts points, except where its term occurs.
        Edit::AddPoint { .. } if !compiled.rubric.has_mark_scheme() => None,
        Edit::AddTerm { term, .. } | Edit::AddUnless { term, .. } | Edit::AddPoint { term, .. } => {
            Some(
                term_words(term)
                    .into_iter()
                    .filter(|w| !w.is_stop)
                    .map(|w| w.stem)
                    .collect(),
            )
        }
        _ => None,
    };
    // Only a missed point can be earned by a new alternative, or by one
    // concept fewer.
    let relaxed_point = match edit {
        Edit::AddAlternative { point, .. } | Edit::FewerConcepts { point: Some(point) } => {
            compiled.rubric.points.iter().position(|p| &p.id == point)
        }
        _ => None,
    };
    // A point's marks change no decision, only the marks read from them.
    if let Edit::PointMarks { .. } = edit {
        return part
            .iter()
            .map(|g| {
                Some(Outcome {
                    marks: crate::score::scheme::award(
                        &compiled.rubric,
                        g.outcome.covered.iter().copied(),
                    )
                    .map_or(g.outcome.marks, |m| m.marks),
                    covered: g.outcome.covered.clone(),
                })
            })
            .collect();
    }
    // Regraded outcomes, only for the answers the edit can change.
    part.iter()
        .map(|g| {
            let affected = match (&reach, edit) {
                (Some(stems), _) => stems.iter().all(|s| g.stems.contains(s)),
                (
                    None,
                    Edit::RemoveTerm { concept, term, .. } | Edit::ExactTerm { concept, term, .. },
                ) => g.decisions.iter().any(|d| {
                    matches!(d, Decision::Covered { found, .. }
                        if found.iter().any(|f| *f.concept == **concept && *f.term == **term))
                }),
                (None, Edit::RequireConcept { point, concept }) => {
                    earned_by(g, &compiled.rubric, point, |a| {
                        !crate::rubric::alternative_concepts(a).any(|c| c == concept)
                    })
                }
                (
                    None,
                    Edit::DropAlternative { point, alternative }
                    | Edit::RequireTerm {
                        point, alternative, ..
                    },
                ) => earned_by(g, &compiled.rubric, point, |a| a == alternative),
                (None, Edit::AddAlternative { .. } | Edit::FewerConcepts { .. }) => {
                    relaxed_point.is_none_or(|p| !g.outcome.covered[p])
                }
                _ => true,
            };
            affected.then(|| verdict(compiled, &g.answer, scale).0)
        })
        .collect()
}

/// Whether an answer earned `point` by an alternative that `which` picks.
fn earned_by(g: &Graded, rubric: &Rubric, point: &str, which: impl Fn(&str) -> bool) -> bool {
    g.decisions.iter().zip(&rubric.points).any(|(d, p)| {
        p.id == point && matches!(d, Decision::Covered { alternative, .. } if which(alternative))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_held_out_part_is_stable_and_near_its_share() {
        let ids: Vec<String> = (0..2000).map(|n| format!("s{n}")).collect();
        let held = ids.iter().filter(|id| held_out_by_id(id, 0.3)).count();
        assert!((500..700).contains(&held), "{held}");
        assert_eq!(held_out_by_id("s7", 0.3), held_out_by_id("s7", 0.3));
        assert!(!held_out_by_id("s7", 0.0));
    }
}
