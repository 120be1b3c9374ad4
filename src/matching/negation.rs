//! Negation cues: the words that deny a claim ("did not", "no", "never",
//! "without", "failed to", "rather than" …) and how far they reach.
//!
//! Most cues deny what follows them in the same clause, up to [`SCOPE`]
//! tokens on ("did not raise output"); a few verbs deny what stands before
//! them ("the pressure ended", "competition was banned"). Some cue words are
//! idioms that deny nothing ("not only", "no doubt", "without a doubt");
//! others deny only as part of a phrase ("failed to", "instead of").

use crate::text::{Text, Token};
use std::ops::Range;

/// How many tokens after a cue it still reaches.
pub const SCOPE: usize = 6;

/// Which way a cue reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// It denies what follows ("not", "never", "abolished").
    Forward,
    /// It denies what precedes ("ended", "was banned").
    Backward,
    /// It denies its whole clause: a claim put in others' mouths that the
    /// sentence goes on to reject ("people say it was propaganda, but it was not").
    Clause,
    /// It denies only up to and including this token: a negated verb of
    /// saying ("it does not tell the amount of vinegar") says the words are
    /// missing from a text, and does not deny what they name.
    UpTo(usize),
    /// It denies the rest of its clause, however long: an opinion denied
    /// ("I do not think that Stakhanovism made labour more productive") or
    /// a claim rejected ("it is wrong to say that workers were rewarded").
    RestOfClause,
}

/// A negation found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The cue's tokens ("failed to" is two).
    pub tokens: Range<usize>,
    /// The clause it stands in.
    pub clause: usize,
    /// Which way it reaches.
    pub reach: Reach,
}

/// Words after an ending verb that make it mean something else ("ended up").
const ENDING_IDIOMS: &[&str] = &["up", "being", "in"];

/// Words after a cue word that make it an idiom denying nothing.
const IDIOMS: &[(&str, &[&str])] = &[
    (
        "not",
        &["only", "just", "merely", "simply", "least", "surprisingly"],
    ),
    (
        "no",
        &["doubt", "matter", "less", "wonder", "exception", "sooner"],
    ),
    ("without", &["doubt", "a", "question"]),
    ("nothing", &["but", "short"]),
];

/// Cue words that deny only when the next word follows them.
const NEEDS_NEXT: &[(&str, &[&str])] = &[
    ("failed", &["to"]),
    ("fail", &["to"]),
    ("fails", &["to"]),
    ("failing", &["to"]),
    ("unable", &["to"]),
    ("refused", &["to"]),
    ("instead", &["of"]),
    ("rather", &["than"]),
    ("denied", &["that"]),
    ("lack", &["of"]),
];

/// Verbs that put a claim in someone's mouth.
const ATTRIBUTIONS: &[&str] = &[
    "say",
    "says",
    "said",
    "claim",
    "claims",
    "claimed",
    "argue",
    "argues",
    "argued",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "suggest",
    "suggests",
    "suggested",
    "assume",
    "assumes",
    "assumed",
    "describe",
    "describes",
    "described",
];

/// Who the claim is put on: others, not the writer.
const OTHERS: &[&str] = &[
    "people",
    "some",
    "many",
    "others",
    "historians",
    "critics",
    "someone",
    "textbooks",
    "sources",
    "it",
];

/// Words that open a clause turning against what came before.
const CONTRASTS: &[&str] = &["but", "however", "yet", "although", "though"];

/// Words that reject a claim without a negation word.
const REJECTIONS: &[&str] = &[
    "wrong",
    "false",
    "untrue",
    "myth",
    "disagree",
    "mistaken",
    "exaggerated",
    "overstated",
    "unfair",
];

/// How many words before an attribution verb its speaker may stand ("it is
/// also often claimed").
const ATTRIBUTION_REACH: usize = 4;

/// How many opening words of a sentence may reject the sentence before it
/// ("In my view this is a myth.").
const REJECTION_OPENING: usize = 8;

/// Verbs of opinion and saying: a negation before them denies the whole
/// claim that follows ("I don't think", "nobody can say").
const OPINIONS: &[&str] = &[
    "think", "believe", "say", "agree", "accept", "feel", "claim", "argue", "suppose",
];

