//! markpoint checks a written answer against the *mark points* of a model
//! answer and says which points it covered (quoting the evidence), which it
//! missed, what to add, and a score.
//!
//! The pipeline runs one way, one module per stage:
//! [`rubric`] (load + validate) → [`matching`] (compile, find) over
//! [`text`] (normalise, tokens, sentences) → [`score`] (a [`score::Report`])
//! → [`report`] (text, JSON). [`commands`] is the only part that touches
//! files and stdin.
//!
//! ```
//! let rubrics = markpoint::rubric::load_builtin().unwrap();
//! let rubric = markpoint::rubric::find(&rubrics, "five-year-plans").unwrap();
//! let compiled = markpoint::matching::compile(rubric).unwrap();
//! let report = markpoint::score::grade(&compiled, "Stakhanovism did not raise productivity.");
//! let boost = report.points.iter().find(|p| &*p.id == "productivity-boost").unwrap();
//! assert!(!boost.covered);
//! ```

pub mod cache;
pub mod commands;
pub mod draft;
pub mod error;
pub mod evaluate;
pub mod exam;
pub mod history;
pub mod learn;
pub mod lint;
pub mod matching;
pub mod report;
pub mod review;
pub mod rubric;
pub mod score;
pub mod serve;
pub mod suggest;
pub mod text;
