//! The primary methods besides magic links: email codes (`client.otps()`), passwords
//! (`client.passwords()`) and OAuth (`client.oauth()`), each discovery and organization-scoped.
//! Organization-scoped calls carry the stored IST, so they complete a step-up.

use stytch_models::api::{
    ResponseCommon,
    discovery::DiscoveryAuthenticateResponse,
    oauth::{
        GoogleOneTapDiscoverySubmitRequest, GoogleOneTapStartResponse, GoogleOneTapSubmitRequest,
        GoogleOneTapSubmitResponse, OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest, OAuthProvider,
    },
    otps::{
        EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
        EmailOtpLoginOrSignupRequest,
    },
    passwords::{
        DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
        PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
        ResetByExistingPasswordRequest, ResetBySessionRequest, StrengthCheckRequest, StrengthCheckResponse,
    },
    sessions::{AuthenticateResponse, AuthenticateWithMfaResponse},
};

use stytch_models::json::ToJson;

use super::pkce::PkceFlow;
use super::{Otps, StytchClient};
use crate::StytchError;
use crate::transport::Method;
use crate::util::percent;

/// A URL the browser navigates to on the API host (an OAuth or SSO start): `path`, the
/// public token first, then every parameter that is not empty, percent-encoded. The browser
/// client and the backend (a server starting the same sign-in) build it alike.
pub(crate) fn navigation_url(api_url: &str, public_token: &str, path: &str, params: Vec<(String, String)>) -> String {
    let mut query = vec![format!("public_token={}", percent::encode(public_token))];
    query.extend(
        params
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent::encode(&v))),
    );
    format!("{}{path}?{}", api_url.trim_end_matches('/'), query.join("&"))
}

/// `provider_<key>=<value>` for each provider parameter.
pub(crate) fn provider_params(params: &[(String, String)]) -> impl Iterator<Item = (String, String)> + '_ {
    params.iter().map(|(k, v)| (format!("provider_{k}"), v.clone()))
}

/// An organization-scoped OAuth start's parameters after the public token, in the official
/// order: organization, slug, scopes, provider parameters, PKCE challenge (empty: none),
/// redirect URLs.
pub(crate) fn oauth_start_query(options: &OAuthStartOptions, challenge: String) -> Vec<(String, String)> {
    let mut params = vec![
        (
            "organization_id".to_owned(),
            options.organization_id.clone().unwrap_or_default(),
        ),
        ("slug".to_owned(), options.organization_slug.clone().unwrap_or_default()),
        ("custom_scopes".to_owned(), options.custom_scopes.join(" ")),
    ];
    params.extend(provider_params(&options.provider_params));
    params.push(("pkce_code_challenge".to_owned(), challenge));
    params.push((
        "login_redirect_url".into(),
        options.login_redirect_url.clone().unwrap_or_default(),
    ));
    params.push((
        "signup_redirect_url".into(),
        options.signup_redirect_url.clone().unwrap_or_default(),
    ));
    params
}

/// A discovery OAuth start's parameters after the public token: scopes, provider parameters,
/// PKCE challenge (empty: none), the discovery redirect URL.
pub(crate) fn oauth_discovery_start_query(options: &OAuthStartOptions, challenge: String) -> Vec<(String, String)> {
    let mut params = vec![("custom_scopes".to_owned(), options.custom_scopes.join(" "))];
    params.extend(provider_params(&options.provider_params));
    params.push(("pkce_code_challenge".to_owned(), challenge));
    params.push((
        "discovery_redirect_url".into(),
        options.discovery_redirect_url.clone().unwrap_or_default(),
    ));
    params
}

impl StytchClient {
    /// [`navigation_url`] on this client's API host, with its public token.
    pub(super) fn navigation_url(&self, path: &str, params: Vec<(String, String)>) -> String {
        navigation_url(self.api_url(), self.public_token(), path, params)
    }

    /// Where this browser remembers a first-password link (the official UI's key).
    fn password_setup_key(&self) -> String {
        self.storage_key("reset-email-value")
    }

    /// Remembers in this browser (under the official UI's key) that `email` was sent a sign-in
    /// link in order to choose a first password.
    #[cfg(feature = "passwords")]
    pub(crate) fn remember_password_setup(&self, email: &str) {
        self.inner.platform.storage.set(&self.password_setup_key(), email);
    }

    /// Whether this browser sent `email` such a link; forgets it when it did.
    pub(crate) fn take_password_setup(&self, email: &str) -> bool {
        let key = self.password_setup_key();
        let asked = self
            .inner
            .platform
            .storage
            .get(&key)
            .is_some_and(|remembered| remembered.eq_ignore_ascii_case(email));
        if asked {
            self.inner.platform.storage.remove(&key);
        }
        asked
    }

