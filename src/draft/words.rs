//! Which words of a model answer carry its ideas, and which say little.
//!
//! Normalised words in, yes/no and a priority out. The engine's stop-word
//! list keeps domain words and negations; drafting also drops connectives
//! and vague adverbs ("because", "significantly"), which would make a
//! point depend on how a sentence is built rather than on what it says.

use crate::text::{is_negation_word, is_stop_word};

/// Words that are not stop words but never make a concept on their own, sorted.
const FILLER: &[&str] = &[
    "ability",
    "able",
    "across",
    "actually",
    "additionally",
    "against",
    "almost",
    "already",
    "alternatively",
    "although",
    "always",
    "among",
    "another",
    "anything",
    "approximately",
    "around",
    "basically",
    "because",
    "between",
    "certain",
    "certainly",
    "clearly",
    "closely",
    "considerably",
    "directly",
    "done",
    "e.g",
    "either",
    "else",
    "especially",
    "essentially",
    "etc",
    "eventually",
    "every",
    "example",
    "fact",
    "famously",
    "finally",
    "first",
    "firstly",
    "following",
    "furthermore",
    "generally",
    "given",
    "greatly",
    "hence",
    "herself",
    "himself",
    "however",
    "i.e",
    "importance",
    "important",
    "indeed",
    "initially",
    "instance",
    "instead",
    "itself",
    "largely",
    "later",
    "let",
    "lets",
    "likely",
    "mainly",
    "many",
    "mean",
    "means",
    "moreover",
    "mostly",
    "much",
    "myself",
    "namely",
    "nearly",
    "nevertheless",
    "often",
    "only",
    "ourselves",
    "overall",
    "particular",
    "particularly",
    "perhaps",
    "possible",
    "possibly",
    "probably",
    "quite",
    "rather",
    "respectively",
    "roughly",
    "secondly",
    "several",
    "significant",
    "significantly",
    "simply",
    "since",
    "something",
    "sometimes",
    "somewhat",
    "still",
    "themselves",
    "thereby",
    "therefore",
    "though",
    "throughout",
    "thus",
    "together",
    "toward",
    "towards",
    "typically",
    "unless",
    "usually",
    "various",
    "via",
    "whatever",
    "whereas",
    "whether",
    "whichever",
    "whole",
    "whose",
    "within",
    "yet",
    "yourself",
];

/// Content words too general to be the heart of a point; chosen last.
const WEAK: &[&str] = &[
    "also", "become", "became", "becomes", "cause", "come", "did", "get", "gets", "give", "go",
    "got", "has", "kind", "lot", "made", "make", "makes", "new", "part", "people", "show", "shows",
    "take", "thing", "things", "time", "type", "use", "used", "uses", "using", "way", "ways",
    "well",
];

/// Adjectives whose comparative and superlative forms Snowball keeps apart.
const COMPARABLE: &[&str] = &[
    "big", "bright", "cheap", "close", "cold", "dark", "deep", "dense", "dim", "easy", "fast",
    "few", "great", "hard", "heavy", "high", "hot", "large", "long", "loud", "low", "near", "old",
    "quick", "safe", "short", "slow", "small", "soft", "strong", "thick", "thin", "tight", "warm",
    "weak", "wide",
];

/// Words that ask for an answer ("explain", "describe") rather than name its subject.
const COMMAND_WORDS: &[&str] = &[
    "analyse",
    "analyze",
    "assess",
    "compare",
    "consider",
    "contrast",
    "define",
    "describe",
    "discuss",
    "evaluate",
    "examine",
    "explain",
    "give",
    "identify",
    "justify",
    "list",
    "name",
    "outline",
    "state",
    "suggest",
    "summarise",
    "summarize",
];

/// Whether a normalised word asks for an answer ("explain", "describe").
pub fn is_command_word(norm: &str) -> bool {
    COMMAND_WORDS.contains(&norm)
}

