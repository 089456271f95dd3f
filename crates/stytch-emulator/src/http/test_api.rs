//! The emulator's own API for tests and tools, under `/emulator/v1`: the outbox, the clock,
//! faults, request counts, the project's RBAC policy and redirect URLs, impersonation tokens (the Dashboard's
//! "Impersonate Member"), Trusted Auth Token profiles (the Dashboard's and the Management API's),
//! a reset to the starting state, and the state's export and import.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use stytch_models::time::format_rfc3339;

use super::extract::{JsonBody, Path, Query};
use super::respond;
use crate::domain::App;
use crate::domain::claim_templates::{TemplateInput, TemplateKind};
use crate::domain::faults::FaultRequest;
use crate::domain::redirect_urls::{RedirectUrl, ValidType};
use crate::domain::state::Snapshot;
use crate::domain::trusted_tokens::{ProfileInput, ProfileUpdate};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// Routes relative to `/emulator/v1`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/messages", get(messages).delete(clear_messages))
        .route("/clock", get(clock).post(advance_clock))
        .route("/health", get(health))
        .route("/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/requests", get(request_counts).delete(reset_request_counts))
        .route("/rbac/policy", get(project_policy).put(set_project_policy))
        .route(
            "/redirect_urls",
            get(redirect_urls).post(add_redirect_url).delete(remove_redirect_url),
        )
        .route(
            "/jwt_templates/{jwt_template_type}",
            get(jwt_template).put(set_jwt_template),
        )
        .route("/impersonation", post(impersonate))
        .route(
            "/trusted_token_profiles",
            get(trusted_token_profiles).post(create_trusted_token_profile),
        )
        .route(
            "/trusted_token_profiles/{profile_id}",
            get(trusted_token_profile)
                .put(update_trusted_token_profile)
                .delete(delete_trusted_token_profile),
        )
        .route(
            "/trusted_token_profiles/{profile_id}/pem_files",
            post(add_trusted_token_pem_file),
        )
        .route(
            "/trusted_token_profiles/{profile_id}/pem_files/{pem_file_id}",
            axum::routing::delete(delete_trusted_token_pem_file),
        )
        .route("/reset", post(reset))
        .route(
            "/state",
            get(export_state)
                .put(import_state)
                .layer(axum::extract::DefaultBodyLimit::max(256 * 1024 * 1024)),
        )
}

/// `GET /emulator/v1/state`: everything the emulator holds, as `PUT` and `--import` take it.
async fn export_state(State(app): State<Arc<App>>) -> Result {
    Ok(respond::flat(&app.export()))
}

/// `PUT /emulator/v1/state`: replaces the state (and the reset point) with an exported one;
/// a refused document leaves everything as it was.
async fn import_state(State(app): State<Arc<App>>, JsonBody(snapshot): JsonBody<Snapshot>) -> Result {
    app.import(snapshot).map_err(ApiError::bad_request)?;
    Ok(respond::flat(&state_summary(&app)))
}

/// `{key: value}` with the Management API's `request_id` and `status_code`.
fn managed(key: &str, value: impl serde::Serialize) -> Response {
    let mut body = respond::common();
    body[key] = json!(value);
    respond::flat(&body)
}

/// `GET /emulator/v1/trusted_token_profiles`: every profile (`{profiles}`).
async fn trusted_token_profiles(State(app): State<Arc<App>>) -> Result {
    let profiles = app.with(|store, _| store.trusted_token_profiles.clone());
    Ok(managed("profiles", profiles))
}

/// `POST /emulator/v1/trusted_token_profiles`: a new profile, as the Management API's create
/// takes it (`name`, `audience`, `issuer`, `public_key_type` `JWK` with `jwks_url` or `PEM`
/// with `pem_files`, `attribute_mapping`, `can_jit_provision`; and `profile_id`, ours, for a
/// fixed ID); refused with Stytch's names.
async fn create_trusted_token_profile(State(app): State<Arc<App>>, JsonBody(input): JsonBody<ProfileInput>) -> Result {
    let profile = app.with(|store, _| store.add_trusted_token_profile(input))?;
    Ok(managed("profile", profile))
}

