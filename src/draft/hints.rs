//! Hints a student can act on: what to say, in a sentence.
//!
//! The question gives the lead ("Where does photosynthesis happen?" →
//! "Say where photosynthesis happens"), the idea gives what to add, from
//! its first word that says something new ("in the chloroplasts"):
//! "Say where photosynthesis happens: in the chloroplasts." Without a lead,
//! a statement becomes "Say that …" and a phrase "Mention …".

use super::concepts::{asking_sentences, is_name, plain_stem_of};
use super::ideas::Idea;
use super::words::{is_content, is_generic, is_qualifier, past_of};
use crate::text::{analyse, is_negation_word, is_stop_word, stem, Text};
use std::collections::BTreeSet;

/// Words that ask a question.
const WH: &[&str] = &[
    "where", "why", "how", "when", "what", "which", "who", "whom", "whose",
];

/// Words that tell the student what to do, before a question word ("Explain why …").
const TELLING: &[&str] = &[
    "explain", "describe", "state", "say", "tell", "identify", "predict", "suggest", "discuss",
    "justify", "outline", "give", "name",
];

/// Verbs that turn a question round ("does" in "Where does it happen?").
const DO: &[&str] = &["do", "does", "did"];

/// Forms of "be" that turn a question round ("is" in "Where is it stored?").
const BE: &[&str] = &["is", "are", "was", "were"];

/// Most words a "Define …" question names (longer ones are no term).
const MAX_DEFINED_WORDS: usize = 5;

/// Longest lead, in characters: longer questions give none.
const MAX_LEAD_CHARS: usize = 120;

/// What a hint asks for, from the question: "Say where photosynthesis
/// happens", "Explain why the bulb lights". None when the question does not
/// ask with a question word in a form this can turn round.
pub fn lead(question: &str) -> Option<String> {
    let analysed = analyse(question);
    let sentence = asking_sentences(&analysed).into_iter().next()?;
    let mut body = analysed
        .slice(sentence.span)
        .trim()
        .trim_end_matches(['?', '.', '!'])
        .trim();
    // "When switch X was open, why was bulb A on": the last clause asks.
    if let Some((_, last)) = body.rsplit_once(',') {
        let first = last.split_whitespace().next().unwrap_or("").to_lowercase();
        if WH.contains(&first.as_str()) {
            body = last.trim();
        }
    }
    let words: Vec<&str> = body.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let lead = if let Some(at) = (0..words.len().saturating_sub(1)).find(|&i| {
        TELLING.contains(&bare(words[i]).as_str()) && WH.contains(&bare(words[i + 1]).as_str())
    }) {
        // "…, describe what you would need": already said the right way round.
        let mut lead = words[at..].join(" ");
        lead.replace_range(..words[at].len(), &capitalised(&bare(words[at])));
        lead
    } else if bare(words.first()?) == "define" && (2..=MAX_DEFINED_WORDS + 1).contains(&words.len())
    {
        // "Define opportunity cost" → "Say what opportunity cost means"
        // (right for "Define enzymes" too, where "is" would not be).
        let mut term = &words[1..];
        if term.len() > 2
            && bare(term[0]) == "the"
            && ["term", "word"].contains(&bare(term[1]).as_str())
        {
            term = &term[2..];
        }
        format!("Say what {} means", term.join(" "))
    } else {
        let wh = bare(words.first()?);
        if !WH.contains(&wh.as_str()) || words.len() < 2 {
            return None;
        }
        let second = bare(words[1]);
        let rest = &words[2..];
        if DO.contains(&second.as_str()) {
            // "Where does photosynthesis happen" → "where photosynthesis happens";
            // "where does photosynthesis take place" → "where photosynthesis
            // takes place": the verb is the first word after the subject that
            // is mostly a verb, no name ("Roman") and not after an article
            // ("a vaccine"), else the last word.
            if rest.len() < 2 || rest.len() > 4 {
                return None;
            }
            let is_word = |w: &str| w.chars().all(char::is_alphabetic);
            let at = (1..rest.len())
                .find(|&j| {
                    is_word(rest[j])
                        && !rest[j].starts_with(char::is_uppercase)
                        && !ARTICLES.contains(&bare(rest[j - 1]).as_str())
                        && super::lexicon::is_mostly_verb(&stem(&bare(rest[j])))
                })
                .or_else(|| {
                    let last = rest.len() - 1;
                    let particle = [
                        "out", "up", "off", "on", "in", "down", "away", "back", "over",
                    ];
                    (is_word(rest[last]) && !particle.contains(&bare(rest[last]).as_str()))
                        .then_some(last)
                })?;
            let (subject, verb, after) = (&rest[..at], rest[at], &rest[at + 1..]);
            let verb = turned_round(&second, verb);
            let said: Vec<&str> = subject
                .iter()
                .copied()
                .chain(std::iter::once(verb.as_str()))
                .chain(after.iter().copied())
                .collect();
            format!("Say {wh} {}", said.join(" "))
        } else if BE.contains(&second.as_str()) {
            // "What is osmosis" → "what osmosis is"; "Where is it stored" → "where it is stored".
            // "What is needed for it" has no subject to turn round.
            let participle = |w: &str| {
                let w = bare(w);
                let stem = stem(&w);
                w.ends_with("ed") && stem != w && super::lexicon::is_verb(&stem)
            };
            match rest {
                [] => return None,
                [first, ..] if rest.len() <= 5 && participle(first) => {
                    format!("Say {wh} {second} {}", rest.join(" "))
                }
                [.., last] if rest.len() > 1 && rest.len() <= 5 && last.ends_with("ed") => {
                    format!(
                        "Say {wh} {} {second} {last}",
                        rest[..rest.len() - 1].join(" ")
                    )
                }
                // "What is the function of the mitochondria": a noun phrase.
                [first, ..]
                    if rest.len() <= 3
                        || (rest.len() <= 5 && ARTICLES.contains(&bare(first).as_str())) =>
                {
                    format!("Say {wh} {} {second}", rest.join(" "))
                }
                _ => return None,
            }
        } else if ["what", "which"].contains(&wh.as_str())
            && is_content(&second)
            && rest.len() >= 2
            && rest.len() <= 4
            && DO.contains(&bare(rest[0]).as_str())
        {
            // "Which gas do plants release" → "which gas plants release";
            // "which gas does a plant release" → "… a plant releases".
            let (subject, verb) = (&rest[1..rest.len() - 1], rest[rest.len() - 1]);
            let verb = turned_round(&bare(rest[0]), verb);
            format!("Say {wh} {} {} {verb}", words[1], subject.join(" "))
        } else if ["what", "which", "who"].contains(&wh.as_str()) && is_content(&second) {
            // "What happens when …", "Which bulb lights": no turning round.
            format!("Say {wh} {}", words[1..].join(" "))
        } else {
            return None;
        }
    };
    (lead.chars().count() <= MAX_LEAD_CHARS).then_some(lead)
}

