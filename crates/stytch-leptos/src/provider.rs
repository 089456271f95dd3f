//! `<StytchProvider>`: creates the client, mirrors its state into signals and provides both.

use leptos::prelude::*;
use stytch_core::StytchClient;
use stytch_core::session::B2BState;
#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
use stytch_core::session::StateChange;
use stytch_models::{BootstrapResponse, Member, MemberSession, Organization, RbacPolicy};

/// Options of the client the provider creates (the official `StytchClientOptions`).
///
/// ```
/// let options = stytch_leptos::StytchOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() };
/// ```
pub type StytchOptions = stytch_core::ClientOptions;

struct Live {
    client: StytchClient,
    _subscriptions: [stytch_core::session::Subscription; 3],
}

/// Everything the provider shares; reached through [`use_stytch`](crate::use_stytch) and the hooks.
#[derive(Clone, Copy)]
pub(crate) struct StytchContext {
    live: StoredValue<Option<Live>, LocalStorage>,
    pub(crate) session: RwSignal<Option<MemberSession>>,
    pub(crate) member: RwSignal<Option<Member>>,
    pub(crate) organization: RwSignal<Option<Organization>>,
    pub(crate) from_cache: RwSignal<bool>,
    pub(crate) is_initialized: RwSignal<bool>,
    pub(crate) bootstrap: RwSignal<Option<BootstrapResponse>>,
    /// False while `bootstrap` is the copy cached by an earlier page load.
    pub(crate) bootstrap_fresh: RwSignal<bool>,
    /// True while this page's bootstrap fetch has failed: the cached policy (if any) is all
    /// there is until a retry succeeds, so its answers stand.
    bootstrap_failed: RwSignal<bool>,
    /// The project's RBAC policy the server rendered with (a [`ServerSession`]'s); counts
    /// until the fresh bootstrap document arrives. Never changes after the first render.
    #[cfg(any(feature = "ssr", feature = "hydrate"))]
    server_policy: StoredValue<Option<RbacPolicy>>,
    pub(crate) activity: RwSignal<Activity>,
}

/// What the refresher last reported, mirrored for [`use_session_activity`](crate::use_session_activity).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Activity {
    pub last_refreshed_at: Option<i64>,
    pub retrying: bool,
    pub retry_in_ms: Option<u32>,
    pub last_error: Option<stytch_core::StytchError>,
}

/// What the server found on the request it is rendering, so that a server-rendered page is
/// rendered signed in (or signed out) instead of "not initialized", and hydrates to the same
/// first render in the browser (the provider hands it over in the page's serialized data).
///
/// Provide it to the render, as a context (`provide_context`, e.g. in leptos_axum's
/// `additional_context`) or, with the `backend` feature, as an extension of the request's
/// `http::request::Parts` (an axum middleware can insert it:
/// `stytch_leptos::server::server_session` authenticates a request and adds the project's
/// RBAC policy). Without it the server renders "not initialized", as before.
///
/// With the project's RBAC policy ([`ServerSession::with_rbac_policy`], the one the browser
/// reads from Stytch's bootstrap document) the permission guards and hooks answer on the
/// server too: a `<Protect>` the member passes renders its children in the server's markup.
/// Without it they stay loading there, as in a render without a session.
///
/// The browser's own session decides after hydration: the server's state is taken as the
/// cached state (`from_cache` true) and confirmed or replaced as a cache would be; without a
/// session cookie the browser can read it is cleared (set `http_only_cookies` when your
/// session cookies are `HttpOnly`). The server's policy counts until the browser has fetched
/// its own.
///
/// ```
/// use leptos::prelude::*;
/// use stytch_leptos::ServerSession;
/// use stytch_leptos::models::{RbacPolicy, api::sessions::AuthenticateResponse};
///
/// # let (answer, policy) = (AuthenticateResponse::default(), RbacPolicy::default());
/// # let _owner = Owner::new();
/// # _owner.set();
/// // On the server, with Stytch's answer for the request's session cookie and the project's
/// // policy (`StytchBackend::rbac_policy`):
/// let session = ServerSession::signed_in(&answer).with_rbac_policy(policy);
/// assert!(session.state().is_some_and(|state| state.session.is_some()));
/// provide_context(session); // then render the app: the provider finds it
/// ```
#[derive(Clone, Debug, Default, PartialEq, stytch_models::json::FromJson, stytch_models::json::ToJson)]
pub struct ServerSession {
    /// The request's session, member and organization; `None` when signed out.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<B2BState>,
    /// The project's RBAC policy, when the server knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    rbac_policy: Option<RbacPolicy>,
}

