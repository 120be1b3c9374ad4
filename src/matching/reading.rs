//! Reading an answer beyond its words: what each sentence is about (a
//! sentence carries on the topic of the one before, the name of another
//! topic is one unit), which words make one phrase, and which are only
//! mentioned or defined rather than claimed.
//!
//! The matching stage (`find`) asks these questions of plain per-sentence
//! and per-token data; each function here is one rule of judgment, so that
//! the rules can be read, tested and changed apart from the search.

use super::negation::{Cue, Reach};
use crate::text::Text;
use std::ops::Range;

/// Which of this module's per-token word lists a normalised word is on,
/// found once per distinct word when it is interned (see
/// [`crate::text::Token::reading_words`]), so that the rules that walk
/// every token of an answer test a bit instead of comparing strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadingWords(u8);

impl ReadingWords {
    /// On [`OFFICES`].
    pub const OFFICE: ReadingWords = ReadingWords(1);
    /// On [`ENTITLEMENTS`].
    pub const ENTITLEMENT: ReadingWords = ReadingWords(1 << 1);
    /// "of", the link after an office.
    pub const OF: ReadingWords = ReadingWords(1 << 2);
    /// "to", the link after an entitlement.
    pub const TO: ReadingWords = ReadingWords(1 << 3);
    /// On [`WORD_NOUNS`].
    pub const WORD_NOUN: ReadingWords = ReadingWords(1 << 4);
    /// "means", which opens a definition.
    pub const MEANS: ReadingWords = ReadingWords(1 << 5);
    /// On [`COPULAS`].
    pub const COPULA: ReadingWords = ReadingWords(1 << 6);

    /// The lists a normalised word is on.
    pub fn of(norm: &str) -> ReadingWords {
        ReadingWords(super::list_bits(
            norm,
            &[
                (OFFICES, ReadingWords::OFFICE.0),
                (ENTITLEMENTS, ReadingWords::ENTITLEMENT.0),
                (&["of"], ReadingWords::OF.0),
                (&["to"], ReadingWords::TO.0),
                (WORD_NOUNS, ReadingWords::WORD_NOUN.0),
                (&["means"], ReadingWords::MEANS.0),
                (COPULAS, ReadingWords::COPULA.0),
            ],
        ))
    }

    /// Whether the word is on `list`.
    pub fn has(self, list: ReadingWords) -> bool {
        self.0 & list.0 != 0
    }

    /// The lists any token of an answer is on: the rules whose words stand
    /// nowhere in it (most of them, in most answers) need not walk its tokens.
    pub(super) fn in_answer(text: &Text) -> ReadingWords {
        ReadingWords(
            text.tokens
                .iter()
                .fold(0, |bits, t| bits | t.reading_words.0),
        )
    }
}

/// What each sentence of an answer names, one flag per sentence.
pub(super) struct Named<'a> {
    /// The subject the answer is judged on (the core subject in long answers).
    pub subject: &'a [bool],
    /// Any word of the question's broad subject ("workers", "output").
    pub broad: &'a [bool],
    /// Another topic of the period.
    pub other: &'a [bool],
    /// Whether the sentence says the subject is part of another topic
    /// ([`placed_in_other_topic`]).
    pub placed: &'a [bool],
}

/// A sentence that names neither the subject nor another topic carries on
/// the topic of the sentence before it in its paragraph, when that one is
/// wholly about another topic (it names no word of the question's broad
/// subject either), or places the subject in it: after "The Great Terror
/// used show trials.", "Informers were rewarded." is about the Terror too,
/// and after "Stakhanov was a hero of the Civil War.", "He won many
/// battles and became a national hero." is about that war hero. `off_topic` (per sentence) is
/// extended along such runs; `paragraph` gives each sentence's paragraph.
pub(super) fn carry_other_topic(off_topic: &mut [bool], named: &Named, paragraph: &[usize]) {
    for s in 1..off_topic.len() {
        let names_nothing = !named.subject[s] && !named.other[s];
        let before_wholly_elsewhere =
            (off_topic[s - 1] && !named.broad[s - 1]) || named.placed[s - 1];
        if names_nothing && before_wholly_elsewhere && paragraph[s - 1] == paragraph[s] {
            off_topic[s] = true;
        }
    }
}

