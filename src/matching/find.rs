//! Finding points in an answer: term occurrences, then one decision per point.

use super::compile::{
    pattern_bits, Alternative, AnswerWords, CompiledRubric, Evidence, Hits, PhraseIndex,
    PhraseStarts, TermStart, TermTry,
};
use super::negation::{find_cues, Cue, CueIndex, Reach};
use super::reading;
use super::screen::ScreenedSentences;
use super::terms::How;
use crate::text::{non_ascii_chars, Span, Text};
use smallvec::SmallVec;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

/// What a decision earned by a regex names as its alternative, and as the
/// concept of what it found; shared, as the rubric's names are.
static REGEX: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from("regex"));

/// The term of what a regex found: none.
static NO_TERM: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(""));

/// Most tokens that evidence within one (long, run-on) sentence may span.
pub const SENTENCE_WINDOW: usize = 40;

/// Most words a heading sentence has ("Osmosis.", "Active transport.").
const MAX_HEADING_TOKENS: usize = 3;

/// Most tokens that evidence spread over two neighbouring sentences may span.
pub const PAIR_WINDOW: usize = 30;

/// Most combinations of occurrences tried for one alternative in one
/// region (sentence or pair): a sentence crowded with a point's concepts
/// that never stand close enough could otherwise take time exponential in
/// their number. Real answers try a handful.
const MAX_CHOICES: usize = 4_096;

/// Most words between two concepts joined by `~` ("output ~ rise": "output rose",
/// "raised output", "output of the mines went up").
pub const NEAR: usize = 3;

/// A concept found in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The concept's name (`"regex"` for a regex match).
    pub concept: Arc<str>,
    /// The rubric term that matched (empty for a regex).
    pub term: Arc<str>,
    /// The answer's own words.
    pub text: String,
    /// Where they stand in the answer.
    pub span: Span,
    /// How the words matched (the worst of the term's words).
    pub how: How,
    /// Whether the term is a synonym rather than a form of the concept's first term.
    pub synonym: bool,
    /// For a typo: the misspelt answer word and the rubric word it was taken for.
    pub misspelt: Option<(String, String)>,
}

/// What was decided for one point.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The answer states the point.
    Covered {
        /// The alternative that earned it (or `regex`).
        alternative: Arc<str>,
        /// The concepts found together.
        found: Vec<Found>,
        /// The sentence (or two) quoted as evidence.
        evidence: Span,
    },
    /// The answer states the point's concepts but denies the claim.
    Denied {
        /// The alternative whose concepts were found.
        alternative: Arc<str>,
        /// The concepts found.
        found: Vec<Found>,
        /// The negation words.
        cue: String,
        /// Where the negation stands.
        cue_span: Span,
        /// The sentence (or two) looked at.
        evidence: Span,
    },
    /// The answer does not state the point.
    Missing {
        /// The alternative that came closest, if any concept was found at all.
        alternative: Option<Arc<str>>,
        /// Its concepts that were found (anywhere in the answer).
        found: Vec<Found>,
        /// Its concepts that were not.
        missing: Vec<Arc<str>>,
    },
}

impl Decision {
    /// Whether the point is earned.
    pub fn is_covered(&self) -> bool {
        matches!(self, Decision::Covered { .. })
    }
}

/// A misconception the answer states.
#[derive(Debug, Clone, PartialEq)]
pub struct MisconceptionMatch {
    /// Index of the point it belongs to.
    pub point: usize,
    /// Index of the misconception within the point.
    pub misconception: usize,
    /// The sentence that states it.
    pub evidence: Span,
    /// The concepts found.
    pub found: Vec<Found>,
}

/// Everything matching decided about one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Matches {
    /// One decision per rubric point, in rubric order.
    pub points: Vec<Decision>,
    /// Misconceptions found, in rubric order.
    pub misconceptions: Vec<MisconceptionMatch>,
}

impl Matches {
    /// The decisions for an answer that states none of the points.
    pub fn nothing(points: usize) -> Matches {
        let missing = Decision::Missing {
            alternative: None,
            found: Vec::new(),
            missing: Vec::new(),
        };
        Matches {
            points: vec![missing; points],
            misconceptions: Vec::new(),
        }
    }
}

/// Occurrences picked for an alternative's concepts. An alternative has a
/// handful of concepts, and these small lists are made for every point and
/// region, so they live on the stack unless they grow long.
type Picks<'o> = SmallVec<[&'o Occurrence; 4]>;

/// The occurrence lists of an alternative's concepts (see [`Picks`]).
type Lists<'o> = SmallVec<[&'o [Occurrence]; 4]>;

/// One place where a term (or a regex) matched.
#[derive(Debug, Clone)]
struct Occurrence {
    /// The term, or `None` for a regex match.
    term: Option<usize>,
    tokens: Range<usize>,
    sentence: usize,
    how: How,
    /// The text's cues that deny it (a point may set some aside, see [`Limits`]).
    denied_by: Vec<usize>,
}

/// Words that open a paragraph carrying on from the one before ("As a
/// result, ...", "The consequences ...", "However, ...", "But ...").
const CONTINUATIONS: &[&str] = &[
    "result",
    "consequence",
    "consequences",
    "therefore",
    "consequently",
    "similarly",
    "however",
    "moreover",
    "furthermore",
    "but",
    "yet",
];

