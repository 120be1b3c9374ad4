//! Text analysis: answer text in, tokens and sentences with byte spans out.
//!
//! Every span is a pair of byte offsets into the *original* text, always on
//! char boundaries, so evidence can be quoted and highlighted exactly however
//! much normalisation changed the words. Normalisation (NFKC, case folding,
//! curly quotes, British/American spelling, number words) only ever touches
//! the `norm` and `stem` of a token, never its span.

mod contractions;
mod dictionary;
mod roots;
mod spelling;
mod stem;
mod stopwords;

pub mod columns;
pub mod sanitize;

pub use dictionary::is_dictionary_word;
pub use spelling::unify_spelling;
pub use stem::stem;
pub use stopwords::{is_anaphor, is_ending_verb, is_negation_word, is_stop_word};

use crate::cache::Memo;
use crate::matching::negation::CueWords;
use crate::matching::ReadingWords;
use contractions::split_negative_contraction;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use unicode_normalization::UnicodeNormalization;

/// A byte range `[start, end)` into the original text.
pub type Span = (usize, usize);

/// Most tokens one sentence holds: a longer run without a sentence break is
/// read as several sentences, so that the work matching does per sentence
/// (negation scopes, concept windows) stays bounded however the answer is
/// written. Real sentences, even run-on ones, stay far below it.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// One word or number of the text: where it stands, and a shared handle to
/// what the word is ([`Word`], read through the token: `token.norm`), so
/// that every token of one word holds one reference, not copies of its texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Where the token stands in the original text.
    pub span: Span,
    /// Index of the sentence the token belongs to.
    pub sentence: usize,
    /// Index of the clause (a sentence part between commas, semicolons or
    /// conjunctions such as "but") the token belongs to; clauses never span sentences.
    pub clause: usize,
    /// What the word is, shared with every other token of it.
    entry: Rc<Word>,
}

impl std::ops::Deref for Token {
    type Target = Word;

    /// The token's word: its forms and the word lists it is on.
    fn deref(&self) -> &Word {
        &self.entry
    }
}

/// What one distinct word is, worked out once per thread and shared by
/// every token of it.
#[derive(Debug, PartialEq)]
pub struct Word {
    /// The normalised form: NFKC, lower case, ASCII apostrophes, spelling unified.
    pub norm: Rc<str>,
    /// The Snowball stem of `norm` (or its irregular root).
    pub stem: Rc<str>,
    /// Which word this is: equal ids mean equal `norm` and `stem`, so caches
    /// of what a word matches can be keyed by it instead of by its text.
    pub word: WordId,
    /// Whether `norm` is a function word ([`is_stop_word`]).
    pub is_stop: bool,
    /// Whether `norm` can start a negation ([`is_negation_word`]).
    pub is_negation: bool,
    /// Whether `norm` refers back to the sentence before ([`is_anaphor`]).
    pub is_anaphor: bool,
    /// Whether `norm` is a verb that denies what it acts on ([`is_ending_verb`]).
    pub is_ending_verb: bool,
    /// Which of negation's word lists `norm` is on.
    pub cue_words: CueWords,
    /// Which of the reading rules' word lists `norm` is on.
    pub reading_words: ReadingWords,
}

impl Word {
    /// Whether it is a function word: a stop word or a negation.
    pub fn is_function_word(&self) -> bool {
        self.is_stop || self.is_negation
    }
}

/// One sentence of the text: its span and the range of its tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Where the sentence stands in the original text (trimmed of white space).
    pub span: Span,
    /// Indices into [`Text::tokens`].
    pub tokens: std::ops::Range<usize>,
    /// How many comma-, slash- or line-separated segments the sentence has.
    pub segments: usize,
    /// The most tokens in any one segment.
    pub longest_segment: usize,
    /// Whether the sentence is a keyword list or a fragment ([`is_list_like`]).
    pub list_like: bool,
}

/// An analysed text: the original plus its tokens and sentences.
#[derive(Debug, Clone)]
pub struct Text<'a> {
    /// The text as given.
    pub original: &'a str,
    /// All tokens in order.
    pub tokens: Vec<Token>,
    /// All sentences in order; every token belongs to exactly one.
    pub sentences: Vec<Sentence>,
}

impl<'a> Text<'a> {
    /// The original text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        &self.original[span.0..span.1]
    }

    /// The sentence a token belongs to.
    pub fn sentence_of(&self, token: usize) -> &Sentence {
        &self.sentences[self.tokens[token].sentence]
    }

    /// The text between a token and the one before it (spaces,
    /// punctuation, line breaks); empty for the first token.
    pub fn gap_before(&self, token: usize) -> &'a str {
        match token.checked_sub(1) {
            Some(before) => &self.original[self.tokens[before].span.1..self.tokens[token].span.0],
            None => "",
        }
    }
}

/// What a character is, for splitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Word,
    Apostrophe,
    SentenceEnd,
    ClauseBreak,
    Segment,
    Newline,
    Other,
}

/// What a character is; ASCII, most of most answers, is looked up in a table.
#[inline]
fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return ASCII_CLASSES[c as usize];
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => CharClass::Apostrophe,
        '\u{2026}' | '\u{3002}' => CharClass::SentenceEnd,
        '\u{201C}' | '\u{201D}' => CharClass::ClauseBreak,
        '\u{2022}' | '\u{2014}' | '\u{2013}' => CharClass::Segment,
        c if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) => {
            CharClass::Word
        }
        _ => CharClass::Other,
    }
}

/// [`classify`] for every ASCII character.
const ASCII_CLASSES: [CharClass; 128] = {
    let mut classes = [CharClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b if b.is_ascii_alphanumeric() => CharClass::Word,
            b'\'' | b'`' => CharClass::Apostrophe,
            b'.' | b'!' | b'?' => CharClass::SentenceEnd,
            b':' | b'(' | b')' | b'[' | b']' | b'"' => CharClass::ClauseBreak,
            b',' | b';' | b'/' | b'|' | b'*' => CharClass::Segment,
            b'\n' => CharClass::Newline,
            _ => CharClass::Other,
        };
        byte += 1;
    }
    classes
};

/// [`ASCII_WORD_KINDS`] of a lowercase ASCII letter.
const LOWERCASE: u8 = 1;

/// [`ASCII_WORD_KINDS`] of an ASCII capital or digit.
const NOT_LOWERCASE: u8 = 2;

/// Per byte, 0 unless it is an ASCII letter or digit, else whether it is a
/// lowercase letter or not: looked up rather than compared.
const ASCII_WORD_KINDS: [u8; 256] = {
    let mut kinds = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        kinds[byte] = if b.is_ascii_lowercase() {
            LOWERCASE
        } else if b.is_ascii_alphanumeric() {
            NOT_LOWERCASE
        } else {
            0
        };
        byte += 1;
    }
    kinds
};

/// Words that open a new clause; a negation before them does not reach past them.
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "yet", "while", "whilst", "because",
    "since", "so", "and", "which", "who", "when", "if", "unless", "until", "what", "how", "where",
    "whether", "why",
];

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "etc", "mr", "mrs", "ms", "dr", "st", "vs", "approx", "c", "ca",
    "jan", "feb", "aug", "sept", "oct", "nov", "dec", "ussr", "u.s.s.r", "u.s",
];

