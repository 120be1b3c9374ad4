//! Splitting a model answer into ideas: one per sentence, clause or list item.
//!
//! An analysed answer in, groups of token indices out. A sentence is cut at
//! its clause breaks (commas, semicolons, "but", "which" …) and before words
//! that open a new statement ("that", "whereby" …), then short pieces are
//! glued back to their neighbour, so that every idea says something on its
//! own (at least [`MIN_IDEA_WORDS`] content words, unless the whole sentence
//! has fewer). A sentence ending in a colon introduces a list and is skipped.

use super::words::is_content;
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
}

/// Splits an analysed answer into ideas, in text order.
pub fn split(text: &Text) -> Vec<Idea> {
    let mut ideas = Vec::new();
    for sentence in &text.sentences {
        // "Causes:" introduces a list; it is not an idea itself.
        if text.slice(sentence.span).ends_with(':') {
            continue;
        }
        let pieces = pieces(text, sentence.tokens.clone());
        let mut sentence_ideas: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for piece in pieces {
            current.extend(piece);
            if content_count(text, &current) >= MIN_IDEA_WORDS {
                sentence_ideas.push(std::mem::take(&mut current));
            }
        }
        if content_count(text, &current) > 0 || sentence_ideas.is_empty() {
            match sentence_ideas.last_mut() {
                Some(last) if content_count(text, &current) < MIN_IDEA_WORDS => {
                    last.extend(current)
                }
                _ => sentence_ideas.push(current),
            }
        } else if let Some(last) = sentence_ideas.last_mut() {
            last.extend(current);
        }
        for tokens in sentence_ideas {
            if content_count(text, &tokens) == 0 {
                continue;
            }
            let (Some(&first), Some(&last)) = (tokens.first(), tokens.last()) else {
                continue;
            };
            ideas.push(Idea {
                span: (text.tokens[first].span.0, text.tokens[last].span.1),
                tokens,
            });
        }
    }
    ideas
}

/// Cuts a sentence's tokens at clause breaks and before statement openers.
fn pieces(text: &Text, tokens: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut pieces: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for i in tokens {
        let token = &text.tokens[i];
        // A bare "and" or "or" joins words ("political and social change");
        // only after a comma or semicolon does it start a new clause.
        let bare_conjunction = ["and", "or"].contains(&token.norm.as_ref())
            && current.last().is_some_and(|&prev| {
                !text.original[text.tokens[prev].span.1..token.span.0].contains([',', ';'])
            });
        let new_clause = !bare_conjunction
            && current
                .last()
                .is_some_and(|&prev| text.tokens[prev].clause != token.clause);
        let opener = OPENERS.contains(&token.norm.as_ref())
            && content_count(text, &current) >= MIN_IDEA_WORDS;
        if (new_clause || opener) && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
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
    fn list_items_are_ideas() {
        assert_ideas(
            "Causes:\n- debt from foreign wars\n- bread prices rose sharply",
            &["debt from foreign wars", "bread prices rose sharply"],
        );
    }
}
