//! The frontend SDK API under `/sdk/v1`, as `@stytch/vanilla-js` calls it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use serde_json::Value;
use stytch_models::{
    BootstrapResponse, CaptchaSettings, ErrorType,
    api::{
        magic_links::InviteRequest,
        oauth::{GoogleOneTapDiscoverySubmitRequest, GoogleOneTapSubmitRequest},
        organizations::{
            MemberCreateRequest, MemberSearchRequest, MemberUpdateRequest, OrganizationBySlugMatch,
            OrganizationResponse, OrganizationSearchRequest, OrganizationSearchResponse, OrganizationUpdateRequest,
            StartEmailUpdateRequest, UnlinkRetiredEmailRequest,
        },
        sessions::SessionsAuthenticateRequest,
    },
};

use super::auth;
use super::extract::{JsonBody, Path, SdkCaller, required};
use super::respond;
use crate::domain::one_tap::OneTapSubmit;
use crate::domain::organizations::{RemovedCredential, member_response};
use crate::domain::{App, ids, rbac, search};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// Routes relative to `/sdk/v1`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/projects/bootstrap/{public_token}", get(bootstrap))
        .route("/events", post(events))
        .route("/b2b/admin_portal_config", get(admin_portal_config))
        .route(
            "/b2b/magic_links/email/discovery/send",
            post(auth::discovery_send::<SdkCaller>),
        )
        .route(
            "/b2b/magic_links/discovery/authenticate",
            post(auth::discovery_authenticate::<SdkCaller>),
        )
        .route("/b2b/discovery/organizations", post(auth::discovery_list::<SdkCaller>))
        .route(
            "/b2b/discovery/organizations/create",
            post(auth::discovery_create::<SdkCaller>),
        )
        .route(
            "/b2b/discovery/intermediate_sessions/exchange",
            post(auth::ist_exchange::<SdkCaller>),
        )
        .route("/b2b/sessions/authenticate", post(session_authenticate))
        .route("/b2b/sessions/revoke", post(session_revoke))
        .route("/b2b/sessions/revoke/{member_id}", post(member_sessions_revoke))
        .route("/b2b/sessions/exchange", post(auth::session_exchange::<SdkCaller>))
        .route("/b2b/sessions/attest", post(auth::session_attest::<SdkCaller>))
        .route(
            "/b2b/organizations/me",
            get(organization_me)
                .put(organization_update)
                .delete(organization_delete),
        )
        .route("/b2b/organizations/members", post(member_create))
        .route("/b2b/organizations/members/update", put(self_update))
        .route(
            "/b2b/organizations/members/deletePhoneNumber",
            axum::routing::delete(self_delete_phone),
        )
        .route(
            "/b2b/organizations/members/deleteTOTP",
            axum::routing::delete(self_delete_totp),
        )
        .route(
            "/b2b/organizations/members/passwords/{member_password_id}",
            axum::routing::delete(member_delete_password),
        )
        .route(
            "/b2b/organizations/members/mfa_phone_numbers/{member_id}",
            axum::routing::delete(member_delete_phone),
        )
        .route(
            "/b2b/organizations/members/totp/{member_id}",
            axum::routing::delete(member_delete_totp),
        )
        .route(
            "/b2b/organizations/members/{member_id}",
            put(member_update).delete(member_delete),
        )
        .route(
            "/b2b/organizations/members/{member_id}/reactivate",
            put(member_reactivate),
        )
        .route(
            "/b2b/organizations/members/start_email_update",
            post(self_start_email_update),
        )
        .route(
            "/b2b/organizations/members/{member_id}/start_email_update",
            post(member_start_email_update),
        )
        .route(
            "/b2b/organizations/members/unlink_retired_email",
            post(self_unlink_retired_email),
        )
        .route(
            "/b2b/organizations/members/{member_id}/unlink_retired_email",
            post(member_unlink_retired_email),
        )
        .route(
            "/b2b/magic_links/email/login_or_signup",
            post(auth::login_or_signup::<SdkCaller>),
        )
        .route(
            "/b2b/magic_links/authenticate",
            post(auth::magic_link_authenticate::<SdkCaller>),
        )
        .route("/b2b/otps/sms/send", post(auth::sms_send::<SdkCaller>))
        .route("/b2b/otps/sms/authenticate", post(auth::sms_authenticate::<SdkCaller>))
        .route("/b2b/totp", post(auth::totp_create::<SdkCaller>))
        .route("/b2b/totp/authenticate", post(auth::totp_authenticate::<SdkCaller>))
        .route("/b2b/recovery_codes/recover", post(auth::recover::<SdkCaller>))
        .route("/b2b/recovery_codes", get(recovery_codes))
        .route("/b2b/recovery_codes/rotate", post(rotate_recovery_codes))
        .route("/b2b/organizations/members/me", get(member_me))
        .route("/b2b/magic_links/email/invite", post(invite))
        .route("/b2b/organizations/search", post(organization_search))
        .route("/b2b/organizations/me/members/search", post(member_search))
        .route("/b2b/organizations/members/search", post(member_lookup))
        .route(
            "/b2b/otps/email/discovery/send",
            post(auth::email_otp_discovery_send::<SdkCaller>),
        )
        .route(
            "/b2b/otps/email/discovery/authenticate",
            post(auth::email_otp_discovery_authenticate::<SdkCaller>),
        )
        .route(
            "/b2b/otps/email/login_or_signup",
            post(auth::email_otp_login_or_signup::<SdkCaller>),
        )
        .route(
            "/b2b/otps/email/authenticate",
            post(auth::email_otp_authenticate::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/authenticate",
            post(auth::password_authenticate::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/discovery/authenticate",
            post(auth::password_discovery_authenticate::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/strength_check",
            post(auth::password_strength_check::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/email/reset/start",
            post(auth::password_reset_start::<SdkCaller>),
        )
        .route("/b2b/passwords/email/reset", post(auth::password_reset::<SdkCaller>))
        .route(
            "/b2b/passwords/discovery/reset/start",
            post(auth::password_discovery_reset_start::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/discovery/reset",
            post(auth::password_discovery_reset::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/existing_password/reset",
            post(auth::password_reset_existing::<SdkCaller>),
        )
        .route(
            "/b2b/passwords/session/reset",
            post(auth::password_reset_session::<SdkCaller>),
        )
        .route(
            "/b2b/impersonation/authenticate",
            post(auth::impersonation_authenticate::<SdkCaller>),
        )
        .route("/b2b/oauth/authenticate", post(auth::oauth_authenticate::<SdkCaller>))
        .route(
            "/b2b/oauth/discovery/authenticate",
            post(auth::oauth_discovery_authenticate::<SdkCaller>),
        )
        .route("/b2b/oauth/google/onetap/start", get(one_tap_start))
        .route("/b2b/oauth/google/onetap/submit", post(one_tap_submit))
        .route(
            "/b2b/oauth/google/onetap/discovery/submit",
            post(one_tap_discovery_submit),
        )
}

/// `oauth.googleOneTap.*`'s first call: the Google client ID One Tap runs under.
async fn one_tap_start(State(app): State<Arc<App>>, _caller: SdkCaller) -> Result {
    let google_client_id = app.with(|store, _| store.project.google_client_id.clone());
    let mut answer = respond::common();
    answer["google_client_id"] = Value::String(google_client_id);
    Ok(respond::sdk(&answer))
}

fn one_tap_answer(redirect_url: String) -> Response {
    let mut answer = respond::common();
    answer["redirect_url"] = Value::String(redirect_url);
    respond::sdk(&answer)
}

/// `oauth.googleOneTap.start`'s submit: the login or signup redirect URL with an OAuth token.
async fn one_tap_submit(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<GoogleOneTapSubmitRequest>,
) -> Result {
    required(&body.id_token, "id_token")?;
    let submit = OneTapSubmit {
        id_token: body.id_token,
        organization_id: Some(body.organization_id),
        login_redirect_url: body.login_redirect_url,
        signup_redirect_url: body.signup_redirect_url,
        discovery_redirect_url: None,
        pkce_code_challenge: body.pkce_code_challenge,
    };
    let url = app.with(|store, ctx| store.submit_one_tap(ctx, submit, false))?;
    Ok(one_tap_answer(url))
}

/// `oauth.googleOneTap.discovery.start`'s submit: the discovery redirect URL with a discovery
/// OAuth token.
async fn one_tap_discovery_submit(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<GoogleOneTapDiscoverySubmitRequest>,
) -> Result {
    required(&body.id_token, "id_token")?;
    let submit = OneTapSubmit {
        id_token: body.id_token,
        discovery_redirect_url: body.discovery_redirect_url,
        pkce_code_challenge: body.pkce_code_challenge,
        ..OneTapSubmit::default()
    };
    let url = app.with(|store, ctx| store.submit_one_tap(ctx, submit, true))?;
    Ok(one_tap_answer(url))
}

async fn bootstrap(State(app): State<Arc<App>>, Path(public_token): Path<String>) -> Result {
    app.with(|store, _| {
        if public_token != store.project.public_token {
            return Err(ApiError::new(
                404,
                ErrorType::PublicTokenNotFound,
                "The public token could not be found.",
            ));
        }
        let project = &store.project;
        Ok(respond::sdk(&BootstrapResponse {
            request_id: ids::request_id(),
            status_code: 200,
            project_name: project.name.clone(),
            disable_sdk_watermark: true,
            cname_domain: None,
            email_domains: vec!["stytch.com".into()],
            captcha_settings: CaptchaSettings {
                enabled: false,
                site_key: None,
            },
            slug_pattern: project.slug_pattern.clone(),
            create_organization_enabled: project.create_organization_enabled,
            password_config: None,
            dfp_protected_auth_enabled: false,
            dfp_protected_auth_mode: Some("OBSERVATION".into()),
            rbac_policy: Some(project.rbac_policy.clone()),
            vertical: Some("B2B".into()),
            pkce_required_for_email_magic_links: project.pkce_required.email_magic_links,
            pkce_required_for_password_resets: project.pkce_required.password_resets,
            pkce_required_for_oauth: project.pkce_required.oauth,
            pkce_required_for_sso: project.pkce_required.sso,
            ..Default::default()
        }))
    })
}

/// What the official Admin Portal (`mountAdminPortalSSO`, `…SCIM`, `…OrgSettings`,
/// `…MemberManagement`) may offer in this project: the emulator serves SSO of both kinds,
/// SCIM and organization MFA settings, so it offers all of them. Who may use each is the
/// member's RBAC, checked by the calls the portal then makes.
async fn admin_portal_config(_caller: SdkCaller) -> Result {
    let mut config = respond::common();
    config["sso_config"] = serde_json::json!({
        "sso_enabled": true,
        "can_create_saml_connection": true,
        "can_create_oidc_connection": true,
    });
    config["scim_config"] = serde_json::json!({ "scim_enabled": true });
    config["organization_config"] = serde_json::json!({ "mfa_controls_enabled": true });
    Ok(respond::sdk(&config))
}

async fn events(JsonBody(_events): JsonBody<Value>) -> Result {
    Ok(respond::sdk(&respond::common()))
}

async fn session_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<SessionsAuthenticateRequest>,
) -> Result {
    let credential = caller.session()?;
    // Custom claims are the backend's to set: a browser must not grant itself claims, so the
    // SDK surface never merges `session_custom_claims` (the official SDK does not send it).
    let (mut response, claims) = app.with(|store, ctx| {
        store.authenticate_session_unsigned(ctx, &credential, body.session_duration_minutes, None)
    })?;
    // Signed outside the store's lock, so refreshes use every core.
    response.session_jwt = crate::domain::sessions::sign(&app.signer(), &claims)?;
    Ok(respond::sdk(&response))
}

async fn session_revoke(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(_body): JsonBody<Value>) -> Result {
    let credential = caller.session()?;
    app.with(|store, ctx| store.revoke_session(ctx, &credential))?;
    Ok(respond::sdk(&respond::common()))
}

/// `session.revokeForMember`: signs a member of the session's organization out everywhere,
/// for a member whose roles grant `revoke-sessions` on `stytch.member`.
async fn member_sessions_revoke(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(member_id): Path<String>,
) -> Result {
    let credential = caller.session()?;
    app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", "revoke-sessions")])?;
        store.sign_out_member(&session.organization_id, &member_id)
    })?;
    Ok(respond::sdk(&respond::common()))
}

/// `magic_links/email/invite` from the browser: into the session's organization, by its
/// member, who needs `create` on `stytch.member` in the RBAC policy.
async fn invite(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(mut body): JsonBody<InviteRequest>) -> Result {
    required(&body.email_address, "email_address")?;
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", "create")])?;
        body.invited_by_member_id = Some(session.member_id.clone());
        store.invite_member(ctx, &session.organization_id, &body)
    })?;
    Ok(respond::sdk(&response))
}