/// `GET /emulator/v1/trusted_token_profiles/{profile_id}`.
async fn trusted_token_profile(State(app): State<Arc<App>>, Path(profile_id): Path<String>) -> Result {
    let profile = app.with(|store, _| store.trusted_token_profile(&profile_id).cloned())?;
    Ok(managed("profile", profile))
}

/// `PUT /emulator/v1/trusted_token_profiles/{profile_id}`: changes what the body names.
async fn update_trusted_token_profile(
    State(app): State<Arc<App>>,
    Path(profile_id): Path<String>,
    JsonBody(update): JsonBody<ProfileUpdate>,
) -> Result {
    let profile = app.with(|store, _| store.update_trusted_token_profile(&profile_id, update))?;
    Ok(managed("profile", profile))
}

/// `DELETE /emulator/v1/trusted_token_profiles/{profile_id}`.
async fn delete_trusted_token_profile(State(app): State<Arc<App>>, Path(profile_id): Path<String>) -> Result {
    app.with(|store, _| store.delete_trusted_token_profile(&profile_id))?;
    Ok(respond::flat(&respond::common()))
}

/// What `POST …/pem_files` takes.
#[derive(Deserialize)]
struct PemFileRequest {
    public_key: String,
}

/// `POST /emulator/v1/trusted_token_profiles/{profile_id}/pem_files`: another key (a rotation).
async fn add_trusted_token_pem_file(
    State(app): State<Arc<App>>,
    Path(profile_id): Path<String>,
    JsonBody(request): JsonBody<PemFileRequest>,
) -> Result {
    let file = app.with(|store, _| store.add_trusted_token_pem_file(&profile_id, request.public_key))?;
    Ok(managed("pem_file", file))
}

/// `DELETE /emulator/v1/trusted_token_profiles/{profile_id}/pem_files/{pem_file_id}`.
async fn delete_trusted_token_pem_file(
    State(app): State<Arc<App>>,
    Path((profile_id, pem_file_id)): Path<(String, String)>,
) -> Result {
    app.with(|store, _| store.delete_trusted_token_pem_file(&profile_id, &pem_file_id))?;
    Ok(respond::flat(&respond::common()))
}

/// `GET /emulator/v1/rbac/policy`: the project's policy, as Stytch's `GET /v1/b2b/rbac/policy`
/// answers it, with no credentials.
async fn project_policy(State(app): State<Arc<App>>) -> Result {
    let policy = app.with(|store, _| store.project.rbac_policy.clone());
    Ok(respond::flat(&json!({ "policy": policy })))
}

/// `PUT /emulator/v1/rbac/policy`: replaces the project's policy until the next reset or
/// import, as editing it in Stytch's dashboard would. The body is what `--rbac-policy` reads
/// (Stytch's answer saved as is, or its `policy` alone); a policy Stytch would not save, or one
/// an organization's own roles no longer fit, is a `bad_request` naming the problem, and the
/// policy stays as it was.
async fn set_project_policy(State(app): State<Arc<App>>, body: axum::body::Bytes) -> Result {
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::bad_request("The body is not UTF-8 text."))?;
    let policy = crate::domain::project_policy::rbac_policy_from_json(text).map_err(ApiError::bad_request)?;
    let policy = app.set_rbac_policy(policy).map_err(ApiError::bad_request)?;
    Ok(respond::flat(&json!({ "policy": policy })))
}

/// `GET /emulator/v1/redirect_urls`: the project's allow-list, each URL with the kinds of
/// redirect it is allowed for (`valid_types`, in the Management API's shape).
async fn redirect_urls(State(app): State<Arc<App>>) -> Result {
    let urls = app.with(|store, _| store.project.redirect_urls.clone());
    Ok(respond::flat(&json!({ "redirect_urls": urls })))
}

/// What `POST /emulator/v1/redirect_urls` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedirectUrlInput {
    url: String,
    /// The kinds it is allowed for (`{"type": "LOGIN", "is_default": true}`, …); every kind
    /// when absent.
    #[serde(default)]
    valid_types: Vec<ValidType>,
    /// With no `valid_types`: the default of every kind.
    #[serde(default)]
    is_default: bool,
}

