//! Connected Apps on every surface: the Management API's clients (`/v1/connected_apps/clients`),
//! the consent page's calls (the SDK's `idp.*`, the backend's `idp/oauth/*`), the OAuth 2.1
//! endpoints a connected app calls (`/v1/public/{project_id}/oauth2/…`), the access-token
//! exchange, and members' and organizations' lists of the apps they granted.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use stytch_models::ApiErrorBody;
use stytch_models::api::idp::{
    ExchangeAccessTokenRequest, OAuthAuthorizeStartRequest, OAuthAuthorizeSubmitRequest, OAuthLogoutStartRequest,
};

use super::extract::{
    ActingMember, BackendCaller, FormOrJson, JsonBody, Path, Query, SdkCaller, basic_credentials, origin,
};
use super::respond;
use crate::domain::connected_apps::{
    ClientSettings, IntrospectRequest, RegistrationRequest, RotationStep, TokenRequest,
};
use crate::domain::sessions::{SessionCredential, check_duration};
use crate::domain::{App, ids};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// The SDK's routes, relative to `/sdk/v1`.
pub fn sdk_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/idp/b2b/oauth/authorize/start", post(sdk_authorize_start))
        .route("/idp/b2b/oauth/authorize/submit", post(sdk_authorize_submit))
        .route("/b2b/oauth/logout/start", post(sdk_logout_start))
        .route("/b2b/sessions/exchange_access_token", post(sdk_exchange))
        .route("/b2b/organizations/connected_apps", get(sdk_organization_apps))
        .route(
            "/b2b/organizations/connected_apps/{connected_app_id}",
            get(sdk_organization_app),
        )
        .route("/b2b/organizations/members/connected_apps", get(sdk_own_apps))
        .route(
            "/b2b/organizations/members/connected_apps/{connected_app_id}/revoke",
            post(sdk_revoke_own),
        )
        .route(
            "/b2b/organizations/members/{member_id}/connected_apps",
            get(sdk_member_apps),
        )
        .route(
            "/b2b/organizations/members/{member_id}/connected_apps/{connected_app_id}/revoke",
            post(sdk_revoke_member),
        )
}

/// The backend's routes, relative to `/v1/b2b`.
pub fn backend_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/idp/oauth/authorize/start", post(backend_authorize_start))
        .route("/idp/oauth/authorize", post(backend_authorize))
        .route("/sessions/exchange_access_token", post(backend_exchange))
        .route(
            "/organizations/{organization_id}/connected_apps",
            get(backend_organization_apps),
        )
        .route(
            "/organizations/{organization_id}/connected_apps/{connected_app_id}",
            get(backend_organization_app),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/connected_apps",
            get(backend_member_apps),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke",
            post(backend_revoke_member),
        )
}

/// The Management API's routes, relative to `/v1`.
pub fn management_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/connected_apps/clients", post(create_client))
        .route("/connected_apps/clients/search", post(search_clients))
        .route(
            "/connected_apps/clients/{client_id}",
            get(get_client).put(update_client).delete(delete_client),
        )
        .route(
            "/connected_apps/clients/{client_id}/secrets/rotate/start",
            post(rotate_start),
        )
        .route(
            "/connected_apps/clients/{client_id}/secrets/rotate/cancel",
            post(rotate_cancel),
        )
        .route(
            "/connected_apps/clients/{client_id}/secrets/rotate",
            post(rotate_complete),
        )
}

/// The endpoints a connected app calls, relative to `/v1/public`.
pub fn public_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/{project_id}/oauth2/token", post(token))
        .route("/{project_id}/oauth2/introspect", post(introspect))
        .route("/{project_id}/oauth2/userinfo", get(userinfo).post(userinfo))
}

/// The SDK's member-list permissions (inferred: Stytch marks these RBAC-enforced without
/// naming the action).
const READ_MEMBERS: [(&str, &str); 1] = [("stytch.member", "get")];
const UPDATE_MEMBERS: [(&str, &str); 1] = [("stytch.member", "update")];

async fn sdk_authorize_start(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OAuthAuthorizeStartRequest>,
) -> Result {
    let credential = caller.session()?;
    let answer = app.with(|store, ctx| {
        let who = store.authorizer(ctx, Some(&credential), None)?;
        store.authorize_start(&who, &body)
    })?;
    Ok(respond::sdk(&answer))
}