/// The same for another domain (a point's `unless`: sport, physics): a
/// sentence that names no word of the question's broad subject (`names_broad`)
/// carries on the domain of the sentence before it in its paragraph, when
/// that one names the domain and no word of the question either. After
/// "Many young athletes suffered from burnout.", "Gymnasts often had to
/// retire because of injuries." is still about sport. `blocked` (per
/// sentence: it names the domain) is extended along such runs.
pub(super) fn carry_other_domain(blocked: &mut [bool], names_broad: &[bool], paragraph: &[usize]) {
    for s in 1..blocked.len() {
        let wholly_elsewhere = blocked[s - 1] && !names_broad[s - 1];
        if wholly_elsewhere && !names_broad[s] && paragraph[s - 1] == paragraph[s] {
            blocked[s] = true;
        }
    }
}

/// Most words of the label that opens a note ("Long term: ...").
const MAX_NOTE_LABEL: usize = 4;

/// Words of a label that heads a list of words rather than a note ("Key
/// words:", "Key terms:", "Main ideas:"); "term" alone would take "long
/// term:" too.
const LIST_LABELS: &[&str] = &[
    "key",
    "word",
    "words",
    "keyword",
    "keywords",
    "vocabulary",
    "concepts",
    "ideas",
    "topics",
];

/// Whether sentence `s`, read as a list of words, is a labelled note: a
/// label of a few words, a colon, and what is said of it ("long term:
/// burnout, cynicism, faked figures", "Plans: rapid industrialisation, more
/// coal"). The label makes the items a statement about it, where a bare list
/// of the same items is not. A label naming the question's own subject
/// (`names_subject`, per token: "Stakhanovism: records, competition,
/// quotas") only heads a list of keywords, and so does one naming words or
/// ideas as such ("Key words: ..."); a fragment of one or two words stays one.
pub(super) fn labelled_note(text: &Text, s: usize, names_subject: impl Fn(usize) -> bool) -> bool {
    let range = text.sentences[s].tokens.clone();
    let tokens = &text.tokens[range.clone()];
    tokens.len() >= 3
        && (1..tokens.len().min(MAX_NOTE_LABEL + 1)).any(|k| {
            let gap = text
                .original
                .get(tokens[k - 1].span.1..tokens[k].span.0)
                .unwrap_or_default();
            let label = &tokens[..k];
            gap.contains(':')
                && label.iter().any(|t| !t.is_stop && !t.is_negation)
                && !label.iter().any(|t| LIST_LABELS.contains(&t.norm.as_ref()))
                && !(range.start..range.start + k).any(&names_subject)
        })
}

/// Openings of a conclusion ("In conclusion, ...", "To sum up, ...").
const CONCLUSIONS: &[&[&str]] = &[
    &["in", "conclusion"],
    &["to", "conclude"],
    &["to", "sum", "up"],
    &["in", "summary"],
    &["to", "summarise"],
    &["to", "summarize"],
    &["overall"],
    &["all", "in", "all"],
    &["on", "balance"],
];

/// Who announces what an answer will do ("This essay will ...", "I will ...").
const ANNOUNCERS: &[&[&str]] = &[
    &["this", "essay"],
    &["this", "answer"],
    &["in", "this", "essay"],
    &["i"],
];

/// Verbs that announce a plan after "will" ("I will discuss ...").
const PLAN_VERBS: &[&str] = &[
    "discuss", "explain", "describe", "examine", "look", "consider", "cover", "outline", "explore",
    "talk", "write", "evaluate", "analyse", "analyze", "assess", "focus",
];

/// Whether `words` begin with `opening`.
fn opens_with(words: &[crate::text::Token], opening: &[&str]) -> bool {
    opening.len() <= words.len()
        && opening
            .iter()
            .zip(words)
            .all(|(o, w)| *o == w.norm.as_ref())
}

