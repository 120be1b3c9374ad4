//! How many things a question asks for: the draft's mark cap.
//!
//! "State at least 4 of the differences", "Name and describe two
//! challenges", "Give 2 reasons for your decision and 1 potential
//! weakness": an examiner gives full marks for that many, whatever else
//! the model answer lists as possible. A draft whose model answer makes
//! more points than the question asks for gets that count as its
//! `max_marks` ("1 mark for each, at most 4"). Only numbers an
//! instruction asks for count: the scene's numbers ("3 users", "a buffer
//! of size 10"), an answer's length ("in 2-4 sentences") and numbers in
//! brackets do not. The count caps the marks only when it covers every
//! instruction: "Name the 2 phases and explain how the window changes in
//! each" also asks for what "explain" wants, which no count bounds.

use super::concepts::INSTRUCTIONS;
use super::words::is_content;
use crate::text::Text;

/// Most things one count may ask for; a larger number is the scene's.
const MAX_COUNT: usize = 20;

/// Words that say how long the answer should be, not how many things it names.
const LENGTH_WORDS: &[&str] = &[
    "sentence",
    "sentences",
    "word",
    "words",
    "line",
    "lines",
    "paragraph",
    "paragraphs",
    "page",
    "pages",
    "minute",
    "minutes",
];

/// Words that may stand between an instruction and its count ("name the
/// 2 phases", "state at least 4 of the differences", "name and describe
/// two challenges").
const COUNT_LEADS: &[&str] = &[
    "the", "at", "least", "exactly", "only", "me", "us", "and", "please", "also", "your",
];

/// Words after which an instruction word is a request of its own ("and
/// explain how …", "Please name …", "Also, give …").
const REQUEST_LEADS: &[&str] = &["and", "please", "also", "further", "then", "now", "finally"];

/// How many things the question's instructions ask for, if every
/// instruction asks for a number of things: the sum of the counts ("Give 2
/// reasons … and 1 potential weakness" asks for 3; "give 1 advantage and
/// disadvantage" for 2; "Name and describe two challenges" for 2). A
/// question sentence ("Which would you recommend?") is what the counted
/// things are about; an instruction with no count ("… and explain the
/// differences") asks for more than the count, so there is none.
pub fn asked_count(question: &Text) -> Option<usize> {
    let mut total = 0;
    for sentence in 0..question.sentences.len() {
        total += sentence_count(question, sentence)?;
    }
    (total > 0).then_some(total)
}

/// The things one sentence of the question asks for by number, or `None`
/// if one of its instructions asks for things without a number.
fn sentence_count(text: &Text, sentence: usize) -> Option<usize> {
    let range = text.sentences[sentence].tokens.clone();
    let norm = |i: usize| text.tokens[i].norm.as_ref();
    let mut total = 0;
    // Whether the words so far lead from an instruction to a count.
    let mut leading = false;
    // Whether an instruction since the last count is still waiting for one.
    let mut waiting = false;
    let mut i = range.start;
    while i < range.end {
        let word = norm(i);
        if INSTRUCTIONS.contains(&word) {
            leading = true;
            waiting |= is_request(text, range.start, i);
        } else if let Some(count) = count_at(text, i).filter(|_| leading) {
            let Some(things) = counted_words(text, i + 1, range.end) else {
                leading = false;
                i += 1;
                continue;
            };
            total += count;
            waiting = false;
            // "1 advantage and disadvantage": the same count of another thing.
            let after = things.end;
            if after + 1 < range.end
                && norm(after) == "and"
                && is_content(norm(after + 1))
                && count_at(text, after + 1).is_none()
            {
                total += count;
            }
            // "… and 1 potential weakness" may follow the counted things.
            i = after;
            while i < range.end && norm(i) != "and" && !INSTRUCTIONS.contains(&norm(i)) {
                i += 1;
            }
            leading = i < range.end;
            if leading && norm(i) == "and" {
                i += 1;
            }
            continue;
        } else if !COUNT_LEADS.contains(&word) {
            if waiting {
                return None;
            }
            leading = false;
        }
        i += 1;
    }
    (!waiting).then_some(total)
}

