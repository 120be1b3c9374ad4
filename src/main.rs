//! The `markpoint` binary: parse the command line, run the command, exit.

mod cli;

use clap::CommandFactory;
use cli::{Cli, ColorChoice, Request};
use markpoint::commands::{self, Console};
use markpoint::error::Error;
use markpoint::text::sanitize::for_terminal;
use std::io::{self, IsTerminal, Write};

/// mimalloc: grading allocates many small, short-lived strings and vectors,
/// and it serves them faster than the system allocator, above all across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::parse();
    set_colour(cli.color);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let stdin = io::stdin();
    let input_is_terminal = stdin.is_terminal();
    let mut input = stdin.lock();
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        input: &mut input,
        input_is_terminal,
    };
    let result = match cli.into_request() {
        Request::List(options) => commands::list::run(&options, &mut console),
        Request::Check(options) => commands::check::run(&options, &mut console),
        Request::Batch(options) => commands::batch::run(&options, &mut console),
        Request::RubricLint(options) => commands::rubric_lint::run(&options, &mut console),
        Request::RubricTest(options) => commands::rubric_test::run(&options, &mut console),
        Request::RubricDraft(options) => commands::rubric_draft::run(&options, &mut console),
        Request::RubricLearn(options) => commands::rubric_learn::run(&options, &mut console),
        Request::Practice(options) => commands::practice::run(&options, &mut console),
        Request::Progress(options) => commands::progress::run(&options, &mut console),
        Request::Serve(options) => markpoint::serve::run(&options, &mut console),
        Request::Completions(options) => {
            commands::shell::completions(&options, Cli::command(), &mut console)
        }
        Request::Man(options) => commands::shell::man(&options, Cli::command(), &mut console),
    };
    let flushed = out.flush();
    let code = match (result, flushed) {
        (Err(error), _) if is_broken_pipe(&error) => 0,
        (Err(error), _) => {
            eprintln!(
                "markpoint: error: {}",
                for_terminal(&error.to_string(), false)
            );
            2
        }
        (Ok(outcome), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => outcome.exit_code(),
        (Ok(_), Err(e)) => {
            eprintln!("markpoint: error: <stdout>: {e}");
            2
        }
        (Ok(outcome), Ok(())) => outcome.exit_code(),
    };
    std::process::exit(code);
}

/// A closed stdout (`markpoint … | head`) is not an error.
fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

/// Colour follows `--color`; `auto` means a terminal on stdout, no `NO_COLOR`, and not `TERM=dumb`.
fn set_colour(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    colored::control::set_override(on);
}
