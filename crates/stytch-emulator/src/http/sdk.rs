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
            DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, InviteRequest, LoginOrSignupRequest,
            MagicLinkAuthenticateRequest,
        },
        mfa::{RecoverRequest, SmsAuthenticateRequest, SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest},
        oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest},
        organizations::{
            MemberResponse, OrganizationBySlugMatch, OrganizationResponse, OrganizationSearchRequest,
            OrganizationSearchResponse,
        },
        otps::{
            EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
            EmailOtpLoginOrSignupRequest,
        },
        passwords::{
            DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
            PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
            ResetByExistingPasswordRequest, ResetBySessionRequest, StrengthCheckRequest,
        },
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
        .route("/b2b/magic_links/email/invite", post(invite))
        .route("/b2b/organizations/search", post(organization_search))
        .route("/b2b/otps/email/discovery/send", post(email_otp_discovery_send))
        .route(
            "/b2b/otps/email/discovery/authenticate",
            post(email_otp_discovery_authenticate),
        )
        .route("/b2b/otps/email/login_or_signup", post(email_otp_login_or_signup))
        .route("/b2b/otps/email/authenticate", post(email_otp_authenticate))
        .route("/b2b/passwords/authenticate", post(password_authenticate))
        .route(
            "/b2b/passwords/discovery/authenticate",
            post(password_discovery_authenticate),
        )
        .route("/b2b/passwords/strength_check", post(password_strength_check))
        .route("/b2b/passwords/email/reset/start", post(password_reset_start))
        .route("/b2b/passwords/email/reset", post(password_reset))
        .route(
            "/b2b/passwords/discovery/reset/start",
            post(password_discovery_reset_start),
        )
        .route("/b2b/passwords/discovery/reset", post(password_discovery_reset))
        .route("/b2b/passwords/existing_password/reset", post(password_reset_existing))
        .route("/b2b/passwords/session/reset", post(password_reset_session))
        .route("/b2b/oauth/authenticate", post(oauth_authenticate))
        .route("/b2b/oauth/discovery/authenticate", post(oauth_discovery_authenticate))
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
    let (mut response, claims) =
        app.with(|store, ctx| store.authenticate_session_unsigned(ctx, &credential, body.session_duration_minutes))?;
    // Signed outside the store's lock, so refreshes use every core.
    response.session_jwt = crate::domain::sessions::sign(&app.signer, &claims)?;
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

/// `magic_links/email/invite` from the browser: into the session's organization, by its
/// member, who needs `create` on `stytch.member` in the RBAC policy.
async fn invite(State(app): State<Arc<App>>, caller: SdkCaller, JsonBody(mut body): JsonBody<InviteRequest>) -> Result {
    required(&body.email_address, "email_address")?;
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let token = store.resolve_session(ctx, &credential)?;
        let session = store.live_session(&token, ctx.now)?.session.clone();
        if !store.permits(&session.roles, "stytch.member", "create") {
            return Err(ApiError::new(
                403,
                ErrorType::UnauthorizedAction,
                "The member's roles do not allow inviting (stytch.member: create).",
            ));
        }
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

/// The IST a primary method adds its factor to (a step-up), from the body or the HttpOnly cookie.
fn ist_optional(token: Option<String>, caller: &SdkCaller) -> Option<String> {
    token.filter(|t| !t.is_empty()).or_else(|| caller.ist_cookie.clone())
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

async fn email_otp_discovery_send(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<EmailOtpDiscoverySendRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_discovery_email_otp(ctx, &body))?;
    Ok(respond::sdk(&respond::common()))
}

async fn email_otp_discovery_authenticate(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<EmailOtpDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    required(&body.code, "code")?;
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_discovery_email_otp(ctx, &body)
    })?))
}

async fn email_otp_login_or_signup(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<EmailOtpLoginOrSignupRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_login_email_otp(ctx, &body))?;
    Ok(respond::sdk(&respond::common()))
}

async fn email_otp_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<EmailOtpAuthenticateRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.code, "code")?;
    let ist = ist_optional(body.intermediate_session_token.clone(), &caller);
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_email_otp(ctx, &body, ist.as_deref())
    })?))
}

async fn password_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<PasswordAuthenticateRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.password, "password")?;
    let ist = ist_optional(body.intermediate_session_token.clone(), &caller);
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_password(ctx, &body, ist.as_deref())
    })?))
}

async fn password_discovery_authenticate(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<PasswordDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    required(&body.password, "password")?;
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_password_discovery(ctx, &body)
    })?))
}

async fn password_strength_check(_caller: SdkCaller, JsonBody(body): JsonBody<StrengthCheckRequest>) -> Result {
    required(&body.password, "password")?;
    Ok(respond::sdk(&crate::domain::passwords::strength_check(&body)))
}

async fn password_reset_start(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<ResetByEmailStartRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.start_password_reset(ctx, &body))?;
    Ok(respond::sdk(&respond::common()))
}

async fn password_reset(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ResetByEmailRequest>,
) -> Result {
    required(&body.password_reset_token, "password_reset_token")?;
    required(&body.password, "password")?;
    let ist = ist_optional(body.intermediate_session_token.clone(), &caller);
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.reset_password_by_email(ctx, &body, ist.as_deref())
    })?))
}

async fn password_discovery_reset_start(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<DiscoveryResetStartRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.start_discovery_password_reset(ctx, &body))?;
    Ok(respond::sdk(&respond::common()))
}

async fn password_discovery_reset(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<DiscoveryResetRequest>,
) -> Result {
    required(&body.password_reset_token, "password_reset_token")?;
    required(&body.password, "password")?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.reset_discovery_password(ctx, &body))?,
    ))
}

async fn password_reset_existing(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<ResetByExistingPasswordRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.existing_password, "existing_password")?;
    required(&body.new_password, "new_password")?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.reset_password_by_existing(ctx, &body))?,
    ))
}

async fn password_reset_session(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ResetBySessionRequest>,
) -> Result {
    required(&body.password, "password")?;
    let crate::domain::sessions::SessionCredential::Token(token) = caller.session()? else {
        return Err(ApiError::new(
            401,
            ErrorType::UserUnauthenticated,
            "A member session is required.",
        ));
    };
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.reset_password_by_session(ctx, &token, &body.password)
    })?))
}

async fn oauth_authenticate(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<OAuthAuthenticateRequest>,
) -> Result {
    required(&body.oauth_token, "oauth_token")?;
    let ist = ist_optional(body.intermediate_session_token.clone(), &caller);
    Ok(respond::sdk(&app.with(|store, ctx| {
        store.authenticate_oauth(ctx, &body, ist.as_deref())
    })?))
}

async fn oauth_discovery_authenticate(
    State(app): State<Arc<App>>,
    _caller: SdkCaller,
    JsonBody(body): JsonBody<OAuthDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.discovery_oauth_token, "discovery_oauth_token")?;
    Ok(respond::sdk(
        &app.with(|store, ctx| store.authenticate_oauth_discovery(ctx, &body))?,
    ))
}
