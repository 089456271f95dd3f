//! A login page that works with JavaScript and wasm turned off: an axum server renders each
//! screen with Leptos, the forms post to it, and it signs the member in with Stytch's backend
//! API (`StytchBackend`'s sign-in and MFA calls). Every answer reaches the browser as the
//! cookies the browser client reads (`ResponseCookies::write_sign_in`): the session, or the
//! intermediate session token (IST) of a sign-in that still needs a factor, which the next
//! form's request carries back. A page with `<StytchProvider>` on the same host then starts
//! signed in.
//!
//! Screens: organization, email and password; then, when Stytch asks, an emailed code (an
//! address not verified yet), a texted code or an authenticator-app code (the organization's
//! MFA; a recovery code instead of the app's); a member with no MFA method yet enrolls one of
//! those the organization allows: an authenticator app (its QR code and key, a first code, then
//! the recovery codes to keep) or a phone (a first texted code); then the signed-in page with a
//! sign-out button. A forgotten password is reset by an emailed link (the form reads the same
//! whether or not the address is a member's). Someone who does not know their
//! organization finds it by email (discovery): an emailed code, an emailed link or their
//! password, then the organizations the address may enter (its memberships, invitations and
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
//! `STYTCH_PROJECT_ID` and `STYTCH_SECRET` name the project (the emulator's defaults otherwise).

use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
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
use stytch_leptos::models::api::otps::{
    EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
    EmailOtpLoginOrSignupRequest,
};
use stytch_leptos::models::api::passwords::{
    PasswordAuthenticateRequest, PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
};
use stytch_leptos::models::api::sessions::{AuthOutcome, AuthenticateWithMfaResponse};
use stytch_leptos::models::{
    AuthMethod, DiscoveredOrganization, ErrorType, MemberSession, MembershipType, MfaMethod, Organization,
};
use stytch_leptos::server::{
    CookieOptions, PageLocation, ResponseCookies, SessionCredential, SignInAnswer, SignInOptions, StytchBackend,
    intermediate_session_from_cookie_header,
};

type Error = Box<dyn std::error::Error + Send + Sync>;

const SESSION_MINUTES: u32 = 60;

struct App {
    stytch: StytchBackend,
}

/// Told when a sign-in's IST is gone (expired, used, or its cookie cleared).
const EXPIRED: &str = "This sign-in has expired. Start again.";

/// The CSRF cookie: a random token per browser, which every form repeats in a hidden field.
const CSRF_COOKIE: &str = "csrf_token";

/// What the sign-out forms post.
#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// What the login form posts.
#[derive(serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    csrf: String,
    organization: String,
    email: String,
    password: String,
}

/// What the discovery form posts: the address, and what to email it (its button's `method`).
#[derive(serde::Deserialize)]
struct DiscoverForm {
    #[serde(default)]
    csrf: String,
    email: String,
    #[serde(default)]
    method: DiscoverBy,
}

/// What discovery emails: a code to type here, or a link to open.
#[derive(Clone, Copy, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum DiscoverBy {
    #[default]
    Code,
    Link,
}

/// What the discovery password form posts.
#[derive(serde::Deserialize)]
struct DiscoverPasswordForm {
    #[serde(default)]
    csrf: String,
    email: String,
    password: String,
}

/// An emailed link's query (`/authenticate?stytch_token_type=…&token=…`), and what its
/// page's form posts back with the CSRF token (and, for a password reset, the new password).
#[derive(serde::Deserialize)]
struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    stytch_token_type: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// What the password reset form posts.
#[derive(serde::Deserialize)]
struct ResetForm {
    #[serde(default)]
    csrf: String,
    organization: String,
    email: String,
}

/// What an organization's button on the discovery list posts.
#[derive(serde::Deserialize)]
struct ChooseForm {
    #[serde(default)]
    csrf: String,
    organization_id: String,
}

/// What the discovery list's "create an organization" form posts.
#[derive(serde::Deserialize)]
struct CreateForm {
    #[serde(default)]
    csrf: String,
    name: String,
}

