//! A login page that works with JavaScript and wasm turned off: an axum server renders each
//! screen with Leptos, the forms post to it, and it signs the member in with Stytch's backend
//! API (`StytchBackend`'s sign-in and MFA calls). Every answer reaches the browser as the
//! cookies the browser client reads (`ResponseCookies::write_sign_in`): the session, or the
//! intermediate session token (IST) of a sign-in that still needs a factor, which the next
//! form's request carries back. A page with `<StytchProvider>` on the same host then starts
//! signed in.
//!
//! Screens: organization, email and password (or SSO or Google for that organization: off
//! to its identity provider and back to `/authenticate`, bound to this browser by a PKCE pair
//! whose verifier waits in an `HttpOnly` cookie); then, when Stytch asks, an emailed code (an
//! address not verified yet), a texted code or an authenticator-app code (the organization's
//! MFA; a recovery code instead of the app's); a member with no MFA method yet enrolls one of
//! those the organization allows: an authenticator app (its QR code and key, a first code, then
//! the recovery codes to keep) or a phone (a first texted code); then the signed-in page with a
//! sign-out button. A forgotten password is reset by an emailed link (the form reads the same
//! whether or not the address is a member's). Someone who does not know their
//! organization finds it by email (discovery): an emailed code, an emailed link, their
//! password or Google, then the organizations the address may enter (its memberships, invitations and
//! those it may join), one of which it enters (with that organization's MFA when it asks), or a
//! new organization it creates and administers. Emailed links (discovery's, a password reset's,
//! and an organization's such as an invitation) land on `/authenticate`, which must be on the
//! project's redirect URL allow-list; its page uses the link only when its button is pressed,
//! so the mail scanners that fetch every link in a message cannot spend it first. Wrong input
//! gets the same screen back with Stytch's reason in an alert.
//!
//! Every form carries a CSRF token (double submit): the browser's `csrf_token` cookie
//! (`HttpOnly`, `SameSite=Strict`) and a hidden field must be equal, so another site cannot
//! post a sign-in (signing the visitor in as someone else: login CSRF), a code or a sign-out
//! in the visitor's name. The session cookies' `SameSite=Lax` alone would not stop the first:
//! a sign-in needs no cookie to succeed.
//!
//! ```text
//! stytch-emulator --seed demo --port 8787 --redirect-url http://127.0.0.1:3000/authenticate &
//! cargo run -p stytch-leptos --features ssr,backend --example server_sign_in -- http://127.0.0.1:8787 3000
//! # open http://127.0.0.1:3000 and sign in as tony@stark.example to "stark" (password Arc-Reactor-Mark-42)
//! ```
//!
//! `STYTCH_PROJECT_ID`, `STYTCH_SECRET` and `STYTCH_PUBLIC_TOKEN` name the project (the
//! emulator's defaults otherwise); `PUBLIC_ORIGIN` is where links and identity providers send
//! people back (`http://` and the address it listens on otherwise).
//!
//! This file holds the routes and what each asks of Stytch; `pages.rs` the screens (and what a
//! refusal tells the person), `forms.rs` what each form posts, `csrf.rs` the CSRF defence.

mod csrf;
mod forms;
mod pages;

use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use stytch_leptos::models::api::discovery::{
    DiscoveryAuthenticateResponse, DiscoveryOrganizationsRequest, IntermediateSessionExchangeRequest,
    OrganizationCreateViaDiscoveryRequest,
};
use stytch_leptos::models::api::magic_links::{
    DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, MagicLinkAuthenticateRequest,
};
use stytch_leptos::models::api::mfa::{
    RecoverRequest, SmsAuthenticateRequest, SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest,
};
use stytch_leptos::models::api::oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest, OAuthProvider};
use stytch_leptos::models::api::otps::{
    EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
    EmailOtpLoginOrSignupRequest,
};
use stytch_leptos::models::api::passwords::{
    DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
    PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
};
use stytch_leptos::models::api::sessions::{AuthOutcome, AuthenticateWithMfaResponse};
use stytch_leptos::models::api::sso::SsoAuthenticateRequest;
use stytch_leptos::models::{AuthMethod, ErrorType, MfaMethod, Organization};
use stytch_leptos::server::{
    CookieOptions, OAuthStartOptions, PageLocation, ProofKey, ResponseCookies, SessionCredential, SignInAnswer,
    SignInOptions, SsoStartOptions, StytchBackend, intermediate_session_from_cookie_header,
};

use csrf::{Csrf, cookie_header};
use forms::*;
use pages::*;

type Error = Box<dyn std::error::Error + Send + Sync>;

const SESSION_MINUTES: u32 = 60;

struct App {
    stytch: StytchBackend,
    /// The project's public token: SSO and OAuth start at public URLs that name it.
    public_token: String,
    /// Where emailed links and identity providers send people back: this server's
    /// `/authenticate`, from its configured public origin. Never from the request's `Host`,
    /// which the sender chooses: a reset asked for with a forged `Host` would otherwise email
    /// the member a link to the sender's site (the project's allow-list is the second line).
    callback_url: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A post without the browser's CSRF token (from another site, or after the cookie went): the
/// login form again, with a fresh token, and nothing done.
fn forged(headers: &HeaderMap, email: String) -> Response {
    let csrf = Csrf::of(headers);
    let expired = Some("This page expired. Please try again.".to_owned());
    csrf.attach((
        StatusCode::FORBIDDEN,
        login_page(&csrf.token, String::new(), email, expired),
    ))
}

/// The request's host (`Host`), as the browser addressed this server.
fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("localhost")
}

