//! The command line (clap derive types), converted to the plain option
//! structs of [`markpoint::commands`]; nothing else sees clap.

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum, ValueHint};
use markpoint::commands::batch::{BatchFormat, BatchOptions};
use markpoint::commands::rubric_draft::{DraftCommandOptions, DraftSource};
use markpoint::commands::rubric_learn::LearnCommandOptions;
use markpoint::commands::{
    check::CheckOptions,
    list::ListOptions,
    rubric_lint::LintOptions,
    rubric_test::{Fields, TestOptions},
};
use markpoint::commands::{
    practice::PracticeOptions,
    progress::ProgressOptions,
    shell::{CompletionsOptions, ManOptions, Shell},
};
use markpoint::draft::DraftOptions;
use markpoint::learn::LearnOptions;
use markpoint::report::feedback::FeedbackFormat;
use markpoint::report::Format;
use markpoint::serve::ServeOptions;
use std::net::IpAddr;
use std::path::PathBuf;

/// Checks a written answer against the mark points of a model answer.
#[derive(Debug, Parser)]
#[command(name = "markpoint", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// A rubric file or a folder of rubric files to use instead of the built-in ones.
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub rubrics: Option<PathBuf>,
    /// A rubric file or folder to add to the built-in ones (or to --rubrics); its questions win over
    /// those with the same id (repeatable).
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub add_rubrics: Vec<PathBuf>,
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
  echo 'Stakhanov was a Soviet miner.' | markpoint check --question definition --format json
  markpoint practice --question definition
  markpoint progress
  markpoint serve --open";

/// Help of the `--history` option of `practice` and `progress`.
const HISTORY_HELP: &str = "The practice history file [env: MARKPOINT_HISTORY] \
     [default: markpoint/history.jsonl in the platform's data folder]";

/// The command-line definition, with each command's exit statuses at the end of its help.
pub fn command() -> clap::Command {
    markpoint::commands::shell::with_exit_status(Cli::command())
}

/// Parses the process's arguments (printing help, or an error and exiting 2, as clap does).
///
/// The exit-status sections show only in help, so a run parses without
/// building them; help and every error are left to the whole [`command`],
/// so that they print what they always did.
pub fn parse() -> Cli {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) if error.kind() == clap::error::ErrorKind::DisplayVersion => error.exit(),
        Err(_) => command().get_matches(),
    };
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// A question id: any text (rubrics given with `--rubrics` have their own),
/// with the built-in questions offered by shell completion.
#[derive(Debug, Clone, Copy)]
struct QuestionId;

impl TypedValueParser for QuestionId {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let questions = markpoint::rubric::builtin_questions();
        Some(Box::new(
            questions
                .into_iter()
                .map(|(id, question)| PossibleValue::new(id).help(question)),
        ))
    }
}

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

/// Output formats of `batch` on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormatArg {
    /// A table and a class summary for people.
    Text,
    /// One JSON report per answer, with its id, in input order.
    Jsonl,
    /// One row per answer: id, question, score, percent, passed, (marks, max_marks,) a 0/1 column per point, warnings. For a whole test, the gradebook.
    Csv,
    /// A whole test: one row per student: the identity columns, marks per question (headed by its id), total, max_total, percent.
    Gradebook,
}

/// Forms of the feedback files of `batch --feedback`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeedbackFormatArg {
    /// Plain text (.txt).
    Text,
    /// A self-contained HTML page (.html).
    Html,
}

impl From<FeedbackFormatArg> for FeedbackFormat {
    fn from(format: FeedbackFormatArg) -> FeedbackFormat {
        match format {
            FeedbackFormatArg::Text => FeedbackFormat::Text,
            FeedbackFormatArg::Html => FeedbackFormat::Html,
        }
    }
}