/// The other forms of an irregular verb ("left" → leave, left), if the word is one.
///
/// Only forms that differ from the base are matched by their own spelling,
/// so "found" (also a verb of its own) and "ground" are looked up by base only.
pub fn verb_forms(norm: &str) -> Vec<&'static str> {
    let stem = crate::text::stem(norm);
    crate::text::IRREGULAR_VERBS
        .iter()
        .find(|forms| {
            crate::text::stem(forms[0]) == stem
                || forms[1..]
                    .iter()
                    .any(|f| *f == norm && !AMBIGUOUS_FORMS.contains(f))
        })
        .map(|forms| {
            let mut out: Vec<&'static str> = Vec::new();
            for f in forms {
                if *f != norm && !out.contains(f) {
                    out.push(f);
                }
            }
            out
        })
        .unwrap_or_default()
}

/// Endings of a noun made from a verb, the verb's ending in their place,
/// and the fewest letters before the ending ("erosion" → "erode",
/// "deposition" → "deposit"; "tension" is no "tend", nor "million" "mill").
const NOUN_TO_VERB: &[(&str, &str, usize)] = &[
    ("ssion", "ss", 3),
    ("ation", "ate", 3),
    ("ition", "it", 3),
    ("ction", "ct", 2),
    ("ption", "pt", 2),
    ("rtion", "rt", 2),
    ("sion", "de", 3),
    ("sion", "d", 4),
];

/// The verb a noun in "-ion" is made from, when the lexicon knows it as a
/// verb ("erosion" → "erode", "expansion" → "expand", "compression" →
/// "compress"): students often say with the verb what a model answer says
/// with the noun ("the outside erodes").
pub fn verb_of_noun(norm: &str) -> Option<String> {
    NOUN_TO_VERB
        .iter()
        .find_map(|&(noun_end, verb_end, min_head)| {
            let head = norm.strip_suffix(noun_end)?;
            let verb = format!("{head}{verb_end}");
            (head.len() >= min_head
                && crate::text::is_dictionary_word(&verb)
                && super::lexicon::is_verb(&crate::text::stem(&verb)))
            .then_some(verb)
        })
}

/// A verb's past tense: irregular ones from the table, others by rule
/// ("happen" → "happened", "go" → "went").
pub fn past_of(verb: &str) -> String {
    let lower = verb.to_lowercase();
    if let Some(forms) = crate::text::IRREGULAR_VERBS.iter().find(|f| f[0] == lower) {
        return forms[1].to_string();
    }
    let vowel = |c: char| "aeiou".contains(c);
    if verb.ends_with('e') {
        format!("{verb}d")
    } else if let Some(head) = verb
        .strip_suffix('y')
        .filter(|h| h.chars().last().is_some_and(|c| !vowel(c)))
    {
        format!("{head}ied")
    } else {
        format!("{verb}ed")
    }
}

/// Past forms that are also other words ("found" a city, the "ground", "left" side).
const AMBIGUOUS_FORMS: &[&str] = &[
    "found", "ground", "bound", "wound", "lay", "saw", "bore", "fell", "rose",
];

/// Function words that still decide what an answer says ("the same path",
/// "the bulb is off"); drafts ask for them exactly (`=same`).
const KEPT_FUNCTION_WORDS: &[&str] = &["same", "off"];

/// Whether a function word is kept as a concept of its own.
pub fn is_kept_function_word(norm: &str) -> bool {
    KEPT_FUNCTION_WORDS.contains(&norm)
}

/// Whether a normalised word can carry an idea.
pub fn is_content(norm: &str) -> bool {
    norm.chars().any(char::is_alphanumeric)
        && !is_stop_word(norm)
        && !is_negation_word(norm)
        && FILLER.binary_search(&norm).is_err()
}

/// General words that still say which aspect of a thing is meant ("the
/// type of vinegar", "how much vinegar"): they may join a point, never
/// carry it.
const QUALIFIERS: &[&str] = &[
    "amount", "amounts", "how long", "how many", "how much", "kind", "kinds", "length", "number",
    "numbers", "shape", "size", "sizes", "type", "types",
];

/// Whether a word or phrase (lower case) says which aspect is meant ("type", "how much").
pub fn is_qualifier(words: &str) -> bool {
    QUALIFIERS.contains(&words)
}