/// Words after a rejection that open the claim it rejects ("it is wrong to
/// say that ...", "a myth that ...").
const CLAIM_OPENERS: &[&str] = &["say", "claim", "think", "believe", "that", "suggest"];

/// Which of the word lists above a word is on: worked out once per distinct
/// word when the text is analysed ([`crate::text::Token::cue_words`]), so
/// that finding cues tests a bit per token instead of comparing it with
/// every word of every list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CueWords(u8);

impl CueWords {
    /// On [`ATTRIBUTIONS`].
    pub const ATTRIBUTION: CueWords = CueWords(1);
    /// On [`OTHERS`].
    pub const OTHERS: CueWords = CueWords(1 << 1);
    /// On [`CONTRASTS`].
    pub const CONTRAST: CueWords = CueWords(1 << 2);
    /// On [`REJECTIONS`].
    pub const REJECTION: CueWords = CueWords(1 << 3);
    /// On [`OPINIONS`].
    pub const OPINION: CueWords = CueWords(1 << 4);
    /// On [`CLAIM_OPENERS`].
    pub const CLAIM_OPENER: CueWords = CueWords(1 << 5);
    /// On [`CLAIM_NOUNS`].
    pub const CLAIM_NOUN: CueWords = CueWords(1 << 6);
    /// On [`TRUTHS`].
    pub const TRUTH: CueWords = CueWords(1 << 7);

    /// The lists a normalised word is on.
    pub fn of(norm: &str) -> CueWords {
        CueWords(super::list_bits(
            norm,
            &[
                (ATTRIBUTIONS, CueWords::ATTRIBUTION.0),
                (OTHERS, CueWords::OTHERS.0),
                (CONTRASTS, CueWords::CONTRAST.0),
                (REJECTIONS, CueWords::REJECTION.0),
                (OPINIONS, CueWords::OPINION.0),
                (CLAIM_OPENERS, CueWords::CLAIM_OPENER.0),
                (CLAIM_NOUNS, CueWords::CLAIM_NOUN.0),
                (TRUTHS, CueWords::TRUTH.0),
            ],
        ))
    }

    /// Whether the word is on `list`.
    pub fn has(self, list: CueWords) -> bool {
        self.0 & list.0 != 0
    }

    /// The lists any token of an answer is on.
    fn in_answer(text: &Text) -> CueWords {
        CueWords(text.tokens.iter().fold(0, |bits, t| bits | t.cue_words.0))
    }
}

/// Nouns that name a claim as a claim ("the claim that", "the idea that").
const CLAIM_NOUNS: &[&str] = &[
    "claim",
    "idea",
    "view",
    "notion",
    "belief",
    "argument",
    "assumption",
    "suggestion",
];

/// Words that, negated, reject a claim ("is not true", "is not the case").
const TRUTHS: &[&str] = &["true", "case", "correct", "right", "accurate"];

/// Words that, negated after a subject, deny it ("the alliances did not
/// matter", "it was not relevant"); [`TRUTHS`] do too ("X isn't right").
const DISMISSALS: &[&str] = &[
    "matter", "matters", "mattered", "relevant", "count", "counted",
];

/// Finds every negation cue in the text.
pub fn find_cues(text: &Text) -> Vec<Cue> {
    // The rules whose words stand nowhere in the answer (most of them, in
    // most answers) are passed over instead of walking its tokens.
    let present = CueWords::in_answer(text);
    let mut cues = word_cues(text);
    if present.has(CueWords::ATTRIBUTION) {
        cues.extend(rejected_attributions(text));
    }
    if present.has(CueWords::CLAIM_NOUN) {
        cues.extend(rejected_claim_nouns(text));
    }
    cues.extend(denied_opinions(text, &cues, present));
    cues
}

