//! MFA bodies: SMS one-time passcodes, TOTP and recovery codes.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

use super::sessions::AuthenticateResponse;
use crate::{Member, MemberSession, Organization};

/// `POST otps/sms/send`.
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
