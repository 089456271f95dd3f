//! The server half: who is calling your server (a Leptos server function, an API route),
//! answered by Stytch's backend API from the session the browser sends in its cookies.
//!
//! The browser's signals are the user's to change; a server decides from Stytch's answer. The
//! client keeps the session in the `stytch_session` and `stytch_session_jwt` cookies (the
//! names [`CookieOptions`] sets, HttpOnly when the project asks for it), so every request from
//! the page carries them. [`SessionCredential::from_cookie_header`] reads one from the
//! request's `Cookie` header, and [`StytchBackend::authenticate_session`] asks Stytch
//! (`POST /v1/b2b/sessions/authenticate`, Basic `project_id:secret`) whether it is live,
//! whose it is and, with an [`AuthorizationCheck`], whether its roles allow an action.
//!
//! Native only (the project secret must never reach a browser), with the `reqwest` feature.
//! Its futures are `Send`, as server functions need. reqwest is built here without TLS: add
//! its `rustls` feature in your own manifest to reach `https://api.stytch.com`.
//!
//! ```no_run
//! # async fn handler(cookie_header: &str) -> Result<(), stytch_core::StytchError> {
//! use stytch_core::backend::{AuthenticateSessionOptions, SessionCredential, StytchBackend};
//! use stytch_core::models::api::sessions::AuthorizationCheck;
//! use stytch_core::storage::CookieOptions;
//!
//! let stytch = StytchBackend::new("project-test-…", "secret-test-…");
//! let Some(credential) = SessionCredential::from_cookie_header(cookie_header, &CookieOptions::default()) else {
//!     return Ok(()); // signed out: no session cookie
//! };
//! let caller = stytch
//!     .authenticate_session(
//!         &credential,
//!         AuthenticateSessionOptions {
//!             authorization_check: Some(AuthorizationCheck {
//!                 organization_id: "organization-test-…".into(),
//!                 resource_id: "documents".into(),
//!                 action: "write".into(),
//!             }),
//!             ..Default::default()
//!         },
//!     )
//!     .await?; // a 403 `session_authorization_error` when its roles do not allow it
//! println!("{} may write documents", caller.member.email_address);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;
use stytch_models::api::impersonation::ImpersonationAuthenticateRequest;
use stytch_models::api::oauth::{MemberProviderTokens, OAuthProvider};
use stytch_models::api::sessions::{
    AuthenticateResponse, AuthenticateWithMfaResponse, AuthorizationCheck, SessionsAttestRequest,
    SessionsAuthenticateRequest,
};
use stytch_models::json;
use stytch_models::{MemberSession, PolicyRole, RbacPolicy, RedactedDebug, SessionJwtClaims};

use crate::StytchError;
use crate::storage::CookieOptions;

mod connected_apps;
mod directory;
mod m2m_clients;
mod member_sessions;
mod mfa;
mod migration;
mod redirect_sign_in;
mod scim_connections;
mod sign_in;
mod sso_connections;
use crate::transport::{data, read_response};
use crate::util::{base64, percent};
pub use connected_apps::{
    ConnectedApp, ConnectedAppPage, ConnectedAppSearch, ConnectedAppSettings, ConnectedAppWithSecret,
};
pub use directory::{MemberUpdate, OrganizationPage, OrganizationSearch, OrganizationUpdate};
pub use m2m_clients::{
    CreateM2mClientRequest, M2mClient, M2mClientPage, M2mClientSearch, M2mClientWithSecret, UpdateM2mClientRequest,
};
pub use migration::{MigratedMember, MigratedTotp, PasswordHash, PasswordMigration, SessionMigration};
pub use redirect_sign_in::{PROOF_KEY_COOKIE, ProofKey};
pub use sign_in::SignInOptions;

/// A page of one of the backend's searches (organizations, M2M clients): `query` keeps what it
/// matches (everything without one), `limit` per page (Stytch's default 100, at most 1000),
/// from `cursor` (the last page's `next_cursor`). [`OrganizationSearch`] and
/// [`M2mClientSearch`] name it for each search.
///
/// ```
/// use stytch_core::backend::BackendSearch;
/// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
/// let search = BackendSearch {
///     query: Some(SearchQuery::all_of(vec![SearchOperand::organization_slug_fuzzy("acme")])),
///     limit: Some(20),
///     ..Default::default()
/// };
/// assert_eq!(serde_json::to_value(&search).unwrap()["limit"], 20, "what is not set is not sent");
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct BackendSearch {
    /// The filters; everything when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<stytch_models::api::organizations::SearchQuery>,
    /// Results per page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the page starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A JSON answer that is not what the route answers (or a request that cannot be written).
fn unexpected(e: serde_json::Error) -> StytchError {
    StytchError::InvalidResponse(format!("unexpected answer: {e}"))
}

/// A request's JSON body.
fn body<T: serde::Serialize>(request: &T) -> Result<String, StytchError> {
    serde_json::to_string(request).map_err(unexpected)
}

/// An answer read as the route's response type.
fn read<T: serde::de::DeserializeOwned>(answer: Value) -> Result<T, StytchError> {
    serde_json::from_value(answer).map_err(unexpected)
}

/// The roles of an answer's `org_policy`.
fn organization_roles_in(answer: Value) -> Result<Vec<PolicyRole>, StytchError> {
    read(answer["org_policy"]["roles"].clone())
}

/// A search answer's `results_metadata`: the total across pages and the next page's cursor
/// (`None` on the last page, however Stytch spells that).
fn results_metadata(answer: &serde_json::Value) -> (u64, Option<String>) {
    let metadata = &answer["results_metadata"];
    let next_cursor = metadata["next_cursor"].as_str().filter(|c| !c.is_empty());
    (
        metadata["total"].as_u64().unwrap_or_default(),
        next_cursor.map(str::to_owned),
    )
}

/// The session a request carries: the opaque token or the JWT. Its `Debug` form hides the
/// value, so logging one never leaks a session.
///
/// ```
/// use stytch_core::backend::SessionCredential;
/// use stytch_core::storage::CookieOptions;
///
/// let header = "theme=dark; stytch_session_jwt=eyJ.a.b; stytch_session=mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
/// let credential = SessionCredential::from_cookie_header(header, &CookieOptions::default()).unwrap();
/// assert!(matches!(&credential, SessionCredential::Token(t) if t.starts_with("mZAY")));
/// assert_eq!(format!("{credential:?}"), "Token(…)");
/// assert!(SessionCredential::from_cookie_header("theme=dark", &CookieOptions::default()).is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum SessionCredential {
    /// The opaque session token (`stytch_session`).
    Token(String),
    /// The session JWT (`stytch_session_jwt`); Stytch accepts an expired one while its session
    /// lives.
    Jwt(String),
}

impl SessionCredential {
    /// The session in a `Cookie` request header (`name=value; name=value`), under the names
    /// `options` gives: the opaque token when present (Stytch answers from the session
    /// itself, so a revocation counts at once), else the JWT. `None` when the request carries
    /// neither, or only empty values: the caller is signed out.
    ///
    /// ```
    /// use stytch_core::{backend::SessionCredential, storage::CookieOptions};
    /// // A project with its own cookie names.
    /// let options = CookieOptions { opaque_token_cookie_name: "acme_session".into(), ..Default::default() };
    /// let credential = SessionCredential::from_cookie_header("acme_session=tok", &options);
    /// assert_eq!(credential, Some(SessionCredential::Token("tok".into())));
    /// ```
    pub fn from_cookie_header(header: &str, options: &CookieOptions) -> Option<Self> {
        cookie_value(header, &options.opaque_token_cookie_name)
            .map(Self::Token)
            .or_else(|| Self::jwt_from_cookie_header(header, options))
    }