impl ServerSession {
    /// A request with no live session.
    ///
    /// ```
    /// assert!(stytch_leptos::ServerSession::signed_out().state().is_none());
    /// ```
    ///
    /// ```
    /// use stytch_leptos::testing::MockState;
    /// let state = MockState::signed_out();
    /// assert!(state.is_initialized && state.session.is_none());
    /// ```
    pub fn signed_out() -> Self {
        Self::default()
    }

    /// The session an `authenticate_session` answer describes (see [`ServerSession`]'s example;
    /// `server::server_session` builds it for a request).
    ///
    /// ```
    /// use stytch_leptos::{ServerSession, models::{api::sessions::AuthenticateResponse, json}};
    /// // What the server's `sessions/authenticate` answered for the request's cookie.
    /// let answer: AuthenticateResponse = json::from_str(r#"{"member_session":{"member_id":"member-test-1"}}"#).unwrap();
    /// let session = ServerSession::signed_in(&answer);
    /// assert!(session.state().is_some());
    /// ```
    pub fn signed_in(answer: &stytch_models::api::sessions::AuthenticateResponse) -> Self {
        Self::from_state(B2BState {
            session: Some(answer.member_session.clone()),
            member: Some(answer.member.clone()),
            organization: Some(answer.organization.clone()),
        })
    }

    /// A session your server already holds as the client caches it (signed out when it has
    /// no `session`).
    ///
    /// ```
    /// use stytch_leptos::{ServerSession, core::session::B2BState, models::MemberSession};
    /// let state = B2BState { session: Some(MemberSession::default()), ..Default::default() };
    /// assert!(ServerSession::from_state(state).state().is_some());
    /// assert!(ServerSession::from_state(B2BState::default()).state().is_none());
    /// ```
    pub fn from_state(state: B2BState) -> Self {
        Self {
            state: state.session.is_some().then_some(state),
            rbac_policy: None,
        }
    }

    /// The project's RBAC policy (`server::StytchBackend::rbac_policy`), so that permission
    /// guards and hooks answer in the server's render.
    ///
    /// ```
    /// use stytch_leptos::{ServerSession, models::RbacPolicy};
    /// let session = ServerSession::signed_out().with_rbac_policy(RbacPolicy::default());
    /// assert!(session.rbac_policy().is_some());
    /// ```
    pub fn with_rbac_policy(mut self, policy: RbacPolicy) -> Self {
        self.rbac_policy = Some(policy);
        self
    }

    /// The state it renders: `None` when signed out.
    ///
    /// ```
    /// assert!(stytch_leptos::ServerSession::signed_out().state().is_none());
    /// ```
    pub fn state(&self) -> Option<&B2BState> {
        self.state.as_ref()
    }

    /// The project's RBAC policy it carries, if any.
    ///
    /// ```
    /// assert!(stytch_leptos::ServerSession::signed_out().rbac_policy().is_none());
    /// ```
    pub fn rbac_policy(&self) -> Option<&RbacPolicy> {
        self.rbac_policy.as_ref()
    }

    /// The text carried from server to browser: its JSON.
    #[cfg_attr(not(feature = "ssr"), allow(dead_code))]
    fn encode(&self) -> String {
        stytch_models::json::to_string(self)
    }

    /// [`ServerSession::encode`]'s reverse; `None` for anything else (no server session).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn decode(text: &str) -> Option<Self> {
        stytch_models::json::from_str(text).ok()
    }
}

/// The server's [`ServerSession`] on both sides of a server render: read from the context (or
/// the request's extensions) and written into the page's serialized data on the server, read
/// back from it while hydrating. Called once per provider on both sides, so the serialized
/// data's IDs stay aligned whether or not a session is provided.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
fn shared_server_session() -> Option<ServerSession> {
    use leptos::server::{SharedValue, codee::string::FromToStringCodec};
    let text = SharedValue::<String, FromToStringCodec>::new_str(|| {
        #[cfg(feature = "ssr")]
        {
            provided_server_session()
                .map(|session| session.encode())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::new()
        }
    })
    .into_inner();
    #[cfg(feature = "ssr")]
    {
        // The server knows its own value; nothing to parse back.
        let _ = text;
        provided_server_session()
    }
    #[cfg(not(feature = "ssr"))]
    {
        ServerSession::decode(&text)
    }
}

/// The [`ServerSession`] the app provided to this render, as a context or (with `backend`) a
/// request extension.
#[cfg(feature = "ssr")]
fn provided_server_session() -> Option<ServerSession> {
    let from_request = || {
        #[cfg(feature = "backend")]
        {
            use_context::<http::request::Parts>()?
                .extensions
                .get::<ServerSession>()
                .cloned()
        }
        #[cfg(not(feature = "backend"))]
        {
            None::<ServerSession>
        }
    };
    use_context::<ServerSession>().or_else(from_request)
}

