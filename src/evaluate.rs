//! Measuring judgment: markpoint's decisions against human labels.
//!
//! Labelled responses in, per-point confusion counts, precision, recall and
//! F1 (and, for score-labelled data, correlations and pass accuracy) out.
//! Plain numbers; `commands::rubric_test` reads the files and prints.

use serde::Serialize;

/// Agreement counts for one point (or a sum of points).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Covered by both.
    pub true_positives: usize,
    /// Covered by markpoint only.
    pub false_positives: usize,
    /// Covered by the human only.
    pub false_negatives: usize,
    /// Covered by neither.
    pub true_negatives: usize,
}

impl Confusion {
    /// Counts one decision against one label.
    pub fn add(&mut self, predicted: bool, labelled: bool) {
        match (predicted, labelled) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, true) => self.false_negatives += 1,
            (false, false) => self.true_negatives += 1,
        }
    }

    /// The sum of two sets of counts.
    pub fn merged(self, other: Confusion) -> Confusion {
        Confusion {
            true_positives: self.true_positives + other.true_positives,
            false_positives: self.false_positives + other.false_positives,
            false_negatives: self.false_negatives + other.false_negatives,
            true_negatives: self.true_negatives + other.true_negatives,
        }
    }

    /// Share of markpoint's "covered" that the human agrees with (1 when it said none).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Share of the human's "covered" that markpoint found (1 when there were none).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall (1 when neither side said covered).
    pub fn f1(&self) -> f64 {
        let denominator = 2 * self.true_positives + self.false_positives + self.false_negatives;
        ratio(2 * self.true_positives, denominator)
    }

    /// How many decisions were counted.
    pub fn total(&self) -> usize {
        self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        1.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// Agreement of markpoint's marks with an examiner's on a whole-mark scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkAgreement {
    /// How many answers were compared.
    pub responses: usize,
    /// Share of answers given the same mark.
    pub exact: f64,
    /// Quadratic weighted kappa (None when it is undefined: one mark only).
    pub qwk: Option<f64>,
    /// Pearson's r of the two sets of marks.
    pub pearson: Option<f64>,
    /// The marks on the scale, lowest first (rows and columns of `confusion`).
    pub marks: Vec<i64>,
    /// `confusion[i][j]`: answers the examiner gave `marks[i]` and markpoint `marks[j]`.
    pub confusion: Vec<Vec<usize>>,
}

/// Compares examiner and markpoint marks, each rounded to a whole mark.
/// Returns None when there are no pairs.
pub fn mark_agreement(examiner: &[f64], markpoint: &[f64]) -> Option<MarkAgreement> {
    let pairs: Vec<(i64, i64)> = examiner
        .iter()
        .zip(markpoint)
        .map(|(e, m)| (whole(*e), whole(*m)))
        .collect();
    let lowest = pairs.iter().map(|(e, m)| *e.min(m)).min()?;
    let highest = pairs.iter().map(|(e, m)| *e.max(m)).max()?;
    // Every mark of the scale, or, for a scale too wide to tabulate (a
    // stray mark of 1e300), only the marks given.
    let marks: Vec<i64> = if highest - lowest <= MAX_SCALE_WIDTH {
        (lowest..=highest).collect()
    } else {
        let given: std::collections::BTreeSet<i64> =
            pairs.iter().flat_map(|&(e, m)| [e, m]).collect();
        given.into_iter().collect()
    };
    let at = |mark: &i64| marks.binary_search(mark).unwrap_or_default();
    let mut confusion = vec![vec![0; marks.len()]; marks.len()];
    for (e, m) in &pairs {
        confusion[at(e)][at(m)] += 1;
    }
    let same = pairs.iter().filter(|(e, m)| e == m).count();
    Some(MarkAgreement {
        responses: pairs.len(),
        exact: same as f64 / pairs.len() as f64,
        qwk: kappa_on_scale(&confusion, &marks),
        pearson: pearson(examiner, markpoint),
        marks,
        confusion,
    })
}

/// Widest scale of marks tabulated mark by mark.
const MAX_SCALE_WIDTH: i64 = 1000;

/// A mark rounded to a whole number, kept within a sane range.
fn whole(mark: f64) -> i64 {
    if mark.is_finite() {
        mark.round().clamp(-1e6, 1e6) as i64
    } else {
        0
    }
}

/// Cohen's kappa with quadratic weights over a square confusion matrix
/// (rows: first rater, columns: second), as used to compare examiners.
/// None when the expected disagreement is zero (both gave one mark only).
pub fn quadratic_weighted_kappa(confusion: &[Vec<usize>]) -> Option<f64> {
    let scale: Vec<i64> = (0..confusion.len() as i64).collect();
    kappa_on_scale(confusion, &scale)
}

