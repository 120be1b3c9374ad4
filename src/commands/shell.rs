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
        None => render_page(&command, command.get_name(), &[], &source),
        Some(topic) => {
            let path = find_page(&command, topic)?;
            let page = path
                .iter()
                .fold(&command, |at, name| at.find_subcommand(name).unwrap_or(at));
            render_page(page, command.get_name(), &path, &source)
        }
    };
    let page = page.map_err(stdout_error)?;
    console.out.write_all(&page).map_err(stdout_error)?;
    Ok(Outcome::Success)
}

/// The names of every page: `markpoint`, then `markpoint-check`,
/// `markpoint-rubric-lint` and so on, as SUBCOMMANDS and SEE ALSO name them.
pub fn page_names(command: &clap::Command) -> Vec<String> {
    fn walk(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
        for sub in visible_subcommands(command) {
            let name = format!("{prefix}-{}", sub.get_name());
            names.push(name.clone());
            walk(sub, &name, names);
        }
    }
    let mut names = vec![command.get_name().to_string()];
    walk(command, command.get_name(), &mut names);
    names
}

/// The subcommands that have pages (not hidden, not `help`).
fn visible_subcommands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// The command path a page topic names: `rubric-lint`, `rubric lint` and
/// `markpoint-rubric-lint` all name `["rubric", "lint"]`.
fn find_page(command: &clap::Command, topic: &str) -> Result<Vec<String>> {
    let program = format!("{}-", command.get_name());
    let wanted = topic.split_whitespace().collect::<Vec<_>>().join("-");
    let wanted = wanted.strip_prefix(&program).unwrap_or(&wanted);
    if wanted == command.get_name() {
        return Ok(Vec::new());
    }
    let names = page_names(command);
    if names.iter().any(|n| n == &format!("{program}{wanted}")) {
        let mut path = Vec::new();
        let mut at = command;
        let mut rest = wanted;
        // Command names may hold dashes themselves: take the longest that fits.
        while !rest.is_empty() {
            let Some(sub) = visible_subcommands(at)
                .filter(|s| rest == s.get_name() || rest.starts_with(&format!("{}-", s.get_name())))
                .max_by_key(|s| s.get_name().len())
            else {
                break;
            };
            path.push(sub.get_name().to_string());
            rest = rest[sub.get_name().len()..].trim_start_matches('-');
            at = sub;
        }
        return Ok(path);
    }
    let topics: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_prefix(&program))
        .collect();
    Err(Error::Usage(format!(
        "no man page {topic:?}; {}the pages are: {}",
        crate::suggest::hint(wanted, topics.iter().copied()),
        topics.join(", ")
    )))
}

/// What each exit status means for a command (`path` of subcommand names;
/// empty for the program as a whole), for `--help` and the man pages.
/// Short enough that each fits on one line of `--help`.
pub fn exit_statuses(path: &[&str]) -> Vec<(i32, &'static str)> {
    let failing = match path {
        [] => Some(
            "check or batch below --min-score, rubric lint errors, rubric test below --min-f1 or --min-qwk",
        ),
        ["check"] | ["batch"] => Some("an answer scored below --min-score"),
        ["rubric", "lint"] => Some("a rubric has errors (warnings alone do not fail)"),
        ["rubric", "test"] => {
            Some("the point F1 is below --min-f1, or a question's QWK below --min-qwk")
        }
        _ => None,
    };
    let bad = match path {
        ["check"] => "usage error or bad input; with several files, each bad one is reported, the rest graded",
        ["batch"] => "usage error, or some answers were bad (each reported on stderr, the rest graded)",
        _ => "usage error or bad input (unreadable file, invalid UTF-8, empty answer, broken rubric)",
    };
    let mut statuses = vec![(0, "success")];
    statuses.extend(failing.map(|meaning| (1, meaning)));
    statuses.push((2, bad));
    statuses.push((
        130,
        "stopped by Ctrl-C, or by SIGTERM while writing files (files being written are removed)",
    ));
    statuses
}

/// The exit statuses as a help section.
pub fn exit_status_help(path: &[&str]) -> String {
    let mut help = String::from("Exit status:");
    for (code, meaning) in exit_statuses(path) {
        help.push_str(&format!("\n  {code}  {meaning}"));
    }
    help
}

/// The command with an "Exit status" section at the end of each command's
/// help (after its examples), for `-h` and `--help`. The man pages take the
/// plain definition and write the same table as their EXIT STATUS section.
pub fn with_exit_status(command: clap::Command) -> clap::Command {
    fn add(command: clap::Command, path: &mut Vec<String>) -> clap::Command {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        let status = exit_status_help(&names);
        let help = match command.get_after_help() {
            Some(examples) => format!("{examples}\n\n{status}"),
            None => status,
        };
        command.after_help(help).mut_subcommands(|sub| {
            path.push(sub.get_name().to_string());
            let sub = add(sub, path);
            path.pop();
            sub
        })
    }
    add(command, &mut Vec::new())
}

/// One page: clap_mangen's sections, with the `--help` examples kept as
/// preformatted lines (clap_mangen would run them together into a paragraph),
/// the exit statuses, on the main page the environment and files, and the
/// related pages. `program` is the program's name, `path` the command's
/// subcommand names (empty for the main page); `source` is the program and
/// version the page footer names.
fn render_page(
    command: &clap::Command,
    program: &str,
    path: &[String],
    source: &str,
) -> std::io::Result<Vec<u8>> {
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
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    render_exit_status(&mut page, &names)?;
    if path.is_empty() {
        render_environment(&mut page)?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    if !path.is_empty() {
        render_see_also(&mut page, program, path)?;
    }
    Ok(once_each_preamble(&page))
}

/// The EXIT STATUS section.
fn render_exit_status(page: &mut Vec<u8>, path: &[&str]) -> std::io::Result<()> {
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in exit_statuses(path) {
        writeln!(page, ".TP\n\\fB{code}\\fR\n{}", roff_line(meaning))?;
    }
    Ok(())
}

/// The SEE ALSO section of a command's page: the pages above it.
fn render_see_also(page: &mut Vec<u8>, program: &str, path: &[String]) -> std::io::Result<()> {
    let above: Vec<String> = (0..path.len())
        .map(|n| {
            std::iter::once(program.to_string())
                .chain(path[..n].iter().cloned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .map(|page| format!("\\fB{}\\fR(1)", roff_line(&page)))
        .collect();
    writeln!(page, ".SH \"SEE ALSO\"\n{}", above.join(", "))
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
