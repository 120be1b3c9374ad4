//! Rubric terms compiled to word patterns, and how an answer word meets them.
//!
//! A term is a word or phrase from a concept ("exceed the quota"). Each word
//! becomes a [`WordPattern`] matched by exact form, stem, prefix (`word*`) or,
//! for long enough words, a typo within an edit distance that grows with the
//! word's length. `=word` asks for the exact form only.

use crate::text::{self, is_stop_word};
use std::rc::Rc;

/// How a word pattern is to be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Exact form, stem or a small typo.
    Normal,
    /// The exact normalised form only (`=word`).
    Exact,
    /// Any word that starts with the pattern (`word*`).
    Prefix,
}

/// One word of a term, normalised as answer words are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WordPattern {
    /// The normalised word (the prefix itself for [`Mode::Prefix`]).
    pub norm: String,
    /// Its stem.
    pub stem: String,
    /// How it is matched.
    pub mode: Mode,
    /// Whether it is a function word, which phrases treat loosely.
    pub is_stop: bool,
    /// Characters in `norm`, for a quick length test before typo matching.
    pub norm_chars: usize,
    /// Characters in `stem`.
    pub stem_chars: usize,
    /// How often each ASCII letter occurs in `norm`, for [`letter_distance`].
    pub norm_letters: Letters,
    /// How often each ASCII letter occurs in `stem`.
    pub stem_letters: Letters,
}

/// How often each of the letters a to z occurs in a word, then six zeros:
/// 32 counts are compared as two vector registers, 26 took a vector and ten
/// bytes one by one.
pub type Letters = [u8; 32];

/// Counts the ASCII letters of a word (others are left out).
pub fn letters(word: &str) -> Letters {
    let mut counts = [0u8; 32];
    for b in word.bytes().filter(u8::is_ascii_lowercase) {
        counts[usize::from(b - b'a')] = counts[usize::from(b - b'a')].saturating_add(1);
    }
    counts
}

/// How far apart two words' letter counts are. Each edit changes the counts
/// by at most two, so words within `k` edits are at most `2k` apart: a cheap
/// test that rules out most candidates before the edit distance is computed.
pub fn letter_distance(a: &Letters, b: &Letters) -> usize {
    // Summed in 32 bits, which the compiler turns into two sums of
    // absolute differences (`psadbw`), one per half; 16 bits took ninety
    // instructions.
    let sum: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x.abs_diff(*y)))
        .sum();
    sum as usize
}

/// How an answer word matched a pattern, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum How {
    /// The same word.
    Exact,
    /// Another form of the word (same stem).
    Stem,
    /// A word starting with the pattern.
    Prefix,
    /// A misspelling within `distance` edits.
    Typo {
        /// The edit distance (optimal string alignment).
        distance: usize,
    },
}

/// Splits a rubric term into word patterns (empty if it has no words).
pub fn term_words(term: &str) -> Vec<WordPattern> {
    term_word_forms(term)
        .into_iter()
        .map(|(norm, stem, mode)| WordPattern::new(&norm, &stem, mode))
        .collect()
}

/// A rubric term's words as (normalised form, stem, mode): what decides
/// each [`WordPattern`], before the rest of it is worked out. Compiling a
/// rubric builds a pattern only for a word it has not seen.
pub(super) fn term_word_forms(term: &str) -> Vec<(Rc<str>, Rc<str>, Mode)> {
    let mut words = Vec::new();
    for piece in term.split(|c: char| c.is_whitespace() || c == '-') {
        let exact = piece.starts_with('=');
        let prefix = piece.ends_with('*');
        let core = piece.trim_start_matches('=').trim_end_matches('*');
        let tokens = text::plain_word(core).unwrap_or_else(|| {
            let analysed = text::analyse(core);
            analysed
                .tokens
                .into_iter()
                .map(|t| (t.norm.clone(), t.stem.clone()))
                .collect()
        });
        let count = tokens.len();
        for (i, (norm, stem)) in tokens.into_iter().enumerate() {
            let mode = if exact {
                Mode::Exact
            } else if prefix && i + 1 == count {
                Mode::Prefix
            } else {
                Mode::Normal
            };
            words.push((norm, stem, mode));
        }
    }
    words
}

impl WordPattern {
    /// The pattern of a normalised word with its stem: every other field
    /// follows from these three.
    pub fn new(norm: &str, stem: &str, mode: Mode) -> WordPattern {
        WordPattern {
            is_stop: is_stop_word(norm) && mode != Mode::Exact,
            norm_chars: norm.chars().count(),
            stem_chars: stem.chars().count(),
            norm_letters: letters(norm),
            stem_letters: letters(stem),
            stem: stem.to_owned(),
            norm: norm.to_owned(),
            mode,
        }
    }
}

/// The most typos any word may carry.
pub const MAX_TYPOS: usize = 2;

