//! Scoring: matching decisions in, a [`Report`] out (points, score, grade,
//! misconceptions, warnings). Plain data, ready for any renderer.

pub mod scheme;

pub use scheme::Marks;

use crate::matching::{self, CompiledRubric, Decision, Found, How, Matches};
use crate::review;
use crate::text::{self, Span};
use std::sync::Arc;

/// The graded answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The question id (shared with the compiled rubric, as are the points' texts).
    pub question: Arc<str>,
    /// The question text.
    pub question_text: Arc<str>,
    /// Sum of the weights of covered points.
    pub score: f64,
    /// Sum of all weights.
    pub max_score: f64,
    /// Marks under the rubric's mark scheme, when it gives one.
    pub marks: Option<Marks>,
    /// The marks (or, with no scheme, `score / max_score`) as a percentage,
    /// rounded to one decimal.
    pub percent: f64,
    /// The rubric's pass mark (percent).
    pub pass_mark: f64,
    /// Whether `percent` reaches the pass mark.
    pub passed: bool,
    /// The overall band.
    pub grade: Grade,
    /// One result per point, in rubric order.
    pub points: Vec<PointResult>,
    /// Misconceptions the answer states.
    pub misconceptions: Vec<MisconceptionResult>,
    /// Things the writer should know that are not points (keyword list, off-topic, copying).
    pub warnings: Vec<String>,
}

/// The overall band of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// 85% or more.
    Excellent,
    /// 65% or more.
    Good,
    /// At or above the pass mark.
    Pass,
    /// Below the pass mark.
    NotYet,
}

impl Grade {
    /// The band for a percentage and a pass mark.
    pub fn for_percent(percent: f64, pass_mark: f64) -> Grade {
        if percent < pass_mark {
            Grade::NotYet
        } else if percent >= 85.0 {
            Grade::Excellent
        } else if percent >= 65.0 {
            Grade::Good
        } else {
            Grade::Pass
        }
    }

    /// How the band is written for people.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Pass => "pass",
            Grade::NotYet => "not yet",
        }
    }
}

/// A quotation from the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted text, exactly as written.
    pub text: String,
    /// Byte offsets into the answer.
    pub span: Span,
    /// The same span in characters (Unicode scalar values) from the
    /// answer's start, as languages that index strings by character count.
    pub char_span: Span,
}

/// A misspelt word that was accepted as a rubric word.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    /// What the answer wrote.
    pub written: String,
    /// The rubric word it was taken for.
    pub meant: String,
    /// The edit distance.
    pub distance: usize,
}

/// The verdict on one point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// The point id.
    pub id: Arc<str>,
    /// The point's label.
    pub label: Arc<str>,
    /// Its weight.
    pub weight: f64,
    /// What to add when it is missing.
    pub hint: Arc<str>,
    /// Whether the answer earned it.
    pub covered: bool,
    /// The sentence(s) that earned it.
    pub evidence: Option<Quote>,
    /// Typos that were accepted while earning it.
    pub near_misses: Vec<NearMiss>,
    /// The sentence whose negation cancelled the point, if one did.
    pub denied_sentence: Option<Quote>,
    /// How the decision was made (for `--explain`).
    pub decision: Decision,
}

impl Report {
    /// What the answer earned, out of what: marks under a mark scheme, else the score.
    pub fn headline(&self) -> (f64, f64) {
        scheme::headline(self.marks, self.score, self.max_score)
    }
}

