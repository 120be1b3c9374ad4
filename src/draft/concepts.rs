//! From an idea's words to concepts: which words matter, and the terms
//! that express each of them.
//!
//! An idea's tokens in, [`Unit`]s out: single content words, or words that
//! belong together (a name such as "Soviet Union", a number such as "1.5",
//! a phrase from the synonym list such as "carbon dioxide"). A unit that
//! the model answer negates keeps its negation ("not connected"), so the
//! draft asks for the same claim and the model answer is not denied its
//! own point. [`Registry`] turns units into the rubric's named concepts,
//! sharing one concept between points that use the same words and never
//! letting two concepts share a term.

use super::lexicon;
use super::synonyms::{phrase_len, synonyms};
use super::words::{
    degrees, is_content, is_generic, is_kept_function_word, is_qualifier, is_weak, verb_forms,
    verb_of_noun,
};
use crate::lint::MIN_TERM_CHARS;
use crate::matching::negation::{denying_cue, Cue};
use crate::matching::term_words;
use crate::text::{is_dictionary_word, is_stop_word, stem, Sentence, Text, Token};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The name of the concept shared by every point that states a negated claim.
pub const NEGATION: &str = "negation";

/// Negation words that deny a claim by themselves, as the [`NEGATION`] concept's terms.
const PLAIN_NEGATIONS: &[&str] = &["not", "no", "never", "none", "neither", "nor"];

/// Longest run of capitalised words kept together as one name.
const MAX_NAME_WORDS: usize = 5;

/// Small words that may stand inside a name ("Reign of Terror").
const NAME_LINKS: &[&str] = &["of", "de", "von", "van"];

/// Words that belong together in an idea.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The words as the model answer writes them.
    pub words: String,
    /// The stems of its words.
    pub stems: Vec<String>,
    /// The negation before it, as written from the cue to the unit
    /// ("not connected"), when the model answer denies it.
    pub negated: Option<String>,
    /// The negation cue's own words and the unit's ("not connected"), when
    /// other words stand between them in the answer.
    pub negated_short: Option<String>,
    /// Whether the negation is a plain "not", "no" or "never": the point
    /// then asks for the shared [`NEGATION`] concept and the unit's own
    /// words, so "not contained in a closed path" still states "not in a
    /// closed path".
    pub plain_negation: bool,
    /// Whether the unit is itself a word that denies others ("abolished"):
    /// the draft must keep it, or it would deny the rest of its clause.
    pub carries_cue: bool,
    /// Whether it is a name (capitalised words inside a sentence).
    pub proper: bool,
    /// Whether it is a number.
    pub number: bool,
    /// Whether it is a compound noun ("amino acids", "cell membrane").
    pub compound: bool,
    /// Whether the question already says it.
    pub in_question: bool,
    /// Whether it is made of general words only ("takes", "place", "how
    /// much"), which never carry a point alone.
    pub generic: bool,
    /// Where it stands: the indices of its first and last tokens.
    pub tokens: (usize, usize),
}

impl Unit {
    /// Whether every alternative of its point must include it: it carries a negation.
    pub fn is_required(&self) -> bool {
        self.negated.is_some() || self.carries_cue
    }

    /// Whether it can carry a point: it says something the question does
    /// not, in words that are not general ones.
    pub fn is_core(&self) -> bool {
        !self.in_question && !self.generic
    }

    /// Whether it may join a point to narrow a core word down: a word of
    /// the question, or a general word that says which aspect ("type",
    /// "size", "how much").
    pub fn is_support(&self) -> bool {
        !self.is_core() && (!self.generic || is_qualifier(&self.words.to_lowercase()))
    }

    /// How much the unit says about the idea: higher is chosen first.
    pub fn priority(&self) -> i32 {
        if self.is_required() {
            return 1000;
        }
        let mut priority = self.words.chars().count().min(12) as i32;
        if self.proper {
            priority += 4;
        }
        if self.number {
            priority += 2;
        }
        if self.stems.len() == 1 && is_weak(&self.words.to_lowercase()) {
            priority -= 8;
        }
        if self.generic {
            priority -= 8;
        }
        if self.in_question {
            priority -= 20;
        }
        priority
    }
}