/// "I do not think that X", "it is wrong to say X", "it is a myth that X",
/// "it is not true that X":
/// the claim X is denied to the end of its clause, beyond the usual reach.
/// `present`: the lists any token of the answer is on.
fn denied_opinions(text: &Text, cues: &[Cue], present: CueWords) -> Vec<Cue> {
    let tokens = &text.tokens;
    let mut found = Vec::new();
    let same_clause_within = |from: usize, words: CueWords, reach: usize| {
        (from..tokens.len().min(from + reach)).find(|&j| {
            tokens[j].clause == tokens[from.saturating_sub(1)].clause
                && tokens[j].cue_words.has(words)
        })
    };
    // "that" right after token `t`, in its clause ("not true that ...").
    let that_follows = |t: usize| {
        tokens
            .get(t + 1)
            .is_some_and(|next| next.clause == tokens[t].clause && &*next.norm == "that")
    };
    let opinions = if present.has(CueWords::OPINION) {
        cues
    } else {
        &[]
    };
    for cue in opinions.iter().filter(|c| c.reach == Reach::Forward) {
        if let Some(verb) = same_clause_within(cue.tokens.end, CueWords::OPINION, 3) {
            found.push(Cue {
                tokens: cue.tokens.start..verb + 1,
                clause: cue.clause,
                reach: Reach::RestOfClause,
            });
        }
    }
    // "It is not true that X", "it is not the case that X".
    let truths = if present.has(CueWords::TRUTH) {
        cues
    } else {
        &[]
    };
    for cue in truths.iter().filter(|c| c.reach == Reach::Forward) {
        let truth =
            same_clause_within(cue.tokens.end, CueWords::TRUTH, 3).filter(|&t| that_follows(t));
        if let Some(truth) = truth {
            found.push(Cue {
                tokens: cue.tokens.start..truth + 2,
                clause: cue.clause,
                reach: Reach::RestOfClause,
            });
        }
    }
    // "Transpiration isn't right", "the alliances didn't really matter":
    // a predicate that denies its subject is true or matters denies the
    // words before it.
    for cue in cues.iter().filter(|c| c.reach == Reach::Forward) {
        let dismissal = (cue.tokens.end..tokens.len().min(cue.tokens.end + 2)).find(|&j| {
            tokens[j].clause == cue.clause
                && (DISMISSALS.contains(&&*tokens[j].norm)
                    || (tokens[j].cue_words.has(CueWords::TRUTH) && !that_follows(j)))
        });
        if dismissal.is_some() {
            found.push(Cue {
                tokens: cue.tokens.clone(),
                clause: cue.clause,
                reach: Reach::Backward,
            });
        }
    }
    let rejections = if present.has(CueWords::REJECTION) {
        &tokens[..]
    } else {
        &[]
    };
    for (i, token) in rejections.iter().enumerate() {
        if !token.cue_words.has(CueWords::REJECTION) {
            continue;
        }
        let opens = same_clause_within(i + 1, CueWords::CLAIM_OPENER, 3);
        if let Some(end) = opens {
            found.push(Cue {
                tokens: i..end + 1,
                clause: token.clause,
                reach: Reach::RestOfClause,
            });
        }
    }
    found
}

/// "The claim that workers were punished is not true", "the idea that it
/// raised output is a myth": a claim named as one and rejected later in the
/// sentence is denied, every clause from its "that" to the rejection.
fn rejected_claim_nouns(text: &Text) -> Vec<Cue> {
    let tokens = &text.tokens;
    let mut cues = Vec::new();
    for sentence in &text.sentences {
        let range = sentence.tokens.clone();
        for i in range.start..range.end.saturating_sub(1) {
            if !tokens[i].cue_words.has(CueWords::CLAIM_NOUN) || &*tokens[i + 1].norm != "that" {
                continue;
            }
            let rejection = (i + 2..range.end).find(|&j| {
                tokens[j].cue_words.has(CueWords::REJECTION)
                    || (tokens[j].is_negation
                        && tokens[j + 1..range.end.min(j + 4)]
                            .iter()
                            .any(|t| t.cue_words.has(CueWords::TRUTH)))
            });
            let Some(rejection) = rejection else {
                continue;
            };
            for clause in tokens[i + 1].clause..=tokens[rejection].clause {
                cues.push(Cue {
                    tokens: i..i + 2,
                    clause,
                    reach: Reach::Clause,
                });
            }
            break;
        }
    }
    cues
}

