//! Server functions and server routes: who is calling, answered by Stytch (feature
//! `backend`, native builds only; the project secret never reaches the browser).
//!
//! The browser half (the provider, hooks and guards) decides what to *show*; anything the
//! server does for a member is decided here, from Stytch's answer, never from what the
//! browser claims. The client keeps the session in cookies, so every request from the page,
//! server-function calls included, carries it. [`request_session`] reads it from the request
//! leptos_axum is serving (its `http::request::Parts` context);
//! [`StytchBackend::authenticate_session`] asks Stytch whether it is live, whose it is, and
//! whether its roles allow an action. Other servers read the `Cookie` header themselves with
//! [`SessionCredential::from_cookie_header`]. A session the server creates, extends or ends
//! goes back as cookies the browser client reads: [`response_cookies`].
//!
//! ```no_run
//! use leptos::prelude::*;
//! use stytch_leptos::models::api::sessions::AuthorizationCheck;
//! use stytch_leptos::server::{AuthenticateSessionOptions, StytchBackend, request_session};
//!
//! fn stytch() -> StytchBackend {
//!     // In an app: one shared instance, the secret from the environment.
//!     StytchBackend::new("project-test-…", "secret-test-…")
//! }
//!
//! #[server]
//! pub async fn archive_document(organization_id: String, document_id: String) -> Result<(), ServerFnError> {
//!     let Some(session) = request_session() else {
//!         return Err(ServerFnError::new("Sign in first."));
//!     };
//!     let check = AuthorizationCheck { organization_id, resource_id: "documents".into(), action: "delete".into() };
//!     let caller = stytch()
//!         .authenticate_session(&session, AuthenticateSessionOptions { authorization_check: Some(check), ..Default::default() })
//!         .await?; // Stytch's 403 when the member's roles do not allow it
//!     leptos::logging::log!("{} archives {document_id}", caller.member.member_id);
//!     Ok(())
//! }
//! ```
//!
//! Members can also sign in on the server, with no wasm needed for the form: a server function
//! calls one of [`StytchBackend`]'s sign-in methods (passwords, emailed links and codes,
//! discovery, MFA) and [`ResponseCookies::write_sign_in`] turns Stytch's answer into the
//! cookies the browser client reads: the session, or the IST of a sign-in that still needs a
//! factor (read back on the next request with [`request_intermediate_session`]; the browser
//! client's MFA screen also finishes from it).
//!
//! ```no_run
//! use leptos::prelude::*;
//! use stytch_leptos::models::api::passwords::PasswordAuthenticateRequest;
//! use stytch_leptos::server::{SignInOptions, StytchBackend, response_cookies};
//!
//! #[server]
//! pub async fn sign_in(email_address: String, password: String) -> Result<bool, ServerFnError> {
//!     let stytch = StytchBackend::new("project-test-…", "secret-test-…");
//!     let request = PasswordAuthenticateRequest {
//!         organization_id: "organization-test-…".into(),
//!         email_address,
//!         password,
//!         session_duration_minutes: Some(60),
//!         ..Default::default()
//!     };
//!     let answer = stytch.authenticate_password(&request, &SignInOptions::default()).await?;
//!     let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as i64;
//!     let mut cookies = response_cookies().ok_or_else(|| ServerFnError::new("not in a request"))?;
//!     cookies.write_sign_in(&answer, now_ms);
//!     for header in cookies.headers() {
//!         // leptos_axum: expect_context::<ResponseOptions>().append_header(SET_COOKIE, header.parse()?)
//!         leptos::logging::log!("Set-Cookie with {} bytes", header.len());
//!     }
//!     Ok(answer.member_authenticated) // false: ask for the next factor
//! }
//! ```

