//! Response shapes: SDK successes are wrapped in `{"data": …}`, backend successes are flat, and
//! errors are always flat Stytch error objects with `application/json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stytch_models::ApiErrorBody;

use crate::domain::ids;
use crate::error::ApiError;

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// `{"data": value}` with 200.
pub fn sdk<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(&stytch_models::api::SdkEnvelope { data: value }) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => ApiError::new(500, stytch_models::ErrorType::InternalServerError, e.to_string()).into_response(),
    }
}

/// `value` with 200.
pub fn flat<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => ApiError::new(500, stytch_models::ErrorType::InternalServerError, e.to_string()).into_response(),
    }
}

/// `{request_id, status_code}`.
pub fn common() -> serde_json::Value {
    serde_json::json!({ "request_id": ids::request_id(), "status_code": 200 })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ApiErrorBody::new(status.as_u16(), self.error_type, self.message, ids::request_id());
        let text = serde_json::to_string(&body).unwrap_or_else(|_| "{}".to_owned());
        json_response(status, text)
    }
}
