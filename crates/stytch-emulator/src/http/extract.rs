//! Request extraction that answers bad input with Stytch errors: JSON bodies, Basic
//! credentials for the SDK (`public_token:session_token`) and backend (`project_id:secret`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header, request::Parts};
use base64::Engine;
use serde::de::DeserializeOwned;
use stytch_models::ErrorType;

use crate::domain::App;
use crate::domain::sessions::SessionCredential;
use crate::error::ApiError;

/// A JSON body; an empty body reads as `{}` (the SDK posts `sessions/revoke` without one).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("Unable to read the request body: {e}")))?;
        let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(text)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("The request body is not valid: {e}")))
    }
}

/// Fails with `bad_request` when a required string field is empty or absent.
pub fn required<'a>(value: &'a str, field: &str) -> Result<&'a str, ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::bad_request(format!("{field} is a required field.")))
    } else {
        Ok(value)
    }
}

/// Decodes `Authorization: Basic …` into user and password.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::new(
            401,
            ErrorType::Unknown("invalid_authorization_header".into()),
            "The Authorization header is malformed.",
        )
    };
    let text = value.to_str().map_err(|_| invalid())?;
    let encoded = text.strip_prefix("Basic ").ok_or_else(invalid)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| invalid())?;
    let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
    let (user, password) = decoded.split_once(':').ok_or_else(invalid)?;
    Ok(Some((user.to_owned(), password.to_owned())))
}

/// The caller of an SDK endpoint: the public token must match; the password is the session
/// token, or the public token again when signed out. In HttpOnly mode the session token may
/// arrive in the `stytch_session` cookie instead.
#[derive(Clone, Debug)]
pub struct SdkCaller {
    /// The session token presented, if any.
    pub session_token: Option<String>,
    /// In HttpOnly mode, the IST from the emulator's own cookie.
    pub ist_cookie: Option<String>,
}

impl SdkCaller {
    /// The caller's session, or `user_unauthenticated`.
    pub fn session(&self) -> Result<SessionCredential, ApiError> {
        self.session_token.clone().map(SessionCredential::Token).ok_or_else(|| {
            ApiError::new(
                401,
                ErrorType::UserUnauthenticated,
                "This request requires a member session, and none was provided.",
            )
        })
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

impl FromRequestParts<Arc<App>> for SdkCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let (public_token, http_only) =
            app.with(|store, _| (store.project.public_token.clone(), store.project.http_only_cookies));
        let Some((user, password)) = basic_credentials(&parts.headers)? else {
            return Err(ApiError::unauthorized(
                "SDK requests must carry Basic credentials of the public token.",
            ));
        };
        if user != public_token {
            return Err(ApiError::unauthorized(
                "The public token is not valid for this project.",
            ));
        }
        let mut session_token = (!password.is_empty() && password != public_token).then_some(password);
        let mut ist_cookie = None;
        if http_only {
            if session_token.is_none() {
                session_token = cookie(&parts.headers, "stytch_session");
            }
            ist_cookie = cookie(&parts.headers, "stytch_intermediate_session_token");
        }
        Ok(SdkCaller {
            session_token,
            ist_cookie,
        })
    }
}

/// A caller of the backend API authenticated with `project_id:secret`.
pub struct BackendCaller;

impl FromRequestParts<Arc<App>> for BackendCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let (project_id, secret) =
            app.with(|store, _| (store.project.project_id.clone(), store.project.secret.clone()));
        match basic_credentials(&parts.headers)? {
            Some((user, password)) if user == project_id && password == secret => Ok(BackendCaller),
            Some(_) => Err(ApiError::unauthorized("Unauthorized credentials.")),
            None => Err(ApiError::unauthorized(
                "Backend requests must carry Basic credentials of the project ID and secret.",
            )),
        }
    }
}