#[cfg_attr(not(all(target_arch = "wasm32", not(feature = "ssr"))), allow(dead_code))]
impl StytchContext {
    /// Nothing known yet: no client, not initialized.
    pub(crate) fn new() -> Self {
        Self {
            live: StoredValue::new_local(None),
            session: RwSignal::new(None),
            member: RwSignal::new(None),
            organization: RwSignal::new(None),
            from_cache: RwSignal::new(false),
            is_initialized: RwSignal::new(false),
            bootstrap: RwSignal::new(None),
            bootstrap_fresh: RwSignal::new(false),
            bootstrap_failed: RwSignal::new(false),
            #[cfg(any(feature = "ssr", feature = "hydrate"))]
            server_policy: StoredValue::new(None),
            activity: RwSignal::new(Activity::default()),
        }
    }

    /// The project's RBAC policy for permission checks: the fresh bootstrap document's, else
    /// the one the server rendered with, else the cached bootstrap document's. Tracked.
    pub(crate) fn project_policy(&self) -> Option<RbacPolicy> {
        #[cfg(any(feature = "ssr", feature = "hydrate"))]
        if !self.bootstrap_fresh.get()
            && let Some(policy) = self.server_policy.get_value()
        {
            return Some(policy);
        }
        self.bootstrap.with(|b| b.as_ref().and_then(|b| b.rbac_policy.clone()))
    }

    /// Whether [`StytchContext::project_policy`] is Stytch's current one (fetched by this page
    /// or by the server that rendered it), not a copy cached by an earlier visit. Tracked.
    pub(crate) fn policy_confirmed(&self) -> bool {
        #[cfg(any(feature = "ssr", feature = "hydrate"))]
        if self.server_policy.with_value(Option::is_some) {
            return true;
        }
        self.bootstrap_fresh.get()
    }

    /// Whether no better policy is coming: confirmed, or this page's fetch failed (then the
    /// cached policy's answers stand, as a cached session's do while its check is retried).
    /// Tracked.
    pub(crate) fn policy_settled(&self) -> bool {
        self.policy_confirmed() || self.bootstrap_failed.get()
    }

    pub(crate) fn expect() -> Self {
        use_context::<StytchContext>()
            .expect("stytch-leptos: this hook or component must be rendered inside <StytchProvider>")
    }

    /// Copies a store notification into the signals; each signal changes only when its own slice
    /// does (a bump of `last_accessed_at` alone is absorbed without notifying).
    fn absorb(&self, state: Option<&stytch_core::session::B2BState>, from_cache: bool) {
        set_if_changed(self.session, state.and_then(|s| s.session.clone()), |a, b| {
            match (a, b) {
                (Some(a), Some(b)) => a.same_ignoring_last_access(b),
                (a, b) => a.is_none() && b.is_none(),
            }
        });
        set_if_changed(self.member, state.and_then(|s| s.member.clone()), |a, b| a == b);
        set_if_changed(self.organization, state.and_then(|s| s.organization.clone()), |a, b| {
            a == b
        });
        if self.from_cache.get_untracked() != from_cache {
            self.from_cache.set(from_cache);
        }
    }
}

#[cfg_attr(not(all(target_arch = "wasm32", not(feature = "ssr"))), allow(dead_code))]
fn set_if_changed<T: Send + Sync + 'static>(signal: RwSignal<T>, value: T, same: impl Fn(&T, &T) -> bool) {
    // One write: the value is always stored, but subscribers hear of it only when `same` says
    // it changed (a bumped `last_accessed_at` alone is stored silently).
    signal.maybe_update(|current| {
        let changed = !same(current, &value);
        *current = value;
        changed
    });
}

/// A handle on the Stytch client, from [`use_stytch`](crate::use_stytch). `Copy`, so it can be
/// moved into any number of event handlers.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_stytch;
///
/// #[component]
/// fn LogoutButton() -> impl IntoView {
///     let stytch = use_stytch();
///     view! {
///         <button on:click=move |_| stytch.spawn(|client| async move {
///             let _ = client.session().revoke(false).await;
///         })>"Log out"</button>
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Stytch {
    pub(crate) context: StytchContext,
}

