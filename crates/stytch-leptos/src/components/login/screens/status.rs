use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::{current_flow, heading};

/// Shown while a link is authenticated.
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
