//! The authentication endpoints both surfaces serve: discovery, magic links, email codes,
//! passwords, OAuth, MFA and session exchange. Each handler is written once, generic over the
//! [`Surface`] (`/sdk/v1/b2b` as `@stytch/vanilla-js` calls it, `/v1/b2b` as npm `stytch`
//! does), which decides how a success is wrapped and where the session and IST come from.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use stytch_models::{
    ErrorType,
    api::{
        discovery::{
            DiscoveryOrganizationsRequest, IntermediateSessionExchangeRequest, OrganizationCreateViaDiscoveryRequest,
        },
        impersonation::ImpersonationAuthenticateRequest,
        magic_links::{
            DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, LoginOrSignupRequest,
            MagicLinkAuthenticateRequest,
        },
        mfa::{RecoverRequest, SmsAuthenticateRequest, SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest},
        oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest},
        otps::{
            EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
            EmailOtpLoginOrSignupRequest,
        },
        passwords::{
            DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
            PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
            ResetByExistingPasswordRequest, ResetBySessionRequest, StrengthCheckRequest,
        },
        sessions::{SessionsAttestRequest, SessionsExchangeRequest},
        sso::SsoAuthenticateRequest,
    },
};

use super::extract::{Credentials, JsonBody, Surface, WithClaims, WithSession, required, session_claims};
use super::respond;
use crate::domain::mfa::MfaCredential;
use crate::domain::primary::Continuing;
use crate::domain::trusted_tokens;
use crate::domain::{App, Ctx, store::Store};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// An organization-scoped primary method: `call` runs with what it continues, the request's IST
/// or else its live session (see [`Continuing`]). A backend caller names the session in the body
/// and it must be live; the SDK's Basic credentials may carry a stale one, which is ignored as
/// if signed out.
fn primary_call<S: Surface, B, R: serde::Serialize>(
    app: &App,
    caller: &S,
    request: &WithSession<B>,
    ist: Option<String>,
    call: impl FnOnce(&mut Store, &Ctx<'_>, Continuing<'_>) -> std::result::Result<R, ApiError>,
) -> Result {
    let credentials = caller.credentials(ist, request.session_token.clone(), request.session_jwt.clone())?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    Ok(S::respond(&app.with_session_claims(
        claims.as_ref(),
        |store, ctx| {
            let session = match &credentials.session {
                Some(session) if S::TRUSTED => Some(store.resolve_session(ctx, session)?),
                Some(session) => store.resolve_session(ctx, session).ok(),
                None => None,
            };
            let continuing = Continuing {
                ist: credentials.ist.as_deref(),
                session: session.as_deref(),
            };
            call(store, ctx, continuing)
        },
    )?))
}

/// The credential of an MFA call: the IST, else the session; with neither, a backend caller
/// may still send a first code or create a first registration (`direct`).
fn mfa_credential<S: Surface>(
    store: &Store,
    ctx: &Ctx<'_>,
    credentials: Credentials,
    direct: bool,
) -> std::result::Result<MfaCredential, ApiError> {
    match credentials {
        Credentials { ist: Some(ist), .. } => Ok(MfaCredential::Ist(ist)),
        Credentials {
            session: Some(session), ..
        } => Ok(MfaCredential::Session(store.resolve_session(ctx, &session)?)),
        _ if S::TRUSTED && direct => Ok(MfaCredential::Direct),
        _ => Err(S::missing_session()),
    }
}

pub async fn discovery_send<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<DiscoveryEmailSendRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_discovery_magic_link(ctx, &body))?;
    Ok(S::respond(&respond::common()))
}

pub async fn discovery_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
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
    Ok(S::respond(&response))
}

/// The organizations of an IST's person, or of a session's member.
pub async fn discovery_list<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(body): JsonBody<DiscoveryOrganizationsRequest>,
) -> Result {
    let credentials = caller.credentials(body.intermediate_session_token, body.session_token, body.session_jwt)?;
    let response = match credentials {
        Credentials { ist: Some(ist), .. } => app.with(|store, ctx| store.list_discovered(ctx, Some(&ist), None))?,
        Credentials {
            session: Some(session), ..
        } => app.with(|store, ctx| store.list_discovered(ctx, None, Some(session)))?,
        _ if S::TRUSTED => return Err(S::missing_session()),
        _ => return Err(S::missing_member_session()),
    };
    Ok(S::respond(&response))
}

pub async fn discovery_create<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithClaims<OrganizationCreateViaDiscoveryRequest>>,
) -> Result {
    let body = &request.body;
    let ist = caller
        .credentials(body.intermediate_session_token.clone(), None, None)?
        .ist
        .ok_or_else(ApiError::ist_not_found)?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    let response = app.with_session_claims(claims.as_ref(), |store, ctx| {
        if !S::TRUSTED && !store.project.create_organization_enabled {
            return Err(ApiError::new(
                401,
                ErrorType::EndpointNotAuthorizedForSdk,
                "Creating organizations from the SDK is disabled for this project.",
            ));
        }
        store.create_organization_via_discovery(ctx, &ist, body)
    })?;
    Ok(S::respond(&response))
}

