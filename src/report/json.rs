//! The JSON wire format of a report: its own serialisable types, so that the
//! contract in DESIGN.md cannot change by accident when the library's types
//! do. Fields may be added, never renamed.

use crate::matching::{Decision, Found, How};
use crate::review::warning_code;
use crate::score::{Grade, Quote, Report};
use crate::text::Span;
use serde::{Deserialize, Serialize};

/// The version of the report's layout, as `schema_version` states it. It
/// goes up only when a field changes meaning or is taken away; added
/// fields keep it (docs/report.md, `rubrics/report.schema.json`).
pub const SCHEMA_VERSION: u32 = 1;

/// One graded answer, as `check --format json` prints it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonReport {
    /// The layout's version: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The answer's id (batch input), absent for single answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `"graded"` in a batch's JSON Lines (a skipped answer is a [`JsonSkipped`]
    /// line); absent for single answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The question id.
    pub question: String,
    /// Sum of the weights of covered points.
    pub score: f64,
    /// Sum of all weights.
    pub max_score: f64,
    /// Marks under the rubric's mark scheme (absent when it gives none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<f64>,
    /// The most marks an answer can earn (absent with no mark scheme).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marks: Option<f64>,
    /// The marks (or, with no mark scheme, the score) as a percentage.
    pub percent: f64,
    /// Whether the pass mark was reached.
    pub passed: bool,
    /// The rubric's pass mark (percent).
    pub pass_mark: f64,
    /// The band: excellent, good, pass, not-yet.
    pub grade: String,
    /// One entry per point.
    pub points: Vec<JsonPoint>,
    /// Misconceptions stated in the answer.
    pub misconceptions: Vec<JsonMisconception>,
    /// Whole-answer warnings, as sentences.
    pub warnings: Vec<String>,
    /// The same warnings with their stable codes, in the same order.
    pub warning_details: Vec<JsonWarning>,
}

/// A whole-answer warning with its code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonWarning {
    /// The stable code (`keyword-list`, `off-topic`, `copied-model-answer`).
    pub code: String,
    /// The sentence, as in `warnings`.
    pub message: String,
}

/// An answer of a batch that was not graded, in the batch's JSON Lines:
/// `{"id": "bob", "status": "skipped", "reason": "answers/bob.txt: the answer is empty"}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonSkipped {
    /// The answer's id, or null when it could not be read.
    pub id: Option<String>,
    /// Always `"skipped"`.
    pub status: String,
    /// Why, naming the file (and line): the message printed on stderr.
    pub reason: String,
}

impl JsonSkipped {
    /// The line for an answer skipped for `reason`.
    pub fn new(id: Option<&str>, reason: &str) -> JsonSkipped {
        JsonSkipped {
            id: id.map(str::to_string),
            status: "skipped".to_string(),
            reason: reason.to_string(),
        }
    }
}

/// One point of a report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonPoint {
    /// Point id.
    pub id: String,
    /// Point label.
    pub label: String,
    /// Point weight.
    pub weight: f64,
    /// Whether it was earned.
    pub covered: bool,
    /// The quoted sentence(s) that earned it, or null.
    pub evidence: Option<String>,
    /// Byte offsets of the evidence in the answer, or null.
    pub span: Option<Span>,
    /// Character offsets of the evidence in the answer, or null.
    pub char_span: Option<Span>,
    /// The answer's words that matched.
    pub matched_terms: Vec<String>,
    /// What to add (only for missed points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Misspellings accepted while earning it.
    pub near_misses: Vec<JsonNearMiss>,
    /// The negation that cancelled the point, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied: Option<JsonDenial>,
    /// How the decision was made (with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<JsonExplain>,
}

/// A misspelling accepted as a rubric word.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonNearMiss {
    /// As written.
    pub written: String,
    /// The rubric term.
    pub meant: String,
    /// Edit distance.
    pub distance: usize,
}

/// A negation that cancelled a point.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonDenial {
    /// The negation words.
    pub cue: String,
    /// Their byte offsets.
    pub span: Span,
    /// Their character offsets.
    pub char_span: Span,
    /// The sentence that was looked at.
    pub sentence: String,
}

/// The decision behind a point, for `--explain`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonExplain {
    /// covered, denied or missing.
    pub decision: String,
    /// The `match` alternative (or `regex`) that was decisive, if any.
    pub alternative: Option<String>,
    /// Concepts found.
    pub found: Vec<JsonFound>,
    /// Concepts of that alternative not found.
    pub missing: Vec<String>,
}

/// A concept found, for `--explain`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonFound {
    /// The concept.
    pub concept: String,
    /// The rubric term.
    pub term: String,
    /// The answer's words.
    pub text: String,
    /// Their byte offsets.
    pub span: Span,
    /// exact, stem, synonym, prefix or typo.
    pub how: String,
    /// The edit distance, for typos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<usize>,
}

