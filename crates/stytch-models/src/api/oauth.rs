//! `oauth/*` bodies. Starts are browser navigations to
//! `/v1/b2b/public/oauth/{provider}/start` (or `/discovery/start`), not API calls.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

crate::open_enum! {
    /// A B2B OAuth provider (the path segment of the start URL).
    ///
    /// ```
    /// use stytch_models::api::oauth::OAuthProvider;
    /// assert_eq!(OAuthProvider::GitHub.auth_method().as_str(), "github_oauth");
    /// ```
    pub enum OAuthProvider {
        /// Google.
        Google = "google",
        /// Microsoft.
        Microsoft = "microsoft",
        /// GitHub.
        GitHub = "github",
        /// Slack.
        Slack = "slack",
        /// HubSpot.
        HubSpot = "hubspot",
    }
}

impl OAuthProvider {
    /// The `allowed_auth_methods` name (`<provider>_oauth`).
    ///
    /// ```
    /// use stytch_models::{AuthMethod, api::oauth::OAuthProvider};
    /// // Does the organization accept Google sign-ins?
    /// let allowed = [AuthMethod::GoogleOauth, AuthMethod::MagicLink];
    /// assert!(allowed.contains(&OAuthProvider::Google.auth_method()));
    /// ```
    pub fn auth_method(&self) -> crate::AuthMethod {
        crate::AuthMethod::parse(&format!("{}_oauth", self.as_str()))
    }

    /// The provider of an `allowed_auth_methods` name, if it is an OAuth one.
    ///
    /// ```
    /// use stytch_models::{AuthMethod, api::oauth::OAuthProvider};
    /// // The OAuth buttons a step-up may offer, from the organization's allowed methods.
    /// let allowed = [AuthMethod::MagicLink, AuthMethod::MicrosoftOauth];
    /// let buttons: Vec<OAuthProvider> = allowed.iter().filter_map(OAuthProvider::from_auth_method).collect();
    /// assert_eq!(buttons, [OAuthProvider::Microsoft]);
    /// ```
    pub fn from_auth_method(method: &crate::AuthMethod) -> Option<Self> {
        method.as_str().strip_suffix("_oauth").map(Self::parse)
    }

    /// The provider's display name.
    ///
    /// ```
    /// use stytch_models::api::oauth::OAuthProvider;
    /// let label = format!("Continue with {}", OAuthProvider::GitHub.display_name());
    /// assert_eq!(label, "Continue with GitHub");
    /// ```
    pub fn display_name(&self) -> &str {
        match self {
            Self::Google => "Google",
            Self::Microsoft => "Microsoft",
            Self::GitHub => "GitHub",
            Self::Slack => "Slack",
            Self::HubSpot => "HubSpot",
            Self::Unknown(other) => other,
        }
    }
}

/// `POST oauth/authenticate` (organization-scoped).
///
/// ```
/// use stytch_models::{api::oauth::OAuthAuthenticateRequest, json::ToJson};
///
/// let request = OAuthAuthenticateRequest {
///     oauth_token: "token-from-the-redirect".into(),
///     session_duration_minutes: Some(60),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["oauth_token"], "token-from-the-redirect");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthAuthenticateRequest {
    /// Token from the callback URL.
    #[redact]
    pub oauth_token: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
    /// IST to add the factor to (step-up).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST oauth/discovery/authenticate`.
///
/// ```
/// use stytch_models::{api::oauth::OAuthDiscoveryAuthenticateRequest, json::ToJson};
///
/// let request = OAuthDiscoveryAuthenticateRequest {
///     discovery_oauth_token: "token-from-the-redirect".into(),
///     pkce_code_verifier: Some("verifier".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["pkce_code_verifier"], "verifier");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthDiscoveryAuthenticateRequest {
    /// Token from the callback URL.
    #[redact]
    pub discovery_oauth_token: String,
    /// PKCE verifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
}

