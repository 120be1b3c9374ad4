//! The class view of many reports: a [`ClassSummary`] tallies, per question,
//! how many answers there were, how many passed and how many covered each
//! point; the text renderers draw the per-student table and the per-point
//! summary (bars, most-missed first, and the hint the class most needs).
//!
//! The summary holds counts, never the reports themselves, so it stays small
//! however many answers a batch has; the table is drawn from a [`ClassRow`],
//! the little of a report it needs. Answer ids are untrusted and pass
//! through [`for_terminal`] before they are written. Columns are measured
//! in terminal cells ([`crate::text::columns`]), not characters: a CJK
//! character takes two, a combining accent none.

use super::text::number;
use crate::score::{scheme, Grade, Marks, Report};
use crate::text::columns::{fit, pad_end as pad, width};
use crate::text::sanitize::for_terminal;
use colored::{ColoredString, Colorize};
use std::io::{self, Write};
use std::sync::Arc;

/// Characters in a coverage bar.
pub const BAR_WIDTH: usize = 20;

/// Widest id column, in terminal columns; longer ids are cut with an ellipsis.
pub const MAX_ID_WIDTH: usize = 24;

/// What the class view keeps of one report: the table row and what the
/// summary counts. A batch turns each report into one where it was graded,
/// so that the rest of the report is freed by the thread that made it and
/// the writing thread has little to do (5% of a batch's time).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRow {
    /// The question id.
    pub question: Arc<str>,
    /// The question as asked.
    pub question_text: Arc<str>,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Marks under the rubric's mark scheme, when it gives one.
    pub marks: Option<Marks>,
    /// The score as a percentage.
    pub percent: f64,
    /// Whether the answer passed.
    pub passed: bool,
    /// The grade band.
    pub grade: Grade,
    /// The points, tallied for this one answer (`covered` is 0 or 1).
    pub points: Vec<PointTally>,
    /// Whole-answer warnings, in a few words each ([`super::short_warning`]).
    pub warnings: Vec<String>,
}

impl From<Report> for ClassRow {
    fn from(report: Report) -> ClassRow {
        ClassRow {
            question: report.question,
            question_text: report.question_text,
            score: report.score,
            max_score: report.max_score,
            marks: report.marks,
            percent: report.percent,
            passed: report.passed,
            grade: report.grade,
            points: report
                .points
                .into_iter()
                .map(|p| PointTally {
                    id: p.id,
                    label: p.label,
                    hint: p.hint,
                    covered: usize::from(p.covered),
                })
                .collect(),
            warnings: report
                .warnings
                .iter()
                .map(|w| super::short_warning(w).to_string())
                .collect(),
        }
    }
}

/// How one point fared across the class.
#[derive(Debug, Clone, PartialEq)]
pub struct PointTally {
    /// The point id.
    pub id: Arc<str>,
    /// The point's label.
    pub label: Arc<str>,
    /// What to add when it is missing.
    pub hint: Arc<str>,
    /// How many answers covered it.
    pub covered: usize,
}

/// The class's results for one question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionSummary {
    /// The question id.
    pub question: String,
    /// The question text.
    pub question_text: String,
    /// How many answers were graded.
    pub answers: usize,
    /// How many reached the pass mark.
    pub passed: usize,
    /// Sum of the answers' percentages (for the mean).
    pub percent_total: f64,
    /// One tally per point, in rubric order.
    pub points: Vec<PointTally>,
}

impl QuestionSummary {
    fn new(row: &ClassRow) -> QuestionSummary {
        QuestionSummary {
            question: row.question.to_string(),
            question_text: row.question_text.to_string(),
            answers: 0,
            passed: 0,
            percent_total: 0.0,
            points: row
                .points
                .iter()
                .map(|p| PointTally {
                    covered: 0,
                    ..p.clone()
                })
                .collect(),
        }
    }

    /// The mean percentage, rounded to one decimal (0 with no answers).
    pub fn mean_percent(&self) -> f64 {
        if self.answers == 0 {
            0.0
        } else {
            (self.percent_total / self.answers as f64 * 10.0).round() / 10.0
        }
    }

    /// The share of answers that passed, as a percentage rounded to one decimal.
    pub fn pass_percent(&self) -> f64 {
        let share = self.passed as f64 / self.answers.max(1) as f64;
        (share * 1000.0).round() / 10.0
    }

