//! A whole test: the reports of one student's answers to several questions,
//! grouped, with the student's total, percent and grade band; and the class
//! summary of a test (per question and for the whole test).
//!
//! This stage sits above `score`: it never grades, it adds up. A question
//! counts with its marks under the rubric's mark scheme where there is one,
//! otherwise with its score ([`scheme::headline`]), so that a student's marks
//! for a question are exactly what `markpoint check` shows for that answer.
//! A question left unanswered counts 0 marks out of its maximum. The summary
//! keeps counts, never reports, so it stays small however many students.

use crate::report::class::{ClassRow, ClassSummary, QuestionSummary};
use crate::rubric::Rubric;
use crate::score::{scheme, Grade};

/// One question of a test, in the order of the test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestQuestion {
    /// The rubric id.
    pub id: String,
    /// The question as asked.
    pub text: String,
    /// The most marks an answer can earn (its score's maximum with no mark scheme).
    pub max: f64,
    /// The rubric's pass mark (percent).
    pub pass_mark: f64,
}

impl TestQuestion {
    /// The question of a rubric.
    pub fn of(rubric: &Rubric) -> TestQuestion {
        let max = if rubric.has_mark_scheme() {
            scheme::max_marks(rubric)
        } else {
            rubric.max_score()
        };
        TestQuestion {
            id: rubric.id.clone(),
            text: rubric.question.clone(),
            max,
            pass_mark: rubric.pass_mark,
        }
    }
}

/// A student's answer to one question: graded, or left empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The answer was graded.
    Graded(ClassRow),
    /// The cell was empty: 0 marks, counted and shown.
    NotAnswered,
}

impl Answer {
    /// The marks this answer earned (0 when not answered).
    pub fn marks(&self) -> f64 {
        match self {
            Answer::Graded(row) => scheme::headline(row.marks, row.score, row.max_score).0,
            Answer::NotAnswered => 0.0,
        }
    }
}

/// A student's whole test: one answer per question, in test order.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentResult {
    /// What tells the student apart (an email, an id number).
    pub id: String,
    /// One answer per question of the test.
    pub answers: Vec<Answer>,
    /// The sum of the answers' marks.
    pub total: f64,
    /// The most marks the test gives.
    pub max_total: f64,
    /// `total` as a percentage of `max_total`, rounded to one decimal.
    pub percent: f64,
    /// Whether the test's pass mark was reached.
    pub passed: bool,
    /// The grade band of the whole test.
    pub grade: Grade,
}

/// A student's answers added up: total, percent of the test, grade band.
pub fn total(questions: &[TestQuestion], id: String, answers: Vec<Answer>) -> StudentResult {
    let total: f64 = 0.0 + answers.iter().map(Answer::marks).sum::<f64>();
    let max_total = max_total(questions);
    let percent = if max_total > 0.0 {
        (total / max_total * 1000.0).round() / 10.0
    } else {
        0.0
    };
    let pass_mark = pass_mark(questions);
    StudentResult {
        id,
        answers,
        total,
        max_total,
        percent,
        passed: percent >= pass_mark,
        grade: Grade::for_percent(percent, pass_mark),
    }
}

/// The most marks the test gives: the sum of its questions' maxima.
pub fn max_total(questions: &[TestQuestion]) -> f64 {
    0.0 + questions.iter().map(|q| q.max).sum::<f64>()
}

/// The test's pass mark: the questions' pass marks, weighted by their marks.
pub fn pass_mark(questions: &[TestQuestion]) -> f64 {
    let max = max_total(questions);
    if max <= 0.0 {
        return 0.0;
    }
    questions.iter().map(|q| q.pass_mark * q.max).sum::<f64>() / max
}

/// How many results fell in each grade band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bands {
    /// Excellent.
    pub excellent: usize,
    /// Good.
    pub good: usize,
    /// Pass.
    pub pass: usize,
    /// Not yet.
    pub not_yet: usize,
}

impl Bands {
    /// Counts one result.
    pub fn add(&mut self, grade: Grade) {
        match grade {
            Grade::Excellent => self.excellent += 1,
            Grade::Good => self.good += 1,
            Grade::Pass => self.pass += 1,
            Grade::NotYet => self.not_yet += 1,
        }
    }

    /// The bands with their counts, best first.
    pub fn counts(&self) -> [(Grade, usize); 4] {
        [
            (Grade::Excellent, self.excellent),
            (Grade::Good, self.good),
            (Grade::Pass, self.pass),
            (Grade::NotYet, self.not_yet),
        ]
    }
}

/// How the class did on one question of the test.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStats {
    /// The question.
    pub question: TestQuestion,
    /// Students who answered it.
    pub answered: usize,
    /// Students who left it empty.
    pub not_answered: usize,
    /// The sum of the marks of all students (the empty ones count 0).
    pub marks_total: f64,
    /// The grade bands of the answers given (not answered ones apart).
    pub bands: Bands,
}

impl QuestionStats {
    /// The mean marks over every student, not answered counting 0.
    pub fn mean_marks(&self) -> f64 {
        let students = self.answered + self.not_answered;
        if students == 0 {
            0.0
        } else {
            self.marks_total / students as f64
        }
    }
}

/// A point the class missed, across the whole test.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedPoint {
    /// The question id.
    pub question: String,
    /// The point id.
    pub point: String,
    /// The point's label.
    pub label: String,
    /// What to add.
    pub hint: String,
    /// Students who did not earn it (those who left the question empty included).
    pub missed: usize,
}