/// What a code form posts: which factor, for whom, and the code typed.
#[derive(serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    csrf: String,
    step: Step,
    organization_id: String,
    member_id: String,
    email: String,
    code: String,
    /// The key and QR code of an authenticator app being set up (its setup form only), to
    /// show them again after a wrong first code.
    #[serde(default)]
    secret: String,
    #[serde(default)]
    qr_code: String,
}

/// An authenticator app's key being set up, as its setup page shows it.
struct TotpKey {
    secret: String,
    qr_code: String,
}

impl TotpKey {
    /// The key a setup form posted back: only a base-32 key and an image's data URL are shown
    /// again (the page carries them in hidden fields, nothing else is trusted from it).
    fn posted(form: &CodeForm) -> Option<Self> {
        let base32 =
            |text: &str| !text.is_empty() && text.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7' | b'='));
        (form.step == Step::TotpSetup && base32(&form.secret) && form.qr_code.starts_with("data:image/")).then(|| {
            Self {
                secret: form.secret.clone(),
                qr_code: form.qr_code.clone(),
            }
        })
    }
}

/// What the MFA enrollment screen's forms post: for whom, and the phone to text (its phone
/// form only).
#[derive(serde::Deserialize)]
struct EnrollForm {
    #[serde(default)]
    csrf: String,
    organization_id: String,
    member_id: String,
    email: String,
    #[serde(default)]
    phone: String,
}

impl EnrollForm {
    fn pending(&self, step: Step) -> Pending {
        Pending {
            step,
            organization_id: self.organization_id.clone(),
            member_id: self.member_id.clone(),
            email: self.email.clone(),
        }
    }
}

/// The factor a code screen asks for.
#[derive(Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Step {
    /// An emailed code: the address is not verified yet.
    EmailOtp,
    /// A texted code: the organization's MFA.
    SmsOtp,
    /// An authenticator app's code: the organization's MFA.
    Totp,
    /// The first code of an authenticator app being enrolled; the recovery codes follow.
    TotpSetup,
    /// One of the member's recovery codes, instead of the authenticator app's.
    RecoveryCode,
    /// An emailed discovery code: proves the address, then lists its organizations.
    Discovery,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::EmailOtp => "email_otp",
            Step::SmsOtp => "sms_otp",
            Step::Totp => "totp",
            Step::TotpSetup => "totp_setup",
            Step::RecoveryCode => "recovery_code",
            Step::Discovery => "discovery",
        }
    }

    fn prompt(self, email: &str) -> String {
        match self {
            Step::EmailOtp => format!("We emailed a code to {email} to confirm the address."),
            Step::SmsOtp => "We texted a code to your phone.".to_owned(),
            Step::Totp | Step::TotpSetup => "Enter the code your authenticator app shows.".to_owned(),
            Step::RecoveryCode => "Enter one of the recovery codes you saved. Each works once.".to_owned(),
            Step::Discovery => format!("We emailed a code to {email} to find your organizations."),
        }
    }
}

