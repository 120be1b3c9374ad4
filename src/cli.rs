//! The command line (clap derive types), converted to the plain option
//! structs of [`markpoint::commands`]; nothing else sees clap.

use clap::{Parser, Subcommand, ValueEnum};
use markpoint::commands::{
    check::CheckOptions, list::ListOptions, rubric_lint::LintOptions, rubric_test::TestOptions,
};
use markpoint::report::Format;
use std::path::PathBuf;

/// Checks a written answer against the mark points of a model answer.
#[derive(Debug, Parser)]
#[command(name = "markpoint", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// A rubric file or a folder of rubric files to use instead of the built-in ones.
    #[arg(long, global = true, value_name = "PATH")]
    pub rubrics: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  markpoint list
  markpoint check --question definition samples/definition/strong.txt
  echo 'Stakhanov was a Soviet miner.' | markpoint check --question definition --format json";

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Text for people.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object per line.
    Jsonl,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the questions available (id, topic, question).
    #[command(after_help = "Example:\n  markpoint list --format json")]
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Grade an answer against a question's mark points.
    #[command(after_help = "Examples:
  markpoint check --question definition answer.txt
  markpoint check --question five-year-plans --format json - < answer.txt
  markpoint check --question soviet-society --explain answer.txt
  markpoint check --question definition --min-score 60 a.txt b.txt")]
    Check {
        /// The question id (see `markpoint list`).
        #[arg(short, long)]
        question: String,
        /// Answer files; `-` or nothing reads standard input (or asks, at a terminal).
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit with status 1 when an answer scores below this percentage.
        #[arg(long, value_name = "PERCENT", value_parser = percent)]
        min_score: Option<f64>,
        /// Show how each point was decided: concepts found, missing or denied.
        #[arg(long)]
        explain: bool,
    },
    /// Work on rubric files: lint them, test them against labelled answers.
    #[command(subcommand)]
    Rubric(RubricCommand),
}

/// `markpoint rubric …`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Check rubric files: schema, ids, terms, regexes, and that the model answer earns every point.
    #[command(after_help = "Examples:
  markpoint rubric lint rubrics/
  markpoint rubric lint my-question.json other-question.json")]
    Lint {
        /// Rubric files or folders (the built-in rubrics if none).
        paths: Vec<PathBuf>,
    },
    /// Measure rubrics against hand-labelled responses: per-point precision, recall, F1.
    #[command(after_help = "Examples:
  markpoint rubric test --responses samples/labelled/
  markpoint rubric test my-rubrics/ --responses labelled.jsonl --min-f1 0.85 --format json")]
    Test {
        /// Rubric file or folder (same as --rubrics; the built-in rubrics if neither).
        path: Option<PathBuf>,
        /// Labelled responses: a JSON Lines file or a folder of them (repeatable).
        #[arg(long, required = true)]
        responses: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit with status 1 when the overall point F1 is below this (0 to 1).
        #[arg(long, value_name = "F1")]
        min_f1: Option<f64>,
    },
}

/// Parses a percentage from 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not a percentage from 0 to 100"))
    }
}

/// A parsed command line, as the library's option structs.
pub enum Request {
    /// `list`.
    List(ListOptions),
    /// `check`.
    Check(CheckOptions),
    /// `rubric lint`.
    RubricLint(LintOptions),
    /// `rubric test`.
    RubricTest(TestOptions),
}

impl Cli {
    /// Converts the command line into a request.
    pub fn into_request(self) -> Request {
        let rubrics = self.rubrics;
        match self.command {
            Command::List { format } => Request::List(ListOptions {
                rubrics,
                format: format.into(),
            }),
            Command::Check {
                question,
                files,
                format,
                min_score,
                explain,
            } => Request::Check(CheckOptions {
                rubrics,
                question,
                files,
                format: format.into(),
                min_score,
                explain,
            }),
            Command::Rubric(RubricCommand::Lint { paths }) => Request::RubricLint(LintOptions {
                paths: if paths.is_empty() {
                    rubrics.into_iter().collect()
                } else {
                    paths
                },
            }),
            Command::Rubric(RubricCommand::Test {
                path,
                responses,
                format,
                min_f1,
            }) => Request::RubricTest(TestOptions {
                rubrics: path.or(rubrics),
                responses,
                format: format.into(),
                min_f1,
            }),
        }
    }
}
