use std::cell::{Cell, RefCell};
use std::rc::Rc;

use stytch_models::{Member, MemberSession, Organization, time::parse_rfc3339};

use super::state::{B2BState, SessionUpdate, same_ignoring_last_access};
use crate::runtime::Runtime;
use crate::storage::{KeyValueStore, SessionCookies, WatchGuard};
use crate::util::listeners::Listeners;
pub use crate::util::listeners::Subscription;

/// One notification to subscribers.
///
/// ```
/// use std::{cell::RefCell, rc::Rc};
/// use stytch_core::{session::{SessionStore, SessionUpdate, StateChange}, storage::*};
/// # struct Now; impl stytch_core::runtime::Runtime for Now {
/// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
/// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
/// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
/// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
/// let store = Rc::new(MemoryStore::new());
/// let cookies = SessionCookies::new(jar, store.clone(), CookieOptions::default(), "public-token-test-1");
/// let sessions = SessionStore::new(store, "public-token-test-1", cookies, Rc::new(Now));
/// let seen = Rc::new(RefCell::new(Vec::new()));
/// let log = seen.clone();
/// let _subscription = sessions.subscribe(move |change: &StateChange| {
///     log.borrow_mut().push((change.state.is_some(), change.from_other_tab));
/// });
/// // An intermediate session (MFA pending) signs the member out locally.
/// sessions.apply(SessionUpdate { intermediate_session_token: "ist".into(), ..Default::default() }, None);
/// assert_eq!(*seen.borrow(), vec![(false, false)]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StateChange {
    /// The new state (`None` = signed out).
    pub state: Option<B2BState>,
    /// `session_duration_minutes` of the call that produced this state, if any.
    pub session_duration_minutes: Option<u32>,
    /// True when the change came from another tab.
    pub from_other_tab: bool,
}

struct Inner {
    state: RefCell<Option<B2BState>>,
    from_cache: Cell<bool>,
    subscribers: Listeners<StateChange>,
    notifications: Cell<u64>,
    storage: Rc<dyn KeyValueStore>,
    state_key: String,
    cookies: SessionCookies,
    runtime: Rc<dyn Runtime>,
    watch: RefCell<Option<WatchGuard>>,
}

/// The `localStorage` key of the cached state for `public_token`, as the official SDK names it.
///
/// ```
/// assert_eq!(stytch_core::session::state_key("public-token-test-1"), "stytch_sdk_state_public-token-test-1");
/// ```
pub fn state_key(public_token: &str) -> String {
    format!("stytch_sdk_state_{public_token}")
}

/// The session store: the single source of truth for local session state.
///
/// It applies the official SDK's rules: an authenticated response writes the session cookies
/// and replaces the state; an IST response stores the IST and signs the session out locally;
/// subscribers hear about real changes only (`last_accessed_at` is ignored); `from_cache` is
/// true until the first update after start-up; state is persisted to `localStorage` and
/// changes made by other tabs arrive through storage events.
///
/// ```
/// use std::rc::Rc;
/// use stytch_core::{session::{SessionStore, SessionUpdate}, storage::*};
/// # struct Now; impl stytch_core::runtime::Runtime for Now {
/// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
/// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
/// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
/// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
/// let store = Rc::new(MemoryStore::new());
/// let cookies = SessionCookies::new(jar.clone(), store.clone(), CookieOptions::default(), "public-token-test-1");
/// let sessions = SessionStore::new(store, "public-token-test-1", cookies, Rc::new(Now));
/// assert!(sessions.from_cache());
/// sessions.apply(SessionUpdate { intermediate_session_token: "ist".into(), ..Default::default() }, None);
/// assert!(!sessions.from_cache());
/// assert_eq!(jar.get("stytch_intermediate_session_token").as_deref(), Some("ist"));
/// ```
#[derive(Clone)]
pub struct SessionStore {
    inner: Rc<Inner>,
}

