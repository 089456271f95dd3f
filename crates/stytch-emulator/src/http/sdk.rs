//! The frontend SDK API under `/sdk/v1`, as `@stytch/vanilla-js` calls it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::Value;
use stytch_models::{
    BootstrapResponse, CaptchaSettings, ErrorType,
    api::{
        discovery::{
            DiscoveryOrganizationsRequest, IntermediateSessionExchangeRequest, OrganizationCreateViaDiscoveryRequest,
        },
        magic_links::{
            DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, LoginOrSignupRequest,
            MagicLinkAuthenticateRequest,
        },
        mfa::{RecoverRequest, SmsAuthenticateRequest, SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest},
        organizations::{MemberResponse, OrganizationResponse},
        sessions::{SessionsAuthenticateRequest, SessionsExchangeRequest},
    },
};

use super::extract::{JsonBody, SdkCaller, required};
use super::respond;
use crate::domain::mfa::MfaCredential;
use crate::domain::{App, ids};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// Routes relative to `/sdk/v1`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/projects/bootstrap/{public_token}", get(bootstrap))
        .route("/events", post(events))
        .route("/b2b/magic_links/email/discovery/send", post(discovery_send))
        .route("/b2b/magic_links/discovery/authenticate", post(discovery_authenticate))
        .route("/b2b/discovery/organizations", post(discovery_list))
        .route("/b2b/discovery/organizations/create", post(discovery_create))
        .route("/b2b/discovery/intermediate_sessions/exchange", post(ist_exchange))
        .route("/b2b/sessions/authenticate", post(session_authenticate))
        .route("/b2b/sessions/revoke", post(session_revoke))
        .route("/b2b/sessions/exchange", post(session_exchange))
        .route("/b2b/organizations/me", get(organization_me))
        .route("/b2b/magic_links/email/login_or_signup", post(login_or_signup))
        .route("/b2b/magic_links/authenticate", post(magic_link_authenticate))
        .route("/b2b/otps/sms/send", post(sms_send))
        .route("/b2b/otps/sms/authenticate", post(sms_authenticate))
        .route("/b2b/totp", post(totp_create))
        .route("/b2b/totp/authenticate", post(totp_authenticate))
        .route("/b2b/recovery_codes/recover", post(recover))
        .route("/b2b/recovery_codes", get(recovery_codes))
        .route("/b2b/recovery_codes/rotate", post(rotate_recovery_codes))
        .route("/b2b/organizations/members/me", get(member_me))
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
            slug_pattern: None,
            create_organization_enabled: project.create_organization_enabled,
            password_config: None,
            dfp_protected_auth_enabled: false,
            dfp_protected_auth_mode: Some("OBSERVATION".into()),
            rbac_policy: Some(project.rbac_policy.clone()),
            vertical: Some("B2B".into()),
            ..Default::default()
        }))
    })
}

async fn events(JsonBody(_events): JsonBody<Value>) -> Result {
    Ok(respond::sdk(&respond::common()))
}

async fn discovery_send(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<DiscoveryEmailSendRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_discovery_magic_link(ctx, &body))?;
    Ok(respond::sdk(&respond::common()))
}

async fn discovery_authenticate(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<DiscoveryMagicLinkAuthenticateRequest>,
) -> Result {
    required(&body.discovery_magic_links_token, "discovery_magic_links_token")?;
    let response = app.with(|store, ctx| {
        store.authenticate_discovery_magic_link(
            ctx,
            &body.discovery_magic_links_token,
            body.pkce_code_verifier.as_deref(),
        )
    })?;
    Ok(respond::sdk(&response))
}

/// The IST from the body, or in HttpOnly mode from the emulator's own cookie.
fn ist_required(token: Option<String>, caller: &SdkCaller) -> std::result::Result<String, ApiError> {
    token
        .filter(|t| !t.is_empty())
        .or_else(|| caller.ist_cookie.clone())
        .ok_or_else(ApiError::ist_not_found)
}

async fn discovery_list(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<DiscoveryOrganizationsRequest>,
) -> Result {
    let ist = body
        .intermediate_session_token
        .filter(|t| !t.is_empty())
        .or_else(|| caller.ist_cookie.clone());
    let session = if ist.is_some() { None } else { Some(caller.session()?) };
    let response = app.with(|store, ctx| store.list_discovered(ctx, ist.as_deref(), session))?;
    Ok(respond::sdk(&response))
}