async fn organization_me(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let token = store.resolve_session(ctx, &credential)?;
        let organization_id = store.live_session(&token, ctx.now)?.session.organization_id.clone();
        let organization = store.organization(&organization_id)?.clone();
        Ok::<_, ApiError>(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization,
        })
    })?;
    Ok(respond::sdk(&response))
}

async fn member_me(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let token = store.resolve_session(ctx, &credential)?;
        let session = store.live_session(&token, ctx.now)?.session.clone();
        let member = store.member(&session.organization_id, &session.member_id)?.clone();
        let organization = store.organization(&session.organization_id)?.clone();
        Ok::<_, ApiError>(member_response(member, organization))
    })?;
    Ok(respond::sdk(&response))
}

async fn recovery_codes(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    let token = caller
        .session()
        .map(|_| caller.session_token.clone().unwrap_or_default())?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.recovery_codes(ctx, &token, false))?,
    ))
}

async fn rotate_recovery_codes(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(_body): JsonBody<Value>,
) -> Result {
    let token = caller
        .session()
        .map(|_| caller.session_token.clone().unwrap_or_default())?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.recovery_codes(ctx, &token, true))?,
    ))
}

async fn organization_search(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<OrganizationSearchRequest>,
) -> Result {
    required(&body.organization_slug, "organization_slug")?;
    let organization = app.with(|store, _| {
        store
            .organizations
            .iter()
            .find(|o| o.organization_slug.eq_ignore_ascii_case(&body.organization_slug))
            .map(OrganizationBySlugMatch::from)
    });
    Ok(respond::sdk(&OrganizationSearchResponse {
        request_id: ids::request_id(),
        status_code: 200,
        organization,
    }))
}

