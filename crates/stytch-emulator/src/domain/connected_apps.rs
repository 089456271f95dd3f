//! Connected Apps: the project as an OAuth 2.1 / OpenID Connect provider for other
//! applications. A server registers apps (`/v1/connected_apps/clients`, the Management API's
//! shape); the app sends a member to the project's own consent page, which checks the request
//! (`idp/b2b/oauth/authorize/start`) and submits the member's decision (`…/submit`); the app
//! redeems the code at `/v1/public/{project_id}/oauth2/token` for an access token (a JWT signed
//! with the project's session key), an ID token with `openid`, and a rotating refresh token
//! with `offline_access`.
//!
//! Rules (Stytch documents the names and limits; the details marked inferred are ours):
//! - Client types `first_party`, `first_party_public`, `third_party`, `third_party_public`;
//!   confidential ones get a secret (shown once), public ones must use PKCE (S256).
//! - A redirect URI must be one of the app's, exactly (inferred: no loopback port wildcard).
//! - Scopes: `openid`, `email`, `profile`, `phone`, `offline_access`, `full_access` (first-party
//!   apps allowed full access only) and the RBAC policy's custom scopes, grantable when the
//!   member's roles hold every permission of the scope; ungrantable ones are left out of the
//!   grant (inferred).
//! - Third-party apps need the member's consent unless the member already granted every
//!   grantable scope asked; first-party apps do not, unless `prompt=consent`. Where no consent
//!   is required the submit issues the code whatever `consent_granted` says (the official
//!   consent screen, asking nothing, sends `false`).
//! - An app's access and ID token templates are session claim templates, checked when set;
//!   their claims join the token's but never replace one Stytch puts there (inferred), and
//!   `member.rbac` reads the roles of the session that authorized the app.
//! - Codes live ten minutes and work once (inferred length); access tokens live the app's
//!   `access_token_expiry_minutes` (default 60); a refresh token works once and is replaced.
//! - A revoked grant stops the app's refresh tokens and makes its access tokens inactive at
//!   introspection; an access token with `full_access`, at most five minutes old, is exchanged
//!   once for a session with the factors of the session that authorized it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use stytch_models::{
    ErrorType, Member, MemberSession, MemberStatus,
    api::{
        idp::{
            ConnectedAppMember, ConnectedAppPublic, MemberConnectedApp, MemberConnectedAppsResponse,
            OAuthAuthorizeStartRequest, OAuthAuthorizeStartResponse, OAuthAuthorizeSubmitRequest,
            OAuthAuthorizeSubmitResponse, OAuthLogoutStartRequest, OAuthLogoutStartResponse, OrganizationConnectedApp,
            OrganizationConnectedAppResponse, OrganizationConnectedAppsResponse, ScopeResult,
        },
        sessions::AuthenticateResponse,
    },
    time::format_rfc3339,
};

use super::claim_templates::{ClaimTemplate, TemplateKind};
use super::discovery::check_pkce;
use super::sessions::SessionCredential;
use super::store::{Factor, Store};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Codes live ten minutes.
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// An access token may be exchanged for a session within five minutes of its issue.
const EXCHANGE_WINDOW_SECONDS: i64 = 5 * 60;
/// Refresh tokens live thirty days (inferred).
const REFRESH_LIFETIME_MS: i64 = 30 * 24 * 3_600_000;
/// The scopes every project knows, with what a consent screen says of them.
const STANDARD_SCOPES: [(&str, &str); 6] = [
    ("openid", "Sign you in with your account"),
    ("email", "See your email address"),
    ("profile", "See your name and profile picture"),
    ("phone", "See your phone number"),
    ("offline_access", "Keep access while you are away"),
    ("full_access", "Act as you in every part of the app"),
];
const CLIENT_TYPES: [&str; 4] = ["first_party", "first_party_public", "third_party", "third_party_public"];

/// A registered connected app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectedAppRecord {
    /// Client ID (`connected-app-…`).
    pub client_id: String,
    /// Name.
    pub client_name: String,
    /// Description.
    pub client_description: String,
    /// One of the four client types.
    pub client_type: String,
    /// Where answers may go.
    pub redirect_urls: Vec<String>,
    /// Where a sign-out may return.
    pub post_logout_redirect_urls: Vec<String>,
    /// Whether it may ask for `full_access` (first-party only).
    pub full_access_allowed: bool,
    /// Access token lifetime.
    pub access_token_expiry_minutes: u32,
    /// Whether `offline_access` needs no consent (first-party only).
    pub bypass_consent_for_offline_access: bool,
    /// The custom claim template of its access tokens (empty: none).
    #[serde(default)]
    pub access_token_template_content: String,
    /// The custom claim template of its ID tokens (empty: none).
    #[serde(default)]
    pub id_token_template_content: String,
    /// The audience its access tokens carry beside the project's (empty: none).
    #[serde(default)]
    pub access_token_custom_audience: String,
    /// Logo.
    pub logo_url: Option<String>,
    /// Secret of a confidential app.
    pub client_secret: Option<String>,
    /// The secret a rotation will switch to (both work meanwhile).
    #[serde(default)]
    pub next_client_secret: Option<String>,
    /// Created (RFC 3339).
    pub created_at: String,
}

impl ConnectedAppRecord {
    fn public(&self) -> bool {
        self.client_type.ends_with("_public")
    }

    fn first_party(&self) -> bool {
        self.client_type.starts_with("first_party")
    }

    /// The Management API's object; the secret itself only when just created.
    fn wire(&self, with_secret: bool) -> Value {
        let mut app = json!({
            "client_id": self.client_id,
            "client_name": self.client_name,
            "client_description": self.client_description,
            "status": "active",
            "client_type": self.client_type,
            "redirect_urls": self.redirect_urls,
            "post_logout_redirect_urls": self.post_logout_redirect_urls,
            "full_access_allowed": self.full_access_allowed,
            "access_token_expiry_minutes": self.access_token_expiry_minutes,
            "access_token_template_content": self.access_token_template_content,
            "id_token_template_content": self.id_token_template_content,
            "bypass_consent_for_offline_access": self.bypass_consent_for_offline_access,
            "creation_method": "api",
        });
        if let Some(logo) = &self.logo_url {
            app["logo_url"] = json!(logo);
        }
        if !self.access_token_custom_audience.is_empty() {
            app["access_token_custom_audience"] = json!(self.access_token_custom_audience);
        }
        if let Some(secret) = &self.client_secret {
            app["client_secret_last_four"] = json!(ids::last_four(secret));
            if with_secret {
                app["client_secret"] = json!(secret);
            }
        }
        if let Some(next) = &self.next_client_secret {
            app["next_client_secret_last_four"] = json!(ids::last_four(next));
        }
        app
    }