impl SessionStore {
    /// Loads the cached state for `public_token` (served with `from_cache = true`) and starts
    /// listening for changes from other tabs.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// assert!(store.session().is_none());
    /// ```
    pub fn new(
        storage: Rc<dyn KeyValueStore>,
        public_token: &str,
        cookies: SessionCookies,
        runtime: Rc<dyn Runtime>,
    ) -> Self {
        let state_key = state_key(public_token);
        let cached = storage.get(&state_key).and_then(|json| parse_state(&json));
        let inner = Rc::new(Inner {
            state: RefCell::new(cached),
            from_cache: Cell::new(true),
            subscribers: Listeners::default(),
            notifications: Cell::new(0),
            storage: storage.clone(),
            state_key: state_key.clone(),
            cookies,
            runtime,
            watch: RefCell::default(),
        });
        let weak = Rc::downgrade(&inner);
        let guard = storage.watch(
            &state_key,
            Box::new(move |value| {
                if let Some(inner) = weak.upgrade() {
                    let state = value.as_deref().and_then(parse_state);
                    SessionStore { inner }.update_state(state, true);
                }
            }),
        );
        *inner.watch.borrow_mut() = Some(guard);
        Self { inner }
    }

    /// The whole cached state.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// // Nothing cached for this public token yet.
    /// assert!(store.state().is_none());
    /// ```
    pub fn state(&self) -> Option<B2BState> {
        self.inner.state.borrow().clone()
    }

    /// The member session, if signed in.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.apply(SessionUpdate { intermediate_session_token: "ist".into(), ..Default::default() }, None);
    /// assert!(store.session().is_none(), "an intermediate session is not a session");
    /// ```
    pub fn session(&self) -> Option<MemberSession> {
        self.inner.state.borrow().as_ref().and_then(|s| s.session.clone())
    }

    /// The member, if signed in.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// assert!(store.member().is_none());
    /// ```
    pub fn member(&self) -> Option<Member> {
        self.inner.state.borrow().as_ref().and_then(|s| s.member.clone())
    }

    /// The organization, if signed in.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// assert!(store.organization().is_none());
    /// ```
    pub fn organization(&self) -> Option<Organization> {
        self.inner.state.borrow().as_ref().and_then(|s| s.organization.clone())
    }

    /// True until the state has been confirmed or replaced since start-up.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// assert!(store.from_cache());
    /// store.destroy();
    /// assert!(!store.from_cache(), "the first update ends the cached phase");
    /// ```
    pub fn from_cache(&self) -> bool {
        self.inner.from_cache.get()
    }

    /// The session cookies.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.apply(SessionUpdate { intermediate_session_token: "ist".into(), ..Default::default() }, None);
    /// assert_eq!(store.cookies().intermediate_session_token().as_deref(), Some("ist"));
    /// ```
    pub fn cookies(&self) -> &SessionCookies {
        &self.inner.cookies
    }

    /// Calls `callback` synchronously after every real change.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// let changes = Rc::new(std::cell::Cell::new(0));
    /// let count = changes.clone();
    /// let _subscription = store.subscribe(move |_| count.set(count.get() + 1));
    /// store.destroy();
    /// assert_eq!(changes.get(), 1);
    /// ```
    pub fn subscribe(&self, callback: impl Fn(&StateChange) + 'static) -> Subscription {
        self.inner.subscribers.subscribe(callback)
    }

    fn notify(&self, change: &StateChange) {
        self.inner.notifications.set(self.inner.notifications.get() + 1);
        self.inner.subscribers.emit(change);
    }

    /// How many notifications have been sent; lets a caller tell whether an update notified.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// let before = store.notification_count();
    /// store.destroy();
    /// assert_eq!(store.notification_count(), before + 1);
    /// ```
    pub fn notification_count(&self) -> u64 {
        self.inner.notifications.get()
    }

    fn persist(&self) {
        let json = match &*self.inner.state.borrow() {
            Some(state) => stytch_models::json::to_string(state),
            None => "null".to_owned(),
        };
        self.inner.storage.set(&self.inner.state_key, &json);
    }

    /// Merges a partial state (`None` signs out) as the official `updateState` does; used for
    /// member and organization refreshes, local sign-out and other tabs' changes.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// // Another tab signed out: its state arrives, marked as from another tab.
    /// store.update_state(None, true);
    /// assert!(store.state().is_none());
    /// ```
    pub fn update_state(&self, partial: Option<B2BState>, from_other_tab: bool) {
        let old = self.state();
        let new = partial.map(|p| old.clone().unwrap_or_default().merged_with(p));
        let was_cached = self.inner.from_cache.replace(false);
        let changed = !same_ignoring_last_access(&old, &new);
        *self.inner.state.borrow_mut() = new.clone();
        if changed && !from_other_tab {
            self.persist();
        }
        if was_cached || changed {
            self.notify(&StateChange {
                state: new,
                session_duration_minutes: None,
                from_other_tab,
            });
        }
    }

