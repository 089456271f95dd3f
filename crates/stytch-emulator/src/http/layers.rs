//! Cross-cutting behaviour: injected faults with request counting, and HttpOnly cookie mode.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use stytch_models::{ErrorType, time::parse_rfc3339};

use crate::domain::App;
use crate::domain::faults::FaultAction;
use crate::error::ApiError;

/// A body that fails at once, so the server closes the connection without an answer.
struct DroppedConnection;

impl http_body::Body for DroppedConnection {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: dropped connection",
        ))))
    }
}

fn error_type_for(status: u16) -> ErrorType {
    match status {
        429 => ErrorType::TooManyRequests,
        500..=599 => ErrorType::InternalServerError,
        _ => ErrorType::Unknown("injected_fault".into()),
    }
}

/// Counts every API request and applies the first matching fault. The emulator's own API
/// (`/emulator…`) is never faulted or counted.
pub async fn faults(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/emulator") || path == "/" {
        return next.run(request).await;
    }
    match app.with_faults(|f| f.on_request(request.method().as_str(), &path)) {
        None => next.run(request).await,
        Some(FaultAction::Status(status)) => ApiError::new(
            status,
            error_type_for(status),
            format!("Injected fault: this request was answered with {status}."),
        )
        .into_response(),
        Some(FaultAction::Respond {
            status,
            content_type,
            body,
        }) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            response
        }
        Some(FaultAction::Drop) => Response::new(Body::new(DroppedConnection)),
        Some(FaultAction::DelayMs(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
    }
}

fn set_cookie(name: &str, value: &str, max_age_seconds: i64) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax",
        max_age_seconds.max(0)
    ))
    .ok()
}

/// In HttpOnly mode the SDK API sets the session and IST cookies itself (HttpOnly, so scripts
/// cannot read them) and answers with empty tokens, as Stytch does for such projects.
pub async fn http_only_cookies(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let (enabled, now) = app.with(|store, ctx| (store.project.http_only_cookies, ctx.now));
    let revoking = request.uri().path().ends_with("/b2b/sessions/revoke");
    let response = next.run(request).await;
    if !enabled {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return ApiError::new(500, ErrorType::InternalServerError, "Unable to read the response.").into_response();
    };
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut cookies = Vec::new();
    let clear_session = |cookies: &mut Vec<Option<HeaderValue>>| {
        cookies.push(set_cookie("stytch_session", "", 0));
        cookies.push(set_cookie("stytch_session_jwt", "", 0));
    };
    if parts.status.is_success() {
        let data = &mut json["data"];
        let token = data["session_token"].as_str().unwrap_or_default().to_owned();
        let ist = data["intermediate_session_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !token.is_empty() {
            let expires = data["member_session"]["expires_at"]
                .as_str()
                .and_then(parse_rfc3339)
                .unwrap_or(now);
            let max_age = (expires - now) / 1000;
            let jwt = data["session_jwt"].as_str().unwrap_or_default().to_owned();
            cookies.push(set_cookie("stytch_session", &token, max_age));
            cookies.push(set_cookie("stytch_session_jwt", &jwt, max_age));
            cookies.push(set_cookie("stytch_intermediate_session_token", "", 0));
            data["session_token"] = "".into();
            data["session_jwt"] = "".into();
        } else if !ist.is_empty() {
            cookies.push(set_cookie("stytch_intermediate_session_token", &ist, 600));
            clear_session(&mut cookies);
            data["intermediate_session_token"] = "".into();
        } else if revoking {
            clear_session(&mut cookies);
        }
    } else if json["error_type"]
        .as_str()
        .is_some_and(|t| ErrorType::parse(t).is_unrecoverable())
    {
        clear_session(&mut cookies);
    }
    for cookie in cookies.into_iter().flatten() {
        parts.headers.append(header::SET_COOKIE, cookie);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    Response::from_parts(parts, Body::from(body))
}
