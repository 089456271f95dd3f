//! Discovered organizations and the intermediate-session requirements.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{AuthMethod, Member, Organization};

crate::open_enum! {
    /// How the person relates to a discovered organization.
    ///
    /// ```
    /// use stytch_models::MembershipType;
    /// assert_eq!(MembershipType::parse("invited_member"), MembershipType::InvitedMember);
    /// ```
    #[derive(Default)]
    pub enum MembershipType {
        /// An active member.
        #[default]
        ActiveMember = "active_member",
        /// A pending member (signed up, never authenticated).
        PendingMember = "pending_member",
        /// An invited member.
        InvitedMember = "invited_member",
        /// May join because of the email domain.
        EligibleToJoinByEmailDomain = "eligible_to_join_by_email_domain",
        /// May join because of an OAuth tenant.
        EligibleToJoinByOauthTenant = "eligible_to_join_by_oauth_tenant",
    }
}

/// The person's membership in a discovered organization.
///
/// ```
/// use stytch_models::{Membership, json};
/// use stytch_models::MembershipType;
/// let value: Membership = json::from_str(r#"{"type":"eligible_to_join_by_email_domain","details":{"domain":"acme.example"}}"#).unwrap();
/// assert_eq!(value.membership_type, MembershipType::EligibleToJoinByEmailDomain);
/// assert!(value.member.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct Membership {
    /// Membership type.
    #[serde(rename = "type")]
    pub membership_type: MembershipType,
    /// `{"domain"}` or `{"provider","tenant"}` for the eligible types, else null.
    pub details: Option<Value>,
    /// The member for the member types, else null.
    pub member: Option<Member>,
}

/// What the member already has enrolled for MFA.
///
/// ```
/// use stytch_models::{MfaMemberOptions, json};
///
/// let value: MfaMemberOptions = json::from_str(r#"{"mfa_phone_number":"+1*******0006","totp_registration_id":""}"#).unwrap();
/// // The member has a phone (masked) and no authenticator app.
/// assert!(value.totp_registration_id.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MfaMemberOptions {
    /// Masked or full E.164 phone, `""` when none.
    pub mfa_phone_number: String,
    /// TOTP registration ID, `""` when none.
    pub totp_registration_id: String,
}

/// MFA is still needed before a member session can be granted.
///
/// ```
/// use stytch_models::{MfaRequired, json};
///
/// let value: MfaRequired = json::from_str(r#"{"member_options":{"mfa_phone_number":"+1*******0006"},"secondary_auth_initiated":"sms_otp"}"#).unwrap();
/// // A code was already texted: go straight to code entry.
/// assert_eq!(value.secondary_auth_initiated.as_deref(), Some("sms_otp"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MfaRequired {
    /// Enrolled methods, or null when nothing is enrolled yet.
    pub member_options: Option<MfaMemberOptions>,
    /// `"sms_otp"` when the server already sent an SMS code.
    pub secondary_auth_initiated: Option<String>,
}

/// Another primary factor (step-up) is needed before a member session can be granted.
///
/// ```
/// use stytch_models::{PrimaryRequired, json};
/// use stytch_models::AuthMethod;
/// let value: PrimaryRequired = json::from_str(r#"{"allowed_auth_methods":["sso","magic_link"]}"#).unwrap();
/// assert_eq!(value.allowed_auth_methods, [AuthMethod::Sso, AuthMethod::MagicLink]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PrimaryRequired {
    /// Methods that would satisfy the requirement; empty means the member cannot join.
    pub allowed_auth_methods: Vec<AuthMethod>,
}

/// One organization the authenticated person may enter.
///
/// ```
/// let d: stytch_models::DiscoveredOrganization = serde_json::from_str(
///     r#"{"member_authenticated":true,"organization":{"organization_name":"Acme"},
///         "membership":{"type":"active_member","details":null,"member":null},
///         "primary_required":null,"mfa_required":null}"#,
/// ).unwrap();
/// assert!(d.member_authenticated);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveredOrganization {
    /// True when the current factors already satisfy this organization.
    pub member_authenticated: bool,
    /// The organization.
    pub organization: Organization,
    /// The person's membership.
    pub membership: Membership,
    /// Primary step-up needed to enter, if any.
    pub primary_required: Option<PrimaryRequired>,
    /// MFA needed to enter, if any.
    pub mfa_required: Option<MfaRequired>,
}