async fn discovery_create(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OrganizationCreateViaDiscoveryRequest>,
) -> Result {
    let ist = ist_required(body.intermediate_session_token.clone(), &caller)?;
    let response = app.with(|store, ctx| {
        if !store.project.create_organization_enabled {
            return Err(ApiError::new(
                401,
                ErrorType::EndpointNotAuthorizedForSdk,
                "Creating organizations from the SDK is disabled for this project.",
            ));
        }
        store.create_organization_via_discovery(ctx, &ist, &body)
    })?;
    Ok(respond::sdk(&response))
}

async fn ist_exchange(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<IntermediateSessionExchangeRequest>,
) -> Result {
    let ist = ist_required(body.intermediate_session_token, &caller)?;
    required(&body.organization_id, "organization_id")?;
    let response = app.with(|store, ctx| {
        store.exchange_intermediate_session(ctx, &ist, &body.organization_id, body.session_duration_minutes)
    })?;
    Ok(respond::sdk(&response))
}

async fn session_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<SessionsAuthenticateRequest>,
) -> Result {
    let credential = caller.session()?;
    let response =
        app.with(|store, ctx| store.authenticate_session(ctx, &credential, body.session_duration_minutes))?;
    Ok(respond::sdk(&response))
}

async fn session_exchange(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<SessionsExchangeRequest>,
) -> Result {
    let credential = caller.session()?;
    required(&body.organization_id, "organization_id")?;
    let response = app.with(|store, ctx| {
        store.exchange_session(ctx, &credential, &body.organization_id, body.session_duration_minutes)
    })?;
    Ok(respond::sdk(&response))
}

async fn session_revoke(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(_body): JsonBody<Value>) -> Result {
    let credential = caller.session()?;
    app.with(|store, ctx| store.revoke_session(ctx, &credential))?;
    Ok(respond::sdk(&respond::common()))
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
        Ok::<_, ApiError>(MemberResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            member,
            organization,
        })
    })?;
    Ok(respond::sdk(&response))
}

async fn login_or_signup(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<LoginOrSignupRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.send_login_magic_link(ctx, &body))?,
    ))
}

async fn magic_link_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<MagicLinkAuthenticateRequest>,
) -> Result {
    required(&body.magic_links_token, "magic_links_token")?;
    let ist = body
        .intermediate_session_token
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| caller.ist_cookie.clone());
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_magic_link(ctx, &body, ist.as_deref())
    })?))
}

/// An MFA call's credential: the IST (body or HttpOnly cookie), else the caller's session.
fn mfa_credential(ist: Option<String>, caller: &SdkCaller) -> std::result::Result<MfaCredential, ApiError> {
    match ist.filter(|t| !t.is_empty()).or_else(|| caller.ist_cookie.clone()) {
        Some(ist) => Ok(MfaCredential::Ist(ist)),
        None => match &caller.session_token {
            Some(token) => Ok(MfaCredential::Session(token.clone())),
            None => Err(ApiError::ist_not_found()),
        },
    }
}

async fn sms_send(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(body): JsonBody<SmsSendRequest>) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    let credential = mfa_credential(body.intermediate_session_token.clone(), &caller)?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.send_sms_otp(ctx, credential, &body))?,
    ))
}

async fn sms_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<SmsAuthenticateRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    required(&body.code, "code")?;
    let credential = mfa_credential(body.intermediate_session_token.clone(), &caller)?;
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_sms_otp(ctx, credential, &body)
    })?))
}

async fn totp_create(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<TotpCreateRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    let credential = mfa_credential(body.intermediate_session_token.clone(), &caller)?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.create_totp(ctx, credential, &body))?,
    ))
}

async fn totp_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<TotpAuthenticateRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    required(&body.code, "code")?;
    let credential = mfa_credential(body.intermediate_session_token.clone(), &caller)?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.authenticate_totp(ctx, credential, &body))?,
    ))
}

async fn recover(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(body): JsonBody<RecoverRequest>) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.member_id, "member_id")?;
    required(&body.recovery_code, "recovery_code")?;
    let credential = mfa_credential(body.intermediate_session_token.clone(), &caller)?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.recover(ctx, credential, &body))?,
    ))
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