/// Where the browser sees the page it asked for (plain HTTP here).
fn page_location(headers: &HeaderMap) -> PageLocation {
    PageLocation::from_host("http", host(headers))
}

/// `response` with one more `Set-Cookie` header.
pub(crate) fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The cookies to answer a request with, scoped as the browser client would scope them for
/// the request's host.
fn response_cookies(headers: &HeaderMap) -> ResponseCookies {
    ResponseCookies::new(
        page_location(headers),
        &cookie_header(headers),
        CookieOptions::default(),
    )
}

/// `response` with `cookies`' `Set-Cookie` headers.
fn with_cookies(cookies: &ResponseCookies, response: impl IntoResponse) -> Response {
    cookies
        .headers()
        .iter()
        .fold(response.into_response(), |response, cookie| {
            with_cookie(response, cookie)
        })
}

/// `GET /`: the member's page when the request carries a live session, else the login form.
async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let csrf = Csrf::of(&headers);
    let cookies = cookie_header(&headers);
    let Some(credential) = SessionCredential::from_cookie_header(&cookies, &CookieOptions::default()) else {
        return csrf.attach(login_page(&csrf.token, String::new(), String::new(), None));
    };
    match app.stytch.authenticate_session(&credential, Default::default()).await {
        Ok(answer) => csrf.attach(signed_in_page(
            &csrf.token,
            answer.member_session,
            answer.member.email_address,
            answer.organization.organization_name,
        )),
        Err(error) => {
            // A dead session: its cookies go, so the browser client does not try it either.
            let mut response = response_cookies(&headers);
            response.remove_session();
            let page = login_page(&csrf.token, String::new(), String::new(), Some(reason(&error)));
            csrf.attach(with_cookies(&response, page))
        }
    }
}

/// `POST /sign-in`: the password, then whatever Stytch asks for next.
async fn sign_in(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<SignInForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let refused = |error: &stytch_leptos::core::StytchError| {
        (
            StatusCode::UNAUTHORIZED,
            login_page(
                &form.csrf,
                form.organization.clone(),
                form.email.clone(),
                Some(reason(error)),
            ),
        )
            .into_response()
    };
    // The organization by its slug (an app that serves one organization knows its ID).
    let organization = match app.stytch.organization(form.organization.trim()).await {
        Ok(organization) => organization,
        Err(error) => return refused(&error),
    };
    let request = PasswordAuthenticateRequest {
        organization_id: organization.organization_id,
        email_address: form.email.clone(),
        password: form.password.clone(),
        session_duration_minutes: Some(SESSION_MINUTES),
        ..Default::default()
    };
    match app
        .stytch
        .authenticate_password(&request, &SignInOptions::default())
        .await
    {
        Ok(answer) => next_step(&app, &headers, &form.csrf, answer).await,
        Err(error) => refused(&error),
    }
}

/// Where an answer leads: signed in (to `/`), or the code screen of the factor still needed,
/// sending the code when Stytch has not.
/// `csrf` is the request's (accepted) token, for the forms of the page it answers with.
async fn next_step(app: &App, headers: &HeaderMap, csrf: &str, answer: AuthenticateWithMfaResponse) -> Response {
    let mut cookies = response_cookies(headers);
    cookies.write_sign_in(&answer, now_ms());
    let pending = |step| Pending {
        step,
        organization_id: answer.organization_id.clone(),
        member_id: answer.member_id.clone(),
        email: answer.member.email_address.clone(),
    };
    let screen = match answer.outcome() {
        AuthOutcome::Authenticated(_) => return with_cookies(&cookies, Redirect::to("/")),
        AuthOutcome::NeedsPrimary(step) if step.allowed_auth_methods.contains(&AuthMethod::EmailOtp) => {
            let send = EmailOtpLoginOrSignupRequest {
                organization_id: answer.organization_id.clone(),
                email_address: answer.member.email_address.clone(),
                ..Default::default()
            };
            match app.stytch.send_email_otp(&send).await {
                Ok(()) => code_page(csrf, pending(Step::EmailOtp), None),
                Err(error) => login_page(csrf, String::new(), send.email_address, Some(reason(&error))),
            }
        }
        AuthOutcome::NeedsMfa(mfa) if mfa.secondary_auth_initiated.as_deref() == Some("sms_otp") => {
            code_page(csrf, pending(Step::SmsOtp), None)
        }
        AuthOutcome::NeedsMfa(_) if !answer.member.mfa_phone_number.is_empty() => {
            let send = SmsSendRequest {
                organization_id: answer.organization_id.clone(),
                member_id: answer.member_id.clone(),
                intermediate_session_token: Some(answer.intermediate_session_token.clone()),
                ..Default::default()
            };
            match app.stytch.send_sms_otp(&send, &SignInOptions::default()).await {
                Ok(_) => code_page(csrf, pending(Step::SmsOtp), None),
                Err(error) => login_page(
                    csrf,
                    String::new(),
                    answer.member.email_address.clone(),
                    Some(reason(&error)),
                ),
            }
        }
        AuthOutcome::NeedsMfa(_) if !answer.member.totp_registration_id.is_empty() => {
            code_page(csrf, pending(Step::Totp), None)
        }
        // Nothing enrolled yet: the member enrolls a method the organization allows.
        AuthOutcome::NeedsMfa(_)
            if [MfaMethod::Totp, MfaMethod::SmsOtp]
                .iter()
                .any(|method| answer.organization.allows_mfa_method(method)) =>
        {
            enroll_page(csrf, pending(Step::SmsOtp), &answer.organization, String::new(), None)
        }
        _ => login_page(
            csrf,
            String::new(),
            answer.member.email_address.clone(),
            Some("This organization asks for a sign-in method this page does not offer: use the app.".to_owned()),
        ),
    };
    with_cookies(&cookies, screen)
}