impl Stytch {
    /// The client, once started (`None` on the server and before hydration).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::use_stytch;
    ///
    /// // Read the cached session's tokens straight from the client, once it has started.
    /// #[component]
    /// fn TokenLength() -> impl IntoView {
    ///     let stytch = use_stytch();
    ///     move || stytch.client().and_then(|c| c.session().get_tokens()).map(|t| t.session_jwt.len())
    /// }
    /// ```
    pub fn client(&self) -> Option<StytchClient> {
        self.context
            .live
            .try_with_value(|live| live.as_ref().map(|l| l.client.clone()))
            .flatten()
    }

    /// Runs an async task with the client in the background; does nothing without a client.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::use_stytch;
    ///
    /// #[component]
    /// fn SignOut() -> impl IntoView {
    ///     let stytch = use_stytch();
    ///     let on_click = move |_| stytch.spawn(|client| async move {
    ///         let _ = client.session().revoke(false).await;
    ///     });
    ///     view! { <button on:click=on_click>"Sign out"</button> }
    /// }
    /// ```
    pub fn spawn<F, Fut>(&self, task: F)
    where
        F: FnOnce(StytchClient) -> Fut + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        if let Some(client) = self.client() {
            leptos::task::spawn_local(task(client));
        }
    }

    /// The bootstrap document: the copy an earlier visit cached, then this page's. When this
    /// page's fetch fails it is the official defaults, with the cached RBAC policy kept, until
    /// the client fetches it again (after a network failure or a 5xx, as soon as the API
    /// answers another request).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// # fn demo() -> impl IntoView {
    /// let bootstrap = stytch_leptos::use_stytch().bootstrap();
    /// let may_create = move || bootstrap.with(|b| b.as_ref().is_some_and(|b| b.create_organization_enabled));
    /// view! { <Show when=may_create>"Create an organization"</Show> }
    /// # }
    /// ```
    pub fn bootstrap(&self) -> Signal<Option<BootstrapResponse>> {
        self.context.bootstrap.into()
    }
}

/// Provides Stytch to its children: creates the client, mirrors the session, member and
/// organization into signals, and keeps them current.
///
/// With `assume_hydrated` (the default under `csr`), the cached session is in the signals from
/// the first render, so a signed-in page paints with no network round trip. Without it (the
/// default under `hydrate` and `ssr`), the first render reports `is_initialized = false` on
/// server and client alike, and the client starts after hydration: no hydration mismatch.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{StytchOptions, StytchProvider};
///
/// #[component]
/// fn App() -> impl IntoView {
///     view! {
///         <StytchProvider
///             public_token="public-token-test-…"
///             options=StytchOptions { api_url: Some("http://127.0.0.1:8787".into()), ..Default::default() }
///         >
///             <p>"Your router goes here."</p>
///         </StytchProvider>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// Under `ssr` no client is created and nothing touches `window`. Given a [`ServerSession`]
/// (a context, or an extension of the request's `Parts`), the server renders it and the
/// browser's first render is the same, initialized from the start.
#[component]
pub fn StytchProvider(
    /// The project's public token.
    #[prop(into)]
    public_token: String,
    /// Client options: API URL, cookie names, refresh behaviour.
    #[prop(optional)]
    options: StytchOptions,
    /// Serve the cached session during the first render. Defaults to `true` for client-side
    /// rendering and `false` when the `hydrate` or `ssr` feature is on.
    #[prop(optional)]
    assume_hydrated: Option<bool>,
    /// The app.
    children: Children,
) -> impl IntoView {
    let context = StytchContext::new();
    provide_context(context);

    let assume_hydrated = assume_hydrated.unwrap_or(!cfg!(any(feature = "hydrate", feature = "ssr")));
    // A server render the app told who is signed in starts initialized, on the server and in
    // the browser's first render alike.
    #[cfg(any(feature = "ssr", feature = "hydrate"))]
    let server_session = shared_server_session();
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let server_session: Option<ServerSession> = None;
    if let Some(server) = &server_session {
        context.absorb(server.state(), server.state().is_some());
        context.is_initialized.set(true);
        #[cfg(any(feature = "ssr", feature = "hydrate"))]
        context.server_policy.set_value(server.rbac_policy.clone());
    }
    #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
    {
        let seed = server_session.and_then(|server| server.state);
        let start = move || start(context, &public_token, options.clone(), seed.as_ref());
        if assume_hydrated {
            start();
        } else {
            Effect::new(move |started: Option<()>| {
                if started.is_none() {
                    start();
                }
            });
        }
        refresh_in_the_foreground(context);
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "ssr"))))]
    {
        let _ = (public_token, options, assume_hydrated, server_session);
    }
    children()
}

