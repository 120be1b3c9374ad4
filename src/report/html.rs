//! The class report as one self-contained HTML page: no scripts, no
//! external fonts or styles. It has the class summary (a per-point coverage
//! chart as inline SVG), the table of students, and every answer with each
//! covered point's evidence highlighted in that point's colour.
//!
//! The page is written in pieces ([`render_head`], [`render_summary`], table
//! rows, answers, [`render_end`]) so that a caller can stream a batch of any
//! size through it. Everything that comes from an answer or a rubric is
//! HTML-escaped, and control characters are made visible first: an answer
//! holding `<script>` shows as text.

use super::class::{ClassSummary, QuestionSummary};
use super::text::number;
use crate::score::Report;
use crate::text::sanitize::for_terminal;
use std::io::{self, Write};

/// How many highlight colours there are; points beyond reuse them in turn.
pub const COLOURS: usize = 8;

/// Longest point label shown in the chart, in characters.
const CHART_LABEL: usize = 44;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330; background: #f6f7f9; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 6px; }
h2 .qtext, h3 .meta { font-weight: normal; color: #555d6b; }
h3 { font-size: 16px; margin: 0 0 8px; }
section.question h2 { margin-top: 0; }
.lead { color: #555d6b; margin: 0 0 16px; }
section.question, article.answer, .table-wrap { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
.stats { margin: 0 0 10px; }
.needed { margin: 10px 0 0; padding: 8px 12px; background: #fff6e0; border-left: 4px solid #e8a400; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eceff3; vertical-align: top; }
th { background: #f0f2f5; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fail td.grade { color: #b3261e; font-weight: 600; }
tr.skipped td { color: #6b6b6b; font-style: italic; }
.tick { display: inline-block; width: 1.4em; text-align: center; border-radius: 3px; margin-right: 2px; }
.tick.no { color: #b3261e; background: #fbe9e7; }
.tick.yes { color: #1d2330; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 10px; padding: 10px 12px; background: #fafbfc; border-radius: 6px; border: 1px solid #eceff3; }
mark { border-radius: 3px; padding: 0 1px; color: inherit; }
mark.multi { box-shadow: inset 0 -2px 0 #555d6b; }
sup.tag { font-size: 10px; font-weight: 700; border-radius: 3px; padding: 0 3px; margin-left: 1px; }
ul.points { margin: 0; padding-left: 0; list-style: none; }
ul.points li { margin: 2px 0; }
ul.points li.no { color: #6b2a25; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.swatch.none { background: #e4e6ea; }
.warn { color: #8a5a00; margin: 6px 0 0; }
td.warn { margin: 0; font-size: 13px; }
.c0 { background: #ffe08a; } .c1 { background: #a8e6a1; } .c2 { background: #a9d8ff; } .c3 { background: #ffb8cb; }
.c4 { background: #dcc4ff; } .c5 { background: #ffcb99; } .c6 { background: #9fe8df; } .c7 { background: #e3e39a; }
code { font-size: 13px; background: #f0f2f5; padding: 0 3px; border-radius: 3px; }
"#;

/// The chart colours of the highlight classes `c0`…`c7`, for SVG.
const FILLS: [&str; COLOURS] = [
    "#ffe08a", "#a8e6a1", "#a9d8ff", "#ffb8cb", "#dcc4ff", "#ffcb99", "#9fe8df", "#e3e39a",
];

/// Text escaped for HTML and XML; control characters and bidirectional
/// overrides are made visible first.
pub fn escape(text: &str) -> String {
    let visible = for_terminal(text, true);
    let mut out = String::with_capacity(visible.len() + 16);
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The title of a class report: the question, the questions (up to three),
/// or how many there are.
pub fn class_title(summary: &ClassSummary, default_question: &str) -> String {
    let questions: Vec<&str> = summary
        .questions
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    let named = match questions.len() {
        0 => default_question.to_string(),
        1..=3 => questions.join(", "),
        n => format!("{n} questions"),
    };
    format!("markpoint class report: {named}")
}

/// Opens the page: doctype, inline style, title.
pub fn render_head(out: &mut dyn Write, title: &str) -> io::Result<()> {
    let title = escape(title);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"markpoint\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n"
    )
}

/// Writes the class summary: counts, then per question a coverage chart
/// and the hint the class most needs.
pub fn render_summary(
    out: &mut dyn Write,
    summary: &ClassSummary,
    graded: usize,
    skipped: usize,
) -> io::Result<()> {
    write!(out, "<p class=\"lead\">{graded} answers graded")?;
    if skipped > 0 {
        write!(
            out,
            ", {skipped} skipped (bad input: each is listed in the table with why)"
        )?;
    }
    writeln!(out, ".</p>")?;
    for question in &summary.questions {
        render_question(out, question)?;
    }
    Ok(())
}

/// One question's section of the class summary: counts, coverage chart, the hint most needed.
pub fn render_question(out: &mut dyn Write, question: &QuestionSummary) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"question\">\n<h2>{} <span class=\"qtext\">{}</span></h2>",
        escape(&question.question),
        escape(&question.question_text)
    )?;
    writeln!(
        out,
        "<p class=\"stats\">{} answers · {} passed ({}%) · mean score {}%</p>",
        question.answers,
        question.passed,
        number(question.pass_percent()),
        number(question.mean_percent())
    )?;
    render_chart(out, question)?;
    if let Some(needed) = question.most_needed() {
        writeln!(
            out,
            "<p class=\"needed\"><strong>The class most needs:</strong> {} \
             ({} of {} missed <code>{}</code>)</p>",
            escape(&needed.hint),
            question.answers - needed.covered,
            question.answers,
            escape(&needed.id)
        )?;
    }
    writeln!(out, "</section>")
}

/// A horizontal bar per point, most-missed first, as inline SVG.
fn render_chart(out: &mut dyn Write, question: &QuestionSummary) -> io::Result<()> {
    const WIDTH: usize = 1000;
    const LABEL: usize = 390;
    const BAR: usize = 440;
    const ROW: usize = 28;
    let rows = question.most_missed_first();
    let height = rows.len() * ROW + 8;
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-label=\"How many answers covered each point\" \
         font-family=\"system-ui, DejaVu Sans, sans-serif\" font-size=\"14\">"
    )?;
    for (row, point) in rows.iter().enumerate() {
        let y = 4 + row * ROW;
        let colour = question
            .points
            .iter()
            .position(|p| p.id == point.id)
            .map_or(FILLS[0], |n| FILLS[n % COLOURS]);
        let share = question.share(point);
        let fill = if share >= 0.7 {
            "#3a9b4f"
        } else if share >= 0.4 {
            "#e0a106"
        } else {
            "#d04a3f"
        };
        let label: String = point.label.chars().take(CHART_LABEL).collect();
        let ellipsis = if label.len() < point.label.len() {
            "…"
        } else {
            ""
        };
        writeln!(
            out,
            "<rect x=\"0\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>\
             <text x=\"18\" y=\"{}\"><title>{}</title>{}{ellipsis}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{BAR}\" height=\"20\" rx=\"3\" fill=\"#eceff3\"/>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{:.1}\" height=\"20\" rx=\"3\" fill=\"{fill}\"/>\
             <text x=\"{}\" y=\"{}\">{}/{} ({}%)</text>",
            y + 4,
            y + 15,
            escape(&point.id),
            escape(&label),
            share * BAR as f64,
            LABEL + BAR + 10,
            y + 15,
            point.covered,
            question.answers,
            number((share * 100.0).round())
        )?;
    }
    writeln!(out, "</svg>")
}

/// Opens the table of students.
pub fn render_table_start(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<h2>Students</h2>\n<div class=\"table-wrap\">\n<table class=\"students\">\n\
         <thead><tr><th>#</th><th>id</th><th>question</th><th>score</th><th>%</th>\
         <th>grade</th><th>points</th><th>warnings</th></tr></thead>\n<tbody>"
    )
}

/// One student's row; `index` (from 1) links it to the answer below.
pub fn render_table_row(
    out: &mut dyn Write,
    index: usize,
    id: &str,
    report: &Report,
) -> io::Result<()> {
    write!(
        out,
        "<tr{}><td class=\"num\">{index}</td><td><a href=\"#a{index}\">{}</a></td><td>{}</td>\
         <td class=\"num\">{}/{}</td><td class=\"num\">{}%</td><td class=\"grade\">{}</td><td>",
        if report.passed { "" } else { " class=\"fail\"" },
        escape(id),
        escape(&report.question),
        number(report.headline().0),
        number(report.headline().1),
        number(report.percent),
        report.grade.name()
    )?;
    for (n, point) in report.points.iter().enumerate() {
        if point.covered {
            write!(
                out,
                "<span class=\"tick yes c{}\" title=\"{}: covered\">✔</span>",
                n % COLOURS,
                escape(&point.id)
            )?;
        } else {
            write!(
                out,
                "<span class=\"tick no\" title=\"{}: missed\">✘</span>",
                escape(&point.id)
            )?;
        }
    }
    let warnings: Vec<&str> = report
        .warnings
        .iter()
        .map(|w| super::short_warning(w))
        .collect();
    writeln!(
        out,
        "</td><td class=\"warn\">{}</td></tr>",
        escape(&warnings.join("; "))
    )
}

/// The row of an answer that was skipped, numbered like the others, with why.
pub fn render_skipped_row(
    out: &mut dyn Write,
    index: usize,
    id: Option<&str>,
    reason: &str,
) -> io::Result<()> {
    writeln!(
        out,
        "<tr class=\"skipped\"><td class=\"num\">{index}</td><td>{}</td>\
         <td colspan=\"6\">skipped: {}</td></tr>",
        escape(id.unwrap_or("—")),
        escape(reason)
    )
}

/// Closes the table of students.
pub fn render_table_end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</tbody>\n</table>\n</div>")
}

/// Opens the list of answers.
pub fn render_answers_start(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<h2>Answers</h2>")
}

/// One answer: its text with each covered point's evidence highlighted in
/// the point's colour, then the points covered and missed.
pub fn render_answer(
    out: &mut dyn Write,
    index: usize,
    id: &str,
    answer: &str,
    report: &Report,
) -> io::Result<()> {
    writeln!(
        out,
        "<article class=\"answer\" id=\"a{index}\">\n<h3>{index}. {} \
         <span class=\"meta\">{} · {}/{} · {}% · {}</span></h3>",
        escape(id),
        escape(&report.question),
        number(report.headline().0),
        number(report.headline().1),
        number(report.percent),
        report.grade.name()
    )?;
    writeln!(out, "<p class=\"text\">{}</p>", highlight(answer, report))?;
    writeln!(out, "<ul class=\"points\">")?;
    let missed_label = super::missed_point_label(report);
    for (n, point) in report.points.iter().enumerate() {
        if point.covered {
            writeln!(
                out,
                "<li class=\"yes\"><span class=\"swatch c{}\"></span>✔ <code>{}</code> {}</li>",
                n % COLOURS,
                escape(&point.id),
                escape(&point.label)
            )?;
        } else {
            writeln!(
                out,
                "<li class=\"no\"><span class=\"swatch none\"></span>✘ <code>{}</code> {} \
                 — <em>{missed_label}</em> {}</li>",
                escape(&point.id),
                escape(&point.label),
                escape(&point.hint)
            )?;
        }
    }
    writeln!(out, "</ul>")?;
    for misconception in &report.misconceptions {
        writeln!(
            out,
            "<p class=\"warn\">! {} (<code>{}</code>)</p>",
            escape(&misconception.message),
            escape(&misconception.point)
        )?;
    }
    for warning in &report.warnings {
        writeln!(out, "<p class=\"warn\">warning: {}</p>", escape(warning))?;
    }
    writeln!(out, "</article>")
}

/// Closes the page.
pub fn render_end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The answer as escaped HTML with the evidence of covered points marked.
///
/// Evidence of two points may overlap: the text is cut at every span
/// boundary and each piece takes the colour of the first point covering it
/// (an underline says more than one does). A numbered tag closes each
/// point's evidence. Spans that are not on char boundaries are ignored.
fn highlight(answer: &str, report: &Report) -> String {
    let spans: Vec<(usize, usize, usize)> = report
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.covered)
        .filter_map(|(n, p)| p.evidence.as_ref().map(|e| (e.span.0, e.span.1, n)))
        .filter(|&(start, end, _)| start < end && answer.get(start..end).is_some())
        .collect();
    let mut cuts: Vec<usize> = vec![0, answer.len()];
    cuts.extend(spans.iter().flat_map(|&(start, end, _)| [start, end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut html = String::with_capacity(answer.len() * 2);
    for piece in cuts.windows(2) {
        let (start, end) = (piece[0], piece[1]);
        let Some(text) = answer.get(start..end) else {
            continue;
        };
        let covering: Vec<usize> = spans
            .iter()
            .filter(|&&(s, e, _)| s <= start && end <= e)
            .map(|&(_, _, n)| n)
            .collect();
        match covering.first() {
            None => html.push_str(&escape(text)),
            Some(&first) => {
                let ids: Vec<&str> = covering.iter().map(|&n| &*report.points[n].id).collect();
                html.push_str(&format!(
                    "<mark class=\"c{}{}\" title=\"{}\">{}</mark>",
                    first % COLOURS,
                    if covering.len() > 1 { " multi" } else { "" },
                    escape(&ids.join(", ")),
                    escape(text)
                ));
            }
        }
        for &(_, _, n) in spans.iter().filter(|&&(_, e, _)| e == end) {
            html.push_str(&format!(
                "<sup class=\"tag c{}\" title=\"{}\">{}</sup>",
                n % COLOURS,
                escape(&report.points[n].id),
                n + 1
            ));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::super::class::ClassRow;
    use super::*;
    use crate::matching;
    use crate::rubric;

    fn report(answer: &str) -> Report {
        let rubrics = rubric::load_builtin().expect("built-in rubrics");
        let rubric = rubric::find(&rubrics, "definition").expect("definition");
        crate::score::grade(&matching::compile(rubric).expect("compiles"), answer)
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1b}[2Jb\nc"), "a\\e[2Jb\nc");
    }

    #[test]
    fn evidence_is_marked_and_the_rest_escaped() {
        let answer = "Stakhanovism was a Soviet movement of the 1930s. <b>bold</b>";
        let report = report(answer);
        let html = highlight(answer, &report);
        assert!(html.contains("<mark class=\"c0\""), "{html}");
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn the_title_names_the_questions_or_counts_them() {
        let mut summary = ClassSummary::default();
        assert_eq!(class_title(&summary, "q"), "markpoint class report: q");
        let row = ClassRow::from(report("Stakhanovism was Soviet."));
        for question in ["a", "b"] {
            summary.add(&ClassRow {
                question: question.into(),
                ..row.clone()
            });
        }
        assert_eq!(class_title(&summary, "a"), "markpoint class report: a, b");
        for question in ["c", "d"] {
            summary.add(&ClassRow {
                question: question.into(),
                ..row.clone()
            });
        }
        assert_eq!(
            class_title(&summary, "a"),
            "markpoint class report: 4 questions"
        );
    }

    #[test]
    fn a_whole_page_has_no_external_resources() {
        let answer = "Stakhanovism was a Soviet movement of the 1930s.";
        let report = report(answer);
        let mut summary = ClassSummary::default();
        summary.add(&ClassRow::from(report.clone()));
        let mut page = Vec::new();
        render_head(&mut page, "t").expect("writes");
        render_summary(&mut page, &summary, 1, 0).expect("writes");
        render_table_start(&mut page).expect("writes");
        render_table_row(&mut page, 1, "alice", &report).expect("writes");
        render_table_end(&mut page).expect("writes");
        render_answers_start(&mut page).expect("writes");
        render_answer(&mut page, 1, "alice", answer, &report).expect("writes");
        render_end(&mut page).expect("writes");
        let page = String::from_utf8(page).expect("utf8");
        assert!(page.contains("<svg"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("src="));
        assert!(!page.contains("<link"));
    }
}