/// The length in bytes of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Each of [`ABBREVIATIONS`] as one machine word ([`abbreviation_key`]),
/// so that a word is compared with each in one instruction.
const ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        keys[i] = abbreviation_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    keys
};

/// A word of up to seven bytes as one machine word: its bytes lowercased
/// (ASCII only) in the low seven bytes, its length in the top one, so that
/// two words have the same key when they are equal but for ASCII case.
const fn abbreviation_key(word: &[u8]) -> u64 {
    assert!(word.len() < 8);
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Whether a word is one of [`ABBREVIATIONS`], in any ASCII case.
fn is_abbreviation(word: &str) -> bool {
    word.len() <= LONGEST_ABBREVIATION
        && ABBREVIATION_KEYS.contains(&abbreviation_key(word.as_bytes()))
}

/// Whether [`analyse`] would find at least one token, without analysing.
pub fn has_words(text: &str) -> bool {
    text.chars().any(|c| classify(c) == CharClass::Word)
}

/// Normalises one word: NFKC, lower case, ASCII apostrophes, spelling and number words unified.
pub fn normalise_word(raw: &str) -> String {
    let folded: String = if raw.is_ascii() {
        // NFKC leaves ASCII as it is, and lower-casing it is a byte's
        // business: most words (and the typos that keep missing the word
        // caches) take this way.
        raw.bytes()
            .map(|b| match b {
                b'`' => '\'',
                b => char::from(b.to_ascii_lowercase()),
            })
            .collect()
    } else {
        raw.nfkc()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
                c => c,
            })
            .collect()
    };
    let trimmed = folded
        .strip_suffix("'s")
        .unwrap_or(&folded)
        .trim_matches('\'');
    unify_spelling(trimmed)
}

/// Splits text into tokens and sentences (see the module docs for the span invariant).
pub fn analyse(original: &str) -> Text<'_> {
    // The thread's front of raw words is taken once per text, not once per word.
    FORM_FRONT.with(|front| {
        let mut front = front.borrow_mut();
        if front.is_empty() {
            front.resize(FORM_FRONT_SLOTS, None);
        }
        scan(original, &mut front)
    })
}

/// [`analyse`] with the thread's front of raw words in hand.
fn scan<'a>(original: &'a str, front: &mut [Option<FormFrontEntry>]) -> Text<'a> {
    let mut builder = Builder::new(original, front);
    let mut at = 0;
    while let Some(c) = char_at(original, at) {
        let next = at + c.len_utf8();
        match classify(c) {
            CharClass::Word => {
                let (end, lowercase_rest) = word_end(original, at, next);
                // Lost line breaks glue a list's items together:
                // "membranePassive transport", "the ribosomes2. tRNA".
                let glued = !lowercase_rest && may_be_glued(&original.as_bytes()[at..end]);
                if let Some(capital) = glued.then(|| glued_capital(original, at, end)).flatten() {
                    builder.word(at, capital);
                    builder.end_sentence();
                    at = capital;
                } else if let Some(number) = glued
                    .then(|| glued_list_number(original, at, end))
                    .flatten()
                {
                    builder.word(at, number);
                    builder.end_sentence();
                    at = end;
                } else {
                    builder.word(at, end);
                    at = end;
                    // A space splits nothing more than the word end did
                    // (see the last arm below): step over it at once.
                    if original.as_bytes().get(at) == Some(&b' ') {
                        at += 1;
                    }
                }
                continue;
            }
            CharClass::SentenceEnd => {
                let followed_by_space = char_at(original, next).is_none_or(char::is_whitespace);
                let glued = glued_sentence(original, at, next);
                if (followed_by_space || glued) && !builder.last_word_is_abbreviation() {
                    builder.end_sentence();
                } else {
                    builder.end_clause();
                }
            }
            CharClass::ClauseBreak => builder.end_clause(),
            CharClass::Segment => builder.end_segment(),
            CharClass::Newline => {
                let rest = &original[next..];
                let next_line = rest.split('\n').next().unwrap_or("").trim_start();
                let blank = next_line.is_empty();
                // "- ", "* ", "• ", "> ", or a number and "." or ")".
                let digits = next_line.bytes().take_while(u8::is_ascii_digit).count();
                let bullet = next_line.starts_with(['-', '*', '\u{2022}', '>'])
                    || (digits > 0 && next_line[digits..].starts_with(['.', ')']));
                if blank || bullet || builder.line_ended_with_punctuation(at) {
                    builder.end_sentence();
                } else {
                    builder.end_segment();
                }
            }
            CharClass::Apostrophe | CharClass::Other => {
                // A dash (or "=", "+", "&", an arrow) between spaces separates
                // parts like a comma; a hyphen inside a word only splits it.
                if matches!(c, '-' | '=' | '+' | '&' | '>' | '\u{2192}')
                    && original[..at].ends_with(' ')
                    && original[next..].starts_with(' ')
                {
                    builder.end_segment();
                }
            }
        }
        at = next;
    }
    builder.finish()
}

/// The normalised form and stem of each token a plain word becomes, the
/// same as [`analyse`] gives, without building a [`Text`] (compiling a
/// rubric looks up thousands of term words). `None` unless the word is ASCII
/// letters with no capital after the first, which [`analyse`] always takes
/// as one word.
pub fn plain_word(raw: &str) -> Option<Vec<(Rc<str>, Rc<str>)>> {
    let bytes = raw.as_bytes();
    let plain = !bytes.is_empty()
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(u8::is_ascii_lowercase);
    plain.then(|| {
        word_forms(raw)
            .iter()
            .map(|form| (form.word.norm.clone(), form.word.stem.clone()))
            .collect()
    })
}

/// How many lowercase ASCII letters a word starts with.
fn lowercase_run(word: &[u8]) -> usize {
    word.iter().take_while(|b| b.is_ascii_lowercase()).count()
}

/// Whether a word can hold two glued together ([`glued_capital`],
/// [`glued_list_number`]): both need three lowercase letters and then
/// something else, so a word lowercase after its first character (most
/// words) is ruled out in one pass.
fn may_be_glued(word: &[u8]) -> bool {
    word.len() > 3 && !word[1..].iter().all(u8::is_ascii_lowercase)
}

/// Where a capitalised word glued to a lowercase one starts ("membranePassive",
/// "cellOsmosis"): at least three lowercase letters from the word's start,
/// then a capital and a lowercase letter. Names that start with a capital
/// ("PowerPoint") or with one small letter ("iPhone") stay whole.
fn glued_capital(original: &str, start: usize, end: usize) -> Option<usize> {
    let word = &original.as_bytes()[start..end];
    let run = lowercase_run(word);
    (run >= 3
        && word.get(run).is_some_and(u8::is_ascii_uppercase)
        && word.get(run + 1).is_some_and(u8::is_ascii_lowercase))
    .then_some(start + run)
}

/// Where a list number glued to the word before it starts ("ribosomes2.",
/// "Ribosome2.", "nucleus3)"): three or more lowercase letters (after one
/// capital), then one or two digits and a "." or ")". "CO2." and "H2O" have
/// no lowercase run and stay whole.
fn glued_list_number(original: &str, start: usize, end: usize) -> Option<usize> {
    let word = &original.as_bytes()[start..end];
    let capital = usize::from(word.first().is_some_and(u8::is_ascii_uppercase));
    let run = capital + lowercase_run(&word[capital..]);
    let digits = &word[run..];
    (run - capital >= 3
        && (1..=2).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && matches!(original.as_bytes().get(end), Some(b'.' | b')')))
    .then_some(start + run)
}