impl From<BatchFormatArg> for BatchFormat {
    fn from(format: BatchFormatArg) -> BatchFormat {
        match format {
            BatchFormatArg::Text => BatchFormat::Text,
            BatchFormatArg::Jsonl => BatchFormat::Jsonl,
            BatchFormatArg::Csv => BatchFormat::Csv,
            BatchFormatArg::Gradebook => BatchFormat::Gradebook,
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
        #[arg(short, long, value_parser = QuestionId, hide_possible_values = true)]
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
    /// Practise: answer a question, see what you missed, try again, see the model answer.
    #[command(after_help = "Examples:
  markpoint practice                          # choose from a numbered menu
  markpoint practice --question definition
  markpoint practice --random
  printf 'Stakhanov was a Soviet miner.\\n\\nq\\n' | markpoint practice -q definition

At a terminal, answers are typed in a line editor: arrows, Home/End and the shell's
Emacs keys edit; Enter on an empty line grades (Enter inside the text grades it as it
stands); Up recalls earlier answers; a last line :edit, or e after grading, opens
$VISUAL or $EDITOR; Ctrl-C drops the answer and goes back to the menu; Ctrl-D on an
empty prompt leaves. Text is wrapped to COLUMNS or the terminal's width.")]
    Practice {
        /// The question id (see `markpoint list`); without it, a menu.
        #[arg(short, long, conflicts_with = "random", value_parser = QuestionId, hide_possible_values = true)]
        question: Option<String>,
        /// Start with a random question (and go on to random ones).
        #[arg(long)]
        random: bool,
        #[arg(long, value_name = "PATH", help = HISTORY_HELP)]
        history: Option<PathBuf>,
    },
    /// Show your practice so far: attempts, best and latest score, trend, points most missed,
    /// questions never tried, and what to practise next.
    #[command(after_help = "Examples:
  markpoint progress
  markpoint progress --format json
  markpoint progress --question definition             # every attempt at one question
  markpoint progress --question definition --compare   # the latest answer beside the one before
  markpoint progress -q definition --compare 1         # ... beside the first attempt
  markpoint progress --history class-history.jsonl")]
    Progress {
        /// Output format (jsonl: one question per line; with --question, one attempt per line).
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        #[arg(long, value_name = "PATH", help = HISTORY_HELP)]
        history: Option<PathBuf>,
        /// List every attempt at this question (with --format json, their answers too).
        #[arg(short, long)]
        question: Option<String>,
        /// Show the latest answer beside an earlier one: attempt number N as listed
        /// by --question, or without N the attempt before the latest.
        #[arg(long, value_name = "N", requires = "question", num_args = 0..=1)]
        compare: Option<Option<std::num::NonZeroUsize>>,
    },
    /// Practise and grade in a web browser: a local server on 127.0.0.1 (practice, progress, class pages; JSON API).
    #[command(after_help = "Examples:
  markpoint serve --open
  markpoint serve --port 8080 --class answers/ --class class.csv
  curl -s http://127.0.0.1:4747/api/check -H 'Content-Type: application/json' \\
      -d '{\"question\": \"definition\", \"answer\": \"Stakhanov was a miner.\"}'")]
    Serve {
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = markpoint::serve::DEFAULT_PORT)]
        port: u16,
        /// Open the practice page in the web browser.
        #[arg(long)]
        open: bool,
        #[arg(long, value_name = "PATH", help = HISTORY_HELP)]
        history: Option<PathBuf>,
        /// Answers the class page may grade: a folder of .txt/.md answers, a .csv or a .jsonl file (repeatable).
        #[arg(long, value_name = "PATH")]
        class: Vec<PathBuf>,
        /// The address to listen on; one beyond loopback needs --allow-remote.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Allow --bind beyond this machine: a warning is printed, and every request needs the token printed at start-up.
        #[arg(long)]
        allow_remote: bool,
    },
    /// Grade a whole class: folders of .txt/.md/.docx answers, JSON Lines or CSV/TSV; summarise per point.
    #[command(after_help = "Examples:
  markpoint batch --question definition answers/
  markpoint batch --question definition class.csv --format csv > grades.csv
  markpoint batch --question definition klasse.csv --delimiter ';'
  markpoint batch --question definition answers.jsonl --html report.html
  markpoint batch --question definition class.csv --feedback feedback/
  markpoint batch --question definition class.csv --format csv --csv-evidence --csv-hints
  markpoint batch --question definition answers/ --min-score 50
  cat answers.jsonl | markpoint batch --question definition --format jsonl -
  markpoint batch forms.csv --format gradebook > gradebook.csv     # a whole test
  markpoint batch quiz.xlsx --map \"Response 1=definition\" --html test.html")]
    Batch {
        /// The question id (see `markpoint list`); a record's own "question" overrides it. Without it, a whole test: a column per question (mapped by header), or rows of id, question, answer.
        #[arg(short, long, value_parser = QuestionId, hide_possible_values = true)]
        question: Option<String>,
        /// Folders of .txt/.md/.docx answers (the file name is the id), .jsonl, .csv or .tsv files, or (a whole test) .xlsx/.ods; - reads JSON Lines from stdin.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// What to write on stdout.
        #[arg(long, value_enum, default_value_t = BatchFormatArg::Text)]
        format: BatchFormatArg,
        /// Also write a self-contained HTML class report to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Also write one feedback file per answer (a whole test: per student) into DIR (created if missing), named after the id.
        #[arg(long, value_name = "DIR")]
        feedback: Option<PathBuf>,
        /// The form of the feedback files.
        #[arg(long, value_enum, default_value_t = FeedbackFormatArg::Text, requires = "feedback")]
        feedback_format: FeedbackFormatArg,
        /// CSV: add an evidence column per point (the sentence quoted).
        #[arg(long)]
        csv_evidence: bool,
        /// CSV: add a hints column (what to add for the points missed).
        #[arg(long)]
        csv_hints: bool,
        /// Exit with status 1 when an answer scores below this percentage.
        #[arg(long, value_name = "PERCENT", value_parser = percent)]
        min_score: Option<f64>,
        /// The CSV column holding the ids [default: id; a whole test: the first of Email Address, Email, Username, ID number, ID, sis_id, Name].
        #[arg(long, value_name = "NAME")]
        id_column: Option<String>,
        /// A whole test: answers in COLUMN are to QUESTION (an id; - passes the column through). Repeatable.
        #[arg(long = "map", value_name = "COLUMN=QUESTION")]
        maps: Vec<String>,
        /// The CSV column holding the answers.
        #[arg(long, value_name = "NAME", default_value = "answer")]
        answer_column: String,
        #[arg(long, value_name = "CHAR", value_parser = delimiter, help = DELIMITER_HELP)]
        delimiter: Option<u8>,
        /// No progress bar and no notes on stderr (bad answers are still reported).
        #[arg(long)]
        quiet: bool,
        /// Grading threads (default: one per core).
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Work on rubric files: lint them, test them against labelled answers.
    #[command(
        subcommand,
        after_help = "Examples:
  markpoint rubric lint rubrics/
  markpoint rubric test --responses samples/labelled/"
    )]
    Rubric(RubricCommand),
    /// Write a shell completion script to stdout.
    #[command(after_help = "Examples:
  markpoint completions bash > ~/.local/share/bash-completion/completions/markpoint
  markpoint completions zsh > ~/.zfunc/_markpoint
  markpoint completions fish > ~/.config/fish/completions/markpoint.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Write the man page (roff) to stdout.
    #[command(after_help = "Examples:
  markpoint man > ~/.local/share/man/man1/markpoint.1
  markpoint man | man -l -
  markpoint man practice | man -l -")]
    Man {
        /// A command whose own page to write (`check`, `rubric lint`, `rubric-lint` or
        /// `markpoint-rubric-lint`); the main page if none.
        command: Vec<String>,
    },
}

