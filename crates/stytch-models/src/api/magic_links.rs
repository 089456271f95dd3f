//! `magic_links/*` bodies.

use serde::{Deserialize, Serialize};

/// `POST magic_links/email/discovery/send`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscoveryEmailSendRequest {
    /// Recipient.
    pub email_address: String,
    /// Where the link lands; must be on the project's allow-list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_redirect_url: Option<String>,
    /// PKCE challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
    /// Email template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_template_id: Option<String>,
    /// Email locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Link lifetime (default 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_expiration_minutes: Option<u32>,
}

/// `POST magic_links/discovery/authenticate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscoveryMagicLinkAuthenticateRequest {
    /// Token from the link.
    pub discovery_magic_links_token: String,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_verifier: Option<String>,
}
