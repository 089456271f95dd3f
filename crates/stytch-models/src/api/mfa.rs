//! MFA bodies: SMS one-time passcodes, TOTP and recovery codes.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

use super::sessions::AuthenticateResponse;
use crate::{Member, MemberSession, Organization};

/// `POST otps/sms/send`.
///
/// ```
/// use stytch_models::{api::mfa::SmsSendRequest, json::ToJson};
/// // Enroll a phone number and text it the first code.
/// let request = SmsSendRequest {
///     organization_id: "organization-test-1".into(),
///     member_id: "member-test-1".into(),
///     mfa_phone_number: Some("+15005550006".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["mfa_phone_number"], "+15005550006");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SmsSendRequest {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// E.164 phone to enroll, when the member has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_phone_number: Option<String>,
    /// Locale of the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// IST (the SDK fills it from its cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
}

/// Answer of `otps/sms/send` and `totp` enrollment steps that only touch the member.
///
/// ```
/// use stytch_models::{api::mfa::MemberOnlyResponse, json};
///
/// let response: MemberOnlyResponse = json::from_str(r#"{"member_id":"member-test-1","member":{"member_id":"member-test-1","mfa_phone_number":"+15005550006"},"organization":{"organization_id":"organization-test-1"}}"#).unwrap();
/// assert_eq!(response.member.mfa_phone_number, "+15005550006");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberOnlyResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// The member.
    pub member: Member,
    /// The organization.
    pub organization: Organization,
}

/// `POST otps/sms/authenticate`.
///
/// ```
/// use stytch_models::{api::mfa::SmsAuthenticateRequest, json::ToJson};
///
/// let request = SmsAuthenticateRequest {
///     organization_id: "organization-test-1".into(),
///     member_id: "member-test-1".into(),
///     code: "123456".into(),
///     intermediate_session_token: Some("ist".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["code"], "123456");
/// assert!(!format!("{request:?}").contains("123456"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SmsAuthenticateRequest {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// The code from the text.
    #[redact]
    pub code: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// `enroll` or `unenroll` (under an `OPTIONAL` policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_mfa_enrollment: Option<String>,
    /// IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
}

/// `POST totp` (create a registration).
///
/// ```
/// use stytch_models::{api::mfa::TotpCreateRequest, json::ToJson};
///
/// let request = TotpCreateRequest {
///     organization_id: "organization-test-1".into(),
///     member_id: "member-test-1".into(),
///     expiration_minutes: Some(30),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["expiration_minutes"], 30);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct TotpCreateRequest {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// Minutes to complete the enrollment (5..=1440, default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_minutes: Option<u32>,
    /// IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
}

/// Answer of `POST totp`.
///
/// ```
/// use stytch_models::{api::mfa::TotpCreateResponse, json};
///
/// let response: TotpCreateResponse = json::from_str(r#"{"totp_registration_id":"member-totp-test-1","secret":"JBSWY3DPEHPK3PXP","qr_code":"data:image/png;base64,…","recovery_codes":["ab12-cd34-ef56"]}"#).unwrap();
/// assert_eq!(response.recovery_codes.len(), 1);
/// assert!(response.qr_code.starts_with("data:image/png"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct TotpCreateResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// Registration ID.
    pub totp_registration_id: String,
    /// Base32 secret for manual entry.
    #[redact]
    pub secret: String,
    /// QR code of the `otpauth://` URI, as a data URL.
    #[redact]
    pub qr_code: String,
    /// Ten single-use recovery codes.
    #[redact]
    pub recovery_codes: Vec<String>,
    /// The member.
    pub member: Member,
    /// The organization.
    pub organization: Organization,
}

/// `POST totp/authenticate`.
///
/// ```
/// use stytch_models::{api::mfa::TotpAuthenticateRequest, json::ToJson};
///
/// let request = TotpAuthenticateRequest {
///     organization_id: "organization-test-1".into(),
///     member_id: "member-test-1".into(),
///     code: "123456".into(),
///     set_default_mfa: Some(true),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["set_default_mfa"], true);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct TotpAuthenticateRequest {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// Six-digit code.
    #[redact]
    pub code: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// `enroll` or `unenroll`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_mfa_enrollment: Option<String>,
    /// Make TOTP the default MFA method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_default_mfa: Option<bool>,
    /// IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
}

/// `POST recovery_codes/recover`.
///
/// ```
/// use stytch_models::{api::mfa::RecoverRequest, json::ToJson};
///
/// let request = RecoverRequest {
///     organization_id: "organization-test-1".into(),
///     member_id: "member-test-1".into(),
///     recovery_code: "ab12-cd34-ef56".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["recovery_code"], "ab12-cd34-ef56");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RecoverRequest {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// One of the member's recovery codes.
    #[redact]
    pub recovery_code: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// IST.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
}

/// Answer of `recovery_codes/recover`: a session, and how many codes are left.
///
/// ```
/// use stytch_models::{api::mfa::RecoverResponse, json};
///
/// let response: RecoverResponse = json::from_str(r#"{"member_id":"member-test-1","recovery_codes_remaining":9,"member_session":{"member_session_id":"member-session-test-1"}}"#).unwrap();
/// assert_eq!(response.recovery_codes_remaining, 9);
/// assert_eq!(response.member_session.member_session_id, "member-session-test-1");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RecoverResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// The session.
    pub member_session: MemberSession,
    /// Session token.
    #[redact]
    pub session_token: String,
    /// Session JWT.
    #[redact]
    pub session_jwt: String,
    /// The member.
    pub member: Member,
    /// The organization.
    pub organization: Organization,
    /// Unused codes left.
    pub recovery_codes_remaining: u32,
}

impl From<RecoverResponse> for AuthenticateResponse {
    fn from(r: RecoverResponse) -> Self {
        AuthenticateResponse {
            request_id: r.request_id,
            status_code: r.status_code,
            member_id: r.member_id,
            member_session: r.member_session,
            session_token: r.session_token,
            session_jwt: r.session_jwt,
            member: r.member,
            organization: r.organization,
            verdict: None,
        }
    }
}

/// `GET recovery_codes` and `POST recovery_codes/rotate`.
///
/// ```
/// use stytch_models::{api::mfa::RecoveryCodesResponse, json};
///
/// let response: RecoveryCodesResponse = json::from_str(r#"{"member_id":"member-test-1","recovery_codes":["ab12-cd34-ef56","gh78-ij90-kl12"]}"#).unwrap();
/// assert_eq!(response.recovery_codes.len(), 2);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RecoveryCodesResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Member ID.
    pub member_id: String,
    /// Unused codes.
    #[redact]
    pub recovery_codes: Vec<String>,
}
