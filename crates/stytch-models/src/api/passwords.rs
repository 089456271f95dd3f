//! `passwords/*` bodies: authenticate, strength check, and the resets.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// `POST passwords/authenticate` (organization-scoped).
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PasswordAuthenticateRequest {
    /// Organization.
    pub organization_id: String,
    /// Email.
    pub email_address: String,
    /// Password.
    #[redact]
    pub password: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// IST to add the factor to (step-up).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST passwords/discovery/authenticate` (cross-organization passwords).
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PasswordDiscoveryAuthenticateRequest {
    /// Email.
    pub email_address: String,
    /// Password.
    #[redact]
    pub password: String,
}

/// `POST passwords/strength_check`.
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct StrengthCheckRequest {
    /// The password to rate.
    #[redact]
    pub password: String,
    /// The member's email (a password containing it is weaker).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
}

/// zxcvbn's advice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ZxcvbnFeedback {
    /// Why the password is weak (may be empty).
    pub warning: String,
    /// How to make it stronger.
    pub suggestions: Vec<String>,
}

/// What a LUDS (lowercase, uppercase, digits, symbols) policy found.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct LudsFeedback {
    /// Has a lowercase letter.
    pub has_lower_case: bool,
    /// Has an uppercase letter.
    pub has_upper_case: bool,
    /// Has a digit.
    pub has_digit: bool,
    /// Has a symbol.
    pub has_symbol: bool,
    /// How many more character classes are needed.
    pub missing_complexity: u32,
    /// How many more characters are needed.
    pub missing_characters: u32,
}

/// Answer of `passwords/strength_check`.
///
/// ```
/// let r: stytch_models::api::passwords::StrengthCheckResponse = serde_json::from_str(
///     r#"{"valid_password":false,"score":1,"strength_policy":"zxcvbn","zxcvbn_feedback":{"warning":"This is a very common password.","suggestions":[]}}"#,
/// ).unwrap();
/// assert_eq!(r.score, 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct StrengthCheckResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Whether the password meets the project's policy.
    pub valid_password: bool,
    /// zxcvbn score, 0 to 4.
    pub score: u8,
    /// Found in a list of breached passwords.
    pub breached_password: bool,
    /// Whether breached passwords are refused when set.
    pub breach_detection_on_create: bool,
    /// `zxcvbn` or `luds`.
    pub strength_policy: String,
    /// zxcvbn's advice.
    pub zxcvbn_feedback: ZxcvbnFeedback,
    /// The LUDS result.
    pub luds_feedback: LudsFeedback,
}

/// `POST passwords/email/reset/start`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResetByEmailStartRequest {
    /// Organization.
    pub organization_id: String,
    /// Email.
    pub email_address: String,
    /// Where the reset link lands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_redirect_url: Option<String>,
    /// Where a login link lands (when the member has no password yet and verifies instead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_redirect_url: Option<String>,
    /// Link lifetime in minutes (default 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_expiration_minutes: Option<u32>,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_template_id: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// PKCE challenge (the official SDK names it `code_challenge` here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
}

/// `POST passwords/email/reset`.
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResetByEmailRequest {
    /// Token from the reset link.
    #[redact]
    pub password_reset_token: String,
    /// The new password.
    #[redact]
    pub password: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub code_verifier: Option<String>,
    /// IST to add the factor to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST passwords/existing_password/reset`.
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResetByExistingPasswordRequest {
    /// Organization.
    pub organization_id: String,
    /// Email.
    pub email_address: String,
    /// The current password.
    #[redact]
    pub existing_password: String,
    /// The new password.
    #[redact]
    pub new_password: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST passwords/session/reset` (signed in).
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResetBySessionRequest {
    /// The new password.
    #[redact]
    pub password: String,
}

/// `POST passwords/discovery/reset/start`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryResetStartRequest {
    /// Email.
    pub email_address: String,
    /// Where discovery lands after the reset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_redirect_url: Option<String>,
    /// Where the reset link lands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_redirect_url: Option<String>,
    /// Link lifetime in minutes (default 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_expiration_minutes: Option<u32>,
    /// PKCE challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST passwords/discovery/reset`.
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoveryResetRequest {
    /// Token from the reset link.
    #[redact]
    pub password_reset_token: String,
    /// The new password.
    #[redact]
    pub password: String,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
}