/// `organization.members.search`: the signed-in member's organization only, for a member whose
/// roles allow `search` on `stytch.member`.
async fn member_search(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result {
    let mut body: MemberSearchRequest = search::read_body(body, search::MEMBER)?;
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", "search")])?;
        body.organization_ids = Some(vec![session.organization_id]);
        store.search_members(&body)
    })?;
    Ok(respond::sdk(&response))
}

/// The body of the prebuilt UI's member lookup.
#[derive(serde::Deserialize)]
struct MemberLookup {
    #[serde(default)]
    email_address: String,
    #[serde(default)]
    organization_id: String,
}

/// The prebuilt UI's member lookup before a password login (`searchManager.searchMember`):
/// whether the address is a member of the organization, and if so its status, name and
/// password ID; `null` when it is not, or was deleted. No session: the visitor is not signed in.
async fn member_lookup(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<MemberLookup>,
) -> Result {
    required(&body.email_address, "email_address")?;
    required(&body.organization_id, "organization_id")?;
    let member = app.with(|store, _| {
        store.organization(&body.organization_id)?;
        Ok::<_, ApiError>(
            store
                .members
                .iter()
                .find(|m| {
                    m.organization_id == body.organization_id
                        && m.email_address.eq_ignore_ascii_case(&body.email_address)
                        && m.status != stytch_models::MemberStatus::Deleted
                })
                .map(|m| {
                    serde_json::json!({
                        "status": m.status.as_str(),
                        "name": m.name,
                        "member_password_id": m.member_password_id,
                    })
                }),
        )
    })?;
    let mut answer = respond::common();
    answer["member"] = member.unwrap_or(Value::Null);
    Ok(respond::sdk(&answer))
}

