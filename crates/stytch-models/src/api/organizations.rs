//! Organization and member bodies of the SDK (`organizations/me`, `members/me`) and of the
//! backend API (`/v1/b2b/organizations…`).

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AuthMethod, EmailImplicitRoleAssignment, Member, MfaMethod, MfaPolicy, Organization, Restriction};

/// `{organization}` responses.
///
/// ```
/// use stytch_models::{api::organizations::OrganizationResponse, json};
///
/// let response: OrganizationResponse = json::from_str(r#"{"organization":{"organization_id":"organization-test-1","organization_name":"Acme","organization_slug":"acme"}}"#).unwrap();
/// assert_eq!(response.organization.organization_slug, "acme");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The organization.
    pub organization: Organization,
}

/// `{member_id, member, organization}` responses.
///
/// ```
/// use stytch_models::{api::organizations::MemberResponse, json};
///
/// let response: MemberResponse = json::from_str(r#"{"member_id":"member-test-1","member":{"member_id":"member-test-1","email_address":"ada@example.com","status":"invited"}}"#).unwrap();
/// assert_eq!(response.member.status.as_str(), "invited");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// The member.
    pub member: Member,
    /// The member's organization.
    pub organization: Organization,
}

/// Backend `POST /v1/b2b/organizations`.
///
/// ```
/// use stytch_models::{api::organizations::OrganizationCreateRequest, json::ToJson};
/// use stytch_models::Restriction;
/// // Anyone with an acme.example address may join by email.
/// let request = OrganizationCreateRequest {
///     organization_name: "Acme".into(),
///     organization_slug: Some("acme".into()),
///     email_allowed_domains: Some(vec!["acme.example".into()]),
///     email_jit_provisioning: Some(Restriction::Restricted),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_jit_provisioning"], "RESTRICTED");
/// assert_eq!(body["email_allowed_domains"][0], "acme.example");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationCreateRequest {
    /// Name (required).
    pub organization_name: String,
    /// Slug; derived from the name when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_slug: Option<String>,
    /// Logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_logo_url: Option<String>,
    /// Application metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// Email JIT policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_jit_provisioning: Option<Restriction>,
    /// OAuth-tenant JIT policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_tenant_jit_provisioning: Option<Restriction>,
    /// Tenants whose people may join: `{"slack": ["T…"], "hubspot": […], "github": […]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_tenants: Option<Map<String, Value>>,
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
    /// MFA method policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_methods: Option<Restriction>,
    /// Allowed MFA methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_mfa_methods: Option<Vec<MfaMethod>>,
    /// Who may join through an SSO connection (`ALL_ALLOWED` by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_jit_provisioning: Option<Restriction>,
    /// Connections people may join through when `sso_jit_provisioning` is `RESTRICTED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_jit_provisioning_allowed_connections: Option<Vec<String>>,
    /// Email domains claimed by the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_email_domains: Option<Vec<String>>,
    /// External ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_external_id: Option<String>,
    /// Roles every member whose email address is at a domain holds implicitly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rbac_email_implicit_role_assignments: Option<Vec<EmailImplicitRoleAssignment>>,
}

/// Backend `POST /v1/b2b/organizations/{organization_id}/members`.
///
/// ```
/// use stytch_models::{api::organizations::MemberCreateRequest, json::ToJson};
///
/// let request = MemberCreateRequest {
///     email_address: "grace@acme.example".into(),
///     name: Some("Grace Hopper".into()),
///     roles: Some(vec!["editor".into()]),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["roles"][0], "editor");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberCreateRequest {
    /// Email (required).
    pub email_address: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Application metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// Member-writable metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untrusted_metadata: Option<Map<String, Value>>,
    /// Create with status `pending` instead of `active`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_member_as_pending: Option<bool>,
    /// Break-glass member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_breakglass: Option<bool>,
    /// E.164 phone for SMS MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_phone_number: Option<String>,
    /// Require MFA for this member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_enrolled: Option<bool>,
    /// Roles to assign directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// External ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// Backend `PUT /v1/b2b/organizations/{organization_id}`: only the fields given change.
