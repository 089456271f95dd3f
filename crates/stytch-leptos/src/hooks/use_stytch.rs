use crate::provider::{Stytch, StytchContext};

/// The Stytch client handle of the nearest [`StytchProvider`](crate::StytchProvider).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_stytch;
///
/// #[component]
/// fn RefreshOrganization() -> impl IntoView {
///     let stytch = use_stytch();
///     view! {
///         <button on:click=move |_| stytch.spawn(|client| async move {
///             let _ = client.organization().get().await;
///         })>"Refresh"</button>
///     }
/// }
/// ```
///
/// ## Panics
/// Outside a `<StytchProvider>`, with a message saying so.
#[track_caller]
pub fn use_stytch() -> Stytch {
    Stytch {
        context: StytchContext::expect(),
    }
}
