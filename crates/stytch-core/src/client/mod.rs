//! The headless client: builds SDK requests, feeds responses into the session store and keeps
//! the session fresh in the background.

mod discovery;
mod idp;
mod impersonation;
mod magic_links;
mod mfa;
mod organization;
mod pkce;
mod primary;
mod rbac;
mod refresh;
mod scim;
mod session;
mod sso;
mod url;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use stytch_models::json::{FromJson, ToJson};
use stytch_models::{BootstrapResponse, time::format_rfc3339};

pub use discovery::Discovery;
pub use idp::{AuthorizeRequest, Idp, parse_logout_request};
pub use impersonation::Impersonation;
pub use magic_links::MagicLinks;
pub use mfa::{Otps, RecoveryCodes, Totps};
pub use organization::{Members, Organizations};
pub use primary::{OAuth, OAuthStartOptions, Passwords};
pub use rbac::Rbac;
pub use refresh::{KeepAlive, SessionActivity};
pub use scim::Scim;
pub use session::{SessionInfo, SessionTokens, Sessions};
pub use sso::{Sso, SsoStartOptions};
pub use url::{AuthenticateUrl, UrlAuthentication, parse_authenticate_url, slug_from_url};
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
pub(crate) use {
    pkce::pkce_challenge,
    primary::{navigation_url, oauth_discovery_start_query, oauth_start_query},
    sso::{SSO_START_PATH, sso_start_query},
};

use crate::StytchError;
use crate::runtime::Runtime;
use crate::session::{DEFAULT_REFRESH_INTERVAL_MS, Refresher, SessionStore, Subscription};
use crate::storage::{CookieJar, CookieOptions, KeyValueStore, SessionCookies};
use crate::transport::{HttpRequest, Method, Transport, data, read};
use crate::util::base64;
use crate::util::listeners::Listeners;
use crate::util::wakeup::Wakeup;
use serde_json::{Map, Value};

/// Options of a [`StytchClient`] (the official `StytchClientOptions`, plus what a local emulator
/// and tests need).
///
/// ```
/// let options = stytch_core::ClientOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() };
/// assert_eq!(options.refresh_interval_ms, 180_000);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ClientOptions {
    /// API base URL, used verbatim (scheme and port kept). Defaults to `https://test.stytch.com`
    /// for tokens containing `public-token-test`, else `https://api.stytch.com`.
    pub api_url: Option<String>,
    /// Cookie names and scope.
    pub cookie_options: CookieOptions,
    /// Re-send the last `session_duration_minutes` on every background refresh.
    pub keep_session_alive: bool,
    /// The project uses HttpOnly cookies: tokens are opaque to JavaScript, so the client always
    /// authenticates at start-up instead of trusting the absence of a readable cookie.
    pub http_only_cookies: bool,
    /// Interval of the background refresh (3 minutes, as the official SDK).
    pub refresh_interval_ms: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            api_url: None,
            cookie_options: CookieOptions::default(),
            keep_session_alive: false,
            http_only_cookies: false,
            refresh_interval_ms: DEFAULT_REFRESH_INTERVAL_MS,
        }
    }
}

/// The environment a client runs in: how it talks HTTP, where cookies and state live, and
/// whose clock it reads.
///
/// ```no_run
/// use std::rc::Rc;
/// use stytch_core::{ClientOptions, Platform, StytchClient, storage::{MemoryCookieJar, MemoryStore}};
///
/// // The native platform with one part replaced: a cookie jar the program can read back.
/// let jar = Rc::new(MemoryCookieJar::default());
/// let platform = Platform { cookie_jar: jar.clone(), ..Platform::native() };
/// let client = StytchClient::new("public-token-test-…", ClientOptions::default(), platform);
/// # drop(client);
/// ```
#[derive(Clone)]
pub struct Platform {
    /// HTTP.
    pub transport: Rc<dyn Transport>,
    /// Page cookies.
    pub cookie_jar: Rc<dyn CookieJar>,
    /// `localStorage`.
    pub storage: Rc<dyn KeyValueStore>,
    /// Time and tasks.
    pub runtime: Rc<dyn Runtime>,
}