    fn consent_view(&self) -> ConnectedAppPublic {
        ConnectedAppPublic {
            client_id: self.client_id.clone(),
            client_type: self.client_type.clone(),
            client_name: self.client_name.clone(),
            client_description: self.client_description.clone(),
            client_logo_url: self.logo_url.clone(),
        }
    }
}

/// The Management API's create and update body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClientSettings {
    /// One of the four client types (create only).
    pub client_type: Option<String>,
    /// Name.
    pub client_name: Option<String>,
    /// Description.
    pub client_description: Option<String>,
    /// Where answers may go.
    pub redirect_urls: Option<Vec<String>>,
    /// Where a sign-out may return.
    pub post_logout_redirect_urls: Option<Vec<String>>,
    /// Whether it may ask for `full_access`.
    pub full_access_allowed: Option<bool>,
    /// Access token lifetime, 5 to 1440 minutes.
    pub access_token_expiry_minutes: Option<u32>,
    /// Whether `offline_access` needs no consent.
    pub bypass_consent_for_offline_access: Option<bool>,
    /// Custom claims for its access tokens: a session claim template (empty: none).
    pub access_token_template_content: Option<String>,
    /// Custom claims for its ID tokens: a session claim template (empty: none).
    pub id_token_template_content: Option<String>,
    /// An audience for its access tokens beside the project's, such as the URL of the API
    /// they are for (empty: none).
    pub access_token_custom_audience: Option<String>,
    /// Logo.
    pub logo_url: Option<String>,
}

/// A step of a client secret rotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RotationStep {
    /// `rotate/start`: a next secret.
    Start,
    /// `rotate/cancel`: the next secret dropped.
    Cancel,
    /// `rotate`: the next secret becomes the secret.
    Complete,
}

/// A member's grant to an app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    client_id: String,
    organization_id: String,
    member_id: String,
    scopes: Vec<String>,
}

/// What a code, access token or refresh token stands for.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Authorization {
    client_id: String,
    organization_id: String,
    member_id: String,
    scopes: Vec<String>,
    /// The factors of the session that authorized it, for an exchange.
    session_factors: Option<Vec<Factor>>,
}

/// An authorization code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CodeRecord {
    authorization: Authorization,
    redirect_uri: String,
    code_challenge: Option<String>,
    nonce: Option<String>,
    expires_ms: i64,
    used: bool,
}

/// A refresh token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RefreshRecord {
    authorization: Authorization,
    expires_ms: i64,
    used: bool,
}

/// Connected Apps state.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectedApps {
    /// Registered apps.
    pub apps: Vec<ConnectedAppRecord>,
    grants: Vec<Grant>,
    codes: HashMap<String, CodeRecord>,
    refresh_tokens: HashMap<String, RefreshRecord>,
    /// Access tokens by `jti`.
    access_tokens: HashMap<String, Authorization>,
    /// `jti`s already exchanged for a session.
    exchanged: Vec<String>,
}

/// Who authorizes: the member, and the session that does it (if any).
pub struct Authorizer {
    /// Organization.
    pub organization_id: String,
    /// Member.
    pub member_id: String,
    /// The authorizing session's factors.
    pub session_factors: Option<Vec<Factor>>,
    /// The roles to judge custom scopes by.
    pub roles: Vec<String>,
}

/// The token endpoint's body (form or JSON).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenRequest {
    /// `authorization_code`, `refresh_token`, or `client_credentials` (an M2M client).
    pub grant_type: String,
    /// The app.
    pub client_id: String,
    /// A confidential app's secret.
    pub client_secret: Option<String>,
    /// The code.
    pub code: Option<String>,
    /// The PKCE verifier.
    pub code_verifier: Option<String>,
    /// The redirect URI the code was asked with.
    pub redirect_uri: Option<String>,
    /// The refresh token.
    pub refresh_token: Option<String>,
    /// The scopes an M2M client asks for, space separated.
    pub scope: Option<String>,
    /// Every other parameter: an M2M token request's extras, which the project's M2M claims
    /// template may name (`{{ request.… }}`).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

/// A Dynamic Client Registration body (RFC 7591); other metadata is accepted and not kept.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegistrationRequest {
    /// Name.
    pub client_name: Option<String>,
    /// Where answers may go.
    pub redirect_uris: Vec<String>,
    /// `none` (public, the default), `client_secret_post` or `client_secret_basic`.
    pub token_endpoint_auth_method: Option<String>,
    /// Logo.
    pub logo_uri: Option<String>,
}

/// The introspection endpoint's body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IntrospectRequest {
    /// The token.
    pub token: String,
    /// The asking app.
    pub client_id: String,
    /// Its secret, for a confidential app.
    pub client_secret: Option<String>,
    /// `access_token` or `refresh_token`.
    pub token_type_hint: Option<String>,
}

fn app_not_found() -> ApiError {
    ApiError::new(
        404,
        ErrorType::Unknown("connected_app_not_found".into()),
        "No connected app with this client ID exists in the project.",
    )
}

fn invalid_scope(scope: &str) -> ApiError {
    ApiError::new(
        400,
        ErrorType::Unknown("oauth_invalid_scope_requested".into()),
        format!("The scope {scope:?} is not one this app may ask for."),
    )
}

/// A token template as given, checked (a session claim template); empty for none.
fn token_template(content: &str) -> ApiResult<String> {
    let content = content.trim();
    if !content.is_empty() {
        ClaimTemplate::parse(TemplateKind::Session, content)?;
    }
    Ok(content.to_owned())
}

/// Adds the template's claims a token does not already have: a template never replaces what
/// Stytch puts in the token (scopes, client, profile claims).
fn add_absent(claims: &mut Value, custom: serde_json::Map<String, Value>) {
    if let Some(claims) = claims.as_object_mut() {
        for (name, value) in custom {
            claims.entry(name).or_insert(value);
        }
    }
}

/// An access token's custom audience as given, trimmed; empty for none. Our reading of when
/// Stytch refuses one (`idp_invalid_access_token_custom_audience`, its name for a bad one): a
/// single value (no whitespace or control characters) of at most 1024 characters.
fn custom_audience(audience: &str) -> ApiResult<String> {
    let audience = audience.trim();
    if audience.chars().count() > 1024 || audience.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::named(
            400,
            "idp_invalid_access_token_custom_audience",
            "access_token_custom_audience must be one value of at most 1024 characters, without spaces.",
        ));
    }
    Ok(audience.to_owned())
}

