//! Signing members in from a server (`/v1/b2b/…`): a login form that posts to a server
//! function or route, which asks Stytch with the project secret and hands the browser the
//! session as cookies ([`ResponseCookies::write_sign_in`](crate::storage::ResponseCookies::write_sign_in)).
//! The same requests the browser client sends, with what only a server may add: the member's
//! current session to step up ([`SignInOptions::session`]) and custom claims for the session
//! granted ([`SignInOptions::session_custom_claims`]).
//!
//! An answer that needs another factor carries an intermediate session token (IST) instead of
//! a session: keep it in the browser's IST cookie (`write_sign_in` does), read it back from the
//! next request with [`intermediate_session_from_cookie_header`](super::intermediate_session_from_cookie_header),
//! and pass it in the next request (`intermediate_session_token`), as the browser client does.
//!
//! ```no_run
//! # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
//! use stytch_core::backend::SignInOptions;
//! use stytch_core::models::api::{passwords::PasswordAuthenticateRequest, sessions::AuthOutcome};
//!
//! let answer = stytch
//!     .authenticate_password(
//!         &PasswordAuthenticateRequest {
//!             organization_id: "organization-test-…".into(),
//!             email_address: "ada@example.com".into(),
//!             password: "from the form".into(),
//!             session_duration_minutes: Some(60),
//!             ..Default::default()
//!         },
//!         &SignInOptions::default(),
//!     )
//!     .await?; // `unauthorized_credentials` for a wrong password
//! match answer.outcome() {
//!     AuthOutcome::Authenticated(session) => println!("signed in until {}", session.expires_at),
//!     AuthOutcome::NeedsMfa(_) | AuthOutcome::NeedsPrimary(_) => println!("ask for the next factor"),
//!     AuthOutcome::Incomplete => {}
//! }
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde_json::{Map, Value};
use stytch_models::api::discovery::{
    DiscoveryAuthenticateResponse, DiscoveryOrganizationsRequest, DiscoveryOrganizationsResponse,
    IntermediateSessionExchangeRequest, OrganizationCreateViaDiscoveryRequest,
};
use stytch_models::api::magic_links::{
    DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, LoginOrSignupRequest, LoginOrSignupResponse,
    MagicLinkAuthenticateRequest,
};
use stytch_models::api::otps::{
    EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
    EmailOtpLoginOrSignupRequest,
};
use stytch_models::api::passwords::{
    DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
    PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
};
use stytch_models::api::sessions::{AuthenticateWithMfaResponse, SessionsExchangeRequest};

use super::{SessionCredential, StytchBackend, body, read, unexpected};
use crate::StytchError;

/// What a server-side sign-in continues and what the session it grants carries. The default
/// starts a new session with no custom claims.
///
/// ```
/// use stytch_core::backend::{SessionCredential, SignInOptions};
/// // Add a factor to the member's live session (a step-up) and stamp the session.
/// let options = SignInOptions {
///     session: Some(SessionCredential::Token("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".into())),
///     session_custom_claims: Some(serde_json::json!({ "signed_in_from": "server" }).as_object().unwrap().clone()),
/// };
/// assert!(!format!("{options:?}").contains("mZAY"), "the session never shows in logs");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignInOptions {
    /// The member's live session the new factor is added to (`session_token` or `session_jwt`
    /// in the request): Stytch answers with the same session, one factor more. A dead one is
    /// refused (`session_not_found`). `None` starts a new session.
    pub session: Option<SessionCredential>,
    /// Claims the session granted carries (`session_custom_claims`); Stytch's own claim names
    /// (`sub`, `iss`, `exp`, …) are ignored.
    pub session_custom_claims: Option<Map<String, Value>>,
}

