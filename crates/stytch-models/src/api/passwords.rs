//! `passwords/*` bodies: authenticate, strength check, and the resets.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// `POST passwords/authenticate` (organization-scoped).
///
/// ```
/// use stytch_models::{api::passwords::PasswordAuthenticateRequest, json::ToJson};
///
/// let request = PasswordAuthenticateRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     password: "correct horse battery staple".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_address"], "ada@example.com");
/// // Debug output never shows the password.
/// assert!(!format!("{request:?}").contains("horse"));
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::PasswordDiscoveryAuthenticateRequest, json::ToJson};
///
/// let request = PasswordDiscoveryAuthenticateRequest {
///     email_address: "ada@example.com".into(),
///     password: "correct horse battery staple".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert!(!format!("{request:?}").contains("horse"));
/// assert_eq!(body["password"], "correct horse battery staple");
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::StrengthCheckRequest, json::ToJson};
/// // The address makes a password built from it rate weaker.
/// let request = StrengthCheckRequest {
///     password: "acme2024".into(),
///     email_address: Some("ada@acme.example".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_address"], "ada@acme.example");
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::ZxcvbnFeedback, json};
///
/// let response: ZxcvbnFeedback = json::from_str(r#"{"warning":"This is a very common password.","suggestions":["Add another word or two."]}"#).unwrap();
/// assert_eq!(response.suggestions.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ZxcvbnFeedback {
    /// Why the password is weak (may be empty).
    pub warning: String,
    /// How to make it stronger.
    pub suggestions: Vec<String>,
}

/// What a LUDS (lowercase, uppercase, digits, symbols) policy found.
///
/// ```
/// use stytch_models::{api::passwords::LudsFeedback, json};
///
/// let response: LudsFeedback = json::from_str(r#"{"has_lower_case":true,"has_upper_case":false,"has_digit":true,"has_symbol":false,"missing_complexity":1,"missing_characters":2}"#).unwrap();
/// // "Add an upper-case letter or a symbol, and 2 more characters."
/// assert_eq!((response.missing_complexity, response.missing_characters), (1, 2));
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::ResetByEmailStartRequest, json::ToJson};
///
/// let request = ResetByEmailStartRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     reset_password_redirect_url: Some("https://app.example.com/reset".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["reset_password_redirect_url"], "https://app.example.com/reset");
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::ResetByEmailRequest, json::ToJson};
///
/// let request = ResetByEmailRequest {
///     password_reset_token: "token-from-the-link".into(),
///     password: "a new long passphrase".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert!(!format!("{request:?}").contains("passphrase"));
/// assert_eq!(body["session_duration_minutes"], 60);
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::ResetByExistingPasswordRequest, json::ToJson};
///
/// let request = ResetByExistingPasswordRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     existing_password: "old passphrase".into(),
///     new_password: "a new long passphrase".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["new_password"], "a new long passphrase");
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::ResetBySessionRequest, json::ToJson};
/// // A signed-in member sets a new password (the session is the proof).
/// let request = ResetBySessionRequest {
///     password: "a new long passphrase".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["password"], "a new long passphrase");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResetBySessionRequest {
    /// The new password.
    #[redact]
    pub password: String,
}

/// `POST passwords/discovery/reset/start`.
///
/// ```
/// use stytch_models::{api::passwords::DiscoveryResetStartRequest, json::ToJson};
/// // Reset the password of every membership of an address.
/// let request = DiscoveryResetStartRequest {
///     email_address: "ada@example.com".into(),
///     reset_password_redirect_url: Some("https://app.example.com/reset".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_address"], "ada@example.com");
/// ```
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
///
/// ```
/// use stytch_models::{api::passwords::DiscoveryResetRequest, json::ToJson};
///
/// let request = DiscoveryResetRequest {
///     password_reset_token: "token-from-the-link".into(),
///     password: "a new long passphrase".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["password_reset_token"], "token-from-the-link");
/// ```
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