/// Quadratic weighted kappa where row and column `i` stand for `marks[i]`
/// (ascending): disagreements weigh by the squared distance of the marks.
fn kappa_on_scale(confusion: &[Vec<usize>], marks: &[i64]) -> Option<f64> {
    let k = confusion.len();
    let total: usize = confusion.iter().flatten().sum();
    if k < 2 || total == 0 {
        return None;
    }
    let rows: Vec<f64> = confusion
        .iter()
        .map(|r| r.iter().sum::<usize>() as f64)
        .collect();
    let columns: Vec<f64> = (0..k)
        .map(|j| confusion.iter().map(|r| r[j]).sum::<usize>() as f64)
        .collect();
    let (mut observed, mut expected) = (0.0, 0.0);
    let width = (marks[k - 1] - marks[0]) as f64;
    for i in 0..k {
        for j in 0..k {
            let weight = ((marks[i] - marks[j]) as f64 / width).powi(2);
            observed += weight * confusion[i][j] as f64;
            expected += weight * rows[i] * columns[j] / total as f64;
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Pearson's correlation coefficient (None when either side is constant or too short).
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation (Pearson over ranks, ties averaged).
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

/// Ranks from 1, tied values sharing their average rank.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let average = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = average;
        }
        i = j + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f1_follow_their_definitions() {
        let mut c = Confusion::default();
        for (p, l) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            c.add(p, l);
        }
        assert_eq!(c.precision(), 2.0 / 3.0);
        assert_eq!(c.recall(), 2.0 / 3.0);
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.total(), 5);
        assert_eq!(
            Confusion::default().f1(),
            1.0,
            "nothing to find and nothing found is agreement"
        );
    }

    #[test]
    fn correlations_of_known_series() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&xs, &[2.0, 4.0, 6.0, 8.0]).unwrap_or_default() - 1.0).abs() < 1e-12);
        assert!((pearson(&xs, &[4.0, 3.0, 2.0, 1.0]).unwrap_or_default() + 1.0).abs() < 1e-12);
        assert!(
            (spearman(&xs, &[1.0, 10.0, 100.0, 1000.0]).unwrap_or_default() - 1.0).abs() < 1e-12
        );
        assert_eq!(pearson(&xs, &[1.0, 1.0, 1.0, 1.0]), None);
    }

    #[test]
    fn kappa_is_one_for_agreement_and_falls_with_distance() {
        let same = mark_agreement(&[0.0, 1.0, 2.0, 3.0], &[0.0, 1.0, 2.0, 3.0]).expect("pairs");
        assert_eq!(same.qwk, Some(1.0));
        assert_eq!(same.exact, 1.0);
        let near = mark_agreement(&[0.0, 1.0, 2.0, 3.0], &[0.0, 1.0, 3.0, 3.0]).expect("pairs");
        let far = mark_agreement(&[0.0, 1.0, 2.0, 3.0], &[3.0, 1.0, 2.0, 3.0]).expect("pairs");
        let (near, far) = (near.qwk.expect("defined"), far.qwk.expect("defined"));
        assert!(near > far && near < 1.0, "{near} vs {far}");
    }

    #[test]
    fn kappa_matches_a_worked_example() {
        // Examiner rows 0-2, second rater columns: computed by hand,
        // observed = 0.25*(2+1+0+1) + 1*(1+0) = 2, expected = 69/22,
        // QWK = 1 - 44/69.
        let confusion = vec![vec![3, 2, 1], vec![1, 2, 0], vec![0, 1, 1]];
        let qwk = quadratic_weighted_kappa(&confusion).expect("defined");
        assert!((qwk - (1.0 - 44.0 / 69.0)).abs() < 1e-12, "{qwk}");
    }

    #[test]
    fn a_stray_huge_mark_is_compared_on_the_marks_given() {
        // Tabulating every mark from 0 to 1e6 would take terabytes.
        let a = mark_agreement(&[0.0, 1.0, 1e300, 2.0], &[0.0, 1.0, 2.0, 2.0]).expect("pairs");
        assert_eq!(a.marks, [0, 1, 2, 1_000_000]);
        assert_eq!(a.confusion[3], [0, 0, 1, 0]);
        assert!(a.qwk.is_some_and(|q| q > 0.0 && q < 1.0), "{:?}", a.qwk);
    }

    #[test]
    fn confusion_spans_both_raters_marks() {
        let a = mark_agreement(&[1.0, 2.0], &[3.0, 2.0]).expect("pairs");
        assert_eq!(a.marks, [1, 2, 3]);
        assert_eq!(a.confusion, [vec![0, 0, 1], vec![0, 1, 0], vec![0, 0, 0]]);
        assert_eq!(mark_agreement(&[], &[]), None);
        let one_mark = mark_agreement(&[2.0, 2.0], &[2.0, 2.0]).expect("pairs");
        assert_eq!(one_mark.qwk, None, "kappa is undefined on one mark");
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), [2.0, 3.5, 3.5, 1.0]);
    }
}
