//! Stytch B2B authentication for [Leptos](https://leptos.dev) 0.8.
//!
//! Wrap your router in [`StytchProvider`], read the session with [`use_member_session`], guard
//! pages with [`SignedIn`] or [`signed_in_condition`], and drop in [`StytchLogin`] for the
//! Discovery sign-in flow with MFA.
//!
//! ```no_run
//! use leptos::prelude::*;
//! use stytch_leptos::{StytchLogin, StytchOptions, StytchProvider, use_member_session};
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let options = StytchOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() };
//!     view! {
//!         <StytchProvider public_token="public-token-test-…" options=options>
//!             <Home/>
//!         </StytchProvider>
//!     }
//! }
//!
//! #[component]
//! fn Home() -> impl IntoView {
//!     let session = use_member_session();
//!     move || match (session.is_initialized.get(), session.session.get()) {
//!         (false, _) => "Loading…".into_any(),
//!         (true, Some(s)) => format!("Signed in to {}", s.organization_slug).into_any(),
//!         (true, None) => view! { <StytchLogin/> }.into_any(),
//!     }
//! }
//! ```
//!
//! ## Layers
//! This crate is thin: the session rules live in [`stytch_core`] (re-exported as [`core`]),
//! whose state the provider mirrors into signals; components render [`core::flow`] states.
//!
//! ## Server-side rendering
//! Enable `stytch-leptos/ssr` only from your own `ssr` feature and `stytch-leptos/hydrate`
//! from your `hydrate` feature. On the server nothing touches `window`: hooks report
//! `is_initialized = false` and components render their loading state, with their styles
//! inline. The browser's first render is the same, so hydration adopts the server's markup, and
//! the client starts right after it. Build server and browser alike with or without Leptos's
//! `--cfg erase_components`: a mix changes the markup's shape and hydration stops. To render
//! signed in on the server, give the render a [`ServerSession`] (with the `backend` feature,
//! `server::server_session` asks Stytch for one, with the project's RBAC policy so `<Protect>`
//! renders there too).

#![warn(missing_docs)]

mod components;
mod guards;
mod hooks;
mod page;
mod provider;
#[cfg(all(feature = "backend", not(target_arch = "wasm32")))]
pub mod server;
mod style;
#[cfg(feature = "testing")]
pub mod testing;

pub use components::connected_apps::{ConnectedAppConsent, ConnectedAppLogout, ConsentStrings, LogoutStrings};
pub use components::login::{
    AuthFlowType, AuthenticatingScreen, CreateOrganizationScreen, DiscoveryScreen, EmailMagicLinksOptions,
    EmailMethodSelectionScreen, EmailOtpEntryScreen, EmailSentScreen, ErrorScreen, LoadingOrganizationScreen,
    LoggedInScreen, LoginConfig, LoginEvent, LoginFlow, LoginScreens, LoginStrings, MainScreen, MfaSelectionScreen,
    OAuthOptions, PasswordForgotScreen, PasswordOptions, PasswordResetScreen, PasswordResetSentScreen, PrimaryMethod,
    Product, RecoveryCodeEntryScreen, RecoveryCodeSaveScreen, RedirectingScreen, SmsEnrollmentScreen, SmsEntryScreen,
    SsoConnectionsScreen, SsoDiscoveryScreen, SsoOptions, StytchLogin, StytchLoginFlow, Theme, TotpEnrollmentScreen,
    TotpEntryScreen, use_login_flow,
};
#[cfg(feature = "member-management")]
pub use components::member_management::{
    MemberEvent, MemberManagement, MemberManagementOptions, MemberManagementStrings,
};
#[cfg(feature = "organization-settings")]
pub use components::organization_settings::{OrganizationSettings, OrganizationSettingsStrings};
pub use components::organization_switcher::{OrganizationSwitcher, SwitcherEvent, SwitcherOptions, SwitcherStrings};
pub use guards::{Protect, SignedIn, SignedOut, authorized_condition, signed_in_condition};
pub use hooks::{
    GOOGLE_ONE_TAP_SCRIPT, OneTapStatus, Permissions, UseGoogleOneTapOptions, UseGoogleOneTapReturn,
    UseIsAuthorizedReturn, UseKeepSessionAliveOptions, UseMemberReturn, UseMemberSearchOptions, UseMemberSearchReturn,
    UseMemberSessionReturn, UseOrganizationReturn, UsePermissionsReturn, UseSessionActivityReturn, use_google_one_tap,
    use_google_one_tap_with_options, use_is_authorized, use_keep_session_alive, use_keep_session_alive_with_options,
    use_member, use_member_search, use_member_search_with_options, use_member_session, use_organization,
    use_permissions, use_session_activity, use_stytch,
};
pub use provider::{ServerSession, Stytch, StytchOptions, StytchProvider};
pub use stytch_core as core;
pub use stytch_core::models;
pub use stytch_core::models::api::oauth::OAuthProvider;

/// The repository README's examples, compiled as doctests so the code a newcomer copies first
/// keeps building (with `testing` and `backend`, which two of them show, as `scripts/test`
/// runs them).
#[cfg(all(doctest, feature = "testing", feature = "backend"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;
