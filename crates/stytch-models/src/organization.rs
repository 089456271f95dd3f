//! The Organization entity and its policy vocabularies.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rbac::PolicyRole;

crate::open_enum! {
    /// Who may join, or which methods apply: `ALL_ALLOWED`, `RESTRICTED` or `NOT_ALLOWED`.
    ///
    /// ```
    /// use stytch_models::Restriction;
    /// assert_eq!(Restriction::parse("RESTRICTED"), Restriction::Restricted);
    /// ```
    #[derive(Default)]
    pub enum Restriction {
        /// Anything goes.
        #[default]
        AllAllowed = "ALL_ALLOWED",
        /// Only what the matching allow-list names.
        Restricted = "RESTRICTED",
        /// Nothing is allowed.
        NotAllowed = "NOT_ALLOWED",
    }
}

crate::open_enum! {
    /// An organization's MFA policy.
    ///
    /// ```
    /// use stytch_models::MfaPolicy;
    /// assert_eq!(MfaPolicy::RequiredForAll.as_str(), "REQUIRED_FOR_ALL");
    /// ```
    #[derive(Default)]
    pub enum MfaPolicy {
        /// MFA only for members who enrolled.
        #[default]
        Optional = "OPTIONAL",
        /// Every member must complete MFA.
        RequiredForAll = "REQUIRED_FOR_ALL",
    }
}

crate::open_enum! {
    /// A primary authentication method, as named in `allowed_auth_methods` and `primary_required`.
    ///
    /// ```
    /// use stytch_models::AuthMethod;
    /// assert_eq!(AuthMethod::parse("magic_link"), AuthMethod::MagicLink);
    /// ```
    pub enum AuthMethod {
        /// Single sign-on (SAML or OIDC).
        Sso = "sso",
        /// Email magic link.
        MagicLink = "magic_link",
        /// Email one-time passcode.
        EmailOtp = "email_otp",
        /// Password.
        Password = "password",
        /// Google OAuth.
        GoogleOauth = "google_oauth",
        /// Microsoft OAuth.
        MicrosoftOauth = "microsoft_oauth",
        /// Slack OAuth.
        SlackOauth = "slack_oauth",
        /// GitHub OAuth.
        GithubOauth = "github_oauth",
        /// HubSpot OAuth.
        HubspotOauth = "hubspot_oauth",
    }
}

crate::open_enum! {
    /// A secondary (MFA) method.
    ///
    /// ```
    /// use stytch_models::MfaMethod;
    /// assert_eq!(MfaMethod::parse("totp"), MfaMethod::Totp);
    /// ```
    pub enum MfaMethod {
        /// One-time passcode by SMS.
        SmsOtp = "sms_otp",
        /// Authenticator app (RFC 6238).
        Totp = "totp",
    }
}

/// An active SSO connection summary.
///
/// ```
/// use stytch_models::{ActiveSsoConnection, json};
///
/// let value: ActiveSsoConnection = json::from_str(r#"{"connection_id":"saml-connection-test-1","display_name":"Okta","identity_provider":"okta"}"#).unwrap();
/// assert_eq!(value.display_name, "Okta");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ActiveSsoConnection {
    /// Connection ID.
    pub connection_id: String,
    /// Name shown to members.
    pub display_name: String,
    /// Identity provider, e.g. `okta`.
    pub identity_provider: String,
}

/// An email domain that grants a role implicitly.
///
/// ```
/// use stytch_models::{EmailImplicitRoleAssignment, json};
///
/// let value: EmailImplicitRoleAssignment = json::from_str(r#"{"domain":"acme.example","role_id":"editor"}"#).unwrap();
/// // Every member with an acme.example address is an editor.
/// assert_eq!((value.domain.as_str(), value.role_id.as_str()), ("acme.example", "editor"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailImplicitRoleAssignment {
    /// Email domain.
    pub domain: String,
    /// Role granted.
    pub role_id: String,
}

