//! Negative contractions ("didn't", "cant") split into a word and "not",
//! with no dependency on the rest of the crate: `build.rs` includes this file
//! to work out the forms of the built-in rubrics' words at build time.

/// If `word` is a negative contraction ("didn't", "can't", "won't"), the part before "n't".
pub fn split_negative_contraction(word: &str) -> Option<&str> {
    match word {
        "can't" | "cant" => Some("can"),
        "won't" | "wont" => Some("will"),
        "shan't" => Some("shall"),
        // A word must come before the "n't" ("n'tn't" is none).
        _ => word
            .strip_suffix("n't")
            .filter(|before| !before.contains('\''))
            .or_else(|| {
                const BARE: &[&str] = &[
                    "didnt", "dont", "doesnt", "wasnt", "werent", "isnt", "arent", "couldnt",
                    "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "mustnt",
                ];
                BARE.contains(&word).then(|| &word[..word.len() - 2])
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::split_negative_contraction;

    #[test]
    fn only_a_word_before_nt_makes_a_contraction() {
        assert_eq!(split_negative_contraction("didn't"), Some("did"));
        assert_eq!(split_negative_contraction("cant"), Some("can"));
        assert_eq!(split_negative_contraction("n'tn't"), None);
        assert_eq!(split_negative_contraction("quota"), None);
    }
}