/// The stems a question uses (comparatives brought to their plain form).
///
/// Only the sentences that ask (a question, or an instruction such as
/// "Explain why …") count when the question also sets a scene: the
/// scene's words ("Topaz cannot be scratched by a fingernail") are often
/// what the answer must use, while the asked words are given.
pub fn question_stems(question: &str) -> BTreeSet<String> {
    let text = crate::text::analyse(question);
    let asking = asking_sentences(&text);
    let tokens: Vec<&Token> = if asking.is_empty() {
        text.tokens.iter().collect()
    } else {
        asking
            .iter()
            .flat_map(|s| text.tokens[s.tokens.clone()].iter())
            .collect()
    };
    content_stems(tokens)
}

/// The stems every sentence of a question uses, the scene's as well as the
/// asking sentences' (see [`question_stems`]).
pub fn all_question_stems(question: &str) -> BTreeSet<String> {
    content_stems(&crate::text::analyse(question).tokens)
}

/// The plain stems of the content words among `tokens`.
fn content_stems<'t>(tokens: impl IntoIterator<Item = &'t Token>) -> BTreeSet<String> {
    tokens
        .into_iter()
        .filter(|t| is_content(&t.norm))
        .map(plain_stem_of)
        .collect()
}

/// Lets the words of a question's scene (`scene`: stems the question uses
/// outside its asking sentences) give way to the idea's new words: when
/// some unit of the idea says something the question does not, the
/// scene's units count as the question's own (they may narrow a point
/// down, never carry it). An idea made only of the scene's words ("the
/// bubbles", where the scene describes them) keeps them as its core.
pub fn give_way_to_new_words(units: &mut [Unit], scene: &BTreeSet<String>) {
    let in_scene = |u: &Unit| !u.stems.is_empty() && u.stems.iter().all(|s| scene.contains(s));
    if units.iter().any(|u| u.is_core() && !in_scene(u)) {
        for unit in units.iter_mut().filter(|u| in_scene(u)) {
            unit.in_question = true;
        }
    }
}

/// Lets the words of an idea's example ("Diameter decreases by a factor of
/// 10, e.g. 300m to 30m": `cue` is where "e.g." stands) narrow its point
/// down, never carry it, when the idea says something before the example:
/// a teacher does not ask for the example.
pub fn examples_give_way(units: &mut [Unit], cue: usize) {
    if units.iter().any(|u| u.is_core() && u.tokens.1 < cue) {
        for unit in units.iter_mut().filter(|u| u.tokens.0 > cue) {
            unit.in_question = true;
        }
    }
}

/// Words that open an instruction ("Explain why …", "Describe …").
pub(crate) const INSTRUCTIONS: &[&str] = &[
    "explain", "describe", "state", "give", "name", "list", "tell", "identify", "predict",
    "compare", "write", "suggest", "discuss", "justify", "define", "evaluate", "outline",
];

/// The sentences of a question that ask something, in order.
pub fn asking_sentences<'t>(text: &'t Text) -> Vec<&'t Sentence> {
    text.sentences
        .iter()
        .filter(|s| is_asking(text, s))
        .collect()
}

/// Whether a sentence of a question asks something (ends in "?" or gives an
/// instruction, at its start or at the start of a clause: "After reading
/// the procedure, describe …"), rather than setting the scene.
fn is_asking(text: &Text, sentence: &Sentence) -> bool {
    let body = text.slice(sentence.span).trim_end();
    let range = sentence.tokens.clone();
    body.ends_with('?')
        || range.clone().any(|i| {
            let opens = i == range.start || text.tokens[i - 1].clause != text.tokens[i].clause;
            opens && INSTRUCTIONS.contains(&text.tokens[i].norm.as_ref())
        })
}

/// A token's stem as [`question_stems`] gives it (comparatives in their plain form).
pub fn plain_stem_of(token: &Token) -> String {
    plain_stem(&token.norm, &token.stem)
}

/// A word's stem, or its plain form's for a comparative ("harder" → "hard").
fn plain_stem(norm: &str, stem_: &str) -> String {
    match degrees(norm) {
        Some([plain, _, _]) => stem(&plain),
        None => stem_.to_string(),
    }
}

