//! `<StytchLogin>`: the prebuilt B2B login (Discovery flow). It renders the core's
//! [`FlowState`](stytch_core::flow::FlowState) and sends it events; all rules live there.

mod screens;
mod strings;

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_core::flow::{FlowConfig, FlowEvent, FlowState, Screen, execute};

pub use strings::LoginStrings;

use crate::provider::StytchContext;
use crate::style::mount_style;

/// Configuration of [`StytchLogin`] (the official `StytchB2BUIConfig`, Discovery flow).
///
/// ```
/// let config = stytch_leptos::LoginConfig { session_duration_minutes: 120, ..Default::default() };
/// assert!(!config.disable_create_organization);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LoginConfig {
    /// Length of the session granted at the end (`sessionOptions.sessionDurationMinutes`).
    pub session_duration_minutes: u32,
    /// Where discovery links land; the project's default redirect URL when `None`.
    pub discovery_redirect_url: Option<String>,
    /// Hide "create an organization" even when the project allows it.
    pub disable_create_organization: bool,
    /// Enter the only organization directly when there is exactly one active membership.
    pub direct_login_for_single_membership: bool,
    /// Go straight to organization creation when nothing is found.
    pub direct_create_organization_for_no_membership: bool,
}

impl Default for LoginConfig {
    fn default() -> Self {
        Self {
            session_duration_minutes: 30,
            discovery_redirect_url: None,
            disable_create_organization: false,
            direct_login_for_single_membership: false,
            direct_create_organization_for_no_membership: false,
        }
    }
}

/// What [`StytchLogin`] reports through `on_event`.
#[derive(Clone, Debug, PartialEq)]
pub enum LoginEvent {
    /// A discovery email went out.
    EmailSent {
        /// Recipient.
        email: String,
    },
    /// A discovery link was authenticated.
    DiscoveryAuthenticated {
        /// The person's email.
        email: String,
        /// How many organizations were found.
        organizations: usize,
    },
    /// A member session was granted.
    LoggedIn {
        /// Member.
        member_id: String,
        /// Organization.
        organization_id: String,
    },
}

fn describe(error: &StytchError, strings: &LoginStrings) -> String {
    match error {
        StytchError::Api(body) => body.error_message.clone(),
        StytchError::Usage(message) => message.clone(),
        StytchError::Unreachable(_) => strings.network_error.clone(),
        StytchError::Schema(_) | StytchError::InvalidResponse(_) => error.to_string(),
    }
}

/// Reads a discovery token from the page URL and removes it from the address bar (the official
/// `clearParams`), so a reload does not replay a used link.
#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
fn take_token_from_url() -> Option<String> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let parsed = stytch_core::parse_authenticate_url(&href)?;
    if parsed.token_type != "discovery" {
        return None;
    }
    let (base, fragment) = href
        .split_once('#')
        .map(|(b, f)| (b, format!("#{f}")))
        .unwrap_or((&href, String::new()));
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("token=") && !p.starts_with("stytch_token_type=") && !p.is_empty())
        .collect();
    let clean = if kept.is_empty() {
        format!("{path}{fragment}")
    } else {
        format!("{path}?{}{fragment}", kept.join("&"))
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some(parsed.token)
}

