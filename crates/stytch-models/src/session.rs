//! Member sessions and authentication factors.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A member's session in one organization.
///
/// ```
/// let s: stytch_models::MemberSession = serde_json::from_str(
///     r#"{"member_session_id":"session-test-1","member_id":"member-test-1","roles":["stytch_member"]}"#,
/// ).unwrap();
/// assert_eq!(s.roles, ["stytch_member"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberSession {
    /// `session-test-…` ID.
    pub member_session_id: String,
    /// Member the session belongs to.
    pub member_id: String,
    /// Organization the session is valid for.
    pub organization_id: String,
    /// Slug of that organization.
    pub organization_slug: String,
    /// Start time (RFC 3339).
    pub started_at: String,
    /// Last time the session was authenticated (RFC 3339).
    pub last_accessed_at: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
    /// Factors completed in this session.
    pub authentication_factors: Vec<AuthenticationFactor>,
    /// Effective RBAC role IDs.
    pub roles: Vec<String>,
    /// Custom claims set on the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_claims: Option<Map<String, Value>>,
}

impl MemberSession {
    /// Who, from your team, is acting as the member when the session was started by
    /// impersonation (the Stytch Dashboard's "Impersonate Member"); `None` for the member's own
    /// sessions. Show it in a banner so nobody mistakes the session for the member's own.
    ///
    /// ```
    /// use stytch_models::{AuthenticationFactor, ImpersonatedFactor, MemberSession};
    /// let factor = AuthenticationFactor {
    ///     factor_type: "impersonated".into(),
    ///     impersonated_factor: Some(ImpersonatedFactor {
    ///         impersonator_id: "u-1".into(),
    ///         impersonator_email_address: "support@example.com".into(),
    ///     }),
    ///     ..Default::default()
    /// };
    /// let session = MemberSession { authentication_factors: vec![factor], ..Default::default() };
    /// assert_eq!(session.impersonator().map(|i| i.impersonator_email_address.as_str()), Some("support@example.com"));
    /// assert!(MemberSession::default().impersonator().is_none());
    /// ```
    pub fn impersonator(&self) -> Option<&ImpersonatedFactor> {
        self.authentication_factors
            .iter()
            .find_map(|f| f.impersonated_factor.as_ref())
    }

    /// Equality that ignores `last_accessed_at`, as the official SDK's `deepEqual` does: a refresh
    /// that only bumps it changes nothing anyone needs to hear about. Compares field by field, so
    /// neither session is cloned.
    ///
    /// ```
    /// use stytch_models::MemberSession;
    /// let a = MemberSession { last_accessed_at: "2026-01-01T00:00:00Z".into(), ..Default::default() };
    /// let b = MemberSession { last_accessed_at: "2026-01-01T00:05:00Z".into(), ..a.clone() };
    /// assert!(a.same_ignoring_last_access(&b));
    /// let c = MemberSession { roles: vec!["stytch_admin".into()], ..b.clone() };
    /// assert!(!a.same_ignoring_last_access(&c));
    /// ```
    #[inline(never)]
    pub fn same_ignoring_last_access(&self, other: &MemberSession) -> bool {
        // Destructured so that a field added later cannot be left out of the comparison.
        let MemberSession {
            member_session_id,
            member_id,
            organization_id,
            organization_slug,
            started_at,
            last_accessed_at: _,
            expires_at,
            authentication_factors,
            roles,
            custom_claims,
        } = self;
        *member_session_id == other.member_session_id
            && *member_id == other.member_id
            && *organization_id == other.organization_id
            && *organization_slug == other.organization_slug
            && *started_at == other.started_at
            && *expires_at == other.expires_at
            && *authentication_factors == other.authentication_factors
            && *roles == other.roles
            && *custom_claims == other.custom_claims
    }
}

/// The email sub-object of email magic link and email OTP factors.
///
/// ```
/// use stytch_models::{EmailFactor, json};
///
/// let value: EmailFactor = json::from_str(r#"{"email_id":"email-test-1","email_address":"ada@example.com"}"#).unwrap();
/// assert_eq!(value.email_address, "ada@example.com");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailFactor {
    /// Email ID.
    pub email_id: String,
    /// The address.
    pub email_address: String,
}

/// The phone sub-object of SMS OTP factors.
///
/// ```
/// use stytch_models::{PhoneNumberFactor, json};
///
/// let value: PhoneNumberFactor = json::from_str(r#"{"phone_id":"phone-number-test-1","phone_number":"+15005550006"}"#).unwrap();
/// assert_eq!(value.phone_number, "+15005550006");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PhoneNumberFactor {
    /// Phone ID.
    pub phone_id: String,
    /// E.164 number.
    pub phone_number: String,
}

/// The sub-object of TOTP factors.
///
/// ```
/// use stytch_models::{AuthenticatorAppFactor, json};
///
/// let value: AuthenticatorAppFactor = json::from_str(r#"{"totp_id":"member-totp-test-1"}"#).unwrap();
/// assert_eq!(value.totp_id, "member-totp-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthenticatorAppFactor {
    /// TOTP registration ID.
    pub totp_id: String,
}

/// The sub-object of recovery-code factors.
///
/// ```
/// use stytch_models::{RecoveryCodeFactor, json};
///
/// let value: RecoveryCodeFactor = json::from_str(r#"{"totp_recovery_code_id":"recovery-code-test-1"}"#).unwrap();
/// assert!(!value.totp_recovery_code_id.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RecoveryCodeFactor {
    /// TOTP registration the codes belong to.
    pub totp_recovery_code_id: String,
}

