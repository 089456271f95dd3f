use leptos::prelude::*;
use stytch_models::RbacPolicy;

use crate::provider::StytchContext;

/// Return type of [`use_is_authorized`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseIsAuthorizedReturn, use_is_authorized};
///
/// // Hide the button until the answer is known, disable it when the cached policy says no.
/// #[component]
/// fn DeleteButton() -> impl IntoView {
///     let UseIsAuthorizedReturn { is_authorized, from_cache, is_initialized } = use_is_authorized("documents", "delete");
///     view! {
///         <Show when=move || is_initialized.get()>
///             <button disabled=move || !is_authorized.get() title=move || from_cache.get().then_some("Checking…")>
///                 "Delete"
///             </button>
///         </Show>
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseIsAuthorizedReturn {
    /// Whether the signed-in member may take `action` on `resource`; false when signed out,
    /// while loading, and when the project has no RBAC policy.
    pub is_authorized: Signal<bool>,
    /// True while the answer uses the policy cached by an earlier page load.
    pub from_cache: Signal<bool>,
    /// False until the client has started.
    pub is_initialized: Signal<bool>,
}

/// RBAC as the official `useStytchIsAuthorized(resource, action)`: the session's roles are
/// checked against the project policy from the bootstrap document and the organization's
/// custom roles; `*` grants every action. Recomputed when the roles, the policy or the
/// arguments change.
///
/// It answers from whatever is known, the cached session and policy included (`from_cache`
/// says so). To show or route on a permission, prefer [`Protect`](crate::Protect) and
/// [`authorized_condition`](crate::authorized_condition): they wait for Stytch's confirmation
/// before saying no, so roles granted since the last visit never flash a denial.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_is_authorized;
///
/// #[component]
/// fn EditButton() -> impl IntoView {
///     let can_edit = use_is_authorized("documents", "write").is_authorized;
///     view! { <button disabled=move || !can_edit.get()>"Edit"</button> }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server `is_initialized` is false unless the render was given a
/// [`ServerSession`](crate::ServerSession), and nothing is authorized unless that session
/// carries the project's RBAC policy (`server::server_session` adds it): then the answer is
/// the browser's, `from_cache` false.
#[track_caller]
pub fn use_is_authorized(
    resource_id: impl Into<Signal<String>>,
    action: impl Into<Signal<String>>,
) -> UseIsAuthorizedReturn {
    let context = StytchContext::expect();
    let (resource_id, action) = (resource_id.into(), action.into());
    let is_authorized = Memo::new(move |_| member_may(&context, &resource_id.read(), &action.read()));
    UseIsAuthorizedReturn {
        is_authorized: is_authorized.into(),
        from_cache: Signal::derive(move || !context.policy_confirmed()),
        is_initialized: context.is_initialized.into(),
    }
}

/// The policy every permission check uses (the project's, see
/// [`StytchContext::project_policy`], with the organization's `custom_roles` beside it) and
/// the session's roles (none when signed out). Reads the signals it depends on, tracked.
pub(crate) fn effective_policy(context: &StytchContext) -> (RbacPolicy, Vec<String>) {
    let roles = context
        .session
        .with(|s| s.as_ref().map(|s| s.roles.clone()).unwrap_or_default());
    let project = context.project_policy().unwrap_or_default();
    let policy = context.organization.with(|o| match o {
        Some(o) => project.with_custom_roles(&o.custom_roles),
        None => project,
    });
    (policy, roles)
}

/// Whether the session's roles grant `action` on `resource` under [`effective_policy`].
/// False when signed out.
pub(crate) fn member_may(context: &StytchContext, resource: &str, action: &str) -> bool {
    let (policy, roles) = effective_policy(context);
    policy.is_authorized(&roles, resource, action)
}
