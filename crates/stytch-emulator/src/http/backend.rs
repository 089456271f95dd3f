//! The backend API under `/v1/b2b`, as Stytch's server clients (npm `stytch`) call it: the
//! organization, member and session management only servers may do, and (from
//! [`super::auth`]) every authentication endpoint the SDK surface has, with the session in the
//! body and flat answers.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use stytch_models::{
    ErrorType,
    api::magic_links::InviteRequest,
    api::organizations::{
        MemberCreateRequest, MemberSearchRequest, MemberUpdateRequest, OrganizationCreateRequest,
        OrganizationUpdateRequest, SearchQuery, StartEmailUpdateRequest, UnlinkRetiredEmailRequest,
    },
    api::sessions::{SessionsAuthenticateRequest, SessionsRevokeRequest},
};

use super::auth;
use super::extract::{ActingMember, BackendCaller, JsonBody, Path, Query, required};
use super::respond;
use crate::domain::migration::{MigrateRequest, SessionMigrateRequest, TotpMigrateRequest};
use crate::domain::organizations::{BackendMemberFields, BackendOrganizationFields, RemovedCredential};
use crate::domain::passwords::RequireResetRequest;
use crate::domain::sessions::SessionCredential;
use crate::domain::{App, rbac, search};
use crate::error::{ApiError, ApiResult};

type Result = std::result::Result<Response, ApiError>;
type B = BackendCaller;

/// Routes relative to `/v1/b2b`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/organizations", post(create_organization))
        .route("/organizations/search", post(search_organizations))
        .route("/organizations/members/search", post(search_members))
        .route(
            "/organizations/members/dangerously_get/{member_id}",
            get(dangerously_get_member),
        )
        .route(
            "/organizations/{organization_id}/external_id",
            axum::routing::delete(delete_organization_external_id),
        )
        .route("/organizations/{organization_id}/metrics", get(organization_metrics))
        .route(
            "/organizations/{organization_id}/members/{member_id}/external_id",
            axum::routing::delete(delete_member_external_id),
        )
        .route(
            "/organizations/{organization_id}",
            get(get_organization)
                .put(update_organization)
                .delete(delete_organization),
        )
        .route("/organizations/{organization_id}/members", post(create_member))
        .route(
            "/organizations/{organization_id}/members/{member_id}",
            put(update_member).delete(delete_member),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/reactivate",
            put(reactivate_member),
        )
        .route("/organizations/{organization_id}/member", get(get_member))
        .route(
            "/organizations/{organization_id}/members/{member_id}/oauth_providers/{provider}",
            get(member_oauth_tokens),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/oidc_providers",
            get(member_oidc_tokens),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/start_email_update",
            post(start_email_update),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/unlink_retired_email",
            post(unlink_retired_email),
        )
        .route(
            "/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}",
            axum::routing::delete(delete_member_phone),
        )
        .route(
            "/organizations/{organization_id}/members/{member_id}/totp",
            axum::routing::delete(delete_member_totp),
        )
        .route(
            "/organizations/{organization_id}/members/passwords/{member_password_id}",
            axum::routing::delete(delete_member_password),
        )
        .route("/magic_links/email/invite", post(invite))
        .route("/rbac/policy", get(rbac_policy))
        .route(
            "/rbac/organizations/{organization_id}",
            get(get_org_policy).put(set_org_policy),
        )
        .route("/sessions", get(list_sessions))
        .route("/sessions/authenticate", post(authenticate_session))
        .route("/sessions/exchange", post(auth::session_exchange::<B>))
        .route("/sessions/attest", post(auth::session_attest::<B>))
        .route("/sessions/revoke", post(revoke_session))
        .route("/sessions/migrate", post(migrate_session))
        .route("/sessions/jwks/{project_id}", get(jwks))
        .route("/recovery_codes/{organization_id}/{member_id}", get(recovery_codes))
        .route("/recovery_codes/rotate", post(rotate_recovery_codes))
        .route("/passwords/migrate", post(migrate_password))
        .route("/passwords/email/require_reset", post(require_password_reset))
        .route("/totp/migrate", post(migrate_totp))
        .merge(authentication())
}