/// `POST /code`: the code of the screen's factor, with the IST the request's cookie carries.
async fn code(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<CodeForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let again = |error: &stytch_leptos::core::StytchError| {
        let pending = Pending {
            step: form.step,
            organization_id: form.organization_id.clone(),
            member_id: form.member_id.clone(),
            email: form.email.clone(),
        };
        // A wrong first code of a new app shows its key again, not a bare code form.
        let page = match TotpKey::posted(&form) {
            Some(key) => totp_setup_page(&form.csrf, pending, key, Some(reason(error))),
            None => code_page(&form.csrf, pending, Some(reason(error))),
        };
        (StatusCode::UNAUTHORIZED, page).into_response()
    };
    let options = SignInOptions::default();
    let ist = intermediate_session_from_cookie_header(&cookie_header(&headers), &CookieOptions::default());
    match (form.step, ist) {
        // Discovery's code is the first factor: it needs no IST and starts one.
        (Step::Discovery, _) => {
            let request = EmailOtpDiscoveryAuthenticateRequest {
                email_address: form.email.clone(),
                code: form.code.trim().to_owned(),
            };
            match app.stytch.authenticate_discovery_email_otp(&request).await {
                Ok(answer) => discovered(&headers, &form.csrf, answer),
                Err(error) => again(&error),
            }
        }
        (_, None) => {
            let expired = Some(EXPIRED.to_owned());
            login_page(&form.csrf, String::new(), form.email, expired).into_response()
        }
        (Step::EmailOtp, Some(ist)) => {
            let request = EmailOtpAuthenticateRequest {
                organization_id: form.organization_id.clone(),
                email_address: form.email.clone(),
                code: form.code.trim().to_owned(),
                intermediate_session_token: Some(ist),
                session_duration_minutes: Some(SESSION_MINUTES),
                ..Default::default()
            };
            // The address confirmed, the organization may still ask for MFA.
            match app.stytch.authenticate_email_otp(&request, &options).await {
                Ok(answer) => next_step(&app, &headers, &form.csrf, answer).await,
                Err(error) => again(&error),
            }
        }
        (Step::SmsOtp, Some(ist)) => {
            let request = SmsAuthenticateRequest {
                organization_id: form.organization_id.clone(),
                member_id: form.member_id.clone(),
                code: form.code.trim().to_owned(),
                intermediate_session_token: Some(ist),
                session_duration_minutes: Some(SESSION_MINUTES),
                ..Default::default()
            };
            match app.stytch.authenticate_sms_otp(&request, &options).await {
                Ok(answer) => signed_in(&headers, &answer),
                Err(error) => again(&error),
            }
        }
        (Step::Totp | Step::TotpSetup, Some(ist)) => {
            let request = TotpAuthenticateRequest {
                organization_id: form.organization_id.clone(),
                member_id: form.member_id.clone(),
                code: form.code.trim().to_owned(),
                intermediate_session_token: Some(ist),
                session_duration_minutes: Some(SESSION_MINUTES),
                ..Default::default()
            };
            match app.stytch.authenticate_totp(&request, &options).await {
                // A new app: signed in, and the recovery codes it came with shown once.
                Ok(answer) if form.step == Step::TotpSetup => {
                    let session = &answer.member_session;
                    match app
                        .stytch
                        .recovery_codes(&session.organization_id, &session.member_id)
                        .await
                    {
                        Ok(codes) => {
                            let mut cookies = response_cookies(&headers);
                            cookies.write_sign_in(&answer, now_ms());
                            with_cookies(&cookies, recovery_codes_page(codes))
                        }
                        Err(_) => signed_in(&headers, &answer),
                    }
                }
                Ok(answer) => signed_in(&headers, &answer),
                Err(error) => again(&error),
            }
        }
        (Step::RecoveryCode, Some(ist)) => {
            let request = RecoverRequest {
                organization_id: form.organization_id.clone(),
                member_id: form.member_id.clone(),
                recovery_code: form.code.trim().to_owned(),
                intermediate_session_token: Some(ist),
                session_duration_minutes: Some(SESSION_MINUTES),
            };
            match app.stytch.authenticate_recovery_code(&request, &options).await {
                Ok(answer) => signed_in(&headers, &answer),
                Err(error) => again(&error),
            }
        }
    }
}