/// Most [`Reach::Clause`] cues one clause gets: a sentence that puts many
/// claims on others ("people say …, some claim …, many argue …, but …")
/// would otherwise give every clause one cue per attribution, a number
/// that grows with the square of the sentence's length.
const MAX_CLAUSE_CUES: usize = 4;

/// A claim attributed to others ("people say", "some historians argue",
/// "it is said") in a sentence whose later clause, opened by "but" or
/// "however", denies or rejects something: the attributed clause is denied.
fn rejected_attributions(text: &Text) -> Vec<Cue> {
    let tokens = &text.tokens;
    let mut cues = Vec::new();
    // How many cues each clause of the sentence has got.
    let mut per_clause: Vec<(usize, usize)> = Vec::new();
    for (s, sentence) in text.sentences.iter().enumerate() {
        per_clause.clear();
        let range = sentence.tokens.clone();
        // Most sentences attribute nothing to others: nothing to look for.
        if !tokens[range.clone()]
            .iter()
            .any(|t| t.cue_words.has(CueWords::ATTRIBUTION))
        {
            continue;
        }
        let rejected_next = text
            .sentences
            .get(s + 1)
            .is_some_and(|next| rejects(text, next));
        // From the end of the sentence back: whether a token's clause denies
        // or rejects something at or after it, and the first contrast word
        // at or after each token whose clause does so. Clauses are runs of
        // tokens, so one pass finds both.
        let mut rejection_from = vec![None; range.len() + 1];
        let mut denies_later = false;
        for j in range.clone().rev() {
            let clause_ends = j + 1 == range.end || tokens[j + 1].clause != tokens[j].clause;
            if clause_ends {
                denies_later = false;
            }
            denies_later |= tokens[j].is_negation || tokens[j].cue_words.has(CueWords::REJECTION);
            let here = tokens[j].cue_words.has(CueWords::CONTRAST) && denies_later;
            rejection_from[j - range.start] = if here {
                Some(j)
            } else {
                rejection_from[j + 1 - range.start]
            };
        }
        for i in range.clone() {
            if !tokens[i].cue_words.has(CueWords::ATTRIBUTION) {
                continue;
            }
            let attributed = (range.start..i).rev().take(ATTRIBUTION_REACH).any(|j| {
                tokens[j].clause == tokens[i].clause && tokens[j].cue_words.has(CueWords::OTHERS)
            });
            if !attributed {
                continue;
            }
            let rejection = rejection_from[i + 1 - range.start];
            // Every clause from the attribution up to the rejection is the
            // claim ("some claim they were celebrated and rewarded, but ...").
            // ... or the next sentence rejects it ("I do not agree with this").
            let end = match rejection {
                Some(j) => Some(tokens[j].clause),
                None if rejected_next => Some(tokens[range.end - 1].clause + 1),
                None => None,
            };
            for clause in end.map_or(0..0, |end| tokens[i].clause..end) {
                let at = per_clause.partition_point(|&(c, _)| c < clause);
                match per_clause.get_mut(at) {
                    Some((c, n)) if *c == clause => {
                        if *n == MAX_CLAUSE_CUES {
                            continue;
                        }
                        *n += 1;
                    }
                    _ => per_clause.insert(at, (clause, 1)),
                }
                cues.push(Cue {
                    tokens: i..i + 1,
                    clause,
                    reach: Reach::Clause,
                });
            }
        }
    }
    cues
}

/// Whether a sentence opens by rejecting what came before: within its first
/// words, a rejection ("that is a myth", "this is wrong", "I disagree") or a
/// negated opinion ("I do not agree with this view", "I don't think so").
fn rejects(text: &Text, sentence: &crate::text::Sentence) -> bool {
    let tokens = &text.tokens[sentence.tokens.clone()];
    let opening = &tokens[..tokens.len().min(REJECTION_OPENING)];
    opening.iter().enumerate().any(|(n, t)| {
        t.cue_words.has(CueWords::REJECTION)
            || (t.is_negation
                && opening[n + 1..]
                    .iter()
                    .take(2)
                    .any(|v| v.cue_words.has(CueWords::OPINION)))
    })
}