/// Per sentence, whether it frames the answer rather than argues it: an
/// announcement of what the answer will do ("This essay will discuss
/// propaganda, pressure and rewards", "I will explain ..."), and, in a long
/// answer (`long_answer`), its conclusion, from a sentence that opens as
/// one ("In conclusion, ...", or "So ..." opening the last paragraph) to
/// the end of its paragraph (`paragraph`: each sentence's). A conclusion
/// sums up what the body argued; a point the body never makes is not made
/// by naming it there.
pub(super) fn framing(text: &Text, paragraph: &[usize], long_answer: bool) -> Vec<bool> {
    let mut out = vec![false; text.sentences.len()];
    let mut conclusion = vec![false; text.sentences.len()];
    for (s, sentence) in text.sentences.iter().enumerate() {
        let words = &text.tokens[sentence.tokens.clone()];
        // Every announcement and conclusion opens with one of these letters.
        let may_open = words
            .first()
            .and_then(|w| w.norm.bytes().next())
            .is_some_and(|b| b"tioas".contains(&b));
        let announces = may_open
            && ANNOUNCERS.iter().any(|who| {
                let rest = opens_with(words, who).then(|| &words[who.len()..]);
                rest.is_some_and(|rest| {
                    let verb = match rest {
                        [will, verb, ..] if matches!(will.norm.as_ref(), "will" | "shall") => verb,
                        [am, going, to, verb, ..]
                            if am.norm.as_ref() == "am"
                                && going.norm.as_ref() == "going"
                                && to.norm.as_ref() == "to" =>
                        {
                            verb
                        }
                        _ => return false,
                    };
                    PLAN_VERBS.contains(&verb.norm.as_ref())
                })
            });
        // "So in conclusion", "So overall": a leading "so" changes nothing.
        let after_so = match words {
            [so, rest @ ..] if so.norm.as_ref() == "so" => rest,
            _ => words,
        };
        // A long answer's last paragraph that opens with "So" sums it up.
        let last_paragraph = paragraph.last() == Some(&paragraph[s]);
        let opens_paragraph = s == 0 || paragraph[s - 1] != paragraph[s];
        let sums_up = after_so.len() < words.len() && last_paragraph && opens_paragraph;
        let opens_conclusion = may_open
            && long_answer
            && (sums_up || CONCLUSIONS.iter().any(|c| opens_with(after_so, c)));
        let goes_on = s > 0 && conclusion[s - 1] && paragraph[s - 1] == paragraph[s];
        conclusion[s] = opens_conclusion || goes_on;
        out[s] = announces || conclusion[s];
    }
    out
}

/// Words after a negation that make it deny a source or cause ("not from",
/// "not by", "not due to", "not thanks to", "not through").
const SOURCES: &[&str] = &["from", "by", "due", "thanks", "through"];

/// Negations that set one thing against another ("rather than", "instead of").
const ALTERNATIVES: &[&str] = &["rather", "instead"];

/// Whether a negation cue denies a source or cause rather than a claim:
/// "output rose, but not from the Stakhanovite campaign", "it came from
/// new factories rather than the movement". What it denies is
/// where the claim came from; the claim itself stands, credited elsewhere.
pub(super) fn denies_as_source(text: &Text, cue: &Cue) -> bool {
    if cue.reach != Reach::Forward {
        return false;
    }
    let first = text.tokens[cue.tokens.start].norm.as_ref();
    let next = text
        .tokens
        .get(cue.tokens.end)
        .filter(|t| t.clause == cue.clause)
        .is_some_and(|t| SOURCES.contains(&t.norm.as_ref()));
    ALTERNATIVES.contains(&first) || next
}

/// Prepositions that set a sentence in a time or place ("During the war").
const FRAMES: &[&str] = &[
    "during",
    "in",
    "after",
    "before",
    "throughout",
    "under",
    "at",
    "since",
];

/// Most words from a sentence's first to the other topic it is set in
/// ("In the Cold War", "During the Second World War").
const FRAME_REACH: usize = 3;

/// Whether sentence `s` opens by setting itself in another topic: a
/// preposition of time or place and, within a few words, the name of the
/// other topic (`starts_other`: whether an other-topic occurrence starts at
/// a token). "During the Second World War workers exceeded their targets"
/// tells of the war, whatever words of the question it uses.
pub(super) fn set_in_other_topic(
    text: &Text,
    s: usize,
    starts_other: impl Fn(usize) -> bool,
) -> bool {
    let range = text.sentences[s].tokens.clone();
    let opens = text
        .tokens
        .get(range.start)
        .is_some_and(|t| FRAMES.contains(&t.norm.as_ref()));
    opens && (range.start + 1..range.end.min(range.start + 1 + FRAME_REACH)).any(starts_other)
}