/// The IST of the sign-in in progress, for an enrollment screen's post (after the CSRF
/// check); when it is gone, the login form with the reason.
fn sign_in_ist(headers: &HeaderMap, form: &EnrollForm) -> Result<String, Box<Response>> {
    ist_or(headers, &form.csrf, || {
        login_page(&form.csrf, String::new(), form.email.clone(), Some(EXPIRED.to_owned()))
    })
}

/// `POST /recovery`: the recovery-code screen, for a member without their authenticator app.
async fn recovery(headers: HeaderMap, Form(form): Form<EnrollForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    code_page(&form.csrf, form.pending(Step::RecoveryCode), None).into_response()
}

/// `POST /enroll/totp`: starts an authenticator app's registration with the sign-in's IST.
async fn enroll_totp(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<EnrollForm>) -> Response {
    let ist = match sign_in_ist(&headers, &form) {
        Ok(ist) => ist,
        Err(refused) => return *refused,
    };
    let request = TotpCreateRequest {
        organization_id: form.organization_id.clone(),
        member_id: form.member_id.clone(),
        intermediate_session_token: Some(ist),
        ..Default::default()
    };
    match app.stytch.create_totp(&request, &SignInOptions::default()).await {
        Ok(registration) => {
            let key = TotpKey {
                secret: registration.secret,
                qr_code: registration.qr_code,
            };
            totp_setup_page(&form.csrf, form.pending(Step::TotpSetup), key, None).into_response()
        }
        Err(error) => refused_enrollment(&app, &form, &error).await,
    }
}

/// `POST /enroll/sms`: texts the number a first code with the sign-in's IST (enrolling it).
async fn enroll_sms(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<EnrollForm>) -> Response {
    let ist = match sign_in_ist(&headers, &form) {
        Ok(ist) => ist,
        Err(refused) => return *refused,
    };
    let request = SmsSendRequest {
        organization_id: form.organization_id.clone(),
        member_id: form.member_id.clone(),
        mfa_phone_number: Some(form.phone.trim().to_owned()),
        intermediate_session_token: Some(ist),
        ..Default::default()
    };
    match app.stytch.send_sms_otp(&request, &SignInOptions::default()).await {
        Ok(_) => code_page(&form.csrf, form.pending(Step::SmsOtp), None).into_response(),
        Err(error) => refused_enrollment(&app, &form, &error).await,
    }
}