/// What the identity provider returned, passed through to the app.
///
/// ```
/// use stytch_models::{api::oauth::ProviderValues, json};
/// // The OAuth provider's own tokens, for calling its API on the member's behalf.
/// let response: ProviderValues = json::from_str(r#"{"access_token":"ya29.a0","scopes":["openid","email"],"expires_at":"2026-01-01T00:00:00Z"}"#).unwrap();
/// assert_eq!(response.scopes, ["openid", "email"]);
/// assert!(response.refresh_token.is_none());
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ProviderValues {
    /// Access token.
    #[redact]
    pub access_token: String,
    /// OpenID Connect ID token, when the provider issues one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub id_token: Option<String>,
    /// Refresh token, when the provider issues one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub refresh_token: Option<String>,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Access-token expiry (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// The tokens Stytch keeps for one of a member's registrations with an OAuth provider, as the
/// backend's `GET organizations/{org}/members/{member}/oauth_providers/{provider}` answers
/// them (Google and Microsoft answer one registration's fields flat; Slack, HubSpot and GitHub
/// a `registrations` list of these).
///
/// ```
/// use stytch_models::api::oauth::MemberProviderTokens;
/// let google: MemberProviderTokens = serde_json::from_str(
///     r#"{"provider_subject":"1076","access_token":"ya29.a0","access_token_expires_in":3599,"id_token":"eyJ","scopes":["openid"]}"#,
/// ).unwrap();
/// assert_eq!(google.access_token_expires_in, Some(3599));
/// assert!(google.refresh_token.is_none());
/// assert!(!format!("{google:?}").contains("ya29"), "tokens stay out of logs");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberProviderTokens {
    /// The member's subject at the provider.
    pub provider_subject: String,
    /// The provider's access token, for calling its API as the member.
    #[redact]
    pub access_token: String,
    /// Seconds until the access token expires (Google, Microsoft, HubSpot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_expires_in: Option<u64>,
    /// The OpenID Connect ID token (Google, Microsoft).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub id_token: Option<String>,
    /// The refresh token, when asked for and issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub refresh_token: Option<String>,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// The tenant (Slack workspace, HubSpot hub).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_id: Option<String>,
    /// The tenants (GitHub organizations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_tenant_ids: Option<Vec<String>>,
}

/// `GET oauth/google/onetap/start`: the Google client ID to run Google One Tap under (empty
/// when the project has no Google OAuth set up).
///
/// ```
/// use stytch_models::{api::oauth::GoogleOneTapStartResponse, json};
/// let start: GoogleOneTapStartResponse =
///     json::from_str(r#"{"google_client_id":"1234.apps.googleusercontent.com","status_code":200}"#).unwrap();
/// assert!(start.google_client_id.ends_with(".apps.googleusercontent.com"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct GoogleOneTapStartResponse {
    /// Google OAuth client ID.
    pub google_client_id: String,
}

/// `POST oauth/google/onetap/submit`: the credential Google One Tap returned, for an
/// organization-scoped login.
///
/// ```
/// use stytch_models::{api::oauth::GoogleOneTapSubmitRequest, json::ToJson};
/// let request = GoogleOneTapSubmitRequest {
///     id_token: "credential-from-google".into(),
///     organization_id: "organization-test-07971b06".into(),
///     ..Default::default()
/// };
/// assert_eq!(request.to_json()["organization_id"], "organization-test-07971b06");
/// assert!(!format!("{request:?}").contains("credential-from-google"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct GoogleOneTapSubmitRequest {
    /// Google's credential (an ID token).
    #[redact]
    pub id_token: String,
    /// The organization to sign in to.
    pub organization_id: String,
    /// Where a new member lands (the project's default when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signup_redirect_url: Option<String>,
    /// Where an existing member lands (the project's default when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_redirect_url: Option<String>,
    /// PKCE challenge (when the project requires PKCE for OAuth).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
}

/// `POST oauth/google/onetap/discovery/submit`: the credential Google One Tap returned, for a
/// discovery login.
///
/// ```
/// use stytch_models::{api::oauth::GoogleOneTapDiscoverySubmitRequest, json::ToJson};
/// let request = GoogleOneTapDiscoverySubmitRequest {
///     id_token: "credential-from-google".into(),
///     discovery_redirect_url: Some("https://app.example/authenticate".into()),
///     ..Default::default()
/// };
/// assert_eq!(request.to_json()["discovery_redirect_url"], "https://app.example/authenticate");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct GoogleOneTapDiscoverySubmitRequest {
    /// Google's credential (an ID token).
    #[redact]
    pub id_token: String,
    /// Where the login lands (the project's default when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery_redirect_url: Option<String>,
    /// PKCE challenge (when the project requires PKCE for OAuth).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkce_code_challenge: Option<String>,
}

/// What a One Tap submit answers: the app URL to go to, carrying the OAuth token to
/// authenticate (`stytch_token_type=oauth` or `discovery_oauth`).
///
/// ```
/// use stytch_models::{api::oauth::GoogleOneTapSubmitResponse, json};
/// let answer: GoogleOneTapSubmitResponse = json::from_str(
///     r#"{"redirect_url":"https://app.example/authenticate?stytch_token_type=oauth&token=abc"}"#,
/// ).unwrap();
/// assert!(answer.redirect_url.contains("stytch_token_type=oauth"));
/// assert!(!format!("{answer:?}").contains("token=abc"), "the token stays out of logs");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct GoogleOneTapSubmitResponse {
    /// The app URL with the OAuth token.
    #[redact]
    pub redirect_url: String,
}