/// Whether the sentence end at `at` starts a new sentence with no space
/// after it: a word of two or more lowercase letters before, and a
/// capitalised word ("copied.Then"), a word of three or more lowercase
/// letters ("cell.diffusion") or a list number ("ribosome.2) The") after.
/// "9.8", "U.S.", "e.g.x" and "1.Osmosis" are not.
fn glued_sentence(original: &str, at: usize, next: usize) -> bool {
    let bytes = original.as_bytes();
    let before = &bytes[..at];
    if before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_lowercase())
        .count()
        < 2
    {
        return false;
    }
    let after = &bytes[next..];
    let capitalised = after.first().is_some_and(u8::is_ascii_uppercase)
        && after.get(1).is_some_and(u8::is_ascii_lowercase);
    let lowercase = lowercase_run(after) >= 3;
    let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
    let numbered = (1..=2).contains(&digits) && matches!(after.get(digits), Some(b'.' | b')'));
    capitalised || lowercase || numbered
}

/// The character starting at byte `at` of `text` (a char boundary), if any;
/// ASCII, most of most answers, is read without decoding.
fn char_at(text: &str, at: usize) -> Option<char> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        Some(char::from(byte))
    } else {
        text[at..].chars().next()
    }
}

/// The non-ASCII characters of a text, in order. Most answers are ASCII
/// but for a curly quote or a dash: the ASCII between is passed over eight
/// bytes at a time rather than decoded character by character.
pub fn non_ascii_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let high = u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
            if high != 0 {
                at += (high.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        // A non-ASCII byte starts a character here: ASCII came before it.
        at += bytes[at..].iter().take_while(|b| b.is_ascii()).count();
        let c = text[at..].chars().next()?;
        at += c.len_utf8();
        Some(c)
    })
}