/// The authentication endpoints shared with the SDK surface, at the backend's paths.
fn authentication() -> Router<Arc<App>> {
    Router::new()
        .route("/magic_links/email/login_or_signup", post(auth::login_or_signup::<B>))
        .route("/magic_links/authenticate", post(auth::magic_link_authenticate::<B>))
        .route("/magic_links/email/discovery/send", post(auth::discovery_send::<B>))
        .route(
            "/magic_links/discovery/authenticate",
            post(auth::discovery_authenticate::<B>),
        )
        .route(
            "/otps/email/login_or_signup",
            post(auth::email_otp_login_or_signup::<B>),
        )
        .route("/otps/email/authenticate", post(auth::email_otp_authenticate::<B>))
        .route("/otps/email/discovery/send", post(auth::email_otp_discovery_send::<B>))
        .route(
            "/otps/email/discovery/authenticate",
            post(auth::email_otp_discovery_authenticate::<B>),
        )
        .route("/otps/sms/send", post(auth::sms_send::<B>))
        .route("/otps/sms/authenticate", post(auth::sms_authenticate::<B>))
        .route("/passwords/authenticate", post(auth::password_authenticate::<B>))
        .route(
            "/passwords/discovery/authenticate",
            post(auth::password_discovery_authenticate::<B>),
        )
        .route("/passwords/strength_check", post(auth::password_strength_check::<B>))
        .route("/passwords/email/reset/start", post(auth::password_reset_start::<B>))
        .route("/passwords/email/reset", post(auth::password_reset::<B>))
        .route(
            "/passwords/discovery/email/reset/start",
            post(auth::password_discovery_reset_start::<B>),
        )
        .route(
            "/passwords/discovery/email/reset",
            post(auth::password_discovery_reset::<B>),
        )
        .route(
            "/passwords/existing_password/reset",
            post(auth::password_reset_existing::<B>),
        )
        .route("/passwords/session/reset", post(auth::password_reset_session::<B>))
        .route(
            "/impersonation/authenticate",
            post(auth::impersonation_authenticate::<B>),
        )
        .route("/oauth/authenticate", post(auth::oauth_authenticate::<B>))
        .route(
            "/oauth/discovery/authenticate",
            post(auth::oauth_discovery_authenticate::<B>),
        )
        .route("/totp", post(auth::totp_create::<B>))
        .route("/totp/authenticate", post(auth::totp_authenticate::<B>))
        .route("/recovery_codes/recover", post(auth::recover::<B>))
        .route("/discovery/organizations", post(auth::discovery_list::<B>))
        .route("/discovery/organizations/create", post(auth::discovery_create::<B>))
        .route(
            "/discovery/intermediate_sessions/exchange",
            post(auth::ist_exchange::<B>),
        )
}

async fn create_organization(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<OrganizationCreateRequest>,
) -> Result {
    required(&body.organization_name, "organization_name")?;
    Ok(respond::flat(
        &app.with(|store, ctx| store.create_organization(ctx, &body))?,
    ))
}

async fn get_organization(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(organization_id): Path<String>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.get_organization(&organization_id))?,
    ))
}

async fn update_organization(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<BackendOrganizationUpdate>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        let mut permissions = rbac::organization_update(&body.common);
        let fields = &body.backend;
        refuse_trusted_metadata_for_member(&acting, fields.trusted_metadata.is_some())?;
        if fields.organization_external_id.is_some() || fields.claimed_email_domains.is_some() {
            // Stytch names no action for these; a member acting needs every one.
            permissions.push(("stytch.organization", rbac::EVERY_ACTION));
        }
        acting.enforce(store, ctx, &[&organization_id], &permissions)?;
        store.update_organization(ctx, &organization_id, &body.common, Some(&body.backend))
    })?))
}