/// Whether the instruction word at `i` gives an instruction of its own:
/// it opens the sentence or a clause, or follows "and", "please", "also" …
/// ("the name of the protocol" gives none).
fn is_request(text: &Text, start: usize, i: usize) -> bool {
    i == start
        || text.tokens[i - 1].clause != text.tokens[i].clause
        || REQUEST_LEADS.contains(&text.tokens[i - 1].norm.as_ref())
}

/// The count a token gives ("4", "two", "a single" is not one), unless it
/// is part of a range ("2-4"), stands in brackets, or is too large to be
/// a number of things to name.
fn count_at(text: &Text, i: usize) -> Option<usize> {
    let token = &text.tokens[i];
    let count: usize = token.norm.parse().ok()?;
    let before = &text.original[..token.span.0];
    let after = &text.original[token.span.1..];
    let joined = |c: char| matches!(c, '-' | '–' | '/' | '.' | ',' | ':');
    let in_brackets = before.matches('(').count() > before.matches(')').count();
    let mut next = after.chars();
    let in_range = before.ends_with(joined)
        || next.next().is_some_and(joined) && next.next().is_some_and(char::is_alphanumeric);
    (1..=MAX_COUNT)
        .contains(&count)
        .then_some(count)
        .filter(|_| !in_brackets && !in_range)
}

/// The tokens naming the counted things after a count ("of the
/// differences", "service classes"), unless they measure the answer's
/// length ("sentences").
fn counted_words(text: &Text, from: usize, end: usize) -> Option<std::ops::Range<usize>> {
    let norm = |i: usize| text.tokens[i].norm.as_ref();
    let mut start = from;
    while start < end && matches!(norm(start), "of" | "the") {
        start += 1;
    }
    let mut stop = start;
    while stop < end && is_content(norm(stop)) && count_at(text, stop).is_none() {
        stop += 1;
    }
    let first = (start < stop).then(|| norm(start))?;
    (!LENGTH_WORDS.contains(&first) && first.chars().all(char::is_alphabetic))
        .then_some(start..stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyse;

    /// What a question asks for, from its text.
    fn count(question: &str) -> Option<usize> {
        asked_count(&analyse(question))
    }

    #[test]
    fn counts_what_instructions_ask_for() {
        assert_eq!(
            count("State at least 4 of the differences between UDP and TCP."),
            Some(4)
        );
        assert_eq!(
            count("What are the challenges? Please NAME and DESCRIBE two challenges."),
            Some(2)
        );
        assert_eq!(
            count(
                "Which would you recommend? Give 2 reasons for your decision and 1 potential weakness of your recommendation in 2-6 sentences."
            ),
            Some(3)
        );
        assert_eq!(
            count("What is it? Also, give 1 advantage and disadvantage compared to the other one."),
            Some(2)
        );
        assert_eq!(
            count("List and describe three processes used by cells."),
            Some(3)
        );
    }

    #[test]
    fn an_instruction_without_a_count_leaves_no_cap() {
        assert_eq!(
            count("Name the 2 phases of congestion control and explain how the window changes in each phase."),
            None
        );
        assert_eq!(
            count("Name the 3 service classes and explain the differences between the classes."),
            None
        );
        assert_eq!(
            count("Give two reasons for your choice. Explain your answer in 2-4 sentences."),
            None
        );
        // The question a count's instruction answers is not one of them.
        assert_eq!(
            count(
                "Which encoding should be used? Give two reasons for your answer in 2-4 sentences."
            ),
            Some(2)
        );
        // An instruction word that instructs nothing.
        assert_eq!(
            count("Give 2 reasons for the name of the protocol."),
            Some(2)
        );
    }

    #[test]
    fn the_scene_and_the_length_ask_for_nothing() {
        assert_eq!(
            count("Assume you have 3 users. Explain your answer in 2-4 sentences."),
            None
        );
        assert_eq!(
            count("How many seconds would the 10 packets wait? Explain."),
            None
        );
        assert_eq!(
            count("Discuss 3 methods (each with at least one advantage and disadvantage)."),
            Some(3)
        );
        assert_eq!(
            count("Explain what happens when the speed rises by a factor of 10."),
            None
        );
        assert_eq!(count("Name one."), None);
        assert_eq!(count("Name 2."), None);
        assert_eq!(count(""), None);
    }
}
