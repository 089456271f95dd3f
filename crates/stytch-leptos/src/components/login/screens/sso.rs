use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::{back_link, current_flow, email_input, error_message, heading, on_screen};

/// "Continue with SSO" (Discovery flow): the address whose organizations' identity providers
/// to find. One connection goes straight to its identity provider; several are listed.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{
///     LoginConfig, MainScreen, Product, RedirectingScreen, SsoConnectionsScreen, SsoDiscoveryScreen, StytchLoginFlow,
/// };
///
/// // A login page of your own layout that offers only "Continue with SSO".
/// #[component]
/// fn WorkLogin() -> impl IntoView {
///     let config = LoginConfig { products: vec![Product::Sso], ..Default::default() };
///     view! {
///         <StytchLoginFlow config>
///             <MainScreen/>
///             <SsoDiscoveryScreen/>
///             <SsoConnectionsScreen/>
///             <RedirectingScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn SsoDiscoveryScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| *s == Screen::SsoDiscovery);
    move || {
        active.get().then(|| {
            let email = flow.fields.email;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitSsoEmail(email.get_untracked()));
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.sso_discovery_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.sso_discovery_body)}</p>
                    {email_input(flow.id("sso-email"), flow.text(|s| &s.email_label), email)}
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.continue_button)}
                    </button>
                    <div class="stytch-login__actions">{back_link(flow)}</div>
                </form>
            }
        })
    }
}

/// Several SSO connections were found for the address: one button each.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, MainScreen, Product, RedirectingScreen, SsoConnectionsScreen, StytchLoginFlow};
///
/// // An address with several identity providers (say Okta and Entra) picks one here.
/// #[component]
/// fn SsoLogin() -> impl IntoView {
///     let config = LoginConfig { products: vec![Product::Sso], ..Default::default() };
///     view! { <StytchLoginFlow config><MainScreen/><SsoConnectionsScreen/><RedirectingScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn SsoConnectionsScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen
            .with(|s| match s {
                Screen::SsoConnections { connections, .. } => Some(connections.clone()),
                _ => None,
            })
            .map(|connections| {
                let options = connections
                    .into_iter()
                    .map(|connection| {
                        let id = connection.connection_id;
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="stytch-option"
                                    data-connection=id.clone()
                                    disabled=flow.pending()
                                    on:click=move |_| flow.send(FlowEvent::StartSso(id.clone()))
                                >
                                    <span class="stytch-option__title">{connection.display_name}</span>
                                    <span class="stytch-option__hint">{connection.identity_provider}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="stytch-login__form">
                        {heading(flow.text(|s| &s.sso_connections_title))}
                        <ul class="stytch-login__options">{options}</ul>
                        {error_message(flow)}
                        <div class="stytch-login__actions">{back_link(flow)}</div>
                    </div>
                }
            })
    }
}
