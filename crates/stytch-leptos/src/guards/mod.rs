//! Loading-aware guards that fail closed: nothing protected renders until the client knows
//! there is a session, and nothing flashes while it finds out.

use leptos::prelude::*;

use crate::hooks::member_may;
use crate::provider::StytchContext;

/// The condition for leptos_router's `ProtectedRoute`: `None` while loading, then whether a
/// member session exists. A session cookie the browser holds with no cached copy of its
/// session (one your server created, or after `localStorage` was cleared) is loading until
/// Stytch answers: the page waits instead of bouncing a signed-in member to the login.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_router::{components::*, path};
/// use stytch_leptos::signed_in_condition;
///
/// #[component]
/// fn AppRoutes() -> impl IntoView {
///     view! {
///         <Routes fallback=|| "Not found">
///             <ProtectedRoute
///                 path=path!("/dashboard")
///                 condition=signed_in_condition()
///                 redirect_path=|| "/login"
///                 fallback=|| view! { <p>"Loading…"</p> }
///                 view=|| view! { <p>"Secret"</p> }
///             />
///         </Routes>
///     }
/// }
/// ```
#[track_caller]
pub fn signed_in_condition() -> impl Fn() -> Option<bool> + Send + Sync + Copy + 'static {
    let context = StytchContext::expect();
    // Memoised: routes re-render only when the answer changes, not on every session update
    // (an extension or an organization switch must not remount the protected page).
    let condition = Memo::new(move |_| {
        if !context.is_initialized.get() {
            return None;
        }
        if context.session.with(Option::is_some) {
            return Some(true);
        }
        signed_out_settled(&context).then_some(false)
    });
    move || condition.get()
}

/// Whether "no session" is the answer yet: not while the client is still confirming a session
/// cookie it has no cached copy of (a session your server created, or a cleared
/// `localStorage`), unless that confirmation is being retried through an outage.
fn signed_out_settled(context: &StytchContext) -> bool {
    !context.from_cache.get() || context.activity.with(|a| a.retrying)
}

/// Renders its children only when a member session exists; `fallback` while loading and when
/// signed out.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::SignedIn;
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! { <SignedIn fallback=|| view! { <a href="/login">"Sign in"</a> }><a href="/dashboard">"Dashboard"</a></SignedIn> }
/// }
/// ```
#[component]
pub fn SignedIn(
    /// Shown while loading and when signed out.
    #[prop(optional, into)]
    fallback: ViewFn,
    /// Shown when signed in.
    children: ChildrenFn,
) -> impl IntoView {
    let condition = signed_in_condition();
    view! { <Show when=move || condition() == Some(true) fallback=fallback>{children()}</Show> }
}

/// Renders its children only when the client has started and there is no session; `fallback`
/// otherwise (while loading, nothing from here can flash).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::SignedOut;
///
/// #[component]
/// fn Banner() -> impl IntoView {
///     view! { <SignedOut><p>"Sign in to continue."</p></SignedOut> }
/// }
/// ```
#[component]
pub fn SignedOut(
    /// Shown while loading and when signed in.
    #[prop(optional, into)]
    fallback: ViewFn,
    /// Shown when signed out.
    children: ChildrenFn,
) -> impl IntoView {
    let condition = signed_in_condition();
    view! { <Show when=move || condition() == Some(false) fallback=fallback>{children()}</Show> }
}

/// The condition for leptos_router's `ProtectedRoute` on an RBAC permission: `None` while
/// loading, then whether the signed-in member may take `action` on `resource` (the roles and
/// policy [`use_is_authorized`](crate::use_is_authorized) checks). `Some(false)` when signed
/// out.
///
/// A "yes" from this browser's cached session and policy answers at once, so a permitted page
/// paints with no round trip (the server checks every request anyway). A "no" waits until
/// Stytch has confirmed the session and the policy (unless the session's confirmation is being
/// retried through an outage, or the policy could not be fetched: then the cached answers
/// stand): roles granted since the last visit never bounce a member off a page they may now
/// open, and an outage never takes away what the cached policy grants.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_router::{components::*, path};
/// use stytch_leptos::authorized_condition;
///
/// #[component]
/// fn AdminRoutes() -> impl IntoView {
///     view! {
///         <Routes fallback=|| "Not found">
///             <ProtectedRoute
///                 path=path!("/admin/members")
///                 condition=authorized_condition("stytch.member", "search")
///                 redirect_path=|| "/"
///                 fallback=|| view! { <p>"Loading…"</p> }
///                 view=|| view! { <p>"Members"</p> }
///             />
///         </Routes>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// Under `<StytchProvider>` the server never starts the client: `None` (loading) without a
/// [`ServerSession`](crate::ServerSession), `Some(false)` for one signed out, and for one
/// signed in `Some(true)` when it carries the project's RBAC policy and the roles allow the
/// action, else `None` (a "no" waits for the browser to confirm the session). A
/// `testing::MockStytchProvider` answers from its state.
#[track_caller]
pub fn authorized_condition(
    resource: impl Into<Signal<String>>,
    action: impl Into<Signal<String>>,
) -> impl Fn() -> Option<bool> + Send + Sync + Copy + 'static {
    let context = StytchContext::expect();
    let (resource, action) = (resource.into(), action.into());
    let condition = Memo::new(move |_| {
        if !context.is_initialized.get() {
            return None;
        }
        if context.session.with(Option::is_none) {
            return signed_out_settled(&context).then_some(false);
        }
        if resource.with(|r| action.with(|a| member_may(&context, r, a))) {
            return Some(true);
        }
        let unconfirmed_session = context.from_cache.get() && !context.activity.with(|a| a.retrying);
        let unconfirmed_policy = !context.policy_settled();
        (!unconfirmed_session && !unconfirmed_policy).then_some(false)
    });
    move || condition.get()
}

/// Renders its children only when the signed-in member may take `action` on `resource`
/// ([`authorized_condition`]); `fallback` while loading, when signed out and when not
/// permitted. Hiding a control is not security: the server checks every request.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::Protect;
///
/// #[component]
/// fn Toolbar() -> impl IntoView {
///     view! {
///         <Protect resource="stytch.member" action="create" fallback=|| "Ask an admin to invite people.">
///             <a href="/invite">"Invite a teammate"</a>
///         </Protect>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// Under `<StytchProvider>` the server renders the children only for a
/// [`ServerSession`](crate::ServerSession) that is signed in, carries the project's RBAC
/// policy and whose roles allow the action ([`authorized_condition`]); `fallback` otherwise.
/// The browser's first render under `hydrate` is the same.
#[component]
pub fn Protect(
    /// The RBAC resource, e.g. `"stytch.member"` or one of your policy's resources.
    #[prop(into)]
    resource: Signal<String>,
    /// The action on `resource`, e.g. `"create"`.
    #[prop(into)]
    action: Signal<String>,
    /// Shown while loading, when signed out and when the member may not.
    #[prop(optional, into)]
    fallback: ViewFn,
    /// Shown when the member may.
    children: ChildrenFn,
) -> impl IntoView {
    let condition = authorized_condition(resource, action);
    view! { <Show when=move || condition() == Some(true) fallback=fallback>{children()}</Show> }
}
