//! Whole-answer checks that are not mark points: a bare keyword list, an
//! answer to a different question, long stretches copied from the model
//! answer. They only warn; points are decided by matching alone.

use crate::rubric::Rubric;
use crate::text::{self, Text, Token};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;

/// Words in a row shared with the model answer that count as copying.
pub const COPY_RUN: usize = 12;

/// Fewest content words before an answer can be judged off-topic.
const OFF_TOPIC_MIN_WORDS: usize = 8;

/// Share of an answer's content words that must be on topic.
const ON_TOPIC_SHARE: f64 = 0.15;

/// What answers are compared with, worked out once per rubric: the stems of
/// the question, topic, model answer and every concept term, and the model
/// answer's words in order.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    stems: FxHashSet<String>,
    /// The model answer's words, as ids into `vocabulary`.
    model_words: ModelWords,
    /// The model answer's distinct words and their ids.
    vocabulary: FxHashMap<String, u32>,
    /// Whether the model answer only names things, in fragments of one or
    /// two words ("Transpiration.", "By reference.").
    fragments_only: bool,
}

impl Reference {
    /// Builds the reference for a rubric.
    pub fn new(rubric: &Rubric) -> Reference {
        Reference::with_term_stems(rubric, |_, _| None::<[&str; 0]>)
    }

    /// Builds the reference for a rubric, taking a term's stems from
    /// `known` (given the term's place among all the rubric's terms, in
    /// order, and its text) where it has them, as for a built-in rubric.
    pub(crate) fn with_term_stems<'k, S: IntoIterator<Item = &'k str>>(
        rubric: &Rubric,
        mut known: impl FnMut(usize, &str) -> Option<S>,
    ) -> Reference {
        let mut stems = FxHashSet::default();
        let mut add_stem = |stem: &str| {
            if !stems.contains(stem) {
                stems.insert(String::from(stem));
            }
        };
        let model = text::analyse(&rubric.model_answer);
        for s in [&rubric.question, &rubric.topic] {
            text_stems(s).iter().for_each(|stem| add_stem(stem));
        }
        model.tokens.iter().for_each(|token| add_stem(&token.stem));
        // Concepts that only mark other domains ("football") or cancel a
        // claim are not what the question is about.
        let used: HashSet<&str> = rubric
            .points
            .iter()
            .flat_map(|p| {
                p.matches
                    .iter()
                    .chain(p.misconceptions.iter().flat_map(|m| &m.matches))
            })
            .flat_map(|alternative| crate::rubric::alternative_concepts(alternative))
            .collect();
        let mut place = 0;
        for (name, terms) in &rubric.concepts {
            let first = place;
            place += terms.len();
            if !used.contains(name.as_str()) {
                continue;
            }
            for (i, term) in terms.iter().enumerate() {
                match known(first + i, term) {
                    Some(stems) => stems.into_iter().for_each(&mut add_stem),
                    None => text_stems(&term.replace(['*', '='], ""))
                        .iter()
                        .for_each(|stem| add_stem(stem)),
                }
            }
        }
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let model_words = model
            .tokens
            .iter()
            .map(|t| match vocabulary.get(&*t.norm) {
                Some(&id) => id,
                None => {
                    let id = vocabulary.len() as u32;
                    vocabulary.insert(String::from(&*t.norm), id);
                    id
                }
            })
            .collect();
        let fragments_only = !model.sentences.is_empty()
            && model
                .sentences
                .iter()
                .all(|sentence| text::is_naming_fragment(&model, sentence));
        Reference {
            stems,
            model_words: ModelWords::new(model_words),
            vocabulary,
            fragments_only,
        }
    }

    /// Whether an answer's fragments may be evidence, as the model answer's
    /// own are: a question answered by a name ("Transpiration.") is answered
    /// by "transpiration", while elsewhere a fragment is no statement.
    pub fn answers_in_fragments(&self) -> bool {
        self.fragments_only
    }

    /// What an answer word is to this reference. Callers cache it by word
    /// id (see `CompiledRubric::answer_words`): hashing every token's text
    /// was most of the cost of the whole-answer checks.
    pub fn word(&self, token: &Token) -> ReferenceWord {
        ReferenceWord {
            model_word: self.vocabulary.get(&*token.norm).copied(),
            content: !token.is_stop && token.norm.chars().any(char::is_alphabetic),
            on_topic: self.stems.contains(&*token.stem),
        }
    }
}

/// The stems of a text's tokens, as [`text::analyse`] finds them. A text of
/// plain words and single spaces (most concept terms) needs no full analysis:
/// each word is one token run, and [`text::plain_word`] gives its forms.
pub(crate) fn text_stems(s: &str) -> Vec<std::rc::Rc<str>> {
    let mut stems = Vec::new();
    for word in s.split(' ') {
        match text::plain_word(word) {
            Some(forms) => stems.extend(forms.into_iter().map(|(_, stem)| stem)),
            None => {
                return text::analyse(s)
                    .tokens
                    .into_iter()
                    .map(|token| token.stem.clone())
                    .collect()
            }
        }
    }
    stems
}

