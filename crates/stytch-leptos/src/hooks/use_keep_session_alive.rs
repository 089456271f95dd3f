use leptos::prelude::*;

use crate::provider::{Stytch, StytchContext};

/// Options of [`use_keep_session_alive_with_options`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseKeepSessionAliveOptions, use_keep_session_alive_with_options};
///
/// // Extend to 8 hours every 30 minutes, only while the "keep me signed in" box is ticked.
/// #[component]
/// fn Workspace() -> impl IntoView {
///     let keep = RwSignal::new(true);
///     use_keep_session_alive_with_options(UseKeepSessionAliveOptions {
///         every_ms: 30 * 60 * 1000,
///         session_duration_minutes: 8 * 60,
///         enabled: keep.into(),
///     });
///     view! { <label><input type="checkbox" bind:checked=keep/>"Keep me signed in"</label> }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseKeepSessionAliveOptions {
    /// How often to extend (milliseconds). Default: 10 minutes.
    pub every_ms: u32,
    /// The session's lifetime after each extension. Default: 60 minutes.
    pub session_duration_minutes: u32,
    /// Turns the extension on and off. Default: on.
    pub enabled: Signal<bool>,
}

impl Default for UseKeepSessionAliveOptions {
    fn default() -> Self {
        Self {
            every_ms: 10 * 60 * 1000,
            session_duration_minutes: 60,
            enabled: Signal::from(true),
        }
    }
}

/// The Frontend Sessions guide's "extend the session every N minutes while the app is open":
/// while the component is mounted and a member is signed in, the session is extended to
/// 60 minutes every 10 minutes (only one tab extends per period).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_keep_session_alive;
///
/// #[component]
/// fn App() -> impl IntoView {
///     use_keep_session_alive();
///     view! { <p>"The session lives as long as this page is open."</p> }
/// }
/// ```
///
/// ## Server-Side Rendering
/// Does nothing on the server.
#[track_caller]
pub fn use_keep_session_alive() {
    use_keep_session_alive_with_options(UseKeepSessionAliveOptions::default());
}

/// [`use_keep_session_alive`] with a chosen period, lifetime and on/off signal.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{use_keep_session_alive_with_options, UseKeepSessionAliveOptions};
///
/// #[component]
/// fn Settings() -> impl IntoView {
///     let enabled = RwSignal::new(true);
///     use_keep_session_alive_with_options(UseKeepSessionAliveOptions {
///         every_ms: 5 * 60 * 1000,
///         session_duration_minutes: 30,
///         enabled: enabled.into(),
///     });
///     view! { <input type="checkbox" prop:checked=enabled on:change=move |_| enabled.update(|e| *e = !*e)/> }
/// }
/// ```
#[track_caller]
pub fn use_keep_session_alive_with_options(options: UseKeepSessionAliveOptions) {
    let context = StytchContext::expect();
    let guard = StoredValue::new_local(None::<stytch_core::KeepAlive>);
    Effect::new(move |_| {
        let wanted = options.enabled.get() && context.is_initialized.get();
        let running = guard.with_value(Option::is_some);
        if wanted && !running {
            if let Some(client) = (Stytch { context }).client() {
                guard.set_value(Some(
                    client
                        .session()
                        .keep_alive(options.every_ms, options.session_duration_minutes),
                ));
            }
        } else if !wanted && running {
            guard.set_value(None);
        }
    });
}