/// Finds the units of an idea, in text order.
///
/// `consumed` holds the negation cues already taken by an earlier unit: a
/// cue belongs to the first content word after it, since a term containing
/// the cue keeps the engine from denying the rest of the clause.
pub fn units(
    text: &Text,
    tokens: &[usize],
    cues: &[Cue],
    consumed: &mut BTreeSet<usize>,
    question: &BTreeSet<String>,
    compounds: bool,
) -> Vec<Unit> {
    // Cues that are content words themselves ("abolished") are covered by
    // their own unit; only function-word cues ("not") join the next unit.
    let word_cues: Vec<Cue> = cues
        .iter()
        .filter(|c| !is_content(&text.tokens[c.tokens.start].norm))
        .cloned()
        .collect();
    let mut units = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let i = tokens[k];
        let token = &text.tokens[i];
        let len = unit_len(text, tokens, k, compounds);
        // A listed phrase may start with a function word ("how much").
        if !is_content(&token.norm) && !is_kept_function_word(&token.norm) && len == 1 {
            k += 1;
            continue;
        }
        let last = tokens[k + len - 1];
        let raw = &text.original[token.span.0..text.tokens[last].span.1];
        let group = &text.tokens[i..=last];
        let token_stems: Vec<String> = group.iter().map(|t| t.stem.to_string()).collect();
        let compound = compounds
            && len == 2
            && !is_capitalised_inside(text, i)
            && phrase_len(&token_stems).is_none()
            && is_compound_pair(text, i);
        let proper =
            !compound && (len > 1 && starts_upper(text.slice(token.span)) || is_name(text, i));
        let number = group
            .iter()
            .all(|t| t.norm.chars().all(|c| c.is_ascii_digit()));
        let stems: Vec<String> = group.iter().map(|t| plain_stem(&t.norm, &t.stem)).collect();
        let in_question = group.iter().any(|t| is_content(&t.norm))
            && group
                .iter()
                .filter(|t| is_content(&t.norm))
                .all(|t| question.contains(&plain_stem(&t.norm, &t.stem)));
        // A general verb with a reflexive pronoun ("calls itself") is not general.
        let reflexive = len == 2 && REFLEXIVES.contains(&group[1].norm.as_ref());
        let generic = is_qualifier(&raw.to_lowercase())
            || !proper
                && !reflexive
                && group.iter().all(|t| {
                    (!is_content(&t.norm) && !is_kept_function_word(&t.norm)) || is_generic(&t.norm)
                });
        let (mut negated, mut negated_short, mut plain_negation) = (None, None, false);
        let carries_cue = cues.iter().any(|c| (i..=last).contains(&c.tokens.start));
        if let Some(cue) = denying_cue(text, &word_cues, &(i..last + 1)) {
            let at = cue.tokens.start;
            if consumed.insert(at) {
                let cue_word = &text.tokens[at].norm;
                plain_negation = cue.tokens.len() == 1 && PLAIN_NEGATIONS.contains(&&**cue_word);
                let cue_end = text.tokens[cue.tokens.end - 1].span.1;
                let cue_text = &text.original[text.tokens[at].span.0..cue_end];
                negated = Some(
                    text.original[text.tokens[at].span.0..text.tokens[last].span.1].to_string(),
                );
                let short = format!("{cue_text} {raw}");
                if negated.as_deref() != Some(short.as_str()) && cue.tokens.end < i {
                    let between = &text.tokens[cue.tokens.end..i];
                    if between.iter().any(|t| !is_stop_word(&t.norm)) {
                        negated_short = Some(short);
                    }
                }
            }
        }
        units.push(Unit {
            words: raw.to_string(),
            stems,
            negated,
            negated_short,
            plain_negation,
            carries_cue,
            proper,
            number,
            compound,
            in_question,
            generic,
            tokens: (i, last),
        });
        k += len;
    }
    units
}