/// Whether an occurrence (its tokens) lies inside the name of another topic,
/// and is shorter than that name: "collective" in "collective farms", "great"
/// in "the Great Terror", "race" in "the space race" are part of a name, not
/// words of their own. `names` holds the tokens of the other topics' occurrences.
pub(super) fn inside_other_name(tokens: &Range<usize>, names: &[Range<usize>]) -> bool {
    names.iter().any(|name| {
        name.start <= tokens.start && tokens.end <= name.end && tokens.len() < name.len()
    })
}

/// Words that open a clause of their own after a comma ("..., if a worker").
const CLAUSE_OPENERS: &[&str] = &[
    "if", "when", "which", "who", "whom", "whose", "where", "whether", "because", "while",
    "whilst", "although", "though", "whereas", "unless", "until", "since", "but", "so", "yet",
];

/// Whether the tokens of a phrase stand together: no semicolon, colon or
/// bracket between them, and no comma before a word that opens a clause of
/// its own. "example of a worker" is a phrase in "an example of a worker",
/// not in "For example, if a worker ...", while a comma inside a list
/// keeps its words together ("coal, steel and oil" is "coal and steel"),
/// and so does a stray one ("from high concentration, to low").
pub(super) fn unbroken(text: &Text, tokens: &Range<usize>) -> bool {
    let words = &text.tokens[tokens.clone()];
    words.windows(2).all(|pair| {
        let gap = text
            .original
            .get(pair[0].span.1..pair[1].span.0)
            .unwrap_or_default();
        // Most words stand one space apart: nothing between them to read.
        if gap == " " {
            return true;
        }
        let clause_break = gap.contains(',') && CLAUSE_OPENERS.contains(&pair[1].norm.as_ref());
        !gap.contains([';', ':', '(', ')']) && !clause_break
    })
}

/// Nouns that introduce a word as a word: "the word 'competition'".
const WORD_NOUNS: &[&str] = &["word", "term", "phrase", "expression"];

/// Quotation marks, straight and curly.
const QUOTES: &[char] = &['\'', '"', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}'];

/// Most words a quoted word or phrase named as a word has.
const MAX_MENTION: usize = 4;

/// Most words a term being defined has ("Propaganda means lies",
/// "Socialist emulation means ...").
const MAX_DEFINED: usize = 3;

/// The tokens an answer only mentions or defines, rather than using them to
/// claim something: a quoted word named as a word ("The word 'competition'
/// makes it sound like capitalism"), and the clause of a definition of
/// another term ("Propaganda means lies"), whose words say what a word
/// means, not what happened. A definition of the question's own subject
/// ("Stakhanovism means ...") is a claim about it: `is_subject` tells, per
/// token, whether it names the subject, and such definitions are kept.
pub(super) fn mentioned(text: &Text, is_subject: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let tokens = &text.tokens;
    let gap = |a: usize, b: usize| {
        text.original
            .get(tokens[a].span.1..tokens[b].span.0)
            .unwrap_or_default()
    };
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        // Neither the nouns nor "means" are function words.
        if token.is_stop {
            continue;
        }
        let next = i + 1;
        let same_sentence = |j: usize| j < tokens.len() && tokens[j].sentence == token.sentence;
        // "the word 'competition'": from the opening quote to the closing one.
        if token.reading_words.has(ReadingWords::WORD_NOUN)
            && same_sentence(next)
            && gap(i, next).contains(QUOTES)
        {
            let last = (next..tokens.len().min(next + MAX_MENTION))
                .take_while(|&j| same_sentence(j))
                .find(|&j| {
                    let after = text.original.get(tokens[j].span.1..).unwrap_or_default();
                    after.starts_with(QUOTES)
                });
            if let Some(last) = last {
                found.push(next..last + 1);
            }
        }
        // "Propaganda means lies": a term of a few words opening its clause,
        // then "means".
        if token.reading_words.has(ReadingWords::MEANS) && i > 0 {
            let clause = token.clause;
            let start = (0..i)
                .rev()
                .take_while(|&j| tokens[j].clause == clause)
                .last()
                .unwrap_or(i);
            let term = start..i;
            let is_term = !term.is_empty()
                && term.len() <= MAX_DEFINED
                && tokens[term.clone()]
                    .iter()
                    .all(|t| !t.is_stop && !t.is_negation)
                && !term.clone().any(&is_subject);
            if is_term {
                let end = (i..tokens.len())
                    .take_while(|&j| tokens[j].clause == clause)
                    .last()
                    .unwrap_or(i);
                found.push(start..end + 1);
            }
        }
    }
    found
}

