//! The class page's server side: grade a class with `batch` (the same code,
//! the same HTML report, CSV and JSON Lines) and serve the results.
//!
//! A class comes from a source named at start-up (`serve --class PATH`) or
//! from files uploaded in the page. No request names a path: start-up
//! sources are picked by their number, and uploads are written, under
//! names reduced to safe characters, into a temporary folder of their own
//! that is removed once the class is graded.

use super::api::{json_response, parse_body, ApiError};
use super::assets::inline_style;
use super::App;
use crate::commands::batch::{self, BatchFormat, BatchOptions};
use crate::commands::save::{save, Existing, Links, SaveRule};
use crate::commands::Console;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// How many graded classes are kept for viewing; older ones are dropped.
const KEEP_CLASSES: usize = 12;

/// Most files one upload may hold.
const MAX_UPLOAD_FILES: usize = 2000;

/// The graded classes, newest last.
#[derive(Default)]
pub struct Classes {
    /// The number the next class gets.
    next: usize,
    /// The classes kept.
    kept: Vec<Arc<GradedClass>>,
}

/// One graded class: what the page shows and the files it offers.
pub struct GradedClass {
    /// Its number, in its addresses.
    number: usize,
    /// What the page says about it.
    summary: ClassSummary,
    /// The HTML class report, linked to the shared style sheet.
    report: String,
    /// The CSV of `batch --format csv`.
    csv: Vec<u8>,
    /// The JSON Lines of `batch --format jsonl`.
    jsonl: Vec<u8>,
}

/// What the page shows about a graded class.
#[derive(Debug, Clone, Serialize)]
struct ClassSummary {
    number: usize,
    question: String,
    source: String,
    graded: usize,
    skipped: usize,
    /// One line per answer that could not be graded, naming it.
    messages: Vec<String>,
    report: String,
    csv: String,
    jsonl: String,
}

/// The body of `POST /api/class`: a question and either a start-up source or uploaded files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRequest {
    question: String,
    #[serde(default)]
    source: Option<usize>,
    #[serde(default)]
    files: Vec<Upload>,
}

/// One uploaded file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    name: String,
    content: String,
}

/// `GET /api/class/sources`: the start-up sources and the classes graded so far.
pub async fn sources(State(app): State<Arc<App>>) -> Response {
    let sources: Vec<serde_json::Value> = app
        .class_sources
        .iter()
        .enumerate()
        .map(
            |(index, path)| serde_json::json!({"index": index, "name": path.display().to_string()}),
        )
        .collect();
    let classes: Vec<ClassSummary> = lock(&app)
        .kept
        .iter()
        .rev()
        .map(|c| c.summary.clone())
        .collect();
    json_response(
        StatusCode::OK,
        &serde_json::json!({"sources": sources, "classes": classes}),
    )
}

fn lock(app: &App) -> std::sync::MutexGuard<'_, Classes> {
    app.classes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `POST /api/class`: grades a class and keeps its report.
pub async fn create(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: ClassRequest = parse_body(body)?;
    app.question_index(&request.question)?;
    let _permit = app
        .grading
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is stopping"))?;
    let worker = Arc::clone(&app);
    let graded = tokio::task::spawn_blocking(move || grade_class(&worker, request))
        .await
        .map_err(|_| {
            ApiError::internal("internal error while grading the class (please report it)")
        })??;
    let summary = graded.summary.clone();
    let mut classes = lock(&app);
    classes.kept.push(Arc::new(graded));
    let excess = classes.kept.len().saturating_sub(KEEP_CLASSES);
    classes.kept.drain(..excess);
    drop(classes);
    Ok(json_response(StatusCode::OK, &summary))
}