/// Stytch: "You cannot update trusted metadata when acting as a Member": a call made with a
/// member's session header that sets `trusted_metadata` is refused, whatever the member's roles.
fn refuse_trusted_metadata_for_member(acting: &ActingMember, sets_trusted_metadata: bool) -> ApiResult<()> {
    if acting.0.is_some() && sets_trusted_metadata {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("cannot_update_trusted_metadata".into()),
            "trusted_metadata cannot be updated by a call made for a member (a member session header).",
        ));
    }
    Ok(())
}

/// The backend's organization update: the SDK's fields and those only a server may change.
#[derive(serde::Deserialize)]
struct BackendOrganizationUpdate {
    #[serde(flatten)]
    common: OrganizationUpdateRequest,
    #[serde(flatten)]
    backend: BackendOrganizationFields,
}

/// Removes an organization's external ID (a member acting needs every organization action:
/// Stytch names none for it).
async fn delete_organization_external_id(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(
            store,
            ctx,
            &[&organization_id],
            &[("stytch.organization", rbac::EVERY_ACTION)],
        )?;
        store.delete_organization_external_id(ctx, &organization_id)
    })?))
}

/// Removes a member's external ID (a member acting needs every member action).
async fn delete_member_external_id(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(
            store,
            ctx,
            &[&organization_id],
            &[("stytch.member", rbac::EVERY_ACTION)],
        )?;
        store.delete_member_external_id(ctx, &organization_id, &member_id)
    })?))
}

async fn dangerously_get_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(member_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    let include_deleted = query.get("include_deleted").is_some_and(|v| v == "true");
    Ok(respond::flat(&app.with(|store, _| {
        store.dangerously_get_member(&member_id, include_deleted)
    })?))
}

async fn organization_metrics(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(organization_id): Path<String>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.organization_metrics(&organization_id))?,
    ))
}

/// Imports a member's password hash from another system.
async fn migrate_password(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<MigrateRequest>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, ctx| store.migrate_password(ctx, &body))?,
    ))
}

/// Makes a cross-organization password reset before it signs in again.
async fn require_password_reset(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<RequireResetRequest>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.require_password_reset(&body))?,
    ))
}

/// Starts a Stytch session for a member signed in to the system being migrated from, named by
/// that system's UserInfo endpoint (`--session-migration-url`). Custom claims as on any
/// backend sign-in.
async fn migrate_session(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<SessionMigrateRequest>,
) -> Result {
    let url = app.with(|store, _| store.project.session_migration_url.clone());
    let email = crate::domain::migration::user_info_email(url.as_deref(), &body.session_token).await?;
    let claims = super::extract::session_claims::<BackendCaller>(body.session_custom_claims.as_ref())?;
    Ok(respond::flat(
        &app.with_session_claims(claims.as_ref(), |store, ctx| store.migrate_session(ctx, &body, &email))?,
    ))
}

/// Imports a member's authenticator app (its secret) and recovery codes from another system.
async fn migrate_totp(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<TotpMigrateRequest>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| store.migrate_totp(ctx, &body))?))
}

/// A `POST organizations/search` body.
#[derive(serde::Deserialize)]
struct SearchRequest {
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    query: Option<SearchQuery>,
}

async fn search_organizations(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result {
    let body: SearchRequest = search::read_body(body, search::ORG)?;
    let (organizations, total, next_cursor) =
        app.with(|store, _| store.search_organizations(body.query.as_ref(), body.limit, body.cursor.as_deref()))?;
    let mut answer = respond::common();
    answer["organizations"] = serde_json::to_value(organizations).unwrap_or_default();
    answer["results_metadata"] = serde_json::json!({ "total": total, "next_cursor": next_cursor });
    Ok(respond::flat(&answer))
}

async fn search_members(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result {
    let body: MemberSearchRequest = search::read_body(body, search::MEMBER)?;
    Ok(respond::flat(&app.with(|store, ctx| {
        let organization_ids: Vec<&str> = body.organization_ids.iter().flatten().map(String::as_str).collect();
        acting.enforce(store, ctx, &organization_ids, &[("stytch.member", "search")])?;
        store.search_members(&body)
    })?))
}

async fn delete_organization(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
) -> Result {
    app.with(|store, ctx| {
        acting.enforce(store, ctx, &[&organization_id], &[("stytch.organization", "delete")])?;
        store.delete_organization(&organization_id)
    })?;
    let mut body = respond::common();
    body["organization_id"] = organization_id.into();
    Ok(respond::flat(&body))
}

async fn delete_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(store, ctx, &[&organization_id], &[("stytch.member", "delete")])?;
        store.set_member_deleted(ctx, &organization_id, &member_id, true)
    })?))
}