/// How many typos a word of this many characters may carry.
pub fn allowed_typos(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => MAX_TYPOS,
    }
}

/// How many typos a pattern word of `pattern_chars` characters may show in
/// an answer word of `word_chars` characters: none when the lengths are too
/// short, or further apart than the typos allowed.
pub fn typos_allowed(pattern_chars: usize, word_chars: usize) -> usize {
    let allowed = allowed_typos(pattern_chars.min(word_chars + 1));
    if pattern_chars.abs_diff(word_chars) > allowed {
        0
    } else {
        allowed
    }
}

/// Whether `word` (normalised, with its stem) matches `pattern`, and how.
pub fn match_word(pattern: &WordPattern, norm: &str, stem: &str) -> Option<How> {
    match pattern.mode {
        Mode::Exact => (norm == pattern.norm).then_some(How::Exact),
        Mode::Prefix => norm.starts_with(&pattern.norm).then_some(How::Prefix),
        Mode::Normal => {
            if norm == pattern.norm {
                Some(How::Exact)
            } else if stem == pattern.stem {
                Some(How::Stem)
            } else {
                match_typo(pattern, Some(norm), Some(stem))
            }
        }
    }
}

/// Whether a word is a typo of a pattern, by its form or by its stem (a typo
/// in an inflected form, "rewrds", shows best between stems); a form or stem
/// left out (`None`) is known to be too far from the pattern's.
pub fn match_typo(pattern: &WordPattern, norm: Option<&str>, stem: Option<&str>) -> Option<How> {
    let by_form = norm.and_then(|norm| typo_distance(&pattern.norm, norm));
    let by_stem = stem.and_then(|stem| typo_distance(&pattern.stem, stem));
    by_form
        .into_iter()
        .chain(by_stem)
        .min()
        .map(|distance| How::Typo { distance })
}

/// The edit distance between a pattern word and an answer word, if it is a
/// plausible typo: both long enough, the same first letter, no digits.
///
/// Whether the answer word is itself a real word is the caller's question
/// (see `CompiledRubric::answer_words`): asked once per word, not per pattern.
pub fn typo_distance(pattern: &str, word: &str) -> Option<usize> {
    // Most words are ASCII: their lengths and first letters are bytes, and
    // the distance is only worked out as far as the typos allowed.
    if pattern.is_ascii() && word.is_ascii() {
        let (pattern, word) = (pattern.as_bytes(), word.as_bytes());
        let allowed = typos_allowed(pattern.len(), word.len());
        if allowed == 0 || pattern.first() != word.first() || word.iter().any(u8::is_ascii_digit) {
            return None;
        }
        if word.len() <= BOUNDED_WORD && allowed < BOUNDED_WORD {
            return bounded_osa_distance(pattern, word, allowed).filter(|&d| d > 0);
        }
    }
    let allowed = typos_allowed(pattern.chars().count(), word.chars().count());
    if allowed == 0
        || pattern.chars().next() != word.chars().next()
        || word.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let distance = strsim::osa_distance(pattern, word);
    (distance > 0 && distance <= allowed).then_some(distance)
}

/// Most bytes of an answer word whose distance [`bounded_osa_distance`]
/// works out (its rows live on the stack); longer words go to strsim.
const BOUNDED_WORD: usize = 48;

