//! A list of correctly spelt English words, so that typo tolerance never
//! takes one real word for a misspelling of another ("quote" is not "quota").
//!
//! The list (`data/english-words.txt`, from SCOWL; see its LICENSE file) is
//! built into the binary as a finite-state set that `build.rs` makes, and
//! looked up in place: building a hash set of its 70,000 words took most of
//! a one-answer check's start-up. Lookups are few, since callers cache what
//! each distinct word is to a rubric.

use fst::Set;
use std::sync::OnceLock;

/// The set's bytes, as `build.rs` wrote them.
const WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/english-words.fst"));

fn words() -> &'static Set<&'static [u8]> {
    static SET: OnceLock<Set<&'static [u8]>> = OnceLock::new();
    // Opening reads only the set's header; `build.rs` wrote it, so it is valid.
    SET.get_or_init(|| Set::new(WORDS).expect("build.rs writes a valid set"))
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
        let list = include_str!("../../data/english-words.txt");
        assert!(list.lines().count() > 50_000, "the whole list is built in");
        assert_eq!(words().len(), list.lines().count(), "no word twice");
        assert!(list.lines().all(is_dictionary_word), "every word is found");
    }
}