/// `organization.update`: the session's organization, with the `stytch.organization` action
/// of each field set.
async fn organization_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OrganizationUpdateRequest>,
) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &rbac::organization_update(&body))?;
        store.update_organization(ctx, &session.organization_id, &body, None)
    })?;
    Ok(respond::sdk(&response))
}

/// `organization.delete`: the session's organization, its members and their sessions.
async fn organization_delete(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    let credential = caller.session()?;
    let organization_id = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.organization", "delete")])?;
        store.delete_organization(&session.organization_id)?;
        Ok::<_, ApiError>(session.organization_id)
    })?;
    let mut body = respond::common();
    body["organization_id"] = organization_id.into();
    Ok(respond::sdk(&body))
}

/// `organization.members.create`, into the session's organization.
async fn member_create(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<MemberCreateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", "create")])?;
        store.create_member(ctx, &session.organization_id, &body)
    })?;
    Ok(respond::sdk(&response))
}

/// `organization.members.update`: a member of the session's organization; updating oneself
/// this way is checked as `self.update` is (see [`rbac::member_update`]).
async fn member_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(member_id): Path<String>,
    JsonBody(body): JsonBody<MemberUpdateRequest>,
) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.member_session(ctx, &credential)?;
        let oneself = session.member_id == store.member_id_of(&session.organization_id, &member_id);
        rbac::refuse_own_email(&body, oneself)?;
        store.require(&session, &rbac::member_update(&body, oneself))?;
        store.update_member(ctx, &session.organization_id, &member_id, &body, None)
    })?;
    Ok(respond::sdk(&response))
}