/// Per sentence, whether it is about another topic: it names one of the
/// rubric's `other_topics` (undenied) and none of the `subject` concepts
/// given (the rubric's `subject`, or its `core_subject`), or it stands in
/// a context paragraph of a long answer (`paragraph`: each sentence's, see [`paragraphs`]);
/// `placed` marks the sentences that place the subject in another topic
/// (see [`reading::placed_in_other_topic`]).
fn elsewhere(
    compiled: &CompiledRubric,
    subject: &[usize],
    by_concept: &[Vec<Occurrence>],
    text: &Text,
    paragraph: &[usize],
    placed: &[bool],
) -> Vec<bool> {
    let sentences = text.sentences.len();
    if subject.is_empty() {
        return vec![false; sentences];
    }
    // A denied subject still keeps the sentence on the question ("workers
    // who did not meet their quotas were sent to the gulag"); a denied other
    // topic does not take it away ("it was not part of collectivisation").
    let named = |concepts: &[usize], even_denied: bool| {
        let mut marked = vec![false; sentences];
        for &concept in concepts {
            for occurrence in &by_concept[concept] {
                if even_denied || occurrence.denied_by.is_empty() {
                    marked[occurrence.sentence] = true;
                }
            }
        }
        marked
    };
    let (other, subject) = (named(&compiled.other_topics, false), named(subject, true));
    // In an answer of several paragraphs that names its subject somewhere,
    // a paragraph that never names it is context (the Terror, the war, the
    // Plans in general): its sentences earn nothing. A paragraph that opens
    // by referring back ("This approach ...", "The workers who did this
    // ...") carries on the subject of the one before.
    let count = paragraph.last().map_or(0, |p| p + 1);
    let mut on_subject = vec![false; count];
    let mut opens_referring_back = vec![false; count];
    for (s, named) in subject.iter().enumerate() {
        on_subject[paragraph[s]] |= *named;
        if s == 0 || paragraph[s - 1] != paragraph[s] {
            let opening = &text.tokens[text.sentences[s].tokens.clone()];
            opens_referring_back[paragraph[s]] = opening.iter().any(|t| t.is_anaphor)
                || opening
                    .iter()
                    .take(3)
                    .any(|t| CONTINUATIONS.contains(&t.norm.as_ref()));
        }
    }
    for p in 1..count {
        on_subject[p] |= opens_referring_back[p] && on_subject[p - 1];
    }
    let context = count >= 2 && on_subject.iter().any(|o| *o);
    let broad = named(&compiled.subject, true);
    let core = if compiled.core_subject.is_empty() {
        broad.clone()
    } else {
        named(&compiled.core_subject, true)
    };
    // A sentence set in another topic's time ("During the Second World War
    // ...") is about it, unless it names the subject itself.
    let mut other_starts: Vec<usize> = compiled
        .other_topics
        .iter()
        .flat_map(|&c| by_concept[c].iter())
        .filter(|o| o.denied_by.is_empty())
        .map(|o| o.tokens.start)
        .collect();
    other_starts.sort_unstable();
    let starts_other = |t: usize| other_starts.binary_search(&t).is_ok();
    let mut off_topic: Vec<bool> = (0..sentences)
        .map(|s| {
            let framed = || reading::set_in_other_topic(text, s, starts_other);
            (other[s] && !subject[s]) || (other[s] && !core[s] && framed())
        })
        .collect();
    let names = reading::Named {
        subject: &subject,
        broad: &broad,
        other: &other,
        placed,
    };
    reading::carry_other_topic(&mut off_topic, &names, paragraph);
    (0..sentences)
        .map(|s| off_topic[s] || (context && !on_subject[paragraph[s]]))
        .collect()
}

/// The paragraph (from 0) of each sentence: paragraphs end at blank lines.
fn paragraphs(text: &Text) -> Vec<usize> {
    let mut current = 0;
    let mut out = Vec::with_capacity(text.sentences.len());
    for (s, sentence) in text.sentences.iter().enumerate() {
        if let Some(before) = s.checked_sub(1).map(|b| &text.sentences[b]) {
            let gap = text
                .original
                .get(before.span.1..sentence.span.0)
                .unwrap_or_default();
            // Two line breaks (or more) in the gap: a blank line.
            if gap.bytes().filter(|&b| b == b'\n').nth(1).is_some() {
                current += 1;
            }
        }
        out.push(current);
    }
    out
}

/// The analysis of one answer that every point's decision shares.
struct Scan<'a, 't> {
    compiled: &'a CompiledRubric,
    text: &'t Text<'t>,
    cues: Vec<Cue>,
    /// The cues by clause and by first token.
    cue_index: CueIndex,
    /// Per token, the rubric word patterns it matches.
    hits: &'a [Hits],
    /// Per sentence, whether it can be evidence for a point about the
    /// question's core subject: a statement, on the question (see [`elsewhere`]).
    eligible: Vec<bool>,
    /// The same for a point about the question's context (`context` in the
    /// rubric), judged on the broad subject.
    eligible_in_context: Vec<bool>,
    /// Per sentence, whether it refers back to the one before.
    refers_back: Vec<bool>,
    /// Per sentence, whether it is a heading for the next one: a fragment
    /// of one to three words ("Osmosis." before "The movement of water ...").
    heading: Vec<bool>,
    /// Whether every non-ASCII character of the answer is a non-word
    /// character (curly quotes and dashes, say, but no accented letters).
    no_foreign_word_chars: bool,
    /// Which sentences may match which regexes, when the literal screen applies.
    screened: Option<ScreenedSentences<'a>>,
    /// Occurrences per concept.
    by_concept: Vec<Vec<Occurrence>>,
    /// Per sentence, whether it names a word of the rubric's broad `subject`.
    names_broad: Vec<bool>,
    /// Per sentence, its paragraph (see [`paragraphs`]).
    paragraph: Vec<usize>,
}

thread_local! {
    /// The occurrence lists (one per concept) of the thread's last answer,
    /// emptied, so that the next answer reuses their room.
    static OCCURRENCE_LISTS: RefCell<Vec<Vec<Occurrence>>> = const { RefCell::new(Vec::new()) };
}

/// Most occurrences a list keeps room for between answers: the room an
/// unusually long answer took is given back rather than kept.
const KEPT_OCCURRENCES: usize = 1_024;

/// `concepts` empty occurrence lists, the thread's last ones where it has them.
fn take_occurrence_lists(concepts: usize) -> Vec<Vec<Occurrence>> {
    let mut lists = OCCURRENCE_LISTS
        .try_with(|kept| std::mem::take(&mut *kept.borrow_mut()))
        .unwrap_or_default();
    lists.resize_with(concepts, Vec::new);
    lists
}

impl Drop for Scan<'_, '_> {
    /// Gives the occurrence lists back to the thread, emptied, for its next answer.
    fn drop(&mut self) {
        let mut lists = std::mem::take(&mut self.by_concept);
        for list in &mut lists {
            list.clear();
            if list.capacity() > KEPT_OCCURRENCES {
                *list = Vec::new();
            }
        }
        let _ = OCCURRENCE_LISTS.try_with(|kept| *kept.borrow_mut() = lists);
    }
}