/// The class summary of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestSummary {
    /// One entry per question, in test order.
    pub questions: Vec<QuestionStats>,
    /// Per-question point tallies over the answers given.
    pub class: ClassSummary,
    /// Students counted.
    pub students: usize,
    /// The sum of the students' totals.
    pub total: f64,
    /// The sum of the students' percentages.
    pub percent_total: f64,
    /// The students who reached the test's pass mark.
    pub passed: usize,
    /// The grade bands of the whole test.
    pub bands: Bands,
}

impl TestSummary {
    /// An empty summary of a test.
    pub fn new(questions: &[TestQuestion]) -> TestSummary {
        TestSummary {
            questions: questions
                .iter()
                .map(|q| QuestionStats {
                    question: q.clone(),
                    answered: 0,
                    not_answered: 0,
                    marks_total: 0.0,
                    bands: Bands::default(),
                })
                .collect(),
            class: ClassSummary::default(),
            students: 0,
            total: 0.0,
            percent_total: 0.0,
            passed: 0,
            bands: Bands::default(),
        }
    }

    /// Counts one student.
    pub fn add(&mut self, student: &StudentResult) {
        self.students += 1;
        self.total += student.total;
        self.percent_total += student.percent;
        self.passed += usize::from(student.passed);
        self.bands.add(student.grade);
        for (stats, answer) in self.questions.iter_mut().zip(&student.answers) {
            stats.marks_total += answer.marks();
            match answer {
                Answer::Graded(row) => {
                    stats.answered += 1;
                    stats.bands.add(row.grade);
                    self.class.add(row);
                }
                Answer::NotAnswered => stats.not_answered += 1,
            }
        }
    }

    /// The mean total over the students.
    pub fn mean_total(&self) -> f64 {
        self.total / self.students.max(1) as f64
    }

    /// The mean percentage, rounded to one decimal.
    pub fn mean_percent(&self) -> f64 {
        (self.percent_total / self.students.max(1) as f64 * 10.0).round() / 10.0
    }

    /// The most marks the test gives.
    pub fn max_total(&self) -> f64 {
        0.0 + self.questions.iter().map(|q| q.question.max).sum::<f64>()
    }

    /// The point tallies of a question, if anyone answered it.
    pub fn points_of(&self, question: &str) -> Option<&QuestionSummary> {
        self.class.questions.iter().find(|q| q.question == question)
    }

    /// The points most often missed across the test, most missed first
    /// (test order among equals); points that every student earned are left out.
    pub fn most_missed(&self, limit: usize) -> Vec<MissedPoint> {
        let mut missed: Vec<MissedPoint> = self
            .questions
            .iter()
            .filter_map(|stats| {
                let points = self.points_of(&stats.question.id)?;
                Some(points.points.iter().map(move |p| MissedPoint {
                    question: stats.question.id.clone(),
                    point: p.id.to_string(),
                    label: p.label.to_string(),
                    hint: p.hint.to_string(),
                    missed: self.students.saturating_sub(p.covered),
                }))
            })
            .flatten()
            .filter(|p| p.missed > 0)
            .collect();
        missed.sort_by_key(|p| std::cmp::Reverse(p.missed));
        missed.truncate(limit);
        missed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{matching, rubric, score};

    fn graded(question: &str, answer: &str) -> (TestQuestion, Answer) {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let rubric = rubric::find(&rubrics, question).expect("question");
        let compiled = matching::compile(rubric).expect("compiles");
        let report = score::grade(&compiled, answer);
        (TestQuestion::of(rubric), Answer::Graded(report.into()))
    }

    #[test]
    fn a_total_is_the_sum_of_the_answers_marks() {
        let (first, answer) = graded(
            "definition",
            "Stakhanovism was a Soviet movement of the 1930s named after the miner \
             Alexei Stakhanov, who cut 102 tonnes of coal in one shift.",
        );
        let (second, _) = graded("five-year-plans", "cats");
        let marks = answer.marks();
        assert!(marks > 0.0);
        let questions = [first.clone(), second.clone()];
        let student = total(
            &questions,
            "s1".to_string(),
            vec![answer, Answer::NotAnswered],
        );
        assert_eq!(student.total, marks);
        assert_eq!(student.max_total, first.max + second.max);
        let percent = (marks / (first.max + second.max) * 1000.0).round() / 10.0;
        assert_eq!(student.percent, percent);
        assert_eq!(student.grade, Grade::for_percent(percent, 50.0));
    }

    #[test]
    fn the_summary_counts_empty_answers_as_missed_points() {
        let (question, answer) = graded(
            "definition",
            "Stakhanovism was a Soviet movement of the 1930s.",
        );
        let questions = [question];
        let mut summary = TestSummary::new(&questions);
        summary.add(&total(&questions, "a".to_string(), vec![answer]));
        summary.add(&total(
            &questions,
            "b".to_string(),
            vec![Answer::NotAnswered],
        ));
        assert_eq!(summary.students, 2);
        assert_eq!(
            (
                summary.questions[0].answered,
                summary.questions[0].not_answered
            ),
            (1, 1)
        );
        let missed = summary.most_missed(100);
        assert!(missed.iter().all(|p| p.missed >= 1), "{missed:?}");
        let soviet = missed.iter().find(|p| p.point == "soviet-1930s");
        assert_eq!(soviet.map(|p| p.missed), Some(1), "b left it empty");
        assert!(missed.windows(2).all(|w| w[0].missed >= w[1].missed));
    }

    #[test]
    fn the_pass_mark_is_weighted_by_marks() {
        let question = |max: f64, pass_mark: f64| TestQuestion {
            id: String::new(),
            text: String::new(),
            max,
            pass_mark,
        };
        assert_eq!(pass_mark(&[question(1.0, 40.0), question(3.0, 60.0)]), 55.0);
        assert_eq!(pass_mark(&[]), 0.0);
    }
}