/// Checks a redirect URL an app registers, by Stytch's rules and names.
fn check_redirect_url(url: &str) -> ApiResult<()> {
    let refuse =
        |name: &str, message: &str| Err(ApiError::new(400, ErrorType::Unknown(name.into()), message.to_owned()));
    let Some((scheme, rest)) = url.split_once("://") else {
        return refuse(
            "connected_app_redirect_url_must_include_scheme",
            "A redirect URL needs a scheme, such as https://.",
        );
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let loopback = matches!(host, "127.0.0.1" | "[::1]" | "localhost");
    match scheme {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => refuse(
            "connected_app_redirect_url_http_scheme_must_use_loopback",
            "An http:// redirect URL must point at 127.0.0.1, [::1] or localhost.",
        ),
        _ if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) => refuse(
            "connected_app_redirect_url_must_include_scheme",
            "A redirect URL needs a scheme, such as https://.",
        ),
        // A native app's own scheme (com.example.app://callback).
        _ => Ok(()),
    }
}

impl Store {
    fn connected_app(&self, client_id: &str) -> ApiResult<&ConnectedAppRecord> {
        self.connected_apps
            .apps
            .iter()
            .find(|a| a.client_id == client_id)
            .ok_or_else(app_not_found)
    }

    fn apply_client_settings(app: &mut ConnectedAppRecord, settings: &ClientSettings) -> ApiResult<()> {
        if let Some(name) = &settings.client_name {
            name.trim().clone_into(&mut app.client_name);
        }
        if let Some(description) = &settings.client_description {
            description.trim().clone_into(&mut app.client_description);
        }
        if let Some(urls) = &settings.redirect_urls {
            for url in urls {
                check_redirect_url(url.trim())?;
            }
            app.redirect_urls = urls.iter().map(|u| u.trim().to_owned()).collect();
        }
        if let Some(urls) = &settings.post_logout_redirect_urls {
            for url in urls {
                check_redirect_url(url.trim())?;
            }
            app.post_logout_redirect_urls = urls.iter().map(|u| u.trim().to_owned()).collect();
        }
        if let Some(minutes) = settings.access_token_expiry_minutes {
            if !(5..=1440).contains(&minutes) {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("idp_invalid_access_token_expiry_minutes".into()),
                    "access_token_expiry_minutes must be between 5 and 1440.",
                ));
            }
            app.access_token_expiry_minutes = minutes;
        }
        if let Some(full) = settings.full_access_allowed {
            if full && !app.first_party() {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("third_party_clients_cannot_use_full_access".into()),
                    "Only first-party apps may be allowed full access.",
                ));
            }
            app.full_access_allowed = full;
        }
        if let Some(bypass) = settings.bypass_consent_for_offline_access {
            if bypass && !app.first_party() {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("third_party_clients_require_consent_for_offline_access".into()),
                    "Third-party apps always ask for consent to offline access.",
                ));
            }
            app.bypass_consent_for_offline_access = bypass;
        }
        if let Some(content) = &settings.access_token_template_content {
            // Stytch names one refusal for an app's access token template, whatever is wrong.
            app.access_token_template_content = token_template(content)
                .map_err(|e| ApiError::named(400, "idp_invalid_access_token_jwt_template", e.message))?;
        }
        if let Some(content) = &settings.id_token_template_content {
            app.id_token_template_content = token_template(content)?;
        }
        if let Some(audience) = &settings.access_token_custom_audience {
            app.access_token_custom_audience = custom_audience(audience)?;
        }
        if let Some(logo) = &settings.logo_url {
            app.logo_url = Some(logo.trim().to_owned()).filter(|l| !l.is_empty());
        }
        Ok(())
    }

    /// `POST /v1/connected_apps/clients`: the app, with its secret when confidential.
    pub(crate) fn create_connected_app(&mut self, ctx: &Ctx<'_>, settings: &ClientSettings) -> ApiResult<Value> {
        let client_type = settings.client_type.as_deref().unwrap_or_default().trim();
        if !CLIENT_TYPES.contains(&client_type) {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("invalid_connected_app_type".into()),
                "client_type must be first_party, first_party_public, third_party or third_party_public.",
            ));
        }
        let mut app = ConnectedAppRecord {
            client_id: ids::new_id("connected-app"),
            client_name: String::new(),
            client_description: String::new(),
            client_type: client_type.to_owned(),
            redirect_urls: Vec::new(),
            post_logout_redirect_urls: Vec::new(),
            full_access_allowed: false,
            access_token_expiry_minutes: 60,
            bypass_consent_for_offline_access: false,
            access_token_template_content: String::new(),
            id_token_template_content: String::new(),
            access_token_custom_audience: String::new(),
            logo_url: None,
            client_secret: None,
            next_client_secret: None,
            created_at: format_rfc3339(ctx.now),
        };
        if !app.public() {
            app.client_secret = Some(format!("secret-test-{}", ids::new_token()));
        }
        Self::apply_client_settings(&mut app, settings)?;
        let answer = json!({ "request_id": ids::request_id(), "status_code": 200, "connected_app": app.wire(true) });
        self.connected_apps.apps.push(app);
        Ok(answer)
    }

    /// `POST /v1/oauth2/register` (Dynamic Client Registration, RFC 7591): a third-party app
    /// registering itself, public (`token_endpoint_auth_method` `none`, the default) or
    /// confidential. A public app sending the same metadata again gets the same client ID.
    pub(crate) fn register_client(&mut self, ctx: &Ctx<'_>, request: &RegistrationRequest) -> ApiResult<Value> {
        let method = request.token_endpoint_auth_method.as_deref().unwrap_or("none");
        let client_type = match method {
            "none" => "third_party_public",
            "client_secret_post" | "client_secret_basic" => "third_party",
            other => {
                return Err(ApiError::bad_request(format!(
                    "token_endpoint_auth_method {other:?} is not supported: use none, client_secret_post or client_secret_basic."
                )));
            }
        };
        if request.redirect_uris.is_empty() {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("connected_app_invalid_redirect_url".into()),
                "redirect_uris must name at least one redirect URL.",
            ));
        }
        let settings = ClientSettings {
            client_type: Some(client_type.to_owned()),
            client_name: request.client_name.clone(),
            redirect_urls: Some(request.redirect_uris.clone()),
            logo_url: request.logo_uri.clone(),
            ..Default::default()
        };
        let existing = (client_type == "third_party_public")
            .then(|| {
                self.connected_apps.apps.iter().find(|a| {
                    a.client_type == client_type
                        && a.client_name == request.client_name.as_deref().unwrap_or_default().trim()
                        && a.redirect_urls == request.redirect_uris
                        && a.logo_url == request.logo_uri
                })
            })
            .flatten()
            .cloned();
        let app = match existing {
            Some(app) => app,
            None => {
                let created = self.create_connected_app(ctx, &settings)?;
                let client_id = created["connected_app"]["client_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                self.connected_app(&client_id)?.clone()
            }
        };
        let mut answer = json!({
            "client_id": app.client_id,
            "client_name": app.client_name,
            "redirect_uris": app.redirect_urls,
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": if app.public() { "none" } else { method },
        });
        if let Some(secret) = &app.client_secret {
            answer["client_secret"] = json!(secret);
        }
        Ok(answer)
    }

    /// The OAuth metadata (RFC 8414, and OpenID Connect discovery) of the project's domain,
    /// reached at `origin`.
    pub(crate) fn oauth_metadata(&self, origin: &str) -> Value {
        let scopes: Vec<&str> = STANDARD_SCOPES
            .iter()
            .map(|(scope, _)| *scope)
            .chain(self.project.rbac_policy.scopes.iter().map(|s| s.scope.as_str()))
            .collect();
        let mut metadata = json!({
            "issuer": origin,
            "token_endpoint": format!("{origin}/v1/oauth2/token"),
            "registration_endpoint": format!("{origin}/v1/oauth2/register"),
            "introspection_endpoint": format!("{origin}/v1/oauth2/introspect"),
            "userinfo_endpoint": format!("{origin}/v1/oauth2/userinfo"),
            "jwks_uri": format!("{origin}/.well-known/jwks.json"),
            "scopes_supported": scopes,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        });
        if let Some(url) = &self.project.idp_authorization_url {
            metadata["authorization_endpoint"] = json!(url);
        }
        metadata
    }

    /// `GET /v1/connected_apps/clients/{client_id}`.
    pub(crate) fn get_connected_app(&self, client_id: &str) -> ApiResult<Value> {
        let app = self.connected_app(client_id)?;
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "connected_app": app.wire(false) }))
    }

    /// `PUT /v1/connected_apps/clients/{client_id}`: fields left out stay as they are.
    pub(crate) fn update_connected_app(&mut self, client_id: &str, settings: &ClientSettings) -> ApiResult<Value> {
        let mut app = self.connected_app(client_id)?.clone();
        Self::apply_client_settings(&mut app, settings)?;
        let answer = json!({ "request_id": ids::request_id(), "status_code": 200, "connected_app": app.wire(false) });
        if let Some(slot) = self.connected_apps.apps.iter_mut().find(|a| a.client_id == client_id) {
            *slot = app;
        }
        Ok(answer)
    }

    /// `POST /v1/connected_apps/clients/{client_id}/secrets/rotate/{start,cancel}` and
    /// `…/secrets/rotate`: a confidential app's next secret (shown once, working beside the
    /// current one), dropped, or made the secret.
    pub(crate) fn rotate_connected_app_secret(&mut self, client_id: &str, step: RotationStep) -> ApiResult<Value> {
        let app = self
            .connected_apps
            .apps
            .iter_mut()
            .find(|a| a.client_id == client_id)
            .ok_or_else(app_not_found)?;
        if app.client_secret.is_none() {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("public_connected_apps_do_not_have_secrets".into()),
                "A public connected app has no secret to rotate.",
            ));
        }
        let rotating = app.next_client_secret.is_some();
        let not_rotating = || {
            ApiError::new(
                400,
                ErrorType::Unknown("connected_app_not_rotating_secret".into()),
                "The connected app has no secret rotation in progress; start one first.",
            )
        };
        let mut answer = match step {
            RotationStep::Start if rotating => {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("connected_app_already_rotating_secret".into()),
                    "A secret rotation is already in progress; complete or cancel it first.",
                ));
            }
            RotationStep::Start => {
                let next = format!("secret-test-{}", ids::new_token());
                app.next_client_secret = Some(next.clone());
                let mut wire = app.wire(false);
                wire["next_client_secret"] = json!(next);
                wire
            }
            RotationStep::Cancel if rotating => {
                app.next_client_secret = None;
                app.wire(false)
            }
            RotationStep::Complete if rotating => {
                app.client_secret = app.next_client_secret.take();
                app.wire(false)
            }
            RotationStep::Cancel | RotationStep::Complete => return Err(not_rotating()),
        };
        answer = json!({ "request_id": ids::request_id(), "status_code": 200, "connected_app": answer });
        Ok(answer)
    }

    /// `oauth/logout/start`: where the app's logout page sends the member, and whether to ask
    /// them first (no `id_token_hint` this project issued to the app for the signed-in member).
    pub(crate) fn logout_start(
        &self,
        ctx: &Ctx<'_>,
        signed_in: Option<&str>,
        request: &OAuthLogoutStartRequest,
    ) -> ApiResult<OAuthLogoutStartResponse> {
        let app = self.connected_app(request.client_id.trim())?;
        if !app
            .post_logout_redirect_urls
            .contains(&request.post_logout_redirect_uri)
        {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("connected_app_supplied_redirect_url_not_found_in_client".into()),
                "post_logout_redirect_uri is not one of the connected app's post-logout redirect URLs.",
            ));
        }
        let hinted = request
            .id_token_hint
            .as_deref()
            .and_then(|hint| ctx.signer.verify_value(hint, &app.client_id))
            .and_then(|claims| claims["sub"].as_str().map(str::to_owned));
        let consent_required = match (hinted, signed_in) {
            (Some(hinted), Some(member)) => hinted != member,
            (Some(_), None) => false,
            (None, _) => true,
        };
        let separator = if request.post_logout_redirect_uri.contains('?') {
            '&'
        } else {
            '?'
        };
        let redirect_uri = if request.state.is_empty() {
            request.post_logout_redirect_uri.clone()
        } else {
            format!(
                "{}{separator}state={}",
                request.post_logout_redirect_uri,
                ids::percent_encode(&request.state)
            )
        };
        Ok(OAuthLogoutStartResponse {
            request_id: ids::request_id(),
            status_code: 200,
            redirect_uri,
            consent_required,
        })
    }

    /// `DELETE /v1/connected_apps/clients/{client_id}`: its grants and tokens go with it.
    pub(crate) fn delete_connected_app(&mut self, client_id: &str) -> ApiResult<Value> {
        self.connected_app(client_id)?;
        let state = &mut self.connected_apps;
        state.apps.retain(|a| a.client_id != client_id);
        state.grants.retain(|g| g.client_id != client_id);
        state.codes.retain(|_, c| c.authorization.client_id != client_id);
        state
            .refresh_tokens
            .retain(|_, r| r.authorization.client_id != client_id);
        state.access_tokens.retain(|_, a| a.client_id != client_id);
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "client_id": client_id }))
    }

    /// `POST /v1/connected_apps/clients/search`: in creation order, `limit` (default 100)
    /// per page, the cursor being the next app's position.
    pub(crate) fn search_connected_apps(&self, limit: Option<u32>, cursor: Option<&str>) -> ApiResult<Value> {
        let limit = limit.unwrap_or(100).clamp(1, 1000) as usize;
        let start = match cursor.filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => cursor
                .parse::<usize>()
                .ok()
                .filter(|&c| c <= self.connected_apps.apps.len())
                .ok_or_else(|| ApiError::bad_request("The cursor is not one this search returned."))?,
        };
        let page: Vec<Value> = self
            .connected_apps
            .apps
            .iter()
            .skip(start)
            .take(limit)
            .map(|a| a.wire(false))
            .collect();
        let next = start + page.len();
        let next_cursor = (next < self.connected_apps.apps.len()).then(|| next.to_string());
        Ok(json!({
            "request_id": ids::request_id(),
            "status_code": 200,
            "connected_apps": page,
            "results_metadata": { "total": self.connected_apps.apps.len(), "next_cursor": next_cursor },
        }))
    }

    /// The authorizer behind an SDK caller's session or a backend call's session or member.
    pub(crate) fn authorizer(
        &self,
        ctx: &Ctx<'_>,
        session: Option<&SessionCredential>,
        member: Option<(&str, &str)>,
    ) -> ApiResult<Authorizer> {
        if let Some(credential) = session {
            let token = self.resolve_session(ctx, credential)?;
            let record = self.live_session(&token, ctx.now)?;
            return Ok(Authorizer {
                organization_id: record.session.organization_id.clone(),
                member_id: record.session.member_id.clone(),
                session_factors: Some(record.factors.clone()),
                roles: record.session.roles.clone(),
            });
        }
        let Some((organization_id, member_id)) = member.filter(|(o, m)| !o.is_empty() && !m.is_empty()) else {
            return Err(ApiError::no_session_arguments(
                "Pass organization_id and member_id, or a session_token or session_jwt.",
            ));
        };
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let member = self.member(&organization_id, member_id)?;
        Ok(Authorizer {
            organization_id,
            member_id: member.member_id.clone(),
            session_factors: None,
            roles: member.roles.iter().map(|r| r.role_id.clone()).collect(),
        })
    }

    /// Checks an authorization request; the app, and each scope with whether it is grantable.
    fn check_authorization_request(
        &self,
        who: &Authorizer,
        client_id: &str,
        redirect_uri: &str,
        response_type: &str,
        scopes: &[String],
    ) -> ApiResult<(ConnectedAppRecord, Vec<ScopeResult>)> {
        let app = self.connected_app(client_id.trim())?.clone();
        if !app.redirect_urls.iter().any(|u| u == redirect_uri) {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("connected_app_supplied_redirect_url_not_found_in_client".into()),
                "redirect_uri is not one of the connected app's redirect URLs.",
            ));
        }
        if response_type != "code" {
            return Err(ApiError::bad_request("response_type must be code."));
        }
        let member = self.member(&who.organization_id, &who.member_id)?;
        if member.status != MemberStatus::Active {
            return Err(ApiError::member_not_found());
        }
        let probe = MemberSession {
            organization_id: who.organization_id.clone(),
            roles: who.roles.clone(),
            ..Default::default()
        };
        let mut results = Vec::new();
        for scope in scopes.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if let Some((_, description)) = STANDARD_SCOPES.iter().find(|(name, _)| *name == scope) {
                if scope == "full_access" && !(app.first_party() && app.full_access_allowed) {
                    return Err(invalid_scope(scope));
                }
                results.push(ScopeResult {
                    scope: scope.to_owned(),
                    description: (*description).to_owned(),
                    is_grantable: true,
                });
                continue;
            }
            let custom = self
                .project
                .rbac_policy
                .scopes
                .iter()
                .find(|s| s.scope == scope)
                .ok_or_else(|| invalid_scope(scope))?;
            let grantable = custom.permissions.iter().all(|p| {
                p.actions
                    .iter()
                    .all(|action| self.permits(&probe, &p.resource_id, action))
            });
            results.push(ScopeResult {
                scope: scope.to_owned(),
                description: custom.description.clone(),
                is_grantable: grantable,
            });
        }
        Ok((app, results))
    }

    fn granted(&self, who: &Authorizer, client_id: &str) -> Option<&Grant> {
        self.connected_apps.grants.iter().find(|g| {
            g.client_id == client_id && g.organization_id == who.organization_id && g.member_id == who.member_id
        })
    }

    /// Whether the member must be asked: `prompt=consent`, or a third-party app asking for a
    /// grantable scope the member has not granted it yet.
    fn consent_required(
        &self,
        who: &Authorizer,
        app: &ConnectedAppRecord,
        results: &[ScopeResult],
        prompt: Option<&str>,
    ) -> bool {
        let covered = self.granted(who, &app.client_id).is_some_and(|g| {
            results
                .iter()
                .filter(|r| r.is_grantable)
                .all(|r| g.scopes.contains(&r.scope))
        });
        // A space-separated list, of which Stytch supports only `consent`.
        let asked_again = prompt.is_some_and(|prompt| prompt.split_whitespace().any(|p| p == "consent"));
        asked_again || (!app.first_party() && !covered)
    }

    /// `idp/b2b/oauth/authorize/start`: the app, whether to ask for consent, each scope.
    pub(crate) fn authorize_start(
        &self,
        who: &Authorizer,
        request: &OAuthAuthorizeStartRequest,
    ) -> ApiResult<OAuthAuthorizeStartResponse> {
        let (app, results) = self.check_authorization_request(
            who,
            &request.client_id,
            &request.redirect_uri,
            &request.response_type,
            &request.scopes,
        )?;
        let consent_required = self.consent_required(who, &app, &results, request.prompt.as_deref());
        Ok(OAuthAuthorizeStartResponse {
            request_id: ids::request_id(),
            status_code: 200,
            client: app.consent_view(),
            consent_required,
            scope_results: results,
        })
    }

    /// `idp/b2b/oauth/authorize/submit`: a code on the redirect URI, or `error=access_denied`
    /// when the member, asked, declined.
    pub(crate) fn authorize_submit(
        &mut self,
        ctx: &Ctx<'_>,
        who: Authorizer,
        request: &OAuthAuthorizeSubmitRequest,
    ) -> ApiResult<OAuthAuthorizeSubmitResponse> {
        let (app, results) = self.check_authorization_request(
            &who,
            &request.client_id,
            &request.redirect_uri,
            &request.response_type,
            &request.scopes,
        )?;
        let code_challenge = request.code_challenge.clone().filter(|c| !c.trim().is_empty());
        if app.public() && code_challenge.is_none() {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("pkce_required_for_idp_authorization_flow".into()),
                "A public connected app must send a PKCE code_challenge.",
            ));
        }
        // Where no consent is required, none is asked and the code is issued: the official
        // consent screen then submits `consent_granted: false` for a first-party app.
        let granted =
            request.consent_granted || !self.consent_required(&who, &app, &results, request.prompt.as_deref());
        let mut query = Vec::new();
        let code = if granted {
            let scopes: Vec<String> = results
                .into_iter()
                .filter(|r| r.is_grantable)
                .map(|r| r.scope)
                .collect();
            let code = ids::new_token();
            self.connected_apps.codes.insert(
                code.clone(),
                CodeRecord {
                    authorization: Authorization {
                        client_id: app.client_id.clone(),
                        organization_id: who.organization_id.clone(),
                        member_id: who.member_id.clone(),
                        scopes: scopes.clone(),
                        session_factors: who.session_factors.clone(),
                    },
                    redirect_uri: request.redirect_uri.clone(),
                    code_challenge,
                    nonce: request.nonce.clone().filter(|n| !n.is_empty()),
                    expires_ms: ctx.now + CODE_LIFETIME_MS,
                    used: false,
                },
            );
            let grants = &mut self.connected_apps.grants;
            match grants.iter_mut().find(|g| {
                g.client_id == app.client_id && g.organization_id == who.organization_id && g.member_id == who.member_id
            }) {
                Some(grant) => {
                    for scope in scopes {
                        if !grant.scopes.contains(&scope) {
                            grant.scopes.push(scope);
                        }
                    }
                }
                None => grants.push(Grant {
                    client_id: app.client_id.clone(),
                    organization_id: who.organization_id.clone(),
                    member_id: who.member_id.clone(),
                    scopes,
                }),
            }
            query.push(("code", code.clone()));
            Some(code)
        } else {
            query.push(("error", "access_denied".to_owned()));
            query.push(("error_description", "The member did not grant access.".to_owned()));
            None
        };
        if let Some(state) = request.state.as_ref().filter(|s| !s.is_empty()) {
            query.push(("state", state.clone()));
        }
        let separator = if request.redirect_uri.contains('?') { '&' } else { '?' };
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", ids::percent_encode(v)))
            .collect();
        Ok(OAuthAuthorizeSubmitResponse {
            request_id: ids::request_id(),
            status_code: 200,
            redirect_uri: format!("{}{separator}{}", request.redirect_uri, query.join("&")),
            authorization_code: code,
        })
    }

    /// Checks the app's credentials at the token and introspection endpoints.
    fn authenticate_client(&self, client_id: &str, client_secret: Option<&str>) -> ApiResult<ConnectedAppRecord> {
        let app = self
            .connected_apps
            .apps
            .iter()
            .find(|a| a.client_id == client_id.trim())
            .ok_or_else(|| {
                ApiError::new(
                    401,
                    ErrorType::Unknown("invalid_client_id".into()),
                    "No connected app has this client_id.",
                )
            })?;
        let known = [&app.client_secret, &app.next_client_secret]
            .into_iter()
            .flatten()
            .any(|secret| client_secret == Some(secret.as_str()));
        if app.client_secret.is_some() && !known {
            return Err(ApiError::new(
                401,
                ErrorType::Unknown("invalid_client_secret".into()),
                "The client_secret is not this connected app's.",
            ));
        }
        Ok(app.clone())
    }

    /// The token endpoint: `authorization_code` (with the app's secret or its PKCE verifier)
    /// and `refresh_token` (the old one is used up) for connected apps, `client_credentials`
    /// for M2M clients.
    pub(crate) fn oauth2_token(&mut self, ctx: &Ctx<'_>, issuer: &str, request: &TokenRequest) -> ApiResult<Value> {
        if request.grant_type == "client_credentials" {
            return self.m2m_token(
                ctx,
                &request.client_id,
                request.client_secret.as_deref(),
                request.scope.as_deref(),
                &request.extra,
            );
        }
        let app = self.authenticate_client(&request.client_id, request.client_secret.as_deref())?;
        let (authorization, nonce) = match request.grant_type.as_str() {
            "authorization_code" => {
                let code = request.code.as_deref().unwrap_or_default();
                let record = self
                    .connected_apps
                    .codes
                    .get(code)
                    .filter(|c| !c.used && c.authorization.client_id == app.client_id)
                    .cloned()
                    .ok_or_else(|| {
                        ApiError::new(
                            400,
                            ErrorType::Unknown("idp_auth_code_not_found".into()),
                            "The authorization code is unknown, used, or another app's.",
                        )
                    })?;
                if record.expires_ms <= ctx.now {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("idp_auth_code_expired".into()),
                        "The authorization code has expired.",
                    ));
                }
                if request.redirect_uri.as_ref().is_some_and(|r| *r != record.redirect_uri) {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("connected_app_supplied_redirect_url_not_found_in_client".into()),
                        "redirect_uri is not the one the code was issued for.",
                    ));
                }
                check_pkce(record.code_challenge.as_deref(), request.code_verifier.as_deref())?;
                if let Some(c) = self.connected_apps.codes.get_mut(code) {
                    c.used = true;
                }
                (record.authorization, record.nonce)
            }
            "refresh_token" => {
                let token = request.refresh_token.as_deref().unwrap_or_default();
                let record = self
                    .connected_apps
                    .refresh_tokens
                    .get(token)
                    .filter(|r| r.authorization.client_id == app.client_id)
                    .cloned()
                    .ok_or_else(|| {
                        ApiError::new(
                            400,
                            ErrorType::Unknown("idp_refresh_token_not_found".into()),
                            "The refresh token is unknown or another app's.",
                        )
                    })?;
                if record.used {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("idp_refresh_token_already_used".into()),
                        "The refresh token was used already; use the one that replaced it.",
                    ));
                }
                if record.expires_ms <= ctx.now {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("idp_refresh_token_expired".into()),
                        "The refresh token has expired.",
                    ));
                }
                if !self.grant_stands(&record.authorization) {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("connected_app_consent_revoked".into()),
                        "The member revoked this app's access.",
                    ));
                }
                if let Some(r) = self.connected_apps.refresh_tokens.get_mut(token) {
                    r.used = true;
                }
                (record.authorization, None)
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "grant_type {other:?} is not supported: use authorization_code or refresh_token (client_credentials is for M2M clients)."
                )));
            }
        };
        let member = self
            .member(&authorization.organization_id, &authorization.member_id)?
            .clone();
        if member.status != MemberStatus::Active {
            return Err(ApiError::member_not_found());
        }
        let (access_token, expires_in) = self.access_token(ctx, issuer, &app, &authorization)?;
        let mut answer = json!({
            "request_id": ids::request_id(),
            "status_code": 200,
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": expires_in,
            "scope": authorization.scopes.join(" "),
        });
        if authorization.scopes.iter().any(|s| s == "openid") {
            answer["id_token"] = json!(self.id_token(ctx, issuer, &app, &authorization, &member, nonce.as_deref())?);
        }
        if authorization.scopes.iter().any(|s| s == "offline_access") {
            let refresh = ids::new_token();
            self.connected_apps.refresh_tokens.insert(
                refresh.clone(),
                RefreshRecord {
                    authorization,
                    expires_ms: ctx.now + REFRESH_LIFETIME_MS,
                    used: false,
                },
            );
            answer["refresh_token"] = json!(refresh);
        }
        Ok(answer)
    }

    fn grant_stands(&self, authorization: &Authorization) -> bool {
        self.connected_apps.grants.iter().any(|g| {
            g.client_id == authorization.client_id
                && g.organization_id == authorization.organization_id
                && g.member_id == authorization.member_id
        })
    }

    /// A signed access token and its lifetime in seconds.
    fn access_token(
        &mut self,
        ctx: &Ctx<'_>,
        issuer: &str,
        app: &ConnectedAppRecord,
        authorization: &Authorization,
    ) -> ApiResult<(String, i64)> {
        let now = ctx.now / 1000;
        let lifetime = i64::from(app.access_token_expiry_minutes) * 60;
        let custom = self.token_template_claims(&app.access_token_template_content, authorization);
        let organization = self.organization(&authorization.organization_id)?;
        let jti = ids::new_id("access-token");
        let project_id = &self.project.project_id;
        // Stytch: "Additional custom audiences can be defined for the token" by the app's
        // `access_token_custom_audience`; the project stays one, so the backend SDKs' local
        // checks still pass.
        let mut audience = vec![project_id.as_str()];
        if !app.access_token_custom_audience.is_empty() {
            audience.push(&app.access_token_custom_audience);
        }
        let mut claims = json!({
            "iss": issuer,
            "aud": audience,
            "sub": authorization.member_id,
            "client_id": app.client_id,
            "scope": authorization.scopes.join(" "),
            "https://stytch.com/organization": {
                "organization_id": organization.organization_id,
                "slug": organization.organization_slug,
            },
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "jti": jti,
        });
        add_absent(&mut claims, custom);
        let token = ctx.signer.sign_value(&claims).map_err(ApiError::internal)?;
        self.connected_apps.access_tokens.insert(jti, authorization.clone());
        Ok((token, lifetime))
    }

    /// The ID token: who the member is, as far as the scopes granted show, for the app.
    fn id_token(
        &self,
        ctx: &Ctx<'_>,
        issuer: &str,
        app: &ConnectedAppRecord,
        authorization: &Authorization,
        member: &Member,
        nonce: Option<&str>,
    ) -> ApiResult<String> {
        let now = ctx.now / 1000;
        let organization = self.organization(&authorization.organization_id)?;
        let mut claims = json!({
            "iss": issuer,
            "aud": [app.client_id],
            "sub": member.member_id,
            "iat": now,
            "nbf": now,
            "exp": now + i64::from(app.access_token_expiry_minutes) * 60,
            "https://stytch.com/organization": {
                "organization_id": organization.organization_id,
                "slug": organization.organization_slug,
            },
        });
        let has = |scope: &str| authorization.scopes.iter().any(|s| s == scope);
        if has("email") {
            claims["email"] = json!(member.email_address);
            claims["email_verified"] = json!(member.email_address_verified);
        }
        if has("profile") {
            claims["name"] = json!(member.name);
        }
        if has("phone") && !member.mfa_phone_number.is_empty() {
            claims["phone_number"] = json!(member.mfa_phone_number);
            claims["phone_number_verified"] = json!(member.mfa_phone_number_verified);
        }
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        add_absent(
            &mut claims,
            self.token_template_claims(&app.id_token_template_content, authorization),
        );
        ctx.signer.sign_value(&claims).map_err(ApiError::internal)
    }

    /// What an app's token template makes for the authorization: its variables name the member
    /// and organization as a session template's do, `member.rbac` from the roles of the
    /// session that authorized it.
    fn token_template_claims(&self, content: &str, authorization: &Authorization) -> serde_json::Map<String, Value> {
        if content.is_empty() {
            return serde_json::Map::new();
        }
        let Ok(template) = ClaimTemplate::parse(TemplateKind::Session, content) else {
            return serde_json::Map::new();
        };
        let factors: Vec<_> = authorization
            .session_factors
            .iter()
            .flatten()
            .map(|f| f.wire.clone())
            .collect();
        let session = MemberSession {
            organization_id: authorization.organization_id.clone(),
            member_id: authorization.member_id.clone(),
            roles: self.session_roles(&authorization.member_id, &factors),
            authentication_factors: factors,
            ..MemberSession::default()
        };
        self.session_template_context(&session)
            .map(|context| template.evaluate(&context))
            .unwrap_or_default()
    }

    /// The authorization behind a signed, unexpired access token of this project; `None`
    /// when it is not one.
    fn access_token_authorization(&self, ctx: &Ctx<'_>, token: &str) -> Option<(Value, Authorization)> {
        let claims = ctx.signer.verify_value(token, &self.project.project_id)?;
        if claims["exp"].as_i64().is_none_or(|exp| exp <= ctx.now / 1000) {
            return None;
        }
        let authorization = self.connected_apps.access_tokens.get(claims["jti"].as_str()?)?.clone();
        Some((claims, authorization))
    }

    /// The introspection endpoint: `{active: false}` for anything not a live access token of a
    /// standing grant.
    pub(crate) fn oauth2_introspect(&self, ctx: &Ctx<'_>, request: &IntrospectRequest) -> ApiResult<Value> {
        self.authenticate_client(&request.client_id, request.client_secret.as_deref())?;
        let inactive = json!({ "request_id": ids::request_id(), "status_code": 200, "active": false });
        let Some((mut claims, authorization)) = self.access_token_authorization(ctx, &request.token) else {
            return Ok(inactive);
        };
        let member_active = self
            .member(&authorization.organization_id, &authorization.member_id)
            .is_ok_and(|m| m.status == MemberStatus::Active);
        if !self.grant_stands(&authorization) || !member_active {
            return Ok(inactive);
        }
        if let Some(object) = claims.as_object_mut() {
            object.remove("jti");
            object.insert("active".into(), json!(true));
            object.insert("token_type".into(), json!("access_token"));
            object.insert("request_id".into(), json!(ids::request_id()));
            object.insert("status_code".into(), json!(200));
        }
        Ok(claims)
    }

    /// The userinfo endpoint: the member as the token's scopes show them.
    pub(crate) fn oauth2_userinfo(&self, ctx: &Ctx<'_>, bearer: &str) -> ApiResult<Value> {
        let (_, authorization) = self
            .access_token_authorization(ctx, bearer)
            .filter(|(_, a)| self.grant_stands(a))
            .ok_or_else(|| {
                ApiError::new(
                    401,
                    ErrorType::Unknown("idp_access_token_not_found".into()),
                    "The bearer token is not a live access token of this project.",
                )
            })?;
        let member = self.member(&authorization.organization_id, &authorization.member_id)?;
        let has = |scope: &str| authorization.scopes.iter().any(|s| s == scope);
        let mut info = json!({ "request_id": ids::request_id(), "status_code": 200, "sub": member.member_id });
        if has("email") {
            info["email"] = json!(member.email_address);
            info["email_verified"] = json!(member.email_address_verified);
        }
        if has("profile") {
            info["name"] = json!(member.name);
        }
        if has("phone") && !member.mfa_phone_number.is_empty() {
            info["phone_number"] = json!(member.mfa_phone_number);
        }
        Ok(info)
    }

    /// `sessions/exchange_access_token`: a `full_access` token, at most five minutes old,
    /// once, for a session with the factors of the session that authorized it.
    pub(crate) fn exchange_access_token(
        &mut self,
        ctx: &Ctx<'_>,
        access_token: &str,
        duration: Option<u32>,
    ) -> ApiResult<AuthenticateResponse> {
        let refuse = |name: &str, status: u16, message: &str| {
            ApiError::new(status, ErrorType::Unknown(name.into()), message.to_owned())
        };
        let claims = ctx
            .signer
            .verify_value(access_token, &self.project.project_id)
            .filter(|c| c["jti"].is_string())
            .ok_or_else(|| {
                refuse(
                    "idp_access_token_not_found",
                    404,
                    "This is not an access token of the project.",
                )
            })?;
        if claims["exp"].as_i64().is_none_or(|exp| exp <= ctx.now / 1000) {
            return Err(refuse("idp_access_token_expired", 401, "The access token has expired."));
        }
        let jti = claims["jti"].as_str().unwrap_or_default().to_owned();
        let authorization = self.connected_apps.access_tokens.get(&jti).cloned().ok_or_else(|| {
            refuse(
                "idp_access_token_not_found",
                404,
                "This is not an access token of the project.",
            )
        })?;
        if !authorization.scopes.iter().any(|s| s == "full_access") {
            return Err(refuse(
                "oauth_access_token_exchange_missing_full_access",
                400,
                "Only an access token with the full_access scope can be exchanged for a session.",
            ));
        }
        if claims["iat"]
            .as_i64()
            .is_none_or(|iat| iat + EXCHANGE_WINDOW_SECONDS < ctx.now / 1000)
        {
            return Err(refuse(
                "oauth_access_token_exchange_token_too_old",
                400,
                "An access token can be exchanged only within five minutes of its issue.",
            ));
        }
        let factors = authorization
            .session_factors
            .clone()
            .filter(|_| !self.connected_apps.exchanged.contains(&jti) && self.grant_stands(&authorization))
            .ok_or_else(|| {
                refuse(
                    "idp_access_token_could_not_be_exchanged",
                    400,
                    "The access token was exchanged already, its grant was revoked, or no session authorized it.",
                )
            })?;
        let token = self.mint_session(
            ctx,
            &authorization.member_id,
            &authorization.organization_id,
            factors,
            duration,
        )?;
        self.connected_apps.exchanged.push(jti);
        self.session_response(ctx, &token)
    }

    /// The apps a member granted, with the scopes.
    pub(crate) fn member_connected_apps(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> ApiResult<MemberConnectedAppsResponse> {
        let member = self.member(organization_id, member_id)?;
        let connected_apps = self
            .connected_apps
            .grants
            .iter()
            .filter(|g| g.organization_id == member.organization_id && g.member_id == member.member_id)
            .filter_map(|g| {
                let app = self.connected_app(&g.client_id).ok()?;
                Some(MemberConnectedApp {
                    connected_app_id: app.client_id.clone(),
                    name: app.client_name.clone(),
                    description: app.client_description.clone(),
                    client_type: app.client_type.clone(),
                    logo_url: app.logo_url.clone(),
                    scopes_granted: g.scopes.join(" "),
                })
            })
            .collect();
        Ok(MemberConnectedAppsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connected_apps,
        })
    }

    /// The apps some member of the organization granted ("installed").
    pub(crate) fn organization_connected_apps(
        &self,
        organization_id: &str,
    ) -> ApiResult<OrganizationConnectedAppsResponse> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        let connected_apps = self
            .connected_apps
            .apps
            .iter()
            .filter(|app| {
                self.connected_apps
                    .grants
                    .iter()
                    .any(|g| g.client_id == app.client_id && &g.organization_id == organization_id)
            })
            .map(|app| OrganizationConnectedApp {
                connected_app_id: app.client_id.clone(),
                name: app.client_name.clone(),
                description: app.client_description.clone(),
                client_type: app.client_type.clone(),
                logo_url: app.logo_url.clone(),
            })
            .collect();
        Ok(OrganizationConnectedAppsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connected_apps,
        })
    }

    /// One app and the organization's members who granted it.
    pub(crate) fn organization_connected_app(
        &self,
        organization_id: &str,
        client_id: &str,
    ) -> ApiResult<OrganizationConnectedAppResponse> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        let app = self.connected_app(client_id)?;
        Ok(OrganizationConnectedAppResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connected_app_id: app.client_id.clone(),
            name: app.client_name.clone(),
            description: app.client_description.clone(),
            client_type: app.client_type.clone(),
            logo_url: app.logo_url.clone(),
            active_members: self
                .connected_apps
                .grants
                .iter()
                .filter(|g| g.client_id == app.client_id && &g.organization_id == organization_id)
                .map(|g| ConnectedAppMember {
                    member_id: g.member_id.clone(),
                    granted_scopes: g.scopes.clone(),
                })
                .collect(),
        })
    }

    /// Revokes a member's grant: the app's refresh tokens stop working and its access tokens
    /// introspect inactive.
    pub(crate) fn revoke_connected_app(
        &mut self,
        organization_id: &str,
        member_id: &str,
        client_id: &str,
    ) -> ApiResult<Value> {
        let member = self.member(organization_id, member_id)?.clone();
        self.connected_app(client_id)?;
        let state = &mut self.connected_apps;
        let before = state.grants.len();
        state.grants.retain(|g| {
            !(g.client_id == client_id
                && g.organization_id == member.organization_id
                && g.member_id == member.member_id)
        });
        if state.grants.len() == before {
            return Err(app_not_found());
        }
        let theirs = |a: &Authorization| {
            a.client_id == client_id && a.organization_id == member.organization_id && a.member_id == member.member_id
        };
        state.refresh_tokens.retain(|_, r| !theirs(&r.authorization));
        state.codes.retain(|_, c| !theirs(&c.authorization));
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200 }))
    }
}

#[cfg(test)]
mod tests {
    use super::check_redirect_url;

    #[test]
    fn redirect_urls_follow_stytchs_rules() {
        for ok in [
            "https://app.example/callback",
            "http://127.0.0.1:8976/callback",
            "http://localhost/cb",
            "http://[::1]:9/x",
            "com.example.app://callback",
        ] {
            assert!(check_redirect_url(ok).is_ok(), "{ok}");
        }
        for (bad, name) in [
            ("app.example/callback", "connected_app_redirect_url_must_include_scheme"),
            (
                "http://app.example/callback",
                "connected_app_redirect_url_http_scheme_must_use_loopback",
            ),
            ("://nothing", "connected_app_redirect_url_must_include_scheme"),
        ] {
            let error = check_redirect_url(bad).expect_err(bad);
            assert_eq!(error.error_type.as_str(), name, "{bad}");
        }
    }
}