    /// Only the session JWT of a `Cookie` header, for
    /// [`StytchBackend::authenticate_jwt`], which can verify it without asking Stytch.
    ///
    /// ```
    /// use stytch_core::backend::SessionCredential;
    /// let header = "stytch_session=opaque; stytch_session_jwt=eyJ.a.b";
    /// let jwt = SessionCredential::jwt_from_cookie_header(header, &Default::default());
    /// assert_eq!(jwt, Some(SessionCredential::Jwt("eyJ.a.b".into())));
    /// ```
    pub fn jwt_from_cookie_header(header: &str, options: &CookieOptions) -> Option<Self> {
        cookie_value(header, &options.jwt_cookie_name).map(Self::Jwt)
    }
}

/// The intermediate session token (IST) in a `Cookie` request header, under the name `options`
/// gives (`stytch_intermediate_session_token` by default): the sign-in a server or the browser
/// client started and the member has yet to finish (MFA, an organization to choose). `None`
/// when the request carries none. Pass it on as the next request's
/// `intermediate_session_token`.
///
/// ```
/// use stytch_core::backend::intermediate_session_from_cookie_header;
/// use stytch_core::storage::CookieOptions;
/// let header = "theme=dark; stytch_intermediate_session_token=ist-abc";
/// assert_eq!(intermediate_session_from_cookie_header(header, &CookieOptions::default()).as_deref(), Some("ist-abc"));
/// assert_eq!(intermediate_session_from_cookie_header("theme=dark", &CookieOptions::default()), None);
/// ```
pub fn intermediate_session_from_cookie_header(header: &str, options: &CookieOptions) -> Option<String> {
    cookie_value(header, &options.ist_cookie_name)
}

/// The first non-empty value of the cookie `name` in a `Cookie` header, percent-decoded as the
/// client encodes it.
fn cookie_value(header: &str, name: &str) -> Option<String> {
    crate::storage::cookie_pairs(header).find_map(|(key, value)| (key == name && !value.is_empty()).then_some(value))
}

impl fmt::Debug for SessionCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Token(_) => "Token(…)",
            Self::Jwt(_) => "Jwt(…)",
        })
    }
}

/// What [`StytchBackend::authenticate_session`] asks besides "is this session live".
///
/// ```no_run
/// use stytch_core::backend::{AuthenticateSessionOptions, SessionCredential, StytchBackend};
/// use stytch_core::models::api::sessions::AuthorizationCheck;
///
/// # async fn run(stytch: &StytchBackend, cookie_header: &str) -> Result<(), stytch_core::StytchError> {
/// // Only members who may create documents in Acme, with the session extended to a day.
/// let Some(credential) = SessionCredential::from_cookie_header(cookie_header, &Default::default()) else {
///     return Ok(()); // signed out
/// };
/// let options = AuthenticateSessionOptions {
///     authorization_check: Some(AuthorizationCheck {
///         organization_id: "organization-test-acme".into(),
///         resource_id: "documents".into(),
///         action: "create".into(),
///     }),
///     session_duration_minutes: Some(24 * 60),
///     ..Default::default()
/// };
/// let answer = stytch.authenticate_session(&credential, options).await?;
/// println!("{} may create documents", answer.member.email_address);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthenticateSessionOptions {
    /// Also require that the session's roles allow this action in this organization: Stytch
    /// answers 403 (`session_authorization_error`, or a tenancy error for another organization's
    /// session) otherwise, and the answer's `verdict` names the granting roles.
    pub authorization_check: Option<AuthorizationCheck>,
    /// Extend the session to this many minutes from now (5 to 527040); unchanged when `None`.
    pub session_duration_minutes: Option<u32>,
    /// Claims to add to the session and its JWTs from now on (a `null` value removes one), as
    /// a server does after looking the member up in its own records.
    pub session_custom_claims: Option<serde_json::Map<String, Value>>,
}

/// Stytch's backend API for one project, from a server. Cheap to clone (one shared connection
/// pool); its `Debug` form hides the secret.
///
/// ```
/// let stytch = stytch_core::backend::StytchBackend::new("project-test-1", "secret-test-1")
///     .with_api_url("http://127.0.0.1:8787");
/// assert!(!format!("{stytch:?}").contains("secret-test-1"));
/// ```
#[derive(Clone)]
pub struct StytchBackend {
    base_url: String,
    project_id: String,
    authorization: String,
    http: reqwest::Client,
    cache: Arc<Mutex<Cache>>,
    refetch_cooldown: Duration,
    acting: Option<SessionCredential>,
}

/// How long the signing keys and RBAC policies fetched for local checks are kept, as Stytch's
/// own backend clients keep them.
const CACHE_FOR: Duration = Duration::from_secs(300);

/// What local JWT checks fetched: the project's signing keys (by `kid`), its RBAC policy and
/// each organization's own roles, with when each was fetched.
#[derive(Default)]
struct Cache {
    keys: Option<(Instant, HashMap<String, jsonwebtoken::DecodingKey>)>,
    policy: Option<(Instant, RbacPolicy)>,
    organization_roles: HashMap<String, (Instant, Vec<PolicyRole>)>,
    /// Stytch's answers by the credential they were for ([`StytchBackend::authenticate_session_reusing`]).
    answers: HashMap<SessionCredential, (Instant, AuthenticateResponse)>,
    /// M2M tokens by the client ID, secret and scopes they were asked with, with when each
    /// expires ([`StytchBackend::m2m_token_reusing`]).
    m2m_tokens: HashMap<(String, String, String), (Instant, M2mToken)>,
}

/// At most this many answers are kept for reuse; past it, stale ones go, then all.
const MAX_REUSED_ANSWERS: usize = 10_000;

fn fresh<T: Clone>(entry: Option<&(Instant, T)>, max_age: Duration) -> Option<T> {
    entry
        .filter(|(at, _)| at.elapsed() < max_age)
        .map(|(_, value)| value.clone())
}

/// What [`StytchBackend::authenticate_jwt`] asks.
///
/// ```no_run
/// use stytch_core::backend::{AuthenticateJwtOptions, StytchBackend};
///
/// # async fn run(stytch: &StytchBackend, jwt: &str) -> Result<(), stytch_core::StytchError> {
/// // Trust the signature for one minute after issue; older JWTs are checked with Stytch, so a
/// // revoked session is refused within a minute.
/// let options = AuthenticateJwtOptions { max_token_age_seconds: Some(60), ..Default::default() };
/// let caller = stytch.authenticate_jwt(jwt, options).await?;
/// println!("{}", caller.member_session.member_id);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthenticateJwtOptions {
    /// Ask Stytch instead of trusting the signature when the JWT was issued longer ago than
    /// this many seconds (a JWT lives five minutes; a revocation is seen only by Stytch).
    pub max_token_age_seconds: Option<u32>,
    /// Also require that the session's roles allow this action, checked against the project's
    /// policy and the organization's own roles (fetched, then kept five minutes).
    pub authorization_check: Option<AuthorizationCheck>,
    /// The time to check the JWT against, in Unix seconds; the system clock when `None`. Tests
    /// against the emulator pass its clock (`GET /emulator/v1/clock`) after moving it.
    pub current_time: Option<i64>,
}

/// A session JWT that [`StytchBackend::authenticate_jwt`] accepted.
///
/// ```no_run
/// use stytch_core::backend::{AuthenticateJwtOptions, JwtAuthentication, StytchBackend};
///
/// # async fn run(stytch: &StytchBackend, jwt: &str) -> Result<(), stytch_core::StytchError> {
/// let JwtAuthentication { member_session, session_jwt, verified_locally } =
///     stytch.authenticate_jwt(jwt, AuthenticateJwtOptions::default()).await?;
/// if !verified_locally {
///     // Stytch issued a fresh JWT: send it back to the browser (Set-Cookie).
///     println!("new JWT for {}: {} bytes", member_session.member_id, session_jwt.len());
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, RedactedDebug)]
pub struct JwtAuthentication {
    /// The session, from the JWT's claims or from Stytch's answer.
    pub member_session: MemberSession,
    /// The JWT to keep: the one given when its signature sufficed, Stytch's fresh one otherwise.
    #[redact]
    pub session_jwt: String,
    /// Whether the signature sufficed (no `sessions/authenticate` call was made).
    pub verified_locally: bool,
}