use crate::ServerSession;
use leptos::prelude::use_context;
use std::time::Duration;
pub use stytch_core::backend::{
    AuthenticateJwtOptions, AuthenticateSessionOptions, JwtAuthentication, ProofKey, SessionCredential, SignInOptions,
    StytchBackend, intermediate_session_from_cookie_header,
};
pub use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies, SignInAnswer};
pub use stytch_core::{OAuthStartOptions, SsoStartOptions};

/// The session of the request being served, from its cookies under the default names
/// (`stytch_session`, else `stytch_session_jwt`); `None` when it carries none (signed out) or
/// when called outside a request (leptos_axum provides the request's `http::request::Parts`
/// to server functions and to server rendering).
///
/// ```
/// use leptos::prelude::*;
/// let owner = Owner::new();
/// owner.with(|| {
///     assert_eq!(stytch_leptos::server::request_session(), None, "no request");
///     let (parts, ()) = http::Request::builder().header("cookie", "stytch_session=abc").body(()).unwrap().into_parts();
///     provide_context(parts);
///     assert!(stytch_leptos::server::request_session().is_some());
/// });
/// ```
pub fn request_session() -> Option<SessionCredential> {
    request_session_with_options(&CookieOptions::default())
}

/// [`request_session`] under the cookie names `options` gives (the `cookie_options` your
/// [`StytchOptions`](crate::StytchOptions) set for the browser). Every `Cookie` header
/// counts: HTTP/2 clients may split the cookies over several.
///
/// ```
/// use stytch_leptos::server::{CookieOptions, request_session_with_options};
/// let names = CookieOptions { opaque_token_cookie_name: "app_session".into(), ..Default::default() };
/// assert_eq!(leptos::prelude::Owner::new().with(|| request_session_with_options(&names)), None);
/// ```
pub fn request_session_with_options(options: &CookieOptions) -> Option<SessionCredential> {
    SessionCredential::from_cookie_header(&request_cookies()?, options)
}

/// Only the session JWT of the request being served (the default cookie name), for
/// [`StytchBackend::authenticate_jwt`], which verifies it against the project's keys without
/// a call to Stytch while it is fresh. [`request_session`] is the choice where a revocation
/// must count at once.
///
/// ```
/// use leptos::prelude::*;
/// Owner::new().with(|| {
///     let (parts, ()) = http::Request::builder()
///         .header("cookie", "stytch_session=opaque; stytch_session_jwt=eyJ.a.b")
///         .body(())
///         .unwrap()
///         .into_parts();
///     provide_context(parts);
///     assert_eq!(stytch_leptos::server::request_session_jwt().as_deref(), Some("eyJ.a.b"));
/// });
/// ```
pub fn request_session_jwt() -> Option<String> {
    request_session_jwt_with_options(&CookieOptions::default())
}

/// [`request_session_jwt`] under the cookie names `options` gives.
///
/// ```
/// use stytch_leptos::server::{CookieOptions, request_session_jwt_with_options};
/// let names = CookieOptions { jwt_cookie_name: "app_jwt".into(), ..Default::default() };
/// assert_eq!(leptos::prelude::Owner::new().with(|| request_session_jwt_with_options(&names)), None);
/// ```
pub fn request_session_jwt_with_options(options: &CookieOptions) -> Option<String> {
    match SessionCredential::jwt_from_cookie_header(&request_cookies()?, options)? {
        SessionCredential::Jwt(jwt) | SessionCredential::Token(jwt) => Some(jwt),
    }
}

/// The intermediate session token (IST) of the request being served: a sign-in your server
/// (or the browser client) started that still needs a factor or an organization, from the
/// `stytch_intermediate_session_token` cookie [`ResponseCookies::write_sign_in`] wrote. Pass
/// it as the next sign-in request's `intermediate_session_token`. `None` when the request
/// carries none, or outside a request.
///
/// ```
/// use leptos::prelude::*;
/// Owner::new().with(|| {
///     let (parts, ()) = http::Request::builder()
///         .header("cookie", "stytch_intermediate_session_token=ist-abc")
///         .body(())
///         .unwrap()
///         .into_parts();
///     provide_context(parts);
///     assert_eq!(stytch_leptos::server::request_intermediate_session().as_deref(), Some("ist-abc"));
/// });
/// ```
pub fn request_intermediate_session() -> Option<String> {
    intermediate_session_from_cookie_header(&request_cookies()?, &CookieOptions::default())
}