    /// The points, least covered first (rubric order among equals).
    pub fn most_missed_first(&self) -> Vec<&PointTally> {
        let mut points: Vec<&PointTally> = self.points.iter().collect();
        points.sort_by_key(|p| p.covered);
        points
    }

    /// The point the class most needs: the least covered one, if anyone missed it.
    pub fn most_needed(&self) -> Option<&PointTally> {
        self.most_missed_first()
            .into_iter()
            .next()
            .filter(|p| p.covered < self.answers)
    }

    /// The share of answers that covered a point, from 0 to 1.
    pub fn share(&self, point: &PointTally) -> f64 {
        if self.answers == 0 {
            0.0
        } else {
            point.covered as f64 / self.answers as f64
        }
    }
}

/// Tallies for every question a batch graded, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassSummary {
    /// One summary per question.
    pub questions: Vec<QuestionSummary>,
}

impl ClassSummary {
    /// Counts one graded answer.
    pub fn add(&mut self, row: &ClassRow) {
        let index = match self
            .questions
            .iter()
            .position(|q| *q.question == *row.question)
        {
            Some(index) => index,
            None => {
                self.questions.push(QuestionSummary::new(row));
                self.questions.len() - 1
            }
        };
        let summary = &mut self.questions[index];
        summary.answers += 1;
        summary.passed += usize::from(row.passed);
        summary.percent_total += row.percent;
        for (tally, point) in summary.points.iter_mut().zip(&row.points) {
            tally.covered += point.covered;
        }
    }

    /// How many answers were counted, over all questions.
    pub fn answers(&self) -> usize {
        self.questions.iter().map(|q| q.answers).sum()
    }
}

/// A coverage bar of [`BAR_WIDTH`] characters for a share from 0 to 1.
pub fn bar(share: f64) -> String {
    let filled = (share.clamp(0.0, 1.0) * BAR_WIDTH as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled))
}

/// Green for most of the class, yellow for some, red for few.
fn by_share(text: &str, share: f64) -> ColoredString {
    if share >= 0.7 {
        text.green()
    } else if share >= 0.4 {
        text.yellow()
    } else {
        text.red()
    }
}

/// Writes the heading of the table for a question: the question, the
/// numbered points, and the column names.
pub fn render_table_heading(
    out: &mut dyn Write,
    report: &ClassRow,
    id_width: usize,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {}",
        format!("{}:", for_terminal(&report.question, false)).bold(),
        for_terminal(&report.question_text, false)
    )?;
    let legend: Vec<String> = report
        .points
        .iter()
        .enumerate()
        .map(|(n, p)| format!("{} {}", n + 1, for_terminal(&p.id, false)))
        .collect();
    writeln!(out, "  points: {}", legend.join(" · "))?;
    writeln!(out)?;
    let numbers: Vec<String> = (1..=report.points.len()).map(|n| n.to_string()).collect();
    writeln!(
        out,
        "{}",
        format!(
            "{}  {:>9}  {:>6}  {:<9}  {}",
            pad("id", id_width),
            "score",
            "%",
            "grade",
            numbers.join(" ")
        )
        .bold()
    )
}

/// Writes one student's row: id, score, percent, grade, a tick or cross per point.
pub fn render_table_row(
    out: &mut dyn Write,
    id: &str,
    report: &ClassRow,
    id_width: usize,
) -> io::Result<()> {
    let id = pad(&fit(&for_terminal(id, false), MAX_ID_WIDTH), id_width);
    let ticks: Vec<String> = report
        .points
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let width = (n + 1).to_string().len();
            let mark = if p.covered > 0 {
                "✔".green().to_string()
            } else {
                "✘".red().to_string()
            };
            format!("{mark}{}", " ".repeat(width - 1))
        })
        .collect();
    let (got, out_of) = scheme::headline(report.marks, report.score, report.max_score);
    let score = format!("{}/{}", number(got), number(out_of));
    let percent = format!("{}%", number(report.percent));
    let grade = format!("{:<9}", report.grade.name());
    let warnings = if report.warnings.is_empty() {
        String::new()
    } else {
        format!("  {} {}", "warning:".yellow(), report.warnings.join("; "))
    };
    writeln!(
        out,
        "{id}  {score:>9}  {percent:>6}  {}  {}{warnings}",
        if report.passed {
            grade.normal()
        } else {
            grade.red()
        },
        ticks.join(" ")
    )
}

