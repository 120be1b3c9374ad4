//! Splitting a model answer into ideas: one per sentence, clause or list item.
//!
//! An analysed answer in, groups of token indices out. A sentence is cut at
//! its clause breaks (commas, semicolons, "but", "which" …) and before words
//! that open a new statement ("that", "whereby" …), then short pieces are
//! glued back to their neighbour, so that every idea says something on its
//! own (at least [`MIN_IDEA_WORDS`] content words, unless the whole sentence
//! has fewer). A relative clause that adds a fact of its own ("…, which
//! contain chlorophyll") is an idea of its own, and commas inside brackets
//! cut nothing. A sentence ending in a colon introduces a list and is
//! skipped.
//!
//! A sentence that only lists things ("Abstraction and reusability.",
//! "Mitochondria, chloroplasts and ribosomes.") gives one idea a thing.
//!
//! An answer written one idea a line (a list of key elements, bullets) is
//! read line by line: each line (each sentence of it) is one idea, never
//! cut further and never glued to another. A bullet inside a line ("… ●
//! Event B is …") starts a new part, read like a sentence of its own.
//!
//! Options: the ideas after "one of the following …" (to the end of the
//! paragraph) are alternatives of one point ([`Idea::options`]); the words
//! that introduce them are no idea.

use super::lexicon;
use super::words::{is_content, is_generic, is_kept_function_word};
use crate::text::{Span, Text};

/// Fewest content words an idea should have when a sentence is cut up.
pub const MIN_IDEA_WORDS: usize = 4;

/// Words before which a long clause may be cut: they open a new statement.
const OPENERS: &[&str] = &["that", "where", "whereby", "thereby", "thus", "when"];

/// One idea of the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Idea {
    /// Indices into the text's tokens, in order, all in one sentence.
    pub tokens: Vec<usize>,
    /// Where the idea stands in the original text.
    pub span: Span,
    /// For a relative clause, the words it refers to ("the chloroplasts"
    /// for "which contain chlorophyll").
    pub antecedent: Option<Span>,
    /// Ideas with the same number are options of one point: any one earns it.
    pub options: Option<usize>,
}

/// Words that open a clause that may be the object of a verb ("supports
/// what we believe").
const OBJECT_CLAUSES: &[&str] = &["what", "how", "whether", "why"];

/// Words that open a clause contrasting with the one before ("…, while
/// ignoring evidence against it"): it says a thing of its own.
const CONTRASTS: &[&str] = &["while", "whilst", "whereas", "although", "though"];

/// Most words an item of a list may have for a comma before it to join
/// the list rather than cut the sentence ("to seek out, interpret and remember").
const MAX_LIST_ITEM_WORDS: usize = 2;

/// Marks that end a clause or a list's item: comma, semicolon, colon, bracket.
const CLAUSE_MARKS: [char; 5] = [',', ';', ':', '(', ')'];

/// The tokens from `at` up to the next of [`CLAUSE_MARKS`], or the end of
/// the sentence.
fn rest_of_clause(text: &Text, at: usize) -> Vec<usize> {
    let sentence = text.tokens[at].sentence;
    let mut rest = vec![at];
    for i in at + 1..text.tokens.len() {
        if text.tokens[i].sentence != sentence || text.gap_before(i).contains(CLAUSE_MARKS) {
            break;
        }
        rest.push(i);
    }
    rest
}

/// Whether the word at `at` opens an item of a list: at most
/// [`MAX_LIST_ITEM_WORDS`] words, then "and" or "or" in the same clause.
fn is_list_item(text: &Text, at: usize) -> bool {
    let first = &text.tokens[at];
    if !is_content(&first.norm) {
        return false;
    }
    let item = (at..text.tokens.len())
        .take(MAX_LIST_ITEM_WORDS + 1)
        .take_while(|&i| text.tokens[i].sentence == first.sentence);
    for i in item {
        if i > at && text.gap_before(i).contains(CLAUSE_MARKS) {
            return false;
        }
        if ["and", "or"].contains(&text.tokens[i].norm.as_ref()) {
            return true;
        }
    }
    false
}

/// Words that say the ideas after them are options, any one of which
/// earns the point ("One of the following justifications should be given:").
const OPTION_CUES: &[&[&str]] = &[
    &["one", "of", "the", "following"],
    &["any", "of", "the", "following"],
    &["either", "of", "the", "following"],
    &["choice", "out", "of"],
];