/// What one answer word is to a [`Reference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceWord {
    /// Its id among the model answer's words, if the model answer uses it.
    model_word: Option<u32>,
    /// Whether it is a content word: not a function word, and has a letter.
    content: bool,
    /// Whether its stem is one of the reference's stems.
    on_topic: bool,
}

/// A kind of whole-answer warning: a stable code for programs (the JSON
/// report's `warning_details`), and the opening words every message of the
/// kind starts with, which is how a message is told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningKind {
    /// The stable code, such as `copied-model-answer`; never changed once published.
    pub code: &'static str,
    /// The words each message of this kind opens with.
    pub opening: &'static str,
}

/// The answer is mostly a bare list of keywords.
pub const KEYWORD_LIST: WarningKind = WarningKind {
    code: "keyword-list",
    opening: "the answer is a list of keywords",
};

/// The answer seems to answer a different question.
pub const OFF_TOPIC: WarningKind = WarningKind {
    code: "off-topic",
    opening: "the answer seems to answer a different question",
};

/// The answer copies a long run of the model answer.
pub const COPIED_MODEL_ANSWER: WarningKind = WarningKind {
    code: "copied-model-answer",
    opening: "the answer copies the model answer",
};

/// Every kind of warning, as docs/report.md lists them.
pub const WARNING_KINDS: &[WarningKind] = &[KEYWORD_LIST, OFF_TOPIC, COPIED_MODEL_ANSWER];

/// The code of a warning message (`other` for a message of no known kind).
pub fn warning_code(message: &str) -> &'static str {
    WARNING_KINDS
        .iter()
        .find(|kind| message.starts_with(kind.opening))
        .map_or("other", |kind| kind.code)
}

/// The warnings for an analysed answer, given what its words are to the
/// reference (token by token) and its [`off_topic_share`].
pub fn warnings(
    reference: &Reference,
    answer: &Text,
    words: impl Iterator<Item = ReferenceWord>,
    off_topic: Option<f64>,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if is_keyword_list(answer) {
        warnings.push(format!(
            "{}: write sentences that say how the ideas connect; a list earns no points",
            KEYWORD_LIST.opening
        ));
    }
    if let Some(share) = off_topic {
        warnings.push(format!(
            "{}: only {:.0}% of its content words relate to this one, so it earns no points",
            OFF_TOPIC.opening,
            share * 100.0
        ));
    }
    // Words the model answer does not use get an id no model word has.
    let answer_words: Vec<u32> = words.map(|w| w.model_word.unwrap_or(u32::MAX)).collect();
    // A shared run needs that many model-answer words in a row; most answers
    // have no such streak, and then the full comparison is not needed.
    let streak = answer_words
        .split(|&id| id == u32::MAX)
        .map(<[u32]>::len)
        .max()
        .unwrap_or(0);
    let run = if streak >= COPY_RUN {
        reference.model_words.longest_shared_run(&answer_words)
    } else {
        0
    };
    if run >= COPY_RUN {
        warnings.push(format!(
            "{} ({run} words in a row): put the ideas in your own words",
            COPIED_MODEL_ANSWER.opening
        ));
    }
    warnings
}

/// Whether most of the answer's words stand in list-like sentences.
pub fn is_keyword_list(answer: &Text) -> bool {
    let total = answer.tokens.len();
    let listed: usize = answer
        .sentences
        .iter()
        .filter(|s| s.list_like)
        .map(|s| s.tokens.len())
        .sum();
    total >= 3 && listed * 10 >= total * 7
}

/// The on-topic share of an answer's content words (given what its words
/// are to the reference, token by token), when it is so low that the
/// answer seems to answer a different question.
pub fn off_topic_share(words: impl Iterator<Item = ReferenceWord> + Clone) -> Option<f64> {
    // Counted over the words as written: a word the answer repeats weighs more.
    let content = words.clone().filter(|w| w.content).count();
    if content < OFF_TOPIC_MIN_WORDS {
        return None;
    }
    let on_topic = words.filter(|w| w.content && w.on_topic).count();
    let share = on_topic as f64 / content as f64;
    (share < ON_TOPIC_SHARE).then_some(share)
}

/// The model answer's words as ids, with where each id stands.
#[derive(Debug, Clone, Default)]
struct ModelWords {
    words: Vec<u32>,
    /// Per word id, its positions in `words`.
    places: Vec<Vec<usize>>,
}

impl ModelWords {
    /// Indexes a model answer given as word ids (dense, from 0).
    fn new(words: Vec<u32>) -> ModelWords {
        let mut places: Vec<Vec<usize>> = Vec::new();
        for (at, &word) in words.iter().enumerate() {
            let word = word as usize;
            if places.len() <= word {
                places.resize(word + 1, Vec::new());
            }
            places[word].push(at);
        }
        ModelWords { words, places }
    }