async fn sdk_authorize_submit(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OAuthAuthorizeSubmitRequest>,
) -> Result {
    let credential = caller.session()?;
    let answer = app.with(|store, ctx| {
        let who = store.authorizer(ctx, Some(&credential), None)?;
        store.authorize_submit(ctx, who, &body)
    })?;
    Ok(respond::sdk(&answer))
}

/// `idp.oauthLogoutStart`: signed in or not (the hint is then judged alone).
async fn sdk_logout_start(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OAuthLogoutStartRequest>,
) -> Result {
    let answer = app.with(|store, ctx| {
        let signed_in = match &caller.session_token {
            Some(token) => Some(
                store
                    .member_session(ctx, &SessionCredential::Token(token.clone()))?
                    .member_id,
            ),
            None => None,
        };
        store.logout_start(ctx, signed_in.as_deref(), &body)
    })?;
    Ok(respond::sdk(&answer))
}

async fn sdk_exchange(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<ExchangeAccessTokenRequest>,
) -> Result {
    let duration = check_duration(body.session_duration_minutes)?;
    let answer = app.with(|store, ctx| store.exchange_access_token(ctx, &body.access_token, duration))?;
    Ok(respond::sdk(&answer))
}

async fn sdk_organization_apps(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    respond::sdk_permitted(&app, &caller, &[], |store, _, org| {
        store.organization_connected_apps(org)
    })
}

async fn sdk_organization_app(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connected_app_id): Path<String>,
) -> Result {
    respond::sdk_permitted(&app, &caller, &[], |store, _, org| {
        store.organization_connected_app(org, &connected_app_id)
    })
}

async fn sdk_own_apps(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    let credential = caller.session()?;
    let answer = app.with(|store, ctx| {
        let session = store.member_session(ctx, &credential)?;
        store.member_connected_apps(&session.organization_id, &session.member_id)
    })?;
    Ok(respond::sdk(&answer))
}

async fn sdk_revoke_own(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connected_app_id): Path<String>,
) -> Result {
    let credential = caller.session()?;
    let answer = app.with(|store, ctx| {
        let session = store.member_session(ctx, &credential)?;
        store.revoke_connected_app(&session.organization_id, &session.member_id, &connected_app_id)
    })?;
    Ok(respond::sdk(&answer))
}

async fn sdk_member_apps(State(app): State<Arc<App>>, caller: SdkCaller, Path(member_id): Path<String>) -> Result {
    respond::sdk_permitted(&app, &caller, &READ_MEMBERS, |store, _, org| {
        store.member_connected_apps(org, &member_id)
    })
}

async fn sdk_revoke_member(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path((member_id, connected_app_id)): Path<(String, String)>,
) -> Result {
    respond::sdk_permitted(&app, &caller, &UPDATE_MEMBERS, |store, _, org| {
        store.revoke_connected_app(org, &member_id, &connected_app_id)
    })
}

/// The backend's authorization bodies: the request, and who authorizes (a member by ID, or a
/// session).
#[derive(Deserialize)]
struct BackendAuthorization<T> {
    #[serde(flatten)]
    request: T,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    member_id: Option<String>,
    #[serde(default)]
    session_token: Option<String>,
    #[serde(default)]
    session_jwt: Option<String>,
}

impl<T> BackendAuthorization<T> {
    fn session(&self) -> std::result::Result<Option<SessionCredential>, ApiError> {
        let token = self.session_token.clone().filter(|t| !t.trim().is_empty());
        let jwt = self.session_jwt.clone().filter(|t| !t.trim().is_empty());
        if token.is_none() && jwt.is_none() {
            return Ok(None);
        }
        SessionCredential::from_pair(token, jwt).map(Some)
    }

    fn member(&self) -> Option<(&str, &str)> {
        Some((self.organization_id.as_deref()?, self.member_id.as_deref()?))
    }
}

async fn backend_authorize_start(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<BackendAuthorization<OAuthAuthorizeStartRequest>>,
) -> Result {
    let session = body.session()?;
    let answer = app.with(|store, ctx| {
        let who = store.authorizer(ctx, session.as_ref(), body.member())?;
        let mut answer = serde_json::to_value(store.authorize_start(&who, &body.request)?)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        // The backend's answer names the member too.
        let member = store.member(&who.organization_id, &who.member_id)?.clone();
        let organization = store.organization(&who.organization_id)?.clone();
        answer["member_id"] = serde_json::json!(member.member_id);
        answer["member"] = serde_json::json!(member);
        answer["organization"] = serde_json::json!(organization);
        Ok::<_, ApiError>(answer)
    })?;
    Ok(respond::flat(&answer))
}

