//! Response shapes: SDK successes are wrapped in `{"data": …}`, backend successes are flat, and
//! errors are always flat Stytch error objects with `application/json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stytch_models::ApiErrorBody;

use super::extract::{ActingMember, SdkCaller};
use crate::domain::{App, Ctx, ids, store::Store};
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
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

/// `value` with 200.
pub fn flat<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
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

/// An SDK call for the caller's organization, run once the caller's session holds every one
/// of `permissions` (`session_authorization_error` otherwise); `{"data": …}` with 200.
pub fn sdk_permitted<R: Serialize>(
    app: &App,
    caller: &SdkCaller,
    permissions: &[(&str, &str)],
    call: impl FnOnce(&mut Store, &Ctx<'_>, &str) -> Result<R, ApiError>,
) -> Result<Response, ApiError> {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, permissions)?;
        call(store, ctx, &session.organization_id)
    })?;
    Ok(sdk(&response))
}

/// A backend call on `organization_id`, run after the acting member's check (if a member
/// session header names one); the flat answer with 200.
pub fn backend_permitted<R: Serialize>(
    app: &App,
    acting: &ActingMember,
    organization_id: &str,
    permissions: &[(&str, &str)],
    call: impl FnOnce(&mut Store, &Ctx<'_>) -> Result<R, ApiError>,
) -> Result<Response, ApiError> {
    Ok(flat(&app.with(|store, ctx| {
        acting.enforce(store, ctx, &[organization_id], permissions)?;
        call(store, ctx)
    })?))
}
