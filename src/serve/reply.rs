//! Answers: the JSON, Markdown and HTML bodies, and the JSON of a refusal
//! (`{"error": …, "diagnostics": [...]}`, the diagnostics as the command
//! line's `--message-format json` writes them).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A request the server will not answer as asked, and why.
#[derive(Debug)]
pub struct Problem {
    /// 400, 404, 413, 503, 504…
    pub status: StatusCode,
    /// One line.
    pub message: String,
    /// The diagnostics behind it, as JSON objects.
    pub diagnostics: Vec<Value>,
}

impl Problem {
    /// A problem with one usage diagnostic carrying `message`.
    pub fn usage(status: StatusCode, message: impl Into<String>) -> Problem {
        let message = message.into();
        Problem {
            status,
            diagnostics: vec![super::law::usage_json(&message)],
            message,
        }
    }

    /// A problem found by a stage of edict, with its diagnostics.
    pub fn diagnosed<'d>(message: String, diagnostics: impl Iterator<Item = &'d dyn miette::Diagnostic>) -> Problem {
        Problem {
            status: StatusCode::BAD_REQUEST,
            message,
            diagnostics: diagnostics.map(crate::diagnostics::to_json).collect(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.message, "diagnostics": self.diagnostics });
        let mut response = json_response(self.status, pretty(&body));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// `value` as pretty JSON with a final newline, as the command line prints it.
pub fn pretty(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A JSON body.
pub fn json_response(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    with_type(status, "application/json", body)
}

/// A body of `content_type`.
pub fn with_type(status: StatusCode, content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