async fn reactivate_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(
            store,
            ctx,
            &[&organization_id],
            &[("stytch.member", rbac::EVERY_ACTION)],
        )?;
        store.set_member_deleted(ctx, &organization_id, &member_id, false)
    })?))
}

async fn delete_member_phone(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    remove_credential(&app, &acting, &organization_id, &member_id, RemovedCredential::MfaPhone)
}

async fn delete_member_totp(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    remove_credential(&app, &acting, &organization_id, &member_id, RemovedCredential::Totp)
}

async fn delete_member_password(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, password_id)): Path<(String, String)>,
) -> Result {
    let member_id = app.with(|store, _| {
        store
            .member_by_password(&organization_id, &password_id)
            .map(|m| m.member_id.clone())
    })?;
    remove_credential(
        &app,
        &acting,
        &organization_id,
        &member_id,
        RemovedCredential::Password(password_id),
    )
}

/// A member's credential removed by the backend, for a member acting with the permission
/// [`rbac::credential_removal`] names.
fn remove_credential(
    app: &App,
    acting: &ActingMember,
    organization_id: &str,
    member_id: &str,
    credential: RemovedCredential,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce_as(store, ctx, &[organization_id], |session| {
            vec![rbac::credential_removal(
                &credential,
                session.member_id == store.member_id_of(organization_id, member_id),
            )]
        })?;
        store.remove_credential(ctx, organization_id, member_id, credential)
    })?))
}

async fn update_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<BackendMemberUpdate>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        rbac::refuse_own_email(&body.common, acting.acts_as(store, ctx, &member_id)?)?;
        refuse_trusted_metadata_for_member(&acting, body.backend.trusted_metadata.is_some())?;
        let backend_only = body.backend.external_id.is_some();
        acting.enforce_as(store, ctx, &[&organization_id], |session| {
            let oneself = session.member_id == store.member_id_of(&organization_id, &member_id);
            let mut permissions = rbac::member_update(&body.common, oneself);
            if backend_only {
                // Stytch names no action for the external ID; a member acting needs every one.
                permissions.push(("stytch.member", rbac::EVERY_ACTION));
            }
            permissions
        })?;
        store.update_member(ctx, &organization_id, &member_id, &body.common, Some(&body.backend))
    })?))
}

/// The backend's member update: the SDK's fields and those only a server may change.
#[derive(serde::Deserialize)]
struct BackendMemberUpdate {
    #[serde(flatten)]
    common: MemberUpdateRequest,
    #[serde(flatten)]
    backend: BackendMemberFields,
}

/// Start Member Email Update, for a member acting with `update.info.email`.
async fn start_email_update(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<StartEmailUpdateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce_as(store, ctx, &[&organization_id], |session| {
            vec![rbac::member_email(
                false,
                session.member_id == store.member_id_of(&organization_id, &member_id),
            )]
        })?;
        store.start_email_update(ctx, &organization_id, &member_id, &body)
    })?))
}

/// Unlink Retired Email, for a member acting with `update.info.unlink.retired-email`.
async fn unlink_retired_email(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, member_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<UnlinkRetiredEmailRequest>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce_as(store, ctx, &[&organization_id], |session| {
            vec![rbac::member_email(
                true,
                session.member_id == store.member_id_of(&organization_id, &member_id),
            )]
        })?;
        store.unlink_retired_email(ctx, &organization_id, &member_id, &body)
    })?))
}

async fn create_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<MemberCreateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(store, ctx, &[&organization_id], &[("stytch.member", "create")])?;
        store.create_member(ctx, &organization_id, &body)
    })?))
}

