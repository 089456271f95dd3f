//! `sessions/*` bodies and the two authenticate response shapes every flow ends in.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Member, MemberSession, MfaRequired, Organization, PrimaryRequired};

/// `POST sessions/authenticate`. The SDK sends only `session_duration_minutes` (the token
/// travels in Basic auth); backend callers send exactly one of the token fields.
///
/// ```
/// use stytch_models::{api::sessions::SessionsAuthenticateRequest, json::ToJson};
/// // The SDK sends the session in the Authorization header; the body only extends it.
/// let request = SessionsAuthenticateRequest {
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["session_duration_minutes"], 60);
/// assert!(body.get("session_token").is_none());
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionsAuthenticateRequest {
    /// Extend the session to this many minutes from now (5..=527040).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Opaque session token (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// Session JWT, possibly expired (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
    /// Claims to add; a `null` value removes a claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_custom_claims: Option<Map<String, Value>>,
    /// Also check that the session may perform an action (backend API): a session of another
    /// organization, or without a role granting the action, is refused with a 403.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_check: Option<AuthorizationCheck>,
}

/// An RBAC question asked with a session authentication.
///
/// ```
/// use stytch_models::api::sessions::AuthorizationCheck;
/// let check = AuthorizationCheck {
///     organization_id: "organization-test-1".into(),
///     resource_id: "stytch.member".into(),
///     action: "create".into(),
/// };
/// assert!(stytch_models::json::to_string(&check).contains(r#""action":"create""#));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthorizationCheck {
    /// The organization the action is in; it must be the session's.
    pub organization_id: String,
    /// Resource, e.g. `stytch.member` or `documents`.
    pub resource_id: String,
    /// Action, e.g. `create`.
    pub action: String,
}

/// The answer to an [`AuthorizationCheck`].
///
/// ```
/// use stytch_models::{api::sessions::AuthorizationVerdict, json};
///
/// let response: AuthorizationVerdict = json::from_str(r#"{"authorized":true,"granting_roles":["editor"]}"#).unwrap();
/// assert!(response.authorized);
/// assert_eq!(response.granting_roles, ["editor"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthorizationVerdict {
    /// Always true in a successful answer (a refusal is an error).
    pub authorized: bool,
    /// The session's roles that grant the action.
    pub granting_roles: Vec<String>,
}

/// A response that always carries a member session (`B2BAuthenticateResponse`).
///
/// ```
/// use stytch_models::{api::sessions::AuthenticateResponse, json};
///
/// let response: AuthenticateResponse = json::from_str(r#"{"member_id":"member-test-1","member_session":{"member_id":"member-test-1","roles":["stytch_member","editor"]},"session_jwt":"eyJ.a.b"}"#).unwrap();
/// assert!(response.member_session.roles.iter().any(|r| r == "editor"));
/// assert!(response.verdict.is_none());
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthenticateResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// The session.
    pub member_session: MemberSession,
    /// Opaque session token (`""` in HttpOnly mode).
    #[redact]
    pub session_token: String,
    /// Session JWT (`""` in HttpOnly mode).
    #[redact]
    pub session_jwt: String,
    /// The member.
    pub member: Member,
    /// The organization.
    pub organization: Organization,
    /// The answer to the request's `authorization_check`, when it had one (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<AuthorizationVerdict>,
}

/// A response that either grants a session or asks for more factors
/// (`B2BAuthenticateResponseWithMFA`).
///
/// ```
/// use stytch_models::api::sessions::{AuthenticateWithMfaResponse, AuthOutcome};
/// let r: AuthenticateWithMfaResponse = serde_json::from_str(
///     r#"{"member_authenticated":false,"member_session":null,"intermediate_session_token":"ist",
///         "mfa_required":{"member_options":null,"secondary_auth_initiated":null},"primary_required":null}"#,
/// ).unwrap();
/// assert!(matches!(r.outcome(), AuthOutcome::NeedsMfa(_)));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthenticateWithMfaResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// Organization ID.
    pub organization_id: String,
    /// The member (possibly just created).
    pub member: Member,
    /// The organization.
    pub organization: Organization,
    /// True when `member_session` is set.
    pub member_authenticated: bool,
    /// The session, or null when more factors are needed.
    pub member_session: Option<MemberSession>,
    /// Opaque session token, `""` when not authenticated.
    #[redact]
    pub session_token: String,
    /// Session JWT, `""` when not authenticated.
    #[redact]
    pub session_jwt: String,
    /// IST to continue with, `""` when authenticated.
    #[redact]
    pub intermediate_session_token: String,
    /// IST expiry (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intermediate_session_token_expires_at: Option<String>,
    /// MFA still needed.
    pub mfa_required: Option<MfaRequired>,
    /// Primary step-up still needed (handled before MFA).
    pub primary_required: Option<PrimaryRequired>,
    /// Email ID of the factor (magic links, email OTP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_id: Option<String>,
    /// Whether other sessions were reset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_sessions: Option<bool>,
    /// Whether the member's other sessions were revoked (`sso/authenticate`; always false
    /// without an identity provider's instruction).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_session: Option<bool>,
    /// OAuth: the person's ID at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_subject: Option<String>,
    /// OAuth: the provider (`Google`, `Microsoft`, `GitHub`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
    /// OAuth: the provider's tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_values: Option<super::oauth::ProviderValues>,
    /// Password resets: the email ID that was verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_email_id: Option<String>,
}

