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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MfaMemberOptions {
    /// Masked or full E.164 phone, `""` when none.
    pub mfa_phone_number: String,
    /// TOTP registration ID, `""` when none.
    pub totp_registration_id: String,
}

/// MFA is still needed before a member session can be granted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MfaRequired {
    /// Enrolled methods, or null when nothing is enrolled yet.
    pub member_options: Option<MfaMemberOptions>,
    /// `"sms_otp"` when the server already sent an SMS code.
    pub secondary_auth_initiated: Option<String>,
}

/// Another primary factor (step-up) is needed before a member session can be granted.
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