    pub(super) async fn authenticate_with_mfa<B: ToJson>(
        &self,
        path: &str,
        body: &B,
        minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        self.authenticate_with_verifier(&[], path, stytch_models::json::to_string(&body), "", minutes)
            .await
    }

    async fn discover_with<B: ToJson>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        self.discover_with_verifier(&[], path, stytch_models::json::to_string(&body))
            .await
    }
}

impl Otps<'_> {
    /// `POST otps/email/discovery/send`: emails a discovery code.
    ///
    /// ```no_run
    /// use stytch_core::models::api::otps::EmailOtpDiscoverySendRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = EmailOtpDiscoverySendRequest { email_address: "ada@example.com".into(), ..Default::default() };
    /// client.otps().email_discovery_send(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn email_discovery_send(
        &self,
        request: &EmailOtpDiscoverySendRequest,
    ) -> Result<ResponseCommon, StytchError> {
        self.client
            .request(Method::Post, "/b2b/otps/email/discovery/send", Some(request))
            .await
    }

    /// `POST otps/email/discovery/authenticate`: trades the code for an IST and the discovered
    /// organizations.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.otps().email_discovery_authenticate("ada@example.com", "123456").await?;
    /// println!("{} organization(s)", found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn email_discovery_authenticate(
        &self,
        email_address: &str,
        code: &str,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = EmailOtpDiscoveryAuthenticateRequest {
            email_address: email_address.to_owned(),
            code: code.to_owned(),
        };
        self.client
            .discover_with("/b2b/otps/email/discovery/authenticate", &body)
            .await
    }

    /// `POST otps/email/login_or_signup`: emails a code to sign in to (or join) one organization.
    ///
    /// ```no_run
    /// use stytch_core::models::api::otps::EmailOtpLoginOrSignupRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = EmailOtpLoginOrSignupRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     ..Default::default()
    /// };
    /// client.otps().email_login_or_signup(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn email_login_or_signup(
        &self,
        request: &EmailOtpLoginOrSignupRequest,
    ) -> Result<ResponseCommon, StytchError> {
        self.client
            .request(Method::Post, "/b2b/otps/email/login_or_signup", Some(request))
            .await
    }

    /// `POST otps/email/authenticate`: signs in to the organization with the emailed code (or
    /// adds it to the stored IST).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.otps().email_authenticate("organization-test-…", "ada@example.com", "123456", Some(60)).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn email_authenticate(
        &self,
        organization_id: &str,
        email_address: &str,
        code: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = EmailOtpAuthenticateRequest {
            organization_id: organization_id.to_owned(),
            email_address: email_address.to_owned(),
            code: code.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            locale: None,
        };
        self.client
            .authenticate_with_mfa("/b2b/otps/email/authenticate", &body, session_duration_minutes)
            .await
    }
}

/// `client.passwords()`: passwords.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let found = client.passwords().discovery_authenticate("ada@example.com", "a long passphrase").await?;
/// println!("{} organization(s)", found.discovered_organizations.len());
/// # Ok(()) }
/// ```
pub struct Passwords<'a> {
    pub(super) client: &'a StytchClient,
}

