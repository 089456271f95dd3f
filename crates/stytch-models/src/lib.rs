//! IO-free serde types for Stytch's B2B API.
//!
//! This crate is the bottom layer of stytch-leptos: the headless client, the Leptos bindings and
//! the local emulator all speak through these types, and nothing here performs IO. Entities
//! (organization, member, session, discovery) sit at the crate root; request and response
//! bodies live in [`api`], one module per API namespace.
//!
//! Conventions, chosen so that responses from any Stytch version parse:
//! - every response struct has `#[serde(default)]`, so missing fields never fail a parse;
//! - vocabularies (`error_type`, policies, statuses) are open enums with an `Unknown` arm;
//! - timestamps stay RFC 3339 strings; [`time`] converts them when arithmetic is needed;
//! - every model derives serde's traits and [`json::FromJson`], a reader that costs the browser
//!   a fraction of serde's `Deserialize` (the headless client reads responses with it).
//!
//! ```
//! use stytch_models::{api::{sessions::AuthenticateResponse, SdkEnvelope}, MemberSession};
//! let body = r#"{"data":{"member_session":{"member_session_id":"session-test-1"},"session_token":"tok"}}"#;
//! let envelope: SdkEnvelope<AuthenticateResponse> = serde_json::from_str(body).unwrap();
//! assert_eq!(envelope.data.member_session.member_session_id, "session-test-1");
//! ```

#![warn(missing_docs)]

// The `FromJson` derive names this crate by its external path, also from inside it.
extern crate self as stytch_models;

mod open_enum;

pub mod api;
mod bootstrap;
mod discovery;
mod error;
pub mod json;
mod jwt;
mod member;
mod organization;
mod rbac;
mod redact;
mod session;
pub mod time;

pub use bootstrap::{BootstrapResponse, CaptchaSettings, PasswordConfig};
pub use discovery::{
    DiscoveredOrganization, Membership, MembershipType, MfaMemberOptions, MfaRequired, PrimaryRequired,
};
pub use error::{ApiErrorBody, ErrorType};
pub use jwt::{OrganizationClaim, SessionAttributes, SessionClaim, SessionJwtClaims};
pub use member::{Member, MemberRole, MemberStatus, OAuthRegistration, RetiredEmail, RoleSource};
pub use organization::{
    ActiveSsoConnection, AuthMethod, EmailImplicitRoleAssignment, MfaMethod, MfaPolicy, Organization, Restriction,
};
pub use rbac::{Permission, PolicyResource, PolicyRole, PolicyScope, RbacPolicy};
pub use redact::{Redacted, RedactedDebug};
pub use session::{
    AuthenticationFactor, AuthenticatorAppFactor, EmailFactor, ImpersonatedFactor, MemberSession, OAuthFactor,
    PhoneNumberFactor, RecoveryCodeFactor, SsoFactor, TrustedAuthTokenFactor,
};
