//! `markpoint rubric test`: grades hand-labelled responses and compares.
//!
//! Response files are JSON Lines: `{"id", "question", "answer", "covered":
//! [point ids]}`, or `"score"` (and optionally `"max_score"`) instead of
//! `covered` for data that only has overall marks. A folder means every
//! `.jsonl` file in it.

use super::{load_rubrics, Console, Outcome};
use crate::error::{Error, Result};
use crate::evaluate::{pearson, spearman, Confusion};
use crate::matching::{compile, CompiledRubric, Decision};
use crate::report::text::number;
use crate::report::Format;
use crate::score::{grade, Report};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Options of `rubric test`.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// `--rubrics PATH`, or the built-in rubrics.
    pub rubrics: Option<PathBuf>,
    /// Labelled response files or folders.
    pub responses: Vec<PathBuf>,
    /// Text or JSON.
    pub format: Format,
    /// Exit 1 when the overall point F1 is below this.
    pub min_f1: Option<f64>,
}

/// One labelled response as stored.
#[derive(Debug, Deserialize)]
struct Response {
    id: serde_json::Value,
    question: String,
    answer: String,
    #[serde(default)]
    covered: Option<Vec<String>>,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    max_score: Option<f64>,
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

/// The whole result, as `--format json` prints it.
#[derive(Debug, Serialize)]
struct TestResult {
    questions: Vec<QuestionFigures>,
    overall: Option<PointFigures>,
    disagreements: Vec<Disagreement>,
    skipped: usize,
}

#[derive(Default)]
struct QuestionTally {
    responses: usize,
    points: BTreeMap<String, Confusion>,
    machine_scores: Vec<f64>,
    human_scores: Vec<(f64, Option<f64>)>,
}

/// Grades every labelled response and reports agreement.
pub fn run(options: &TestOptions, console: &mut Console) -> Result<Outcome> {
    let rubrics = load_rubrics(options.rubrics.as_deref())?;
    let mut compiled: BTreeMap<String, CompiledRubric> = BTreeMap::new();
    for rubric in &rubrics {
        compiled.insert(rubric.id.clone(), compile(rubric)?);
    }
    let files = response_files(&options.responses)?;
    let mut tallies: BTreeMap<String, QuestionTally> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut skipped = 0;
    for file in &files {
        let reader =
            std::io::BufReader::new(std::fs::File::open(file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?);
        for (n, line) in reader.lines().enumerate() {
            let at = format!("{}:{}", file.display(), n + 1);
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    report_bad(console, &at, &e.to_string())?;
                    skipped += 1;
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match check_response(&line, &compiled) {
                Ok((response, rubric)) => {
                    let report = grade(rubric, &response.answer);
                    tally(
                        &response,
                        rubric,
                        &report,
                        tallies.entry(rubric.rubric.id.clone()).or_default(),
                        &mut disagreements,
                    );
                }
                Err(message) => {
                    report_bad(console, &at, &message)?;
                    skipped += 1;
                }
            }
        }
    }
    let result = summarise(&compiled, tallies, disagreements, skipped);
    match options.format {
        Format::Text => render_text(console, &result),
        Format::Json | Format::Jsonl => {
            let text =
                serde_json::to_string_pretty(&result).map_err(|e| Error::Usage(e.to_string()))?;
            writeln!(console.out, "{text}").map_err(super::stdout_error)
        }
    }?;
    if result.overall.is_none() && result.questions.iter().all(|q| q.scores.is_none()) {
        return Err(Error::Usage("no labelled responses were found".to_string()));
    }
    let below = match (options.min_f1, &result.overall) {
        (Some(min), Some(overall)) => overall.f1 < min,
        _ => false,
    };
    Ok(if skipped > 0 {
        Outcome::SomeInputsBad
    } else if below {
        Outcome::Failing
    } else {
        Outcome::Success
    })
}

fn report_bad(console: &mut Console, at: &str, message: &str) -> Result<()> {
    writeln!(console.err, "markpoint: error: {at}: {message}").map_err(|source| Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    })
}

/// Expands folders to their `.jsonl` files, sorted.
fn response_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        return Err(Error::Usage(
            "give labelled responses with --responses FILE".to_string(),
        ));
    }
    let mut files = Vec::new();
    for path in paths {
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if std::fs::metadata(path).map_err(io)?.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_response_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Parses a response line and checks its question and labels.
fn check_response<'c>(
    line: &str,
    compiled: &'c BTreeMap<String, CompiledRubric>,
) -> std::result::Result<(Response, &'c CompiledRubric), String> {
    let response: Response = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let rubric = compiled.get(&response.question).ok_or_else(|| {
        let ids: Vec<&str> = compiled.keys().map(String::as_str).collect();
        format!(
            "unknown question {:?}; the questions are: {}",
            response.question,
            ids.join(", ")
        )
    })?;
    match (&response.covered, response.score) {
        (Some(covered), _) => {
            if let Some(bad) = covered
                .iter()
                .find(|id| !rubric.rubric.points.iter().any(|p| &p.id == *id))
            {
                return Err(format!(
                    "question {:?} has no point {bad:?}",
                    response.question
                ));
            }
        }
        (None, Some(score)) if score.is_finite() => {}
        _ => return Err("a response needs \"covered\" (point ids) or \"score\"".to_string()),
    }
    Ok((response, rubric))
}

fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
        tally.machine_scores.push(report.percent);
        tally.human_scores.push((score, response.max_score));
    }
    let Some(labels) = &response.covered else {
        return;
    };
    for point in &report.points {
        let labelled = labels.contains(&point.id);
        tally
            .points
            .entry(point.id.clone())
            .or_default()
            .add(point.covered, labelled);
        if point.covered != labelled {
            disagreements.push(Disagreement {
                id: id_text(&response.id),
                question: rubric.rubric.id.clone(),
                point: point.id.clone(),
                markpoint: decision_name(&point.decision).to_string(),
                label: if labelled { "covered" } else { "not covered" }.to_string(),
                detail: decision_detail(&point.decision, &response.answer),
            });
        }
    }
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
    disagreements: Vec<Disagreement>,
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
        questions.push(QuestionFigures {
            question,
            responses: tally.responses,
            points,
            all_points: all.map(|c| figures("all", c)),
            scores: score_figures(&tally, pass_mark),
        });
    }
    TestResult {
        questions,
        overall: overall.map(|c| figures("all", c)),
        disagreements,
        skipped,
    }
}

/// Correlation and pass agreement for score-labelled responses; a human
/// score without `max_score` is taken relative to the highest score given.
fn score_figures(tally: &QuestionTally, pass_mark: f64) -> Option<ScoreFigures> {
    if tally.human_scores.is_empty() {
        return None;
    }
    let highest = tally
        .human_scores
        .iter()
        .map(|(s, _)| *s)
        .fold(0.0, f64::max);
    let human: Vec<f64> = tally
        .human_scores
        .iter()
        .map(|(score, max)| {
            let max = max.unwrap_or(highest);
            if max > 0.0 {
                score / max * 100.0
            } else {
                0.0
            }
        })
        .collect();
    let agree = human
        .iter()
        .zip(&tally.machine_scores)
        .filter(|(h, m)| (**h >= pass_mark) == (**m >= pass_mark))
        .count();
    Some(ScoreFigures {
        responses: human.len(),
        pearson: pearson(&tally.machine_scores, &human),
        spearman: spearman(&tally.machine_scores, &human),
        pass_accuracy: agree as f64 / human.len() as f64,
    })
}

fn render_text(console: &mut Console, result: &TestResult) -> Result<()> {
    let out = &mut *console.out;
    let write = |out: &mut dyn std::io::Write, line: String| {
        writeln!(out, "{line}").map_err(super::stdout_error)
    };
    let row = |f: &PointFigures| {
        format!(
            "  {:<22} {:>5.2} {:>5.2} {:>5.2}  {:>4} {:>4} {:>4} {:>4}",
            f.id,
            f.precision,
            f.recall,
            f.f1,
            f.counts.true_positives,
            f.counts.false_positives,
            f.counts.false_negatives,
            f.counts.true_negatives
        )
    };
    for q in &result.questions {
        write(
            out,
            format!("{} ({} responses)", q.question.bold(), q.responses),
        )?;
        if !q.points.is_empty() {
            write(
                out,
                format!(
                    "  {:<22} {:>5} {:>5} {:>5}  {:>4} {:>4} {:>4} {:>4}",
                    "point", "P", "R", "F1", "TP", "FP", "FN", "TN"
                ),
            )?;
            for p in &q.points {
                write(out, row(p))?;
            }
            if let Some(all) = &q.all_points {
                write(out, row(all).bold().to_string())?;
            }
        }
        if let Some(s) = &q.scores {
            let show = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.3}"));
            write(
                out,
                format!(
                    "  scores: Pearson {} Spearman {} pass accuracy {:.3} ({} responses)",
                    show(s.pearson),
                    show(s.spearman),
                    s.pass_accuracy,
                    s.responses
                ),
            )?;
        }
        write(out, String::new())?;
    }
    if let Some(o) = &result.overall {
        write(
            out,
            format!(
                "{} precision {:.3} recall {:.3} F1 {:.3} over {} point decisions",
                "overall:".bold(),
                o.precision,
                o.recall,
                o.f1,
                o.counts.total()
            ),
        )?;
    }
    if !result.disagreements.is_empty() {
        write(
            out,
            format!(
                "\n{} ({})",
                "disagreements".bold(),
                result.disagreements.len()
            ),
        )?;
        for d in &result.disagreements {
            write(
                out,
                format!(
                    "  {} {} {}: markpoint {}, label {}: {}",
                    for_terminal(&d.id, false),
                    d.question,
                    d.point.bold(),
                    d.markpoint,
                    d.label,
                    for_terminal(&d.detail, false)
                ),
            )?;
        }
    }
    if result.skipped > 0 {
        write(
            out,
            format!(
                "skipped {} bad responses (see errors above)",
                number(result.skipped as f64)
            ),
        )?;
    }
    Ok(())
}

/// Whether a path names a labelled response file.
fn is_response_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}