impl Passwords<'_> {
    /// `POST passwords/authenticate`: signs in to one organization (or adds the factor to the
    /// stored IST).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.passwords().authenticate("organization-test-…", "ada@example.com", "a long passphrase", Some(60)).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        organization_id: &str,
        email_address: &str,
        password: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = PasswordAuthenticateRequest {
            organization_id: organization_id.to_owned(),
            email_address: email_address.to_owned(),
            password: password.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            locale: None,
        };
        self.client
            .authenticate_with_mfa("/b2b/passwords/authenticate", &body, session_duration_minutes)
            .await
    }

    /// `POST passwords/discovery/authenticate` (cross-organization passwords).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.passwords().discovery_authenticate("ada@example.com", "a long passphrase").await?;
    /// println!("{} organization(s)", found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn discovery_authenticate(
        &self,
        email_address: &str,
        password: &str,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = PasswordDiscoveryAuthenticateRequest {
            email_address: email_address.to_owned(),
            password: password.to_owned(),
        };
        self.client
            .discover_with("/b2b/passwords/discovery/authenticate", &body)
            .await
    }

    /// `POST passwords/strength_check`: how strong a password is, with advice.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let rating = client.passwords().strength_check("acme2024", Some("ada@acme.example")).await?;
    /// if !rating.valid_password {
    ///     println!("{}", rating.zxcvbn_feedback.warning);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn strength_check(
        &self,
        password: &str,
        email_address: Option<&str>,
    ) -> Result<StrengthCheckResponse, StytchError> {
        let body = StrengthCheckRequest {
            password: password.to_owned(),
            email_address: email_address.map(str::to_owned),
        };
        self.client
            .request(Method::Post, "/b2b/passwords/strength_check", Some(&body))
            .await
    }

    /// `POST passwords/email/reset/start`: emails a reset link. When the project requires PKCE
    /// for password resets, the request carries this browser's challenge (`code_challenge`,
    /// unless it names its own), and only this browser can use the link.
    ///
    /// ```no_run
    /// use stytch_core::models::api::passwords::ResetByEmailStartRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = ResetByEmailStartRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     ..Default::default()
    /// };
    /// client.passwords().reset_by_email_start(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_by_email_start(
        &self,
        request: &ResetByEmailStartRequest,
    ) -> Result<ResponseCommon, StytchError> {
        let mut request = request.clone();
        if request.code_challenge.is_none() {
            request.code_challenge = self.client.link_challenge(PkceFlow::Passwords).await;
        }
        self.client
            .request(Method::Post, "/b2b/passwords/email/reset/start", Some(&request))
            .await
    }

    /// `POST passwords/email/reset`: sets the new password from a reset link and signs in.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.passwords().reset_by_email("token-from-the-link", "a new long passphrase", Some(60)).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn reset_by_email(
        &self,
        password_reset_token: &str,
        password: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = ResetByEmailRequest {
            password_reset_token: password_reset_token.to_owned(),
            password: password.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            ..Default::default()
        };
        self.client
            .authenticate_with_verifier(
                &[PkceFlow::Passwords],
                "/b2b/passwords/email/reset",
                stytch_models::json::to_string(&body),
                "code_verifier",
                session_duration_minutes,
            )
            .await
    }

    /// `POST passwords/discovery/reset/start`: emails a link that resets the password of every
    /// membership of the address (cross-organization passwords). Carries this browser's PKCE
    /// challenge when the project requires it.
    ///
    /// ```no_run
    /// use stytch_core::models::api::passwords::DiscoveryResetStartRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = DiscoveryResetStartRequest { email_address: "ada@example.com".into(), ..Default::default() };
    /// client.passwords().discovery_reset_by_email_start(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn discovery_reset_by_email_start(
        &self,
        request: &DiscoveryResetStartRequest,
    ) -> Result<ResponseCommon, StytchError> {
        let mut request = request.clone();
        if request.pkce_code_challenge.is_none() {
            request.pkce_code_challenge = self.client.link_challenge(PkceFlow::Passwords).await;
        }
        self.client
            .request(Method::Post, "/b2b/passwords/discovery/reset/start", Some(&request))
            .await
    }

    /// `POST passwords/discovery/reset`: sets the new password from a discovery reset link and
    /// starts discovery (the IST is stored, as after any discovery sign-in).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Every membership of the address gets the new password; then pick an organization.
    /// let found = client.passwords().discovery_reset_by_email("token-from-the-link", "a new long passphrase").await?;
    /// println!("{} organization(s)", found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn discovery_reset_by_email(
        &self,
        password_reset_token: &str,
        password: &str,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = DiscoveryResetRequest {
            password_reset_token: password_reset_token.to_owned(),
            password: password.to_owned(),
            pkce_code_verifier: None,
        };
        self.client
            .discover_with_verifier(
                &[PkceFlow::Passwords],
                "/b2b/passwords/discovery/reset",
                stytch_models::json::to_string(&body),
            )
            .await
    }

    /// `POST passwords/existing_password/reset`.
    ///
    /// ```no_run
    /// use stytch_core::models::api::passwords::ResetByExistingPasswordRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = ResetByExistingPasswordRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     existing_password: "the old passphrase".into(),
    ///     new_password: "a new long passphrase".into(),
    ///     ..Default::default()
    /// };
    /// client.passwords().reset_by_existing_password(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_by_existing_password(
        &self,
        request: &ResetByExistingPasswordRequest,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        self.client
            .authenticate_with_mfa(
                "/b2b/passwords/existing_password/reset",
                request,
                request.session_duration_minutes,
            )
            .await
    }

    /// `POST passwords/session/reset`: the signed-in member sets a new password.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Signed in: the session proves who is changing the password.
    /// client.passwords().reset_by_session("a new long passphrase").await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_by_session(&self, password: &str) -> Result<AuthenticateResponse, StytchError> {
        let body = ResetBySessionRequest {
            password: password.to_owned(),
        };
        let response: AuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/passwords/session/reset", Some(&body))
            .await?;
        self.client.store().apply((&response).into(), None);
        Ok(response)
    }
}

