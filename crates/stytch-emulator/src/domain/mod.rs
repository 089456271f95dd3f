//! The emulator's domain: state and Stytch's server rules, independent of HTTP.

pub mod claim_templates;
pub mod clock;
pub mod connected_apps;
pub mod discovery;
pub mod email_otp;
pub mod email_update;
pub mod faults;
pub mod ids;
pub mod impersonation;
pub mod jwt;
pub mod login;
pub mod m2m;
pub mod mfa;
pub mod migration;
pub mod oauth;
pub mod one_tap;
pub mod organizations;
pub mod outbox;
pub mod passwords;
pub mod policy;
pub mod primary;
pub mod project_policy;
pub mod rbac;
pub mod redirect_urls;
pub mod remote;
pub mod saml_metadata;
pub mod scim;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod sso;
pub mod state;
pub mod store;
pub mod totp;
pub mod trusted_tokens;

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use clock::Clock;
use jwt::Signer;
use store::Store;
use stytch_models::RbacPolicy;

/// What a domain operation needs besides the store: the current time, the JWT signer and the
/// custom claims of any session the request starts.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// // The context carries the emulator's time, moved clock included.
/// emulator.app().clock.advance(3600);
/// let (now, wall) = emulator.app().with(|_, ctx| (ctx.now, std::time::SystemTime::now()));
/// let wall_ms = wall.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
/// assert!(now - wall_ms >= 3_599_000);
/// ```
pub struct Ctx<'a> {
    /// Emulator time, Unix ms.
    pub now: i64,
    /// JWT signer.
    pub(crate) signer: &'a Signer,
    /// A backend caller's `session_custom_claims` as sent (checked against Stytch's limits for
    /// a new session): a session the request starts gets them, one it continues merges them.
    pub(crate) session_custom_claims: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// Shared state of a running emulator.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, Seed, spawn};
///
/// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// let app = emulator.app();
/// // Read or arrange the state directly, then let the API serve it.
/// let organizations = app.with(|store, _| store.organizations.len());
/// let snapshot = app.export();
/// assert_eq!(snapshot.store.organizations.len(), organizations);
/// app.clock.advance(60);
/// assert_eq!(app.clock.offset_seconds(), 60);
/// ```
#[derive(Debug)]
pub struct App {
    store: Mutex<Store>,
    /// What [`App::reset`] returns to: the store as it started (configuration, seed or
    /// imported state) and its clock offset, or the last state imported since.
    initial: Mutex<(Store, i64)>,
    /// The controllable clock.
    pub clock: Clock,
    /// The JWT signer (replaced when a state is imported).
    signer: RwLock<Arc<Signer>>,
    /// Injected faults and request counts.
    pub faults: Mutex<faults::Faults>,
}

/// Locks a mutex; a panic in an earlier handler does not poison the emulator for later ones.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl App {
    /// A running emulator's state, starting from `store` (and returning to it on reset).
    pub(crate) fn new(store: Store, signer: Signer) -> Self {
        Self {
            initial: Mutex::new((store.clone(), 0)),
            store: Mutex::new(store),
            clock: Clock::default(),
            signer: RwLock::new(Arc::new(signer)),
            faults: Mutex::default(),
        }
    }

    /// The current JWT signer.
    pub(crate) fn signer(&self) -> Arc<Signer> {
        Arc::clone(&self.signer.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Back to the state the emulator started with (or last imported), as a restart would
    /// give, except that the signing key stays (JWKS that clients fetched remain valid): the
    /// starting organizations and members with their original IDs; no sessions, ISTs, codes,
    /// links or messages beyond the starting ones; no faults or request counts; the starting
    /// clock offset and RBAC policy.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// let app = emulator.app();
    /// app.clock.advance(3600);
    /// app.with(|store, _| store.organizations.clear());
    /// app.reset();
    /// assert_eq!(app.clock.offset_seconds(), 0);
    /// assert!(app.with(|store, _| !store.organizations.is_empty()));
    /// ```
    pub fn reset(&self) {
        let (store, offset) = lock(&self.initial).clone();
        *lock(&self.store) = store;
        *lock(&self.faults) = faults::Faults::default();
        self.clock.set_offset_seconds(offset);
    }

    /// Replaces the project's RBAC policy until the next reset or import, as
    /// `PUT /emulator/v1/rbac/policy` does: completed and checked as [`project_rbac_policy`]
    /// does at start, and refused (nothing changes) when an organization's own roles would no
    /// longer hold under it.
    ///
    /// [`project_rbac_policy`]: crate::project_rbac_policy
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, PolicyResource, default_rbac_policy, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// let mut policy = default_rbac_policy();
    /// policy.resources.push(PolicyResource { resource_id: "invoices".into(), actions: vec!["read".into()], ..Default::default() });
    /// let applied = emulator.app().set_rbac_policy(policy).unwrap();
    /// assert!(applied.resources.iter().any(|r| r.resource_id == "invoices"));
    /// ```
    pub fn set_rbac_policy(&self, policy: RbacPolicy) -> Result<RbacPolicy, String> {
        self.with(|store, _| store.set_project_policy(policy).cloned())
    }

    /// Runs `f` with exclusive access to the faults and request counts.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// // How many refreshes did the client under test send? (none yet)
    /// let refreshes = emulator.app().with_faults(|faults| faults.counts(Some("/sdk/v1/b2b/sessions/authenticate")).values().sum::<u64>());
    /// assert_eq!(refreshes, 0);
    /// ```
    pub fn with_faults<T>(&self, f: impl FnOnce(&mut faults::Faults) -> T) -> T {
        f(&mut lock(&self.faults))
    }

    /// Runs `f` with exclusive access to the store and a context at the current time. A panic
    /// in an earlier handler does not poison the emulator for later requests.
    ///
    /// ```
    /// use stytch_emulator::{DEMO_EMAIL, EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// // Arrange: the demo person forgets their name everywhere.
    /// emulator.app().with(|store, _| {
    ///     for member in store.members.iter_mut().filter(|m| m.email_address == DEMO_EMAIL) {
    ///         member.name.clear();
    ///     }
    /// });
    /// assert!(emulator.app().with(|store, _| store.members.iter().all(|m| m.email_address != DEMO_EMAIL || m.name.is_empty())));
    /// ```
    pub fn with<T>(&self, f: impl FnOnce(&mut Store, &Ctx<'_>) -> T) -> T {
        self.with_session_claims(None, f)
    }

    /// [`App::with`], where a session the operation starts gets these custom claims.
    pub(crate) fn with_session_claims<T>(
        &self,
        session_custom_claims: Option<&serde_json::Map<String, serde_json::Value>>,
        f: impl FnOnce(&mut Store, &Ctx<'_>) -> T,
    ) -> T {
        let mut store = lock(&self.store);
        let signer = self.signer();
        let ctx = Ctx {
            now: self.clock.now_ms(),
            signer: &signer,
            session_custom_claims,
        };
        f(&mut store, &ctx)
    }
}