async fn get_member(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(organization_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    let member_id = query.get("member_id").map(String::as_str);
    let email = query.get("email_address").map(String::as_str);
    Ok(respond::flat(&app.with(|store, _| {
        store.get_member(&organization_id, member_id, email)
    })?))
}

/// The tokens OIDC connections' identity providers issued for the member (npm `stytch`'s
/// `organizations.members.oidcProviders`), refresh tokens with `include_refresh_token=true`.
async fn member_oidc_tokens(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path((organization_id, member_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    let include_refresh_token = query.get("include_refresh_token").is_some_and(|v| v == "true");
    Ok(respond::flat(&app.with(|store, ctx| {
        store.member_oidc_tokens(ctx, &organization_id, &member_id, include_refresh_token)
    })?))
}

/// The provider tokens an OAuth sign-in left for the member (npm `stytch`'s
/// `organizations.members.oauthProviders.*`), the refresh token with
/// `include_refresh_token=true`.
async fn member_oauth_tokens(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path((organization_id, member_id, provider)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    use stytch_models::api::oauth::OAuthProvider;
    let provider = OAuthProvider::parse(&provider);
    if matches!(provider, OAuthProvider::Unknown(_)) {
        return Err(ApiError::new(
            404,
            ErrorType::RouteNotFound,
            "The requested route does not exist.",
        ));
    }
    let include_refresh_token = query.get("include_refresh_token").is_some_and(|v| v == "true");
    Ok(respond::flat(&app.with(|store, ctx| {
        store.member_provider_tokens(ctx, &organization_id, &member_id, &provider, include_refresh_token)
    })?))
}

async fn invite(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    JsonBody(body): JsonBody<InviteRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(store, ctx, &[&body.organization_id], &[("stytch.member", "create")])?;
        store.invite_member(ctx, &body.organization_id, &body)
    })?))
}

async fn authenticate_session(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<SessionsAuthenticateRequest>,
) -> Result {
    let credential = SessionCredential::from_pair(body.session_token, body.session_jwt)?;
    if let Some(check) = &body.authorization_check {
        required(&check.organization_id, "authorization_check.organization_id")?;
        required(&check.resource_id, "authorization_check.resource_id")?;
        required(&check.action, "authorization_check.action")?;
    }
    Ok(respond::flat(&app.with(|store, ctx| {
        let verdict = body
            .authorization_check
            .as_ref()
            .map(|check| store.check_authorization(ctx, &credential, check))
            .transpose()?;
        let mut response = store.authenticate_session(
            ctx,
            &credential,
            body.session_duration_minutes,
            body.session_custom_claims.as_ref(),
        )?;
        response.verdict = verdict;
        Ok::<_, ApiError>(response)
    })?))
}

/// `GET /v1/b2b/rbac/policy`: the project's policy, which server clients fetch to check a
/// session JWT's roles locally.
async fn rbac_policy(State(app): State<Arc<App>>, _: BackendCaller) -> Result {
    let policy = app.with(|store, _| store.project.rbac_policy.clone());
    Ok(respond::flat(&serde_json::json!({
        "request_id": crate::domain::ids::request_id(),
        "status_code": 200,
        "policy": policy,
    })))
}

/// An `org_policy`: an organization's own roles.
#[derive(serde::Deserialize)]
struct OrgPolicy {
    #[serde(default)]
    roles: Vec<stytch_models::PolicyRole>,
}

/// A `PUT rbac/organizations/{organization_id}` body.
#[derive(serde::Deserialize)]
struct SetOrgPolicyRequest {
    org_policy: OrgPolicy,
}

fn org_policy_answer(roles: Vec<stytch_models::PolicyRole>) -> Response {
    respond::flat(&serde_json::json!({
        "request_id": crate::domain::ids::request_id(),
        "status_code": 200,
        "org_policy": { "roles": roles },
    }))
}

/// `GET /v1/b2b/rbac/organizations/{organization_id}`: the roles defined for one organization.
async fn get_org_policy(State(app): State<Arc<App>>, _: BackendCaller, Path(organization_id): Path<String>) -> Result {
    Ok(org_policy_answer(
        app.with(|store, _| store.org_policy(&organization_id))?,
    ))
}

