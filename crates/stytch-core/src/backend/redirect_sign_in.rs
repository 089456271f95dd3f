//! Sign-ins that leave for an identity provider and come back with a token: SSO (an
//! organization's SAML or OIDC connection) and OAuth (Google, Microsoft, …). A server starts one
//! by sending the browser to the URL built here, and finishes it at its redirect URL, where
//! Stytch appends `stytch_token_type` (`sso`, `oauth` or `discovery_oauth`) and `token`.
//!
//! A token arriving at a redirect URL proves only that someone signed in somewhere: another
//! site can send your visitor to your callback with a token of its own (login CSRF). A
//! [`ProofKey`] binds the sign-in to the browser that started it: its challenge goes in the
//! start URL, its verifier stays with that browser (the `HttpOnly` cookie
//! [`ProofKey::set_cookie`] writes) until the token comes back
//! ([`ProofKey::from_cookie_header`]), and Stytch refuses the token without it.

use std::fmt;

use stytch_models::api::discovery::DiscoveryAuthenticateResponse;
use stytch_models::api::oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest, OAuthProvider};
use stytch_models::api::sessions::AuthenticateWithMfaResponse;
use stytch_models::api::sso::SsoAuthenticateRequest;

use super::sign_in::{SignInOptions, with_options};
use super::{StytchBackend, body, read};
use crate::client::{
    SSO_START_PATH, navigation_url, oauth_discovery_start_query, oauth_start_query, pkce_challenge, sso_start_query,
};
use crate::storage::PageLocation;
use crate::{OAuthStartOptions, SsoStartOptions, StytchError};

/// A PKCE pair (RFC 7636, method `S256`) for a sign-in a server starts. Its `Debug` form hides
/// the verifier.
///
/// ```
/// use stytch_core::backend::ProofKey;
/// let key = ProofKey::generate().expect("the system's randomness");
/// // The verifier goes to the browser's HttpOnly cookie; the challenge into the start URL.
/// let again = ProofKey::from_verifier(key.verifier());
/// assert_eq!(again.challenge(), key.challenge());
/// assert!(!format!("{key:?}").contains(key.verifier()));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ProofKey {
    verifier: String,
    challenge: String,
}

impl ProofKey {
    /// A new pair: a verifier of 64 hex digits from 32 bytes of the system's randomness.
    /// `None` when the system has none (start without PKCE only if you accept the risk).
    ///
    /// ```
    /// let key = stytch_core::backend::ProofKey::generate().unwrap();
    /// assert_eq!(key.verifier().len(), 64);
    /// ```
    pub fn generate() -> Option<Self> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).ok()?;
        Some(Self::from_verifier(
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        ))
    }

    /// The pair of a verifier kept since the start (read back from its cookie).
    ///
    /// ```
    /// // RFC 7636, appendix B.
    /// let key = stytch_core::backend::ProofKey::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    /// assert_eq!(key.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    /// ```
    pub fn from_verifier(verifier: impl Into<String>) -> Self {
        let verifier = verifier.into();
        Self {
            challenge: pkce_challenge(&verifier),
            verifier,
        }
    }

    /// The secret kept by the browser that started the sign-in; sent with the token.
    ///
    /// ```
    /// let key = stytch_core::backend::ProofKey::from_verifier("v".repeat(43));
    /// assert_eq!(key.verifier(), "v".repeat(43));
    /// ```
    pub fn verifier(&self) -> &str {
        &self.verifier
    }

    /// The verifier's SHA-256, base64url: what the start URL carries.
    ///
    /// ```
    /// let key = stytch_core::backend::ProofKey::from_verifier("v".repeat(43));
    /// assert_eq!(key.challenge().len(), 43);
    /// ```
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

/// The cookie [`ProofKey::set_cookie`] keeps the verifier in.
///
/// ```
/// use stytch_core::backend::{PROOF_KEY_COOKIE, ProofKey};
/// use stytch_core::storage::PageLocation;
/// let cookie = ProofKey::expired_cookie(&PageLocation::from_host("http", "localhost:3000"));
/// assert!(cookie.starts_with(&format!("{PROOF_KEY_COOKIE}=;")));
/// ```
pub const PROOF_KEY_COOKIE: &str = "stytch_pkce_verifier";

/// How long a started sign-in may take before its verifier's cookie expires (ten minutes, as
/// long as an IST lives).
const PROOF_KEY_COOKIE_SECONDS: u32 = 600;

