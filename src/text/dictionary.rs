//! A list of correctly spelt English words, so that typo tolerance never
//! takes one real word for a misspelling of another ("quote" is not "quota").
//!
//! The list (`data/english-words.txt`, from SCOWL; see its LICENSE file) is
//! built into the binary and put in a hash set on first use: bisecting the
//! sorted list compared seventeen far-apart words per lookup.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/english-words.txt");

fn words() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        // Room for every word at once: growing the set as it filled added
        // 2.5 ms to a one-answer check.
        let count = memchr::memchr_iter(b'\n', WORDS.as_bytes()).count() + 1;
        let mut set = FxHashSet::with_capacity_and_hasher(count, Default::default());
        set.extend(WORDS.lines());
        set
    })
}

/// Whether a normalised word is a correctly spelt English word (four letters or more).
pub fn is_dictionary_word(word: &str) -> bool {
    words().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_words_are_known_and_typos_are_not() {
        assert!(is_dictionary_word("quote"));
        assert!(is_dictionary_word("plant"));
        assert!(!is_dictionary_word("competiton"));
        assert!(!is_dictionary_word("propoganda"));
        assert!(WORDS.lines().count() > 50_000, "the whole list is built in");
        assert_eq!(words().len(), WORDS.lines().count(), "no word twice");
    }
}