///
/// ```
/// use stytch_models::{api::organizations::OrganizationUpdateRequest, json::ToJson};
/// use stytch_models::Restriction;
/// // Only the fields set are sent; the others keep their values.
/// let request = OrganizationUpdateRequest {
///     organization_name: Some("Acme Europe".into()),
///     email_invites: Some(Restriction::NotAllowed),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_invites"], "NOT_ALLOWED");
/// assert!(body.get("organization_slug").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationUpdateRequest {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_slug: Option<String>,
    /// Logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_logo_url: Option<String>,
    /// Email JIT policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_jit_provisioning: Option<Restriction>,
    /// OAuth-tenant JIT policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_tenant_jit_provisioning: Option<Restriction>,
    /// Tenants whose people may join: `{"slack": ["T…"], "hubspot": […], "github": […]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_tenants: Option<Map<String, Value>>,
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
    /// MFA method policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_methods: Option<Restriction>,
    /// Allowed MFA methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_mfa_methods: Option<Vec<MfaMethod>>,
    /// Who may join through an SSO connection: `ALL_ALLOWED`, `RESTRICTED` to
    /// `sso_jit_provisioning_allowed_connections`, or `NOT_ALLOWED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_jit_provisioning: Option<Restriction>,
    /// Connections people may join through when `sso_jit_provisioning` is `RESTRICTED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_jit_provisioning_allowed_connections: Option<Vec<String>>,
    /// The connection offered first (one of the organization's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_default_connection_id: Option<String>,
    /// Replaces the roles members hold implicitly by their email domain: each member whose
    /// email address is at `domain` holds `role_id`, with an `email_assignment` source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rbac_email_implicit_role_assignments: Option<Vec<EmailImplicitRoleAssignment>>,
}

/// Backend `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}`.
///
/// ```
/// use stytch_models::{api::organizations::MemberUpdateRequest, json::ToJson};
///
/// let request = MemberUpdateRequest {
///     name: Some("Ada King".into()),
///     mfa_enrolled: Some(true),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["mfa_enrolled"], true);
/// assert!(body.get("roles").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberUpdateRequest {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Replaces the member's untrusted metadata (data the member may change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untrusted_metadata: Option<Map<String, Value>>,
    /// Require MFA for this member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_enrolled: Option<bool>,
    /// E.164 phone for SMS MFA (replacing it makes it unverified).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_phone_number: Option<String>,
    /// `sms_otp` or `totp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_mfa_method: Option<String>,
    /// Break-glass member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_breakglass: Option<bool>,
    /// Roles to assign directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// A new address, set at once and unverified; the old one is retired (kept from other
    /// members until unlinked). Needs `update.info.email` on `stytch.member`, even for
    /// oneself: members change their own address with `start_email_update`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// With `email_address`: delete the old address instead of retiring it, so another member
    /// may take it at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlink_email: Option<bool>,
    /// With `roles`: keep the member's sessions signed in through an SSO connection that still
    /// grants a removed role (by default they are revoked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preserve_existing_sessions: Option<bool>,
}

/// `start_email_update` (the SDK's `self.startEmailUpdate` and
/// `organization.members.startEmailUpdate`, the backend's Start Member Email Update): sends
/// the member a magic link or code at the new address; authenticating it moves the member to
/// that address and retires the old one.
///
/// ```
/// use stytch_models::api::organizations::StartEmailUpdateRequest;
/// let by_code = StartEmailUpdateRequest {
///     email_address: "ada@new.example".into(),
///     delivery_method: Some("EMAIL_OTP".into()),
///     ..Default::default()
/// };
/// assert_eq!(by_code.login_redirect_url, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct StartEmailUpdateRequest {
    /// The new address.
    pub email_address: String,
    /// Where the magic link lands (an allow-listed redirect URL; the project's default
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_redirect_url: Option<String>,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_template_id: Option<String>,
    /// Language of the email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// `EMAIL_MAGIC_LINK` (the default) or `EMAIL_OTP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_method: Option<String>,
}

/// `unlink_retired_email`: frees a retired address of a member for others to use, named by
/// its `email_id`, its address, or both (which must then name the same one).
///
/// ```
/// use stytch_models::api::organizations::UnlinkRetiredEmailRequest;
/// let old = UnlinkRetiredEmailRequest { email_address: Some("ada@old.example".into()), ..Default::default() };
/// assert!(old.email_id.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct UnlinkRetiredEmailRequest {
    /// The retired address's ID (`retired_email_addresses[].email_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_id: Option<String>,
    /// The retired address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
}

