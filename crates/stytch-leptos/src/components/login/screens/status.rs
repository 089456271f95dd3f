use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::{current_flow, heading};

/// Shown while a link is authenticated.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{AuthenticatingScreen, DiscoveryScreen, ErrorScreen, LoggedInScreen, StytchLoginFlow};
///
/// // The page magic links return to (`/authenticate`): it authenticates the token in the URL.
/// #[component]
/// fn Authenticate() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <AuthenticatingScreen/>
///             <DiscoveryScreen/>
///             <LoggedInScreen/>
///             <ErrorScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn AuthenticatingScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        (flow.screen.with(|s| *s == Screen::Authenticating)).then(|| {
            view! {
                {heading(flow.text(|s| &s.authenticating))}
                <div class="stytch-login__spinner" role="progressbar" aria-label=flow.text(|s| &s.loading)></div>
            }
        })
    }
}

/// The end of the flow: signed in.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoggedInScreen, LoginEvent, LoginScreens, StytchLoginFlow};
///
/// // Every screen, and a note of the app's own once the flow has signed the person in.
/// #[component]
/// fn Login() -> impl IntoView {
///     let done = RwSignal::new(false);
///     let on_event = move |event: LoginEvent| {
///         if matches!(event, LoginEvent::LoggedIn { .. }) {
///             done.set(true);
///         }
///     };
///     view! {
///         <StytchLoginFlow on_event>
///             <LoginScreens/>
///             <Show when=move || done.get()><p>"Taking you to your dashboard…"</p></Show>
///         </StytchLoginFlow>
///     }
/// }
///
/// // Or the signed-in screen alone, where a custom layout has room for it.
/// #[component]
/// fn Done() -> impl IntoView {
///     view! { <StytchLoginFlow><LoggedInScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn LoggedInScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        (flow.screen.with(|s| *s == Screen::LoggedIn)).then(|| {
            view! {
                {heading(flow.text(|s| &s.logged_in_title))}
                <p>{flow.text(|s| &s.logged_in_body)}</p>
            }
        })
    }
}

/// A dead end, with a way to start over.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{AuthenticatingScreen, ErrorScreen, StytchLoginFlow, core::StytchError};
///
/// // An expired or reused link ends here, with "start over"; errors also reach on_error.
/// #[component]
/// fn LinkLanding() -> impl IntoView {
///     let on_error = |error: StytchError| leptos::logging::warn!("sign-in failed: {error}");
///     view! { <StytchLoginFlow on_error><AuthenticatingScreen/><ErrorScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn ErrorScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen.with(|s| match s {
            Screen::Error { reason } => Some(flow.strings.with_value(|t| t.for_dead_end(reason))),
            _ => None,
        })
        .map(|message| {
            view! {
                {heading(flow.text(|s| &s.error_title))}
                <p role="alert">{message}</p>
                <button type="button" class="stytch-button stytch-button--primary" on:click=move |_| flow.send(FlowEvent::Restart)>
                    {flow.text(|s| &s.start_over_button)}
                </button>
            }
        })
    }
}

/// While the Organization flow looks its organization up.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{AuthFlowType, LoadingOrganizationScreen, LoginConfig, MainScreen, StytchLoginFlow};
///
/// // One organization's login page (`/org/acme`): the organization is looked up first.
/// #[component]
/// fn AcmeLogin() -> impl IntoView {
///     let config = LoginConfig {
///         flow_type: AuthFlowType::Organization,
///         organization_slug: Some("acme".into()),
///         ..Default::default()
///     };
///     view! { <StytchLoginFlow config><LoadingOrganizationScreen/><MainScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn LoadingOrganizationScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        (flow.screen.with(|s| *s == Screen::LoadingOrganization)).then(|| {
            view! { <div class="stytch-login__spinner" role="progressbar" aria-label=flow.text(|s| &s.loading)></div> }
        })
    }
}

/// While leaving for an OAuth provider or an organization's identity provider.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, MainScreen, OAuthOptions, OAuthProvider, Product, RedirectingScreen, StytchLoginFlow};
///
/// // "Continue with Google": the page shows this screen while the browser leaves.
/// #[component]
/// fn GoogleLogin() -> impl IntoView {
///     let config = LoginConfig {
///         products: vec![Product::OAuth],
///         oauth: OAuthOptions { providers: vec![OAuthProvider::Google], ..Default::default() },
///         ..Default::default()
///     };
///     view! { <StytchLoginFlow config><MainScreen/><RedirectingScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn RedirectingScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen
            .with(|s| match s {
                Screen::Redirecting { url } => Some(url.clone()),
                _ => None,
            })
            .map(|url| {
                let connection = cfg!(feature = "sso")
                    .then(|| url.split("connection_id=").nth(1))
                    .flatten()
                    .map(|rest| rest.split('&').next().unwrap_or_default().to_owned());
                let sso_name = connection.and_then(|id| {
                    flow.state
                        .with_untracked(|s| s.sso_connection(&id).map(|c| c.display_name.clone()))
                });
                let provider = sso_name.unwrap_or_else(|| {
                    url.split("/oauth/")
                        .nth(1)
                        .and_then(|rest| rest.split('/').next())
                        .map(|p| {
                            stytch_models::api::oauth::OAuthProvider::parse(p)
                                .display_name()
                                .to_owned()
                        })
                        .unwrap_or_default()
                });
                let text = flow.text(|s| &s.redirecting).replace("{provider}", &provider);
                view! {
                    {heading(text.clone())}
                    <div class="stytch-login__spinner" role="progressbar" aria-label=text></div>
                }
            })
    }
}
