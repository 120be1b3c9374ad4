//! A small shipped list of near-synonyms that students use for the same idea.
//!
//! A word or phrase in, the other members of its group out, matched by
//! stems so that "increased" finds the "increase" group. The groups are
//! deliberately narrow: a synonym earns the same concept, so a loose one
//! ("power" for "energy") would give points for the wrong idea. Teachers
//! add their own in the drafted rubric's `concepts`.

use crate::matching::term_words;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Groups of words and phrases that say the same thing in an answer.
const GROUPS: &[&[&str]] = &[
    // change in amount
    &["increase", "raise", "boost", "go up", "grow"],
    &[
        "decrease", "reduce", "lower", "go down", "decline", "diminish",
    ],
    &["rise", "climb"],
    &["improve", "enhance"],
    &["exceed", "surpass", "outdo", "go beyond"],
    &["double", "twice"],
    // size and speed
    &["large", "big", "huge", "enormous"],
    &["small", "little", "tiny"],
    &["fast", "quick", "rapid"],
    &["slow", "gradual"],
    // relations
    &["connected", "linked", "joined", "attached", "wired"],
    &["separated", "disconnected", "isolated"],
    &["closed", "complete", "unbroken"],
    &["path", "pathway"],
    &["different", "differ", "distinct"],
    &["equal", "identical"],
    &["contain", "include"],
    &["cause", "lead to", "result in", "bring about"],
    &["effect", "impact", "influence"],
    &["result", "outcome", "consequence"],
    &["because of", "due to"],
    &["how much", "amount", "quantity"],
    &["how long", "duration", "length of time"],
    &["type", "kind", "sort"],
    &["need", "require", "necessary"],
    &["prevent", "stop", "block"],
    &["allow", "let", "enable"],
    &["help", "aid", "assist"],
    &["show", "demonstrate", "indicate", "reveal"],
    &["change", "alter", "modify"],
    &["turn into", "convert", "transform"],
    &["begin", "start", "initiate", "launch"],
    &["create", "establish", "set up"],
    &["goal", "aim", "objective", "purpose"],
    &["achievement", "accomplishment", "feat"],
    &["reward", "bonus", "prize"],
    &["punish", "penalize", "penalty"],
    &["famous", "celebrated", "renowned"],
    &["hero", "idol", "role model"],
    &["worker", "laborer", "employee"],
    &["person", "individual"],
    &["country", "nation"],
    &["rich", "wealthy"],
    &["king", "monarch"],
    &["rule", "reign", "govern"],
    &["revolution", "uprising", "revolt"],
    &["kill", "execute"],
    &["tax", "taxes", "taxation"],
    // science
    &["absorb", "take in", "soak up"],
    &["release", "give off", "emit", "give out"],
    &["carbon dioxide", "CO2"],
    &["oxygen", "=O2"],
    &["water", "H2O"],
    &["glucose", "sugar"],
    &["evaporate", "vaporize", "dry up"],
    &["dissolve", "dissolving"],
    &["mixture", "mix", "combination"],
    &["scratch", "scrape"],
    &["attract", "pull"],
    &["repel", "push away"],
    &["vibrate", "vibration", "shake"],
    &["bulb", "light bulb", "lamp"],
    &["voltage", "potential difference"],
    &["damaged", "broken"],
    &["measure", "measurement"],
    &["heat", "warm up"],
    &["cool", "chill"],
    &["move", "travel"],
    &["send", "transmit"],
    &["error", "mistake", "fault"],
    &["delay", "latency"],
    &["copy", "duplicate"],
];

/// Group indices by the stems of each member's content words.
fn index() -> &'static HashMap<String, usize> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        for (n, group) in GROUPS.iter().enumerate() {
            for term in *group {
                index.entry(key(term)).or_insert(n);
            }
        }
        index
    })
}