/// A refused enrollment: its screen again with the reason and the number typed, or the login
/// form when the organization cannot be read.
async fn refused_enrollment(app: &App, form: &EnrollForm, error: &stytch_leptos::core::StytchError) -> Response {
    let page = match app.stytch.organization(&form.organization_id).await {
        Ok(organization) => enroll_page(
            &form.csrf,
            form.pending(Step::SmsOtp),
            &organization,
            form.phone.clone(),
            Some(reason(error)),
        ),
        Err(_) => login_page(&form.csrf, String::new(), form.email.clone(), Some(reason(error))),
    };
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// `GET /discover`: discovery's address form.
async fn discover_form(headers: HeaderMap) -> Response {
    let csrf = Csrf::of(&headers);
    csrf.attach(discover_page(&csrf.token, String::new(), None))
}

/// `POST /discover`: emails the address a discovery code.
async fn discover(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<DiscoverForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    if form.method == DiscoverBy::Link {
        let request = DiscoveryEmailSendRequest {
            email_address: form.email.trim().to_owned(),
            // The link comes back to this server (the URL must be on the project's allow-list).
            discovery_redirect_url: Some(app.callback_url.clone()),
            ..Default::default()
        };
        return match app.stytch.send_discovery_magic_link(&request).await {
            Ok(()) => link_sent_page(&form.csrf, &request.email_address).into_response(),
            Err(error) => (
                StatusCode::BAD_REQUEST,
                discover_page(&form.csrf, form.email, Some(reason(&error))),
            )
                .into_response(),
        };
    }
    let request = EmailOtpDiscoverySendRequest {
        email_address: form.email.trim().to_owned(),
        ..Default::default()
    };
    match app.stytch.send_discovery_email_otp(&request).await {
        Ok(()) => {
            let pending = Pending {
                step: Step::Discovery,
                organization_id: String::new(),
                member_id: String::new(),
                email: request.email_address,
            };
            code_page(&form.csrf, pending, None).into_response()
        }
        Err(error) => (
            StatusCode::BAD_REQUEST,
            discover_page(&form.csrf, form.email, Some(reason(&error))),
        )
            .into_response(),
    }
}

/// A reset request's answer as the person may see it: no such member reads as sent, so the
/// reset forms do not tell strangers who is a member.
fn as_sent(result: Result<(), stytch_leptos::core::StytchError>) -> Result<(), stytch_leptos::core::StytchError> {
    match result {
        Err(error) if error.error_type() == Some(&ErrorType::EmailNotFound) => Ok(()),
        other => other,
    }
}

/// `GET /reset`: the forgotten password form.
async fn reset_form(headers: HeaderMap) -> Response {
    let csrf = Csrf::of(&headers);
    csrf.attach(reset_page(&csrf.token, String::new(), String::new(), None))
}

/// `POST /reset`: emails the member a link (to `/authenticate`) to choose a new password.
async fn reset(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<ResetForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let refused = |error: &stytch_leptos::core::StytchError| {
        let page = reset_page(
            &form.csrf,
            form.organization.clone(),
            form.email.clone(),
            Some(reason(error)),
        );
        (StatusCode::BAD_REQUEST, page).into_response()
    };
    let organization = match app.stytch.organization(form.organization.trim()).await {
        Ok(organization) => organization,
        Err(error) => return refused(&error),
    };
    let request = ResetByEmailStartRequest {
        organization_id: organization.organization_id,
        email_address: form.email.trim().to_owned(),
        reset_password_redirect_url: Some(app.callback_url.clone()),
        ..Default::default()
    };
    let whose = format!("a member of {}", organization.organization_name);
    match as_sent(app.stytch.start_password_reset(&request).await) {
        Ok(()) => reset_sent_page(&form.csrf, &request.email_address, &whose).into_response(),
        Err(error) => refused(&error),
    }
}

/// `GET /discover/reset`: the forgotten password form of discovery.
async fn discover_reset_form(headers: HeaderMap) -> Response {
    let csrf = Csrf::of(&headers);
    csrf.attach(discover_reset_page(&csrf.token, String::new(), None))
}

/// `POST /discover/reset`: emails the address a link (to `/authenticate`) that sets the
/// password of every membership.
async fn discover_reset(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<DiscoverForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let request = DiscoveryResetStartRequest {
        email_address: form.email.trim().to_owned(),
        reset_password_redirect_url: Some(app.callback_url.clone()),
        ..Default::default()
    };
    match as_sent(app.stytch.start_discovery_password_reset(&request).await) {
        Ok(()) => reset_sent_page(&form.csrf, &request.email_address, "a member of any organization").into_response(),
        Err(error) => (
            StatusCode::BAD_REQUEST,
            discover_reset_page(&form.csrf, form.email, Some(reason(&error))),
        )
            .into_response(),
    }
}

/// `GET /discover/password`: discovery's password form.
async fn discover_password_form(headers: HeaderMap) -> Response {
    let csrf = Csrf::of(&headers);
    csrf.attach(discover_password_page(&csrf.token, String::new(), None))
}

/// `POST /discover/password`: the address's organizations, proven by its password.
async fn discover_password(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<DiscoverPasswordForm>,
) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let request = PasswordDiscoveryAuthenticateRequest {
        email_address: form.email.trim().to_owned(),
        password: form.password,
    };
    match app.stytch.authenticate_discovery_password(&request).await {
        Ok(answer) => discovered(&headers, &form.csrf, answer),
        Err(error) => (
            StatusCode::UNAUTHORIZED,
            discover_password_page(&form.csrf, form.email, Some(reason(&error))),
        )
            .into_response(),
    }
}

/// A proven address: the discovery's IST in its cookie, and the organizations it may enter.
fn discovered(headers: &HeaderMap, csrf: &str, answer: DiscoveryAuthenticateResponse) -> Response {
    let mut cookies = response_cookies(headers);
    cookies.write_sign_in(&answer, now_ms());
    let page = organizations_page(csrf, &answer.email_address, answer.discovered_organizations, None);
    with_cookies(&cookies, page)
}

/// `GET /authenticate`: an SSO or OAuth sign-in's return is finished at once; an emailed link
/// (the project's redirect URL) asks, before it is used, for a press of its button (see
/// [`open_link_page`]).
async fn open_link(State(app): State<Arc<App>>, headers: HeaderMap, Query(link): Query<LinkForm>) -> Response {
    if matches!(link.stytch_token_type.as_str(), "sso" | "oauth" | "discovery_oauth") {
        return finish_redirect(&app, &headers, link).await;
    }
    let csrf = Csrf::of(&headers);
    csrf.attach(open_link_page(&csrf.token, link, None))
}

/// Sends the browser to a sign-in's start `url`, keeping `key`'s verifier in its cookie
/// (`HttpOnly`, `SameSite=Lax`, ten minutes) for the return.
fn start_redirect(headers: &HeaderMap, key: &ProofKey, url: &str) -> Response {
    with_cookie(
        Redirect::to(url).into_response(),
        &key.set_cookie(&page_location(headers)),
    )
}

/// A PKCE pair for a sign-in about to start; the login form with the reason when the system
/// has no randomness (a start without PKCE could be finished in another browser).
fn proof_key(form: &SignInForm) -> Result<ProofKey, Box<Response>> {
    ProofKey::generate().ok_or_else(|| {
        let why = Some("This server cannot start a sign-in safely right now.".to_owned());
        let page = login_page(&form.csrf, form.organization.clone(), form.email.clone(), why);
        Box::new((StatusCode::INTERNAL_SERVER_ERROR, page).into_response())
    })
}

/// The organization a login form names, or the login form again with the reason.
async fn named_organization(app: &App, form: &SignInForm) -> Result<Organization, Box<Response>> {
    app.stytch
        .organization(form.organization.trim())
        .await
        .map_err(|error| {
            let page = login_page(
                &form.csrf,
                form.organization.clone(),
                form.email.clone(),
                Some(reason(&error)),
            );
            Box::new((StatusCode::BAD_REQUEST, page).into_response())
        })
}