/// Who the code screen is for.
struct Pending {
    step: Step,
    organization_id: String,
    member_id: String,
    email: String,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn cookie_header(headers: &HeaderMap) -> String {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The value of the request's cookie `name`.
fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_header(headers)
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The browser's CSRF token, and the cookie that sets it when it has none (or a malformed one).
struct Csrf {
    token: String,
    set_cookie: Option<String>,
}

impl Csrf {
    fn of(headers: &HeaderMap) -> Self {
        match request_cookie(headers, CSRF_COOKIE) {
            Some(token) if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) => Self {
                token,
                set_cookie: None,
            },
            _ => {
                let mut bytes = [0u8; 32];
                // Without the system's randomness no token is safe to hand out: the empty one
                // below never matches (`Self::accepts` refuses it), so forms fail closed.
                let token = match getrandom::getrandom(&mut bytes) {
                    Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
                    Err(_) => String::new(),
                };
                let set_cookie = Some(format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"));
                Self { token, set_cookie }
            }
        }
    }

    /// Whether a form's `posted` token is the request cookie's (compared in constant time).
    fn accepts(headers: &HeaderMap, posted: &str) -> bool {
        let Some(cookie) = request_cookie(headers, CSRF_COOKIE) else {
            return false;
        };
        cookie.len() == 64
            && posted.len() == cookie.len()
            && posted
                .bytes()
                .zip(cookie.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }

    /// `response` with the token's cookie when it is new.
    fn attach(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        if let Some(value) = self.set_cookie.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }
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

/// This server's origin as the browser addressed it (plain HTTP: behind a TLS proxy, an app
/// would name its public origin instead).
fn origin(headers: &HeaderMap) -> String {
    format!("http://{}", host(headers))
}

/// The cookies to answer a request with, scoped as the browser client would scope them for
/// the request's host.
fn response_cookies(headers: &HeaderMap) -> ResponseCookies {
    ResponseCookies::new(
        PageLocation::from_host("http", host(headers)),
        &cookie_header(headers),
        CookieOptions::default(),
    )
}

/// `response` with `cookies`' `Set-Cookie` headers.
fn with_cookies(cookies: &ResponseCookies, response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    for value in cookies.headers() {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// What to tell a person about a refusal.
fn reason(error: &stytch_leptos::core::StytchError) -> String {
    match error.error_type().map(|t| t.as_str()) {
        Some("unauthorized_credentials") => "That email address and password do not match.".to_owned(),
        Some("unable_to_auth_otp_code" | "otp_code_not_found" | "unable_to_authenticate_totp") => {
            "That code is not right. Try again.".to_owned()
        }
        Some("organization_not_found") => "There is no such organization.".to_owned(),
        Some("unable_to_authenticate_recovery_code") => {
            "That recovery code is not right, or it was used already.".to_owned()
        }
        Some("invalid_phone_number") => {
            "That is not a phone number we can text: write it with its country code, like +15005550006.".to_owned()
        }
        Some("intermediate_session_not_found") => EXPIRED.to_owned(),
        Some("weak_password") => match error {
            stytch_leptos::core::StytchError::Api(body) => {
                format!("Choose a stronger password. {}", body.error_message)
            }
            _ => "Choose a stronger password.".to_owned(),
        },
        Some("unable_to_auth_magic_link" | "magic_link_not_found") => {
            "That link was used already or has expired. Ask for a new one.".to_owned()
        }
        _ => format!("Stytch refused: {error}"),
    }
}

/// A whole page, rendered by Leptos on the server. The first field of each screen has
/// `autofocus`, so focus moves to the new screen without script; errors are alerts.
fn page(title: &'static str, error: Option<String>, content: impl IntoView + 'static) -> Html<String> {
    let body = Owner::new().with(move || {
        view! {
            <main>
                <h1>{title}</h1>
                {error.map(|message| view! { <p role="alert" id="error">{message}</p> })}
                {content}
            </main>
        }
        .to_html()
    });
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
    ))
}

fn login_page(csrf: &str, organization: String, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Sign in",
        error,
        view! {
            <form method="post" action="/sign-in">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="organization">"Organization"</label>
                <input id="organization" name="organization" value=organization required autofocus aria-describedby=described />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">"Sign in"</button>
            </form>
            <p><a href="/reset">"Forgot your password?"</a></p>
            <p><a href="/discover">"Find your organization by email"</a></p>
        },
    )
}

/// A forgotten password: the organization and address to email a reset link to.
fn reset_page(csrf: &str, organization: String, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Reset your password",
        error,
        view! {
            <form method="post" action="/reset">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="organization">"Organization"</label>
                <input id="organization" name="organization" value=organization required autofocus aria-describedby=described />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required />
                <button type="submit">"Email me a link"</button>
            </form>
            <p><a href="/">"Back to sign in"</a></p>
        },
    )
}

/// After a reset was asked for. It reads the same whether or not the address is a member's,
/// so the form cannot be used to find out who is.
fn reset_sent_page(csrf: &str, email: &str, organization: &str) -> Html<String> {
    page(
        "Check your email",
        None,
        view! {
            <p id="prompt" tabindex="-1" autofocus>
                {format!("If {email} belongs to a member of {organization}, we emailed it a link to choose a new password. It works once, within 30 minutes.")}
            </p>
            {start_again(csrf)}
        },
    )
}

/// Discovery's first screen: the address to email a code or a link to.
fn discover_page(csrf: &str, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Find your organization",
        error,
        view! {
            <form method="post" action="/discover">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required autofocus aria-describedby=described />
                // The first button is the one Enter presses.
                <button type="submit" name="method" value="code">"Email me a code"</button>
                <button type="submit" name="method" value="link">"Email me a link"</button>
            </form>
            <p><a href="/discover/password">"Use your password instead"</a></p>
            <p><a href="/">"Sign in to an organization you know"</a></p>
        },
    )
}

/// Discovery by password: the address and its password, then the same list of organizations.
fn discover_password_page(csrf: &str, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Find your organization with your password",
        error,
        view! {
            <form method="post" action="/discover/password">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required autofocus aria-describedby=described />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">"Continue"</button>
            </form>
            <p><a href="/discover">"Email me a code or a link instead"</a></p>
        },
    )
}

