//! `discovery/*` bodies.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

use crate::{AuthMethod, DiscoveredOrganization, MfaPolicy, Restriction};

/// Response of every discovery authenticate call.
///
/// ```
/// use stytch_models::{api::discovery::DiscoveryAuthenticateResponse, json};
/// // What a discovery magic link, email code, OAuth or password sign-in answers: an IST and
/// // the organizations the address may enter.
/// let response: DiscoveryAuthenticateResponse = json::from_str(r#"{"intermediate_session_token":"ist","email_address":"ada@example.com","discovered_organizations":[{"organization":{"organization_id":"organization-test-1","organization_name":"Acme"},"membership":{"type":"active_member"}}]}"#).unwrap();
/// assert_eq!(response.email_address, "ada@example.com");
/// assert_eq!(response.discovered_organizations[0].organization.organization_name, "Acme");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryAuthenticateResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// IST holding the verified factor.
    #[redact]
    pub intermediate_session_token: String,
    /// IST expiry (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intermediate_session_token_expires_at: Option<String>,
    /// The authenticated email.
    pub email_address: String,
    /// Organizations the person may enter.
    pub discovered_organizations: Vec<DiscoveredOrganization>,
    /// OAuth: the provider (`Google`, `Microsoft`, `GitHub`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_type: Option<String>,
    /// OAuth: the workspace or tenant the identity belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_id: Option<String>,
    /// OAuth: every tenant the identity belongs to (GitHub organizations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_ids: Option<Vec<String>>,
    /// OAuth: the person's name at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
}

/// `POST discovery/organizations`: exactly one credential (the SDK sends the IST from its
/// cookie, or nothing and lets the Basic-auth session token identify the caller).
///
/// ```
/// use stytch_models::{api::discovery::DiscoveryOrganizationsRequest, json::ToJson};
/// // List the organizations of the address an intermediate session was issued for.
/// let request = DiscoveryOrganizationsRequest {
///     intermediate_session_token: Some("ist".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["intermediate_session_token"], "ist");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryOrganizationsRequest {
    /// IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Session token (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// Session JWT (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
}

/// Response of `discovery/organizations`.
///
/// ```
/// use stytch_models::{api::discovery::DiscoveryOrganizationsResponse, json};
///
/// let response: DiscoveryOrganizationsResponse = json::from_str(r#"{"email_address":"ada@example.com","discovered_organizations":[],"organization_id_hint":"organization-test-1"}"#).unwrap();
/// assert!(response.discovered_organizations.is_empty());
/// assert_eq!(response.organization_id_hint.as_deref(), Some("organization-test-1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryOrganizationsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The person's email.
    pub email_address: String,
    /// Organizations the person may enter.
    pub discovered_organizations: Vec<DiscoveredOrganization>,
    /// Organization the IST was minted for, if any.
    pub organization_id_hint: Option<String>,
}

/// `POST discovery/intermediate_sessions/exchange`.
///
/// ```
/// use stytch_models::{api::discovery::IntermediateSessionExchangeRequest, json::ToJson};
/// // Enter one of the discovered organizations.
/// let request = IntermediateSessionExchangeRequest {
///     organization_id: "organization-test-1".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["organization_id"], "organization-test-1");
/// assert_eq!(body["session_duration_minutes"], 60);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct IntermediateSessionExchangeRequest {
    /// The IST (the SDK fills it from its cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Organization to enter.
    pub organization_id: String,
    /// Session length if a session is granted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Locale for any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST discovery/organizations/create`.
///
/// ```
/// use stytch_models::{api::discovery::OrganizationCreateViaDiscoveryRequest, json::ToJson};
/// // Create an organization as the person an intermediate session was issued for.
/// let request = OrganizationCreateViaDiscoveryRequest {
///     organization_name: Some("Acme".into()),
///     organization_slug: Some("acme".into()),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["organization_slug"], "acme");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationCreateViaDiscoveryRequest {
    /// The IST (the SDK fills it from its cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Name; derived from the email when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Slug; derived from the email when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_slug: Option<String>,
    /// Logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_logo_url: Option<String>,
    /// Email JIT policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_jit_provisioning: Option<Restriction>,
    /// Allowed email domains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_allowed_domains: Option<Vec<String>>,
    /// Invite policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_invites: Option<Restriction>,
    /// Auth method policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_methods: Option<Restriction>,
    /// Allowed auth methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_auth_methods: Option<Vec<AuthMethod>>,
    /// MFA policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_policy: Option<MfaPolicy>,
}