async fn backend_authorize(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<BackendAuthorization<OAuthAuthorizeSubmitRequest>>,
) -> Result {
    let session = body.session()?;
    let answer = app.with(|store, ctx| {
        let who = store.authorizer(ctx, session.as_ref(), body.member())?;
        store.authorize_submit(ctx, who, &body.request)
    })?;
    Ok(respond::flat(&answer))
}

async fn backend_exchange(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<ExchangeAccessTokenRequest>,
) -> Result {
    let duration = check_duration(body.session_duration_minutes)?;
    let answer = app.with(|store, ctx| store.exchange_access_token(ctx, &body.access_token, duration))?;
    Ok(respond::flat(&answer))
}

async fn backend_organization_apps(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
) -> Result {
    respond::backend_permitted(&app, &acting, &organization_id, &[], |store, _| {
        store.organization_connected_apps(&organization_id)
    })
}

async fn backend_organization_app(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connected_app_id)): Path<(String, String)>,
) -> Result {
    respond::backend_permitted(&app, &acting, &organization_id, &[], |store, _| {
        store.organization_connected_app(&organization_id, &connected_app_id)
    })
}

async fn backend_member_apps(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    respond::backend_permitted(&app, &acting, &organization_id, &READ_MEMBERS, |store, _| {
        store.member_connected_apps(&organization_id, &member_id)
    })
}

async fn backend_revoke_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id, connected_app_id)): Path<(String, String, String)>,
) -> Result {
    respond::backend_permitted(&app, &acting, &organization_id, &UPDATE_MEMBERS, |store, _| {
        store.revoke_connected_app(&organization_id, &member_id, &connected_app_id)
    })
}

async fn create_client(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<ClientSettings>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, ctx| store.create_connected_app(ctx, &body))?,
    ))
}

async fn get_client(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.get_connected_app(&client_id))?,
    ))
}

async fn update_client(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(client_id): Path<String>,
    JsonBody(body): JsonBody<ClientSettings>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.update_connected_app(&client_id, &body))?,
    ))
}

async fn delete_client(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.delete_connected_app(&client_id))?,
    ))
}

async fn rotate_start(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(&app.with(|store, _| {
        store.rotate_connected_app_secret(&client_id, RotationStep::Start)
    })?))
}

async fn rotate_cancel(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(&app.with(|store, _| {
        store.rotate_connected_app_secret(&client_id, RotationStep::Cancel)
    })?))
}

