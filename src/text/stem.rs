//! Stemming: the Snowball English stemmer plus a small table of irregular roots.
//!
//! Snowball leaves some related forms apart ("compete" → "compet",
//! "competition" → "competit") and over-stems others ("organization" →
//! "organ"); the table below brings the forms a student uses for the same
//! idea to one root. Stems are cached per thread because a class of answers
//! uses a small vocabulary.

use super::roots;
use crate::cache::Memo;
use fst::Map;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::sync::OnceLock;

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    static CACHE: RefCell<Memo<String, String>> = RefCell::new(Memo::new(CACHE_GENERATION));
}

/// Most words a thread's stem cache keeps per generation. Answers reach
/// stems through the text module's word cache, which keeps each word's stem;
/// this one serves rubric compiling and drafting, whose terms repeat words,
/// and is kept small since memory counts in large batches.
const CACHE_GENERATION: usize = 1_024;

/// The root of a normalised word: irregular table first, then Snowball.
pub fn stem(word: &str) -> String {
    if let Some(hit) = CACHE.with(|cache| cache.borrow_mut().get(word)) {
        return hit;
    }
    let root = stem_uncached(word);
    CACHE.with(|cache| cache.borrow_mut().insert(word.to_string(), root.clone()));
    root
}

/// [`stem`] without the cache, for callers that keep their own (the
/// tokeniser's word memo keeps each word's stem).
pub(super) fn stem_uncached(word: &str) -> String {
    roots::root(word, snowball)
}

/// The Snowball stems of the built-in rubrics' words, which `build.rs`
/// worked out: an fst map from word to where its stem is in [`BUILT_STEMS`].
const BUILT_STEM_MAP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/snowball-stems.fst"));

/// The stems [`BUILT_STEM_MAP`] points into.
const BUILT_STEMS: &str = include_str!(concat!(env!("OUT_DIR"), "/snowball-stems.txt"));

/// [`BUILT_STEM_MAP`], opened once (reading only its header).
fn built_stem_map() -> Option<&'static Map<&'static [u8]>> {
    static MAP: OnceLock<Option<Map<&'static [u8]>>> = OnceLock::new();
    MAP.get_or_init(|| Map::new(BUILT_STEM_MAP).ok()).as_ref()
}

/// The Snowball stem of a word: from the table `build.rs` made when the
/// word is in it (compiling a built-in rubric then runs no stemmer), else
/// from the stemmer.
fn snowball(word: &str) -> String {
    let built = built_stem_map()
        .and_then(|map| map.get(word))
        .and_then(|at| {
            let start = usize::try_from(at >> 8).ok()?;
            BUILT_STEMS.get(start..start + usize::from(at as u8))
        });
    match built {
        Some(stem) => stem.to_string(),
        None => STEMMER.with(|s| s.stem(word).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_stems_are_the_stemmers() {
        let map = built_stem_map().expect("build.rs writes a valid map");
        let mut words = map.stream().into_str_keys().expect("the keys are words");
        assert!(words.len() > 1_000, "only {} words", words.len());
        words.push("antidisestablishmentarianism".to_string());
        for word in &words {
            let stemmer = STEMMER.with(|s| s.stem(word).into_owned());
            assert_eq!(snowball(word), stemmer, "{word}");
        }
    }

    #[track_caller]
    fn assert_same_root(words: &[&str]) {
        let roots: Vec<String> = words.iter().map(|w| stem(w)).collect();
        assert!(
            roots.windows(2).all(|w| w[0] == w[1]),
            "{words:?} -> {roots:?}"
        );
    }

    #[test]
    fn inflections_share_a_root() {
        assert_same_root(&["quota", "quotas"]);
        assert_same_root(&["exceed", "exceeded", "exceeding", "exceeds"]);
        assert_same_root(&[
            "compete",
            "competes",
            "competition",
            "competitions",
            "competitive",
            "competing",
        ]);
        assert_same_root(&[
            "productivity",
            "production",
            "productive",
            "produce",
            "produced",
        ]);
        assert_same_root(&["industrialization", "industrial", "industry", "industries"]);
        assert_same_root(&["hero", "heroes", "heroic"]);
        assert_same_root(&["propaganda", "propagandist"]);
        // Irregular verbs: every tense of a phrase's verb meets the others.
        assert_same_root(&["go", "goes", "going", "went", "gone"]);
        assert_same_root(&["get", "gets", "getting", "got", "gotten"]);
        assert_same_root(&["tell", "tells", "telling", "told"]);
    }

    #[test]
    fn unrelated_words_keep_apart() {
        assert_ne!(stem("organization"), stem("organ"));
        assert_ne!(stem("plan"), stem("plain"));
        assert_ne!(stem("heroin"), stem("hero"));
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(stem("1930s"), "1930s");
    }
}
