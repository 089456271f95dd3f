use std::collections::BTreeMap;

use leptos::prelude::*;

use super::use_is_authorized::effective_policy;
use crate::provider::StytchContext;

/// Every permission by resource and action, as [`use_permissions`] returns it.
///
/// ```
/// use stytch_leptos::Permissions;
///
/// fn can(permissions: &Permissions, resource: &str, action: &str) -> bool {
///     permissions.get(resource).and_then(|actions| actions.get(action)).copied().unwrap_or(false)
/// }
///
/// let mut permissions = Permissions::new();
/// permissions.entry("documents".into()).or_default().insert("read".into(), true);
/// assert!(can(&permissions, "documents", "read"));
/// assert!(!can(&permissions, "documents", "delete"));
/// ```
pub type Permissions = BTreeMap<String, BTreeMap<String, bool>>;

/// Return type of [`use_permissions`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UsePermissionsReturn, use_permissions};
///
/// // A toolbar whose buttons all read one permission map.
/// #[component]
/// fn Toolbar() -> impl IntoView {
///     let UsePermissionsReturn { permissions, .. } = use_permissions();
///     let allowed = move |action: &'static str| {
///         move || permissions.with(|p| p.get("documents").and_then(|a| a.get(action)).copied().unwrap_or(false))
///     };
///     view! {
///         <button disabled=move || !allowed("write")()>"Edit"</button>
///         <button disabled=move || !allowed("delete")()>"Delete"</button>
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UsePermissionsReturn {
    /// For every resource of the project's policy and each of its actions, whether the
    /// signed-in member may take it: all `false` when signed out, empty before any policy is
    /// known.
    pub permissions: Signal<Permissions>,
    /// True while the answer uses the policy cached by an earlier page load.
    pub from_cache: Signal<bool>,
    /// False until the client has started.
    pub is_initialized: Signal<bool>,
}

/// The official `rbac.allPermissions()` as a signal: the whole permission map at once, for a
/// page with many controls to gate (one memo instead of a [`use_is_authorized`] per control).
/// The session's roles are checked against the project's policy and the organization's
/// `custom_roles`; recomputed when either changes.
///
/// [`use_is_authorized`]: crate::use_is_authorized
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_permissions;
///
/// #[component]
/// fn DocumentToolbar() -> impl IntoView {
///     let permissions = use_permissions().permissions;
///     let may = move |action: &str| {
///         permissions.with(|p| p.get("documents").and_then(|d| d.get(action)).copied().unwrap_or(false))
///     };
///     view! {
///         <button disabled=move || !may("write")>"Edit"</button>
///         <button disabled=move || !may("delete")>"Delete"</button>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server `is_initialized` is false unless the render was given a
/// [`ServerSession`](crate::ServerSession), and the map is empty unless that session carries
/// the project's RBAC policy (`server::server_session` adds it): then it is the browser's.
#[track_caller]
pub fn use_permissions() -> UsePermissionsReturn {
    let context = StytchContext::expect();
    let permissions = Memo::new(move |_| {
        let (policy, roles) = effective_policy(&context);
        policy.all_permissions(&roles)
    });
    UsePermissionsReturn {
        permissions: permissions.into(),
        from_cache: Signal::derive(move || !context.policy_confirmed()),
        is_initialized: context.is_initialized.into(),
    }
}