#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
fn start(context: StytchContext, public_token: &str, options: StytchOptions, seed: Option<&B2BState>) {
    use stytch_core::SessionActivity;
    let platform = stytch_core::Platform::browser();
    if let Some(state) = seed {
        // The server's state becomes this browser's cached state, which the client confirms
        // or clears as any cache, so the signals do not fall back to an older cache (or to
        // nothing) between hydration and the client's answer.
        let key = stytch_core::session::state_key(public_token);
        platform.storage.set(&key, &stytch_models::json::to_string(state));
    }
    let client = StytchClient::new(public_token, options, platform);
    let subscription = client.store().subscribe(move |change: &StateChange| {
        context.absorb(change.state.as_ref(), false);
    });
    let activity = client.on_activity(move |event| {
        context.activity.update(|a| match event {
            SessionActivity::Refreshed { at_ms } => {
                *a = Activity {
                    last_refreshed_at: Some(*at_ms),
                    ..Activity::default()
                };
            }
            SessionActivity::RetryScheduled { error, retry_in_ms, .. } => {
                a.retrying = true;
                a.retry_in_ms = Some(*retry_in_ms);
                a.last_error = Some(error.clone());
            }
            SessionActivity::DeferredToOtherTab { last_refresh_ms } => {
                a.last_refreshed_at = Some(*last_refresh_ms);
            }
        });
    });
    context.absorb(client.store().state().as_ref(), client.store().from_cache());
    if let Some(cached) = client.cached_bootstrap() {
        context.bootstrap.set(Some(cached));
    }
    // Every document the client takes: defaults after a failed fetch, then the fetched one if
    // a later fetch succeeds (the client fetches again once the API answers after an outage).
    let bootstrap = client.on_bootstrap_change(move |bootstrap, fetched| {
        // The official defaults have no policy: keep the one an earlier visit cached (still
        // reported as cached) instead of denying everything.
        context.bootstrap.update(|known| {
            let cached_policy = known.take().and_then(|known| known.rbac_policy);
            let mut now = bootstrap.clone();
            if !fetched {
                now.rbac_policy = cached_policy;
            }
            *known = Some(now);
        });
        context.bootstrap_fresh.set(fetched);
        context.bootstrap_failed.set(!fetched);
    });
    context.live.set_value(Some(Live {
        client,
        _subscriptions: [subscription, activity, bootstrap],
    }));
    context.is_initialized.set(true);
}

/// Background tabs' timers are throttled; when the page is shown or focused again, an overdue
/// refresh runs at once. The page is in the foreground while the document is visible and the
/// window has focus (following its `focus` and `blur` events). When the browser comes back
/// online, a retry waiting out its backoff (and a failed bootstrap fetch) runs at once too.
///
/// Plain listeners rather than leptos-use's visibility and focus hooks: those cost every app
/// about 7 KB gzipped of generic listener and signal code for this one purpose.
#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
fn refresh_in_the_foreground(context: StytchContext) {
    use std::{cell::Cell, rc::Rc};
    use wasm_bindgen::{JsCast, closure::Closure};

    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let visible = |document: &web_sys::Document| document.visibility_state() == web_sys::VisibilityState::Visible;
    let focused = Rc::new(Cell::new(document.has_focus().unwrap_or(false)));
    let foreground = Cell::new(visible(&document) && focused.get());
    // Owned by JavaScript, so the function stays callable even if no reactive owner runs the
    // cleanup below (`on_cleanup` without one drops its closure at once).
    let listener: js_sys::Function = Closure::<dyn Fn(web_sys::Event)>::new({
        let document = document.clone();
        move |event: web_sys::Event| {
            let kind = event.type_();
            match kind.as_str() {
                "focus" => focused.set(true),
                "blur" => focused.set(false),
                _ => {}
            }
            let now = visible(&document) && focused.get();
            // Back in the foreground, or back online: catch up at once.
            let catch_up = (now && !foreground.replace(now)) || kind == "online";
            if catch_up && let Some(client) = (Stytch { context }).client() {
                client.on_foreground();
            }
            foreground.set(now);
        }
    })
    .into_js_value()
    .unchecked_into();
    let window: web_sys::EventTarget = window.unchecked_into();
    let document: web_sys::EventTarget = document.unchecked_into();
    let targets = [
        (document, "visibilitychange"),
        (window.clone(), "focus"),
        (window.clone(), "blur"),
        (window, "online"),
    ];
    for (target, event) in &targets {
        let _ = target.add_event_listener_with_callback(event, &listener);
    }
    // Removed with the provider (the wasm build is single-threaded, so the wrapper never moves).
    let registered = send_wrapper::SendWrapper::new((targets, listener));
    on_cleanup(move || {
        let (targets, listener) = registered.take();
        for (target, event) in &targets {
            let _ = target.remove_event_listener_with_callback(event, &listener);
        }
    });
}