impl Platform {
    /// The browser: `fetch`, `document.cookie`, `localStorage` and `setTimeout`.
    #[cfg(all(target_arch = "wasm32", feature = "browser"))]
    pub fn browser() -> Self {
        Self {
            transport: Rc::new(crate::transport::FetchTransport),
            cookie_jar: Rc::new(crate::storage::BrowserCookieJar),
            storage: Rc::new(crate::storage::BrowserStorage),
            runtime: Rc::new(crate::runtime::BrowserRuntime),
        }
    }

    /// Outside the browser (a command-line tool, a test, a service acting as a member):
    /// reqwest, cookies and `localStorage` kept in memory, and tokio, whose `LocalSet` the
    /// client's tasks need.
    ///
    /// ```no_run
    /// use stytch_core::{ClientOptions, Platform, StytchClient};
    ///
    /// # async fn run() -> Result<(), stytch_core::StytchError> {
    /// tokio::task::LocalSet::new()
    ///     .run_until(async {
    ///         let client = StytchClient::new("public-token-test-…", ClientOptions::default(), Platform::native());
    ///         let found = client.passwords().discovery_authenticate("ada@example.com", "correct horse").await?;
    ///         println!("{} organization(s)", found.discovered_organizations.len());
    ///         Ok(())
    ///     })
    ///     .await
    /// # }
    /// ```
    #[cfg(all(feature = "tokio", feature = "reqwest", not(target_arch = "wasm32")))]
    pub fn native() -> Self {
        Self {
            transport: Rc::new(crate::transport::ReqwestTransport::default()),
            cookie_jar: Rc::new(crate::storage::MemoryCookieJar::default()),
            storage: Rc::new(crate::storage::MemoryStore::new()),
            runtime: Rc::new(crate::runtime::TokioRuntime::default()),
        }
    }
}

struct ClientInner {
    public_token: String,
    base_url: String,
    options: ClientOptions,
    platform: Platform,
    store: SessionStore,
    refresher: Refresher,
    bootstrap: RefCell<Option<BootstrapResponse>>,
    bootstrap_changes: Listeners<(BootstrapResponse, bool)>,
    /// A fetch failed transiently: fetch again once the API answers another request.
    pub(super) bootstrap_retry: Cell<bool>,
    subscription: RefCell<Option<Subscription>>,
    activity: Listeners<SessionActivity>,
    wakeup: Rc<Wakeup>,
    retrying: Cell<bool>,
}

/// Resolves once the client knows its bootstrap document (fetched, or defaults after a failure).
struct BootstrapKnown {
    slot: Rc<RefCell<(Option<BootstrapResponse>, Option<Waker>)>>,
}