/// How many lowercase ASCII letters stand from byte `at` on, read eight
/// bytes at a time (in one machine word: whether each byte is from 'a' to
/// 'z' is worked out for all eight at once); the last few bytes of a text,
/// fewer than eight, are left to the caller.
#[inline(always)]
fn lowercase_letters(bytes: &[u8], at: usize) -> usize {
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut run = 0;
    while let Some(chunk) = bytes.get(at + run..at + run + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        // Per byte, with its top bit cleared (so no sum carries into the
        // next byte): the top bit of `x + 0x1f` is set from 'a' (0x61) up,
        // that of `x + 0x05` from '{' (0x7b) up; a byte with its own top bit
        // set is no ASCII letter.
        let x = v & LOW_BITS;
        let from_a = x.wrapping_add(0x1f1f_1f1f_1f1f_1f1f);
        let past_z = x.wrapping_add(0x0505_0505_0505_0505);
        let not_lowercase = (!from_a | past_z | v) & HIGH_BITS;
        if not_lowercase != 0 {
            return run + (not_lowercase.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    run
}

/// Where the word whose first character spans `start..end` ends: word
/// characters, apostrophes between them ("didn't") and the dots of dotted
/// abbreviations ("e.g") join it. Also whether the word is one ASCII
/// character and lowercase ASCII letters after it (most words), which
/// [`may_be_glued`] would rule out: the bytes are read once for both.
fn word_end(original: &str, start: usize, mut end: usize) -> (usize, bool) {
    let bytes = original.as_bytes();
    let mut lowercase_rest = end == start + 1;
    loop {
        // Most of a word is lowercase ASCII letters: skip them eight at a
        // time, then ASCII letters and digits one by one, without decoding.
        end += lowercase_letters(bytes, end);
        let mut kinds = 0;
        while let Some(&byte) = bytes.get(end) {
            let kind = ASCII_WORD_KINDS[usize::from(byte)];
            if kind == 0 {
                break;
            }
            kinds |= kind;
            end += 1;
        }
        lowercase_rest &= kinds & NOT_LOWERCASE == 0;
        // Most words end at a space, which joins nothing.
        if bytes.get(end) == Some(&b' ') {
            return (end, lowercase_rest);
        }
        let Some(next) = char_at(original, end) else {
            return (end, lowercase_rest);
        };
        let class = classify(next);
        let after = end + next.len_utf8();
        let joins_word = class == CharClass::Word
            || (class == CharClass::Apostrophe
                && char_at(original, after).is_some_and(|a| classify(a) == CharClass::Word))
            || (next == '.' && is_dotted_abbreviation(original, start, end));
        if !joins_word {
            return (end, lowercase_rest);
        }
        // An apostrophe, a dot or a non-ASCII character joined the word.
        lowercase_rest = false;
        end = after;
    }
}

/// Whether the '.' at `dot` continues a dotted abbreviation such as "e.g" or "U.S.S.R".
fn is_dotted_abbreviation(original: &str, word_start: usize, dot: usize) -> bool {
    let word = &original[word_start..dot];
    let after = original[dot + 1..].chars().next();
    // "e.g" + ".": a single letter followed by a dot and another letter.
    after.is_some_and(|a| a.is_alphabetic())
        && word.rsplit('.').next().is_some_and(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
        })
}

/// Where the last "n" or "N" of a word's bytes stands, where a negative
/// contraction's "n't" begins (ASCII: no byte of another character is one).
fn last_n(raw: &[u8]) -> Option<usize> {
    raw.iter().rposition(|&b| b == b'n' || b == b'N')
}

/// Accumulates tokens and sentence/clause boundaries while scanning.
struct Builder<'a, 'f> {
    original: &'a str,
    /// The thread's front of raw words (see [`FORM_FRONT`]).
    front: &'f mut [Option<FormFrontEntry>],
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    sentence_start_token: usize,
    segments: usize,
    segment_tokens: usize,
    longest_segment: usize,
    clause: usize,
    clause_has_tokens: bool,
    /// How many of the open sentence's tokens are function words (see [`is_list_like`]).
    function_words: usize,
}

impl<'a, 'f> Builder<'a, 'f> {
    fn new(original: &'a str, front: &'f mut [Option<FormFrontEntry>]) -> Self {
        // English has about one token per six bytes; a quarter more room
        // keeps the token vector from growing in all but a few answers.
        Builder {
            original,
            front,
            tokens: Vec::with_capacity(original.len() / 5 + 1),
            sentences: Vec::with_capacity(original.len() / 60 + 1),
            sentence_start_token: 0,
            segments: 1,
            segment_tokens: 0,
            longest_segment: 0,
            clause: 0,
            clause_has_tokens: false,
            function_words: 0,
        }
    }

    // Inlined into the scan (and `push` into it): called for every word,
    // a call's setting up cost as much as the work of a known word.
    #[inline(always)]
    fn word(&mut self, start: usize, end: usize) {
        // Read as bytes: a word found in the front is never made a `str`,
        // whose slicing checks both ends for char boundaries.
        let raw = &self.original.as_bytes()[start..end];
        // The front is lent out while the builder pushes the word's tokens.
        let front = std::mem::take(&mut self.front);
        let slot = &mut front[form_front_slot(raw)];
        let forms = match slot {
            Some((key, forms)) if same_word(key.as_bytes(), raw) => forms,
            _ => fill_front_slot(slot, &self.original[start..end]),
        };
        self.push_forms(raw, start, end, forms);
        self.front = front;
    }

    /// Pushes the tokens the raw word `raw` (its bytes), at `start..end`, becomes.
    #[inline(always)]
    fn push_forms(&mut self, raw: &[u8], start: usize, end: usize, forms: &[Form]) {
        let Some(first) = forms.first() else {
            return;
        };
        if first.opens_clause && self.clause_has_tokens {
            self.end_clause();
        }
        // "didn't" -> "did" + "not", so that phrases and negation see the
        // same words; the "not" token spans the "n't".
        match forms {
            [head, not] if not.contracted => {
                let cut = last_n(raw).map_or(end, |i| start + i);
                self.push(start, cut, head);
                self.push(cut, end, not);
            }
            [not] if not.contracted => {
                let cut = last_n(raw).map_or(start, |i| start + i);
                self.push(cut, end, not);
            }
            _ => self.push(start, end, first),
        }
    }

    #[inline(always)]
    fn push(&mut self, start: usize, end: usize, form: &Form) {
        if self.tokens.len() - self.sentence_start_token >= MAX_SENTENCE_TOKENS {
            self.end_sentence();
        }
        self.tokens.push(Token {
            span: (start, end),
            sentence: self.sentences.len(),
            clause: self.clause,
            entry: form.word.clone(),
        });
        // Counted as the token is made, while its word is in hand: the
        // sentence's list check would otherwise read every token's word again.
        self.function_words += usize::from(form.word.is_function_word());
        self.clause_has_tokens = true;
        self.segment_tokens += 1;
        self.longest_segment = self.longest_segment.max(self.segment_tokens);
    }

    fn last_word_is_abbreviation(&self) -> bool {
        let Some(last) = self.tokens.last() else {
            return false;
        };
        if last.span.1 + 1 >= self.original.len() {
            return true;
        }
        let raw = &self.original[last.span.0..last.span.1];
        let mut chars = raw.chars();
        let is_initial =
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
        is_initial || is_abbreviation(raw)
    }

    fn line_ended_with_punctuation(&self, newline: usize) -> bool {
        let line = self.original[..newline].trim_end();
        line.ends_with([':', ';']) || line.is_empty()
    }

    fn end_clause(&mut self) {
        if self.clause_has_tokens {
            self.clause += 1;
            self.clause_has_tokens = false;
        }
    }

    fn end_segment(&mut self) {
        if self.segment_tokens > 0 {
            self.segments += 1;
            self.segment_tokens = 0;
        }
        self.end_clause();
    }

    fn end_sentence(&mut self) {
        self.end_clause();
        let range = self.sentence_start_token..self.tokens.len();
        if range.is_empty() {
            return;
        }
        let start = self.tokens[range.start].span.0;
        let last_end = self.tokens[range.end - 1].span.1;
        let end = sentence_end(self.original, last_end);
        let mut sentence = Sentence {
            span: (start, end),
            tokens: range,
            segments: self.segments - usize::from(self.segment_tokens == 0),
            longest_segment: self.longest_segment,
            list_like: false,
        };
        let tokens = &self.tokens[sentence.tokens.clone()];
        sentence.list_like = list_like(self.original, tokens, &sentence, self.function_words);
        self.sentences.push(sentence);
        self.sentence_start_token = self.tokens.len();
        self.segments = 1;
        self.segment_tokens = 0;
        self.longest_segment = 0;
        self.function_words = 0;
    }

    fn finish(mut self) -> Text<'a> {
        self.end_sentence();
        Text {
            original: self.original,
            tokens: self.tokens,
            sentences: self.sentences,
        }
    }
}

/// Pronouns that can be a whole sentence's subject ("It vibrates.").
const SUBJECT_PRONOUNS: &[&str] = &["it", "they", "he", "she", "we", "you", "i", "this", "that"];

/// Whether a sentence is a bare list of keywords ("Stakhanov, quota,
/// propaganda", or the same without commas) or a fragment of one or two
/// words ("lasting pressure"), rather than a statement: such sentences are
/// never evidence for a point.
pub fn is_list_like(text: &Text, sentence: &Sentence) -> bool {
    let tokens = &text.tokens[sentence.tokens.clone()];
    let function_words = tokens.iter().filter(|t| t.is_function_word()).count();
    list_like(text.original, tokens, sentence, function_words)
}

/// [`is_list_like`] of a sentence of `original` whose tokens are `tokens`,
/// `function_words` of them function words (counted while tokenising).
fn list_like(original: &str, tokens: &[Token], sentence: &Sentence, function_words: usize) -> bool {
    let fragment = is_fragment_of(tokens);
    let list = sentence.segments >= 3
        && sentence.longest_segment <= 3
        && function_words * 4 < tokens.len();
    // Sentences have function words or at least a verb; a run of six or
    // more words with neither ("Stakhanov 1935 record quota propaganda
    // rewards") is a list, while a note ("competition between workers
    // increased output") is not. Past tenses and participles are the verbs
    // told by their form.
    // Eight words or more without a single function word are a list even
    // with a verb among them ("stakhanov legacy pressure quotas raised norms
    // resentment inefficiency"): sentences that long have an "a", "of" or "to".
    // So are eight or more whose one function word joins nouns ("of",
    // "and"), with no verb, regular or common irregular ("Soviet society
    // 1930s Stakhanovism portrayal of labour heroes"), unless an "=" makes a
    // note of them ("plans = more output of heavy industry"). A sentence's
    // one "into" or "to" follows a verb ("lets plants turn light into ...").
    let has_verb = || tokens.iter().any(|t| is_verb_form(&t.norm));
    let noun_joiner = || {
        tokens
            .iter()
            .filter(|t| t.is_function_word())
            .all(|t| NOUN_JOINERS.contains(&t.norm.as_ref()))
    };
    let irregular_past = || tokens.iter().any(|t| is_irregular_past(&t.norm));
    let note = || original[sentence.span.0..sentence.span.1].contains('=');
    let run = tokens.len() >= 6
        && match function_words {
            0 => tokens.len() >= 8 || !has_verb(),
            1 => tokens.len() >= 8 && noun_joiner() && !has_verb() && !irregular_past() && !note(),
            _ => false,
        };
    fragment || list || run
}

/// Whether a sentence is a fragment of one or two words ("Osmosis.",
/// "lasting pressure") rather than a statement: a pronoun and a word after
/// it make one ("It vibrates.", "They repel.").
pub fn is_fragment(text: &Text, sentence: &Sentence) -> bool {
    is_fragment_of(&text.tokens[sentence.tokens.clone()])
}

/// [`is_fragment`] of a sentence's tokens.
fn is_fragment_of(tokens: &[Token]) -> bool {
    let statement_of_two = tokens.len() == 2
        && SUBJECT_PRONOUNS.contains(&tokens[0].norm.as_ref())
        && !tokens[1].is_stop
        && !tokens[1].is_negation;
    tokens.len() < 3 && !statement_of_two
}

/// Whether a sentence names something rather than says it: a fragment
/// (see [`is_fragment`]) with no verb told by its form ("Transpiration.",
/// "By reference.", but not "Output rose." or "Workers competed.").
pub fn is_naming_fragment(text: &Text, sentence: &Sentence) -> bool {
    is_fragment(text, sentence)
        && !text.tokens[sentence.tokens.clone()]
            .iter()
            .any(|t| is_verb_by_form(&t.norm))
}

/// Whether a sentence of three or more words is only content words with no
/// verb told by its form ("transpiration osmosis evaporation diffusion"):
/// where a name is the answer, a run of names, not a statement.
pub fn is_run_of_names(text: &Text, sentence: &Sentence) -> bool {
    let tokens = &text.tokens[sentence.tokens.clone()];
    tokens.len() >= 3
        && !tokens
            .iter()
            .any(|t| t.is_function_word() || is_verb_by_form(&t.norm))
}

/// Whether a word is a verb told by its form: a regular past or participle
/// ([`is_verb_form`]) or a common irregular past ([`is_irregular_past`]).
fn is_verb_by_form(word: &str) -> bool {
    is_verb_form(word) || is_irregular_past(word)
}

/// Function words that join nouns into a longer noun phrase or a list.
const NOUN_JOINERS: &[&str] = &["of", "and", "&"];

/// Common irregular verbs: base, past, past participle. Drafting spells a
/// verb's other forms from it; the reader tells a past tense by it.
pub const IRREGULAR_VERBS: &[[&str; 3]] = &[
    ["arise", "arose", "arisen"],
    ["bear", "bore", "born"],
    ["beat", "beat", "beaten"],
    ["become", "became", "become"],
    ["begin", "began", "begun"],
    ["bend", "bent", "bent"],
    ["bind", "bound", "bound"],
    ["bite", "bit", "bitten"],
    ["blow", "blew", "blown"],
    ["break", "broke", "broken"],
    ["bring", "brought", "brought"],
    ["build", "built", "built"],
    ["burn", "burnt", "burnt"],
    ["buy", "bought", "bought"],
    ["catch", "caught", "caught"],
    ["choose", "chose", "chosen"],
    ["cling", "clung", "clung"],
    ["dig", "dug", "dug"],
    ["draw", "drew", "drawn"],
    ["drink", "drank", "drunk"],
    ["drive", "drove", "driven"],
    ["eat", "ate", "eaten"],
    ["fall", "fell", "fallen"],
    ["feed", "fed", "fed"],
    ["feel", "felt", "felt"],
    ["fight", "fought", "fought"],
    ["find", "found", "found"],
    ["flee", "fled", "fled"],
    ["fly", "flew", "flown"],
    ["forbid", "forbade", "forbidden"],
    ["freeze", "froze", "frozen"],
    ["give", "gave", "given"],
    ["go", "went", "gone"],
    ["grind", "ground", "ground"],
    ["grow", "grew", "grown"],
    ["hang", "hung", "hung"],
    ["hear", "heard", "heard"],
    ["hide", "hid", "hidden"],
    ["hold", "held", "held"],
    ["keep", "kept", "kept"],
    ["know", "knew", "known"],
    ["lay", "laid", "laid"],
    ["lead", "led", "led"],
    ["leave", "left", "left"],
    ["lend", "lent", "lent"],
    ["lie", "lay", "lain"],
    ["lose", "lost", "lost"],
    ["make", "made", "made"],
    ["mean", "meant", "meant"],
    ["meet", "met", "met"],
    ["pay", "paid", "paid"],
    ["ride", "rode", "ridden"],
    ["ring", "rang", "rung"],
    ["rise", "rose", "risen"],
    ["run", "ran", "run"],
    ["say", "said", "said"],
    ["see", "saw", "seen"],
    ["seek", "sought", "sought"],
    ["sell", "sold", "sold"],
    ["send", "sent", "sent"],
    ["shake", "shook", "shaken"],
    ["shine", "shone", "shone"],
    ["shoot", "shot", "shot"],
    ["show", "showed", "shown"],
    ["shrink", "shrank", "shrunk"],
    ["sing", "sang", "sung"],
    ["sink", "sank", "sunk"],
    ["sit", "sat", "sat"],
    ["sleep", "slept", "slept"],
    ["slide", "slid", "slid"],
    ["speak", "spoke", "spoken"],
    ["spend", "spent", "spent"],
    ["spin", "spun", "spun"],
    ["stand", "stood", "stood"],
    ["steal", "stole", "stolen"],
    ["stick", "stuck", "stuck"],
    ["sting", "stung", "stung"],
    ["strike", "struck", "struck"],
    ["swim", "swam", "swum"],
    ["swing", "swung", "swung"],
    ["take", "took", "taken"],
    ["teach", "taught", "taught"],
    ["tear", "tore", "torn"],
    ["tell", "told", "told"],
    ["think", "thought", "thought"],
    ["throw", "threw", "thrown"],
    ["wake", "woke", "woken"],
    ["wear", "wore", "worn"],
    ["weave", "wove", "woven"],
    ["win", "won", "won"],
    ["wind", "wound", "wound"],
    ["write", "wrote", "written"],
];

/// Past tenses the table of [`IRREGULAR_VERBS`] leaves out: the verbs "be",
/// "do", "have", "get" and "come", and verbs whose past is their base ("put", "set").
const OTHER_PAST: &[&str] = &["was", "were", "did", "had", "got", "came", "put", "set"];

/// Whether a word is a common irregular past tense, which [`is_verb_form`]
/// cannot tell by its form.
pub fn is_irregular_past(word: &str) -> bool {
    OTHER_PAST.contains(&word) || IRREGULAR_VERBS.iter().any(|forms| forms[1] == word)
}

/// A root with its doubled last letter undone ("stopp" -> "stop", "runn" -> "run").
fn undoubled(root: &str) -> Option<&str> {
    let mut chars = root.chars();
    let last = chars.next_back()?;
    (chars.clone().next_back()? == last).then_some(chars.as_str())
}

/// Whether a word is a past tense, participle or gerund told by its form:
/// "-ed" or "-ing" on a real word ("worked", "raised", "stopped", "carried",
/// "making"). "Exceed", "need" and "bring" end the same way but are not.
fn is_verb_form(word: &str) -> bool {
    let root_is_word = |root: &str| dictionary::is_dictionary_word(root);
    let regular = |root: &str| {
        root_is_word(root)
            || root_is_word(&format!("{root}e"))
            || undoubled(root).is_some_and(root_is_word)
    };
    if let Some(root) = word.strip_suffix("ed").filter(|r| r.len() >= 3) {
        return regular(root)
            || root
                .strip_suffix('i')
                .is_some_and(|r| root_is_word(&format!("{r}y")));
    }
    word.strip_suffix("ing")
        .filter(|r| r.len() >= 3)
        .is_some_and(regular)
}

/// Extends a sentence's end over its closing punctuation and quotes.
fn sentence_end(original: &str, last_token_end: usize) -> usize {
    let mut end = last_token_end;
    for (i, c) in original[last_token_end..].char_indices() {
        match c {
            '.' | '!' | '?' | ':' | '"' | '\'' | ')' | '\u{201D}' | '\u{2019}' | '\u{2026}' => {
                end = last_token_end + i + c.len_utf8()
            }
            _ => break,
        }
    }
    end
}

/// Names a distinct (`norm`, `stem`) pair for as long as the process runs;
/// ids are never reused, even when the cache that handed one out starts afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordId(u64);

impl WordId {
    /// The id as a number, for caches that index by it.
    pub fn number(self) -> u64 {
        self.0
    }
}

/// Hands out [`WordId`]s, process-wide so that they stay unique across threads.
static NEXT_WORD_ID: AtomicU64 = AtomicU64::new(0);

/// One token's worth of what a raw word normalises to.
#[derive(Debug, Clone)]
struct Form {
    /// The word, shared with the tokens made of it.
    word: Rc<Word>,
    opens_clause: bool,
    /// The "not" split off a negative contraction.
    contracted: bool,
}

/// Most raw words (and, apart, normalised words) a thread's caches keep per
/// generation (see the word cache's generation in `matching::compile`).
const FORM_CACHE_GENERATION: usize = 6_144;

thread_local! {
    /// Raw word → the tokens it becomes.
    static FORMS: RefCell<Memo<String, Rc<[Form]>>> = RefCell::new(Memo::new(FORM_CACHE_GENERATION));
    /// Normalised word → its form, so that "Workers" and "workers" share one [`WordId`].
    static WORDS: RefCell<Memo<String, Form>> = RefCell::new(Memo::new(FORM_CACHE_GENERATION));
}

/// Slots in a thread's front of raw words (a power of two).
const FORM_FRONT_SLOTS: usize = 8_192;

/// A raw word's entry in the front: the word, and the tokens it becomes.
type FormFrontEntry = (Box<str>, Rc<[Form]>);

thread_local! {
    /// The raw words met last, one slot per word by a hash of its bytes:
    /// most tokens of a class's answers are common words, found here by one
    /// hash and one comparison, before the two-generation [`FORMS`] memo.
    static FORM_FRONT: RefCell<Vec<Option<FormFrontEntry>>> = const { RefCell::new(Vec::new()) };
}

/// Whether two words are the same bytes. Most words are short: up to 16
/// bytes they are compared as two overlapping machine words, without the
/// call into the C library's `memcmp` that comparing slices makes.
#[inline]
fn same_word(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // The first and last `W` bytes of a word of `W` to `2W` bytes cover it.
    fn ends<const W: usize>(x: &[u8]) -> ([u8; W], [u8; W]) {
        let mut first = [0; W];
        let mut last = [0; W];
        first.copy_from_slice(&x[..W]);
        last.copy_from_slice(&x[x.len() - W..]);
        (first, last)
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => ends::<4>(a) == ends::<4>(b),
        8..=16 => ends::<8>(a) == ends::<8>(b),
        _ => a == b,
    }
}

/// The front slot of a raw word: a multiplicative hash of its length and
/// of its first and last bytes, read as [`same_word`] reads them (all of a
/// word of up to 16 bytes; a longer word that shares its ends with another
/// only costs a miss), without a loop over the bytes.
#[inline]
fn form_front_slot(b: &[u8]) -> usize {
    const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = b.len();
    let word = |at: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    let half = |at: usize| {
        let mut bytes = [0; 4];
        bytes.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(bytes))
    };
    let (first, last) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        4..=7 => (half(0), half(n - 4)),
        _ => (word(0), word(n - 8)),
    };
    let mixed = ((first ^ n as u64).wrapping_mul(MIX) ^ last).wrapping_mul(MIX);
    // The high bits of the product are the best mixed.
    (mixed >> 40) as usize & (FORM_FRONT_SLOTS - 1)
}

