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

/// HTTP methods the SDK uses.
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
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
    /// JSON body, if any.
    pub body: Option<String>,
}

/// What came back.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, `""` when absent.
    pub content_type: String,
    /// Body text.
    pub body: String,
}

/// The request never produced a response (DNS, refused connection, CORS rejection, abort).
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
