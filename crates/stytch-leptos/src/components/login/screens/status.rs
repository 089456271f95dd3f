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
