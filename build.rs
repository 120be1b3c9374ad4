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
//!   the stemmer on its thousand-odd words (`src/text/stem.rs`).

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
