//! SSO on every surface: the simulated identity provider behind `/v1/public/sso/start`, the
//! SDK's `sso.*` (`/sdk/v1/b2b/sso…`, RBAC on `stytch.sso`) and the backend's
//! (`/v1/b2b/sso…`, with the acting member's RBAC when a member-session header names one).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use stytch_models::ErrorType;
use stytch_models::api::sso::{
    CreateConnectionRequest, ExternalCreateConnectionRequest, ExternalUpdateConnectionRequest,
    OidcUpdateConnectionRequest, SamlUpdateConnectionByUrlRequest, SamlUpdateConnectionRequest,
};

use super::auth;
use super::extract::{ActingMember, BackendCaller, Form, JsonBody, Path, Query, SdkCaller, required};
use super::oauth::{error_page, escape, hidden_fields, page};
use super::respond;
use crate::domain::sso::{IdpContext, SsoIdentity, SsoStart};
use crate::domain::{App, Ctx, store::Store};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// The SDK's routes, relative to `/sdk/v1`.
pub fn sdk_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/b2b/sso", get(sdk_connections))
        .route("/b2b/sso/authenticate", post(auth::sso_authenticate::<SdkCaller>))
        .route("/b2b/sso/discovery/connections", get(discover_connections))
        .route("/b2b/sso/saml", post(sdk_create_saml))
        .route("/b2b/sso/saml/{connection_id}", put(sdk_update_saml))
        .route("/b2b/sso/saml/{connection_id}/url", put(sdk_update_saml_by_url))
        .route(
            "/b2b/sso/saml/{connection_id}/verification_certificates/{certificate_id}",
            delete(sdk_delete_certificate),
        )
        .route(
            "/b2b/sso/saml/{connection_id}/encryption_private_key/{private_key_id}",
            delete(sdk_delete_encryption_key),
        )
        .route("/b2b/sso/oidc", post(sdk_create_oidc))
        .route("/b2b/sso/oidc/{connection_id}", put(sdk_update_oidc))
        .route("/b2b/sso/external", post(sdk_create_external))
        .route("/b2b/sso/external/{connection_id}", put(sdk_update_external))
        .route("/b2b/sso/{connection_id}", delete(sdk_delete))
}

/// The backend's routes, relative to `/v1/b2b`.
pub fn backend_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/sso/authenticate", post(auth::sso_authenticate::<BackendCaller>))
        .route("/sso/{organization_id}", get(backend_connections))
        .route(
            "/sso/{organization_id}/connections/{connection_id}",
            delete(backend_delete),
        )
        .route("/sso/saml/{organization_id}", post(backend_create_saml))
        .route(
            "/sso/saml/{organization_id}/connections/{connection_id}",
            put(backend_update_saml),
        )
        .route(
            "/sso/saml/{organization_id}/connections/{connection_id}/url",
            put(backend_update_saml_by_url),
        )
        .route(
            "/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}",
            delete(backend_delete_certificate),
        )
        .route(
            "/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}",
            delete(backend_delete_encryption_key),
        )
        .route("/sso/oidc/{organization_id}", post(backend_create_oidc))
        .route(
            "/sso/oidc/{organization_id}/connections/{connection_id}",
            put(backend_update_oidc),
        )
        .route("/sso/external/{organization_id}", post(backend_create_external))
        .route(
            "/sso/external/{organization_id}/connections/{connection_id}",
            put(backend_update_external),
        )
}

/// The identity provider's pages, relative to `/v1/public`.
pub fn public_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/sso/start", get(start))
        .route("/sso/idp", post(idp_sign_in))
}

/// Runs `call` for the SDK caller's organization once its session holds `action` on
/// `stytch.sso`.
fn sdk_call<R: serde::Serialize>(
    app: &App,
    caller: &SdkCaller,
    action: &str,
    call: impl FnOnce(&mut Store, &Ctx<'_>, &str) -> std::result::Result<R, ApiError>,
) -> Result {
    respond::sdk_permitted(app, caller, &[("stytch.sso", action)], call)
}

/// Runs `call` for a backend caller, after the acting member's check (if any) of `action` on
/// `stytch.sso`.
fn backend_call<R: serde::Serialize>(
    app: &App,
    acting: &ActingMember,
    organization_id: &str,
    action: &str,
    call: impl FnOnce(&mut Store, &Ctx<'_>) -> std::result::Result<R, ApiError>,
) -> Result {
    respond::backend_permitted(app, acting, organization_id, &[("stytch.sso", action)], call)
}

/// The SDK caller's check of `action` on `stytch.sso`, then `read` of the caller's organization,
/// with no answer built: what a handler must know (and may do) before it fetches anything.
fn sdk_read<R>(
    app: &App,
    caller: &SdkCaller,
    action: &str,
    read: impl FnOnce(&Store, &str) -> std::result::Result<R, ApiError>,
) -> std::result::Result<R, ApiError> {
    let credential = caller.session()?;
    app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.sso", action)])?;
        read(store, &session.organization_id)
    })
}