/// Nouns of an office whose portfolio follows "of": "the commissar of
/// heavy industry", "the Minister of Coal".
const OFFICES: &[&str] = &[
    "minister",
    "ministers",
    "ministry",
    "commissar",
    "commissars",
    "commissariat",
    "department",
];

/// Most words an office's portfolio has ("heavy industry").
const MAX_PORTFOLIO: usize = 3;

/// The tokens that name an office's portfolio: "heavy industry" in "the
/// commissar of heavy industry" is part of a title, not a claim that
/// anyone built up heavy industry.
pub(super) fn portfolios(text: &Text) -> Vec<Range<usize>> {
    named_after(text, ReadingWords::OFFICE, ReadingWords::OF, MAX_PORTFOLIO)
}

/// Nouns of an entitlement to act: "the right to strike".
const ENTITLEMENTS: &[&str] = &["right", "rights", "freedom"];

/// The words that name what a right allows: "strike" in "the right to
/// strike" is a right that was given, not a strike that happened.
pub(super) fn entitled_acts(text: &Text) -> Vec<Range<usize>> {
    named_after(text, ReadingWords::ENTITLEMENT, ReadingWords::TO, 1)
}

/// The words a head noun's link names ("heavy industry" after "commissar
/// of", "strike" after "right to"): up to `most` words after the link that
/// are not function words, in the head's clause.
fn named_after(
    text: &Text,
    heads: ReadingWords,
    link: ReadingWords,
    most: usize,
) -> Vec<Range<usize>> {
    let tokens = &text.tokens;
    let mut found = Vec::new();
    for i in 0..tokens.len().saturating_sub(2) {
        if !tokens[i].reading_words.has(heads) || !tokens[i + 1].reading_words.has(link) {
            continue;
        }
        let start = i + 2;
        let end = (start..tokens.len().min(start + most))
            .take_while(|&j| tokens[j].clause == tokens[i].clause && !tokens[j].is_stop)
            .last();
        if let Some(end) = end {
            found.push(start..end + 1);
        }
    }
    found
}

/// Verbs that say what something is.
const COPULAS: &[&str] = &["is", "was", "are", "were", "became", "becomes"];

/// Words that open a relative clause, which says more about what came
/// before (as a participle does: ", showing ...").
const RELATIVES: &[&str] = &["who", "which", "whose"];

/// Most words between the subject and the verb saying what it is
/// ("Stakhanov was", "Stakhanov, who was", "Stakhanov himself was").
const COPULA_REACH: usize = 3;

/// The tokens that describe the subject as part of another topic: when the
/// subject is said to be something (`is_subject` at the token, then "was",
/// "is", "became" …), and that description, with the relative clauses
/// and participles that go on with it, names another topic (`is_other`), then what it says
/// is said of that other thing. "Stakhanov was a hero of the Second World
/// War who was punished by Stalin" speaks of a war hero: neither "hero" nor
/// "punished" is a claim about the movement. Returns, per such sentence,
/// the tokens from the verb to the end of the description.
pub(super) fn placed_in_other_topic(
    text: &Text,
    is_subject: impl Fn(usize) -> bool,
    is_other: impl Fn(usize) -> bool,
) -> Vec<Range<usize>> {
    let tokens = &text.tokens;
    let mut found = Vec::new();
    for sentence in &text.sentences {
        let range = sentence.tokens.clone();
        let copula = range.clone().find(|&i| {
            tokens[i].reading_words.has(ReadingWords::COPULA)
                && (i.saturating_sub(COPULA_REACH).max(range.start)..i).any(&is_subject)
        });
        let Some(copula) = copula else {
            continue;
        };
        // The description: the verb's clause, and the relative clauses after it.
        let mut end = copula;
        let mut clause = tokens[copula].clause;
        for (j, token) in tokens[..range.end].iter().enumerate().skip(copula) {
            if token.clause != clause {
                let opening = token.norm.as_ref();
                if !RELATIVES.contains(&opening) && !opening.ends_with("ing") {
                    break;
                }
                clause = token.clause;
            }
            end = j + 1;
        }
        if !(copula..end).any(&is_other) {
            continue;
        }
        // The clauses after it that do not name the subject again go on
        // about that figure: "..., and his story was used as propaganda".
        let mut rest = end;
        while rest < range.end {
            let clause = tokens[rest].clause;
            let clause_end = (rest..range.end)
                .find(|&j| tokens[j].clause != clause)
                .unwrap_or(range.end);
            if (rest..clause_end).any(&is_subject) {
                break;
            }
            rest = clause_end;
        }
        found.push(copula..rest);
    }
    found
}