/// Bullets that may stand inside a line ("● Event B …", "○ P(B) = …").
const BULLETS: &[char] = &[
    '\u{2022}', '\u{25CF}', '\u{25CB}', '\u{25E6}', '\u{25AA}', '\u{25A0}',
];

/// Words that open a relative clause.
const RELATIVES: &[&str] = &["which", "who", "whose"];

/// Whether an answer is written one idea a line: it has several lines with words.
pub fn by_lines(text: &Text) -> bool {
    text.original
        .lines()
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .count()
        > 1
}

/// Splits an analysed answer into ideas, in text order.
pub fn split(text: &Text) -> Vec<Idea> {
    let by_lines = by_lines(text);
    let mut ideas: Vec<Idea> = Vec::new();
    // The options being listed, and how many lists there have been.
    let mut options: Option<usize> = None;
    let mut lists = 0;
    for sentence in &text.sentences {
        for part in bullet_parts(text, sentence.tokens.clone()) {
            let Some(&start) = part.first() else {
                continue;
            };
            if blank_line_before(text, start) {
                options = None;
            }
            let mut part = part.as_slice();
            if let Some(after) = option_cue(text, part) {
                // "One of the following advantages are considered correct: 1. …"
                options = Some(lists);
                lists += 1;
                part = &part[after..];
            }
            // "Causes:" introduces a list; it is not an idea itself.
            if part.is_empty() || ends_with_colon(text, part) {
                continue;
            }
            let range = part[0]..part[part.len() - 1] + 1;
            let mut part_ideas: Vec<(Vec<usize>, Option<Span>)> = Vec::new();
            if by_lines {
                part_ideas.extend(lines(text, range).into_iter().map(|line| (line, None)));
            } else if let Some(things) = listed_things(text, range.clone()) {
                part_ideas.extend(things.into_iter().map(|tokens| (tokens, None)));
            } else {
                part_ideas.extend(glue(text, pieces(text, range)));
            }
            for (tokens, antecedent) in part_ideas {
                // (An option is more than its number: "1.", "ii)".)
                if !has_meaning(text, &tokens) || (options.is_some() && !has_word(text, &tokens)) {
                    continue;
                }
                let (Some(&first), Some(&last)) = (tokens.first(), tokens.last()) else {
                    continue;
                };
                ideas.push(Idea {
                    span: (text.tokens[first].span.0, text.tokens[last].span.1),
                    tokens,
                    antecedent,
                    options,
                });
            }
        }
    }
    ideas
}

/// A sentence's tokens cut where a bullet stands between two of them.
fn bullet_parts(text: &Text, tokens: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    for i in tokens {
        let bullet = text.gap_before(i).contains(BULLETS);
        if bullet && parts.last().is_some_and(|p| !p.is_empty()) {
            parts.push(Vec::new());
        }
        if let Some(part) = parts.last_mut() {
            part.push(i);
        }
    }
    parts
}

/// Whether an empty line stands before the token at `at` (a new paragraph).
fn blank_line_before(text: &Text, at: usize) -> bool {
    text.gap_before(at)
        .split('\n')
        .skip(1)
        .filter(|line| line.trim().is_empty())
        .count()
        > 1
}

/// Whether a colon follows the last of these tokens ("Causes:").
fn ends_with_colon(text: &Text, tokens: &[usize]) -> bool {
    tokens.last().is_some_and(|&last| {
        let end = text
            .tokens
            .get(last + 1)
            .map_or(text.original.len(), |t| t.span.0);
        text.original[text.tokens[last].span.1..end]
            .trim_start()
            .starts_with(':')
    })
}

/// Where the options begin in a part that says options follow ("a sensible
/// choice out of: Token Ring, …"): after the first colon after the cue, or
/// at the part's end when it has none (see [`OPTION_CUES`]).
fn option_cue(text: &Text, part: &[usize]) -> Option<usize> {
    let (at, len) = find_cue(text, part, OPTION_CUES)?;
    let cue = at + len;
    Some(
        (cue..part.len())
            .find(|&k| ends_with_colon(text, &part[..k]) && k > 0)
            .unwrap_or(part.len()),
    )
}

/// Where the first of some cues ("one of the following", "e.g.") stands
/// among `tokens` (an index into them), and how many words it has. A cue's
/// "one" is also the number 1, as the text analyser reads it.
pub(super) fn find_cue(text: &Text, tokens: &[usize], cues: &[&[&str]]) -> Option<(usize, usize)> {
    let norm = |k: usize| tokens.get(k).map(|&i| text.tokens[i].norm.as_ref());
    (0..tokens.len()).find_map(|k| {
        cues.iter()
            .find(|cue| {
                cue.iter().enumerate().all(|(n, w)| {
                    norm(k + n) == Some(*w) || (*w == "one" && norm(k + n) == Some("1"))
                })
            })
            .map(|cue| (k, cue.len()))
    })
}

