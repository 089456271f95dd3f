//! `otps/email/*` bodies: email one-time passcodes, discovery and organization-scoped.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// `POST otps/email/discovery/send`.
///
/// ```
/// let r = stytch_models::api::otps::EmailOtpDiscoverySendRequest { email_address: "ada@example.com".into(), ..Default::default() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"email_address":"ada@example.com"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailOtpDiscoverySendRequest {
    /// Recipient.
    pub email_address: String,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_template_id: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Code lifetime (default 10, 2 to 15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_expiration_minutes: Option<u32>,
}

/// `POST otps/email/discovery/authenticate`.
///
/// ```
/// use stytch_models::{api::otps::EmailOtpDiscoveryAuthenticateRequest, json::ToJson};
///
/// let request = EmailOtpDiscoveryAuthenticateRequest {
///     email_address: "ada@example.com".into(),
///     code: "123456".into(),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["code"], "123456");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailOtpDiscoveryAuthenticateRequest {
    /// The address the code went to.
    pub email_address: String,
    /// The code.
    #[redact]
    pub code: String,
}

/// `POST otps/email/login_or_signup` (organization-scoped).
///
/// ```
/// use stytch_models::{api::otps::EmailOtpLoginOrSignupRequest, json::ToJson};
///
/// let request = EmailOtpLoginOrSignupRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     login_expiration_minutes: Some(5),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["login_expiration_minutes"], 5);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailOtpLoginOrSignupRequest {
    /// Organization.
    pub organization_id: String,
    /// Recipient.
    pub email_address: String,
    /// Template of a login email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_template_id: Option<String>,
    /// Template of a sign-up email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_template_id: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Login code lifetime (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_expiration_minutes: Option<u32>,
    /// Sign-up code lifetime (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_expiration_minutes: Option<u32>,
}

/// `POST otps/email/authenticate` (organization-scoped).
///
/// ```
/// use stytch_models::{api::otps::EmailOtpAuthenticateRequest, json::ToJson};
///
/// let request = EmailOtpAuthenticateRequest {
///     organization_id: "organization-test-1".into(),
///     email_address: "ada@example.com".into(),
///     code: "123456".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["email_address"], "ada@example.com");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EmailOtpAuthenticateRequest {
    /// Organization.
    pub organization_id: String,
    /// The address the code went to.
    pub email_address: String,
    /// The code.
    #[redact]
    pub code: String,
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