/// `POST /emulator/v1/redirect_urls` with `{"url": "…", "valid_types"?: […], "is_default"?:
/// bool}`: allows the URL until the next reset or import; answers with the whole list.
async fn add_redirect_url(State(app): State<Arc<App>>, JsonBody(input): JsonBody<RedirectUrlInput>) -> Result {
    let urls = app.with(|store, _| {
        store
            .add_redirect_url(&input.url, &input.valid_types, input.is_default)
            .map(<[RedirectUrl]>::to_vec)
    })?;
    Ok(respond::flat(&json!({ "redirect_urls": urls })))
}

/// `DELETE /emulator/v1/redirect_urls?url=…`: no longer allows the URL (404
/// `redirect_url_not_found` when it was not); answers with the whole list.
async fn remove_redirect_url(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Result {
    let url = query
        .get("url")
        .ok_or_else(|| ApiError::bad_request("Name the redirect URL to remove: ?url=…"))?;
    let urls = app.with(|store, _| store.remove_redirect_url(url).map(<[RedirectUrl]>::to_vec))?;
    Ok(respond::flat(&json!({ "redirect_urls": urls })))
}

/// The template type in the path: `SESSION` or `M2M` (`jwt_template_not_found` otherwise).
fn template_kind(text: &str) -> std::result::Result<TemplateKind, ApiError> {
    TemplateKind::parse(text).ok_or_else(|| {
        ApiError::named(
            404,
            "jwt_template_not_found",
            "jwt_template_type must be SESSION or M2M.",
        )
    })
}

/// `GET /emulator/v1/jwt_templates/{SESSION|M2M}`: the project's custom claim template, as
/// the Management API shows it (empty text when there is none).
async fn jwt_template(State(app): State<Arc<App>>, Path(kind): Path<String>) -> Result {
    let kind = template_kind(&kind)?;
    Ok(respond::flat(&app.with(|store, _| store.jwt_template(kind))))
}

/// `PUT /emulator/v1/jwt_templates/{SESSION|M2M}` with `{"template_content": "…"}`: replaces
/// the template until the next reset or import; empty text removes it.
async fn set_jwt_template(
    State(app): State<Arc<App>>,
    Path(kind): Path<String>,
    JsonBody(input): JsonBody<TemplateInput>,
) -> Result {
    let kind = template_kind(&kind)?;
    Ok(respond::flat(
        &app.with(|store, _| store.set_jwt_template(kind, &input))?,
    ))
}

/// Whom to impersonate, as `POST /emulator/v1/impersonation` (JSON) and
/// `GET /emulator/impersonate` (query) take it.
#[derive(Deserialize)]
pub(super) struct ImpersonateRequest {
    /// The organization's ID or slug.
    organization_id: String,
    #[serde(default)]
    member_id: Option<String>,
    /// Instead of `member_id`.
    #[serde(default)]
    email_address: Option<String>,
    #[serde(default)]
    impersonator_id: Option<String>,
    #[serde(default)]
    impersonator_email_address: Option<String>,
}

/// Issues an impersonation token: the token and the link the Dashboard would open (none when
/// the project has no redirect URL).
pub(super) fn issue_impersonation(
    app: &App,
    body: ImpersonateRequest,
) -> std::result::Result<(String, Option<String>), ApiError> {
    let impersonator = (body.impersonator_id.is_some() || body.impersonator_email_address.is_some()).then(|| {
        stytch_models::ImpersonatedFactor {
            impersonator_id: body.impersonator_id.unwrap_or_default(),
            impersonator_email_address: body.impersonator_email_address.unwrap_or_default(),
        }
    });
    let (token, redirect) = app.with(|store, ctx| {
        let organization_id = store.organization(&body.organization_id)?.organization_id.clone();
        let member_id = match (&body.member_id, &body.email_address) {
            (Some(member_id), _) => member_id.clone(),
            (None, Some(email)) => store
                .member_by_email(&organization_id, email)
                .map(|m| m.member_id.clone())
                .ok_or_else(ApiError::member_not_found)?,
            (None, None) => return Err(ApiError::bad_request("Name the member: member_id or email_address.")),
        };
        let token = store.issue_impersonation_token(ctx, &organization_id, &member_id, impersonator)?;
        Ok::<_, ApiError>((token, store.default_login_url()))
    })?;
    let url = redirect.map(|base| {
        let separator = if base.contains('?') { '&' } else { '?' };
        format!("{base}{separator}stytch_token_type=multi_tenant_impersonation&token={token}")
    });
    Ok((token, url))
}

/// `POST /emulator/v1/impersonation`: what the Stytch Dashboard's "Impersonate Member" does.
/// Issues a single-use token (five minutes) for an active member, named by `member_id` or
/// `email_address` in the organization `organization_id` (an ID or a slug), and answers with
/// it and the link the Dashboard would open: the project's default redirect URL with
/// `stytch_token_type=multi_tenant_impersonation&token=…`.
async fn impersonate(State(app): State<Arc<App>>, JsonBody(body): JsonBody<ImpersonateRequest>) -> Result {
    let (token, url) = issue_impersonation(&app, body)?;
    Ok(respond::flat(&json!({ "impersonation_token": token, "url": url })))
}

/// What the emulator now holds, after a reset or an import.
fn state_summary(app: &App) -> serde_json::Value {
    let (organizations, members) = app.with(|store, _| (store.organizations.len(), store.members.len()));
    json!({ "organizations": organizations, "members": members, "clock": clock_body(app) })
}

/// `POST /emulator/v1/reset`: the state the emulator started with (see [`App::reset`]), so a
/// suite can isolate its tests without restarting the process.
async fn reset(State(app): State<Arc<App>>) -> Result {
    app.reset();
    Ok(respond::flat(&state_summary(&app)))
}

async fn list_faults(State(app): State<Arc<App>>) -> Result {
    Ok(respond::flat(&json!({ "faults": app.with_faults(|f| f.list()) })))
}

async fn add_fault(State(app): State<Arc<App>>, JsonBody(body): JsonBody<FaultRequest>) -> Result {
    let fault = app.with_faults(|f| f.add(body)).map_err(ApiError::bad_request)?;
    Ok(respond::flat(&json!({ "fault": fault })))
}

async fn clear_faults(State(app): State<Arc<App>>) -> Result {
    app.with_faults(|f| f.clear());
    Ok(respond::flat(&json!({ "faults": [] })))
}

async fn request_counts(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Result {
    let counts = app.with_faults(|f| f.counts(query.get("path").map(String::as_str)));
    let total: u64 = counts.values().sum();
    Ok(respond::flat(&json!({ "total": total, "requests": counts })))
}

async fn reset_request_counts(State(app): State<Arc<App>>) -> Result {
    app.with_faults(|f| f.reset_counts());
    Ok(respond::flat(&json!({ "total": 0, "requests": {} })))
}

async fn messages(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Result {
    let to = query.get("to").map(|t| t.trim().to_ascii_lowercase());
    let messages: Vec<_> = app.with(|store, _| {
        store
            .outbox
            .iter()
            .filter(|m| to.as_deref().is_none_or(|to| m.to.eq_ignore_ascii_case(to)))
            .cloned()
            .collect()
    });
    Ok(respond::flat(&json!({ "messages": messages })))
}

async fn clear_messages(State(app): State<Arc<App>>) -> Result {
    app.with(|store, _| store.outbox.clear());
    Ok(respond::flat(&json!({ "messages": [] })))
}

#[derive(Deserialize)]
struct AdvanceClock {
    advance_seconds: i64,
}

fn clock_body(app: &App) -> serde_json::Value {
    json!({ "now": format_rfc3339(app.clock.now_ms()), "offset_seconds": app.clock.offset_seconds() })
}

async fn clock(State(app): State<Arc<App>>) -> Result {
    Ok(respond::flat(&clock_body(&app)))
}

async fn advance_clock(State(app): State<Arc<App>>, JsonBody(body): JsonBody<AdvanceClock>) -> Result {
    if body.advance_seconds.unsigned_abs() > 100 * 365 * 24 * 3600 {
        return Err(ApiError::bad_request("advance_seconds must be within a hundred years."));
    }
    app.clock.advance(body.advance_seconds);
    Ok(respond::flat(&clock_body(&app)))
}

async fn health(State(app): State<Arc<App>>) -> Result {
    let (public_token, project_id) =
        app.with(|store, _| (store.project.public_token.clone(), store.project.project_id.clone()));
    Ok(respond::flat(
        &json!({ "status": "ok", "public_token": public_token, "project_id": project_id }),
    ))
}
