//! `markpoint rubric test`: grades marked responses and compares markpoint
//! with the people who marked them.
//!
//! Responses come as JSON Lines (`{"id", "question", "answer", "covered":
//! [point ids]}`, and/or `"score"` with an optional `"max_score"`), or as
//! CSV/TSV rows with an examiner's mark per answer (`--score-column`). A
//! folder means every `.jsonl`, `.csv` and `.tsv` file in it. Per-point
//! labels give precision, recall and F1; overall marks give exact agreement,
//! quadratic weighted kappa, Pearson's r and the confusion matrix of marks.
//! Labelled responses with a `"kind"` ("negation", "off-topic") are also
//! counted by kind: how many markpoint judged exactly as labelled.

mod render;

pub use super::marked::Fields;

use super::marked::{self as read, Response};
use super::{load_rubrics_adding, Console, Outcome};
use crate::error::{Error, Result};
use crate::evaluate::{mark_agreement, pearson, spearman, Confusion, MarkAgreement};
use crate::matching::{compile, CompiledRubric, Decision};
use crate::report::text::number;
use crate::report::Format;
use crate::score::{grade, Report};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Options of `rubric test`.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// `--add-rubrics PATH`s: rubrics added to those, replacing any with the same id.
    pub add_rubrics: Vec<PathBuf>,
    /// Marked response files or folders.
    pub responses: Vec<PathBuf>,
    /// The question of responses that do not name one (`--question`).
    pub question: Option<String>,
    /// Which fields or columns hold what, and which rows to keep.
    pub fields: Fields,
    /// Text or JSON.
    pub format: Format,
    /// Exit 1 when the overall point F1 is below this.
    pub min_f1: Option<f64>,
    /// Exit 1 when any question's quadratic weighted kappa is below this.
    pub min_qwk: Option<f64>,
    /// Print at most this many disagreements in text (all when None).
    pub show: Option<usize>,
}

/// Per-point figures.
#[derive(Debug, Serialize)]
struct PointFigures {
    id: String,
    precision: f64,
    recall: f64,
    f1: f64,
    counts: Confusion,
}

/// Agreement with overall human marks.
#[derive(Debug, Serialize)]
struct ScoreFigures {
    responses: usize,
    pearson: Option<f64>,
    spearman: Option<f64>,
    pass_accuracy: f64,
    /// Marks against marks: markpoint's marks under the rubric's mark scheme,
    /// or its percent put on the examiner's scale when there is none.
    marks: Option<MarkAgreement>,
}

/// Figures for one question.
#[derive(Debug, Serialize)]
struct QuestionFigures {
    question: String,
    responses: usize,
    points: Vec<PointFigures>,
    all_points: Option<PointFigures>,
    scores: Option<ScoreFigures>,
}

/// A decision that differs from the label.
#[derive(Debug, Serialize)]
struct Disagreement {
    id: String,
    question: String,
    point: String,
    markpoint: String,
    label: String,
    detail: String,
}

/// Labelled responses of one kind: how many markpoint judged exactly as
/// labelled (every point), and its point figures on them.
#[derive(Debug, Serialize)]
struct KindFigures {
    kind: String,
    responses: usize,
    exact: usize,
    points: PointFigures,
}

/// What is tallied for one kind of response.
#[derive(Default)]
struct KindTally {
    responses: usize,
    exact: usize,
    counts: Confusion,
}

/// The whole result, as `--format json` prints it.
#[derive(Debug, Serialize)]
struct TestResult {
    questions: Vec<QuestionFigures>,
    overall: Option<PointFigures>,
    kinds: Vec<KindFigures>,
    disagreements: Vec<Disagreement>,
    skipped: usize,
}

/// One holistically marked answer, as tallied.
struct Marked {
    /// The examiner's mark and the most it could be (when the data says).
    examiner: (f64, Option<f64>),
    /// markpoint's percent.
    percent: f64,
    /// markpoint's marks, when the rubric has a mark scheme.
    marks: Option<f64>,
    /// The response id and the points markpoint gave, for disagreements.
    id: String,
    covered: Vec<String>,
}

#[derive(Default)]
struct QuestionTally {
    responses: usize,
    points: BTreeMap<String, Confusion>,
    marked: Vec<Marked>,
}