impl ProofKey {
    /// The `Set-Cookie` value that keeps the verifier in the browser starting the sign-in, on
    /// the response that redirects it to the start URL: `HttpOnly` (no script reads it),
    /// `SameSite=Lax` (the identity provider's redirect back is a top-level navigation, which
    /// carries it), ten minutes, and `Secure` when the page is served over `https`.
    ///
    /// ```
    /// use stytch_core::backend::ProofKey;
    /// use stytch_core::storage::PageLocation;
    /// let key = ProofKey::from_verifier("v".repeat(43));
    /// let cookie = key.set_cookie(&PageLocation::from_host("https", "app.example.com"));
    /// assert_eq!(cookie, format!("stytch_pkce_verifier={}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure", "v".repeat(43)));
    /// ```
    pub fn set_cookie(&self, page: &PageLocation) -> String {
        proof_key_cookie(&self.verifier, PROOF_KEY_COOKIE_SECONDS, page)
    }

    /// The `Set-Cookie` value that spends the verifier once the token came back, whether or
    /// not Stytch took it: a verifier serves one sign-in.
    ///
    /// ```
    /// use stytch_core::backend::ProofKey;
    /// use stytch_core::storage::PageLocation;
    /// let cookie = ProofKey::expired_cookie(&PageLocation::from_host("http", "localhost:3000"));
    /// assert_eq!(cookie, "stytch_pkce_verifier=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    /// ```
    pub fn expired_cookie(page: &PageLocation) -> String {
        proof_key_cookie("", 0, page)
    }

    /// The pair whose verifier a request's `Cookie` header carries back: `None` without one,
    /// or when it is not 43 to 128 of the characters RFC 7636 allows (a forged cookie is
    /// never sent to Stytch).
    ///
    /// ```
    /// use stytch_core::backend::ProofKey;
    /// let key = ProofKey::generate().unwrap();
    /// let header = format!("theme=dark; stytch_pkce_verifier={}", key.verifier());
    /// assert_eq!(ProofKey::from_cookie_header(&header), Some(key));
    /// assert_eq!(ProofKey::from_cookie_header("stytch_pkce_verifier=short"), None);
    /// assert_eq!(ProofKey::from_cookie_header("theme=dark"), None);
    /// ```
    pub fn from_cookie_header(header: &str) -> Option<Self> {
        let verifier = super::cookie_value(header, PROOF_KEY_COOKIE)?;
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
        ((43..=128).contains(&verifier.len()) && verifier.bytes().all(allowed)).then(|| Self::from_verifier(verifier))
    }
}

fn proof_key_cookie(value: &str, max_age: u32, page: &PageLocation) -> String {
    let secure = if page.origin.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("{PROOF_KEY_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
}

impl fmt::Debug for ProofKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProofKey")
            .field("verifier", &"[redacted]")
            .field("challenge", &self.challenge)
            .finish()
    }
}

fn challenge_of(pkce: Option<&ProofKey>) -> String {
    pkce.map(|key| key.challenge.clone()).unwrap_or_default()
}

impl StytchBackend {
    /// The URL that starts a login through the SSO connection `connection_id`
    /// (`GET /v1/public/sso/start`): redirect the browser to it. `public_token` is the
    /// project's (the start is a public endpoint); `options` name where the person returns
    /// (`login_redirect_url`, `signup_redirect_url`, on the project's allow-list; the
    /// project's defaults when absent).
    ///
    /// ```
    /// use stytch_core::SsoStartOptions;
    /// use stytch_core::backend::{ProofKey, StytchBackend};
    /// let stytch = StytchBackend::new("project-test-1", "secret-test-1").with_api_url("http://127.0.0.1:8787");
    /// let key = ProofKey::generate().unwrap();
    /// let options = SsoStartOptions { login_redirect_url: Some("http://127.0.0.1:3000/authenticate".into()), ..Default::default() };
    /// let url = stytch.sso_start_url("public-token-test-1", "saml-connection-test-1", &options, Some(&key));
    /// assert!(url.starts_with("http://127.0.0.1:8787/v1/public/sso/start?public_token=public-token-test-1&connection_id=saml-connection-test-1"));
    /// assert!(url.contains(&format!("pkce_code_challenge={}", key.challenge())));
    /// ```
    pub fn sso_start_url(
        &self,
        public_token: &str,
        connection_id: &str,
        options: &SsoStartOptions,
        pkce: Option<&ProofKey>,
    ) -> String {
        let query = sso_start_query(connection_id, options, challenge_of(pkce));
        navigation_url(&self.base_url, public_token, SSO_START_PATH, query)
    }

