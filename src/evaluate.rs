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
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), [2.0, 3.5, 3.5, 1.0]);
    }
}