/// Grades every marked response and reports agreement.
pub fn run(options: &TestOptions, console: &mut Console) -> Result<Outcome> {
    let rubrics = load_rubrics_adding(
        options.rubrics.as_deref(),
        &options.add_rubrics,
        console.err,
    )?;
    let mut compiled: BTreeMap<String, CompiledRubric> = BTreeMap::new();
    for rubric in &rubrics {
        compiled.insert(rubric.id.clone(), compile(rubric)?);
    }
    if let Some(question) = &options.question {
        crate::rubric::find(&rubrics, question)?;
    }
    let files = read::response_files(&options.responses)?;
    let mut tallies: BTreeMap<String, QuestionTally> = BTreeMap::new();
    let mut kinds: BTreeMap<String, KindTally> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut skipped = 0;
    for file in &files {
        let note = read::read_file(file, &options.fields, &mut |record| {
            let checked = record
                .response
                .and_then(|r| check_response(r, options.question.as_deref(), &compiled));
            match checked {
                Ok((response, rubric)) => {
                    let report = grade(rubric, &response.answer);
                    tally_kind(&response, &report, &mut kinds);
                    tally(
                        &response,
                        rubric,
                        &report,
                        tallies.entry(rubric.rubric.id.clone()).or_default(),
                        &mut disagreements,
                    );
                    Ok(())
                }
                Err(message) => {
                    skipped += 1;
                    read::report_bad(console, &record.at, &message)
                }
            }
        })?;
        if let Some(note) = note {
            read::report_note(console, &note)?;
        }
    }
    let mut result = summarise(&compiled, tallies, disagreements, skipped);
    result.kinds = kinds
        .into_iter()
        .map(|(kind, t)| KindFigures {
            points: figures("all", t.counts),
            kind,
            responses: t.responses,
            exact: t.exact,
        })
        .collect();
    match options.format {
        Format::Text => render::text(console, &result, options.show),
        Format::Json | Format::Jsonl => {
            let text =
                serde_json::to_string_pretty(&result).map_err(|e| Error::Usage(e.to_string()))?;
            writeln!(console.out, "{text}").map_err(super::stdout_error)
        }
    }?;
    if result.overall.is_none() && result.questions.iter().all(|q| q.scores.is_none()) {
        return Err(Error::Usage("no marked responses were found".to_string()));
    }
    let below_f1 = match (options.min_f1, &result.overall) {
        (Some(min), Some(overall)) => overall.f1 < min,
        _ => false,
    };
    let below_qwk = options.min_qwk.is_some_and(|min| {
        result.questions.iter().any(|q| {
            q.scores
                .as_ref()
                .and_then(|s| s.marks.as_ref())
                .is_some_and(|m| m.qwk.is_none_or(|qwk| qwk < min))
        })
    });
    Ok(if skipped > 0 {
        Outcome::SomeInputsBad
    } else if below_f1 || below_qwk {
        Outcome::Failing
    } else {
        Outcome::Success
    })
}

/// Finds a response's rubric and checks its labels.
fn check_response<'c>(
    response: Response,
    default_question: Option<&str>,
    compiled: &'c BTreeMap<String, CompiledRubric>,
) -> std::result::Result<(Response, &'c CompiledRubric), String> {
    let question = response
        .question
        .as_deref()
        .or(default_question)
        .ok_or_else(|| "the response names no question; give one with --question".to_string())?;
    let rubric = compiled.get(question).ok_or_else(|| {
        let ids: Vec<&str> = compiled.keys().map(String::as_str).collect();
        format!(
            "unknown question {question:?}; the questions are: {}",
            ids.join(", ")
        )
    })?;
    match (&response.covered, response.score) {
        (Some(covered), _) => {
            if let Some(bad) = covered
                .iter()
                .find(|id| !rubric.rubric.points.iter().any(|p| &p.id == *id))
            {
                return Err(format!("question {question:?} has no point {bad:?}"));
            }
        }
        (None, Some(_)) => {}
        (None, None) => {
            return Err("a response needs \"covered\" (point ids) or a score".to_string())
        }
    }
    Ok((response, rubric))
}

fn tally(
    response: &Response,
    rubric: &CompiledRubric,
    report: &Report,
    tally: &mut QuestionTally,
    disagreements: &mut Vec<Disagreement>,
) {
    tally.responses += 1;
    if let Some(score) = response.score {
        tally.marked.push(Marked {
            examiner: (score, response.max_score),
            percent: report.percent,
            marks: report.marks.map(|m| m.marks),
            id: response.id.clone(),
            covered: report
                .points
                .iter()
                .filter(|p| p.covered)
                .map(|p| p.id.to_string())
                .collect(),
        });
    }
    let Some(labels) = &response.covered else {
        return;
    };
    for point in &report.points {
        let labelled = labels.iter().any(|l| **l == *point.id);
        tally
            .points
            .entry(point.id.to_string())
            .or_default()
            .add(point.covered, labelled);
        if point.covered != labelled {
            disagreements.push(Disagreement {
                id: response.id.clone(),
                question: rubric.rubric.id.clone(),
                point: point.id.to_string(),
                markpoint: decision_name(&point.decision).to_string(),
                label: if labelled { "covered" } else { "not covered" }.to_string(),
                detail: decision_detail(&point.decision, &response.answer),
            });
        }
    }
}

/// Counts a labelled response of a named kind: whether markpoint judged every
/// point as labelled, and its point decisions.
fn tally_kind(response: &Response, report: &Report, kinds: &mut BTreeMap<String, KindTally>) {
    let (Some(kind), Some(labels)) = (&response.kind, &response.covered) else {
        return;
    };
    let tally = kinds.entry(kind.clone()).or_default();
    tally.responses += 1;
    let mut exact = true;
    for point in &report.points {
        let labelled = labels.iter().any(|l| **l == *point.id);
        tally.counts.add(point.covered, labelled);
        exact &= point.covered == labelled;
    }
    tally.exact += usize::from(exact);
}