/// The cues that single words and short phrases make.
fn word_cues(text: &Text) -> Vec<Cue> {
    let tokens = &text.tokens;
    let mut cues = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        // Most tokens are neither: passed over before their neighbours are read.
        if !token.is_ending_verb && !token.is_negation {
            continue;
        }
        let word = token.norm.as_ref();
        let next = tokens
            .get(i + 1)
            .filter(|n| n.clause == token.clause)
            .map(|n| n.norm.as_ref());
        if token.is_ending_verb {
            if !next.is_some_and(|n| ENDING_IDIOMS.contains(&n)) {
                for reach in [Reach::Forward, Reach::Backward] {
                    cues.push(Cue {
                        tokens: i..i + 1,
                        clause: token.clause,
                        reach,
                    });
                }
            }
            continue;
        }
        if !token.is_negation {
            continue;
        }
        if let Some((_, idioms)) = IDIOMS.iter().find(|(w, _)| *w == word) {
            if next.is_some_and(|n| idioms.contains(&n)) {
                continue;
            }
        }
        // "whether or not they covered it", "should or should not": the
        // "not" offers an alternative and denies nothing.
        let previous = i
            .checked_sub(1)
            .map(|p| &tokens[p])
            .filter(|p| p.clause == token.clause);
        if word == "not" && previous.is_some_and(|p| p.norm.as_ref() == "or") {
            continue;
        }
        let mut end = i + 1;
        if let Some((_, needed)) = NEEDS_NEXT.iter().find(|(w, _)| *w == word) {
            match next {
                Some(n) if needed.contains(&n) => end = i + 2,
                _ => continue,
            }
        }
        cues.push(Cue {
            tokens: i..end,
            clause: token.clause,
            reach: saying_verb_after(tokens, end).map_or(Reach::Forward, Reach::UpTo),
        });
    }
    cues
}

/// Verbs of saying: denied, they say what a text leaves out ("the procedure
/// does not state the amount of vinegar"), not that the thing is not so.
const SAYING_VERBS: &[&str] = &[
    "say", "tell", "state", "mention", "specifi", "explain", "describ", "indic", "clarifi", "list",
];

/// Words that may stand between a negation and its verb ("does not
/// clearly state").
const BEFORE_VERB: &[&str] = &[
    "do",
    "does",
    "did",
    "really",
    "even",
    "clearly",
    "actually",
    "exactly",
    "specifically",
    "properly",
    "fully",
    "ever",
    "always",
];

/// The token of a verb of saying that a negation ending before `start`
/// applies to, if any, in the same clause.
fn saying_verb_after(tokens: &[Token], start: usize) -> Option<usize> {
    let clause = tokens.get(start.checked_sub(1)?)?.clause;
    tokens
        .iter()
        .enumerate()
        .skip(start)
        .take(3)
        .take_while(|(_, t)| t.clause == clause)
        .find(|(_, t)| !BEFORE_VERB.contains(&t.norm.as_ref()))
        .filter(|(_, t)| SAYING_VERBS.contains(&t.stem.as_ref()))
        .map(|(i, _)| i)
}

/// The cues of a text ordered by clause and by first token, so that the cues
/// that may deny some words are looked up in their clause, not in the whole
/// answer (which made matching grow with the square of its length). Where
/// each clause's cues, and the cues from each token on, begin in those
/// orders is kept too: a lookup is two indexings, not two bisections.
#[derive(Debug, Default)]
pub struct CueIndex {
    /// Cue indices ordered by (clause, index).
    by_clause: Vec<usize>,
    /// Cue indices ordered by (first token, index).
    by_start: Vec<usize>,
    /// Per clause `c` (up to the last with a cue, and one more), how many
    /// cues stand in clauses before `c`: where its cues begin in `by_clause`.
    clause_starts: Vec<usize>,
    /// Per token `t` (up to the last a cue starts at, and one more), how
    /// many cues start before `t`: where the cues from `t` on begin in `by_start`.
    token_starts: Vec<usize>,
}

/// For sorted `keys`, per key `k` from 0 to the largest plus one, how many
/// keys are smaller than `k`: where the run of `k`s begins.
fn starts_of(keys: impl DoubleEndedIterator<Item = usize> + Clone) -> Vec<usize> {
    // Sized at once: the largest key is the last.
    let mut starts = Vec::with_capacity(keys.clone().next_back().map_or(1, |last| last + 2));
    let mut count = 0;
    for key in keys {
        while starts.len() <= key {
            starts.push(count);
        }
        count += 1;
    }
    starts.push(count);
    starts
}

