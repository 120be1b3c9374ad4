//! The report as text for a person at a terminal: a tick or cross per point,
//! the quoted evidence, the hint for what is missing, spelling notes, the
//! score. Colour is decided by the caller (`colored`'s override); answer
//! text is always passed through [`for_terminal`] first.

use super::json::how_name;
use crate::matching::{Decision, Found, How};
use crate::score::{PointResult, Report};
use crate::text::sanitize::for_terminal;
use colored::Colorize;
use std::io::{self, Write};

/// Longest quotation shown, in characters.
const QUOTE_LIMIT: usize = 240;

/// Writes a report; with `explain`, how every decision was made.
pub fn render(out: &mut dyn Write, report: &Report, explain: bool) -> io::Result<()> {
    writeln!(
        out,
        "{} {}",
        format!("{}:", safe(&report.question)).bold(),
        safe(&report.question_text)
    )?;
    writeln!(out)?;
    for point in &report.points {
        render_point(out, point, explain)?;
    }
    for misconception in &report.misconceptions {
        writeln!(
            out,
            "  {} {} ({})",
            "!".yellow().bold(),
            safe(&misconception.message).yellow(),
            safe(&misconception.point)
        )?;
        writeln!(
            out,
            "      {}",
            quote(&misconception.evidence.text).italic()
        )?;
    }
    let misses: Vec<String> = report
        .points
        .iter()
        .flat_map(|p| &p.near_misses)
        .map(|m| {
            format!(
                "\"{}\" read as \"{}\"",
                for_terminal(&m.written, false),
                safe(&m.meant)
            )
        })
        .collect();
    if !misses.is_empty() {
        writeln!(out, "  {} {}", "spelling:".cyan(), misses.join(", "))?;
    }
    writeln!(out)?;
    let verdict = if report.passed {
        "passed".green()
    } else {
        "below the pass mark".red()
    };
    let (got, out_of) = report.headline();
    let (what, points) = if report.marks.is_some() {
        let covered = report.points.iter().filter(|p| p.covered).count();
        let points = format!("; {covered} of {} points", report.points.len());
        ("Marks", points)
    } else {
        ("Score", String::new())
    };
    writeln!(
        out,
        "{} {}/{} ({}%), {}: {} (pass mark {}%){points}",
        what.bold(),
        number(got),
        number(out_of),
        number(report.percent),
        report.grade.name().bold(),
        verdict,
        number(report.pass_mark)
    )?;
    for warning in &report.warnings {
        writeln!(out, "{} {}", "warning:".yellow().bold(), safe(warning))?;
    }
    Ok(())
}

/// Rubric text (ids, labels, hints, terms) made safe for the terminal: a
/// rubric file can come from anywhere, as answers do.
fn safe(text: &str) -> String {
    for_terminal(text, false)
}

fn render_point(out: &mut dyn Write, point: &PointResult, explain: bool) -> io::Result<()> {
    if point.covered {
        writeln!(
            out,
            "  {} {}  {}",
            "✔".green().bold(),
            safe(&point.id).green(),
            safe(&point.label)
        )?;
        if let Some(evidence) = &point.evidence {
            writeln!(out, "      {}", quote(&evidence.text).italic())?;
        }
    } else {
        writeln!(
            out,
            "  {} {}  {}",
            "✘".red().bold(),
            safe(&point.id).red(),
            safe(&point.label)
        )?;
        writeln!(out, "      {} {}", "add:".bold(), safe(&point.hint))?;
        if let (Decision::Denied { cue, .. }, Some(sentence)) =
            (&point.decision, &point.denied_sentence)
        {
            writeln!(
                out,
                "      {} \"{}\" denies it in {}",
                "denied:".red(),
                for_terminal(cue, false),
                quote(&sentence.text).italic()
            )?;
        }
    }
    if explain {
        render_explanation(out, &point.decision)?;
    }
    Ok(())
}

fn render_explanation(out: &mut dyn Write, decision: &Decision) -> io::Result<()> {
    let (alternative, found, missing): (Option<&String>, &[Found], &[String]) = match decision {
        Decision::Covered {
            alternative, found, ..
        } => (Some(alternative), found, &[]),
        Decision::Denied {
            alternative, found, ..
        } => (Some(alternative), found, &[]),
        Decision::Missing {
            alternative,
            found,
            missing,
        } => (alternative.as_ref(), found, missing),
    };
    match alternative {
        Some(alternative) => writeln!(out, "      {} {}", "match:".dimmed(), safe(alternative))?,
        None => writeln!(
            out,
            "      {} none of its concepts appear",
            "match:".dimmed()
        )?,
    }
    for f in found {
        let how = match f.how {
            How::Typo { distance } => format!(
                "typo, {distance} edit{}",
                if distance == 1 { "" } else { "s" }
            ),
            _ => how_name(f).to_string(),
        };
        writeln!(
            out,
            "      {} {} ← \"{}\" ({how}, term \"{}\")",
            "found:".dimmed(),
            safe(&f.concept),
            for_terminal(&f.text, false),
            safe(&f.term)
        )?;
    }
    for name in missing {
        writeln!(out, "      {} {}", "missing:".dimmed(), safe(name))?;
    }
    Ok(())
}

/// A quotation, made safe for the terminal and shortened if very long.
fn quote(text: &str) -> String {
    let safe = for_terminal(text, false);
    let shown: String = safe.chars().take(QUOTE_LIMIT).collect();
    if shown.len() < safe.len() {
        format!("\"{shown}…\"")
    } else {
        format!("\"{shown}\"")
    }
}

/// A number without a needless ".0".
pub fn number(value: f64) -> String {
    // Scores and percents are nearly always whole or in tenths, and are
    // then written from integers: float formatting with a precision took
    // the slow exact path every time (about 2% of a batch).
    let tenths = (value * 10.0).round();
    if value.is_sign_positive() && tenths < 1e15 && tenths / 10.0 == value {
        let tenths = tenths as u64;
        return match tenths % 10 {
            0 => (tenths / 10).to_string(),
            tenth => format!("{}.{tenth}", tenths / 10),
        };
    }
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    /// How numbers were written before the integer path: by float formatting alone.
    fn float_formatted(value: f64) -> String {
        if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        }
    }

    #[test]
    fn numbers_read_as_float_formatting_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.25,
            0.35,
            2.45,
            1.0 / 3.0,
            2.0 / 3.0,
            -1.5,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ];
        for i in 0..20_000 {
            let i = f64::from(i);
            values.extend([i / 10.0, i / 100.0, (i / 7.0 * 1000.0).round() / 10.0]);
        }
        for value in values {
            assert_eq!(number(value), float_formatted(value), "{value:?}");
        }
        assert_eq!(number(66.7), "66.7");
        assert_eq!(number(100.0), "100");
    }
}