/// `self.update`: the signed-in member's own details.
async fn self_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<MemberUpdateRequest>,
) -> Result {
    rbac::refuse_own_email(&body, true)?;
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &rbac::member_update(&body, true))?;
        store.update_member(ctx, &session.organization_id, &session.member_id, &body, None)
    })?;
    Ok(respond::sdk(&response))
}

/// `organization.members.delete`: the member is marked deleted and its sessions end.
async fn member_delete(State(app): State<Arc<App>>, caller: SdkCaller, Path(member_id): Path<String>) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", "delete")])?;
        store.set_member_deleted(ctx, &session.organization_id, &member_id, true)
    })?;
    Ok(respond::sdk(&response))
}

/// `organization.members.reactivate`, for a role granting every `stytch.member` action.
async fn member_reactivate(State(app): State<Arc<App>>, caller: SdkCaller, Path(member_id): Path<String>) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, &[("stytch.member", rbac::EVERY_ACTION)])?;
        store.set_member_deleted(ctx, &session.organization_id, &member_id, false)
    })?;
    Ok(respond::sdk(&response))
}

/// Whose credential an SDK call removes.
enum Whose {
    Mine,
    Member(String),
    OwnerOfPassword(String),
}

/// Removes a credential of the signed-in member or, with `stytch.member` permission, of
/// another member of the session's organization.
fn remove_credential(app: &App, caller: &SdkCaller, whose: Whose, credential: RemovedCredential) -> Result {
    let credential_of_session = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.member_session(ctx, &credential_of_session)?;
        let member_id = match whose {
            Whose::Mine => session.member_id.clone(),
            Whose::Member(id) => store.member_id_of(&session.organization_id, &id),
            Whose::OwnerOfPassword(password_id) => store
                .member_by_password(&session.organization_id, &password_id)?
                .member_id
                .clone(),
        };
        store.require(
            &session,
            &[rbac::credential_removal(&credential, member_id == session.member_id)],
        )?;
        store.remove_credential(ctx, &session.organization_id, &member_id, credential)
    })?;
    Ok(respond::sdk(&response))
}