/// `markpoint rubric …`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Check rubric files: schema, ids, terms, regexes, and that the model answer earns every point.
    #[command(after_help = "Examples:
  markpoint rubric lint rubrics/
  markpoint rubric lint my-question.json other-question.json
  markpoint rubric draft --from-answer model.txt --question 'Why?' | markpoint rubric lint -")]
    Lint {
        /// Rubric files or folders; `-` reads one rubric from stdin (the built-in rubrics if none).
        paths: Vec<PathBuf>,
    },
    /// Measure rubrics against marked responses: per-point precision, recall, F1; agreement of marks.
    #[command(after_help = "Examples:
  markpoint rubric test --responses samples/labelled/
  markpoint rubric test --responses samples/probe/      # answers with a \"kind\": counted by kind
  markpoint rubric test my-rubrics/ --responses labelled.jsonl --min-f1 0.85 --format json
  markpoint rubric test rubrics/asap-sas --responses train.tsv --where EssaySet=1 -q asap-1 \\
      --score-column Score1 --answer-column EssayText --id-column Id --show 20")]
    Test {
        /// Rubric file or folder (same as --rubrics; the built-in rubrics if neither).
        path: Option<PathBuf>,
        /// Marked responses: JSON Lines, CSV or TSV files, or folders of them (repeatable).
        #[arg(long, required = true)]
        responses: Vec<PathBuf>,
        /// The question of responses that name none (CSV/TSV rows, JSON Lines without "question").
        #[arg(short, long, value_parser = QuestionId, hide_possible_values = true)]
        question: Option<String>,
        /// Which fields or columns of the marked answers hold what.
        #[command(flatten)]
        columns: MarkedColumns,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit with status 1 when the overall point F1 is below this (0 to 1).
        #[arg(long, value_name = "F1")]
        min_f1: Option<f64>,
        /// Exit with status 1 when a question's quadratic weighted kappa with the marks is below this.
        #[arg(long, value_name = "QWK")]
        min_qwk: Option<f64>,
        /// List at most N disagreements in text output (all by default).
        #[arg(long, value_name = "N")]
        show: Option<usize>,
    },
    /// Learn rubric edits from marked answers: terms to add or drop, new points, a band table, each measured.
    #[command(after_help = "Examples:
  markpoint rubric learn --rubric photosynthesis.json --responses labelled.jsonl
  markpoint rubric learn --rubric draft.json --responses marked.csv --score-column Mark \\
      --answer-column Answer --out learned.json")]
    Learn {
        /// The rubric file to improve (never overwritten).
        #[arg(long, value_name = "FILE")]
        rubric: PathBuf,
        /// Marked answers: JSON Lines (with "covered" point ids or a mark), CSV or TSV files (repeatable).
        #[arg(long, required = true)]
        responses: Vec<PathBuf>,
        /// Which fields or columns of the marked answers hold what.
        #[command(flatten)]
        columns: MarkedColumns,
        /// Share of the answers held out to judge each edit.
        #[arg(long, value_name = "SHARE", default_value_t = 0.3, value_parser = share)]
        held_out: f64,
        /// Most edits to keep.
        #[arg(long, value_name = "N", default_value_t = 30)]
        max_edits: usize,
        /// Fewest marked answers that must suggest an edit before it is tried.
        #[arg(long, value_name = "N", default_value_t = 3)]
        min_support: usize,
        /// Write the edited rubric to FILE (a new file; see --force).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace --out if it exists (never the rubric learned from).
        #[arg(long)]
        force: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Draft rubrics from a model answer or a study guide, to edit and then lint.
    #[command(after_help = "Examples:
  markpoint rubric draft --from-answer model.txt --question 'What does photosynthesis do?' --out photosynthesis.json
  markpoint rubric draft --from-guide guide.txt --out-dir my-rubrics/
  markpoint rubric draft --from-guide guide.txt > drafts.json   # one JSON array")]
    Draft {
        /// Draft one rubric from this model answer (`-` reads standard input).
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "from_guide",
            requires = "question"
        )]
        from_answer: Option<PathBuf>,
        /// Draft one rubric per review question (and the definition) of this study guide.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["from_answer", "question", "id", "out"])]
        from_guide: Option<PathBuf>,
        /// The question the model answer answers.
        #[arg(long)]
        question: Option<String>,
        /// The question id (derived from the question if not given).
        #[arg(long)]
        id: Option<String>,
        /// The topic shown by `markpoint list`.
        #[arg(long)]
        topic: Option<String>,
        /// Write the rubric to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write one ID.json per rubric into this folder (a JSON array on standard output if not given).
        #[arg(long, value_name = "DIR", conflicts_with = "from_answer")]
        out_dir: Option<PathBuf>,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
        /// Fewest concepts one point asks for (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().min_concepts)]
        min_concepts: usize,
        /// Most concepts one point asks for (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().max_concepts)]
        max_concepts: usize,
        /// Share of a point's concepts that must occur together (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().required_share)]
        required_share: f64,
        /// A point with at most this many concepts needs all of them (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().all_required_up_to)]
        all_required_up_to: usize,
        /// Keep words the question already uses in points (drafting experiments).
        #[arg(long, hide = true)]
        keep_question_words: bool,
        /// Up to how many ideas a model answer may have for the scene's words to give way to new ones (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().scene_words_give_way)]
        scene_words_give_way: usize,
        /// Do not add synonyms from the shipped list (drafting experiments).
        #[arg(long, hide = true)]
        no_synonyms: bool,
        /// Keep compound nouns ("amino acids", "cell membrane") as one concept (drafting experiments).
        #[arg(long, hide = true)]
        compounds: bool,
        /// Add WordNet's synonyms of each concept's most common sense (drafting experiments).
        #[arg(long, hide = true)]
        wordnet: bool,
        /// Fewest words a point must otherwise ask for before a rare word carries it alone (drafting experiments).
        #[arg(long, hide = true, default_value_t = DraftOptions::default().anchors_from)]
        anchors_from: usize,
        /// Do not let a qualifier and the word it qualifies ("how much vinegar") earn a point together (drafting experiments).
        #[arg(long, hide = true)]
        no_qualified_pairs: bool,
    },
}