fn decision_name(decision: &Decision) -> &'static str {
    match decision {
        Decision::Covered { .. } => "covered",
        Decision::Denied { .. } => "denied",
        Decision::Missing { .. } => "missed",
    }
}

/// The evidence, the negation, or the nearest miss, in a line.
fn decision_detail(decision: &Decision, answer: &str) -> String {
    let quote = |span: (usize, usize)| answer.get(span.0..span.1).unwrap_or_default().to_string();
    match decision {
        Decision::Covered {
            alternative,
            evidence,
            found,
        } => {
            let words: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
            format!(
                "by {alternative} ({}) in \"{}\"",
                words.join(", "),
                quote(*evidence)
            )
        }
        Decision::Denied { cue, evidence, .. } => {
            format!("\"{cue}\" denies it in \"{}\"", quote(*evidence))
        }
        Decision::Missing {
            alternative: None, ..
        } => "none of its concepts appear".to_string(),
        Decision::Missing {
            alternative: Some(alternative),
            found,
            missing,
        } => {
            let words: Vec<String> = found
                .iter()
                .map(|f| format!("{}=\"{}\"", f.concept, f.text))
                .collect();
            format!(
                "nearest {alternative}: found {}; missing {}",
                words.join(", "),
                missing.join(", ")
            )
        }
    }
}

fn figures(id: &str, counts: Confusion) -> PointFigures {
    PointFigures {
        id: id.to_string(),
        precision: counts.precision(),
        recall: counts.recall(),
        f1: counts.f1(),
        counts,
    }
}

fn summarise(
    compiled: &BTreeMap<String, CompiledRubric>,
    tallies: BTreeMap<String, QuestionTally>,
    mut disagreements: Vec<Disagreement>,
    skipped: usize,
) -> TestResult {
    let mut overall: Option<Confusion> = None;
    let mut questions = Vec::new();
    for (question, tally) in tallies {
        let order: Vec<&str> = compiled
            .get(&question)
            .map(|c| c.rubric.points.iter().map(|p| p.id.as_str()).collect())
            .unwrap_or_default();
        let points: Vec<PointFigures> = order
            .iter()
            .filter_map(|id| tally.points.get(*id).map(|c| figures(id, *c)))
            .collect();
        let all = tally.points.values().copied().reduce(Confusion::merged);
        if let Some(all) = all {
            overall = Some(overall.map_or(all, |o| o.merged(all)));
        }
        let pass_mark = compiled.get(&question).map_or(50.0, |c| c.rubric.pass_mark);
        let scores = score_figures(&question, &tally, pass_mark, &mut disagreements);
        questions.push(QuestionFigures {
            question,
            responses: tally.responses,
            points,
            all_points: all.map(|c| figures("all", c)),
            scores,
        });
    }
    TestResult {
        questions,
        overall: overall.map(|c| figures("all", c)),
        kinds: Vec::new(),
        disagreements,
        skipped,
    }
}

/// Correlation, pass agreement and mark agreement for holistically marked
/// responses. An examiner's mark without `max_score` is taken relative to
/// the highest mark given; markpoint's marks are its mark scheme's, or its
/// percent on the examiner's scale when the rubric has none. Answers given
/// a different mark join the disagreements.
fn score_figures(
    question: &str,
    tally: &QuestionTally,
    pass_mark: f64,
    disagreements: &mut Vec<Disagreement>,
) -> Option<ScoreFigures> {
    if tally.marked.is_empty() {
        return None;
    }
    let highest = tally
        .marked
        .iter()
        .map(|m| m.examiner.0)
        .fold(0.0, f64::max);
    let scale = |m: &Marked| m.examiner.1.unwrap_or(highest);
    let human: Vec<f64> = tally
        .marked
        .iter()
        .map(|m| {
            let max = scale(m);
            if max > 0.0 {
                m.examiner.0 / max * 100.0
            } else {
                0.0
            }
        })
        .collect();
    let machine: Vec<f64> = tally.marked.iter().map(|m| m.percent).collect();
    let agree = human
        .iter()
        .zip(&machine)
        .filter(|(h, m)| (**h >= pass_mark) == (**m >= pass_mark))
        .count();
    let examiner_marks: Vec<f64> = tally.marked.iter().map(|m| m.examiner.0).collect();
    let markpoint_marks: Vec<f64> = tally
        .marked
        .iter()
        .map(|m| m.marks.unwrap_or(m.percent / 100.0 * scale(m)))
        .collect();
    for (m, given) in tally.marked.iter().zip(&markpoint_marks) {
        if given.round() != m.examiner.0.round() {
            disagreements.push(Disagreement {
                id: m.id.clone(),
                question: question.to_string(),
                point: "marks".to_string(),
                markpoint: number(given.round()),
                label: number(m.examiner.0),
                detail: format!("covered: {}", m.covered.join(", ")),
            });
        }
    }
    Some(ScoreFigures {
        responses: human.len(),
        pearson: pearson(&machine, &human),
        spearman: spearman(&machine, &human),
        pass_accuracy: agree as f64 / human.len() as f64,
        marks: mark_agreement(&examiner_marks, &markpoint_marks),
    })
}