/// The sub-object of an impersonated session's factor (`type` `impersonated`): who, from your
/// team, is acting as the member.
///
/// ```
/// let f: stytch_models::AuthenticationFactor = serde_json::from_str(
///     r#"{"type":"impersonated","delivery_method":"impersonation","impersonated_factor":{"impersonator_id":"u-1","impersonator_email_address":"support@example.com"}}"#,
/// ).unwrap();
/// assert_eq!(f.impersonated_factor.unwrap().impersonator_email_address, "support@example.com");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ImpersonatedFactor {
    /// The impersonator's ID (a Stytch Dashboard user).
    pub impersonator_id: String,
    /// The impersonator's email address.
    pub impersonator_email_address: String,
}

/// The sub-object of a trusted auth token's factor (`type` `trusted_auth_token`, from
/// `sessions/attest`): which token of your identity provider was attested.
///
/// ```
/// let f: stytch_models::AuthenticationFactor = serde_json::from_str(
///     r#"{"type":"trusted_auth_token","delivery_method":"trusted_token_exchange","trusted_auth_token_factor":{"token_id":"sess-42"}}"#,
/// ).unwrap();
/// assert_eq!(f.trusted_auth_token_factor.unwrap().token_id, "sess-42");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct TrustedAuthTokenFactor {
    /// The token's ID: the claim the profile's `token_id` attribute mapping names.
    pub token_id: String,
}

/// The sub-object of OAuth factors (`google_oauth_factor`, `github_oauth_factor`, …).
///
/// ```
/// use stytch_models::{OAuthFactor, json};
///
/// let value: OAuthFactor = json::from_str(r#"{"id":"oauth-user-test-1","provider_subject":"1076915","email_id":"email-test-1"}"#).unwrap();
/// assert_eq!(value.email_id.as_deref(), Some("email-test-1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthFactor {
    /// OAuth registration ID.
    pub id: String,
    /// Subject at the provider.
    pub provider_subject: String,
    /// Email ID, when the provider reported an email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_id: Option<String>,
    /// Tenant (Slack workspace, HubSpot hub).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_id: Option<String>,
    /// Tenants (GitHub organizations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_ids: Option<Vec<String>>,
}

/// The sub-object of SSO factors (`saml_sso_factor`, `oidc_sso_factor`).
///
/// ```
/// let f: stytch_models::AuthenticationFactor = serde_json::from_str(
///     r#"{"type":"sso","delivery_method":"sso_saml","saml_sso_factor":{"id":"r","provider_id":"saml-connection-1","external_id":"ada"}}"#,
/// ).unwrap();
/// assert_eq!(f.saml_sso_factor.unwrap().provider_id, "saml-connection-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SsoFactor {
    /// The member's SSO registration ID.
    pub id: String,
    /// The connection the member came through.
    pub provider_id: String,
    /// The member's ID at the identity provider (the SAML `NameID` or OIDC `sub`).
    pub external_id: String,
}

/// One completed authentication factor.
///
/// ```
/// let f: stytch_models::AuthenticationFactor = serde_json::from_str(
///     r#"{"type":"magic_link","delivery_method":"email","email_factor":{"email_id":"e","email_address":"a@b.c"}}"#,
/// ).unwrap();
/// assert_eq!(f.email_factor.unwrap().email_address, "a@b.c");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct AuthenticationFactor {
    /// `magic_link`, `email_otp`, `otp`, `password`, `oauth`, `sso`, `totp`, `recovery_codes`, …
    #[serde(rename = "type")]
    pub factor_type: String,
    /// `email`, `sms`, `authenticator_app`, `recovery_code`, `knowledge`, `oauth_google`, …
    pub delivery_method: String,
    /// When the factor was last completed (RFC 3339).
    pub last_authenticated_at: String,
    /// Creation time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Update time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// `PRIMARY` or `SECONDARY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_order: Option<String>,
    /// Email magic link and email OTP details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_factor: Option<EmailFactor>,
    /// SMS OTP details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_factor: Option<PhoneNumberFactor>,
    /// TOTP details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticator_app_factor: Option<AuthenticatorAppFactor>,
    /// Recovery code details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_code_factor: Option<RecoveryCodeFactor>,
    /// Google OAuth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_oauth_factor: Option<OAuthFactor>,
    /// Microsoft OAuth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub microsoft_oauth_factor: Option<OAuthFactor>,
    /// GitHub OAuth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github_oauth_factor: Option<OAuthFactor>,
    /// Slack OAuth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slack_oauth_factor: Option<OAuthFactor>,
    /// HubSpot OAuth details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hubspot_oauth_factor: Option<OAuthFactor>,
    /// SAML SSO details (`delivery_method` `sso_saml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_sso_factor: Option<SsoFactor>,
    /// OIDC SSO details (`delivery_method` `sso_oidc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc_sso_factor: Option<SsoFactor>,
    /// Impersonation details (`type` `impersonated`): who is acting as the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impersonated_factor: Option<ImpersonatedFactor>,
    /// Trusted auth token (`sessions/attest`) details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_auth_token_factor: Option<TrustedAuthTokenFactor>,
}