/// Decides every point (and misconception) of the rubric for an analysed answer.
///
/// Misconceptions are decided first: words that state a misconception
/// ("they breathe in oxygen") are not also evidence for a point.
pub fn find(compiled: &CompiledRubric, text: &Text, words: &AnswerWords) -> Matches {
    let mut scan = Scan::new(compiled, text, &words.hits);
    let mut misconceptions = Vec::new();
    for (point, list) in compiled.misconceptions.iter().enumerate() {
        for (misconception, evidence) in list.iter().enumerate() {
            if let Decision::Covered {
                found, evidence, ..
            } = scan.decide(evidence)
            {
                misconceptions.push(MisconceptionMatch {
                    point,
                    misconception,
                    evidence,
                    found,
                });
            }
        }
    }
    let wrong: Vec<Span> = misconceptions
        .iter()
        .flat_map(|m| m.found.iter().map(|f| f.span))
        .collect();
    if !wrong.is_empty() {
        scan.set_aside(&wrong);
    }
    let points = compiled
        .points
        .iter()
        .map(|evidence| scan.decide(evidence))
        .collect();
    Matches {
        points,
        misconceptions,
    }
}

/// What one point rules out beyond the text's own negations.
struct Limits {
    /// Per sentence, whether an `unless` concept stands in it (empty when
    /// the point has no `unless` concepts).
    blocked: Vec<bool>,
    /// Per text cue, whether it stands inside a term of this point's own
    /// concepts ("did not meet" in "workers who did not meet quotas were
    /// punished"), and so is part of the claim rather than a denial of it.
    consumed: Vec<bool>,
    /// The point's `denied_by` occurrences, as cues.
    cues: Vec<Cue>,
    /// Those cues by clause.
    cue_index: CueIndex,
    /// Whether the point is judged on the broad subject (see `Evidence::context`).
    context: bool,
}

/// A combination of occurrences that satisfies an alternative, and where.
struct Hit<'o> {
    chosen: Picks<'o>,
    sentences: Range<usize>,
}

impl Hit<'_> {
    /// Sort key: earlier and single-sentence evidence first.
    fn rank(&self) -> (usize, usize) {
        (self.sentences.len(), self.sentences.start)
    }
}

impl<'a, 't> Scan<'a, 't> {
    fn new(compiled: &'a CompiledRubric, text: &'t Text<'t>, hits: &'a [Hits]) -> Self {
        let cues = find_cues(text);
        let cue_index = CueIndex::new(&cues);
        // The thread's lists from the answer before, emptied: allocating
        // (and sizing) new ones answer by answer was a noticeable share of the time.
        let mut by_concept = take_occurrence_lists(compiled.concept_names.len());
        add_occurrences(compiled, text, hits, &cues, &cue_index, &mut by_concept);
        // Words inside the name of another topic ("collective" in
        // "collective farms") are part of that name, not words of their own.
        let names: Vec<Range<usize>> = compiled
            .other_topics
            .iter()
            .flat_map(|&c| by_concept[c].iter().map(|o| o.tokens.clone()))
            .collect();
        if !names.is_empty() {
            for (concept, list) in by_concept.iter_mut().enumerate() {
                if !compiled.other_topics.contains(&concept) {
                    list.retain(|o| !reading::inside_other_name(&o.tokens, &names));
                }
            }
        }
        // Words only mentioned or defined ("the word 'competition'",
        // "Propaganda means lies") claim nothing.
        let subject = if compiled.core_subject.is_empty() {
            &compiled.subject
        } else {
            &compiled.core_subject
        };
        // Without a subject, any term defined may be the question's own.
        let names_subject = |t: usize| {
            subject.is_empty()
                || subject
                    .iter()
                    .any(|&c| by_concept[c].iter().any(|o| o.tokens.contains(&t)))
        };
        // A list of words is no statement, unless a label makes it a note
        // about something other than the subject ("Long term: burnout, ..."),
        // nor is a fragment, unless the model answer is made of them; then
        // a run of names is a list ("transpiration osmosis evaporation").
        let fragments_answer = compiled.reference.answers_in_fragments();
        let statement: Vec<bool> = (0..text.sentences.len())
            .map(|s| {
                let sentence = &text.sentences[s];
                let listing = sentence.list_like
                    || (fragments_answer && crate::text::is_run_of_names(text, sentence));
                !listing
                    || reading::labelled_note(text, s, names_subject)
                    || (fragments_answer && crate::text::is_fragment(text, sentence))
            })
            .collect();
        // Each rule needs its words somewhere in the answer: those with none
        // there find nothing, and are not asked.
        let present = reading::ReadingWords::in_answer(text);
        let mut mentions = if present.has(reading::ReadingWords::WORD_NOUN)
            || present.has(reading::ReadingWords::MEANS)
        {
            reading::mentioned(text, names_subject)
        } else {
            Vec::new()
        };
        if present.has(reading::ReadingWords::OFFICE) && present.has(reading::ReadingWords::OF) {
            mentions.extend(reading::portfolios(text));
        }
        if present.has(reading::ReadingWords::ENTITLEMENT) && present.has(reading::ReadingWords::TO)
        {
            mentions.extend(reading::entitled_acts(text));
        }
        // What the subject is said to be, when that names another topic
        // ("Stakhanov was a hero of the Second World War"), is said of that.
        let names_other = |t: usize| {
            compiled
                .other_topics
                .iter()
                .any(|&c| by_concept[c].iter().any(|o| o.tokens.contains(&t)))
        };
        let any_other = compiled
            .other_topics
            .iter()
            .any(|&c| !by_concept[c].is_empty());
        let placed_ranges = if any_other {
            reading::placed_in_other_topic(text, names_subject, names_other)
        } else {
            Vec::new()
        };
        let mut placed = vec![false; text.sentences.len()];
        for range in &placed_ranges {
            placed[text.tokens[range.start].sentence] = true;
        }
        // The figure an answer placed in another topic ("Stakhanov was a
        // general in the Civil War") stays that figure: later sentences that
        // name the subject only by that name speak of him.
        let figures = reading::placed_figures(text, &placed_ranges, names_subject);
        let about_figure: Vec<bool> = if figures.is_empty() {
            Vec::new()
        } else {
            (0..text.sentences.len())
                .map(|s| reading::about_placed_figure(text, s, &figures, names_subject))
                .collect()
        };
        mentions.extend(placed_ranges);
        if !mentions.is_empty() {
            for (concept, list) in by_concept.iter_mut().enumerate() {
                let topical = compiled.other_topics.contains(&concept)
                    || compiled.subject.contains(&concept)
                    || compiled.core_subject.contains(&concept);
                if !topical {
                    list.retain(|o| {
                        !mentions
                            .iter()
                            .any(|m| m.start < o.tokens.end && o.tokens.start < m.end)
                    });
                }
            }
        }
        let paragraph = paragraphs(text);
        let eligible_for = |subject: &[usize]| -> Vec<bool> {
            let elsewhere = elsewhere(compiled, subject, &by_concept, text, &paragraph, &placed);
            statement
                .iter()
                .zip(elsewhere)
                .map(|(statement, elsewhere)| *statement && !elsewhere)
                .collect()
        };
        let mut eligible_in_context = eligible_for(&compiled.subject);
        // The core subject judges long answers, where context paragraphs
        // and sentences about the period name workers and output too; a
        // short answer is judged on the broad subject.
        let long_answer = paragraph.last().is_some_and(|&p| p >= 1);
        let mut eligible = if compiled.core_subject.is_empty() || !long_answer {
            eligible_in_context.clone()
        } else {
            eligible_for(&compiled.core_subject)
        };
        for (eligible, about_figure) in eligible.iter_mut().zip(about_figure) {
            *eligible &= !about_figure;
        }
        // Sentences that frame the answer (its plan, a long answer's
        // conclusion) restate or announce the argument; they make no point.
        let framing = reading::framing(text, &paragraph, long_answer);
        for (s, framing) in framing.into_iter().enumerate() {
            if framing {
                eligible[s] = false;
                eligible_in_context[s] = false;
            }
        }
        // A sentence that names its subject only to deny it as the source
        // ("..., not from the Stakhanovite campaign") credits something else.
        let core = if compiled.core_subject.is_empty() {
            &compiled.subject
        } else {
            &compiled.core_subject
        };
        let mut disowned = vec![None; text.sentences.len()];
        for occurrence in core.iter().flat_map(|&c| by_concept[c].iter()) {
            let as_source = occurrence
                .denied_by
                .iter()
                .any(|&c| reading::denies_as_source(text, &cues[c]));
            let all = disowned[occurrence.sentence].unwrap_or(true);
            disowned[occurrence.sentence] = Some(all && as_source);
        }
        for (eligible, disowned) in eligible.iter_mut().zip(disowned) {
            *eligible &= disowned != Some(true);
        }
        let mut names_broad = vec![false; text.sentences.len()];
        for &concept in &compiled.subject {
            for occurrence in &by_concept[concept] {
                names_broad[occurrence.sentence] = true;
            }
        }
        let refers_back = text
            .sentences
            .iter()
            .map(|s| text.tokens[s.tokens.clone()].iter().any(|t| t.is_anaphor))
            .collect();
        let heading = text
            .sentences
            .iter()
            .map(|s| s.list_like && s.tokens.len() <= MAX_HEADING_TOKENS)
            .collect();
        let no_foreign_word_chars =
            non_ascii_chars(text.original).all(|c| !regex_syntax::is_word_character(c));
        // The literal screen reads letters as ASCII (see screen.rs), as the
        // fast regexes it serves do.
        let screened = compiled
            .regex_screen
            .as_ref()
            .filter(|_| no_foreign_word_chars)
            .map(|screen| screen.search(text));
        Scan {
            compiled,
            text,
            no_foreign_word_chars,
            screened,
            cues,
            cue_index,
            hits,
            eligible,
            eligible_in_context,
            refers_back,
            heading,
            by_concept,
            names_broad,
            paragraph,
        }
    }