/// A request's body with the options' session and claims beside its own fields.
pub(super) fn with_options<T: Serialize>(request: &T, options: &SignInOptions) -> Result<String, StytchError> {
    let mut fields = match serde_json::to_value(request).map_err(unexpected)? {
        Value::Object(fields) => fields,
        _ => Map::new(),
    };
    match &options.session {
        Some(SessionCredential::Token(token)) => {
            fields.insert("session_token".into(), Value::String(token.clone()));
        }
        Some(SessionCredential::Jwt(jwt)) => {
            fields.insert("session_jwt".into(), Value::String(jwt.clone()));
        }
        None => {}
    }
    if let Some(claims) = &options.session_custom_claims {
        fields.insert("session_custom_claims".into(), Value::Object(claims.clone()));
    }
    serde_json::to_string(&fields).map_err(unexpected)
}

impl StytchBackend {
    /// Emails a sign-in link for one organization (`POST /v1/b2b/magic_links/email/login_or_signup`),
    /// or a sign-up link to someone the organization admits (created as a pending member).
    /// The link opens your `login_redirect_url` with `?token=…`: hand the token to
    /// [`authenticate_magic_link`](Self::authenticate_magic_link).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::magic_links::LoginOrSignupRequest;
    /// let sent = stytch
    ///     .send_magic_link(&LoginOrSignupRequest {
    ///         organization_id: "organization-test-…".into(),
    ///         email_address: "ada@example.com".into(),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("new member: {}", sent.member_created);
    /// # Ok(()) }
    /// ```
    pub async fn send_magic_link(&self, request: &LoginOrSignupRequest) -> Result<LoginOrSignupResponse, StytchError> {
        read(
            self.post("/v1/b2b/magic_links/email/login_or_signup", body(request)?)
                .await?,
        )
    }

