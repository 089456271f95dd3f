//! Connected Apps bodies: the project acting as an OAuth 2.1 / OpenID Connect provider for
//! other applications (a CLI, a partner's integration, an MCP client). A member consents on
//! the app's own consent screen (`idp/b2b/oauth/authorize/start`, then `…/submit`), the
//! connected app redeems the code at the token endpoint, and members and admins list and
//! revoke the apps they granted.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// A connected app as a consent screen shows it.
///
/// ```
/// use stytch_models::{api::idp::ConnectedAppPublic, json};
///
/// let app: ConnectedAppPublic = json::from_str(r#"{"client_id":"connected-app-test-1","client_type":"third_party","client_name":"Acme CLI","client_description":"Deploys from the terminal"}"#).unwrap();
/// assert_eq!(app.client_name, "Acme CLI");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ConnectedAppPublic {
    /// Client ID.
    pub client_id: String,
    /// `first_party`, `first_party_public`, `third_party` or `third_party_public`.
    pub client_type: String,
    /// Name to show.
    pub client_name: String,
    /// Description to show.
    pub client_description: String,
    /// Logo to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_logo_url: Option<String>,
}

/// One requested scope on a consent screen: what it means and whether the member may grant it
/// (a custom scope needs every permission it stands for among the member's roles).
///
/// ```
/// use stytch_models::{api::idp::ScopeResult, json};
///
/// let result: ScopeResult = json::from_str(r#"{"scope":"read:documents","description":"Read documents","is_grantable":true}"#).unwrap();
/// assert!(result.is_grantable);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScopeResult {
    /// The scope.
    pub scope: String,
    /// What it lets the app do.
    pub description: String,
    /// Whether the member may grant it.
    pub is_grantable: bool,
}

/// `POST idp/b2b/oauth/authorize/start` (the official `idp.oauthAuthorizeStart`): checks an
/// authorization request's parameters before a consent screen is shown.
///
/// ```
/// use stytch_models::{api::idp::OAuthAuthorizeStartRequest, json::ToJson};
///
/// let request = OAuthAuthorizeStartRequest {
///     client_id: "connected-app-test-1".into(),
///     redirect_uri: "http://127.0.0.1:8976/callback".into(),
///     response_type: "code".into(),
///     scopes: vec!["openid".into(), "email".into()],
///     prompt: None,
/// };
/// assert_eq!(request.to_json()["scopes"][1], "email");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthAuthorizeStartRequest {
    /// The connected app.
    pub client_id: String,
    /// Where the app wants the answer: one of its registered redirect URLs.
    pub redirect_uri: String,
    /// `code`.
    pub response_type: String,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// `consent` to ask again even if granted before; `none` never to ask.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

/// The answer to [`OAuthAuthorizeStartRequest`]: the app, whether the member must consent,
/// and each scope.
///
/// ```
/// use stytch_models::{api::idp::OAuthAuthorizeStartResponse, json};
///
/// let response: OAuthAuthorizeStartResponse = json::from_str(r#"{"client":{"client_name":"Acme CLI"},"consent_required":true,"scope_results":[{"scope":"openid","is_grantable":true}]}"#).unwrap();
/// assert!(response.consent_required);
/// assert_eq!(response.scope_results.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthAuthorizeStartResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connected app.
    pub client: ConnectedAppPublic,
    /// Whether a consent screen must be shown (a third-party app the member has not granted
    /// these scopes to, or `prompt=consent`).
    pub consent_required: bool,
    /// Each scope asked for.
    pub scope_results: Vec<ScopeResult>,
}

/// `POST idp/b2b/oauth/authorize/submit` (the official `idp.oauthAuthorizeSubmit`): the
/// member's decision; the answer's `redirect_uri` carries the code (or `error=access_denied`).
///
/// ```
/// use stytch_models::{api::idp::OAuthAuthorizeSubmitRequest, json::ToJson};
///
/// let request = OAuthAuthorizeSubmitRequest {
///     client_id: "connected-app-test-1".into(),
///     redirect_uri: "http://127.0.0.1:8976/callback".into(),
///     response_type: "code".into(),
///     scopes: vec!["openid".into()],
///     state: Some("af0ifjsldkj".into()),
///     code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into()),
///     consent_granted: true,
///     ..Default::default()
/// };
/// assert_eq!(request.to_json()["consent_granted"], true);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthAuthorizeSubmitRequest {
    /// The connected app.
    pub client_id: String,
    /// Where the answer goes: one of the app's registered redirect URLs.
    pub redirect_uri: String,
    /// `code`.
    pub response_type: String,
    /// The scopes granted.
    pub scopes: Vec<String>,
    /// The app's state, returned to it unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Put in the ID token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// The app's PKCE challenge (S256); public apps must send one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
    /// Whether the member agreed.
    pub consent_granted: bool,
    /// As in [`OAuthAuthorizeStartRequest::prompt`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

/// Where to send the member after [`OAuthAuthorizeSubmitRequest`].
///
/// ```
/// use stytch_models::{api::idp::OAuthAuthorizeSubmitResponse, json};
///
/// let response: OAuthAuthorizeSubmitResponse = json::from_str(r#"{"redirect_uri":"http://127.0.0.1:8976/callback?code=abc&state=xyz","authorization_code":"abc"}"#).unwrap();
/// assert_eq!(response.authorization_code.as_deref(), Some("abc"));
/// assert!(!format!("{response:?}").contains("abc"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthAuthorizeSubmitResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The app's redirect URL with `code` and `state` (or `error`) in its query.
    #[redact]
    pub redirect_uri: String,
    /// The code, when consent was granted.
    #[redact]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
}