/// Where an OAuth login returns and what it asks for.
///
/// ```
/// use stytch_core::OAuthStartOptions;
/// let options = OAuthStartOptions { organization_slug: Some("acme".into()), ..Default::default() };
/// assert!(options.custom_scopes.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OAuthStartOptions {
    /// Organization (organization-scoped starts).
    pub organization_id: Option<String>,
    /// Organization slug, instead of the ID.
    pub organization_slug: Option<String>,
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a new member lands.
    pub signup_redirect_url: Option<String>,
    /// Where a discovery login lands.
    pub discovery_redirect_url: Option<String>,
    /// Extra scopes.
    pub custom_scopes: Vec<String>,
    /// Extra provider parameters (`provider_<key>=<value>`).
    pub provider_params: Vec<(String, String)>,
}

/// `client.oauth()`: OAuth logins. Starting one is a navigation to the URL these methods
/// build; the provider returns to your redirect URL with a token to authenticate.
///
/// ```no_run
/// use stytch_core::{OAuthStartOptions, models::api::oauth::OAuthProvider};
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // Send the browser to `url`; the provider comes back with a token for `discovery_authenticate`.
/// let url = client.oauth().discovery_start_url(&OAuthProvider::Google, &OAuthStartOptions::default());
/// # drop(url);
/// let found = client.oauth().discovery_authenticate("token-from-the-redirect").await?;
/// println!("{}", found.email_address);
/// # Ok(()) }
/// ```
pub struct OAuth<'a> {
    pub(super) client: &'a StytchClient,
}