    /// Signs in with an organization's emailed link (`POST /v1/b2b/magic_links/authenticate`):
    /// a session, or an IST and what is still needed (MFA, or another primary factor the
    /// organization requires). `unable_to_auth_magic_link` for a used or expired link.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, token_from_the_link: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::magic_links::MagicLinkAuthenticateRequest;
    /// let request = MagicLinkAuthenticateRequest {
    ///     magic_links_token: token_from_the_link,
    ///     session_duration_minutes: Some(60),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.authenticate_magic_link(&request, &SignInOptions::default()).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_magic_link(
        &self,
        request: &MagicLinkAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/magic_links/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// Emails a one-time code for one organization (`POST /v1/b2b/otps/email/login_or_signup`);
    /// sign in with it through [`authenticate_email_otp`](Self::authenticate_email_otp).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::otps::EmailOtpLoginOrSignupRequest;
    /// stytch
    ///     .send_email_otp(&EmailOtpLoginOrSignupRequest {
    ///         organization_id: "organization-test-…".into(),
    ///         email_address: "ada@example.com".into(),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_email_otp(&self, request: &EmailOtpLoginOrSignupRequest) -> Result<(), StytchError> {
        self.post("/v1/b2b/otps/email/login_or_signup", body(request)?)
            .await
            .map(drop)
    }

    /// Signs in with an emailed code (`POST /v1/b2b/otps/email/authenticate`), as
    /// [`authenticate_magic_link`](Self::authenticate_magic_link) answers. `unable_to_auth_otp_code`
    /// for a wrong or used code.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: Option<String>) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::otps::EmailOtpAuthenticateRequest;
    /// // The email step-up a password sign-in asked for: the IST it answered carries on.
    /// let request = EmailOtpAuthenticateRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     code: "123456".into(),
    ///     intermediate_session_token: ist,
    ///     ..Default::default()
    /// };
    /// let answer = stytch.authenticate_email_otp(&request, &SignInOptions::default()).await?;
    /// # drop(answer); Ok(()) }
    /// ```
    pub async fn authenticate_email_otp(
        &self,
        request: &EmailOtpAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/otps/email/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// Signs in with an organization member's password (`POST /v1/b2b/passwords/authenticate`).
    /// `unauthorized_credentials` for a wrong address or password; a member whose address is
    /// not verified yet is asked for an email factor (`primary_required`).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::passwords::PasswordAuthenticateRequest;
    /// let request = PasswordAuthenticateRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     password: "from the form".into(),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.authenticate_password(&request, &SignInOptions::default()).await?;
    /// # drop(answer); Ok(()) }
    /// ```
    pub async fn authenticate_password(
        &self,
        request: &PasswordAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/passwords/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// Emails a password-reset link (`POST /v1/b2b/passwords/email/reset/start`); the link
    /// opens your `reset_password_redirect_url` with `?token=…` for
    /// [`reset_password_by_email`](Self::reset_password_by_email).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::passwords::ResetByEmailStartRequest;
    /// stytch
    ///     .start_password_reset(&ResetByEmailStartRequest {
    ///         organization_id: "organization-test-…".into(),
    ///         email_address: "ada@example.com".into(),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_password_reset(&self, request: &ResetByEmailStartRequest) -> Result<(), StytchError> {
        self.post("/v1/b2b/passwords/email/reset/start", body(request)?)
            .await
            .map(drop)
    }

    /// Sets a new password with the reset link's token (`POST /v1/b2b/passwords/email/reset`)
    /// and signs the member in, as [`authenticate_password`](Self::authenticate_password)
    /// answers. A weak password is `weak_password`; the old one stops working.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, token_from_the_link: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::passwords::ResetByEmailRequest;
    /// let request = ResetByEmailRequest {
    ///     password_reset_token: token_from_the_link,
    ///     password: "a new, long passphrase".into(),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.reset_password_by_email(&request, &SignInOptions::default()).await?;
    /// # drop(answer); Ok(()) }
    /// ```
    pub async fn reset_password_by_email(
        &self,
        request: &ResetByEmailRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/passwords/email/reset", with_options(request, options)?)
                .await?,
        )
    }

    /// Emails a link that resets the password of every membership of an address
    /// (`POST /v1/b2b/passwords/discovery/email/reset/start`), for someone who signs in by
    /// discovery and forgot it. The link opens `reset_password_redirect_url` with
    /// `stytch_token_type=discovery&stytch_redirect_type=reset_password&token=…` for
    /// [`reset_discovery_password`](Self::reset_discovery_password). An address that is no
    /// member's is `email_not_found`: tell the person the same as when it is sent, or the form
    /// tells strangers who has an account.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::passwords::DiscoveryResetStartRequest;
    /// let request = DiscoveryResetStartRequest {
    ///     email_address: "ada@example.com".into(),
    ///     reset_password_redirect_url: Some("https://app.example/authenticate".into()),
    ///     ..Default::default()
    /// };
    /// stytch.start_discovery_password_reset(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_discovery_password_reset(
        &self,
        request: &DiscoveryResetStartRequest,
    ) -> Result<(), StytchError> {
        self.post("/v1/b2b/passwords/discovery/email/reset/start", body(request)?)
            .await
            .map(drop)
    }

    /// Sets the new password of every membership of the link's address
    /// (`POST /v1/b2b/passwords/discovery/email/reset`) and answers as discovery does: an IST and
    /// the organizations the address may enter. A weak password is `weak_password`, and the
    /// link stays good.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, token_from_the_link: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::passwords::DiscoveryResetRequest;
    /// let request = DiscoveryResetRequest {
    ///     password_reset_token: token_from_the_link,
    ///     password: "a new, long passphrase".into(),
    ///     ..Default::default()
    /// };
    /// let found = stytch.reset_discovery_password(&request).await?;
    /// println!("{} may enter {} organizations", found.email_address, found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn reset_discovery_password(
        &self,
        request: &DiscoveryResetRequest,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/passwords/discovery/email/reset", body(request)?)
                .await?,
        )
    }

    /// Emails a discovery link (`POST /v1/b2b/magic_links/email/discovery/send`): proof of
    /// the address before any organization is chosen. The link opens your
    /// `discovery_redirect_url` with `?token=…` for
    /// [`authenticate_discovery_magic_link`](Self::authenticate_discovery_magic_link).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::magic_links::DiscoveryEmailSendRequest;
    /// let request = DiscoveryEmailSendRequest { email_address: "ada@example.com".into(), ..Default::default() };
    /// stytch.send_discovery_magic_link(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_discovery_magic_link(&self, request: &DiscoveryEmailSendRequest) -> Result<(), StytchError> {
        self.post("/v1/b2b/magic_links/email/discovery/send", body(request)?)
            .await
            .map(drop)
    }

    /// Authenticates a discovery link (`POST /v1/b2b/magic_links/discovery/authenticate`): an
    /// IST and the organizations the address may enter (member of, invited to, or admitted
    /// by its domain). Enter one with
    /// [`exchange_intermediate_session`](Self::exchange_intermediate_session) or create one with
    /// [`create_organization_via_discovery`](Self::create_organization_via_discovery).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, token_from_the_link: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::magic_links::DiscoveryMagicLinkAuthenticateRequest;
    /// let request = DiscoveryMagicLinkAuthenticateRequest { discovery_magic_links_token: token_from_the_link, ..Default::default() };
    /// let found = stytch.authenticate_discovery_magic_link(&request).await?;
    /// for choice in &found.discovered_organizations {
    ///     println!("{}", choice.organization.organization_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_discovery_magic_link(
        &self,
        request: &DiscoveryMagicLinkAuthenticateRequest,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/magic_links/discovery/authenticate", body(request)?)
                .await?,
        )
    }

    /// Emails a discovery code (`POST /v1/b2b/otps/email/discovery/send`) for
    /// [`authenticate_discovery_email_otp`](Self::authenticate_discovery_email_otp).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::otps::EmailOtpDiscoverySendRequest;
    /// let request = EmailOtpDiscoverySendRequest { email_address: "ada@example.com".into(), ..Default::default() };
    /// stytch.send_discovery_email_otp(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_discovery_email_otp(&self, request: &EmailOtpDiscoverySendRequest) -> Result<(), StytchError> {
        self.post("/v1/b2b/otps/email/discovery/send", body(request)?)
            .await
            .map(drop)
    }

    /// Authenticates a discovery code (`POST /v1/b2b/otps/email/discovery/authenticate`), as
    /// [`authenticate_discovery_magic_link`](Self::authenticate_discovery_magic_link) answers.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::otps::EmailOtpDiscoveryAuthenticateRequest;
    /// let request = EmailOtpDiscoveryAuthenticateRequest { email_address: "ada@example.com".into(), code: "123456".into() };
    /// let found = stytch.authenticate_discovery_email_otp(&request).await?;
    /// # drop(found); Ok(()) }
    /// ```
    pub async fn authenticate_discovery_email_otp(
        &self,
        request: &EmailOtpDiscoveryAuthenticateRequest,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/otps/email/discovery/authenticate", body(request)?)
                .await?,
        )
    }

    /// Discovery by password (`POST /v1/b2b/passwords/discovery/authenticate`): an IST and the
    /// organizations the address may enter. `unauthorized_credentials` for a wrong password.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::passwords::PasswordDiscoveryAuthenticateRequest;
    /// let request = PasswordDiscoveryAuthenticateRequest { email_address: "ada@example.com".into(), password: "from the form".into() };
    /// let found = stytch.authenticate_discovery_password(&request).await?;
    /// # drop(found); Ok(()) }
    /// ```
    pub async fn authenticate_discovery_password(
        &self,
        request: &PasswordDiscoveryAuthenticateRequest,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/passwords/discovery/authenticate", body(request)?)
                .await?,
        )
    }

    /// The organizations a person may enter (`POST /v1/b2b/discovery/organizations`), named by
    /// exactly one of an IST, a session token or a session JWT (an organization switcher's
    /// list for a signed-in member).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::discovery::DiscoveryOrganizationsRequest;
    /// let request = DiscoveryOrganizationsRequest { intermediate_session_token: Some(ist), ..Default::default() };
    /// let found = stytch.discovered_organizations(&request).await?;
    /// println!("{} may enter {} organizations", found.email_address, found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn discovered_organizations(
        &self,
        request: &DiscoveryOrganizationsRequest,
    ) -> Result<DiscoveryOrganizationsResponse, StytchError> {
        read(self.post("/v1/b2b/discovery/organizations", body(request)?).await?)
    }

    /// Enters a discovered organization with the IST
    /// (`POST /v1/b2b/discovery/intermediate_sessions/exchange`): a session, or what the
    /// organization still requires (its MFA, another primary factor). A member enrolled in
    /// SMS MFA is texted a code at once (`secondary_auth_initiated: "sms_otp"`).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::discovery::IntermediateSessionExchangeRequest;
    /// let request = IntermediateSessionExchangeRequest {
    ///     intermediate_session_token: Some(ist),
    ///     organization_id: "organization-test-…".into(),
    ///     session_duration_minutes: Some(60),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.exchange_intermediate_session(&request, &SignInOptions::default()).await?;
    /// # drop(answer); Ok(()) }
    /// ```
    pub async fn exchange_intermediate_session(
        &self,
        request: &IntermediateSessionExchangeRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post(
                "/v1/b2b/discovery/intermediate_sessions/exchange",
                with_options(request, options)?,
            )
            .await?,
        )
    }

    /// Creates an organization with the IST's person as its first admin
    /// (`POST /v1/b2b/discovery/organizations/create`) and signs them in to it.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::discovery::OrganizationCreateViaDiscoveryRequest;
    /// let request = OrganizationCreateViaDiscoveryRequest {
    ///     intermediate_session_token: Some(ist),
    ///     organization_name: Some("Acme".into()),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.create_organization_via_discovery(&request, &SignInOptions::default()).await?;
    /// println!("created {}", answer.organization.organization_slug);
    /// # Ok(()) }
    /// ```
    pub async fn create_organization_via_discovery(
        &self,
        request: &OrganizationCreateViaDiscoveryRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post(
                "/v1/b2b/discovery/organizations/create",
                with_options(request, options)?,
            )
            .await?,
        )
    }

    /// Moves a signed-in member to their membership in another organization
    /// (`POST /v1/b2b/sessions/exchange`, an organization switcher's call): a session there,
    /// or what that organization still requires. The session to move is the request's own
    /// `session_token` or `session_jwt`, or else `options.session`.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, current: stytch_core::backend::SessionCredential) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::sessions::SessionsExchangeRequest;
    /// let request = SessionsExchangeRequest { organization_id: "organization-test-…".into(), ..Default::default() };
    /// let options = SignInOptions { session: Some(current), ..Default::default() };
    /// let answer = stytch.exchange_session(&request, &options).await?;
    /// # drop(answer); Ok(()) }
    /// ```
    pub async fn exchange_session(
        &self,
        request: &SessionsExchangeRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let options = if request.session_token.is_some() || request.session_jwt.is_some() {
            SignInOptions {
                session: None,
                ..options.clone()
            }
        } else {
            options.clone()
        };
        read(
            self.post("/v1/b2b/sessions/exchange", with_options(request, &options)?)
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_sit_beside_the_request_fields() {
        let request = PasswordAuthenticateRequest {
            organization_id: "organization-test-1".into(),
            ..Default::default()
        };
        let plain: Value = serde_json::from_str(&with_options(&request, &SignInOptions::default()).unwrap()).unwrap();
        assert_eq!(plain["organization_id"], "organization-test-1");
        assert!(plain.get("session_token").is_none() && plain.get("session_custom_claims").is_none());

        let options = SignInOptions {
            session: Some(SessionCredential::Jwt("eyJ.a.b".into())),
            session_custom_claims: serde_json::json!({ "plan": "pro" }).as_object().cloned(),
        };
        let body: Value = serde_json::from_str(&with_options(&request, &options).unwrap()).unwrap();
        assert_eq!(body["session_jwt"], "eyJ.a.b");
        assert!(body.get("session_token").is_none());
        assert_eq!(body["session_custom_claims"]["plan"], "pro");
    }
}
