//! What drafts know about English words from WordNet 3.0: which words are
//! mostly verbs or adjectives, which two-word nouns it lists, and the
//! synonyms of each word's most common sense.
//!
//! The data (`data/wordnet.txt`, built once by `scripts/make-wordnet`; see
//! `data/wordnet.LICENSE`) is built into the binary and parsed on first use.
//! Words are looked up by their stems, so "uses" finds "use".

use crate::text::stem;
use std::collections::{HashMap, HashSet};
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
    /// A word (lower case) → how often SemCor tags any of its senses (absent: fewer than twice).
    tagged: HashMap<&'static str, u32>,
    /// A word or two-word lemma (lower case, as WordNet writes it) → the
    /// synonyms of its most common sense.
    synonyms: HashMap<&'static str, Vec<&'static str>>,
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
                "f" => {
                    let Some((word, count)) = rest.split_once('\t') else {
                        continue;
                    };
                    lexicon.tagged.insert(word, count.parse().unwrap_or(0));
                }
                "s" => {
                    let mut fields = rest.split('\t');
                    let Some(word) = fields.next() else { continue };
                    lexicon.synonyms.insert(word, fields.collect());
                }
                _ => {}
            }
        }
        lexicon
    })
}

/// A word as written (lower case), its base forms, and the same in
/// American spelling, which SemCor and the word lists use ("behaviours" →
/// "behaviour", "behavior").
fn forms(word: &str) -> Vec<String> {
    let lower = word.trim().to_lowercase();
    let american = crate::text::unify_spelling(&lower);
    let mut forms = vec![lower.clone()];
    forms.extend(base_forms(&lower));
    if american != lower {
        forms.extend(base_forms(&american));
        forms.push(american);
    }
    forms
}

/// The base forms an inflected last word may have ("cars" → "car",
/// "carried" → "carry", "drew" → "draw"), most likely first.
fn base_forms(words: &str) -> Vec<String> {
    let (head, last) = match words.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), words),
    };
    let mut bases: Vec<String> = crate::text::IRREGULAR_VERBS
        .iter()
        .filter(|forms| forms[0] != last && forms[1..].contains(&last))
        .map(|forms| format!("{head}{}", forms[0]))
        .collect();
    for (ending, base) in [
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ] {
        if let Some(stem) = last.strip_suffix(ending) {
            if stem.len() + base.len() >= 3 && !last.ends_with("ss") {
                bases.push(format!("{head}{stem}{base}"));
            }
        }
    }
    bases
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

/// How often SemCor (WordNet's tagged corpus) uses a word, as written or
/// from an inflected form ("added" → "add"), in either spelling
/// ("behaviour" as "behavior"): 0 for words general English
/// hardly uses ("anticodon", "ribosomes"), hundreds for everyday ones
/// ("read", "carry").
pub fn general_use(word: &str) -> u32 {
    let tagged = &lexicon().tagged;
    forms(word)
        .iter()
        .filter_map(|w| tagged.get(w.as_str()).copied())
        .max()
        .unwrap_or(0)
}

/// WordNet's synonyms for the most common sense of a word or two-word phrase
/// ("car" → "auto", "automobile"), as written or from an inflected form
/// ("cars"); empty if none.
pub fn synonyms(words: &str) -> &'static [&'static str] {
    let lower = words.trim().to_lowercase();
    let lexicon = lexicon();
    let found = lexicon.synonyms.get(lower.as_str()).or_else(|| {
        base_forms(&lower)
            .iter()
            .find_map(|base| lexicon.synonyms.get(base.as_str()))
    });
    found.map_or(&[], Vec::as_slice)
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

    #[test]
    fn everyday_words_are_used_more_than_technical_ones() {
        assert!(general_use("reads") > 100);
        assert!(general_use("Added") > 100);
        assert!(general_use("continue") > 100);
        assert_eq!(general_use("anticodon"), 0);
        assert_eq!(general_use("ribosomes"), 0);
        // British spellings are counted as their American forms.
        assert!(general_use("behaviour") > 0);
        assert_eq!(general_use("behaviour"), general_use("behavior"));
        assert_eq!(general_use("colours"), general_use("colors"));
        // An irregular past is as everyday as its verb.
        assert!(general_use("drew") >= general_use("draw") && general_use("draw") > 100);
        assert_eq!(general_use("brought"), general_use("bring"));
    }

    #[test]
    fn words_find_the_synonyms_of_their_most_common_sense() {
        assert!(synonyms("car").contains(&"automobile"));
        assert!(
            synonyms("Cars").contains(&"automobile"),
            "an inflected form"
        );
        assert!(synonyms("engine").is_empty(), "not engineering's");
        assert!(synonyms("big").contains(&"large"));
        assert!(synonyms("movement").contains(&"motion"));
        assert!(synonyms("chloroplast").is_empty());
        assert!(synonyms("").is_empty());
    }
}