/// `POST organizations/search` (the SDK's `organization.getBySlug`).
///
/// ```
/// use stytch_models::{api::organizations::OrganizationSearchRequest, json::ToJson};
/// // Look an organization up by slug (the Organization flow's first request).
/// let request = OrganizationSearchRequest {
///     organization_slug: "acme".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["organization_slug"], "acme");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationSearchRequest {
    /// The slug.
    pub organization_slug: String,
}

/// The public part of an organization, found by slug before anyone signs in.
///
/// ```
/// use stytch_models::{api::organizations::OrganizationBySlugMatch, json};
///
/// let response: OrganizationBySlugMatch = json::from_str(r#"{"organization_id":"organization-test-1","organization_name":"Acme","organization_slug":"acme","sso_active_connections":[{"connection_id":"saml-connection-test-1","display_name":"Okta"}]}"#).unwrap();
/// assert_eq!(response.sso_active_connections[0].display_name, "Okta");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationBySlugMatch {
    /// Organization ID.
    pub organization_id: String,
    /// Name.
    pub organization_name: String,
    /// Slug.
    pub organization_slug: String,
    /// Logo.
    pub organization_logo_url: String,
    /// SSO connections.
    pub sso_active_connections: Vec<crate::ActiveSsoConnection>,
    /// Default SSO connection.
    pub sso_default_connection_id: Option<String>,
    /// Email JIT provisioning.
    pub email_jit_provisioning: Restriction,
    /// Domains for JIT and invites.
    pub email_allowed_domains: Vec<String>,
    /// OAuth tenant JIT provisioning.
    pub oauth_tenant_jit_provisioning: Restriction,
    /// OAuth tenants for JIT.
    pub allowed_oauth_tenants: Map<String, Value>,
    /// Whether primary methods are restricted.
    pub auth_methods: Restriction,
    /// The accepted primary methods when restricted.
    pub allowed_auth_methods: Vec<AuthMethod>,
    /// MFA policy.
    pub mfa_policy: MfaPolicy,
}

impl From<&Organization> for OrganizationBySlugMatch {
    fn from(o: &Organization) -> Self {
        Self {
            organization_id: o.organization_id.clone(),
            organization_name: o.organization_name.clone(),
            organization_slug: o.organization_slug.clone(),
            organization_logo_url: o.organization_logo_url.clone(),
            sso_active_connections: o.sso_active_connections.clone(),
            sso_default_connection_id: o.sso_default_connection_id.clone(),
            email_jit_provisioning: o.email_jit_provisioning.clone(),
            email_allowed_domains: o.email_allowed_domains.clone(),
            oauth_tenant_jit_provisioning: o.oauth_tenant_jit_provisioning.clone(),
            allowed_oauth_tenants: o.allowed_oauth_tenants.clone(),
            auth_methods: o.auth_methods.clone(),
            allowed_auth_methods: o.allowed_auth_methods.clone(),
            mfa_policy: o.mfa_policy.clone(),
        }
    }
}

/// Answer of `organizations/search`: `null` when no organization has the slug.
///
/// ```
/// use stytch_models::{api::organizations::OrganizationSearchResponse, json};
/// // No organization has the slug.
/// let response: OrganizationSearchResponse = json::from_str(r#"{"organization":null}"#).unwrap();
/// assert!(response.organization.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationSearchResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The match.
    pub organization: Option<OrganizationBySlugMatch>,
}

/// The `query` of an organization or member search: filters combined with `AND` or `OR`.
/// An empty query matches everything (members: every member not deleted).
///
/// ```
/// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
/// let query = SearchQuery::all_of(vec![
///     SearchOperand::member_email_fuzzy("ada"),
///     SearchOperand::member_roles(&["stytch_admin"]),
/// ]);
/// assert_eq!(query.operator, "AND");
/// assert_eq!(query.operands[1].filter_name, "member_roles");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SearchQuery {
    /// `AND` or `OR`.
    pub operator: String,
    /// The filters.
    pub operands: Vec<SearchOperand>,
}

impl SearchQuery {
    /// Matches what every operand matches.
    ///
    /// ```
    /// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
    /// // Admins without a password.
    /// let query = SearchQuery::all_of(vec![
    ///     SearchOperand::member_roles(&["stytch_admin"]),
    ///     SearchOperand::member_password_exists(false),
    /// ]);
    /// assert_eq!((query.operator.as_str(), query.operands.len()), ("AND", 2));
    /// ```
    pub fn all_of(operands: Vec<SearchOperand>) -> Self {
        Self {
            operator: "AND".into(),
            operands,
        }
    }