/// The verb of a question turned round, in the tense its "do" gave it:
/// "does … work" → "works", "did … fall" → "fell", "do … release" → "release".
fn turned_round(auxiliary: &str, verb: &str) -> String {
    match auxiliary {
        "does" => third_person(verb),
        "did" => past_of(verb),
        _ => verb.to_string(),
    }
}

/// The part of an idea that answers: from its first word that says
/// something new (not a word of the question, not a general one), with the
/// small words just before it ("in the chloroplasts"). None when that is
/// the whole idea, or when what would be left out holds a negation.
pub fn answer_part(text: &Text, idea: &Idea, question: &BTreeSet<String>) -> Option<String> {
    if idea.antecedent.is_some() {
        return None;
    }
    let tokens = &idea.tokens;
    let is_new = |i: usize| {
        let t = &text.tokens[i];
        is_content(&t.norm)
            && (!is_generic(&t.norm) || is_qualifier(&t.norm))
            && !question.contains(&plain_stem_of(t))
    };
    let mut first = tokens.iter().position(|&i| is_new(i))?;
    // "blue light", where the question asks why the sky is blue: the
    // adjective belongs to what is new.
    while first > 0 && super::lexicon::is_adjective(&text.tokens[tokens[first - 1]].norm) {
        first -= 1;
    }
    let mut start = first;
    while start > 0 && first - start < 3 && {
        let before = text.tokens[tokens[start - 1]].norm.as_ref();
        LEADING_SMALL_WORDS.contains(&before) || DEGREE_WORDS.contains(&before)
    } {
        start -= 1;
    }
    // "Too much money chasing too few goods": the whole idea answers.
    if start == 0 && first > 0 && DEGREE_WORDS.contains(&text.tokens[tokens[0]].norm.as_ref()) {
        return Some(whole(text, idea));
    }
    // "the process by which plants …": the general noun the clause hangs on.
    if start >= 2
        && is_generic(&text.tokens[tokens[start - 1]].norm)
        && ARTICLES.contains(&text.tokens[tokens[start - 2]].norm.as_ref())
        && ["by", "in", "which", "that", "where"]
            .contains(&text.tokens[tokens[start]].norm.as_ref())
    {
        start -= 2;
    }
    if start == 0
        || tokens[..start]
            .iter()
            .any(|&i| is_negation_word(&text.tokens[i].norm) || text.tokens[i].is_ending_verb)
    {
        return None;
    }
    let from = text.tokens[tokens[start]].span.0;
    Some(trimmed(&text.original[from..idea.span.1]))
}

