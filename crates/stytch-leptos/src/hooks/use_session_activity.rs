use leptos::prelude::*;
use stytch_core::StytchError;

use crate::provider::StytchContext;

/// Return type of [`use_session_activity`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseSessionActivityReturn, use_session_activity};
///
/// #[component]
/// fn Retrying() -> impl IntoView {
///     let UseSessionActivityReturn { retry_in_ms, last_error, .. } = use_session_activity();
///     move || {
///         retry_in_ms.get().map(|ms| {
///             let why = last_error.get().map(|e| e.to_string()).unwrap_or_default();
///             format!("Retrying in {} s ({why})", ms / 1000)
///         })
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseSessionActivityReturn {
    /// When the session was last confirmed by the server, in this or another tab (Unix ms).
    pub last_refreshed_at: Signal<Option<i64>>,
    /// A refresh failed for a transient reason (offline, 5xx) and is being retried; the session
    /// is kept meanwhile.
    pub retrying: Signal<bool>,
    /// The delay before the next retry, while retrying.
    pub retry_in_ms: Signal<Option<u32>>,
    /// The error of the last failed refresh, while retrying.
    pub last_error: Signal<Option<StytchError>>,
}

/// The background refresh's state, for "offline, retrying" banners and "last checked" times:
/// something the official SDK does not expose.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_session_activity;
///
/// #[component]
/// fn OfflineBanner() -> impl IntoView {
///     let activity = use_session_activity();
///     view! {
///         <Show when=move || activity.retrying.get()>
///             <p role="status">"Can't reach the server; your session is kept and we keep trying."</p>
///         </Show>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server nothing has happened yet: all fields are empty.
#[track_caller]
pub fn use_session_activity() -> UseSessionActivityReturn {
    let activity = StytchContext::expect().activity;
    UseSessionActivityReturn {
        last_refreshed_at: Signal::derive(move || activity.with(|a| a.last_refreshed_at)),
        retrying: Signal::derive(move || activity.with(|a| a.retrying)),
        retry_in_ms: Signal::derive(move || activity.with(|a| a.retry_in_ms)),
        last_error: Signal::derive(move || activity.with(|a| a.last_error.clone())),
    }
}