impl Future for BootstrapKnown {
    type Output = BootstrapResponse;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<BootstrapResponse> {
        let mut slot = self.slot.borrow_mut();
        match slot.0.take() {
            Some(bootstrap) => Poll::Ready(bootstrap),
            None => {
                slot.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A Stytch B2B client: the Rust counterpart of the official `StytchB2BClient`.
///
/// Construction follows the official start-up sequence: the cached state is served at once
/// (`from_cache`), a missing session cookie signs out locally, a present one (or HttpOnly mode)
/// triggers an immediate `sessions/authenticate`, and the bootstrap document is fetched. Unlike
/// the official SDK, both requests wait for the page's next frame ([`Runtime::after_paint`]), so
/// a cached session is painted before any network request starts.
///
/// ```no_run
/// # #[cfg(all(target_arch = "wasm32", feature = "browser"))] {
/// use stytch_core::{ClientOptions, Platform, StytchClient};
/// let client = StytchClient::new(
///     "public-token-test-…",
///     ClientOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() },
///     Platform::browser(),
/// );
/// let info = client.session().get_info();
/// # }
/// ```
#[derive(Clone)]
pub struct StytchClient {
    inner: Rc<ClientInner>,
}

impl StytchClient {
    /// Creates the client and runs the start-up sequence.
    ///
    /// ```no_run
    /// use stytch_core::{ClientOptions, Platform, StytchClient};
    /// # #[cfg(not(target_arch = "wasm32"))]
    /// let client = StytchClient::new(
    ///     "public-token-test-…",
    ///     ClientOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() },
    ///     Platform::native(),
    /// );
    /// ```
    pub fn new(public_token: impl Into<String>, options: ClientOptions, platform: Platform) -> Self {
        let public_token = public_token.into();
        let base_url = options
            .api_url
            .clone()
            .unwrap_or_else(|| {
                if public_token.contains("public-token-test") {
                    "https://test.stytch.com".to_owned()
                } else {
                    "https://api.stytch.com".to_owned()
                }
            })
            .trim_end_matches('/')
            .to_owned();
        let cookies = SessionCookies::new(
            platform.cookie_jar.clone(),
            platform.storage.clone(),
            options.cookie_options.clone(),
            &public_token,
        );
        let store = SessionStore::new(
            platform.storage.clone(),
            &public_token,
            cookies,
            platform.runtime.clone(),
        );
        let client = StytchClient {
            inner: Rc::new(ClientInner {
                public_token,
                base_url,
                options,
                platform,
                store,
                refresher: Refresher::default(),
                bootstrap: RefCell::default(),
                bootstrap_changes: Listeners::default(),
                bootstrap_retry: Cell::new(false),
                subscription: RefCell::default(),
                activity: Listeners::default(),
                wakeup: Rc::default(),
                retrying: Cell::new(false),
            }),
        };

        let weak = Rc::downgrade(&client.inner);
        let subscription = client.inner.store.subscribe(move |change| {
            if let Some(inner) = weak.upgrade() {
                inner.refresher.remember_duration(change.session_duration_minutes);
                let client = StytchClient { inner };
                if change.state.as_ref().is_some_and(|s| s.session.is_some()) {
                    // A session granted or changed here was just confirmed by the server.
                    if !change.from_other_tab {
                        client.record_refresh();
                    }
                    client.schedule_refresh();
                } else {
                    client.inner.refresher.bump();
                }
            }
        });
        *client.inner.subscription.borrow_mut() = Some(subscription);

        let has_cookie = client.inner.store.cookies().session_token().is_some();
        if client.inner.options.http_only_cookies || has_cookie {
            let generation = client.inner.refresher.bump();
            let background = client.clone();
            let painted = client.inner.platform.runtime.after_paint();
            client.inner.platform.runtime.spawn(Box::pin(async move {
                // Better than the original: the cached session paints before any request.
                painted.await;
                background.background_refresh(generation).await
            }));
        } else {
            client.inner.store.clear_session_keeping_ist();
        }

        let bootstrap = client.bootstrap_task();
        let painted = client.inner.platform.runtime.after_paint();
        client.inner.platform.runtime.spawn(Box::pin(async move {
            painted.await;
            bootstrap.await;
        }));
        client
    }

    /// The public token.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// assert!(client.public_token().starts_with("public-token-"));
    /// # Ok(()) }
    /// ```
    pub fn public_token(&self) -> &str {
        &self.inner.public_token
    }

    /// The API base URL requests go to.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // `https://test.stytch.com` for a test token unless `ClientOptions::api_url` says otherwise.
    /// println!("{}", client.api_url());
    /// # Ok(()) }
    /// ```
    pub fn api_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The options the client was built with.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// assert_eq!(client.options().refresh_interval_ms, 180_000);
    /// # Ok(()) }
    /// ```
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// The session store (state, `from_cache`, subscriptions).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // The raw session state, e.g. for a subscription of your own.
    /// let _subscription = client.store().subscribe(|change| println!("signed in: {}", change.state.is_some()));
    /// # Ok(()) }
    /// ```
    pub fn store(&self) -> &SessionStore {
        &self.inner.store
    }

    /// The runtime (clock and timers).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let now = client.runtime().now_ms();
    /// # drop(now);
    /// # Ok(()) }
    /// ```
    pub fn runtime(&self) -> Rc<dyn Runtime> {
        self.inner.platform.runtime.clone()
    }

    /// `session.*`: authenticate, revoke, exchange, local getters.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let signed_in = client.session().get_sync().is_some();
    /// # drop(signed_in);
    /// # Ok(()) }
    /// ```
    pub fn session(&self) -> Sessions<'_> {
        Sessions { client: self }
    }

    /// `discovery.*`: list, create and enter organizations with an IST or a session.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.discovery().list_organizations().await?;
    /// # drop(found);
    /// # Ok(()) }
    /// ```
    pub fn discovery(&self) -> Discovery<'_> {
        Discovery { client: self }
    }

    /// `magicLinks.*`: email magic links.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.magic_links().authenticate("token-from-the-link", Some(60)).await?;
    /// # Ok(()) }
    /// ```
    pub fn magic_links(&self) -> MagicLinks<'_> {
        MagicLinks { client: self }
    }

    /// `otps.*`: SMS one-time passcodes for MFA.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.otps().email_discovery_authenticate("ada@example.com", "123456").await?;
    /// # Ok(()) }
    /// ```
    pub fn otps(&self) -> Otps<'_> {
        Otps { client: self }
    }

