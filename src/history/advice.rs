//! What to practise next, read from the history: the questions never tried,
//! and the question whose points are still missed most often.
//!
//! A point counts against a question only while its latest attempt still
//! misses it: a point missed three times and then earned is learned, and
//! suggesting it again would send the student back over what they know.

use super::{Attempt, Missed, MOST_MISSED};
use serde::Serialize;

/// What `progress` suggests practising next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The question to practise.
    pub question: String,
    /// The points its latest attempt missed, most often missed (over all its
    /// attempts) first, at most [`MOST_MISSED`]; empty for a question never tried.
    pub points: Vec<Missed>,
    /// How many attempts the counts are over (0 for a question never tried).
    pub attempts: usize,
}

/// The ids in `questions` that no attempt answers, in the order given.
pub fn never_tried(questions: &[&str], attempts: &[Attempt]) -> Vec<String> {
    questions
        .iter()
        .filter(|id| !attempts.iter().any(|a| a.question == **id))
        .map(|id| id.to_string())
        .collect()
}

/// The question to practise next: the one whose still-missed points were
/// missed most often; when every latest attempt earned every point, the
/// first question never tried; `None` when there is nothing to suggest.
pub fn suggest(attempts: &[Attempt], never_tried: &[String]) -> Option<Suggestion> {
    let mut best: Option<Suggestion> = None;
    for (question, attempts) in super::by_question(attempts) {
        let Some(candidate) = still_missed(question, &attempts) else {
            continue;
        };
        let rank = |s: &Suggestion| (s.points[0].times, s.points.len());
        // Strictly greater: among equals the first question in id order stays.
        if best.as_ref().is_none_or(|b| rank(&candidate) > rank(b)) {
            best = Some(candidate);
        }
    }
    best.or_else(|| {
        never_tried.first().map(|question| Suggestion {
            question: question.clone(),
            points: Vec::new(),
            attempts: 0,
        })
    })
}

/// The points the latest of a question's attempts (oldest first) missed, with
/// how often each was missed over all of them; `None` when it missed none.
fn still_missed(question: &str, attempts: &[&Attempt]) -> Option<Suggestion> {
    let latest = attempts.last()?;
    let mut points: Vec<Missed> = latest
        .missed
        .iter()
        .map(|id| Missed {
            id: id.clone(),
            times: attempts.iter().filter(|a| a.missed.contains(id)).count(),
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    points.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.id.cmp(&b.id)));
    points.truncate(MOST_MISSED);
    Some(Suggestion {
        question: question.to_string(),
        points,
        attempts: attempts.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, missed: &[&str]) -> Attempt {
        Attempt {
            timestamp: "2025-01-01T00:00:00Z".to_string(),
            question: question.to_string(),
            score: 0.0,
            max_score: 4.0,
            percent: 0.0,
            covered: Vec::new(),
            missed: missed.iter().map(|s| s.to_string()).collect(),
            answer: None,
        }
    }

    fn times(suggestion: &Suggestion) -> Vec<(&str, usize)> {
        suggestion
            .points
            .iter()
            .map(|m| (m.id.as_str(), m.times))
            .collect()
    }

    #[test]
    fn never_tried_keeps_the_rubric_order() {
        let attempts = [attempt("b", &[])];
        assert_eq!(never_tried(&["c", "b", "a"], &attempts), ["c", "a"]);
        assert!(never_tried(&["b"], &attempts).is_empty());
    }

    #[test]
    fn the_suggestion_is_the_question_with_the_most_often_missed_open_point() {
        let attempts = [
            attempt("a", &["x"]),
            attempt("b", &["y", "z"]),
            attempt("a", &["x", "w"]),
            attempt("b", &["y"]),
            attempt("b", &["y", "z"]),
        ];
        let suggestion = suggest(&attempts, &[]).expect("a suggestion");
        assert_eq!(suggestion.question, "b");
        assert_eq!(suggestion.attempts, 3);
        assert_eq!(times(&suggestion), [("y", 3), ("z", 2)]);
    }

    #[test]
    fn a_point_earned_in_the_latest_attempt_is_not_suggested() {
        let attempts = [
            attempt("a", &["x"]),
            attempt("a", &["x"]),
            attempt("a", &["x"]),
            attempt("a", &[]),
            attempt("b", &["y"]),
        ];
        let suggestion = suggest(&attempts, &[]).expect("a suggestion");
        assert_eq!(suggestion.question, "b");
        assert_eq!(times(&suggestion), [("y", 1)]);
    }

    #[test]
    fn with_nothing_left_to_fix_a_question_never_tried_is_suggested() {
        let attempts = [attempt("a", &["x"]), attempt("a", &[])];
        let never = vec!["c".to_string(), "d".to_string()];
        let suggestion = suggest(&attempts, &never).expect("a suggestion");
        assert_eq!(suggestion.question, "c");
        assert!(suggestion.points.is_empty());
        assert_eq!(suggest(&attempts, &[]), None);
    }
}
