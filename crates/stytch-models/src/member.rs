//! The Member entity.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

crate::open_enum! {
    /// A member's lifecycle status.
    ///
    /// ```
    /// use stytch_models::MemberStatus;
    /// assert_eq!(MemberStatus::parse("invited"), MemberStatus::Invited);
    /// ```
    #[derive(Default)]
    pub enum MemberStatus {
        /// Signed in at least once.
        #[default]
        Active = "active",
        /// Created by a sign-up email, not yet authenticated.
        Pending = "pending",
        /// Invited, not yet accepted.
        Invited = "invited",
        /// Deleted (can be reactivated).
        Deleted = "deleted",
    }
}

/// Where a member's role comes from.
///
/// ```
/// use stytch_models::{RoleSource, json};
///
/// let value: RoleSource = json::from_str(r#"{"type":"email_assignment","details":{"email_domain":"acme.example"}}"#).unwrap();
/// assert_eq!(value.source_type, "email_assignment");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RoleSource {
    /// `direct_assignment`, `email_assignment`, `sso_connection`, `sso_connection_group` or
    /// `scim_connection_group`.
    #[serde(rename = "type")]
    pub source_type: String,
    /// Source details, e.g. `{"email_domain": "acme.com"}`.
    pub details: Map<String, Value>,
}

/// A role held by a member, with its sources.
///
/// ```
/// use stytch_models::{MemberRole, json};
///
/// let value: MemberRole = json::from_str(r#"{"role_id":"editor","sources":[{"type":"direct_assignment"},{"type":"sso_connection_group","details":{"group":"eng"}}]}"#).unwrap();
/// // Granted twice: removing the direct assignment keeps the role.
/// assert_eq!(value.sources.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberRole {
    /// Role ID, e.g. `stytch_admin`.
    pub role_id: String,
    /// Why the member holds it.
    pub sources: Vec<RoleSource>,
}

/// An OAuth identity linked to a member.
///
/// ```
/// use stytch_models::{OAuthRegistration, json};
///
/// let value: OAuthRegistration = json::from_str(r#"{"provider_type":"Google","provider_subject":"10769150350006150715113082367","member_oauth_registration_id":"member-oauth-registration-test-1"}"#).unwrap();
/// assert_eq!(value.provider_type, "Google");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthRegistration {
    /// Provider, e.g. `Google`.
    pub provider_type: String,
    /// Subject at the provider.
    pub provider_subject: String,
    /// Registration ID.
    pub member_oauth_registration_id: String,
    /// Avatar URL.
    pub profile_picture_url: Option<String>,
    /// Locale reported by the provider.
    pub locale: Option<String>,
    /// Provider tenants (workspaces, orgs) the identity belongs to.
    pub provider_tenants: Vec<Value>,
}

/// An email address the member used before.
///
/// ```
/// use stytch_models::{RetiredEmail, json};
///
/// let value: RetiredEmail = json::from_str(r#"{"email_id":"email-test-1","email_address":"ada@old.example"}"#).unwrap();
/// // An address the member moved away from; nobody else may take it until it is unlinked.
/// assert_eq!(value.email_address, "ada@old.example");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RetiredEmail {
    /// Email ID.
    pub email_id: String,
    /// The retired address.
    pub email_address: String,
}

/// A member of an organization.
///
/// ```
/// let m: stytch_models::Member = serde_json::from_str(
///     r#"{"member_id":"member-test-1","email_address":"ada@example.com","status":"active"}"#,
/// ).unwrap();
/// assert!(!m.is_enrolled_in_totp());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct Member {
    /// Organization the member belongs to.
    pub organization_id: String,
    /// `member-test-…` ID.
    pub member_id: String,
    /// Email address, unique within the organization.
    pub email_address: String,
    /// Whether the email has been verified by an email-verifying factor.
    pub email_address_verified: bool,
    /// Previous email addresses.
    pub retired_email_addresses: Vec<RetiredEmail>,
    /// Lifecycle status.
    pub status: MemberStatus,
    /// Display name, `""` when unset.
    pub name: String,
    /// Application metadata, only writable by the backend.
    pub trusted_metadata: Map<String, Value>,
    /// Metadata the member may write.
    pub untrusted_metadata: Map<String, Value>,
    /// SSO registrations.
    pub sso_registrations: Vec<Value>,
    /// Break-glass members bypass auth and MFA method restrictions.
    pub is_breakglass: bool,
    /// Whether the member holds `stytch_admin`.
    pub is_admin: bool,
    /// Password ID, `""` when none.
    pub member_password_id: String,
    /// OAuth identities.
    pub oauth_registrations: Vec<OAuthRegistration>,
    /// MFA required even under an `OPTIONAL` policy.
    pub mfa_enrolled: bool,
    /// E.164 phone for SMS MFA, `""` when none.
    pub mfa_phone_number: String,
    /// Whether the phone was verified (the SDK treats this as enrolled in SMS OTP).
    pub mfa_phone_number_verified: bool,
    /// `sms_otp`, `totp` or `""`.
    pub default_mfa_method: String,
    /// TOTP registration ID, `""` when none (non-empty means enrolled in TOTP).
    pub totp_registration_id: String,
    /// Roles held.
    pub roles: Vec<MemberRole>,
    /// External ID, if the application set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// How the organization's SCIM connection provisioned the member
    /// (`{connection_id, registration_id, external_id?, scim_attributes?}`), if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_registration: Option<Value>,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Last update time (RFC 3339).
    pub updated_at: String,
}

impl Member {
    /// Whether the member has an active TOTP registration.
    ///
    /// ```
    /// use stytch_models::{Member, json};
    /// let member: Member = json::from_str(r#"{"totp_registration_id":"member-totp-test-1"}"#).unwrap();
    /// assert!(member.is_enrolled_in_totp());
    /// ```
    pub fn is_enrolled_in_totp(&self) -> bool {
        !self.totp_registration_id.is_empty()
    }

    /// Whether the member has a verified MFA phone number.
    ///
    /// ```
    /// use stytch_models::{Member, json};
    /// // A number that was never verified does not count.
    /// let member: Member = json::from_str(r#"{"mfa_phone_number":"+15005550006","mfa_phone_number_verified":false}"#).unwrap();
    /// assert!(!member.is_enrolled_in_sms());
    /// ```
    pub fn is_enrolled_in_sms(&self) -> bool {
        self.mfa_phone_number_verified && !self.mfa_phone_number.is_empty()
    }
}
