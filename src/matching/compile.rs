//! Compiling a rubric: terms to word patterns, with indexes for fast lookup.

use super::prebuilt::{self, BuiltRubric, BuiltTerms};
use super::screen::{required_literals, LiteralSet, RegexScreen};
use super::terms::{
    letter_distance, letters, match_typo, match_word, term_word_forms, typos_allowed, How, Mode,
    WordPattern,
};
use crate::cache::Memo;
use crate::error::Result;
use crate::review::ReferenceWord;
use crate::rubric::{alternative_concepts, compile_regex, near_pairs, Rubric, REGEX_SIZE_LIMIT};
use crate::text::{is_dictionary_word, Text, Token, WordId};
use regex::Regex;
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// A term of a concept, as word pattern ids.
#[derive(Debug, Clone)]
pub(super) struct Term {
    /// The term as the rubric writes it.
    pub text: String,
    /// The same, shared with the reports that name it: made the first time
    /// an answer uses the term, since most terms of a rubric are never used
    /// by a one-answer check.
    shared_text: OnceLock<Arc<str>>,
    /// The concept it belongs to.
    pub concept: usize,
    /// Whether it is a synonym (not a form of the concept's first term).
    pub synonym: bool,
    /// Its words, as indices into the pattern table.
    pub words: Vec<usize>,
}

impl Term {
    /// The term as the rubric writes it, shared (see `shared_text`).
    pub fn shared_text(&self) -> Arc<str> {
        self.shared_text
            .get_or_init(|| Arc::from(self.text.as_str()))
            .clone()
    }
}

/// A typo-tolerant pattern with its lengths, which rule most of them out
/// for a given word (see `find_word_hits`).
#[derive(Debug, Clone, Copy)]
pub(super) struct FuzzyPattern {
    /// The pattern's id.
    pub id: usize,
    /// Characters in its normalised word.
    pub norm_chars: usize,
    /// Characters in its stem.
    pub stem_chars: usize,
}

/// What trying a term where its first word stands needs, kept apart from
/// its [`Term`] so that building the occurrences reads a few packed bytes
/// per term tried rather than the term with its words.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermTry {
    /// The term's concept.
    pub concept: usize,
    /// A phrase's second word and how far after the first it may stand
    /// (see [`second_word`]); `None` for a one-word term.
    pub second: Option<(usize, usize)>,
}

/// First words that begin at least this many phrases get a [`PhraseIndex`].
const PHRASE_INDEX_MIN: usize = 3;

/// The terms that begin with one common first word ("output", "not", "the"
/// begin a dozen or two each), split so that a phrase is only tried where its
/// second word stands close by: most tries of such phrases fail there.
#[derive(Debug, Clone, Default)]
pub(super) struct PhraseIndex {
    /// The one-word terms, in rubric order.
    pub single: Vec<usize>,
    /// The phrases by the pattern of their second word (see [`second_word`]).
    /// Sorted by second word, for bisection: a first word has a few dozen
    /// second words at most, where bisection beats hashing.
    pub by_second: Vec<(usize, Vec<usize>)>,
    /// The furthest, in tokens, that any of their second words can stand
    /// after the first word.
    pub reach: usize,
    /// The [`pattern_bits`] of all the second words in `by_second`: a word
    /// in reach with none of these bits is none of them, and is not looked up.
    pub seconds_bits: u64,
}

/// A phrase's second word: the first after the first word that is not a
/// function word inside the phrase (those are loose; see `match_term`), and
/// the furthest it can stand after the first word. Each loose function word
/// before it may take one token, and one more function word may stand
/// between it and what comes before.
fn second_word(words: &[usize], is_stop: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    let last = words.len().checked_sub(1)?;
    let mut loose = 0;
    for (k, &pattern) in words.iter().enumerate().skip(1) {
        if is_stop(pattern) && k < last {
            loose += 1;
        } else {
            return Some((pattern, loose + 2));
        }
    }
    None
}

/// A set of concepts that together earn a point (or reveal a misconception).
#[derive(Debug, Clone)]
pub(super) struct Alternative {
    /// The alternative as the rubric writes it ("stakhanov + record"),
    /// shared with the decisions that name it.
    pub text: Arc<str>,
    /// Its concepts, as indices.
    pub concepts: Vec<usize>,
    /// Positions in `concepts` of pairs joined by `~`, which must be near each other.
    pub near: Vec<(usize, usize)>,
}