/// Puts a raw word the front does not hold in its slot, with its tokens:
/// out of line, since most words are found there.
#[cold]
#[inline(never)]
fn fill_front_slot<'s>(slot: &'s mut Option<FormFrontEntry>, raw: &str) -> &'s [Form] {
    &slot.insert((Box::from(raw), word_forms(raw))).1
}

/// The tokens a raw word becomes (none, one, or two for "didn't"), cached per
/// thread: normalising and stemming dominate analysis, and a class of answers
/// uses a small vocabulary.
fn word_forms(raw: &str) -> Rc<[Form]> {
    if let Some(hit) = FORMS.with(|cache| cache.borrow_mut().get(raw)) {
        return hit;
    }
    let norm = normalise_word(raw);
    let contracted_not = || Form {
        contracted: true,
        ..word_form("not")
    };
    let forms: Rc<[Form]> = match split_negative_contraction(&norm) {
        Some("") => Rc::from(vec![contracted_not()]),
        Some(head) => Rc::from(vec![word_form(head), contracted_not()]),
        None if norm.is_empty() => Rc::from(Vec::new()),
        None => Rc::from(vec![word_form(&norm)]),
    };
    FORMS.with(|cache| cache.borrow_mut().insert(raw.to_string(), forms.clone()));
    forms
}