/// A sentence's tokens cut at line breaks.
fn lines(text: &Text, tokens: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for i in tokens {
        let new_line = !current.is_empty() && text.gap_before(i).contains('\n');
        if new_line {
            out.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Glues a sentence's pieces into ideas of at least [`MIN_IDEA_WORDS`]
/// content words; a relative clause with a word of its own to say stays apart.
fn glue(text: &Text, pieces: Vec<Vec<usize>>) -> Vec<(Vec<usize>, Option<Span>)> {
    let mut ideas: Vec<(Vec<usize>, Option<Span>)> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // Where the words before a relative clause stand among the ideas, while
    // they wait for the rest of their clause ("Britain, which had promised
    // …, declared war"): they are an idea with what follows, not alone.
    let mut waiting: Option<usize> = None;
    for piece in pieces {
        let before = current
            .last()
            .or_else(|| ideas.last().and_then(|(t, _)| t.last()))
            .copied();
        let relative = piece.first().is_some_and(|&i| {
            RELATIVES.contains(&text.tokens[i].norm.as_ref()) || that_is_relative(text, i)
        });
        if relative && has_core(text, &piece) {
            if let Some(antecedent) = before.and_then(|b| antecedent(text, b)) {
                if !current.is_empty() && waiting.is_none() {
                    waiting = Some(ideas.len());
                }
                ideas.push((piece, Some(antecedent)));
                continue;
            }
        }
        let contrast = piece
            .first()
            .is_some_and(|&i| CONTRASTS.contains(&text.tokens[i].norm.as_ref()));
        if contrast && waiting.is_none() && core_count(text, &piece) >= 2 {
            if content_count(text, &current) > 0 {
                ideas.push((std::mem::take(&mut current), None));
            }
            current.extend(piece);
            ideas.push((std::mem::take(&mut current), None));
            continue;
        }
        current.extend(piece);
        if content_count(text, &current) >= MIN_IDEA_WORDS {
            let idea = (std::mem::take(&mut current), None);
            match waiting.take() {
                Some(at) => ideas.insert(at, idea),
                None => ideas.push(idea),
            }
        }
    }
    if let Some(at) = waiting {
        ideas.insert(at, (std::mem::take(&mut current), None));
    }
    if content_count(text, &current) > 0 || ideas.is_empty() {
        match ideas.last_mut() {
            Some((last, _)) if content_count(text, &current) < MIN_IDEA_WORDS => {
                last.extend(current)
            }
            _ => ideas.push((current, None)),
        }
    } else if let Some((last, _)) = ideas.last_mut() {
        last.extend(current);
    }
    ideas
}

/// Whether the word at `at` is a "that" opening a relative clause
/// ("alliances that drew the powers into war"), not a statement ("it shows
/// that plants grow"): a word that is not mostly a verb before it, a verb
/// after it.
fn that_is_relative(text: &Text, at: usize) -> bool {
    let (Some(before), Some(after)) = (
        at.checked_sub(1).map(|b| &text.tokens[b]),
        text.tokens.get(at + 1),
    ) else {
        return false;
    };
    &*text.tokens[at].norm == "that"
        && before.sentence == after.sentence
        && (!lexicon::is_mostly_verb(&before.stem) || has_noun_ending(&before.norm))
        && (is_inflected_verb(after)
            || crate::text::is_irregular_past(&after.norm)
            || ["is", "are", "can", "will", "has", "have"].contains(&&*after.norm))
}

/// Endings only nouns have, whatever their stem ("information" is no
/// "inform").
const NOUN_ENDINGS: &[&str] = &["tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism"];

/// Whether a word ends as only nouns do (see [`NOUN_ENDINGS`]).
fn has_noun_ending(norm: &str) -> bool {
    NOUN_ENDINGS.iter().any(|ending| norm.ends_with(ending))
}

/// The words a relative clause refers to: the content word before it, with
/// its article ("the chloroplasts").
fn antecedent(text: &Text, before: usize) -> Option<Span> {
    let token = &text.tokens[before];
    if !is_content(&token.norm) || is_generic(&token.norm) {
        return None;
    }
    let start = before
        .checked_sub(1)
        .filter(|&p| {
            text.tokens[p].sentence == token.sentence
                && ["the", "a", "an"].contains(&text.tokens[p].norm.as_ref())
        })
        .unwrap_or(before);
    Some((text.tokens[start].span.0, token.span.1))
}

/// Whether some tokens hold a content word that is not a general one.
fn has_core(text: &Text, tokens: &[usize]) -> bool {
    core_count(text, tokens) > 0
}

/// How many content words that are not general ones some tokens hold.
fn core_count(text: &Text, tokens: &[usize]) -> usize {
    tokens
        .iter()
        .filter(|&&i| {
            let norm = &text.tokens[i].norm;
            is_content(norm) && !is_generic(norm)
        })
        .count()
}

/// Cuts a sentence's tokens at clause breaks and before statement openers.
fn pieces(text: &Text, tokens: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut pieces: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut depth = 0i32;
    for i in tokens {
        let token = &text.tokens[i];
        // A comma inside brackets ("(U=A, C+G)") cuts nothing.
        let gap = if current.is_empty() {
            ""
        } else {
            text.gap_before(i)
        };
        let inside = depth > 0;
        depth += gap.matches(['(', '[']).count() as i32 - gap.matches([')', ']']).count() as i32;
        depth = depth.max(0);
        // (Nor does the bracket's end: the words after it go on the same idea.)
        if inside {
            current.push(i);
            continue;
        }
        // A bare "and" or "or" joins words ("political and social change");
        // only after a comma or semicolon does it start a new clause.
        let after_comma = gap.contains([',', ';']);
        let bare_conjunction =
            ["and", "or"].contains(&token.norm.as_ref()) && !current.is_empty() && !after_comma;
        // "what we believe", "how fast it goes": a clause that is the
        // object of the words before it, unless a comma sets it apart.
        let object_clause = OBJECT_CLAUSES.contains(&token.norm.as_ref()) && !after_comma;
        let list_comma = after_comma && !gap.contains(';') && is_list_item(text, i);
        let new_clause = !(bare_conjunction || object_clause || list_comma)
            && current
                .last()
                .is_some_and(|&prev| text.tokens[prev].clause != token.clause);
        // A short "that" clause telling which thing is meant ("information
        // that supports what we believe") belongs to its noun: it cuts
        // nothing. A long one states a fact of its own ("alliances that drew
        // the great powers into war").
        let opener = OPENERS.contains(&token.norm.as_ref())
            && (!that_is_relative(text, i)
                || content_count(text, &rest_of_clause(text, i)) >= MIN_IDEA_WORDS)
            && content_count(text, &current) >= MIN_IDEA_WORDS;
        if (new_clause || opener) && !current.is_empty() {
            // "blamed Serbia and, promised support by Germany, …": a
            // conjunction before the comma opens the clause after it.
            let moved = match current.as_slice() {
                [_, .., last]
                    if ["and", "or", "but"].contains(&text.tokens[*last].norm.as_ref()) =>
                {
                    current.pop()
                }
                _ => None,
            };
            pieces.push(std::mem::take(&mut current));
            current.extend(moved);
        }
        current.push(i);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Most words a listed thing may have ("the rate of diffusion").
const MAX_LISTED_THING_WORDS: usize = 4;

/// Small words a listed thing may have besides its content words
/// ("invasions by barbarian tribes").
const LISTED_THING_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "its", "their", "his", "her", "our", "your", "by", "for", "from", "in",
    "on", "with", "to", "at", "into",
];

/// The things a sentence lists when it says nothing else: two or more noun
/// phrases joined by commas and "and" ("Abstraction and reusability.").
/// Each thing has a word that is not a general one, at most
/// [`MAX_LISTED_THING_WORDS`] words and no verb ("Heat rises and cools" is
/// no list); alternatives ("heat or light") make none, nor do adjectives
/// sharing the last thing's noun ("potential and kinetic energy"; "solid,
/// liquid and gas" is a list).
fn listed_things(text: &Text, tokens: std::ops::Range<usize>) -> Option<Vec<Vec<usize>>> {
    let mut things: Vec<Vec<usize>> = vec![Vec::new()];
    // A comma or "and" ends the thing being read, if it has words.
    let next_thing = |things: &mut Vec<Vec<usize>>| {
        if things.last().is_some_and(|t| !t.is_empty()) {
            things.push(Vec::new());
        }
    };
    let mut before: Option<usize> = None;
    for i in tokens {
        let token = &text.tokens[i];
        let gap = before.map_or("", |b| &text.original[text.tokens[b].span.1..token.span.0]);
        before = Some(i);
        if gap.contains(['(', ')', '[', ']', ':', '"']) {
            return None;
        }
        if gap.contains([',', ';', '&']) {
            next_thing(&mut things);
        }
        let norm = token.norm.as_ref();
        if norm == "and" {
            next_thing(&mut things);
            continue;
        }
        let small = LISTED_THING_SMALL_WORDS.contains(&norm);
        if !small && (!is_content(norm) || token.is_negation || is_inflected_verb(token)) {
            return None;
        }
        things.last_mut()?.push(i);
    }
    things.retain(|thing| !thing.is_empty());
    let shared_noun = things.last().is_some_and(|last| last.len() > 1);
    let names_a_thing = |thing: &Vec<usize>| {
        let words: Vec<&str> = thing
            .iter()
            .map(|&i| text.tokens[i].norm.as_ref())
            .collect();
        thing.len() <= MAX_LISTED_THING_WORDS
            && words
                .iter()
                .any(|w| w.chars().all(char::is_alphabetic) && is_content(w) && !is_generic(w))
            && !(shared_noun && words.len() == 1 && lexicon::is_adjective(words[0]))
    };
    (things.len() >= 2 && things.iter().all(names_a_thing)).then_some(things)
}

/// Whether a word is a verb by its ending: "rises", "cooled" (a word in
/// "-ing" may name an activity: "heating and cooling").
fn is_inflected_verb(token: &crate::text::Token) -> bool {
    let (norm, stem) = (token.norm.as_ref(), token.stem.as_ref());
    (norm.ends_with("ed") && lexicon::is_verb(stem))
        || (norm.ends_with('s') && !norm.ends_with("ss") && lexicon::is_mostly_verb(stem))
}

/// Whether a group of tokens says anything: a content word, or a function
/// word that decides what an answer says ("they are the same").
fn has_meaning(text: &Text, tokens: &[usize]) -> bool {
    tokens.iter().any(|&i| {
        let norm = &text.tokens[i].norm;
        is_content(norm) || is_kept_function_word(norm)
    })
}

/// Whether a group of tokens has a content word made of letters.
fn has_word(text: &Text, tokens: &[usize]) -> bool {
    tokens.iter().any(|&i| {
        let norm = &text.tokens[i].norm;
        is_content(norm) && norm.chars().any(char::is_alphabetic)
    })
}

/// How many content words a group of tokens has.
fn content_count(text: &Text, tokens: &[usize]) -> usize {
    tokens
        .iter()
        .filter(|&&i| is_content(&text.tokens[i].norm))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyse;

    #[track_caller]
    fn assert_ideas(answer: &str, expected: &[&str]) {
        let text = analyse(answer);
        let got: Vec<&str> = split(&text).iter().map(|i| text.slice(i.span)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn each_sentence_is_an_idea() {
        assert_ideas(
            "Plants take in light. They release oxygen.",
            &["Plants take in light", "They release oxygen"],
        );
    }

    #[test]
    fn long_sentences_are_cut_at_clauses() {
        assert_ideas(
            "The king was executed in Paris in 1793, and the new republic abolished the monarchy by decree.",
            &[
                "The king was executed in Paris in 1793",
                "and the new republic abolished the monarchy by decree",
            ],
        );
        assert_ideas(
            "It was a period of radical political and social change in France.",
            &["It was a period of radical political and social change in France"],
        );
    }

    #[test]
    fn short_pieces_stay_with_their_neighbour() {
        assert_ideas(
            "Stakhanovites were rewarded with bonuses, titles, and recognition.",
            &["Stakhanovites were rewarded with bonuses, titles, and recognition"],
        );
        assert_ideas(
            "Terminal 1 and the positive terminal are separated by the gap",
            &["Terminal 1 and the positive terminal are separated by the gap"],
        );
    }

    #[test]
    fn a_clause_saying_which_thing_is_meant_stays_with_it() {
        // "information that supports …", "supports what we believe", and
        // the commas of a list of verbs cut nothing; the contrast does.
        assert_ideas(
            "Confirmation bias is the tendency to seek out, interpret and remember information \
             that supports what we already believe, while ignoring evidence against it.",
            &[
                "Confirmation bias is the tendency to seek out, interpret and remember \
                 information that supports what we already believe",
                "while ignoring evidence against it",
            ],
        );
    }

    #[test]
    fn a_short_contrast_with_two_words_of_its_own_is_an_idea() {
        assert_ideas(
            "Diffusion moves particles down a concentration gradient, whereas osmosis moves water.",
            &[
                "Diffusion moves particles down a concentration gradient",
                "whereas osmosis moves water",
            ],
        );
        // With one word of its own it stays with its neighbour.
        assert_ideas(
            "Heat moves particles down a long and steep gradient, while stirring it.",
            &["Heat moves particles down a long and steep gradient, while stirring it"],
        );
    }

    #[test]
    fn one_idea_a_line_is_never_cut_or_glued() {
        assert_ideas(
            "mRNA exits nucleus via nuclear pore.\ntRNA carrying the complementary (U=A, C+G) anticodon recognizes the codon, which is on the mRNA.\nAmount of vinegar",
            &[
                "mRNA exits nucleus via nuclear pore",
                "tRNA carrying the complementary (U=A, C+G) anticodon recognizes the codon, which is on the mRNA",
                "Amount of vinegar",
            ],
        );
    }

    #[test]
    fn commas_inside_brackets_cut_nothing() {
        assert_ideas(
            "The tRNA carrying the complementary (U=A, C+G, and so on) anticodon recognizes the matching codon of the mRNA strand.",
            &["The tRNA carrying the complementary (U=A, C+G, and so on) anticodon recognizes the matching codon of the mRNA strand"],
        );
    }

    #[test]
    fn a_relative_clause_with_its_own_fact_is_an_idea() {
        let text =
            analyse("Photosynthesis takes place in the chloroplasts, which contain chlorophyll.");
        let ideas = split(&text);
        let got: Vec<&str> = ideas.iter().map(|i| text.slice(i.span)).collect();
        assert_eq!(
            got,
            [
                "Photosynthesis takes place in the chloroplasts",
                "which contain chlorophyll"
            ]
        );
        assert_eq!(
            ideas[1].antecedent.map(|s| text.slice(s)),
            Some("the chloroplasts")
        );
    }

    #[test]
    fn a_sentence_that_only_lists_things_gives_one_idea_a_thing() {
        assert_ideas(
            "Abstraction and reusability.",
            &["Abstraction", "reusability"],
        );
        assert_ideas(
            "Mitochondria, chloroplasts, and the cell wall.",
            &["Mitochondria", "chloroplasts", "the cell wall"],
        );
        assert_ideas("Solid, liquid and gas.", &["Solid", "liquid", "gas"]);
        assert_ideas(
            "Economic decline, invasions by barbarian tribes and political instability.",
            &[
                "Economic decline",
                "invasions by barbarian tribes",
                "political instability",
            ],
        );
        // Not lists of things: a verb, alternatives, an adjective, numbers.
        for whole in [
            "Heat rises and cools.",
            "Heat or light.",
            "Potential and kinetic energy.",
            "Terminals 1 and 2.",
            "Water evaporated and condensed.",
        ] {
            assert_ideas(whole, &[whole.trim_end_matches('.')]);
        }
    }

    #[test]
    fn list_items_are_ideas() {
        assert_ideas(
            "Causes:\n- debt from foreign wars\n- bread prices rose sharply",
            &["debt from foreign wars", "bread prices rose sharply"],
        );
    }

    #[track_caller]
    fn assert_options(answer: &str, expected: &[(&str, Option<usize>)]) {
        let text = analyse(answer);
        let got: Vec<(&str, Option<usize>)> = split(&text)
            .iter()
            .map(|i| (text.slice(i.span), i.options))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_bullet_inside_a_line_starts_a_new_idea() {
        assert_ideas(
            "Events: ● Event A is the widest ● Event B is a special case of C",
            &["Event A is the widest", "Event B is a special case of C"],
        );
    }

    #[test]
    fn the_ideas_after_one_of_the_following_are_options() {
        assert_options(
            "The order is BCA. One of the following justifications should be given: \
             ● B is a subset of C ● the probabilities are calculated",
            &[
                ("The order is BCA", None),
                ("B is a subset of C", Some(0)),
                ("the probabilities are calculated", Some(0)),
            ],
        );
        // Numbered options; their numbers are no options.
        assert_options(
            "Main advantage: one of the following is correct: 1. New options need no header change. 2. Routers skip most options.",
            &[
                ("New options need no header change", Some(0)),
                ("Routers skip most options", Some(0)),
            ],
        );
        // The options end with their paragraph.
        assert_options(
            "Any of the following: heat or light.\n\nPlants grow towards light.",
            &[
                ("heat or light", Some(0)),
                ("Plants grow towards light", None),
            ],
        );
    }
}