/// How many of the idea's tokens from `k` on form one unit.
fn unit_len(text: &Text, tokens: &[usize], k: usize, compounds: bool) -> usize {
    let i = tokens[k];
    let adjacent = |a: usize, b: usize, joiners: &[&str]| {
        b == a + 1
            && tokens.get(k + (b - i)) == Some(&b)
            && joiners.contains(&&text.original[text.tokens[a].span.1..text.tokens[b].span.0])
    };
    let digits = |t: usize| text.tokens[t].norm.chars().all(|c| c.is_ascii_digit());
    // A number written with a decimal point or thousands separator: "1.5", "1,000".
    if digits(i) && i + 1 < text.tokens.len() && digits(i + 1) && adjacent(i, i + 1, &[".", ","]) {
        return 2;
    }
    // A name: capitalised words in a row ("Soviet Union", "Five-Year Plans"),
    // never opened by a function word capitalised at the start of a sentence
    // ("The Earth's axis", "In Russia"): an answer says "Earth's", "Russia".
    let name_start = starts_upper(text.slice(text.tokens[i].span))
        && !is_stop_word(&text.tokens[i].norm)
        && (is_capitalised_inside(text, i) || next_is_capitalised(text, i));
    if name_start {
        let capitalised = |j: usize| {
            j < text.tokens.len()
                && is_content(&text.tokens[j].norm)
                && starts_upper(text.slice(text.tokens[j].span))
        };
        let mut len = 1;
        while len < MAX_NAME_WORDS {
            let next = i + len;
            if capitalised(next) && adjacent(next - 1, next, &[" ", "-"]) {
                len += 1;
            } else if next + 1 < text.tokens.len()
                && NAME_LINKS.contains(&text.tokens[next].norm.as_ref())
                && adjacent(next - 1, next, &[" "])
                && adjacent(next, next + 1, &[" "])
                && capitalised(next + 1)
            {
                // "Reign of Terror", "Committee of Public Safety".
                len += 2;
            } else {
                break;
            }
        }
        return len;
    }
    // A phrase from the synonym list ("carbon dioxide").
    let stems: Vec<String> = (i..(i + 3).min(text.tokens.len()))
        .take_while(|&j| j == i || adjacent(j - 1, j, &[" ", "-"]))
        .map(|j| text.tokens[j].stem.to_string())
        .collect();
    if let Some(len) = phrase_len(&stems) {
        return len;
    }
    // A word and the reflexive pronoun after it ("calls itself").
    if is_content(&text.tokens[i].norm)
        && i + 1 < text.tokens.len()
        && adjacent(i, i + 1, &[" "])
        && REFLEXIVES.contains(&text.tokens[i + 1].norm.as_ref())
    {
        return 2;
    }
    // A compound noun ("amino acids", "nuclear pore"), unless the next word
    // starts one of its own ("rough endoplasmic reticulum": "endoplasmic
    // reticulum" is the compound).
    let pair = |a: usize| {
        compounds
            && a + 1 < text.tokens.len()
            && adjacent(a, a + 1, &[" ", "-"])
            && text.tokens[a].clause == text.tokens[a + 1].clause
            && is_compound_pair(text, a)
    };
    if pair(i) && !pair(i + 1) {
        2
    } else {
        1
    }
}

/// Reflexive pronouns: with the word before them, they say something of
/// their own ("calls itself", "repeats itself").
const REFLEXIVES: &[&str] = &["itself", "themselves", "himself", "herself", "oneself"];

/// Whether a word and the next make one compound noun: a modifier (an
/// adjective, or a noun that is not mostly a verb) and a noun after it,
/// with no verb form between ("passive transport", "cell membrane", but
/// not "cell uses", "mRNA exits" or "released energy"), or a two-word noun
/// WordNet lists ("distilled water").
fn is_compound_pair(text: &Text, a: usize) -> bool {
    let (first, second) = (&text.tokens[a], &text.tokens[a + 1]);
    let plain = |t: &Token| {
        is_content(&t.norm)
            && !is_generic(&t.norm)
            && !is_qualifier(&t.norm)
            && !is_kept_function_word(&t.norm)
            && !t.norm.chars().any(|c| c.is_ascii_digit())
            && degrees(&t.norm).is_none()
            && !(t.norm.len() > 5 && t.norm.ends_with("ly"))
    };
    if !plain(first) || !plain(second) || starts_upper(text.slice(second.span)) {
        return false;
    }
    // Words with listed synonyms ("closed", "path") keep them as concepts of their own.
    if !synonyms(&first.norm).is_empty() || !synonyms(&second.norm).is_empty() {
        return false;
    }
    if lexicon::is_compound(&first.stem, &second.stem) {
        return true;
    }
    let (f, s) = (&*first.norm, &*second.norm);
    if f.ends_with("ing") || s.ends_with("ing") || s.ends_with("ed") {
        return false;
    }
    if lexicon::is_adjective(f) {
        return true;
    }
    let plural = |w: &str| {
        w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
    };
    // After a noun, "-s" is a verb's when the word can be one ("cell controls").
    let verb_form = f.ends_with("ed")
        || plural(f)
        || lexicon::is_mostly_verb(&first.stem)
        || lexicon::is_mostly_verb(&second.stem)
        || plural(s) && lexicon::is_verb(&second.stem);
    !verb_form
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a capitalised token stands inside its sentence (so it is a name, not a sentence start).
fn is_capitalised_inside(text: &Text, i: usize) -> bool {
    let opens_line = i == 0 || text.gap_before(i).contains('\n');
    starts_upper(text.slice(text.tokens[i].span))
        && text.sentence_of(i).tokens.start != i
        && !opens_line
}

/// Whether the capitalised word at `i` is a name: capitalised inside a
/// sentence, there or wherever else the text uses it ("Russia mobilised
/// its army" after "declared war on Russia").
pub(super) fn is_name(text: &Text, i: usize) -> bool {
    starts_upper(text.slice(text.tokens[i].span))
        && (0..text.tokens.len())
            .any(|j| text.tokens[j].norm == text.tokens[i].norm && is_capitalised_inside(text, j))
}

fn next_is_capitalised(text: &Text, i: usize) -> bool {
    text.tokens.get(i + 1).is_some_and(|next| {
        next.sentence == text.tokens[i].sentence
            && is_content(&next.norm)
            && starts_upper(text.slice(next.span))
    })
}

/// The rubric's concepts as they are built: names, terms, and which term
/// stems are taken.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    /// Concept name → terms, as the rubric will list them.
    pub concepts: BTreeMap<String, Vec<String>>,
    /// Collision key of every term → the concept that has it.
    owners: HashMap<String, String>,
}