    /// Drops the occurrences that overlap the given answer spans.
    fn set_aside(&mut self, spans: &[Span]) {
        let text = self.text;
        for list in &mut self.by_concept {
            list.retain(|o| {
                let (start, end) = (
                    text.tokens[o.tokens.start].span.0,
                    text.tokens[o.tokens.end - 1].span.1,
                );
                !spans.iter().any(|s| s.0 < end && start < s.1)
            });
        }
    }

    /// Decides one point (or misconception).
    fn decide(&self, evidence: &Evidence) -> Decision {
        // Most points lack a concept of every alternative in most answers;
        // then only the regex could earn (or deny) them, and when it matches
        // nowhere the point is missing without more ado.
        let concepts_can_earn = evidence.alternatives.iter().any(|alternative| {
            alternative
                .concepts
                .iter()
                .all(|&c| !self.by_concept[c].is_empty())
        });
        let mut regex_occurrences = Vec::new();
        if !concepts_can_earn {
            regex_occurrences = self.regex_occurrences(evidence);
            if regex_occurrences.is_empty() {
                return self.missing(evidence);
            }
        }
        // A sentence that names another domain ("football", "air pressure")
        // is about that, not about the point.
        // The tables are only made where they can hold something: most
        // points have no `unless` concepts, most answers no negation cues.
        let table = |wanted: bool, len: usize| if wanted { vec![false; len] } else { Vec::new() };
        let mut limits = Limits {
            blocked: table(!evidence.unless.is_empty(), self.text.sentences.len()),
            consumed: table(!self.cues.is_empty(), self.cues.len()),
            cues: Vec::new(),
            cue_index: CueIndex::default(),
            context: evidence.context,
        };
        // An answer without cues has none for the point's terms to take in.
        let alternatives = if self.cues.is_empty() {
            &[][..]
        } else {
            &evidence.alternatives[..]
        };
        for alternative in alternatives {
            for &concept in &alternative.concepts {
                for occurrence in &self.by_concept[concept] {
                    for &c in self.cue_index.starting_in(&occurrence.tokens) {
                        limits.consumed[c] = true;
                    }
                }
            }
        }
        for &concept in &evidence.unless {
            for occurrence in &self.by_concept[concept] {
                limits.blocked[occurrence.sentence] = true;
            }
        }
        // Only a rubric with a subject tells a sentence with no word of the
        // question from one that merely uses other words.
        if !evidence.unless.is_empty() && !self.compiled.subject.is_empty() {
            reading::carry_other_domain(&mut limits.blocked, &self.names_broad, &self.paragraph);
        }
        // The point's own cancelling words ("aimed to") act like "not" for it.
        for &concept in &evidence.denied_by {
            for occurrence in &self.by_concept[concept] {
                limits.cues.push(Cue {
                    tokens: occurrence.tokens.clone(),
                    clause: self.text.tokens[occurrence.tokens.start].clause,
                    reach: Reach::Forward,
                });
            }
        }
        limits.cue_index = CueIndex::new(&limits.cues);
        // The alternative's name is shared by the decision made.
        let mut best: Option<(Hit, &Arc<str>)> = None;
        // An alternative with a concept the answer never names can be
        // neither earned nor denied: its lists are not even gathered.
        let possible = evidence
            .alternatives
            .iter()
            .filter(|a| a.concepts.iter().all(|&c| !self.by_concept[c].is_empty()));
        for alternative in possible.clone() {
            let lists = self.occurrence_lists(alternative);
            if let Some(hit) = self.search(&lists, &alternative.near, false, &limits) {
                if best.as_ref().is_none_or(|(b, _)| hit.rank() < b.rank()) {
                    best = Some((hit, &alternative.text));
                }
            }
        }
        // The regex is the escape hatch: tried only when the concepts did not
        // earn the point, since it is the costliest test.
        if concepts_can_earn && best.is_none() {
            regex_occurrences = self.regex_occurrences(evidence);
        }
        if let Some(hit) = self.search(&[regex_occurrences.as_slice()], &[], false, &limits) {
            best = Some((hit, &REGEX));
        }
        if let Some((hit, alternative)) = best {
            return Decision::Covered {
                alternative: alternative.clone(),
                found: self.found(&hit.chosen),
                evidence: self.region_span(&hit.sentences),
            };
        }
        // Without a cue in the answer or a cancelling word of the point's
        // own, nothing is denied: the point is missing.
        if self.cues.is_empty() && limits.cues.is_empty() {
            return self.missing(evidence);
        }
        for alternative in possible {
            let lists = self.occurrence_lists(alternative);
            if let Some(denied) = self.search(&lists, &alternative.near, true, &limits) {
                if let Some(decision) = self.denied(alternative.text.clone(), &denied, &limits) {
                    return decision;
                }
            }
        }
        if let Some(denied) = self.search(&[regex_occurrences.as_slice()], &[], true, &limits) {
            if let Some(decision) = self.denied(REGEX.clone(), &denied, &limits) {
                return decision;
            }
        }
        self.missing(evidence)
    }