impl CueIndex {
    /// Indexes the cues.
    pub fn new(cues: &[Cue]) -> CueIndex {
        if cues.is_empty() {
            return CueIndex::default();
        }
        let mut by_clause: Vec<usize> = (0..cues.len()).collect();
        by_clause.sort_by_key(|&c| (cues[c].clause, c));
        let mut by_start: Vec<usize> = (0..cues.len()).collect();
        by_start.sort_by_key(|&c| (cues[c].tokens.start, c));
        let clause_starts = starts_of(by_clause.iter().map(|&c| cues[c].clause));
        let token_starts = starts_of(by_start.iter().map(|&c| cues[c].tokens.start));
        CueIndex {
            by_clause,
            by_start,
            clause_starts,
            token_starts,
        }
    }

    /// The cues (indices, ascending) standing in a clause.
    pub fn in_clause(&self, clause: usize) -> &[usize] {
        let end = self.by_clause.len();
        let at = |c: usize| self.clause_starts.get(c).copied().unwrap_or(end);
        &self.by_clause[at(clause)..at(clause + 1)]
    }

    /// The cues (indices) whose first token lies in `tokens`.
    pub fn starting_in(&self, tokens: &Range<usize>) -> &[usize] {
        let end = self.by_start.len();
        let at = |t: usize| self.token_starts.get(t).copied().unwrap_or(end);
        &self.by_start[at(tokens.start)..at(tokens.end)]
    }

    /// The cues (indices, ascending) that deny the words `span` (token indices).
    pub fn denying<'i>(
        &'i self,
        text: &'i Text,
        cues: &'i [Cue],
        span: &'i Range<usize>,
    ) -> impl Iterator<Item = usize> + 'i {
        let clause = text.tokens[span.start].clause;
        let in_clause = self.in_clause(clause);
        super::add_work(in_clause.len() + 1);
        in_clause
            .iter()
            .copied()
            .filter(move |&c| denies(text, &cues[c], span))
    }
}

/// The cue that denies the words `span` (token indices), if any: in the same
/// clause, within [`SCOPE`] tokens before (or, for backward cues, after) them.
pub fn denying_cue<'c>(text: &Text, cues: &'c [Cue], span: &Range<usize>) -> Option<&'c Cue> {
    cues.iter().find(|cue| denies(text, cue, span))
}

