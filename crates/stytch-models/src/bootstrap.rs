//! The project bootstrap document served to the SDK.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

use crate::RbacPolicy;

/// CAPTCHA settings.
///
/// ```
/// use stytch_models::{CaptchaSettings, json};
///
/// let value: CaptchaSettings = json::from_str(r#"{"enabled":true,"site_key":"6Lc…"}"#).unwrap();
/// assert!(value.enabled);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct CaptchaSettings {
    /// Whether CAPTCHA is on.
    pub enabled: bool,
    /// reCAPTCHA site key.
    #[serde(rename = "siteKey", skip_serializing_if = "Option::is_none")]
    pub site_key: Option<String>,
}

/// Password strength configuration.
///
/// ```
/// use stytch_models::{PasswordConfig, json};
///
/// let value: PasswordConfig = json::from_str(r#"{"luds_complexity":3,"luds_minimum_count":10}"#).unwrap();
/// // "At least 10 characters, with 3 of: lower case, upper case, digits, symbols."
/// assert_eq!((value.luds_minimum_count, value.luds_complexity), (10, 3));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PasswordConfig {
    /// Number of character classes required.
    pub luds_complexity: u32,
    /// Minimum length.
    pub luds_minimum_count: u32,
}

/// `GET /sdk/v1/projects/bootstrap/{public_token}`.
///
/// ```
/// let b: stytch_models::BootstrapResponse = serde_json::from_str(
///     r#"{"project_name":"Demo","create_organization_enabled":true,"vertical":"B2B"}"#,
/// ).unwrap();
/// assert!(b.create_organization_enabled);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct BootstrapResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Project name.
    pub project_name: String,
    /// Hide the "Powered by Stytch" watermark.
    pub disable_sdk_watermark: bool,
    /// Custom domain for OAuth starts.
    pub cname_domain: Option<String>,
    /// Domains the project sends email from.
    pub email_domains: Vec<String>,
    /// CAPTCHA settings.
    pub captcha_settings: CaptchaSettings,
    /// PKCE required for email magic links.
    pub pkce_required_for_email_magic_links: bool,
    /// PKCE required for password resets.
    pub pkce_required_for_password_resets: bool,
    /// PKCE required for OAuth.
    pub pkce_required_for_oauth: bool,
    /// PKCE required for SSO.
    pub pkce_required_for_sso: bool,
    /// URL pattern with `{{slug}}` for the Organization flow.
    pub slug_pattern: Option<String>,
    /// Whether the SDK may create organizations.
    pub create_organization_enabled: bool,
    /// Password strength settings.
    pub password_config: Option<PasswordConfig>,
    /// Device fingerprinting.
    pub dfp_protected_auth_enabled: bool,
    /// `OBSERVATION` or `DECISIONING`.
    pub dfp_protected_auth_mode: Option<String>,
    /// RBAC policy.
    pub rbac_policy: Option<RbacPolicy>,
    /// Sign-in-with-Ethereum requirement (consumer only).
    pub siwe_required_for_crypto_wallets: bool,
    /// `B2B` or `CONSUMER`.
    pub vertical: Option<String>,
}