impl PointResult {
    /// The answer's words that matched, when covered.
    pub fn matched_terms(&self) -> Vec<&Found> {
        match &self.decision {
            Decision::Covered { found, .. } => found.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// A misconception found in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct MisconceptionResult {
    /// The point it belongs to.
    pub point: String,
    /// The misconception id.
    pub id: String,
    /// What to tell the writer.
    pub message: String,
    /// The sentence that states it.
    pub evidence: Quote,
}

/// Grades an answer against a compiled rubric.
pub fn grade(compiled: &CompiledRubric, answer: &str) -> Report {
    let analysed = text::analyse(answer);
    let words = compiled.answer_words(&analysed);
    // An answer to a different question earns nothing, whatever words it shares.
    let off_topic = review::off_topic_share(words.reference());
    let matches = if off_topic.is_some() {
        Matches::nothing(compiled.rubric.points.len())
    } else {
        matching::find(compiled, &analysed, &words)
    };
    let rubric = &compiled.rubric;
    // Most answers are ASCII, where characters and bytes are one.
    let ascii = answer.is_ascii();
    let quote = |span: Span| {
        let text = analysed.slice(span);
        let char_span = if ascii {
            span
        } else {
            let start = answer
                .get(..span.0)
                .map_or(0, |before| before.chars().count());
            (start, start + text.chars().count())
        };
        Quote {
            text: text.to_string(),
            span,
            char_span,
        }
    };
    let points: Vec<PointResult> = rubric
        .points
        .iter()
        .zip(&compiled.point_texts)
        .zip(matches.points)
        .map(|((point, texts), decision)| {
            let (evidence, near_misses) = match &decision {
                Decision::Covered {
                    found, evidence, ..
                } => (Some(quote(*evidence)), near_misses(found)),
                _ => (None, Vec::new()),
            };
            PointResult {
                id: texts.id.clone(),
                label: texts.label.clone(),
                weight: point.weight,
                hint: texts.hint.clone(),
                covered: decision.is_covered(),
                evidence,
                near_misses,
                denied_sentence: match &decision {
                    Decision::Denied { evidence, .. } => Some(quote(*evidence)),
                    _ => None,
                },
                decision,
            }
        })
        .collect();
    let misconceptions = matches
        .misconceptions
        .iter()
        .map(|m| {
            let point = &rubric.points[m.point];
            let misconception = &point.misconceptions[m.misconception];
            MisconceptionResult {
                point: point.id.clone(),
                id: misconception.id.clone(),
                message: misconception.message.clone(),
                evidence: quote(m.evidence),
            }
        })
        .collect();
    // Adding to 0.0 rather than summing alone keeps an empty sum from being -0.0.
    let score: f64 = 0.0
        + points
            .iter()
            .filter(|p| p.covered)
            .map(|p| p.weight)
            .sum::<f64>();
    let max_score = rubric.max_score();
    let marks = scheme::award(rubric, points.iter().map(|p| p.covered));
    let percent = match marks {
        Some(m) => percent_of(m.marks, m.max_marks),
        None => percent_of(score, max_score),
    };
    Report {
        question: compiled.question.0.clone(),
        question_text: compiled.question.1.clone(),
        score,
        max_score,
        marks,
        percent,
        pass_mark: rubric.pass_mark,
        passed: percent >= rubric.pass_mark,
        grade: Grade::for_percent(percent, rubric.pass_mark),
        points,
        misconceptions,
        warnings: review::warnings(&compiled.reference, &analysed, words.reference(), off_topic),
    }
}

/// `part` of `whole` as a percentage rounded to one decimal (0 of nothing).
fn percent_of(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole * 1000.0).round() / 10.0
    } else {
        0.0
    }
}

/// The typos among the found words, once each.
fn near_misses(found: &[Found]) -> Vec<NearMiss> {
    let mut misses: Vec<NearMiss> = Vec::new();
    for f in found {
        if let (How::Typo { distance }, Some((written, meant))) = (f.how, &f.misspelt) {
            if !misses.iter().any(|m| &m.written == written) {
                misses.push(NearMiss {
                    written: written.clone(),
                    meant: meant.clone(),
                    distance,
                });
            }
        }
    }
    misses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands_follow_percent_and_pass_mark() {
        assert_eq!(Grade::for_percent(90.0, 50.0), Grade::Excellent);
        assert_eq!(Grade::for_percent(70.0, 50.0), Grade::Good);
        assert_eq!(Grade::for_percent(50.0, 50.0), Grade::Pass);
        assert_eq!(Grade::for_percent(49.9, 50.0), Grade::NotYet);
        assert_eq!(Grade::for_percent(70.0, 80.0), Grade::NotYet);
    }
}