/// [`sdk_read`] for a backend caller: the acting member's check (if any), then `read`.
fn backend_read<R>(
    app: &App,
    acting: &ActingMember,
    organization_id: &str,
    action: &str,
    read: impl FnOnce(&Store) -> std::result::Result<R, ApiError>,
) -> std::result::Result<R, ApiError> {
    app.with(|store, ctx| {
        acting.enforce(store, ctx, &[organization_id], &[("stytch.sso", action)])?;
        read(store)
    })
}

async fn sdk_connections(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    sdk_call(&app, &caller, "get", |store, _, org| store.sso_connections_of(org))
}

async fn sdk_create_saml(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<CreateConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, "create", |store, ctx, org| {
        store.create_saml_connection(ctx, org, &body)
    })
}

async fn sdk_update_saml(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<SamlUpdateConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, "update", |store, ctx, org| {
        store.update_saml_connection(ctx, org, &connection_id, &body)
    })
}

/// The update a metadata URL stands for: the document fetched and read for the entity ID,
/// sign-on URL and signing certificate. `invalid_saml_metadata_url` when it cannot be fetched,
/// `invalid_xml_from_saml_metadata_url` when it is not an identity provider's metadata.
async fn metadata_update(metadata_url: &str) -> std::result::Result<SamlUpdateConnectionRequest, ApiError> {
    required(metadata_url, "metadata_url")?;
    let text = crate::domain::remote::fetch_text(metadata_url).await.map_err(|why| {
        ApiError::new(
            400,
            ErrorType::Unknown("invalid_saml_metadata_url".into()),
            format!("Could not fetch SAML metadata from {metadata_url}: {why}"),
        )
    })?;
    let metadata = crate::domain::saml_metadata::parse(&text).map_err(|why| {
        ApiError::new(
            400,
            ErrorType::Unknown("invalid_xml_from_saml_metadata_url".into()),
            format!("The document at {metadata_url} is not SAML identity provider metadata: {why}."),
        )
    })?;
    Ok(SamlUpdateConnectionRequest {
        idp_entity_id: Some(metadata.entity_id),
        idp_sso_url: Some(metadata.sso_url),
        x509_certificate: Some(metadata.certificate_pem),
        ..Default::default()
    })
}

/// `sso.saml.updateConnectionByURL`: the caller's permission is checked before anything is
/// fetched.
async fn sdk_update_saml_by_url(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<SamlUpdateConnectionByUrlRequest>,
) -> Result {
    sdk_read(&app, &caller, "update", |_, _| Ok(()))?;
    let update = metadata_update(&body.metadata_url).await?;
    sdk_call(&app, &caller, "update", |store, ctx, org| {
        store.update_saml_connection(ctx, org, &connection_id, &update)
    })
}

async fn sdk_create_oidc(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<CreateConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, "create", |store, _, org| {
        store.create_oidc_connection(org, &body)
    })
}

/// Stytch's OIDC discovery on update: when the request changes the issuer, the provider's
/// metadata document fills the endpoints the request leaves out. A document that cannot be
/// fetched or read changes nothing; the update goes ahead as sent.
async fn with_discovery(request: OidcUpdateConnectionRequest, current_issuer: &str) -> OidcUpdateConnectionRequest {
    let Some(issuer) = request
        .issuer
        .as_deref()
        .map(str::trim)
        .filter(|issuer| !issuer.is_empty() && *issuer != current_issuer)
    else {
        return request;
    };
    // Configured by hand (the Admin Portal's "Configure manually"): nothing left to fill, so
    // an issuer the emulator cannot reach costs no wait.
    let given = |field: &Option<String>| field.as_deref().is_some_and(|url| !url.trim().is_empty());
    if [
        &request.authorization_url,
        &request.token_url,
        &request.userinfo_url,
        &request.jwks_url,
    ]
    .into_iter()
    .all(given)
    {
        return request;
    }
    let url = crate::domain::sso::oidc_discovery_url(issuer);
    match crate::domain::remote::fetch_text(&url).await {
        Ok(document) => crate::domain::sso::with_discovered_endpoints(request, &document),
        Err(_) => request,
    }
}