/// The session cookies to send back with the response to the request being served, for a
/// session your server created or extended (or ended): name, scope and encoding follow the
/// browser client's own rules for the request's host, so the client reads them as its
/// session. Add each of [`ResponseCookies::headers`] as a `Set-Cookie` header (with
/// leptos_axum, `expect_context::<leptos_axum::ResponseOptions>().append_header(..)`), then
/// have the page call `session().authenticate()` or reload, as Stytch's guide to hydrating a
/// session asks. `None` outside a request.
///
/// The host is the request's `X-Forwarded-Host` when a proxy set one, else its URL's
/// authority or `Host` header: it decides `Secure` (dropped only for localhost) and the
/// subdomain `Domain`.
///
/// ```
/// use leptos::prelude::*;
/// use stytch_leptos::models::time::parse_rfc3339;
/// Owner::new().with(|| {
///     let (parts, ()) = http::Request::builder().header("host", "app.example.com").body(()).unwrap().into_parts();
///     provide_context(parts);
///     // In a server function, from an answer such as `authenticate_session`'s:
///     let (token, jwt, expires_at) = ("session-token", "eyJ.session.jwt", "2030-01-01T00:00:00Z");
///     let mut cookies = stytch_leptos::server::response_cookies().unwrap();
///     cookies.write_session(token, jwt, parse_rfc3339(expires_at));
///     assert_eq!(
///         cookies.headers()[0],
///         "stytch_session=session-token; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; SameSite=Lax; Secure"
///     );
/// });
/// ```
pub fn response_cookies() -> Option<ResponseCookies> {
    response_cookies_with_options(&CookieOptions::default())
}

/// [`response_cookies`] under the cookie names and scope `options` gives (the
/// `cookie_options` your [`StytchOptions`](crate::StytchOptions) set for the browser).
///
/// ```
/// use stytch_leptos::server::{CookieOptions, response_cookies_with_options};
/// let names = CookieOptions { opaque_token_cookie_name: "app_session".into(), ..Default::default() };
/// assert!(leptos::prelude::Owner::new().with(|| response_cookies_with_options(&names)).is_none());
/// ```
pub fn response_cookies_with_options(options: &CookieOptions) -> Option<ResponseCookies> {
    let parts = use_context::<http::request::Parts>()?;
    let header = |name: &str| parts.headers.get(name).and_then(|value| value.to_str().ok());
    let host = header("x-forwarded-host")
        .and_then(|hosts| hosts.split(',').next())
        .map(str::trim)
        .or_else(|| parts.uri.authority().map(|authority| authority.as_str()))
        .or_else(|| header("host"))
        .unwrap_or_default();
    let scheme = header("x-forwarded-proto").or(parts.uri.scheme_str()).unwrap_or("http");
    let location = PageLocation::from_host(scheme, host);
    Some(ResponseCookies::new(location, &request_cookies()?, options.clone()))
}

