//! Our own stop-word list: function words that carry no idea on their own.
//!
//! Crate lists drop "not" and "no" and domain words like "cause"; this one
//! never contains a negation, since negation decides whether a claim counts.

/// Function words, sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "during", "each", "even", "for", "from", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
    "like", "may", "me", "might", "must", "my", "of", "off", "on", "onto", "or", "other", "our",
    "ours", "out", "over", "own", "really", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your",
];

/// Words and phrases' first words that deny what follows them in a clause.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "without", "hardly", "barely", "scarcely", "neither", "nor", "nothing",
    "none", "nobody", "lack", "lacked", "lacking", "failed", "fail", "fails", "failing", "unable",
    "refused", "denied", "instead", "rather",
];

/// Words that refer back to the sentence before ("Stakhanov was a miner.
/// In 1935 *he* dug 14 times his quota."). Evidence may only span two
/// sentences when the second has one; "it" is left out because it mostly
/// stands for the topic itself, not for what the previous sentence said.
const ANAPHORS: &[&str] = &[
    "he", "she", "him", "his", "her", "hers", "they", "them", "their", "theirs", "this", "these",
    "those", "such",
];

/// Verbs that deny what they act on: forward as "abolished quotas",
/// backward as "quotas were abolished" (see `matching::negation`).
const ENDING_VERBS: &[&str] = &[
    "abolished",
    "abandoned",
    "banned",
    "scrapped",
    "ended",
    "stopped",
    "ceased",
    "disappeared",
    "vanished",
    "faded",
    "myth",
];

/// Whether a normalised word is a function word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Whether a normalised word can start a negation.
pub fn is_negation_word(word: &str) -> bool {
    NEGATIONS.contains(&word)
}

/// Whether a normalised word is a verb that denies what it acts on.
pub fn is_ending_verb(word: &str) -> bool {
    ENDING_VERBS.contains(&word)
}

/// Whether a normalised word refers back to the sentence before.
pub fn is_anaphor(word: &str) -> bool {
    ANAPHORS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_never_negations() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(NEGATIONS.iter().all(|n| !is_stop_word(n)));
        assert!(is_stop_word("the") && !is_stop_word("quota"));
    }

    #[test]
    fn anaphors_are_function_words() {
        assert!(ANAPHORS.iter().all(|a| is_stop_word(a)));
        assert!(is_anaphor("they") && !is_anaphor("it") && !is_anaphor("stakhanov"));
        assert!(is_ending_verb("abolished") && !is_ending_verb("abolish"));
        assert!(ENDING_VERBS
            .iter()
            .all(|v| !is_stop_word(v) && !is_negation_word(v)));
    }
}