/// The lookup key of a term: the stems of its words, space-joined.
///
/// Function words are kept, so that "lead to" is not found for the metal "lead".
pub fn key(term: &str) -> String {
    term_words(term)
        .into_iter()
        .map(|w| w.stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The other members of the group a term belongs to (empty if none).
///
/// The term must be a member or an inflection of one ("raised" for
/// "raise"): a derived word with the same stem ("container" for "contain")
/// means something else.
pub fn synonyms(term: &str) -> Vec<&'static str> {
    let key = key(term);
    let Some(&group) = index().get(&key) else {
        return Vec::new();
    };
    let members = GROUPS[group];
    if !members
        .iter()
        .any(|member| self::key(member) == key && inflects(term, member))
    {
        return Vec::new();
    }
    members
        .iter()
        .copied()
        .filter(|t| self::key(t) != key)
        .collect()
}

/// Whether a term is a group member as written, or with inflected words
/// ("raised", "raises", "raising" of "raise"; "goes up" of "go up").
fn inflects(term: &str, member: &str) -> bool {
    let term = term.trim().to_lowercase();
    let member = member.to_lowercase();
    let words: Vec<&str> = term.split_whitespace().collect();
    let members: Vec<&str> = member.split_whitespace().collect();
    words.len() == members.len()
        && words
            .iter()
            .zip(&members)
            .all(|(w, m)| w == m || inflects_word(w, m))
}

/// Whether a word is an inflection of another ("carries" of "carry",
/// "stopped" of "stop"), not a derived word ("container" of "contain").
fn inflects_word(word: &str, base: &str) -> bool {
    let root = base
        .strip_suffix('e')
        .or_else(|| base.strip_suffix('y'))
        .unwrap_or(base);
    let Some(rest) = word.strip_prefix(root) else {
        return false;
    };
    // "-er" makes comparatives of adjectives ("higher") but nouns of verbs ("container").
    let comparative = rest.ends_with("er") || rest.ends_with("est");
    if comparative && !super::lexicon::is_adjective(base) {
        return false;
    }
    let endings: &[&str] = match &base[root.len()..] {
        "y" => &["ies", "ied", "ys", "yed", "ying", "ier", "iest"],
        "e" => &["es", "ed", "ing", "er", "est", "s", "d", "r", "st"],
        "" => &["s", "es", "ed", "ing", "er", "est"],
        _ => &["s", "d"],
    };
    let doubled = rest.len() > 2
        && rest.as_bytes().first() == base.as_bytes().last()
        && ["ed", "ing", "er", "est"].contains(&&rest[1..]);
    endings.contains(&rest) || doubled
}

/// The longest group phrase of two or three words starting the given stems, in words.
pub fn phrase_len(stems: &[String]) -> Option<usize> {
    (2..=3.min(stems.len()))
        .rev()
        .find(|&n| index().contains_key(&stems[..n].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_words_find_their_group() {
        assert!(synonyms("increased").contains(&"raise"));
        assert!(synonyms("Carbon dioxide").contains(&"CO2"));
        assert!(synonyms("photosynthesis").is_empty());
        assert!(!synonyms("linked").contains(&"linked"));
        assert!(synonyms("raising").contains(&"increase"));
        assert!(synonyms("stopped").contains(&"prevent"));
    }

    #[test]
    fn derived_words_are_not_inflections() {
        assert!(synonyms("contains").contains(&"include"));
        assert!(synonyms("container").is_empty());
    }

    #[test]
    fn every_member_belongs_to_one_group() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, group) in GROUPS.iter().enumerate() {
            for term in *group {
                let k = key(term);
                assert!(!k.is_empty(), "{term:?} has no content word");
                if let Some(other) = seen.insert(k.clone(), n) {
                    assert_eq!(other, n, "{term:?} ({k}) is in two groups");
                }
            }
        }
    }

    #[test]
    fn phrases_are_recognised_by_their_stems() {
        let stems = |words: &[&str]| -> Vec<String> {
            words.iter().map(|w| crate::text::stem(w)).collect()
        };
        assert_eq!(phrase_len(&stems(&["carbon", "dioxide", "gas"])), Some(2));
        assert_eq!(phrase_len(&stems(&["carbon", "atoms"])), None);
    }
}