/// A connected app the signed-in member (or a member an admin looks at) has granted access.
///
/// ```
/// use stytch_models::{api::idp::MemberConnectedApp, json};
///
/// let app: MemberConnectedApp = json::from_str(r#"{"connected_app_id":"connected-app-test-1","name":"Acme CLI","client_type":"third_party","scopes_granted":"openid email"}"#).unwrap();
/// assert_eq!(app.scopes_granted, "openid email");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberConnectedApp {
    /// The app's client ID.
    pub connected_app_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Client type.
    pub client_type: String,
    /// Logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// The scopes granted, space separated.
    pub scopes_granted: String,
}

/// `GET organizations/members/connected_apps` (the official `self.getConnectedApps`).
///
/// ```
/// use stytch_models::{api::idp::MemberConnectedAppsResponse, json};
///
/// let response: MemberConnectedAppsResponse = json::from_str(r#"{"connected_apps":[{"connected_app_id":"connected-app-test-1"}]}"#).unwrap();
/// assert_eq!(response.connected_apps.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct MemberConnectedAppsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The apps.
    pub connected_apps: Vec<MemberConnectedApp>,
}

/// A connected app some member of the organization has granted access.
///
/// ```
/// use stytch_models::{api::idp::OrganizationConnectedApp, json};
///
/// let app: OrganizationConnectedApp = json::from_str(r#"{"connected_app_id":"connected-app-test-1","name":"Acme CLI","client_type":"third_party"}"#).unwrap();
/// assert_eq!(app.name, "Acme CLI");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationConnectedApp {
    /// The app's client ID.
    pub connected_app_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Client type.
    pub client_type: String,
    /// Logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// `GET organizations/connected_apps` (the official `organization.getConnectedApps`).
///
/// ```
/// use stytch_models::{api::idp::OrganizationConnectedAppsResponse, json};
///
/// let response: OrganizationConnectedAppsResponse = json::from_str(r#"{"connected_apps":[]}"#).unwrap();
/// assert!(response.connected_apps.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationConnectedAppsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The apps.
    pub connected_apps: Vec<OrganizationConnectedApp>,
}

/// A member who granted a connected app access, and what they granted.
///
/// ```
/// use stytch_models::{api::idp::ConnectedAppMember, json};
///
/// let member: ConnectedAppMember = json::from_str(r#"{"member_id":"member-test-1","granted_scopes":["openid"]}"#).unwrap();
/// assert_eq!(member.granted_scopes, ["openid"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ConnectedAppMember {
    /// The member.
    pub member_id: String,
    /// The scopes they granted.
    pub granted_scopes: Vec<String>,
}

/// `GET organizations/connected_apps/{connected_app_id}` (the official
/// `organization.getConnectedApp`): the app and the organization's members who granted it.
///
/// ```
/// use stytch_models::{api::idp::OrganizationConnectedAppResponse, json};
///
/// let response: OrganizationConnectedAppResponse = json::from_str(r#"{"connected_app_id":"connected-app-test-1","name":"Acme CLI","active_members":[{"member_id":"member-test-1","granted_scopes":["openid"]}]}"#).unwrap();
/// assert_eq!(response.active_members[0].member_id, "member-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationConnectedAppResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The app's client ID.
    pub connected_app_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Client type.
    pub client_type: String,
    /// Logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// The members who granted it access.
    pub active_members: Vec<ConnectedAppMember>,
}

/// `POST sessions/exchange_access_token` (the official `session.exchangeAccessToken`): a first-party
/// connected app's access token with the `full_access` scope, at most five minutes old, turned
/// into a session of its member, once.
///
/// ```
/// use stytch_models::{api::idp::ExchangeAccessTokenRequest, json::ToJson};
///
/// let request = ExchangeAccessTokenRequest { access_token: "eyJ…".into(), session_duration_minutes: Some(60) };
/// assert_eq!(request.to_json()["session_duration_minutes"], 60);
/// assert!(!format!("{request:?}").contains("eyJ"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ExchangeAccessTokenRequest {
    /// The connected app's access token.
    #[redact]
    pub access_token: String,
    /// The new session's length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
}

/// `POST oauth/logout/start` (the official `idp.oauthLogoutStart`): a connected app's
/// OpenID Connect RP-initiated logout, checked before the app's logout page signs the member
/// out.
///
/// ```
/// use stytch_models::{api::idp::OAuthLogoutStartRequest, json::ToJson};
///
/// let request = OAuthLogoutStartRequest {
///     client_id: "connected-app-test-1".into(),
///     post_logout_redirect_uri: "https://cli.example/signed-out".into(),
///     state: "s-1".into(),
///     id_token_hint: None,
/// };
/// assert_eq!(request.to_json()["state"], "s-1");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthLogoutStartRequest {
    /// The connected app.
    pub client_id: String,
    /// Where to send the member afterwards: one of the app's post-logout redirect URLs.
    pub post_logout_redirect_uri: String,
    /// The app's state, returned to it unchanged.
    pub state: String,
    /// The ID token the app holds for the member, naming whom to sign out.
    #[redact]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_hint: Option<String>,
}

/// The answer to [`OAuthLogoutStartRequest`].
///
/// ```
/// use stytch_models::{api::idp::OAuthLogoutStartResponse, json};
///
/// let response: OAuthLogoutStartResponse = json::from_str(r#"{"redirect_uri":"https://cli.example/signed-out?state=s-1","consent_required":true}"#).unwrap();
/// assert!(response.consent_required);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OAuthLogoutStartResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// Where to send the member once signed out (with the app's `state`).
    pub redirect_uri: String,
    /// Whether to ask the member first (no valid `id_token_hint` for them).
    pub consent_required: bool,
}