    /// Matches what any operand matches.
    ///
    /// ```
    /// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
    /// // A search box that matches an address or a phone number.
    /// let text = "555";
    /// let query = SearchQuery::any_of(vec![SearchOperand::member_email_fuzzy(text), SearchOperand::member_mfa_phone_number_fuzzy(text)]);
    /// assert_eq!(query.operator, "OR");
    /// ```
    pub fn any_of(operands: Vec<SearchOperand>) -> Self {
        Self {
            operator: "OR".into(),
            operands,
        }
    }
}

/// One filter of a search query: its name and value (a list of strings, a string or a
/// boolean, by filter). The constructors name the member search's filters, the organization
/// search's (`member_emails` and `member_email_fuzzy` serve both) and the M2M client search's;
/// any other filter can be built as a struct.
///
/// ```
/// use stytch_models::{MemberStatus, api::organizations::SearchOperand};
/// let operand = SearchOperand::statuses(&[MemberStatus::Invited]);
/// assert_eq!(operand.filter_value, serde_json::json!(["invited"]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SearchOperand {
    /// The filter, e.g. `member_emails`.
    pub filter_name: String,
    /// Its value.
    pub filter_value: Value,
}

fn strings<S: AsRef<str>>(values: &[S]) -> Value {
    Value::Array(values.iter().map(|v| Value::String(v.as_ref().to_owned())).collect())
}

impl SearchOperand {
    fn new(filter_name: &str, filter_value: Value) -> Self {
        Self {
            filter_name: filter_name.to_owned(),
            filter_value,
        }
    }

    /// Members with one of these IDs.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_ids(&["member-test-1", "member-test-2"]);
    /// assert_eq!(operand.filter_name, "member_ids");
    /// assert_eq!(operand.filter_value, serde_json::json!(["member-test-1", "member-test-2"]));
    /// ```
    pub fn member_ids<S: AsRef<str>>(ids: &[S]) -> Self {
        Self::new("member_ids", strings(ids))
    }

    /// Members with one of these email addresses (any case).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_emails(&["ada@example.com"]);
    /// assert_eq!(operand.filter_name, "member_emails");
    /// assert_eq!(operand.filter_value, serde_json::json!(["ada@example.com"]));
    /// ```
    pub fn member_emails<S: AsRef<str>>(emails: &[S]) -> Self {
        Self::new("member_emails", strings(emails))
    }

    /// Members whose email address contains this text (any case).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_email_fuzzy("@acme.");
    /// assert_eq!(operand.filter_name, "member_email_fuzzy");
    /// assert_eq!(operand.filter_value, serde_json::json!("@acme."));
    /// ```
    pub fn member_email_fuzzy(text: &str) -> Self {
        Self::new("member_email_fuzzy", Value::String(text.to_owned()))
    }

    /// Break-glass members (`true`) or the others.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_is_breakglass(true);
    /// assert_eq!(operand.filter_name, "member_is_breakglass");
    /// assert_eq!(operand.filter_value, serde_json::json!(true));
    /// ```
    pub fn member_is_breakglass(is_breakglass: bool) -> Self {
        Self::new("member_is_breakglass", Value::Bool(is_breakglass))
    }

    /// Members in one of these statuses. Deleted members are found only through this filter.
    ///
    /// ```
    /// use stytch_models::{MemberStatus, api::organizations::{SearchOperand, SearchQuery}};
    /// // Invitations not yet accepted.
    /// let query = SearchQuery::all_of(vec![SearchOperand::statuses(&[MemberStatus::Invited])]);
    /// assert_eq!(query.operands[0].filter_value, serde_json::json!(["invited"]));
    /// ```
    pub fn statuses(statuses: &[crate::MemberStatus]) -> Self {
        Self::new(
            "statuses",
            Value::Array(statuses.iter().map(|s| Value::String(s.as_str().to_owned())).collect()),
        )
    }

    /// Members with one of these MFA phone numbers (E.164).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_mfa_phone_numbers(&["+15005550006"]);
    /// assert_eq!(operand.filter_name, "member_mfa_phone_numbers");
    /// assert_eq!(operand.filter_value, serde_json::json!(["+15005550006"]));
    /// ```
    pub fn member_mfa_phone_numbers<S: AsRef<str>>(numbers: &[S]) -> Self {
        Self::new("member_mfa_phone_numbers", strings(numbers))
    }