    /// The most consecutive words an answer (as word ids; unknown words
    /// have an id the model lacks) shares with the model answer.
    ///
    /// Each shared run is measured once, from where it starts: from every
    /// answer word, at every place the model has that word and the words
    /// before differ. The work goes with the shared words, not with the
    /// product of the two lengths.
    fn longest_shared_run(&self, answer: &[u32]) -> usize {
        let mut best = 0;
        for (i, &word) in answer.iter().enumerate() {
            if answer.len() - i <= best {
                break;
            }
            for &j in self.places.get(word as usize).into_iter().flatten() {
                if i > 0 && j > 0 && answer[i - 1] == self.words[j - 1] {
                    continue;
                }
                let run = answer[i..]
                    .iter()
                    .zip(&self.words[j..])
                    .take_while(|(a, b)| a == b)
                    .count();
                best = best.max(run);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyse;

    #[test]
    fn stems_of_plain_words_are_those_a_full_analysis_finds() {
        let rubrics = crate::rubric::load_builtin().expect("built-in rubrics load");
        let mut texts: Vec<String> = vec![
            "don't".into(),
            "cant stop".into(),
            "Stalin  praised".into(),
            "organisation".into(),
            "e.g. the quota".into(),
        ];
        for rubric in &rubrics {
            texts.push(rubric.question.clone());
            texts.push(rubric.topic.clone());
            texts.extend(
                rubric
                    .concepts
                    .values()
                    .flatten()
                    .map(|t| t.replace(['*', '='], "")),
            );
        }
        let mut fast = 0;
        for text in &texts {
            let analysed: Vec<std::rc::Rc<str>> = analyse(text)
                .tokens
                .into_iter()
                .map(|t| t.stem.clone())
                .collect();
            assert_eq!(text_stems(text), analysed, "{text:?}");
            fast += usize::from(
                text.split(' ')
                    .all(|w| crate::text::plain_word(w).is_some()),
            );
        }
        assert!(
            fast * 2 > texts.len(),
            "only {fast} of {} texts are plain",
            texts.len()
        );
    }

    #[test]
    fn each_warning_is_told_by_its_code() {
        for kind in WARNING_KINDS {
            assert_eq!(
                warning_code(&format!("{}: and why", kind.opening)),
                kind.code
            );
        }
        assert_eq!(warning_code("something new"), "other");
        let codes: HashSet<&str> = WARNING_KINDS.iter().map(|k| k.code).collect();
        assert_eq!(codes.len(), WARNING_KINDS.len(), "codes are distinct");
    }

    /// The longest run two texts share, through word ids as `warnings` uses them.
    fn shared_run(answer: &str, model: &str) -> usize {
        let mut vocabulary: Vec<&str> = Vec::new();
        let mut model_words = Vec::new();
        for word in model.split(' ') {
            let id = vocabulary
                .iter()
                .position(|w| *w == word)
                .unwrap_or_else(|| {
                    vocabulary.push(word);
                    vocabulary.len() - 1
                });
            model_words.push(id as u32);
        }
        let answer_words: Vec<u32> = answer
            .split(' ')
            .map(|word| {
                let id = vocabulary.iter().position(|w| *w == word);
                id.map_or(u32::MAX, |id| id as u32)
            })
            .collect();
        ModelWords::new(model_words).longest_shared_run(&answer_words)
    }

    #[test]
    fn shared_runs_count_consecutive_words() {
        let model = "the cat sat on the mat today";
        assert_eq!(shared_run("a cat sat on the mat", model), 5);
        assert_eq!(shared_run("dogs bark", model), 0);
        assert_eq!(shared_run("the the the", model), 1);
        assert_eq!(
            shared_run("on the mat the cat sat on the mat today", model),
            7
        );
        assert_eq!(shared_run("the mat today", model), 3);
    }

    #[test]
    fn shared_runs_agree_with_comparing_every_pair_of_places() {
        // Small alphabets make long and overlapping repeats common.
        let mut seed: u64 = 7;
        let mut next = |alphabet: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % alphabet) as u32
        };
        for round in 0..300 {
            let alphabet = 2 + round % 5;
            let model: Vec<u32> = (0..(round % 40)).map(|_| next(alphabet)).collect();
            let answer: Vec<u32> = (0..(round % 23))
                .map(|_| next(alphabet + 1))
                .map(|w| if w == alphabet as u32 { u32::MAX } else { w })
                .collect();
            let mut expected = 0;
            for i in 0..answer.len() {
                for j in 0..model.len() {
                    let run = answer[i..]
                        .iter()
                        .zip(&model[j..])
                        .take_while(|(a, b)| a == b)
                        .count();
                    expected = expected.max(run);
                }
            }
            let got = ModelWords::new(model.clone()).longest_shared_run(&answer);
            assert_eq!(got, expected, "{answer:?} in {model:?}");
        }
    }

    #[test]
    fn keyword_lists_are_recognised() {
        assert!(is_keyword_list(&analyse(
            "Stakhanov, quota, propaganda, competition, 1935"
        )));
        assert!(!is_keyword_list(&analyse(
            "Stakhanov beat his quota, so he became a hero."
        )));
    }
}