    /// The occurrences of each concept of an alternative.
    fn occurrence_lists(&self, alternative: &Alternative) -> Lists<'_> {
        alternative
            .concepts
            .iter()
            .map(|&c| self.by_concept[c].as_slice())
            .collect()
    }

    /// The cue that denies an occurrence: a negation in the text, or one of
    /// the point's own cancelling words.
    fn denial<'c>(&'c self, occurrence: &Occurrence, limits: &'c Limits) -> Option<&'c Cue> {
        if let Some(&c) = occurrence.denied_by.iter().find(|&&c| !limits.consumed[c]) {
            return Some(&self.cues[c]);
        }
        // Most points have no cancelling words of their own: nothing more
        // to look up (but the step `denying` counts for an empty index).
        if limits.cues.is_empty() {
            super::add_work(1);
            return None;
        }
        let mut denying = limits
            .cue_index
            .denying(self.text, &limits.cues, &occurrence.tokens);
        denying.next().map(|c| &limits.cues[c])
    }

    fn denied(&self, alternative: Arc<str>, hit: &Hit, limits: &Limits) -> Option<Decision> {
        let cue = hit.chosen.iter().find_map(|o| self.denial(o, limits))?;
        let cue_span = self.token_span(&cue.tokens);
        Some(Decision::Denied {
            alternative,
            found: self.found(&hit.chosen),
            cue: self.text.slice(cue_span).to_string(),
            cue_span,
            evidence: self.region_span(&hit.sentences),
        })
    }

    fn missing(&self, evidence: &Evidence) -> Decision {
        let mut best: Option<(usize, &Alternative)> = None;
        for alternative in &evidence.alternatives {
            let present = alternative
                .concepts
                .iter()
                .filter(|&&c| self.first_usable(c).is_some())
                .count();
            if present > 0 && best.is_none_or(|(n, _)| present > n) {
                best = Some((present, alternative));
            }
        }
        let Some((_, alternative)) = best else {
            return Decision::Missing {
                alternative: None,
                found: Vec::new(),
                missing: Vec::new(),
            };
        };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for &concept in &alternative.concepts {
            match self.first_usable(concept) {
                Some(occurrence) => found.push(self.found_one(occurrence)),
                None => missing.push(self.compiled.shared_concept_name(concept)),
            }
        }
        Decision::Missing {
            alternative: Some(alternative.text.clone()),
            found,
            missing,
        }
    }

    /// The first undenied occurrence of a concept in a sentence that can be evidence.
    fn first_usable(&self, concept: usize) -> Option<&Occurrence> {
        self.by_concept[concept]
            .iter()
            .find(|o| o.denied_by.is_empty() && self.eligible[o.sentence])
    }

    /// Regex matches in eligible sentences, as occurrences.
    fn regex_occurrences(&self, evidence: &Evidence) -> Vec<Occurrence> {
        let Some(point_regex) = &evidence.regex else {
            return Vec::new();
        };
        // Regexes with required literals run only on the sentences that
        // hold them (see screen.rs); a regex no sentence may match is not
        // even compiled.
        let screened = point_regex.screen.zip(self.screened.as_ref());
        if let Some((id, screened)) = screened {
            if !(0..self.text.sentences.len()).any(|index| screened.may_match(id, index)) {
                return Vec::new();
            }
        }
        // See PointRegex: with no non-ASCII letters about, the ASCII-boundary
        // regex finds the same and keeps to the fast engine throughout.
        let fast = if self.no_foreign_word_chars {
            point_regex.ascii_words()
        } else {
            None
        };
        let Some(regex) = fast.or_else(|| point_regex.unicode()) else {
            return Vec::new();
        };
        // Otherwise most regexes still match nowhere in most answers, and one
        // search of the whole answer says so in about half the time of a
        // search per sentence (with the fast engine).
        let whole = self.text.original;
        if screened.is_none()
            && point_regex.searches_whole_answer()
            && fast.is_some()
            && !regex.is_match(whole)
        {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (index, sentence) in self.text.sentences.iter().enumerate() {
            if screened.is_some_and(|(id, screened)| !screened.may_match(id, index)) {
                continue;
            }
            let body = self.text.slice(sentence.span);
            for m in regex.find_iter(body) {
                let (start, end) = (sentence.span.0 + m.start(), sentence.span.0 + m.end());
                let mut tokens = sentence.tokens.clone().filter(|&t| {
                    self.text.tokens[t].span.1 > start && self.text.tokens[t].span.0 < end
                });
                let Some(first) = tokens.next() else {
                    continue;
                };
                let last = tokens.next_back().unwrap_or(first);
                found.push(Occurrence {
                    term: None,
                    tokens: first..last + 1,
                    sentence: index,
                    how: How::Exact,
                    denied_by: self
                        .cue_index
                        .denying(self.text, &self.cues, &(first..last + 1))
                        .collect(),
                });
            }
        }
        found
    }

    /// Finds the best region where every list has an occurrence, the
    /// occurrences not overlapping; single sentences before neighbouring pairs.
    /// `limits` rule sentences out and add the point's own cancelling words;
    /// occurrences of concepts paired in `near` must stand close together.
    fn search<'o>(
        &self,
        lists: &[&'o [Occurrence]],
        near: &[(usize, usize)],
        allow_denied: bool,
        limits: &Limits,
    ) -> Option<Hit<'o>> {
        if lists.is_empty() || lists.iter().any(|l| l.is_empty()) {
            return None;
        }
        debug_assert!(lists.iter().all(|l| l.is_sorted_by_key(|o| o.tokens.start)));
        let sentences = self.text.sentences.len();
        let eligible = if limits.context {
            &self.eligible_in_context
        } else {
            &self.eligible
        };
        // Most regions lack some concept. In answers of up to 64 sentences,
        // bit sets of the sentences each list occurs in rule those out
        // before any occurrence is looked at: bit s of `in_singles` is set
        // when every list occurs in sentence s, of `in_pairs` when every list
        // occurs in sentence s or s + 1.
        let (mut in_singles, mut in_pairs) = (u64::MAX, u64::MAX);
        if sentences <= 64 {
            for list in lists {
                let occurs = list.iter().fold(0u64, |bits, o| bits | 1 << o.sentence);
                in_singles &= occurs;
                in_pairs &= occurs | occurs >> 1;
            }
        }
        let regions = if sentences <= 64 {
            // Pairs start before the last sentence.
            let pairs = in_pairs & (1u64 << (sentences - 1)).wrapping_sub(1);
            Regions::Marked {
                singles: in_singles,
                pairs,
            }
        } else {
            Regions::All { sentences, next: 0 }
        };
        for region in regions {
            // A pair is one statement when the second sentence refers back
            // to the first, or the first is its heading.
            let (first, last) = (region.start, region.end - 1);
            let joined = region.len() == 1
                || (eligible[first] && self.refers_back[last])
                || self.heading[first];
            let usable = eligible[last] && joined;
            if !usable {
                continue;
            }
            let candidate = |o: &&Occurrence| {
                (allow_denied || self.denial(o, limits).is_none())
                    && limits.blocked.get(o.sentence) != Some(&true)
            };
            // Each list is in answer order: look only at its part in the region.
            let in_region = |list: &'o [Occurrence]| {
                let from = list.partition_point(|o| o.sentence < region.start);
                let to = list.partition_point(|o| o.sentence < region.end);
                &list[from..to]
            };
            // A region where some concept has no candidate is passed over
            // as soon as that is known.
            let mut candidates: SmallVec<[Picks; 4]> = SmallVec::new();
            for list in lists {
                // Pushed one by one: collecting the filtered iterator went
                // through SmallVec's general `extend`, several times the cost.
                let mut picks = Picks::new();
                for occurrence in in_region(list) {
                    if candidate(&occurrence) {
                        picks.push(occurrence);
                    }
                }
                if picks.is_empty() {
                    break;
                }
                candidates.push(picks);
            }
            if candidates.len() < lists.len() {
                continue;
            }
            super::add_work(candidates.iter().map(|c| c.len()).sum());
            let mut chosen = Picks::new();
            let mut budget = MAX_CHOICES;
            let pair = region.len() > 1;
            let chose = choose(&candidates, &mut chosen, pair, near, self.text, &mut budget);
            super::add_work(MAX_CHOICES - budget);
            if chose {
                let any_denied = chosen.iter().any(|o| self.denial(o, limits).is_some());
                if allow_denied && !any_denied {
                    continue;
                }
                return Some(Hit {
                    chosen,
                    sentences: region,
                });
            }
        }
        None
    }

    fn found(&self, chosen: &[&Occurrence]) -> Vec<Found> {
        chosen.iter().map(|o| self.found_one(o)).collect()
    }

    fn found_one(&self, occurrence: &Occurrence) -> Found {
        let span = self.token_span(&occurrence.tokens);
        let (concept, term, synonym) = match occurrence.term {
            Some(term) => {
                let term = &self.compiled.terms[term];
                (
                    self.compiled.shared_concept_name(term.concept),
                    term.shared_text(),
                    term.synonym,
                )
            }
            None => (REGEX.clone(), NO_TERM.clone(), false),
        };
        Found {
            concept,
            term,
            text: self.text.slice(span).to_string(),
            span,
            how: occurrence.how,
            synonym,
            misspelt: self.misspelt(occurrence),
        }
    }

    /// The first misspelt word of an occurrence and the rubric word it stands for.
    fn misspelt(&self, occurrence: &Occurrence) -> Option<(String, String)> {
        let words = &self.compiled.terms[occurrence.term?].words;
        occurrence.tokens.clone().find_map(|t| {
            self.hits[t].patterns.iter().find_map(|(pattern, how)| {
                let typo = matches!(how, How::Typo { .. }) && words.contains(pattern);
                typo.then(|| {
                    (
                        self.text.slice(self.text.tokens[t].span).to_string(),
                        self.compiled.patterns[*pattern].norm.clone(),
                    )
                })
            })
        })
    }

    fn token_span(&self, tokens: &Range<usize>) -> Span {
        (
            self.text.tokens[tokens.start].span.0,
            self.text.tokens[tokens.end - 1].span.1,
        )
    }

    fn region_span(&self, sentences: &Range<usize>) -> Span {
        (
            self.text.sentences[sentences.start].span.0,
            self.text.sentences[sentences.end - 1].span.1,
        )
    }
}

