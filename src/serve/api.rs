//! The JSON API: the questions, grading (`POST /api/check`, the same report
//! as `check --format json`), practice attempts that go to the history, and
//! the progress summaries. Every error is a JSON object `{"error": "…"}`
//! with a 4xx or 5xx status.

use super::App;
use crate::commands::answer_from_bytes;
use crate::history::{self, Attempt};
use crate::report::json::{self, JsonReport};
use crate::score::{grade, Report};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A refused or failed request: a status and a message, sent as `{"error": message}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 500 for what should not happen.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}

/// A JSON response.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The answer to a request that panicked: a 500, while the server goes on.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("internal error (please report it); the server goes on").into_response()
}

/// Paths that are not there.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such page")
}

/// Parses a JSON body; a body over the limit is 413, bad JSON 400.
pub fn parse_body<T: for<'de> Deserialize<'de>>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "the request body is too large")
        } else {
            ApiError::new(status, rejection.body_text())
        }
    })?;
    serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("bad JSON: {e}")))
}

/// One question as `GET /api/questions` lists it (the fields of `list --format json`).
#[derive(Debug, Serialize)]
struct QuestionSummary<'a> {
    id: &'a str,
    topic: &'a str,
    question: &'a str,
    points: usize,
    pass_mark: f64,
}

/// `GET /api/questions`: every question, in `list` order.
pub async fn questions(State(app): State<Arc<App>>) -> Response {
    let list: Vec<QuestionSummary> = app
        .rubrics
        .iter()
        .map(|r| QuestionSummary {
            id: &r.id,
            topic: &r.topic,
            question: &r.question,
            points: r.points.len(),
            pass_mark: r.pass_mark,
        })
        .collect();
    json_response(StatusCode::OK, &list)
}

/// One point as `GET /api/questions/{id}` shows it.
#[derive(Debug, Serialize)]
struct PointDetail<'a> {
    id: &'a str,
    label: &'a str,
    weight: f64,
}

/// One question in full, for revealing its model answer.
#[derive(Debug, Serialize)]
struct QuestionDetail<'a> {
    id: &'a str,
    topic: &'a str,
    question: &'a str,
    model_answer: &'a str,
    pass_mark: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_marks: Option<f64>,
    points: Vec<PointDetail<'a>>,
}

/// `GET /api/questions/{id}`: the question, its points and its model answer.
pub async fn question(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let index = match app.question_index(&id) {
        Ok(index) => index,
        Err(error) => return error.into_response(),
    };
    let rubric = &app.rubrics[index];
    let detail = QuestionDetail {
        id: &rubric.id,
        topic: &rubric.topic,
        question: &rubric.question,
        model_answer: &rubric.model_answer,
        pass_mark: rubric.pass_mark,
        max_marks: rubric.max_marks,
        points: rubric
            .points
            .iter()
            .map(|p| PointDetail {
                id: &p.id,
                label: &p.label,
                weight: p.weight,
            })
            .collect(),
    };
    json_response(StatusCode::OK, &detail)
}

/// The body of `POST /api/check` and `POST /api/practice`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The question id.
    pub question: String,
    /// The answer text.
    pub answer: String,
    /// Add how each point was decided (as `check --explain`).
    #[serde(default)]
    pub explain: bool,
}

/// Grades an answer on a blocking thread, at most one per core at a time; a
/// panic while grading is a 500 for this request only.
async fn grade_answer(app: &Arc<App>, request: &CheckRequest) -> Result<Report, ApiError> {
    let index = app.question_index(&request.question)?;
    let answer = answer_from_bytes(
        std::path::Path::new("answer"),
        request.answer.clone().into_bytes(),
    )
    .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let _permit = app
        .grading
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is stopping"))?;
    let worker = Arc::clone(app);
    tokio::task::spawn_blocking(move || {
        let compiled = worker.compiled(index).map_err(ApiError::internal)?;
        Ok(grade(compiled, &answer.text))
    })
    .await
    .map_err(|_| {
        ApiError::internal("internal error while grading this answer (please report it)")
    })?
}

/// `POST /api/check`: the JSON report of `check --format json`.
pub async fn check(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: CheckRequest = parse_body(body)?;
    let report = grade_answer(&app, &request).await?;
    Ok(json_response(
        StatusCode::OK,
        &json::to_json(&report, request.explain),
    ))
}

/// The answer to a practice attempt: the report, and whether it was saved.
#[derive(Debug, Serialize)]
struct PracticeResponse {
    report: JsonReport,
    /// Why the attempt was not saved to the history, if it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    not_saved: Option<String>,
}

/// `POST /api/practice`: grades like `/api/check` and appends the attempt to
/// the practice history, as `practice` does.
pub async fn practice(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: CheckRequest = parse_body(body)?;
    let report = grade_answer(&app, &request).await?;
    let attempt = Attempt::from_report(&report, request.answer.trim_end(), history::now());
    let writer = Arc::clone(&app);
    let saved = tokio::task::spawn_blocking(move || record(&writer, &attempt))
        .await
        .unwrap_or_else(|_| Err("internal error while saving".to_string()));
    Ok(json_response(
        StatusCode::OK,
        &PracticeResponse {
            report: json::to_json(&report, request.explain),
            not_saved: saved.err(),
        },
    ))
}

/// Appends an attempt to the history, one request at a time.
fn record(app: &App, attempt: &Attempt) -> Result<(), String> {
    let Some(path) = &app.history else {
        return Err("there is no data folder for the history (use --history PATH)".to_string());
    };
    let _turn = app
        .history_lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    history::append(path, attempt).map_err(|e| e.to_string())
}

/// The body of `GET /api/progress` (the same fields as `progress --format json`).
#[derive(Debug, Serialize)]
struct ProgressResponse {
    questions: Vec<history::Progress>,
    warnings: Vec<String>,
}

/// `GET /api/progress`: each question's attempts so far, from the history.
pub async fn progress(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    let Some(path) = app.history.clone() else {
        return Ok(json_response(
            StatusCode::OK,
            &ProgressResponse {
                questions: Vec::new(),
                warnings: vec!["there is no data folder for the history".to_string()],
            },
        ));
    };
    let loaded = tokio::task::spawn_blocking(move || history::load(&path))
        .await
        .map_err(|_| ApiError::internal("internal error while reading the history"))?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(json_response(
        StatusCode::OK,
        &ProgressResponse {
            questions: history::summarise(&loaded.attempts),
            warnings: loaded.warnings,
        },
    ))
}