    /// Members whose MFA phone number contains these digits.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_mfa_phone_number_fuzzy("555");
    /// assert_eq!(operand.filter_name, "member_mfa_phone_number_fuzzy");
    /// assert_eq!(operand.filter_value, serde_json::json!("555"));
    /// ```
    pub fn member_mfa_phone_number_fuzzy(digits: &str) -> Self {
        Self::new("member_mfa_phone_number_fuzzy", Value::String(digits.to_owned()))
    }

    /// Members with a password (`true`) or without.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_password_exists(false);
    /// assert_eq!(operand.filter_name, "member_password_exists");
    /// assert_eq!(operand.filter_value, serde_json::json!(false));
    /// ```
    pub fn member_password_exists(exists: bool) -> Self {
        Self::new("member_password_exists", Value::Bool(exists))
    }

    /// Members holding any of these roles.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::member_roles(&["stytch_admin"]);
    /// assert_eq!(operand.filter_name, "member_roles");
    /// assert_eq!(operand.filter_value, serde_json::json!(["stytch_admin"]));
    /// ```
    pub fn member_roles<S: AsRef<str>>(role_ids: &[S]) -> Self {
        Self::new("member_roles", strings(role_ids))
    }

    /// Organizations with one of these IDs (the backend's organization search).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::organization_ids(&["organization-test-1"]);
    /// assert_eq!(operand.filter_name, "organization_ids");
    /// assert_eq!(operand.filter_value, serde_json::json!(["organization-test-1"]));
    /// ```
    pub fn organization_ids<S: AsRef<str>>(ids: &[S]) -> Self {
        Self::new("organization_ids", strings(ids))
    }

    /// Organizations with one of these slugs.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::organization_slugs(&["acme"]);
    /// assert_eq!(operand.filter_name, "organization_slugs");
    /// assert_eq!(operand.filter_value, serde_json::json!(["acme"]));
    /// ```
    pub fn organization_slugs<S: AsRef<str>>(slugs: &[S]) -> Self {
        Self::new("organization_slugs", strings(slugs))
    }

    /// Organizations whose name contains this text (any case; at least three characters).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::organization_name_fuzzy("acm");
    /// assert_eq!(operand.filter_name, "organization_name_fuzzy");
    /// assert_eq!(operand.filter_value, serde_json::json!("acm"));
    /// ```
    pub fn organization_name_fuzzy(text: &str) -> Self {
        Self::new("organization_name_fuzzy", Value::String(text.to_owned()))
    }

    /// Organizations whose slug contains this text (any case; at least three characters).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::organization_slug_fuzzy("acme-");
    /// assert_eq!(operand.filter_name, "organization_slug_fuzzy");
    /// assert_eq!(operand.filter_value, serde_json::json!("acme-"));
    /// ```
    pub fn organization_slug_fuzzy(text: &str) -> Self {
        Self::new("organization_slug_fuzzy", Value::String(text.to_owned()))
    }

    /// Organizations that allow one of these email domains (`email_allowed_domains`).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::allowed_domains(&["acme.example"]);
    /// assert_eq!(operand.filter_name, "allowed_domains");
    /// assert_eq!(operand.filter_value, serde_json::json!(["acme.example"]));
    /// ```
    pub fn allowed_domains<S: AsRef<str>>(domains: &[S]) -> Self {
        Self::new("allowed_domains", strings(domains))
    }

    /// Organizations with an allowed email domain containing this text (at least three
    /// characters).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::allowed_domain_fuzzy(".example");
    /// assert_eq!(operand.filter_name, "allowed_domain_fuzzy");
    /// assert_eq!(operand.filter_value, serde_json::json!(".example"));
    /// ```
    pub fn allowed_domain_fuzzy(text: &str) -> Self {
        Self::new("allowed_domain_fuzzy", Value::String(text.to_owned()))
    }

    /// Organizations that claim one of these email domains.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::claimed_email_domains(&["acme.example"]);
    /// assert_eq!(operand.filter_name, "claimed_email_domains");
    /// assert_eq!(operand.filter_value, serde_json::json!(["acme.example"]));
    /// ```
    pub fn claimed_email_domains<S: AsRef<str>>(domains: &[S]) -> Self {
        Self::new("claimed_email_domains", strings(domains))
    }