/// Whether a cue denies the words `span` (token indices).
pub fn denies(text: &Text, cue: &Cue, span: &Range<usize>) -> bool {
    let (first, last) = (span.start, span.end.saturating_sub(1).max(span.start));
    cue.clause == text.tokens[first].clause
        && match cue.reach {
            Reach::Forward => cue.tokens.end <= first && first - cue.tokens.end < SCOPE,
            Reach::Backward => cue.tokens.start > last && cue.tokens.start - last <= SCOPE,
            Reach::Clause => true,
            Reach::RestOfClause => cue.tokens.end <= first,
            Reach::UpTo(last_denied) => cue.tokens.end <= first && first <= last_denied,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyse;

    /// The words of the answer that a cue denies.
    fn denied(answer: &str) -> Vec<String> {
        let text = analyse(answer);
        let cues = find_cues(&text);
        (0..text.tokens.len())
            .filter(|&i| denying_cue(&text, &cues, &(i..i + 1)).is_some())
            .map(|i| text.tokens[i].norm.to_string())
            .collect()
    }

    #[test]
    fn a_cue_denies_the_rest_of_its_clause() {
        assert_eq!(denied("It did not raise output"), ["raise", "output"]);
        assert_eq!(
            denied("There was no competition, but output rose"),
            ["competition"]
        );
        assert_eq!(denied("Workers weren't rewarded"), ["rewarded"]);
    }

    #[test]
    fn saying_a_subject_is_not_right_or_does_not_matter_denies_it() {
        assert_eq!(
            denied("Transpiration isn't right, that's for animals."),
            ["transpiration", "is", "right"]
        );
        assert_eq!(
            denied("The alliances didn't really matter"),
            ["the", "alliances", "did", "really", "matter"]
        );
        assert_eq!(
            denied("It is not true that plants grow"),
            ["true", "that", "plants", "grow"]
        );
    }

    #[test]
    fn an_embedded_question_is_outside_the_negation() {
        assert_eq!(denied("They did not say how much vinegar to use"), ["say"]);
        assert_eq!(denied("It doesn't tell what samples were used"), ["tell"]);
    }

    #[test]
    fn a_negated_verb_of_saying_denies_only_itself() {
        assert_eq!(
            denied("It doesn't tell the amount of vinegar to pour"),
            ["tell"]
        );
        assert_eq!(
            denied("The procedure does not clearly state the size of the cups"),
            ["clearly", "state"]
        );
        assert_eq!(
            denied("They did not use the same cups"),
            ["use", "the", "same", "cups"]
        );
    }

    #[test]
    fn or_not_denies_nothing() {
        assert!(denied("Say whether or not they covered the cups").is_empty());
        assert_eq!(
            denied("They did not cover the cups"),
            ["cover", "the", "cups"]
        );
    }

    #[test]
    fn a_claim_put_on_others_and_then_rejected_is_denied() {
        assert_eq!(
            denied("People say it was propaganda, but I don't think it was"),
            [
                "people",
                "say",
                "it",
                "was",
                "propaganda",
                "think",
                "it",
                "was"
            ]
        );
        assert_eq!(
            denied("Some historians argue it raised output, however that is wrong"),
            ["some", "historians", "argue", "it", "raised", "output"]
        );
        assert_eq!(
            denied("Some claim they were celebrated and rewarded, but I don't think so"),
            [
                "some",
                "claim",
                "they",
                "were",
                "celebrated",
                "and",
                "rewarded",
                "think"
            ]
        );
        assert_eq!(
            denied("Many textbooks say it was propaganda. I do not agree with this view."),
            [
                "many",
                "textbooks",
                "say",
                "it",
                "was",
                "propaganda",
                "agree",
                "with",
                "this",
                "view"
            ]
        );
        assert!(
            denied("Many textbooks say it was propaganda. They are right.").is_empty(),
            "not rejected"
        );
        assert!(
            denied("People say it was propaganda, and it was").is_empty(),
            "no rejection"
        );
        assert!(
            denied("I think it was propaganda, but it worked").is_empty(),
            "the writer's own claim, not rejected"
        );
    }

    #[test]
    fn a_denied_opinion_or_a_rejected_claim_reaches_the_end_of_its_clause() {
        let long =
            denied("I do not think that Stakhanovism actually made Soviet labour more productive");
        assert!(long.contains(&"productive".to_string()), "{long:?}");
        let wrong =
            denied("It is wrong to say that the Stakhanovites were richly rewarded with flats");
        assert!(wrong.contains(&"flats".to_string()), "{wrong:?}");
        assert!(denied("It was wrong, and workers were richly rewarded with flats").is_empty());
    }

    #[test]
    fn a_claim_named_as_one_and_then_rejected_is_denied() {
        let denied_words = denied("The idea that the miners were rewarded is simply not true");
        assert!(
            denied_words.contains(&"rewarded".to_string()),
            "{denied_words:?}"
        );
        let myth = denied("The belief that output rose, which many hold, is a myth");
        assert!(myth.contains(&"output".to_string()), "{myth:?}");
        assert!(
            denied("The idea that the miners were rewarded is true").is_empty(),
            "not rejected"
        );
        assert!(
            denied("The miners were rewarded, and that idea spread").is_empty(),
            "no claim named"
        );
    }

    #[test]
    fn a_claim_assumed_by_others_some_words_back_can_be_rejected() {
        let assumed = denied("It is also often assumed that output rose, but I do not think so");
        assert!(assumed.contains(&"output".to_string()), "{assumed:?}");
        let next = denied("It is widely claimed that output rose. In my view this is a myth.");
        assert!(next.contains(&"output".to_string()), "{next:?}");
        let exaggerated = denied("Some describe output as rising. I think that is exaggerated.");
        assert!(
            exaggerated.contains(&"output".to_string()),
            "{exaggerated:?}"
        );
    }

    #[test]
    fn many_claims_put_on_others_give_each_clause_a_few_cues() {
        let answer = "some people say it was propaganda and many claim it raised output "
            .repeat(30)
            + "but that is wrong";
        let text = analyse(&answer);
        let cues = find_cues(&text);
        let clause_cues = cues.iter().filter(|c| c.reach == Reach::Clause);
        let mut per_clause = std::collections::HashMap::new();
        for cue in clause_cues {
            *per_clause.entry(cue.clause).or_insert(0) += 1;
        }
        assert!(per_clause.values().all(|&n| n <= MAX_CLAUSE_CUES));
        // Still denied: the claims are rejected at the end.
        assert!(denied(&answer).contains(&"propaganda".to_string()));
    }

    #[test]
    fn the_index_finds_the_same_cues_as_a_look_at_every_cue() {
        for answer in [
            "It did not raise output, but people say it was banned. I do not think so.",
            "Workers weren't rewarded and competition ended, though some claim it was not.",
        ] {
            let text = analyse(answer);
            let cues = find_cues(&text);
            let index = CueIndex::new(&cues);
            assert!(index.starting_in(&(0..text.tokens.len() + 5)).len() == cues.len());
            assert!(CueIndex::new(&[]).in_clause(0).is_empty());
            for i in 0..text.tokens.len() + 2 {
                for end in i + 1..(text.tokens.len() + 2).min(i + 3) {
                    let span = i..end;
                    if end <= text.tokens.len() {
                        let all: Vec<usize> = (0..cues.len())
                            .filter(|&c| denies(&text, &cues[c], &span))
                            .collect();
                        let indexed: Vec<usize> = index.denying(&text, &cues, &span).collect();
                        assert_eq!(indexed, all, "{answer:?} {span:?}");
                    }
                    let mut starting: Vec<usize> = (0..cues.len())
                        .filter(|&c| span.contains(&cues[c].tokens.start))
                        .collect();
                    let mut indexed = index.starting_in(&span).to_vec();
                    starting.sort_unstable();
                    indexed.sort_unstable();
                    assert_eq!(indexed, starting, "{answer:?} {span:?} starting");
                }
            }
        }
    }

    #[test]
    fn a_denied_truth_denies_its_claim_to_the_end_of_the_clause() {
        let denied_words = denied("It is not true that plants use light energy to make glucose");
        assert!(
            denied_words.contains(&"glucose".to_string()),
            "{denied_words:?}"
        );
        let denied_words = denied("It is not the case that the policy raised output in any year");
        assert!(
            denied_words.contains(&"year".to_string()),
            "{denied_words:?}"
        );
        // Without "that", the truth word is just a word.
        let denied_words = denied("It did not do the right thing for workers in the mines at all");
        assert!(
            !denied_words.contains(&"mines".to_string()),
            "{denied_words:?}"
        );
    }

    #[test]
    fn scope_is_limited() {
        assert_eq!(
            denied("It did not in any real sense of the word raise output").len(),
            SCOPE
        );
    }

    #[test]
    fn idioms_deny_nothing() {
        assert!(denied("It not only raised output but also morale").is_empty());
        assert!(denied("No doubt it raised output").is_empty());
        assert!(denied("Without a doubt it raised output").is_empty());
    }

    #[test]
    fn ending_verbs_deny_both_ways() {
        assert_eq!(
            denied("Competition between workers was banned"),
            ["competition", "between", "workers", "was"]
        );
        assert_eq!(
            denied("Later policies abolished quotas"),
            ["later", "policies", "quotas"]
        );
        assert_eq!(
            denied("The pressure ended when Stalin died"),
            ["the", "pressure"]
        );
        assert!(denied("Many workers ended up exhausted").is_empty());
    }

    #[test]
    fn phrase_cues_need_their_second_word() {
        assert_eq!(denied("They failed to meet quotas"), ["meet", "quotas"]);
        assert!(denied("The failed harvest hurt").is_empty());
        assert_eq!(
            denied("It was propaganda rather than productivity"),
            ["productivity"]
        );
    }
}