/// The prebuilt B2B login, Discovery flow: email, "check your email", the link landing, the
/// organization list (continue, accept an invite, join, or create one) and the signed-in state.
/// Render it on your login route and on the route your discovery links land on.
///
/// Accessible by construction: labelled inputs, native buttons, errors in a live region, and
/// focus moved to each new screen's heading.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, LoginEvent, StytchLogin};
///
/// #[component]
/// fn LoginPage() -> impl IntoView {
///     let config = LoginConfig { discovery_redirect_url: Some("http://localhost:8080/authenticate".into()), ..Default::default() };
///     view! {
///         <StytchLogin
///             config=config
///             on_event=move |event: LoginEvent| leptos::logging::log!("{event:?}")
///         />
///     }
/// }
/// ```
///
/// ## Theming
/// Set `--stytch-*` custom properties (`--stytch-primary`, `--stytch-background`,
/// `--stytch-foreground`, `--stytch-border`, `--stytch-radius`, `--stytch-font-family`, …) on
/// any ancestor, or pass a `class`.
#[component]
pub fn StytchLogin(
    /// Flow configuration.
    #[prop(optional)]
    config: LoginConfig,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<LoginStrings>,
    /// Called after each step that succeeds.
    #[prop(optional, into)]
    on_event: Option<Callback<LoginEvent>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
    /// Extra classes on the root element.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let context = StytchContext::expect();
    let strings = StoredValue::new(strings.unwrap_or_default());
    let flow_config = FlowConfig {
        session_duration_minutes: config.session_duration_minutes,
        discovery_redirect_url: config.discovery_redirect_url.clone(),
        allow_create_organization: false,
        direct_login_for_single_membership: config.direct_login_for_single_membership,
        direct_create_organization_for_no_membership: config.direct_create_organization_for_no_membership,
    };
    let state = RwSignal::new(FlowState::new(flow_config.clone()));
    let flow_config = StoredValue::new(flow_config);

    // Callbacks may outlive the component (a request can finish after a route change).
    let emit = move |event: LoginEvent| {
        if let Some(callback) = on_event {
            let _ = callback.try_run(event);
        }
    };
    let report = move |event: &FlowEvent| match event {
        FlowEvent::EmailSent(Ok(email)) => emit(LoginEvent::EmailSent { email: email.clone() }),
        FlowEvent::DiscoveryAuthenticated(Ok(r)) => emit(LoginEvent::DiscoveryAuthenticated {
            email: r.email_address.clone(),
            organizations: r.discovered_organizations.len(),
        }),
        FlowEvent::Authenticated(Ok(r)) if r.member_session.is_some() => emit(LoginEvent::LoggedIn {
            member_id: r.member_id.clone(),
            organization_id: r.organization_id.clone(),
        }),
        FlowEvent::EmailSent(Err(e)) | FlowEvent::DiscoveryAuthenticated(Err(e)) | FlowEvent::Authenticated(Err(e)) => {
            if let Some(callback) = on_error {
                let _ = callback.try_run(e.clone());
            }
        }
        _ => {}
    };

    // Applies an event and runs the commands it leads to, one after another.
    let dispatch = move |event: FlowEvent| {
        let command = state.try_update(|s| s.handle(event)).flatten();
        let Some(command) = command else { return };
        let Some(client) = (Stytch { context }).client() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let mut next = Some(command);
            while let Some(command) = next {
                // The component may have unmounted while a request was in flight.
                let Some(config) = flow_config.try_get_value() else {
                    return;
                };
                let event = execute(&client, &config, command).await;
                report(&event);
                next = state.try_update(|s| s.handle(event)).flatten();
            }
        });
    };

    // The project decides whether organizations may be created from the SDK.
    let disable_create = config.disable_create_organization;
    Effect::new(move |_| {
        if let Some(bootstrap) = context.bootstrap.get() {
            let enabled = bootstrap.create_organization_enabled && !disable_create;
            flow_config.update_value(|c| c.allow_create_organization = enabled);
            dispatch(FlowEvent::CreateOrganizationEnabled(enabled));
        }
    });

    // A discovery link lands here: authenticate its token once the client has started.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !context.is_initialized.get() {
            return done.unwrap_or(false);
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
        if let Some(token) = take_token_from_url() {
            dispatch(FlowEvent::LinkOpened { token });
        }
        true
    });

    let root = NodeRef::<leptos::html::Section>::new();
    let screen = Memo::new(move |_| state.with(|s| s.screen.clone()));
    focus_heading_on_screen_change(screen, root);
    let fields = screens::Fields::new();

    let error_text = move || state.with(|s| s.error.as_ref().map(|e| strings.with_value(|t| describe(e, t))));
    let class = move || match class.get() {
        Some(extra) => format!("stytch-login {extra}"),
        None => "stytch-login".to_owned(),
    };

    view! {
        {mount_style("login", include_str!("login.css"))}
        <section class=class node_ref=root aria-busy=move || state.with(|s| s.pending.to_string())>
            {move || screens::render(screen, state, fields, strings, dispatch)}
            <p class="stytch-login__error" role="alert" aria-live="assertive">{error_text}</p>
        </section>
    }
}

use crate::provider::Stytch;

/// Moves keyboard and screen-reader focus to the new screen's heading whenever the screen
/// changes (not on the first render, so a page load does not steal focus).
fn focus_heading_on_screen_change(screen: Memo<Screen>, root: NodeRef<leptos::html::Section>) {
    Effect::new(move |previous: Option<std::mem::Discriminant<Screen>>| {
        let current = screen.with(std::mem::discriminant);
        if previous.is_some_and(|p| p != current) {
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                // The login may be gone by the next frame (a route change after signing in).
                if let Some(root) = root.try_get_untracked().flatten()
                    && let Ok(Some(heading)) = root.query_selector("[data-stytch-heading]")
                    && let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>()
                {
                    let _ = heading.focus();
                }
            });
        }
        current
    });
}
