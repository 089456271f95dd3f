use leptos::prelude::*;
use stytch_models::MemberSession;

use crate::provider::StytchContext;

/// Return type of [`use_member_session`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseMemberSessionReturn, use_member_session};
///
/// // Which sign-in methods the session holds, e.g. to offer a step-up.
/// #[component]
/// fn Factors() -> impl IntoView {
///     let UseMemberSessionReturn { session, .. } = use_member_session();
///     move || session.get().map(|s| format!("{} authentication factor(s)", s.authentication_factors.len()))
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseMemberSessionReturn {
    /// The member session, or `None` when signed out.
    pub session: Signal<Option<MemberSession>>,
    /// True while the session comes from the cache and the server has not confirmed it yet.
    /// Stays true while the confirmation is retried after network errors.
    pub from_cache: Signal<bool>,
    /// False until the client has started (on the server and, without `assume_hydrated`,
    /// until hydration, unless the render was given a [`ServerSession`](crate::ServerSession));
    /// check it before trusting `session == None`.
    pub is_initialized: Signal<bool>,
}

/// The signed-in member's session, as the official `useStytchMemberSession()`.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{use_member_session, UseMemberSessionReturn};
///
/// #[component]
/// fn Status() -> impl IntoView {
///     let UseMemberSessionReturn { session, from_cache, is_initialized } = use_member_session();
///     move || {
///         if !is_initialized.get() {
///             "Loading…".to_owned()
///         } else if let Some(s) = session.get() {
///             format!("Active session, expires {}{}", s.expires_at, if from_cache.get() { " (cached)" } else { "" })
///         } else {
///             "No active session".to_owned()
///         }
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server `is_initialized` is false and `session` is `None`, unless the render was given
/// a [`ServerSession`](crate::ServerSession): then it is initialized with that session (or none),
/// `from_cache` true while signed in, and the browser's first render is the same.
#[track_caller]
pub fn use_member_session() -> UseMemberSessionReturn {
    let context = StytchContext::expect();
    UseMemberSessionReturn {
        session: context.session.into(),
        from_cache: context.from_cache.into(),
        is_initialized: context.is_initialized.into(),
    }
}