/// `PUT /v1/b2b/rbac/organizations/{organization_id}`: replaces them; checks and verdicts
/// use them at once, and the organization's `custom_roles` show them.
async fn set_org_policy(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<SetOrgPolicyRequest>,
) -> Result {
    Ok(org_policy_answer(app.with(|store, _| {
        store.set_org_policy(&organization_id, body.org_policy.roles)
    })?))
}

async fn list_sessions(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Query(query): Query<HashMap<String, String>>,
) -> Result {
    let organization_id = query.get("organization_id").map(String::as_str).unwrap_or_default();
    let member_id = query.get("member_id").map(String::as_str).unwrap_or_default();
    required(organization_id, "organization_id")?;
    required(member_id, "member_id")?;
    let sessions = app.with(|store, ctx| store.member_sessions(ctx, organization_id, member_id))?;
    let mut body = respond::common();
    body["member_sessions"] = serde_json::to_value(sessions).unwrap_or_default();
    Ok(respond::flat(&body))
}

/// `sessions/revoke`: one session (by ID, token or JWT) or every session of a member. Made for
/// a member (`X-Stytch-Member-Session`), it needs `revoke-sessions` on `stytch.member` in the
/// target's organization.
async fn revoke_session(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    JsonBody(body): JsonBody<SessionsRevokeRequest>,
) -> Result {
    const REVOKE: &[(&str, &str)] = &[("stytch.member", "revoke-sessions")];
    app.with(|store, ctx| {
        if let Some(member_id) = body.member_id.filter(|m| !m.is_empty()) {
            let organization_id = store.member_organization(&member_id)?;
            acting.enforce(store, ctx, &[&organization_id], REVOKE)?;
            return store.sign_out_member(&organization_id, &member_id);
        }
        let credential = match body.member_session_id.filter(|s| !s.is_empty()) {
            Some(session_id) => SessionCredential::Token(
                store
                    .session_ids
                    .get(&session_id)
                    .cloned()
                    .ok_or_else(ApiError::session_not_found)?,
            ),
            None => SessionCredential::from_pair(body.session_token, body.session_jwt).map_err(|_| {
                ApiError::new(
                    400,
                    ErrorType::Unknown("no_session_revoke_arguments".into()),
                    "Name the session to revoke.",
                )
            })?,
        };
        let organization_id = store.session_organization(ctx, &credential)?;
        acting.enforce(store, ctx, &[&organization_id], REVOKE)?;
        store.revoke_session(ctx, &credential)
    })?;
    Ok(respond::flat(&respond::common()))
}

/// `GET recovery_codes/{organization_id}/{member_id}`: a member's unused recovery codes.
async fn recovery_codes(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> Result {
    Ok(respond::flat(&app.with(|store, _| {
        store.member_recovery_codes(&organization_id, &member_id, false)
    })?))
}

/// `POST recovery_codes/rotate {organization_id, member_id}`: a fresh set for a member.
async fn rotate_recovery_codes(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    JsonBody(body): JsonBody<MemberRef>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    Ok(respond::flat(&app.with(|store, _| {
        store.member_recovery_codes(&body.organization_id, &body.member_id, true)
    })?))
}

/// A member named by organization and ID.
#[derive(serde::Deserialize)]
struct MemberRef {
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    member_id: String,
}

/// `GET /v1/b2b/sessions/jwks/{project_id}`, served without credentials as Stytch does.
pub async fn jwks(State(app): State<Arc<App>>, Path(project_id): Path<String>) -> Result {
    app.with(|store, _| {
        if project_id != store.project.project_id {
            return Err(ApiError::new(
                404,
                ErrorType::Unknown("project_not_found".into()),
                "The project could not be found.",
            ));
        }
        Ok(())
    })?;
    let mut body = app.signer().jwks();
    body["request_id"] = crate::domain::ids::request_id().into();
    body["status_code"] = 200.into();
    Ok(respond::flat(&body))
}