/// An idea's whole text, without its closing punctuation.
fn whole(text: &Text, idea: &Idea) -> String {
    lowered(
        &trimmed(&text.original[text.tokens[idea.tokens[0]].span.0..idea.span.1]),
        is_name(text, idea.tokens[0]),
    )
}

/// A stretch of text without closing punctuation.
fn trimmed(stretch: &str) -> String {
    stretch
        .trim_end_matches(['.', ',', ';', ':', '!'])
        .to_string()
}

/// Small words kept before what an idea adds ("in the chloroplasts").
const LEADING_SMALL_WORDS: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "into", "from", "to", "of", "by", "with", "through",
    "inside", "within", "across", "for", "how", "much", "many", "long", "what", "which",
];

/// Words of degree kept with what they qualify ("too much money", "more
/// blue light"): an idea they open answers as a whole.
const DEGREE_WORDS: &[&str] = &[
    "too", "so", "very", "more", "less", "most", "least", "fewer",
];

/// Most words a phrase has that answers the question by itself ("by reference").
const MAX_BARE_ANSWER_WORDS: usize = 3;

/// A point's hint: the lead and what to add, or "Say that …" / "Mention …".
///
/// The lead is used when the idea opens with what the question already says
/// ("Photosynthesis takes place …") and `answer` is the rest: an idea that
/// states something else ("Oxygen is released") does not answer the lead.
///
/// `opens_with_name`: whether the label's first word is a name, which stays
/// capitalised ("Say that Russia mobilised …").
pub fn hint(
    lead: Option<&str>,
    label: &str,
    answer: Option<&str>,
    opens_with_name: bool,
) -> String {
    match (lead, answer) {
        (Some(lead), Some(answer)) => format!("{lead}: {answer}."),
        // A short phrase is the answer itself ("push", "by reference").
        // So is a noun phrase ("a function that calls itself").
        (Some(lead), None)
            if !is_statement(label)
                && (label.split_whitespace().count() <= MAX_BARE_ANSWER_WORDS
                    || opens_noun_phrase(label)
                    || opens_infinitive(label)) =>
        {
            format!("{lead}: {}.", lowered(label, opens_with_name))
        }
        _ if is_statement(label) => format!("Say that {}.", lowered(label, opens_with_name)),
        _ => format!("Mention {}.", lowered(label, opens_with_name)),
    }
}

/// Words that make a phrase a statement.
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "will", "would", "does",
    "do", "did", "must", "should", "could", "may", "might",
];

/// Words that open a relative clause after a noun ("a function that calls itself").
const RELATIVE_PRONOUNS: &[&str] = &["that", "which", "who", "whose", "whom", "where"];

/// Articles that open a noun phrase ("a location in memory").
const ARTICLES: &[&str] = &["a", "an", "the"];