/// `POST /sso` (the login form's "Sign in with SSO"): off to the organization's identity
/// provider, through its default connection or else its first active one.
async fn sso(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<SignInForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let organization = match named_organization(&app, &form).await {
        Ok(organization) => organization,
        Err(refused) => return *refused,
    };
    let connection = organization
        .sso_default_connection_id
        .clone()
        .filter(|id| !id.is_empty())
        .or_else(|| {
            organization
                .sso_active_connections
                .first()
                .map(|c| c.connection_id.clone())
        });
    let Some(connection) = connection else {
        let why = format!("{} does not sign in with SSO.", organization.organization_name);
        let page = login_page(&form.csrf, form.organization.clone(), form.email.clone(), Some(why));
        return (StatusCode::BAD_REQUEST, page).into_response();
    };
    let key = match proof_key(&form) {
        Ok(key) => key,
        Err(refused) => return *refused,
    };
    let options = SsoStartOptions {
        login_redirect_url: Some(app.callback_url.clone()),
        signup_redirect_url: Some(app.callback_url.clone()),
        ..Default::default()
    };
    let url = app
        .stytch
        .sso_start_url(&app.public_token, &connection, &options, Some(&key));
    start_redirect(&headers, &key, &url)
}

/// `POST /oauth/google` (the login form's "Sign in with Google"): off to Google, for the
/// organization the form names.
async fn oauth_google(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<SignInForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let organization = match named_organization(&app, &form).await {
        Ok(organization) => organization,
        Err(refused) => return *refused,
    };
    let key = match proof_key(&form) {
        Ok(key) => key,
        Err(refused) => return *refused,
    };
    let options = OAuthStartOptions {
        organization_id: Some(organization.organization_id),
        login_redirect_url: Some(app.callback_url.clone()),
        signup_redirect_url: Some(app.callback_url.clone()),
        ..Default::default()
    };
    let url = app
        .stytch
        .oauth_start_url(&app.public_token, &OAuthProvider::Google, &options, Some(&key));
    start_redirect(&headers, &key, &url)
}

/// `POST /discover/oauth/google` (discovery's "Continue with Google"): off to Google, back
/// with the address's organizations.
async fn discover_oauth_google(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<DiscoverForm>,
) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, form.email);
    }
    let Some(key) = ProofKey::generate() else {
        let why = Some("This server cannot start a sign-in safely right now.".to_owned());
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            discover_page(&form.csrf, form.email, why),
        )
            .into_response();
    };
    let options = OAuthStartOptions {
        discovery_redirect_url: Some(app.callback_url.clone()),
        ..Default::default()
    };
    let url = app
        .stytch
        .discovery_oauth_start_url(&app.public_token, &OAuthProvider::Google, &options, Some(&key));
    start_redirect(&headers, &key, &url)
}

/// An SSO or OAuth sign-in's return: its token with the verifier the starting browser kept
/// (Stytch refuses the token without it: a token another site sends your visitor here with
/// signs nobody in), then whatever the organization still asks, or discovery's list. The
/// verifier's cookie goes either way.
async fn finish_redirect(app: &App, headers: &HeaderMap, link: LinkForm) -> Response {
    let csrf = Csrf::of(headers);
    let refused = |message: String| {
        (
            StatusCode::UNAUTHORIZED,
            login_page(&csrf.token, String::new(), String::new(), Some(message)),
        )
            .into_response()
    };
    let response = match ProofKey::from_cookie_header(&cookie_header(headers)) {
        None => refused(NOT_STARTED_HERE.to_owned()),
        Some(key) => {
            let verifier = key.verifier().to_owned();
            let options = SignInOptions::default();
            match link.stytch_token_type.as_str() {
                "sso" => {
                    let request = SsoAuthenticateRequest {
                        sso_token: link.token,
                        pkce_code_verifier: Some(verifier),
                        session_duration_minutes: Some(SESSION_MINUTES),
                        ..Default::default()
                    };
                    match app.stytch.authenticate_sso(&request, &options).await {
                        Ok(answer) => next_step(app, headers, &csrf.token, answer).await,
                        Err(error) => refused(reason(&error)),
                    }
                }
                "oauth" => {
                    let request = OAuthAuthenticateRequest {
                        oauth_token: link.token,
                        pkce_code_verifier: Some(verifier),
                        session_duration_minutes: Some(SESSION_MINUTES),
                        ..Default::default()
                    };
                    match app.stytch.authenticate_oauth(&request, &options).await {
                        Ok(answer) => next_step(app, headers, &csrf.token, answer).await,
                        Err(error) => refused(reason(&error)),
                    }
                }
                _ => {
                    let request = OAuthDiscoveryAuthenticateRequest {
                        discovery_oauth_token: link.token,
                        pkce_code_verifier: Some(verifier),
                    };
                    match app.stytch.authenticate_discovery_oauth(&request).await {
                        Ok(answer) => discovered(headers, &csrf.token, answer),
                        Err(error) => refused(reason(&error)),
                    }
                }
            }
        }
    };
    with_cookie(
        csrf.attach(response),
        &ProofKey::expired_cookie(&page_location(headers)),
    )
}

