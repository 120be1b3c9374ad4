//! A list of correctly spelt English words, so that typo tolerance never
//! takes one real word for a misspelling of another ("quote" is not "quota").
//!
//! The list (`data/english-words.txt`, from SCOWL; see its LICENSE file) is
//! built into the binary, sorted, and searched by bisection.

use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/english-words.txt");

fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| WORDS.lines().collect())
}

/// Whether a normalised word is a correctly spelt English word (four letters or more).
pub fn is_dictionary_word(word: &str) -> bool {
    words().binary_search(&word).is_ok()
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
        assert!(
            words().windows(2).all(|w| w[0] < w[1]),
            "list must be sorted for bisection"
        );
    }
}