/// What earns a point or reveals a misconception.
#[derive(Debug, Clone)]
pub(super) struct Evidence {
    pub alternatives: Vec<Alternative>,
    pub regex: Option<PointRegex>,
    /// Concepts that rule a sentence out as evidence.
    pub unless: Vec<usize>,
    /// Concepts that cancel what follows them in a clause, as "not" does.
    pub denied_by: Vec<usize>,
    /// Whether the evidence is judged on the rubric's broad `subject`
    /// rather than on its `core_subject` (see [`crate::rubric::Rubric`]).
    pub context: bool,
}

/// A rubric regex, compiled twice over for speed, each time only when first needed.
///
/// The regex engine's fastest search (a lazy DFA) gives up at a Unicode word
/// boundary (`\b`) as soon as it meets a non-ASCII character, and a search
/// many times slower takes over. Student answers are full of curly quotes and
/// dashes, so the regex is also compiled with ASCII word boundaries: on text
/// whose non-ASCII characters are all non-word characters, ASCII and Unicode
/// word boundaries fall in the same places, so both find the same matches.
///
/// Compiling a regex costs more than grading a short answer, and the literal
/// screen rules most regexes out of most answers, so the ASCII form is built
/// when an answer first needs it (once per compiled rubric, shared by all
/// threads), and so is the Unicode form of a built-in rubric's regex
/// ([`compile_builtin`]); [`compile`] builds the Unicode form at once, to
/// report a regex that does not compile.
#[derive(Debug, Clone)]
pub(super) struct PointRegex {
    /// The regex as the rubric writes it (validated: it compiles).
    pattern: String,
    /// The regex as the rubric writes it, compiled.
    unicode: OnceLock<Option<Regex>>,
    /// The same with ASCII word boundaries, compiled, when it could be built.
    ascii_words: OnceLock<Option<Regex>>,
    /// The parsed regex, when it parses, from which the ASCII form is built.
    parsed: OnceLock<Option<Hir>>,
    /// Its id in the rubric's literal screen, when it has required literals.
    pub screen: Option<usize>,
    /// Its required literal sets, until the rubric's screen is built.
    required: [Option<LiteralSet>; 2],
}

impl PointRegex {
    fn new(pattern: &str) -> PointRegex {
        PointRegex::with_required(pattern, required_literals(pattern))
    }

    /// The regex with its required literal sets already worked out.
    fn with_required(pattern: &str, required: [Option<LiteralSet>; 2]) -> PointRegex {
        PointRegex {
            pattern: pattern.to_string(),
            unicode: OnceLock::new(),
            ascii_words: OnceLock::new(),
            parsed: OnceLock::new(),
            screen: None,
            required,
        }
    }

    /// The parsed regex, when it parses.
    fn parsed(&self) -> Option<&Hir> {
        self.parsed
            .get_or_init(|| {
                regex_syntax::ParserBuilder::new()
                    .case_insensitive(true)
                    .build()
                    .parse(&self.pattern)
                    .ok()
            })
            .as_ref()
    }

    /// Whether one search of the whole answer can rule the regex out before
    /// the search sentence by sentence, when the literal screen does not
    /// cover it: true unless the regex has anchors (`^`, `$`), which match at
    /// every sentence's edges but not inside the answer.
    pub fn searches_whole_answer(&self) -> bool {
        self.parsed()
            .is_some_and(|hir| !hir.properties().look_set().contains_anchor())
    }

    /// The regex as the rubric writes it; `None` only if it does not
    /// compile, which validating the rubric rules out.
    pub fn unicode(&self) -> Option<&Regex> {
        self.unicode
            .get_or_init(|| compile_regex(&self.pattern).ok())
            .as_ref()
    }