impl Registry {
    /// The concept for a unit: an existing one that already has its main
    /// term, or a new one with its terms and synonyms.
    pub fn concept_for(
        &mut self,
        unit: &Unit,
        use_synonyms: bool,
        use_wordnet: bool,
    ) -> Option<String> {
        let main = main_terms(unit);
        let first = main.first()?;
        if let Some(owner) = self.owners.get(&collision_key(first)) {
            return Some(owner.clone());
        }
        let mut terms = main.clone();
        if unit.negated.is_none() || unit.plain_negation {
            let lower = unit.words.to_lowercase();
            if let Some(forms) = degrees(&lower) {
                // Only forms English has: "greater", but no "bester" or "samer"
                // (the word list judges words of four letters or more: "low" stays).
                terms.extend(forms.into_iter().filter(|form| {
                    *form == lower || form.chars().count() < 4 || is_dictionary_word(form)
                }));
            }
            if unit.stems.len() == 1 {
                terms.extend(verb_forms(&lower).into_iter().map(str::to_string));
                terms.extend(verb_of_noun(&lower));
            }
            let shipped = if use_synonyms {
                synonyms(&unit.words)
            } else {
                Vec::new()
            };
            // WordNet's synonyms where the shipped list has none.
            if use_wordnet && shipped.is_empty() && !unit.proper && !unit.number {
                terms.extend(lexicon::synonyms(&unit.words).iter().map(|t| t.to_string()));
            }
            terms.extend(shipped.into_iter().map(str::to_string));
            if unit.proper && unit.stems.len() > 1 {
                // A name is often given by its longest word alone ("Stakhanov").
                if let Some(longest) = unit
                    .words
                    .split([' ', '-'])
                    .filter(|w| w.chars().count() >= 5)
                    .max_by_key(|w| w.chars().count())
                {
                    terms.push(longest.to_string());
                }
            }
        }
        let name = self.fresh_name(&slug(first, 3));
        let mut kept = Vec::new();
        for term in terms {
            let Some(term) = usable_term(&term) else {
                continue;
            };
            let key = collision_key(&term);
            if key.is_empty() || self.owners.contains_key(&key) {
                continue;
            }
            self.owners.insert(key, name.clone());
            kept.push(term);
        }
        if kept.is_empty() {
            return None;
        }
        self.concepts.insert(name.clone(), kept);
        Some(name)
    }

    /// The shared concept of plain negation words ("not", "no", "never" …).
    pub fn negation(&mut self) -> String {
        if !self.concepts.contains_key(NEGATION) {
            let terms: Vec<String> = PLAIN_NEGATIONS
                .iter()
                .filter_map(|w| usable_term(w))
                .collect();
            for term in &terms {
                self.owners
                    .insert(collision_key(term), NEGATION.to_string());
            }
            self.concepts.insert(NEGATION.to_string(), terms);
        }
        NEGATION.to_string()
    }