/// Adds every occurrence of a term in the answer to its concept's list,
/// in answer order, each with the cues that deny it.
fn add_occurrences(
    compiled: &CompiledRubric,
    text: &Text,
    hits: &[Hits],
    cues: &[Cue],
    cue_index: &CueIndex,
    by_concept: &mut [Vec<Occurrence>],
) {
    let mut candidates: SmallVec<[usize; 16]> = SmallVec::new();
    // What `denying` would count for the occurrences in clauses without
    // cues, added up here and counted once.
    let mut uncued = 0;
    // Sentence by sentence: a phrase stays in its sentence, whose end
    // every try from one of its words needs.
    for sentence in &text.sentences {
        let sentence_end = sentence.tokens.end;
        for start in sentence.tokens.clone() {
            let word = &hits[start];
            if word.starts.is_empty() {
                continue;
            }
            let token = &text.tokens[start];
            // Where no second word of the word's phrases stands in reach (most
            // places), its one-word terms are all it can begin.
            let starts = match &word.phrases {
                Some(phrases) if !second_word_in_reach(hits, start, sentence_end, phrases) => {
                    &phrases.words_only
                }
                _ => &word.starts,
            };
            // Every occurrence from this token stands in its clause and
            // sentence; most clauses have no cue: nothing denies them there.
            let denials =
                (!cue_index.in_clause(token.clause).is_empty()).then_some((text, cues, cue_index));
            let occurrence = |term: usize, tokens: Range<usize>, how: How| Occurrence {
                term: Some(term),
                tokens,
                sentence: token.sentence,
                how,
                denied_by: Vec::new(),
            };
            for &term_start in starts.iter() {
                let (pattern, how) = match term_start {
                    TermStart::Word { term, concept, how } => {
                        let found = occurrence(term, start..start + 1, how);
                        add_occurrence(&mut by_concept[concept], found, denials, &mut uncued);
                        continue;
                    }
                    TermStart::Phrases { pattern, how } => (pattern, how),
                };
                // A first word that begins few phrases has them tried one by
                // one, each only where its second word stands close by.
                let index = compiled.phrase_index[pattern].as_ref();
                let terms = match index {
                    Some(index) => {
                        phrase_candidates(index, hits, start, sentence_end, &mut candidates)
                    }
                    None => &compiled.terms_by_first_word[pattern],
                };
                for &term in terms {
                    let TermTry { concept, second } = compiled.term_tries[term];
                    // A one-word term (most of them) matches where its word does.
                    let matched = match second {
                        None => Some((start + 1, how)),
                        Some(second)
                            if index.is_none()
                                && !second_word_near(hits, start, sentence_end, second) =>
                        {
                            None
                        }
                        Some(_) => match_term(compiled, text, hits, term, start, sentence_end)
                            .filter(|&(end, _)| reading::unbroken(text, &(start..end))),
                    };
                    if let Some((end, how)) = matched {
                        let found = occurrence(term, start..end, how);
                        add_occurrence(&mut by_concept[concept], found, denials, &mut uncued);
                    }
                }
            }
        }
    }
    super::add_work(uncued);
}