    /// `totp.*`: authenticator apps for MFA.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.totp().create("organization-test-…", "member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub fn totp(&self) -> Totps<'_> {
        Totps { client: self }
    }

    /// `recoveryCodes.*`: TOTP recovery codes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.recovery_codes().get().await?;
    /// # Ok(()) }
    /// ```
    pub fn recovery_codes(&self) -> RecoveryCodes<'_> {
        RecoveryCodes { client: self }
    }

    /// `organization.*`: the signed-in member's organization.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let organization = client.organization().get().await?;
    /// # drop(organization);
    /// # Ok(()) }
    /// ```
    pub fn organization(&self) -> Organizations<'_> {
        Organizations { client: self }
    }

    /// Passwords.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.passwords().strength_check("correct horse battery staple", None).await?;
    /// # Ok(()) }
    /// ```
    pub fn passwords(&self) -> Passwords<'_> {
        Passwords { client: self }
    }

    /// OAuth logins.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let url = client.oauth().discovery_start_url(&stytch_core::models::api::oauth::OAuthProvider::Google, &Default::default());
    /// # drop(url);
    /// # Ok(()) }
    /// ```
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth { client: self }
    }

    /// Enterprise SSO logins and connections.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let connections = client.sso().get_connections().await?;
    /// # drop(connections);
    /// # Ok(()) }
    /// ```
    pub fn sso(&self) -> Sso<'_> {
        Sso { client: self }
    }

    /// The organization's SCIM connection: provisioning from its identity provider.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let connection = client.scim().get_connection().await?;
    /// # drop(connection);
    /// # Ok(()) }
    /// ```
    pub fn scim(&self) -> Scim<'_> {
        Scim { client: self }
    }

    /// `idp.*`: your app as a Connected Apps consent page (see [`Idp`]).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, request: stytch_core::models::api::idp::OAuthAuthorizeStartRequest) -> Result<(), stytch_core::StytchError> {
    /// let check = client.idp().oauth_authorize_start(&request).await?;
    /// # drop(check);
    /// # Ok(()) }
    /// ```
    pub fn idp(&self) -> Idp<'_> {
        Idp { client: self }
    }

    /// `self.*`: the signed-in member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let me = client.member().get().await?;
    /// # drop(me);
    /// # Ok(()) }
    /// ```
    pub fn member(&self) -> Members<'_> {
        Members { client: self }
    }

    /// `rbac.*`: the signed-in member's permissions, checked locally.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let allowed = client.rbac().is_authorized_sync("documents", "read");
    /// # drop(allowed);
    /// # Ok(()) }
    /// ```
    pub fn rbac(&self) -> Rbac<'_> {
        Rbac { client: self }
    }

    /// The bootstrap document, once fetched (`None` before; the official defaults after a
    /// failure, until a later fetch succeeds).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// if let Some(bootstrap) = client.bootstrap() {
    ///     println!("organization creation allowed: {}", bootstrap.create_organization_enabled);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn bootstrap(&self) -> Option<BootstrapResponse> {
        self.inner.bootstrap.borrow().clone()
    }

    /// The bootstrap document, waiting for it if it has not arrived yet. The client fetches it
    /// right after the first paint and always ends up with one (the official defaults when
    /// the fetch fails), so this resolves soon after start-up.
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// let bootstrap = client.bootstrap_ready().await;
    /// println!("PKCE for OAuth: {}", bootstrap.pkce_required_for_oauth);
    /// # }
    /// ```
    pub async fn bootstrap_ready(&self) -> BootstrapResponse {
        if let Some(known) = self.bootstrap() {
            return known;
        }
        let slot = Rc::new(RefCell::new((None, None::<Waker>)));
        let filled = slot.clone();
        self.on_bootstrap(move |bootstrap| {
            let waker = {
                let mut slot = filled.borrow_mut();
                slot.0 = Some(bootstrap.clone());
                slot.1.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        BootstrapKnown { slot }.await
    }

    /// The `localStorage` key of one of this client's entries beside its state, as the
    /// official SDK names them: `stytch_sdk_state_<public_token>::<suffix>`.
    pub(super) fn storage_key(&self, suffix: &str) -> String {
        format!("stytch_sdk_state_{}::{suffix}", self.inner.public_token)
    }

    /// The bootstrap document cached by an earlier page load, for use before the fresh one
    /// arrives (RBAC checks then report `from_cache`).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Before the fresh document arrives: the one an earlier visit cached.
    /// let policy = client.cached_bootstrap().and_then(|b| b.rbac_policy);
    /// # drop(policy);
    /// # Ok(()) }
    /// ```
    pub fn cached_bootstrap(&self) -> Option<BootstrapResponse> {
        let key = self.storage_key("bootstrap");
        self.inner
            .platform
            .storage
            .get(&key)
            .and_then(|json| stytch_models::json::from_str(&json).ok())
    }

    /// Calls `callback` with the bootstrap document once it is known (at once if it already is).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.on_bootstrap(|bootstrap| println!("slug pattern: {:?}", bootstrap.slug_pattern));
    /// # Ok(()) }
    /// ```
    pub fn on_bootstrap(&self, callback: impl FnOnce(&BootstrapResponse) + 'static) {
        let known = self.inner.bootstrap.borrow().clone();
        if let Some(bootstrap) = known {
            return callback(&bootstrap);
        }
        // A subscription that ends itself after its first call.
        let once = Rc::new(RefCell::new((Some(callback), None::<Subscription>)));
        let first = once.clone();
        let subscription = self.inner.bootstrap_changes.subscribe(move |(bootstrap, _)| {
            let (callback, subscription) = {
                let mut once = first.borrow_mut();
                (once.0.take(), once.1.take())
            };
            drop(subscription);
            if let Some(callback) = callback {
                callback(bootstrap);
            }
        });
        once.borrow_mut().1 = Some(subscription);
    }

    /// Calls `callback` with every bootstrap document the client takes from now on, and whether
    /// it was fetched (`false`: the official defaults after a failed fetch). Better than the
    /// original: after a transient failure (offline, a 5xx, rate limited) the client fetches
    /// the document again as soon as the API answers another request, so this can be called
    /// twice, defaults first. Ends when the returned guard is dropped.
    ///
    /// ```no_run
    /// # fn demo(client: &stytch_core::StytchClient) {
    /// let subscription = client.on_bootstrap_change(|bootstrap, fetched| {
    ///     println!("organization creation: {} (fetched: {fetched})", bootstrap.create_organization_enabled);
    /// });
    /// subscription.forever();
    /// # }
    /// ```
    pub fn on_bootstrap_change(&self, callback: impl Fn(&BootstrapResponse, bool) + 'static) -> Subscription {
        self.inner
            .bootstrap_changes
            .subscribe(move |(bootstrap, fetched)| callback(bootstrap, *fetched))
    }

    /// Fetches `projects/bootstrap/{public_token}`. When the first fetch fails the official
    /// defaults apply (organization creation disabled, no RBAC policy); a later failure keeps
    /// the document the client has. After a transient failure the client fetches it again once
    /// the API answers another request (see [`on_bootstrap_change`](Self::on_bootstrap_change)).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let fresh = client.fetch_bootstrap().await?;
    /// println!("{}", fresh.project_name);
    /// # Ok(()) }
    /// ```
    pub async fn fetch_bootstrap(&self) -> Result<BootstrapResponse, StytchError> {
        // This fetch is the retry: the requests answered meanwhile need not start another.
        self.inner.bootstrap_retry.set(false);
        let path = format!("/projects/bootstrap/{}", self.inner.public_token);
        let result = self
            .request::<BootstrapResponse, _>(Method::Get, &path, None::<&()>)
            .await;
        let value = match &result {
            Ok(fresh) => {
                self.inner
                    .platform
                    .storage
                    .set(&self.storage_key("bootstrap"), &stytch_models::json::to_string(fresh));
                fresh.clone()
            }
            Err(error) => {
                self.inner.bootstrap_retry.set(error.is_transient());
                if self.inner.bootstrap.borrow().is_some() {
                    return result;
                }
                BootstrapResponse {
                    email_domains: vec!["stytch.com".to_owned()],
                    ..BootstrapResponse::default()
                }
            }
        };
        *self.inner.bootstrap.borrow_mut() = Some(value.clone());
        self.inner.bootstrap_changes.emit(&(value, result.is_ok()));
        result
    }

    /// A background fetch of the bootstrap document. One function for the first fetch and the
    /// retries, so the fetch's state machine is compiled once.
    #[inline(never)]
    pub(super) fn bootstrap_task(&self) -> crate::LocalBoxFuture<'static, ()> {
        let client = self.clone();
        Box::pin(async move {
            let _ = client.fetch_bootstrap().await;
        })
    }

    fn build_request(&self, method: Method, path: &str, body: Option<String>) -> HttpRequest {
        let store = &self.inner.store;
        let password = store
            .cookies()
            .session_token()
            .unwrap_or_else(|| self.inner.public_token.clone());
        let authorization = format!(
            "Basic {}",
            base64::encode(format!("{}:{password}", self.inner.public_token).as_bytes())
        );
        let location = self.inner.platform.cookie_jar.location();
        let state = store.state();
        // Built field by field: `json!` with expressions in it unwraps a serde conversion,
        // which brings serde_json's error formatting into every browser build.
        let text = |text: &str| Value::String(text.to_owned());
        let mut app = Map::new();
        app.insert("identifier".to_owned(), Value::String(location.hostname));
        let mut sdk = Map::new();
        sdk.insert("identifier".to_owned(), text("stytch-leptos"));
        sdk.insert("version".to_owned(), text(env!("CARGO_PKG_VERSION")));
        let mut telemetry = Map::new();
        let now = format_rfc3339(self.inner.platform.runtime.now_ms());
        telemetry.insert("client_sent_at".to_owned(), Value::String(now));
        telemetry.insert("app".to_owned(), Value::Object(app));
        telemetry.insert("sdk".to_owned(), Value::Object(sdk));
        if let Some(session) = state.as_ref().and_then(|s| s.session.as_ref()) {
            telemetry.insert("stytch_member_id".to_owned(), text(&session.member_id));
            telemetry.insert("stytch_member_session_id".to_owned(), text(&session.member_session_id));
        }
        let telemetry = Value::Object(telemetry);
        HttpRequest {
            method,
            url: format!("{}/sdk/v1{path}", self.inner.base_url),
            headers: vec![
                ("Authorization", authorization),
                ("Content-Type", "application/json".to_owned()),
                (
                    "X-SDK-Client",
                    base64::encode(stytch_models::json::stringify(&telemetry).as_bytes()),
                ),
                ("X-SDK-Parent-Host", location.origin),
            ],
            body,
        }
    }

    /// Sends one SDK request and decodes the `{"data": …}` envelope.
    ///
    /// Not an `async fn`: the body is written before the future is made, so the only async part,
    /// [`request_data`](Self::request_data), is one state machine shared by every endpoint, and
    /// what each response type adds is the read after it.
    pub(crate) fn request<'a, T, B>(
        &'a self,
        method: Method,
        path: &'a str,
        body: Option<&B>,
    ) -> impl Future<Output = Result<T, StytchError>> + use<'a, T, B>
    where
        T: FromJson + serde::de::DeserializeOwned + PartialEq,
        B: ToJson + ?Sized,
    {
        let body = body.map(|body| stytch_models::json::to_string(body));
        let data = self.request_data(method, path, body);
        async move { read(data.await?) }
    }

    /// The part of [`request`](Self::request) that does not depend on the types: one copy in
    /// the binary, however many endpoints there are.
    async fn request_data(&self, method: Method, path: &str, body: Option<String>) -> Result<Value, StytchError> {
        let request = self.build_request(method, path, body);
        let response = self
            .inner
            .platform
            .transport
            .send(request)
            .await
            .map_err(|e| StytchError::Unreachable(e.0))?;
        let answer = data(response);
        if answer.is_ok() && self.inner.bootstrap_retry.replace(false) {
            // The API answers again after the bootstrap fetch failed: fetch it now.
            self.inner.platform.runtime.spawn(self.bootstrap_task());
        }
        answer
    }
}