/// The optimal string alignment distance of `a` and `b` (as
/// `strsim::osa_distance` counts it on ASCII), when it is at most `most`.
/// Only the cells within `most` of the diagonal can hold a distance that
/// small, so only they are worked out, and a row with none that small ends
/// the search. `b` has at most [`BOUNDED_WORD`] bytes, and `most` is less.
fn bounded_osa_distance(a: &[u8], b: &[u8], most: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    debug_assert!(m <= BOUNDED_WORD && most < BOUNDED_WORD);
    if n.abs_diff(m) > most {
        return None;
    }
    // Any distance beyond `most` is as good as `far`; the typos allowed
    // are few, so the cells are bytes (the rows are set up for every word).
    let far = u8::try_from(most + 1).unwrap_or(u8::MAX);
    // Rows i - 2, i - 1 and i, by i modulo 3; row 0 is the distance from
    // the empty prefix of `a`.
    let mut rows = [[far; BOUNDED_WORD + 2]; 3];
    for (j, cell) in (0..).zip(rows[0].iter_mut().take(m.min(most) + 1)) {
        *cell = j;
    }
    for i in 1..=n {
        let (cur, prev, two) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let (lo, hi) = (i.saturating_sub(most).max(1), (i + most).min(m));
        // The cells just outside the band read as far (or as the distance
        // from the empty prefix of `b`, in column 0).
        rows[cur][lo - 1] = match u8::try_from(i) {
            Ok(i) if lo == 1 && i < far => i,
            _ => far,
        };
        rows[cur][hi + 1] = far;
        let mut least = rows[cur][lo - 1];
        for j in lo..=hi {
            let (x, y) = (a[i - 1], b[j - 1]);
            let mut d = (rows[cur][j - 1] + 1)
                .min(rows[prev][j] + 1)
                .min(rows[prev][j - 1] + u8::from(x != y));
            if i > 1 && j > 1 && x != y && x == b[j - 2] && y == a[i - 2] {
                d = d.min(rows[two][j - 2] + 1);
            }
            let d = d.min(far);
            rows[cur][j] = d;
            least = least.min(d);
        }
        if least >= far {
            return None;
        }
    }
    let distance = rows[n % 3][m];
    (distance < far).then_some(usize::from(distance))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_distances_are_strsims_up_to_the_bound() {
        // Words and their edits (swaps, drops, doublings, changes), each pair
        // compared with every bound from 0 to 3.
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "quota",
            "qouta",
            "quot",
            "quotta",
            "stakhanov",
            "stakanov",
            "stakhnaov",
            "stahkanov",
            "competition",
            "competiton",
            "compeititon",
            "propaganda",
            "porpaganda",
            "propoganda",
            "rewards",
            "rewrds",
            "abcdef",
            "badcfe",
        ];
        for a in words {
            for b in words {
                let exact = strsim::osa_distance(a, b);
                for most in 0..=3 {
                    let bounded = bounded_osa_distance(a.as_bytes(), b.as_bytes(), most);
                    let expected = (exact <= most).then_some(exact);
                    assert_eq!(bounded, expected, "{a:?} {b:?} within {most}");
                }
            }
        }
    }

    #[test]
    fn typos_allowed_go_by_the_shorter_length_and_rule_out_far_lengths() {
        assert_eq!(typos_allowed(4, 4), 0, "short words carry no typos");
        assert_eq!(typos_allowed(6, 5), 1);
        assert_eq!(typos_allowed(9, 8), 2);
        assert_eq!(typos_allowed(8, 5), 0, "three letters apart is too far");
        assert_eq!(typos_allowed(10, 8), 2);
    }

    fn how(term: &str, answer_word: &str) -> Option<How> {
        let pattern = &term_words(term)[0];
        let norm = text::normalise_word(answer_word);
        let stem = text::stem(&norm);
        match_word(pattern, &norm, &stem)
    }

    #[test]
    fn words_match_by_form_stem_and_spelling() {
        assert_eq!(how("quota", "quota"), Some(How::Exact));
        assert_eq!(how("quota", "Quotas"), Some(How::Stem));
        assert_eq!(
            how("industrialisation", "industrialization"),
            Some(How::Exact)
        );
        assert_eq!(how("labour", "labor"), Some(How::Exact));
    }

    #[test]
    fn typos_are_tolerated_in_proportion_to_length() {
        assert_eq!(
            how("competition", "competiton"),
            Some(How::Typo { distance: 1 })
        );
        assert_eq!(
            how("propaganda", "propoganda"),
            Some(How::Typo { distance: 1 })
        );
        assert_eq!(
            how("productivity", "productivty"),
            Some(How::Typo { distance: 1 })
        );
        assert_eq!(
            how("Stakhanov", "Stakanov"),
            Some(How::Typo { distance: 1 })
        );
        assert_eq!(how("plan", "plain"), None);
        assert_eq!(how("norm", "form"), None);
        assert_eq!(how("target", "garget"), None, "first letter must agree");
        assert_eq!(how("reward", "rewrds"), Some(How::Typo { distance: 1 }));
        assert_eq!(
            how("reward", "rwrds"),
            None,
            "two edits is too many for six letters"
        );
    }

    #[test]
    fn letter_counts_bound_the_edit_distance() {
        let d = |a: &str, b: &str| letter_distance(&letters(a), &letters(b));
        assert_eq!(d("quota", "qouta"), 0, "a transposition keeps the letters");
        assert_eq!(d("quota", "quote"), 2, "a substitution moves two counts");
        assert_eq!(d("competition", "competiton"), 1, "a deletion moves one");
        assert!(d("quota", "norms") > 4);
    }

    #[test]
    fn prefix_and_exact_modes() {
        assert_eq!(how("industriali*", "industrialised"), Some(How::Prefix));
        assert_eq!(how("Stakhanov*", "Stakhanovites"), Some(How::Prefix));
        assert_eq!(how("=plans", "plan"), None);
        assert_eq!(how("=plans", "Plans"), Some(How::Exact));
    }

    #[test]
    fn phrases_split_into_words_and_hyphens() {
        let words: Vec<String> = term_words("five-year plan")
            .into_iter()
            .map(|w| w.norm)
            .collect();
        assert_eq!(words, ["5", "year", "plan"]);
        assert!(term_words("exceed the quota")[1].is_stop);
        assert!(term_words("...").is_empty());
    }
}