/// After a discovery link was emailed: where to look, and a way back.
fn link_sent_page(csrf: &str, email: &str) -> Html<String> {
    page(
        "Check your email",
        None,
        view! {
            <p id="prompt" tabindex="-1" autofocus>
                {format!("We emailed a link to {email}. Open it to see your organizations; it works once, within an hour.")}
            </p>
            {start_again(csrf)}
        },
    )
}

/// Where an emailed link lands: a button that uses it. Opening the link uses nothing, so the
/// mail scanners that fetch every link in a message cannot spend a single-use token before
/// the person does (and another site cannot make a visit sign someone in).
/// A password reset's link asks for the new password instead (`error`: one refused, the link
/// still good).
fn open_link_page(csrf: &str, link: LinkForm, error: Option<String>) -> Html<String> {
    let reset = link.stytch_token_type == "multi_tenant_passwords";
    let (title, action) = match link.stytch_token_type.as_str() {
        "discovery" => ("Find your organizations", "Show my organizations"),
        "multi_tenant_passwords" => ("Choose a new password", "Save it and sign in"),
        _ => ("Sign in", "Continue signing in"),
    };
    let described = error.as_ref().map(|_| "error");
    let password = reset.then(|| {
        view! {
            <label for="password">"New password"</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required autofocus aria-describedby=described />
        }
    });
    page(
        title,
        error,
        view! {
            <form method="post" action="/authenticate">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <input type="hidden" name="stytch_token_type" value=link.stytch_token_type />
                <input type="hidden" name="token" value=link.token />
                {password}
                <button type="submit" autofocus=!reset>{action}</button>
            </form>
        },
    )
}