/// The bare, lower-case words of a label.
fn bare_words(label: &str) -> Vec<String> {
    label
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// Whether a label opens with an article ("a location in memory …").
fn opens_noun_phrase(label: &str) -> bool {
    opens_with_article(&bare_words(label))
}

/// Whether a label opens with an infinitive of purpose ("to produce energy …").
fn opens_infinitive(label: &str) -> bool {
    let words = bare_words(label);
    words.len() >= 2 && words[0] == "to" && super::lexicon::is_verb(&stem(&words[1]))
}

/// Whether a label's bare words (see [`bare_words`]) open with an article.
fn opens_with_article(words: &[String]) -> bool {
    words
        .first()
        .is_some_and(|w| ARTICLES.contains(&w.as_str()))
}

/// Whether a label reads as a statement (it has a finite verb) rather than
/// a phrase. A noun phrase opened by an article keeps the first verb of
/// its relative clause to itself: "a function that calls itself" is a
/// phrase, "the cell that divides makes two cells" a statement.
fn is_statement(label: &str) -> bool {
    let words = bare_words(label);
    let verbs: Vec<usize> = (0..words.len())
        .filter(|&i| is_verb_at(&words, i))
        .collect();
    let relative = opens_with_article(&words)
        .then(|| {
            words
                .iter()
                .skip(1)
                .position(|w| RELATIVE_PRONOUNS.contains(&w.as_str()))
                .map(|at| at + 1)
        })
        .flatten();
    match relative {
        // The clause's own verb, or verb group ("is stored"), says nothing
        // of the phrase; a verb before the clause or after it does.
        Some(at) => {
            let clause_end = verbs.iter().find(|&&v| v > at).map_or(at, |&v| {
                let group = FINITE.contains(&words[v].as_str()) && verbs.contains(&(v + 1));
                v + usize::from(group)
            });
            verbs.iter().any(|&v| v < at || v > clause_end)
        }
        None => !verbs.is_empty(),
    }
}

/// Whether the `i`-th word is a finite verb: a form of "be", "have", "do"
/// or a modal, or a word in -s or -ed after a word that is not a
/// determiner ("passive transport occurs", "the sun heated it").
fn is_verb_at(words: &[String], i: usize) -> bool {
    let word = &words[i];
    FINITE.contains(&word.as_str())
        || i > 0
            && ![
                "the", "a", "an", "of", "some", "many", "few", "these", "those", "its", "their",
            ]
            .contains(&words[i - 1].as_str())
            && word.len() > 3
            && (word.ends_with('s') || word.ends_with("ed"))
            // "barbarian tribes": a plural noun, not a verb.
            && super::lexicon::is_verb(&stem(word))
        // "the chloroplasts contain chlorophyll": a plain verb after a plural noun.
        || i > 0
            && words[i - 1].len() > 3
            && words[i - 1].ends_with('s')
            && !words[i - 1].ends_with("ss")
            && !FINITE.contains(&words[i - 1].as_str())
            && !word.ends_with('s')
            && super::lexicon::is_mostly_verb(&stem(word))
}

/// A label as the middle of a sentence: its first letter in lower case,
/// unless its first word is a name (`name`), an acronym or name-like ("DNA",
/// "mRNA") or it opens with a name of two capitalised words ("William
/// Shakespeare").
fn lowered(label: &str, name: bool) -> String {
    if name {
        return label.to_string();
    }
    let mut words = label.split(' ');
    let first = words.next().unwrap_or("");
    let capitalised = |w: &str| w.starts_with(char::is_uppercase);
    // "William Shakespeare": a name of two capitalised words; but "The
    // Earth's axis" opens with a function word, which is lowered.
    let function_word = is_stop_word(&first.to_lowercase());
    if first.chars().skip(1).any(char::is_uppercase)
        || (!function_word && words.next().is_some_and(capitalised))
    {
        return label.to_string();
    }
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A verb's third person singular ("happen" → "happens", "carry" → "carries").
fn third_person(verb: &str) -> String {
    let vowel = |c: char| "aeiou".contains(c);
    if verb == "have" {
        "has".to_string()
    } else if let Some(head) = verb
        .strip_suffix('y')
        .filter(|h| h.chars().last().is_some_and(|c| !vowel(c)))
    {
        format!("{head}ies")
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_give_leads_the_right_way_round() {
        let lead = |q: &str| lead(q).unwrap_or_default();
        assert_eq!(
            lead("Where does photosynthesis happen?"),
            "Say where photosynthesis happens"
        );
        assert_eq!(lead("Why did the ice melt?"), "Say why the ice melted");
        assert_eq!(
            lead("Why did the Roman Empire fall?"),
            "Say why the Roman Empire fell",
            "not \"the Romaned Empire fall\""
        );
        assert_eq!(
            lead("Which gas do plants release?"),
            "Say which gas plants release",
            "not \"which gas do plants release\""
        );
        assert_eq!(
            lead("Which gas does a leaf release?"),
            "Say which gas a leaf releases"
        );
        assert_eq!(
            lead("How does a vaccine work?"),
            "Say how a vaccine works",
            "not \"how a vaccines work\""
        );
        assert_eq!(lead("Why did the bulb go out?"), "", "not \"go outed\"");
        assert_eq!(
            lead("Where does photosynthesis take place?"),
            "Say where photosynthesis takes place",
            "not \"take places\""
        );
        assert_eq!(lead("What is osmosis?"), "Say what osmosis is");
        assert_eq!(
            lead("What is needed for photosynthesis?"),
            "Say what is needed for photosynthesis",
            "not \"what needed for photosynthesis is\""
        );
        assert_eq!(lead("What is speed?"), "Say what speed is");
        assert_eq!(
            lead("What is the function of the mitochondria?"),
            "Say what the function of the mitochondria is"
        );
        assert_eq!(
            lead("Where is the energy stored?"),
            "Say where the energy is stored"
        );
        assert_eq!(
            lead("What happens to the bulb when the switch opens?"),
            "Say what happens to the bulb when the switch opens"
        );
        assert_eq!(
            lead("Explain why the bulb lights."),
            "Explain why the bulb lights"
        );
        assert_eq!(
            lead("The bulb is off. After reading this, describe what you would change."),
            "Describe what you would change"
        );
        assert_eq!(lead("List three processes."), "");
        assert_eq!(
            lead("Define opportunity cost."),
            "Say what opportunity cost means"
        );
        assert_eq!(lead("Define the term osmosis."), "Say what osmosis means");
    }

    #[test]
    fn hints_are_sentences() {
        assert_eq!(
            hint(
                Some("Say where photosynthesis happens"),
                "Photosynthesis takes place in the chloroplasts",
                Some("in the chloroplasts"),
                false
            ),
            "Say where photosynthesis happens: in the chloroplasts."
        );
        assert_eq!(
            hint(None, "The vapour cools as it rises", None, false),
            "Say that the vapour cools as it rises."
        );
        assert_eq!(hint(None, "File scope", None, false), "Mention file scope.");
        assert_eq!(
            hint(
                Some("Say who wrote Hamlet"),
                "William Shakespeare",
                None,
                false
            ),
            "Say who wrote Hamlet: William Shakespeare."
        );
        // A function word capitalised at the start is no part of a name.
        assert_eq!(
            hint(None, "The Earth's axis is tilted", None, false),
            "Say that the Earth's axis is tilted."
        );
        assert_eq!(
            hint(None, "invasions by barbarian tribes", None, false),
            "Mention invasions by barbarian tribes."
        );
        assert_eq!(
            hint(
                Some("Say where photosynthesis takes place"),
                "the chloroplasts contain chlorophyll",
                None,
                false
            ),
            "Say that the chloroplasts contain chlorophyll."
        );
        assert_eq!(
            hint(None, "mRNA is read in triplets", None, false),
            "Say that mRNA is read in triplets."
        );
        // A noun phrase with a relative clause answers the lead as it stands.
        assert_eq!(
            hint(
                Some("Say what a variable is"),
                "A location in memory that can store a value",
                None,
                false
            ),
            "Say what a variable is: a location in memory that can store a value."
        );
        assert_eq!(
            hint(None, "A function that calls itself", None, false),
            "Mention a function that calls itself."
        );
        // So does an infinitive of purpose.
        assert_eq!(
            hint(
                Some("Say what the function of the mitochondria is"),
                "To produce energy for the cell through respiration",
                None, false),
            "Say what the function of the mitochondria is: to produce energy for the cell through respiration."
        );
        // A statement about a noun phrase stays a statement.
        assert_eq!(
            hint(None, "The cell that divides grows", None, false),
            "Say that the cell that divides grows."
        );
        assert_eq!(
            hint(None, "The sugar that is stored is starch", None, false),
            "Say that the sugar that is stored is starch."
        );
        assert_eq!(
            hint(None, "A gas that is released", None, false),
            "Mention a gas that is released."
        );
    }

    #[test]
    fn verbs_agree() {
        assert_eq!(third_person("happen"), "happens");
        assert_eq!(third_person("carry"), "carries");
        assert_eq!(third_person("pass"), "passes");
        assert_eq!(third_person("have"), "has");
    }
}