/// Adds an occurrence to its concept's list with the cues that deny it,
/// found through `denials` (the text, its cues and their index) when its
/// clause has cues; `uncued` counts those whose clause has none.
///
/// Inlined into [`add_occurrences`]' loop: a call for each of the hundred
/// or so occurrences of an answer cost more than the push itself.
#[inline(always)]
fn add_occurrence(
    list: &mut Vec<Occurrence>,
    mut occurrence: Occurrence,
    denials: Option<(&Text, &[Cue], &CueIndex)>,
    uncued: &mut usize,
) {
    match denials {
        Some((text, cues, cue_index)) => {
            occurrence.denied_by = cue_index.denying(text, cues, &occurrence.tokens).collect();
        }
        None => *uncued += 1,
    }
    list.push(occurrence);
}

/// The regions a search looks at, in its order: single sentences from the
/// first, then neighbouring pairs from the first.
enum Regions {
    /// In answers of up to 64 sentences, only the regions where every
    /// concept occurs: bit `s` of `singles` marks sentence `s`, of `pairs`
    /// the pair from sentence `s`.
    Marked { singles: u64, pairs: u64 },
    /// In longer answers, every region: `next` counts the singles, then the pairs.
    All { sentences: usize, next: usize },
}

impl Iterator for Regions {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        match self {
            Regions::Marked { singles, pairs } => {
                let (bits, len) = if *singles != 0 {
                    (singles, 1)
                } else if *pairs != 0 {
                    (pairs, 2)
                } else {
                    return None;
                };
                let start = bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                Some(start..start + len)
            }
            Regions::All { sentences, next } => {
                let n = *next;
                *next += 1;
                if n < *sentences {
                    Some(n..n + 1)
                } else if n + 1 < 2 * *sentences {
                    let start = n - *sentences;
                    Some(start..start + 2)
                } else {
                    None
                }
            }
        }
    }
}

/// Picks one occurrence per list, none overlapping, within
/// [`SENTENCE_WINDOW`] tokens; across two sentences the picks must also lie
/// within [`PAIR_WINDOW`] tokens and touch both, and
/// picks paired in `near` must share a clause with at most [`NEAR`] words between.
fn choose<'o>(
    candidates: &[Picks<'o>],
    chosen: &mut Picks<'o>,
    pair: bool,
    near: &[(usize, usize)],
    text: &Text,
    budget: &mut usize,
) -> bool {
    let window = if pair { PAIR_WINDOW } else { SENTENCE_WINDOW };
    let first = chosen.iter().map(|o| o.tokens.start).min().unwrap_or(0);
    let last = chosen.iter().map(|o| o.tokens.end).max().unwrap_or(0);
    let Some(list) = candidates.get(chosen.len()) else {
        let close = near
            .iter()
            .all(|&(a, b)| are_near(text, chosen[a], chosen[b]));
        if !pair {
            return close && last - first <= window;
        }
        let spans_both = chosen.iter().any(|o| o.sentence != chosen[0].sentence);
        return close && spans_both && last - first <= window;
    };
    // Picks are in answer order, and all of them must lie within the
    // window: only those starting from `last - window` to before
    // `first + window` can join the ones chosen so far.
    let list = if chosen.is_empty() {
        &list[..]
    } else {
        let from = list.partition_point(|o| o.tokens.start + window < last);
        let to = list.partition_point(|o| o.tokens.start < first + window);
        &list[from..to.max(from)]
    };
    let next = chosen.len();
    for &occurrence in list {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let overlaps = chosen.iter().any(|c| {
            c.tokens.start < occurrence.tokens.end && occurrence.tokens.start < c.tokens.end
        });
        if overlaps {
            continue;
        }
        let span = last.max(occurrence.tokens.end)
            - if chosen.is_empty() {
                occurrence.tokens.start
            } else {
                first.min(occurrence.tokens.start)
            };
        // Concepts paired in `near` are checked as soon as both are picked.
        let far = near.iter().any(|&(a, b)| {
            a != b && a.max(b) == next && !are_near(text, chosen[a.min(b)], occurrence)
        });
        if span > window || far {
            continue;
        }
        chosen.push(occurrence);
        if choose(candidates, chosen, pair, near, text, budget) {
            return true;
        }
        chosen.pop();
    }
    false
}