/// `sso.oidc.updateConnection`: the caller's permission is checked before anything is fetched.
async fn sdk_update_oidc(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<OidcUpdateConnectionRequest>,
) -> Result {
    let issuer = sdk_read(&app, &caller, "update", |store, org| {
        store.oidc_issuer(org, &connection_id)
    })?;
    let body = with_discovery(body, &issuer).await;
    sdk_call(&app, &caller, "update", |store, _, org| {
        store.update_oidc_connection(org, &connection_id, &body)
    })
}

/// `sso.external.createConnection`.
async fn sdk_create_external(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ExternalCreateConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, "create", |store, _, org| {
        store.create_external_connection(org, &body)
    })
}

/// `sso.external.updateConnection`.
async fn sdk_update_external(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<ExternalUpdateConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, "update", |store, _, org| {
        store.update_external_connection(org, &connection_id, &body)
    })
}

/// `sso.saml.deleteVerificationCertificate`.
async fn sdk_delete_certificate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path((connection_id, certificate_id)): Path<(String, String)>,
) -> Result {
    sdk_call(&app, &caller, "update", |store, _, org| {
        store.delete_verification_certificate(org, &connection_id, &certificate_id)
    })
}

/// `sso.saml.deleteEncryptionPrivateKey` (RBAC: `delete`, as Stytch's reference says).
async fn sdk_delete_encryption_key(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path((connection_id, private_key_id)): Path<(String, String)>,
) -> Result {
    sdk_call(&app, &caller, "delete", |store, _, org| {
        store.delete_encryption_private_key(org, &connection_id, &private_key_id)
    })
}

async fn sdk_delete(State(app): State<Arc<App>>, caller: SdkCaller, Path(connection_id): Path<String>) -> Result {
    sdk_call(&app, &caller, "delete", |store, _, org| {
        store.delete_sso_connection(org, &connection_id)
    })
}

/// `sso.discoverConnections(email)`: no session; the visitor is not signed in yet.
async fn discover_connections(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    let email = query.get("email_address").cloned().unwrap_or_default();
    required(&email, "email_address")?;
    Ok(respond::sdk(
        &app.with(|store, _| store.discover_sso_connections(email.trim()))?,
    ))
}

async fn backend_connections(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "get", |store, _| {
        store.sso_connections_of(&organization_id)
    })
}

async fn backend_delete(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "delete", |store, _| {
        store.delete_sso_connection(&organization_id, &connection_id)
    })
}

async fn backend_create_saml(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<CreateConnectionRequest>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "create", |store, ctx| {
        store.create_saml_connection(ctx, &organization_id, &body)
    })
}

async fn backend_update_saml(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<SamlUpdateConnectionRequest>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "update", |store, ctx| {
        store.update_saml_connection(ctx, &organization_id, &connection_id, &body)
    })
}

/// `sso.saml.updateByURL`: the acting member's permission is checked before anything is
/// fetched.
async fn backend_update_saml_by_url(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<SamlUpdateConnectionByUrlRequest>,
) -> Result {
    backend_read(&app, &acting, &organization_id, "update", |_| Ok(()))?;
    let update = metadata_update(&body.metadata_url).await?;
    backend_call(&app, &acting, &organization_id, "update", |store, ctx| {
        store.update_saml_connection(ctx, &organization_id, &connection_id, &update)
    })
}

async fn backend_delete_certificate(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id, certificate_id)): Path<(String, String, String)>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "update", |store, _| {
        store.delete_verification_certificate(&organization_id, &connection_id, &certificate_id)
    })
}

/// `sso.saml.deleteEncryptionPrivateKey` (RBAC: `delete`, as Stytch's reference says).
async fn backend_delete_encryption_key(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id, private_key_id)): Path<(String, String, String)>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "delete", |store, _| {
        store.delete_encryption_private_key(&organization_id, &connection_id, &private_key_id)
    })
}

async fn backend_create_oidc(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<CreateConnectionRequest>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "create", |store, _| {
        store.create_oidc_connection(&organization_id, &body)
    })
}

async fn backend_update_oidc(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<OidcUpdateConnectionRequest>,
) -> Result {
    let issuer = backend_read(&app, &acting, &organization_id, "update", |store| {
        store.oidc_issuer(&organization_id, &connection_id)
    })?;
    let body = with_discovery(body, &issuer).await;
    backend_call(&app, &acting, &organization_id, "update", |store, _| {
        store.update_oidc_connection(&organization_id, &connection_id, &body)
    })
}

