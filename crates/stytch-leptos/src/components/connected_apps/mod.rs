//! The pages your Connected Apps send members to (the official React SDK's
//! `<B2BIdentityProvider>` and its logout screen), where a signed-in member lets a CLI, a
//! partner's integration or an MCP client act for them, and where such an app signs them out.
//!
//! [`ConnectedAppConsent`] reads the app's authorization request from the page's URL, checks it
//! ([`Idp::oauth_authorize_start`](stytch_core::Idp::oauth_authorize_start)), asks the member
//! when Stytch says consent is needed (otherwise it goes straight on), and sends the browser to
//! the app's redirect URI with the code, or `error=access_denied` when the member declines.
//! [`ConnectedAppLogout`] reads an OpenID Connect logout request, asks for confirmation unless
//! the app proved whom it signs out, ends the session and returns to the app.

use leptos::prelude::*;

use crate::components::login::Theme;
use crate::style::mount_style;

mod consent;
mod logout;

pub use consent::{ConnectedAppConsent, ConsentStrings};
pub use logout::{ConnectedAppLogout, LogoutStrings};

/// The card both pages render in: the shared stylesheet, the root classes and the theme.
fn card(class: MaybeProp<String>, theme: MaybeProp<Theme>, body: impl IntoView + 'static) -> impl IntoView {
    let root_class = move || match class.get() {
        Some(extra) => format!("stytch-connected-app {extra}"),
        None => "stytch-connected-app".to_owned(),
    };
    let style = move || theme.get().map(|t| t.to_css());
    view! {
        {mount_style("connected-apps", include_str!("connected_apps.css"))}
        <section class=root_class style=style>{body}</section>
    }
}

/// Moves focus to the question's heading whenever a question appears.
fn focus_on_question(asking: impl Fn() -> bool + 'static, heading: NodeRef<leptos::html::H2>) {
    Effect::new(move |_| {
        if asking()
            && let Some(heading) = heading.get()
        {
            let _ = heading.focus();
        }
    });
}