async fn rotate_complete(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(&app.with(|store, _| {
        store.rotate_connected_app_secret(&client_id, RotationStep::Complete)
    })?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchBody {
    cursor: Option<String>,
    limit: Option<u32>,
}

async fn search_clients(State(app): State<Arc<App>>, _: BackendCaller, JsonBody(body): JsonBody<SearchBody>) -> Result {
    Ok(respond::flat(&app.with(|store, _| {
        store.search_connected_apps(body.limit, body.cursor.as_deref())
    })?))
}

/// An error at the token or introspection endpoint: Stytch's error object, plus OAuth 2.1's
/// `error` and `error_description` for generic OAuth clients.
fn oauth_error(error: ApiError) -> Response {
    let code = match error.error_type.as_str() {
        "invalid_client_id" | "invalid_client_secret" => "invalid_client",
        "oauth_invalid_scope_requested" => "invalid_scope",
        "bad_request" if error.message.starts_with("grant_type") => "unsupported_grant_type",
        "bad_request" => "invalid_request",
        "internal_server_error" => "server_error",
        _ => "invalid_grant",
    };
    error_with_code(error, code)
}

/// An error at the registration endpoint, with RFC 7591's `error` too.
fn registration_error(error: ApiError) -> Response {
    let code = if error.error_type.as_str().contains("redirect_url") {
        "invalid_redirect_uri"
    } else {
        "invalid_client_metadata"
    };
    error_with_code(error, code)
}

fn error_with_code(error: ApiError, oauth: &str) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = ApiErrorBody::new(
        status.as_u16(),
        error.error_type,
        error.message.clone(),
        ids::request_id(),
    );
    let mut value = serde_json::to_value(body).unwrap_or_default();
    value["error"] = serde_json::json!(oauth);
    value["error_description"] = serde_json::json!(error.message);
    let mut response = (status, value.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

/// Checks the path's project ID.
fn check_project(app: &App, project_id: &str) -> std::result::Result<(), ApiError> {
    let known = app.with(|store, _| store.project.project_id == project_id);
    if known {
        Ok(())
    } else {
        Err(ApiError::new(
            404,
            stytch_models::ErrorType::Unknown("project_not_found".into()),
            "No project has this ID.",
        ))
    }
}

/// Fills in an app's credentials sent as `client_secret_basic` (`Authorization: Basic`) where
/// the body left them out.
fn client_credentials(
    headers: &HeaderMap,
    client_id: &mut String,
    client_secret: &mut Option<String>,
) -> std::result::Result<(), ApiError> {
    if let Some((id, secret)) = basic_credentials(headers)? {
        if client_id.is_empty() {
            *client_id = id;
        }
        client_secret.get_or_insert(secret);
    }
    Ok(())
}

async fn token(
    State(app): State<Arc<App>>,
    Path(project_id): Path<String>,
    headers: HeaderMap,
    body: std::result::Result<FormOrJson<TokenRequest>, ApiError>,
) -> Response {
    match check_project(&app, &project_id) {
        Ok(()) => domain_token(State(app), headers, body).await,
        Err(error) => oauth_error(error),
    }
}

/// `POST /v1/oauth2/token` on the project's domain (`/v1/public/{project_id}/oauth2/token` too):
/// the app's credentials in the body or, as `client_secret_basic`, in `Authorization: Basic`.
pub async fn domain_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: std::result::Result<FormOrJson<TokenRequest>, ApiError>,
) -> Response {
    let issuer = origin(&headers);
    let answer = body.and_then(|FormOrJson(mut request)| {
        client_credentials(&headers, &mut request.client_id, &mut request.client_secret)?;
        app.with(|store, ctx| store.oauth2_token(ctx, &issuer, &request))
    });
    match answer {
        Ok(answer) => {
            let mut response = respond::flat(&answer);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => oauth_error(error),
    }
}

async fn introspect(
    State(app): State<Arc<App>>,
    Path(project_id): Path<String>,
    headers: HeaderMap,
    body: std::result::Result<FormOrJson<IntrospectRequest>, ApiError>,
) -> Response {
    match check_project(&app, &project_id) {
        Ok(()) => domain_introspect(State(app), headers, body).await,
        Err(error) => oauth_error(error),
    }
}

/// `POST /v1/oauth2/introspect` on the project's domain (credentials as for the token endpoint).
pub async fn domain_introspect(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: std::result::Result<FormOrJson<IntrospectRequest>, ApiError>,
) -> Response {
    let answer = body.and_then(|FormOrJson(mut request)| {
        client_credentials(&headers, &mut request.client_id, &mut request.client_secret)?;
        app.with(|store, ctx| store.oauth2_introspect(ctx, &request))
    });
    match answer {
        Ok(answer) => respond::flat(&answer),
        Err(error) => oauth_error(error),
    }
}

async fn userinfo(
    State(app): State<Arc<App>>,
    Path(project_id): Path<String>,
    headers: HeaderMap,
    query: Query<HashMap<String, String>>,
) -> Result {
    check_project(&app, &project_id)?;
    domain_userinfo(State(app), headers, query).await
}

/// `GET` or `POST /v1/oauth2/userinfo` on the project's domain, with `Authorization: Bearer`.
pub async fn domain_userinfo(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(_): Query<HashMap<String, String>>,
) -> Result {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    Ok(respond::flat(
        &app.with(|store, ctx| store.oauth2_userinfo(ctx, &bearer))?,
    ))
}

/// `POST /v1/oauth2/register` on the project's domain: Dynamic Client Registration (RFC 7591),
/// no credentials; 201 with the client, errors with OAuth's `error` too.
pub async fn register(
    State(app): State<Arc<App>>,
    body: std::result::Result<JsonBody<RegistrationRequest>, ApiError>,
) -> Response {
    match body.and_then(|JsonBody(request)| app.with(|store, ctx| store.register_client(ctx, &request))) {
        Ok(client) => {
            let mut response = respond::flat(&client);
            *response.status_mut() = StatusCode::CREATED;
            response
        }
        Err(error) => registration_error(error),
    }
}

/// `GET /.well-known/oauth-authorization-server` and `/.well-known/openid-configuration` on
/// the project's domain: where an OAuth or MCP client finds the endpoints.
pub async fn metadata(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let origin = origin(&headers);
    respond::flat(&app.with(|store, _| store.oauth_metadata(&origin)))
}

/// `GET /.well-known/jwks.json` on the project's domain: the keys tokens are signed with.
pub async fn domain_jwks(State(app): State<Arc<App>>) -> Response {
    respond::flat(&app.signer().jwks())
}