/// Whether a normalised word is a general one that never carries a point
/// alone: a word of lint's general list ("takes", "place", "thing"), a
/// weak word ("also", "new") or a manner adverb ("sharply").
pub fn is_generic(norm: &str) -> bool {
    crate::lint::is_generic_word(norm) || is_weak(norm)
}

/// Whether a content word is too general to be chosen before others
/// (including manner adverbs: "sharply", "slowly").
pub fn is_weak(norm: &str) -> bool {
    WEAK.contains(&norm) || (norm.len() > 5 && norm.ends_with("ly"))
}

/// The plain, comparative and superlative forms of a comparable adjective
/// ("harder" → hard, harder, hardest), if the word is one.
///
/// Besides the listed ones, any short adjective that WordNet knows
/// ("steep", "rough", "fine": one syllable, or two ending in "y") has its
/// degrees made by rule, so "steeper" finds "steep" and "steepest"; "far"
/// has its own ("farther").
pub fn degrees(norm: &str) -> Option<[String; 3]> {
    if let Some(forms) = IRREGULAR_DEGREES.iter().find(|forms| forms.contains(&norm)) {
        return Some(forms.map(str::to_string));
    }
    COMPARABLE
        .iter()
        .find_map(|&base| {
            let forms = forms_of(base);
            forms.iter().any(|f| f == norm).then_some(forms)
        })
        .or_else(|| {
            base_candidates(norm)
                .into_iter()
                .filter(|base| is_short_adjective(base))
                // A word of its own ("number", "liver") is no degree of "numb" or "live".
                .filter(|base| base == norm || super::lexicon::general_use(norm) == 0)
                .map(|base| forms_of(&base))
                .find(|forms| forms.iter().any(|f| f == norm))
        })
}

/// Adjectives whose degrees no rule makes: plain, comparative, superlative.
const IRREGULAR_DEGREES: &[[&str; 3]] = &[["far", "farther", "farthest"]];

/// The plain forms a word may be the comparative or superlative of
/// ("steeper" → steeper, steep, steepe; "bigger" → big; "heavier" → heavy),
/// the word itself first.
fn base_candidates(norm: &str) -> Vec<String> {
    let mut bases = vec![norm.to_string()];
    for ending in ["er", "est"] {
        let Some(head) = norm.strip_suffix(ending) else {
            continue;
        };
        if head.len() < 2 {
            continue;
        }
        bases.push(head.to_string());
        bases.push(format!("{head}e"));
        if let Some(front) = head.strip_suffix('i') {
            bases.push(format!("{front}y"));
        }
        let chars: Vec<char> = head.chars().collect();
        if chars.len() >= 2 && chars[chars.len() - 1] == chars[chars.len() - 2] {
            bases.push(chars[..chars.len() - 1].iter().collect());
        }
    }
    bases
}

/// Whether a word is an adjective (WordNet) short enough to take "-er" and
/// "-est": one syllable, or two ending in "y" ("shiny").
fn is_short_adjective(word: &str) -> bool {
    let vowel = |c: char| "aeiouy".contains(c);
    let chars: Vec<char> = word.chars().collect();
    let mut syllables = 0;
    for (i, &c) in chars.iter().enumerate() {
        // A final silent "e" ("fine") makes no syllable.
        let silent_e = c == 'e' && i == chars.len() - 1 && i > 0;
        if vowel(c) && (i == 0 || !vowel(chars[i - 1])) && !silent_e {
            syllables += 1;
        }
    }
    let short = syllables == 1 || (syllables == 2 && word.ends_with('y'));
    chars.len() >= 3
        && chars.iter().all(char::is_ascii_lowercase)
        && short
        && super::lexicon::is_adjective(word)
}

