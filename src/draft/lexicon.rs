//! What drafts know about English words from WordNet 3.0: which words are
//! mostly verbs or adjectives, and which two-word nouns it lists.
//!
//! The data (`data/wordnet.txt`, built once by `scripts/make-wordnet`; see
//! `data/wordnet.LICENSE`) is built into the binary and parsed on first use.
//! Words are looked up by their stems, so "uses" finds "use".

use crate::text::stem;
use std::collections::HashSet;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/wordnet.txt");

/// The parsed lists.
#[derive(Debug, Default)]
struct Lexicon {
    /// Stems of words mostly used as verbs.
    verbs: HashSet<String>,
    /// Stems of words that are also verbs, less often.
    also_verbs: HashSet<String>,
    /// Words (as written) mostly used as adjectives.
    adjectives: HashSet<String>,
    /// Two-word nouns, as the stems of their words joined by a space.
    compounds: HashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon::default();
        for line in DATA.lines() {
            let Some((tag, rest)) = line.split_once('\t') else {
                continue;
            };
            match tag {
                "v" => {
                    lexicon.verbs.insert(stem(rest));
                }
                "w" => {
                    lexicon.also_verbs.insert(stem(rest));
                }
                "a" => {
                    lexicon.adjectives.insert(rest.to_string());
                }
                "c" => {
                    let stems: Vec<String> = rest.split(' ').map(stem).collect();
                    lexicon.compounds.insert(stems.join(" "));
                }
                _ => {}
            }
        }
        lexicon
    })
}

/// Whether a word (by its stem) is mostly used as a verb ("use", "move").
pub fn is_mostly_verb(stem: &str) -> bool {
    lexicon().verbs.contains(stem)
}

/// Whether a word (by its stem) is a verb at all ("exit", "channel").
pub fn is_verb(stem: &str) -> bool {
    is_mostly_verb(stem) || lexicon().also_verbs.contains(stem)
}

/// Whether a normalised word is mostly used as an adjective ("nuclear").
pub fn is_adjective(norm: &str) -> bool {
    lexicon().adjectives.contains(norm)
}

/// Whether two stems make a noun WordNet lists ("distil" "water").
pub fn is_compound(first: &str, second: &str) -> bool {
    lexicon().compounds.contains(&format!("{first} {second}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_know_their_parts_of_speech() {
        assert!(is_mostly_verb(&stem("uses")));
        assert!(!is_mostly_verb(&stem("membrane")));
        assert!(is_verb(&stem("exits")) && !is_mostly_verb(&stem("exits")));
        assert!(is_adjective("nuclear") && is_adjective("passive"));
        assert!(!is_adjective("cell"));
        assert!(is_compound(&stem("distilled"), &stem("water")));
    }
}