/// Asks Stytch whose session a request carries (its `Cookie` headers), for a server render
/// that starts signed in: provide the answer to the render (see [`ServerSession`]), e.g. from
/// an axum middleware that inserts it into the request's extensions, where the provider finds
/// it through leptos_axum's `Parts`. [`ServerSession::signed_out`] for no session or a dead
/// one; `None` when Stytch could not answer (the page then renders "not initialized" and the
/// browser decides, as without this).
///
/// A signed-in answer carries the project's RBAC policy ([`StytchBackend::rbac_policy`], one
/// fetch per five minutes), so `<Protect>` and the permission hooks answer in the server's
/// render; without it (Stytch could not send it) they stay loading there.
///
/// Stytch's answer for a session is reused for a minute
/// ([`ServerSessionOptions::reuse_answer_for`], [`StytchBackend::authenticate_session_reusing`]):
/// a member browsing your pages costs one call to Stytch a minute, not one a page. The render
/// is what the browser shows until its own client confirms the session, so a session revoked
/// elsewhere may still render signed in for that minute, and roles removed since may still
/// open a `<Protect>` there (the browser then corrects both; hiding is never security):
/// server functions and routes decide with [`StytchBackend::authenticate_session`].
///
/// ```no_run
/// # async fn middleware(mut request: http::Request<()>, stytch: stytch_leptos::server::StytchBackend) {
/// if let Some(session) = stytch_leptos::server::server_session(&stytch, request.headers()).await {
///     request.extensions_mut().insert(session);
/// }
/// // ...then hand the request on to leptos_axum.
/// # }
/// ```
pub async fn server_session(backend: &StytchBackend, headers: &http::HeaderMap) -> Option<ServerSession> {
    server_session_with_options(backend, headers, &ServerSessionOptions::default()).await
}

/// How [`server_session_with_options`] reads a request's session.
///
/// ```
/// use std::time::Duration;
/// use stytch_leptos::server::{CookieOptions, ServerSessionOptions};
/// let options = ServerSessionOptions {
///     cookie_options: CookieOptions { opaque_token_cookie_name: "app_session".into(), ..Default::default() },
///     reuse_answer_for: Duration::ZERO, // ask Stytch on every render
/// };
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ServerSessionOptions {
    /// The session cookies' names (the `cookie_options` your
    /// [`StytchOptions`](crate::StytchOptions) set for the browser).
    pub cookie_options: CookieOptions,
    /// How long Stytch's answer for a session cookie is reused for later renders (a minute by
    /// default; `Duration::ZERO` asks on every render). Refusals are never reused.
    pub reuse_answer_for: Duration,
}

impl Default for ServerSessionOptions {
    fn default() -> Self {
        Self {
            cookie_options: CookieOptions::default(),
            reuse_answer_for: Duration::from_secs(60),
        }
    }
}

/// [`server_session`] with other cookie names or another reuse period.
///
/// ```no_run
/// # async fn demo(stytch: stytch_leptos::server::StytchBackend, headers: http::HeaderMap) {
/// use stytch_leptos::server::{ServerSessionOptions, server_session_with_options};
/// let every_render = ServerSessionOptions { reuse_answer_for: std::time::Duration::ZERO, ..Default::default() };
/// let session = server_session_with_options(&stytch, &headers, &every_render).await;
/// # }
/// ```
pub async fn server_session_with_options(
    backend: &StytchBackend,
    headers: &http::HeaderMap,
    options: &ServerSessionOptions,
) -> Option<ServerSession> {
    let cookies = joined_cookies(headers);
    let Some(credential) = SessionCredential::from_cookie_header(&cookies, &options.cookie_options) else {
        return Some(ServerSession::signed_out());
    };
    let session = match backend
        .authenticate_session_reusing(&credential, options.reuse_answer_for)
        .await
    {
        Ok(answer) => ServerSession::signed_in(&answer),
        Err(error) if error.is_unrecoverable() => return Some(ServerSession::signed_out()),
        Err(_) => return None,
    };
    // Kept five minutes by the backend: a fetch per five minutes, not per render.
    Some(match backend.rbac_policy().await {
        Ok(policy) => session.with_rbac_policy(policy),
        Err(_) => session,
    })
}

/// Every `Cookie` header of the request being served, joined.
fn request_cookies() -> Option<String> {
    Some(joined_cookies(&use_context::<http::request::Parts>()?.headers))
}

/// Every `Cookie` header, joined (HTTP/2 clients may split the cookies over several).
fn joined_cookies(headers: &http::HeaderMap) -> String {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}