    fn fresh_name(&self, base: &str) -> String {
        let base = if base.is_empty() { "concept" } else { base };
        let mut name = base.to_string();
        let mut n = 2;
        while self.concepts.contains_key(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        name
    }

    /// Drops concepts that no point uses.
    pub fn retain_used(&mut self, used: &BTreeSet<String>) {
        self.concepts.retain(|name, _| used.contains(name));
    }
}

/// The terms that state a unit exactly as the model answer does.
fn main_terms(unit: &Unit) -> Vec<String> {
    match &unit.negated {
        Some(_) if unit.plain_negation => vec![plain_words(unit)],
        Some(negated) => std::iter::once(negated.clone())
            .chain(unit.negated_short.clone())
            .collect(),
        None => vec![plain_words(unit)],
    }
}

/// A unit's own words: names as written, other words in lower case.
fn plain_words(unit: &Unit) -> String {
    if is_kept_function_word(&unit.words.to_lowercase()) {
        format!("={}", unit.words.to_lowercase())
    } else if unit.proper {
        unit.words.clone()
    } else {
        unit.words.to_lowercase()
    }
}

/// A term as the rubric should write it: words too short to stand alone
/// are marked `=word` (exact), and a term with no usable word is dropped.
fn usable_term(term: &str) -> Option<String> {
    let words = term_words(term);
    if words.is_empty() || words.iter().all(|w| w.is_stop) {
        return None;
    }
    let letters: usize = words.iter().map(|w| w.norm.chars().count()).sum();
    let digits = words
        .iter()
        .all(|w| w.norm.chars().all(|c| c.is_ascii_digit()));
    // Only a leading "=" means "exact"; other syntax characters are dropped.
    let cleaned: String = term
        .split_whitespace()
        .map(|piece| {
            let exact = piece.starts_with('=');
            let bare: String = piece
                .chars()
                .filter(|c| !matches!(c, '*' | '=' | '"' | '+'))
                .collect();
            if exact {
                format!("={bare}")
            } else {
                bare
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if letters < MIN_TERM_CHARS && !digits {
        let exact: Vec<String> = cleaned
            .split_whitespace()
            .map(|w| format!("={}", w.trim_start_matches('=')))
            .collect();
        return Some(exact.join(" "));
    }
    Some(cleaned)
}

/// What two terms must not share across concepts: the stems of their content words.
fn collision_key(term: &str) -> String {
    term_words(term)
        .into_iter()
        .filter(|w| !w.is_stop)
        .map(|w| w.stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A lower-case, hyphenated name from the first `max_words` words of some text.
pub fn slug(text: &str, max_words: usize) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::negation::find_cues;
    use crate::text::analyse;

    fn units_of(answer: &str, question: &str) -> Vec<Unit> {
        units_with(answer, question, false)
    }

    fn units_with(answer: &str, question: &str, compounds: bool) -> Vec<Unit> {
        let text = analyse(answer);
        let tokens: Vec<usize> = (0..text.tokens.len()).collect();
        let cues = find_cues(&text);
        units(
            &text,
            &tokens,
            &cues,
            &mut BTreeSet::new(),
            &question_stems(question),
            compounds,
        )
    }

    #[test]
    fn compound_nouns_stay_together_and_verbs_stay_apart() {
        let units = units_with(
            "Amino acids pass the nuclear pore. The cell uses energy for active transport \
             across the rough endoplasmic reticulum; mRNA exits with baking soda.",
            "",
            true,
        );
        assert_eq!(
            words(&units),
            [
                "Amino acids",
                "pass",
                "nuclear pore",
                "cell",
                "uses",
                "energy",
                "active transport",
                "rough",
                "endoplasmic reticulum",
                "mRNA",
                "exits",
                "baking soda"
            ]
        );
        assert!(units[0].compound && !units[1].compound);
        // Off by default: every word is a unit of its own.
        assert_eq!(units_of("amino acids", "").len(), 2);
    }

    fn words(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.words.as_str()).collect()
    }

    #[test]
    fn names_numbers_and_listed_phrases_stay_together() {
        let units = units_of(
            "Alexei Stakhanov mined 102 tonnes in the Soviet Union, 1.5 times the carbon dioxide.",
            "",
        );
        assert_eq!(
            words(&units),
            [
                "Alexei Stakhanov",
                "mined",
                "102",
                "tonnes",
                "Soviet Union",
                "1.5",
                "times",
                "carbon dioxide"
            ]
        );
        assert!(units[0].proper && units[4].proper && !units[1].proper);
        assert!(units[2].number && units[5].number);
    }

    #[test]
    fn negated_words_keep_their_negation() {
        let units = units_of("Terminal 1 and the positive terminal are not connected", "");
        let connected = units.iter().find(|u| u.words == "connected").expect("unit");
        assert_eq!(connected.negated.as_deref(), Some("not connected"));
        let units = units_of("It did not directly cause a famine", "");
        let cause = units.iter().find(|u| u.words == "cause").expect("unit");
        assert_eq!(cause.negated.as_deref(), Some("not directly cause"));
        assert_eq!(cause.negated_short.as_deref(), Some("not cause"));
        let famine = units.iter().find(|u| u.words == "famine").expect("unit");
        assert_eq!(
            famine.negated, None,
            "the cue belongs to the first word only"
        );
    }

    #[test]
    fn only_the_asking_sentences_of_a_question_give_words_away() {
        let question = "Topaz cannot be scratched by a fingernail. \
                        How hard is topaz compared to quartz? Explain how you know.";
        let stems = question_stems(question);
        assert!(stems.contains(&stem("topaz")));
        assert!(stems.contains(&stem("hard")));
        assert!(!stems.contains(&stem("scratched")));
        assert!(!stems.contains(&stem("fingernail")));
        // A question that only sets a scene gives all its words away.
        let scene = question_stems("The bulb and the battery are in a closed path.");
        assert!(scene.contains(&stem("battery")));
    }

    #[test]
    fn words_of_the_question_are_marked() {
        let units = units_of(
            "The harder mineral leaves a scratch",
            "Which mineral is hard?",
        );
        let marked: Vec<bool> = units.iter().map(|u| u.in_question).collect();
        assert_eq!(words(&units), ["harder", "mineral", "leaves", "scratch"]);
        assert_eq!(marked, [true, true, false, false]);
    }

    #[test]
    fn wordnet_fills_in_where_the_shipped_list_has_nothing() {
        let units = units_of("Cars increased.", "");
        let mut plain = Registry::default();
        let mut wordnet = Registry::default();
        for unit in &units {
            plain.concept_for(unit, true, false);
            wordnet.concept_for(unit, true, true);
        }
        assert!(!plain.concepts["cars"].contains(&"automobile".to_string()));
        assert!(wordnet.concepts["cars"].contains(&"automobile".to_string()));
        assert_eq!(wordnet.concepts["increased"], plain.concepts["increased"]);
    }

    #[test]
    fn adjectives_get_only_the_degrees_english_has() {
        let units = units_of("The steep slope is the best and next route, and lower.", "");
        let mut registry = Registry::default();
        for unit in &units {
            registry.concept_for(unit, true, false);
        }
        assert!(registry.concepts["steep"].contains(&"steeper".to_string()));
        assert_eq!(registry.concepts["best"], ["best"], "no \"bester\"");
        assert_eq!(registry.concepts["next"], ["next"], "no \"nexter\"");
        assert!(registry.concepts["lower"].contains(&"low".to_string()));
    }

    #[test]
    fn concepts_are_shared_and_never_share_terms() {
        let mut registry = Registry::default();
        let units = units_of(
            "Output increased. Output was raised. Output increased again.",
            "",
        );
        let names: Vec<String> = units
            .iter()
            .filter_map(|u| registry.concept_for(u, true, false))
            .collect();
        assert_eq!(
            names,
            [
                "output",
                "increased",
                "output",
                "increased",
                "output",
                "increased"
            ]
        );
        assert!(registry.concepts["increased"].contains(&"raise".to_string()));
    }

    #[test]
    fn short_words_become_exact_terms() {
        assert_eq!(usable_term("Xs").as_deref(), Some("=Xs"));
        assert_eq!(usable_term("14").as_deref(), Some("14"));
        assert_eq!(usable_term("the"), None);
        assert_eq!(usable_term("quota*").as_deref(), Some("quota"));
        assert_eq!(usable_term("=same").as_deref(), Some("=same"));
        assert_eq!(usable_term("ab=cd").as_deref(), Some("abcd"));
    }
}