/// Whether two occurrences share a clause with at most [`NEAR`] tokens between them.
fn are_near(text: &Text, a: &Occurrence, b: &Occurrence) -> bool {
    let gap = a
        .tokens
        .start
        .max(b.tokens.start)
        .saturating_sub(a.tokens.end.min(b.tokens.end));
    text.tokens[a.tokens.start].clause == text.tokens[b.tokens.start].clause && gap <= NEAR
}

/// Whether a phrase's second word (`second`: its pattern, and how far after
/// the first word it may stand) stands in reach of the first word at token
/// `start`, in its sentence (which ends before token `sentence_end`): a
/// phrase cannot match where it does not.
fn second_word_near(
    hits: &[Hits],
    start: usize,
    sentence_end: usize,
    second: (usize, usize),
) -> bool {
    let (pattern, reach) = second;
    let end = (start + 1 + reach).min(sentence_end);
    let bits = pattern_bits(pattern);
    hits[start + 1..end].iter().any(|token_hits| {
        token_hits.pattern_bits & bits != 0
            && token_hits.patterns.iter().any(|&(p, _)| p == pattern)
    })
}

/// Whether a word in reach of token `start` (in its sentence, within the
/// `phrases`' reach) may be the second word of one of the phrases that
/// begin there (see [`PhraseStarts`]): when none is, none of them can match.
fn second_word_in_reach(
    hits: &[Hits],
    start: usize,
    sentence_end: usize,
    phrases: &PhraseStarts,
) -> bool {
    let end = (start + 1 + phrases.reach).min(sentence_end);
    hits[start + 1..end].iter().any(|token_hits| {
        token_hits.pattern_bits & phrases.seconds_bits != 0
            && token_hits
                .patterns
                .iter()
                .any(|(p, _)| phrases.seconds.binary_search(p).is_ok())
    })
}

/// The terms of a first word that begins many phrases (its `index`) that
/// may match from token `start`, in rubric order: its one-word terms and the
/// phrases whose second word stands close by (the others could not match).
fn phrase_candidates<'c>(
    index: &'c PhraseIndex,
    hits: &[Hits],
    start: usize,
    sentence_end: usize,
    candidates: &'c mut SmallVec<[usize; 16]>,
) -> &'c [usize] {
    candidates.clear();
    // The sentence's tokens are contiguous: reach no further than its end.
    let end = (start + 1 + index.reach).min(sentence_end);
    for token_hits in &hits[start + 1..end] {
        if !token_hits.seconds_indexed || token_hits.pattern_bits & index.seconds_bits == 0 {
            continue;
        }
        for &(second, _) in token_hits.patterns.iter() {
            // Most of a word's patterns are no second word of these phrases.
            if pattern_bits(second) & index.seconds_bits == 0 {
                continue;
            }
            if let Ok(at) = index.by_second.binary_search_by_key(&second, |e| e.0) {
                let terms = &index.by_second[at].1;
                candidates.extend(terms.iter().copied());
            }
        }
    }
    // Mostly no phrase's second word stands close by: then the one-word
    // terms (in rubric order already) are all there is to try.
    if candidates.is_empty() {
        return &index.single;
    }
    // Extended element by element: SmallVec's `extend_from_slice` is an
    // insertion (a move of the tail, two copies) for these few ids.
    candidates.extend(index.single.iter().copied());
    // In rubric order, and once each: a second word may stand twice in reach.
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// Matches a term's words from token `start`; returns the end and the worst match.
///
/// Function words inside a term are loose (any function word, or none,
/// fills them: "exceed the quota" matches "exceeded his quota" and "exceed
/// quotas"); at either end they must be there ("looked up to" is not
/// "look"). One function word may stand between two content words.
fn match_term(
    compiled: &CompiledRubric,
    text: &Text,
    hits: &[Hits],
    term: usize,
    start: usize,
    sentence_end: usize,
) -> Option<(usize, How)> {
    let stop = |j: usize| text.tokens[j].is_stop;
    let words = &compiled.terms[term].words;
    // A sentence's tokens are contiguous, and `j` never stands before
    // `start`: it is in the sentence when it comes before the sentence's end.
    let in_sentence = |j: usize| j < sentence_end;
    let hit = |j: usize, pattern: usize| {
        if !in_sentence(j) {
            return None;
        }
        let word = &hits[j];
        // The word's summary rules most patterns out without a look at its list.
        if word.pattern_bits & pattern_bits(pattern) == 0 {
            return None;
        }
        word.patterns
            .iter()
            .find(|(p, _)| *p == pattern)
            .map(|(_, how)| *how)
    };
    let mut at = start;
    let mut worst = How::Exact;
    let last = words.len() - 1;
    for (k, &pattern) in words.iter().enumerate() {
        let inside = k > 0 && k < last;
        if compiled.patterns[pattern].is_stop && inside {
            if in_sentence(at) && stop(at) {
                at += 1;
            }
            continue;
        }
        if let Some(how) = hit(at, pattern) {
            worst = worst.max(how);
            at += 1;
        } else if k > 0 && in_sentence(at) && stop(at) {
            let how = hit(at + 1, pattern)?;
            worst = worst.max(how);
            at += 2;
        } else {
            return None;
        }
    }
    Some((at, worst))
}

#[cfg(test)]
mod tests {
    use super::Regions;

    #[test]
    fn marked_regions_come_in_the_order_of_all_regions() {
        // Short answers walk the regions where every concept occurs; they
        // must come in the order the search of a long answer takes them.
        for sentences in 1..=64usize {
            for seed in [
                0u64,
                1,
                0x5555_5555_5555_5555,
                u64::MAX,
                0x8000_0000_0000_0001,
            ] {
                let within = |bits: u64, n: usize| {
                    if n >= 64 {
                        bits
                    } else {
                        bits & ((1u64 << n) - 1)
                    }
                };
                let singles = within(seed.rotate_left(sentences as u32), sentences);
                let pairs = within(seed.rotate_right(3), sentences - 1);
                let marked: Vec<_> = Regions::Marked { singles, pairs }.collect();
                let expected: Vec<_> = Regions::All { sentences, next: 0 }
                    .filter(|r| {
                        let bits = if r.len() == 1 { singles } else { pairs };
                        bits & 1 << r.start != 0
                    })
                    .collect();
                assert_eq!(marked, expected, "{sentences} sentences, {seed:x}");
            }
        }
        let all: Vec<_> = Regions::All {
            sentences: 3,
            next: 0,
        }
        .collect();
        assert_eq!(all, [0..1, 1..2, 2..3, 0..2, 1..3]);
    }
}