/// Where marked answers keep their parts (`rubric test`, `rubric learn`).
#[derive(Debug, clap::Args)]
pub struct MarkedColumns {
    /// The field or column holding the marker's overall mark.
    #[arg(long, value_name = "NAME", default_value = "score")]
    score_column: String,
    /// The field or column holding the answers.
    #[arg(long, value_name = "NAME", default_value = "answer")]
    answer_column: String,
    /// The field or column holding the ids (CSV/TSV rows without it are numbered by line).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_column: String,
    /// The field or column naming each answer's question, where there is one.
    #[arg(long, value_name = "NAME", default_value = "question")]
    question_column: String,
    /// Keep only answers whose COLUMN has VALUE (repeatable).
    #[arg(long = "where", value_name = "COLUMN=VALUE", value_parser = column_value)]
    only: Vec<(String, String)>,
    #[arg(long, value_name = "CHAR", value_parser = delimiter, help = DELIMITER_HELP)]
    delimiter: Option<u8>,
}

/// The help of `--delimiter`.
const DELIMITER_HELP: &str = "The CSV cell separator: , ; tab or another character \
    (default: told from the header line; tab for .tsv)";

/// Parses `--delimiter`: one ASCII character, or `tab` (or `\t`).
fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [byte] if byte.is_ascii() && !matches!(byte, b'"' | b'\n' | b'\r') => Ok(*byte),
            _ => Err(format!(
                "{text:?} is not a delimiter: give one character, such as , or ; or tab"
            )),
        },
    }
}

