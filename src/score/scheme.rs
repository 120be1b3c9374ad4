//! Mark schemes: the points an answer covers, turned into an examiner's marks
//! ("1 mark for each, at most 3"; "four key elements: 3 marks; three: 2").

use crate::rubric::Rubric;

/// Marks awarded under a rubric's mark scheme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marks {
    /// The marks the answer earned.
    pub marks: f64,
    /// The most marks any answer can earn.
    pub max_marks: f64,
}

/// What an answer is shown as earning, out of what: its marks under a mark
/// scheme, else its score out of the points' weights.
pub fn headline(marks: Option<Marks>, score: f64, max_score: f64) -> (f64, f64) {
    marks.map_or((score, max_score), |m| (m.marks, m.max_marks))
}

/// The marks for the covered points (one flag per rubric point, in order),
/// or `None` when the rubric gives no mark scheme.
pub fn award(rubric: &Rubric, covered: impl IntoIterator<Item = bool>) -> Option<Marks> {
    if !rubric.has_mark_scheme() {
        return None;
    }
    let sum: f64 = 0.0
        + rubric
            .points
            .iter()
            .zip(covered)
            .filter(|(_, covered)| *covered)
            .map(|(point, _)| point.marks())
            .sum::<f64>();
    Some(Marks {
        marks: capped(rubric, banded(rubric, sum)),
        max_marks: max_marks(rubric),
    })
}

/// The most marks any answer can earn: the cap, else the top band, else
/// the marks of all points together.
pub fn max_marks(rubric: &Rubric) -> f64 {
    let uncapped = if rubric.bands.is_empty() {
        reachable(rubric)
    } else {
        rubric.bands.iter().map(|b| b.marks).fold(0.0, f64::max)
    };
    rubric.max_marks.unwrap_or(uncapped)
}

/// The sum of the marks of all points: what covering every point adds up to.
pub fn reachable(rubric: &Rubric) -> f64 {
    0.0 + rubric.points.iter().map(|p| p.marks()).sum::<f64>()
}

/// The marks of the highest band that `sum` reaches (0 below every band),
/// or `sum` itself when there are no bands.
fn banded(rubric: &Rubric, sum: f64) -> f64 {
    if rubric.bands.is_empty() {
        return sum;
    }
    rubric
        .bands
        .iter()
        .filter(|band| sum >= band.covered)
        .map(|band| band.marks)
        .fold(0.0, f64::max)
}

fn capped(rubric: &Rubric, marks: f64) -> f64 {
    rubric.max_marks.map_or(marks, |cap| marks.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{parse, Source};

    fn rubric(scheme: &str, point_marks: [&str; 4]) -> Rubric {
        let points: Vec<String> = point_marks
            .iter()
            .enumerate()
            .map(|(n, marks)| {
                format!(r#"{{"id": "p{n}", "label": "l", "hint": "h", "match": ["c"]{marks}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"id": "q", "topic": "t", "question": "q?", "model_answer": "c",
                 "concepts": {{"c": ["cell"]}}, "points": [{}]{scheme}}}"#,
            points.join(",")
        );
        parse(&Source {
            path: "q.json".into(),
            text,
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn marks_for(rubric: &Rubric, covered: usize) -> Option<f64> {
        award(rubric, (0..4).map(|n| n < covered)).map(|m| m.marks)
    }

    #[test]
    fn no_scheme_means_no_marks() {
        let plain = rubric("", ["", "", "", ""]);
        assert!(!plain.has_mark_scheme());
        assert_eq!(marks_for(&plain, 2), None);
    }

    #[test]
    fn one_mark_each_up_to_a_cap() {
        let capped = rubric(r#", "max_marks": 3"#, ["", "", "", ""]);
        let got: Vec<Option<f64>> = (0..=4).map(|n| marks_for(&capped, n)).collect();
        assert_eq!(got, [Some(0.0), Some(1.0), Some(2.0), Some(3.0), Some(3.0)]);
        assert_eq!(max_marks(&capped), 3.0);
    }

    #[test]
    fn bands_map_points_covered_to_marks() {
        let bands = r#", "bands": [{"covered": 4, "marks": 3}, {"covered": 3, "marks": 2}, {"covered": 1, "marks": 1}]"#;
        let banded = rubric(bands, ["", "", "", ""]);
        let got: Vec<Option<f64>> = (0..=4).map(|n| marks_for(&banded, n)).collect();
        assert_eq!(got, [Some(0.0), Some(1.0), Some(1.0), Some(2.0), Some(3.0)]);
        assert_eq!(max_marks(&banded), 3.0);
    }

    #[test]
    fn point_marks_add_up_and_bands_read_their_sum() {
        let weighted = rubric("", [r#", "marks": 2"#, "", "", r#", "marks": 0.5"#]);
        assert!(weighted.has_mark_scheme());
        assert_eq!(marks_for(&weighted, 1), Some(2.0));
        assert_eq!(max_marks(&weighted), 4.5);
        let banded = rubric(
            r#", "bands": [{"covered": 3, "marks": 1}]"#,
            [r#", "marks": 2"#, "", "", ""],
        );
        assert_eq!(
            marks_for(&banded, 1),
            Some(0.0),
            "two marks are below the band"
        );
        assert_eq!(marks_for(&banded, 2), Some(1.0), "2 + 1 reaches it");
    }
}