/// Discovery's list: one button per organization the address may enter, saying whether it
/// joins, accepts an invitation or signs in; then a form creating a new one. `error` is a
/// refused choice or creation.
fn organizations_page(
    csrf: &str,
    email: &str,
    found: Vec<DiscoveredOrganization>,
    error: Option<String>,
) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    let empty = found.is_empty().then(|| {
        view! { <p id="none">{format!("No organization admits {email} yet. Ask its admin for an invitation.")}</p> }
    });
    let choices = found
        .into_iter()
        .map(|choice| {
            let name = choice.organization.organization_name;
            let label = match choice.membership.membership_type {
                MembershipType::InvitedMember => format!("Accept the invitation to {name}"),
                MembershipType::EligibleToJoinByEmailDomain | MembershipType::EligibleToJoinByOauthTenant => {
                    format!("Join {name}")
                }
                _ => format!("Sign in to {name}"),
            };
            view! {
                <li>
                    <form method="post" action="/organization">
                        <input type="hidden" name="csrf" value=csrf.to_owned() />
                        <input type="hidden" name="organization_id" value=choice.organization.organization_id />
                        <button type="submit">{label}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    page(
        "Choose an organization",
        error,
        view! {
            <p id="prompt" tabindex="-1" autofocus>{format!("Organizations for {email}:")}</p>
            <ul>{choices}</ul>
            {empty}
            <form method="post" action="/create">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="name">"Or create an organization, named"</label>
                <input id="name" name="name" required maxlength="128" aria-describedby=described />
                <button type="submit">"Create it"</button>
            </form>
            <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <button type="submit">"Start again"</button>
            </form>
        },
    )
}

/// The hidden fields that carry a sign-in in progress from screen to screen: the CSRF token,
/// and whose sign-in it is (the IST itself stays in its cookie).
fn carried(csrf: &str, pending: &Pending, step: Step) -> impl IntoView + use<> {
    view! {
        <input type="hidden" name="csrf" value=csrf.to_owned() />
        <input type="hidden" name="step" value=step.name() />
        <input type="hidden" name="organization_id" value=pending.organization_id.clone() />
        <input type="hidden" name="member_id" value=pending.member_id.clone() />
        <input type="hidden" name="email" value=pending.email.clone() />
    }
}

/// The "Start again" button: drops the sign-in in progress.
fn start_again(csrf: &str) -> impl IntoView + use<> {
    view! {
        <form method="post" action="/sign-out">
            <input type="hidden" name="csrf" value=csrf.to_owned() />
            <button type="submit">"Start again"</button>
        </form>
    }
}

fn code_page(csrf: &str, pending: Pending, error: Option<String>) -> Html<String> {
    let prompt = pending.step.prompt(&pending.email);
    let described = if error.is_some() { "error prompt" } else { "prompt" };
    // Recovery codes are letters and dashes; every other code is digits.
    let (mode, autocomplete) = match pending.step {
        Step::RecoveryCode => ("text", "off"),
        _ => ("numeric", "one-time-code"),
    };
    // Someone without their authenticator app signs in with a recovery code instead.
    let recovery = (pending.step == Step::Totp).then(|| {
        view! {
            <form method="post" action="/recovery">
                {carried(csrf, &pending, Step::RecoveryCode)}
                <button type="submit">"Use a recovery code instead"</button>
            </form>
        }
    });
    page(
        "Enter your code",
        error,
        view! {
            <p id="prompt">{prompt}</p>
            <form method="post" action="/code">
                {carried(csrf, &pending, pending.step)}
                <label for="code">{if pending.step == Step::RecoveryCode { "Recovery code" } else { "Code" }}</label>
                <input id="code" name="code" inputmode=mode autocomplete=autocomplete required autofocus aria-describedby=described />
                <button type="submit">"Verify"</button>
            </form>
            {recovery}
            {start_again(csrf)}
        },
    )
}

/// MFA enrollment's first screen, for a member with no MFA method yet: the methods the
/// organization allows, an authenticator app (a button) and a phone (its number).
fn enroll_page(
    csrf: &str,
    pending: Pending,
    organization: &Organization,
    phone: String,
    error: Option<String>,
) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    let prompt = format!(
        "{} asks for a second step each time you sign in. Choose how you will give it.",
        organization.organization_name
    );
    let totp = organization.allows_mfa_method(&MfaMethod::Totp).then(|| {
        view! {
            <form method="post" action="/enroll/totp">
                {carried(csrf, &pending, Step::TotpSetup)}
                <button type="submit">"Set up an authenticator app"</button>
            </form>
        }
    });
    // A refused number keeps focus on its field; otherwise focus lands on the prompt.
    let phone_focus = error.is_some();
    let sms = organization.allows_mfa_method(&MfaMethod::SmsOtp).then(|| {
        view! {
            <form method="post" action="/enroll/sms">
                {carried(csrf, &pending, Step::SmsOtp)}
                <label for="phone">"Mobile phone number, for a texted code"</label>
                <input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+15005550006" value=phone required autofocus=phone_focus aria-describedby=described />
                <button type="submit">"Text me a code"</button>
            </form>
        }
    });
    page(
        "Set up a second step",
        error,
        view! {
            <p id="prompt" tabindex="-1" autofocus=!phone_focus>{prompt}</p>
            {totp}
            {sms}
            {start_again(csrf)}
        },
    )
}

/// An authenticator app's enrollment: the QR code and its key, then the first code. A wrong
/// code shows them again with the reason (the person may not have scanned it yet).
fn totp_setup_page(csrf: &str, pending: Pending, key: TotpKey, error: Option<String>) -> Html<String> {
    let described = if error.is_some() { "error prompt" } else { "prompt" };
    // The key in groups of four, as authenticator apps show it; they ignore the spaces.
    let grouped = key
        .secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    page(
        "Set up your authenticator app",
        error,
        view! {
            <ol>
                <li>
                    <p>"Scan this QR code with your authenticator app:"</p>
                    <img src=key.qr_code.clone() alt="QR code of the key below" width="200" height="200" />
                </li>
                <li>
                    <p>"Or type this key into it: " <code id="secret">{grouped}</code></p>
                </li>
            </ol>
            <p id="prompt">{Step::TotpSetup.prompt(&pending.email)}</p>
            <form method="post" action="/code">
                {carried(csrf, &pending, Step::TotpSetup)}
                <input type="hidden" name="secret" value=key.secret />
                <input type="hidden" name="qr_code" value=key.qr_code />
                <label for="code">"Code"</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus aria-describedby=described />
                <button type="submit">"Verify"</button>
            </form>
            {start_again(csrf)}
        },
    )
}

/// After an authenticator app's enrollment: the recovery codes to keep, shown once here.
fn recovery_codes_page(codes: Vec<String>) -> Html<String> {
    let codes = codes
        .into_iter()
        .map(|code| view! { <li><code>{code}</code></li> })
        .collect_view();
    page(
        "Save your recovery codes",
        None,
        view! {
            <p id="prompt">
                "Your authenticator app is set up. If you lose it, each of these codes signs you in once instead. Keep them somewhere safe: they are not shown again."
            </p>
            <ul id="recovery-codes">{codes}</ul>
            <a href="/" autofocus>"I have saved them: continue"</a>
        },
    )
}

fn signed_in_page(csrf: &str, session: MemberSession, email: String, organization: String) -> Html<String> {
    let factors = session
        .authentication_factors
        .iter()
        .map(|factor| factor.factor_type.clone())
        .collect::<Vec<_>>()
        .join(", ");
    page(
        "Signed in",
        None,
        view! {
            <dl>
                <dt>"Member"</dt><dd data-testid="member-email">{email}</dd>
                <dt>"Organization"</dt><dd data-testid="organization-name">{organization}</dd>
                <dt>"Factors"</dt><dd data-testid="factors">{factors}</dd>
                <dt>"Until"</dt><dd>{session.expires_at}</dd>
            </dl>
            <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <button type="submit" autofocus>"Sign out"</button>
            </form>
        },
    )
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
            discovery_redirect_url: Some(format!("{}/authenticate", origin(&headers))),
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
        reset_password_redirect_url: Some(format!("{}/authenticate", origin(&headers))),
        ..Default::default()
    };
    let sent = || reset_sent_page(&form.csrf, &request.email_address, &organization.organization_name).into_response();
    match app.stytch.start_password_reset(&request).await {
        Ok(()) => sent(),
        // No such member reads as sent: the page does not tell who is a member.
        Err(error) if error.error_type() == Some(&ErrorType::EmailNotFound) => sent(),
        Err(error) => refused(&error),
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

/// `GET /authenticate`: an emailed link (the project's redirect URL) asks, before it is used,
/// for a press of its button (see [`open_link_page`]).
async fn open_link(headers: HeaderMap, Query(link): Query<LinkForm>) -> Response {
    let csrf = Csrf::of(&headers);
    csrf.attach(open_link_page(&csrf.token, link, None))
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
                // A password Stytch finds weak leaves the link good: ask again.
                Err(error) if error.error_type() == Some(&ErrorType::WeakPassword) => {
                    let csrf = link.csrf.clone();
                    (
                        StatusCode::BAD_REQUEST,
                        open_link_page(&csrf, link, Some(reason(&error))),
                    )
                        .into_response()
                }
                Err(error) => (
                    StatusCode::UNAUTHORIZED,
                    reset_page(&link.csrf, String::new(), String::new(), Some(reason(&error))),
                )
                    .into_response(),
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
    let app = Arc::new(App {
        stytch: StytchBackend::new(&project_id, &secret).with_api_url(api.trim_end_matches('/')),
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
        .route("/authenticate", get(open_link).post(use_link))
        .route("/organization", post(choose))
        .route("/create", post(create))
        .route("/sign-out", post(sign_out))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}
