//! `magic_links/*` bodies.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// `POST magic_links/email/discovery/send`.
///
/// ```
/// use stytch_models::{api::magic_links::DiscoveryEmailSendRequest, json::ToJson};
///
/// let request = DiscoveryEmailSendRequest {
///     email_address: "ada@example.com".into(),
///     discovery_redirect_url: Some("https://app.example.com/authenticate".into()),
///     locale: Some("es".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_address"], "ada@example.com");
/// assert_eq!(body["locale"], "es");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryEmailSendRequest {
    /// Recipient.
    pub email_address: String,
    /// Where the link lands; must be on the project's allow-list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_redirect_url: Option<String>,
    /// PKCE challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_template_id: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Link lifetime (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_expiration_minutes: Option<u32>,
}

/// `POST magic_links/discovery/authenticate`.
///
/// ```
/// use stytch_models::{api::magic_links::DiscoveryMagicLinkAuthenticateRequest, json::ToJson};
///
/// let request = DiscoveryMagicLinkAuthenticateRequest {
///     discovery_magic_links_token: "token-from-the-link".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["discovery_magic_links_token"], "token-from-the-link");
/// // Debug output never shows the token.
/// assert!(!format!("{request:?}").contains("token-from-the-link"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryMagicLinkAuthenticateRequest {
    /// Token from the link.
    #[redact]
    pub discovery_magic_links_token: String,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
}

/// `POST magic_links/email/login_or_signup` (organization-scoped).
///
/// ```
/// use stytch_models::{api::magic_links::LoginOrSignupRequest, json::ToJson};
/// // An organization-scoped magic link: signs a member in, or up when the organization allows.
/// let request = LoginOrSignupRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     login_redirect_url: Some("https://app.example.com/authenticate".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["organization_id"], "organization-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct LoginOrSignupRequest {
    /// Organization.
    pub organization_id: String,
    /// Recipient.
    pub email_address: String,
    /// Where a login link lands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_redirect_url: Option<String>,
    /// Where a sign-up link lands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_redirect_url: Option<String>,
    /// PKCE challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
    /// Login link lifetime (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_expiration_minutes: Option<u32>,
    /// Sign-up link lifetime (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_expiration_minutes: Option<u32>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST magic_links/email/invite`: invites someone into an organization by email. The backend
/// names the organization; the SDK invites into the caller's session's organization.
///
/// ```
/// use stytch_models::api::magic_links::InviteRequest;
/// let invite = InviteRequest { email_address: "grace@example.com".into(), ..Default::default() };
/// assert_eq!(stytch_models::json::to_string(&invite), r#"{"email_address":"grace@example.com"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct InviteRequest {
    /// Organization (backend API only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub organization_id: String,
    /// Who is invited.
    pub email_address: String,
    /// Where the invite link lands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_redirect_url: Option<String>,
    /// The member who invites (backend API; the SDK uses the session's member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invited_by_member_id: Option<String>,
    /// The invited person's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_template_id: Option<String>,
    /// Roles the member gets (besides `stytch_member`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Link lifetime in minutes (default one week).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_expiration_minutes: Option<u32>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Answer of `login_or_signup`.
///
/// ```
/// use stytch_models::{api::magic_links::LoginOrSignupResponse, json};
///
/// let response: LoginOrSignupResponse = json::from_str(r#"{"member_id":"member-test-1","member_created":true,"member":{"member_id":"member-test-1","email_address":"ada@example.com","status":"pending"}}"#).unwrap();
/// assert!(response.member_created);
/// assert_eq!(response.member.email_address, "ada@example.com");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct LoginOrSignupResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// Whether a member was created (pending).
    pub member_created: bool,
    /// The member.
    pub member: crate::Member,
    /// The organization.
    pub organization: crate::Organization,
}

/// `POST magic_links/authenticate` (organization-scoped links).
///
/// ```
/// use stytch_models::{api::magic_links::MagicLinkAuthenticateRequest, json::ToJson};
///
/// let request = MagicLinkAuthenticateRequest {
///     magic_links_token: "token-from-the-link".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["session_duration_minutes"], 60);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MagicLinkAuthenticateRequest {
    /// Token from the link.
    #[redact]
    pub magic_links_token: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
    /// IST to add the factor to (step-up).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}
