use leptos::prelude::*;
use stytch_models::Member;

use crate::provider::StytchContext;

/// Return type of [`use_member`].
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
