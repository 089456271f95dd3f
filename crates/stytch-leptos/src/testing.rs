//! Rendering your own components against a chosen Stytch state, with no server and no
//! browser storage: the `testing` feature.
//!
//! [`MockStytchProvider`] stands where [`StytchProvider`](crate::StytchProvider) would and
//! gives every hook and guard the state you describe in a [`MockState`]; a [`MockStytch`]
//! handle changes it in the middle of a test. It works on the server (`ssr` snapshot tests with
//! `to_html`, no browser needed) and in the browser. Nothing is sent anywhere: there is no
//! client, so [`use_stytch`](crate::use_stytch)'s `client()` is `None`, its `spawn` does
//! nothing, and the prebuilt components show their first screen but cannot sign anyone in.
//! To test a flow end to end, run your tests against `stytch-emulator` instead.
//!
//! ```
//! use leptos::prelude::*;
//! use stytch_leptos::testing::{MockState, MockStytchProvider};
//! use stytch_leptos::{Protect, use_member};
//!
//! #[component]
//! fn Header() -> impl IntoView {
//!     let member = use_member().member;
//!     view! {
//!         <p>{move || member.get().map(|m| m.email_address)}</p>
//!         <Protect resource="stytch.member" action="create">"Invite"</Protect>
//!     }
//! }
//!
//! # #[cfg(feature = "ssr")] {
//! let owner = Owner::new();
//! owner.set();
//! let state = MockState::signed_in("ada@example.com", &["stytch_member"]);
//! let html = view! { <MockStytchProvider state=state><Header/></MockStytchProvider> }.to_html();
//! assert!(html.contains("ada@example.com"));
//! assert!(!html.contains("Invite"), "a plain member may not invite (no policy grants it)");
//! # }
//! ```

use leptos::prelude::*;
use stytch_models::{BootstrapResponse, Member, MemberSession, Organization, RbacPolicy};

use crate::provider::StytchContext;

/// The state a [`MockStytchProvider`] shows: what the hooks and guards read.
///
/// Start from [`MockState::loading`], [`MockState::signed_out`] or [`MockState::signed_in`]
/// and change any field; every field is public.
///
/// ```
/// use stytch_leptos::models::{PolicyRole, RbacPolicy};
/// use stytch_leptos::testing::MockState;
///
/// let mut state = MockState::signed_in("ada@example.com", &["editor"]);
/// state.rbac_policy = Some(RbacPolicy {
///     roles: vec![PolicyRole { role_id: "editor".into(), ..Default::default() }],
///     ..Default::default()
/// });
/// state.from_cache = true; // as painted from the cache, before Stytch confirms it
/// let roles = state.session.as_ref().map(|s| s.roles.clone()).unwrap_or_default();
/// assert_eq!(roles, ["stytch_member", "editor"], "every member holds stytch_member");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MockState {
    /// False for "the client has not started" (what a server render or a hydrating page's
    /// first render sees): hooks say `is_initialized = false` and guards show their fallback.
    pub is_initialized: bool,
    /// The member session, `None` when signed out. Its `roles` are what
    /// [`use_is_authorized`](crate::use_is_authorized) and the permission guards check.
    pub session: Option<MemberSession>,
    /// The signed-in member.
    pub member: Option<Member>,
    /// The session's organization (its `custom_roles` count for RBAC).
    pub organization: Option<Organization>,
    /// The project's RBAC policy, as the bootstrap document would carry it. `None`: nothing is
    /// authorized except through the organization's custom roles, as with Stytch.
    pub rbac_policy: Option<RbacPolicy>,
    /// The state as painted from this browser's cache, not yet confirmed by Stytch (the
    /// session and the policy alike).
    pub from_cache: bool,
}

impl MockState {
    /// The client has not started: what the server renders without a
    /// [`ServerSession`](crate::ServerSession).
    ///
    /// ```
    /// use stytch_leptos::testing::MockState;
    /// let state = MockState::loading();
    /// assert!(!state.is_initialized && state.session.is_none());
    /// ```
    pub fn loading() -> Self {
        Self::default()
    }

    /// Started, with no session.
    ///
    /// ```
    /// use stytch_leptos::testing::MockState;
    /// let state = MockState::signed_out();
    /// assert!(state.is_initialized && state.session.is_none());
    /// ```
    pub fn signed_out() -> Self {
        Self {
            is_initialized: true,
            ..Self::default()
        }
    }