/// A misconception in a report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JsonMisconception {
    /// The point it belongs to.
    pub point: String,
    /// The misconception id.
    pub id: String,
    /// What to tell the writer.
    pub message: String,
    /// The sentence that states it.
    pub evidence: String,
    /// Its byte offsets.
    pub span: Span,
    /// Its character offsets.
    pub char_span: Span,
}

/// Converts a report to its wire form; `explain` adds the decisions.
pub fn to_json(report: &Report, explain: bool) -> JsonReport {
    JsonReport {
        schema_version: SCHEMA_VERSION,
        id: None,
        status: None,
        question: report.question.to_string(),
        score: report.score,
        max_score: report.max_score,
        marks: report.marks.map(|m| m.marks),
        max_marks: report.marks.map(|m| m.max_marks),
        percent: report.percent,
        passed: report.passed,
        pass_mark: report.pass_mark,
        grade: grade_name(report.grade).to_string(),
        points: report
            .points
            .iter()
            .map(|p| JsonPoint {
                id: p.id.to_string(),
                label: p.label.to_string(),
                weight: p.weight,
                covered: p.covered,
                evidence: p.evidence.as_ref().map(|e| e.text.clone()),
                span: p.evidence.as_ref().map(|e| e.span),
                char_span: p.evidence.as_ref().map(|e| e.char_span),
                matched_terms: p.matched_terms().iter().map(|f| f.text.clone()).collect(),
                hint: (!p.covered).then(|| p.hint.to_string()),
                near_misses: p
                    .near_misses
                    .iter()
                    .map(|m| JsonNearMiss {
                        written: m.written.clone(),
                        meant: m.meant.clone(),
                        distance: m.distance,
                    })
                    .collect(),
                denied: match (&p.decision, &p.denied_sentence) {
                    (Decision::Denied { cue, cue_span, .. }, Some(sentence)) => Some(JsonDenial {
                        cue: cue.clone(),
                        span: *cue_span,
                        char_span: char_span_within(sentence, *cue_span),
                        sentence: sentence.text.clone(),
                    }),
                    _ => None,
                },
                explain: explain.then(|| explain_decision(&p.decision)),
            })
            .collect(),
        misconceptions: report
            .misconceptions
            .iter()
            .map(|m| JsonMisconception {
                point: m.point.clone(),
                id: m.id.clone(),
                message: m.message.clone(),
                evidence: m.evidence.text.clone(),
                span: m.evidence.span,
                char_span: m.evidence.char_span,
            })
            .collect(),
        warnings: report.warnings.clone(),
        warning_details: report
            .warnings
            .iter()
            .map(|message| JsonWarning {
                code: warning_code(message).to_string(),
                message: message.clone(),
            })
            .collect(),
    }
}

/// The character offsets of a byte span inside a quoted sentence, from the
/// sentence's own; a span outside it (which the matcher never gives) is
/// clamped to the sentence.
fn char_span_within(sentence: &Quote, span: Span) -> Span {
    let chars_to = |byte: usize| {
        let inside = byte
            .saturating_sub(sentence.span.0)
            .min(sentence.text.len());
        let before = sentence.text.get(..inside).unwrap_or(&sentence.text);
        sentence.char_span.0 + before.chars().count()
    };
    (chars_to(span.0), chars_to(span.1))
}

/// How a grade band is written in JSON: excellent, good, pass, not-yet.
pub fn grade_name(grade: Grade) -> &'static str {
    match grade {
        Grade::NotYet => "not-yet",
        other => other.name(),
    }
}

/// How a match was made, in one word.
pub fn how_name(found: &Found) -> &'static str {
    match found.how {
        How::Typo { .. } => "typo",
        How::Prefix => "prefix",
        _ if found.synonym => "synonym",
        How::Exact => "exact",
        How::Stem => "stem",
    }
}

fn explain_decision(decision: &Decision) -> JsonExplain {
    let found_json = |found: &[Found]| {
        found
            .iter()
            .map(|f| JsonFound {
                concept: f.concept.to_string(),
                term: f.term.to_string(),
                text: f.text.clone(),
                span: f.span,
                how: how_name(f).to_string(),
                distance: match f.how {
                    How::Typo { distance } => Some(distance),
                    _ => None,
                },
            })
            .collect()
    };
    match decision {
        Decision::Covered {
            alternative, found, ..
        } => JsonExplain {
            decision: "covered".into(),
            alternative: Some(alternative.to_string()),
            found: found_json(found),
            missing: Vec::new(),
        },
        Decision::Denied {
            alternative, found, ..
        } => JsonExplain {
            decision: "denied".into(),
            alternative: Some(alternative.to_string()),
            found: found_json(found),
            missing: Vec::new(),
        },
        Decision::Missing {
            alternative,
            found,
            missing,
        } => JsonExplain {
            decision: "missing".into(),
            alternative: alternative.as_ref().map(|a| a.to_string()),
            found: found_json(found),
            missing: missing.iter().map(|m| m.to_string()).collect(),
        },
    }
}
