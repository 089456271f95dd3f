//! The HTTP seam. The core builds requests and decodes responses; a [`Transport`] only moves
//! bytes, so each target uses what serves it best: the browser's `fetch` on wasm32 (no HTTP
//! library in the bundle) and reqwest natively.

mod decode;
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
mod fetch;
#[cfg(feature = "reqwest")]
mod native;

pub use decode::decode_response;
pub(crate) use decode::{data, read};
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub use fetch::FetchTransport;
#[cfg(feature = "reqwest")]
pub use native::ReqwestTransport;
#[cfg(feature = "reqwest")]
pub(crate) use native::read_response;

use crate::LocalBoxFuture;
use stytch_models::RedactedDebug;

/// HTTP methods the SDK uses.
///
/// ```
/// use stytch_core::transport::Method;
///
/// assert_eq!(Method::Put.as_str(), "PUT");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method name.
    ///
    /// ```
    /// use stytch_core::transport::Method;
    /// assert_eq!(Method::Delete.as_str(), "DELETE");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send. Its `Debug` form hides header values (the `Authorization`
/// header carries the session token) and the body (passwords, codes, tokens).
///
/// ```
/// use stytch_core::transport::{HttpRequest, Method};
///
/// let request = HttpRequest {
///     method: Method::Post,
///     url: "http://127.0.0.1:8787/sdk/v1/b2b/sessions/authenticate".into(),
///     headers: vec![("Authorization", "Basic cHVibGljOnNlY3JldA==".into())],
///     body: Some("{}".into()),
/// };
/// // Logging a request never shows its credentials.
/// assert!(!format!("{request:?}").contains("cHVibGlj"));
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values.
    #[redact]
    pub headers: Vec<(&'static str, String)>,
    /// JSON body, if any.
    #[redact]
    pub body: Option<String>,
}

/// What came back. Its `Debug` form hides the body (session tokens, JWTs).
///
/// ```
/// use stytch_core::transport::{HttpResponse, decode_response};
/// use stytch_core::models::api::ResponseCommon;
///
/// let response = HttpResponse {
///     status: 200,
///     content_type: "application/json".into(),
///     body: r#"{"data":{"request_id":"request-id-test-1","status_code":200}}"#.into(),
/// };
/// let common: ResponseCommon = decode_response(response).unwrap();
/// assert_eq!(common.request_id, "request-id-test-1");
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, `""` when absent.
    pub content_type: String,
    /// Body text.
    #[redact]
    pub body: String,
}

/// The request never produced a response (DNS, refused connection, CORS rejection, abort).
///
/// ```
/// use stytch_core::{StytchError, transport::TransportError};
///
/// let error = TransportError("connection refused".into());
/// assert_eq!(error.to_string(), "connection refused");
/// // The client reports it as Stytch being unreachable: a transient error, retried.
/// let reported = StytchError::Unreachable(error.to_string());
/// assert!(reported.is_transient());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TransportError(pub String);

/// Moves one request to the server and its response back.
///
/// Implement it to plug in another HTTP stack (or a recording stub in unit tests of parsing).
///
/// ```
/// use stytch_core::transport::{HttpRequest, HttpResponse, Transport, TransportError};
/// use stytch_core::LocalBoxFuture;
///
/// struct Canned;
/// impl Transport for Canned {
///     fn send(&self, _req: HttpRequest) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
///         Box::pin(async { Ok(HttpResponse { status: 200, content_type: "application/json".into(), body: "{}".into() }) })
///     }
/// }
/// ```
pub trait Transport {
    /// Sends the request. Cookies for the API origin must be included (`credentials: include`).
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_header_values_and_bodies() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://test.stytch.com/sdk/v1/b2b/passwords/authenticate".into(),
            headers: vec![("Authorization", "Basic cHVibGljOnNlc3Npb24tc2VjcmV0".into())],
            body: Some(r#"{"password":"hunter2-secret"}"#.into()),
        };
        let response = HttpResponse {
            status: 200,
            content_type: "application/json".into(),
            body: r#"{"session_token":"token-secret"}"#.into(),
        };
        let shown = format!("{request:?} {response:?}");
        for secret in ["cHVibGlj", "hunter2", "token-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in [
            "passwords/authenticate",
            r#"headers: {"Authorization": <redacted>}"#,
            "body: Some(<redacted>)",
            "status: 200",
        ] {
            assert!(shown.contains(kept), "{kept} missing from {shown}");
        }
    }
}