async fn backend_create_external(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<ExternalCreateConnectionRequest>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "create", |store, _| {
        store.create_external_connection(&organization_id, &body)
    })
}

async fn backend_update_external(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<ExternalUpdateConnectionRequest>,
) -> Result {
    backend_call(&app, &acting, &organization_id, "update", |store, _| {
        store.update_external_connection(&organization_id, &connection_id, &body)
    })
}

/// The start parameters the sign-in form carries along as hidden fields.
const CARRIED: [&str; 5] = [
    "public_token",
    "connection_id",
    "login_redirect_url",
    "signup_redirect_url",
    "pkce_code_challenge",
];

fn parse_start(query: &HashMap<String, String>) -> SsoStart {
    let get = |k: &str| query.get(k).cloned().filter(|v| !v.is_empty());
    SsoStart {
        public_token: get("public_token").unwrap_or_default(),
        connection_id: get("connection_id").unwrap_or_default(),
        login_redirect_url: get("login_redirect_url"),
        signup_redirect_url: get("signup_redirect_url"),
        pkce_code_challenge: get("pkce_code_challenge"),
    }
}

fn idp_page(carried: &HashMap<String, String>, context: &IdpContext, problem: Option<&str>) -> Response {
    let hidden = hidden_fields(&CARRIED, carried);
    let action = "/v1/public/sso/idp";
    let name = if context.connection.display_name.is_empty() {
        context.connection.identity_provider.clone()
    } else {
        context.connection.display_name.clone()
    };
    let quick: String = context
        .known_emails
        .iter()
        .map(|email| {
            format!(
                r#"<li><form method="post" action="{action}">{hidden}<input type="hidden" name="email" value="{e}"><button class="quiet" type="submit">Continue as {e}</button></form></li>"#,
                e = escape(email),
            )
        })
        .collect();
    let quick = if quick.is_empty() {
        String::new()
    } else {
        format!(
            r#"<h2>Members of {}</h2><ul>{quick}</ul><h2>Someone else</h2>"#,
            escape(&context.organization_name)
        )
    };
    let problem = problem
        .map(|p| format!(r#"<p class="error" role="alert">{}</p>"#, escape(p)))
        .unwrap_or_default();
    let body = format!(
        r#"<h1>Sign in to {org} with {name}</h1>
<p>Simulated by the Stytch emulator: this {protocol} identity provider signs in whoever you say, and tells <strong>{org}</strong> who you are.</p>{problem}{quick}
<form method="post" action="{action}">{hidden}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>
<label for="name">Name</label><input id="name" name="name" autocomplete="name">
<label for="external_id">ID at the identity provider</label><input id="external_id" name="external_id" aria-describedby="external-hint">
<p class="hint" id="external-hint">Optional: the SAML NameID or OIDC subject; the email when empty.</p>{groups}
<button type="submit">Continue</button></form>"#,
        org = escape(&context.organization_name),
        name = escape(&name),
        protocol = context.protocol,
        groups = if context.protocol == "SAML" {
            r#"
<label for="groups">Groups</label><input id="groups" name="groups" aria-describedby="groups-hint">
<p class="hint" id="groups-hint">Optional, comma-separated: the groups the assertion names, for the connection's group role assignments.</p>"#
        } else {
            ""
        },
    );
    page(StatusCode::OK, &format!("Sign in with {name} · Stytch emulator"), &body)
}

async fn start(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Response {
    match app.with(|store, _| store.sso_start(&parse_start(&query))) {
        Ok(context) => idp_page(&query, &context, None),
        Err(error) => error_page(&error),
    }
}

async fn idp_sign_in(State(app): State<Arc<App>>, Form(form): Form<HashMap<String, String>>) -> Response {
    let start = parse_start(&form);
    let identity = SsoIdentity {
        email: form.get("email").cloned().unwrap_or_default(),
        name: form.get("name").cloned().unwrap_or_default(),
        external_id: form.get("external_id").cloned().unwrap_or_default(),
        groups: form
            .get("groups")
            .map(|g| {
                g.split(',')
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    };
    match app.with(|store, ctx| store.complete_sso(ctx, &start, identity)) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(error) => match app.with(|store, _| store.sso_start(&start)) {
            Ok(context) => {
                let mut response = idp_page(&form, &context, Some(&error.message));
                *response.status_mut() = StatusCode::BAD_REQUEST;
                response
            }
            Err(error) => error_page(&error),
        },
    }
}