impl OAuth<'_> {
    fn url(&self, provider: &OAuthProvider, path: &str, params: Vec<(String, String)>) -> String {
        self.client
            .navigation_url(&format!("/v1/b2b/public/oauth/{}/{path}", provider.as_str()), params)
    }

    /// The URL that starts an organization-scoped OAuth login (parameters in the official
    /// order: organization, slug, scopes, provider parameters, PKCE challenge, redirect URLs).
    /// When the project requires PKCE for OAuth, each call stores a new verifier in this
    /// browser for [`authenticate`](Self::authenticate): navigate to the URL it returned last.
    /// The setting comes from the bootstrap document; right after start-up, await
    /// [`StytchClient::bootstrap_ready`] first (the prebuilt login does).
    ///
    /// ```
    /// # fn demo(client: &stytch_core::StytchClient) {
    /// use stytch_core::OAuthStartOptions;
    /// use stytch_core::models::api::oauth::OAuthProvider;
    /// let options = OAuthStartOptions { organization_slug: Some("acme".into()), ..Default::default() };
    /// let url = client.oauth().start_url(&OAuthProvider::GitHub, &options);
    /// assert!(url.contains("/v1/b2b/public/oauth/github/start?public_token="));
    /// # }
    /// ```
    pub fn start_url(&self, provider: &OAuthProvider, options: &OAuthStartOptions) -> String {
        let challenge = self.client.redirect_challenge_param(PkceFlow::OAuth);
        self.url(provider, "start", oauth_start_query(options, challenge))
    }

    /// The URL that starts a discovery OAuth login.
    ///
    /// ```no_run
    /// use stytch_core::{OAuthStartOptions, models::api::oauth::OAuthProvider};
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let url = client.oauth().discovery_start_url(&OAuthProvider::Microsoft, &OAuthStartOptions::default());
    /// assert!(url.contains("/oauth/microsoft/discovery/start"));
    /// # Ok(()) }
    /// ```
    pub fn discovery_start_url(&self, provider: &OAuthProvider, options: &OAuthStartOptions) -> String {
        let challenge = self.client.redirect_challenge_param(PkceFlow::OAuth);
        self.url(
            provider,
            "discovery/start",
            oauth_discovery_start_query(options, challenge),
        )
    }

    /// `GET oauth/google/onetap/start`: the Google OAuth client ID to run Google One Tap under
    /// (`google.accounts.id.initialize({client_id, callback})`); empty when the project has no
    /// Google OAuth set up. Google then hands your callback a credential for
    /// [`google_one_tap_submit`](Self::google_one_tap_submit) or
    /// [`google_one_tap_discovery_submit`](Self::google_one_tap_discovery_submit). In a Leptos
    /// app, `stytch_leptos::use_google_one_tap` does all of it.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let client_id = client.oauth().google_one_tap_client_id().await?;
    /// if client_id.is_empty() {
    ///     println!("Google OAuth is not set up for this project");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn google_one_tap_client_id(&self) -> Result<String, StytchError> {
        let start: GoogleOneTapStartResponse = self
            .client
            .request(Method::Get, "/b2b/oauth/google/onetap/start", None::<&()>)
            .await?;
        Ok(start.google_client_id)
    }

    /// `POST oauth/google/onetap/submit`: the credential Google One Tap returned, for a login
    /// to `options.organization_id` (required), landing on `options.login_redirect_url` or
    /// `signup_redirect_url` (the project's default when absent). Returns the URL to send the
    /// browser to: your redirect URL with an OAuth token for
    /// [`authenticate`](Self::authenticate). When the project requires PKCE for OAuth, it
    /// stores a new verifier in this browser first, as a start URL does.
    ///
    /// ```no_run
    /// use stytch_core::OAuthStartOptions;
    /// # async fn run(client: &stytch_core::StytchClient, credential: &str) -> Result<(), stytch_core::StytchError> {
    /// let options = OAuthStartOptions {
    ///     organization_id: Some("organization-test-07971b06".into()),
    ///     ..Default::default()
    /// };
    /// let go_to = client.oauth().google_one_tap_submit(credential, &options).await?;
    /// assert!(go_to.contains("stytch_token_type=oauth"));
    /// # Ok(()) }
    /// ```
    pub async fn google_one_tap_submit(
        &self,
        credential: &str,
        options: &OAuthStartOptions,
    ) -> Result<String, StytchError> {
        let body = GoogleOneTapSubmitRequest {
            id_token: credential.to_owned(),
            organization_id: options.organization_id.clone().unwrap_or_default(),
            signup_redirect_url: options.signup_redirect_url.clone(),
            login_redirect_url: options.login_redirect_url.clone(),
            pkce_code_challenge: self.client.redirect_challenge(PkceFlow::OAuth).await,
        };
        let answer: GoogleOneTapSubmitResponse = self
            .client
            .request(Method::Post, "/b2b/oauth/google/onetap/submit", Some(&body))
            .await?;
        Ok(answer.redirect_url)
    }

    /// `POST oauth/google/onetap/discovery/submit`: the credential Google One Tap returned, for
    /// a discovery login landing on `options.discovery_redirect_url` (the project's default
    /// when absent). Returns the URL to send the browser to, with a discovery OAuth token for
    /// [`discovery_authenticate`](Self::discovery_authenticate).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, credential: &str) -> Result<(), stytch_core::StytchError> {
    /// let go_to = client.oauth().google_one_tap_discovery_submit(credential, &Default::default()).await?;
    /// assert!(go_to.contains("stytch_token_type=discovery_oauth"));
    /// # Ok(()) }
    /// ```
    pub async fn google_one_tap_discovery_submit(
        &self,
        credential: &str,
        options: &OAuthStartOptions,
    ) -> Result<String, StytchError> {
        let body = GoogleOneTapDiscoverySubmitRequest {
            id_token: credential.to_owned(),
            discovery_redirect_url: options.discovery_redirect_url.clone(),
            pkce_code_challenge: self.client.redirect_challenge(PkceFlow::OAuth).await,
        };
        let answer: GoogleOneTapSubmitResponse = self
            .client
            .request(Method::Post, "/b2b/oauth/google/onetap/discovery/submit", Some(&body))
            .await?;
        Ok(answer.redirect_url)
    }

    /// `POST oauth/authenticate`: the token an organization-scoped login returned with.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.oauth().authenticate("token-from-the-redirect", Some(60)).await?;
    /// if let Some(values) = &answer.provider_values {
    ///     println!("the provider granted {:?}", values.scopes);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        oauth_token: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = OAuthAuthenticateRequest {
            oauth_token: oauth_token.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            ..Default::default()
        };
        self.client
            .authenticate_with_verifier(
                &[PkceFlow::OAuth],
                "/b2b/oauth/authenticate",
                stytch_models::json::to_string(&body),
                "pkce_code_verifier",
                session_duration_minutes,
            )
            .await
    }

    /// `POST oauth/discovery/authenticate`: the token a discovery login returned with.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.oauth().discovery_authenticate("token-from-the-redirect").await?;
    /// println!("{}", found.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn discovery_authenticate(&self, token: &str) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = OAuthDiscoveryAuthenticateRequest {
            discovery_oauth_token: token.to_owned(),
            pkce_code_verifier: None,
        };
        self.client
            .discover_with_verifier(
                &[PkceFlow::OAuth],
                "/b2b/oauth/discovery/authenticate",
                stytch_models::json::to_string(&body),
            )
            .await
    }
}
