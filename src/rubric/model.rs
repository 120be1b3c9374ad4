//! The rubric file format, as plain serde types.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One question: its text, model answer, synonym groups and mark points.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Where editors find the JSON Schema; ignored by markpoint.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The question id used on the command line (`--question ID`).
    pub id: String,
    /// The subject or topic the question belongs to.
    pub topic: String,
    /// The question as a student sees it.
    pub question: String,
    /// The model answer; it must earn every point of its own rubric.
    pub model_answer: String,
    /// The percentage at or above which an answer passes.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: f64,
    /// The mark scheme's cap: no answer earns more marks than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marks: Option<f64>,
    /// The mark scheme's bands, from the points covered (the sum of their
    /// marks) to the marks awarded; the highest band reached applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// Synonym groups: a concept name and the terms or phrases that express it.
    pub concepts: BTreeMap<String, Vec<String>>,
    /// Concepts that name what the question is about ("Stakhanov", "the movement").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject: Vec<String>,
    /// Concepts that name other topics an answer may stray into
    /// ("collectivisation", "the Great Terror"): a sentence that names one
    /// of them and none of `subject` earns no point.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_topics: Vec<String>,
    /// Concepts that name the question's subject itself ("Stakhanov", "the
    /// movement") rather than what surrounds it ("workers", "output"): when
    /// given, a sentence naming one of `other_topics` must name one of these
    /// to earn a point, and so must each paragraph of a long answer (or
    /// refer back to the paragraph before). Points marked `context` keep
    /// the broader `subject`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub core_subject: Vec<String>,
    /// The mark points, in the order they are reported.
    pub points: Vec<Point>,
    /// Example answers with the points they cover, run as tests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// The file the rubric was read from (not part of the format).
    #[serde(skip)]
    pub path: PathBuf,
}

/// One mark point: an idea an examiner would tick.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The point id, unique within the rubric.
    pub id: String,
    /// A short statement of the idea.
    pub label: String,
    /// How much the point is worth.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Marks the point earns under the rubric's mark scheme (1 when not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<f64>,
    /// What to add when the point is missing.
    pub hint: String,
    /// Alternatives that earn the point; each names concepts joined by `+`,
    /// all of which must occur together ("stakhanov + record").
    #[serde(rename = "match", default)]
    pub matches: Vec<String>,
    /// A regular expression that also earns the point (case-insensitive, per sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Concepts that show a clause is about something else (a football
    /// "competition", air "pressure"): words in a clause with any of them never earn the point.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<String>,
    /// Concepts that cancel the claim after them in a clause, as "not" does
    /// ("aimed to raise output" states an aim, not that output rose).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub denied_by: Vec<String>,
    /// Whether the point is about the question's context (the Plans' own
    /// goals, later policy) rather than its core subject: its evidence is
    /// judged on the rubric's `subject`, not on `core_subject`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub context: bool,
    /// Wrong ideas related to this point, reported when an answer states them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misconceptions: Vec<Misconception>,
}

/// One row of a mark scheme's band table: covering points whose marks add up
/// to at least `covered` earns `marks` ("four key elements: 3 marks").
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The least number of points covered (or sum of their marks) for this band.
    pub covered: f64,
    /// The marks the band awards.
    pub marks: f64,
}

/// A wrong idea that the report should point out.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    /// The misconception id, unique within its point.
    pub id: String,
    /// What to tell the student when it is found.
    pub message: String,
    /// Alternatives that reveal it, written like a point's `match`.
    #[serde(rename = "match", default)]
    pub matches: Vec<String>,
    /// A regular expression that also reveals it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
}

/// An example answer and the points it should cover.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The answer text.
    pub answer: String,
    /// Exactly the point ids it covers.
    pub covers: Vec<String>,
}

fn default_pass_mark() -> f64 {
    50.0
}

fn default_weight() -> f64 {
    1.0
}

impl Rubric {
    /// The total weight of all points.
    pub fn max_score(&self) -> f64 {
        self.points.iter().map(|p| p.weight).sum()
    }

    /// Whether the rubric gives a mark scheme (point marks, a cap or bands).
    pub fn has_mark_scheme(&self) -> bool {
        self.max_marks.is_some()
            || !self.bands.is_empty()
            || self.points.iter().any(|p| p.marks.is_some())
    }
}

impl Point {
    /// The marks the point earns under a mark scheme (1 unless it says otherwise).
    pub fn marks(&self) -> f64 {
        self.marks.unwrap_or(1.0)
    }
}
