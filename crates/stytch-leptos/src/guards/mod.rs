//! Loading-aware guards that fail closed: nothing protected renders until the client knows
//! there is a session, and nothing flashes while it finds out.

use leptos::prelude::*;

use crate::provider::StytchContext;

/// The condition for leptos_router's `ProtectedRoute`: `None` while loading, then whether a
/// member session exists.
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
        context
            .is_initialized
            .get()
            .then(|| context.session.with(Option::is_some))
    });
    move || condition.get()
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