/// A refused password reset: a password Stytch finds weak is asked again on the link's page
/// (the link stays good); any other refusal (a used or expired link) shows `start_again`, the
/// form that asks for a new link, with the reason.
fn refused_reset(
    link: LinkForm,
    error: &stytch_leptos::core::StytchError,
    start_again: impl FnOnce(&str, Option<String>) -> Html<String>,
) -> Response {
    if error.error_type() == Some(&ErrorType::WeakPassword) {
        let csrf = link.csrf.clone();
        return (
            StatusCode::BAD_REQUEST,
            open_link_page(&csrf, link, Some(reason(error))),
        )
            .into_response();
    }
    (StatusCode::UNAUTHORIZED, start_again(&link.csrf, Some(reason(error)))).into_response()
}

/// `POST /authenticate`: uses an emailed link. A discovery link lists the address's
/// organizations; an organization's link (a login link, an invitation) signs in, and a
/// password reset's sets the password posted with it and signs in, each with whatever that
/// organization still asks.
async fn use_link(State(app): State<Arc<App>>, headers: HeaderMap, Form(mut link): Form<LinkForm>) -> Response {
    if !Csrf::accepts(&headers, &link.csrf) {
        return forged(&headers, String::new());
    }
    match link.stytch_token_type.as_str() {
        // A discovery password reset's link: every membership's new password, then the list.
        "discovery" if link.resets_password() => {
            let request = DiscoveryResetRequest {
                password_reset_token: link.token.clone(),
                password: std::mem::take(&mut link.password),
                ..Default::default()
            };
            match app.stytch.reset_discovery_password(&request).await {
                Ok(answer) => discovered(&headers, &link.csrf, answer),
                Err(error) => refused_reset(link, &error, |csrf, why| discover_reset_page(csrf, String::new(), why)),
            }
        }
        "discovery" => {
            let request = DiscoveryMagicLinkAuthenticateRequest {
                discovery_magic_links_token: link.token,
                ..Default::default()
            };
            match app.stytch.authenticate_discovery_magic_link(&request).await {
                Ok(answer) => discovered(&headers, &link.csrf, answer),
                Err(error) => (
                    StatusCode::UNAUTHORIZED,
                    discover_page(&link.csrf, String::new(), Some(reason(&error))),
                )
                    .into_response(),
            }
        }
        "multi_tenant_magic_links" => {
            let request = MagicLinkAuthenticateRequest {
                magic_links_token: link.token,
                session_duration_minutes: Some(SESSION_MINUTES),
                ..Default::default()
            };
            match app
                .stytch
                .authenticate_magic_link(&request, &SignInOptions::default())
                .await
            {
                Ok(answer) => next_step(&app, &headers, &link.csrf, answer).await,
                Err(error) => (
                    StatusCode::UNAUTHORIZED,
                    login_page(&link.csrf, String::new(), String::new(), Some(reason(&error))),
                )
                    .into_response(),
            }
        }
        "multi_tenant_passwords" => {
            let request = ResetByEmailRequest {
                password_reset_token: link.token.clone(),
                password: std::mem::take(&mut link.password),
                session_duration_minutes: Some(SESSION_MINUTES),
                ..Default::default()
            };
            match app
                .stytch
                .reset_password_by_email(&request, &SignInOptions::default())
                .await
            {
                // The new password set, the member's other sessions end; then whatever the
                // organization still asks.
                Ok(answer) => next_step(&app, &headers, &link.csrf, answer).await,
                Err(error) => refused_reset(link, &error, |csrf, why| {
                    reset_page(csrf, String::new(), String::new(), why)
                }),
            }
        }
        _ => {
            let unknown = Some("This page cannot open that kind of link.".to_owned());
            (
                StatusCode::BAD_REQUEST,
                login_page(&link.csrf, String::new(), String::new(), unknown),
            )
                .into_response()
        }
    }
}

/// The discovery's IST for a post from its list, after the CSRF check; when the IST is gone,
/// discovery's first screen again with the reason.
fn discovery_ist(headers: &HeaderMap, csrf: &str) -> Result<String, Box<Response>> {
    ist_or(headers, csrf, || {
        discover_page(csrf, String::new(), Some(EXPIRED.to_owned()))
    })
}

/// The request's IST after the CSRF check: a forged post is refused (403), and a post whose
/// IST is gone gets the `expired` page (401).
fn ist_or(headers: &HeaderMap, csrf: &str, expired: impl FnOnce() -> Html<String>) -> Result<String, Box<Response>> {
    if !Csrf::accepts(headers, csrf) {
        return Err(Box::new(forged(headers, String::new())));
    }
    intermediate_session_from_cookie_header(&cookie_header(headers), &CookieOptions::default())
        .ok_or_else(|| Box::new((StatusCode::UNAUTHORIZED, expired()).into_response()))
}