/// `self.deleteMFAPhoneNumber`.
async fn self_delete_phone(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    remove_credential(&app, &caller, Whose::Mine, RemovedCredential::MfaPhone)
}

/// `self.deleteMFATOTP`.
async fn self_delete_totp(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    remove_credential(&app, &caller, Whose::Mine, RemovedCredential::Totp)
}

/// `self.deletePassword` and `organization.members.deletePassword` (one path for both).
async fn member_delete_password(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(password_id): Path<String>,
) -> Result {
    let whose = Whose::OwnerOfPassword(password_id.clone());
    remove_credential(&app, &caller, whose, RemovedCredential::Password(password_id))
}

/// `organization.members.deleteMFAPhoneNumber`.
async fn member_delete_phone(State(app): State<Arc<App>>, caller: SdkCaller, Path(member_id): Path<String>) -> Result {
    remove_credential(&app, &caller, Whose::Member(member_id), RemovedCredential::MfaPhone)
}

/// `organization.members.deleteMFATOTP`.
async fn member_delete_totp(State(app): State<Arc<App>>, caller: SdkCaller, Path(member_id): Path<String>) -> Result {
    remove_credential(&app, &caller, Whose::Member(member_id), RemovedCredential::Totp)
}

/// An email change of the signed-in member or, with `stytch.member` permission, of another
/// member of the session's organization: a start ([`EmailChange::Start`]) or an unlink.
enum EmailChange {
    Start(StartEmailUpdateRequest),
    Unlink(UnlinkRetiredEmailRequest),
}

fn change_email(app: &App, caller: &SdkCaller, member_id: Option<String>, change: EmailChange) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.member_session(ctx, &credential)?;
        let member_id = member_id.map_or_else(
            || session.member_id.clone(),
            |id| store.member_id_of(&session.organization_id, &id),
        );
        let unlink = matches!(change, EmailChange::Unlink(_));
        store.require(&session, &[rbac::member_email(unlink, member_id == session.member_id)])?;
        match &change {
            EmailChange::Start(body) => store.start_email_update(ctx, &session.organization_id, &member_id, body),
            EmailChange::Unlink(body) => store.unlink_retired_email(ctx, &session.organization_id, &member_id, body),
        }
    })?;
    Ok(respond::sdk(&response))
}

/// `self.startEmailUpdate`.
async fn self_start_email_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<StartEmailUpdateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    change_email(&app, &caller, None, EmailChange::Start(body))
}

/// `organization.members.startEmailUpdate`.
async fn member_start_email_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(member_id): Path<String>,
    JsonBody(body): JsonBody<StartEmailUpdateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    change_email(&app, &caller, Some(member_id), EmailChange::Start(body))
}

/// `self.unlinkRetiredEmail`.
async fn self_unlink_retired_email(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<UnlinkRetiredEmailRequest>,
) -> Result {
    change_email(&app, &caller, None, EmailChange::Unlink(body))
}

/// `organization.members.unlinkRetiredEmail`.
async fn member_unlink_retired_email(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(member_id): Path<String>,
    JsonBody(body): JsonBody<UnlinkRetiredEmailRequest>,
) -> Result {
    change_email(&app, &caller, Some(member_id), EmailChange::Unlink(body))
}