pub async fn ist_exchange<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithClaims<IntermediateSessionExchangeRequest>>,
) -> Result {
    let body = request.body;
    let ist = caller
        .credentials(body.intermediate_session_token, None, None)?
        .ist
        .ok_or_else(ApiError::ist_not_found)?;
    required(&body.organization_id, "organization_id")?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    let response = app.with_session_claims(claims.as_ref(), |store, ctx| {
        store.exchange_intermediate_session(ctx, &ist, &body.organization_id, body.session_duration_minutes)
    })?;
    Ok(S::respond(&response))
}

/// A session in another organization of the same person.
pub async fn session_exchange<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithClaims<SessionsExchangeRequest>>,
) -> Result {
    let body = request.body;
    let credential = caller
        .credentials(None, body.session_token, body.session_jwt)?
        .session
        .ok_or_else(S::missing_member_session)?;
    required(&body.organization_id, "organization_id")?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    let response = app.with_session_claims(claims.as_ref(), |store, ctx| {
        store.exchange_session(ctx, &credential, &body.organization_id, body.session_duration_minutes)
    })?;
    Ok(S::respond(&response))
}

pub async fn login_or_signup<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<LoginOrSignupRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    Ok(S::respond(
        &app.with(|store, ctx| store.send_login_magic_link(ctx, &body))?,
    ))
}

pub async fn magic_link_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<MagicLinkAuthenticateRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.magic_links_token, "magic_links_token")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.authenticate_magic_link(ctx, body, continuing)
    })
}

/// The member an MFA request names, and the IST it carries.
trait MfaTarget {
    fn target(&self) -> (Option<String>, &str, &str);
}

macro_rules! mfa_target {
    ($($request:ty),*) => {$(
        impl MfaTarget for $request {
            fn target(&self) -> (Option<String>, &str, &str) {
                (self.intermediate_session_token.clone(), &self.organization_id, &self.member_id)
            }
        }
    )*};
}

mfa_target!(
    SmsSendRequest,
    SmsAuthenticateRequest,
    TotpCreateRequest,
    TotpAuthenticateRequest,
    RecoverRequest
);

/// An MFA call for `organization_id`'s `member_id`, with the request's IST or session (or, for
/// a first factor on the backend, neither when `direct`): `call` runs with the credential.
fn mfa_call<S: Surface, B: MfaTarget, R: serde::Serialize>(
    app: &App,
    caller: &S,
    request: &WithSession<B>,
    direct: bool,
    call: impl FnOnce(&mut Store, &Ctx<'_>, MfaCredential) -> std::result::Result<R, ApiError>,
) -> Result {
    let (ist, organization_id, member_id) = request.body.target();
    required(organization_id, "organization_id")?;
    required(member_id, "member_id")?;
    let credentials = caller.credentials(ist, request.session_token.clone(), request.session_jwt.clone())?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    Ok(S::respond(&app.with_session_claims(
        claims.as_ref(),
        |store, ctx| {
            let credential = mfa_credential::<S>(store, ctx, credentials, direct)?;
            call(store, ctx, credential)
        },
    )?))
}

pub async fn sms_send<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<SmsSendRequest>>,
) -> Result {
    mfa_call(&app, &caller, &request, true, |store, ctx, credential| {
        store.send_sms_otp(ctx, credential, &request.body)
    })
}

pub async fn sms_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<SmsAuthenticateRequest>>,
) -> Result {
    required(&request.body.code, "code")?;
    mfa_call(&app, &caller, &request, false, |store, ctx, credential| {
        store.authenticate_sms_otp(ctx, credential, &request.body)
    })
}

pub async fn totp_create<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<TotpCreateRequest>>,
) -> Result {
    mfa_call(&app, &caller, &request, true, |store, ctx, credential| {
        store.create_totp(ctx, credential, &request.body)
    })
}

pub async fn totp_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<TotpAuthenticateRequest>>,
) -> Result {
    required(&request.body.code, "code")?;
    mfa_call(&app, &caller, &request, false, |store, ctx, credential| {
        store.authenticate_totp(ctx, credential, &request.body)
    })
}

pub async fn recover<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<RecoverRequest>>,
) -> Result {
    required(&request.body.recovery_code, "recovery_code")?;
    mfa_call(&app, &caller, &request, false, |store, ctx, credential| {
        store.recover(ctx, credential, &request.body)
    })
}

pub async fn email_otp_discovery_send<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<EmailOtpDiscoverySendRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_discovery_email_otp(ctx, &body))?;
    Ok(S::respond(&respond::common()))
}

pub async fn email_otp_discovery_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<EmailOtpDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    required(&body.code, "code")?;
    Ok(S::respond(&app.with(|store, ctx| {
        store.authenticate_discovery_email_otp(ctx, &body)
    })?))
}

pub async fn email_otp_login_or_signup<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<EmailOtpLoginOrSignupRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.send_login_email_otp(ctx, &body))?;
    Ok(S::respond(&respond::common()))
}

pub async fn email_otp_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<EmailOtpAuthenticateRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.code, "code")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.authenticate_email_otp(ctx, body, continuing)
    })
}