/// The names an answer placed in another topic ([`placed_in_other_topic`]'s
/// `placed` ranges), each with the sentence that placed it: the word naming
/// the subject just before the verb ("Stakhanov" in "General Stakhanov, who
/// was a hero of the Civil War").
pub(super) fn placed_figures<'t>(
    text: &'t Text,
    placed: &[Range<usize>],
    is_subject: impl Fn(usize) -> bool,
) -> Vec<(usize, &'t str)> {
    placed
        .iter()
        .filter_map(|range| {
            let sentence = text.tokens[range.start].sentence;
            let first = text.sentences[sentence].tokens.start;
            let named = (range.start.saturating_sub(COPULA_REACH).max(first)..range.start)
                .rev()
                .find(|&t| is_subject(t))?;
            Some((sentence, text.tokens[named].norm.as_ref()))
        })
        .collect()
}

/// Whether sentence `s` names the subject only by the name of a figure
/// placed in another topic in an earlier sentence (`figures`, see
/// [`placed_figures`]): after "Stakhanov was a general in the Civil War",
/// "a great hero like Stakhanov" is that general, while "Stakhanovism" is
/// still the movement.
pub(super) fn about_placed_figure(
    text: &Text,
    s: usize,
    figures: &[(usize, &str)],
    is_subject: impl Fn(usize) -> bool,
) -> bool {
    let mut named = text.sentences[s]
        .tokens
        .clone()
        .filter(|&t| is_subject(t))
        .peekable();
    named.peek().is_some()
        && named.all(|t| {
            figures
                .iter()
                .any(|&(at, name)| at < s && text.tokens[t].norm.as_ref() == name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flags of `carry_other_topic` for four sentences of one paragraph.
    #[track_caller]
    fn carried(
        off: [bool; 4],
        subject: [bool; 4],
        broad: [bool; 4],
        other: [bool; 4],
    ) -> [bool; 4] {
        let mut off = off;
        let named = Named {
            subject: &subject,
            broad: &broad,
            other: &other,
            placed: &[false; 4],
        };
        carry_other_topic(&mut off, &named, &[0, 0, 0, 1]);
        off
    }

    #[test]
    fn a_sentence_naming_nothing_carries_on_the_topic_before_it() {
        const NO: [bool; 4] = [false; 4];
        let first = [true, false, false, false];
        let subject = [false, false, true, false];
        assert_eq!(
            carried(first, subject, subject, first),
            [true, true, false, false]
        );
        // Not past the paragraph's end.
        let third = [false, false, true, false];
        assert_eq!(carried(third, NO, NO, third), third);
        // Nor from a sentence that also names words around the subject.
        assert_eq!(carried(first, NO, first, first), first);
    }

    #[test]
    fn a_sentence_naming_no_word_of_the_question_stays_in_the_domain_before_it() {
        let mut blocked = vec![true, false, false, false];
        let broad = [false, false, true, false];
        carry_other_domain(&mut blocked, &broad, &[0, 0, 0, 0]);
        assert_eq!(blocked, [true, true, false, false]);
        let mut blocked = vec![true, false];
        carry_other_domain(&mut blocked, &[true, false], &[0, 0]);
        assert_eq!(blocked, [true, false]);
    }

    #[test]
    fn a_negation_before_from_or_because_denies_a_source() {
        let text = crate::text::analyse("Output rose, not from Stakhanov; it did not rise.");
        let cues = super::super::negation::find_cues(&text);
        let sources: Vec<bool> = cues.iter().map(|c| denies_as_source(&text, c)).collect();
        assert_eq!(sources, [true, false]);
    }

    #[test]
    fn an_answers_plan_and_a_long_answers_conclusion_frame_it() {
        let framing_of = |answer: &str, long: bool| {
            let text = crate::text::analyse(answer);
            let paragraph = vec![0; text.sentences.len()];
            framing(&text, &paragraph, long)
        };
        let plan = "This essay will discuss pressure. Output rose. I will argue that it did.";
        assert_eq!(framing_of(plan, false), [true, false, false]);
        let end = "Output rose. In conclusion, output rose. Workers were paid.";
        assert_eq!(framing_of(end, true), [false, true, true]);
        assert_eq!(framing_of(end, false), [false, false, false]);
        let so = "Output rose. So overall, output rose.";
        assert_eq!(framing_of(so, true), [false, true]);
    }

    #[test]
    fn a_sentence_set_in_another_topics_time_is_about_it() {
        let text = crate::text::analyse(
            "During the Second World War workers worked. Workers in the war worked.",
        );
        let starts = |t: usize| t == 2 || t == 9;
        assert!(set_in_other_topic(&text, 0, starts));
        assert!(!set_in_other_topic(&text, 1, starts));
    }

    #[test]
    fn a_phrase_does_not_reach_across_a_comma() {
        let text = crate::text::analyse("For example, if a worker tried; an example of a worker");
        assert!(!unbroken(&text, &(1..5)));
        assert!(unbroken(&text, &(7..11)));
        let list = crate::text::analyse("more coal, steel and oil");
        assert!(unbroken(&list, &(1..3)));
        let stray = crate::text::analyse("from high concentration, to low");
        assert!(unbroken(&stray, &(0..5)));
    }

    #[test]
    fn quoted_words_named_as_words_and_definitions_of_other_terms_are_mentions() {
        let mentions = |answer: &str| -> Vec<String> {
            let text = crate::text::analyse(answer);
            let subject = |t: usize| text.tokens[t].norm.starts_with("stakhanov");
            mentioned(&text, subject)
                .into_iter()
                .map(|r| {
                    let span = (text.tokens[r.start].span.0, text.tokens[r.end - 1].span.1);
                    text.slice(span).to_string()
                })
                .collect()
        };
        assert_eq!(
            mentions("The word 'rivalry' sounds harsh, but workers competed."),
            ["rivalry"]
        );
        assert_eq!(
            mentions("Propaganda means lies, but the records were real."),
            ["Propaganda means lies"]
        );
        assert!(mentions("Stakhanovism means working beyond the norm.").is_empty());
        assert!(mentions("This means that output rose.").is_empty());
        assert!(mentions("In other words, output rose.").is_empty());
    }

    #[test]
    fn an_offices_portfolio_is_a_title() {
        let text = crate::text::analyse("The commissar of heavy industry and the ministry met.");
        assert_eq!(portfolios(&text), vec![Range { start: 3, end: 5 }]);
    }

    #[test]
    fn what_a_right_allows_is_named_not_done() {
        let text = crate::text::analyse("They won the right to strike and did strike.");
        assert_eq!(entitled_acts(&text), vec![Range { start: 5, end: 6 }]);
    }

    #[test]
    fn a_placed_figure_is_the_name_before_the_verb_and_stays_so() {
        let text = crate::text::analyse(
            "General Stakhanov was a hero of the war. Stakhanov won. Stakhanovism won.",
        );
        let subject = |t: usize| text.tokens[t].norm.starts_with("stakhanov");
        let war = |t: usize| text.tokens[t].norm.as_ref() == "war";
        let placed = placed_in_other_topic(&text, subject, war);
        let figures = placed_figures(&text, &placed, subject);
        assert_eq!(figures, [(0, "stakhanov")]);
        let about: Vec<bool> = (0..3)
            .map(|s| about_placed_figure(&text, s, &figures, subject))
            .collect();
        assert_eq!(about, [false, true, false]);
    }

    #[test]
    fn a_word_inside_another_topics_name_is_part_of_it() {
        let names = vec![3..5, 8..10];
        assert!(inside_other_name(&(3..4), &names));
        assert!(!inside_other_name(&(3..5), &names));
        assert!(!inside_other_name(&(2..4), &names));
    }
}
