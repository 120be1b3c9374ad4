//! `markpoint rubric lint`: checks rubric files and prints every problem as
//! `file:line:column: message`.

use super::{stdout_error, Console, Outcome};
use crate::error::{Error, Result};
use crate::lint::lint_sources;
use crate::rubric::{builtin_sources, read_source, rubric_files, Source};
use std::path::PathBuf;

/// Options of `rubric lint`.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Rubric files or folders (`-` reads one rubric from stdin); none means the built-in rubrics.
    pub paths: Vec<PathBuf>,
}

/// Lints the rubrics; [`Outcome::Failing`] (exit 1) when any has an error
/// (warnings are printed but do not fail).
pub fn run(options: &LintOptions, console: &mut Console) -> Result<Outcome> {
    let sources = if options.paths.is_empty() {
        builtin_sources()
    } else {
        read_all(&options.paths, console)?
    };
    let diagnostics = lint_sources(&sources);
    for diagnostic in &diagnostics {
        writeln!(console.out, "{diagnostic}").map_err(stdout_error)?;
    }
    let files = sources.len();
    let warnings = diagnostics.iter().filter(|d| d.warning).count();
    let errors = diagnostics.len() - warnings;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let warned = if warnings > 0 {
        format!(", {}", plural(warnings, "warning"))
    } else {
        String::new()
    };
    writeln!(
        console.err,
        "{} checked, {}{warned}",
        plural(files, "rubric file"),
        plural(errors, "error")
    )
    .map_err(|source| Error::Io {
        path: PathBuf::from("<stderr>"),
        source,
    })?;
    Ok(if errors == 0 {
        Outcome::Success
    } else {
        Outcome::Failing
    })
}

/// Reads every rubric file named, expanding folders to their rubric files;
/// `-` is one rubric read from stdin, named `<stdin>` in messages.
fn read_all(paths: &[PathBuf], console: &mut Console) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(read_stdin(console)?);
            continue;
        }
        for file in rubric_files(path)? {
            sources.push(read_source(&file)?);
        }
    }
    Ok(sources)
}

/// Reads one rubric from stdin.
fn read_stdin(console: &mut Console) -> Result<Source> {
    let name = PathBuf::from("<stdin>");
    let mut bytes = Vec::new();
    console
        .input
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: name.clone(),
            source,
        })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: name.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(Source { path: name, text })
}