/// What an [`AuthenticateWithMfaResponse`] asks the client to do next.
///
/// ```
/// use stytch_models::{api::sessions::AuthenticateWithMfaResponse, json};
/// use stytch_models::api::sessions::AuthOutcome;
///
/// let response: AuthenticateWithMfaResponse = json::from_str(r#"{"member_authenticated":false,"intermediate_session_token":"ist","mfa_required":{"secondary_auth_initiated":"sms_otp"}}"#).unwrap();
/// match response.outcome() {
///     AuthOutcome::Authenticated(session) => println!("signed in until {}", session.expires_at),
///     AuthOutcome::NeedsPrimary(step) => println!("sign in again with one of {:?}", step.allowed_auth_methods),
///     AuthOutcome::NeedsMfa(mfa) => assert_eq!(mfa.secondary_auth_initiated.as_deref(), Some("sms_otp")),
///     AuthOutcome::Incomplete => unreachable!(),
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum AuthOutcome<'a> {
    /// A member session was granted.
    Authenticated(&'a MemberSession),
    /// Another primary factor is needed first.
    NeedsPrimary(&'a PrimaryRequired),
    /// MFA is needed.
    NeedsMfa(&'a MfaRequired),
    /// Not authenticated and no requirement given: a malformed response.
    Incomplete,
}

impl AuthenticateWithMfaResponse {
    /// Classifies the response; `primary_required` takes precedence over `mfa_required`.
    ///
    /// ```
    /// use stytch_models::{api::sessions::{AuthOutcome, AuthenticateWithMfaResponse}, json};
    /// let answer: AuthenticateWithMfaResponse =
    ///     json::from_str(r#"{"member_authenticated":false,"primary_required":{"allowed_auth_methods":["sso"]}}"#).unwrap();
    /// assert!(matches!(answer.outcome(), AuthOutcome::NeedsPrimary(step) if step.allowed_auth_methods.len() == 1));
    /// ```
    pub fn outcome(&self) -> AuthOutcome<'_> {
        match (&self.member_session, &self.primary_required, &self.mfa_required) {
            (Some(session), _, _) => AuthOutcome::Authenticated(session),
            (None, Some(primary), _) => AuthOutcome::NeedsPrimary(primary),
            (None, None, Some(mfa)) => AuthOutcome::NeedsMfa(mfa),
            (None, None, None) => AuthOutcome::Incomplete,
        }
    }
}

/// `POST sessions/exchange`.
///
/// ```
/// use stytch_models::{api::sessions::SessionsExchangeRequest, json::ToJson};
/// // Switch the signed-in member to their membership in another organization.
/// let request = SessionsExchangeRequest {
///     organization_id: "organization-test-2".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["organization_id"], "organization-test-2");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionsExchangeRequest {
    /// Target organization.
    pub organization_id: String,
    /// New session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Locale for any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Session token (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// Session JWT (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
}

/// `POST sessions/attest`: exchanges a JWT your own identity provider signed (a "trusted auth
/// token") for a Stytch session, under a Trusted Auth Token profile that names its issuer,
/// audience and keys. With a live session of the same member, the token is added to it as a
/// factor instead.
///
/// ```
/// use stytch_models::{api::sessions::SessionsAttestRequest, json::ToJson};
/// // A Supabase (or Auth0, Firebase, your own) access token, checked against profile `ttp-…`.
/// let request = SessionsAttestRequest {
///     profile_id: "trusted-token-profile-test-1".into(),
///     token: "eyJhbGciOiJSUzI1NiJ9.….…".into(),
///     organization_id: Some("organization-test-1".into()),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["profile_id"], "trusted-token-profile-test-1");
/// assert!(body.get("session_token").is_none());
/// assert!(!format!("{request:?}").contains("eyJ"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionsAttestRequest {
    /// The Trusted Auth Token profile to check the token against.
    pub profile_id: String,
    /// The JWT to attest.
    #[redact]
    pub token: String,
    /// The organization (ID or slug) to sign in to; needed when the token carries no
    /// organization claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Session length in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// A session to add the factor to (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// The same session by its JWT (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
}

/// `POST sessions/revoke` on the backend API (the SDK sends no body).
///
/// ```
/// use stytch_models::{api::sessions::SessionsRevokeRequest, json::ToJson};
/// // Sign a member out everywhere (an admin action).
/// let request = SessionsRevokeRequest {
///     member_id: Some("member-test-1".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["member_id"], "member-test-1");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionsRevokeRequest {
    /// Session ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_session_id: Option<String>,
    /// Session token.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// Session JWT.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
    /// Revoke every session of this member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
}
