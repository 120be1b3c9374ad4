//! Build-time work that does not depend on the input, so that no run pays
//! for it at start-up:
//! - the dictionary (`data/english-words.txt`) as a ready-made fst set,
//!   looked up in place instead of put in a hash set at every start;
//! - an index of the built-in rubrics (file, id, topic, question, number of
//!   points, pass mark), so that `list` parses no rubric and `check` parses
//!   only the one asked for. Each file must be JSON with those fields and
//!   the ids must be distinct, or the build fails; the full validation of
//!   the built-in rubrics runs in the tests and in `.ci/run`;
//! - the Snowball stems of the words of the built-in rubrics, as an fst map
//!   from word to stem, so that compiling a built-in question does not run
//!   the stemmer on its thousand-odd words (`src/text/stem.rs`);
//! - the compiled terms and regex literals of the built-in rubrics: each
//!   term's words as normalised forms, stems and modes, the stems the
//!   whole-answer checks take from it, and each regex's required literal
//!   sets, so that compiling a built-in question normalises, stems and
//!   parses next to nothing (`src/matching/prebuilt.rs`). The rules come
//!   from the crate's own files, included below: spelling, stem roots,
//!   contractions and literal extraction have one copy, and a test checks
//!   every built term against what compiling it at run time gives.

#[allow(dead_code)]
#[path = "src/text/contractions.rs"]
mod contractions;
#[allow(dead_code)]
#[path = "src/matching/literals.rs"]
mod literals;
#[allow(dead_code)]
#[path = "src/text/roots.rs"]
mod roots;
#[allow(dead_code)]
#[path = "src/text/spelling.rs"]
mod spelling;

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The built-in rubric files, in the order `list` shows them.
const RUBRICS: &[&str] = &[
    "definition.json",
    "five-year-plans.json",
    "soviet-society.json",
    "long-term-effects.json",
];

/// The pass mark of a rubric that gives none (as in `src/rubric/model.rs`).
const DEFAULT_PASS_MARK: f64 = 50.0;

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it"));
    dictionary(&manifest, &out);
    rubric_index(&manifest, &out);
    snowball_stems(&manifest, &out);
    compiled_rubrics(&manifest, &out);
}

/// The files whose rules the built terms follow: a change to one builds
/// them again.
const RULE_FILES: &[&str] = &[
    "src/text/contractions.rs",
    "src/matching/literals.rs",
    "src/text/roots.rs",
    "src/text/spelling.rs",
];