    /// The URL that starts an OAuth login to one organization
    /// (`GET /v1/b2b/public/oauth/{provider}/start`): `options` name the organization (ID or
    /// slug), scopes, provider parameters and where the person returns.
    ///
    /// ```
    /// use stytch_core::OAuthStartOptions;
    /// use stytch_core::backend::StytchBackend;
    /// use stytch_core::models::api::oauth::OAuthProvider;
    /// let stytch = StytchBackend::new("project-test-1", "secret-test-1");
    /// let options = OAuthStartOptions { organization_slug: Some("acme".into()), ..Default::default() };
    /// let url = stytch.oauth_start_url("public-token-test-1", &OAuthProvider::Google, &options, None);
    /// assert_eq!(url, "https://test.stytch.com/v1/b2b/public/oauth/google/start?public_token=public-token-test-1&slug=acme");
    /// ```
    pub fn oauth_start_url(
        &self,
        public_token: &str,
        provider: &OAuthProvider,
        options: &OAuthStartOptions,
        pkce: Option<&ProofKey>,
    ) -> String {
        let path = format!("/v1/b2b/public/oauth/{}/start", provider.as_str());
        navigation_url(
            &self.base_url,
            public_token,
            &path,
            oauth_start_query(options, challenge_of(pkce)),
        )
    }

    /// The URL that starts a discovery OAuth login
    /// (`GET /v1/b2b/public/oauth/{provider}/discovery/start`): the person returns to
    /// `options.discovery_redirect_url` with a `discovery_oauth` token for
    /// [`authenticate_discovery_oauth`](Self::authenticate_discovery_oauth).
    ///
    /// ```
    /// use stytch_core::OAuthStartOptions;
    /// use stytch_core::backend::StytchBackend;
    /// use stytch_core::models::api::oauth::OAuthProvider;
    /// let stytch = StytchBackend::new("project-test-1", "secret-test-1");
    /// let options = OAuthStartOptions { discovery_redirect_url: Some("https://app.example/authenticate".into()), ..Default::default() };
    /// let url = stytch.discovery_oauth_start_url("public-token-test-1", &OAuthProvider::Microsoft, &options, None);
    /// assert!(url.contains("/oauth/microsoft/discovery/start?public_token=public-token-test-1&discovery_redirect_url=https%3A%2F%2Fapp.example%2Fauthenticate"));
    /// ```
    pub fn discovery_oauth_start_url(
        &self,
        public_token: &str,
        provider: &OAuthProvider,
        options: &OAuthStartOptions,
        pkce: Option<&ProofKey>,
    ) -> String {
        let path = format!("/v1/b2b/public/oauth/{}/discovery/start", provider.as_str());
        let query = oauth_discovery_start_query(options, challenge_of(pkce));
        navigation_url(&self.base_url, public_token, &path, query)
    }

    /// `POST /v1/b2b/sso/authenticate`: the `sso` token the identity provider returned with
    /// (and the verifier of the start's [`ProofKey`] in `pkce_code_verifier`). Answers with a
    /// session, or the IST of what the organization still asks (MFA); with
    /// `options.session`, the factor joins that session.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, key: stytch_core::backend::ProofKey) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::sso::SsoAuthenticateRequest;
    /// let request = SsoAuthenticateRequest {
    ///     sso_token: "token-from-the-redirect".into(),
    ///     pkce_code_verifier: Some(key.verifier().to_owned()),
    ///     session_duration_minutes: Some(60),
    ///     ..Default::default()
    /// };
    /// let answer = stytch.authenticate_sso(&request, &SignInOptions::default()).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_sso(
        &self,
        request: &SsoAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/sso/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// `POST /v1/b2b/oauth/authenticate`: the `oauth` token the provider returned with. Answers
    /// as [`authenticate_sso`](Self::authenticate_sso) does, plus the provider's tokens
    /// (`provider_values`), which only a backend call returns.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::oauth::OAuthAuthenticateRequest;
    /// let request = OAuthAuthenticateRequest { oauth_token: "token-from-the-redirect".into(), ..Default::default() };
    /// let answer = stytch.authenticate_oauth(&request, &SignInOptions::default()).await?;
    /// if let Some(tokens) = &answer.provider_values {
    ///     println!("the provider's scopes: {:?}", tokens.scopes);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_oauth(
        &self,
        request: &OAuthAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        read(
            self.post("/v1/b2b/oauth/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// `POST /v1/b2b/oauth/discovery/authenticate`: the `discovery_oauth` token; answers with
    /// the discovery's IST and the organizations the address may enter, as the other discovery
    /// sign-ins do.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::models::api::oauth::OAuthDiscoveryAuthenticateRequest;
    /// let request = OAuthDiscoveryAuthenticateRequest { discovery_oauth_token: "token-from-the-redirect".into(), ..Default::default() };
    /// let found = stytch.authenticate_discovery_oauth(&request).await?;
    /// println!("{} may enter {} organizations", found.email_address, found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_discovery_oauth(
        &self,
        request: &OAuthDiscoveryAuthenticateRequest,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/oauth/discovery/authenticate", body(request)?)
                .await?,
        )
    }
}