    /// The regex with ASCII word boundaries, when it could be built.
    pub fn ascii_words(&self) -> Option<&Regex> {
        self.ascii_words
            .get_or_init(|| {
                let rewritten = with_ascii_word_boundaries(self.parsed()?).to_string();
                regex::RegexBuilder::new(&rewritten)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// A regex with every Unicode word-boundary assertion made ASCII.
fn with_ascii_word_boundaries(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(with_ascii_word_boundaries(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(with_ascii_word_boundaries(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(parts) => {
            Hir::concat(parts.iter().map(with_ascii_word_boundaries).collect())
        }
        HirKind::Alternation(parts) => {
            Hir::alternation(parts.iter().map(with_ascii_word_boundaries).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

/// Most (rubric, word) pairs a thread's word cache keeps per generation:
/// with 4,096 (here and in the form caches) the words a class uses now and
/// then were forgotten between uses and worked out again, typo search and
/// all (3.5% more instructions an answer over 20,000 answers); with 8,192
/// the two threads' word and form caches took 11 MB more at the peak of a
/// 100,000-answer batch than with 4,096, near the 64 MB budget; 6,144 takes
/// about 4.5 MB more.
const WORD_CACHE_GENERATION: usize = 6_144;

/// Gives every compiled rubric its own key in the per-thread caches.
static NEXT_UID: AtomicUsize = AtomicUsize::new(0);

/// What one answer word is to a rubric, shared between the cache and every
/// token of that word (see [`WordHits`]).
pub(super) type Hits = Rc<WordHits>;

/// What one answer word is to a rubric, worked out once per distinct word.
#[derive(Debug)]
pub(super) struct WordHits {
    /// The patterns the word matches: (pattern id, how).
    pub patterns: Vec<(usize, How)>,
    /// The terms that may start at the word, in the order occurrences are
    /// found: per pattern matched (in order), its terms in rubric order.
    pub starts: Vec<TermStart>,
    /// Whether the word is the second word of any phrase in a
    /// [`PhraseIndex`]: most words are not, and are passed over there.
    pub seconds_indexed: bool,
    /// The [`pattern_bits`] of the patterns the word matches.
    pub pattern_bits: u64,
    /// For a word that begins phrases, what it begins when no phrase can
    /// match (see [`PhraseStarts`]); `None` for a word that begins none.
    pub phrases: Option<PhraseStarts>,
    /// What the word is to the whole-answer checks.
    pub reference: ReferenceWord,
}

/// What a word that begins phrases begins where none of their second
/// words stands within reach, which is most places: its one-word terms
/// alone, found by one pass over the words in reach instead of trying each
/// phrase (or the word's [`PhraseIndex`]).
#[derive(Debug)]
pub(super) struct PhraseStarts {
    /// The furthest, in tokens, any second word of its phrases can stand
    /// after it.
    pub reach: usize,
    /// The [`pattern_bits`] of all its phrases' second words: a word in
    /// reach with none of these bits is none of them.
    pub seconds_bits: u64,
    /// Those second words, sorted, for the words that have such a bit.
    pub seconds: Vec<usize>,
    /// [`WordHits::starts`] with each pattern that begins phrases replaced
    /// by its one-word terms, in the same order: what trying them gives
    /// when no phrase matches.
    pub words_only: Vec<TermStart>,
}

/// A pattern's bit in a 64-bit summary of a set of patterns: patterns
/// share bits, so a summary can rule a pattern out but not in.
pub(super) fn pattern_bits(pattern: usize) -> u64 {
    1 << (pattern % 64)
}

/// A term that may start at an answer word, or a pattern whose terms must
/// be tried one by one there.
#[derive(Debug, Clone, Copy)]
pub(super) enum TermStart {
    /// A one-word term: it matches wherever the word stands.
    Word {
        /// The term's index.
        term: usize,
        /// Its concept.
        concept: usize,
        /// How the word matched the term's word.
        how: How,
    },
    /// A pattern that begins phrases: its terms (phrases and one-word terms
    /// alike, see `find::phrase_candidates`) are tried where the word stands.
    Phrases {
        /// The pattern.
        pattern: usize,
        /// How the word matched it.
        how: How,
    },
}

/// Slots of a thread's direct-mapped front to its word cache (a power of two).
const WORD_FRONT_SLOTS: usize = 4096;

/// A word's entry in the front: its key, and what it is to the rubric.
type FrontEntry = ((usize, WordId), Hits);

thread_local! {
    /// What a word is to a rubric, by rubric uid and word id.
    static WORD_CACHE: RefCell<Memo<(usize, WordId), Hits>> =
        RefCell::new(Memo::new(WORD_CACHE_GENERATION));
    /// The same for the words met last, one slot per (rubric, word) by a
    /// mix of the two: most tokens of a class's answers are common words,
    /// found here by one index and one comparison instead of a hash lookup.
    static WORD_FRONT: RefCell<Vec<Option<FrontEntry>>> = const { RefCell::new(Vec::new()) };
}

/// The front slot of a (rubric uid, word id) key.
fn front_slot(uid: usize, word: WordId) -> usize {
    // Word ids are handed out in order, so the common words of a class fill
    // the slots evenly; the rubric's uid spreads rubrics apart.
    let mixed = word.number() ^ ((uid as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40);
    mixed as usize & (WORD_FRONT_SLOTS - 1)
}

/// What an answer's words are to a compiled rubric, token by token.
#[derive(Debug, Clone)]
pub struct AnswerWords {
    /// Per token, what its word is to the rubric: the word patterns it
    /// matches, and how, and what it is to the whole-answer checks.
    pub(super) hits: Vec<Hits>,
}

impl AnswerWords {
    /// Per token, what it is to the whole-answer checks.
    pub fn reference(&self) -> impl Iterator<Item = ReferenceWord> + Clone + '_ {
        self.hits.iter().map(|word| word.reference)
    }
}

/// A point's texts that every report of it names, made once per rubric so
/// that reports share them instead of copying them answer by answer.
#[derive(Debug, Clone)]
pub(crate) struct PointTexts {
    /// The point's id.
    pub id: Arc<str>,
    /// Its label.
    pub label: Arc<str>,
    /// Its hint.
    pub hint: Arc<str>,
}

/// A rubric ready for matching: the rubric itself plus its compiled terms and indexes.
#[derive(Debug, Clone)]
pub struct CompiledRubric {
    /// The rubric it was compiled from.
    pub rubric: Rubric,
    /// What whole-answer checks compare answers with.
    pub reference: crate::review::Reference,
    /// This compilation's key in the per-thread caches.
    uid: usize,
    /// The concepts' names, shared with the reports that name them.
    pub(super) concept_names: Vec<Arc<str>>,
    /// The question's id and text, shared with every report.
    pub(crate) question: (Arc<str>, Arc<str>),
    /// Per point, its id, label and hint, shared with every report.
    pub(crate) point_texts: Vec<PointTexts>,
    pub(super) terms: Vec<Term>,
    pub(super) patterns: Vec<WordPattern>,
    /// Per point, what earns it.
    pub(super) points: Vec<Evidence>,
    /// Per point, per misconception, what reveals it.
    pub(super) misconceptions: Vec<Vec<Evidence>>,
    /// Terms by the pattern of their first word (indexed by pattern id).
    pub(super) terms_by_first_word: Vec<Vec<usize>>,
    /// For first words that begin many phrases, those terms split by their
    /// second word (indexed by pattern id).
    pub(super) phrase_index: Vec<Option<PhraseIndex>>,
    /// Per term, what trying it where its first word stands needs (see [`TermTry`]).
    pub(super) term_tries: Vec<TermTry>,
    /// Per pattern, whether it is the second word of a phrase in some [`PhraseIndex`].
    pub(super) indexed_second: Vec<bool>,
    by_norm: FxHashMap<String, Vec<usize>>,
    by_stem: FxHashMap<String, Vec<usize>>,
    /// The prefix patterns ("olympic*"), each with the first byte of its
    /// text: a word that starts otherwise cannot match it, and is passed
    /// over without a call.
    prefixes: Vec<(Option<u8>, usize)>,
    /// Typo-tolerant patterns by their first letter (typos keep it).
    fuzzy_by_first_char: FxHashMap<char, Vec<FuzzyPattern>>,
    /// The literals the regexes need, searched for once per answer.
    pub(super) regex_screen: Option<RegexScreen>,
    /// The concepts of the rubric's `subject` (indices into `concept_names`).
    pub(super) subject: Vec<usize>,
    /// The concepts of the rubric's `other_topics`.
    pub(super) other_topics: Vec<usize>,
    /// The concepts of the rubric's `core_subject` (empty when it has none).
    pub(super) core_subject: Vec<usize>,
}

/// When a rubric's regexes are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Regexes {
    /// While compiling the rubric, which fails if one does not compile.
    Now,
    /// On first use by an answer.
    OnFirstUse,
}

/// Compiles a (validated) rubric; an error if one of its regexes does not
/// compile. A built-in rubric's terms and regex literals come as `build.rs`
/// compiled them ([`prebuilt`]), wherever their text is the same.
pub fn compile(rubric: &Rubric) -> Result<CompiledRubric> {
    let built = prebuilt::for_path(&rubric.path);
    compile_as(Cow::Borrowed(rubric), Regexes::Now, built)
}

/// Compiles a built-in rubric, whose regexes the tests compile: each regex
/// is compiled only when an answer first needs it, which most never do, and
/// its terms and regex literals come as `build.rs` compiled them
/// ([`prebuilt`]). It takes the rubric, which the compiled rubric keeps,
/// instead of a copy.
pub fn compile_builtin(rubric: Rubric) -> Result<CompiledRubric> {
    let built = prebuilt::for_path(&rubric.path);
    compile_as(Cow::Owned(rubric), Regexes::OnFirstUse, built)
}

fn compile_as(
    rubric: Cow<'_, Rubric>,
    regexes: Regexes,
    built: Option<&'static BuiltRubric>,
) -> Result<CompiledRubric> {
    let concept_names: Vec<Arc<str>> = rubric
        .concepts
        .keys()
        .map(|n| Arc::from(n.as_str()))
        .collect();
    let concept_index = |name: &str| concept_names.iter().position(|n| **n == *name);
    let mut patterns: Vec<WordPattern> = Vec::new();
    // The patterns by their normalised word, to find a term's word among
    // them: a few hundred words, hashed with Fx (SipHash, on whole
    // patterns, was a tenth of a one-answer check).
    let mut ids_by_norm: FxHashMap<String, SmallVec<[usize; 2]>> = FxHashMap::default();
    let term_count = rubric.concepts.values().map(Vec::len).sum::<usize>();
    let mut terms = Vec::with_capacity(term_count);
    let mut built_terms = BuiltTerms::of(built);
    for (concept, (_, concept_terms)) in rubric.concepts.iter().enumerate() {
        // A term is a synonym when it is not just another form of the
        // concept's first term ("rewards" is a form of "reward"): the stems
        // of its patterns are not those of the first term's.
        let mut first_ids: Option<Vec<usize>> = None;
        for text in concept_terms {
            let run_time;
            let words: SmallVec<[(&str, &str, Mode); 4]> =
                match built_terms.next(text).and_then(|term| term.words()) {
                    // `as` lends the static strings for as long as the
                    // other arm's run-time words live.
                    Some(words) => words.map(|(n, s, m)| (n as &str, s as &str, m)).collect(),
                    None => {
                        run_time = term_word_forms(text);
                        run_time.iter().map(|(n, s, m)| (&**n, &**s, *m)).collect()
                    }
                };
            // A pattern is built only for a new word (norm, stem and mode
            // decide the rest of it). The ids go into a vector of their own:
            // collecting them from a vector of patterns' `into_iter()` would
            // keep its allocation (over half a megabyte for a rubric).
            let mut ids = Vec::with_capacity(words.len());
            for (norm, stem, mode) in words {
                let same = ids_by_norm.get(norm).and_then(|ids| {
                    ids.iter()
                        .copied()
                        .find(|&id| patterns[id].stem == stem && patterns[id].mode == mode)
                });
                ids.push(same.unwrap_or_else(|| {
                    let id = patterns.len();
                    ids_by_norm.entry(String::from(norm)).or_default().push(id);
                    patterns.push(WordPattern::new(norm, stem, mode));
                    id
                }));
            }
            let first_ids = first_ids.get_or_insert_with(|| ids.clone());
            let synonym = ids.len() != first_ids.len()
                || ids
                    .iter()
                    .zip(first_ids.iter())
                    .any(|(&id, &first)| patterns[id].stem != patterns[first].stem);
            if !ids.is_empty() {
                terms.push(Term {
                    text: text.clone(),
                    shared_text: OnceLock::new(),
                    concept,
                    synonym,
                    words: ids,
                });
            }
        }
    }
    let evidence = |matches: &[String],
                    regex: &Option<String>,
                    unless: &[String],
                    denied_by: &[String],
                    context: bool|
     -> Result<Evidence> {
        let alternatives = matches
            .iter()
            .map(|text| {
                // A name that is not a concept (a rubric that failed
                // validation, compiled by lint) is left out, and the near
                // pairs follow the positions of the concepts kept.
                let kept: Vec<Option<usize>> =
                    alternative_concepts(text).map(concept_index).collect();
                let position = |i: usize| -> Option<usize> {
                    kept.get(i)?.as_ref()?;
                    Some(kept[..i].iter().flatten().count())
                };
                Alternative {
                    text: Arc::from(text.as_str()),
                    concepts: kept.iter().flatten().copied().collect(),
                    near: near_pairs(text)
                        .into_iter()
                        .filter_map(|(a, b)| Some((position(a)?, position(b)?)))
                        .collect(),
                }
            })
            .collect();
        let regex = match regex {
            Some(pattern) => {
                let point_regex = match built.and_then(|b| b.required_literals(pattern)) {
                    Some(required) => PointRegex::with_required(pattern, required),
                    None => PointRegex::new(pattern),
                };
                if regexes == Regexes::Now {
                    let unicode =
                        compile_regex(pattern).map_err(|message| crate::error::Error::Rubric {
                            path: rubric.path.clone(),
                            line: 1,
                            column: 1,
                            message,
                        })?;
                    // Kept, so that grading does not compile it again.
                    let _ = point_regex.unicode.set(Some(unicode));
                }
                Some(point_regex)
            }
            None => None,
        };
        let unless = unless
            .iter()
            .filter_map(|name| concept_index(name))
            .collect();
        let denied_by = denied_by
            .iter()
            .filter_map(|name| concept_index(name))
            .collect();
        Ok(Evidence {
            alternatives,
            regex,
            unless,
            denied_by,
            context,
        })
    };
    let mut points = Vec::new();
    let mut misconceptions = Vec::new();
    for point in &rubric.points {
        points.push(evidence(
            &point.matches,
            &point.regex,
            &point.unless,
            &point.denied_by,
            point.context,
        )?);
        misconceptions.push(
            point
                .misconceptions
                .iter()
                .map(|m| evidence(&m.matches, &m.regex, &[], &[], true))
                .collect::<Result<Vec<_>>>()?,
        );
    }
    let subject: Vec<usize> = rubric
        .subject
        .iter()
        .filter_map(|n| concept_index(n))
        .collect();
    let other_topics: Vec<usize> = rubric
        .other_topics
        .iter()
        .filter_map(|n| concept_index(n))
        .collect();
    let core_subject: Vec<usize> = rubric
        .core_subject
        .iter()
        .filter_map(|n| concept_index(n))
        .collect();
    let reference = crate::review::Reference::with_term_stems(&rubric, |place, text| {
        built?.term(place, text)?.reference_stems()
    });
    let question = (
        Arc::from(rubric.id.as_str()),
        Arc::from(rubric.question.as_str()),
    );
    let point_texts = rubric
        .points
        .iter()
        .map(|p| PointTexts {
            id: Arc::from(p.id.as_str()),
            label: Arc::from(p.label.as_str()),
            hint: Arc::from(p.hint.as_str()),
        })
        .collect();
    let mut compiled = CompiledRubric {
        rubric: rubric.into_owned(),
        question,
        point_texts,
        reference,
        uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
        concept_names,
        terms,
        patterns,
        points,
        misconceptions,
        terms_by_first_word: Vec::new(),
        phrase_index: Vec::new(),
        term_tries: Vec::new(),
        indexed_second: Vec::new(),
        by_norm: FxHashMap::default(),
        by_stem: FxHashMap::default(),
        prefixes: Vec::new(),
        fuzzy_by_first_char: FxHashMap::default(),
        regex_screen: None,
        subject,
        other_topics,
        core_subject,
    };
    compiled.index();
    Ok(compiled)
}

impl CompiledRubric {
    fn index(&mut self) {
        let mut required = Vec::new();
        let regexes = self
            .points
            .iter_mut()
            .chain(self.misconceptions.iter_mut().flatten())
            .filter_map(|evidence| evidence.regex.as_mut());
        for regex in regexes {
            let sets = std::mem::take(&mut regex.required);
            if sets.iter().any(Option::is_some) {
                regex.screen = Some(required.len());
                required.push(sets);
            }
        }
        self.regex_screen = RegexScreen::new(&required);
        self.terms_by_first_word = vec![Vec::new(); self.patterns.len()];
        for (id, term) in self.terms.iter().enumerate() {
            self.terms_by_first_word[term.words[0]].push(id);
        }
        let is_stop = |pattern: usize| self.patterns[pattern].is_stop;
        // Each term's second word is found once, for trying it and for the index.
        self.term_tries = self
            .terms
            .iter()
            .map(|term| TermTry {
                concept: term.concept,
                second: second_word(&term.words, is_stop),
            })
            .collect();
        self.phrase_index = self
            .terms_by_first_word
            .iter()
            .map(|terms| {
                let phrases = terms
                    .iter()
                    .filter(|&&t| self.terms[t].words.len() > 1)
                    .count();
                (phrases >= PHRASE_INDEX_MIN).then(|| {
                    let mut index = PhraseIndex::default();
                    for &t in terms {
                        match self.term_tries[t].second {
                            None => index.single.push(t),
                            Some((second, reach)) => {
                                match index.by_second.binary_search_by_key(&second, |e| e.0) {
                                    Ok(at) => index.by_second[at].1.push(t),
                                    Err(at) => index.by_second.insert(at, (second, vec![t])),
                                }
                                index.reach = index.reach.max(reach);
                                index.seconds_bits |= pattern_bits(second);
                            }
                        }
                    }
                    index
                })
            })
            .collect();
        self.indexed_second = vec![false; self.patterns.len()];
        for index in self.phrase_index.iter().flatten() {
            for &(second, _) in &index.by_second {
                self.indexed_second[second] = true;
            }
        }
        // Sized once: grown step by step, each table was rebuilt ten times.
        self.by_norm.reserve(self.patterns.len());
        self.by_stem.reserve(self.patterns.len());
        for (id, pattern) in self.patterns.iter().enumerate() {
            match pattern.mode {
                Mode::Prefix => self
                    .prefixes
                    .push((pattern.norm.as_bytes().first().copied(), id)),
                Mode::Exact => self
                    .by_norm
                    .entry(pattern.norm.clone())
                    .or_default()
                    .push(id),
                Mode::Normal => {
                    self.by_norm
                        .entry(pattern.norm.clone())
                        .or_default()
                        .push(id);
                    self.by_stem
                        .entry(pattern.stem.clone())
                        .or_default()
                        .push(id);
                    if let Some(first) = pattern.norm.chars().next() {
                        self.fuzzy_by_first_char
                            .entry(first)
                            .or_default()
                            .push(FuzzyPattern {
                                id,
                                norm_chars: pattern.norm_chars,
                                stem_chars: pattern.stem_chars,
                            });
                    }
                }
            }
        }
    }

    /// Looks up every token of an answer: the patterns it matches (and how)
    /// and what it is to the whole-answer checks. One per-thread cache
    /// lookup per token serves both, since a class of answers uses a small
    /// vocabulary.
    pub fn answer_words(&self, text: &Text) -> AnswerWords {
        let mut hits = Vec::with_capacity(text.tokens.len());
        WORD_FRONT.with(|front| {
            WORD_CACHE.with(|cache| {
                let mut front = front.borrow_mut();
                if front.is_empty() {
                    front.resize(WORD_FRONT_SLOTS, None);
                }
                let mut cache = cache.borrow_mut();
                for token in &text.tokens {
                    let key = (self.uid, token.word);
                    let slot = &mut front[front_slot(self.uid, token.word)];
                    let token_hits = match slot {
                        Some((k, h)) if *k == key => h.clone(),
                        _ => {
                            let found = cache.get(&key).unwrap_or_else(|| {
                                let found = Rc::new(self.word_hits(token));
                                cache.insert(key, found.clone());
                                found
                            });
                            *slot = Some((key, found.clone()));
                            found
                        }
                    };
                    hits.push(token_hits);
                }
            })
        });
        AnswerWords { hits }
    }

    /// What an answer token is to the rubric: the patterns it matches, and
    /// the terms that may start there.
    fn word_hits(&self, token: &Token) -> WordHits {
        let patterns = self.find_word_hits(token);
        let mut starts = Vec::new();
        for &(pattern, how) in &patterns {
            let terms = &self.terms_by_first_word[pattern];
            if terms.iter().any(|&t| self.terms[t].words.len() > 1) {
                starts.push(TermStart::Phrases { pattern, how });
            } else {
                starts.extend(terms.iter().map(|&term| TermStart::Word {
                    term,
                    concept: self.terms[term].concept,
                    how,
                }));
            }
        }
        WordHits {
            seconds_indexed: patterns.iter().any(|&(p, _)| self.indexed_second[p]),
            pattern_bits: patterns
                .iter()
                .fold(0, |bits, &(p, _)| bits | pattern_bits(p)),
            phrases: self.phrase_starts(&starts),
            patterns,
            starts,
            reference: self.reference.word(token),
        }
    }

    /// What a word whose terms may start as `starts` begins where no
    /// phrase can match; `None` when it begins no phrase.
    fn phrase_starts(&self, starts: &[TermStart]) -> Option<PhraseStarts> {
        let mut phrases = PhraseStarts {
            reach: 0,
            seconds_bits: 0,
            seconds: Vec::new(),
            words_only: Vec::with_capacity(starts.len()),
        };
        let mut any = false;
        for &start in starts {
            let TermStart::Phrases { pattern, how } = start else {
                phrases.words_only.push(start);
                continue;
            };
            any = true;
            for &term in &self.terms_by_first_word[pattern] {
                let TermTry { concept, second } = self.term_tries[term];
                match second {
                    None => phrases
                        .words_only
                        .push(TermStart::Word { term, concept, how }),
                    Some((second, reach)) => {
                        phrases.reach = phrases.reach.max(reach);
                        phrases.seconds_bits |= pattern_bits(second);
                        phrases.seconds.push(second);
                    }
                }
            }
        }
        phrases.seconds.sort_unstable();
        phrases.seconds.dedup();
        any.then_some(phrases)
    }

    /// The patterns an answer token matches, and how.
    ///
    /// A token that is spelt like some rubric word, or is an English word,
    /// is never also taken as a typo of another rubric word.
    fn find_word_hits(&self, token: &Token) -> Vec<(usize, How)> {
        let mut hits: Vec<(usize, How)> = Vec::new();
        let add = |hits: &mut Vec<(usize, How)>, id: usize, how: How| {
            if !hits.iter().any(|(h, _)| *h == id) {
                hits.push((id, how));
            }
        };
        for &id in self.by_norm.get(&*token.norm).into_iter().flatten() {
            add(&mut hits, id, How::Exact);
        }
        for &id in self.by_stem.get(&*token.stem).into_iter().flatten() {
            add(&mut hits, id, How::Stem);
        }
        let first_byte = token.norm.as_bytes().first().copied();
        for &(first, id) in &self.prefixes {
            if first.is_some() && first != first_byte {
                continue;
            }
            if let Some(how) = match_word(&self.patterns[id], &token.norm, &token.stem) {
                add(&mut hits, id, how);
            }
        }
        let spelt_right = !hits.is_empty() || token.is_stop || is_dictionary_word(&token.norm);
        if !spelt_right {
            let first = token.norm.chars().next().unwrap_or(' ');
            let (norm_chars, stem_chars) = (token.norm.chars().count(), token.stem.chars().count());
            let (norm_letters, stem_letters) = (letters(&token.norm), letters(&token.stem));
            // Lengths further apart than the typos allowed never match, nor
            // letter counts further apart than twice that (an edit changes
            // them by two at most): the edit distance is only worked out for
            // the close ones.
            let close = |allowed: usize, pattern_letters, letters| {
                allowed > 0 && letter_distance(pattern_letters, letters) <= 2 * allowed
            };
            for fuzzy in self.fuzzy_by_first_char.get(&first).into_iter().flatten() {
                // Most are too long or too short for a typo either way:
                // passed over without reading the pattern itself.
                let allowed_norm = typos_allowed(fuzzy.norm_chars, norm_chars);
                let allowed_stem = typos_allowed(fuzzy.stem_chars, stem_chars);
                if allowed_norm == 0 && allowed_stem == 0 {
                    continue;
                }
                let id = fuzzy.id;
                let pattern = &self.patterns[id];
                let form_close = close(allowed_norm, &pattern.norm_letters, &norm_letters);
                let stem_close = close(allowed_stem, &pattern.stem_letters, &stem_letters);
                let norm = form_close.then_some(&*token.norm);
                let stem = stem_close.then_some(&*token.stem);
                if let Some(how) = match_typo(pattern, norm, stem) {
                    add(&mut hits, id, how);
                }
            }
        }
        hits
    }

    /// The name of a concept by index.
    pub fn concept_name(&self, concept: usize) -> &str {
        &self.concept_names[concept]
    }

    /// The name of a concept by index, shared.
    pub(super) fn shared_concept_name(&self, concept: usize) -> Arc<str> {
        self.concept_names[concept].clone()
    }
}

#[cfg(test)]
mod tests {
    use super::PointRegex;
    use crate::rubric::{compile_regex, load_builtin};

    /// The spans a regex finds in a text.
    fn spans(regex: &regex::Regex, text: &str) -> Vec<(usize, usize)> {
        regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn ascii_boundary_regexes_find_the_same_on_text_without_accented_letters() {
        let texts = [
            "“Quota” beaten—the quota was met; quotas rose… ‘quota’",
            "He dug 14 times his quota – 102 tonnes – in 1935.",
            "Stakhanov was a “factory owner” who set a record.",
        ];
        let (mut checked, mut matched) = (0, 0);
        for rubric in load_builtin().expect("built-in rubrics load") {
            let patterns = rubric.points.iter().flat_map(|p| {
                p.regex
                    .iter()
                    .chain(p.misconceptions.iter().flat_map(|m| &m.regex))
            });
            let samples: Vec<String> = texts
                .iter()
                .map(|t| t.to_string())
                .chain(rubric.examples.iter().map(|e| {
                    e.answer
                        .replace(" - ", " — ")
                        .replace('\'', "’")
                        .replace(", ", "“, ”")
                }))
                .collect();
            for pattern in patterns {
                let unicode = compile_regex(pattern).expect("rubric regex compiles");
                let point = PointRegex::new(pattern);
                let ascii = point.ascii_words().expect("ASCII-boundary regex builds");
                for text in &samples {
                    let found = spans(&unicode, text);
                    assert_eq!(spans(ascii, text), found, "{pattern} on {text}");
                    matched += usize::from(!found.is_empty());
                }
                checked += 1;
            }
        }
        assert!(checked >= 10, "only {checked} regexes checked");
        assert!(matched >= 3, "only {matched} texts matched a regex");
        // Next to an accented letter the two differ, which is why such answers
        // keep the Unicode regex.
        let unicode = compile_regex(r"\bcafe\b").expect("compiles");
        let point = PointRegex::new(r"\bcafe\b");
        let ascii = point.ascii_words().expect("builds");
        assert_ne!(spans(ascii, "cafeé"), spans(&unicode, "cafeé"));
    }
}