/// Writes `builtin_compiled.rs`: one `BuiltRubric` per shipped rubric file
/// (see `src/matching/prebuilt.rs`), with every term of every concept in
/// the order the parsed rubric keeps them (concepts by name, terms as
/// written), and every regex of its points and misconceptions.
fn compiled_rubrics(manifest: &Path, out: &Path) {
    for file in RULE_FILES {
        println!("cargo:rerun-if-changed={}", manifest.join(file).display());
    }
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let forms = |raw: &str| plain_word_forms(raw, &stemmer);
    let mut strings = Strings::default();
    let mut code = String::from("&[\n");
    for file in RUBRICS {
        let path = manifest.join("rubrics").join(file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rubric: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let concepts: BTreeMap<&str, &serde_json::Value> = rubric["concepts"]
            .as_object()
            .unwrap_or_else(|| panic!("{}: no \"concepts\" object", path.display()))
            .iter()
            .map(|(name, terms)| (name.as_str(), terms))
            .collect();
        // Plain numbers only (see `prebuilt.rs`): a table of pointers would
        // cost a relocation per string at every start.
        let (mut terms, mut words, mut stems) = (Vec::new(), Vec::new(), Vec::new());
        let none = u32::MAX;
        let count = |items: &Vec<String>| u32::try_from(items.len()).expect("fits");
        for concept_terms in concepts.values() {
            let concept_terms = concept_terms.as_array().map(Vec::as_slice);
            for term in concept_terms
                .unwrap_or_default()
                .iter()
                .filter_map(|t| t.as_str())
            {
                let [text_start, text_len] = strings.add(term);
                let term_words = term_words(term, &forms);
                let words_start = count(&words);
                for (norm, stem, mode) in term_words.iter().flatten() {
                    let [norm_start, norm_len] = strings.add(norm);
                    let [stem_start, stem_len] = strings.add(stem);
                    words.push(format!(
                        "[{norm_start}, {norm_len}, {stem_start}, {stem_len}, {mode}]"
                    ));
                }
                let words_count =
                    term_words.map_or(none, |w| u32::try_from(w.len()).expect("fits"));
                let term_stems = reference_stems(term, &forms);
                let stems_start = count(&stems);
                for stem in term_stems.iter().flatten() {
                    let [start, len] = strings.add(stem);
                    stems.push(format!("[{start}, {len}]"));
                }
                let stems_count =
                    term_stems.map_or(none, |s| u32::try_from(s.len()).expect("fits"));
                terms.push(format!(
                    "[{text_start}, {text_len}, {words_start}, {words_count}, {stems_start}, {stems_count}]"
                ));
            }
        }
        writeln!(
            code,
            "    BuiltRubric {{ file: {file:?},\n        terms: &[{}],\n        words: &[{}],\n        \
             stems: &[{}],\n        regexes: &[",
            terms.join(", "),
            words.join(", "),
            stems.join(", "),
        )
        .expect("writing to a String");
        let mut patterns: Vec<&str> = Vec::new();
        for point in rubric["points"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let misconceptions = point["misconceptions"].as_array().map(Vec::as_slice);
            let regexes = std::iter::once(&point["regex"]).chain(
                misconceptions
                    .unwrap_or_default()
                    .iter()
                    .map(|m| &m["regex"]),
            );
            patterns.extend(regexes.filter_map(serde_json::Value::as_str));
        }
        patterns.sort_unstable();
        patterns.dedup();
        for pattern in patterns {
            let sets = literals::required_literals(pattern).map(|set| {
                set.map(|literals| {
                    let literals: Vec<String> = literals.iter().map(|l| byte_string(l)).collect();
                    format!("&[{}]", literals.join(", "))
                })
            });
            let [first, second] = sets.map(option);
            writeln!(
                code,
                "        BuiltRegex {{ pattern: {pattern:?}, required: [{first}, {second}] }},",
            )
            .expect("writing to a String");
        }
        code.push_str("    ] },\n");
    }
    code.push_str("]\n");
    fs::write(out.join("builtin_compiled.rs"), code).expect("OUT_DIR is writable");
    fs::write(out.join("builtin_compiled.txt"), strings.text).expect("OUT_DIR is writable");
}

/// The strings of the compiled rubrics, each once, in one text.
#[derive(Default)]
struct Strings {
    text: String,
    at: std::collections::HashMap<String, [u32; 2]>,
}

impl Strings {
    /// Where a string is in the text, as (start, length) in bytes.
    fn add(&mut self, string: &str) -> [u32; 2] {
        if let Some(&at) = self.at.get(string) {
            return at;
        }
        let fits = |n: usize| u32::try_from(n).expect("the compiled text fits in 4 GB");
        let at = [fits(self.text.len()), fits(string.len())];
        self.text.push_str(string);
        self.at.insert(string.to_string(), at);
        at
    }
}

/// `Some(code)` or `None`, as Rust code.
fn option(code: Option<String>) -> String {
    code.map_or_else(|| "None".to_string(), |code| format!("Some({code})"))
}

/// Bytes as a Rust byte string literal.
fn byte_string(bytes: &[u8]) -> String {
    let mut literal = String::from("b\"");
    for &byte in bytes {
        match byte {
            b'"' | b'\\' => write!(literal, "\\{}", char::from(byte)),
            b' '..=b'~' => write!(literal, "{}", char::from(byte)),
            _ => write!(literal, "\\x{byte:02x}"),
        }
        .expect("writing to a String");
    }
    literal.push('"');
    literal
}

/// The normalised forms and stems of a plain word (ASCII letters, no capital
/// after the first), as `text::plain_word` gives them; `None` for any other
/// word, which is left to run time. Such a word has no quotes or
/// apostrophes, so normalising it is lower-casing it and unifying its
/// spelling, and a negative contraction ("dont") becomes two words.
fn plain_word_forms(raw: &str, stemmer: &rust_stemmers::Stemmer) -> Option<Vec<(String, String)>> {
    let bytes = raw.as_bytes();
    let plain = !bytes.is_empty()
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(u8::is_ascii_lowercase);
    if !plain {
        return None;
    }
    let norm = spelling::unify_spelling(&raw.to_ascii_lowercase());
    let form = |norm: &str| {
        let stem = roots::root(norm, |word| stemmer.stem(word).into_owned());
        (norm.to_string(), stem)
    };
    Some(match contractions::split_negative_contraction(&norm) {
        Some("") => vec![form("not")],
        Some(head) => vec![form(head), form("not")],
        None if norm.is_empty() => Vec::new(),
        None => vec![form(&norm)],
    })
}

/// A term's words as (form, stem, mode), as `matching::terms` splits it:
/// at white space and hyphens, `=word` exact, `word*` a prefix. `None` when
/// a piece is not a plain word.
fn term_words(
    term: &str,
    forms: &impl Fn(&str) -> Option<Vec<(String, String)>>,
) -> Option<Vec<(String, String, u8)>> {
    let mut words = Vec::new();
    for piece in term.split(|c: char| c.is_whitespace() || c == '-') {
        let exact = piece.starts_with('=');
        let prefix = piece.ends_with('*');
        let core = piece.trim_start_matches('=').trim_end_matches('*');
        let tokens = forms(core)?;
        let count = tokens.len();
        for (i, (norm, stem)) in tokens.into_iter().enumerate() {
            // As `src/matching/prebuilt.rs` reads them.
            let mode = if exact {
                1
            } else if prefix && i + 1 == count {
                2
            } else {
                0
            };
            words.push((norm, stem, mode));
        }
    }
    Some(words)
}

/// The stems the whole-answer checks take from a term, as `review`
/// splits it: `*` and `=` left out, words at single spaces. `None` when a
/// word is not plain.
fn reference_stems(
    term: &str,
    forms: &impl Fn(&str) -> Option<Vec<(String, String)>>,
) -> Option<Vec<String>> {
    let bare = term.replace(['*', '='], "");
    let mut stems = Vec::new();
    for word in bare.split(' ') {
        stems.extend(forms(word)?.into_iter().map(|(_, stem)| stem));
    }
    Some(stems)
}

/// Writes `snowball-stems.fst` and `snowball-stems.txt`: every run of ASCII
/// letters in the built-in rubric files, lower-cased, mapped to its Snowball
/// English stem. The map's value is where the stem starts in the text file
/// (shifted left 8 bits) and its length in bytes (the low 8 bits). Any word
/// can be in it, since its stem is what the stemmer says: the runs cover the
/// words that compiling a rubric stems, and others are stemmed as before.
fn snowball_stems(manifest: &Path, out: &Path) {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut words = std::collections::BTreeSet::new();
    for file in RUBRICS {
        let path = manifest.join("rubrics").join(file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lower = text.to_ascii_lowercase();
        words.extend(
            lower
                .split(|c: char| !c.is_ascii_lowercase())
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    let mut stems = String::new();
    let mut offsets = std::collections::HashMap::new();
    let mut map = fst::MapBuilder::memory();
    for word in &words {
        let stem = stemmer.stem(word);
        let len = u64::try_from(stem.len()).expect("a stem's length fits");
        assert!(len < 256, "{word}: stem longer than 255 bytes");
        let start = *offsets.entry(stem.to_string()).or_insert_with(|| {
            stems.push_str(&stem);
            (stems.len() - stem.len()) as u64
        });
        map.insert(word, start << 8 | len)
            .expect("sorted, distinct words build an fst");
    }
    let bytes = map.into_inner().expect("an in-memory fst finishes");
    fs::write(out.join("snowball-stems.fst"), bytes).expect("OUT_DIR is writable");
    fs::write(out.join("snowball-stems.txt"), stems).expect("OUT_DIR is writable");
}

/// Writes `english-words.fst`: the word list, sorted and without repeats.
fn dictionary(manifest: &Path, out: &Path) {
    let path = manifest.join("data/english-words.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut words: Vec<&str> = text.lines().filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    let mut set = fst::SetBuilder::memory();
    set.extend_iter(words)
        .expect("sorted, distinct words build an fst");
    let bytes = set.into_inner().expect("an in-memory fst finishes");
    fs::write(out.join("english-words.fst"), bytes).expect("OUT_DIR is writable");
}

/// Writes `builtin_rubrics.rs`: one `BuiltinRubric` per shipped rubric file.
fn rubric_index(manifest: &Path, out: &Path) {
    let mut code = String::from("&[\n");
    let mut ids: Vec<String> = Vec::new();
    for file in RUBRICS {
        let path = manifest.join("rubrics").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rubric: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let field = |name: &str| {
            rubric[name]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no string {name:?}", path.display()))
                .to_string()
        };
        let id = field("id");
        if ids.contains(&id) {
            panic!("{}: question id {id:?} is used twice", path.display());
        }
        let points = rubric["points"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no \"points\" list", path.display()))
            .len();
        let pass_mark = match &rubric["pass_mark"] {
            serde_json::Value::Null => DEFAULT_PASS_MARK,
            value => value
                .as_f64()
                .unwrap_or_else(|| panic!("{}: pass_mark is not a number", path.display())),
        };
        writeln!(
            code,
            "    BuiltinRubric {{ file: {file:?}, text: include_str!({:?}), id: {id:?}, \
             topic: {:?}, question: {:?}, points: {points}, pass_mark: {pass_mark:?} }},",
            path.display().to_string(),
            field("topic"),
            field("question"),
        )
        .expect("writing to a String");
        ids.push(id);
    }
    code.push_str("]\n");
    fs::write(out.join("builtin_rubrics.rs"), code).expect("OUT_DIR is writable");
}