impl MarkedColumns {
    /// The columns as the reader of marked answers takes them.
    fn into_fields(self) -> Fields {
        Fields {
            id: self.id_column,
            answer: self.answer_column,
            question: self.question_column,
            score: self.score_column,
            only: self.only,
            delimiter: self.delimiter,
        }
    }
}

/// Parses `COLUMN=VALUE`.
fn column_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((column, value)) if !column.trim().is_empty() => {
            Ok((column.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("{text:?} is not COLUMN=VALUE")),
    }
}

/// Parses a share from 0 to 0.9.
fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=0.9).contains(&value) => Ok(value),
        _ => Err(format!("{text} is not a share from 0 to 0.9")),
    }
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

/// The history file: `--history`, else `MARKPOINT_HISTORY`, else the
/// platform's default; an empty value counts as unset. (The variable is read
/// here rather than by clap, which rejects an empty one.)
fn history_path(given: Option<PathBuf>) -> Option<PathBuf> {
    let set = |path: &PathBuf| !path.as_os_str().is_empty();
    given
        .filter(set)
        .or_else(|| std::env::var_os(markpoint::history::HISTORY_ENV).map(PathBuf::from))
        .filter(set)
        .or_else(markpoint::history::default_path)
}

/// An output stream.
#[derive(Debug, Clone, Copy)]
enum Stream {
    /// Results.
    Stdout,
    /// Prompts and diagnostics.
    Stderr,
}

/// The width to wrap text written to `stream` to: `COLUMNS`, else the
/// terminal's width, else none (see [`markpoint::report::wrap::choose_width`]).
fn wrap_width(stream: Stream) -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok();
    let size = match stream {
        Stream::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
        Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
    };
    let terminal = size.map(|(width, _)| usize::from(width.0));
    markpoint::report::wrap::choose_width(columns.as_deref(), terminal)
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
    /// `rubric draft`.
    RubricDraft(DraftCommandOptions),
    /// `rubric learn`.
    RubricLearn(LearnCommandOptions),
    /// `batch`.
    Batch(BatchOptions),
    /// `practice`.
    Practice(PracticeOptions),
    /// `progress`.
    Progress(ProgressOptions),
    /// `serve`.
    Serve(ServeOptions),
    /// `completions`.
    Completions(CompletionsOptions),
    /// `man`.
    Man(ManOptions),
}