    /// Applies an authenticate-type response (the official `updateSession` rules).
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.apply(SessionUpdate { intermediate_session_token: "ist".into(), ..Default::default() }, Some(60));
    /// assert_eq!(jar.get("stytch_intermediate_session_token").as_deref(), Some("ist"));
    /// ```
    pub fn apply(&self, update: SessionUpdate, session_duration_minutes: Option<u32>) {
        let cookies = &self.inner.cookies;
        let new_state = match update.member_session {
            Some(session) => {
                if !update.session_token.is_empty() && !update.session_jwt.is_empty() {
                    let expires = parse_rfc3339(&session.expires_at);
                    cookies.write_session(&update.session_token, &update.session_jwt, expires);
                } else {
                    // HttpOnly mode: the API set its own cookies; stale readable ones must go.
                    cookies.remove_session();
                }
                cookies.remove_ist();
                let old = self.state().unwrap_or_default();
                Some(old.merged_with(B2BState {
                    session: Some(session),
                    member: update.member,
                    organization: update.organization,
                }))
            }
            None => {
                if update.intermediate_session_token.is_empty() {
                    cookies.remove_ist();
                } else {
                    cookies.write_ist(&update.intermediate_session_token, self.inner.runtime.now_ms());
                }
                cookies.remove_session();
                None
            }
        };
        self.replace(new_state, session_duration_minutes);
    }

    fn replace(&self, new: Option<B2BState>, session_duration_minutes: Option<u32>) {
        let old = self.state();
        let was_cached = self.inner.from_cache.replace(false);
        let changed = !same_ignoring_last_access(&old, &new);
        *self.inner.state.borrow_mut() = new.clone();
        self.persist();
        if was_cached || changed {
            let session_duration_minutes = if new.is_some() { session_duration_minutes } else { None };
            self.notify(&StateChange {
                state: new,
                session_duration_minutes,
                from_other_tab: false,
            });
        }
    }

    /// Signs out locally: removes every session and IST cookie and clears the state.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.cookies().write_session("token", "jwt", None);
    /// store.destroy();
    /// assert_eq!(jar.get("stytch_session"), None);
    /// ```
    pub fn destroy(&self) {
        self.inner.cookies.remove_session();
        self.inner.cookies.remove_ist();
        self.update_state(None, false);
    }

    /// Start-up without a session: clears the state and session cookies but keeps a live IST,
    /// so a step-up link opened in a new page still completes the intermediate session. (The
    /// official SDK drops the IST here, which loses the step-up.)
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.cookies().write_ist("ist", 0);
    /// store.clear_session_keeping_ist();
    /// assert_eq!(jar.get("stytch_intermediate_session_token").as_deref(), Some("ist"));
    /// ```
    pub fn clear_session_keeping_ist(&self) {
        self.inner.cookies.remove_session();
        self.update_state(None, false);
    }

    /// Writes session cookies without touching state (hydration, `updateSession`): the cookies
    /// become browser-session cookies and the IST is dropped.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::{session::*, storage::*};
    /// # struct Now; impl stytch_core::runtime::Runtime for Now {
    /// #   fn now_ms(&self) -> i64 { 0 } fn random(&self) -> f64 { 0.0 }
    /// #   fn sleep(&self, _: u32) -> stytch_core::LocalBoxFuture<'static, ()> { Box::pin(async {}) }
    /// #   fn spawn(&self, _: stytch_core::LocalBoxFuture<'static, ()>) {} }
    /// # let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// # let local = Rc::new(MemoryStore::new());
    /// # let cookies = SessionCookies::new(jar.clone(), local.clone(), CookieOptions::default(), "public-token-test-1");
    /// # let store = SessionStore::new(local.clone(), "public-token-test-1", cookies, Rc::new(Now));
    /// store.update_tokens("token-from-the-server", Some("eyJ.jwt"));
    /// assert_eq!(store.cookies().session_token().as_deref(), Some("token-from-the-server"));
    /// ```
    pub fn update_tokens(&self, session_token: &str, session_jwt: Option<&str>) {
        let cookies = &self.inner.cookies;
        cookies.write_session_token(session_token, None);
        if let Some(jwt) = session_jwt {
            cookies.write_session_jwt(jwt, None);
        }
        cookies.remove_ist();
    }
}

fn parse_state(json: &str) -> Option<B2BState> {
    stytch_models::json::from_str::<Option<B2BState>>(json).ok().flatten()
}