/// Grades the class a request names, with `batch`, in a temporary folder.
fn grade_class(app: &App, request: ClassRequest) -> Result<GradedClass, ApiError> {
    let folder = tempfile::tempdir()
        .map_err(|e| ApiError::internal(format!("cannot make a temporary folder: {e}")))?;
    let (inputs, source) = match (request.source, request.files.is_empty()) {
        (Some(index), true) => {
            let path = app
                .class_sources
                .get(index)
                .ok_or_else(|| ApiError::not_found(format!("there is no class source {index}")))?;
            (vec![path.clone()], path.display().to_string())
        }
        (None, false) => {
            let inputs = write_uploads(folder.path(), &request.files)?;
            let names: Vec<&str> = request.files.iter().map(|f| f.name.as_str()).collect();
            let source = match names.as_slice() {
                [one] => one.to_string(),
                [first, ..] => format!("{first} and {} more files", names.len() - 1),
                [] => String::new(),
            };
            (inputs, source)
        }
        _ => {
            return Err(ApiError::bad_request(
                "give either \"source\" (a class named at start-up) or \"files\" (uploaded)",
            ))
        }
    };
    let html_path = folder.path().join("report.html");
    let options = BatchOptions {
        rubrics: app.rubrics_path.clone(),
        add_rubrics: app.add_rubrics.clone(),
        question: request.question.clone(),
        inputs,
        format: BatchFormat::Jsonl,
        html: Some(html_path.clone()),
        quiet: true,
        ..BatchOptions::default()
    };
    let (jsonl, errors) = run_batch(&options)?;
    let (csv, _) = run_batch(&BatchOptions {
        format: BatchFormat::Csv,
        html: None,
        ..options
    })?;
    let page = std::fs::read_to_string(&html_path)
        .map_err(|e| ApiError::internal(format!("cannot read the class report: {e}")))?;
    let hidden = folder.path().display().to_string();
    let messages: Vec<String> = String::from_utf8_lossy(&errors)
        .lines()
        .map(|line| {
            let line = line.strip_prefix("markpoint: error: ").unwrap_or(line);
            line.replace(&format!("{hidden}/"), "")
        })
        .collect();
    let mut classes = lock(app);
    let number = classes.next;
    classes.next += 1;
    drop(classes);
    let summary = ClassSummary {
        number,
        question: request.question,
        source,
        // Skipped answers have a line too, marked `"status":"skipped"`.
        graded: jsonl
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .filter(|l| {
                serde_json::from_slice::<serde_json::Value>(l)
                    .is_ok_and(|v| v["status"] != "skipped")
            })
            .count(),
        skipped: messages.len(),
        messages,
        report: format!("/class/{number}/report"),
        csv: format!("/class/{number}/answers.csv"),
        jsonl: format!("/class/{number}/answers.jsonl"),
    };
    Ok(GradedClass {
        number,
        report: served_report(&page, &summary),
        summary,
        csv,
        jsonl,
    })
}

/// Runs `batch` on buffers: its stdout and its stderr.
fn run_batch(options: &BatchOptions) -> Result<(Vec<u8>, Vec<u8>), ApiError> {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input = std::io::empty();
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        input: &mut input,
        input_is_terminal: false,
    };
    batch::run(options, &mut console)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    Ok((out, err))
}

/// The class report as served: its inline style replaced by the shared
/// style sheet (the Content-Security-Policy allows no inline style), and
/// links back to the class page and to the downloads.
fn served_report(page: &str, summary: &ClassSummary) -> String {
    let mut page = match inline_style(page) {
        Some((_, range)) => {
            let mut linked = page.to_string();
            linked.replace_range(
                range,
                "<link rel=\"stylesheet\" href=\"/static/report.css\">",
            );
            linked
        }
        None => page.to_string(),
    };
    let nav = format!(
        "<main>\n<nav class=\"links\"><a href=\"/class\">Class page</a> · \
         <a href=\"{}\" download>Download CSV</a> · <a href=\"{}\" download>Download JSON Lines</a></nav>\n",
        summary.csv, summary.jsonl
    );
    if let Some(at) = page.find("<main>\n") {
        page.replace_range(at..at + "<main>\n".len(), &nav);
    }
    page
}