    /// Signed in as `email` with `roles` (beside `stytch_member`, which every member holds),
    /// in an organization named "Test Organization", confirmed by Stytch. IDs are fixed test
    /// values (`member-test-…`, `organization-test-…`), the same on every call.
    ///
    /// ```
    /// use stytch_leptos::testing::MockState;
    /// let state = MockState::signed_in("ada@example.com", &["editor"]);
    /// let session = state.session.unwrap();
    /// assert!(session.roles.iter().any(|r| r == "editor") && session.roles.iter().any(|r| r == "stytch_member"));
    /// ```
    pub fn signed_in(email: &str, roles: &[&str]) -> Self {
        const ORGANIZATION_ID: &str = "organization-test-00000000-0000-4000-8000-000000000000";
        const MEMBER_ID: &str = "member-test-00000000-0000-4000-8000-000000000000";
        let mut all_roles = vec!["stytch_member".to_owned()];
        all_roles.extend(roles.iter().filter(|r| **r != "stytch_member").map(|r| (*r).to_owned()));
        let organization = Organization {
            organization_id: ORGANIZATION_ID.into(),
            organization_name: "Test Organization".into(),
            organization_slug: "test-organization".into(),
            ..Organization::default()
        };
        let member = Member {
            organization_id: ORGANIZATION_ID.into(),
            member_id: MEMBER_ID.into(),
            email_address: email.into(),
            email_address_verified: true,
            ..Member::default()
        };
        let session = MemberSession {
            member_session_id: "member-session-test-00000000-0000-4000-8000-000000000000".into(),
            member_id: MEMBER_ID.into(),
            organization_id: ORGANIZATION_ID.into(),
            organization_slug: "test-organization".into(),
            roles: all_roles,
            started_at: "2026-01-01T00:00:00Z".into(),
            last_accessed_at: "2026-01-01T00:00:00Z".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            ..MemberSession::default()
        };
        Self {
            is_initialized: true,
            session: Some(session),
            member: Some(member),
            organization: Some(organization),
            ..Self::default()
        }
    }
}

/// Stands in for [`StytchProvider`](crate::StytchProvider) in tests and previews: every hook,
/// guard and component below it reads `state` instead of a live client. See the
/// [module documentation](self) for what it does not do.
///
/// ```
/// use leptos::prelude::*;
/// use stytch_leptos::SignedIn;
/// use stytch_leptos::testing::{MockState, MockStytchProvider};
///
/// # #[cfg(feature = "ssr")] {
/// let owner = Owner::new();
/// owner.set();
/// let html = view! {
///     <MockStytchProvider state=MockState::signed_out()>
///         <SignedIn fallback=|| "Please sign in">"Dashboard"</SignedIn>
///     </MockStytchProvider>
/// }
/// .to_html();
/// assert!(html.contains("Please sign in"));
/// # }
/// ```
///
/// ## Server-Side Rendering
/// Renders the given state on the server too, as `StytchProvider` does only when given a
/// [`ServerSession`](crate::ServerSession): snapshot tests of signed-in pages need no browser
/// and no server session.
#[component]
pub fn MockStytchProvider(
    /// The state to show: a [`MockState`], or a [`MockStytch`] handle to change it later.
    #[prop(optional, into)]
    state: MockStytch,
    /// What would be inside your `<StytchProvider>`.
    children: Children,
) -> impl IntoView {
    provide_context(state.context);
    children()
}

/// A mock state that can change during a test: hand it to [`MockStytchProvider`] as its
/// `state`, then [`set`](Self::set) it (sign out, change roles, confirm a cached session).
/// `Copy`.
///
/// ```
/// use leptos::prelude::*;
/// use stytch_leptos::testing::{MockState, MockStytch, MockStytchProvider};
/// use stytch_leptos::SignedIn;
///
/// # #[cfg(feature = "ssr")] {
/// let owner = Owner::new();
/// owner.set();
/// let stytch = MockStytch::new(MockState::signed_in("ada@example.com", &[]));
/// let page = move || {
///     view! {
///         <MockStytchProvider state=stytch>
///             <SignedIn fallback=|| "Please sign in">"Dashboard"</SignedIn>
///         </MockStytchProvider>
///     }
///     .to_html()
/// };
/// assert!(page().contains("Dashboard"));
/// stytch.set(MockState::signed_out());
/// assert!(page().contains("Please sign in"));
/// # }
/// ```
#[derive(Clone, Copy)]
pub struct MockStytch {
    context: StytchContext,
}

impl MockStytch {
    /// A handle showing `state`; its signals belong to the current reactive owner.
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use stytch_leptos::testing::{MockState, MockStytch};
    ///
    /// let owner = Owner::new();
    /// owner.with(|| {
    ///     let stytch = MockStytch::new(MockState::signed_out());
    ///     stytch.set(MockState::signed_in("ada@example.com", &[]));
    /// });
    /// ```
    pub fn new(state: MockState) -> Self {
        let mock = Self {
            context: StytchContext::new(),
        };
        mock.set(state);
        mock
    }

    /// Replaces the whole state; every hook and guard follows at once.
    ///
    /// ```
    /// use leptos::prelude::*;
    /// use stytch_leptos::testing::{MockState, MockStytch};
    ///
    /// // A test walks a component through loading, signed out and signed in.
    /// let owner = Owner::new();
    /// owner.with(|| {
    ///     let stytch = MockStytch::new(MockState::loading());
    ///     for state in [MockState::signed_out(), MockState::signed_in("ada@example.com", &["admin"])] {
    ///         stytch.set(state);
    ///     }
    /// });
    /// ```
    pub fn set(&self, state: MockState) {
        let context = self.context;
        context.session.set(state.session);
        context.member.set(state.member);
        context.organization.set(state.organization);
        context.from_cache.set(state.from_cache);
        context.bootstrap.set(Some(BootstrapResponse {
            rbac_policy: state.rbac_policy,
            ..BootstrapResponse::default()
        }));
        context.bootstrap_fresh.set(!state.from_cache);
        context.is_initialized.set(state.is_initialized);
    }
}

impl Default for MockStytch {
    /// Loading, as [`MockState::loading`].
    fn default() -> Self {
        Self::new(MockState::loading())
    }
}

impl From<MockState> for MockStytch {
    fn from(state: MockState) -> Self {
        Self::new(state)
    }
}