    /// Organizations with an active SSO connection (`true`) or without one.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// // Who still signs in without SSO?
    /// let operand = SearchOperand::has_active_sso_connection(false);
    /// assert_eq!(operand.filter_name, "has_active_sso_connection");
    /// assert_eq!(operand.filter_value, serde_json::json!(false));
    /// ```
    pub fn has_active_sso_connection(active: bool) -> Self {
        Self::new("has_active_sso_connection", Value::Bool(active))
    }

    /// The organization holding this SAML, OIDC or external SSO connection.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::sso_connection_id("saml-connection-test-1");
    /// assert_eq!(operand.filter_name, "sso_connection_id");
    /// assert_eq!(operand.filter_value, serde_json::json!("saml-connection-test-1"));
    /// ```
    pub fn sso_connection_id(connection_id: &str) -> Self {
        Self::new("sso_connection_id", Value::String(connection_id.to_owned()))
    }

    /// M2M clients with one of these IDs (the backend's M2M client search).
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::m2m_client_ids(&["m2m-client-test-1"]);
    /// assert_eq!(operand.filter_name, "client_id");
    /// assert_eq!(operand.filter_value, serde_json::json!(["m2m-client-test-1"]));
    /// ```
    pub fn m2m_client_ids<S: AsRef<str>>(client_ids: &[S]) -> Self {
        Self::new("client_id", strings(client_ids))
    }

    /// M2M clients with one of these names, exactly.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::m2m_client_names(&["billing-sync"]);
    /// assert_eq!(operand.filter_name, "client_name");
    /// assert_eq!(operand.filter_value, serde_json::json!(["billing-sync"]));
    /// ```
    pub fn m2m_client_names<S: AsRef<str>>(names: &[S]) -> Self {
        Self::new("client_name", strings(names))
    }

    /// M2M clients holding any of these scopes.
    ///
    /// ```
    /// use stytch_models::api::organizations::SearchOperand;
    /// let operand = SearchOperand::m2m_scopes(&["read:users"]);
    /// assert_eq!(operand.filter_name, "scopes");
    /// assert_eq!(operand.filter_value, serde_json::json!(["read:users"]));
    /// ```
    pub fn m2m_scopes<S: AsRef<str>>(scopes: &[S]) -> Self {
        Self::new("scopes", strings(scopes))
    }
}

/// A member search: SDK `POST organizations/me/members/search` (the signed-in member's
/// organization) and backend `POST /v1/b2b/organizations/members/search`.
///
/// ```
/// use stytch_models::api::organizations::{MemberSearchRequest, SearchOperand, SearchQuery};
/// let request = MemberSearchRequest {
///     query: Some(SearchQuery::all_of(vec![SearchOperand::member_password_exists(false)])),
///     limit: Some(50),
///     ..Default::default()
/// };
/// assert!(request.organization_ids.is_none(), "the SDK searches the session's organization");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberSearchRequest {
    /// Backend only, required there: the organizations to search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_ids: Option<Vec<String>>,
    /// The filters; none matches every member not deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<SearchQuery>,
    /// Page size, 1 to 1000; 100 when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// How many results a search found, and where the next page starts.
///
/// ```
/// use stytch_models::{api::organizations::ResultsMetadata, json};
///
/// let response: ResultsMetadata = json::from_str(r#"{"total":250,"next_cursor":"cursor-2"}"#).unwrap();
/// // More pages follow while there is a cursor.
/// assert_eq!((response.total, response.next_cursor.as_deref()), (250, Some("cursor-2")));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResultsMetadata {
    /// Results across every page.
    pub total: u64,
    /// Pass as `cursor` for the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// Answer of a member search.
///
/// ```
/// use stytch_models::{api::organizations::MemberSearchResponse, json};
///
/// let response: MemberSearchResponse = json::from_str(r#"{"members":[{"member_id":"member-test-1","organization_id":"organization-test-1"}],"results_metadata":{"total":1},"organizations":{"organization-test-1":{"organization_name":"Acme"}}}"#).unwrap();
/// let member = &response.members[0];
/// assert_eq!(response.organizations[&member.organization_id].organization_name, "Acme");
/// assert_eq!(response.results_metadata.next_cursor, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberSearchResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// This page of members.
    pub members: Vec<Member>,
    /// Totals and the next page.
    pub results_metadata: ResultsMetadata,
    /// The members' organizations, by ID.
    pub organizations: std::collections::BTreeMap<String, Organization>,
}