fn forms_of(base: &str) -> [String; 3] {
    let (stem, er, est) = if let Some(head) = base.strip_suffix('y') {
        (head.to_string(), "ier", "iest")
    } else if base.ends_with('e') {
        (base.to_string(), "r", "st")
    } else if is_short_closed(base) {
        let last = base.chars().last().map(String::from).unwrap_or_default();
        (format!("{base}{last}"), "er", "est")
    } else {
        (base.to_string(), "er", "est")
    };
    [
        base.to_string(),
        format!("{stem}{er}"),
        format!("{stem}{est}"),
    ]
}

/// One-syllable words ending consonant-vowel-consonant double their last letter ("big" → "bigger").
fn is_short_closed(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let vowel = |c: char| "aeiou".contains(c);
    chars.len() == 3 && !vowel(chars[0]) && vowel(chars[1]) && !vowel(chars[2]) && chars[2] != 'w'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_where_searched() {
        assert!(FILLER.windows(2).all(|w| w[0] < w[1]));
        assert!(FILLER.iter().all(|w| !is_stop_word(w)));
    }

    #[test]
    fn content_words_exclude_function_words_negations_and_filler() {
        assert!(is_content("photosynthesis"));
        assert!(is_content("1793"));
        assert!(!is_content("the"));
        assert!(!is_content("not"));
        assert!(!is_content("because"));
        assert!(!is_content("..."));
    }

    #[test]
    fn a_noun_in_ion_knows_its_verb() {
        let verb = |noun: &str| verb_of_noun(noun);
        assert_eq!(verb("erosion").as_deref(), Some("erode"));
        assert_eq!(verb("deposition").as_deref(), Some("deposit"));
        assert_eq!(verb("expansion").as_deref(), Some("expand"));
        assert_eq!(verb("compression").as_deref(), Some("compress"));
        assert_eq!(verb("evaporation").as_deref(), Some("evaporate"));
        assert_eq!(verb("reflection").as_deref(), Some("reflect"));
        for noun in [
            "tension", "million", "question", "station", "nation", "opinion",
        ] {
            assert_eq!(verb(noun), None, "{noun}");
        }
    }

    #[test]
    fn irregular_verbs_know_their_forms() {
        assert_eq!(verb_forms("leaving"), ["leave", "left"]);
        assert_eq!(verb_forms("left"), ["leave"]);
        assert_eq!(verb_forms("grew"), ["grow", "grown"]);
        assert!(verb_forms("ground").is_empty());
        assert!(verb_forms("evaporate").is_empty());
    }

    #[test]
    fn comparatives_know_their_degrees() {
        let forms = |w: &str| degrees(w).map(|f| f.to_vec());
        assert_eq!(
            forms("harder"),
            Some(vec!["hard".into(), "harder".into(), "hardest".into()])
        );
        assert_eq!(
            forms("big"),
            Some(vec!["big".into(), "bigger".into(), "biggest".into()])
        );
        assert_eq!(
            forms("easiest"),
            Some(vec!["easy".into(), "easier".into(), "easiest".into()])
        );
        assert_eq!(forms("dense").map(|f| f[1].clone()), Some("denser".into()));
        assert_eq!(forms("layer"), None);
    }

    #[test]
    fn short_adjectives_outside_the_list_get_their_degrees_by_rule() {
        let forms = |w: &str| degrees(w).map(|f| f.to_vec());
        let three = |a: &str, b: &str, c: &str| Some(vec![a.into(), b.into(), c.into()]);
        assert_eq!(forms("steeper"), three("steep", "steeper", "steepest"));
        assert_eq!(forms("coarser"), three("coarse", "coarser", "coarsest"));
        assert_eq!(forms("fattest"), three("fat", "fatter", "fattest"));
        assert_eq!(forms("shinier"), three("shiny", "shinier", "shiniest"));
        assert_eq!(forms("fewer"), three("few", "fewer", "fewest"));
        assert_eq!(forms("farther"), three("far", "farther", "farthest"));
        assert_eq!(forms("rough"), three("rough", "rougher", "roughest"));
        // Words of their own, and long adjectives, are left alone.
        assert_eq!(forms("number"), None);
        assert_eq!(forms("water"), None);
        assert_eq!(forms("nuclear"), None);
        assert_eq!(forms("paper"), None);
    }
}
