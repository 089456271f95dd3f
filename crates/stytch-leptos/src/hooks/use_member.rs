use leptos::prelude::*;
use stytch_models::Member;

use crate::provider::StytchContext;

/// Return type of [`use_member`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseMemberReturn, use_member};
///
/// // The tri-state every hook returns: loading, signed out, signed in.
/// #[component]
/// fn Avatar() -> impl IntoView {
///     let UseMemberReturn { member, from_cache, is_initialized } = use_member();
///     move || match (is_initialized.get(), member.get()) {
///         (false, _) => view! { <span class="avatar avatar--loading"/> }.into_any(),
///         (true, None) => view! { <a href="/login">"Sign in"</a> }.into_any(),
///         (true, Some(m)) => view! {
///             <span class="avatar" class:avatar--stale=move || from_cache.get()>{m.name}</span>
///         }.into_any(),
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseMemberReturn {
    /// The signed-in member, or `None`.
    pub member: Signal<Option<Member>>,
    /// True until the server confirms the cached state.
    pub from_cache: Signal<bool>,
    /// False until the client has started.
    pub is_initialized: Signal<bool>,
}

/// The signed-in member, as the official `useStytchMember()`. The signal changes only when the
/// member itself changes.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_member;
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let member = use_member().member;
///     move || member.get().map(|m| format!("Hello, {}", m.email_address))
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server `is_initialized` is false and `member` is `None`, unless the render was given
/// a [`ServerSession`](crate::ServerSession), whose member it shows.
#[track_caller]
pub fn use_member() -> UseMemberReturn {
    let context = StytchContext::expect();
    UseMemberReturn {
        member: context.member.into(),
        from_cache: context.from_cache.into(),
        is_initialized: context.is_initialized.into(),
    }
}
