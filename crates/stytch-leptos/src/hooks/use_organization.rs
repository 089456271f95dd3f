use leptos::prelude::*;
use stytch_models::Organization;

use crate::provider::StytchContext;

/// Return type of [`use_organization`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseOrganizationReturn, use_organization};
///
/// #[component]
/// fn OrganizationLogo() -> impl IntoView {
///     let UseOrganizationReturn { organization, is_initialized, .. } = use_organization();
///     move || {
///         let logo = organization.get().map(|o| o.organization_logo_url).filter(|url| !url.is_empty());
///         is_initialized.get().then(|| view! { <img alt="" src=logo/> })
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseOrganizationReturn {
    /// The signed-in member's organization, or `None`.
    pub organization: Signal<Option<Organization>>,
    /// True until the server confirms the cached state.
    pub from_cache: Signal<bool>,
    /// False until the client has started.
    pub is_initialized: Signal<bool>,
}

/// The signed-in member's organization, as the official `useStytchOrganization()`. The signal
/// changes only when the organization itself changes.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_organization;
///
/// #[component]
/// fn OrgName() -> impl IntoView {
///     let organization = use_organization().organization;
///     move || organization.get().map(|o| o.organization_name)
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server `is_initialized` is false and `organization` is `None`, unless the render was
/// given a [`ServerSession`](crate::ServerSession), whose organization it shows.
#[track_caller]
pub fn use_organization() -> UseOrganizationReturn {
    let context = StytchContext::expect();
    UseOrganizationReturn {
        organization: context.organization.into(),
        from_cache: context.from_cache.into(),
        is_initialized: context.is_initialized.into(),
    }
}