/// A Stytch B2B organization (tenant).
///
/// ```
/// let org: stytch_models::Organization = serde_json::from_str(
///     r#"{"organization_id":"organization-test-1","organization_name":"Acme","organization_slug":"acme"}"#,
/// ).unwrap();
/// assert_eq!(org.organization_slug, "acme");
/// assert_eq!(org.mfa_policy, stytch_models::MfaPolicy::Optional);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct Organization {
    /// `organization-test-…` ID.
    pub organization_id: String,
    /// Display name.
    pub organization_name: String,
    /// Logo URL, `""` when unset.
    pub organization_logo_url: String,
    /// Unique slug.
    pub organization_slug: String,
    /// External ID, if the application set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_external_id: Option<String>,
    /// SSO JIT provisioning policy.
    pub sso_jit_provisioning: Restriction,
    /// Connections allowed for SSO JIT when restricted.
    pub sso_jit_provisioning_allowed_connections: Vec<String>,
    /// Active SSO connections.
    pub sso_active_connections: Vec<ActiveSsoConnection>,
    /// Default SSO connection.
    pub sso_default_connection_id: Option<String>,
    /// Active SCIM connection, if any.
    pub scim_active_connection: Option<Value>,
    /// Domains for email JIT provisioning and invites.
    pub email_allowed_domains: Vec<String>,
    /// Email JIT provisioning policy (`RESTRICTED` or `NOT_ALLOWED`).
    pub email_jit_provisioning: Restriction,
    /// Invite policy.
    pub email_invites: Restriction,
    /// OAuth tenant JIT policy.
    pub oauth_tenant_jit_provisioning: Restriction,
    /// Allowed OAuth tenants by provider (`slack`, `hubspot`, `github`).
    pub allowed_oauth_tenants: Map<String, Value>,
    /// Primary auth method policy.
    pub auth_methods: Restriction,
    /// Allowed primary methods when `auth_methods` is `RESTRICTED`.
    pub allowed_auth_methods: Vec<AuthMethod>,
    /// MFA method policy.
    pub mfa_methods: Restriction,
    /// Allowed MFA methods when `mfa_methods` is `RESTRICTED`.
    pub allowed_mfa_methods: Vec<MfaMethod>,
    /// MFA policy.
    pub mfa_policy: MfaPolicy,
    /// Roles granted by email domain.
    pub rbac_email_implicit_role_assignments: Vec<EmailImplicitRoleAssignment>,
    /// Email domains claimed by this organization.
    pub claimed_email_domains: Vec<String>,
    /// Organization-specific roles.
    pub custom_roles: Vec<PolicyRole>,
    /// Application metadata, only writable by the backend.
    pub trusted_metadata: Map<String, Value>,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Last update time (RFC 3339).
    pub updated_at: String,
}

impl Organization {
    /// Whether `method` may be used as a primary factor by non-breakglass members.
    ///
    /// ```
    /// use stytch_models::{AuthMethod, Organization, Restriction};
    /// let mut org = Organization::default();
    /// assert!(org.allows_auth_method(&AuthMethod::Password));
    /// org.auth_methods = Restriction::Restricted;
    /// org.allowed_auth_methods = vec![AuthMethod::MagicLink];
    /// assert!(!org.allows_auth_method(&AuthMethod::Password));
    /// ```
    pub fn allows_auth_method(&self, method: &AuthMethod) -> bool {
        self.auth_methods != Restriction::Restricted || self.allowed_auth_methods.contains(method)
    }

    /// Whether `method` may be used for MFA by non-breakglass members.
    ///
    /// ```
    /// use stytch_models::{MfaMethod, Organization};
    /// assert!(Organization::default().allows_mfa_method(&MfaMethod::Totp));
    /// ```
    pub fn allows_mfa_method(&self, method: &MfaMethod) -> bool {
        self.mfa_methods != Restriction::Restricted || self.allowed_mfa_methods.contains(method)
    }
}