impl Cli {
    /// Converts the command line into a request.
    pub fn into_request(self) -> Request {
        let rubrics = self.rubrics;
        let add_rubrics = self.add_rubrics;
        match self.command {
            Command::List { format } => Request::List(ListOptions {
                rubrics,
                add_rubrics: add_rubrics.clone(),
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
                add_rubrics: add_rubrics.clone(),
                question,
                files,
                format: format.into(),
                min_score,
                explain,
                width: wrap_width(Stream::Stdout),
            }),
            Command::Rubric(RubricCommand::Lint { paths }) => Request::RubricLint(LintOptions {
                paths: if paths.is_empty() {
                    rubrics.into_iter().chain(add_rubrics.clone()).collect()
                } else {
                    paths
                },
            }),
            Command::Rubric(RubricCommand::Draft {
                from_answer,
                from_guide,
                question,
                id,
                topic,
                out,
                out_dir,
                force,
                min_concepts,
                max_concepts,
                required_share,
                all_required_up_to,
                keep_question_words,
                scene_words_give_way,
                no_synonyms,
                compounds,
                wordnet,
                anchors_from,
                no_qualified_pairs,
            }) => Request::RubricDraft(DraftCommandOptions {
                source: match (from_guide, from_answer) {
                    (Some(file), _) => DraftSource::Guide { file },
                    (None, file) => DraftSource::Answer {
                        file: file.unwrap_or_else(|| PathBuf::from("-")),
                        question: question.unwrap_or_default(),
                    },
                },
                id,
                topic,
                out,
                out_dir,
                force,
                drafting: DraftOptions {
                    min_concepts,
                    max_concepts,
                    required_share,
                    all_required_up_to,
                    leave_out_question_words: !keep_question_words,
                    scene_words_give_way,
                    synonyms: !no_synonyms,
                    compounds,
                    wordnet,
                    anchors_from,
                    qualified_pairs: !no_qualified_pairs,
                    ..DraftOptions::default()
                },
            }),
            Command::Rubric(RubricCommand::Test {
                path,
                responses,
                question,
                columns,
                format,
                min_f1,
                min_qwk,
                show,
            }) => Request::RubricTest(TestOptions {
                rubrics: path.or(rubrics),
                add_rubrics: add_rubrics.clone(),
                responses,
                question,
                fields: columns.into_fields(),
                format: format.into(),
                min_f1,
                min_qwk,
                show,
            }),
            Command::Rubric(RubricCommand::Learn {
                rubric,
                responses,
                columns,
                held_out,
                max_edits,
                min_support,
                out,
                force,
                format,
            }) => Request::RubricLearn(LearnCommandOptions {
                rubric,
                responses,
                fields: columns.into_fields(),
                learning: LearnOptions {
                    held_out_share: held_out,
                    max_edits,
                    min_support,
                    ..LearnOptions::default()
                },
                out,
                force,
                format: format.into(),
            }),
            Command::Practice {
                question,
                random,
                history,
            } => Request::Practice(PracticeOptions {
                rubrics,
                add_rubrics: add_rubrics.clone(),
                question,
                random,
                history: history_path(history),
                width: wrap_width(Stream::Stdout),
                prompt_width: wrap_width(Stream::Stderr),
            }),
            Command::Progress {
                format,
                history,
                question,
                compare,
            } => Request::Progress(ProgressOptions {
                rubrics,
                add_rubrics: add_rubrics.clone(),
                history: history_path(history),
                format: format.into(),
                question,
                compare: compare.map(|attempt| attempt.map(usize::from)),
                width: wrap_width(Stream::Stdout),
            }),
            Command::Batch {
                question,
                inputs,
                format,
                html,
                feedback,
                feedback_format,
                csv_evidence,
                csv_hints,
                min_score,
                id_column,
                maps,
                answer_column,
                delimiter,
                quiet,
                jobs,
            } => Request::Batch(BatchOptions {
                rubrics,
                add_rubrics: add_rubrics.clone(),
                question: question.unwrap_or_default(),
                inputs,
                format: format.into(),
                html,
                feedback,
                feedback_format: feedback_format.into(),
                csv_evidence,
                csv_hints,
                min_score,
                id_column_given: id_column.is_some(),
                id_column: id_column.unwrap_or_else(|| "id".to_string()),
                maps,
                answer_column,
                delimiter,
                quiet,
                progress: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
                jobs: jobs.map(usize::from),
            }),
            Command::Serve {
                port,
                open,
                history,
                class,
                bind,
                allow_remote,
            } => Request::Serve(ServeOptions {
                rubrics,
                add_rubrics: add_rubrics.clone(),
                history: history_path(history),
                bind,
                port,
                allow_remote,
                open,
                class,
            }),
            Command::Completions { shell } => Request::Completions(CompletionsOptions { shell }),
            Command::Man { command } => Request::Man(ManOptions {
                command: (!command.is_empty()).then(|| command.join(" ")),
            }),
        }
    }
}