/// Writes the row of an answer that was skipped: its id (a dash when
/// unknown) and why.
pub fn render_skipped_row(
    out: &mut dyn Write,
    id: Option<&str>,
    reason: &str,
    id_width: usize,
) -> io::Result<()> {
    let id = pad(
        &fit(&for_terminal(id.unwrap_or("-"), false), MAX_ID_WIDTH),
        id_width,
    );
    writeln!(
        out,
        "{id}  {} {}",
        "skipped:".yellow(),
        for_terminal(reason, false)
    )
}

/// Writes the per-point class summary of every question: counts as bars,
/// most-missed first, then the hint the class most needs.
pub fn render_summary(out: &mut dyn Write, summary: &ClassSummary) -> io::Result<()> {
    for question in &summary.questions {
        writeln!(
            out,
            "{} {} {}",
            "Class summary,".bold(),
            format!("{}:", for_terminal(&question.question, false)).bold(),
            for_terminal(&question.question_text, false)
        )?;
        writeln!(
            out,
            "  {} answers, {} passed ({}%), mean score {}%",
            question.answers,
            question.passed,
            number(question.pass_percent()),
            number(question.mean_percent())
        )?;
        let id_width = question
            .points
            .iter()
            .map(|p| width(&for_terminal(&p.id, false)))
            .max()
            .unwrap_or(0);
        let count_width = question.answers.to_string().len();
        for point in question.most_missed_first() {
            let share = question.share(point);
            writeln!(
                out,
                "  {}  {:>count_width$}/{}  {:>4}%  {}  {}",
                by_share(&bar(share), share),
                point.covered,
                question.answers,
                number((share * 100.0).round()),
                pad(&for_terminal(&point.id, false), id_width),
                for_terminal(&point.label, false)
            )?;
        }
        if let Some(needed) = question.most_needed() {
            writeln!(
                out,
                "  {} {} ({} of {} missed {})",
                "The class most needs:".bold(),
                for_terminal(&needed.hint, false),
                question.answers - needed.covered,
                question.answers,
                for_terminal(&needed.id, false)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The width to pad ids to, given some of the ids: their widest, within limits.
pub fn id_width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|id| width(&fit(&for_terminal(id, false), MAX_ID_WIDTH)))
        .max()
        .unwrap_or(0)
        .clamp(2, MAX_ID_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching;
    use crate::rubric;

    fn reports(answers: &[&str]) -> Vec<Report> {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let rubric = rubric::find(&rubrics, "definition").expect("definition");
        let compiled = matching::compile(rubric).expect("compiles");
        answers
            .iter()
            .map(|a| crate::score::grade(&compiled, a))
            .collect()
    }

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(0.0), "░".repeat(BAR_WIDTH));
        assert_eq!(bar(1.0), "█".repeat(BAR_WIDTH));
        assert_eq!(bar(0.5).chars().filter(|c| *c == '█').count(), 10);
        assert_eq!(bar(7.0), "█".repeat(BAR_WIDTH), "clamped");
    }

    #[test]
    fn summary_counts_answers_passes_and_points() {
        let mut summary = ClassSummary::default();
        for report in reports(&[
            "Stakhanovism was a Soviet movement of the 1930s.",
            "It was about cats.",
        ]) {
            let row = ClassRow::from(report.clone());
            assert_eq!((row.score, row.passed), (report.score, report.passed));
            assert_eq!(
                row.points
                    .iter()
                    .map(|p| p.covered == 1)
                    .collect::<Vec<_>>(),
                report.points.iter().map(|p| p.covered).collect::<Vec<_>>()
            );
            summary.add(&row);
        }
        let question = &summary.questions[0];
        assert_eq!(question.answers, 2);
        assert_eq!(summary.answers(), 2);
        let soviet = question
            .points
            .iter()
            .find(|p| &*p.id == "soviet-1930s")
            .expect("point");
        assert_eq!(soviet.covered, 1);
        let first = question.most_missed_first()[0];
        assert_eq!(first.covered, 0);
        assert_eq!(question.most_needed().map(|p| &p.id), Some(&first.id));
    }

    #[test]
    fn ids_are_measured_in_terminal_cells() {
        assert_eq!(id_width(["学生一"].into_iter()), 6);
    }

    #[test]
    fn ids_are_padded_within_limits() {
        assert_eq!(id_width(["a"].into_iter()), 2);
        assert_eq!(id_width(["alice", "bob"].into_iter()), 5);
        assert_eq!(
            id_width(["x".repeat(100).as_str()].into_iter()),
            MAX_ID_WIDTH
        );
    }
}
