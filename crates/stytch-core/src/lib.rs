//! The framework-agnostic headless core of stytch-leptos.
//!
//! Layers, each a module and each depending only on those above it:
//!
//! | module | role |
//! |---|---|
//! | [`transport`] | the HTTP seam: request building, `{"data"}` envelope, typed errors; `fetch` in the browser, reqwest natively |
//! | [`storage`] | cookies (official names and attributes) and the `localStorage` state cache, behind traits |
//! | [`session`] | the session store (update rules, dedup, `from_cache`, subscriptions, cross-tab sync) and refresh timing |
//! | [`flow`] | the login state machine: screens, events, commands; pure |
//! | [`StytchClient`] | namespaces (`session`, `discovery`, `magic_links`, …) that call the transport and feed the store |
//! | `backend` | the server half (native, `reqwest` feature): authenticate the session a request's cookies carry |
//!
//! Time is read through [`runtime::Runtime`], so tests drive every timer.
//!
//! ```no_run
//! # #[cfg(all(target_arch = "wasm32", feature = "browser"))]
//! # async fn demo() -> Result<(), stytch_core::StytchError> {
//! use stytch_core::{ClientOptions, Platform, StytchClient};
//! let client = StytchClient::new("public-token-test-…", ClientOptions::default(), Platform::browser());
//! let discovered = client.magic_links().discovery_authenticate("token-from-the-link").await?;
//! let first = &discovered.discovered_organizations[0].organization.organization_id;
//! client.discovery().exchange_intermediate_session(first, Some(60)).await?;
//! assert!(client.session().get_sync().is_some());
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub mod backend;
mod client;
mod error;
pub mod flow;
pub mod runtime;
pub mod session;
pub mod storage;
pub mod transport;
pub mod util;

pub use client::{
    AuthenticateUrl, AuthorizeRequest, ClientOptions, Discovery, Idp, Impersonation, KeepAlive, MagicLinks, Members,
    OAuth, OAuthStartOptions, Organizations, Otps, Passwords, Platform, Rbac, RecoveryCodes, Scim, SessionActivity,
    SessionInfo, SessionTokens, Sessions, Sso, SsoStartOptions, StytchClient, Totps, UrlAuthentication,
    parse_authenticate_url, parse_logout_request, slug_from_url,
};
pub use error::StytchError;
pub use stytch_models as models;

/// A boxed future that need not be `Send` (browser futures never are).
///
/// ```
/// use stytch_core::LocalBoxFuture;
///
/// fn answer_later(value: u32) -> LocalBoxFuture<'static, u32> {
///     Box::pin(async move { value })
/// }
/// let future = answer_later(42);
/// # drop(future);
/// ```
pub type LocalBoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>>;