pub async fn password_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<PasswordAuthenticateRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.password, "password")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.authenticate_password(ctx, body, continuing)
    })
}

pub async fn password_discovery_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<PasswordDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    required(&body.password, "password")?;
    Ok(S::respond(&app.with(|store, ctx| {
        store.authenticate_password_discovery(ctx, &body)
    })?))
}

pub async fn password_strength_check<S: Surface>(_: S, JsonBody(body): JsonBody<StrengthCheckRequest>) -> Result {
    required(&body.password, "password")?;
    Ok(S::respond(&crate::domain::passwords::strength_check(&body)))
}

pub async fn password_reset_start<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<ResetByEmailStartRequest>,
) -> Result {
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.start_password_reset(ctx, &body))?;
    Ok(S::respond(&respond::common()))
}

pub async fn password_reset<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<ResetByEmailRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.password_reset_token, "password_reset_token")?;
    required(&body.password, "password")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.reset_password_by_email(ctx, body, continuing)
    })
}

pub async fn password_discovery_reset_start<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<DiscoveryResetStartRequest>,
) -> Result {
    required(&body.email_address, "email_address")?;
    app.with(|store, ctx| store.start_discovery_password_reset(ctx, &body))?;
    Ok(S::respond(&respond::common()))
}

pub async fn password_discovery_reset<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<DiscoveryResetRequest>,
) -> Result {
    required(&body.password_reset_token, "password_reset_token")?;
    required(&body.password, "password")?;
    Ok(S::respond(
        &app.with(|store, ctx| store.reset_discovery_password(ctx, &body))?,
    ))
}

pub async fn password_reset_existing<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(request): JsonBody<WithClaims<ResetByExistingPasswordRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.organization_id, "organization_id")?;
    required(&body.email_address, "email_address")?;
    required(&body.existing_password, "existing_password")?;
    required(&body.new_password, "new_password")?;
    let claims = session_claims::<S>(request.session_custom_claims.as_ref())?;
    Ok(S::respond(
        &app.with_session_claims(claims.as_ref(), |store, ctx| {
            store.reset_password_by_existing(ctx, body)
        })?,
    ))
}

pub async fn password_reset_session<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<ResetBySessionRequest>>,
) -> Result {
    required(&request.body.password, "password")?;
    let session = caller
        .credentials(None, request.session_token.clone(), request.session_jwt.clone())?
        .session
        .ok_or_else(S::missing_member_session)?;
    Ok(S::respond(&app.with(|store, ctx| {
        let token = store.resolve_session(ctx, &session)?;
        store.reset_password_by_session(ctx, &token, &request.body.password)
    })?))
}

pub async fn oauth_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<OAuthAuthenticateRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.oauth_token, "oauth_token")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.authenticate_oauth(ctx, body, continuing)
    })
}

pub async fn oauth_discovery_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<OAuthDiscoveryAuthenticateRequest>,
) -> Result {
    required(&body.discovery_oauth_token, "discovery_oauth_token")?;
    Ok(S::respond(
        &app.with(|store, ctx| store.authenticate_oauth_discovery(ctx, &body))?,
    ))
}

/// `impersonation/authenticate`: a session for the member a Dashboard token names. Nothing
/// it continues (no IST, no session): impersonation always starts afresh.
pub async fn impersonation_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    _: S,
    JsonBody(body): JsonBody<ImpersonationAuthenticateRequest>,
) -> Result {
    required(&body.impersonation_token, "impersonation_token")?;
    Ok(S::respond(&app.with(|store, ctx| {
        store.authenticate_impersonation(ctx, &body.impersonation_token)
    })?))
}

pub async fn sso_authenticate<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<SsoAuthenticateRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.sso_token, "sso_token")?;
    let ist = body.intermediate_session_token.clone();
    primary_call(&app, &caller, &request, ist, |store, ctx, continuing| {
        store.authenticate_sso(ctx, body, continuing)
    })
}

/// `sessions/attest`: the profile's keys are fetched first (a JWK profile's set, over HTTP,
/// outside the state lock), then the token is checked and the session granted or extended.
pub async fn session_attest<S: Surface>(
    State(app): State<Arc<App>>,
    caller: S,
    JsonBody(request): JsonBody<WithSession<SessionsAttestRequest>>,
) -> Result {
    let body = &request.body;
    required(&body.profile_id, "profile_id")?;
    required(&body.token, "token")?;
    let profile = app.with(|store, _| store.trusted_token_profile(&body.profile_id).cloned())?;
    let keys = match (profile.pem_keys(), &profile.jwks_url) {
        (Some(keys), _) => keys,
        (None, Some(url)) => trusted_tokens::fetch_jwks(url).await?,
        (None, None) => trusted_tokens::Keys::Pem(Vec::new()),
    };
    let attest = trusted_tokens::Attest {
        profile_id: &body.profile_id,
        token: &body.token,
        organization_id: body.organization_id.as_deref().filter(|o| !o.trim().is_empty()),
        session_duration_minutes: body.session_duration_minutes,
    };
    primary_call(&app, &caller, &request, None, |store, ctx, continuing| {
        store.attest_session(ctx, attest, &keys, continuing)
    })
}