/// `POST /organization`: enters the chosen organization with the discovery's IST, then
/// whatever it still asks.
async fn choose(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<ChooseForm>) -> Response {
    let ist = match discovery_ist(&headers, &form.csrf) {
        Ok(ist) => ist,
        Err(refused) => return *refused,
    };
    let request = IntermediateSessionExchangeRequest {
        intermediate_session_token: Some(ist),
        organization_id: form.organization_id,
        session_duration_minutes: Some(SESSION_MINUTES),
        ..Default::default()
    };
    match app
        .stytch
        .exchange_intermediate_session(&request, &SignInOptions::default())
        .await
    {
        Ok(answer) => next_step(&app, &headers, &form.csrf, answer).await,
        Err(error) => refused_choice(&app, &form.csrf, request.intermediate_session_token, &error).await,
    }
}

/// `POST /create`: a new organization with the discovery's person as its admin, signed in.
async fn create(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<CreateForm>) -> Response {
    let ist = match discovery_ist(&headers, &form.csrf) {
        Ok(ist) => ist,
        Err(refused) => return *refused,
    };
    let request = OrganizationCreateViaDiscoveryRequest {
        intermediate_session_token: Some(ist),
        organization_name: Some(form.name.trim().to_owned()),
        session_duration_minutes: Some(SESSION_MINUTES),
        ..Default::default()
    };
    match app
        .stytch
        .create_organization_via_discovery(&request, &SignInOptions::default())
        .await
    {
        Ok(answer) => next_step(&app, &headers, &form.csrf, answer).await,
        Err(error) => refused_choice(&app, &form.csrf, request.intermediate_session_token, &error).await,
    }
}

/// A refused choice or creation: the list again (read anew with the IST, which a refusal
/// leaves usable) with the reason, or discovery's first screen when the IST is gone too.
async fn refused_choice(
    app: &App,
    csrf: &str,
    ist: Option<String>,
    error: &stytch_leptos::core::StytchError,
) -> Response {
    let request = DiscoveryOrganizationsRequest {
        intermediate_session_token: ist,
        ..Default::default()
    };
    let page = match app.stytch.discovered_organizations(&request).await {
        Ok(found) => organizations_page(
            csrf,
            &found.email_address,
            found.discovered_organizations,
            Some(reason(error)),
        ),
        Err(_) => discover_page(csrf, String::new(), Some(reason(error))),
    };
    (StatusCode::UNAUTHORIZED, page).into_response()
}

/// Signed in: the session's cookies, the IST's expired, and on to `/`.
fn signed_in(headers: &HeaderMap, answer: &impl SignInAnswer) -> Response {
    let mut cookies = response_cookies(headers);
    cookies.write_sign_in(answer, now_ms());
    with_cookies(&cookies, Redirect::to("/"))
}

/// `POST /sign-out`: ends the session at Stytch and takes its cookies (and any IST) away.
async fn sign_out(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    if !Csrf::accepts(&headers, &form.csrf) {
        return forged(&headers, String::new());
    }
    let cookies = cookie_header(&headers);
    if let Some(credential) = SessionCredential::from_cookie_header(&cookies, &CookieOptions::default()) {
        // Already ended elsewhere is as good as ended here.
        let _ = app.stytch.revoke_session(&credential).await;
    }
    let mut response = response_cookies(&headers);
    response.remove_session();
    response.remove_intermediate_session();
    with_cookies(&response, Redirect::to("/"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let api = args.next().unwrap_or_else(|| "http://127.0.0.1:8787".to_owned());
    let port: u16 = args.next().map(|p| p.parse()).transpose()?.unwrap_or(3000);
    let project_id =
        std::env::var("STYTCH_PROJECT_ID").unwrap_or_else(|_| stytch_emulator::DEFAULT_PROJECT_ID.to_owned());
    let secret = std::env::var("STYTCH_SECRET").unwrap_or_else(|_| stytch_emulator::DEFAULT_SECRET.to_owned());
    let public_token =
        std::env::var("STYTCH_PUBLIC_TOKEN").unwrap_or_else(|_| stytch_emulator::DEFAULT_PUBLIC_TOKEN.to_owned());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    // Behind a proxy or on a real host, name the public origin (`https://app.example`).
    let origin = std::env::var("PUBLIC_ORIGIN").unwrap_or_else(|_| format!("http://{address}"));
    let app = Arc::new(App {
        stytch: StytchBackend::new(&project_id, &secret).with_api_url(api.trim_end_matches('/')),
        public_token,
        callback_url: format!("{}/authenticate", origin.trim_end_matches('/')),
    });
    let router = axum::Router::new()
        .route("/", get(home))
        .route("/sign-in", post(sign_in))
        .route("/code", post(code))
        .route("/recovery", post(recovery))
        .route("/enroll/totp", post(enroll_totp))
        .route("/enroll/sms", post(enroll_sms))
        .route("/discover", get(discover_form).post(discover))
        .route(
            "/discover/password",
            get(discover_password_form).post(discover_password),
        )
        .route("/reset", get(reset_form).post(reset))
        .route("/discover/reset", get(discover_reset_form).post(discover_reset))
        .route("/sso", post(sso))
        .route("/oauth/google", post(oauth_google))
        .route("/discover/oauth/google", post(discover_oauth_google))
        .route("/authenticate", get(open_link).post(use_link))
        .route("/organization", post(choose))
        .route("/create", post(create))
        .route("/sign-out", post(sign_out))
        .with_state(app);
    println!("listening on http://{address}");
    axum::serve(listener, router).await?;
    Ok(())
}