/// The form of a normalised word, with the same [`WordId`] every time the
/// word is seen (as long as it stays in use).
fn word_form(norm: &str) -> Form {
    if let Some(hit) = WORDS.with(|cache| cache.borrow_mut().get(norm)) {
        return hit;
    }
    let form = Form {
        word: Rc::new(Word {
            norm: Rc::from(norm),
            stem: Rc::from(stem::stem_uncached(norm)),
            word: WordId(NEXT_WORD_ID.fetch_add(1, Ordering::Relaxed)),
            is_stop: is_stop_word(norm),
            is_negation: is_negation_word(norm),
            is_anaphor: is_anaphor(norm),
            is_ending_verb: is_ending_verb(norm),
            cue_words: CueWords::of(norm),
            reading_words: ReadingWords::of(norm),
        }),
        opens_clause: CLAUSE_WORDS.contains(&norm),
        contracted: false,
    };
    WORDS.with(|cache| cache.borrow_mut().insert(norm.to_string(), form.clone()));
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_compared_by_their_ends_are_equal_only_when_all_bytes_are() {
        // Every length up to past 16, and words that differ in one byte
        // anywhere: at the start, in the middle, at the end.
        for len in 0..=20usize {
            let word: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_word(&word, &word.clone()), "{len}");
            for at in 0..len {
                let mut other = word.clone();
                other[at] = b'Z';
                assert!(!same_word(&word, &other), "{len} {at}");
            }
            let longer = [word.as_slice(), b"s"].concat();
            assert!(!same_word(&word, &longer));
        }
    }

    #[test]
    fn plain_words_become_the_tokens_analyse_makes_of_them() {
        let words = [
            "workers",
            "Stakhanov",
            "cannot",
            "dont",
            "organisation",
            "colour",
            "one",
            "running",
        ];
        for word in words {
            let analysed: Vec<(Rc<str>, Rc<str>)> = analyse(word)
                .tokens
                .into_iter()
                .map(|t| (t.norm.clone(), t.stem.clone()))
                .collect();
            assert_eq!(plain_word(word), Some(analysed), "{word}");
        }
        for word in ["", "membranePassive", "co2", "don't", "café", "two words"] {
            assert_eq!(plain_word(word), None, "{word:?} needs analyse");
        }
    }

    #[test]
    fn words_read_again_after_many_others_give_the_same_tokens() {
        // More distinct words than the front of raw words has slots, so
        // that words share slots and are pushed out and found again.
        let words: Vec<String> = (0..3 * FORM_FRONT_SLOTS)
            .map(|n| format!("Word{n}x didn't"))
            .collect();
        let text = words.join(" ");
        let first = norms(&text);
        assert_eq!(first.len(), 3 * 3 * FORM_FRONT_SLOTS);
        assert_eq!(&first[..3], ["word0x", "did", "not"]);
        assert_eq!(norms(&text), first);
    }

    #[test]
    fn non_ascii_characters_are_found_wherever_they_stand() {
        for text in [
            "",
            "plain ascii only, long enough for a few machine words",
            "\u{201c}quoted\u{201d} \u{2014} caf\u{e9}",
            "abcdefg\u{e9}abcdefgh\u{1F600}",
            "\u{e9}",
        ] {
            let expected: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
            assert_eq!(
                super::non_ascii_chars(text).collect::<Vec<_>>(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn lowercase_runs_stop_at_the_first_other_byte() {
        // Every byte value, at every place of an eight-byte window.
        for other in (0..=255u8).filter(|b| !b.is_ascii_lowercase()) {
            for at in 0..8 {
                let mut bytes = b"abcdefghxyz{`@[abc".to_vec();
                bytes[at] = other;
                let expected = bytes.iter().take_while(|b| b.is_ascii_lowercase()).count();
                let found = super::lowercase_letters(&bytes, 0);
                // Only whole eight-byte windows are read.
                assert_eq!(found, expected.min(bytes.len() / 8 * 8), "{other} at {at}");
            }
        }
        assert_eq!(super::lowercase_letters(b"abcdefghijklmnop ", 0), 16);
        assert_eq!(super::lowercase_letters(b"abcdefg", 0), 0);
    }

    #[test]
    fn long_words_alike_at_both_ends_keep_their_own_tokens() {
        // A long word's front slot is found from its first and last bytes
        // only: a word and its misspelling share one, and each stays itself.
        let (word, typo) = ("uncharacteristically", "uncharacterestically");
        assert_eq!(
            form_front_slot(word.as_bytes()),
            form_front_slot(typo.as_bytes())
        );
        let text = format!("{word} {typo} {word} {typo}");
        assert_eq!(norms(&text), [word, typo, word, typo]);
    }

    #[test]
    fn ascii_words_normalise_as_through_nfkc() {
        let through_nfkc = |raw: &str| -> String {
            let folded: String = raw
                .nfkc()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '`' { '\'' } else { c })
                .collect();
            let trimmed = folded
                .strip_suffix("'s")
                .unwrap_or(&folded)
                .trim_matches('\'');
            unify_spelling(trimmed)
        };
        for raw in [
            "Stakhanov's",
            "`quota`",
            "LABOURERS",
            "Industrialisation",
            "don't",
            "'tis",
            "Five",
            "CO2",
            "centre",
            "analysed",
            "workers'",
            "''",
        ] {
            assert_eq!(normalise_word(raw), through_nfkc(raw), "{raw}");
        }
        assert_eq!(normalise_word("LABOUR's"), "labor");
    }

    fn norms(text: &str) -> Vec<String> {
        analyse(text)
            .tokens
            .into_iter()
            .map(|t| t.norm.to_string())
            .collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let analysed = analyse(text);
        analysed
            .sentences
            .iter()
            .map(|s| analysed.slice(s.span))
            .collect()
    }

    #[test]
    fn tokens_are_folded_and_keep_exact_spans() {
        let text = "Stakhanov’s ﬁrst RECORD—in 1935";
        let analysed = analyse(text);
        let words: Vec<&str> = analysed
            .tokens
            .iter()
            .map(|t| analysed.slice(t.span))
            .collect();
        assert_eq!(words, ["Stakhanov’s", "ﬁrst", "RECORD", "in", "1935"]);
        assert_eq!(norms(text), ["stakhanov", "first", "record", "in", "1935"]);
    }

    #[test]
    fn negative_contractions_become_not() {
        assert_eq!(norms("It didn't work"), ["it", "did", "not", "work"]);
        assert_eq!(norms("they can’t"), ["they", "can", "not"]);
        let analysed = analyse("didn't");
        assert_eq!(analysed.slice(analysed.tokens[1].span), "n't");
    }

    #[test]
    fn sentences_split_on_stops_but_not_abbreviations() {
        assert_eq!(
            sentences("He was a miner, e.g. in the Donbas. In 1935 he set a record! Wow"),
            [
                "He was a miner, e.g. in the Donbas.",
                "In 1935 he set a record!",
                "Wow"
            ]
        );
        assert_eq!(
            sentences("The U.S.S.R. grew. Output rose."),
            ["The U.S.S.R. grew.", "Output rose."]
        );
        assert_eq!(
            sentences("A. Stakhanov was a miner."),
            ["A. Stakhanov was a miner."]
        );
    }

    #[test]
    fn non_ascii_letters_join_words_and_non_ascii_marks_split_them() {
        let text = "Stakhanov\u{2019}s \u{201C}nai\u{0308}ve\u{201D} caf\u{00E9}\u{2014}output rose\u{2026} Then it didn\u{2019}t";
        assert_eq!(
            norms(text),
            [
                "stakhanov",
                "na\u{00EF}ve",
                "caf\u{00E9}",
                "output",
                "rose",
                "then",
                "it",
                "did",
                "not"
            ]
        );
        assert_eq!(
            sentences(text),
            ["Stakhanov\u{2019}s \u{201C}nai\u{0308}ve\u{201D} caf\u{00E9}\u{2014}output rose\u{2026}", "Then it didn\u{2019}t"]
        );
        let clauses: Vec<usize> = analyse(text).tokens.iter().map(|t| t.clause).collect();
        assert_eq!(clauses, [0, 1, 2, 3, 3, 4, 4, 4, 4]);
    }

    #[test]
    fn glued_list_items_split_where_line_breaks_were_lost() {
        assert_eq!(
            sentences("It was copied.Then the mRNA left.2) The tRNA came"),
            ["It was copied.", "Then the mRNA left.", "2) The tRNA came"]
        );
        assert_eq!(
            sentences("water crosses the membranePassive transport needs no energy"),
            [
                "water crosses the membrane",
                "Passive transport needs no energy"
            ]
        );
        assert_eq!(
            norms("to the ribosomes2. tRNA"),
            ["to", "the", "ribosomes", "trna"]
        );
        assert_eq!(
            sentences("heads to the Ribosome2. mRNA is read"),
            ["heads to the Ribosome", "mRNA is read"]
        );
        assert_eq!(
            sentences("to the nucleus3) then"),
            ["to the nucleus", "then"]
        );
    }

    #[test]
    fn names_numbers_and_formulas_stay_whole() {
        for text in [
            "Plants take in CO2. Then",
            "It weighed 9.8 grams",
            "Use PowerPoint and an iPhone",
            "The mRNA and tRNA meet",
            "H2O.",
        ] {
            assert_eq!(
                sentences(text).len(),
                1 + usize::from(text.contains(". ")),
                "{text}"
            );
        }
        assert_eq!(
            norms("PowerPoint iPhone CO2"),
            ["powerpoint", "iphone", "co2"]
        );
    }

    #[test]
    fn bullets_and_blank_lines_split_sentences() {
        assert_eq!(
            sentences("Points:\n- quotas were raised\n- workers competed\n\nThe end"),
            [
                "Points:",
                "quotas were raised",
                "workers competed",
                "The end"
            ]
        );
        assert_eq!(sentences("output rose\nsharply"), ["output rose\nsharply"]);
        assert_eq!(
            sentences("quotas rose\n1) workers competed\n12) pay rose"),
            ["quotas rose", "1) workers competed", "12) pay rose"]
        );
        assert_eq!(
            sentences("in the year\n1935 output rose"),
            ["in the year\n1935 output rose"]
        );
    }

    #[test]
    fn clauses_break_at_commas_and_conjunctions() {
        let analysed = analyse("Output rose, but workers did not rest");
        let clauses: Vec<usize> = analysed.tokens.iter().map(|t| t.clause).collect();
        assert_eq!(clauses, [0, 0, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn verb_forms_are_told_from_look_alikes() {
        for verb in [
            "worked", "raised", "stopped", "carried", "exceeded", "making", "working",
        ] {
            assert!(is_verb_form(verb), "{verb}");
        }
        for other in ["exceed", "need", "bring", "thing", "speed", "red", "ring"] {
            assert!(!is_verb_form(other), "{other}");
        }
        // U+1000 is three bytes, the last two equal: no slicing inside it.
        assert!(!is_verb_form("\u{1000}\u{1000}ed"));
        assert!(!is_verb_form("ab\u{1000}ing"));
    }

    #[test]
    fn abbreviations_are_told_in_any_case_and_only_whole() {
        for word in ["e.g", "E.G", "Etc", "u.s.s.r", "U.S", "c", "DR"] {
            assert!(is_abbreviation(word), "{word}");
        }
        for word in [
            "e.g.",
            "eg\0",
            "e",
            "cell",
            "approxx",
            "u.s.s.r.x",
            "",
            "\u{e9}tc",
        ] {
            assert!(!is_abbreviation(word), "{word:?}");
        }
    }

    #[test]
    fn long_runs_without_function_words_are_lists_even_with_a_verb() {
        let text = analyse("stakhanov legacy pressure workers quotas raised norms resentment");
        assert!(is_list_like(&text, &text.sentences[0]));
        let text =
            analyse("soviet stakhanov record quota propaganda rewards workers exceed targets");
        assert!(
            is_list_like(&text, &text.sentences[0]),
            "exceed is no past tense"
        );
        let text = analyse("Photosynthesis lets plants turn light energy into chemical energy");
        assert!(
            !is_list_like(&text, &text.sentences[0]),
            "a present-tense verb and one 'into'"
        );
        let text = analyse("Stakhanov exceeded quotas, workers celebrated");
        assert!(
            !is_list_like(&text, &text.sentences[0]),
            "a short note is a claim"
        );
    }

    #[test]
    fn a_pronoun_and_a_word_make_a_statement_but_two_nouns_do_not() {
        let list_like = |answer: &str| {
            let text = analyse(answer);
            is_list_like(&text, &text.sentences[0])
        };
        assert!(!list_like("It vibrates."));
        assert!(!list_like("They repel."));
        assert!(list_like("Lasting pressure."));
        assert!(list_like("It not."), "a pronoun and a negation say nothing");
        assert!(list_like("Celsius."));
    }

    #[test]
    fn a_fragment_without_a_verb_names_something() {
        let naming = |answer: &str| {
            let text = analyse(answer);
            text.sentences
                .iter()
                .map(|s| is_naming_fragment(&text, s))
                .collect::<Vec<_>>()
        };
        assert_eq!(naming("Transpiration."), [true]);
        assert_eq!(naming("By reference."), [true]);
        assert_eq!(naming("Output rose. Workers competed."), [false, false]);
        assert_eq!(naming("It vibrates."), [false]);
        assert_eq!(naming("Osmosis. Water moves in."), [true, false]);
    }

    #[test]
    fn keyword_lists_are_not_statements() {
        let list_like = |answer: &str| {
            let text = analyse(answer);
            text.sentences
                .iter()
                .map(|s| is_list_like(&text, s))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            list_like("Stakhanov, quota, propaganda, competition"),
            [true]
        );
        assert_eq!(list_like("stakhanov\nquota\npropaganda 1935"), [true]);
        assert_eq!(list_like("Propaganda."), [true]);
        assert_eq!(
            list_like("He got bonuses, titles, medals and fame."),
            [false]
        );
        // Any past tense of the table of irregular verbs makes a run of
        // nouns a statement, not only the commonest ones.
        assert_eq!(
            list_like("Stakhanov miners bought extra bread meat shoes and coats"),
            [false]
        );
        assert_eq!(
            list_like("Stakhanov miners extra bread meat shoes and warm coats"),
            [true]
        );
        assert_eq!(
            list_like("Stakhanovites received rewards: bonuses, titles, recognition"),
            [false]
        );
        assert_eq!(
            list_like("Stakhanovism - productivity - Five-Year Plans - socialist competition"),
            [true]
        );
        assert_eq!(
            list_like("Stakhanovism = competition + records + targets"),
            [true]
        );
        assert_eq!(list_like("lasting pressure"), [true]);
        assert_eq!(
            list_like("Stakhanov 1935 record quota propaganda soviet rewards"),
            [true]
        );
        assert_eq!(
            list_like("Key words: Stakhanov; 1935; record; quota; propaganda."),
            [true]
        );
        assert_eq!(
            list_like("Workers were pushed hard; many burned out."),
            [false]
        );
        assert_eq!(
            list_like("Stakhanovism encouraged competition between workers, raising output"),
            [false]
        );
        assert_eq!(
            list_like("Soviet society 1930s Stakhanovism portrayal of labour heroes"),
            [true],
            "nouns joined by one 'of'"
        );
        assert_eq!(
            list_like("short term gains: output rose quickly and steel too"),
            [false],
            "an irregular past tense"
        );
        assert_eq!(
            list_like("Five year plans = more output of heavy industry"),
            [false],
            "a note"
        );
        assert_eq!(list_like("Plants release oxygen."), [false]);
        assert_eq!(list_like("Workers beat their quotas."), [false]);
        assert_eq!(
            list_like("It raised output — but workers suffered a lot."),
            [false]
        );
    }

    #[test]
    fn a_run_on_longer_than_the_cap_is_read_as_several_sentences() {
        let answer = "workers did not beat the quota and ".repeat(100);
        let text = analyse(&answer);
        assert_eq!(text.tokens.len(), 700);
        let lengths: Vec<usize> = text.sentences.iter().map(|s| s.tokens.len()).collect();
        assert_eq!(lengths, [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 188]);
        for pair in text.sentences.windows(2) {
            assert!(pair[0].span.1 <= pair[1].span.0, "{:?}", text.sentences);
        }
        assert_eq!(
            analyse("Workers did not beat the quota.").sentences.len(),
            1
        );
    }

    #[test]
    fn empty_and_symbol_only_text_has_no_tokens() {
        assert!(analyse("").tokens.is_empty());
        assert!(analyse(" \n\t... !!").sentences.is_empty());
        for text in [
            "",
            " \n\t... !!",
            "'",
            "-- * --",
            "a",
            "\u{301}",
            "ﬁ",
            "n't",
            "1.",
        ] {
            assert_eq!(
                has_words(text),
                !analyse(text).tokens.is_empty(),
                "{text:?}"
            );
        }
    }
}
