//! `markpoint completions SHELL` and `markpoint man [COMMAND]`: a shell
//! completion script (clap_complete) and a roff man page (clap_mangen), both
//! made from the command-line definition and written to stdout.
//!
//! These are the only commands that need clap itself: `main` hands them the
//! definition (`Cli::command()`) as a [`clap::Command`]. Both are rendered
//! into memory first, because the generators panic on a failed write and a
//! closed pipe (`markpoint man | head`) must end quietly instead.

use super::{stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::history::HISTORY_ENV;
use clap_mangen::Man;
use std::io::Write;

pub use clap_complete::Shell;

/// Options of `completions`.
#[derive(Debug, Clone)]
pub struct CompletionsOptions {
    /// The shell to write a script for.
    pub shell: Shell,
}

/// Options of `man`.
#[derive(Debug, Clone, Default)]
pub struct ManOptions {
    /// A command whose own page to write (`markpoint-check`); none means the main page.
    pub command: Option<String>,
}

/// Writes the completion script for a shell.
pub fn completions(
    options: &CompletionsOptions,
    mut command: clap::Command,
    console: &mut Console,
) -> Result<Outcome> {
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(options.shell, &mut command, name, &mut script);
    console.out.write_all(&script).map_err(stdout_error)?;
    Ok(Outcome::Success)
}

/// Writes the man page of the program, or of one of its commands.
pub fn man(options: &ManOptions, command: clap::Command, console: &mut Console) -> Result<Outcome> {
    let mut command = command.disable_help_subcommand(true);
    // Building gives subcommands their full names (`markpoint-check`, `markpoint check`).
    command.build();
    let source = format!(
        "{} {}",
        command.get_name(),
        command.get_version().unwrap_or_default()
    );
    let page = match &options.command {
        None => render_page(&command, &source, true),
        Some(name) => {
            let sub = command
                .get_subcommands()
                .find(|s| s.get_name() == name && !s.is_hide_set())
                .ok_or_else(|| {
                    let names: Vec<&str> = command
                        .get_subcommands()
                        .filter(|s| !s.is_hide_set())
                        .map(|s| s.get_name())
                        .collect();
                    Error::Usage(format!(
                        "no command {name:?}; the commands are: {}",
                        names.join(", ")
                    ))
                })?;
            render_page(sub, &source, false)
        }
    };
    let page = page.map_err(stdout_error)?;
    console.out.write_all(&page).map_err(stdout_error)?;
    Ok(Outcome::Success)
}

/// One page: clap_mangen's sections, with the `--help` examples kept as
/// preformatted lines (clap_mangen would run them together into a paragraph)
/// and, on the main page, the environment and files. `source` is the
/// program and version the page footer names.
fn render_page(command: &clap::Command, source: &str, main: bool) -> std::io::Result<Vec<u8>> {
    let man = Man::new(command.clone()).source(source);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    if let Some(examples) = command.get_after_help() {
        render_examples(&mut page, &examples.to_string())?;
    }
    if main {
        render_environment(&mut page)?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    Ok(once_each_preamble(&page))
}

/// The page with clap_mangen's preamble (which each section rendered on its
/// own repeats) kept only where it first appears.
fn once_each_preamble(page: &[u8]) -> Vec<u8> {
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut kept = Vec::with_capacity(page.len());
    for line in page.split_inclusive(|&b| b == b'\n') {
        let preamble = line.starts_with(b".ie \\n(.g .ds Aq") || line.starts_with(b".el .ds Aq");
        if preamble {
            if seen.contains(&line) {
                continue;
            }
            seen.push(line);
        }
        kept.extend_from_slice(line);
    }
    kept
}

/// The `after_help` examples as an EXAMPLES section of preformatted lines.
fn render_examples(page: &mut Vec<u8>, help: &str) -> std::io::Result<()> {
    writeln!(page, ".SH EXAMPLES")?;
    writeln!(page, ".nf")?;
    for line in help.lines() {
        let heading = line.trim_start().starts_with("Example") && line.trim_end().ends_with(':');
        if !heading && !line.trim().is_empty() {
            writeln!(page, "{}", roff_line(line.trim()))?;
        }
    }
    writeln!(page, ".fi")
}

/// What the environment and the file system change, for the main page.
fn render_environment(page: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(page, ".SH ENVIRONMENT")?;
    writeln!(page, ".TP\n\\fB{HISTORY_ENV}\\fR")?;
    writeln!(
        page,
        "The practice history file, instead of the default (see FILES); \\fB\\-\\-history\\fR overrides it."
    )?;
    writeln!(page, ".TP\n\\fBNO_COLOR\\fR")?;
    writeln!(
        page,
        "When set and not empty, no colour with \\fB\\-\\-color auto\\fR."
    )?;
    writeln!(page, ".SH FILES")?;
    writeln!(page, ".TP\n\\fI$XDG_DATA_HOME/markpoint/history.jsonl\\fR")?;
    writeln!(
        page,
        "The practice history (one JSON object per graded attempt); \
         \\fI~/.local/share/markpoint/history.jsonl\\fR when XDG_DATA_HOME is not set."
    )
}

/// Text made safe as one roff line: backslashes escaped, hyphens kept as
/// hyphens, and a leading `.` or `'` not taken for a request.
fn roff_line(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_lines_cannot_become_requests() {
        assert_eq!(roff_line(".SH x"), "\\&.SH x");
        assert_eq!(roff_line("'x"), "\\&'x");
        assert_eq!(roff_line("a\\b --c"), "a\\eb \\-\\-c");
    }

    #[test]
    fn examples_drop_their_heading_and_keep_their_lines() {
        let mut page = Vec::new();
        render_examples(
            &mut page,
            "Examples:\n  markpoint list\n  markpoint man | head",
        )
        .expect("renders");
        assert_eq!(
            String::from_utf8(page).expect("utf-8"),
            ".SH EXAMPLES\n.nf\nmarkpoint list\nmarkpoint man | head\n.fi\n"
        );
    }
}