/// A Connected Apps access token's claims, verified by
/// [`StytchBackend::introspect_access_token`]: who the app acts for, and what it may do.
///
/// ```
/// use stytch_core::backend::AccessTokenClaims;
/// let claims = AccessTokenClaims { scope: "openid read:documents".into(), ..Default::default() };
/// assert!(claims.has_scope("read:documents"));
/// assert!(!claims.has_scope("read"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccessTokenClaims {
    /// The member the app acts for (`sub`).
    pub subject: String,
    /// The scopes granted, space separated.
    pub scope: String,
    /// The connected app.
    pub client_id: String,
    /// The member's organization.
    pub organization: stytch_models::OrganizationClaim,
    /// The issuer (`stytch.com/{project_id}` or the project's domain).
    pub issuer: String,
    /// The audiences (`aud`): the project's ID, then the app's `access_token_custom_audience`
    /// when it has one.
    pub audience: Vec<String>,
    /// Issued (Unix seconds).
    pub issued_at: i64,
    /// Expires (Unix seconds).
    pub expires_at: i64,
    /// Every other claim (from a custom access token template).
    pub custom_claims: serde_json::Map<String, Value>,
}

impl AccessTokenClaims {
    /// Whether the token is meant for `audience`: an API or MCP server whose connected apps
    /// carry its URL as their `access_token_custom_audience` refuses tokens minted for another
    /// resource (RFC 8707's audience check) with this.
    ///
    /// ```
    /// use stytch_core::backend::AccessTokenClaims;
    /// let claims = AccessTokenClaims {
    ///     audience: vec!["project-test-…".into(), "https://mcp.acme.example".into()],
    ///     ..Default::default()
    /// };
    /// assert!(claims.has_audience("https://mcp.acme.example"));
    /// assert!(!claims.has_audience("https://api.acme.example"));
    /// ```
    pub fn has_audience(&self, audience: &str) -> bool {
        self.audience.iter().any(|a| a == audience)
    }

    /// Whether the token was granted `scope`.
    ///
    /// ```
    /// use stytch_core::backend::AccessTokenClaims;
    /// let claims = AccessTokenClaims { scope: "openid email".into(), ..Default::default() };
    /// assert!(claims.has_scope("email"));
    /// ```
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|s| s == scope)
    }
}

/// An M2M access token from [`StytchBackend::m2m_token`]. Its `Debug` form hides the token.
///
/// ```
/// use stytch_core::backend::M2mToken;
/// let token = M2mToken { access_token: "eyJ.secret".into(), token_type: "bearer".into(), expires_in: 3600 };
/// assert!(!format!("{token:?}").contains("eyJ"));
/// ```
#[derive(Clone, PartialEq, RedactedDebug)]
pub struct M2mToken {
    /// The JWT to send as `Authorization: Bearer …`.
    #[redact]
    pub access_token: String,
    /// `bearer`.
    pub token_type: String,
    /// Seconds until it expires (3600).
    pub expires_in: i64,
}

/// What [`StytchBackend::authenticate_m2m_token`] requires of a token.
///
/// ```
/// use stytch_core::backend::AuthenticateM2mTokenOptions;
/// // Writes need a token at most five minutes old that may write invoices.
/// let options = AuthenticateM2mTokenOptions {
///     required_scopes: vec!["write:invoices".into()],
///     max_token_age_seconds: Some(300),
///     ..Default::default()
/// };
/// assert_eq!(options.clock_tolerance_seconds, 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthenticateM2mTokenOptions {
    /// Scopes the token must hold, each by [`M2mAuthentication::has_scope`]'s rule.
    pub required_scopes: Vec<String>,
    /// Refuse tokens issued this many seconds ago or longer (`jwt_too_old`).
    pub max_token_age_seconds: Option<u32>,
    /// Leeway for expiry and not-before, for clocks that disagree.
    pub clock_tolerance_seconds: u32,
    /// The time to check against, in Unix seconds; the system clock when `None` (tests
    /// against an emulator whose clock was moved pass its clock).
    pub current_time: Option<i64>,
}

/// An M2M access token [`StytchBackend::authenticate_m2m_token`] accepted: which client
/// calls, and what it may do.
///
/// ```
/// use stytch_core::backend::M2mAuthentication;
/// let caller = M2mAuthentication { scopes: vec!["read:*".into(), "sync".into()], ..Default::default() };
/// assert!(caller.has_scope("read:users"));
/// assert!(caller.has_scope("sync"));
/// assert!(!caller.has_scope("write:users"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct M2mAuthentication {
    /// The M2M client (`sub`).
    pub client_id: String,
    /// The scopes the token carries.
    pub scopes: Vec<String>,
    /// Every claim besides the standard ones and `scope` (from a custom claims template).
    pub custom_claims: serde_json::Map<String, Value>,
    /// Issued (Unix seconds).
    pub issued_at: i64,
    /// Expires (Unix seconds).
    pub expires_at: i64,
}

impl M2mAuthentication {
    /// Whether the token's scopes cover `required`, by Stytch's rule: a scope is `action` or
    /// `action:resource`, and `action:*` covers every resource of that action.
    ///
    /// ```
    /// use stytch_core::backend::M2mAuthentication;
    /// let caller = M2mAuthentication { scopes: vec!["write:*".into(), "read:users".into()], ..Default::default() };
    /// assert!(caller.has_scope("write:invoices"));
    /// assert!(caller.has_scope("read:users"));
    /// assert!(!caller.has_scope("read:invoices"));
    /// assert!(!caller.has_scope("read"));
    /// ```
    pub fn has_scope(&self, required: &str) -> bool {
        let split = |scope: &str| -> (String, String) {
            match scope.split_once(':') {
                Some((action, resource)) => (action.to_owned(), resource.to_owned()),
                None => (scope.to_owned(), "-".to_owned()),
            }
        };
        let (action, resource) = split(required);
        self.scopes.iter().any(|held| {
            let (held_action, held_resource) = split(held);
            held_action == action && (held_resource == "*" || held_resource == resource)
        })
    }
}

/// A numeric claim.
fn number(claims: &serde_json::Map<String, Value>, name: &str) -> Option<i64> {
    claims.get(name).and_then(Value::as_i64)
}

