//! The pages, their script and styles: static files compiled into the
//! binary. They are looked up by exact name, so no request path reaches the
//! file system. The highlight colours and the look of the class report come
//! from the class report itself ([`report_style`]), so the two cannot drift.

use super::api::ApiError;
use crate::report::html;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

const PRACTICE_PAGE: &str = include_str!("assets/practice.html");
const PROGRESS_PAGE: &str = include_str!("assets/progress.html");
const CLASS_PAGE: &str = include_str!("assets/class.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");
const ICON: &str = include_str!("assets/icon.svg");

/// A response with a content type.
fn typed(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// `GET /`: the practice page.
pub async fn practice_page() -> Response {
    typed("text/html; charset=utf-8", PRACTICE_PAGE)
}

/// `GET /progress`: the progress page.
pub async fn progress_page() -> Response {
    typed("text/html; charset=utf-8", PROGRESS_PAGE)
}

/// `GET /class`: the class page.
pub async fn class_page() -> Response {
    typed("text/html; charset=utf-8", CLASS_PAGE)
}

/// `GET /favicon.ico`, which browsers ask for on pages without an icon (the class report).
pub async fn icon() -> Response {
    typed("image/svg+xml", ICON)
}

/// `GET /static/{name}`: the script and the styles, by exact name.
pub async fn static_file(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.js" => typed("text/javascript; charset=utf-8", SCRIPT),
        "app.css" => typed("text/css; charset=utf-8", STYLE),
        "report.css" => typed("text/css; charset=utf-8", report_style()),
        "icon.svg" => typed("image/svg+xml", ICON),
        _ => ApiError::not_found("no such file").into_response(),
    }
}

/// The style sheet of the HTML class report (`batch --html`), taken from
/// the head it writes, so the pages share its look and highlight colours.
pub fn report_style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| {
        let mut head = Vec::new();
        let _ = html::render_head(&mut head, "");
        inline_style(&String::from_utf8_lossy(&head))
            .map(|(css, _)| css.to_string())
            .unwrap_or_default()
    })
}

/// The first `<style>` element of a page: its CSS, and the byte range of the
/// whole element. The class report writes it in its head, before anything
/// taken from an answer or a rubric (which is escaped anyway).
pub fn inline_style(page: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let start = page.find("<style>")?;
    let css_start = start + "<style>".len();
    let css_end = css_start + page[css_start..].find("</style>")?;
    Some((&page[css_start..css_end], start..css_end + "</style>".len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_style_has_the_highlight_colours() {
        let css = report_style();
        assert!(css.contains(".c0 {"), "{css}");
        assert!(!css.contains("<style>"));
    }

    #[test]
    fn the_pages_load_nothing_from_elsewhere() {
        for page in [PRACTICE_PAGE, PROGRESS_PAGE, CLASS_PAGE, SCRIPT, STYLE] {
            // The SVG namespace is a name, not an address that is fetched.
            let page = page.replace("\"http://www.w3.org/2000/svg\"", "");
            assert!(!page.contains("http://") && !page.contains("https://"));
            assert!(!page.contains("<style") && !page.contains(" style="));
        }
        for page in [PRACTICE_PAGE, PROGRESS_PAGE, CLASS_PAGE] {
            assert!(page.contains("<script src=\"/static/app.js\" defer></script>"));
            assert_eq!(page.matches("<script").count(), 1, "no inline scripts");
        }
    }
}
