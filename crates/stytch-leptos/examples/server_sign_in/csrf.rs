//! The CSRF defence of every form (double submit): a random token per browser in an
//! `HttpOnly`, `SameSite=Strict` cookie, repeated in each form's hidden `csrf` field.

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

/// The CSRF cookie: a random token per browser, which every form repeats in a hidden field.
pub const CSRF_COOKIE: &str = "csrf_token";

/// The request's cookies as one `Cookie` header's text.
pub fn cookie_header(headers: &HeaderMap) -> String {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The value of the request's cookie `name`.
fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_header(headers)
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The browser's CSRF token, and the cookie that sets it when it has none (or a malformed one).
pub struct Csrf {
    /// The token this browser's forms carry.
    pub token: String,
    /// The `Set-Cookie` value that gives the browser a new token, when it had none.
    pub set_cookie: Option<String>,
}

impl Csrf {
    /// The request's token, or a new one (from the system's randomness).
    pub fn of(headers: &HeaderMap) -> Self {
        match request_cookie(headers, CSRF_COOKIE) {
            Some(token) if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) => Self {
                token,
                set_cookie: None,
            },
            _ => {
                let mut bytes = [0u8; 32];
                // Without the system's randomness no token is safe to hand out: the empty one
                // below never matches (`Self::accepts` refuses it), so forms fail closed.
                let token = match getrandom::getrandom(&mut bytes) {
                    Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
                    Err(_) => String::new(),
                };
                let set_cookie = Some(format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"));
                Self { token, set_cookie }
            }
        }
    }

    /// Whether a form's `posted` token is the request cookie's (compared in constant time).
    pub fn accepts(headers: &HeaderMap, posted: &str) -> bool {
        let Some(cookie) = request_cookie(headers, CSRF_COOKIE) else {
            return false;
        };
        cookie.len() == 64
            && posted.len() == cookie.len()
            && posted
                .bytes()
                .zip(cookie.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }

    /// `response` with the token's cookie when it is new.
    pub fn attach(&self, response: impl IntoResponse) -> Response {
        match self.set_cookie.as_deref() {
            Some(cookie) => crate::with_cookie(response.into_response(), cookie),
            None => response.into_response(),
        }
    }
}