/// Writes uploaded files into `folder`: CSV and JSON Lines files as they
/// are, `.txt`/`.md` answers into one folder of answers. Returns the batch inputs.
fn write_uploads(folder: &std::path::Path, files: &[Upload]) -> Result<Vec<PathBuf>, ApiError> {
    if files.len() > MAX_UPLOAD_FILES {
        return Err(ApiError::bad_request(format!(
            "at most {MAX_UPLOAD_FILES} files at once"
        )));
    }
    let answers = folder.join("answers");
    let mut inputs = Vec::new();
    for file in files {
        let name = safe_name(&file.name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "cannot use the file name {:?}: upload .csv, .jsonl, .txt or .md files",
                file.name
            ))
        })?;
        let target = if name.ends_with(".txt") || name.ends_with(".md") {
            if !answers.exists() {
                std::fs::create_dir(&answers).map_err(|e| ApiError::internal(e.to_string()))?;
                inputs.push(answers.clone());
            }
            answers.join(&name)
        } else {
            let target = folder.join(&name);
            inputs.push(target.clone());
            target
        };
        if target.exists() {
            return Err(ApiError::bad_request(format!(
                "two files are named {name:?}"
            )));
        }
        let rule = SaveRule {
            existing: Existing::Refuse,
            links: Links::Replace,
            durable: false,
        };
        save(&target, rule, |out| out.write_all(file.content.as_bytes()))
            .map_err(|e| ApiError::internal(e.to_string()))?;
    }
    Ok(inputs)
}

/// An uploaded file's name reduced to its last part and safe characters
/// (letters, digits, `-`, `_`, `.`); `None` unless it is a `.csv`, `.jsonl`,
/// `.txt` or `.md` file with a name left.
pub fn safe_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let safe: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let safe = safe.trim_start_matches('.');
    let (stem, extension) = safe.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    // The stem is the student's id for .txt answers: its case is kept.
    (!stem.is_empty() && matches!(extension.as_str(), "csv" | "jsonl" | "txt" | "md"))
        .then(|| format!("{stem}.{extension}"))
}

/// The class a path's number names, or a 404.
fn find(app: &App, number: &str) -> Result<Arc<GradedClass>, ApiError> {
    let number: usize = number
        .parse()
        .map_err(|_| ApiError::not_found("no such class"))?;
    lock(app)
        .kept
        .iter()
        .find(|c| c.number == number)
        .cloned()
        .ok_or_else(|| {
            ApiError::not_found(
                "no such class (classes are kept while the server runs, the latest few)",
            )
        })
}

/// `GET /class/{n}/report`: the HTML class report.
pub async fn report(State(app): State<Arc<App>>, Path(number): Path<String>) -> Response {
    match find(&app, &number) {
        Ok(class) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            class.report.clone(),
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// A download of one of a class's files.
fn download(class: &GradedClass, extension: &str, content_type: &'static str) -> Response {
    let bytes = if extension == "csv" {
        class.csv.clone()
    } else {
        class.jsonl.clone()
    };
    let question: String = class
        .summary
        .question
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let disposition = format!(
        "attachment; filename=\"class-{}-{question}.{extension}\"",
        class.number
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /class/{n}/answers.csv`: the class as `batch --format csv` writes it.
pub async fn csv(State(app): State<Arc<App>>, Path(number): Path<String>) -> Response {
    match find(&app, &number) {
        Ok(class) => download(&class, "csv", "text/csv; charset=utf-8"),
        Err(error) => error.into_response(),
    }
}

/// `GET /class/{n}/answers.jsonl`: the class as `batch --format jsonl` writes it.
pub async fn jsonl(State(app): State<Arc<App>>, Path(number): Path<String>) -> Response {
    match find(&app, &number) {
        Ok(class) => download(&class, "jsonl", "application/x-ndjson; charset=utf-8"),
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_lose_their_folders_and_odd_characters() {
        assert_eq!(safe_name("class.csv").as_deref(), Some("class.csv"));
        assert_eq!(safe_name("../../etc/x.jsonl").as_deref(), Some("x.jsonl"));
        assert_eq!(
            safe_name("C:\\a\\Ann Lee.TXT").as_deref(),
            Some("Ann_Lee.txt")
        );
        assert_eq!(safe_name("/abs/olute.md").as_deref(), Some("olute.md"));
        assert_eq!(safe_name("..csv"), None);
        assert_eq!(safe_name("passwd"), None);
        assert_eq!(safe_name("x.sh"), None);
        assert_eq!(safe_name("../"), None);
    }
}