/// A refused access token: `error_type` and why.
fn token_error(status: u16, error_type: &str, why: &str) -> StytchError {
    StytchError::Api(Box::new(stytch_models::ApiErrorBody::new(
        status,
        stytch_models::ErrorType::Unknown(error_type.into()),
        format!("The access token could not be verified: {why}."),
        String::new(),
    )))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl StytchBackend {
    /// The project with this ID and secret, at `https://test.stytch.com` for a test project
    /// (`project-test-…`), else `https://api.stytch.com`.
    ///
    /// ```
    /// use stytch_core::backend::StytchBackend;
    /// let stytch = StytchBackend::new("project-test-4f1c9a2e", "secret-test-…");
    /// assert_eq!(stytch.project_id(), "project-test-4f1c9a2e");
    /// // Its Debug form never shows the secret.
    /// assert!(!format!("{stytch:?}").contains("secret-test"));
    /// ```
    pub fn new(project_id: &str, secret: &str) -> Self {
        let base_url = if project_id.starts_with("project-test-") {
            "https://test.stytch.com"
        } else {
            "https://api.stytch.com"
        };
        Self {
            base_url: base_url.to_owned(),
            project_id: project_id.to_owned(),
            authorization: format!("Basic {}", base64::encode(format!("{project_id}:{secret}").as_bytes())),
            http: reqwest::Client::new(),
            cache: Arc::default(),
            refetch_cooldown: Duration::from_secs(30),
            acting: None,
        }
    }

    /// Another API base URL, used verbatim (the emulator's, say: `http://127.0.0.1:8787`).
    ///
    /// ```
    /// use stytch_core::backend::StytchBackend;
    /// // Against a local emulator in development and CI.
    /// let stytch = StytchBackend::new("project-test-4f1c9a2e", "secret-test-…").with_api_url("http://127.0.0.1:8787");
    /// # drop(stytch);
    /// ```
    pub fn with_api_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        // Keys and policies fetched from another address are not this one's.
        self.cache = Arc::default();
        self
    }

    /// A preconfigured reqwest client (timeouts, proxies, TLS).
    ///
    /// ```
    /// use std::time::Duration;
    /// use stytch_core::backend::StytchBackend;
    /// let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    /// let stytch = StytchBackend::new("project-test-4f1c9a2e", "secret-test-…").with_http_client(client);
    /// # drop(stytch);
    /// ```
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// How soon after fetching the project's keys a JWT naming a key they lack may fetch
    /// them again (30 seconds by default, as Stytch's Node client waits). Until then such a
    /// JWT goes to Stytch. Stytch publishes a new key weeks before signing with it, so the
    /// five-minute refresh normally has it first.
    ///
    /// ```
    /// use std::time::Duration;
    /// use stytch_core::backend::StytchBackend;
    /// // Ask for Stytch's signing keys again at most once a minute when a JWT names an unknown key.
    /// let stytch = StytchBackend::new("project-test-4f1c9a2e", "secret-test-…").with_key_refetch_cooldown(Duration::from_secs(60));
    /// # drop(stytch);
    /// ```
    pub fn with_key_refetch_cooldown(mut self, cooldown: Duration) -> Self {
        self.refetch_cooldown = cooldown;
        self
    }

    /// The same backend acting for the member whose session `member` is: each call carries
    /// it (`X-Stytch-Member-Session`, or `X-Stytch-Member-SessionJWT` for a JWT; npm
    /// `stytch`'s `authorization` option), and Stytch holds the call to that member's RBAC
    /// permissions and organization (`session_authorization_error`,
    /// `session_authorization_tenancy_error`). For an admin console: what the signed-in admin
    /// may do, the server does for them; nothing more.
    ///
    /// ```
    /// use stytch_core::backend::{SessionCredential, StytchBackend};
    /// let stytch = StytchBackend::new("project-test-4f1c9a2e", "secret-test-…");
    /// // In a request handler, with the caller's session from their cookies:
    /// let as_admin = stytch.acting_for(SessionCredential::Token("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".into()));
    /// # drop(as_admin);
    /// ```
    pub fn acting_for(&self, member: SessionCredential) -> Self {
        Self {
            acting: Some(member),
            ..self.clone()
        }
    }

    /// The project this talks to.
    ///
    /// ```
    /// use stytch_core::backend::StytchBackend;
    /// let stytch = StytchBackend::new("project-live-1", "secret-live-…");
    /// assert!(stytch.project_id().starts_with("project-live"));
    /// ```
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Authenticates a session: the member, the organization and the session (with its
    /// current `roles`) when it is live; [`StytchError::Api`] with Stytch's `error_type`
    /// otherwise (`session_not_found` for a revoked or expired one,
    /// `unauthorized_credentials` for a wrong secret, a 403 when the authorization check
    /// fails); [`StytchError::Unreachable`] when Stytch could not be reached. Each call asks
    /// Stytch: nothing is cached.
    ///
    /// ```no_run
    /// use stytch_core::backend::{AuthenticateSessionOptions, SessionCredential, StytchBackend};
    ///
    /// # async fn run(stytch: &StytchBackend, cookie_header: &str) -> Result<(), stytch_core::StytchError> {
    /// let Some(credential) = SessionCredential::from_cookie_header(cookie_header, &Default::default()) else {
    ///     return Ok(()); // signed out: no session cookie
    /// };
    /// let answer = stytch.authenticate_session(&credential, AuthenticateSessionOptions::default()).await?;
    /// println!("{} in {}", answer.member.email_address, answer.organization.organization_name);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_session(
        &self,
        credential: &SessionCredential,
        options: AuthenticateSessionOptions,
    ) -> Result<AuthenticateResponse, StytchError> {
        let (session_token, session_jwt) = match credential {
            SessionCredential::Token(token) => (Some(token.clone()), None),
            SessionCredential::Jwt(jwt) => (None, Some(jwt.clone())),
        };
        let request = SessionsAuthenticateRequest {
            session_token,
            session_jwt,
            session_duration_minutes: options.session_duration_minutes,
            authorization_check: options.authorization_check,
            session_custom_claims: options.session_custom_claims,
        };
        let answer = self
            .post("/v1/b2b/sessions/authenticate", json::to_string(&request))
            .await?;
        serde_json::from_value(answer).map_err(|e| StytchError::InvalidResponse(format!("unexpected answer: {e}")))
    }

    /// [`authenticate_session`](Self::authenticate_session) for reads that may be a little
    /// stale, such as rendering a page: Stytch's answer for the same credential, if it gave
    /// one less than `reuse_for` ago and the session has not expired since, is returned again
    /// without a call (tokens and all, as they were then). Refusals and failures are never reused, and `Duration::ZERO` always
    /// asks. A session revoked in the meantime still reads as live until its answer is
    /// `reuse_for` old, as a locally verified JWT does until it expires: decide anything that
    /// matters with a fresh call (or [`authenticate_jwt`](Self::authenticate_jwt) and an age
    /// limit), never with this.
    ///
    /// ```no_run
    /// # async fn render(stytch: stytch_core::backend::StytchBackend, credential: stytch_core::backend::SessionCredential) {
    /// use std::time::Duration;
    /// // One call to Stytch per session per minute, however many pages it loads.
    /// if let Ok(answer) = stytch.authenticate_session_reusing(&credential, Duration::from_secs(60)).await {
    ///     println!("render the page of {}", answer.member.email_address);
    /// }
    /// # }
    /// ```
    pub async fn authenticate_session_reusing(
        &self,
        credential: &SessionCredential,
        reuse_for: Duration,
    ) -> Result<AuthenticateResponse, StytchError> {
        // Never past the session's own expiry, whatever `reuse_for` allows.
        let unexpired = |answer: &AuthenticateResponse| {
            stytch_models::time::parse_rfc3339(&answer.member_session.expires_at)
                .is_some_and(|expires_ms| expires_ms / 1000 > unix_now())
        };
        let reused = {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            fresh(cache.answers.get(credential), reuse_for).filter(unexpired)
        };
        if let Some(answer) = reused {
            return Ok(answer);
        }
        let answer = self
            .authenticate_session(credential, AuthenticateSessionOptions::default())
            .await?;
        if !reuse_for.is_zero() {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if cache.answers.len() >= MAX_REUSED_ANSWERS {
                cache.answers.retain(|_, (at, _)| at.elapsed() < reuse_for);
                if cache.answers.len() >= MAX_REUSED_ANSWERS {
                    cache.answers.clear();
                }
            }
            cache
                .answers
                .insert(credential.clone(), (Instant::now(), answer.clone()));
        }
        Ok(answer)
    }

    /// Authenticates an impersonation token (from the link the Stytch Dashboard's
    /// "Impersonate Member" opens, `stytch_token_type=multi_tenant_impersonation`) on the
    /// server: always a session for the member (no MFA), for 60 minutes, which cannot be
    /// extended; `unable_to_auth_impersonation_token` for a used, expired or unknown token.
    /// Hand the session to the browser with
    /// [`ResponseCookies`](crate::storage::ResponseCookies).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, token: &str) -> Result<(), stytch_core::StytchError> {
    /// let answer = stytch.authenticate_impersonation(token).await?;
    /// let acting = answer.member_session.as_ref().and_then(|s| s.impersonator());
    /// println!("{:?} acts as {}", acting.map(|i| &i.impersonator_email_address), answer.member.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_impersonation(
        &self,
        impersonation_token: &str,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let request = ImpersonationAuthenticateRequest {
            impersonation_token: impersonation_token.to_owned(),
        };
        let answer = self
            .post("/v1/b2b/impersonation/authenticate", json::to_string(&request))
            .await?;
        serde_json::from_value(answer).map_err(|e| StytchError::InvalidResponse(format!("unexpected answer: {e}")))
    }

    /// Exchanges a JWT from another identity provider for a Stytch session on the server
    /// (`sessions/attest`), under a Trusted Auth Token profile: the usual way to move signed-in
    /// users of Supabase, Auth0 or your own tokens onto Stytch sessions without a new sign-in.
    /// With `session_token` or `session_jwt` naming a live session of the same member, the
    /// token is added to it as a factor. Hand the session to the browser with
    /// [`ResponseCookies`](crate::storage::ResponseCookies).
    ///
    /// ```no_run
    /// use stytch_models::api::sessions::SessionsAttestRequest;
    ///
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, external_jwt: String) -> Result<(), stytch_core::StytchError> {
    /// let answer = stytch
    ///     .attest_session(&SessionsAttestRequest {
    ///         profile_id: "ttp-test-…".into(),
    ///         token: external_jwt,
    ///         organization_id: Some("organization-test-…".into()),
    ///         session_duration_minutes: Some(60),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} now holds session {}", answer.member.email_address, answer.member_session.member_session_id);
    /// # Ok(()) }
    /// ```
    pub async fn attest_session(&self, request: &SessionsAttestRequest) -> Result<AuthenticateResponse, StytchError> {
        let answer = self.post("/v1/b2b/sessions/attest", json::to_string(request)).await?;
        serde_json::from_value(answer).map_err(|e| StytchError::InvalidResponse(format!("unexpected answer: {e}")))
    }

    /// The provider tokens an OAuth sign-in left for a member (`GET
    /// organizations/{org}/members/{member}/oauth_providers/{provider}`), to call Google,
    /// Microsoft, Slack, HubSpot or GitHub as that member: one entry per registration (Google and
    /// Microsoft: the newest). Stytch refreshes expired Google, Microsoft and HubSpot access
    /// tokens itself; the refresh token is included only with `include_refresh_token`.
    /// `member_oauth_token_not_found` when the member never signed in with that provider.
    ///
    /// ```no_run
    /// use stytch_models::api::oauth::OAuthProvider;
    ///
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let tokens = stytch
    ///     .member_provider_tokens("organization-test-…", "member-test-…", &OAuthProvider::Google, false)
    ///     .await?;
    /// if let Some(google) = tokens.first() {
    ///     // Call the Calendar API with `Authorization: Bearer {google.access_token}`.
    ///     println!("scopes: {:?}", google.scopes);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn member_provider_tokens(
        &self,
        organization_id: &str,
        member_id: &str,
        provider: &OAuthProvider,
        include_refresh_token: bool,
    ) -> Result<Vec<MemberProviderTokens>, StytchError> {
        let path = format!(
            "/v1/b2b/organizations/{}/members/{}/oauth_providers/{}{}",
            percent::encode(organization_id),
            percent::encode(member_id),
            percent::encode(provider.as_str()),
            if include_refresh_token {
                "?include_refresh_token=true"
            } else {
                ""
            },
        );
        let mut answer = self.get(&path).await?;
        let invalid = |e: serde_json::Error| StytchError::InvalidResponse(format!("unexpected answer: {e}"));
        match answer.get_mut("registrations").map(Value::take) {
            Some(list) => serde_json::from_value(list).map_err(invalid),
            None => Ok(vec![serde_json::from_value(answer).map_err(invalid)?]),
        }
    }

    /// Revokes the session, as signing out on the server does: its token stops working at
    /// once on every device; JWTs already issued stay valid until they expire (five minutes).
    ///
    /// ```no_run
    /// use stytch_core::backend::{SessionCredential, StytchBackend};
    ///
    /// # async fn run(stytch: &StytchBackend, cookie_header: &str) -> Result<(), stytch_core::StytchError> {
    /// // A server-side "sign out": the session ends everywhere, then the cookies are expired.
    /// if let Some(credential) = SessionCredential::from_cookie_header(cookie_header, &Default::default()) {
    ///     stytch.revoke_session(&credential).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn revoke_session(&self, credential: &SessionCredential) -> Result<(), StytchError> {
        let (key, value) = match credential {
            SessionCredential::Token(token) => ("session_token", token),
            SessionCredential::Jwt(jwt) => ("session_jwt", jwt),
        };
        let mut body = serde_json::Map::new();
        body.insert(key.to_owned(), Value::String(value.clone()));
        self.post("/v1/b2b/sessions/revoke", json::stringify(&Value::Object(body)))
            .await?;
        // Revoked here: no answer for it is reused, whichever of its credentials it was for.
        let revoked = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .answers
            .iter()
            .find(|(key, (_, answer))| {
                *key == credential || [&answer.session_token, &answer.session_jwt].contains(&value)
            })
            .map(|(_, (_, answer))| answer.member_session.member_session_id.clone());
        if let Some(revoked) = revoked {
            self.forget_answers(|answer| answer.member_session.member_session_id == revoked);
        }
        Ok(())
    }

    /// Authenticates a session JWT the way Stytch's backend clients do: when its RS256
    /// signature checks out against the project's keys (fetched from
    /// `GET /v1/b2b/sessions/jwks/{project_id}`, then kept five minutes; fetched again for a
    /// key not seen yet), and it and its session have not expired, and it is younger than
    /// `max_token_age_seconds`, its claims are the answer, with no call to Stytch. Otherwise
    /// Stytch decides (`sessions/authenticate` with the JWT, which it accepts expired while
    /// the session lives) and a fresh JWT comes back.
    ///
    /// A locally verified JWT stays valid until it expires even if its session was revoked
    /// meanwhile: use [`authenticate_session`](Self::authenticate_session) or a small
    /// `max_token_age_seconds` where that matters (`Some(0)` always asks Stytch). An
    /// authorization check is granted locally when the cached policies allow it; anything
    /// else goes to Stytch, which answers with its 403 (`session_authorization_error`, or
    /// `session_authorization_tenancy_error` for another organization), so a role granted since the policies
    /// were cached is never refused on their word.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, jwt: &str) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::AuthenticateJwtOptions;
    /// let caller = stytch.authenticate_jwt(jwt, AuthenticateJwtOptions::default()).await?;
    /// println!("member {} (checked locally: {})", caller.member_session.member_id, caller.verified_locally);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_jwt(
        &self,
        jwt: &str,
        options: AuthenticateJwtOptions,
    ) -> Result<JwtAuthentication, StytchError> {
        let now = options.current_time.unwrap_or_else(unix_now);
        let local = match options.max_token_age_seconds {
            Some(0) => None,
            max_age => self.verify_locally(jwt, now, max_age).await,
        };
        if let Some(member_session) = local {
            let allowed = match &options.authorization_check {
                None => true,
                Some(check) => self.allowed_locally(&member_session, check).await,
            };
            if allowed {
                return Ok(JwtAuthentication {
                    member_session,
                    session_jwt: jwt.to_owned(),
                    verified_locally: true,
                });
            }
        }
        let answer = self
            .authenticate_session(
                &SessionCredential::Jwt(jwt.to_owned()),
                AuthenticateSessionOptions {
                    authorization_check: options.authorization_check,
                    ..Default::default()
                },
            )
            .await?;
        Ok(JwtAuthentication {
            member_session: answer.member_session,
            session_jwt: answer.session_jwt,
            verified_locally: false,
        })
    }

    /// Verifies a Connected Apps access token locally, as npm `stytch`'s
    /// `idp.introspectTokenLocal` does: signed with one of the project's keys (the JWKS is
    /// fetched once and cached), for the project's audience, from Stytch's issuer or the
    /// project's domain, unexpired, and not a session JWT. A Rust API or MCP server checks the bearer token of
    /// each request with it, without a call to Stytch (a revoked grant is only seen by
    /// Stytch's introspection endpoint). Anything else is a 401 `jwt_invalid`. Times are checked
    /// at `current_time` (Unix seconds; `None` for the system clock, which a test against an
    /// emulator whose clock was moved replaces by the emulator's).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, bearer: &str) -> Result<(), stytch_core::StytchError> {
    /// let claims = stytch.introspect_access_token(bearer, None).await?;
    /// if !claims.has_scope("read:documents") {
    ///     // 403
    /// }
    /// println!("{} acts for {}", claims.client_id, claims.subject);
    /// # Ok(()) }
    /// ```
    pub async fn introspect_access_token(
        &self,
        access_token: &str,
        current_time: Option<i64>,
    ) -> Result<AccessTokenClaims, StytchError> {
        let now = current_time.unwrap_or_else(unix_now);
        let mut claims = self.verify_access_token(access_token, now, 0).await?;
        let mut text = |name: &str| match claims.remove(name) {
            Some(Value::String(text)) => text,
            _ => String::new(),
        };
        let (subject, scope, client_id, issuer) = (text("sub"), text("scope"), text("client_id"), text("iss"));
        let organization = claims
            .remove("https://stytch.com/organization")
            .and_then(|o| serde_json::from_value(o).ok())
            .unwrap_or_default();
        let issued_at = number(&claims, "iat").unwrap_or_default();
        let expires_at = number(&claims, "exp").unwrap_or_default();
        // A JWT's `aud` is one string or a list of them.
        let audience = match claims.remove("aud") {
            Some(Value::String(one)) => vec![one],
            Some(Value::Array(many)) => many.into_iter().filter_map(|a| a.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        };
        for standard in ["exp", "iat", "nbf", "jti"] {
            claims.remove(standard);
        }
        Ok(AccessTokenClaims {
            subject,
            scope,
            client_id,
            organization,
            issuer,
            audience,
            issued_at,
            expires_at,
            custom_claims: claims,
        })
    }

    /// Asks the project's token endpoint (`POST /v1/public/{project_id}/oauth2/token`,
    /// `grant_type=client_credentials`) for an M2M access token, as npm `stytch`'s `m2m.token`
    /// does: one hour long, carrying `scopes` (all of the client's when empty). A service
    /// calling your API runs this, then sends `Authorization: Bearer {access_token}`. A wrong
    /// secret is a 401 `invalid_client`, a scope the client lacks a 400 `invalid_scope`
    /// (the OAuth error names Stytch's token endpoint answers with).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let token = stytch.m2m_token("m2m-client-test-…", "the client's secret", &["read:users"]).await?;
    /// let bearer = format!("Bearer {}", token.access_token);
    /// println!("valid for {} s", token.expires_in);
    /// # Ok(()) }
    /// ```
    pub async fn m2m_token(
        &self,
        client_id: &str,
        client_secret: &str,
        scopes: &[&str],
    ) -> Result<M2mToken, StytchError> {
        let mut form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            percent::encode(client_id),
            percent::encode(client_secret)
        );
        if !scopes.is_empty() {
            form.push_str("&scope=");
            form.push_str(&percent::encode(&scopes.join(" ")));
        }
        let unreachable = |e: reqwest::Error| StytchError::Unreachable(e.without_url().to_string());
        let answer = self
            .http
            .post(format!("{}/v1/public/{}/oauth2/token", self.base_url, self.project_id))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .map_err(unreachable)?;
        let answer = read_response(answer).await.map_err(unreachable)?;
        let body: Value = serde_json::from_str(&answer.body).unwrap_or_default();
        let status = answer.status;
        if status > 299 {
            // The token endpoint answers OAuth's `error` and `error_description`.
            let Some(error) = body["error"].as_str() else {
                return Err(data(answer)
                    .err()
                    .unwrap_or_else(|| StytchError::InvalidResponse(format!("HTTP {status}"))));
            };
            return Err(StytchError::Api(Box::new(stytch_models::ApiErrorBody::new(
                status,
                stytch_models::ErrorType::parse(error),
                body["error_description"].as_str().unwrap_or_default(),
                body["request_id"].as_str().unwrap_or_default(),
            ))));
        }
        match (body["access_token"].as_str(), body["expires_in"].as_i64()) {
            (Some(access_token), Some(expires_in)) => Ok(M2mToken {
                access_token: access_token.to_owned(),
                token_type: body["token_type"].as_str().unwrap_or("bearer").to_owned(),
                expires_in,
            }),
            _ => Err(StytchError::InvalidResponse(
                "the token endpoint's answer has no access_token or expires_in".into(),
            )),
        }
    }

    /// [`m2m_token`](Self::m2m_token), reusing the token the same client ID, secret and scopes
    /// got before while it has more than `min_remaining` left, as a service calling an API many
    /// times a minute should (Stytch counts token requests; a token lives an hour). Failures
    /// are never reused.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use std::time::Duration;
    /// // A fresh token at most once every 55 minutes, however many calls go out.
    /// let token = stytch
    ///     .m2m_token_reusing("m2m-client-test-…", "the client's secret", &["read:users"], Duration::from_secs(300))
    ///     .await?;
    /// println!("Bearer {} bytes", token.access_token.len());
    /// # Ok(()) }
    /// ```
    pub async fn m2m_token_reusing(
        &self,
        client_id: &str,
        client_secret: &str,
        scopes: &[&str],
        min_remaining: Duration,
    ) -> Result<M2mToken, StytchError> {
        let key = (client_id.to_owned(), client_secret.to_owned(), scopes.join(" "));
        {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((expires, token)) = cache.m2m_tokens.get(&key)
                && expires.saturating_duration_since(Instant::now()) > min_remaining
            {
                return Ok(token.clone());
            }
        }
        let token = self.m2m_token(client_id, client_secret, scopes).await?;
        let expires = Instant::now() + Duration::from_secs(token.expires_in.max(0) as u64);
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.m2m_tokens.len() >= MAX_REUSED_ANSWERS {
            let now = Instant::now();
            cache.m2m_tokens.retain(|_, (expires, _)| *expires > now);
            if cache.m2m_tokens.len() >= MAX_REUSED_ANSWERS {
                cache.m2m_tokens.clear();
            }
        }
        cache.m2m_tokens.insert(key, (expires, token.clone()));
        Ok(token)
    }

    /// Authenticates an M2M access token locally, as npm `stytch`'s `m2m.authenticateToken`
    /// does: signed with one of the project's keys, for its audience, from Stytch's issuer,
    /// unexpired (give or take `clock_tolerance_seconds`), younger than
    /// `max_token_age_seconds` when set (401 `jwt_too_old` otherwise), and holding every
    /// `required_scopes` entry by [`M2mAuthentication::has_scope`]'s rule (403
    /// `missing_scopes` otherwise). Stricter than npm `stytch`: a member's session JWT or a
    /// Connected Apps access token (which speak for a person, not a machine) is refused too.
    /// Anything else is a 401 `jwt_invalid`.
    ///
    /// ```no_run
    /// use stytch_core::backend::AuthenticateM2mTokenOptions;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, bearer: &str) -> Result<(), stytch_core::StytchError> {
    /// let options = AuthenticateM2mTokenOptions {
    ///     required_scopes: vec!["read:users".into()],
    ///     ..Default::default()
    /// };
    /// let caller = stytch.authenticate_m2m_token(bearer, options).await?;
    /// println!("{} may read users", caller.client_id);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_m2m_token(
        &self,
        access_token: &str,
        options: AuthenticateM2mTokenOptions,
    ) -> Result<M2mAuthentication, StytchError> {
        let now = options.current_time.unwrap_or_else(unix_now);
        let tolerance = i64::from(options.clock_tolerance_seconds);
        let mut claims = self.verify_access_token(access_token, now, tolerance).await?;
        if claims.contains_key("https://stytch.com/organization") {
            return Err(token_error(
                401,
                "jwt_invalid",
                "a member's access token is not an M2M token",
            ));
        }
        let Some(Value::String(scope)) = claims.remove("scope") else {
            return Err(token_error(401, "jwt_invalid", "the token has no scope claim"));
        };
        let issued_at = number(&claims, "iat").unwrap_or_default();
        if let Some(max_age) = options.max_token_age_seconds
            && now - issued_at >= i64::from(max_age)
        {
            return Err(token_error(
                401,
                "jwt_too_old",
                &format!("it was issued more than {max_age} seconds ago"),
            ));
        }
        let authentication = M2mAuthentication {
            client_id: match claims.remove("sub") {
                Some(Value::String(sub)) => sub,
                _ => String::new(),
            },
            scopes: scope.split_whitespace().map(str::to_owned).collect(),
            issued_at,
            expires_at: number(&claims, "exp").unwrap_or_default(),
            custom_claims: {
                for standard in ["aud", "exp", "iat", "nbf", "jti", "iss"] {
                    claims.remove(standard);
                }
                claims
            },
        };
        let missing: Vec<&str> = options
            .required_scopes
            .iter()
            .filter(|required| !authentication.has_scope(required))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(token_error(
                403,
                "missing_scopes",
                &format!("it lacks the scopes {}", missing.join(" ")),
            ));
        }
        Ok(authentication)
    }

    /// The claims of an access token (a Connected Apps or M2M one) when it is an RS256 JWT
    /// signed with one of the project's keys, for the project's audience, from Stytch's
    /// issuer or the project's domain, not a session JWT, and live at `now` give or take
    /// `tolerance` seconds; a 401 `jwt_invalid` otherwise.
    async fn verify_access_token(
        &self,
        access_token: &str,
        now: i64,
        tolerance: i64,
    ) -> Result<serde_json::Map<String, Value>, StytchError> {
        let invalid = |why: &str| token_error(401, "jwt_invalid", why);
        let header = jsonwebtoken::decode_header(access_token).map_err(|_| invalid("not a JWT"))?;
        if header.alg != jsonwebtoken::Algorithm::RS256 {
            return Err(invalid("not signed with RS256"));
        }
        let key = self
            .signing_key(header.kid.as_deref().unwrap_or_default())
            .await
            .ok_or_else(|| invalid("not signed with one of the project's keys"))?;
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        validation.set_audience(&[&self.project_id]);
        let base = self.base_url.trim_end_matches('/');
        validation.set_issuer(&[format!("stytch.com/{}", self.project_id), base.to_owned()]);
        let claims = jsonwebtoken::decode::<serde_json::Map<String, Value>>(access_token, &key, &validation)
            .map_err(|e| invalid(&e.to_string()))?
            .claims;
        if claims.contains_key("https://stytch.com/session") {
            return Err(invalid("a session JWT is not an access token"));
        }
        if number(&claims, "exp").is_none_or(|exp| exp + tolerance <= now)
            || number(&claims, "nbf").is_some_and(|nbf| nbf - tolerance > now)
        {
            return Err(invalid("expired or not yet valid"));
        }
        Ok(claims)
    }

    /// The session a JWT describes, when its signature, issuer, audience and times hold at
    /// `now`; `None` sends the caller to Stytch.
    async fn verify_locally(&self, jwt: &str, now: i64, max_age: Option<u32>) -> Option<MemberSession> {
        let header = jsonwebtoken::decode_header(jwt).ok()?;
        if header.alg != jsonwebtoken::Algorithm::RS256 {
            return None;
        }
        let key = self.signing_key(header.kid.as_deref()?).await?;
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        // Times are checked below against `now`, which tests may set.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
        validation.set_audience(&[&self.project_id]);
        // Stytch's issuer, or the API's base URL for a project on a custom domain.
        validation.set_issuer(&[format!("stytch.com/{}", self.project_id), self.base_url.clone()]);
        let claims = jsonwebtoken::decode::<SessionJwtClaims>(jwt, &key, &validation)
            .ok()?
            .claims;
        let session_expires = stytch_models::time::parse_rfc3339(&claims.session.expires_at)? / 1000;
        let young_enough = max_age.is_none_or(|age| claims.iat + i64::from(age) >= now);
        if claims.nbf > now || claims.exp <= now || session_expires <= now || !young_enough {
            return None;
        }
        Some(MemberSession {
            member_session_id: claims.session.id,
            member_id: claims.sub,
            organization_id: claims.organization.organization_id,
            organization_slug: claims.organization.slug,
            started_at: claims.session.started_at,
            last_accessed_at: claims.session.last_accessed_at,
            expires_at: claims.session.expires_at,
            authentication_factors: claims.session.authentication_factors,
            roles: claims.session.roles,
            custom_claims: Some(claims.custom_claims),
        })
    }

    /// The project's signing key `kid`, from the cache or a JWKS fetch (again when a key is
    /// new: Stytch serves the next key beside the current one before it rotates).
    async fn signing_key(&self, kid: &str) -> Option<jsonwebtoken::DecodingKey> {
        {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((at, keys)) = &cache.keys {
                let age = at.elapsed();
                match keys.get(kid) {
                    Some(key) if age < CACHE_FOR => return Some(key.clone()),
                    // A key the fresh set lacks: fetch again, but not for every such JWT (a
                    // stream of made-up key IDs would otherwise fetch the keys each time).
                    None if age < self.refetch_cooldown => return None,
                    _ => {}
                }
            }
        }
        let jwks = self
            .get(&format!("/v1/b2b/sessions/jwks/{}", self.project_id))
            .await
            .ok()?;
        let keys: HashMap<String, jsonwebtoken::DecodingKey> = jwks["keys"]
            .as_array()?
            .iter()
            .filter_map(|key| {
                let decoding =
                    jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str()?, key["e"].as_str()?).ok()?;
                Some((key["kid"].as_str()?.to_owned(), decoding))
            })
            .collect();
        let key = keys.get(kid).cloned();
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).keys = Some((Instant::now(), keys));
        key
    }

    /// The project's RBAC policy (Stytch's `GET /v1/b2b/rbac/policy`: its resources and
    /// roles, without any organization's own roles), fetched once and then kept five minutes,
    /// the same copy local JWT checks use. A server render hands it to the browser with
    /// `stytch_leptos::ServerSession::with_rbac_policy`, so permission guards render on the
    /// server as they will in the browser.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), stytch_core::StytchError> {
    /// let stytch = stytch_core::backend::StytchBackend::new("project-test-…", "secret-test-…");
    /// let policy = stytch.rbac_policy().await?;
    /// let editor_writes = policy.is_authorized(&["editor".to_owned()], "documents", "write");
    /// # Ok(()) }
    /// ```
    pub async fn rbac_policy(&self) -> Result<RbacPolicy, StytchError> {
        let cached = fresh(
            self.cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .policy
                .as_ref(),
            CACHE_FOR,
        );
        if let Some(policy) = cached {
            return Ok(policy);
        }
        let answer = self.get("/v1/b2b/rbac/policy").await?;
        let policy = serde_json::from_value::<RbacPolicy>(answer["policy"].clone())
            .map_err(|e| StytchError::InvalidResponse(format!("unexpected answer: {e}")))?;
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).policy = Some((Instant::now(), policy.clone()));
        Ok(policy)
    }

    /// An organization's own roles (`GET /v1/b2b/rbac/organizations/{organization_id}`): the
    /// roles it defines beside the project's policy, as its `custom_roles` show them. Fetched
    /// each time; the copy local JWT checks use is renewed with it.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// for role in stytch.organization_roles("acme").await? {
    ///     println!("{}: {}", role.role_id, role.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn organization_roles(&self, organization_id: &str) -> Result<Vec<PolicyRole>, StytchError> {
        let path = format!("/v1/b2b/rbac/organizations/{}", percent::encode(organization_id));
        let answer = self.get(&path).await?;
        let roles = organization_roles_in(answer)?;
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .organization_roles
            .insert(organization_id.to_owned(), (Instant::now(), roles.clone()));
        Ok(roles)
    }

    /// Replaces an organization's own roles (`PUT /v1/b2b/rbac/organizations/{organization_id}`),
    /// as an app whose customers define their own roles saves them. Each needs an ID no
    /// project role has, appears once and grants only actions the project's resources define
    /// (`bad_request` naming the problem otherwise, and nothing changes). Stytch's checks use
    /// them at once, and so do this server's local JWT checks (its cached copies are dropped).
    /// Give members a role with [`Self::update_member`].
    ///
    /// ```no_run
    /// use stytch_models::{Permission, PolicyRole};
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let auditor = PolicyRole {
    ///     role_id: "auditor".into(),
    ///     description: "Reads every document".into(),
    ///     permissions: vec![Permission { resource_id: "documents".into(), actions: vec!["read".into()] }],
    /// };
    /// let saved = stytch.set_organization_roles("acme", &[auditor]).await?;
    /// assert_eq!(saved.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn set_organization_roles(
        &self,
        organization_id: &str,
        roles: &[PolicyRole],
    ) -> Result<Vec<PolicyRole>, StytchError> {
        let path = format!("/v1/b2b/rbac/organizations/{}", percent::encode(organization_id));
        let request = serde_json::json!({ "org_policy": { "roles": roles } });
        let answer = self.put(&path, request.to_string()).await?;
        // Cached by ID, and this call may name the organization by slug: drop every copy.
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .organization_roles
            .clear();
        organization_roles_in(answer)
    }

    /// Whether the cached policies grant the check: the session's organization, and a role
    /// of the session's granting the action in the project's policy or the organization's
    /// own roles. `false` (Stytch decides) when they do not, or cannot be fetched.
    async fn allowed_locally(&self, session: &MemberSession, check: &AuthorizationCheck) -> bool {
        if check.organization_id != session.organization_id {
            return false;
        }
        let Ok(policy) = self.rbac_policy().await else {
            return false;
        };
        let cached = fresh(
            self.cache
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .organization_roles
                .get(&check.organization_id),
            CACHE_FOR,
        );
        let roles = match cached {
            Some(roles) => roles,
            None => match self.organization_roles(&check.organization_id).await {
                Ok(roles) => roles,
                Err(_) => return false,
            },
        };
        policy
            .with_custom_roles(&roles)
            .is_authorized(&session.roles, &check.resource_id, &check.action)
    }

    /// Sends a backend `GET` and returns its answer's body.
    async fn get(&self, path: &str) -> Result<Value, StytchError> {
        self.send(self.http.get(format!("{}{path}", self.base_url))).await
    }

    /// Sends a backend `PUT` with a JSON body and returns its answer's body.
    async fn put(&self, path: &str, body: String) -> Result<Value, StytchError> {
        let request = self
            .http
            .put(format!("{}{path}", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        self.send(request).await
    }

    /// Sends a backend `DELETE` and returns its answer's body.
    async fn delete(&self, path: &str) -> Result<Value, StytchError> {
        self.send(self.http.delete(format!("{}{path}", self.base_url))).await
    }

    /// Sends a backend request and returns its answer's body (backend answers are not wrapped
    /// in `data`), or the typed error of a failed one. Answers are read with serde: this is
    /// native code, where the browser reader's size savings buy nothing.
    async fn post(&self, path: &str, body: String) -> Result<Value, StytchError> {
        let request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        self.send(request).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, StytchError> {
        let unreachable = |e: reqwest::Error| StytchError::Unreachable(e.without_url().to_string());
        let request = match &self.acting {
            Some(SessionCredential::Token(token)) => request.header("X-Stytch-Member-Session", token),
            Some(SessionCredential::Jwt(jwt)) => request.header("X-Stytch-Member-SessionJWT", jwt),
            None => request,
        };
        let answer = request
            .header(reqwest::header::AUTHORIZATION, &self.authorization)
            .send()
            .await
            .map_err(unreachable)?;
        let answer = read_response(answer).await.map_err(unreachable)?;
        let status = answer.status;
        if status > 299 {
            // The SDK reader's error half: Stytch's error object, or an unreachable server.
            return Err(data(answer)
                .err()
                .unwrap_or_else(|| StytchError::InvalidResponse(format!("HTTP {status}"))));
        }
        json::parse(&answer.body)
            .map_err(|e| StytchError::InvalidResponse(format!("invalid JSON response from the server: {e}")))
    }
}

impl fmt::Debug for StytchBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StytchBackend")
            .field("base_url", &self.base_url)
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(header: &str) -> Option<SessionCredential> {
        SessionCredential::from_cookie_header(header, &CookieOptions::default())
    }

    #[test]
    fn the_cookie_header_is_read_as_browsers_send_it() {
        assert_eq!(read("stytch_session=abc"), Some(SessionCredential::Token("abc".into())));
        assert_eq!(
            read("  a=1 ;stytch_session_jwt = j.w.t ; b=2"),
            Some(SessionCredential::Jwt("j.w.t".into())),
            "spaces around pairs and the equals sign"
        );
        assert_eq!(
            read("stytch_session=; stytch_session_jwt=j"),
            Some(SessionCredential::Jwt("j".into())),
            "an emptied token cookie falls back to the JWT"
        );
        assert_eq!(
            read("stytch_session=a%3Bb%25"),
            Some(SessionCredential::Token("a;b%".into())),
            "values are percent-decoded as the client encodes them"
        );
        assert_eq!(
            read("my_stytch_session=x; stytch_sessions=y"),
            None,
            "names match exactly"
        );
        assert_eq!(
            read("stytch_session=first; stytch_session=second"),
            Some(SessionCredential::Token("first".into()))
        );
        assert_eq!(read(""), None);
        assert_eq!(read("garbage;;=;="), None);
        let renamed = CookieOptions {
            opaque_token_cookie_name: "app_session".into(),
            ..CookieOptions::default()
        };
        assert_eq!(
            SessionCredential::from_cookie_header("stytch_session=a; app_session=b", &renamed),
            Some(SessionCredential::Token("b".into()))
        );
    }

    #[test]
    fn a_kept_answer_is_not_reused_once_its_session_has_expired() {
        // Nothing listens on port 9: an answer that is not reused fails as unreachable.
        let backend = StytchBackend::new("project-test-1", "secret-test-1").with_api_url("http://127.0.0.1:9");
        let credential = SessionCredential::Token("kept".into());
        let keep = |expires_at: &str| {
            let mut answer = AuthenticateResponse::default();
            answer.member_session.expires_at = expires_at.into();
            backend
                .cache
                .lock()
                .unwrap()
                .answers
                .insert(credential.clone(), (Instant::now(), answer));
        };
        let reuse = || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(backend.authenticate_session_reusing(&credential, Duration::from_secs(60)))
        };
        keep("2999-01-01T00:00:00Z");
        assert!(reuse().is_ok(), "live: reused");
        keep("2020-01-01T00:00:00Z");
        assert!(matches!(reuse(), Err(StytchError::Unreachable(_))), "expired: asked");
        keep("not a time");
        assert!(matches!(reuse(), Err(StytchError::Unreachable(_))), "unreadable: asked");
    }

    #[test]
    fn the_api_url_follows_the_project_and_secrets_stay_out_of_debug() {
        let test = StytchBackend::new("project-test-1", "secret-test-shh");
        assert_eq!(test.base_url, "https://test.stytch.com");
        assert_eq!(
            StytchBackend::new("project-live-1", "s").base_url,
            "https://api.stytch.com"
        );
        assert_eq!(
            test.clone().with_api_url("http://127.0.0.1:8787/").base_url,
            "http://127.0.0.1:8787"
        );
        let shown = format!("{test:?} {:?}", SessionCredential::Jwt("eyJ.secret".into()));
        assert!(!shown.contains("shh") && !shown.contains("eyJ"), "{shown}");
        assert_eq!(test.project_id(), "project-test-1");
    }
}
